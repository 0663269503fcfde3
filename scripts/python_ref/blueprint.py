#!/usr/bin/env python3
"""Reference implementation of the blueprint's Python event publisher and decoder.

Reproduces, with the standard library only, what services built from
`event-system-blueprint.md` put on the wire and how they read it back:

- events are dataclasses; `to_json()` is `json.dumps` of the dataclass dict with
  `event_type` as its string value and `timestamp.isoformat()`;
- `EventPublisherService.publish`: payload = `to_json().encode("utf-8")`, gzip-compressed
  when compression is enabled, headers `event-id`, `event-type`, `source`, `timestamp`,
  `compressed` ("true"/"false"), `correlation-id` when set;
- `EventFactory.deserialize`: gunzip when `headers.get('compressed') == 'true'`, `json.loads`,
  `event_type` picks the class from the registry, `from_dict` builds it.

evt's tests use it both ways (see tests/cases/codec.rs):

    blueprint.py decode --payload FILE --headers FILE
        prints {"class": ..., "fields": {...}, "timestamp": {...}} as JSON, or exits 1 with
        "EventParsingError: ..." on stderr.
    blueprint.py encode --event FILE [--compress] --out DIR [--mtime N]
        reads an event dict (JSON) and writes DIR/payload.bin and DIR/headers.json.
"""

import argparse
import gzip
import json
import sys
import uuid
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from enum import Enum
from typing import Any, Dict, List, Optional


class EventParsingError(Exception):
    pass


class EventType(str, Enum):
    MARKET_TICK = "MARKET_TICK"
    MARKET_TICK_V2 = "MARKET_TICK_V2"
    TRADING_SIGNAL = "TRADING_SIGNAL"
    ORDER_PLACED = "ORDER_PLACED"
    ORDER_FILLED = "ORDER_FILLED"
    ORDER_CANCELLED = "ORDER_CANCELLED"
    ORDER_REJECTED = "ORDER_REJECTED"
    SYSTEM_STARTED = "SYSTEM_STARTED"
    SYSTEM_ERROR = "SYSTEM_ERROR"
    RISK_ALERT = "RISK_ALERT"


@dataclass
class BaseEvent:
    event_type: EventType = None  # type: ignore[assignment]
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    timestamp: datetime = field(default_factory=datetime.now)
    source: str = ""
    correlation_id: Optional[str] = None

    def to_dict(self) -> Dict[str, Any]:
        d = asdict(self)
        # The wire order of the blueprint's services: envelope first.
        out = {
            "event_id": d.pop("event_id"),
            "event_type": self.event_type.value,
            "timestamp": self.timestamp.isoformat(),
            "source": d.pop("source"),
            "correlation_id": d.pop("correlation_id"),
        }
        d.pop("event_type")
        d.pop("timestamp")
        out.update(d)
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict())

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "BaseEvent":
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["event_type"] = EventType(kwargs["event_type"])
        kwargs["timestamp"] = datetime.fromisoformat(kwargs["timestamp"])
        return cls(**kwargs)


@dataclass
class MarketDataEvent(BaseEvent):
    instrument_token: int = 0
    exchange: str = ""
    last_price: float = 0.0
    volume: int = 0
    ohlc: Optional[Dict[str, float]] = None


@dataclass
class MarketDataEventV2(MarketDataEvent):
    bid: Optional[float] = None
    ask: Optional[float] = None
    depth: Optional[Dict[str, List[Dict[str, Any]]]] = None


@dataclass
class TradingEvent(BaseEvent):
    strategy_name: str = ""
    instrument_token: Optional[int] = None
    order_id: Optional[str] = None
    side: Optional[str] = None
    quantity: Optional[int] = None
    price: Optional[float] = None
    status: Optional[str] = None
    order_type: Optional[str] = None
    reason: Optional[str] = None


@dataclass
class SystemEvent(BaseEvent):
    component: str = ""
    message: Optional[str] = None
    severity: Optional[str] = None
    version: Optional[str] = None
    details: Optional[Dict[str, Any]] = None


@dataclass
class RiskEvent(BaseEvent):
    alert_type: str = ""
    severity: str = ""
    message: str = ""
    strategy_name: Optional[str] = None
    instrument_token: Optional[int] = None
    current_value: Optional[float] = None
    threshold: Optional[float] = None
    action: Optional[str] = None


class SchemaRegistry:
    def __init__(self):
        self._registry: Dict[EventType, type] = {}

    def register_event(self, event_type: EventType, event_class: type) -> None:
        if event_type in self._registry:
            raise ValueError(f"Event type '{event_type.value}' is already registered.")
        self._registry[event_type] = event_class

    def get_class_for(self, event_type: EventType) -> Optional[type]:
        return self._registry.get(event_type)


default_schema_registry = SchemaRegistry()
for _t, _c in [
    (EventType.MARKET_TICK, MarketDataEvent),
    (EventType.MARKET_TICK_V2, MarketDataEventV2),
    (EventType.TRADING_SIGNAL, TradingEvent),
    (EventType.ORDER_PLACED, TradingEvent),
    (EventType.ORDER_FILLED, TradingEvent),
    (EventType.ORDER_CANCELLED, TradingEvent),
    (EventType.ORDER_REJECTED, TradingEvent),
    (EventType.SYSTEM_ERROR, SystemEvent),
    (EventType.SYSTEM_STARTED, SystemEvent),
    (EventType.RISK_ALERT, RiskEvent),
]:
    default_schema_registry.register_event(_t, _c)


class EventFactory:
    """The blueprint's EventFactory.deserialize, on (payload, headers) instead of a nats Msg."""

    def __init__(self, registry: SchemaRegistry = default_schema_registry):
        self.registry = registry

    def deserialize(self, payload: bytes, headers: Optional[Dict[str, str]]) -> BaseEvent:
        try:
            if headers and headers.get("compressed") == "true":
                payload = gzip.decompress(payload)
            event_dict = json.loads(payload.decode("utf-8"))
            event_type_str = event_dict.get("event_type")
            if not event_type_str:
                raise EventParsingError("Message payload is missing the 'event_type' field.")
            try:
                event_type = EventType(event_type_str)
            except ValueError:
                raise EventParsingError(f"'{event_type_str}' is not a valid EventType.")
            event_class = self.registry.get_class_for(event_type)
            if not event_class:
                raise EventParsingError(
                    f"No schema registered for event type '{event_type.value}'."
                )
            return event_class.from_dict(event_dict)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise EventParsingError(f"Failed to decode JSON payload: {e}") from e
        except Exception as e:
            if isinstance(e, EventParsingError):
                raise
            raise EventParsingError(
                f"An unexpected error occurred during deserialization: {e}"
            ) from e


def publish_bytes(event: BaseEvent, compress: bool, mtime: Optional[float] = None):
    """What EventPublisherService.publish hands to js.publish: (payload, headers).

    `mtime` is only for reproducible fixtures; the blueprint calls gzip.compress(payload),
    which stamps the current time.
    """
    payload = event.to_json().encode("utf-8")
    if compress:
        payload = gzip.compress(payload) if mtime is None else gzip.compress(payload, mtime=mtime)
    headers = {
        "event-id": event.event_id,
        "event-type": event.event_type.value,
        "source": event.source,
        "timestamp": event.timestamp.isoformat(),
        "compressed": "true" if compress else "false",
    }
    if event.correlation_id:
        headers["correlation-id"] = event.correlation_id
    return payload, headers


def event_from_plain_dict(d: Dict[str, Any]) -> BaseEvent:
    """Build the dataclass for a dict as a Python service would construct it."""
    cls = default_schema_registry.get_class_for(EventType(d["event_type"]))
    if cls is None:
        raise EventParsingError(f"no class for {d['event_type']}")
    return cls.from_dict(d)


def _describe(event: BaseEvent) -> Dict[str, Any]:
    ts = event.timestamp
    offset = ts.utcoffset()
    return {
        "class": type(event).__name__,
        "fields": event.to_dict(),
        "timestamp": {
            "isoformat": ts.isoformat(),
            "aware": offset is not None,
            "utcoffset_seconds": None if offset is None else int(offset.total_seconds()),
            "microsecond": ts.microsecond,
        },
    }


def main(argv: List[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("decode")
    d.add_argument("--payload", required=True)
    d.add_argument("--headers", required=True, help="JSON object of headers, or null")
    e = sub.add_parser("encode")
    e.add_argument("--event", required=True, help="JSON file holding the event dict")
    e.add_argument("--compress", action="store_true")
    e.add_argument("--out", required=True)
    e.add_argument("--mtime", type=float, default=None)
    args = p.parse_args(argv)

    if args.cmd == "decode":
        with open(args.payload, "rb") as f:
            payload = f.read()
        with open(args.headers, encoding="utf-8") as f:
            headers = json.load(f)
        try:
            event = EventFactory().deserialize(payload, headers)
        except EventParsingError as err:
            print(f"EventParsingError: {err}", file=sys.stderr)
            return 1
        json.dump(_describe(event), sys.stdout)
        sys.stdout.write("\n")
        return 0

    import os

    with open(args.event, encoding="utf-8") as f:
        event = event_from_plain_dict(json.load(f))
    payload, headers = publish_bytes(event, args.compress, args.mtime)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "payload.bin"), "wb") as f:
        f.write(payload)
    with open(os.path.join(args.out, "headers.json"), "w", encoding="utf-8") as f:
        json.dump(headers, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Write the Python interop fixtures into tests/fixtures/python/.

Each fixture is a directory holding exactly what a blueprint service (scripts/python_ref/
blueprint.py, stdlib only) would publish:

    payload.bin    the message body (gzip when the headers say compressed: true)
    headers.json   the NATS headers as a JSON object, or null for a message without headers
    expected.json  the event dict the service serialized (what evt must decode to)

Run from the repository root: python3 scripts/gen_python_fixtures.py
The gzip mtime is fixed to 0 so that re-running gives identical bytes.
"""

import json
import os
import shutil
import sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "python_ref"))

import blueprint as bp  # noqa: E402

OUT = os.path.join(HERE, "..", "tests", "fixtures", "python")
IST = timezone(timedelta(hours=5, minutes=30))


def cases():
    yield "market_tick_naive_plain", bp.MarketDataEvent(
        event_type=bp.EventType.MARKET_TICK,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a01",
        timestamp=datetime(2024, 1, 15, 9, 15, 0, 123456),
        source="kite-ticker@feed-01",
        instrument_token=738561,
        exchange="NSE",
        last_price=2501.35,
        volume=1843921,
        ohlc={"open": 2490.0, "high": 2510.5, "low": 2485.1, "close": 2488.7},
    ), False, {}
    yield "market_tick_ist_gzip", bp.MarketDataEvent(
        event_type=bp.EventType.MARKET_TICK,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a02",
        timestamp=datetime(2024, 1, 15, 9, 15, 0, 500000, tzinfo=IST),
        source="kite-ticker@feed-01",
        instrument_token=256265,
        exchange="NSE",
        last_price=21500.25,
        volume=0,
        ohlc=None,
    ), True, {}
    yield "market_tick_v2_gzip", bp.MarketDataEventV2(
        event_type=bp.EventType.MARKET_TICK_V2,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a03",
        timestamp=datetime(2024, 1, 15, 3, 45, 1, 1, tzinfo=timezone.utc),
        source="kite-ticker@feed-02",
        instrument_token=738561,
        exchange="NSE",
        last_price=2501.35,
        volume=1843921,
        ohlc={"open": 2490.0, "high": 2510.5, "low": 2485.1, "close": 2488.7},
        bid=2501.3,
        ask=2501.4,
        depth={
            "buy": [{"price": 2501.3, "quantity": 120, "orders": 4}],
            "sell": [{"price": 2501.4, "quantity": 75, "orders": 2}],
        },
    ), True, {}
    yield "order_filled_utc_gzip_correlated", bp.TradingEvent(
        event_type=bp.EventType.ORDER_FILLED,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a04",
        timestamp=datetime(2024, 1, 15, 3, 45, 2, 250000, tzinfo=timezone.utc),
        source="order-router@oms-01",
        correlation_id="sig-20240115-0042",
        strategy_name="alpha-momentum",
        instrument_token=738561,
        order_id="240115000123456",
        side="BUY",
        quantity=25,
        price=2501.4,
        status="COMPLETE",
        order_type="LIMIT",
    ), True, {}
    yield "order_cancelled_null_optionals_plain", bp.TradingEvent(
        event_type=bp.EventType.ORDER_CANCELLED,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a05",
        timestamp=datetime(2024, 1, 15, 9, 20, 0, 0),
        source="order-router@oms-01",
        strategy_name="alpha-momentum",
        order_id="240115000123457",
    ), False, {}
    yield "trading_signal_extra_field_plain", bp.TradingEvent(
        event_type=bp.EventType.TRADING_SIGNAL,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a06",
        timestamp=datetime(2024, 1, 15, 9, 14, 59, 999999, tzinfo=IST),
        source="alpha-momentum@strat-03",
        strategy_name="alpha-momentum",
        instrument_token=738561,
        side="BUY",
        quantity=25,
        price=2501.4,
        order_type="LIMIT",
        reason="breakout above 20d high",
    ), False, {"version": 2, "model": {"name": "gbm", "score": 0.91}}
    yield "system_error_whole_seconds_gzip", bp.SystemEvent(
        event_type=bp.EventType.SYSTEM_ERROR,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a07",
        timestamp=datetime(2024, 1, 15, 9, 30, 0),
        source="market-feed@feed-01",
        component="market-feed",
        message="websocket closed by peer: 1006",
        severity="ERROR",
        details={"reconnect_in_s": 5, "attempt": 3},
    ), True, {}
    yield "system_started_plain", bp.SystemEvent(
        event_type=bp.EventType.SYSTEM_STARTED,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a08",
        timestamp=datetime(2024, 1, 15, 8, 55, 0, 10, tzinfo=timezone.utc),
        source="order-router@oms-01",
        component="order-router",
        version="3.4.1",
    ), False, {}
    yield "risk_alert_ist_gzip", bp.RiskEvent(
        event_type=bp.EventType.RISK_ALERT,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a09",
        timestamp=datetime(2024, 1, 15, 14, 0, 0, 42, tzinfo=IST),
        source="risk-manager@risk-01",
        correlation_id="sig-20240115-0042",
        alert_type="LOSS_LIMIT",
        severity="HIGH",
        message="daily loss 92% of limit",
        strategy_name="alpha-momentum",
        current_value=-460000.0,
        threshold=-500000.0,
        action="BLOCK_NEW_ORDERS",
    ), True, {}
    yield "order_placed_no_headers", bp.TradingEvent(
        event_type=bp.EventType.ORDER_PLACED,
        event_id="5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a10",
        timestamp=datetime(2024, 1, 15, 9, 15, 1, 700000),
        source="manual@desk",
        strategy_name="manual",
        instrument_token=738561,
        order_id="240115000123458",
        side="SELL",
        quantity=10,
        order_type="MARKET",
        status="OPEN",
    ), False, None


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for name, event, compress, extra in cases():
        d = os.path.join(OUT, name)
        os.makedirs(d)
        expected = event.to_dict()
        if extra is None:
            payload, _ = bp.publish_bytes(event, compress, mtime=0)
            headers = None
        elif extra:
            # A newer producer: same dataclass dict plus fields evt does not know.
            expected.update(extra)
            payload = json.dumps(expected).encode("utf-8")
            _, headers = bp.publish_bytes(event, compress, mtime=0)
        else:
            payload, headers = bp.publish_bytes(event, compress, mtime=0)
        with open(os.path.join(d, "payload.bin"), "wb") as f:
            f.write(payload)
        for fname, obj in [("headers.json", headers), ("expected.json", expected)]:
            with open(os.path.join(d, fname), "w", encoding="utf-8") as f:
                json.dump(obj, f, indent=2)
                f.write("\n")
        # The reference decoder must read its own fixture (sanity of the generator).
        back = bp.EventFactory().deserialize(payload, headers)
        assert back.event_id == event.event_id, name
        print(f"{name}: {len(payload)} bytes{' gzip' if compress else ''}")


if __name__ == "__main__":
    main()

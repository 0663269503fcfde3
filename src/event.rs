//! The event envelope, typed views of it for handlers, the header names of the wire contract
//! (DESIGN.md §2), and timestamps as Python's `datetime.isoformat()` writes them.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use thiserror::Error;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Header names, exactly as the blueprint's Python publisher writes them.
pub mod header {
    pub const EVENT_ID: &str = "event-id";
    pub const EVENT_TYPE: &str = "event-type";
    pub const SOURCE: &str = "source";
    pub const TIMESTAMP: &str = "timestamp";
    /// `true` / `false`; `true` means the body is gzip (RFC 1952).
    pub const COMPRESSED: &str = "compressed";
    pub const CORRELATION_ID: &str = "correlation-id";
    /// W3C trace context.
    pub const TRACEPARENT: &str = "traceparent";
    /// JetStream de-duplication id; we set it to the event id.
    pub const MSG_ID: &str = "Nats-Msg-Id";
    /// The schema that validated the event when it was published:
    /// `ORDER_FILLED_V2@sha256:<first 16 hex digits of the effective schema's SHA-256>`.
    pub const SCHEMA: &str = "event-schema";

    /// Headers the codec owns; `-H` may not set them (compared case-insensitively, since
    /// some clients canonicalize header case).
    pub const CONTRACT: &[&str] = &[
        EVENT_ID,
        EVENT_TYPE,
        SOURCE,
        TIMESTAMP,
        COMPRESSED,
        CORRELATION_ID,
        TRACEPARENT,
        MSG_ID,
        SCHEMA,
    ];
}

/// Body field names of the envelope, in the order the Python dataclasses write them.
pub mod field {
    pub const EVENT_ID: &str = "event_id";
    pub const EVENT_TYPE: &str = "event_type";
    pub const TIMESTAMP: &str = "timestamp";
    pub const SOURCE: &str = "source";
    pub const CORRELATION_ID: &str = "correlation_id";
    pub const ENVELOPE: &[&str] = &[EVENT_ID, EVENT_TYPE, TIMESTAMP, SOURCE, CORRELATION_ID];
}

/// One event: the envelope fields, plus the whole JSON body as it is (or will be) on the wire.
///
/// `body` holds every field, envelope ones included, in wire order, so that what a Python
/// service wrote survives a decode/encode round trip untouched (unknown fields too).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub event_id: String,
    pub event_type: String,
    /// As written on the wire: ISO-8601 as Python's `datetime.isoformat()` writes it, with or
    /// without an offset.
    pub timestamp: String,
    pub source: String,
    pub correlation_id: Option<String>,
    pub body: Map<String, Value>,
}

impl Event {
    /// A field of the type's own payload (or of the envelope), `None` when absent or null.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.body.get(name).filter(|v| !v.is_null())
    }

    /// The timestamp as written (naive or with offset).
    pub fn parsed_timestamp(&self) -> Result<Timestamp, TimestampError> {
        Timestamp::parse(&self.timestamp)
    }

    /// The timestamp in UTC; a naive one (no offset, as a naive Python `datetime` writes it)
    /// is taken as UTC, which is what the blueprint's services mean by it.
    pub fn timestamp_utc(&self) -> Result<OffsetDateTime, TimestampError> {
        Ok(self.parsed_timestamp()?.to_utc())
    }

    /// A typed view of this event for a handler; fails when the event's type is not one `T`
    /// accepts, or when its fields do not fit `T`.
    pub fn to_typed<T: TypedEvent>(&self) -> Result<T, TypedEventError> {
        if !T::accepts(&self.event_type) {
            return Err(TypedEventError::WrongType {
                expected: T::EVENT_TYPES.join(", "),
                actual: self.event_type.clone(),
                event_id: self.event_id.clone(),
            });
        }
        T::from_event(self)
    }
}

/// Why an event could not be viewed as a typed event.
#[derive(Debug, Error)]
pub enum TypedEventError {
    #[error("event {event_id} is a {actual}, expected one of: {expected}")]
    WrongType {
        expected: String,
        actual: String,
        event_id: String,
    },
    #[error("event {event_id} ({event_type}) does not fit {rust_type}: {source}")]
    Fields {
        event_id: String,
        event_type: String,
        rust_type: &'static str,
        #[source]
        source: serde_json::Error,
    },
}

/// A Rust type a handler can take: `async fn on_fill(e: TradingEvent)`.
pub trait TypedEvent: DeserializeOwned + Send + 'static {
    /// The event types this type represents; empty means any type.
    const EVENT_TYPES: &'static [&'static str];

    /// Set it when `from_event` is the provided one, so `Self` is the body's fields and
    /// nothing more: the subscriber manager then builds `Self` straight from a message's
    /// fields (checked as [`crate::codec::EventFactory::decode`] checks them, with the same
    /// answer) without first making an [`Event`]. The built-in types set it. Leave it `false`
    /// on a type that overrides `from_event`, or the override would be skipped.
    const FROM_BODY: bool = false;

    fn accepts(event_type: &str) -> bool {
        Self::EVENT_TYPES.is_empty() || Self::EVENT_TYPES.contains(&event_type)
    }

    /// Build from a decoded event whose type was already checked by `accepts`.
    fn from_event(event: &Event) -> Result<Self, TypedEventError> {
        Self::deserialize(&event.body).map_err(|source| TypedEventError::Fields {
            event_id: event.event_id.clone(),
            event_type: event.event_type.clone(),
            rust_type: std::any::type_name::<Self>(),
            source,
        })
    }
}

/// `Event` itself accepts every type (for handlers that want the raw envelope and body).
impl TypedEvent for Event {
    const EVENT_TYPES: &'static [&'static str] = &[];

    fn from_event(event: &Event) -> Result<Self, TypedEventError> {
        Ok(event.clone())
    }
}

impl<'de> Deserialize<'de> for Event {
    /// From a JSON body object; envelope fields are required and must be strings, as in the
    /// tolerant reader (nulls for optional fields are accepted).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let body = Map::<String, Value>::deserialize(d)?;
        let text = |name: &str| -> Result<String, D::Error> {
            match body.get(name) {
                Some(Value::String(s)) => Ok(s.clone()),
                Some(_) => Err(D::Error::custom(format!("`{name}` is not a string"))),
                None => Err(D::Error::missing_field(
                    field::ENVELOPE
                        .iter()
                        .find(|f| **f == name)
                        .copied()
                        .unwrap_or("envelope field"),
                )),
            }
        };
        let correlation_id = match body.get(field::CORRELATION_ID) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(D::Error::custom("`correlation_id` is not a string")),
        };
        Ok(Event {
            event_id: text(field::EVENT_ID)?,
            event_type: text(field::EVENT_TYPE)?,
            timestamp: text(field::TIMESTAMP)?,
            source: text(field::SOURCE)?,
            correlation_id,
            body,
        })
    }
}

impl Serialize for Event {
    /// The body, exactly as on the wire.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.body.serialize(s)
    }
}

/// Session open/high/low/close.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ohlc {
    pub open: Option<f64>,
    pub high: Option<f64>,
    pub low: Option<f64>,
    pub close: Option<f64>,
}

/// One price level of market depth (MARKET_TICK_V2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DepthLevel {
    pub price: f64,
    pub quantity: i64,
    #[serde(default)]
    pub orders: Option<i64>,
}

/// Market depth, buy and sell side (MARKET_TICK_V2).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Depth {
    #[serde(default)]
    pub buy: Vec<DepthLevel>,
    #[serde(default)]
    pub sell: Vec<DepthLevel>,
}

/// Envelope fields every typed event carries. Unknown fields land in `extra` (tolerant reader).
macro_rules! typed_event {
    (
        $(#[$meta:meta])*
        $name:ident, [$($ty:literal),*], { $($(#[$fmeta:meta])* $field:ident : $fty:ty),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            pub event_id: String,
            pub event_type: String,
            /// As written on the wire (see [`Timestamp::parse`]).
            pub timestamp: String,
            pub source: String,
            #[serde(default)]
            pub correlation_id: Option<String>,
            $( $(#[$fmeta])* #[serde(default)] pub $field: $fty, )*
            /// Fields this struct does not know (a `version`, a newer field).
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }

        impl TypedEvent for $name {
            const EVENT_TYPES: &'static [&'static str] = &[$($ty),*];
            const FROM_BODY: bool = true;
        }
    };
}

typed_event! {
    /// MARKET_TICK and MARKET_TICK_V2 (`bid`, `ask`, `depth` are V2's; `None` on V1 ticks).
    MarketDataEvent, ["MARKET_TICK", "MARKET_TICK_V2"], {
        instrument_token: Option<u64>,
        exchange: Option<String>,
        tradingsymbol: Option<String>,
        last_price: Option<f64>,
        volume: Option<u64>,
        last_quantity: Option<u64>,
        average_price: Option<f64>,
        ohlc: Option<Ohlc>,
        bid: Option<f64>,
        ask: Option<f64>,
        depth: Option<Depth>,
    }
}

typed_event! {
    /// TRADING_SIGNAL and the ORDER_* types. Which fields are set depends on the type (see
    /// `evt schemas show TYPE`).
    TradingEvent, ["TRADING_SIGNAL", "ORDER_PLACED", "ORDER_FILLED", "ORDER_CANCELLED", "ORDER_REJECTED"], {
        strategy_name: Option<String>,
        order_id: Option<String>,
        exchange_order_id: Option<String>,
        trade_id: Option<String>,
        instrument_token: Option<u64>,
        exchange: Option<String>,
        tradingsymbol: Option<String>,
        side: Option<String>,
        quantity: Option<i64>,
        price: Option<f64>,
        trigger_price: Option<f64>,
        order_type: Option<String>,
        product: Option<String>,
        status: Option<String>,
        filled_quantity: Option<i64>,
        pending_quantity: Option<i64>,
        average_price: Option<f64>,
        confidence: Option<f64>,
        cancelled_by: Option<String>,
        rejected_by: Option<String>,
        reason: Option<String>,
    }
}

typed_event! {
    /// SYSTEM_STARTED and SYSTEM_ERROR.
    SystemEvent, ["SYSTEM_STARTED", "SYSTEM_ERROR"], {
        component: Option<String>,
        version: Option<String>,
        host: Option<String>,
        pid: Option<u64>,
        environment: Option<String>,
        config_hash: Option<String>,
        severity: Option<String>,
        error_code: Option<String>,
        message: Option<String>,
        details: Option<Map<String, Value>>,
        traceback: Option<String>,
    }
}

typed_event! {
    /// RISK_ALERT.
    RiskEvent, ["RISK_ALERT"], {
        alert_type: Option<String>,
        severity: Option<String>,
        message: Option<String>,
        strategy_name: Option<String>,
        instrument_token: Option<u64>,
        metric: Option<String>,
        current_value: Option<f64>,
        threshold: Option<f64>,
        action: Option<String>,
    }
}

/// A timestamp as Python's `datetime.isoformat()` writes it: naive or with an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timestamp {
    pub datetime: PrimitiveDateTime,
    /// `None` for a naive datetime.
    pub offset: Option<UtcOffset>,
}

/// Why a string is not an ISO-8601 timestamp we accept.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
#[error("{value:?} is not an ISO-8601 timestamp like 2024-01-15T09:15:00.123456+00:00 ({reason})")]
pub struct TimestampError {
    pub value: String,
    pub reason: &'static str,
}

impl Timestamp {
    /// Accepts `YYYY-MM-DD[T| ]HH:MM[:SS[.f{1,9}]]` followed by nothing (naive), `Z`, or an
    /// offset `±HH:MM[:SS[.ffffff]]` / `±HHMM`: every form `isoformat()` writes, plus `Z`
    /// (JavaScript, Go) which Python ≥ 3.11 reads too.
    pub fn parse(s: &str) -> Result<Self, TimestampError> {
        let err = |reason| TimestampError {
            value: s.to_string(),
            reason,
        };
        let b = s.as_bytes();
        let mut p = Cursor { b, i: 0 };
        let year = p.digits(4).ok_or_else(|| err("bad year"))?;
        p.expect(b'-')
            .ok_or_else(|| err("expected '-' after the year"))?;
        let month = p.digits(2).ok_or_else(|| err("bad month"))?;
        p.expect(b'-')
            .ok_or_else(|| err("expected '-' after the month"))?;
        let day = p.digits(2).ok_or_else(|| err("bad day"))?;
        let month = Month::try_from(month as u8).map_err(|_| err("month out of range"))?;
        let date = Date::from_calendar_date(year as i32, month, day as u8)
            .map_err(|_| err("day out of range"))?;
        match p.next() {
            Some(b'T' | b't' | b' ') => {}
            Some(_) => return Err(err("expected 'T' between date and time")),
            None => return Err(err("time of day missing")),
        }
        let hour = p.digits(2).ok_or_else(|| err("bad hour"))?;
        p.expect(b':')
            .ok_or_else(|| err("expected ':' after the hour"))?;
        let minute = p.digits(2).ok_or_else(|| err("bad minute"))?;
        let (mut second, mut nanos) = (0, 0);
        if p.peek() == Some(b':') {
            p.i += 1;
            second = p.digits(2).ok_or_else(|| err("bad second"))?;
            if matches!(p.peek(), Some(b'.' | b',')) {
                p.i += 1;
                nanos = p
                    .fraction()
                    .ok_or_else(|| err("bad fraction of a second"))?;
            }
        }
        let time = Time::from_hms_nano(hour as u8, minute as u8, second as u8, nanos)
            .map_err(|_| err("time of day out of range"))?;
        let offset = match p.next() {
            None => None,
            Some(b'Z' | b'z') => Some(UtcOffset::UTC),
            Some(sign @ (b'+' | b'-')) => {
                let h = p.digits(2).ok_or_else(|| err("bad offset hours"))?;
                let colon = p.peek() == Some(b':');
                if colon {
                    p.i += 1;
                }
                let m = p.digits(2).ok_or_else(|| err("bad offset minutes"))?;
                let mut sec = 0;
                if colon && p.peek() == Some(b':') {
                    p.i += 1;
                    sec = p.digits(2).ok_or_else(|| err("bad offset seconds"))?;
                    if p.peek() == Some(b'.') {
                        // Python writes sub-second offsets; they cannot be represented and
                        // are never used for real time zones.
                        p.i += 1;
                        p.fraction().ok_or_else(|| err("bad offset fraction"))?;
                    }
                }
                let k = if sign == b'-' { -1 } else { 1 };
                Some(
                    UtcOffset::from_hms(k * h as i8, k * m as i8, k * sec as i8)
                        .map_err(|_| err("offset out of range"))?,
                )
            }
            Some(_) => return Err(err("unexpected text after the time")),
        };
        if p.i != b.len() {
            return Err(err("unexpected text after the offset"));
        }
        Ok(Timestamp {
            datetime: PrimitiveDateTime::new(date, time),
            offset,
        })
    }

    /// In UTC; naive timestamps are taken as UTC.
    pub fn to_utc(&self) -> OffsetDateTime {
        self.datetime
            .assume_offset(self.offset.unwrap_or(UtcOffset::UTC))
            .to_offset(UtcOffset::UTC)
    }

    /// Now, in UTC, as Python writes an aware UTC datetime:
    /// `2026-11-26T17:40:00.123456+00:00` (`+00:00`, not `Z`: `fromisoformat` before Python
    /// 3.11 rejects `Z`; no fraction when the microseconds are zero, like `isoformat()`).
    pub fn now_utc_iso() -> String {
        format_utc_iso(OffsetDateTime::now_utc())
    }
}

/// `t` (converted to UTC) the way Python's `isoformat()` writes an aware UTC datetime.
/// Written digit by digit: the publisher stamps every event, and `fmt` machinery was a
/// visible share of a batch's CPU.
pub fn format_utc_iso(t: OffsetDateTime) -> String {
    fn digits(s: &mut String, v: u32, width: u32) {
        for i in (0..width).rev() {
            s.push(char::from(b'0' + (v / 10u32.pow(i) % 10) as u8));
        }
    }
    let t = t.to_offset(UtcOffset::UTC);
    let mut s = String::with_capacity(32);
    // Years before 1 or after 9999 do not occur in event time; Python could not write them.
    digits(&mut s, t.year().clamp(0, 9999) as u32, 4);
    s.push('-');
    digits(&mut s, u8::from(t.month()).into(), 2);
    s.push('-');
    digits(&mut s, t.day().into(), 2);
    s.push('T');
    digits(&mut s, t.hour().into(), 2);
    s.push(':');
    digits(&mut s, t.minute().into(), 2);
    s.push(':');
    digits(&mut s, t.second().into(), 2);
    let micros = t.microsecond();
    if micros != 0 {
        s.push('.');
        digits(&mut s, micros, 6);
    }
    s.push_str("+00:00");
    s
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        Some(c)
    }
    fn expect(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }
    fn digits(&mut self, n: usize) -> Option<u32> {
        let mut v = 0u32;
        for _ in 0..n {
            let c = self.next()?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
        }
        Some(v)
    }
    /// 1 to 9 digits after the decimal point, as nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        let start = self.i;
        let mut v = 0u32;
        while let Some(c) = self.peek().filter(u8::is_ascii_digit) {
            if self.i - start == 9 {
                return None;
            }
            v = v * 10 + u32::from(c - b'0');
            self.i += 1;
        }
        let n = self.i - start;
        if n == 0 {
            return None;
        }
        Some(v * 10u32.pow((9 - n) as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn python_isoformat_forms_parse() {
        let naive = ts("2024-01-15T09:15:00");
        assert_eq!(naive.offset, None);
        assert_eq!(naive.datetime.second(), 0);
        let micro = ts("2024-01-15T09:15:00.123456");
        assert_eq!(micro.datetime.microsecond(), 123456);
        let ist = ts("2024-01-15T09:15:00.123456+05:30");
        assert_eq!(ist.offset, Some(UtcOffset::from_hms(5, 30, 0).unwrap()));
        assert_eq!(ist.to_utc().hour(), 3);
        assert_eq!(ist.to_utc().minute(), 45);
        let z = ts("2024-01-15T09:15:00Z");
        assert_eq!(z.offset, Some(UtcOffset::UTC));
        assert_eq!(ts("2024-01-15T09:15:00.123").datetime.millisecond(), 123);
        assert_eq!(ts("2024-01-15 09:15:00+00:00").offset, Some(UtcOffset::UTC));
        assert_eq!(ts("2024-01-15T09:15").datetime.minute(), 15);
        let neg = ts("2024-01-15T09:15:00-04:00");
        assert_eq!(neg.to_utc().hour(), 13);
        assert_eq!(
            ts("2024-01-15T09:15:00+0530").offset,
            Some(UtcOffset::from_hms(5, 30, 0).unwrap())
        );
    }

    #[test]
    fn malformed_timestamps_are_refused_with_a_reason() {
        for bad in [
            "",
            "2024-01-15",
            "2024-13-15T09:15:00",
            "2024-02-30T09:15:00",
            "2024-01-15T25:00:00",
            "2024-01-15T09:15:00+5:30",
            "2024-01-15T09:15:00 junk",
            "1705310100",
            "2024-01-15T09:15:00.",
            "2024-01-15T09:15:00.1234567890",
        ] {
            let e = Timestamp::parse(bad).expect_err(bad);
            assert!(e.to_string().contains("ISO-8601"), "{e}");
        }
    }

    #[test]
    fn now_is_written_like_python_aware_utc() {
        let t = time::macros::datetime!(2026-11-26 17:40:00.123456 UTC);
        assert_eq!(format_utc_iso(t), "2026-11-26T17:40:00.123456+00:00");
        let whole = time::macros::datetime!(2026-11-26 17:40:00 UTC);
        assert_eq!(format_utc_iso(whole), "2026-11-26T17:40:00+00:00");
        let ist = time::macros::datetime!(2026-11-26 23:10:00.5 +05:30);
        assert_eq!(format_utc_iso(ist), "2026-11-26T17:40:00.500000+00:00");
        let now = Timestamp::now_utc_iso();
        assert!(now.ends_with("+00:00"), "{now}");
        assert!(Timestamp::parse(&now).is_ok());
    }

    fn event(body: Value) -> Event {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn typed_events_accept_nulls_and_unknown_fields() {
        let e = event(json!({
            "event_id": "0b5e9a86-5d4c-4a8e-9c43-0f3b3c9b8f0e", "event_type": "ORDER_FILLED",
            "timestamp": "2024-01-15T09:15:00", "source": "oms", "correlation_id": null,
            "strategy_name": "alpha", "order_id": "O1", "instrument_token": 738561,
            "side": "BUY", "quantity": 5, "price": 2500.5, "average_price": null, "version": 2
        }));
        let t: TradingEvent = e.to_typed().unwrap();
        assert_eq!(t.order_id.as_deref(), Some("O1"));
        assert_eq!(t.quantity, Some(5));
        assert_eq!(t.average_price, None);
        assert_eq!(t.correlation_id, None);
        assert_eq!(t.extra.get("version"), Some(&json!(2)));
        let any: Event = e.to_typed().unwrap();
        assert_eq!(any, e);
    }

    #[test]
    fn typed_event_of_the_wrong_type_names_both_types() {
        let e = event(json!({
            "event_id": "x", "event_type": "MARKET_TICK", "timestamp": "2024-01-15T09:15:00",
            "source": "feed", "instrument_token": 1, "exchange": "NSE", "last_price": 1.0, "volume": 1
        }));
        let err = e.to_typed::<TradingEvent>().unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, TypedEventError::WrongType { .. }));
        assert!(
            msg.contains("MARKET_TICK") && msg.contains("ORDER_FILLED"),
            "{msg}"
        );
        let m: MarketDataEvent = e.to_typed().unwrap();
        assert_eq!(m.exchange.as_deref(), Some("NSE"));
        assert!(e.to_typed::<RiskEvent>().is_err());
        assert!(e.to_typed::<SystemEvent>().is_err());
    }

    #[test]
    fn typed_event_with_a_mistyped_field_is_a_fields_error() {
        let e = event(json!({
            "event_id": "x", "event_type": "RISK_ALERT", "timestamp": "2024-01-15T09:15:00",
            "source": "risk", "threshold": "high"
        }));
        assert!(matches!(
            e.to_typed::<RiskEvent>(),
            Err(TypedEventError::Fields { .. })
        ));
    }
}

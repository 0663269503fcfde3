//! The event envelope and the header names of the wire contract (DESIGN.md §2).

use serde_json::{Map, Value};

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
}

//! EventFactory: events to (headers, bytes) and back, per the wire contract (DESIGN.md §2).
//! Pure: no I/O, no clock except where `prepare` fills a missing timestamp.
//!
//! Strict writer: `prepare` refuses unknown fields (a typo such as `quantiy` would otherwise
//! be published and silently ignored by every reader) and treats `null` in an optional field
//! as absent (so a body copied from a Python service's output publishes, and conditional
//! rules such as "a LIMIT order needs a price" still see the field as missing).
//! Tolerant reader: `decode` accepts `null` for optional fields and fields it does not know.

use std::io::Write as _;
use std::sync::Arc;

use async_nats::HeaderMap;
use bytes::Bytes;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::{Map, Value};

use crate::event::{field, header, Event, Timestamp};
use crate::schema::{EventSchema, Mode, SchemaRegistry};
use crate::wire::{self, Limits};

mod error;
pub use error::{CodecError, DecodeError};
mod direct;
mod headers;
mod onepass;
mod typed;
mod walk;

pub(crate) use headers::HeaderSnapshot;

/// Values `prepare` fills in when the body leaves them out.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// `source` when the body has none (the CLI uses `evt@<host>`).
    pub source: String,
    /// `correlation_id` to set (overrides the body's when `Some`).
    pub correlation_id: Option<String>,
}

/// How to put an event on the wire.
#[derive(Debug, Clone, Default)]
pub struct EncodeOptions {
    /// gzip the body and send `compressed: true`.
    pub compress: bool,
    /// Extra headers (`-H key=value`); they may not override the contract's own headers.
    pub extra_headers: Vec<(String, String)>,
    /// W3C traceparent to attach, if any.
    pub traceparent: Option<String>,
}

/// An event ready to publish.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub headers: HeaderMap,
    pub payload: Bytes,
    /// The same headers packed, for a resend and the wire size (the client takes the map).
    pub(crate) snapshot: HeaderSnapshot,
}

impl Encoded {
    /// Headers and body as the server counts them against its max payload.
    pub fn wire_size(&self) -> usize {
        self.snapshot.wire_len() + self.payload.len()
    }
}

/// The envelope of an event being encoded, borrowed from wherever it is held.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Envelope<'a> {
    pub event_id: &'a str,
    pub event_type: &'a str,
    pub timestamp: &'a str,
    pub source: &'a str,
    pub correlation_id: Option<&'a str>,
}

impl<'a> Envelope<'a> {
    pub(crate) fn of(event: &'a Event) -> Self {
        Self {
            event_id: &event.event_id,
            event_type: &event.event_type,
            timestamp: &event.timestamp,
            source: &event.source,
            correlation_id: event.correlation_id.as_deref(),
        }
    }
}

/// A prepared event as a publisher sends it: its envelope and its body as wire JSON.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub event_id: String,
    pub event_type: String,
    pub timestamp: String,
    pub source: String,
    pub correlation_id: Option<String>,
    /// The body, uncompressed, envelope first.
    pub json: Vec<u8>,
}

impl Prepared {
    /// An event `prepare` returned (so its envelope and body agree), with its wire body.
    pub(crate) fn from_event(event: Event) -> Result<Self, CodecError> {
        let json = body_json(&event.body).map_err(|source| CodecError::Serialize {
            event_id: event.event_id.clone(),
            source,
        })?;
        Ok(Self {
            event_id: event.event_id,
            event_type: event.event_type,
            timestamp: event.timestamp,
            source: event.source,
            correlation_id: event.correlation_id,
            json,
        })
    }

    /// The envelope, borrowed, and the body taken out for the encoder.
    pub(crate) fn split(&mut self) -> (Envelope<'_>, Vec<u8>) {
        let json = std::mem::take(&mut self.json);
        let envelope = Envelope {
            event_id: &self.event_id,
            event_type: &self.event_type,
            timestamp: &self.timestamp,
            source: &self.source,
            correlation_id: self.correlation_id.as_deref(),
        };
        (envelope, json)
    }
}

/// A received message as the decoder sees it.
#[derive(Debug, Clone, Copy)]
pub struct RawMessage<'a> {
    pub subject: &'a str,
    pub headers: Option<&'a HeaderMap>,
    pub payload: &'a [u8],
    /// Stream name and sequence when read from JetStream; named in decode errors.
    pub stream: Option<&'a str>,
    pub stream_seq: Option<u64>,
}

/// Where a message that failed to decode came from: `subject S (stream X seq N)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MsgOrigin {
    pub subject: String,
    pub stream: Option<String>,
    pub stream_seq: Option<u64>,
    /// The `event-schema` header: which schema validated the event when it was published.
    pub schema: Option<String>,
}

impl MsgOrigin {
    fn of(m: &RawMessage<'_>) -> Box<Self> {
        Box::new(MsgOrigin {
            subject: m.subject.to_string(),
            stream: m.stream.map(str::to_string),
            stream_seq: m.stream_seq,
            schema: wire::header(m.headers, header::SCHEMA).map(str::to_string),
        })
    }
}

impl std::fmt::Display for MsgOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "subject {}", self.subject)?;
        match (&self.stream, self.stream_seq) {
            (Some(s), Some(n)) => write!(f, " (stream {s} seq {n})"),
            (Some(s), None) => write!(f, " (stream {s})"),
            (None, Some(n)) => write!(f, " (seq {n})"),
            (None, None) => Ok(()),
        }?;
        match &self.schema {
            Some(s) => write!(f, " (published with schema {s})"),
            None => Ok(()),
        }
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Encodes and decodes events against a schema registry, reading bodies within [`Limits`].
#[derive(Debug, Clone)]
pub struct EventFactory {
    registry: Arc<SchemaRegistry>,
    limits: Limits,
}

impl EventFactory {
    /// A factory with the default [`Limits`] (see [`crate::wire`]).
    pub fn new(registry: Arc<SchemaRegistry>) -> Self {
        Self {
            registry,
            limits: Limits::default(),
        }
    }

    /// The same factory reading bodies within `limits`.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The bounds `decode` reads bodies within.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    pub fn registry(&self) -> &SchemaRegistry {
        &self.registry
    }

    /// Complete a body the user wrote (fill `event_id` UUID v4, `timestamp` now in UTC,
    /// `source`) and validate it strictly against its schema. Nothing is sent on error.
    pub fn prepare(&self, body: Value, defaults: &Defaults) -> Result<Event, CodecError> {
        let Value::Object(mut body) = body else {
            return Err(CodecError::NotAnObject {
                found: json_kind(&body),
            });
        };
        let (schema, event_type) = self.schema_for(&body)?;
        // `null` in an optional field means absent (Python's way of writing it).
        if body.values().any(Value::is_null) {
            let required = schema.required();
            body.retain(|k, v| !v.is_null() || required.iter().any(|r| r == k));
        }
        // Filled fields are appended; `encode` writes the envelope first whatever the map's
        // order, so the body is not rebuilt (re-hashing every key) just to put them in front.
        if !body.contains_key(field::EVENT_ID) {
            let mut buf = uuid::Uuid::encode_buffer();
            let id = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buf);
            body.insert(field::EVENT_ID.to_string(), Value::String(id.to_string()));
        }
        if !body.contains_key(field::TIMESTAMP) {
            body.insert(
                field::TIMESTAMP.to_string(),
                Value::String(Timestamp::now_utc_iso()),
            );
        }
        if !defaults.source.is_empty() && !body.contains_key(field::SOURCE) {
            body.insert(
                field::SOURCE.to_string(),
                Value::String(defaults.source.clone()),
            );
        }
        if let Some(c) = &defaults.correlation_id {
            body.insert(field::CORRELATION_ID.to_string(), Value::String(c.clone()));
        }
        let body = Value::Object(body);
        if let Err(violations) = schema.check(&body, Mode::Strict) {
            return Err(CodecError::Invalid {
                event_type,
                violations,
            });
        }
        let Value::Object(body) = body else {
            unreachable!("built as an object above")
        };
        // The strict check guarantees the envelope's fields are strings.
        Ok(envelope(body, event_type))
    }

    /// Check a body as it stands (nothing filled in, nulls kept) under `mode`; returns its
    /// event type. `Mode::Tolerant` answers "would decoding accept this body?".
    pub fn check(&self, body: &Value, mode: Mode) -> Result<String, CodecError> {
        let Value::Object(map) = body else {
            return Err(CodecError::NotAnObject {
                found: json_kind(body),
            });
        };
        let (schema, event_type) = self.schema_for(map)?;
        schema
            .check(body, mode)
            .map_err(|violations| CodecError::Invalid {
                event_type: event_type.clone(),
                violations,
            })?;
        Ok(event_type)
    }

    fn schema_for(&self, body: &Map<String, Value>) -> Result<(&EventSchema, String), CodecError> {
        let event_type = match body.get(field::EVENT_TYPE) {
            None | Some(Value::Null) => return Err(CodecError::MissingEventType),
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(CodecError::EventTypeNotString {
                    found: json_kind(other),
                })
            }
        };
        match self.registry.get(&event_type) {
            Some(schema) => Ok((schema, event_type)),
            None => Err(CodecError::UnknownEventType {
                suggestions: self.registry.suggest(&event_type),
                known: self.registry.type_names(),
                event_type,
            }),
        }
    }

    /// Headers and payload bytes for an event (`Nats-Msg-Id` = event id).
    pub fn encode(&self, event: &Event, opts: &EncodeOptions) -> Result<Encoded, CodecError> {
        self.encode_traced(event, opts, opts.traceparent.as_deref())
    }

    /// [`EventFactory::encode`] with `traceparent` in place of `opts.traceparent`: a batch
    /// gives each event its own without cloning the options per event.
    pub fn encode_traced(
        &self,
        event: &Event,
        opts: &EncodeOptions,
        traceparent: Option<&str>,
    ) -> Result<Encoded, CodecError> {
        for (k, v) in [
            (field::EVENT_ID, &event.event_id),
            (field::EVENT_TYPE, &event.event_type),
        ] {
            match event.body.get(k) {
                Some(Value::String(b)) if b == v => {}
                other => {
                    return Err(CodecError::Inconsistent {
                        event_id: event.event_id.clone(),
                        field: k,
                        body: other.map(Value::to_string).unwrap_or_default(),
                        event: v.clone(),
                    })
                }
            }
        }
        let json = body_json(&event.body).map_err(|source| CodecError::Serialize {
            event_id: event.event_id.clone(),
            source,
        })?;
        self.encode_json(Envelope::of(event), json, opts, traceparent)
    }

    /// Headers for an envelope, around a body already written as wire JSON.
    pub(crate) fn encode_json(
        &self,
        event: Envelope<'_>,
        json: Vec<u8>,
        opts: &EncodeOptions,
        traceparent: Option<&str>,
    ) -> Result<Encoded, CodecError> {
        let schema = self.registry.get(event.event_type).map(|s| s.wire_id());
        // Room for the per-event lines: two ids, a timestamp and a traceparent, with names.
        let room = 2 * (event.event_id.len() + 16) + event.timestamp.len() + 13 + 70;
        let mut headers = headers::start(
            &headers::Shared {
                event_type: event.event_type,
                source: event.source,
                compressed: opts.compress,
                // The schema that validated the event (prepare checked it against this
                // registry).
                schema,
                extra: &opts.extra_headers,
                correlation: event.correlation_id.is_some(),
                traceparent: traceparent.is_some(),
            },
            room,
        )?;
        // Appended into the template's empty slots: one hash each, no growth.
        headers.add(headers::EVENT_ID, event.event_id)?;
        headers.add(headers::MSG_ID, event.event_id)?;
        headers.add(headers::TIMESTAMP, event.timestamp)?;
        if let Some(c) = event.correlation_id {
            headers.add(headers::CORRELATION_ID, c)?;
        }
        if let Some(tp) = traceparent {
            headers.add(headers::TRACEPARENT, tp)?;
        }
        let (headers, snapshot) = headers.finish();
        let payload = if opts.compress {
            gzip(&json).map_err(|source| CodecError::Compress {
                event_id: event.event_id.to_string(),
                source,
            })?
        } else {
            json
        };
        Ok(Encoded {
            headers,
            payload: Bytes::from(payload),
            snapshot,
        })
    }

    /// Decode a received message (tolerant reader, DESIGN.md §2).
    pub fn decode(&self, msg: &RawMessage<'_>) -> Result<Event, DecodeError> {
        let at = || MsgOrigin::of(msg);
        let body = wire::read_json(msg.headers, msg.payload, &self.limits)
            .map_err(|e| DecodeError::from_wire(at(), e))?;
        let Value::Object(ref map) = body else {
            return Err(DecodeError::NotAnObject {
                at: at(),
                found: json_kind(&body),
            });
        };
        let Some(Value::String(event_type)) = map.get(field::EVENT_TYPE) else {
            return Err(DecodeError::MissingEventType { at: at() });
        };
        let event_type = event_type.clone();
        let Some(schema) = self.registry.get(&event_type) else {
            return Err(DecodeError::UnknownEventType {
                at: at(),
                suggestions: self.registry.suggest(&event_type),
                event_type,
            });
        };
        if let Some((header, h, b)) =
            header_mismatch(msg.headers, |f| map.get(f).and_then(Value::as_str))
        {
            return Err(DecodeError::HeaderMismatch {
                at: at(),
                header,
                header_value: h.to_string(),
                body_value: b.to_string(),
            });
        }
        if let Err(violations) = schema.check(&body, Mode::Tolerant) {
            return Err(DecodeError::Invalid {
                at: at(),
                event_type,
                violations,
            });
        }
        let Value::Object(map) = body else {
            unreachable!("checked to be an object above")
        };
        Ok(envelope(map, event_type))
    }
}

/// The first of evt's headers that names the event differently from its body
/// (`event-type`, `event-id`), as (header, header's value, body's value; empty when the body
/// has none). A message without the header is not checked: other producers may omit it.
fn header_mismatch<'a>(
    headers: Option<&'a HeaderMap>,
    body: impl Fn(&str) -> Option<&'a str>,
) -> Option<(&'static str, &'a str, &'a str)> {
    [
        (header::EVENT_TYPE, field::EVENT_TYPE),
        (header::EVENT_ID, field::EVENT_ID),
    ]
    .into_iter()
    .find_map(|(hname, fname)| {
        let h = wire::header(headers, hname)?;
        let b = body(fname).unwrap_or_default();
        (h != b).then_some((hname, h, b))
    })
}

/// A body as JSON with the envelope first, in the order Python's dataclasses write it
/// (`event_id`, `event_type`, `timestamp`, `source`, `correlation_id`), then the other fields
/// in the map's order.
fn body_json(body: &Map<String, Value>) -> serde_json::Result<Vec<u8>> {
    // Sized for a typical event so serialising does not regrow the buffer several times.
    let mut out = Vec::with_capacity(512);
    out.push(b'{');
    let mut first = true;
    for k in field::ENVELOPE {
        if let Some(v) = body.get(*k) {
            json_entry(&mut out, &mut first, k, v)?;
        }
    }
    for (k, v) in body {
        if !field::ENVELOPE.contains(&k.as_str()) {
            json_entry(&mut out, &mut first, k, v)?;
        }
    }
    out.push(b'}');
    Ok(out)
}

/// One `"key":value` of a wire body, with the comma before all but the first.
fn json_entry(
    out: &mut Vec<u8>,
    first: &mut bool,
    k: &str,
    v: &(impl serde::Serialize + ?Sized),
) -> serde_json::Result<()> {
    if !std::mem::take(first) {
        out.push(b',');
    }
    serde_json::to_writer(&mut *out, k)?;
    out.push(b':');
    serde_json::to_writer(&mut *out, v)
}

/// The envelope of a body that passed its schema (required envelope fields are strings).
fn envelope(body: Map<String, Value>, event_type: String) -> Event {
    let text = |k: &str| body.get(k).and_then(Value::as_str).unwrap_or_default();
    Event {
        event_id: text(field::EVENT_ID).to_string(),
        timestamp: text(field::TIMESTAMP).to_string(),
        source: text(field::SOURCE).to_string(),
        correlation_id: body
            .get(field::CORRELATION_ID)
            .and_then(Value::as_str)
            .map(str::to_string),
        event_type,
        body,
    }
}

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut enc = GzEncoder::new(
        Vec::with_capacity(data.len() / 2 + 32),
        Compression::default(),
    );
    enc.write_all(data)?;
    enc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn factory() -> EventFactory {
        EventFactory::new(Arc::new(SchemaRegistry::builtin().unwrap()))
    }

    fn defaults() -> Defaults {
        Defaults {
            source: "evt@test".into(),
            correlation_id: None,
        }
    }

    fn fill() -> Value {
        json!({"event_type": "ORDER_FILLED", "strategy_name": "alpha", "order_id": "O-1",
               "instrument_token": 738561, "side": "BUY", "quantity": 5, "price": 2500.5})
    }

    fn raw<'a>(payload: &'a [u8], headers: Option<&'a HeaderMap>) -> RawMessage<'a> {
        RawMessage {
            subject: "trading.order.filled",
            headers,
            payload,
            stream: Some("TRADING"),
            stream_seq: Some(42),
        }
    }

    #[test]
    fn prepare_fills_the_envelope_in_wire_order() {
        let e = factory().prepare(fill(), &defaults()).unwrap();
        assert!(uuid::Uuid::parse_str(&e.event_id).is_ok());
        assert_eq!(e.source, "evt@test");
        assert!(e.timestamp.ends_with("+00:00"), "{}", e.timestamp);
        assert!(Timestamp::parse(&e.timestamp).is_ok());
        assert_eq!(e.correlation_id, None);
        // The wire body leads with the envelope, in the order Python's dataclasses write it,
        // however the map holds it.
        let enc = factory().encode(&e, &EncodeOptions::default()).unwrap();
        let text = std::str::from_utf8(&enc.payload).unwrap();
        let at = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
        assert_eq!(at("event_id"), 1, "{text}");
        assert!(at("event_id") < at("event_type"), "{text}");
        assert!(at("event_type") < at("timestamp"), "{text}");
        assert!(at("timestamp") < at("source"), "{text}");
        let first_other = e
            .body
            .keys()
            .filter(|k| !field::ENVELOPE.contains(&k.as_str()))
            .map(|k| at(k))
            .min()
            .unwrap();
        assert!(at("source") < first_other, "{text}");
        let back: Value = serde_json::from_slice(&enc.payload).unwrap();
        assert_eq!(back, Value::Object(e.body.clone()));
    }

    #[test]
    fn prepare_keeps_given_envelope_and_applies_correlation_default() {
        let mut body = fill();
        body["event_id"] = json!("0b5e9a86-5d4c-4a8e-9c43-0f3b3c9b8f0e");
        body["timestamp"] = json!("2024-01-15T09:15:00.123456+05:30");
        body["source"] = json!("oms");
        body["correlation_id"] = json!("old");
        let d = Defaults {
            source: "evt@x".into(),
            correlation_id: Some("corr-7".into()),
        };
        let e = factory().prepare(body, &d).unwrap();
        assert_eq!(e.event_id, "0b5e9a86-5d4c-4a8e-9c43-0f3b3c9b8f0e");
        assert_eq!(e.timestamp, "2024-01-15T09:15:00.123456+05:30");
        assert_eq!(e.source, "oms");
        assert_eq!(e.correlation_id.as_deref(), Some("corr-7"));
        assert_eq!(e.body["correlation_id"], "corr-7");
    }

    #[test]
    fn prepare_treats_null_optionals_as_absent() {
        let mut body = fill();
        body["average_price"] = Value::Null;
        body["correlation_id"] = Value::Null;
        let e = factory().prepare(body, &defaults()).unwrap();
        assert!(!e.body.contains_key("average_price"));
        assert!(!e.body.contains_key("correlation_id"));
        // Required fields stay and fail.
        let mut body = fill();
        body["order_id"] = Value::Null;
        let err = factory().prepare(body, &defaults()).unwrap_err();
        assert!(err.to_string().contains("/order_id"), "{err}");
    }

    #[test]
    fn prepare_errors_are_distinct() {
        let f = factory();
        let d = defaults();
        assert!(matches!(
            f.prepare(json!([1]), &d),
            Err(CodecError::NotAnObject { found: "array" })
        ));
        assert!(matches!(
            f.prepare(json!({"x": 1}), &d),
            Err(CodecError::MissingEventType)
        ));
        assert!(matches!(
            f.prepare(json!({"event_type": 3}), &d),
            Err(CodecError::EventTypeNotString { .. })
        ));
        let e = f
            .prepare(json!({"event_type": "ORDER_FILED"}), &d)
            .unwrap_err();
        assert!(matches!(e, CodecError::UnknownEventType { .. }));
        assert!(e.to_string().contains("did you mean ORDER_FILLED"), "{e}");
        let e = f
            .prepare(json!({"event_type": "HEARTBEAT"}), &d)
            .unwrap_err();
        assert!(e.to_string().contains("known types: MARKET_TICK"), "{e}");
        let mut body = fill();
        body["quantity"] = json!(-5);
        body["quantiy"] = json!(5);
        let e = f.prepare(body, &d).unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, CodecError::Invalid { .. }));
        assert!(
            msg.starts_with("ORDER_FILLED: ")
                && msg.contains("/quantity: -5 is less than the minimum of 1")
                && msg.contains("/quantiy: unknown field"),
            "{msg}"
        );
        // No default source and none given: the schema says what is missing.
        let e = f.prepare(fill(), &Defaults::default()).unwrap_err();
        assert!(e.to_string().contains("/source: required"), "{e}");
    }

    #[test]
    fn encode_writes_the_contract_headers() {
        let f = factory();
        let mut d = defaults();
        d.correlation_id = Some("c-1".into());
        let e = f.prepare(fill(), &d).unwrap();
        let opts = EncodeOptions {
            compress: false,
            extra_headers: vec![("x-desk".into(), "fx".into())],
            traceparent: Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".into()),
        };
        let enc = f.encode(&e, &opts).unwrap();
        let h = |n: &str| enc.headers.get(n).map(|v| v.as_str().to_string());
        assert_eq!(h("event-id").as_deref(), Some(e.event_id.as_str()));
        assert_eq!(h("Nats-Msg-Id").as_deref(), Some(e.event_id.as_str()));
        assert_eq!(h("event-type").as_deref(), Some("ORDER_FILLED"));
        assert_eq!(h("source").as_deref(), Some("evt@test"));
        assert_eq!(h("timestamp").as_deref(), Some(e.timestamp.as_str()));
        assert_eq!(h("compressed").as_deref(), Some("false"));
        assert_eq!(h("correlation-id").as_deref(), Some("c-1"));
        assert_eq!(h("x-desk").as_deref(), Some("fx"));
        assert!(h("traceparent").unwrap().starts_with("00-4bf9"));
        let body: Value = serde_json::from_slice(&enc.payload).unwrap();
        assert_eq!(body, Value::Object(e.body.clone()));
    }

    #[test]
    fn encode_refuses_contract_overrides_and_bad_headers() {
        let f = factory();
        let e = f.prepare(fill(), &defaults()).unwrap();
        let with_header = |name: &str, value: &str| {
            let opts = EncodeOptions {
                extra_headers: vec![(name.into(), value.into())],
                ..Default::default()
            };
            f.encode(&e, &opts)
        };
        for name in ["event-type", "Nats-Msg-Id", "COMPRESSED", "traceparent"] {
            assert!(matches!(
                with_header(name, "x"),
                Err(CodecError::ReservedHeader { .. })
            ));
        }
        assert!(matches!(
            with_header("bad name", "x"),
            Err(CodecError::BadHeaderName { .. })
        ));
        assert!(matches!(
            with_header("x-a", "line\r\nbreak"),
            Err(CodecError::BadHeaderValue { .. })
        ));
        let mut changed = e.clone();
        changed.event_id = "other".into();
        assert!(matches!(
            f.encode(&changed, &EncodeOptions::default()),
            Err(CodecError::Inconsistent { .. })
        ));
    }

    #[test]
    fn round_trip_plain_and_gzip() {
        let f = factory();
        let e = f.prepare(fill(), &defaults()).unwrap();
        for compress in [false, true] {
            let enc = f
                .encode(
                    &e,
                    &EncodeOptions {
                        compress,
                        ..Default::default()
                    },
                )
                .unwrap();
            assert_eq!(enc.payload.starts_with(&wire::GZIP_MAGIC), compress);
            let back = f.decode(&raw(&enc.payload, Some(&enc.headers))).unwrap();
            assert_eq!(back, e);
        }
    }

    #[test]
    fn decode_without_headers_and_with_python_extras() {
        let f = factory();
        let body = json!({
            "event_id": "not-a-uuid-but-a-string", "event_type": "MARKET_TICK",
            "timestamp": "2024-01-15T09:15:00", "source": "feed", "correlation_id": null,
            "instrument_token": 256265, "exchange": "NSE", "last_price": 21500.25,
            "volume": 1200, "ohlc": null, "version": 1
        });
        let bytes = serde_json::to_vec(&body).unwrap();
        let e = f.decode(&raw(&bytes, None)).unwrap();
        assert_eq!(e.event_type, "MARKET_TICK");
        assert_eq!(e.correlation_id, None);
        assert_eq!(e.body["version"], 1);
        // Re-encoding keeps the Python fields as they were.
        let enc = f.encode(&e, &EncodeOptions::default()).unwrap();
        let again: Value = serde_json::from_slice(&enc.payload).unwrap();
        assert_eq!(again, body);
    }

    #[test]
    fn decode_error_kinds_name_subject_and_sequence() {
        let f = factory();
        let e = f.prepare(fill(), &defaults()).unwrap();
        let plain = f.encode(&e, &EncodeOptions::default()).unwrap();
        let gz = f
            .encode(
                &e,
                &EncodeOptions {
                    compress: true,
                    ..Default::default()
                },
            )
            .unwrap();
        let kind = |r: Result<Event, DecodeError>| {
            let e = r.unwrap_err();
            let msg = e.to_string();
            // Where it came from, then (for messages evt published) the schema it was
            // published with.
            assert!(
                msg.starts_with("subject trading.order.filled (stream TRADING seq 42)"),
                "{msg}"
            );
            e.kind()
        };
        // Header says gzip, body is plain JSON.
        assert_eq!(
            kind(f.decode(&raw(&plain.payload, Some(&gz.headers)))),
            "bad_gzip"
        );
        // Truncated gzip.
        assert_eq!(
            kind(f.decode(&raw(&gz.payload[..gz.payload.len() - 9], Some(&gz.headers)))),
            "bad_gzip"
        );
        // gzip body without the header (and without any headers).
        assert_eq!(
            kind(f.decode(&raw(&gz.payload, Some(&plain.headers)))),
            "unexpected_gzip"
        );
        assert_eq!(kind(f.decode(&raw(&gz.payload, None))), "unexpected_gzip");
        let mut h = HeaderMap::new();
        h.insert("compressed", "yes");
        assert_eq!(
            kind(f.decode(&raw(&plain.payload, Some(&h)))),
            "bad_compressed_header"
        );
        assert_eq!(kind(f.decode(&raw(b"\xff\xfe{}", None))), "not_utf8");
        assert_eq!(kind(f.decode(&raw(b"{\"event_type\":", None))), "bad_json");
        assert_eq!(kind(f.decode(&raw(b"[1,2]", None))), "not_an_object");
        assert_eq!(
            kind(f.decode(&raw(b"{\"a\":1}", None))),
            "missing_event_type"
        );
        assert_eq!(
            kind(f.decode(&raw(b"{\"event_type\":null}", None))),
            "missing_event_type"
        );
        let unknown = f
            .decode(&raw(b"{\"event_type\":\"ORDER_FILED\"}", None))
            .unwrap_err();
        assert_eq!(unknown.kind(), "unknown_event_type");
        assert!(unknown.to_string().contains("did you mean ORDER_FILLED"));
        let mut bad = e.body.clone();
        bad.insert("quantity".into(), json!(-5));
        bad.remove("price");
        let bytes = serde_json::to_vec(&bad).unwrap();
        let err = f.decode(&raw(&bytes, None)).unwrap_err();
        assert_eq!(err.kind(), "schema_violation");
        let msg = err.to_string();
        assert!(
            msg.contains("ORDER_FILLED: /")
                && msg.contains("/quantity: -5 is less than the minimum of 1")
                && msg.contains("/price: required field is missing"),
            "{msg}"
        );
        let mut h = plain.headers.clone();
        h.insert("event-type", "ORDER_PLACED");
        let err = f.decode(&raw(&plain.payload, Some(&h))).unwrap_err();
        assert_eq!(err.kind(), "header_mismatch");
        assert!(err.to_string().contains("ORDER_PLACED"), "{err}");
        let origin = err.origin();
        assert_eq!(
            (origin.stream.as_deref(), origin.stream_seq),
            (Some("TRADING"), Some(42))
        );
    }

    #[test]
    fn decode_reads_canonicalized_header_names() {
        let f = factory();
        let e = f.prepare(fill(), &defaults()).unwrap();
        let gz = f
            .encode(
                &e,
                &EncodeOptions {
                    compress: true,
                    ..Default::default()
                },
            )
            .unwrap();
        let mut h = HeaderMap::new();
        h.insert("Compressed", "True");
        assert_eq!(f.decode(&raw(&gz.payload, Some(&h))).unwrap(), e);
    }

    #[test]
    fn a_body_past_the_inflation_limit_is_too_large_not_truncated() {
        let e = factory().prepare(fill(), &defaults()).unwrap();
        let gz = factory()
            .encode(
                &e,
                &EncodeOptions {
                    compress: true,
                    ..Default::default()
                },
            )
            .unwrap();
        let plain_len = body_json(&e.body).unwrap().len() as u64;
        let at = |max_inflated| {
            factory()
                .with_limits(Limits {
                    max_inflated,
                    ..Limits::default()
                })
                .decode(&raw(&gz.payload, Some(&gz.headers)))
        };
        assert_eq!(at(plain_len).unwrap(), e);
        let err = at(plain_len - 1).unwrap_err();
        assert_eq!(err.kind(), "too_large");
        assert!(matches!(err, DecodeError::TooLarge { limit, .. } if limit == plain_len - 1));
        assert!(
            err.to_string().starts_with(
                "subject trading.order.filled (stream TRADING seq 42) (published with schema ORDER_FILLED@sha256:"
            ) && err.to_string().contains("): the gzip body inflates to more than the limit of"),
            "{err}"
        );
    }

    #[test]
    fn origin_without_stream_is_just_the_subject() {
        let f = factory();
        let m = RawMessage {
            subject: "a.b",
            headers: None,
            payload: b"nope",
            stream: None,
            stream_seq: None,
        };
        assert_eq!(
            f.decode(&m).unwrap_err().to_string(),
            "subject a.b: the body is not JSON: expected ident at line 1 column 2"
        );
    }
}

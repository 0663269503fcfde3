//! EventFactory: events to (headers, bytes) and back, per the wire contract (DESIGN.md §2).
//! Pure: no I/O, no clock except where `prepare` fills a missing timestamp.
//!
//! API CONTRACT (skeleton; bodies are being implemented).

use std::sync::Arc;

use async_nats::HeaderMap;
use bytes::Bytes;
use thiserror::Error;

use crate::event::Event;
use crate::schema::SchemaRegistry;

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

/// Why an event could not be prepared or encoded for sending.
#[derive(Debug, Error)]
pub enum CodecError {
    #[error("placeholder")]
    Placeholder,
}

/// Why a received message could not be decoded; every variant names subject and sequence.
#[derive(Debug, Error)]
pub enum DecodeError {
    #[error("placeholder")]
    Placeholder,
}

/// Encodes and decodes events against a schema registry.
#[derive(Debug, Clone)]
pub struct EventFactory {
    registry: Arc<SchemaRegistry>,
}

impl EventFactory {
    pub fn new(registry: Arc<SchemaRegistry>) -> Self {
        Self { registry }
    }

    pub fn registry(&self) -> &SchemaRegistry {
        &self.registry
    }

    /// Complete a body the user wrote (fill `event_id` UUID v4, `timestamp` now in UTC,
    /// `source`) and validate it strictly against its schema. Nothing is sent on error.
    pub fn prepare(
        &self,
        _body: serde_json::Value,
        _defaults: &Defaults,
    ) -> Result<Event, CodecError> {
        todo!("codec::prepare")
    }

    /// Headers and payload bytes for an event (`Nats-Msg-Id` = event id).
    pub fn encode(&self, _event: &Event, _opts: &EncodeOptions) -> Result<Encoded, CodecError> {
        todo!("codec::encode")
    }

    /// Decode a received message (tolerant reader, DESIGN.md §2).
    pub fn decode(&self, _msg: &RawMessage<'_>) -> Result<Event, DecodeError> {
        todo!("codec::decode")
    }
}

//! What the codec reports: [`CodecError`] when an event cannot be prepared or encoded (nothing
//! was sent), [`DecodeError`] when a message cannot be read as an event (naming where it came
//! from, [`super::MsgOrigin`]).

use thiserror::Error;

use super::MsgOrigin;
use crate::schema::Violations;
use crate::wire::{self, WireError};

/// Why an event could not be prepared or encoded for sending. Nothing was sent.
#[derive(Debug, Error)]
pub enum CodecError {
    #[error("an event must be a JSON object, not {found}")]
    NotAnObject { found: &'static str },
    #[error("the event has no \"event_type\" field")]
    MissingEventType,
    #[error("\"event_type\" must be a string, not {found}")]
    EventTypeNotString { found: &'static str },
    #[error("unknown event type {event_type:?}{}", hint(suggestions, known))]
    UnknownEventType {
        event_type: String,
        /// Close matches, best first.
        suggestions: Vec<String>,
        known: Vec<String>,
    },
    #[error("{event_type}: {violations}")]
    Invalid {
        event_type: String,
        violations: Violations,
    },
    #[error("header {name:?} is set by evt itself and cannot be given as an extra header")]
    ReservedHeader { name: String },
    #[error("header name {name:?} is not valid (printable ASCII, no ':' or spaces)")]
    BadHeaderName { name: String },
    #[error("header {name:?}: value {value:?} cannot be sent (no line breaks allowed)")]
    BadHeaderValue { name: String, value: String },
    #[error("event {event_id}: body {field} is {body:?} but the event says {event:?}")]
    Inconsistent {
        event_id: String,
        field: &'static str,
        body: String,
        event: String,
    },
    #[error("event {event_id}: cannot serialize the body: {source}")]
    Serialize {
        event_id: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("event {event_id}: gzip failed: {source}")]
    Compress {
        event_id: String,
        #[source]
        source: std::io::Error,
    },
}

fn hint(suggestions: &[String], known: &[String]) -> String {
    if !suggestions.is_empty() {
        format!(" (did you mean {}?)", suggestions.join(" or "))
    } else if known.is_empty() {
        " (no schemas are loaded)".to_string()
    } else {
        format!(" (known types: {})", known.join(", "))
    }
}

/// Why a received message could not be decoded; every variant names the message's origin.
#[derive(Debug, Error)]
pub enum DecodeError {
    #[error("{at}: header compressed: true but the body is not gzip: {source}")]
    BadGzip {
        at: Box<MsgOrigin>,
        #[source]
        source: std::io::Error,
    },
    #[error("{at}: the body is gzip but the message has no \"compressed: true\" header")]
    UnexpectedGzip { at: Box<MsgOrigin> },
    #[error("{at}: header compressed has value {value:?}; expected \"true\" or \"false\"")]
    BadCompressedHeader { at: Box<MsgOrigin>, value: String },
    #[error("{at}: the body is not UTF-8: {source}")]
    NotUtf8 {
        at: Box<MsgOrigin>,
        #[source]
        source: std::str::Utf8Error,
    },
    #[error("{at}: the body is not JSON: {source}")]
    BadJson {
        at: Box<MsgOrigin>,
        #[source]
        source: serde_json::Error,
    },
    #[error("{at}: the body is a JSON {found}, not an object")]
    NotAnObject {
        at: Box<MsgOrigin>,
        found: &'static str,
    },
    #[error("{at}: the body has no \"event_type\" string")]
    MissingEventType { at: Box<MsgOrigin> },
    #[error("{at}: unknown event type {event_type:?}{}", hint(suggestions, &[]))]
    UnknownEventType {
        at: Box<MsgOrigin>,
        event_type: String,
        suggestions: Vec<String>,
    },
    #[error("{at}: {event_type}: {violations}")]
    Invalid {
        at: Box<MsgOrigin>,
        event_type: String,
        violations: Violations,
    },
    #[error("{at}: header {header} is {header_value:?} but the body says {body_value:?}")]
    HeaderMismatch {
        at: Box<MsgOrigin>,
        header: &'static str,
        header_value: String,
        body_value: String,
    },
    /// The gzip body inflates past [`crate::wire::Limits::max_inflated`]; nothing past the limit was read.
    #[error("{at}: the gzip body inflates to more than the limit of {}", wire::human_size(*limit))]
    TooLarge { at: Box<MsgOrigin>, limit: u64 },
    /// The body holds more JSON values than [`crate::wire::Limits::max_values`]; it was not parsed.
    #[error("{at}: the JSON body holds more than the limit of {limit} values")]
    TooManyValues { at: Box<MsgOrigin>, limit: u64 },
}

impl DecodeError {
    /// Where the message came from.
    pub fn origin(&self) -> &MsgOrigin {
        match self {
            DecodeError::BadGzip { at, .. }
            | DecodeError::UnexpectedGzip { at }
            | DecodeError::BadCompressedHeader { at, .. }
            | DecodeError::NotUtf8 { at, .. }
            | DecodeError::BadJson { at, .. }
            | DecodeError::NotAnObject { at, .. }
            | DecodeError::MissingEventType { at }
            | DecodeError::UnknownEventType { at, .. }
            | DecodeError::Invalid { at, .. }
            | DecodeError::HeaderMismatch { at, .. }
            | DecodeError::TooLarge { at, .. }
            | DecodeError::TooManyValues { at, .. } => at,
        }
    }

    /// A short stable name of the error kind (for DLQ headers, metrics, `-o json`).
    pub fn kind(&self) -> &'static str {
        match self {
            DecodeError::BadGzip { .. } => "bad_gzip",
            DecodeError::UnexpectedGzip { .. } => "unexpected_gzip",
            DecodeError::BadCompressedHeader { .. } => "bad_compressed_header",
            DecodeError::NotUtf8 { .. } => "not_utf8",
            DecodeError::BadJson { .. } => "bad_json",
            DecodeError::NotAnObject { .. } => "not_an_object",
            DecodeError::MissingEventType { .. } => "missing_event_type",
            DecodeError::UnknownEventType { .. } => "unknown_event_type",
            DecodeError::Invalid { .. } => "schema_violation",
            DecodeError::HeaderMismatch { .. } => "header_mismatch",
            DecodeError::TooLarge { .. } => "too_large",
            DecodeError::TooManyValues { .. } => "too_many_values",
        }
    }

    /// Whether the body was read as JSON and only its meaning is wrong (schema, type,
    /// headers): the body itself can be shown to a person as JSON.
    pub fn body_is_json(&self) -> bool {
        matches!(
            self,
            DecodeError::NotAnObject { .. }
                | DecodeError::MissingEventType { .. }
                | DecodeError::UnknownEventType { .. }
                | DecodeError::Invalid { .. }
                | DecodeError::HeaderMismatch { .. }
        )
    }

    pub(super) fn from_wire(at: Box<MsgOrigin>, e: WireError) -> Self {
        match e {
            WireError::BadCompressedHeader { value } => {
                DecodeError::BadCompressedHeader { at, value }
            }
            WireError::BadGzip { source } => DecodeError::BadGzip { at, source },
            WireError::UnexpectedGzip => DecodeError::UnexpectedGzip { at },
            WireError::TooLarge { limit } => DecodeError::TooLarge { at, limit },
            WireError::TooManyValues { limit } => DecodeError::TooManyValues { at, limit },
            WireError::NotUtf8 { source } => DecodeError::NotUtf8 { at, source },
            WireError::BadJson { source } => DecodeError::BadJson { at, source },
        }
    }
}

//! The data-aware check: do the events a stream retains now validate against these schemas?
//!
//! Reads the stream with tail's reader (an ordered consumer, or message gets on a WorkQueue
//! stream) from the requested start up to the last sequence the stream held when the check
//! began, decodes each message as a reader would ([`EventFactory::decode`]), and keeps counts
//! per type plus the first few failures. Memory is the counts and those failures, whatever
//! the stream's size.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;
use thiserror::Error;

use crate::bus::Bus;
use crate::codec::{DecodeError, EventFactory, RawMessage};
use crate::tail::{self, StartAt, TailError, TailOptions};

/// What to read.
#[derive(Debug, Clone)]
pub struct RetainedOptions {
    pub start: StartAt,
    /// Failures kept with their details (the rest are only counted).
    pub max_failures: usize,
    /// Stop when nothing arrives for this long (messages removed while reading).
    pub idle: Duration,
}

impl Default for RetainedOptions {
    fn default() -> Self {
        Self {
            start: StartAt::All,
            max_failures: 10,
            idle: Duration::from_secs(5),
        }
    }
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct TypeCounts {
    pub valid: u64,
    pub invalid: u64,
}

/// One message that did not decode.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    pub seq: Option<u64>,
    pub subject: String,
    pub event_type: Option<String>,
    /// `schema_violation`, `unknown_event_type`, `bad_json`, … ([`DecodeError::kind`]).
    pub kind: &'static str,
    /// JSON pointer of the first violation (schema violations only).
    pub pointer: Option<String>,
    pub message: String,
}

#[derive(Debug, Default, Serialize)]
pub struct RetainedReport {
    pub stream: String,
    /// Messages read and checked.
    pub sampled: u64,
    pub valid: u64,
    pub invalid: u64,
    /// By event type; a body without a readable type counts under `(none)`.
    pub types: BTreeMap<String, TypeCounts>,
    pub failures: Vec<Failure>,
    /// The stream's last sequence when the check began: where reading stops.
    pub last_seq: u64,
}

#[derive(Debug, Error)]
pub enum RetainedError {
    #[error("stream '{stream}' not found")]
    StreamNotFound { stream: String },
    #[error("cannot read stream '{stream}'")]
    Info {
        stream: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("checking stream '{stream}'")]
    Tail {
        stream: String,
        #[source]
        source: TailError,
    },
}

/// Check what `stream` retains against `factory`'s schemas.
pub async fn check_stream(
    bus: &Bus,
    factory: &EventFactory,
    stream: &str,
    opts: &RetainedOptions,
) -> Result<RetainedReport, RetainedError> {
    let js = bus.jetstream();
    let mut handle = js.get_stream(stream).await.map_err(|e| {
        if let async_nats::jetstream::context::GetStreamErrorKind::JetStream(err) = e.kind() {
            if err.error_code() == async_nats::jetstream::ErrorCode::STREAM_NOT_FOUND {
                return RetainedError::StreamNotFound {
                    stream: stream.to_string(),
                };
            }
        }
        RetainedError::Info {
            stream: stream.to_string(),
            source: Box::new(e),
        }
    })?;
    let info = handle.info().await.map_err(|e| RetainedError::Info {
        stream: stream.to_string(),
        source: Box::new(e),
    })?;
    let mut report = RetainedReport {
        stream: stream.to_string(),
        last_seq: info.state.last_sequence,
        ..Default::default()
    };
    if info.state.messages == 0 {
        return Ok(report);
    }
    let tail_err = |source| RetainedError::Tail {
        stream: stream.to_string(),
        source,
    };
    let mut reader = tail::open(
        bus,
        ">",
        TailOptions {
            start: opts.start,
            stream: Some(stream.to_string()),
            ..Default::default()
        },
    )
    .await
    .map_err(tail_err)?;
    let result = loop {
        let next = match tokio::time::timeout(opts.idle, reader.next()).await {
            Ok(n) => n,
            Err(_) => break Ok(()),
        };
        let m = match next {
            None => break Ok(()),
            Some(Err(e)) => break Err(tail_err(e)),
            Some(Ok(m)) => m,
        };
        let raw = RawMessage {
            subject: &m.subject,
            headers: m.headers.as_ref(),
            payload: &m.payload,
            stream: m.stream.as_deref(),
            stream_seq: m.seq,
        };
        report.sampled += 1;
        match factory.decode(&raw) {
            Ok(ev) => {
                report.valid += 1;
                counts(&mut report.types, &ev.event_type).valid += 1;
            }
            Err(e) => {
                report.invalid += 1;
                let event_type = error_type(&e);
                counts(&mut report.types, event_type.as_deref().unwrap_or("(none)")).invalid += 1;
                if report.failures.len() < opts.max_failures {
                    report
                        .failures
                        .push(failure(&m.subject, m.seq, event_type, &e));
                }
            }
        }
        if m.seq.is_some_and(|s| s >= report.last_seq) {
            break Ok(());
        }
    };
    reader.close().await;
    result.map(|()| report)
}

fn counts<'a>(map: &'a mut BTreeMap<String, TypeCounts>, t: &str) -> &'a mut TypeCounts {
    if !map.contains_key(t) {
        map.insert(t.to_string(), TypeCounts::default());
    }
    map.get_mut(t).expect("inserted above")
}

fn error_type(e: &DecodeError) -> Option<String> {
    match e {
        DecodeError::Invalid { event_type, .. }
        | DecodeError::UnknownEventType { event_type, .. } => Some(event_type.clone()),
        _ => None,
    }
}

fn failure(
    subject: &str,
    seq: Option<u64>,
    event_type: Option<String>,
    e: &DecodeError,
) -> Failure {
    let pointer = match e {
        DecodeError::Invalid { violations, .. } => violations.iter().next().map(|v| v.path.clone()),
        _ => None,
    };
    Failure {
        seq,
        subject: subject.to_string(),
        event_type,
        kind: e.kind(),
        pointer,
        message: e.to_string(),
    }
}

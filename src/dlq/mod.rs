//! Dead letters: the envelope a failed message travels in, and the naming of DLQ subjects and
//! advisory capture streams (DESIGN.md §3).
//!
//! A dead letter is the original message — payload and headers as they were — plus `Evt-Dlq-*`
//! headers carrying the failure context. Its `Nats-Msg-Id` is derived from where the original
//! lived (stream, sequence, consumer), so a crash and redelivery can never make two entries,
//! while two consumers failing the same event make two (each needs its own replay).
//!
//! Names and defaults (DLQ subject, advisory capture, the `DLQ` default) live in [`naming`].
//!
//! Operations on a DLQ stream: [`select`] (the one filter `ls`, `replay` and `purge` share),
//! [`store`] (reading entries in order, deleting them), [`replay`] (republish, then remove),
//! [`purge`], [`rate`] (velocity limit) and [`view`] (entries as JSON and table cells).

pub mod edit;
pub mod group;
pub mod naming;
pub mod purge;
pub mod rate;
pub mod replay;
pub mod select;
pub mod store;
pub mod task;
pub mod view;

use async_nats::HeaderMap;
use bytes::Bytes;
use thiserror::Error;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::event::header::MSG_ID;

pub use naming::{
    advisory_stream_name, dead_letter_subject, max_deliveries_advisory_subject, DEFAULT_DLQ_STREAM,
};

/// Header names added to a dead letter, and to a replayed copy.
pub mod header {
    pub const SUBJECT: &str = "Evt-Dlq-Subject";
    pub const STREAM: &str = "Evt-Dlq-Stream";
    pub const SEQUENCE: &str = "Evt-Dlq-Sequence";
    pub const CONSUMER: &str = "Evt-Dlq-Consumer";
    pub const DELIVERIES: &str = "Evt-Dlq-Deliveries";
    pub const ERROR: &str = "Evt-Dlq-Error";
    pub const FAILED_AT: &str = "Evt-Dlq-Failed-At";
    pub const REASON: &str = "Evt-Dlq-Reason";
    /// The original's `Nats-Msg-Id`, restored on replay only as information: the replay
    /// gets a new id because the original may still sit in the duplicate window.
    pub const ORIGINAL_MSG_ID: &str = "Evt-Dlq-Original-Msg-Id";
    /// On a replayed copy: `<dlq stream>/<dlq sequence>` it was replayed from.
    pub const REPLAY_OF: &str = "Evt-Replay-Of";
    pub const REPLAYED_AT: &str = "Evt-Replayed-At";
    /// On a replayed copy: how many times this event has been replayed (1 on the first).
    /// A dead letter carrying it at or past the park limit goes to the parking lot.
    pub const REPLAY_COUNT: &str = "Evt-Replay-Count";
    /// On a replayed copy whose event an operator edited (`evt dlq replay --edit`).
    pub const REPLAY_EDITED: &str = "Evt-Replay-Edited";
    /// On a replayed copy: the redrive task that moved it.
    pub const REPLAY_TASK: &str = "Evt-Replay-Task";
}

/// Longest error text kept in a header; handler errors can be whole stack traces.
pub const MAX_ERROR_LEN: usize = 2048;

/// Why a message was dead-lettered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The handler said the failure is permanent.
    Fatal,
    /// The message could not be decoded into the handler's event type.
    Decode,
    /// The handler asked for a retry on the last allowed delivery.
    RetriesExhausted,
    /// The server gave up delivering (MAX_DELIVERIES advisory): the handler never answered.
    MaxDeliveries,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Fatal => "fatal",
            Reason::Decode => "decode",
            Reason::RetriesExhausted => "retries-exhausted",
            Reason::MaxDeliveries => "max-deliveries",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        Some(match s {
            "fatal" => Reason::Fatal,
            "decode" => Reason::Decode,
            "retries-exhausted" => Reason::RetriesExhausted,
            "max-deliveries" => Reason::MaxDeliveries,
            _ => return None,
        })
    }
}

/// A message that failed for good, with everything needed to understand and replay it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadLetter {
    pub original_subject: String,
    pub stream: String,
    pub stream_seq: u64,
    pub consumer: String,
    pub deliveries: u64,
    pub error: String,
    pub failed_at: OffsetDateTime,
    pub reason: Reason,
    /// The original headers, without any `Evt-Dlq-*` we add; `Nats-Msg-Id` is moved to
    /// `original_msg_id`.
    pub headers: HeaderMap,
    pub payload: Bytes,
    pub original_msg_id: Option<String>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum DlqError {
    #[error("message is not a dead letter: header {header} is missing")]
    MissingHeader { header: &'static str },
    #[error("dead letter header {header} has an invalid value '{value}'")]
    BadHeader { header: &'static str, value: String },
}

/// Header values may not hold CR/LF; the rest is kept, truncated on a char boundary.
fn header_safe(s: &str, max: usize) -> String {
    let mut out: String = s
        .chars()
        .map(|c| if c == '\r' || c == '\n' { ' ' } else { c })
        .collect();
    if out.len() > max {
        let mut cut = max;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
    }
    out
}

impl DeadLetter {
    /// How many times this event was replayed before it failed this time (0: never).
    pub fn replay_count(&self) -> u64 {
        self.headers
            .get(header::REPLAY_COUNT)
            .and_then(|v| v.as_str().trim().parse().ok())
            .unwrap_or(0)
    }

    /// Deterministic id: the same failure of the same delivery target maps to one entry.
    pub fn message_id(&self) -> String {
        format!("dlq:{}:{}:{}", self.stream, self.stream_seq, self.consumer)
    }

    /// Headers and payload of the DLQ copy.
    pub fn to_message(&self) -> (HeaderMap, Bytes) {
        let mut h = HeaderMap::new();
        for (name, values) in self.headers.iter() {
            let name: &str = name.as_ref();
            if name.eq_ignore_ascii_case(MSG_ID) || name.starts_with("Evt-Dlq-") {
                continue;
            }
            for v in values {
                h.append(name, v.as_str());
            }
        }
        if let Some(id) = &self.original_msg_id {
            h.insert(header::ORIGINAL_MSG_ID, id.as_str());
        }
        h.insert(header::SUBJECT, self.original_subject.as_str());
        h.insert(header::STREAM, self.stream.as_str());
        h.insert(header::SEQUENCE, self.stream_seq.to_string());
        h.insert(header::CONSUMER, self.consumer.as_str());
        h.insert(header::DELIVERIES, self.deliveries.to_string());
        h.insert(header::ERROR, header_safe(&self.error, MAX_ERROR_LEN));
        h.insert(
            header::FAILED_AT,
            self.failed_at
                .format(&Rfc3339)
                .unwrap_or_else(|_| self.failed_at.unix_timestamp().to_string()),
        );
        h.insert(header::REASON, self.reason.as_str());
        h.insert(MSG_ID, self.message_id());
        (h, self.payload.clone())
    }

    /// Read a DLQ copy back.
    pub fn from_message(headers: &HeaderMap, payload: Bytes) -> Result<DeadLetter, DlqError> {
        // One pass: the dead-letter headers are picked out while the original ones are
        // copied, instead of nine `HeaderMap::get`s that each parse (allocate) and SipHash a
        // name (see `wire::header` for what a lookup costs).
        const NAMES: [&str; 9] = [
            header::SUBJECT,
            header::STREAM,
            header::SEQUENCE,
            header::CONSUMER,
            header::DELIVERIES,
            header::ERROR,
            header::FAILED_AT,
            header::REASON,
            header::ORIGINAL_MSG_ID,
        ];
        let mut found: [Option<&str>; 9] = [None; 9];
        let mut original = HeaderMap::new();
        for (name, values) in headers.iter() {
            let name: &str = name.as_ref();
            if name.starts_with("Evt-Dlq-") {
                if let Some(i) = NAMES.iter().position(|n| *n == name) {
                    found[i] = found[i].or_else(|| values.first().map(|v| v.as_str()));
                }
                continue;
            }
            if name.eq_ignore_ascii_case(MSG_ID) {
                continue;
            }
            for v in values {
                original.append(name, v.as_str());
            }
        }
        let get = |name: &'static str| -> Result<String, DlqError> {
            NAMES
                .iter()
                .position(|n| *n == name)
                .and_then(|i| found[i])
                .map(str::to_string)
                .ok_or(DlqError::MissingHeader { header: name })
        };
        let num = |name: &'static str| -> Result<u64, DlqError> {
            let v = get(name)?;
            v.parse().map_err(|_| DlqError::BadHeader {
                header: name,
                value: v,
            })
        };
        let failed_at_text = get(header::FAILED_AT)?;
        let failed_at =
            OffsetDateTime::parse(&failed_at_text, &Rfc3339).map_err(|_| DlqError::BadHeader {
                header: header::FAILED_AT,
                value: failed_at_text.clone(),
            })?;
        let reason_text = get(header::REASON)?;
        let reason = Reason::parse(&reason_text).ok_or(DlqError::BadHeader {
            header: header::REASON,
            value: reason_text,
        })?;
        Ok(DeadLetter {
            original_subject: get(header::SUBJECT)?,
            stream: get(header::STREAM)?,
            stream_seq: num(header::SEQUENCE)?,
            consumer: get(header::CONSUMER)?,
            deliveries: num(header::DELIVERIES)?,
            error: get(header::ERROR).unwrap_or_default(),
            failed_at,
            reason,
            headers: original,
            payload,
            original_msg_id: get(header::ORIGINAL_MSG_ID).ok(),
        })
    }

    /// The id a replay of DLQ entry `dlq_seq` is published under: new (the original id may
    /// still be in the duplicate window), and stable (re-running a replay after a crash is
    /// deduplicated instead of delivered twice).
    pub fn replay_message_id(dlq_stream: &str, dlq_seq: u64) -> String {
        format!("replay:{dlq_stream}:{dlq_seq}")
    }

    /// Headers and payload of the replayed copy: the original headers and payload, a new
    /// message id, and where it was replayed from.
    pub fn replay_message(
        &self,
        dlq_stream: &str,
        dlq_seq: u64,
        now: OffsetDateTime,
    ) -> (HeaderMap, Bytes) {
        // A clone keeps the map's table: no name is parsed or hashed again.
        let mut h = self.headers.clone();
        h.insert(MSG_ID, Self::replay_message_id(dlq_stream, dlq_seq));
        h.insert(
            header::REPLAY_COUNT,
            self.replay_count().saturating_add(1).to_string(),
        );
        h.insert(header::REPLAY_OF, format!("{dlq_stream}/{dlq_seq}"));
        h.insert(
            header::REPLAYED_AT,
            now.format(&Rfc3339)
                .unwrap_or_else(|_| now.unix_timestamp().to_string()),
        );
        if let Some(id) = &self.original_msg_id {
            h.insert(header::ORIGINAL_MSG_ID, id.as_str());
        }
        (h, self.payload.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> DeadLetter {
        let mut headers = HeaderMap::new();
        headers.insert("event-type", "ORDER_FILLED");
        headers.insert("compressed", "false");
        DeadLetter {
            original_subject: "trading.order.filled".into(),
            stream: "TRADING".into(),
            stream_seq: 42,
            consumer: "order-auditor".into(),
            deliveries: 3,
            error: "quantity mismatch\nsecond line".into(),
            failed_at: OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap(),
            reason: Reason::Fatal,
            headers,
            payload: Bytes::from_static(b"{\"event_type\":\"ORDER_FILLED\"}"),
            original_msg_id: Some("e-1".into()),
        }
    }

    #[test]
    fn round_trips_through_headers() {
        let dl = sample();
        let (h, p) = dl.to_message();
        assert_eq!(
            h.get(MSG_ID).map(|v| v.as_str()),
            Some("dlq:TRADING:42:order-auditor")
        );
        let back = DeadLetter::from_message(&h, p).unwrap();
        assert_eq!(back.error, "quantity mismatch second line");
        assert_eq!(back.stream_seq, 42);
        assert_eq!(back.original_msg_id.as_deref(), Some("e-1"));
        assert_eq!(
            back.headers.get("event-type").map(|v| v.as_str()),
            Some("ORDER_FILLED")
        );
        assert!(back.headers.get(header::SUBJECT).is_none());
        assert_eq!(back.payload, dl.payload);
    }

    #[test]
    fn replay_gets_a_new_stable_id_and_provenance() {
        let dl = sample();
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_100).unwrap();
        let (h, p) = dl.replay_message("DLQ", 7, now);
        assert_eq!(h.get(MSG_ID).map(|v| v.as_str()), Some("replay:DLQ:7"));
        assert_eq!(h.get(header::REPLAY_OF).map(|v| v.as_str()), Some("DLQ/7"));
        assert_eq!(h.get(header::REPLAY_COUNT).map(|v| v.as_str()), Some("1"));
        let mut again = dl.clone();
        again.headers = h.clone();
        let (h2, _) = again.replay_message("DLQ", 9, now);
        assert_eq!(h2.get(header::REPLAY_COUNT).map(|v| v.as_str()), Some("2"));
        assert_eq!(
            h.get("event-type").map(|v| v.as_str()),
            Some("ORDER_FILLED")
        );
        assert_eq!(p, dl.payload);
    }

    #[test]
    fn a_replay_count_at_the_top_of_its_range_stays_there() {
        // The count comes from a header whoever published the event controls.
        let mut dl = sample();
        dl.headers
            .insert(header::REPLAY_COUNT, u64::MAX.to_string().as_str());
        let (h, _) = dl.replay_message("DLQ", 7, OffsetDateTime::UNIX_EPOCH);
        let max = u64::MAX.to_string();
        assert_eq!(
            h.get(header::REPLAY_COUNT).map(|v| v.as_str()),
            Some(max.as_str())
        );
    }

    #[test]
    fn a_plain_message_is_not_a_dead_letter() {
        let h = HeaderMap::new();
        assert!(matches!(
            DeadLetter::from_message(&h, Bytes::new()),
            Err(DlqError::MissingHeader { .. })
        ));
    }

    #[test]
    fn long_errors_are_truncated_on_a_char_boundary() {
        let s = "é".repeat(MAX_ERROR_LEN);
        let out = header_safe(&s, MAX_ERROR_LEN);
        assert!(out.len() <= MAX_ERROR_LEN);
    }
}

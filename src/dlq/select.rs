//! Which dead letters an operator means: one filter, shared by `ls`, `replay` and `purge`, so
//! that what `ls` lists is exactly what `replay` replays and `purge` deletes.
//!
//! Pure: the filter is evaluated against an [`Entry`] already read from the DLQ stream.

use thiserror::Error;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::store::Entry;
use super::{DeadLetter, Reason};
use crate::event::header as evh;
use crate::wire::{self, Limits};

/// An inclusive range of DLQ stream sequences; `--seq N` is `N-N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqRange {
    pub first: u64,
    pub last: u64,
}

impl SeqRange {
    pub fn contains(&self, seq: u64) -> bool {
        seq >= self.first && seq <= self.last
    }

    /// `N`, `A-B`, `A-` (from A on) or `-B` (up to B).
    pub fn parse(s: &str) -> Result<SeqRange, FilterError> {
        let bad = || FilterError::SeqRange {
            value: s.to_string(),
        };
        let num = |t: &str| t.trim().parse::<u64>().map_err(|_| bad());
        let r = match s.split_once('-') {
            None => {
                let n = num(s)?;
                SeqRange { first: n, last: n }
            }
            Some((a, b)) => SeqRange {
                first: if a.trim().is_empty() { 1 } else { num(a)? },
                last: if b.trim().is_empty() {
                    u64::MAX
                } else {
                    num(b)?
                },
            },
        };
        if r.first == 0 || r.first > r.last {
            return Err(bad());
        }
        Ok(r)
    }
}

/// Why a filter value was rejected.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum FilterError {
    #[error("'{value}' is not a sequence or range (use N, A-B, A- or -B; sequences start at 1)")]
    SeqRange { value: String },
    #[error(
        "'{value}' is neither a duration (30m, 1h, 7d) nor an RFC 3339 time (2024-05-01T12:00:00Z)"
    )]
    Time { value: String },
    #[error("'{value}' is not a reason (fatal, decode, retries-exhausted, max-deliveries)")]
    Reason { value: String },
    #[error("subject pattern '{pattern}' is not valid")]
    Subject {
        pattern: String,
        #[source]
        source: crate::subject::SubjectError,
    },
}

/// A point in time given as "that long ago" (`1h`, `7d`) or as an RFC 3339 timestamp.
pub fn parse_time(s: &str, now: OffsetDateTime) -> Result<OffsetDateTime, FilterError> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    let d = humantime::parse_duration(s).map_err(|_| FilterError::Time {
        value: s.to_string(),
    })?;
    let d = time::Duration::try_from(d).map_err(|_| FilterError::Time {
        value: s.to_string(),
    })?;
    now.checked_sub(d).ok_or(FilterError::Time {
        value: s.to_string(),
    })
}

pub fn parse_reason(s: &str) -> Result<Reason, FilterError> {
    Reason::parse(s.trim()).ok_or(FilterError::Reason {
        value: s.to_string(),
    })
}

/// The selection. Every field that is set must match (AND); an empty filter selects all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Pattern over the original subject (`*` and `>` wildcards).
    pub subject: Option<String>,
    /// Event type, from the `event-type` header or else the body's `event_type`.
    pub event_type: Option<String>,
    /// Consumer that gave up on the message.
    pub consumer: Option<String>,
    /// Substring of the error text, ASCII case-insensitive.
    pub error: Option<String>,
    /// Failed at or after.
    pub since: Option<OffsetDateTime>,
    /// Failed at or before.
    pub until: Option<OffsetDateTime>,
    pub seq: Option<SeqRange>,
    pub reason: Option<Reason>,
    /// One group of `evt dlq ls` (its id names the dimensions it was computed over).
    pub group: Option<super::group::GroupId>,
    /// `Some(true)`: only parked entries (`dlq.….parked`); `Some(false)`: only live ones (what
    /// replay takes unless told: an entry is parked because replaying it again would loop);
    /// `None`: both.
    pub parked: Option<bool>,
    /// How far a gzip body may inflate when the type must be read from it.
    pub limits: Limits,
}

impl Filter {
    /// True when nothing narrows the selection: every entry is selected.
    pub fn selects_all(&self) -> bool {
        self.subject.is_none()
            && self.event_type.is_none()
            && self.consumer.is_none()
            && self.error.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.seq.is_none()
            && self.reason.is_none()
            && self.group.is_none()
            && self.parked.is_none()
    }

    /// Checks the values that can be wrong independently of any entry.
    pub fn validate(&self) -> Result<(), FilterError> {
        if let Some(p) = &self.subject {
            crate::subject::validate_pattern(p).map_err(|source| FilterError::Subject {
                pattern: p.clone(),
                source,
            })?;
        }
        Ok(())
    }

    /// True when only the sequence range (or nothing) is constrained: then entries that are
    /// not dead letters are selected too, since nothing else can be evaluated for them.
    pub fn is_seq_only(&self) -> bool {
        self.subject.is_none()
            && self.event_type.is_none()
            && self.consumer.is_none()
            && self.error.is_none()
            && self.reason.is_none()
            && self.group.is_none()
    }

    /// Where to start reading the DLQ stream.
    pub fn start_seq(&self) -> u64 {
        self.seq.map_or(1, |r| r.first)
    }

    /// Whether the entry is selected.
    pub fn matches(&self, entry: &Entry) -> bool {
        if let Some(r) = self.seq {
            if !r.contains(entry.dlq_seq) {
                return false;
            }
        }
        if let Some(p) = self.parked {
            if super::naming::is_parked_subject(&entry.dlq_subject) != p {
                return false;
            }
        }
        if let Some(g) = &self.group {
            if !g.matches(entry, &self.limits) {
                return false;
            }
        }
        let dl = match &entry.letter {
            Ok(dl) => dl,
            // Not a dead letter: only the sequence and the stored time can be judged.
            Err(_) => return self.is_seq_only() && self.time_ok(entry.stored_at),
        };
        if !self.time_ok(dl.failed_at) {
            return false;
        }
        if let Some(p) = &self.subject {
            if !crate::subject::matches(p, &dl.original_subject) {
                return false;
            }
        }
        if let Some(c) = &self.consumer {
            if &dl.consumer != c {
                return false;
            }
        }
        if let Some(r) = self.reason {
            if dl.reason != r {
                return false;
            }
        }
        if let Some(e) = &self.error {
            if !contains_ignore_ascii_case(&dl.error, e) {
                return false;
            }
        }
        if let Some(t) = &self.event_type {
            match event_type_of(dl, &self.limits) {
                Some(actual) if actual.eq_ignore_ascii_case(t) => {}
                _ => return false,
            }
        }
        true
    }

    fn time_ok(&self, t: OffsetDateTime) -> bool {
        self.since.is_none_or(|s| t >= s) && self.until.is_none_or(|u| t <= u)
    }

    /// True once `seq` is past the range: reading can stop.
    pub fn past_end(&self, seq: u64) -> bool {
        self.seq.is_some_and(|r| seq > r.last)
    }
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack
        .to_ascii_lowercase()
        .contains(&needle.to_ascii_lowercase())
}

/// The event type: the `event-type` header when present, else the body's `event_type`
/// (inflating a gzip body when `compressed: true`). `None` when neither says.
///
/// Bodies are read through [`crate::wire`] within `limits`: a body past them has no type here
/// (`dlq show` reports why it does not decode).
pub fn event_type_of(dl: &DeadLetter, limits: &Limits) -> Option<String> {
    header_or_body(dl, evh::EVENT_TYPE, "event_type", limits)
}

/// The event id: the `event-id` header when present, else the body's `event_id`.
pub fn event_id_of(dl: &DeadLetter, limits: &Limits) -> Option<String> {
    header_or_body(dl, evh::EVENT_ID, "event_id", limits)
}

fn header_or_body(dl: &DeadLetter, header: &str, field: &str, limits: &Limits) -> Option<String> {
    if let Some(v) = wire::header(Some(&dl.headers), header) {
        let v = v.trim();
        if !v.is_empty() {
            return Some(v.to_string());
        }
    }
    let body = wire::read_json(Some(&dl.headers), &dl.payload, limits).ok()?;
    body.get(field)?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_nats::HeaderMap;
    use bytes::Bytes;
    use std::io::Write;

    fn letter(subject: &str, consumer: &str, etype_header: Option<&str>, body: &str) -> DeadLetter {
        let mut headers = HeaderMap::new();
        if let Some(t) = etype_header {
            headers.insert("event-type", t);
        }
        DeadLetter {
            original_subject: subject.into(),
            stream: "TRADING".into(),
            stream_seq: 5,
            consumer: consumer.into(),
            deliveries: 3,
            error: "Quantity MISMATCH on order".into(),
            failed_at: OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap(),
            reason: Reason::Fatal,
            headers,
            payload: Bytes::from(body.to_string()),
            original_msg_id: None,
        }
    }

    fn entry(seq: u64, dl: DeadLetter) -> Entry {
        Entry {
            dlq_seq: seq,
            dlq_subject: "dlq.TRADING.c".into(),
            stored_at: dl.failed_at,
            letter: Ok(dl),
            raw_headers: HeaderMap::new(),
            raw_payload: Bytes::new(),
        }
    }

    fn not_a_letter(seq: u64) -> Entry {
        Entry {
            dlq_seq: seq,
            dlq_subject: "dlq.x".into(),
            stored_at: OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap(),
            letter: Err(super::super::DlqError::MissingHeader {
                header: super::super::header::SUBJECT,
            }),
            raw_headers: HeaderMap::new(),
            raw_payload: Bytes::from_static(b"hello"),
        }
    }

    fn sample() -> Entry {
        entry(
            10,
            letter(
                "trading.order.filled",
                "order-auditor",
                Some("ORDER_FILLED"),
                "{}",
            ),
        )
    }

    #[test]
    fn empty_filter_selects_everything_including_foreign_messages() {
        let f = Filter::default();
        assert!(f.matches(&sample()));
        assert!(f.matches(&not_a_letter(3)));
    }

    #[test]
    fn subject_pattern_uses_wildcards() {
        let mut f = Filter {
            subject: Some("trading.order.*".into()),
            ..Default::default()
        };
        assert!(f.matches(&sample()));
        f.subject = Some("trading.>".into());
        assert!(f.matches(&sample()));
        f.subject = Some("market.>".into());
        assert!(!f.matches(&sample()));
        assert!(!f.matches(&not_a_letter(3)));
    }

    #[test]
    fn event_type_from_header_then_plain_body_then_gzip_body() {
        let f = Filter {
            event_type: Some("ORDER_FILLED".into()),
            ..Default::default()
        };
        assert!(f.matches(&sample()));
        let plain = letter("a.b", "c", None, r#"{"event_type":"ORDER_FILLED"}"#);
        assert!(f.matches(&entry(1, plain)));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(br#"{"event_type":"ORDER_FILLED","event_id":"e-9"}"#)
            .unwrap();
        let mut zipped = letter("a.b", "c", None, "");
        zipped.payload = Bytes::from(gz.finish().unwrap());
        zipped.headers.insert("compressed", "true");
        assert!(f.matches(&entry(2, zipped.clone())));
        assert_eq!(
            event_id_of(&zipped, &Limits::default()).as_deref(),
            Some("e-9")
        );
        let other = letter("a.b", "c", Some("MARKET_TICK"), "{}");
        assert!(!f.matches(&entry(3, other)));
        let unknown = letter("a.b", "c", None, "not json");
        assert!(!f.matches(&entry(4, unknown)));
    }

    #[test]
    fn consumer_reason_and_error_substring() {
        let mut f = Filter {
            consumer: Some("order-auditor".into()),
            error: Some("quantity mismatch".into()),
            reason: Some(Reason::Fatal),
            ..Default::default()
        };
        assert!(f.matches(&sample()));
        f.consumer = Some("order-audit".into());
        assert!(!f.matches(&sample()), "consumer is an exact name");
        f.consumer = None;
        f.reason = Some(Reason::Decode);
        assert!(!f.matches(&sample()));
        f.reason = None;
        f.error = Some("timeout".into());
        assert!(!f.matches(&sample()));
    }

    #[test]
    fn time_window_is_inclusive_on_failed_at() {
        let at = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let mut f = Filter {
            since: Some(at),
            until: Some(at),
            ..Default::default()
        };
        assert!(f.matches(&sample()));
        f.since = Some(at + time::Duration::seconds(1));
        assert!(!f.matches(&sample()));
        f.since = None;
        f.until = Some(at - time::Duration::seconds(1));
        assert!(!f.matches(&sample()));
    }

    #[test]
    fn sequence_ranges() {
        assert_eq!(
            SeqRange::parse("17").unwrap(),
            SeqRange {
                first: 17,
                last: 17
            }
        );
        assert_eq!(
            SeqRange::parse("3-9").unwrap(),
            SeqRange { first: 3, last: 9 }
        );
        assert_eq!(SeqRange::parse("3-").unwrap().last, u64::MAX);
        assert_eq!(SeqRange::parse("-9").unwrap().first, 1);
        assert!(SeqRange::parse("9-3").is_err());
        assert!(SeqRange::parse("0").is_err());
        assert!(SeqRange::parse("x").is_err());
        let f = Filter {
            seq: Some(SeqRange { first: 5, last: 10 }),
            ..Default::default()
        };
        assert!(f.matches(&sample()));
        assert!(f.matches(&not_a_letter(5)));
        assert!(!f.matches(&not_a_letter(11)));
        assert!(f.past_end(11) && !f.past_end(10));
        assert_eq!(f.start_seq(), 5);
    }

    #[test]
    fn times_as_durations_ago_or_rfc3339() {
        let now = OffsetDateTime::from_unix_timestamp(1_700_003_600).unwrap();
        assert_eq!(
            parse_time("1h", now).unwrap(),
            OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap()
        );
        assert_eq!(
            parse_time("2023-11-14T22:13:20Z", now).unwrap(),
            OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap()
        );
        assert!(parse_time("yesterday", now).is_err());
        assert!(parse_reason("fatal").is_ok() && parse_reason("oops").is_err());
    }

    #[test]
    fn bad_subject_pattern_is_refused() {
        let f = Filter {
            subject: Some("a..b".into()),
            ..Default::default()
        };
        assert!(f.validate().is_err());
    }
}

//! Triage by group: dead letters that failed for the same reason fall in one group, so an
//! incident of 100,000 dead letters reads as a handful of lines.
//!
//! A group is keyed by chosen dimensions ([`GroupBy`]: subject, type, consumer, reason,
//! error; by default consumer, reason and error) where the error is [normalised](normalise_error):
//! numbers, uuids and hex ids are masked, so "order 123 not found" and "order 456 not found"
//! are one group. Parked entries ([`super::naming::is_parked_subject`]) are always a group
//! apart from live ones.
//!
//! A group's id is a hash of its dimensions and key, not an ordinal: the same DLQ content
//! gives the same ids on every run, so `--group ID` selects the same entries for ls, show,
//! replay and purge. The first character of the id names the dimensions (a bit set), so the id
//! alone says how to recompute it.

use thiserror::Error;

use super::naming::is_parked_subject;
use super::select::event_type_of;
use super::store::Entry;
use crate::wire::Limits;

/// The dimensions a group is keyed by, as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GroupBy(u8);

const SUBJECT: u8 = 1;
const TYPE: u8 = 2;
const CONSUMER: u8 = 4;
const REASON: u8 = 8;
const ERROR: u8 = 16;
const DIM_NAMES: [(&str, u8); 5] = [
    ("subject", SUBJECT),
    ("type", TYPE),
    ("consumer", CONSUMER),
    ("reason", REASON),
    ("error", ERROR),
];
/// One character per bit set (1..=31), the first character of a group id.
const DIM_CHARS: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum GroupError {
    #[error("'{value}' is not a group dimension (use subject, type, consumer, reason, error)")]
    Dimension { value: String },
    #[error("'{value}' is not a group id (the first column of `evt dlq ls`)")]
    Id { value: String },
}

impl Default for GroupBy {
    fn default() -> Self {
        GroupBy(CONSUMER | REASON | ERROR)
    }
}

impl GroupBy {
    /// `subject,error`: a comma-separated list of dimensions.
    pub fn parse(s: &str) -> Result<GroupBy, GroupError> {
        let mut bits = 0u8;
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bit = DIM_NAMES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(part))
                .map(|(_, b)| *b)
                .ok_or_else(|| GroupError::Dimension {
                    value: part.to_string(),
                })?;
            bits |= bit;
        }
        if bits == 0 {
            return Err(GroupError::Dimension {
                value: s.to_string(),
            });
        }
        Ok(GroupBy(bits))
    }

    pub fn has(&self, dim: &str) -> bool {
        DIM_NAMES.iter().any(|(n, b)| *n == dim && self.0 & b != 0)
    }

    /// The dimension names, in table order.
    pub fn names(&self) -> Vec<&'static str> {
        DIM_NAMES
            .iter()
            .filter(|(_, b)| self.0 & b != 0)
            .map(|(n, _)| *n)
            .collect()
    }

    fn id_char(&self) -> char {
        DIM_CHARS[usize::from(self.0 & 31)] as char
    }

    fn from_id_char(c: char) -> Option<GroupBy> {
        let i = DIM_CHARS.iter().position(|&d| d as char == c)?;
        (i > 0).then_some(GroupBy(i as u8))
    }
}

/// A group id as given to `--group`: the dimensions it was computed over, and the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupId {
    pub by: GroupBy,
    pub id: String,
}

impl GroupId {
    pub fn parse(s: &str) -> Result<GroupId, GroupError> {
        let s = s.trim().to_ascii_lowercase();
        let bad = || GroupError::Id { value: s.clone() };
        let mut chars = s.chars();
        let by = chars
            .next()
            .and_then(GroupBy::from_id_char)
            .ok_or_else(bad)?;
        let rest = chars.as_str();
        if rest.len() != 8 || !rest.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        Ok(GroupId { by, id: s })
    }

    pub fn matches(&self, entry: &Entry, limits: &Limits) -> bool {
        GroupKey::of(entry, self.by, limits).id() == self.id
    }
}

/// The values of one group's dimensions (unused ones empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GroupKey {
    pub by: GroupBy,
    pub parked: bool,
    pub subject: String,
    pub event_type: String,
    pub consumer: String,
    pub reason: String,
    /// The normalised error.
    pub error: String,
}

impl GroupKey {
    pub fn of(entry: &Entry, by: GroupBy, limits: &Limits) -> GroupKey {
        let on = |bit: u8| by.0 & bit != 0;
        let parked = is_parked_subject(&entry.dlq_subject);
        match &entry.letter {
            Ok(dl) => GroupKey {
                by,
                parked,
                subject: if on(SUBJECT) {
                    dl.original_subject.clone()
                } else {
                    String::new()
                },
                event_type: if on(TYPE) {
                    event_type_of(dl, limits).unwrap_or_else(|| "-".into())
                } else {
                    String::new()
                },
                consumer: if on(CONSUMER) {
                    dl.consumer.clone()
                } else {
                    String::new()
                },
                reason: if on(REASON) {
                    dl.reason.as_str().to_string()
                } else {
                    String::new()
                },
                error: if on(ERROR) {
                    normalise_error(&dl.error)
                } else {
                    String::new()
                },
            },
            // Not a dead letter: one group per problem, whatever the dimensions.
            Err(problem) => GroupKey {
                by,
                parked,
                subject: entry.dlq_subject.clone(),
                event_type: "-".into(),
                consumer: "-".into(),
                reason: "not a dead letter".into(),
                error: normalise_error(&problem.to_string()),
            },
        }
    }

    /// Dimension character and 8 hex digits of a stable hash (FNV-1a, fixed here so an
    /// upgrade of the standard library cannot change the ids).
    pub fn id(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |s: &str| {
            for b in s.bytes().chain(std::iter::once(0xff)) {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        feed(if self.parked { "parked" } else { "live" });
        for f in [
            &self.subject,
            &self.event_type,
            &self.consumer,
            &self.reason,
            &self.error,
        ] {
            feed(f);
        }
        format!("{}{:08x}", self.by.id_char(), (h ^ (h >> 32)) as u32)
    }
}

/// Mask what varies between occurrences of one failure: uuids become `<uuid>`, hex ids
/// (`0x…`, or 8+ hex digits with a digit among them) `<hex>`, and digit runs `<n>`.
pub fn normalise_error(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_alphanumeric() {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(rest.len());
            mask_word(&rest[..len], &mut out);
            rest = &rest[len..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

fn is_uuid(w: &str) -> bool {
    let parts: Vec<&str> = w.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_hex_id(w: &str) -> bool {
    if let Some(h) = w.strip_prefix("0x").or_else(|| w.strip_prefix("0X")) {
        return !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit());
    }
    w.len() >= 8
        && w.bytes().all(|b| b.is_ascii_hexdigit())
        && w.bytes().any(|b| b.is_ascii_digit())
}

/// One word of letters, digits and dashes (a uuid is one word).
fn mask_word(w: &str, out: &mut String) {
    if is_uuid(w) {
        out.push_str("<uuid>");
        return;
    }
    for (i, part) in w.split('-').enumerate() {
        if i > 0 {
            out.push('-');
        }
        if is_hex_id(part) {
            out.push_str("<hex>");
            continue;
        }
        let mut digits = false;
        for c in part.chars() {
            if c.is_ascii_digit() {
                if !digits {
                    out.push_str("<n>");
                }
                digits = true;
            } else {
                digits = false;
                out.push(c);
            }
        }
    }
}

/// One group's figures.
#[derive(Debug, Clone)]
pub struct GroupStats {
    pub key: GroupKey,
    pub id: String,
    pub count: u64,
    pub first_failed: time::OffsetDateTime,
    pub last_failed: time::OffsetDateTime,
    /// The first entry's DLQ sequence: `evt dlq show` it to see one.
    pub example_seq: u64,
    /// The first entry's error as it was, before masking.
    pub example_error: String,
}

/// Groups entries as they stream by. Memory is one record per group, at most `max_groups`;
/// entries of further groups are counted in `overflow` (narrow the filter to see them).
#[derive(Debug)]
pub struct Summary {
    by: GroupBy,
    max_groups: usize,
    groups: std::collections::HashMap<GroupKey, GroupStats>,
    pub overflow: u64,
    pub total: u64,
}

/// Enough for any real incident; a DLQ whose errors defeat the masking stays bounded.
pub const MAX_GROUPS: usize = 10_000;

impl Summary {
    pub fn new(by: GroupBy, max_groups: usize) -> Summary {
        Summary {
            by,
            max_groups,
            groups: Default::default(),
            overflow: 0,
            total: 0,
        }
    }

    pub fn add(&mut self, entry: &Entry, limits: &Limits) {
        self.total += 1;
        let key = GroupKey::of(entry, self.by, limits);
        let at = entry
            .letter
            .as_ref()
            .map(|d| d.failed_at)
            .unwrap_or(entry.stored_at);
        if let Some(g) = self.groups.get_mut(&key) {
            g.count += 1;
            g.first_failed = g.first_failed.min(at);
            g.last_failed = g.last_failed.max(at);
            return;
        }
        if self.groups.len() >= self.max_groups {
            self.overflow += 1;
            return;
        }
        let example_error = match &entry.letter {
            Ok(dl) => dl.error.clone(),
            Err(p) => p.to_string(),
        };
        let id = key.id();
        self.groups.insert(
            key.clone(),
            GroupStats {
                key,
                id,
                count: 1,
                first_failed: at,
                last_failed: at,
                example_seq: entry.dlq_seq,
                example_error,
            },
        );
    }

    /// Live groups then parked ones, each by count (largest first), then id.
    pub fn into_groups(self) -> Vec<GroupStats> {
        let mut v: Vec<GroupStats> = self.groups.into_values().collect();
        v.sort_by(|a, b| {
            (a.key.parked, std::cmp::Reverse(a.count), &a.id).cmp(&(
                b.key.parked,
                std::cmp::Reverse(b.count),
                &b.id,
            ))
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_numbers_uuids_and_hex() {
        assert_eq!(
            normalise_error("order 123 not found"),
            normalise_error("order 456 not found")
        );
        assert_eq!(
            normalise_error("order 123 not found"),
            "order <n> not found"
        );
        assert_eq!(
            normalise_error("event 0b6f7c1e-3f0a-4c1d-9a8e-1d2c3b4a5f6e rejected"),
            "event <uuid> rejected"
        );
        assert_eq!(normalise_error("addr 0xdeadBEEF bad"), "addr <hex> bad");
        assert_eq!(
            normalise_error("tx 9f86d081884c7d65 stuck"),
            "tx <hex> stuck"
        );
        assert_eq!(
            normalise_error("id o-17 (try 3/5)"),
            "id o-<n> (try <n>/<n>)"
        );
        assert_eq!(
            normalise_error("order-auditor failed"),
            "order-auditor failed"
        );
        assert_eq!(normalise_error("décalage 12€"), "décalage <n>€");
    }

    #[test]
    fn dimensions_parse_and_ids_carry_them() {
        assert!(GroupBy::parse("subject,error").unwrap().has("subject"));
        assert!(GroupBy::parse("bogus").is_err());
        assert!(GroupBy::parse("").is_err());
        let by = GroupBy::parse("consumer, reason,error").unwrap();
        assert_eq!(by, GroupBy::default());
        let key = GroupKey {
            by,
            parked: false,
            subject: String::new(),
            event_type: String::new(),
            consumer: "c".into(),
            reason: "fatal".into(),
            error: "x <n>".into(),
        };
        let id = key.id();
        assert_eq!(id.len(), 9);
        assert_eq!(id, key.clone().id(), "stable");
        let parsed = GroupId::parse(&id).unwrap();
        assert_eq!(parsed.by, by);
        let parked = GroupKey {
            parked: true,
            ..key
        };
        assert_ne!(parked.id(), id, "parked entries are a group apart");
        assert!(GroupId::parse("zzz").is_err());
        assert!(GroupId::parse("0abcdef01").is_err());
    }
}

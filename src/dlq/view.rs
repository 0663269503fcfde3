//! Dead letters as data: the JSON object `evt dlq ls -o json` prints per entry (every field,
//! payload in base64), and the short forms a table shows.

use async_nats::HeaderMap;
use base64::Engine as _;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::select::{event_id_of, event_type_of};
use super::store::Entry;
use crate::wire::Limits;

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// Headers as `{name: value}`, or `{name: [values]}` for a repeated header.
pub fn headers_json(h: &HeaderMap) -> Value {
    let mut m = Map::new();
    for (name, values) in h.iter() {
        let name: &str = name.as_ref();
        let vals: Vec<Value> = values.iter().map(|v| Value::from(v.as_str())).collect();
        let v = if vals.len() == 1 {
            vals.into_iter().next().unwrap_or(Value::Null)
        } else {
            Value::Array(vals)
        };
        m.insert(name.to_string(), v);
    }
    Value::Object(m)
}

/// Every field of an entry; `age_s` is relative to `now`.
pub fn entry_json(e: &Entry, now: OffsetDateTime, limits: &Limits) -> Value {
    let b64 = base64::engine::general_purpose::STANDARD;
    match &e.letter {
        Ok(dl) => json!({
            "dlq_seq": e.dlq_seq,
            "dlq_subject": e.dlq_subject,
            "stored_at": rfc3339(e.stored_at),
            "dead_letter": true,
            "original_subject": dl.original_subject,
            "stream": dl.stream,
            "stream_seq": dl.stream_seq,
            "consumer": dl.consumer,
            "deliveries": dl.deliveries,
            "reason": dl.reason.as_str(),
            "error": dl.error,
            "failed_at": rfc3339(dl.failed_at),
            "age_s": (now - dl.failed_at).whole_seconds().max(0),
            "event_type": event_type_of(dl, limits),
            "event_id": event_id_of(dl, limits),
            "original_msg_id": dl.original_msg_id,
            "headers": headers_json(&dl.headers),
            "payload_base64": b64.encode(&dl.payload),
            "payload_len": dl.payload.len(),
        }),
        Err(problem) => json!({
            "dlq_seq": e.dlq_seq,
            "dlq_subject": e.dlq_subject,
            "stored_at": rfc3339(e.stored_at),
            "dead_letter": false,
            "problem": problem.to_string(),
            "age_s": (now - e.stored_at).whole_seconds().max(0),
            "headers": headers_json(&e.raw_headers),
            "payload_base64": b64.encode(&e.raw_payload),
            "payload_len": e.raw_payload.len(),
        }),
    }
}

/// `42s`, `17m`, `3h`, `2d`: an age at a glance.
pub fn short_age(d: time::Duration) -> String {
    let s = d.whole_seconds().max(0);
    match s {
        0..=119 => format!("{s}s"),
        120..=7199 => format!("{}m", s / 60),
        7200..=172_799 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86_400),
    }
}

/// At most `max` characters, single line, with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_and_truncation() {
        assert_eq!(short_age(time::Duration::seconds(42)), "42s");
        assert_eq!(short_age(time::Duration::minutes(17)), "17m");
        assert_eq!(short_age(time::Duration::hours(3)), "3h");
        assert_eq!(short_age(time::Duration::days(9)), "9d");
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdefgh", 5), "abcd…");
        assert_eq!(truncate("a\nb", 5), "a b");
    }

    #[test]
    fn repeated_headers_become_arrays() {
        let mut h = HeaderMap::new();
        h.insert("a", "1");
        h.append("b", "1");
        h.append("b", "2");
        let v = headers_json(&h);
        assert_eq!(v["a"], "1");
        assert_eq!(v["b"], json!(["1", "2"]));
    }
}

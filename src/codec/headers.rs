//! The header map of an outgoing event, built from a per-thread template.
//!
//! async-nats takes a `HeaderMap`, a SipHash `HashMap` that starts empty. Filling one with
//! evt's eight or nine headers grew its table three times and re-hashed every header at each
//! growth: in a profile of `evt publish --file` that growth alone was 11% of the process.
//! A clone keeps the table's size and hashes nothing, so each event's map is a clone of a
//! template that already holds the headers every event of its kind shares (`event-type`,
//! `source`, `compressed`, `event-schema`, `-H` extras) and an empty slot for each header
//! that differs per event; the event's own values are appended into those slots.
//!
//! A slot is a name with an empty value list, which the client writes as nothing. Every slot
//! a template has is filled (the template is chosen by which optional headers the event
//! has), so a map handed to the client never holds an empty slot.

use std::cell::RefCell;

use async_nats::header::{HeaderName, HeaderValue};
use async_nats::HeaderMap;

use super::CodecError;
use crate::event::header;

pub(crate) const EVENT_ID: HeaderName = HeaderName::from_static(header::EVENT_ID);
pub(crate) const EVENT_TYPE: HeaderName = HeaderName::from_static(header::EVENT_TYPE);
pub(crate) const SOURCE: HeaderName = HeaderName::from_static(header::SOURCE);
pub(crate) const TIMESTAMP: HeaderName = HeaderName::from_static(header::TIMESTAMP);
pub(crate) const COMPRESSED: HeaderName = HeaderName::from_static(header::COMPRESSED);
pub(crate) const CORRELATION_ID: HeaderName = HeaderName::from_static(header::CORRELATION_ID);
pub(crate) const TRACEPARENT: HeaderName = HeaderName::from_static(header::TRACEPARENT);
pub(crate) const MSG_ID: HeaderName = HeaderName::from_static(header::MSG_ID);
pub(crate) const SCHEMA: HeaderName = HeaderName::from_static(header::SCHEMA);

/// Templates kept per thread: enough for a service publishing a handful of event types
/// from a handful of sources; past that the oldest is rebuilt when next needed.
const KEPT: usize = 8;

/// What makes two events' shared headers the same.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Shared<'a> {
    pub event_type: &'a str,
    pub source: &'a str,
    pub compressed: bool,
    pub schema: Option<&'a str>,
    pub extra: &'a [(String, String)],
    pub correlation: bool,
    pub traceparent: bool,
}

struct Template {
    event_type: String,
    source: String,
    compressed: bool,
    schema: Option<String>,
    extra: Vec<(String, String)>,
    correlation: bool,
    traceparent: bool,
    map: HeaderMap,
    /// The shared headers as packed lines (see [`HeaderSnapshot`]).
    text: String,
}

impl Template {
    fn matches(&self, s: &Shared<'_>) -> bool {
        self.compressed == s.compressed
            && self.correlation == s.correlation
            && self.traceparent == s.traceparent
            && self.event_type == s.event_type
            && self.source == s.source
            && self.schema.as_deref() == s.schema
            && self.extra == s.extra
    }

    fn build(s: &Shared<'_>) -> Result<Self, CodecError> {
        // The one way to make a name with no value is the map's serde form. Should that form
        // ever change, the map starts without slots: appending still inserts, only slower.
        let mut slots = vec![header::EVENT_ID, header::TIMESTAMP, header::MSG_ID];
        if s.correlation {
            slots.push(header::CORRELATION_ID);
        }
        if s.traceparent {
            slots.push(header::TRACEPARENT);
        }
        let empty: serde_json::Map<String, serde_json::Value> = slots
            .into_iter()
            .map(|n| (n.to_string(), serde_json::Value::Array(Vec::new())))
            .collect();
        let mut map: HeaderMap =
            serde_json::from_value(serde_json::Value::Object(empty)).unwrap_or_default();
        let mut text = HeaderSnapshot::default();
        let mut shared = |name: HeaderName, v: &str| -> Result<(), CodecError> {
            let k: &str = name.as_ref();
            let hv = value(k, v)?;
            text.push(k, v);
            map.append(name, hv);
            Ok(())
        };
        shared(EVENT_TYPE, s.event_type)?;
        shared(SOURCE, s.source)?;
        shared(COMPRESSED, if s.compressed { "true" } else { "false" })?;
        if let Some(id) = s.schema {
            shared(SCHEMA, id)?;
        }
        for (k, v) in s.extra {
            if header::CONTRACT.iter().any(|c| c.eq_ignore_ascii_case(k)) {
                return Err(CodecError::ReservedHeader { name: k.clone() });
            }
            let name: HeaderName = k
                .parse()
                .map_err(|_| CodecError::BadHeaderName { name: k.clone() })?;
            shared(name, v)?;
        }
        Ok(Template {
            event_type: s.event_type.to_string(),
            source: s.source.to_string(),
            compressed: s.compressed,
            schema: s.schema.map(str::to_string),
            extra: s.extra.to_vec(),
            correlation: s.correlation,
            traceparent: s.traceparent,
            map,
            text: text.text,
        })
    }
}

thread_local! {
    static TEMPLATES: RefCell<Vec<Template>> = const { RefCell::new(Vec::new()) };
}

/// An event's headers being built: the map for the client and the same lines packed for a
/// resend, started from the template of their shared part.
pub(crate) struct Building {
    map: HeaderMap,
    text: HeaderSnapshot,
}

/// Start an event's headers from the template for `s`; `room` is about how many bytes of
/// per-event lines will be added.
pub(crate) fn start(s: &Shared<'_>, room: usize) -> Result<Building, CodecError> {
    TEMPLATES.with(|kept| {
        let mut kept = kept.borrow_mut();
        let i = match kept.iter().position(|t| t.matches(s)) {
            Some(i) => i,
            None => {
                let t = Template::build(s)?;
                if kept.len() >= KEPT {
                    kept.remove(0);
                }
                kept.push(t);
                kept.len() - 1
            }
        };
        let t = &kept[i];
        let mut text = String::with_capacity(t.text.len() + room);
        text.push_str(&t.text);
        Ok(Building {
            map: t.map.clone(),
            text: HeaderSnapshot { text },
        })
    })
}

impl Building {
    /// Fill one of the template's slots (or add a header it has no slot for).
    pub(crate) fn add(&mut self, name: HeaderName, v: &str) -> Result<(), CodecError> {
        let k: &str = name.as_ref();
        let hv = value(k, v)?;
        self.text.push(k, v);
        self.map.append(name, hv);
        Ok(())
    }

    pub(crate) fn finish(self) -> (HeaderMap, HeaderSnapshot) {
        (self.map, self.text)
    }
}

/// A message's headers packed into one string (`name: value\r\n` per value, as on the wire),
/// kept to rebuild the map for a resend: async-nats consumes the map it sends. Names cannot
/// hold ':' and values cannot hold CR or LF (the client refuses both), so the text splits
/// back unambiguously. Its length also gives the message's wire size without walking the map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HeaderSnapshot {
    text: String,
}

impl HeaderSnapshot {
    /// The snapshot of a map evt did not build (a dead letter being replayed, a raw send).
    pub(crate) fn of(headers: &HeaderMap) -> Self {
        let mut text = String::with_capacity(crate::publisher::wire_size(headers, 0));
        for (k, vs) in headers.iter() {
            for v in vs {
                let k: &str = k.as_ref();
                push_line(&mut text, k, v.as_str());
            }
        }
        Self { text }
    }

    fn push(&mut self, name: &str, value: &str) {
        push_line(&mut self.text, name, value);
    }

    pub(crate) fn rebuild(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in self.text.split_terminator("\r\n") {
            if let Some((name, value)) = line.split_once(": ") {
                headers.append(name, value);
            }
        }
        headers
    }

    /// The header block's size as the server counts it against `max_payload`: the
    /// `NATS/1.0` line, these lines and the blank line; nothing for a message without headers.
    pub(crate) fn wire_len(&self) -> usize {
        if self.text.is_empty() {
            0
        } else {
            "NATS/1.0\r\n".len() + self.text.len() + "\r\n".len()
        }
    }
}

fn push_line(text: &mut String, name: &str, value: &str) {
    text.push_str(name);
    text.push_str(": ");
    text.push_str(value);
    text.push_str("\r\n");
}

/// A header value, refused with the header's name if it would break the header block.
pub(crate) fn value(name: &str, v: &str) -> Result<HeaderValue, CodecError> {
    v.parse::<HeaderValue>()
        .map_err(|_| CodecError::BadHeaderValue {
            name: name.to_string(),
            value: v.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared<'a>(extra: &'a [(String, String)]) -> Shared<'a> {
        Shared {
            event_type: "ORDER_FILLED",
            source: "oms",
            compressed: false,
            schema: Some("ORDER_FILLED@sha256:0011223344556677"),
            extra,
            correlation: true,
            traceparent: true,
        }
    }

    fn template(s: &Shared<'_>) -> Result<HeaderMap, CodecError> {
        start(s, 0).map(|b| b.finish().0)
    }

    #[test]
    fn a_template_holds_the_shared_headers_and_an_empty_slot_per_event_header() {
        let extra = vec![("x-desk".to_string(), "fx".to_string())];
        let t = template(&shared(&extra)).unwrap();
        assert_eq!(t.get(header::EVENT_TYPE).unwrap().as_str(), "ORDER_FILLED");
        assert_eq!(t.get(header::SOURCE).unwrap().as_str(), "oms");
        assert_eq!(t.get(header::COMPRESSED).unwrap().as_str(), "false");
        assert_eq!(t.get("x-desk").unwrap().as_str(), "fx");
        for slot in [
            header::EVENT_ID,
            header::TIMESTAMP,
            header::MSG_ID,
            header::CORRELATION_ID,
            header::TRACEPARENT,
        ] {
            assert!(t.get(slot).is_none(), "{slot} has a value in the template");
            assert_eq!(t.get_all(slot).count(), 0, "{slot}");
        }
        assert_eq!(t.len(), 10);
    }

    #[test]
    fn templates_differ_by_every_shared_part() {
        let none: &[(String, String)] = &[];
        let base = template(&shared(none)).unwrap();
        let other_source = template(&Shared {
            source: "risk",
            ..shared(none)
        })
        .unwrap();
        assert_eq!(other_source.get(header::SOURCE).unwrap().as_str(), "risk");
        let gz = template(&Shared {
            compressed: true,
            ..shared(none)
        })
        .unwrap();
        assert_eq!(gz.get(header::COMPRESSED).unwrap().as_str(), "true");
        let bare = template(&Shared {
            correlation: false,
            traceparent: false,
            schema: None,
            ..shared(none)
        })
        .unwrap();
        assert_eq!(bare.len(), 6);
        assert_eq!(base.len(), 9);
        // Still served from the cache after more kinds than it keeps.
        for i in 0..(KEPT + 2) {
            let src = format!("s{i}");
            let t = template(&Shared {
                source: &src,
                ..shared(none)
            })
            .unwrap();
            assert_eq!(t.get(header::SOURCE).unwrap().as_str(), src);
        }
    }

    #[test]
    fn a_reserved_or_broken_extra_header_is_refused_by_name() {
        let reserved = vec![("Event-Type".to_string(), "x".to_string())];
        assert!(matches!(
            template(&shared(&reserved)),
            Err(CodecError::ReservedHeader { name }) if name == "Event-Type"
        ));
        let broken = vec![("x-ok".to_string(), "a\r\nb".to_string())];
        assert!(matches!(
            template(&shared(&broken)),
            Err(CodecError::BadHeaderValue { name, .. }) if name == "x-ok"
        ));
    }
    #[test]
    fn header_snapshot_rebuilds_the_same_map_for_a_retry() {
        let mut h = HeaderMap::new();
        h.insert("event-id", "abc");
        h.insert(header::MSG_ID, "abc");
        h.insert("traceparent", "00-1-2-01");
        h.append("x-multi", "one");
        h.append("x-multi", "two");
        h.insert("empty", "");
        assert_eq!(HeaderSnapshot::of(&h).rebuild(), h);
        assert_eq!(
            HeaderSnapshot::of(&HeaderMap::new()).rebuild(),
            HeaderMap::new()
        );
    }

    #[test]
    fn an_events_snapshot_holds_exactly_its_map_and_gives_its_wire_size() {
        let none: &[(String, String)] = &[];
        let mut b = start(&shared(none), 0).unwrap();
        b.add(EVENT_ID, "e-1").unwrap();
        b.add(MSG_ID, "e-1").unwrap();
        b.add(TIMESTAMP, "2024-01-15T09:15:00+00:00").unwrap();
        b.add(CORRELATION_ID, "c-1").unwrap();
        b.add(
            TRACEPARENT,
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        )
        .unwrap();
        let (map, snap) = b.finish();
        assert_eq!(snap.rebuild(), map);
        assert!(map.iter().all(|(_, vs)| vs.len() == 1), "{map:?}");
        assert_eq!(snap.wire_len(), crate::publisher::wire_size(&map, 0));
        assert_eq!(HeaderSnapshot::default().wire_len(), 0);
        assert!(matches!(
            start(&shared(none), 0).unwrap().add(EVENT_ID, "a\nb"),
            Err(CodecError::BadHeaderValue { name, .. }) if name == header::EVENT_ID
        ));
    }
}

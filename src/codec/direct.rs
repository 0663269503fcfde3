//! Preparing an event straight from the JSON text a user wrote, for `publish --file`'s hot
//! path: the body is parsed field by field, each field checked by its own validator
//! ([`FieldChecks`]), the envelope filled, and the wire body written, without building the
//! body as one `Value` map (a hash of every key, a table to grow and free per event).
//!
//! It only ever says yes: any input it is not sure of (a parse error, an unknown type, a
//! duplicate key, a schema that cannot be split, any violation at all) is answered with
//! `None`, and the caller takes the whole-document path, [`EventFactory::prepare`], which
//! gives the same result and, on invalid input, the error message. The bytes it writes are the
//! bytes that path writes: the same `Value` per field, serialised by the same serde_json, in
//! the same order (envelope first, then the body's fields as written). Tests hold both paths
//! to the same output on the same input.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer as _, MapAccess, Visitor};
use serde_json::Value;

use super::walk::{FieldWalk, Step};
use super::{EventFactory, Prepared};
use crate::event::{field, Timestamp};
use crate::schema::fields::FieldChecks;
use crate::schema::{check_envelope, Mode, Violations};

/// A body with more fields than this takes the whole-document path (the duplicate check is
/// quadratic in undeclared fields). A schema with more declared fields has no split at all
/// (`FieldChecks` tracks them in a 64-bit mask).
pub(super) const MAX_FIELDS: usize = 64;

impl EventFactory {
    /// [`EventFactory::prepare`] and the wire body from JSON text, or `None` when this path
    /// cannot vouch for the input (see the module doc). Never an error: the caller falls back.
    pub(crate) fn prepare_text(&self, text: &[u8], defaults: &super::Defaults) -> Option<Prepared> {
        let entries = entries(std::str::from_utf8(text).ok()?)?;
        let event_type = entries.iter().find_map(|(k, v)| match v {
            Value::String(t) if k == field::EVENT_TYPE => Some(t.as_str()),
            _ => None,
        })?;
        let checks = self.registry.get(event_type)?.field_checks(Mode::Strict)?;
        Fill::new(checks, defaults).run(entries)
    }
}

/// The envelope as the body gives it, then as filled.
struct Fill<'c> {
    checks: &'c FieldChecks,
    defaults: &'c super::Defaults,
    /// Declared fields seen (by index).
    seen: u64,
    event_id: Option<String>,
    event_type: Option<String>,
    timestamp: Option<String>,
    source: Option<String>,
    correlation_id: Option<String>,
}

impl<'c> Fill<'c> {
    fn new(checks: &'c FieldChecks, defaults: &'c super::Defaults) -> Self {
        Self {
            checks,
            defaults,
            seen: 0,
            event_id: None,
            event_type: None,
            timestamp: None,
            source: None,
            correlation_id: None,
        }
    }

    fn run(mut self, entries: Vec<(Cow<'_, str>, Value)>) -> Option<Prepared> {
        let mut keep = Vec::with_capacity(entries.len());
        let mut walk = FieldWalk::new(self.checks);
        for (k, v) in entries {
            match walk.step(&k) {
                // A repeated key keeps its first place but its last value in the map the
                // whole-document path builds; that path handles it.
                Step::Decline => return None,
                Step::Declared(at) => {
                    if v.is_null() {
                        // `null` in an optional field means absent; in a required one the
                        // whole-document path reports it.
                        if self.checks.is_required(at) {
                            return None;
                        }
                        continue;
                    }
                    if k == field::CORRELATION_ID && self.defaults.correlation_id.is_some() {
                        // `--correlation-id` replaces the body's, which is then not checked.
                        continue;
                    }
                    if !self.checks.accepts(at, &v) {
                        return None;
                    }
                    if let Some(slot) = self.slot(&k) {
                        let Value::String(s) = v else { return None };
                        *slot = Some(s);
                        continue;
                    }
                    keep.push((k, v));
                }
                Step::Undeclared => {
                    // `null` means absent, even for a field the schema does not know.
                    if v.is_null() {
                        continue;
                    }
                    if self.checks.is_closed() {
                        return None;
                    }
                    keep.push((k, v));
                }
            }
        }
        self.seen |= walk.present;
        self.fill()?;
        if !self.checks.required_present(self.seen) {
            return None;
        }
        let mut violations = Violations::default();
        check_envelope(
            self.timestamp.as_deref(),
            self.event_id.as_deref(),
            Mode::Strict,
            &mut violations,
        );
        if !violations.is_empty() {
            return None;
        }
        let json = self.write(&keep).ok()?;
        Some(Prepared {
            event_id: self.event_id?,
            event_type: self.event_type?,
            timestamp: self.timestamp?,
            source: self.source.unwrap_or_default(),
            correlation_id: self.correlation_id,
            json,
        })
    }

    fn slot(&mut self, name: &str) -> Option<&mut Option<String>> {
        Some(match name {
            field::EVENT_ID => &mut self.event_id,
            field::EVENT_TYPE => &mut self.event_type,
            field::TIMESTAMP => &mut self.timestamp,
            field::SOURCE => &mut self.source,
            field::CORRELATION_ID => &mut self.correlation_id,
            _ => return None,
        })
    }

    fn envelope(&self, name: &str) -> Option<&str> {
        match name {
            field::EVENT_ID => self.event_id.as_deref(),
            field::EVENT_TYPE => self.event_type.as_deref(),
            field::TIMESTAMP => self.timestamp.as_deref(),
            field::SOURCE => self.source.as_deref(),
            field::CORRELATION_ID => self.correlation_id.as_deref(),
            _ => None,
        }
    }

    /// What `prepare` fills in, each value checked by its field's validator as the whole
    /// document would check it (a schema may tighten `source`, say).
    fn fill(&mut self) -> Option<()> {
        if self.event_id.is_none() {
            let mut buf = uuid::Uuid::encode_buffer();
            let id = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut buf);
            self.event_id = Some(self.filled(field::EVENT_ID, id.to_string())?);
        }
        if self.timestamp.is_none() {
            self.timestamp = Some(self.filled(field::TIMESTAMP, Timestamp::now_utc_iso())?);
        }
        if self.source.is_none() && !self.defaults.source.is_empty() {
            let source = self.defaults.source.clone();
            self.source = Some(self.filled(field::SOURCE, source)?);
        }
        if let Some(c) = self.defaults.correlation_id.clone() {
            self.correlation_id = Some(self.filled(field::CORRELATION_ID, c)?);
        }
        Some(())
    }

    /// A filled value, checked, and its field marked present.
    fn filled(&mut self, name: &str, value: String) -> Option<String> {
        let (at, _) = self.checks.field(name)?;
        let v = Value::String(value);
        if !self.checks.accepts(at, &v) {
            return None;
        }
        self.seen |= 1u64 << at;
        match v {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The wire body: the envelope in wire order, then the other fields as written.
    fn write(&self, rest: &[(Cow<'_, str>, Value)]) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(512);
        out.push(b'{');
        let mut first = true;
        for name in field::ENVELOPE {
            if let Some(v) = self.envelope(name) {
                super::json_entry(&mut out, &mut first, name, v)?;
            }
        }
        for (k, v) in rest {
            super::json_entry(&mut out, &mut first, k, v)?;
        }
        out.push(b'}');
        Ok(out)
    }
}

/// The fields of JSON text that is one object (and nothing after it), in order, or `None`
/// for anything else. At most [`MAX_FIELDS`]; nesting within serde_json's recursion limit.
///
/// Read as `str`: serde_json then skips its UTF-8 check of each string, which the caller's
/// one check of the whole text already made.
pub(super) fn entries(text: &str) -> Option<Vec<(Cow<'_, str>, Value)>> {
    let first = text.bytes().find(|b| !b.is_ascii_whitespace())?;
    if first != b'{' {
        return None;
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let entries = de.deserialize_map(Entries).ok()?;
    de.end().ok()?;
    Some(entries)
}

/// A JSON object's fields in order, keys borrowed from the text where no escape needs
/// undoing.
struct Entries;

impl<'de> Visitor<'de> for Entries {
    type Value = Vec<(Cow<'de, str>, Value)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(16);
        while let Some(k) = a.next_key_seed(Key)? {
            if out.len() >= MAX_FIELDS {
                return Err(serde::de::Error::custom(
                    "too many fields for the direct path",
                ));
            }
            let v = a.next_value::<Value>()?;
            out.push((k, v));
        }
        Ok(out)
    }
}

/// A JSON key, borrowed from the text unless an escape had to be undone.
pub(super) struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use serde_json::{json, Map};

    use super::*;
    use crate::codec::Defaults;
    use crate::schema::SchemaRegistry;

    fn factory() -> EventFactory {
        EventFactory::new(Arc::new(SchemaRegistry::builtin().unwrap()))
    }

    /// The whole-document path, as a publisher takes it when the direct one declines.
    fn whole(f: &EventFactory, text: &str, d: &Defaults) -> Result<Prepared, String> {
        let v = crate::wire::parse_event_json(text.as_bytes()).map_err(|e| e.to_string())?;
        let e = f.prepare(v, d).map_err(|e| e.to_string())?;
        Prepared::from_event(e).map_err(|e| e.to_string())
    }

    /// Runs both paths on `text`. When the direct one answers, the whole-document one must
    /// accept the same input (given the id and timestamp the direct one filled) and write the
    /// same bytes. Returns (direct answered, whole-document accepted).
    fn both(f: &EventFactory, text: &str, d: &Defaults) -> (bool, bool) {
        let Some(p) = f.prepare_text(text.as_bytes(), d) else {
            return (false, whole(f, text, d).is_ok());
        };
        let mut body: Map<String, Value> = serde_json::from_str(text).unwrap();
        for (k, v) in [
            (field::EVENT_ID, &p.event_id),
            (field::TIMESTAMP, &p.timestamp),
        ] {
            if !body.contains_key(k) {
                body.insert(k.into(), json!(v));
            }
        }
        let filled = serde_json::to_string(&body).unwrap();
        let w =
            whole(f, &filled, d).unwrap_or_else(|e| panic!("direct accepted {text}, whole: {e}"));
        assert_eq!(
            String::from_utf8_lossy(&p.json),
            String::from_utf8_lossy(&w.json),
            "{text}"
        );
        assert_eq!(
            (
                &p.event_id,
                &p.event_type,
                &p.timestamp,
                &p.source,
                &p.correlation_id
            ),
            (
                &w.event_id,
                &w.event_type,
                &w.timestamp,
                &w.source,
                &w.correlation_id
            ),
            "{text}"
        );
        (true, true)
    }

    fn fixture_bodies() -> Vec<(String, Map<String, Value>, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/python");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let dir = entry.unwrap().path();
            let text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
            let body: Map<String, Value> = serde_json::from_str(&text).unwrap();
            // The payload as Python wrote it (spaces after separators), where it is plain.
            let raw = std::fs::read(dir.join("payload.bin")).unwrap();
            let python = match String::from_utf8(raw) {
                Ok(s) if s.starts_with('{') => s,
                _ => text.clone(),
            };
            out.push((dir.display().to_string(), body, python));
        }
        assert!(out.len() >= 10, "the Python fixtures are missing");
        out
    }

    /// What the two paths must agree on: every fixture as Python wrote it, and each field
    /// removed, made null, or given a value of another kind, plus an unknown field, under
    /// each set of defaults.
    #[test]
    fn the_direct_path_and_the_whole_document_agree_on_every_fixture_and_its_variants() {
        let f = factory();
        let defaults = [
            Defaults::default(),
            Defaults {
                source: "evt@test".into(),
                correlation_id: None,
            },
            Defaults {
                source: "evt@test".into(),
                correlation_id: Some("c-1".into()),
            },
        ];
        let odd = [
            json!(null),
            json!("x"),
            json!(""),
            json!(-1),
            json!(0),
            json!(1.5),
            json!(true),
            json!([]),
            json!({}),
            json!({"open": -1.0}),
            json!("NSE"),
            json!("2024-01-15T09:15:00+05:30"),
            json!("5f0c6c6e-3b7e-4c1e-9a53-2d7f0e6b1a01"),
        ];
        let (mut direct, mut cases) = (0, 0);
        for (name, body, python) in fixture_bodies() {
            let event_type = body[field::EVENT_TYPE].as_str().unwrap().to_string();
            let split = f
                .registry()
                .get(&event_type)
                .unwrap()
                .field_checks(Mode::Strict)
                .is_some();
            let mut variants = vec![python, serde_json::to_string(&body).unwrap()];
            for k in body.keys() {
                let mut b = body.clone();
                b.shift_remove(k);
                variants.push(serde_json::to_string(&b).unwrap());
                for v in &odd {
                    let mut b = body.clone();
                    b.insert(k.clone(), v.clone());
                    variants.push(serde_json::to_string(&b).unwrap());
                }
            }
            let mut b = body.clone();
            b.insert("quantiy".into(), json!(1));
            variants.push(serde_json::to_string(&b).unwrap());
            let mut b = body.clone();
            b.shift_remove(field::EVENT_ID);
            b.shift_remove(field::TIMESTAMP);
            b.shift_remove(field::SOURCE);
            variants.push(serde_json::to_string(&b).unwrap());
            for text in &variants {
                for d in &defaults {
                    let (fast, ok) = both(&f, text, d);
                    cases += 1;
                    direct += usize::from(fast);
                    if split {
                        // Not merely safe but used: every valid body of a split type takes it.
                        assert_eq!(fast, ok, "{name}: {text} under {d:?}");
                    } else {
                        assert!(!fast, "{name}: a type with top-level rules went direct");
                    }
                }
            }
        }
        assert!(
            direct > 100,
            "the direct path answered {direct} of {cases} cases"
        );
    }

    /// A user's schema (`--schemas DIR`) that leaves the top level open, tightens `source`,
    /// and refers to its own `$defs`: the parts the built-in types do not exercise.
    #[test]
    fn the_paths_agree_on_an_open_schema_with_local_references() {
        let mut reg = SchemaRegistry::builtin().unwrap();
        reg.insert(
            "DESK_NOTE",
            json!({
                "type": "object",
                "properties": {
                    "source": {"type": "string", "pattern": "^desk-"},
                    "levels": {"type": "array", "maxItems": 3, "items": {"$ref": "#/$defs/level"}},
                    "note": {"type": "string", "maxLength": 8}
                },
                "required": ["note"],
                "$defs": {"level": {"type": "object", "required": ["p"],
                    "properties": {"p": {"type": "number", "minimum": 0}}}}
            }),
            crate::schema::SchemaOrigin::Builtin,
        )
        .unwrap();
        let f = EventFactory::new(Arc::new(reg));
        assert!(f
            .registry()
            .get("DESK_NOTE")
            .unwrap()
            .field_checks(Mode::Strict)
            .is_some());
        let base = r#"{"event_type": "DESK_NOTE", "note": "hi", "levels": [{"p": 1.5}]"#;
        let cases = [
            format!("{base}}}"),
            format!("{base}, \"extra\": {{\"any\": [1, null]}}}}"),
            format!("{base}, \"extra\": null}}"),
            format!("{base}, \"extra\": 1, \"extra\": 2}}"),
            format!("{base}, \"source\": \"desk-7\"}}"),
            format!("{base}, \"source\": \"feed-7\"}}"),
            r#"{"event_type": "DESK_NOTE", "note": "hi", "levels": [{"q": 1}]}"#.to_string(),
            r#"{"event_type": "DESK_NOTE", "note": "too long a note"}"#.to_string(),
            r#"{"event_type": "DESK_NOTE", "levels": []}"#.to_string(),
        ];
        let mut answered = 0;
        for source in ["desk-a", "evt@host", ""] {
            let d = Defaults {
                source: source.into(),
                correlation_id: None,
            };
            for text in &cases {
                let dup = text.matches("\"extra\"").count() > 1;
                let (fast, ok) = both(&f, text, &d);
                answered += usize::from(fast);
                if dup {
                    assert!(!fast, "{text}");
                } else {
                    assert_eq!(fast, ok, "{text} with source {source:?}");
                }
            }
        }
        assert!(answered >= 4, "{answered}");
    }

    #[test]
    fn the_built_in_types_split_except_those_with_top_level_rules() {
        let f = factory();
        let unsplit: Vec<&str> = f
            .registry()
            .iter()
            .filter(|s| s.field_checks(Mode::Strict).is_none())
            .map(|s| s.event_type())
            .collect();
        // ORDER_PLACED's LIMIT/SL price rules are `allOf`/`if` over the whole body.
        assert_eq!(unsplit, ["ORDER_PLACED"]);
    }

    #[test]
    fn inputs_only_the_whole_document_path_can_word_are_declined() {
        let f = factory();
        let d = Defaults {
            source: "evt@test".into(),
            correlation_id: None,
        };
        let tick = r#"{"event_type": "MARKET_TICK", "instrument_token": 256265, "exchange": "NSE", "last_price": 100.05, "volume": 2}"#;
        assert!(f.prepare_text(tick.as_bytes(), &d).is_some());
        for text in [
            // A repeated key: the map keeps the first place and the last value.
            r#"{"event_type": "MARKET_TICK", "instrument_token": 1, "exchange": "NSE", "last_price": 1.0, "volume": 2, "volume": 3}"#,
            r#"{"event_type": "MARKET_TICK", "instrument_token": 1, "exchange": "NSE", "last_price": 1.0, "volume": 2} x"#,
            r#"{"event_type": "MARKET_TICK", "instrument_token": 1, "exchange": "nse", "last_price": 1.0, "volume": 2}"#,
            r#"{"event_type": "MARKET_TICKS", "instrument_token": 1}"#,
            r#"{"event_type": 7}"#,
            r#"[{"event_type": "MARKET_TICK"}]"#,
            r#"{"event_type": "MARKET_TICK", "instrument_token": 1, "exchange": "NSE", "last_price": 1.0, "volume": 2, "timestamp": "yesterday"}"#,
            r#"{"event_type": "MARKET_TICK", "instrument_token": 1, "exchange": "NSE", "last_price": 1.0, "volume": 2, "event_id": "not-a-uuid"}"#,
            "",
        ] {
            assert!(f.prepare_text(text.as_bytes(), &d).is_none(), "{text}");
        }
        // More fields than the direct path tracks, and nesting past serde_json's depth bound:
        // declined at once, left to the whole-document path and its bounded errors.
        let wide: String = (0..70).map(|i| format!(", \"x{i}\": {i}")).collect();
        let wide = format!("{}{wide}}}", &tick[..tick.len() - 1]);
        assert!(f.prepare_text(wide.as_bytes(), &d).is_none());
        let deep = format!(
            "{}, \"ohlc\": {}{}}}",
            &tick[..tick.len() - 1],
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert!(f.prepare_text(deep.as_bytes(), &d).is_none());
        // An escaped key means the same field and is written unescaped, as serde_json does.
        let escaped = r#"{"event_type": "MARKET_TICK", "instrument_token": 1, "\u0065xchange": "NSE", "last_price": 1.0, "volume": 2}"#;
        assert_eq!(both(&f, escaped, &d), (true, true));
    }
}

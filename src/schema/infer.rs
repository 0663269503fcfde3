//! Draft JSON Schemas inferred from sample events, per event type: the JSON types seen, the
//! fields always present (required), enums where a string field takes few values, closed
//! objects. A `null` is what Python writes for an absent optional field, so it makes a field
//! optional rather than adding a `null` type.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::event::field;

/// At most this many distinct values make an enum (and only when each was seen at least twice
/// on average, so that one sample of an id does not become an enum of one).
const ENUM_MAX: usize = 8;

#[derive(Debug, Default)]
struct Shape {
    /// Non-null observations.
    seen: u64,
    types: BTreeSet<&'static str>,
    /// Distinct string values, `None` once past [`ENUM_MAX`].
    strings: Option<BTreeSet<String>>,
    string_count: u64,
    /// Object fields: how often each was present and not null, and its shape.
    fields: BTreeMap<String, Shape>,
    objects: u64,
    items: Option<Box<Shape>>,
}

impl Shape {
    fn empty() -> Self {
        Shape {
            strings: Some(BTreeSet::new()),
            ..Default::default()
        }
    }

    fn add(&mut self, v: &Value, depth: usize) {
        if v.is_null() || depth > 32 {
            return;
        }
        self.seen += 1;
        match v {
            Value::Bool(_) => {
                self.types.insert("boolean");
            }
            Value::Number(n) => {
                self.types
                    .insert(if n.is_f64() { "number" } else { "integer" });
            }
            Value::String(s) => {
                self.types.insert("string");
                self.string_count += 1;
                if let Some(set) = &mut self.strings {
                    set.insert(s.clone());
                    if set.len() > ENUM_MAX {
                        self.strings = None;
                    }
                }
            }
            Value::Array(a) => {
                self.types.insert("array");
                let items = self.items.get_or_insert_with(|| Box::new(Shape::empty()));
                for x in a {
                    items.add(x, depth + 1);
                }
            }
            Value::Object(m) => {
                self.types.insert("object");
                self.add_fields(m, depth);
            }
            Value::Null => {}
        }
    }

    fn add_fields(&mut self, m: &Map<String, Value>, depth: usize) {
        self.objects += 1;
        for (k, v) in m {
            let s = self.fields.entry(k.clone()).or_insert_with(Shape::empty);
            s.add(v, depth + 1);
        }
    }

    fn schema(&self, skip: &[&str]) -> Value {
        let mut out = Map::new();
        let mut types: Vec<&str> = self.types.iter().copied().collect();
        if types.contains(&"integer") && types.contains(&"number") {
            types.retain(|t| *t != "integer");
        }
        match types.len() {
            0 => {}
            1 => {
                out.insert("type".into(), json!(types[0]));
            }
            _ => {
                out.insert("type".into(), json!(types));
            }
        }
        if let (Some(set), ["string"]) = (&self.strings, types.as_slice()) {
            if !set.is_empty() && self.string_count >= 2 * set.len() as u64 {
                out.insert("enum".into(), json!(set));
            }
        }
        if self.types.contains("object") {
            let mut props = Map::new();
            let mut required = Vec::new();
            for (k, s) in &self.fields {
                if skip.contains(&k.as_str()) {
                    continue;
                }
                props.insert(k.clone(), s.schema(&[]));
                if s.seen == self.objects {
                    required.push(k.clone());
                }
            }
            out.insert("properties".into(), Value::Object(props));
            if !required.is_empty() {
                out.insert("required".into(), json!(required));
            }
            out.insert("additionalProperties".into(), json!(false));
        }
        if let Some(items) = &self.items {
            if items.seen > 0 {
                out.insert("items".into(), items.schema(&[]));
            }
        }
        Value::Object(out)
    }
}

/// Event bodies in, one draft schema per `event_type` out.
#[derive(Debug, Default)]
pub struct Inferrer {
    types: BTreeMap<String, Shape>,
    /// Bodies that were not objects with a string `event_type`.
    pub skipped: u64,
}

impl Inferrer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, body: &Value) {
        let Some(m) = body.as_object() else {
            self.skipped += 1;
            return;
        };
        let Some(Value::String(t)) = m.get(field::EVENT_TYPE) else {
            self.skipped += 1;
            return;
        };
        let s = self.types.entry(t.clone()).or_insert_with(Shape::empty);
        s.seen += 1;
        s.types.insert("object");
        s.add_fields(m, 0);
    }

    /// `(event type, events seen, draft schema)`, by type name. The envelope fields are left
    /// out: evt adds them to every type.
    pub fn drafts(&self) -> Vec<(String, u64, Value)> {
        self.types
            .iter()
            .map(|(t, s)| {
                let mut doc = Map::new();
                doc.insert(
                    "$schema".into(),
                    json!("https://json-schema.org/draft/2020-12/schema"),
                );
                doc.insert("title".into(), json!(t));
                doc.insert(
                    "description".into(),
                    json!(format!("Draft inferred by `evt schemas infer` from {} event(s); review before use.", s.objects)),
                );
                if let Value::Object(m) = s.schema(field::ENVELOPE) {
                    doc.extend(m);
                }
                (t.clone(), s.objects, Value::Object(doc))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_types_enums_and_python_nulls() {
        let mut i = Inferrer::new();
        for (n, status, avg) in [
            (1, "FILLED", json!(1.5)),
            (2, "FILLED", json!(null)),
            (3, "PARTIAL", json!(2)),
            (4, "PARTIAL", json!(null)),
        ] {
            i.add(
                &json!({"event_id": "x", "event_type": "F", "timestamp": "t", "source": "s",
                "qty": n, "status": status, "avg": avg, "id": format!("O-{n}"), "tags": ["a"]}),
            );
        }
        i.add(&json!([1]));
        let d = i.drafts();
        assert_eq!((d.len(), d[0].1, i.skipped), (1, 4, 1));
        let s = &d[0].2;
        assert_eq!(s["required"], json!(["id", "qty", "status", "tags"]));
        assert_eq!(s["properties"]["qty"]["type"], "integer");
        assert_eq!(s["properties"]["avg"]["type"], "number");
        assert_eq!(
            s["properties"]["status"]["enum"],
            json!(["FILLED", "PARTIAL"])
        );
        assert!(s["properties"]["id"].get("enum").is_none());
        assert_eq!(s["properties"]["tags"]["items"]["type"], "string");
        assert_eq!(s["additionalProperties"], false);
        assert!(s["properties"].get("event_id").is_none());
    }
}

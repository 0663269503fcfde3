//! A strict schema split into one validator per top-level field, for schemas whose top level
//! says nothing but `properties`, `required` and a boolean `additionalProperties` (plus
//! annotations). For those, "the body is valid" is exactly "every declared field present is
//! valid under its own subschema, no undeclared field is present if the top level is closed,
//! and every required field is present", so a publisher can check an
//! event field by field as it parses it, without first building the body as one `Value` map.
//!
//! Each field's validator is jsonschema itself, compiled from the field's subschema (with the
//! document's `$defs`, so local references resolve as they do in the whole document). Where
//! the subschema is only scalar rules, a compiled check ([`super::scalar`]) answers instead,
//! without a `Value` or a jsonschema call; tests hold it to the validator's answer. A schema with
//! any other top-level keyword (`allOf`, `if`, `dependentRequired`, ...) or with a reference
//! that is not to its own `$defs` gets no split; its events take the whole-document path.

use jsonschema::{Draft, Validator};
use serde_json::{Map, Value};

use super::scalar::{Scalar, ScalarCheck};
use super::ANNOTATIONS;
use crate::event::field;

/// The per-field validators of one strict schema.
#[derive(Debug)]
pub struct FieldChecks {
    /// Declared fields in the document's order, each with its validator.
    fields: Vec<(String, Validator)>,
    /// By the same index: the field's check compiled for one scalar, where its subschema
    /// compiles (`schema::scalar`); the consumer's one-pass reader checks values with it.
    scalars: Vec<Option<ScalarCheck>>,
    /// Indexes into `fields` of the required ones.
    required: Vec<usize>,
    /// Indexes of `event_id`, `event_type` and `timestamp`, found once here rather than per
    /// message by the readers that keep their values.
    envelope: [Option<usize>; 3],
    /// `additionalProperties: false`: an undeclared field makes the body invalid.
    closed: bool,
}

impl FieldChecks {
    /// The split of `doc` (an effective strict schema), or `None` when it cannot be split
    /// without changing what it accepts.
    pub fn compile(doc: &Value) -> Option<Self> {
        let root = doc.as_object()?;
        for (k, v) in root {
            let fine = match k.as_str() {
                "type" => v.as_str() == Some("object"),
                "additionalProperties" => v.is_boolean(),
                "properties" | "required" => true,
                other => ANNOTATIONS.contains(&other),
            };
            if !fine {
                return None;
            }
        }
        let closed = root.get("additionalProperties") == Some(&Value::Bool(false));
        let defs = root.get("$defs");
        if root.contains_key("definitions") {
            return None;
        }
        let props = root.get("properties")?.as_object()?;
        // Which declared fields a body has is a 64-bit mask.
        if props.len() > 64 {
            return None;
        }
        let mut fields = Vec::with_capacity(props.len());
        let mut scalars = Vec::with_capacity(props.len());
        for (name, sub) in props {
            if !refs_local(sub) {
                return None;
            }
            let mut wrapped = Map::new();
            if let Some(d) = defs {
                wrapped.insert("$defs".into(), d.clone());
            }
            wrapped.insert("allOf".into(), Value::Array(vec![sub.clone()]));
            let validator = jsonschema::options()
                .with_draft(Draft::Draft202012)
                .build(&Value::Object(wrapped))
                .ok()?;
            fields.push((name.clone(), validator));
            scalars.push(ScalarCheck::compile(sub));
        }
        let mut required = Vec::new();
        for r in root
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            // A required field that is not declared is left to the whole-document path (and
            // its error message when the top level is closed).
            let i = fields
                .iter()
                .position(|(n, _)| Some(n.as_str()) == r.as_str())?;
            required.push(i);
        }
        let envelope = [field::EVENT_ID, field::EVENT_TYPE, field::TIMESTAMP]
            .map(|name| fields.iter().position(|(n, _)| n == name));
        Some(Self {
            fields,
            scalars,
            required,
            envelope,
            closed,
        })
    }

    /// The index and validator of a declared field.
    pub fn field(&self, name: &str) -> Option<(usize, &Validator)> {
        self.field_near(name, 0)
    }

    /// [`FieldChecks::field`], looking from index `guess` on first: a body written from the
    /// same schema lists its fields in the declared order (skipping absent optional ones), so
    /// a caller walking a body guesses the field after the last one it found and mostly
    /// compares a name or two, not the whole list.
    pub fn field_near(&self, name: &str, guess: usize) -> Option<(usize, &Validator)> {
        let n = self.fields.len();
        let guess = guess.min(n);
        // Forward, then back from the guess: a body in another order than the schema's (a
        // producer's own field order) mostly swaps neighbours, found a step or two back.
        (guess..n)
            .chain((0..guess).rev())
            .find(|&i| self.fields[i].0 == name)
            .map(|i| (i, &self.fields[i].1))
    }

    /// Whether `v` is valid for the field at `index`: its compiled scalar check when it has
    /// one and `v` is a scalar, else its validator.
    pub fn accepts(&self, index: usize, v: &Value) -> bool {
        match (&self.scalars[index], Scalar::of(v)) {
            (Some(check), Some(s)) => check.accepts(s),
            _ => self.fields[index].1.is_valid(v),
        }
    }

    /// Whether `body` is valid under the whole schema this split was made from (see the
    /// module doc for why the two answers are the same).
    pub fn valid_map(&self, body: &Map<String, Value>) -> bool {
        let (mut present, mut guess) = (0u64, 0);
        for (k, v) in body {
            match self.field_near(k, guess) {
                Some((at, _)) => {
                    if !self.accepts(at, v) {
                        return false;
                    }
                    present |= 1u64 << at;
                    guess = at + 1;
                }
                None if self.closed => return false,
                None => {}
            }
        }
        self.required_present(present)
    }

    /// The validator of the field at `index`, and its scalar check when it has one.
    pub fn checks_at(&self, index: usize) -> (&Validator, Option<&ScalarCheck>) {
        (&self.fields[index].1, self.scalars[index].as_ref())
    }

    /// The indexes of `event_id`, `event_type` and `timestamp`, in that order.
    pub fn envelope_at(&self) -> [Option<usize>; 3] {
        self.envelope
    }

    /// Whether every required field is in `present`, a mask of declared fields by index
    /// (bit `i` for field `i`; a split schema has at most 64).
    pub fn required_present(&self, present: u64) -> bool {
        self.required.iter().all(|&i| present & (1u64 << i) != 0)
    }

    pub fn is_required(&self, index: usize) -> bool {
        self.required.contains(&index)
    }

    /// Whether a field the schema does not declare makes the body invalid.
    pub fn is_closed(&self) -> bool {
        self.closed
    }
}

/// Whether every reference under `v` points into the document's `$defs` and nothing under it
/// sets a new base (`$id`), so the subschema means the same once lifted out.
fn refs_local(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().all(|(k, v)| match k.as_str() {
            "$ref" => v.as_str().is_some_and(|r| r.starts_with("#/$defs/")),
            "$id" | "$dynamicRef" | "$recursiveRef" | "$anchor" | "$dynamicAnchor" => false,
            _ => refs_local(v),
        }),
        Value::Array(a) => a.iter().all(refs_local),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Every compiled scalar check of every built-in schema, strict and tolerant, answers as
    /// the field's jsonschema validator does on a spread of values; and most fields compile.
    #[test]
    fn built_in_fields_check_as_their_validators_do() {
        let registry = crate::schema::SchemaRegistry::builtin().unwrap();
        let (mut compiled, mut fields) = (0, 0);
        for schema in registry.iter() {
            for mode in [crate::schema::Mode::Strict, crate::schema::Mode::Tolerant] {
                let Some(checks) = schema.field_checks(mode) else {
                    continue;
                };
                for (i, (name, validator)) in checks.fields.iter().enumerate() {
                    fields += 1;
                    let Some(check) = &checks.scalars[i] else {
                        continue;
                    };
                    compiled += 1;
                    for v in crate::schema::scalar::tests::spread() {
                        assert_eq!(
                            checks.accepts(i, &v),
                            validator.is_valid(&v),
                            "{} {name} on {v}",
                            schema.event_type()
                        );
                        if let Some(s) = Scalar::of(&v) {
                            assert_eq!(check.accepts(s), validator.is_valid(&v));
                        }
                    }
                }
            }
        }
        assert!(
            compiled * 10 >= fields * 7,
            "{compiled} of {fields} fields compiled"
        );
    }

    #[test]
    fn only_a_closed_top_level_of_properties_and_required_is_split() {
        let closed = json!({"type": "object", "title": "T",
            "properties": {"a": {"type": "integer"}, "b": {"type": "string"}},
            "required": ["a"], "additionalProperties": false});
        let c = FieldChecks::compile(&closed).expect("split");
        assert_eq!(c.field("b").map(|(i, _)| i), Some(1));
        assert!(c.is_required(0) && !c.is_required(1));
        assert!(c.field("b").is_some() && c.field("c").is_none());

        for extra in [
            json!({"allOf": [{"if": {"required": ["a"]}, "then": {"required": ["b"]}}]}),
            json!({"minProperties": 2}),
            json!({"additionalProperties": {"type": "string"}}),
            json!({"dependentRequired": {"a": ["b"]}}),
        ] {
            let mut doc = closed.clone();
            for (k, v) in extra.as_object().unwrap() {
                doc[k] = v.clone();
            }
            assert!(FieldChecks::compile(&doc).is_none(), "{extra}");
        }
        assert!(c.is_closed());
        let open = json!({"type": "object", "properties": {"a": {}}});
        assert!(!FieldChecks::compile(&open).expect("split").is_closed());
        let wide: serde_json::Map<String, Value> =
            (0..65).map(|i| (format!("f{i}"), json!({}))).collect();
        let wide = json!({"type": "object", "properties": wide});
        assert!(
            FieldChecks::compile(&wide).is_none(),
            "more than a 64-bit mask holds"
        );
        let undeclared = json!({"type": "object", "properties": {"a": {}},
            "required": ["z"], "additionalProperties": false});
        assert!(FieldChecks::compile(&undeclared).is_none());
    }

    #[test]
    fn local_defs_resolve_and_other_references_refuse_the_split() {
        let doc = json!({"type": "object", "additionalProperties": false,
            "properties": {"lv": {"type": "array", "items": {"$ref": "#/$defs/level"}}},
            "$defs": {"level": {"type": "object", "required": ["p"]}}});
        let c = FieldChecks::compile(&doc).expect("split");
        let (_, v) = c.field("lv").unwrap();
        assert!(v.is_valid(&json!([{"p": 1}])));
        assert!(!v.is_valid(&json!([{"q": 1}])));

        let elsewhere = json!({"type": "object", "additionalProperties": false,
            "properties": {"a": {"$ref": "#/properties/b"}, "b": {"type": "string"}}});
        assert!(FieldChecks::compile(&elsewhere).is_none());
    }
}

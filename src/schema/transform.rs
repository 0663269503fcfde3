//! Schema documents, rewritten at load time (once, not per event): the envelope added to a
//! type's own schema, and the tolerant reader's variant of it.

use serde_json::{json, Map, Value};

use crate::event::field;

/// The type's schema with the envelope fields added (first, in wire order) and required.
/// A file may tighten an envelope field (a `source` pattern, say) but not change the type.
pub(super) fn with_envelope(name: &str, doc: Value) -> Result<Value, String> {
    let Value::Object(mut root) = doc else {
        return Err("the schema must be a JSON object".into());
    };
    match root.get("type") {
        None => {
            root.insert("type".into(), json!("object"));
        }
        Some(Value::String(t)) if t == "object" => {}
        Some(other) => {
            return Err(format!(
                "an event schema must have \"type\": \"object\", not {other}"
            ))
        }
    }
    let own = match root.remove("properties") {
        None => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err("\"properties\" must be an object".into()),
    };
    if let Some(Value::Object(et)) = own.get(field::EVENT_TYPE) {
        if let Some(c) = et.get("const") {
            if c != name {
                return Err(format!(
                    "event_type is fixed to {c} but the file name says {name}"
                ));
            }
        }
    }
    let mut props = Map::with_capacity(own.len() + 5);
    let envelope = [
        (
            field::EVENT_ID,
            json!({"type": "string", "minLength": 1,
                   "description": "Unique id (a UUID; evt writes v4). Also sent as Nats-Msg-Id for de-duplication."}),
        ),
        (field::EVENT_TYPE, json!({"const": name})),
        (
            field::TIMESTAMP,
            json!({"type": "string",
                   "description": "ISO-8601 as Python's datetime.isoformat() writes it, e.g. 2024-01-15T09:15:00.123456+00:00; naive means UTC."}),
        ),
        (
            field::SOURCE,
            json!({"type": "string", "minLength": 1, "description": "Producer, e.g. order-router@host."}),
        ),
        (
            field::CORRELATION_ID,
            json!({"type": "string", "description": "Ties related events together (a signal and its orders)."}),
        ),
    ];
    for (k, v) in envelope {
        let v = match own.get(k) {
            Some(theirs) if k != field::EVENT_TYPE => theirs.clone(),
            _ => v,
        };
        props.insert(k.to_string(), v);
    }
    for (k, v) in own {
        if !props.contains_key(&k) {
            props.insert(k, v);
        }
    }
    let mut required: Vec<Value> = [
        field::EVENT_ID,
        field::EVENT_TYPE,
        field::TIMESTAMP,
        field::SOURCE,
    ]
    .iter()
    .map(|s| json!(s))
    .collect();
    match root.remove("required") {
        None => {}
        Some(Value::Array(theirs)) => {
            for r in theirs {
                if !r.is_string() {
                    return Err(format!("\"required\" lists {r}, which is not a field name"));
                }
                if !required.contains(&r) {
                    required.push(r);
                }
            }
        }
        Some(_) => return Err("\"required\" must be an array of field names".into()),
    }
    // Rebuild with a readable order for `evt schemas show`.
    let mut out = Map::with_capacity(root.len() + 2);
    for key in ["$schema", "$id", "title", "description", "type"] {
        if let Some(v) = root.remove(key) {
            out.insert(key.into(), v);
        }
    }
    out.insert("properties".into(), Value::Object(props));
    out.insert("required".into(), Value::Array(required));
    out.extend(root);
    Ok(Value::Object(out))
}

/// The tolerant reader's schema: unknown fields allowed at the top level, and `null`
/// accepted wherever a field is optional (Python writes absent optionals as `null`).
pub(super) fn tolerant(strict: &Value) -> Value {
    let mut doc = strict.clone();
    if let Value::Object(root) = &mut doc {
        root.remove("additionalProperties");
        root.remove("unevaluatedProperties");
    }
    nullable_optionals(&mut doc);
    doc
}

fn nullable_optionals(node: &mut Value) {
    let Value::Object(obj) = node else { return };
    let required: Vec<String> = match obj.get("required") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    if let Some(Value::Object(props)) = obj.get_mut("properties") {
        for (name, sub) in props.iter_mut() {
            nullable_optionals(sub);
            if !required.contains(name) {
                allow_null(sub);
            }
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(sub) = obj.get_mut(key) {
            nullable_optionals(sub);
        }
    }
    if let Some(Value::Object(defs)) = obj.get_mut("$defs") {
        for sub in defs.values_mut() {
            nullable_optionals(sub);
        }
    }
}

fn allow_null(schema: &mut Value) {
    let Value::Object(s) = schema else { return };
    let simple = !s.contains_key("const")
        && (s.contains_key("type") || s.contains_key("enum"))
        && !s.contains_key("$ref");
    if simple {
        match s.get_mut("type") {
            Some(Value::String(t)) if t != "null" => {
                let t = std::mem::take(t);
                s.insert("type".into(), json!([t, "null"]));
            }
            Some(Value::Array(ts)) if !ts.contains(&json!("null")) => ts.push(json!("null")),
            _ => {}
        }
        if let Some(Value::Array(e)) = s.get_mut("enum") {
            if !e.contains(&Value::Null) {
                e.push(Value::Null);
            }
        }
    } else {
        let inner = std::mem::take(schema);
        *schema = json!({"anyOf": [{"type": "null"}, inner]});
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_comes_first_and_is_required() {
        let doc = with_envelope(
            "PING",
            json!({"properties": {"n": {"type": "integer"}}, "required": ["n"]}),
        )
        .unwrap();
        let keys: Vec<&String> = doc["properties"].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "event_id",
                "event_type",
                "timestamp",
                "source",
                "correlation_id",
                "n"
            ]
        );
        assert_eq!(
            doc["required"],
            json!(["event_id", "event_type", "timestamp", "source", "n"])
        );
        assert_eq!(doc["properties"]["event_type"], json!({"const": "PING"}));
    }

    #[test]
    fn mismatched_event_type_const_and_non_object_schemas_are_refused() {
        let e = with_envelope(
            "PING",
            json!({"properties": {"event_type": {"const": "PONG"}}}),
        )
        .unwrap_err();
        assert!(e.contains("PONG"), "{e}");
        assert!(with_envelope("PING", json!({"type": "array"})).is_err());
        assert!(with_envelope("PING", json!([1])).is_err());
    }

    #[test]
    fn tolerant_allows_null_optionals_and_extras() {
        let strict = json!({
            "type": "object",
            "properties": {
                "a": {"type": "integer"},
                "b": {"type": "string", "enum": ["X"]},
                "c": {"const": "C"},
                "d": {"type": "integer"}
            },
            "required": ["d"],
            "additionalProperties": false
        });
        let t = tolerant(&strict);
        assert_eq!(t["properties"]["a"]["type"], json!(["integer", "null"]));
        assert_eq!(t["properties"]["b"]["enum"], json!(["X", null]));
        assert_eq!(t["properties"]["c"]["anyOf"][0], json!({"type": "null"}));
        assert_eq!(t["properties"]["d"], json!({"type": "integer"}));
        assert!(t.get("additionalProperties").is_none());
    }
}

//! An AsyncAPI 3.0 document from the declared streams and the schema registry: a channel per
//! stream subject, a message per event type (payload = the effective schema, headers = the
//! wire contract), a `receive` operation per declared consumer with the NATS operation binding
//! (`queue`: instances bound to one durable share its messages, as a queue group does).
//!
//! evt does not map event types to subjects, so every channel lists every type's message.

use serde_json::{json, Map, Value};

use super::SchemaRegistry;
use crate::event::header;
use crate::streams::Spec;

/// AsyncAPI keys allow `^[A-Za-z0-9\.\-_]+$`; a subject's wildcards are not in it.
fn key(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '*' => "star".to_string(),
            '>' => "all".to_string(),
            c if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' => c.to_string(),
            _ => "_".to_string(),
        })
        .collect()
}

/// The payload schema with its local `$ref`s inlined: in AsyncAPI, `#/…` means the AsyncAPI
/// document, not the event schema.
fn inline(root: &Value, v: &Value, depth: usize) -> Value {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                if let Some(t) = r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                    if depth < 16 {
                        return inline(root, t, depth + 1);
                    }
                    return json!({});
                }
            }
            let mut out = Map::new();
            for (k, x) in m {
                if k == "$defs" || k == "$schema" || k == "definitions" {
                    continue;
                }
                out.insert(k.clone(), inline(root, x, depth));
            }
            Value::Object(out)
        }
        Value::Array(a) => Value::Array(a.iter().map(|x| inline(root, x, depth)).collect()),
        other => other.clone(),
    }
}

fn headers_schema() -> Value {
    let s = |d: &str| json!({"type": "string", "description": d});
    let mut p = Map::new();
    p.insert(
        header::EVENT_ID.into(),
        s("The event's id (a UUID); equals the body's event_id."),
    );
    p.insert(
        header::EVENT_TYPE.into(),
        s("The event type; equals the body's event_type."),
    );
    p.insert(header::SOURCE.into(), s("The publishing service."));
    p.insert(
        header::TIMESTAMP.into(),
        s("ISO-8601, as Python's isoformat() writes it."),
    );
    p.insert(
        header::COMPRESSED.into(),
        json!({"type": "string", "enum": ["true", "false"], "description": "true: the body is gzip."}),
    );
    p.insert(
        header::CORRELATION_ID.into(),
        s("Set when the event has a correlation id."),
    );
    p.insert(
        header::MSG_ID.into(),
        s("JetStream de-duplication id: the event id."),
    );
    p.insert(header::TRACEPARENT.into(), s("W3C trace context."));
    p.insert(
        header::SCHEMA.into(),
        s("The schema that validated the event at publish: TYPE@sha256:<16 hex>."),
    );
    json!({
        "type": "object",
        "properties": p,
        "required": [header::EVENT_ID, header::EVENT_TYPE, header::SOURCE, header::TIMESTAMP],
    })
}

/// The document, as a JSON value (serialize it as YAML or JSON).
pub fn document(spec: &Spec, registry: &SchemaRegistry, title: &str, version: &str) -> Value {
    let mut schemas = Map::new();
    let mut messages = Map::new();
    for s in registry.iter() {
        let doc = s.document();
        schemas.insert(s.event_type().to_string(), inline(doc, doc, 0));
        let mut m = json!({
            "name": s.event_type(),
            "title": s.event_type(),
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/evt-headers"},
            "payload": {"$ref": format!("#/components/schemas/{}", s.event_type())},
        });
        if let Some(d) = doc.get("description").and_then(Value::as_str) {
            m["summary"] = json!(d);
        }
        messages.insert(s.event_type().to_string(), m);
    }
    schemas.insert("evt-headers".into(), headers_schema());
    let message_refs: Map<String, Value> = registry
        .iter()
        .map(|s| {
            (
                s.event_type().to_string(),
                json!({"$ref": format!("#/components/messages/{}", s.event_type())}),
            )
        })
        .collect();
    let mut channels = Map::new();
    let mut operations = Map::new();
    for st in &spec.streams {
        let mut ids = Vec::new();
        for subject in st.subject_list() {
            let id = key(&format!("{}.{}", st.name(), subject));
            let mut ch = json!({
                "address": subject,
                "title": format!("{} {}", st.name(), subject),
                "messages": message_refs,
            });
            if let Some(d) = &st.description {
                ch["description"] = json!(format!("Stream {}: {d}", st.name()));
            } else {
                ch["description"] = json!(format!("Stream {}", st.name()));
            }
            channels.insert(id.clone(), ch);
            ids.push(id);
        }
        for c in &st.consumers {
            let filters: Vec<&str> = c.filters().iter().map(|f| f.value.as_str()).collect();
            for id in &ids {
                let address = channels[id]["address"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                // A consumer reads the channels its filters overlap (all of them without one).
                if !filters.is_empty()
                    && !filters
                        .iter()
                        .any(|f| crate::tail::resolve::intersection(f, &address).is_some())
                {
                    continue;
                }
                let op_id = key(&format!("{}.{}.{}", st.name(), c.name(), id));
                let msgs: Vec<Value> = registry
                    .iter()
                    .map(
                        |s| json!({"$ref": format!("#/channels/{id}/messages/{}", s.event_type())}),
                    )
                    .collect();
                let mut op = json!({
                    "action": "receive",
                    "channel": {"$ref": format!("#/channels/{id}")},
                    "title": format!("{} reads {}", c.name(), address),
                    "messages": msgs,
                    "bindings": {"nats": {"queue": c.name(), "bindingVersion": "0.1.0"}},
                });
                if let Some(d) = &c.description {
                    op["description"] = json!(d);
                }
                operations.insert(op_id, op);
            }
        }
    }
    json!({
        "asyncapi": "3.0.0",
        "info": {
            "title": title,
            "version": version,
            "description": "Generated by `evt docs asyncapi` from streams/*.yaml and the event schemas. Every event carries the envelope fields event_id, event_type, timestamp, source (and correlation_id when set).",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"schemas": schemas, "messages": messages},
    })
}

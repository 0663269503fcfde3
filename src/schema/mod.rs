//! Schema registry: the JSON Schemas of the event types (built in from `schemas/`, plus a
//! directory that adds or overrides types), each compiled once into a strict validator (what
//! `evt publish` sends) and a tolerant one (what decoding accepts), DESIGN.md §2.
//!
//! A schema file `NAME.json` describes event type `NAME`; `NAME_V<n>` is version `n` of
//! `NAME` (no suffix: version 1). Files list only the type's own fields; the envelope
//! (`event_id`, `event_type`, `timestamp`, `source`, `correlation_id`) is added here so that
//! every type, built-in or not, carries it the same way.

pub mod asyncapi;
pub mod compat;
pub(crate) mod fields;
pub mod infer;
pub mod retained;
pub(crate) mod scalar;
mod transform;
mod violation;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jsonschema::{Draft, Validator};
use serde_json::Value;
use thiserror::Error;

use crate::event::{field, Timestamp};
pub use violation::{Violation, Violations};

/// The schemas compiled into the binary (the repository's `schemas/`).
const BUILTIN: &[(&str, &str)] = &[
    (
        "MARKET_TICK",
        include_str!("../../schemas/MARKET_TICK.json"),
    ),
    (
        "MARKET_TICK_V2",
        include_str!("../../schemas/MARKET_TICK_V2.json"),
    ),
    (
        "TRADING_SIGNAL",
        include_str!("../../schemas/TRADING_SIGNAL.json"),
    ),
    (
        "ORDER_PLACED",
        include_str!("../../schemas/ORDER_PLACED.json"),
    ),
    (
        "ORDER_FILLED",
        include_str!("../../schemas/ORDER_FILLED.json"),
    ),
    (
        "ORDER_CANCELLED",
        include_str!("../../schemas/ORDER_CANCELLED.json"),
    ),
    (
        "ORDER_REJECTED",
        include_str!("../../schemas/ORDER_REJECTED.json"),
    ),
    (
        "SYSTEM_STARTED",
        include_str!("../../schemas/SYSTEM_STARTED.json"),
    ),
    (
        "SYSTEM_ERROR",
        include_str!("../../schemas/SYSTEM_ERROR.json"),
    ),
    ("RISK_ALERT", include_str!("../../schemas/RISK_ALERT.json")),
];

/// Where a schema came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaOrigin {
    Builtin,
    File(PathBuf),
}

impl fmt::Display for SchemaOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaOrigin::Builtin => f.write_str("builtin"),
            SchemaOrigin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Why schemas could not be loaded; names the file (or the built-in type).
#[derive(Debug, Error)]
pub enum SchemaError {
    #[error("cannot read schema directory {}", path.display())]
    Dir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("schema directory {} holds no *.json schema files", path.display())]
    EmptyDir { path: PathBuf },
    #[error("cannot read schema file {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("schema {origin}: not valid JSON")]
    Json {
        origin: String,
        #[source]
        source: serde_json::Error,
    },
    /// The document breaks one of evt's rules for schemas (name, envelope); `reason` is evt's
    /// own finding, there is no underlying error.
    #[error("schema {origin}: {reason}")]
    Invalid { origin: String, reason: String },
    #[error("schema {origin}: not a valid JSON Schema")]
    NotJsonSchema {
        origin: String,
        #[source]
        source: Box<jsonschema::ValidationError<'static>>,
    },
}

/// Which rules to apply (DESIGN.md §2: strict writer, tolerant reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// What `evt publish` sends: the schema as written (unknown fields refused, optional
    /// fields absent rather than `null`), `event_id` a UUID.
    Strict,
    /// What decoding accepts: `null` for any optional field, unknown extra fields, any
    /// non-empty string as `event_id`.
    Tolerant,
}

/// One event type's schema, compiled.
#[derive(Debug)]
pub struct EventSchema {
    event_type: String,
    base: String,
    version: u32,
    origin: SchemaOrigin,
    /// The effective schema (envelope included), as `evt schemas show` prints it.
    document: Value,
    required: Vec<String>,
    fields: Vec<String>,
    wire_id: String,
    strict: Validator,
    tolerant: Validator,
    /// `strict`, one validator per top-level field, when the schema allows that split.
    split: Option<fields::FieldChecks>,
    /// `tolerant`, split the same way (the decoder's typed path).
    tolerant_split: Option<fields::FieldChecks>,
}

impl EventSchema {
    pub fn event_type(&self) -> &str {
        &self.event_type
    }
    /// `MARKET_TICK` for `MARKET_TICK_V2`.
    pub fn base_name(&self) -> &str {
        &self.base
    }
    pub fn version(&self) -> u32 {
        self.version
    }
    pub fn origin(&self) -> &SchemaOrigin {
        &self.origin
    }
    pub fn document(&self) -> &Value {
        &self.document
    }
    /// What `evt publish` stamps in the `event-schema` header: the type and a short content
    /// hash of the effective schema, so a schema edited in place is told apart.
    pub fn wire_id(&self) -> &str {
        &self.wire_id
    }
    /// Required top-level fields, envelope first.
    pub fn required(&self) -> &[String] {
        &self.required
    }
    /// Every declared top-level field, envelope first.
    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    /// The schema for `mode` split field by field, when it can be (see [`fields`]).
    pub(crate) fn field_checks(&self, mode: Mode) -> Option<&fields::FieldChecks> {
        match mode {
            Mode::Strict => self.split.as_ref(),
            Mode::Tolerant => self.tolerant_split.as_ref(),
        }
    }

    /// Every violation of `body` under `mode`; `Ok` when there is none. The common, valid
    /// case is answered field by field where the schema splits (compiled scalar checks, no
    /// walk of the whole document), else by one validator pass, and allocates nothing; only
    /// an invalid body pays for the validator's error messages.
    pub fn check(&self, body: &Value, mode: Mode) -> Result<(), Violations> {
        let validator = match mode {
            Mode::Strict => &self.strict,
            Mode::Tolerant => &self.tolerant,
        };
        let valid = match (self.field_checks(mode), body.as_object()) {
            (Some(split), Some(map)) => split.valid_map(map),
            _ => validator.is_valid(body),
        };
        let mut out = Violations::default();
        if !valid {
            for e in validator.iter_errors(body) {
                violation::push_error(&mut out, &e, &self.fields);
            }
        }
        check_envelope(
            body.get(field::TIMESTAMP).and_then(Value::as_str),
            body.get(field::EVENT_ID).and_then(Value::as_str),
            mode,
            &mut out,
        );
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }
}

/// Keywords that only annotate: a change to them never changes what validates (the
/// compatibility diff), and at a schema's top level they say nothing about which bodies are
/// valid (the field-by-field split).
pub(crate) const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$anchor",
    "title",
    "description",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$defs",
    "definitions",
    "contentMediaType",
    "contentEncoding",
];

/// What JSON Schema cannot say (without a costly regex per event): the timestamp forms Python
/// writes, and (strict) that the writer's event ids are UUIDs. Part of every `check`, and of
/// the field-by-field path that must agree with it.
pub(crate) fn check_envelope(
    timestamp: Option<&str>,
    event_id: Option<&str>,
    mode: Mode,
    out: &mut Violations,
) {
    if let Some(ts) = timestamp {
        if let Err(e) = Timestamp::parse(ts) {
            out.push("/timestamp", e.to_string());
        }
    }
    if mode == Mode::Strict {
        if let Some(id) = event_id {
            if uuid::Uuid::try_parse(id).is_err() {
                out.push("/event_id", format!("{id:?} is not a UUID"));
            }
        }
    }
}

/// Event types and their compiled schemas.
#[derive(Debug, Default)]
pub struct SchemaRegistry {
    types: BTreeMap<String, EventSchema>,
}

impl SchemaRegistry {
    /// No types at all (tests, embedding with custom types only).
    pub fn empty() -> Self {
        Self::default()
    }

    /// The built-in types.
    pub fn builtin() -> Result<Self, SchemaError> {
        let mut reg = Self::empty();
        for (name, text) in BUILTIN {
            let origin = format!("builtin {name}");
            let doc: Value = serde_json::from_str(text).map_err(|source| SchemaError::Json {
                origin: origin.clone(),
                source,
            })?;
            reg.insert(name, doc, SchemaOrigin::Builtin)?;
        }
        Ok(reg)
    }

    /// Add (or override) the types of every `*.json` file in `dir`; returns the types
    /// loaded. Nothing is changed when any file is bad.
    pub fn load_dir(&mut self, dir: &Path) -> Result<Vec<String>, SchemaError> {
        let dir_err = |source| SchemaError::Dir {
            path: dir.to_path_buf(),
            source,
        };
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(dir_err)? {
            let path = entry.map_err(dir_err)?.path();
            if path.extension().is_some_and(|e| e == "json") && path.is_file() {
                files.push(path);
            }
        }
        if files.is_empty() {
            return Err(SchemaError::EmptyDir {
                path: dir.to_path_buf(),
            });
        }
        files.sort();
        let mut compiled = Vec::with_capacity(files.len());
        for path in files {
            compiled.push(Self::compile_file(&path)?);
        }
        let names = compiled.iter().map(|s| s.event_type.clone()).collect();
        for s in compiled {
            self.types.insert(s.event_type.clone(), s);
        }
        Ok(names)
    }

    fn compile_file(path: &Path) -> Result<EventSchema, SchemaError> {
        let origin = path.display().to_string();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(path).map_err(|source| SchemaError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let doc: Value = serde_json::from_str(&text).map_err(|source| SchemaError::Json {
            origin: origin.clone(),
            source,
        })?;
        compile(&name, doc, SchemaOrigin::File(path.to_path_buf()))
    }

    /// Add (or override) one type from a schema document.
    pub fn insert(
        &mut self,
        event_type: &str,
        document: Value,
        origin: SchemaOrigin,
    ) -> Result<(), SchemaError> {
        let s = compile(event_type, document, origin)?;
        self.types.insert(s.event_type.clone(), s);
        Ok(())
    }

    pub fn get(&self, event_type: &str) -> Option<&EventSchema> {
        self.types.get(event_type)
    }

    /// Every type, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = &EventSchema> {
        self.types.values()
    }

    pub fn len(&self) -> usize {
        self.types.len()
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    pub fn type_names(&self) -> Vec<String> {
        self.types.keys().cloned().collect()
    }

    /// Known types close to `name` (a typo, another case), best first.
    pub fn suggest(&self, name: &str) -> Vec<String> {
        violation::close_matches(name, self.types.keys().map(String::as_str))
    }
}

fn compile(name: &str, doc: Value, origin: SchemaOrigin) -> Result<EventSchema, SchemaError> {
    let origin_text = match &origin {
        SchemaOrigin::Builtin => format!("builtin {name}"),
        SchemaOrigin::File(p) => p.display().to_string(),
    };
    let invalid = |reason: String| SchemaError::Invalid {
        origin: origin_text.clone(),
        reason,
    };
    let (base, version) = split_version(name).map_err(|r| invalid(r.to_string()))?;
    let effective = transform::with_envelope(name, doc).map_err(invalid)?;
    let tolerant_doc = transform::tolerant(&effective);
    let build = |d: &Value| {
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .build(d)
            .map_err(|e| SchemaError::NotJsonSchema {
                origin: origin_text.clone(),
                source: Box::new(e),
            })
    };
    let strict = build(&effective)?;
    let tolerant = build(&tolerant_doc)?;
    let split = fields::FieldChecks::compile(&effective);
    let tolerant_split = fields::FieldChecks::compile(&tolerant_doc);
    let names = |key: &str| -> Vec<String> {
        match effective.get(key) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Some(Value::Object(m)) => m.keys().cloned().collect(),
            _ => Vec::new(),
        }
    };
    let wire_id = {
        use sha2::{Digest, Sha256};
        let bytes = serde_json::to_vec(&effective).unwrap_or_default();
        let digest = Sha256::digest(&bytes);
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("{name}@sha256:{hex}")
    };
    Ok(EventSchema {
        wire_id,
        event_type: name.to_string(),
        base,
        version,
        required: names("required"),
        fields: names("properties"),
        origin,
        document: effective,
        strict,
        tolerant,
        split,
        tolerant_split,
    })
}

/// `MARKET_TICK_V2` → (`MARKET_TICK`, 2); `ORDER_FILLED` → (`ORDER_FILLED`, 1).
fn split_version(name: &str) -> Result<(String, u32), &'static str> {
    let valid = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err("the file name must be the event type in UPPER_SNAKE_CASE, e.g. ORDER_FILLED.json or MARKET_TICK_V2.json");
    }
    if let Some((base, v)) = name.rsplit_once("_V") {
        if !base.is_empty() && !v.is_empty() && v.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(n) = v.parse::<u32>() {
                if n >= 1 {
                    return Ok((base.to_string(), n));
                }
            }
        }
    }
    Ok((name.to_string(), 1))
}

#[cfg(test)]
impl EventSchema {
    /// The whole-document validator's answer, for tests that hold the split to it.
    pub(crate) fn whole_is_valid(&self, body: &Value, mode: Mode) -> bool {
        match mode {
            Mode::Strict => self.strict.is_valid(body),
            Mode::Tolerant => self.tolerant.is_valid(body),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reg() -> SchemaRegistry {
        SchemaRegistry::builtin().unwrap()
    }

    fn fill(extra: Value) -> Value {
        let mut body = json!({
            "event_id": "0b5e9a86-5d4c-4a8e-9c43-0f3b3c9b8f0e",
            "event_type": "ORDER_FILLED",
            "timestamp": "2024-01-15T09:15:00.123456+05:30",
            "source": "oms@host",
            "strategy_name": "alpha", "order_id": "O-1", "instrument_token": 738561,
            "side": "BUY", "quantity": 5, "price": 2500.5
        });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    }

    #[test]
    fn builtin_set_is_complete_and_versioned() {
        let r = reg();
        for t in [
            "MARKET_TICK",
            "MARKET_TICK_V2",
            "TRADING_SIGNAL",
            "ORDER_PLACED",
            "ORDER_FILLED",
            "ORDER_CANCELLED",
            "ORDER_REJECTED",
            "SYSTEM_STARTED",
            "SYSTEM_ERROR",
            "RISK_ALERT",
        ] {
            let s = r.get(t).unwrap_or_else(|| panic!("{t} missing"));
            assert_eq!(
                &s.required()[..4],
                ["event_id", "event_type", "timestamp", "source"]
            );
            assert_eq!(s.origin(), &SchemaOrigin::Builtin);
        }
        let v2 = r.get("MARKET_TICK_V2").unwrap();
        assert_eq!((v2.base_name(), v2.version()), ("MARKET_TICK", 2));
        assert_eq!(r.get("MARKET_TICK").unwrap().version(), 1);
    }

    #[test]
    fn valid_body_passes_both_modes() {
        let s = reg();
        let s = s.get("ORDER_FILLED").unwrap();
        s.check(&fill(json!({})), Mode::Strict).unwrap();
        s.check(&fill(json!({})), Mode::Tolerant).unwrap();
    }

    #[test]
    fn every_violation_is_reported_with_its_path() {
        let r = reg();
        let s = r.get("ORDER_FILLED").unwrap();
        let mut body = fill(json!({"quantity": -5, "side": "HOLD", "event_id": "nope"}));
        body.as_object_mut().unwrap().remove("price");
        let v = s.check(&body, Mode::Strict).unwrap_err();
        let text = v.to_string();
        assert!(
            text.contains("/quantity: -5 is less than the minimum of 1"),
            "{text}"
        );
        assert!(text.contains("/side: "), "{text}");
        assert!(text.contains("/price: required field is missing"), "{text}");
        assert!(text.contains("/event_id: \"nope\" is not a UUID"), "{text}");
        assert_eq!(v.len(), 4, "{text}");
    }

    #[test]
    fn strict_refuses_unknown_fields_and_nulls_tolerant_accepts_them() {
        let r = reg();
        let s = r.get("ORDER_FILLED").unwrap();
        let body = fill(json!({"quantiy": 3, "average_price": null, "version": 2}));
        let text = s.check(&body, Mode::Strict).unwrap_err().to_string();
        assert!(
            text.contains("/quantiy: unknown field (did you mean quantity?)"),
            "{text}"
        );
        assert!(text.contains("/average_price: null"), "{text}");
        s.check(&body, Mode::Tolerant).unwrap();
        // Tolerance stops at the required fields: null or mistyped is still an error.
        let bad = fill(json!({"order_id": null, "quantity": "5"}));
        let text = s.check(&bad, Mode::Tolerant).unwrap_err().to_string();
        assert!(
            text.contains("/order_id") && text.contains("/quantity"),
            "{text}"
        );
    }

    #[test]
    fn timestamp_forms_are_checked() {
        let r = reg();
        let s = r.get("ORDER_FILLED").unwrap();
        for ok in [
            "2024-01-15T09:15:00",
            "2024-01-15T09:15:00.123456",
            "2024-01-15T09:15:00+05:30",
            "2024-01-15T09:15:00Z",
        ] {
            s.check(&fill(json!({ "timestamp": ok })), Mode::Strict)
                .unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
        let e = s
            .check(&fill(json!({"timestamp": "15/01/2024"})), Mode::Tolerant)
            .unwrap_err();
        assert!(e.to_string().starts_with("/timestamp: "), "{e}");
    }

    #[test]
    fn event_type_must_match_the_schema() {
        let r = reg();
        let s = r.get("ORDER_FILLED").unwrap();
        let e = s
            .check(&fill(json!({"event_type": "ORDER_PLACED"})), Mode::Tolerant)
            .unwrap_err();
        assert!(e.to_string().contains("/event_type"), "{e}");
    }

    #[test]
    fn conditional_rules_apply() {
        let r = reg();
        let s = r.get("ORDER_PLACED").unwrap();
        let body = json!({
            "event_id": "0b5e9a86-5d4c-4a8e-9c43-0f3b3c9b8f0e", "event_type": "ORDER_PLACED",
            "timestamp": "2024-01-15T09:15:00", "source": "oms", "strategy_name": "a",
            "order_id": "1", "instrument_token": 1, "side": "SELL", "quantity": 1,
            "order_type": "LIMIT"
        });
        let e = s.check(&body, Mode::Strict).unwrap_err();
        assert!(e.to_string().contains("/price: required"), "{e}");
    }

    #[test]
    fn load_dir_overrides_and_adds_and_names_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("HEARTBEAT.json"),
            r#"{"type":"object","properties":{"seq":{"type":"integer"}},"required":["seq"]}"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("ORDER_FILLED.json"),
            r#"{"type":"object","properties":{"fill_ref":{"type":"string"}},"required":["fill_ref"]}"#,
        )
        .unwrap();
        std::fs::write(dir.path().join("README.md"), "not a schema").unwrap();
        let mut r = reg();
        let loaded = r.load_dir(dir.path()).unwrap();
        assert_eq!(loaded, ["HEARTBEAT", "ORDER_FILLED"]);
        assert!(matches!(
            r.get("ORDER_FILLED").unwrap().origin(),
            SchemaOrigin::File(_)
        ));
        assert!(r
            .get("ORDER_FILLED")
            .unwrap()
            .fields()
            .contains(&"fill_ref".to_string()));
        assert!(r
            .get("HEARTBEAT")
            .unwrap()
            .required()
            .contains(&"seq".to_string()));

        let bad = tempfile::tempdir().unwrap();
        std::fs::write(
            bad.path().join("BROKEN.json"),
            "{\n  \"type\": \"object\",\n}",
        )
        .unwrap();
        let err = r.load_dir(bad.path()).unwrap_err();
        let source = std::error::Error::source(&err).expect("the JSON error as source");
        assert!(
            source.downcast_ref::<serde_json::Error>().is_some(),
            "{source:?}"
        );
        let e = crate::error::chain_line(&err);
        assert!(e.contains("BROKEN.json") && e.contains("line 3"), "{e}");

        std::fs::write(
            bad.path().join("BROKEN.json"),
            r#"{"type":"object","properties":{"a":{"type":"strin"}}}"#,
        )
        .unwrap();
        let e = r.load_dir(bad.path()).unwrap_err().to_string();
        assert!(
            e.contains("BROKEN.json") && e.contains("not a valid JSON Schema"),
            "{e}"
        );

        std::fs::write(bad.path().join("BROKEN.json"), r#"{"type":"object"}"#).unwrap();
        std::fs::rename(
            bad.path().join("BROKEN.json"),
            bad.path().join("lower.json"),
        )
        .unwrap();
        let e = r.load_dir(bad.path()).unwrap_err().to_string();
        assert!(
            e.contains("lower.json") && e.contains("UPPER_SNAKE_CASE"),
            "{e}"
        );

        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            r.load_dir(empty.path()),
            Err(SchemaError::EmptyDir { .. })
        ));
    }

    #[test]
    fn suggestions_for_unknown_types() {
        assert_eq!(reg().suggest("ORDER_FILED")[0], "ORDER_FILLED");
    }
}

//! The diff of two JSON Schemas as typed changes. Each change says which way the set of
//! accepted instances moved (narrower, wider, both, or unknown); whether that breaks a reader
//! or a writer is the compatibility mode's question, answered in `super`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{Change, Code, Dir};
use crate::schema::ANNOTATIONS;

/// Keywords the diff reasons about.
const UNDERSTOOD: &[&str] = &[
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "multipleOf",
    "pattern",
    "format",
    "uniqueItems",
    "allOf",
    "anyOf",
    "$ref",
];

/// JSON Schema keywords evt knows exist but does not reason about: any change to one is
/// reported as `keyword_changed`, never assumed compatible.
const NOT_REASONED: &[&str] = &[
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
];

/// Every keyword evt recognises (annotations, understood, and not reasoned about).
pub fn known_keyword(k: &str) -> bool {
    ANNOTATIONS.contains(&k) || UNDERSTOOD.contains(&k) || NOT_REASONED.contains(&k)
}

pub fn understood_keywords() -> &'static [&'static str] {
    UNDERSTOOD
}

pub fn not_reasoned_keywords() -> &'static [&'static str] {
    NOT_REASONED
}

pub fn annotation_keywords() -> &'static [&'static str] {
    ANNOTATIONS
}

/// Two documents being compared: `$ref`s resolve inside their own document.
struct Ctx<'a> {
    old_root: &'a Value,
    new_root: &'a Value,
    out: Vec<Change>,
    /// `$ref` pairs already followed, so recursive definitions end.
    seen: BTreeSet<(String, String)>,
    depth: usize,
}

/// Every change from `old` to `new`, in document order.
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut cx = Ctx {
        old_root: old,
        new_root: new,
        out: Vec::new(),
        seen: BTreeSet::new(),
        depth: 0,
    };
    cx.schema(old, new, "");
    cx.out
}

fn resolve<'a>(root: &'a Value, s: &'a Value) -> (&'a Value, Option<String>) {
    if let Some(Value::String(r)) = s.get("$ref") {
        if let Some(ptr) = r.strip_prefix('#') {
            if let Some(t) = root.pointer(ptr) {
                return (t, Some(r.clone()));
            }
        }
    }
    (s, None)
}

fn esc(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

/// The types a schema's `type` admits; `None` is every type.
fn types(s: &Map<String, Value>) -> Option<BTreeSet<String>> {
    match s.get("type") {
        Some(Value::String(t)) => Some([t.clone()].into()),
        Some(Value::Array(a)) => Some(
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect(),
        ),
        _ => None,
    }
}

fn covers(set: &BTreeSet<String>, t: &str) -> bool {
    set.contains(t) || (t == "integer" && set.contains("number"))
}

impl Ctx<'_> {
    fn push(&mut self, code: Code, pointer: String, dir: Dir, detail: String) {
        self.out.push(Change {
            code,
            pointer,
            dir,
            detail,
        });
    }

    fn schema(&mut self, old: &Value, new: &Value, ptr: &str) {
        // A self-referencing schema nests without end; 64 levels is deeper than any event.
        if self.depth > 64 {
            return;
        }
        let (old, old_ref) = resolve(self.old_root, old);
        let (new, new_ref) = resolve(self.new_root, new);
        if old_ref.is_some() || new_ref.is_some() {
            let key = (old_ref.unwrap_or_default(), new_ref.unwrap_or_default());
            if !self.seen.insert(key) {
                return;
            }
        }
        let empty = Map::new();
        let o = match old {
            Value::Bool(false) => {
                if new != &Value::Bool(false) {
                    self.push(
                        Code::SchemaOpened,
                        ptr.to_string(),
                        Dir::Widen,
                        "was `false` (accepted nothing)".into(),
                    );
                }
                return;
            }
            Value::Object(m) => m,
            _ => &empty,
        };
        let n = match new {
            Value::Bool(false) => {
                self.push(
                    Code::SchemaClosed,
                    ptr.to_string(),
                    Dir::Narrow,
                    "is now `false` (accepts nothing)".into(),
                );
                return;
            }
            Value::Object(m) => m,
            _ => &empty,
        };
        self.depth += 1;
        self.object(o, n, ptr);
        self.depth -= 1;
    }

    fn object(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, ptr: &str) {
        self.types(o, n, ptr);
        self.enums(o, n, ptr);
        if o.get("const") != n.get("const") {
            let dir = match (o.get("const"), n.get("const")) {
                (None, Some(_)) => Dir::Narrow,
                (Some(_), None) => Dir::Widen,
                _ => Dir::Both,
            };
            self.push(
                Code::ConstChanged,
                format!("{ptr}/const"),
                dir,
                format!("{} → {}", show(o.get("const")), show(n.get("const"))),
            );
        }
        // Lower bounds: raising one narrows.
        for (kw, up, down) in [
            ("minimum", Code::MinimumRaised, Code::MinimumLowered),
            (
                "exclusiveMinimum",
                Code::MinimumRaised,
                Code::MinimumLowered,
            ),
            ("minLength", Code::MinLengthRaised, Code::MinLengthLowered),
            ("minItems", Code::MinItemsRaised, Code::MinItemsLowered),
            (
                "minProperties",
                Code::MinPropertiesRaised,
                Code::MinPropertiesLowered,
            ),
        ] {
            self.bound(o, n, ptr, kw, true, up, down);
        }
        // Upper bounds: lowering one narrows.
        for (kw, down, up) in [
            ("maximum", Code::MaximumLowered, Code::MaximumRaised),
            (
                "exclusiveMaximum",
                Code::MaximumLowered,
                Code::MaximumRaised,
            ),
            ("maxLength", Code::MaxLengthLowered, Code::MaxLengthRaised),
            ("maxItems", Code::MaxItemsLowered, Code::MaxItemsRaised),
            (
                "maxProperties",
                Code::MaxPropertiesLowered,
                Code::MaxPropertiesRaised,
            ),
        ] {
            self.bound(o, n, ptr, kw, false, down, up);
        }
        for (kw, code) in [
            ("pattern", Code::PatternChanged),
            ("format", Code::FormatChanged),
            ("multipleOf", Code::MultipleOfChanged),
        ] {
            let (a, b) = (o.get(kw), n.get(kw));
            if a != b {
                let dir = match (a, b) {
                    (None, Some(_)) => Dir::Narrow,
                    (Some(_), None) => Dir::Widen,
                    _ => Dir::Both,
                };
                self.push(
                    code,
                    format!("{ptr}/{kw}"),
                    dir,
                    format!("{} → {}", show(a), show(b)),
                );
            }
        }
        match (
            o.get("uniqueItems") == Some(&Value::Bool(true)),
            n.get("uniqueItems") == Some(&Value::Bool(true)),
        ) {
            (false, true) => self.push(
                Code::UniqueItemsAdded,
                format!("{ptr}/uniqueItems"),
                Dir::Narrow,
                "items must now be unique".into(),
            ),
            (true, false) => self.push(
                Code::UniqueItemsRemoved,
                format!("{ptr}/uniqueItems"),
                Dir::Widen,
                "items may now repeat".into(),
            ),
            _ => {}
        }
        self.properties(o, n, ptr);
        if o.get("items").is_some() || n.get("items").is_some() {
            let t = Value::Bool(true);
            let a = o.get("items").unwrap_or(&t).clone();
            let b = n.get("items").unwrap_or(&t).clone();
            self.schema(&a, &b, &format!("{ptr}/items"));
        }
        for kw in ["allOf", "anyOf"] {
            match (o.get(kw), n.get(kw)) {
                (Some(Value::Array(a)), Some(Value::Array(b))) if a.len() == b.len() => {
                    for (i, (x, y)) in a.iter().zip(b).enumerate() {
                        self.schema(x, y, &format!("{ptr}/{kw}/{i}"));
                    }
                }
                (a, b) if a != b => self.push(
                    Code::KeywordChanged,
                    format!("{ptr}/{kw}"),
                    Dir::Unknown,
                    format!("`{kw}` changed its branches; evt compares branches one to one only"),
                ),
                _ => {}
            }
        }
        let keys: BTreeSet<&String> = o.keys().chain(n.keys()).collect();
        for k in keys {
            if ANNOTATIONS.contains(&k.as_str()) || UNDERSTOOD.contains(&k.as_str()) {
                continue;
            }
            if o.get(k) == n.get(k) {
                continue;
            }
            let (code, why) = if NOT_REASONED.contains(&k.as_str()) {
                (
                    Code::KeywordChanged,
                    format!("`{k}` changed; evt does not reason about `{k}`"),
                )
            } else {
                (
                    Code::UnknownKeywordChanged,
                    format!(
                        "`{k}` is not a keyword evt knows; any change to it is treated as breaking"
                    ),
                )
            };
            self.push(code, format!("{ptr}/{}", esc(k)), Dir::Unknown, why);
        }
    }

    fn types(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, ptr: &str) {
        let (a, b) = (types(o), types(n));
        if a == b {
            return;
        }
        let lost = match (&a, &b) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(a), Some(b)) => a.iter().any(|t| !covers(b, t)),
        };
        let gained = match (&a, &b) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(a), Some(b)) => b.iter().any(|t| !covers(a, t)),
        };
        let (code, dir) = match (lost, gained) {
            (true, true) => (Code::TypeChanged, Dir::Both),
            (true, false) => (Code::TypeNarrowed, Dir::Narrow),
            (false, true) => (Code::TypeWidened, Dir::Widen),
            (false, false) => return,
        };
        let fmt = |t: &Option<BTreeSet<String>>| match t {
            None => "any".to_string(),
            Some(s) => s.iter().cloned().collect::<Vec<_>>().join("|"),
        };
        self.push(
            code,
            format!("{ptr}/type"),
            dir,
            format!("{} → {}", fmt(&a), fmt(&b)),
        );
    }

    fn enums(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, ptr: &str) {
        let p = format!("{ptr}/enum");
        match (o.get("enum"), n.get("enum")) {
            (Some(Value::Array(a)), Some(Value::Array(b))) => {
                let removed: Vec<String> = a
                    .iter()
                    .filter(|v| !b.contains(v))
                    .map(|v| v.to_string())
                    .collect();
                let added: Vec<String> = b
                    .iter()
                    .filter(|v| !a.contains(v))
                    .map(|v| v.to_string())
                    .collect();
                if !removed.is_empty() {
                    self.push(
                        Code::EnumNarrowed,
                        p.clone(),
                        Dir::Narrow,
                        format!("removed {}", removed.join(", ")),
                    );
                }
                if !added.is_empty() {
                    self.push(
                        Code::EnumWidened,
                        p,
                        Dir::Widen,
                        format!("added {}", added.join(", ")),
                    );
                }
            }
            (None, Some(b)) => self.push(
                Code::EnumNarrowed,
                p,
                Dir::Narrow,
                format!("now limited to {b}"),
            ),
            (Some(a), None) => self.push(
                Code::EnumWidened,
                p,
                Dir::Widen,
                format!("no longer limited to {a}"),
            ),
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn bound(
        &mut self,
        o: &Map<String, Value>,
        n: &Map<String, Value>,
        ptr: &str,
        kw: &str,
        lower: bool,
        tighter: Code,
        looser: Code,
    ) {
        let (a, b) = (
            o.get(kw).and_then(Value::as_f64),
            n.get(kw).and_then(Value::as_f64),
        );
        let dir = match (a, b) {
            (None, None) => return,
            (None, Some(_)) => Dir::Narrow,
            (Some(_), None) => Dir::Widen,
            (Some(x), Some(y)) if x == y => return,
            (Some(x), Some(y)) => {
                if (y > x) == lower {
                    Dir::Narrow
                } else {
                    Dir::Widen
                }
            }
        };
        let code = if dir == Dir::Narrow { tighter } else { looser };
        self.push(
            code,
            format!("{ptr}/{kw}"),
            dir,
            format!("{} → {}", show(o.get(kw)), show(n.get(kw))),
        );
    }

    fn properties(&mut self, o: &Map<String, Value>, n: &Map<String, Value>, ptr: &str) {
        let t = Value::Bool(true);
        let empty = Map::new();
        let op = o
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let np = n
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let oa = o.get("additionalProperties").unwrap_or(&t);
        let na = n.get("additionalProperties").unwrap_or(&t);
        // The content model: a property not listed is checked against additionalProperties
        // (absent or true: open; false: closed; a schema: partly open), so adding or removing
        // a property is a change from or to that schema (Confluent's JSON Schema rules).
        let model = |a: &Value| match a {
            Value::Bool(true) => "open",
            Value::Bool(false) => "closed",
            _ => "partly open",
        };
        for (k, ov) in op {
            let p = format!("{ptr}/properties/{}", esc(k));
            match np.get(k) {
                Some(nv) => self.schema(ov, nv, &p),
                None => {
                    let dir = self.sub_dir(ov, na, &p);
                    if let Some(dir) = dir {
                        self.push(
                            Code::PropertyRemoved,
                            p,
                            dir,
                            format!("`{k}` removed from a {} content model", model(na)),
                        );
                    }
                }
            }
        }
        for (k, nv) in np {
            if op.contains_key(k) {
                continue;
            }
            let p = format!("{ptr}/properties/{}", esc(k));
            if let Some(dir) = self.sub_dir(oa, nv, &p) {
                self.push(
                    Code::PropertyAdded,
                    p,
                    dir,
                    format!("`{k}` added to a {} content model", model(oa)),
                );
            }
        }
        let req = |m: &Map<String, Value>| -> BTreeSet<String> {
            m.get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (or, nr) = (req(o), req(n));
        for k in nr.difference(&or) {
            self.push(
                Code::RequiredAdded,
                format!("{ptr}/properties/{}", esc(k)),
                Dir::Narrow,
                format!("`{k}` is now required"),
            );
        }
        for k in or.difference(&nr) {
            self.push(
                Code::RequiredRemoved,
                format!("{ptr}/properties/{}", esc(k)),
                Dir::Widen,
                format!("`{k}` is no longer required"),
            );
        }
        if oa != na {
            let p = format!("{ptr}/additionalProperties");
            match (oa, na) {
                (Value::Bool(false), _) => self.push(
                    Code::AdditionalPropertiesOpened,
                    p,
                    Dir::Widen,
                    format!("unlisted fields were refused, now {}", model(na)),
                ),
                (_, Value::Bool(false)) => self.push(
                    Code::AdditionalPropertiesClosed,
                    p,
                    Dir::Narrow,
                    "unlisted fields are now refused".into(),
                ),
                _ => self.schema(oa, na, &p),
            }
        }
    }

    /// Which way a sub-schema moved, by diffing it on its own (changes not reported).
    fn sub_dir(&mut self, old: &Value, new: &Value, ptr: &str) -> Option<Dir> {
        let before = self.out.len();
        self.schema(old, new, ptr);
        let sub: Vec<Change> = self.out.drain(before..).collect();
        sub.iter().map(|c| c.dir).reduce(Dir::join)
    }
}

fn show(v: Option<&Value>) -> String {
    v.map_or_else(|| "none".to_string(), Value::to_string)
}

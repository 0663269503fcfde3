//! A field's subschema that only constrains one JSON scalar, compiled to a check that runs on
//! the scalar as the parser reads it (no `Value` built, no jsonschema call).
//!
//! Only a small, fully understood set of keywords compiles: `type` (scalar types only),
//! `enum`/`const` of strings and `null`, integral `minimum`/`maximum` and their exclusive
//! forms, `minLength`/`maxLength`, and annotations. Any other keyword (`pattern`, `format`,
//! `$ref`, `anyOf`, ...) or any other shape means no compiled check, and the field is checked
//! by its jsonschema validator as before. A test holds every compiled check of every built-in
//! schema to that validator's answer on a spread of values.

use serde_json::Value;

use super::ANNOTATIONS;

/// One JSON scalar as the parser hands it over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(&'a str),
}

impl<'a> Scalar<'a> {
    /// `None` for an array or object.
    pub fn of(v: &'a Value) -> Option<Self> {
        Some(match v {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Scalar::U64(u),
                (_, Some(i), _) => Scalar::I64(i),
                (_, _, Some(f)) => Scalar::F64(f),
                _ => return None,
            },
            Value::String(s) => Scalar::Str(s),
            Value::Array(_) | Value::Object(_) => return None,
        })
    }
}

const NULL: u8 = 1;
const BOOLEAN: u8 = 2;
const INTEGER: u8 = 4;
const NUMBER: u8 = 8;
const STRING: u8 = 16;

/// A bound on numbers; the limit is integral and exactly representable both ways.
#[derive(Debug, Clone, Copy)]
struct Bound {
    limit: i64,
    exclusive: bool,
}

/// The compiled check of one scalar field.
#[derive(Debug, Clone)]
pub struct ScalarCheck {
    types: u8,
    /// `enum` / `const`: the allowed values, `None` for `null`.
    one_of: Option<Vec<Option<String>>>,
    min: Option<Bound>,
    max: Option<Bound>,
    min_len: Option<u64>,
    max_len: Option<u64>,
}

impl ScalarCheck {
    /// The check of `schema`, or `None` when it says anything this module does not compile.
    pub fn compile(schema: &Value) -> Option<Self> {
        let obj = schema.as_object()?;
        let mut c = ScalarCheck {
            types: 0,
            one_of: None,
            min: None,
            max: None,
            min_len: None,
            max_len: None,
        };
        for (k, v) in obj {
            match k.as_str() {
                "type" => c.types = types(v)?,
                "enum" => c.one_of = Some(members(v.as_array()?)?),
                "const" => c.one_of = Some(members(std::slice::from_ref(v))?),
                "minimum" => c.min = Some(bound(v, false)?),
                "exclusiveMinimum" => c.min = Some(bound(v, true)?),
                "maximum" => c.max = Some(bound(v, false)?),
                "exclusiveMaximum" => c.max = Some(bound(v, true)?),
                "minLength" => c.min_len = Some(v.as_u64()?),
                "maxLength" => c.max_len = Some(v.as_u64()?),
                // A subschema's own `$id`, `$anchor` or `$defs` could be a reference target.
                "$id" | "$anchor" | "$defs" | "definitions" => return None,
                other if ANNOTATIONS.contains(&other) => {}
                _ => return None,
            }
        }
        // Both bounds on one side (`minimum` and `exclusiveMinimum`) would need both kept.
        let both = |a: &str, b: &str| obj.contains_key(a) && obj.contains_key(b);
        if both("minimum", "exclusiveMinimum") || both("maximum", "exclusiveMaximum") {
            return None;
        }
        // Without `type` or `enum`, a field could hold an object or array.
        if c.types == 0 && c.one_of.is_none() {
            return None;
        }
        Some(c)
    }

    /// What the field's validator would answer for `v`.
    pub fn accepts(&self, v: Scalar<'_>) -> bool {
        if self.types != 0 && self.types & kind(v) == 0 {
            return false;
        }
        if let Some(one_of) = &self.one_of {
            let hit = one_of.iter().any(|m| match (m, v) {
                (None, Scalar::Null) => true,
                (Some(m), Scalar::Str(s)) => m == s,
                _ => false,
            });
            if !hit {
                return false;
            }
        }
        match v {
            Scalar::Str(s) if self.min_len.is_some() || self.max_len.is_some() => {
                let n = s.chars().count() as u64;
                self.min_len.is_none_or(|m| n >= m) && self.max_len.is_none_or(|m| n <= m)
            }
            Scalar::U64(_) | Scalar::I64(_) | Scalar::F64(_) => {
                self.min.is_none_or(|b| above(v, b)) && self.max.is_none_or(|b| below(v, b))
            }
            _ => true,
        }
    }
}

/// The type bits `v` satisfies: an integer is also a number, and so is a float with no
/// fractional part (JSON Schema's `integer` is about the value, not the spelling).
fn kind(v: Scalar<'_>) -> u8 {
    match v {
        Scalar::Null => NULL,
        Scalar::Bool(_) => BOOLEAN,
        Scalar::U64(_) | Scalar::I64(_) => INTEGER | NUMBER,
        Scalar::F64(f) if f.fract() == 0.0 => INTEGER | NUMBER,
        Scalar::F64(_) => NUMBER,
        Scalar::Str(_) => STRING,
    }
}

fn types(v: &Value) -> Option<u8> {
    let one = |t: &Value| {
        Some(match t.as_str()? {
            "null" => NULL,
            "boolean" => BOOLEAN,
            "integer" => INTEGER,
            "number" => NUMBER | INTEGER,
            "string" => STRING,
            _ => return None,
        })
    };
    match v {
        Value::Array(ts) if !ts.is_empty() => ts.iter().try_fold(0, |acc, t| Some(acc | one(t)?)),
        Value::String(_) => one(v),
        _ => None,
    }
}

fn members(vs: &[Value]) -> Option<Vec<Option<String>>> {
    vs.iter()
        .map(|m| match m {
            Value::Null => Some(None),
            Value::String(s) => Some(Some(s.clone())),
            _ => None,
        })
        .collect()
}

/// Integral limits within ±2^53 only: they compare exactly against integers and floats.
fn bound(v: &Value, exclusive: bool) -> Option<Bound> {
    const EXACT: i64 = 1 << 53;
    let limit = match (v.as_i64(), v.as_f64()) {
        (Some(i), _) => i,
        (None, Some(f)) if f.fract() == 0.0 && f.abs() <= EXACT as f64 => f as i64,
        _ => return None,
    };
    (limit.abs() <= EXACT).then_some(Bound { limit, exclusive })
}

fn cmp_limit(v: Scalar<'_>, limit: i64) -> Option<std::cmp::Ordering> {
    match v {
        Scalar::U64(u) => Some(i128::from(u).cmp(&i128::from(limit))),
        Scalar::I64(i) => Some(i.cmp(&limit)),
        Scalar::F64(f) => f.partial_cmp(&(limit as f64)),
        _ => None,
    }
}

fn above(v: Scalar<'_>, b: Bound) -> bool {
    match cmp_limit(v, b.limit) {
        Some(std::cmp::Ordering::Greater) => true,
        Some(std::cmp::Ordering::Equal) => !b.exclusive,
        _ => false,
    }
}

fn below(v: Scalar<'_>, b: Bound) -> bool {
    match cmp_limit(v, b.limit) {
        Some(std::cmp::Ordering::Less) => true,
        Some(std::cmp::Ordering::Equal) => !b.exclusive,
        _ => false,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::json;

    use super::*;

    /// Values of every scalar kind, at and around the limits the built-in schemas use.
    pub(crate) fn spread() -> Vec<Value> {
        let mut vs = vec![
            json!(null),
            json!(true),
            json!(false),
            json!(""),
            json!("a"),
            json!("é"),
            json!("ab"),
            json!("🙂🙂"),
            json!("BUY"),
            json!("SELL"),
            json!("buy"),
            json!("LIMIT"),
            json!("SL-M"),
            json!("COMPLETE"),
            json!("NSE"),
            json!("x".repeat(300)),
            json!(0),
            json!(1),
            json!(2),
            json!(-1),
            json!(100),
            json!(u64::MAX),
            json!(i64::MIN),
            json!(0.0),
            json!(-0.0),
            json!(0.5),
            json!(1.0),
            json!(1.5),
            json!(-0.5),
            json!(1e300),
            json!(-1e300),
            json!(100.05),
            json!([]),
            json!({}),
        ];
        vs.extend((-3..=3).map(|i| json!(i)));
        vs
    }

    #[test]
    fn only_scalar_keywords_compile() {
        for s in [
            json!({"type": "string", "pattern": "^A"}),
            json!({"type": "string", "format": "date-time"}),
            json!({"type": "object"}),
            json!({"type": ["string", "array"]}),
            json!({"$ref": "#/$defs/x"}),
            json!({"anyOf": [{"type": "null"}, {"type": "string"}]}),
            json!({"enum": [1, 2]}),
            json!({"type": "number", "minimum": 0.5}),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": 0}),
            json!({"description": "anything"}),
            json!({"type": "string", "$id": "x"}),
        ] {
            assert!(ScalarCheck::compile(&s).is_none(), "{s}");
        }
        for s in [
            json!({"type": ["string", "null"], "enum": ["BUY", "SELL", null], "title": "side"}),
            json!({"const": "ORDER_FILLED"}),
            json!({"type": "integer", "minimum": 1}),
            json!({"type": "number", "exclusiveMinimum": 0, "maximum": 100}),
            json!({"type": "string", "minLength": 1, "maxLength": 2}),
        ] {
            assert!(ScalarCheck::compile(&s).is_some(), "{s}");
        }
    }

    /// Each compiled check against jsonschema's own answer, on every value of the spread.
    #[test]
    fn compiled_checks_answer_as_jsonschema_does() {
        let mut compared = 0;
        for schema in [
            json!({"type": ["string", "null"], "enum": ["BUY", "SELL", null]}),
            json!({"type": "string", "enum": ["BUY", "SELL"]}),
            json!({"const": "ORDER_FILLED"}),
            json!({"type": "integer", "minimum": 1}),
            json!({"type": ["integer", "null"], "minimum": 0}),
            json!({"type": "number", "exclusiveMinimum": 0}),
            json!({"type": "number", "exclusiveMaximum": 0}),
            json!({"type": "number", "minimum": -1, "maximum": 1}),
            json!({"type": "integer", "maximum": 2}),
            json!({"type": "string", "minLength": 1}),
            json!({"type": "string", "minLength": 2, "maxLength": 2}),
            json!({"type": ["string", "null"]}),
            json!({"type": "boolean"}),
            json!({"type": "null"}),
            json!({"type": ["number", "string"], "minimum": 1, "minLength": 2}),
            json!({"enum": ["a", null]}),
        ] {
            let check = ScalarCheck::compile(&schema).expect("compiles");
            let full = jsonschema::validator_for(&schema).expect("valid schema");
            for v in spread() {
                let Some(s) = Scalar::of(&v) else { continue };
                assert_eq!(check.accepts(s), full.is_valid(&v), "{schema} on {v}");
                compared += 1;
            }
        }
        assert!(compared > 400, "{compared}");
    }
}

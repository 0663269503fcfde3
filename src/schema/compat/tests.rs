use super::*;
use serde_json::json;

/// One change code: an old and a new schema whose diff is exactly that code, and the way it
/// moves the accepted set.
fn table() -> Vec<(Code, Value, Value, Dir)> {
    let obj = |props: Value| json!({"type": "object", "properties": props});
    let closed = |props: Value| json!({"type": "object", "properties": props, "additionalProperties": false});
    let num = |extra: Value| {
        let mut s = json!({"type": "number"});
        for (k, v) in extra.as_object().unwrap() {
            s[k] = v.clone();
        }
        obj(json!({ "x": s }))
    };
    vec![
        (
            Code::PropertyAdded,
            closed(json!({"a": {"type": "string"}})),
            closed(json!({"a": {"type": "string"}, "b": {"type": "string"}})),
            Dir::Widen,
        ),
        (
            Code::PropertyAdded,
            obj(json!({"a": {"type": "string"}})),
            obj(json!({"a": {"type": "string"}, "b": {"type": "string"}})),
            Dir::Narrow,
        ),
        (
            Code::PropertyRemoved,
            closed(json!({"a": {"type": "string"}, "b": {"type": "string"}})),
            closed(json!({"a": {"type": "string"}})),
            Dir::Narrow,
        ),
        (
            Code::PropertyRemoved,
            obj(json!({"a": {"type": "string"}, "b": {"type": "string"}})),
            obj(json!({"a": {"type": "string"}})),
            Dir::Widen,
        ),
        (
            Code::RequiredAdded,
            json!({"type": "object", "properties": {"a": {}}}),
            json!({"type": "object", "properties": {"a": {}}, "required": ["a"]}),
            Dir::Narrow,
        ),
        (
            Code::RequiredRemoved,
            json!({"type": "object", "properties": {"a": {}}, "required": ["a"]}),
            json!({"type": "object", "properties": {"a": {}}}),
            Dir::Widen,
        ),
        (
            Code::TypeNarrowed,
            num(json!({})),
            obj(json!({"x": {"type": "integer"}})),
            Dir::Narrow,
        ),
        (
            Code::TypeWidened,
            obj(json!({"x": {"type": "integer"}})),
            obj(json!({"x": {"type": ["integer", "string"]}})),
            Dir::Widen,
        ),
        (
            Code::TypeChanged,
            obj(json!({"x": {"type": "integer"}})),
            obj(json!({"x": {"type": "string"}})),
            Dir::Both,
        ),
        (
            Code::EnumNarrowed,
            obj(json!({"x": {"enum": ["A", "B"]}})),
            obj(json!({"x": {"enum": ["A"]}})),
            Dir::Narrow,
        ),
        (
            Code::EnumWidened,
            obj(json!({"x": {"enum": ["A"]}})),
            obj(json!({"x": {"enum": ["A", "B"]}})),
            Dir::Widen,
        ),
        (
            Code::ConstChanged,
            obj(json!({"x": {"const": 1}})),
            obj(json!({"x": {"const": 2}})),
            Dir::Both,
        ),
        (
            Code::MinimumRaised,
            num(json!({"minimum": 0})),
            num(json!({"minimum": 1})),
            Dir::Narrow,
        ),
        (
            Code::MinimumLowered,
            num(json!({"exclusiveMinimum": 1})),
            num(json!({"exclusiveMinimum": 0})),
            Dir::Widen,
        ),
        (
            Code::MaximumLowered,
            num(json!({"maximum": 10})),
            num(json!({"maximum": 5})),
            Dir::Narrow,
        ),
        (
            Code::MaximumRaised,
            num(json!({"exclusiveMaximum": 5})),
            num(json!({})),
            Dir::Widen,
        ),
        (
            Code::MinLengthRaised,
            obj(json!({"x": {"minLength": 0}})),
            obj(json!({"x": {"minLength": 2}})),
            Dir::Narrow,
        ),
        (
            Code::MinLengthLowered,
            obj(json!({"x": {"minLength": 2}})),
            obj(json!({"x": {"minLength": 1}})),
            Dir::Widen,
        ),
        (
            Code::MaxLengthLowered,
            obj(json!({"x": {}})),
            obj(json!({"x": {"maxLength": 8}})),
            Dir::Narrow,
        ),
        (
            Code::MaxLengthRaised,
            obj(json!({"x": {"maxLength": 8}})),
            obj(json!({"x": {"maxLength": 9}})),
            Dir::Widen,
        ),
        (
            Code::MinItemsRaised,
            obj(json!({"x": {"minItems": 1}})),
            obj(json!({"x": {"minItems": 2}})),
            Dir::Narrow,
        ),
        (
            Code::MinItemsLowered,
            obj(json!({"x": {"minItems": 1}})),
            obj(json!({"x": {}})),
            Dir::Widen,
        ),
        (
            Code::MaxItemsLowered,
            obj(json!({"x": {"maxItems": 20}})),
            obj(json!({"x": {"maxItems": 10}})),
            Dir::Narrow,
        ),
        (
            Code::MaxItemsRaised,
            obj(json!({"x": {"maxItems": 20}})),
            obj(json!({"x": {"maxItems": 30}})),
            Dir::Widen,
        ),
        (
            Code::MinPropertiesRaised,
            obj(json!({"x": {}})),
            obj(json!({"x": {"minProperties": 1}})),
            Dir::Narrow,
        ),
        (
            Code::MinPropertiesLowered,
            obj(json!({"x": {"minProperties": 2}})),
            obj(json!({"x": {"minProperties": 1}})),
            Dir::Widen,
        ),
        (
            Code::MaxPropertiesLowered,
            obj(json!({"x": {"maxProperties": 3}})),
            obj(json!({"x": {"maxProperties": 2}})),
            Dir::Narrow,
        ),
        (
            Code::MaxPropertiesRaised,
            obj(json!({"x": {"maxProperties": 3}})),
            obj(json!({"x": {}})),
            Dir::Widen,
        ),
        (
            Code::PatternChanged,
            obj(json!({"x": {"pattern": "^[A-Z]+$"}})),
            obj(json!({"x": {"pattern": "^[A-Z0-9]+$"}})),
            Dir::Both,
        ),
        (
            Code::PatternChanged,
            obj(json!({"x": {}})),
            obj(json!({"x": {"pattern": "^[A-Z]+$"}})),
            Dir::Narrow,
        ),
        (
            Code::FormatChanged,
            obj(json!({"x": {"format": "uuid"}})),
            obj(json!({"x": {}})),
            Dir::Widen,
        ),
        (
            Code::MultipleOfChanged,
            num(json!({"multipleOf": 1})),
            num(json!({"multipleOf": 0.5})),
            Dir::Both,
        ),
        (
            Code::UniqueItemsAdded,
            obj(json!({"x": {"type": "array"}})),
            obj(json!({"x": {"type": "array", "uniqueItems": true}})),
            Dir::Narrow,
        ),
        (
            Code::UniqueItemsRemoved,
            obj(json!({"x": {"uniqueItems": true}})),
            obj(json!({"x": {"uniqueItems": false}})),
            Dir::Widen,
        ),
        (
            Code::AdditionalPropertiesClosed,
            json!({"type": "object"}),
            json!({"type": "object", "additionalProperties": false}),
            Dir::Narrow,
        ),
        (
            Code::AdditionalPropertiesOpened,
            json!({"type": "object", "additionalProperties": false}),
            json!({"type": "object", "additionalProperties": true}),
            Dir::Widen,
        ),
        (
            Code::SchemaClosed,
            obj(json!({"x": {}})),
            obj(json!({"x": false})),
            Dir::Narrow,
        ),
        (
            Code::SchemaOpened,
            obj(json!({"x": false})),
            obj(json!({"x": {}})),
            Dir::Widen,
        ),
        (
            Code::KeywordChanged,
            obj(json!({"x": {"oneOf": [{"type": "string"}]}})),
            obj(json!({"x": {"oneOf": [{"type": "integer"}]}})),
            Dir::Unknown,
        ),
        (
            Code::UnknownKeywordChanged,
            obj(json!({"x": {"x-precision": 2}})),
            obj(json!({"x": {"x-precision": 4}})),
            Dir::Unknown,
        ),
    ]
}

fn set(doc: &Value) -> SchemaSet {
    SchemaSet::from_docs([("T".to_string(), doc.clone())])
}

fn run(mode: CompatMode, old: &Value, new: &Value) -> Report {
    let cfg = CompatConfig {
        default: mode,
        types: Default::default(),
    };
    check(&set(new), &set(old), "ref", &cfg)
}

#[test]
fn every_code_has_a_row_and_each_row_diffs_to_its_code() {
    let rows = table();
    for code in Code::ALL {
        if *code == Code::TypeRemoved {
            continue;
        }
        assert!(rows.iter().any(|r| r.0 == *code), "no row for {code}");
    }
    for (code, old, new, dir) in &rows {
        let changes = diff(old, new);
        assert_eq!(changes.len(), 1, "{code}: {changes:?}");
        assert_eq!(
            (changes[0].code, changes[0].dir),
            (*code, *dir),
            "{changes:?}"
        );
        assert!(changes[0].pointer.starts_with("/"), "{changes:?}");
    }
}

/// For every code and every mode, the pair and its reverse: compatible exactly when the mode
/// allows the direction, and an incompatibility names the code and a pointer.
#[test]
fn every_code_in_every_mode_compatible_and_incompatible() {
    for (code, old, new, dir) in table() {
        let mut outcomes = Vec::new();
        for &mode in CompatMode::ALL {
            for (a, b) in [(&old, &new), (&new, &old)] {
                let r = run(mode, a, b);
                let changes = diff(a, b);
                let expect_bad = changes.iter().any(|c| mode.breaks(c.dir));
                assert_eq!(
                    !r.compatible(),
                    expect_bad,
                    "{code} {mode}: {:?}",
                    r.incompatibilities
                );
                if expect_bad {
                    let i = &r.incompatibilities[0];
                    assert_eq!(i.code, changes[0].code);
                    assert!(!i.pointer.is_empty() && !i.rule.is_empty());
                }
                outcomes.push((mode, r.compatible()));
            }
        }
        // NONE accepts everything; every code is refused by FULL.
        assert!(
            outcomes
                .iter()
                .filter(|o| o.0 == CompatMode::None)
                .all(|o| o.1),
            "{code}"
        );
        assert!(
            outcomes.iter().any(|o| o.0 == CompatMode::Full && !o.1),
            "{code}"
        );
        match dir {
            Dir::Narrow => {
                assert!(
                    !run(CompatMode::Backward, &old, &new).compatible(),
                    "{code}"
                );
                assert!(run(CompatMode::Forward, &old, &new).compatible(), "{code}");
            }
            Dir::Widen => {
                assert!(run(CompatMode::Backward, &old, &new).compatible(), "{code}");
                assert!(!run(CompatMode::Forward, &old, &new).compatible(), "{code}");
            }
            Dir::Both | Dir::Unknown => {
                for m in [CompatMode::Backward, CompatMode::Forward, CompatMode::Full] {
                    assert!(!run(m, &old, &new).compatible(), "{code} {m}");
                }
            }
        }
    }
}

#[test]
fn unchanged_and_annotation_only_changes_are_compatible_in_every_mode() {
    let a = json!({"type": "object", "title": "A", "properties": {"x": {"type": "integer", "description": "d"}}});
    let b = json!({"type": "object", "title": "B", "properties": {"x": {"type": "integer", "description": "e", "examples": [1]}}});
    for &m in CompatMode::ALL {
        assert!(run(m, &a, &b).compatible(), "{m}");
    }
}

#[test]
fn refs_resolve_inside_each_document() {
    let old = json!({"type": "object", "properties": {"l": {"$ref": "#/$defs/level"}},
        "$defs": {"level": {"type": "object", "properties": {"p": {"type": "number"}}}}});
    let new = json!({"type": "object", "properties": {"l": {"$ref": "#/$defs/level"}},
        "$defs": {"level": {"type": "object", "properties": {"p": {"type": "number"}}, "required": ["p"]}}});
    let c = diff(&old, &new);
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].code, c[0].pointer.as_str()),
        (Code::RequiredAdded, "/properties/l/properties/p")
    );
}

#[test]
fn removed_type_and_transitive_versions() {
    let v1 = json!({"type": "object", "properties": {"a": {}}, "additionalProperties": false});
    let v2 = json!({"type": "object", "properties": {"a": {}}, "required": ["a"], "additionalProperties": false});
    let cur = SchemaSet::from_docs([("T".into(), v1.clone()), ("T_V2".into(), v2.clone())]);
    let prev = SchemaSet::from_docs([
        ("T".into(), v1.clone()),
        ("T_V2".into(), v2),
        ("GONE".into(), v1),
    ]);
    let mut cfg = CompatConfig::default();
    let r = check(&cur, &prev, "main", &cfg);
    assert_eq!(r.incompatibilities.len(), 1, "{:?}", r.incompatibilities);
    assert_eq!(r.incompatibilities[0].code, Code::TypeRemoved);
    cfg.types.insert("GONE".into(), CompatMode::None);
    // Versions are separate types unless the mode is transitive.
    assert!(check(&cur, &prev, "main", &cfg).compatible());
    cfg.types.insert("T".into(), CompatMode::BackwardTransitive);
    let r = check(&cur, &prev, "main", &cfg);
    assert_eq!(r.incompatibilities.len(), 1, "{:?}", r.incompatibilities);
    let i = &r.incompatibilities[0];
    assert_eq!(
        (i.event_type.as_str(), i.against.as_str(), i.code),
        ("T_V2", "T", Code::RequiredAdded)
    );
    cfg.types.insert("T".into(), CompatMode::ForwardTransitive);
    assert!(check(&cur, &prev, "main", &cfg).compatible());
}

#[test]
fn config_names_the_bad_field() {
    let p = std::path::Path::new("schemas/compatibility.yaml");
    let c = CompatConfig::parse(
        p,
        "default: FULL\ntypes:\n  MARKET_TICK: none\n  X_V2: BACKWARD_TRANSITIVE\n",
    )
    .unwrap();
    assert_eq!(c.mode_for("MARKET_TICK_V3"), CompatMode::None);
    assert_eq!(c.mode_for("X_V2"), CompatMode::BackwardTransitive);
    assert_eq!(c.mode_for("X"), CompatMode::Full);
    let e = CompatConfig::parse(p, "types:\n  A: SIDEWAYS\n")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("compatibility.yaml") && e.contains("types.A") && e.contains("SIDEWAYS"),
        "{e}"
    );
    assert!(CompatConfig::parse(p, "defualt: FULL\n").is_err());
}

#[test]
fn builtin_schemas_are_compatible_with_themselves() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let s = SchemaSet::load_dir(&dir).unwrap();
    assert!(s.len() >= 10);
    let cfg = CompatConfig::load_dir(&dir).unwrap();
    let r = check(&s, &s, "HEAD", &cfg);
    assert!(r.compatible(), "{:?}", r.incompatibilities);
}

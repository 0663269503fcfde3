//! Schema compatibility: is the schema of an event type in this tree compatible with the same
//! type at a git ref or in another directory, under the type's mode (BACKWARD by default)?
//!
//! [`diff`] turns two schemas into typed [`Change`]s, each with the direction the accepted set
//! moved. A mode decides which directions break: BACKWARD (new readers must read old events)
//! refuses narrowing, FORWARD (old readers must read new events) refuses widening, FULL both,
//! NONE nothing. A change evt cannot reason about (an unknown keyword, `oneOf`, …) breaks every
//! mode but NONE: it is never silently called compatible.

mod config;
mod diff;
mod source;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

pub use config::{CompatConfig, ConfigError, CONFIG_FILE};
pub use diff::{
    annotation_keywords, diff, known_keyword, not_reasoned_keywords, understood_keywords,
};
pub use source::{SchemaSet, SourceError};

/// Which way a change moved the set of accepted events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dir {
    /// Some events valid before are refused now.
    Narrow,
    /// Some events refused before are valid now.
    Widen,
    Both,
    /// evt cannot tell (a keyword it does not reason about).
    Unknown,
}

impl Dir {
    fn join(self, other: Dir) -> Dir {
        match (self, other) {
            (a, b) if a == b => a,
            (Dir::Unknown, _) | (_, Dir::Unknown) => Dir::Unknown,
            _ => Dir::Both,
        }
    }
}

macro_rules! codes {
    ($($v:ident => $s:literal),* $(,)?) => {
        /// What changed, as a stable code for reports and CI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($v),* }
        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$v),*];
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$v => $s),* }
            }
        }
    };
}

codes! {
    TypeRemoved => "type_removed",
    PropertyAdded => "property_added",
    PropertyRemoved => "property_removed",
    RequiredAdded => "required_added",
    RequiredRemoved => "required_removed",
    TypeNarrowed => "type_narrowed",
    TypeWidened => "type_widened",
    TypeChanged => "type_changed",
    EnumNarrowed => "enum_narrowed",
    EnumWidened => "enum_widened",
    ConstChanged => "const_changed",
    MinimumRaised => "minimum_raised",
    MinimumLowered => "minimum_lowered",
    MaximumLowered => "maximum_lowered",
    MaximumRaised => "maximum_raised",
    MinLengthRaised => "min_length_raised",
    MinLengthLowered => "min_length_lowered",
    MaxLengthLowered => "max_length_lowered",
    MaxLengthRaised => "max_length_raised",
    MinItemsRaised => "min_items_raised",
    MinItemsLowered => "min_items_lowered",
    MaxItemsLowered => "max_items_lowered",
    MaxItemsRaised => "max_items_raised",
    MinPropertiesRaised => "min_properties_raised",
    MinPropertiesLowered => "min_properties_lowered",
    MaxPropertiesLowered => "max_properties_lowered",
    MaxPropertiesRaised => "max_properties_raised",
    PatternChanged => "pattern_changed",
    FormatChanged => "format_changed",
    MultipleOfChanged => "multiple_of_changed",
    UniqueItemsAdded => "unique_items_added",
    UniqueItemsRemoved => "unique_items_removed",
    AdditionalPropertiesClosed => "additional_properties_closed",
    AdditionalPropertiesOpened => "additional_properties_opened",
    SchemaClosed => "schema_closed",
    SchemaOpened => "schema_opened",
    KeywordChanged => "keyword_changed",
    UnknownKeywordChanged => "unknown_keyword_changed",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One change between two schemas of a type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub code: Code,
    /// JSON pointer into the schema document.
    pub pointer: String,
    pub dir: Dir,
    pub detail: String,
}

/// A compatibility mode (Confluent's names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompatMode {
    #[default]
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive,
    None,
}

impl CompatMode {
    pub const ALL: &'static [CompatMode] = &[
        CompatMode::Backward,
        CompatMode::BackwardTransitive,
        CompatMode::Forward,
        CompatMode::ForwardTransitive,
        CompatMode::Full,
        CompatMode::FullTransitive,
        CompatMode::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CompatMode::Backward => "BACKWARD",
            CompatMode::BackwardTransitive => "BACKWARD_TRANSITIVE",
            CompatMode::Forward => "FORWARD",
            CompatMode::ForwardTransitive => "FORWARD_TRANSITIVE",
            CompatMode::Full => "FULL",
            CompatMode::FullTransitive => "FULL_TRANSITIVE",
            CompatMode::None => "NONE",
        }
    }

    pub fn parse(s: &str) -> Option<CompatMode> {
        Self::ALL
            .iter()
            .copied()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }

    pub fn transitive(self) -> bool {
        matches!(
            self,
            CompatMode::BackwardTransitive
                | CompatMode::ForwardTransitive
                | CompatMode::FullTransitive
        )
    }

    /// Whether `dir` breaks this mode.
    pub fn breaks(self, dir: Dir) -> bool {
        let (back, fwd) = match self {
            CompatMode::Backward | CompatMode::BackwardTransitive => (true, false),
            CompatMode::Forward | CompatMode::ForwardTransitive => (false, true),
            CompatMode::Full | CompatMode::FullTransitive => (true, true),
            CompatMode::None => return false,
        };
        match dir {
            Dir::Narrow => back,
            Dir::Widen => fwd,
            Dir::Both | Dir::Unknown => true,
        }
    }

    /// The rule a breaking change of direction `dir` violates.
    pub fn rule(self, dir: Dir) -> &'static str {
        match dir {
            Dir::Unknown => "evt cannot prove this change compatible, so it is treated as breaking",
            Dir::Narrow | Dir::Both if self.breaks(Dir::Narrow) => {
                "every event valid under the old schema must stay valid under the new one"
            }
            _ => "every event valid under the new schema must be valid under the old one",
        }
    }
}

impl fmt::Display for CompatMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A change that breaks the mode of its type.
#[derive(Debug, Clone, Serialize)]
pub struct Incompatibility {
    /// The type checked (in this tree).
    pub event_type: String,
    /// What it was compared with: `REF:TYPE`, `DIR:TYPE`, or an earlier version in this tree.
    pub against: String,
    pub mode: String,
    pub code: Code,
    pub pointer: String,
    pub detail: String,
    pub rule: &'static str,
}

impl fmt::Display for Incompatibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {}: {} [{} against {}: {}]",
            self.event_type,
            self.code,
            self.pointer,
            self.detail,
            self.mode,
            self.against,
            self.rule
        )
    }
}

/// The outcome of a check: every pair compared and every incompatibility.
#[derive(Debug, Default, Serialize)]
pub struct Report {
    pub types_checked: usize,
    pub comparisons: usize,
    pub incompatibilities: Vec<Incompatibility>,
}

impl Report {
    pub fn compatible(&self) -> bool {
        self.incompatibilities.is_empty()
    }
}

/// Which of `changes` break `mode`.
pub fn breaking(mode: CompatMode, changes: &[Change]) -> Vec<&Change> {
    changes.iter().filter(|c| mode.breaks(c.dir)).collect()
}

/// `MARKET_TICK_V2` → (`MARKET_TICK`, 2); a name without a suffix is version 1.
pub fn split_version(name: &str) -> (&str, u32) {
    if let Some((base, v)) = name.rsplit_once("_V") {
        if !base.is_empty() && !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(n) = v.parse::<u32>() {
                if n >= 1 {
                    return (base, n);
                }
            }
        }
    }
    (name, 1)
}

/// Compare `current` (this tree) with `previous` (the ref or directory, labelled `label`).
///
/// Each type is compared with the same type in `previous`; a type missing from `current` is a
/// `type_removed` incompatibility unless its mode is NONE. Under a TRANSITIVE mode a type is
/// also compared with every earlier `_V<n>` of its base in `current`, so `MARKET_TICK_V3` must
/// be compatible with `MARKET_TICK_V2` and `MARKET_TICK`. Without TRANSITIVE, versions are
/// separate types: a new `_V<n>` is where a breaking change goes.
pub fn check(
    current: &SchemaSet,
    previous: &SchemaSet,
    label: &str,
    config: &CompatConfig,
) -> Report {
    let mut report = Report::default();
    let mut by_base: BTreeMap<&str, Vec<(u32, &str)>> = BTreeMap::new();
    for name in current.names() {
        let (base, v) = split_version(name);
        by_base.entry(base).or_default().push((v, name));
    }
    for name in previous.names() {
        if current.get(name).is_none() {
            let mode = config.mode_for(name);
            if mode != CompatMode::None {
                report.incompatibilities.push(Incompatibility {
                    event_type: name.to_string(),
                    against: format!("{label}:{name}"),
                    mode: mode.to_string(),
                    code: Code::TypeRemoved,
                    pointer: String::new(),
                    detail: "the type's schema file is gone; its events can no longer be read or written".into(),
                    rule: "a removed type breaks every reader and writer of it",
                });
            }
        }
    }
    for (name, doc) in current.iter() {
        report.types_checked += 1;
        let mode = config.mode_for(name);
        let mut against: Vec<(String, &Value)> = Vec::new();
        if let Some(old) = previous.get(name) {
            against.push((format!("{label}:{name}"), old));
        }
        if mode.transitive() {
            let (base, v) = split_version(name);
            for (ov, oname) in by_base.get(base).into_iter().flatten() {
                if *ov < v {
                    if let Some(d) = current.get(oname) {
                        against.push(((*oname).to_string(), d));
                    }
                }
            }
        }
        for (what, old) in against {
            report.comparisons += 1;
            if mode == CompatMode::None {
                continue;
            }
            for c in diff(old, doc) {
                if mode.breaks(c.dir) {
                    report.incompatibilities.push(Incompatibility {
                        event_type: name.to_string(),
                        against: what.clone(),
                        mode: mode.to_string(),
                        code: c.code,
                        pointer: c.pointer,
                        detail: c.detail,
                        rule: mode.rule(c.dir),
                    });
                }
            }
        }
    }
    report
}

#[cfg(test)]
mod tests;

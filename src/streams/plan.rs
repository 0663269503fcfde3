//! The pure core: compare the desired topology with the live one and classify every change.
//!
//! Only declared fields are compared (a field left out of the spec is not managed), after both
//! sides went through [`super::normalize`]. Each change is classified by what the server allows:
//! in place, one-way (allowed, but cannot be undone in place), needs recreation (the server
//! refuses it as an update), or refused by this server's version. Nothing here does I/O.

use std::collections::{BTreeMap, HashSet};

use async_nats::jetstream::{consumer, stream};
use serde::Serialize;
use serde_json::Value;

use super::normalize::{from_live_stream, Desired};
use super::spec::ConsumerSpec;
use super::validate::effective_subjects;
use super::{MANAGED_BY, MANAGED_BY_KEY};
use crate::dlq::naming::parse_max_deliveries_advisory_subject;
use crate::{consumer as consumer_model, subject};

/// One live stream with what the plan needs to know about it.
#[derive(Debug, Clone)]
pub struct LiveStream {
    pub config: stream::Config,
    pub messages: u64,
    pub bytes: u64,
    pub consumers: Vec<consumer::Config>,
}

/// The server's side: every stream (with consumers for the ones the plan may touch).
#[derive(Debug, Clone, Default)]
pub struct Live {
    pub streams: BTreeMap<String, LiveStream>,
    /// `major.minor.patch` as the server reports it.
    pub server_version: String,
}

/// How a single field change can be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// Part of a new stream or consumer.
    Create,
    /// An update the server applies in place.
    InPlace,
    /// Applied in place, but cannot be reverted without recreating (e.g. deny_delete on).
    OneWay,
    /// The server refuses it as an update: delete and create again.
    Recreate,
    /// Removal of something evt manages that is no longer declared (`--prune`).
    Delete,
    /// This server version does not support it, or it would be refused whatever we do.
    Refused,
}

/// What will happen to one stream or consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Create,
    Update,
    Recreate,
    Delete,
    Refused,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub field: String,
    pub from: Option<Value>,
    pub to: Option<Value>,
    pub class: Class,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub stream: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer: Option<String>,
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.consumer {
            Some(c) => write!(f, "consumer {}/{c}", self.stream),
            None => write!(f, "stream {}", self.stream),
        }
    }
}

/// One step of the plan; apply executes these in order.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    pub target: Target,
    pub kind: Kind,
    pub changes: Vec<Change>,
    /// Messages held by the stream concerned (what a recreate or delete would lose).
    pub messages: u64,
    /// For streams evt generated (DLQ advisory capture).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
    #[serde(skip)]
    pub desired_stream: Option<Desired>,
    #[serde(skip)]
    pub desired_consumer: Option<ConsumerSpec>,
    /// The live config the update is laid over (undeclared fields keep their value).
    #[serde(skip)]
    pub live_stream: Option<stream::Config>,
    #[serde(skip)]
    pub live_consumer: Option<consumer::Config>,
}

impl Action {
    /// Destroys state: recreating or deleting.
    pub fn is_destructive(&self) -> bool {
        matches!(self.kind, Kind::Recreate | Kind::Delete)
    }
}

/// Something worth knowing about a plan that is not a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// evt manages it, the spec no longer declares it, and pruning was not asked for.
    Undeclared(Target),
    /// Recreating `stream` also deletes these consumers, which the spec does not declare.
    RecreateDropsConsumers {
        stream: String,
        consumers: Vec<String>,
    },
    /// The server cannot store what evt manages (stream metadata needs 2.10+).
    ServerTooOld { version: String },
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Note::Undeclared(t) => write!(f, "{t} is managed by evt but no longer declared"),
            Note::RecreateDropsConsumers { stream, consumers } => write!(
                f,
                "recreating stream {stream} also deletes its consumers that are not in the spec: {}",
                consumers.join(", ")
            ),
            Note::ServerTooOld { version } => write!(
                f,
                "nats-server {version} is too old: evt needs 2.10+ (stream metadata)"
            ),
        }
    }
}

// In `-o json` a note is its sentence, as it always was.
impl Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Plan {
    pub server_version: String,
    pub actions: Vec<Action>,
    /// Things worth knowing that are not changes (e.g. evt-managed leftovers without --prune).
    pub notes: Vec<Note>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
    pub fn has_destructive(&self) -> bool {
        self.actions.iter().any(Action::is_destructive)
    }
    pub fn refused(&self) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(|a| a.kind == Kind::Refused)
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Delete evt-managed streams and consumers that are no longer declared.
    pub prune: bool,
}

/// Parse `2.14.6` (or `v2.10.0-beta`) into (major, minor).
pub fn version(v: &str) -> (u32, u32) {
    let mut it = v.trim_start_matches('v').split(['.', '-']);
    let major = it.next().and_then(|x| x.parse().ok()).unwrap_or(0);
    let minor = it.next().and_then(|x| x.parse().ok()).unwrap_or(0);
    (major, minor)
}

/// The server version a stream field needs, if newer than 2.10 (our floor for metadata).
fn stream_field_min(field: &str) -> Option<(u32, u32)> {
    match field {
        "allow_msg_ttl" | "subject_delete_marker_ttl" => Some((2, 11)),
        _ => None,
    }
}

pub(crate) fn json_map<T: Serialize>(v: &T) -> serde_json::Map<String, Value> {
    match serde_json::to_value(v) {
        Ok(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    }
}

fn is_true(v: &Option<Value>) -> bool {
    matches!(v, Some(Value::Bool(true)))
}

fn classify_stream(
    field: &str,
    from: &Option<Value>,
    to: &Option<Value>,
) -> (Class, Option<String>) {
    match field {
        "storage" => (
            Class::Recreate,
            Some("storage cannot change in place".into()),
        ),
        "retention" => {
            let wq = |v: &Option<Value>| v.as_ref().and_then(Value::as_str) == Some("workqueue");
            if wq(from) || wq(to) {
                (
                    Class::Recreate,
                    Some("retention cannot change to or from workqueue in place".into()),
                )
            } else {
                (Class::InPlace, None)
            }
        }
        "max_consumers" => (
            Class::Recreate,
            Some("max_consumers cannot change in place".into()),
        ),
        "deny_delete" | "deny_purge" | "allow_msg_ttl" => {
            if is_true(from) && !is_true(to) {
                (
                    Class::Recreate,
                    Some(format!("{field} can be turned on, never off, in place")),
                )
            } else {
                (
                    Class::OneWay,
                    Some(format!(
                        "{field} cannot be turned off again without recreating"
                    )),
                )
            }
        }
        _ => (Class::InPlace, None),
    }
}

/// The fields whose desired value differs from the live one (`skip` keys are compared
/// elsewhere), each classified by `classify`.
pub(crate) fn diff_fields(
    desired: &serde_json::Map<String, Value>,
    live: &serde_json::Map<String, Value>,
    skip: &[&str],
    classify: impl Fn(&str, &Option<Value>, &Option<Value>) -> (Class, Option<String>),
) -> Vec<Change> {
    let mut out = Vec::new();
    for (k, v) in desired {
        if skip.contains(&k.as_str()) {
            continue;
        }
        let lv = live.get(k);
        if lv != Some(v) {
            let (from, to) = (lv.cloned(), Some(v.clone()));
            let (class, note) = classify(k, &from, &to);
            out.push(Change {
                field: k.clone(),
                from,
                to,
                class,
                note,
            });
        }
    }
    out
}

fn creation_changes(desired: &serde_json::Map<String, Value>, skip: &[&str]) -> Vec<Change> {
    desired
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .map(|(k, v)| Change {
            field: k.clone(),
            from: None,
            to: Some(v.clone()),
            class: Class::Create,
            note: None,
        })
        .collect()
}

fn is_managed(md: &std::collections::HashMap<String, String>) -> bool {
    md.get(MANAGED_BY_KEY).map(String::as_str) == Some(MANAGED_BY)
}

fn kind_of(changes: &[Change]) -> Kind {
    if changes.iter().any(|c| c.class == Class::Refused) {
        Kind::Refused
    } else if changes.iter().any(|c| c.class == Class::Recreate) {
        Kind::Recreate
    } else {
        Kind::Update
    }
}

const STREAM_SKIP: &[&str] = &["name", "consumers"];

/// Compute the plan. `desired` comes from [`super::normalize::desired`].
pub fn plan(desired: &[Desired], live: &Live, opts: PlanOptions) -> Plan {
    let v = version(&live.server_version);
    let mut p = Plan {
        server_version: live.server_version.clone(),
        ..Default::default()
    };
    let declared: HashSet<&str> = desired.iter().map(|d| d.spec.name()).collect();
    let declared_consumers: HashSet<(&str, &str)> = desired
        .iter()
        .flat_map(|d| d.spec.consumers.iter().map(|c| (d.spec.name(), c.name())))
        .collect();
    for d in desired {
        let name = d.spec.name().to_string();
        let d = &keep_foreign_advisories(d, live, &declared, &declared_consumers);
        let dmap = json_map(&d.spec);
        let live_stream = live.streams.get(&name);
        let mut stream_changes = match live_stream {
            None => creation_changes(&dmap, STREAM_SKIP),
            Some(ls) => {
                let lspec = from_live_stream(&ls.config);
                let lmap = json_map(&lspec);
                diff_fields(&dmap, &lmap, STREAM_SKIP, classify_stream)
            }
        };
        // Fields this server cannot store.
        for c in &mut stream_changes {
            if let Some(min) = stream_field_min(&c.field) {
                if v < min {
                    c.class = Class::Refused;
                    c.note = Some(format!(
                        "{} needs nats-server {}.{}+, this server is {}",
                        c.field, min.0, min.1, live.server_version
                    ));
                }
            }
        }
        // Subjects that collide with streams outside the spec: offline validation cannot know.
        let subjects_change =
            live_stream.is_none() || stream_changes.iter().any(|c| c.field == "subjects");
        if subjects_change {
            for (s, _) in effective_subjects(&d.spec) {
                for (other, ls) in &live.streams {
                    if declared.contains(other.as_str()) {
                        continue;
                    }
                    let theirs: Vec<String> = if ls.config.subjects.is_empty() {
                        vec![other.clone()]
                    } else {
                        ls.config.subjects.clone()
                    };
                    for t in theirs.iter().filter(|t| subject::overlaps(&s, t)) {
                        stream_changes.push(Change {
                            field: "subjects".into(),
                            from: None,
                            to: Some(Value::String(s.clone())),
                            class: Class::Refused,
                            note: Some(format!(
                                "subject '{s}' overlaps '{t}' of stream {other} on the server, which is not in the spec"
                            )),
                        });
                    }
                }
            }
        }
        let messages = live_stream.map(|l| l.messages).unwrap_or(0);
        let stream_kind = match live_stream {
            None if stream_changes.iter().any(|c| c.class == Class::Refused) => Kind::Refused,
            None => Kind::Create,
            Some(_) => kind_of(&stream_changes),
        };
        if !stream_changes.is_empty() || live_stream.is_none() {
            p.actions.push(Action {
                target: Target {
                    stream: name.clone(),
                    consumer: None,
                },
                kind: stream_kind,
                changes: stream_changes,
                messages,
                role: d.role,
                desired_stream: Some(d.clone()),
                desired_consumer: None,
                live_stream: live_stream.map(|l| l.config.clone()),
                live_consumer: None,
            });
        }
        let stream_recreated = matches!(stream_kind, Kind::Recreate);
        if let (true, Some(ls)) = (stream_recreated, live_stream) {
            let lost: Vec<&str> = ls
                .consumers
                .iter()
                .filter_map(|c| c.durable_name.as_deref().or(c.name.as_deref()))
                .filter(|n| !d.spec.consumers.iter().any(|dc| dc.name() == *n))
                .collect();
            if !lost.is_empty() {
                p.notes.push(Note::RecreateDropsConsumers {
                    stream: name.clone(),
                    consumers: lost.iter().map(|c| c.to_string()).collect(),
                });
            }
        }
        let live_consumers: Vec<&consumer::Config> = match live_stream {
            Some(ls) if !stream_recreated => ls.consumers.iter().collect(),
            _ => Vec::new(),
        };
        for c in &d.spec.consumers {
            let dc = consumer_model::declared(&name, c);
            let cname = dc.name().to_string();
            let found = live_consumers
                .iter()
                .find(|lc| consumer_model::name_of(lc) == cname);
            let (kind, changes) = match found {
                None => {
                    let mut ch = creation_changes(&json_map(&dc), &["durable_name"]);
                    let multi = dc.filter_subjects.as_ref().is_some_and(|f| f.len() > 1);
                    if multi && v < (2, 10) {
                        ch.push(Change {
                            field: "filter_subjects".into(),
                            from: None,
                            to: None,
                            class: Class::Refused,
                            note: Some("several filter subjects need nats-server 2.10+".into()),
                        });
                    }
                    (kind_of_create(&ch), ch)
                }
                Some(lc) => {
                    let ch = consumer_model::diff(&dc, lc);
                    (kind_of(&ch), ch)
                }
            };
            if !changes.is_empty() || found.is_none() {
                p.actions.push(Action {
                    target: Target {
                        stream: name.clone(),
                        consumer: Some(cname),
                    },
                    kind,
                    changes,
                    messages,
                    role: None,
                    desired_stream: None,
                    desired_consumer: Some(dc),
                    live_stream: None,
                    live_consumer: found.map(|c| (*c).clone()),
                });
            }
        }
        // Managed consumers no longer declared.
        let declared_consumers: HashSet<&str> = d.spec.consumers.iter().map(|c| c.name()).collect();
        for lc in &live_consumers {
            let lname = consumer_model::name_of(lc);
            if declared_consumers.contains(lname) || !is_managed(&lc.metadata) {
                continue;
            }
            if opts.prune {
                p.actions.push(delete_action(&name, Some(lname), messages));
            } else {
                p.notes.push(Note::Undeclared(Target {
                    stream: name.clone(),
                    consumer: Some(lname.to_string()),
                }));
            }
        }
    }
    // Managed streams no longer declared.
    for (name, ls) in &live.streams {
        if declared.contains(name.as_str()) || !is_managed(&ls.config.metadata) {
            continue;
        }
        if opts.prune {
            p.actions.push(delete_action(name, None, ls.messages));
        } else {
            p.notes.push(Note::Undeclared(Target {
                stream: name.clone(),
                consumer: None,
            }));
        }
    }
    if v < (2, 10) {
        p.notes.push(Note::ServerTooOld {
            version: live.server_version.clone(),
        });
        for a in &mut p.actions {
            a.kind = Kind::Refused;
        }
    }
    p
}

/// A generated advisory stream is shared by every spec file whose consumers use that DLQ, and
/// by handlers that created the capture for an ad-hoc durable: keep the live subjects of source
/// streams this spec does not declare, and of undeclared consumers that still exist, so applying
/// one file never drops another file's (or a running ad-hoc handler's) advisory capture.
fn keep_foreign_advisories(
    d: &Desired,
    live: &Live,
    declared: &HashSet<&str>,
    declared_consumers: &HashSet<(&str, &str)>,
) -> Desired {
    let (Some(_), Some(ls)) = (d.role, live.streams.get(d.spec.name())) else {
        return d.clone();
    };
    let mut out = d.clone();
    let subjects = out.spec.subjects.get_or_insert_with(Vec::new);
    for s in &ls.config.subjects {
        let Some((source, consumer)) = parse_max_deliveries_advisory_subject(s) else {
            continue;
        };
        let foreign = !declared.contains(source);
        let ad_hoc = !declared_consumers.contains(&(source, consumer))
            && live.streams.get(source).is_some_and(|src| {
                src.consumers
                    .iter()
                    .any(|c| consumer_model::name_of(c) == consumer)
            });
        if (foreign || ad_hoc) && !subjects.iter().any(|x| &x.value == s) {
            subjects.push(super::spec::Located::new(s.clone()));
        }
    }
    subjects.sort_by(|a, b| a.value.cmp(&b.value));
    out
}

fn kind_of_create(ch: &[Change]) -> Kind {
    if ch.iter().any(|c| c.class == Class::Refused) {
        Kind::Refused
    } else {
        Kind::Create
    }
}

fn delete_action(stream: &str, consumer: Option<&str>, messages: u64) -> Action {
    Action {
        target: Target {
            stream: stream.to_string(),
            consumer: consumer.map(str::to_string),
        },
        kind: Kind::Delete,
        changes: vec![Change {
            field: "(all)".into(),
            from: None,
            to: None,
            class: Class::Delete,
            note: Some("managed by evt, no longer declared".into()),
        }],
        messages,
        role: None,
        desired_stream: None,
        desired_consumer: None,
        live_stream: None,
        live_consumer: None,
    }
}

/// A short text for a JSON value in tables: strings bare, lists in brackets.
pub fn show(v: &Option<Value>) -> String {
    match v {
        None => "-".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(a)) => {
            let items: Vec<String> = a.iter().map(|x| show(&Some(x.clone()))).collect();
            format!("[{}]", items.join(", "))
        }
        Some(Value::Object(m)) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, x)| format!("{k}: {}", show(&Some(x.clone()))))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::normalize::{desired, to_stream_config};
    use crate::streams::spec::{parse_str, Spec};
    use std::path::Path;

    fn spec(text: &str) -> Vec<Desired> {
        desired(&Spec {
            streams: parse_str(Path::new("s.yaml"), text, &|_| None)
                .unwrap()
                .streams,
            files: vec![],
        })
    }

    /// The live side as if `text` had been applied to an empty server.
    fn applied(text: &str) -> Live {
        let mut live = Live {
            server_version: "2.14.6".into(),
            ..Default::default()
        };
        for d in spec(text) {
            let cfg = to_stream_config(&d, None);
            let consumers = d
                .spec
                .consumers
                .iter()
                .map(|c| {
                    let c = consumer_model::declared(d.spec.name(), c);
                    consumer_model::to_managed_config(d.spec.name(), &c, None)
                })
                .collect();
            live.streams.insert(
                d.spec.name().to_string(),
                LiveStream {
                    config: cfg,
                    messages: 5,
                    bytes: 100,
                    consumers,
                },
            );
        }
        live
    }

    const BASE: &str = "streams:\n  - name: S\n    subjects: [s.>]\n    storage: file\n    max_age: 1d\n    consumers:\n      - durable_name: c\n        ack_policy: explicit\n        max_deliver: 5\n        dlq: {stream: D}\n  - name: D\n    subjects: [dlq.>]\n";

    #[test]
    fn empty_server_plans_creates_with_dlq_first() {
        let p = plan(
            &spec(BASE),
            &Live {
                server_version: "2.14.6".into(),
                ..Default::default()
            },
            PlanOptions::default(),
        );
        let order: Vec<String> = p.actions.iter().map(|a| a.target.to_string()).collect();
        assert_eq!(
            order,
            vec![
                "stream D",
                "stream D_ADVISORIES",
                "stream S",
                "consumer S/c"
            ]
        );
        assert!(p.actions.iter().all(|a| a.kind == Kind::Create));
        assert!(!p.has_destructive());
    }

    #[test]
    fn applied_spec_plans_nothing() {
        let p = plan(&spec(BASE), &applied(BASE), PlanOptions::default());
        assert!(p.is_empty(), "{:#?}", p.actions);
    }

    #[test]
    fn declared_zeros_and_empty_placement_match_what_the_server_reports() {
        let zeros = BASE
            .replace("max_age: 1d", "max_age: 1d\n    placement: {tags: []}")
            .replace(
                "max_deliver: 5",
                "max_deliver: 5\n        max_batch: 0\n        inactive_threshold: 0\n        max_expires: 0",
            );
        let p = plan(&spec(&zeros), &applied(BASE), PlanOptions::default());
        assert!(p.is_empty(), "{:#?}", p.actions);
    }

    #[test]
    fn changes_are_classified() {
        let changed = BASE
            .replace("storage: file", "storage: memory")
            .replace("max_age: 1d", "max_age: 2d\n    deny_delete: true")
            .replace("ack_policy: explicit", "ack_policy: all");
        let p = plan(&spec(&changed), &applied(BASE), PlanOptions::default());
        let s = p
            .actions
            .iter()
            .find(|a| a.target.to_string() == "stream S")
            .unwrap();
        assert_eq!(s.kind, Kind::Recreate);
        let class = |f: &str| s.changes.iter().find(|c| c.field == f).unwrap().class;
        assert_eq!(class("storage"), Class::Recreate);
        assert_eq!(class("max_age"), Class::InPlace);
        assert_eq!(class("deny_delete"), Class::OneWay);
        // The stream is recreated, so its consumer is simply created again.
        let c = p
            .actions
            .iter()
            .find(|a| a.target.consumer.is_some())
            .unwrap();
        assert_eq!(c.kind, Kind::Create);
        assert!(p.has_destructive());

        let only_ack = BASE.replace("ack_policy: explicit", "ack_policy: all");
        let p = plan(&spec(&only_ack), &applied(BASE), PlanOptions::default());
        assert_eq!(p.actions.len(), 1);
        assert_eq!(p.actions[0].kind, Kind::Recreate);
    }

    #[test]
    fn deny_delete_off_needs_recreation() {
        let on = BASE.replace("max_age: 1d", "max_age: 1d\n    deny_delete: true");
        let p = plan(
            &spec(
                BASE.replace("max_age: 1d", "max_age: 1d\n    deny_delete: false")
                    .as_str(),
            ),
            &applied(&on),
            PlanOptions::default(),
        );
        assert_eq!(p.actions[0].changes[0].class, Class::Recreate);
    }

    #[test]
    fn undeclared_fields_and_server_metadata_are_ignored() {
        let mut live = applied(BASE);
        let s = live.streams.get_mut("S").unwrap();
        s.config.max_messages_per_subject = 10;
        s.config
            .metadata
            .insert("_nats.req.level".into(), "1".into());
        s.config.subjects.reverse();
        assert!(plan(&spec(BASE), &live, PlanOptions::default()).is_empty());
    }

    #[test]
    fn online_overlap_with_a_foreign_stream_is_refused() {
        let mut live = applied("streams:\n  - name: OTHER\n    subjects: [s.x]\n");
        live.streams
            .get_mut("OTHER")
            .unwrap()
            .config
            .metadata
            .clear();
        let p = plan(&spec(BASE), &live, PlanOptions::default());
        let s = p.actions.iter().find(|a| a.target.stream == "S").unwrap();
        assert_eq!(s.kind, Kind::Refused);
        assert!(p.refused().count() == 1);
    }

    #[test]
    fn prune_touches_only_managed_leftovers() {
        let mut live = applied(&format!("{BASE}  - name: OLD\n    subjects: [old.>]\n"));
        live.streams.insert(
            "FOREIGN".into(),
            LiveStream {
                config: stream::Config {
                    name: "FOREIGN".into(),
                    subjects: vec!["f.>".into()],
                    ..Default::default()
                },
                messages: 0,
                bytes: 0,
                consumers: vec![],
            },
        );
        let p = plan(&spec(BASE), &live, PlanOptions::default());
        assert!(p.is_empty());
        assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
        let p = plan(&spec(BASE), &live, PlanOptions { prune: true });
        let targets: Vec<String> = p.actions.iter().map(|a| a.target.to_string()).collect();
        assert_eq!(targets, vec!["stream OLD"]);
        assert_eq!(p.actions[0].kind, Kind::Delete);
    }

    /// A handler that created the advisory capture for its ad-hoc durable keeps it across
    /// applies while the durable exists; once the durable is gone, apply removes it.
    #[test]
    fn ad_hoc_advisory_capture_is_kept_while_its_durable_exists() {
        let mut live = applied(BASE);
        let adhoc = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.S.adhoc".to_string();
        live.streams
            .get_mut("D_ADVISORIES")
            .unwrap()
            .config
            .subjects
            .push(adhoc.clone());
        let worker = consumer_model::declared(
            "S",
            &ConsumerSpec {
                durable_name: crate::streams::spec::Located::new("adhoc".into()),
                ..Default::default()
            },
        );
        live.streams
            .get_mut("S")
            .unwrap()
            .consumers
            .push(consumer_model::to_config("S", &worker, None));
        assert!(plan(&spec(BASE), &live, PlanOptions::default()).is_empty());
        live.streams.get_mut("S").unwrap().consumers.pop();
        let p = plan(&spec(BASE), &live, PlanOptions::default());
        let a = &p.actions[0];
        assert_eq!(a.target.to_string(), "stream D_ADVISORIES");
        assert_eq!(a.changes[0].field, "subjects");
        assert!(show(&a.changes[0].from).contains(&adhoc));
    }

    #[test]
    fn version_gated_fields_are_refused_on_old_servers() {
        let ttl = BASE.replace("max_age: 1d", "max_age: 1d\n    allow_msg_ttl: true");
        let p = plan(
            &spec(&ttl),
            &Live {
                server_version: "2.10.4".into(),
                ..Default::default()
            },
            PlanOptions::default(),
        );
        let s = p.actions.iter().find(|a| a.target.stream == "S").unwrap();
        assert_eq!(s.kind, Kind::Refused);
    }
}

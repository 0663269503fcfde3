//! One shape for both sides of a diff: the desired topology (declared streams plus generated DLQ
//! advisory streams) and live configs turned back into spec types. Both go through the same
//! normalization (subject order, server spellings of "unlimited", reserved metadata removed),
//! so comparing them is comparing values, and `export` prints exactly what `plan` compares.
//! Consumers have their own module, [`crate::consumer`], shared with the subscriber.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use async_nats::jetstream::stream;
use sha2::{Digest, Sha256};

use super::spec::{Compression, Discard, Located, Placement, Retention, Spec, Storage, StreamSpec};
use super::units::{Dur, Size};
use super::{
    dlq_wiring, CONFIG_HASH_KEY, MANAGED_BY, MANAGED_BY_KEY, ROLE_DLQ_ADVISORIES, ROLE_KEY,
};
use crate::dlq::naming::{advisory_stream_description, advisory_stream_name};

/// A desired stream: normalized spec plus what evt adds on its own.
#[derive(Debug, Clone)]
pub struct Desired {
    pub spec: StreamSpec,
    /// Set on streams evt generates (the DLQ advisory capture); `None` for declared ones.
    pub role: Option<&'static str>,
}

/// True for metadata keys that are not the user's: server-set `_nats.*` and evt's own `evt.*`.
pub fn is_reserved_key(k: &str) -> bool {
    k.starts_with("_nats.") || k.starts_with("evt.")
}

/// The desired topology in apply order: DLQ streams and their advisory captures first (a
/// consumer that needs them must never exist without them), then the other streams in file
/// order.
pub fn desired(spec: &Spec) -> Vec<Desired> {
    let wiring = dlq_wiring(spec);
    let mut dlq_streams: Vec<&str> = wiring.iter().map(|w| w.dlq_stream.as_str()).collect();
    dlq_streams.dedup();
    let mut out: Vec<Desired> = Vec::new();
    let mut generated: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for w in &wiring {
        generated
            .entry(w.advisory_stream.clone())
            .or_default()
            .push(w.advisory_subject.clone());
    }
    let (first, rest): (Vec<&StreamSpec>, Vec<&StreamSpec>) = spec
        .streams
        .iter()
        .partition(|s| dlq_streams.contains(&s.name()));
    for s in first.into_iter().chain(rest) {
        let mut n = s.clone();
        normalize_stream(&mut n);
        out.push(Desired {
            spec: n,
            role: None,
        });
        if let Some(subjects) = generated.remove(&advisory_stream_name(s.name())) {
            out.push(Desired {
                spec: advisory_stream(&advisory_stream_name(s.name()), subjects, s),
                role: Some(ROLE_DLQ_ADVISORIES),
            });
        }
    }
    out
}

fn advisory_stream(name: &str, subjects: Vec<String>, dlq: &StreamSpec) -> StreamSpec {
    let mut s = StreamSpec {
        name: Located::new(name.to_string()),
        description: Some(advisory_stream_description(dlq.name())),
        subjects: Some(subjects.into_iter().map(Located::new).collect()),
        retention: Some(Retention::Workqueue),
        storage: Some(Storage::File),
        // Same durability as the DLQ it feeds.
        num_replicas: dlq.num_replicas,
        placement: dlq.placement.clone(),
        file: dlq.file.clone(),
        ..Default::default()
    };
    normalize_stream(&mut s);
    s
}

pub(crate) fn unlimited_i64(v: &mut Option<i64>) {
    if let Some(x) = v {
        if *x <= 0 {
            *x = -1;
        }
    }
}

fn unlimited_size(v: &mut Option<Size>) {
    if let Some(x) = v {
        if x.0 <= 0 {
            x.0 = -1;
        }
    }
}

pub(crate) fn sort_located(v: &mut Option<Vec<Located<String>>>) {
    if let Some(list) = v {
        list.sort_by(|a, b| a.value.cmp(&b.value));
        list.dedup_by(|a, b| a.value == b.value);
    }
}

pub(crate) fn strip_reserved(md: &mut Option<BTreeMap<String, String>>) {
    if let Some(m) = md {
        m.retain(|k, _| !is_reserved_key(k));
    }
}

/// A `monitor:` block becomes the `io.nats.monitor.*` metadata natscli reads, so apply writes
/// it and plan compares it like any metadata (the block itself is not a server field).
pub(crate) fn monitor_metadata(
    monitor: &mut Option<super::spec::Located<super::spec::MonitorSpec>>,
    metadata: &mut Option<BTreeMap<String, String>>,
    scope: crate::monitor::thresholds::Scope,
) {
    if let Some(m) = monitor.take() {
        let md = crate::monitor::thresholds::nats_metadata(&m.value, scope);
        if !md.is_empty() {
            metadata.get_or_insert_with(BTreeMap::new).extend(md);
        }
    }
}

/// Put a stream (and its consumers) in canonical form.
pub fn normalize_stream(s: &mut StreamSpec) {
    sort_located(&mut s.subjects);
    unlimited_i64(&mut s.max_consumers);
    unlimited_i64(&mut s.max_msgs);
    unlimited_i64(&mut s.max_msgs_per_subject);
    unlimited_size(&mut s.max_bytes);
    unlimited_size(&mut s.max_msg_size);
    strip_reserved(&mut s.metadata);
    monitor_metadata(
        &mut s.monitor,
        &mut s.metadata,
        crate::monitor::thresholds::Scope::Stream,
    );
    if let Some(p) = &mut s.placement {
        p.tags.sort();
        if p.cluster.as_deref() == Some("") {
            p.cluster = None;
        }
    }
    for c in &mut s.consumers {
        crate::consumer::normalize(c);
    }
}

/// A short, stable hash of a normalized stream (consumers included) for the config-hash marker.
pub fn config_hash<T: serde::Serialize>(v: &T) -> String {
    let json = serde_json::to_vec(v).unwrap_or_default();
    let digest = Sha256::digest(&json);
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn opt_dur(d: Duration) -> Dur {
    Dur(d)
}

/// The live stream config in spec form (every field the server reports), normalized.
pub fn from_live_stream(c: &stream::Config) -> StreamSpec {
    let mut s = StreamSpec {
        // Thresholds live on the server as `io.nats.monitor.*` metadata, compared there.
        monitor: None,
        name: Located::new(c.name.clone()),
        description: c.description.clone().filter(|d| !d.is_empty()),
        subjects: Some(c.subjects.iter().cloned().map(Located::new).collect()),
        retention: Some(match c.retention {
            stream::RetentionPolicy::Limits => Retention::Limits,
            stream::RetentionPolicy::Interest => Retention::Interest,
            stream::RetentionPolicy::WorkQueue => Retention::Workqueue,
        }),
        storage: Some(match c.storage {
            stream::StorageType::File => Storage::File,
            stream::StorageType::Memory => Storage::Memory,
        }),
        num_replicas: Some(c.num_replicas.max(1)),
        max_consumers: Some(c.max_consumers as i64),
        max_msgs: Some(c.max_messages),
        max_bytes: Some(Size(c.max_bytes)),
        max_age: Some(opt_dur(c.max_age)),
        max_msgs_per_subject: Some(c.max_messages_per_subject),
        max_msg_size: Some(Size(c.max_message_size as i64)),
        discard: Some(match c.discard {
            stream::DiscardPolicy::Old => Discard::Old,
            stream::DiscardPolicy::New => Discard::New,
        }),
        discard_new_per_subject: Some(c.discard_new_per_subject),
        duplicate_window: Some(opt_dur(c.duplicate_window)),
        compression: Some(match c.compression {
            Some(stream::Compression::S2) => Compression::S2,
            _ => Compression::None,
        }),
        allow_direct: Some(c.allow_direct),
        allow_rollup_hdrs: Some(c.allow_rollup),
        deny_delete: Some(c.deny_delete),
        deny_purge: Some(c.deny_purge),
        no_ack: Some(c.no_ack),
        allow_msg_ttl: Some(c.allow_message_ttl),
        subject_delete_marker_ttl: c.subject_delete_marker_ttl.map(Dur),
        placement: Some(
            c.placement
                .as_ref()
                .map(|p| Placement {
                    cluster: p.cluster.clone().filter(|c| !c.is_empty()),
                    tags: p.tags.clone(),
                })
                .unwrap_or_default(),
        ),
        metadata: Some(
            c.metadata
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        consumers: Vec::new(),
        file: Default::default(),
    };
    normalize_stream(&mut s);
    s
}

/// The metadata to send: the live map without server keys, the declared user keys (replacing
/// the live user keys only when `metadata` is declared), and evt's markers.
pub(crate) fn merged_metadata(
    live: &HashMap<String, String>,
    declared: Option<&BTreeMap<String, String>>,
    markers: &[(&str, String)],
) -> HashMap<String, String> {
    let mut m: HashMap<String, String> = live
        .iter()
        .filter(|(k, _)| !k.starts_with("_nats."))
        .filter(|(k, _)| declared.is_none() || k.starts_with("evt."))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (k, v) in declared.into_iter().flatten() {
        m.insert(k.clone(), v.clone());
    }
    for (k, v) in markers {
        m.insert(k.to_string(), v.clone());
    }
    m
}

/// The stream config to send: `base` (the live config, or a fresh one for a create) with every
/// declared field laid over it; undeclared fields keep their live value.
pub fn to_stream_config(d: &Desired, base: Option<&stream::Config>) -> stream::Config {
    let s = &d.spec;
    let mut c = base.cloned().unwrap_or_else(|| stream::Config {
        name: s.name().to_string(),
        ..Default::default()
    });
    if let Some(v) = &s.description {
        c.description = Some(v.clone());
    }
    if let Some(v) = &s.subjects {
        c.subjects = v.iter().map(|l| l.value.clone()).collect();
    }
    if let Some(v) = s.retention {
        c.retention = match v {
            Retention::Limits => stream::RetentionPolicy::Limits,
            Retention::Interest => stream::RetentionPolicy::Interest,
            Retention::Workqueue => stream::RetentionPolicy::WorkQueue,
        };
    }
    if let Some(v) = s.storage {
        c.storage = match v {
            Storage::File => stream::StorageType::File,
            Storage::Memory => stream::StorageType::Memory,
        };
    }
    if let Some(v) = s.num_replicas {
        c.num_replicas = v;
    }
    if let Some(v) = s.max_consumers {
        c.max_consumers = v.clamp(-1, i32::MAX as i64) as i32;
    }
    if let Some(v) = s.max_msgs {
        c.max_messages = v;
    }
    if let Some(v) = s.max_bytes {
        c.max_bytes = v.0;
    }
    if let Some(v) = s.max_age {
        c.max_age = v.0;
    }
    if let Some(v) = s.max_msgs_per_subject {
        c.max_messages_per_subject = v;
    }
    if let Some(v) = s.max_msg_size {
        c.max_message_size = v.0.clamp(-1, i32::MAX as i64) as i32;
    }
    if let Some(v) = s.discard {
        c.discard = match v {
            Discard::Old => stream::DiscardPolicy::Old,
            Discard::New => stream::DiscardPolicy::New,
        };
    }
    if let Some(v) = s.discard_new_per_subject {
        c.discard_new_per_subject = v;
    }
    if let Some(v) = s.duplicate_window {
        c.duplicate_window = v.0;
    }
    if let Some(v) = s.compression {
        c.compression = Some(match v {
            Compression::S2 => stream::Compression::S2,
            Compression::None => stream::Compression::None,
        });
    }
    if let Some(v) = s.allow_direct {
        c.allow_direct = v;
    }
    if let Some(v) = s.allow_rollup_hdrs {
        c.allow_rollup = v;
    }
    if let Some(v) = s.deny_delete {
        c.deny_delete = v;
    }
    if let Some(v) = s.deny_purge {
        c.deny_purge = v;
    }
    if let Some(v) = s.no_ack {
        c.no_ack = v;
    }
    if let Some(v) = s.allow_msg_ttl {
        c.allow_message_ttl = v;
    }
    if let Some(v) = s.subject_delete_marker_ttl {
        c.subject_delete_marker_ttl = Some(v.0);
    }
    if let Some(p) = &s.placement {
        c.placement = Some(stream::Placement {
            cluster: p.cluster.clone(),
            tags: p.tags.clone(),
        });
    }
    let mut markers = vec![
        (MANAGED_BY_KEY, MANAGED_BY.to_string()),
        (CONFIG_HASH_KEY, config_hash(s)),
    ];
    if let Some(role) = d.role {
        markers.push((ROLE_KEY, role.to_string()));
    }
    c.metadata = merged_metadata(&c.metadata, s.metadata.as_ref(), &markers);
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_round_trip_is_stable() {
        let cfg = stream::Config {
            name: "S".into(),
            subjects: vec!["b.>".into(), "a.>".into()],
            max_messages: -1,
            max_bytes: -1,
            max_age: Duration::from_secs(7 * 86400),
            metadata: [("_nats.ver".to_string(), "2.14".to_string())].into(),
            ..Default::default()
        };
        let spec = from_live_stream(&cfg);
        assert_eq!(spec.subject_list(), vec!["a.>", "b.>"]);
        assert_eq!(spec.metadata, Some(BTreeMap::new()));
        let d = Desired {
            spec: spec.clone(),
            role: None,
        };
        let back = to_stream_config(&d, Some(&cfg));
        assert_eq!(
            back.metadata.get(MANAGED_BY_KEY).map(String::as_str),
            Some("evt")
        );
        assert!(!back.metadata.contains_key("_nats.ver"));
        let again = from_live_stream(&back);
        assert_eq!(
            serde_json::to_value(&again).unwrap(),
            serde_json::to_value(&spec).unwrap()
        );
    }
}

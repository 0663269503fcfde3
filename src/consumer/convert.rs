//! Between the consumer description and the server: the live config in spec form
//! ([`from_live`]), and the config to send for a description ([`to_config`],
//! [`to_managed_config`]). Both directions use the same field mapping, so what was sent reads
//! back equal.

use std::collections::{BTreeMap, HashMap};

use async_nats::jetstream::consumer;

use super::{name_of, normalize};
use crate::dlq::naming::dead_letter_subject;
use crate::streams::normalize::{config_hash, merged_metadata};
use crate::streams::spec::{
    AckPolicy, ConsumerSpec, DeliverPolicy, DlqSpec, Located, ReplayPolicy,
};
use crate::streams::units::{Dur, Size, StartTime};
use crate::streams::{
    CONFIG_HASH_KEY, DLQ_STREAM_KEY, DLQ_SUBJECT_KEY, MANAGED_BY, MANAGED_BY_KEY,
};

/// The live consumer config in spec form, normalized; the `dlq:` block comes back from the
/// metadata written when it was created or applied.
pub fn from_live(c: &consumer::Config) -> ConsumerSpec {
    let (deliver_policy, opt_start_seq, opt_start_time) = match &c.deliver_policy {
        consumer::DeliverPolicy::All => (DeliverPolicy::All, None, None),
        consumer::DeliverPolicy::Last => (DeliverPolicy::Last, None, None),
        consumer::DeliverPolicy::New => (DeliverPolicy::New, None, None),
        consumer::DeliverPolicy::LastPerSubject => (DeliverPolicy::LastPerSubject, None, None),
        consumer::DeliverPolicy::ByStartSequence { start_sequence } => {
            (DeliverPolicy::ByStartSequence, Some(*start_sequence), None)
        }
        consumer::DeliverPolicy::ByStartTime { start_time } => (
            DeliverPolicy::ByStartTime,
            None,
            Some(StartTime(start_time.to_offset(time::UtcOffset::UTC))),
        ),
    };
    let mut filters: Vec<Located<String>> = c
        .filter_subjects
        .iter()
        .cloned()
        .map(Located::new)
        .collect();
    if !c.filter_subject.is_empty() {
        filters.push(Located::new(c.filter_subject.clone()));
    }
    let dlq = c.metadata.get(DLQ_STREAM_KEY).map(|s| DlqSpec {
        stream: Located::new(s.clone()),
        subject: c.metadata.get(DLQ_SUBJECT_KEY).cloned(),
    });
    let mut out = ConsumerSpec {
        durable_name: Located::new(name_of(c).to_string()),
        description: c.description.clone().filter(|d| !d.is_empty()),
        deliver_policy: Some(deliver_policy),
        opt_start_seq,
        opt_start_time,
        ack_policy: Some(match c.ack_policy {
            consumer::AckPolicy::Explicit => AckPolicy::Explicit,
            consumer::AckPolicy::None => AckPolicy::None,
            consumer::AckPolicy::All => AckPolicy::All,
            consumer::AckPolicy::FlowControl => AckPolicy::FlowControl,
        }),
        ack_wait: Some(Dur(c.ack_wait)),
        max_deliver: Some(c.max_deliver),
        // An empty list is a value too: a declared `backoff: []` must compare equal.
        backoff: Some(c.backoff.iter().copied().map(Dur).collect()),
        filter_subject: None,
        filter_subjects: (!filters.is_empty()).then_some(filters),
        replay_policy: Some(match c.replay_policy {
            consumer::ReplayPolicy::Instant => ReplayPolicy::Instant,
            consumer::ReplayPolicy::Original => ReplayPolicy::Original,
        }),
        max_ack_pending: Some(c.max_ack_pending),
        max_waiting: Some(c.max_waiting),
        // Zero ("not set") is reported as a value, so a spec that declares 0 compares equal;
        // `export` leaves zeros out for readability.
        max_batch: Some(c.max_batch),
        max_bytes: Some(Size(c.max_bytes)),
        max_expires: Some(Dur(c.max_expires)),
        inactive_threshold: Some(Dur(c.inactive_threshold)),
        // Thresholds live on the server as `io.nats.monitor.*` metadata, compared there.
        monitor: None,
        headers_only: Some(c.headers_only),
        num_replicas: Some(c.num_replicas),
        mem_storage: Some(c.memory_storage),
        metadata: Some(
            c.metadata
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        dlq,
    };
    normalize(&mut out);
    out
}

/// The consumer config to send for `s` (from [`super::declared`]), laid over `base` (the live config
/// for an update, `None` for a create): undeclared fields keep their live value. Always a
/// durable pull consumer. The DLQ wiring is recorded in metadata; ownership markers are not
/// (see [`to_managed_config`]).
pub fn to_config(
    stream: &str,
    s: &ConsumerSpec,
    base: Option<&consumer::Config>,
) -> consumer::Config {
    build(stream, s, base, false)
}

/// [`to_config`] plus the markers that make `streams apply` own the consumer (`--prune` may
/// delete it once it is no longer declared).
pub fn to_managed_config(
    stream: &str,
    s: &ConsumerSpec,
    base: Option<&consumer::Config>,
) -> consumer::Config {
    build(stream, s, base, true)
}

fn build(
    stream: &str,
    s: &ConsumerSpec,
    base: Option<&consumer::Config>,
    managed: bool,
) -> consumer::Config {
    let mut c = base.cloned().unwrap_or_else(|| consumer::Config {
        durable_name: Some(s.name().to_string()),
        name: Some(s.name().to_string()),
        ack_policy: consumer::AckPolicy::Explicit,
        ..Default::default()
    });
    if let Some(v) = &s.description {
        c.description = Some(v.clone());
    }
    // An incomplete start option (refused by `check`) leaves the policy as it was rather than
    // inventing a start: there is no fallback time or sequence.
    let policy = match s.deliver_policy {
        Some(DeliverPolicy::All) => Some(consumer::DeliverPolicy::All),
        Some(DeliverPolicy::Last) => Some(consumer::DeliverPolicy::Last),
        Some(DeliverPolicy::New) => Some(consumer::DeliverPolicy::New),
        Some(DeliverPolicy::LastPerSubject) => Some(consumer::DeliverPolicy::LastPerSubject),
        Some(DeliverPolicy::ByStartSequence) => s
            .opt_start_seq
            .map(|start_sequence| consumer::DeliverPolicy::ByStartSequence { start_sequence }),
        Some(DeliverPolicy::ByStartTime) => s
            .opt_start_time
            .map(|t| consumer::DeliverPolicy::ByStartTime { start_time: t.0 }),
        None => None,
    };
    if let Some(p) = policy {
        c.deliver_policy = p;
    }
    if let Some(v) = s.ack_policy {
        c.ack_policy = match v {
            AckPolicy::Explicit => consumer::AckPolicy::Explicit,
            AckPolicy::None => consumer::AckPolicy::None,
            AckPolicy::All => consumer::AckPolicy::All,
            AckPolicy::FlowControl => consumer::AckPolicy::FlowControl,
        };
    }
    if let Some(v) = s.ack_wait {
        c.ack_wait = v.0;
    }
    if let Some(v) = s.max_deliver {
        c.max_deliver = v;
    }
    if let Some(v) = &s.backoff {
        c.backoff = v.iter().map(|d| d.0).collect();
    }
    if let Some(v) = &s.filter_subjects {
        // One filter goes in the classic field: older servers and tools understand it.
        if v.len() == 1 {
            c.filter_subject = v[0].value.clone();
            c.filter_subjects = Vec::new();
        } else {
            c.filter_subject = String::new();
            c.filter_subjects = v.iter().map(|l| l.value.clone()).collect();
        }
    }
    if let Some(v) = s.replay_policy {
        c.replay_policy = match v {
            ReplayPolicy::Instant => consumer::ReplayPolicy::Instant,
            ReplayPolicy::Original => consumer::ReplayPolicy::Original,
        };
    }
    if let Some(v) = s.max_ack_pending {
        c.max_ack_pending = v;
    }
    if let Some(v) = s.max_waiting {
        c.max_waiting = v;
    }
    if let Some(v) = s.max_batch {
        c.max_batch = v;
    }
    if let Some(v) = s.max_bytes {
        c.max_bytes = v.0;
    }
    if let Some(v) = s.max_expires {
        c.max_expires = v.0;
    }
    if let Some(v) = s.inactive_threshold {
        c.inactive_threshold = v.0;
    }
    if let Some(v) = s.headers_only {
        c.headers_only = v;
    }
    if let Some(v) = s.num_replicas {
        c.num_replicas = v;
    }
    if let Some(v) = s.mem_storage {
        c.memory_storage = v;
    }
    let mut markers = Vec::new();
    if managed {
        markers.push((MANAGED_BY_KEY, MANAGED_BY.to_string()));
        markers.push((CONFIG_HASH_KEY, config_hash(s)));
    }
    let mut live_md: HashMap<String, String> = c.metadata.clone();
    live_md.remove(DLQ_STREAM_KEY);
    live_md.remove(DLQ_SUBJECT_KEY);
    if let Some(d) = &s.dlq {
        markers.push((DLQ_STREAM_KEY, d.stream.value.clone()));
        markers.push((
            DLQ_SUBJECT_KEY,
            d.subject
                .clone()
                .unwrap_or_else(|| dead_letter_subject(stream, s.name())),
        ));
    }
    let declared_md: Option<&BTreeMap<String, String>> = s.metadata.as_ref();
    c.metadata = merged_metadata(&live_md, declared_md, &markers);
    c
}

//! Streams as code: `streams/*.yaml` → validate (offline) → plan (diff against the live,
//! normalized config) → apply (exactly the plan) → export (live config back to YAML).
//!
//! - [`spec`]: the YAML format (JetStream's field names, human units, `${VAR}`), loading.
//! - [`validate`]: offline checks, all problems at once, each with file:line.
//! - [`normalize`]: the desired topology (declared streams plus generated DLQ advisory
//!   streams), and live configs turned into the spec's shape for comparison and export.
//! - [`plan`]: the pure diff and the classification of each change.
//! - [`live`]: reading the server's streams and consumers, in parallel.
//! - [`apply`]: executing a plan in order (streams, then consumers), reporting progress.
//! - [`export`]: live streams back to YAML.
//!
//! # Ownership markers
//! Everything apply creates or updates carries metadata [`MANAGED_BY_KEY`]` = `[`MANAGED_BY`]
//! and [`CONFIG_HASH_KEY`] (a hash of the normalized declared config). `--prune` only ever
//! deletes what carries the marker. A stream made elsewhere that already matches the spec is
//! not changed just to mark it (so `export` then `plan` shows nothing); it is marked, and so
//! adopted, the first time apply creates or updates it. Keys starting with `_nats.` (set by the server) and `evt.`
//! (ours) are ignored when comparing `metadata`.
//!
//! # Dead-letter wiring
//! A consumer's `dlq: { stream: DLQ, subject: optional }` says where its dead letters go. The
//! subject defaults to `dlq.<SOURCE>.<CONSUMER>` (all names: [`crate::dlq::naming`]) and must
//! lie inside the DLQ stream's subjects. Because the server drops a MAX_DELIVERIES advisory that
//! no stream captures at that moment, apply manages, for each DLQ stream, one more stream named
//! `<DLQ>_ADVISORIES` (file storage, WorkQueue retention)
//! capturing the MAX_DELIVERIES advisory subject of every consumer that
//! points at that DLQ. It is created (or its subject list updated) before any consumer that
//! needs it. A mover (the dead-letter feature) reads those advisories and moves the original
//! message into the DLQ; [`dlq_wiring`] gives it every consumer's wiring from a loaded spec.
//! Apply also records the wiring on the live consumer as metadata [`DLQ_STREAM_KEY`] and
//! [`DLQ_SUBJECT_KEY`], so it can be read back from the server (and `export` reproduces it).

pub mod apply;
pub mod errors;
pub mod export;
pub mod live;
pub mod normalize;
pub mod plan;
pub mod spec;
pub mod units;
pub mod validate;

pub use errors::{Invalid, Issue, SpecError, StreamsError};
pub use spec::{ConsumerSpec, DlqSpec, Spec, StreamSpec};

/// Metadata key marking a stream or consumer as managed by evt.
pub const MANAGED_BY_KEY: &str = "evt.managed-by";
/// Value of [`MANAGED_BY_KEY`].
pub const MANAGED_BY: &str = "evt";
/// Metadata key holding a hash of the normalized declared config at the last apply.
pub const CONFIG_HASH_KEY: &str = "evt.config-hash";
/// Consumer metadata key: the DLQ stream its dead letters go to.
pub const DLQ_STREAM_KEY: &str = "evt.dlq-stream";
/// Consumer metadata key: the subject its dead letters are published to.
pub const DLQ_SUBJECT_KEY: &str = "evt.dlq-subject";
/// Stream metadata key: why evt generated this stream (`dlq-advisories`).
pub const ROLE_KEY: &str = "evt.role";
/// Value of [`ROLE_KEY`] on generated advisory-capture streams.
pub const ROLE_DLQ_ADVISORIES: &str = "dlq-advisories";

use crate::dlq::naming::{
    advisory_stream_name, dead_letter_subject, max_deliveries_advisory_subject, parked_subject,
};

/// How one consumer's dead letters are wired.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DlqWiring {
    /// The stream the consumer reads.
    pub source_stream: String,
    /// The durable consumer's name.
    pub consumer: String,
    /// The declared DLQ stream.
    pub dlq_stream: String,
    /// Where dead letters are published (inside `dlq_stream`).
    pub dlq_subject: String,
    /// Where its dead letters go after too many replays (inside `dlq_stream` too).
    pub parked_subject: String,
    /// The generated stream capturing MAX_DELIVERIES advisories for this DLQ.
    pub advisory_stream: String,
    /// The advisory subject captured for this consumer.
    pub advisory_subject: String,
}

/// Every consumer's DLQ wiring in a loaded spec, in declaration order. Consumers without a
/// `dlq:` block are left out. Run [`validate::validate`] first: this does not check that the
/// DLQ stream exists.
pub fn dlq_wiring(spec: &Spec) -> Vec<DlqWiring> {
    let mut out = Vec::new();
    for s in &spec.streams {
        for c in &s.consumers {
            let Some(d) = &c.dlq else { continue };
            out.push(DlqWiring {
                source_stream: s.name().to_string(),
                consumer: c.name().to_string(),
                dlq_stream: d.stream.value.clone(),
                dlq_subject: d
                    .subject
                    .clone()
                    .unwrap_or_else(|| dead_letter_subject(s.name(), c.name())),
                parked_subject: parked_subject(s.name(), c.name()),
                advisory_stream: advisory_stream_name(&d.stream.value),
                advisory_subject: max_deliveries_advisory_subject(s.name(), c.name()),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiring_defaults_subject_and_names_the_advisory_stream() {
        let f = spec::parse_str(
            std::path::Path::new("t.yaml"),
            "streams:\n  - name: ORDERS\n    subjects: [orders.>]\n    consumers:\n      - durable_name: auditor\n        max_deliver: 5\n        dlq: {stream: DLQ}\n      - durable_name: plain\n  - name: DLQ\n    subjects: [dlq.>]\n",
            &|_| None,
        )
        .unwrap();
        let spec = Spec {
            streams: f.streams,
            files: vec![],
        };
        assert_eq!(
            dlq_wiring(&spec),
            vec![DlqWiring {
                source_stream: "ORDERS".into(),
                consumer: "auditor".into(),
                dlq_stream: "DLQ".into(),
                dlq_subject: "dlq.ORDERS.auditor".into(),
                parked_subject: "dlq.ORDERS.auditor.parked".into(),
                advisory_stream: "DLQ_ADVISORIES".into(),
                advisory_subject: "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.ORDERS.auditor"
                    .into(),
            }]
        );
    }
}

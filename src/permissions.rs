//! Least-privilege nats-server permissions derived from the declared topology.
//!
//! Hand-written JetStream permissions either miss a `$JS.API` subject (the client then waits
//! for an answer that never comes) or grant `$JS.>` to everyone. The subjects here are the ones
//! evt's own commands use for each role, named from the spec and from [`crate::dlq::naming`],
//! so the block follows the topology when it changes.

use std::collections::BTreeSet;

use serde::Serialize;
use thiserror::Error;

use crate::streams::{dlq_wiring, Spec};

/// Who the permissions are for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Publishes events to the given subjects (`evt publish`).
    Publisher { subjects: Vec<String> },
    /// A handler bound to one declared durable (`evt consume`, the subscriber library), with
    /// its dead-letter wiring.
    Service { durable: String },
    /// Reads the declared streams without consuming (`evt tail`).
    Reader,
    /// Applies the spec and replays dead letters (`evt streams apply`, `evt dlq replay`).
    Operator,
}

/// A nats-server `permissions` block: allowed publish and subscribe subjects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Permissions {
    pub publish: Allow,
    pub subscribe: Allow,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Allow {
    pub allow: BTreeSet<String>,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PermissionsError {
    #[error("no declared consumer named '{durable}' (declared: {declared})")]
    UnknownDurable { durable: String, declared: String },
    #[error("a publisher needs at least one subject")]
    NoSubjects,
    #[error("subject '{subject}' is not captured by any declared stream")]
    Uncaptured { subject: String },
}

/// Replies to every request (JetStream API answers, publish acks) come back on an inbox.
const INBOX: &str = "_INBOX.>";

impl Permissions {
    fn publish(&mut self, s: impl Into<String>) {
        self.publish.allow.insert(s.into());
    }
    fn subscribe(&mut self, s: impl Into<String>) {
        self.subscribe.allow.insert(s.into());
    }

    /// The block as nats-server configuration text, to paste into a user entry.
    pub fn to_config(&self) -> String {
        let list = |a: &Allow| {
            a.allow
                .iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "permissions: {{\n  publish: {{ allow: [{}] }}\n  subscribe: {{ allow: [{}] }}\n}}\n",
            list(&self.publish),
            list(&self.subscribe)
        )
    }
}

/// The permissions `role` needs over the topology in `spec`.
pub fn derive(spec: &Spec, role: &Role) -> Result<Permissions, PermissionsError> {
    let mut p = Permissions::default();
    p.subscribe(INBOX);
    // Every command checks JetStream first (account info).
    p.publish("$JS.API.INFO");
    match role {
        Role::Publisher { subjects } => {
            if subjects.is_empty() {
                return Err(PermissionsError::NoSubjects);
            }
            for s in subjects {
                let stream = capturing_stream(spec, s)
                    .ok_or_else(|| PermissionsError::Uncaptured { subject: s.clone() })?;
                p.publish(s.clone());
                // After a refusal, the publisher asks which stream captures the subject.
                p.publish("$JS.API.STREAM.NAMES");
                p.publish(format!("$JS.API.STREAM.INFO.{stream}"));
            }
        }
        Role::Reader => {
            p.publish("$JS.API.STREAM.NAMES");
            p.publish("$JS.API.STREAM.LIST");
            for s in &spec.streams {
                let name = s.name();
                p.publish(format!("$JS.API.STREAM.INFO.{name}"));
                // Ordered consumers are ephemeral: created, and recreated after a gap.
                p.publish(format!("$JS.API.CONSUMER.CREATE.{name}.>"));
                p.publish(format!("$JS.API.CONSUMER.CREATE.{name}"));
                p.publish(format!("$JS.API.CONSUMER.DELETE.{name}.>"));
                p.publish(format!("$JS.API.CONSUMER.INFO.{name}.>"));
                p.publish(format!("$JS.API.CONSUMER.MSG.NEXT.{name}.>"));
                // Listing consumers is read-only (tail checks for its own leftovers).
                p.publish(format!("$JS.API.CONSUMER.NAMES.{name}"));
                p.publish(format!("$JS.API.STREAM.MSG.GET.{name}"));
                p.publish(format!("$JS.API.DIRECT.GET.{name}"));
                p.publish(format!("$JS.API.DIRECT.GET.{name}.>"));
                // A subject no stream captures is followed with a core subscription.
                for (subject, _) in crate::streams::validate::effective_subjects(s) {
                    p.subscribe(subject);
                }
            }
        }
        Role::Service { durable } => {
            let (stream, _) = spec
                .streams
                .iter()
                .flat_map(|s| s.consumers.iter().map(move |c| (s, c)))
                .find(|(_, c)| c.name() == durable)
                .ok_or_else(|| PermissionsError::UnknownDurable {
                    durable: durable.clone(),
                    declared: declared_durables(spec),
                })?;
            let s = stream.name();
            p.publish("$JS.API.STREAM.NAMES");
            p.publish(format!("$JS.API.STREAM.INFO.{s}"));
            p.publish(format!("$JS.API.CONSUMER.INFO.{s}.{durable}"));
            p.publish(format!("$JS.API.CONSUMER.MSG.NEXT.{s}.{durable}"));
            p.publish(format!("$JS.ACK.{s}.{durable}.>"));
            // Failover: a new consumer leader is announced here.
            p.subscribe(format!(
                "$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.{s}.{durable}"
            ));
            if let Some(w) = dlq_wiring(spec)
                .into_iter()
                .find(|w| w.source_stream == s && w.consumer == *durable)
            {
                p.publish(w.dlq_subject.clone());
                p.publish(format!("$JS.API.STREAM.INFO.{}", w.dlq_stream));
                // The mover reads the advisories through its own durable, and fetches the
                // original message by sequence.
                let adv = &w.advisory_stream;
                p.publish(format!("$JS.API.STREAM.INFO.{adv}"));
                p.publish(format!("$JS.API.CONSUMER.CREATE.{adv}.>"));
                p.publish(format!("$JS.API.CONSUMER.CREATE.{adv}"));
                p.publish(format!("$JS.API.CONSUMER.DURABLE.CREATE.{adv}.>"));
                p.publish(format!("$JS.API.CONSUMER.INFO.{adv}.>"));
                p.publish(format!("$JS.API.CONSUMER.MSG.NEXT.{adv}.>"));
                p.publish(format!("$JS.ACK.{adv}.>"));
                p.publish(format!("$JS.API.STREAM.MSG.GET.{s}"));
                p.publish(format!("$JS.API.DIRECT.GET.{s}"));
                p.publish(format!("$JS.API.DIRECT.GET.{s}.>"));
                p.subscribe(format!(
                    "$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.{adv}.>"
                ));
            }
        }
        Role::Operator => {
            // Managing streams and consumers is the whole JetStream API; replay republishes
            // to the original subjects and removes entries from the DLQ.
            p.publish("$JS.API.>");
            for s in &spec.streams {
                for (subject, _) in crate::streams::validate::effective_subjects(s) {
                    p.publish(subject);
                }
                p.publish(format!("$JS.ACK.{}.>", s.name()));
            }
            p.subscribe("$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.>");
            // A replay is a redrive task: its record and its per-DLQ lock are KV puts.
            p.publish(format!("$KV.{}.>", crate::dlq::naming::TASKS_BUCKET));
        }
    }
    Ok(p)
}

fn declared_durables(spec: &Spec) -> String {
    let names: Vec<&str> = spec
        .streams
        .iter()
        .flat_map(|s| s.consumers.iter().map(|c| c.name()))
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// The declared stream whose subjects match `subject` (NATS wildcards).
fn capturing_stream<'a>(spec: &'a Spec, subject: &str) -> Option<&'a str> {
    spec.streams
        .iter()
        .find(|s| {
            crate::streams::validate::effective_subjects(s)
                .iter()
                .any(|(pattern, _)| covers(pattern, subject))
        })
        .map(|s| s.name())
}

/// Whether `pattern` matches every subject `subject` can (a literal or a narrower pattern).
fn covers(pattern: &str, subject: &str) -> bool {
    let mut p = pattern.split('.');
    let mut s = subject.split('.');
    loop {
        match (p.next(), s.next()) {
            (Some(">"), Some(_)) => return true,
            (Some("*"), Some(t)) if t != ">" => {}
            (Some(a), Some(b)) if a == b => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_cover_narrower_subjects_only() {
        assert!(covers("trading.>", "trading.order.filled"));
        assert!(covers("trading.>", "trading.order.*"));
        assert!(covers("market.*.x", "market.a.x"));
        assert!(!covers("market.*.x", "market.>"));
        assert!(!covers("trading.order", "trading.order.x"));
    }
}

//! Executing a plan, and nothing else: streams first (DLQ and advisory captures before all
//! others), then consumers, each step reported as it happens. A failure stops the run and the
//! report says what was applied and what was not; running again plans only what is left.

use std::sync::Arc;

use async_nats::jetstream;
use serde::Serialize;
use thiserror::Error;

use super::errors::{server_error, StreamsError};
use super::normalize::to_stream_config;
use super::plan::{Action, Kind, Plan, Target};
use crate::consumer::to_managed_config;

/// What the operator allowed beyond in-place changes.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApplyOptions {
    /// Delete and create again what cannot change in place.
    pub allow_recreate: bool,
    /// Also when that (or a prune) loses messages of a non-empty stream.
    pub allow_data_loss: bool,
}

/// Why the plan may not run as it is. Messages say what would happen; what the operator can
/// allow is named by the caller (the CLI names its flags).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Blocker {
    /// The server can never make this change.
    #[error("{target}: refused: {}", why.join("; "))]
    Refused { target: Target, why: Vec<String> },
    /// Needs [`ApplyOptions::allow_recreate`]; when `messages_lost` > 0, also
    /// [`ApplyOptions::allow_data_loss`].
    #[error("{target} must be recreated ({})", why.join("; "))]
    Recreate {
        target: Target,
        why: Vec<String>,
        /// Messages the recreate deletes (0 for a consumer).
        messages_lost: u64,
    },
    /// Needs [`ApplyOptions::allow_data_loss`].
    #[error("{target} holds {messages} messages that {} would delete", if *pruning { "pruning" } else { "recreating" })]
    DataLoss {
        target: Target,
        messages: u64,
        pruning: bool,
    },
}

/// Why the plan may not run as it is; nothing has been applied when this is not empty.
pub fn check_allowed(plan: &Plan, opts: ApplyOptions) -> Vec<Blocker> {
    let notes = |a: &Action, class: super::plan::Class| -> Vec<String> {
        a.changes
            .iter()
            .filter(|c| c.class == class)
            .map(|c| c.note.clone().unwrap_or_else(|| c.field.clone()))
            .collect()
    };
    let mut out = Vec::new();
    for a in &plan.actions {
        let stream_messages = if a.target.consumer.is_none() {
            a.messages
        } else {
            0
        };
        match a.kind {
            Kind::Refused => out.push(Blocker::Refused {
                target: a.target.clone(),
                why: notes(a, super::plan::Class::Refused),
            }),
            Kind::Recreate if !opts.allow_recreate => out.push(Blocker::Recreate {
                target: a.target.clone(),
                why: notes(a, super::plan::Class::Recreate),
                messages_lost: stream_messages,
            }),
            Kind::Recreate | Kind::Delete if stream_messages > 0 && !opts.allow_data_loss => {
                out.push(Blocker::DataLoss {
                    target: a.target.clone(),
                    messages: stream_messages,
                    pruning: a.kind == Kind::Delete,
                });
            }
            _ => {}
        }
    }
    out
}

/// A failed step's error, shared so the report stays `Clone`; serialised (`-o json`) as the
/// error and its causes on one line.
#[derive(Debug, Clone)]
pub struct Failure(pub Arc<StreamsError>);

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::error::chain_line(self.0.as_ref()))
    }
}

impl Serialize for Failure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "error")]
pub enum Status {
    Applied,
    Failed(Failure),
    NotAttempted,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub target: Target,
    pub kind: Kind,
    #[serde(flatten)]
    pub status: Status,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ApplyReport {
    pub steps: Vec<Step>,
}

impl ApplyReport {
    pub fn failed(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s.status, Status::Failed(_)))
    }
    pub fn applied(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s.status, Status::Applied))
            .count()
    }
}

/// Run every action of `plan` in order; `on_step` sees each outcome as it happens. Call
/// [`check_allowed`] first: this function executes what it is given.
pub async fn apply(
    js: &jetstream::Context,
    plan: &Plan,
    on_step: &mut (dyn FnMut(&Step) + Send),
) -> ApplyReport {
    let mut report = ApplyReport::default();
    let mut failed = false;
    for a in &plan.actions {
        let status = if failed {
            Status::NotAttempted
        } else {
            match execute(js, a).await {
                Ok(()) => Status::Applied,
                Err(e) => {
                    failed = true;
                    Status::Failed(Failure(Arc::new(e)))
                }
            }
        };
        let step = Step {
            target: a.target.clone(),
            kind: a.kind,
            status,
        };
        on_step(&step);
        report.steps.push(step);
    }
    report
}

async fn execute(js: &jetstream::Context, a: &Action) -> Result<(), StreamsError> {
    let stream = a.target.stream.as_str();
    match (&a.target.consumer, a.kind) {
        (None, Kind::Create) => create_stream(js, a, None).await,
        (None, Kind::Update) => {
            let d = desired_stream(a)?;
            let cfg = to_stream_config(d, a.live_stream.as_ref());
            js.update_stream(&cfg)
                .await
                .map(drop)
                .map_err(|e| server_error("updating", stream, None, e))
        }
        (None, Kind::Recreate) => {
            delete_stream(js, stream).await?;
            create_stream(js, a, a.live_stream.as_ref()).await
        }
        (None, Kind::Delete) => delete_stream(js, stream).await,
        (Some(c), Kind::Create) => create_consumer(js, a, stream, c, false).await,
        (Some(c), Kind::Update) => create_consumer(js, a, stream, c, true).await,
        (Some(c), Kind::Recreate) => {
            delete_consumer(js, stream, c).await?;
            create_consumer(js, a, stream, c, false).await
        }
        (Some(c), Kind::Delete) => delete_consumer(js, stream, c).await,
        (_, Kind::Refused) => Err(StreamsError::Plan {
            target: a.target.to_string(),
            problem: "refused by the plan",
        }),
    }
}

fn desired_stream(a: &Action) -> Result<&super::normalize::Desired, StreamsError> {
    a.desired_stream.as_ref().ok_or_else(|| StreamsError::Plan {
        target: a.target.to_string(),
        problem: "the plan carries no desired config",
    })
}

async fn create_stream(
    js: &jetstream::Context,
    a: &Action,
    base: Option<&jetstream::stream::Config>,
) -> Result<(), StreamsError> {
    let d = desired_stream(a)?;
    let mut cfg = to_stream_config(d, base);
    if base.is_some() {
        // A recreated stream starts from scratch: no server-assigned leftovers.
        cfg.first_sequence = None;
        cfg.sealed = false;
    }
    js.create_stream(cfg)
        .await
        .map(drop)
        .map_err(|e| server_error("creating", &a.target.stream, None, e))
}

async fn delete_stream(js: &jetstream::Context, stream: &str) -> Result<(), StreamsError> {
    js.delete_stream(stream)
        .await
        .map(drop)
        .map_err(|e| server_error("deleting", stream, None, e))
}

async fn create_consumer(
    js: &jetstream::Context,
    a: &Action,
    stream: &str,
    consumer: &str,
    update: bool,
) -> Result<(), StreamsError> {
    let spec = a
        .desired_consumer
        .as_ref()
        .ok_or_else(|| StreamsError::Plan {
            target: a.target.to_string(),
            problem: "the plan carries no desired config",
        })?;
    let handle = js
        .get_stream_no_info(stream)
        .await
        .map_err(|e| server_error("reaching", stream, Some(consumer), e))?;
    if update {
        let cfg = to_managed_config(stream, spec, a.live_consumer.as_ref());
        handle
            .update_consumer(cfg)
            .await
            .map(drop)
            .map_err(|e| server_error("updating", stream, Some(consumer), e))
    } else {
        let cfg = to_managed_config(stream, spec, None);
        handle
            .create_consumer_strict(cfg)
            .await
            .map(drop)
            .map_err(|e| server_error("creating", stream, Some(consumer), e))
    }
}

async fn delete_consumer(
    js: &jetstream::Context,
    stream: &str,
    consumer: &str,
) -> Result<(), StreamsError> {
    js.delete_consumer_from_stream(consumer, stream)
        .await
        .map(drop)
        .map_err(|e| server_error("deleting", stream, Some(consumer), e))
}

//! One reading of everything a spec declares, from the server: stream states, consumer lag
//! ([`crate::lag`], the computation `/metrics` uses too), DLQ depth and newest entry, and
//! drift from the spec ([`crate::streams::plan`], the diff `streams plan` prints). Checks and
//! the report are pure functions of it.

use std::collections::HashSet;

use async_nats::jetstream;
use futures::stream::{self, StreamExt};
use serde::Serialize;
use time::OffsetDateTime;

use crate::error::chain_line;
use crate::lag::{consumer_lag, ConsumerLag};
use crate::streams::plan::{plan, Kind, PlanOptions};
use crate::streams::spec::MonitorSpec;
use crate::streams::{live, normalize, Spec};

/// Requests in flight at once while reading consumers.
const PARALLEL: usize = 16;

/// A declared stream as the server has it.
#[derive(Debug, Clone, Serialize)]
pub struct StreamState {
    pub name: String,
    /// Some consumer declared in the spec sends its dead letters here.
    pub is_dlq: bool,
    /// `None` when the stream could not be read (missing, or an error: see `error`).
    pub messages: Option<u64>,
    pub bytes: Option<u64>,
    pub last_seq: Option<u64>,
    /// When the newest message was stored.
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_time: Option<OffsetDateTime>,
    /// What `streams plan` would change on this stream or its consumers, one line each.
    pub drift: Vec<String>,
    /// The stream is declared but does not exist.
    pub missing: bool,
    pub error: Option<String>,
    #[serde(skip)]
    pub monitor: Option<MonitorSpec>,
}

/// A declared consumer's lag, or why it could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct ConsumerState {
    pub stream: String,
    pub consumer: String,
    pub lag: Option<ConsumerLag>,
    pub error: Option<String>,
    /// The live `max_ack_pending` (else the declared one).
    pub max_ack_pending: Option<i64>,
    /// The DLQ stream its dead letters go to.
    pub dlq: Option<String>,
    #[serde(skip)]
    pub monitor: Option<MonitorSpec>,
}

/// Everything read at one moment.
#[derive(Debug, Clone, Serialize)]
pub struct Snapshot {
    #[serde(with = "time::serde::rfc3339")]
    pub taken_at: OffsetDateTime,
    pub streams: Vec<StreamState>,
    pub consumers: Vec<ConsumerState>,
    /// The drift could not be computed (the stream list failed).
    pub drift_error: Option<String>,
}

impl Snapshot {
    pub fn stream(&self, name: &str) -> Option<&StreamState> {
        self.streams.iter().find(|s| s.name == name)
    }
}

/// Read the state of every stream and consumer `spec` declares. Errors are kept per item (a
/// check reports them as UNKNOWN), so this itself never fails.
pub async fn snapshot(js: &jetstream::Context, spec: &Spec, server_version: &str) -> Snapshot {
    let desired = normalize::desired(spec);
    let names: HashSet<String> = desired.iter().map(|d| d.spec.name().to_string()).collect();
    let (live, drift_error) = match live::fetch(js, server_version, Some(&names)).await {
        Ok(l) => (Some(l), None),
        Err(e) => (None, Some(chain_line(&e))),
    };
    let actions = live
        .as_ref()
        .map(|l| plan(&desired, l, PlanOptions { prune: false }).actions)
        .unwrap_or_default();
    let dlqs: HashSet<&str> = spec
        .streams
        .iter()
        .flat_map(|s| s.consumers.iter())
        .filter_map(|c| c.dlq.as_ref().map(|d| d.stream.value.as_str()))
        .collect();

    let streams: Vec<StreamState> = stream::iter(spec.streams.iter())
        .map(|s| {
            let name = s.name().to_string();
            let drift: Vec<String> = actions
                .iter()
                .filter(|a| a.target.stream == name)
                .map(|a| match a.kind {
                    Kind::Create => format!("{}: missing", a.target),
                    _ => {
                        let fields: Vec<&str> =
                            a.changes.iter().map(|c| c.field.as_str()).collect();
                        format!("{}: {} differs", a.target, fields.join(", "))
                    }
                })
                .collect();
            let missing = actions.iter().any(|a| {
                a.target.stream == name && a.target.consumer.is_none() && a.kind == Kind::Create
            });
            let is_dlq = dlqs.contains(name.as_str());
            let monitor = s.monitor.as_ref().map(|m| m.value.clone());
            async move {
                let mut st = StreamState {
                    name: name.clone(),
                    is_dlq,
                    messages: None,
                    bytes: None,
                    last_seq: None,
                    last_time: None,
                    drift,
                    missing,
                    error: None,
                    monitor,
                };
                if missing {
                    return st;
                }
                match js.get_stream(&name).await {
                    Ok(mut stream) => match stream.info().await {
                        Ok(info) => {
                            let state = &info.state;
                            st.messages = Some(state.messages);
                            st.bytes = Some(state.bytes);
                            st.last_seq = Some(state.last_sequence);
                            st.last_time = (state.messages > 0).then_some(state.last_timestamp);
                        }
                        Err(e) => st.error = Some(chain_line(&e)),
                    },
                    Err(e) => st.error = Some(chain_line(&e)),
                }
                st
            }
        })
        .buffered(PARALLEL)
        .collect()
        .await;

    let consumers: Vec<ConsumerState> = stream::iter(
        spec.streams
            .iter()
            .flat_map(|s| s.consumers.iter().map(move |c| (s, c))),
    )
    .map(|(s, c)| {
        let stream = s.name().to_string();
        let consumer = c.name().to_string();
        let live_max = live
            .as_ref()
            .and_then(|l| l.streams.get(&stream))
            .and_then(|ls| {
                ls.consumers
                    .iter()
                    .find(|lc| crate::consumer::name_of(lc) == consumer)
                    .map(|lc| lc.max_ack_pending)
            });
        let max_ack_pending = live_max.or(c.max_ack_pending);
        let dlq = c.dlq.as_ref().map(|d| d.stream.value.clone());
        let monitor = c.monitor.as_ref().map(|m| m.value.clone());
        async move {
            let (lag, error) = match consumer_lag(js, &stream, &consumer).await {
                Ok(l) => (Some(l), None),
                Err(e) => (None, Some(chain_line(&e))),
            };
            ConsumerState {
                stream,
                consumer,
                lag,
                error,
                max_ack_pending,
                dlq,
                monitor,
            }
        }
    })
    .buffered(PARALLEL)
    .collect()
    .await;

    Snapshot {
        taken_at: OffsetDateTime::now_utc(),
        streams,
        consumers,
        drift_error,
    }
}

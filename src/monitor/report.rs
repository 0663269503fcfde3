//! `evt report`: one row per declared stream and consumer from a [`Snapshot`], with the rate
//! from the previous snapshot. Pure.

use serde::Serialize;

use super::snapshot::Snapshot;

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub stream: String,
    /// `None` on a stream's own row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer: Option<String>,
    /// Stream rows: messages stored and bytes.
    pub messages: Option<u64>,
    pub bytes: Option<u64>,
    /// Stream rows: messages stored per second since the previous snapshot.
    pub rate: Option<f64>,
    /// Consumer rows: messages not yet delivered, and the age of the oldest unacked one.
    pub lag: Option<u64>,
    pub lag_seconds: Option<f64>,
    pub ack_pending: Option<u64>,
    pub redelivered: Option<u64>,
    /// Depth of the DLQ: on a DLQ stream's row, and on the rows of consumers that use it.
    pub dlq_depth: Option<u64>,
    /// `streams plan` would change something here (stream rows: the stream or a consumer).
    pub drift: bool,
    /// Why numbers are missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The rows for `now`; `before` (an earlier snapshot) gives the rates.
pub fn rows(now: &Snapshot, before: Option<&Snapshot>) -> Vec<Row> {
    let mut out = Vec::new();
    for s in &now.streams {
        let rate = before.and_then(|b| {
            let prev = b.stream(&s.name)?;
            let secs = (now.taken_at - b.taken_at).as_seconds_f64();
            let (a, z) = (prev.last_seq?, s.last_seq?);
            (secs > 0.0).then(|| z.saturating_sub(a) as f64 / secs)
        });
        out.push(Row {
            stream: s.name.clone(),
            consumer: None,
            messages: s.messages,
            bytes: s.bytes,
            rate,
            lag: None,
            lag_seconds: None,
            ack_pending: None,
            redelivered: None,
            dlq_depth: if s.is_dlq { s.messages } else { None },
            drift: !s.drift.is_empty(),
            error: if s.missing {
                Some("missing on the server".into())
            } else {
                s.error.clone()
            },
        });
        for c in now.consumers.iter().filter(|c| c.stream == s.name) {
            let dlq_depth = c
                .dlq
                .as_deref()
                .and_then(|d| now.stream(d))
                .and_then(|d| d.messages);
            let prefix = format!("consumer {}/{}", c.stream, c.consumer);
            out.push(Row {
                stream: c.stream.clone(),
                consumer: Some(c.consumer.clone()),
                messages: None,
                bytes: None,
                rate: None,
                lag: c.lag.as_ref().map(|l| l.num_pending),
                lag_seconds: c.lag.as_ref().and_then(|l| l.lag_seconds),
                ack_pending: c.lag.as_ref().map(|l| l.num_ack_pending),
                redelivered: c.lag.as_ref().map(|l| l.num_redelivered),
                dlq_depth,
                drift: s.drift.iter().any(|d| d.starts_with(&format!("{prefix}:"))),
                error: c.error.clone(),
            });
        }
    }
    out
}

//! `evt check`: states from a [`Snapshot`] and thresholds. Pure: the same snapshot and
//! thresholds always give the same report.
//!
//! Per consumer: lag (messages not yet delivered, and seconds: the age of the oldest unacked
//! message), ack pending (by default WARNING at 80% and CRITICAL at 100% of
//! `max_ack_pending`, where the server stops delivering), redeliveries, and the age of the last
//! delivery and last ack (never delivered / never acked counts as past any threshold set, as
//! in natscli). Per DLQ: depth (by default WARNING from one entry) and the age of the newest
//! entry. Per stream: drift from the spec (WARNING; a missing stream is CRITICAL), and size
//! thresholds if its `monitor:` block sets them. Anything that could not be read is UNKNOWN.

use serde::Serialize;

use super::snapshot::{ConsumerState, Snapshot, StreamState};
use super::thresholds::{count, grade, merge, secs, Status};
use crate::streams::spec::MonitorSpec;

/// What a result is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Consumer,
    Dlq,
    Stream,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Consumer => "consumer",
            Kind::Dlq => "dlq",
            Kind::Stream => "stream",
        }
    }
}

/// One measured value against its thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measure {
    /// `lag`, `lag_seconds`, `ack_pending`, `redelivered`, `last_delivery_seconds`,
    /// `last_ack_seconds`, `messages`, `newest_age_seconds`, `drift`.
    pub name: &'static str,
    /// `None`: not known (never delivered, never acked, nothing stored, unreadable).
    pub value: Option<f64>,
    pub warn: Option<f64>,
    pub critical: Option<f64>,
    pub status: Status,
}

/// One checked stream, consumer or DLQ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckResult {
    pub kind: Kind,
    pub stream: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consumer: Option<String>,
    pub status: Status,
    /// What made it not OK, one phrase per cause ("lag 120 >= 100"); empty when OK.
    pub reasons: Vec<String>,
    pub measures: Vec<Measure>,
}

impl CheckResult {
    /// `STREAM` or `STREAM/CONSUMER`.
    pub fn name(&self) -> String {
        match &self.consumer {
            Some(c) => format!("{}/{c}", self.stream),
            None => self.stream.clone(),
        }
    }
}

/// Every result, and the worst state among them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub status: Status,
    pub results: Vec<CheckResult>,
}

impl CheckReport {
    pub fn count(&self, s: Status) -> usize {
        self.results.iter().filter(|r| r.status == s).count()
    }
}

/// Grade `snapshot` with each item's `monitor:` block, fields of `overrides` replacing it.
pub fn evaluate(snapshot: &Snapshot, overrides: &MonitorSpec) -> CheckReport {
    let mut results = Vec::new();
    for s in &snapshot.streams {
        results.push(stream_result(s, snapshot.drift_error.as_deref(), overrides));
        if s.is_dlq {
            results.push(dlq_result(s, snapshot, overrides));
        }
    }
    for c in &snapshot.consumers {
        results.push(consumer_result(c, overrides));
    }
    let status = results
        .iter()
        .fold(Status::Ok, |acc, r| acc.worst(r.status));
    CheckReport { status, results }
}

/// A measure graded against its thresholds; a value that is not known (`None`) takes
/// `missing_is`, capped at WARNING when only a warning threshold is set.
fn measure(
    name: &'static str,
    value: Option<f64>,
    warn: Option<f64>,
    critical: Option<f64>,
    missing_is: Status,
) -> Measure {
    let status = match value {
        Some(v) => grade(v, warn, critical),
        None if critical.is_some() => missing_is,
        None if warn.is_some() && missing_is == Status::Critical => Status::Warning,
        None if warn.is_some() => missing_is,
        None => Status::Ok,
    };
    Measure {
        name,
        value,
        warn,
        critical,
        status,
    }
}

fn reason(m: &Measure) -> Option<String> {
    if m.status == Status::Ok {
        return None;
    }
    let shown = |v: f64| {
        if m.name.ends_with("seconds") {
            format!("{v:.1}s")
        } else {
            format!("{v}")
        }
    };
    let limit = if m.status == Status::Critical {
        m.critical
    } else {
        m.warn
    };
    Some(match (m.value, limit) {
        (Some(v), Some(l)) if m.name == "newest_age_seconds" => {
            format!("newest entry {} old, <= {}", shown(v), shown(l))
        }
        (Some(v), Some(l)) => format!("{} {} >= {}", m.name, shown(v), shown(l)),
        (None, _) => format!("{} unknown (never happened)", m.name),
        (Some(v), None) => format!("{} {}", m.name, shown(v)),
    })
}

fn finish(
    kind: Kind,
    stream: &str,
    consumer: Option<&str>,
    measures: Vec<Measure>,
    mut reasons: Vec<String>,
    mut status: Status,
) -> CheckResult {
    for m in &measures {
        status = status.worst(m.status);
        reasons.extend(reason(m));
    }
    CheckResult {
        kind,
        stream: stream.to_string(),
        consumer: consumer.map(str::to_string),
        status,
        reasons,
        measures,
    }
}

fn stream_result(s: &StreamState, drift_error: Option<&str>, over: &MonitorSpec) -> CheckResult {
    let mut reasons = Vec::new();
    let mut status = Status::Ok;
    if s.missing {
        return finish(
            Kind::Stream,
            &s.name,
            None,
            Vec::new(),
            vec!["declared but missing on the server".into()],
            Status::Critical,
        );
    }
    if let Some(e) = s.error.as_deref().or(drift_error) {
        reasons.push(format!("cannot read: {e}"));
        status = Status::Unknown;
    }
    if !s.drift.is_empty() {
        status = status.worst(Status::Warning);
        reasons.push(format!("drift from the spec: {}", s.drift.join("; ")));
    }
    // The drift's state and reason are set above; the measure carries the number of changes.
    let mut measures = vec![Measure {
        name: "drift",
        value: Some(s.drift.len() as f64),
        warn: Some(1.0),
        critical: None,
        status: Status::Ok,
    }];
    // A DLQ's size is graded as its depth (the dlq result), not twice.
    if !s.is_dlq {
        let m = merge(s.monitor.as_ref(), over);
        if m.messages_warn.is_some() || m.messages_critical.is_some() {
            measures.push(measure(
                "messages",
                s.messages.map(|v| v as f64),
                count(m.messages_warn),
                count(m.messages_critical),
                Status::Unknown,
            ));
        }
    }
    finish(Kind::Stream, &s.name, None, measures, reasons, status)
}

fn dlq_result(s: &StreamState, snap: &Snapshot, over: &MonitorSpec) -> CheckResult {
    let m = merge(s.monitor.as_ref(), over);
    let (warn, critical) = if m.messages_warn.is_none() && m.messages_critical.is_none() {
        (Some(1.0), None)
    } else {
        (count(m.messages_warn), count(m.messages_critical))
    };
    if s.missing || s.error.is_some() {
        return finish(
            Kind::Dlq,
            &s.name,
            None,
            Vec::new(),
            vec![format!(
                "cannot read: {}",
                s.error.as_deref().unwrap_or("missing")
            )],
            Status::Unknown,
        );
    }
    let newest = s.last_time.map(|t| {
        std::time::Duration::try_from(snap.taken_at - t)
            .unwrap_or_default()
            .as_secs_f64()
    });
    let (young_warn, young_critical) = (secs(m.newest_age_warn), secs(m.newest_age_critical));
    // The newest dead letter is worrying while it is *young* (failures happening now), so
    // this measure is graded the other way round; an empty DLQ has no newest entry and is fine.
    let young = match newest {
        Some(v) if young_critical.is_some_and(|c| v <= c) => Status::Critical,
        Some(v) if young_warn.is_some_and(|w| v <= w) => Status::Warning,
        _ => Status::Ok,
    };
    let measures = vec![
        measure(
            "messages",
            s.messages.map(|v| v as f64),
            warn,
            critical,
            Status::Unknown,
        ),
        Measure {
            name: "newest_age_seconds",
            value: newest,
            warn: young_warn,
            critical: young_critical,
            status: young,
        },
    ];
    finish(Kind::Dlq, &s.name, None, measures, Vec::new(), Status::Ok)
}

fn consumer_result(c: &ConsumerState, over: &MonitorSpec) -> CheckResult {
    let Some(lag) = &c.lag else {
        return finish(
            Kind::Consumer,
            &c.stream,
            Some(&c.consumer),
            Vec::new(),
            vec![format!(
                "cannot read: {}",
                c.error.as_deref().unwrap_or("unknown error")
            )],
            Status::Unknown,
        );
    };
    let m = merge(c.monitor.as_ref(), over);
    let (ack_warn, ack_crit) = if m.ack_pending_warn.is_none() && m.ack_pending_critical.is_none() {
        match c.max_ack_pending {
            Some(max) if max > 0 => (Some(max as f64 * 0.8), Some(max as f64)),
            _ => (None, None),
        }
    } else {
        (count(m.ack_pending_warn), count(m.ack_pending_critical))
    };
    let measures = vec![
        measure(
            "lag",
            Some(lag.num_pending as f64),
            count(m.lag_warn),
            count(m.lag_critical),
            Status::Unknown,
        ),
        measure(
            "lag_seconds",
            lag.lag_seconds,
            secs(m.lag_seconds_warn),
            secs(m.lag_seconds_critical),
            Status::Unknown,
        ),
        measure(
            "ack_pending",
            Some(lag.num_ack_pending as f64),
            ack_warn,
            ack_crit,
            Status::Unknown,
        ),
        measure(
            "redelivered",
            Some(lag.num_redelivered as f64),
            count(m.redelivered_warn),
            count(m.redelivered_critical),
            Status::Unknown,
        ),
        measure(
            "last_delivery_seconds",
            lag.last_delivered_age.map(|d| d.as_secs_f64()),
            secs(m.last_delivery_warn),
            secs(m.last_delivery_critical),
            Status::Critical,
        ),
        measure(
            "last_ack_seconds",
            lag.last_ack_age.map(|d| d.as_secs_f64()),
            secs(m.last_ack_warn),
            secs(m.last_ack_critical),
            Status::Critical,
        ),
    ];
    finish(
        Kind::Consumer,
        &c.stream,
        Some(&c.consumer),
        measures,
        Vec::new(),
        Status::Ok,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::units::Dur;
    use std::time::Duration;
    use time::OffsetDateTime;

    fn dlq(messages: u64, newest_secs_ago: i64, now: OffsetDateTime) -> StreamState {
        StreamState {
            name: "DLQ".into(),
            is_dlq: true,
            messages: Some(messages),
            bytes: Some(0),
            last_seq: Some(messages),
            last_time: (messages > 0).then(|| now - time::Duration::seconds(newest_secs_ago)),
            drift: Vec::new(),
            missing: false,
            error: None,
            monitor: Some(MonitorSpec {
                messages_critical: Some(10),
                newest_age_warn: Some(Dur(Duration::from_secs(600))),
                newest_age_critical: Some(Dur(Duration::from_secs(60))),
                ..Default::default()
            }),
        }
    }

    fn snap(streams: Vec<StreamState>, now: OffsetDateTime) -> Snapshot {
        Snapshot {
            taken_at: now,
            streams,
            consumers: vec![ConsumerState {
                stream: "S".into(),
                consumer: "gone".into(),
                lag: None,
                error: Some("consumer not found".into()),
                max_ack_pending: None,
                dlq: None,
                monitor: None,
            }],
            drift_error: None,
        }
    }

    #[test]
    fn a_young_dead_letter_is_worse_than_an_old_one_and_unreadable_is_unknown() {
        let now = OffsetDateTime::now_utc();
        let grade_of = |secs_ago| {
            let r = evaluate(
                &snap(vec![dlq(1, secs_ago, now)], now),
                &MonitorSpec::default(),
            );
            r.results
                .iter()
                .find(|x| x.kind == Kind::Dlq)
                .map(|x| x.status)
                .unwrap()
        };
        assert_eq!(grade_of(5), Status::Critical);
        assert_eq!(grade_of(300), Status::Warning);
        assert_eq!(grade_of(3600), Status::Ok);
        let r = evaluate(&snap(vec![dlq(1, 3600, now)], now), &MonitorSpec::default());
        let gone = r.results.iter().find(|x| x.kind == Kind::Consumer).unwrap();
        assert_eq!(gone.status, Status::Unknown);
        assert!(gone.reasons[0].contains("consumer not found"));
        assert_eq!(r.status, Status::Unknown);
        // An override replaces the block's field.
        let r = evaluate(
            &snap(vec![dlq(1, 3600, now)], now),
            &MonitorSpec {
                messages_critical: Some(1),
                ..Default::default()
            },
        );
        assert_eq!(r.status, Status::Critical);
    }
}

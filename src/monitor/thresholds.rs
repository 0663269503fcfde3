//! Thresholds and states: a `monitor:` block merged with overrides, checked for sense, turned
//! into `io.nats.monitor.*` metadata, and applied to a measured value. Pure.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::streams::spec::MonitorSpec;
use crate::streams::units::Dur;

/// A check's state, in the Nagios order (worse is greater, except that UNKNOWN ranks between
/// WARNING and CRITICAL when states are combined: an unreadable consumer is worse than a slow
/// one but not proven broken).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Status {
    /// The Nagios plugin exit code: 0, 1, 2, 3.
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Warning => 1,
            Status::Critical => 2,
            Status::Unknown => 3,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warning => "WARNING",
            Status::Critical => "CRITICAL",
            Status::Unknown => "UNKNOWN",
        }
    }

    fn rank(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::Warning => 1,
            Status::Unknown => 2,
            Status::Critical => 3,
        }
    }

    /// The worse of two states.
    pub fn worst(self, other: Status) -> Status {
        if other.rank() > self.rank() {
            other
        } else {
            self
        }
    }
}

/// Where a `monitor:` block sits, which decides the fields that apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Consumer,
    Stream,
}

/// `value >= critical` is CRITICAL, else `value >= warn` is WARNING, else OK. A threshold of
/// zero is a real threshold (anything at all), as natscli's `-critical 0` is not: evt only
/// skips thresholds that are absent.
pub fn grade(value: f64, warn: Option<f64>, critical: Option<f64>) -> Status {
    if critical.is_some_and(|c| value >= c) {
        Status::Critical
    } else if warn.is_some_and(|w| value >= w) {
        Status::Warning
    } else {
        Status::Ok
    }
}

/// `block` with every field `over` sets replaced (flags win over the YAML).
pub fn merge(block: Option<&MonitorSpec>, over: &MonitorSpec) -> MonitorSpec {
    let mut m = block.cloned().unwrap_or_default();
    macro_rules! take {
        ($($f:ident),*) => { $( if over.$f.is_some() { m.$f = over.$f; } )* };
    }
    take!(
        lag_warn,
        lag_critical,
        lag_seconds_warn,
        lag_seconds_critical,
        ack_pending_warn,
        ack_pending_critical,
        redelivered_warn,
        redelivered_critical,
        last_delivery_warn,
        last_delivery_critical,
        last_ack_warn,
        last_ack_critical,
        messages_warn,
        messages_critical,
        newest_age_warn,
        newest_age_critical
    );
    m
}

/// What is wrong with a block at `scope`: a field of the other scope, or a warning
/// threshold above its critical one. Each message names the field.
pub fn problems(m: &MonitorSpec, scope: Scope) -> Vec<String> {
    let mut out = Vec::new();
    let consumer_fields = [
        ("lag", m.lag_warn.is_some() || m.lag_critical.is_some()),
        (
            "lag_seconds",
            m.lag_seconds_warn.is_some() || m.lag_seconds_critical.is_some(),
        ),
        (
            "ack_pending",
            m.ack_pending_warn.is_some() || m.ack_pending_critical.is_some(),
        ),
        (
            "redelivered",
            m.redelivered_warn.is_some() || m.redelivered_critical.is_some(),
        ),
        (
            "last_delivery",
            m.last_delivery_warn.is_some() || m.last_delivery_critical.is_some(),
        ),
        (
            "last_ack",
            m.last_ack_warn.is_some() || m.last_ack_critical.is_some(),
        ),
    ];
    let stream_fields = [
        (
            "messages",
            m.messages_warn.is_some() || m.messages_critical.is_some(),
        ),
        (
            "newest_age",
            m.newest_age_warn.is_some() || m.newest_age_critical.is_some(),
        ),
    ];
    let (misplaced, here, there): (&[(&str, bool)], &str, &str) = match scope {
        Scope::Consumer => (&stream_fields, "a consumer", "a stream"),
        Scope::Stream => (&consumer_fields, "a stream", "a consumer"),
    };
    for (name, set) in misplaced {
        if *set {
            out.push(format!(
                "monitor: {name}_warn/{name}_critical belong under {there}, not {here}"
            ));
        }
    }
    let mut order = |name: &str, w: Option<f64>, c: Option<f64>| {
        if let (Some(w), Some(c)) = (w, c) {
            if w > c {
                out.push(format!(
                    "monitor: {name}_warn is above {name}_critical: a warning would never show"
                ));
            }
        }
    };
    let n = |v: Option<u64>| v.map(|v| v as f64);
    let d = |v: Option<Dur>| v.map(|v| v.0.as_secs_f64());
    order("lag", n(m.lag_warn), n(m.lag_critical));
    order(
        "lag_seconds",
        d(m.lag_seconds_warn),
        d(m.lag_seconds_critical),
    );
    order(
        "ack_pending",
        n(m.ack_pending_warn),
        n(m.ack_pending_critical),
    );
    order(
        "redelivered",
        n(m.redelivered_warn),
        n(m.redelivered_critical),
    );
    order(
        "last_delivery",
        d(m.last_delivery_warn),
        d(m.last_delivery_critical),
    );
    order("last_ack", d(m.last_ack_warn), d(m.last_ack_critical));
    order("messages", n(m.messages_warn), n(m.messages_critical));
    // Graded the other way round (younger is worse): critical must not exceed warn.
    if let (Some(w), Some(c)) = (d(m.newest_age_warn), d(m.newest_age_critical)) {
        if c > w {
            out.push(
                "monitor: newest_age_critical is above newest_age_warn: younger is worse here, \
                 so a warning would never show"
                    .into(),
            );
        }
    }
    out
}

/// natscli's metadata key prefix (`nats server check stream|consumer` read these).
pub const NATS_MONITOR_PREFIX: &str = "io.nats.monitor.";

/// The `io.nats.monitor.*` metadata natscli reads for the thresholds it has an equivalent of
/// (natscli has critical thresholds for consumers; warn and critical for stream sizes).
pub fn nats_metadata(m: &MonitorSpec, scope: Scope) -> BTreeMap<String, String> {
    let mut md = BTreeMap::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            md.insert(format!("{NATS_MONITOR_PREFIX}{k}"), v);
        }
    };
    let secs = |d: Option<Dur>| d.map(|d| format!("{}s", d.0.as_secs()));
    match scope {
        Scope::Consumer => {
            put(
                "unprocessed-critical",
                m.lag_critical.map(|v| v.to_string()),
            );
            put(
                "outstanding-ack-critical",
                m.ack_pending_critical.map(|v| v.to_string()),
            );
            put(
                "redelivery-critical",
                m.redelivered_critical.map(|v| v.to_string()),
            );
            put("last-delivery-critical", secs(m.last_delivery_critical));
            put("last-ack-critical", secs(m.last_ack_critical));
        }
        Scope::Stream => {
            put("msgs-warn", m.messages_warn.map(|v| v.to_string()));
            put("msgs-critical", m.messages_critical.map(|v| v.to_string()));
        }
    }
    if !md.is_empty() {
        md.insert(format!("{NATS_MONITOR_PREFIX}enabled"), "true".into());
    }
    md
}

/// A duration threshold in seconds.
pub fn secs(d: Option<Dur>) -> Option<f64> {
    d.map(|d| d.0.as_secs_f64())
}

/// A count threshold as a float.
pub fn count(v: Option<u64>) -> Option<f64> {
    v.map(|v| v as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn grade_is_at_or_above_and_critical_wins() {
        assert_eq!(grade(5.0, Some(10.0), Some(20.0)), Status::Ok);
        assert_eq!(grade(10.0, Some(10.0), Some(20.0)), Status::Warning);
        assert_eq!(grade(25.0, Some(10.0), Some(20.0)), Status::Critical);
        assert_eq!(grade(25.0, None, None), Status::Ok);
        assert_eq!(Status::Warning.worst(Status::Unknown), Status::Unknown);
        assert_eq!(Status::Critical.worst(Status::Unknown), Status::Critical);
    }

    #[test]
    fn flags_override_the_block_and_problems_name_the_field() {
        let block = MonitorSpec {
            lag_warn: Some(10),
            lag_critical: Some(100),
            ..Default::default()
        };
        let m = merge(
            Some(&block),
            &MonitorSpec {
                lag_critical: Some(5),
                ..Default::default()
            },
        );
        assert_eq!((m.lag_warn, m.lag_critical), (Some(10), Some(5)));
        let p = problems(&m, Scope::Consumer);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("lag_warn is above lag_critical"), "{p:?}");
        let p = problems(&m, Scope::Stream);
        assert!(p
            .iter()
            .any(|p| p.contains("lag_warn/lag_critical belong under a consumer")));
    }

    #[test]
    fn natscli_keys_for_what_it_knows() {
        let m = MonitorSpec {
            lag_warn: Some(10),
            lag_critical: Some(100),
            last_ack_critical: Some(Dur(Duration::from_secs(300))),
            ..Default::default()
        };
        let md = nats_metadata(&m, Scope::Consumer);
        assert_eq!(
            md.get("io.nats.monitor.unprocessed-critical")
                .map(String::as_str),
            Some("100")
        );
        assert_eq!(
            md.get("io.nats.monitor.last-ack-critical")
                .map(String::as_str),
            Some("300s")
        );
        assert_eq!(
            md.get("io.nats.monitor.enabled").map(String::as_str),
            Some("true")
        );
        assert_eq!(md.len(), 3);
        assert!(nats_metadata(&MonitorSpec::default(), Scope::Consumer).is_empty());
    }
}

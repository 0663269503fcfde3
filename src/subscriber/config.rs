//! A handler's declaration (`on("trading.order.>").durable("order-auditor")…`), its
//! validation, the durable pull consumer it implies, and the comparison with a consumer that
//! already exists. Pure: unit-tested here, applied by the manager.

use std::time::Duration;

use async_nats::jetstream::consumer::{self, pull, AckPolicy, DeliverPolicy};

use super::SubscriberError;
use crate::subject;

/// Everything a developer declares about one handler besides the function itself.
#[derive(Debug, Clone, PartialEq)]
pub struct HandlerConfig {
    /// Subject pattern (wildcards allowed); the consumer's `filter_subject`.
    pub subject: String,
    /// Further patterns of the same stream (the consumer then uses `filter_subjects`).
    pub also: Vec<String>,
    /// Durable consumer name. Several processes bound to the same durable share its messages
    /// (each message goes to one of them): this is what a "queue group" is for pull consumers.
    pub durable: String,
    /// Source stream; found by subject when `None`.
    pub stream: Option<String>,
    /// How long one delivery may take before the server redelivers it.
    pub ack_wait: Duration,
    /// Deliveries allowed, the first included; the last one's failure is dead-lettered.
    pub max_deliver: u32,
    /// Delay before delivery `n + 1` after a `Retry` on delivery `n` (the last entry repeats).
    /// Also sent to the server as `backoff` for ack timeouts, each entry raised to at least
    /// `ack_wait` (the server uses `backoff[0]` as the ack wait of the first delivery).
    pub backoff: Vec<Duration>,
    /// Handler calls running at once.
    pub concurrency: usize,
    /// Keep messages of one subject in order (one lane per subject hash, `concurrency` lanes).
    pub ordered_by_subject: bool,
    /// Messages pulled ahead of the handlers; default `2 × concurrency` (at least 16).
    pub prefetch: Option<usize>,
    /// DLQ stream for this handler's dead letters; the manager's default when `None`.
    pub dlq_stream: Option<String>,
    /// Require that `<DLQ>_ADVISORIES` captures this consumer's MAX_DELIVERIES advisory, so
    /// that messages whose handler never answers still reach the DLQ (default `true`).
    pub advisory_capture: bool,
}

/// Start declaring a handler for `subject`.
pub fn on(subject: impl Into<String>) -> HandlerConfig {
    HandlerConfig {
        subject: subject.into(),
        also: Vec::new(),
        durable: String::new(),
        stream: None,
        ack_wait: Duration::from_secs(30),
        max_deliver: 5,
        backoff: vec![
            Duration::from_secs(1),
            Duration::from_secs(5),
            Duration::from_secs(30),
        ],
        concurrency: 1,
        ordered_by_subject: false,
        prefetch: None,
        dlq_stream: None,
        advisory_capture: true,
    }
}

impl HandlerConfig {
    /// Also handle `subject` (same stream): one consumer with several `filter_subjects`.
    pub fn also(mut self, subject: impl Into<String>) -> Self {
        self.also.push(subject.into());
        self
    }

    /// Do not require the advisory capture for this handler: a message whose handler never
    /// answers is then dropped by the server after `max_deliver` (fine for ticks, not orders).
    pub fn without_advisory_capture(mut self) -> Self {
        self.advisory_capture = false;
        self
    }

    /// Every filter subject, the first one first.
    pub fn filter_subjects(&self) -> Vec<String> {
        std::iter::once(self.subject.clone())
            .chain(self.also.iter().cloned())
            .collect()
    }

    pub fn durable(mut self, name: impl Into<String>) -> Self {
        self.durable = name.into();
        self
    }

    /// Instances that declare the same queue group share the work: for pull consumers this is
    /// the durable name (one durable, many fetching processes), so it sets the durable. Push
    /// consumers with a `deliver_group` would add flow control and idle-heartbeat plumbing for
    /// no gain over a shared pull durable.
    pub fn queue_group(self, name: impl Into<String>) -> Self {
        self.durable(name)
    }

    pub fn stream(mut self, name: impl Into<String>) -> Self {
        self.stream = Some(name.into());
        self
    }

    pub fn ack_wait(mut self, d: Duration) -> Self {
        self.ack_wait = d;
        self
    }

    pub fn max_deliver(mut self, n: u32) -> Self {
        self.max_deliver = n;
        self
    }

    pub fn backoff(mut self, delays: impl IntoIterator<Item = Duration>) -> Self {
        self.backoff = delays.into_iter().collect();
        self
    }

    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n;
        self
    }

    /// In order per subject, different subjects in parallel (up to `concurrency`). A message
    /// that is retried or redelivered after an ack timeout can still overtake later ones:
    /// JetStream redelivers on its own clock.
    pub fn ordered_by_subject(mut self, yes: bool) -> Self {
        self.ordered_by_subject = yes;
        self
    }

    pub fn prefetch(mut self, n: usize) -> Self {
        self.prefetch = Some(n);
        self
    }

    pub fn dlq_stream(mut self, name: impl Into<String>) -> Self {
        self.dlq_stream = Some(name.into());
        self
    }

    /// Messages to pull ahead of the handlers.
    pub fn effective_prefetch(&self) -> usize {
        self.prefetch
            .unwrap_or_else(|| (self.concurrency * 2).max(16))
            .max(1)
    }

    /// Checks that need no server; the first problem is reported, naming the field.
    pub fn validate(&self) -> Result<(), SubscriberError> {
        let bad = |field: &'static str, reason: String| SubscriberError::InvalidConfig {
            durable: if self.durable.is_empty() {
                format!("(for {})", self.subject)
            } else {
                self.durable.clone()
            },
            field,
            reason,
        };
        for s in self.filter_subjects() {
            subject::validate_pattern(&s).map_err(|e| bad("subject", e.to_string()))?;
        }
        if self.durable.is_empty() {
            return Err(bad("durable", "a durable name is required".into()));
        }
        if let Some(c) = self
            .durable
            .chars()
            .find(|c| c.is_whitespace() || matches!(c, '.' | '*' | '>' | '/' | '\\'))
        {
            return Err(bad(
                "durable",
                format!(
                    "'{}' contains '{c}', which consumer names may not",
                    self.durable
                ),
            ));
        }
        if self.max_deliver == 0 {
            return Err(bad("max_deliver", "must be at least 1".into()));
        }
        if self.ack_wait < Duration::from_millis(100) {
            return Err(bad(
                "ack_wait",
                format!("{:?} is too short (at least 100ms)", self.ack_wait),
            ));
        }
        if !self.backoff.is_empty() && self.backoff.len() >= self.max_deliver as usize {
            return Err(bad(
                "backoff",
                format!(
                    "{} delays need max_deliver > {} (it is {}); the server refuses otherwise",
                    self.backoff.len(),
                    self.backoff.len(),
                    self.max_deliver
                ),
            ));
        }
        if self.concurrency == 0 {
            return Err(bad("concurrency", "must be at least 1".into()));
        }
        Ok(())
    }

    /// Delay for the nak after a `Retry` on delivery `delivered` (1-based).
    pub fn retry_delay(&self, delivered: u64) -> Duration {
        if self.backoff.is_empty() {
            return Duration::from_secs(1);
        }
        let i = (delivered.saturating_sub(1) as usize).min(self.backoff.len() - 1);
        self.backoff[i]
    }

    /// The server-side backoff: each delay raised to at least `ack_wait`, because the server
    /// takes `backoff[n]` as the ack wait of delivery `n + 1`; a shorter one would redeliver
    /// while the handler still runs.
    pub fn server_backoff(&self) -> Vec<Duration> {
        self.backoff
            .iter()
            .map(|d| (*d).max(self.ack_wait))
            .collect()
    }

    /// The durable pull consumer this declaration means.
    pub fn consumer_config(&self) -> pull::Config {
        let (filter_subject, filter_subjects) = if self.also.is_empty() {
            (self.subject.clone(), Vec::new())
        } else {
            (String::new(), self.filter_subjects())
        };
        pull::Config {
            durable_name: Some(self.durable.clone()),
            description: Some(format!(
                "evt handler for {}",
                self.filter_subjects().join(", ")
            )),
            filter_subject,
            filter_subjects,
            ack_policy: AckPolicy::Explicit,
            ack_wait: self.ack_wait,
            max_deliver: self.max_deliver as i64,
            backoff: self.server_backoff(),
            deliver_policy: DeliverPolicy::All,
            max_ack_pending: (self.effective_prefetch().max(1000)) as i64,
            ..Default::default()
        }
    }

    /// Compare with an existing consumer: `Some((field, existing, declared))` for the first
    /// difference that changes delivery semantics.
    pub fn conflict_with(&self, existing: &consumer::Config) -> Option<(String, String, String)> {
        let want = self.consumer_config();
        let diff = |f: &str, have: String, want: String| Some((f.to_string(), have, want));
        if let Some(ds) = &existing.deliver_subject {
            return diff(
                "deliver_subject",
                ds.clone(),
                "(none: a pull consumer)".into(),
            );
        }
        // The server keeps filter_subjects in whatever order they were declared (streams
        // apply sorts them); the set is what matters, so compare them sorted.
        let mut have_set: Vec<String> = if existing.filter_subjects.is_empty() {
            vec![existing.filter_subject.clone()]
        } else {
            existing.filter_subjects.clone()
        };
        have_set.sort();
        let mut want_set = self.filter_subjects();
        want_set.sort();
        let have_filter = have_set.join(",");
        let want_filter = want_set.join(",");
        if have_filter != want_filter {
            return diff("filter_subject", have_filter, want_filter);
        }
        if existing.ack_policy != AckPolicy::Explicit {
            return diff(
                "ack_policy",
                format!("{:?}", existing.ack_policy).to_lowercase(),
                "explicit".into(),
            );
        }
        if existing.max_deliver != want.max_deliver {
            return diff(
                "max_deliver",
                existing.max_deliver.to_string(),
                want.max_deliver.to_string(),
            );
        }
        if existing.backoff != want.backoff {
            return diff(
                "backoff",
                fmt_list(&existing.backoff),
                fmt_list(&want.backoff),
            );
        }
        // With a backoff list the server replaces ack_wait by backoff[0].
        let want_ack_wait = want.backoff.first().copied().unwrap_or(want.ack_wait);
        if existing.ack_wait != want_ack_wait {
            return diff(
                "ack_wait",
                fmt_dur(existing.ack_wait),
                fmt_dur(want_ack_wait),
            );
        }
        None
    }
}

fn fmt_dur(d: Duration) -> String {
    humantime::format_duration(d).to_string()
}

fn fmt_list(l: &[Duration]) -> String {
    if l.is_empty() {
        return "[]".into();
    }
    format!(
        "[{}]",
        l.iter().map(|d| fmt_dur(*d)).collect::<Vec<_>>().join(",")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> HandlerConfig {
        on("trading.order.>")
            .durable("auditor")
            .ack_wait(Duration::from_secs(10))
            .max_deliver(4)
            .backoff([Duration::from_secs(1), Duration::from_secs(20)])
    }

    fn as_existing(c: &HandlerConfig) -> consumer::Config {
        let p = c.consumer_config();
        consumer::Config {
            durable_name: p.durable_name,
            filter_subject: p.filter_subject,
            filter_subjects: p.filter_subjects,
            ack_policy: p.ack_policy,
            // what the server stores: backoff[0] replaces ack_wait
            ack_wait: p.backoff.first().copied().unwrap_or(p.ack_wait),
            max_deliver: p.max_deliver,
            backoff: p.backoff,
            ..Default::default()
        }
    }

    #[test]
    fn declaration_maps_to_a_durable_explicit_ack_pull_consumer() {
        let c = base().consumer_config();
        assert_eq!(c.durable_name.as_deref(), Some("auditor"));
        assert_eq!(c.ack_policy, AckPolicy::Explicit);
        assert_eq!(c.max_deliver, 4);
        // 1s raised to ack_wait, 20s kept
        assert_eq!(
            c.backoff,
            vec![Duration::from_secs(10), Duration::from_secs(20)]
        );
    }

    #[test]
    fn retry_delays_follow_the_backoff_and_repeat_the_last() {
        let c = base();
        assert_eq!(c.retry_delay(1), Duration::from_secs(1));
        assert_eq!(c.retry_delay(2), Duration::from_secs(20));
        assert_eq!(c.retry_delay(9), Duration::from_secs(20));
        assert_eq!(base().backoff([]).retry_delay(1), Duration::from_secs(1));
    }

    #[test]
    fn same_config_is_no_conflict_and_each_difference_is_named() {
        let c = base();
        assert_eq!(c.conflict_with(&as_existing(&c)), None);
        let two = base().also("trading.fill.>");
        assert_eq!(two.consumer_config().filter_subjects.len(), 2);
        assert_eq!(two.conflict_with(&as_existing(&two)), None);
        // Regression: streams apply stores filter_subjects sorted; the order is not a conflict.
        let mut reordered = as_existing(&two);
        reordered.filter_subjects.reverse();
        assert_eq!(two.conflict_with(&reordered), None);
        assert_eq!(
            two.conflict_with(&as_existing(&c)).map(|x| x.0),
            Some("filter_subject".into())
        );
        let mut other = as_existing(&c);
        other.max_deliver = 9;
        assert_eq!(
            c.conflict_with(&other).map(|x| x.0),
            Some("max_deliver".into())
        );
        let mut other = as_existing(&c);
        other.filter_subject = "trading.>".into();
        let (f, have, want) = c.conflict_with(&other).unwrap();
        assert_eq!(
            (f.as_str(), have.as_str(), want.as_str()),
            ("filter_subject", "trading.>", "trading.order.>")
        );
        let mut other = as_existing(&c);
        other.deliver_subject = Some("push.here".into());
        assert_eq!(
            c.conflict_with(&other).map(|x| x.0),
            Some("deliver_subject".into())
        );
        let no_backoff = base().backoff([]);
        let mut other = as_existing(&no_backoff);
        other.ack_wait = Duration::from_secs(3);
        assert_eq!(
            no_backoff.conflict_with(&other).map(|x| x.0),
            Some("ack_wait".into())
        );
    }

    #[test]
    fn validation_names_the_field() {
        let err = |c: HandlerConfig| match c.validate() {
            Err(SubscriberError::InvalidConfig { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(err(on("a.b")), "durable");
        assert_eq!(err(on("a..b").durable("x")), "subject");
        assert_eq!(err(on("a.b").durable("x.y")), "durable");
        assert_eq!(err(base().max_deliver(2)), "backoff");
        assert_eq!(err(base().max_deliver(0)), "max_deliver");
        assert_eq!(err(base().concurrency(0)), "concurrency");
        assert!(base().validate().is_ok());
    }
}

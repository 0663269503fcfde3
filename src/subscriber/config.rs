//! A handler's declaration (`on("trading.order.>").durable("order-auditor")…`, or
//! `bind("TRADING", "order-auditor")`), its validation, and the settings it runs with once
//! bound ([`Bound`]).
//!
//! Only what the developer set is declared: every consumer setting here is an `Option`, and
//! the declaration becomes a [`crate::consumer`] description with exactly those fields. When
//! the durable exists, the manager compares that description with the server using the same
//! comparison as `streams plan`, and runs with the server's values; only a durable that does
//! not exist yet gets [`crate::consumer::defaults`].

use std::time::Duration;

use async_nats::jetstream::consumer::DeliverPolicy;

use super::SubscriberError;
use crate::consumer;
use crate::streams::spec::{self, AckPolicy, ConsumerSpec, DlqSpec, Located};
use crate::streams::units::{Dur, StartTime};
use crate::subject;

/// Everything a developer declares about one handler besides the function itself.
#[derive(Debug, Clone, PartialEq)]
pub struct HandlerConfig {
    /// Filter subject patterns (wildcards allowed). Empty: bind to an existing durable with
    /// whatever filters it has (the stream must then be named).
    pub subjects: Vec<String>,
    /// Durable consumer name. Several processes bound to the same durable share its messages
    /// (each message goes to one of them): this is what a "queue group" is for pull consumers.
    pub durable: String,
    /// Source stream; found by subject when `None`.
    pub stream: Option<String>,
    /// How long one delivery may take before the server redelivers it (with a backoff, the
    /// server takes `backoff[0]` instead; declare both only when equal).
    pub ack_wait: Option<Duration>,
    /// Deliveries allowed, the first included; the last one's failure is dead-lettered.
    pub max_deliver: Option<u32>,
    /// Delays between deliveries, sent to the server as declared; also the delay of a `Retry`
    /// (the last entry repeats).
    pub backoff: Option<Vec<Duration>>,
    /// Where a new durable starts (compared with an existing one when set).
    pub deliver_policy: Option<DeliverPolicy>,
    /// Unacknowledged messages the server lets the durable have out at once.
    pub max_ack_pending: Option<i64>,
    /// Handler calls running at once.
    pub concurrency: usize,
    /// Keep messages of one subject in order (one lane per subject hash, `concurrency` lanes).
    pub ordered_by_subject: bool,
    /// Messages pulled ahead of the handlers; default `2 × concurrency` (at least 16), and
    /// never more than `max_messages`.
    pub prefetch: Option<usize>,
    /// Settle at most this many messages for good (acked or dead-lettered), then stop
    /// pulling; see [`HandlerConfig::max_messages`].
    pub max_messages: Option<u64>,
    /// DLQ stream for this handler's dead letters. Unset: the DLQ the durable was declared
    /// with (its `evt.dlq-stream` metadata), else the manager's default.
    pub dlq_stream: Option<String>,
    /// A dead letter of an event already replayed this many times (`Evt-Replay-Count`) goes
    /// to the parking lot instead of the DLQ proper (default 3).
    pub park_after: Option<u64>,
    /// Require that `<DLQ>_ADVISORIES` captures this consumer's MAX_DELIVERIES advisory, so
    /// that messages whose handler never answers still reach the DLQ (default `true`).
    pub advisory_capture: bool,
    /// When the capture is missing, add it (creating `<DLQ>_ADVISORIES` if needed) instead of
    /// failing (default `false`).
    pub create_advisory_capture: bool,
}

/// Start declaring a handler for `subject` (more with [`HandlerConfig::also`]).
pub fn on(subject: impl Into<String>) -> HandlerConfig {
    HandlerConfig {
        subjects: vec![subject.into()],
        ..blank()
    }
}

/// Bind to the existing durable `durable` of `stream` exactly as it is declared on the server
/// (filters, backoff, max_deliver, DLQ); builder calls then only add checks.
pub fn bind(stream: impl Into<String>, durable: impl Into<String>) -> HandlerConfig {
    HandlerConfig {
        stream: Some(stream.into()),
        durable: durable.into(),
        ..blank()
    }
}

fn blank() -> HandlerConfig {
    HandlerConfig {
        subjects: Vec::new(),
        durable: String::new(),
        stream: None,
        ack_wait: None,
        max_deliver: None,
        backoff: None,
        deliver_policy: None,
        max_ack_pending: None,
        concurrency: 1,
        ordered_by_subject: false,
        prefetch: None,
        max_messages: None,
        dlq_stream: None,
        park_after: None,
        advisory_capture: true,
        create_advisory_capture: false,
    }
}

impl HandlerConfig {
    /// Also handle `subject` (same stream): one consumer with several `filter_subjects`.
    pub fn also(mut self, subject: impl Into<String>) -> Self {
        self.subjects.push(subject.into());
        self
    }

    /// Do not require the advisory capture for this handler: a message whose handler never
    /// answers is then dropped by the server after `max_deliver` (fine for ticks, not orders).
    pub fn without_advisory_capture(mut self) -> Self {
        self.advisory_capture = false;
        self
    }

    /// Create the advisory capture for this consumer when it is missing (an ad-hoc durable
    /// that no spec declares), instead of failing at start.
    pub fn create_advisory_capture(mut self) -> Self {
        self.create_advisory_capture = true;
        self
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
        self.ack_wait = Some(d);
        self
    }

    pub fn max_deliver(mut self, n: u32) -> Self {
        self.max_deliver = Some(n);
        self
    }

    pub fn backoff(mut self, delays: impl IntoIterator<Item = Duration>) -> Self {
        self.backoff = Some(delays.into_iter().collect());
        self
    }

    pub fn deliver_policy(mut self, p: DeliverPolicy) -> Self {
        self.deliver_policy = Some(p);
        self
    }

    pub fn max_ack_pending(mut self, n: i64) -> Self {
        self.max_ack_pending = Some(n);
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

    /// Settle at most `n` messages for good (acked or dead-lettered), then stop pulling: the
    /// rest stay on the server for the next consumer. A retried message gives its share back,
    /// so its redelivery counts once. Messages already pulled past `n` (at most a prefetch)
    /// are released at once, which counts them one more delivery.
    pub fn max_messages(mut self, n: u64) -> Self {
        self.max_messages = Some(n);
        self
    }

    pub fn dlq_stream(mut self, name: impl Into<String>) -> Self {
        self.dlq_stream = Some(name.into());
        self
    }

    /// Park (rather than dead-letter again) an event that comes back after `n` replays.
    pub fn park_after(mut self, n: u64) -> Self {
        self.park_after = Some(n);
        self
    }

    /// Messages to pull ahead of the handlers.
    pub fn effective_prefetch(&self) -> usize {
        let n = self
            .prefetch
            .unwrap_or_else(|| (self.concurrency * 2).max(16));
        match self.max_messages {
            Some(max) => n.min(usize::try_from(max).unwrap_or(usize::MAX)),
            None => n,
        }
        .max(1)
    }

    /// A name for messages about this handler: the durable, or its subjects when unnamed.
    pub fn label(&self) -> String {
        if self.durable.is_empty() {
            format!("(for {})", self.subjects.join(", "))
        } else {
            self.durable.clone()
        }
    }

    /// What this handler declares about its consumer on `stream`: exactly the settings that
    /// were set, plus explicit acks (which the manager needs), in [`crate::consumer`] form.
    pub fn declared(&self, stream: &str) -> ConsumerSpec {
        let (deliver_policy, opt_start_seq, opt_start_time) = match self.deliver_policy {
            None => (None, None, None),
            Some(p) => {
                let (p, seq, time) = match p {
                    DeliverPolicy::All => (spec::DeliverPolicy::All, None, None),
                    DeliverPolicy::Last => (spec::DeliverPolicy::Last, None, None),
                    DeliverPolicy::New => (spec::DeliverPolicy::New, None, None),
                    DeliverPolicy::LastPerSubject => {
                        (spec::DeliverPolicy::LastPerSubject, None, None)
                    }
                    DeliverPolicy::ByStartSequence { start_sequence } => (
                        spec::DeliverPolicy::ByStartSequence,
                        Some(start_sequence),
                        None,
                    ),
                    DeliverPolicy::ByStartTime { start_time } => (
                        spec::DeliverPolicy::ByStartTime,
                        None,
                        Some(StartTime(start_time.to_offset(time::UtcOffset::UTC))),
                    ),
                };
                (Some(p), seq, time)
            }
        };
        let c = ConsumerSpec {
            durable_name: Located::new(self.durable.clone()),
            filter_subjects: (!self.subjects.is_empty())
                .then(|| self.subjects.iter().cloned().map(Located::new).collect()),
            ack_policy: Some(AckPolicy::Explicit),
            ack_wait: self.ack_wait.map(Dur),
            max_deliver: self.max_deliver.map(i64::from),
            backoff: self
                .backoff
                .as_ref()
                .map(|b| b.iter().copied().map(Dur).collect()),
            deliver_policy,
            opt_start_seq,
            opt_start_time,
            max_ack_pending: self.max_ack_pending,
            dlq: self.dlq_stream.as_ref().map(|s| DlqSpec {
                stream: Located::new(s.clone()),
                subject: None,
            }),
            ..Default::default()
        };
        consumer::declared(stream, &c)
    }

    /// Checks that need no server; the first problem is reported, naming the field.
    pub fn validate(&self) -> Result<(), SubscriberError> {
        let bad = |field: &'static str, reason: String| SubscriberError::InvalidConfig {
            durable: self.label(),
            field,
            reason,
        };
        for s in &self.subjects {
            subject::validate_pattern(s).map_err(|e| bad("subject", e.to_string()))?;
        }
        if self.subjects.is_empty() && self.stream.is_none() {
            return Err(bad(
                "subject",
                "give a filter subject, or the stream of an existing durable".into(),
            ));
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
        if self.max_deliver == Some(0) {
            return Err(bad("max_deliver", "must be at least 1".into()));
        }
        if let Some(a) = self.ack_wait {
            if a < Duration::from_millis(100) {
                return Err(bad(
                    "ack_wait",
                    format!("{a:?} is too short (at least 100ms)"),
                ));
            }
        }
        if self.concurrency == 0 {
            return Err(bad("concurrency", "must be at least 1".into()));
        }
        // The same rules a spec's consumer follows (backoff vs max_deliver and ack_wait, start
        // options), stated once in `consumer::check`.
        if let Some(p) = consumer::check(&self.declared("")).into_iter().next() {
            return Err(bad(p.field, p.message));
        }
        Ok(())
    }
}

/// The settings a bound handler runs with: the durable's, as the server has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    pub stream: String,
    pub filters: Vec<String>,
    /// `None` when unlimited.
    pub max_deliver: Option<u64>,
    pub backoff: Vec<Duration>,
    /// The server's ack wait (`backoff[0]` when there is a backoff).
    pub ack_wait: Duration,
    /// Where this handler's dead letters go.
    pub dlq_stream: String,
    /// The durable records no DLQ although the streams spec manages it: the spec chose not to
    /// wire one, so no advisory capture is expected.
    pub declared_without_dlq: bool,
}

impl Bound {
    /// Effective settings from a consumer description (normally [`consumer::from_live`]). The
    /// DLQ stream is `explicit_dlq`, else the one the description records, else `default_dlq`.
    pub fn from_consumer(
        stream: &str,
        c: &ConsumerSpec,
        explicit_dlq: Option<&str>,
        default_dlq: &str,
    ) -> Bound {
        let recorded = c.dlq.as_ref().map(|d| d.stream.value.as_str());
        Bound {
            stream: stream.to_string(),
            filters: c
                .filter_subjects
                .iter()
                .flatten()
                .map(|l| l.value.clone())
                .collect(),
            max_deliver: c.max_deliver.filter(|m| *m > 0).map(|m| m as u64),
            backoff: c.backoff.iter().flatten().map(|d| d.0).collect(),
            ack_wait: c
                .ack_wait
                .map(|d| d.0)
                .unwrap_or(consumer::defaults::ACK_WAIT),
            dlq_stream: explicit_dlq.or(recorded).unwrap_or(default_dlq).to_string(),
            declared_without_dlq: false,
        }
    }

    /// The `max_deliver` a [`super::Delivery`] reports (`u64::MAX` when unlimited).
    pub fn max_deliver_or_max(&self) -> u64 {
        self.max_deliver.unwrap_or(u64::MAX)
    }

    /// Delay for the nak after a `Retry` on delivery `delivered` (1-based): the backoff step,
    /// or 1 s without backoff.
    pub fn retry_delay(&self, delivered: u64) -> Duration {
        consumer::backoff_step(&self.backoff, delivered).unwrap_or(Duration::from_secs(1))
    }

    /// How long the server waits for an answer to delivery `delivered` before redelivering.
    /// The shortest ack wait any delivery gets: how often a message waiting to start must
    /// have its wait renewed.
    pub fn shortest_ack_wait(&self) -> Duration {
        self.backoff
            .iter()
            .copied()
            .min()
            .map_or(self.ack_wait, |b| b.min(self.ack_wait))
    }

    pub fn ack_wait_of(&self, delivered: u64) -> Duration {
        consumer::backoff_step(&self.backoff, delivered).unwrap_or(self.ack_wait)
    }

    /// How long a handler may run before its message is left to redelivery. Without backoff
    /// it is `ack_wait` (the developer's "how long one delivery may take"). With a backoff the
    /// server's waits are retry delays and say nothing about run time, so a handler gets the
    /// longest step, and at least the default ack wait; in-progress acks hold the message
    /// that long.
    pub fn handler_time(&self) -> Duration {
        match self.backoff.iter().max() {
            None => self.ack_wait,
            Some(longest) => (*longest).max(consumer::defaults::ACK_WAIT),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> HandlerConfig {
        on("trading.order.>")
            .durable("auditor")
            .max_deliver(4)
            .backoff([Duration::from_secs(1), Duration::from_secs(20)])
    }

    #[test]
    fn a_pull_never_asks_for_more_than_max_messages() {
        assert_eq!(on("a.>").effective_prefetch(), 16);
        assert_eq!(on("a.>").concurrency(64).effective_prefetch(), 128);
        assert_eq!(
            on("a.>").prefetch(512).max_messages(3).effective_prefetch(),
            3
        );
        assert_eq!(on("a.>").max_messages(100_000).effective_prefetch(), 16);
        assert_eq!(on("a.>").max_messages(0).effective_prefetch(), 1);
    }

    #[test]
    fn only_what_was_set_is_declared() {
        let d = on("a.>").durable("x").declared("S");
        assert_eq!(d.max_deliver, None);
        assert_eq!(d.backoff, None);
        assert_eq!(d.ack_wait, None);
        assert_eq!(d.dlq, None);
        assert_eq!(d.ack_policy, Some(AckPolicy::Explicit));
        let d = base()
            .also("trading.fill.>")
            .dlq_stream("DEAD")
            .declared("S");
        assert_eq!(d.max_deliver, Some(4));
        assert_eq!(d.filter_subjects.as_ref().map(Vec::len), Some(2));
        assert_eq!(
            d.dlq.and_then(|d| d.subject).as_deref(),
            Some("dlq.S.auditor")
        );
        assert!(bind("S", "x").declared("S").filter_subjects.is_none());
    }

    #[test]
    fn bound_settings_drive_retries_last_delivery_and_handler_time() {
        let live = consumer::to_config(
            "S",
            &consumer::with_new_defaults(base().declared("S")),
            None,
        );
        let b = Bound::from_consumer("S", &consumer::from_live(&live), None, "FALLBACK");
        assert_eq!(b.dlq_stream, "FALLBACK");
        let wired = consumer::to_config(
            "S",
            &consumer::with_new_defaults(base().dlq_stream("DEAD").declared("S")),
            None,
        );
        let have = consumer::from_live(&wired);
        assert_eq!(
            Bound::from_consumer("S", &have, None, "FALLBACK").dlq_stream,
            "DEAD"
        );
        assert_eq!(
            Bound::from_consumer("S", &have, Some("OTHER"), "FALLBACK").dlq_stream,
            "OTHER"
        );
        assert_eq!(b.max_deliver, Some(4));
        assert_eq!(b.retry_delay(1), Duration::from_secs(1));
        assert_eq!(b.retry_delay(2), Duration::from_secs(20));
        assert_eq!(b.retry_delay(9), Duration::from_secs(20));
        assert_eq!(b.ack_wait_of(1), Duration::from_secs(1));
        assert_eq!(b.handler_time(), Duration::from_secs(30));
        let plain = Bound {
            backoff: vec![],
            ack_wait: Duration::from_millis(500),
            ..b.clone()
        };
        assert_eq!(plain.retry_delay(1), Duration::from_secs(1));
        assert_eq!(plain.handler_time(), Duration::from_millis(500));
        assert_eq!(plain.ack_wait_of(3), Duration::from_millis(500));
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
        assert_eq!(err(base().ack_wait(Duration::from_secs(30))), "ack_wait");
        assert_eq!(err(base().concurrency(0)), "concurrency");
        let mut no_subject = bind("S", "x");
        no_subject.stream = None;
        assert_eq!(err(no_subject), "subject");
        assert!(base().validate().is_ok());
        assert!(base().ack_wait(Duration::from_secs(1)).validate().is_ok());
        assert!(bind("S", "x").validate().is_ok());
    }
}

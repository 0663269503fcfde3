//! Prometheus metrics for the publisher, the subscriber, the max-deliveries mover and DLQ
//! replay, plus the server-side lag of each bound consumer.
//!
//! Built on `prometheus-client` (the Prometheus project's own Rust client, OpenMetrics data
//! model): a [`Metrics`] owns its `Registry`; nothing is global. That is why it was chosen over
//! the `metrics` facade: a library must not install a process-wide recorder behind its user's
//! back, two managers (or two tests) in one process must not share counters, and metric
//! handles are plain atomics resolved once per handler, so the hot path pays an atomic add,
//! not a map lookup through a global recorder.
//!
//! Opt-in: a [`crate::publisher::Publisher`] or [`crate::subscriber::SubscriberManager`] given no
//! `Metrics` records nothing beyond its own stats. Hand the text to any HTTP server with
//! [`Metrics::encode`] and [`CONTENT_TYPE`], or register evt's families in a service's own
//! registry with [`Metrics::register`]; [`endpoints`] serves `/metrics`, `/healthz`,
//! `/readyz` for services that have no server of their own.
//!
//! Names carry one `evt_` prefix; labels are bounded: `stream`, `consumer` (the durable),
//! `reason` (dead-letter reason), `outcome` (handler outcome), `error` (publish error kind).
//! Never a subject or an id. [`NAMES`] lists every family; the Grafana dashboard is checked
//! against it.

pub mod endpoints;
mod histogram;
pub mod lag_refresh;

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

pub use prometheus_client;

use crate::dlq::Reason;
use crate::lag::ConsumerLag;

/// The `Content-Type` of [`Metrics::encode`]'s output (Prometheus text format 0.0.4).
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// Every metric family evt exports, as it appears in the text format (counters with their
/// `_total`, histograms by their base name).
pub const NAMES: &[&str] = &[
    "evt_published_total",
    "evt_publish_duplicates_total",
    "evt_publish_retries_total",
    "evt_publish_failures_total",
    "evt_publish_ack_duration_seconds",
    "evt_consume_received_total",
    "evt_consume_redeliveries_total",
    "evt_consume_acked_total",
    "evt_consume_retried_total",
    "evt_consume_dead_lettered_total",
    "evt_consume_decode_failures_total",
    "evt_consume_dlq_publish_failures_total",
    "evt_consume_released_total",
    "evt_consume_in_flight",
    "evt_consume_handler_duration_seconds",
    "evt_dlq_moved_total",
    "evt_dlq_replayed_total",
    "evt_dlq_replay_failed_total",
    "evt_consumer_pending_messages",
    "evt_consumer_ack_pending_messages",
    "evt_consumer_redelivered_messages",
    "evt_consumer_waiting_pulls",
    "evt_consumer_lag_seconds",
    "evt_consumer_last_delivery_age_seconds",
    "evt_consumer_last_ack_age_seconds",
    "evt_consumer_lag_errors_total",
];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct StreamLabel {
    pub stream: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct ErrorLabel {
    pub error: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct ConsumerLabels {
    pub stream: String,
    pub consumer: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct ReasonLabels {
    pub stream: String,
    pub consumer: String,
    pub reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub(crate) struct OutcomeLabels {
    pub stream: String,
    pub consumer: String,
    pub outcome: &'static str,
}

type FloatGauge = Gauge<f64, std::sync::atomic::AtomicU64>;
pub(crate) use histogram::DurationHistogram;
type HistogramFamily<L> = Family<L, DurationHistogram, fn() -> DurationHistogram>;

fn ack_histogram() -> DurationHistogram {
    // 0.25 ms .. ~4 s: loopback acks sit at the bottom, a leader election near the top.
    DurationHistogram::exponential(0.000_25, 2.0, 15)
}

fn handler_histogram() -> DurationHistogram {
    // 1 ms .. ~65 s: handlers range from an in-memory check to a slow downstream call.
    DurationHistogram::exponential(0.001, 2.0, 17)
}

#[derive(Debug)]
struct Families {
    published: Family<StreamLabel, Counter>,
    duplicates: Family<StreamLabel, Counter>,
    publish_retries: Counter,
    publish_failures: Family<ErrorLabel, Counter>,
    ack_duration: HistogramFamily<StreamLabel>,
    received: Family<ConsumerLabels, Counter>,
    redeliveries: Family<ConsumerLabels, Counter>,
    acked: Family<ConsumerLabels, Counter>,
    retried: Family<ConsumerLabels, Counter>,
    dead_lettered: Family<ReasonLabels, Counter>,
    decode_failures: Family<ConsumerLabels, Counter>,
    dlq_publish_failures: Family<ConsumerLabels, Counter>,
    released: Family<ConsumerLabels, Counter>,
    in_flight: Family<ConsumerLabels, Gauge>,
    handler_duration: HistogramFamily<OutcomeLabels>,
    moved: Family<StreamLabel, Counter>,
    replayed: Family<StreamLabel, Counter>,
    replay_failed: Family<StreamLabel, Counter>,
    pending: Family<ConsumerLabels, Gauge>,
    ack_pending: Family<ConsumerLabels, Gauge>,
    redelivered: Family<ConsumerLabels, Gauge>,
    waiting: Family<ConsumerLabels, Gauge>,
    lag_seconds: Family<ConsumerLabels, FloatGauge>,
    last_delivery_age: Family<ConsumerLabels, FloatGauge>,
    last_ack_age: Family<ConsumerLabels, FloatGauge>,
    lag_errors: Family<ConsumerLabels, Counter>,
}

impl Families {
    fn new() -> Self {
        Families {
            ack_duration: Family::new_with_constructor(ack_histogram),
            handler_duration: Family::new_with_constructor(handler_histogram),
            published: Default::default(),
            duplicates: Default::default(),
            publish_retries: Default::default(),
            publish_failures: Default::default(),
            received: Default::default(),
            redeliveries: Default::default(),
            acked: Default::default(),
            retried: Default::default(),
            dead_lettered: Default::default(),
            decode_failures: Default::default(),
            dlq_publish_failures: Default::default(),
            released: Default::default(),
            in_flight: Default::default(),
            moved: Default::default(),
            replayed: Default::default(),
            replay_failed: Default::default(),
            pending: Default::default(),
            ack_pending: Default::default(),
            redelivered: Default::default(),
            waiting: Default::default(),
            lag_seconds: Default::default(),
            last_delivery_age: Default::default(),
            last_ack_age: Default::default(),
            lag_errors: Default::default(),
        }
    }

    /// Names without the `evt_` prefix or `_total`: the registry adds both.
    fn register(&self, r: &mut Registry) {
        let r = r.sub_registry_with_prefix("evt");
        let f = self;
        r.register(
            "published",
            "Messages the server acked (duplicates included)",
            f.published.clone(),
        );
        r.register(
            "publish_duplicates",
            "Acks that said duplicate: the stream already held this Nats-Msg-Id",
            f.duplicates.clone(),
        );
        r.register(
            "publish_retries",
            "Publish attempts after the first (same Nats-Msg-Id)",
            f.publish_retries.clone(),
        );
        r.register(
            "publish_failures",
            "Publishes that failed for good, by error kind",
            f.publish_failures.clone(),
        );
        r.register(
            "publish_ack_duration_seconds",
            "From send to the server's ack, retries included",
            f.ack_duration.clone(),
        );
        r.register(
            "consume_received",
            "Deliveries handed to a handler (redeliveries count again)",
            f.received.clone(),
        );
        r.register(
            "consume_redeliveries",
            "Deliveries with a delivery count above 1",
            f.redeliveries.clone(),
        );
        r.register(
            "consume_acked",
            "Handled successfully and acked",
            f.acked.clone(),
        );
        r.register(
            "consume_retried",
            "Nak'ed for a later retry at the handler's request",
            f.retried.clone(),
        );
        r.register(
            "consume_dead_lettered",
            "Stored in the DLQ and terminated, by reason",
            f.dead_lettered.clone(),
        );
        r.register(
            "consume_decode_failures",
            "Deliveries that could not be decoded into the handler's type",
            f.decode_failures.clone(),
        );
        r.register(
            "consume_dlq_publish_failures",
            "Dead letters that could not be stored (original nak'ed)",
            f.dlq_publish_failures.clone(),
        );
        r.register(
            "consume_released",
            "Pulled but not started at stop; nak'ed for prompt redelivery",
            f.released.clone(),
        );
        r.register(
            "consume_in_flight",
            "Handler calls running now",
            f.in_flight.clone(),
        );
        r.register(
            "consume_handler_duration_seconds",
            "Handler call time, by outcome (ok, retry, fatal)",
            f.handler_duration.clone(),
        );
        r.register(
            "dlq_moved",
            "Messages that exhausted max_deliver moved to the DLQ by the mover",
            f.moved.clone(),
        );
        r.register(
            "dlq_replayed",
            "DLQ entries replayed to their target",
            f.replayed.clone(),
        );
        r.register(
            "dlq_replay_failed",
            "DLQ entries whose replay failed (kept in the DLQ)",
            f.replay_failed.clone(),
        );
        r.register(
            "consumer_pending_messages",
            "Server: messages not yet delivered to the consumer",
            f.pending.clone(),
        );
        r.register(
            "consumer_ack_pending_messages",
            "Server: delivered, not yet acked",
            f.ack_pending.clone(),
        );
        r.register(
            "consumer_redelivered_messages",
            "Server: redelivered and not yet acked",
            f.redelivered.clone(),
        );
        r.register(
            "consumer_waiting_pulls",
            "Server: pull requests waiting",
            f.waiting.clone(),
        );
        r.register("consumer_lag_seconds", "Age of the oldest message not yet acked (from the ack floor); 0 when caught up, NaN when unknown", f.lag_seconds.clone());
        r.register(
            "consumer_last_delivery_age_seconds",
            "Time since the server last delivered to the consumer; NaN if never",
            f.last_delivery_age.clone(),
        );
        r.register(
            "consumer_last_ack_age_seconds",
            "Time since the consumer last acked; NaN if never",
            f.last_ack_age.clone(),
        );
        r.register(
            "consumer_lag_errors",
            "Lag refreshes that could not read the consumer",
            f.lag_errors.clone(),
        );
    }
}

/// evt's metric families. Cheap to clone (every clone records into the same families).
#[derive(Clone)]
pub struct Metrics {
    families: Arc<Families>,
    registry: Option<Arc<Registry>>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics")
            .field("own_registry", &self.registry.is_some())
            .finish()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Families in a registry of their own, encoded by [`Metrics::encode`].
    pub fn new() -> Self {
        let families = Families::new();
        let mut registry = Registry::default();
        families.register(&mut registry);
        Metrics {
            families: Arc::new(families),
            registry: Some(Arc::new(registry)),
        }
    }

    /// Register evt's families in a service's own registry; the service encodes it (and
    /// [`Metrics::encode`] returns an empty text).
    pub fn register(registry: &mut Registry) -> Self {
        let families = Families::new();
        families.register(registry);
        Metrics {
            families: Arc::new(families),
            registry: None,
        }
    }

    /// The registry made by [`Metrics::new`], to encode with any `prometheus-client` encoder.
    pub fn registry(&self) -> Option<&Registry> {
        self.registry.as_deref()
    }

    /// The Prometheus text exposition (serve it with [`CONTENT_TYPE`]).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if let Some(r) = &self.registry {
            // Writing to a String cannot fail.
            let _ = prometheus_client::encoding::prometheus_text::encode(&mut out, r);
        }
        out
    }

    pub(crate) fn publisher(&self) -> PublisherMetrics {
        PublisherMetrics {
            families: self.families.clone(),
            last: Arc::default(),
        }
    }

    /// The counters of one handler, resolved once so the hot path is an atomic add.
    pub(crate) fn handler(&self, stream: &str, consumer: &str) -> HandlerCounters {
        let f = &self.families;
        let l = ConsumerLabels {
            stream: stream.to_string(),
            consumer: consumer.to_string(),
        };
        let reason = |r: Reason| {
            f.dead_lettered.get_or_create_owned(&ReasonLabels {
                stream: stream.to_string(),
                consumer: consumer.to_string(),
                reason: r.as_str(),
            })
        };
        let outcome = |o: &'static str| {
            f.handler_duration.get_or_create_owned(&OutcomeLabels {
                stream: stream.to_string(),
                consumer: consumer.to_string(),
                outcome: o,
            })
        };
        HandlerCounters {
            received: f.received.get_or_create_owned(&l),
            redeliveries: f.redeliveries.get_or_create_owned(&l),
            acked: f.acked.get_or_create_owned(&l),
            retried: f.retried.get_or_create_owned(&l),
            dl_fatal: reason(Reason::Fatal),
            dl_decode: reason(Reason::Decode),
            dl_exhausted: reason(Reason::RetriesExhausted),
            decode_failures: f.decode_failures.get_or_create_owned(&l),
            dlq_publish_failures: f.dlq_publish_failures.get_or_create_owned(&l),
            released: f.released.get_or_create_owned(&l),
            in_flight: f.in_flight.get_or_create_owned(&l),
            duration: Some(HandlerDurations {
                ok: outcome("ok"),
                retry: outcome("retry"),
                fatal: outcome("fatal"),
            }),
        }
    }

    /// The mover's count for one DLQ stream.
    pub(crate) fn moved(&self, dlq_stream: &str) -> Counter {
        self.families.moved.get_or_create_owned(&StreamLabel {
            stream: dlq_stream.to_string(),
        })
    }

    /// Count one replay run's results against its DLQ stream.
    pub fn record_replay(&self, dlq_stream: &str, replayed: u64, failed: u64) {
        let l = StreamLabel {
            stream: dlq_stream.to_string(),
        };
        self.families.replayed.get_or_create(&l).inc_by(replayed);
        self.families.replay_failed.get_or_create(&l).inc_by(failed);
    }

    /// Publish a consumer's lag as gauges (NaN where a value is unknown).
    pub fn record_lag(&self, lag: &ConsumerLag) {
        let f = &self.families;
        let l = ConsumerLabels {
            stream: lag.stream.clone(),
            consumer: lag.consumer.clone(),
        };
        let int = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        f.pending.get_or_create(&l).set(int(lag.num_pending));
        f.ack_pending
            .get_or_create(&l)
            .set(int(lag.num_ack_pending));
        f.redelivered
            .get_or_create(&l)
            .set(int(lag.num_redelivered));
        f.waiting.get_or_create(&l).set(int(lag.num_waiting));
        f.lag_seconds
            .get_or_create(&l)
            .set(lag.lag_seconds.unwrap_or(f64::NAN));
        let secs = |d: Option<std::time::Duration>| d.map_or(f64::NAN, |d| d.as_secs_f64());
        f.last_delivery_age
            .get_or_create(&l)
            .set(secs(lag.last_delivered_age));
        f.last_ack_age.get_or_create(&l).set(secs(lag.last_ack_age));
    }

    /// Count a lag refresh that failed (the gauges keep their last values).
    pub fn record_lag_error(&self, stream: &str, consumer: &str) {
        self.families
            .lag_errors
            .get_or_create(&ConsumerLabels {
                stream: stream.to_string(),
                consumer: consumer.to_string(),
            })
            .inc();
    }
}

/// The publisher's view of the families: outcomes are recorded where they are decided.
#[derive(Clone, Debug)]
pub(crate) struct PublisherMetrics {
    families: Arc<Families>,
    /// The last stream's handles: a batch's acks name one stream, and looking its label up
    /// in three families per ack (a lock and a SipHash each) cost more than the counting.
    last: Arc<std::sync::Mutex<Option<StreamHandles>>>,
}

#[derive(Debug)]
struct StreamHandles {
    stream: String,
    published: Counter,
    duplicates: Counter,
    ack_duration: DurationHistogram,
}

impl PublisherMetrics {
    /// An ack: counted published (and duplicate), with its latency since the first send.
    /// Takes the stream name by value and gives it back, so the label costs no allocation.
    pub(crate) fn acked(
        &self,
        stream: String,
        duplicate: bool,
        latency: std::time::Duration,
    ) -> String {
        let Ok(mut last) = self.last.lock() else {
            return stream;
        };
        let h = match last.as_mut() {
            Some(h) if h.stream == stream => h,
            _ => {
                let l = StreamLabel {
                    stream: stream.clone(),
                };
                let f = &self.families;
                last.insert(StreamHandles {
                    published: f.published.get_or_create(&l).clone(),
                    duplicates: f.duplicates.get_or_create(&l).clone(),
                    ack_duration: f.ack_duration.get_or_create(&l).clone(),
                    stream: l.stream,
                })
            }
        };
        h.published.inc();
        if duplicate {
            h.duplicates.inc();
        }
        h.ack_duration.observe(latency);
        stream
    }

    pub(crate) fn retried(&self) {
        self.families.publish_retries.inc();
    }

    pub(crate) fn failed(&self, kind: &'static str) {
        self.families
            .publish_failures
            .get_or_create(&ErrorLabel { error: kind })
            .inc();
    }
}

/// One handler's counters. Standalone (not exported) unless built by [`Metrics::handler`];
/// `SubscriberManager::stats` reads them either way.
#[derive(Debug, Default)]
pub(crate) struct HandlerCounters {
    pub received: Counter,
    pub redeliveries: Counter,
    pub acked: Counter,
    pub retried: Counter,
    pub dl_fatal: Counter,
    pub dl_decode: Counter,
    pub dl_exhausted: Counter,
    pub decode_failures: Counter,
    pub dlq_publish_failures: Counter,
    pub released: Counter,
    pub in_flight: Gauge,
    /// Only when exported: timing costs a clock read and a lock per call.
    pub duration: Option<HandlerDurations>,
}

#[derive(Debug)]
pub(crate) struct HandlerDurations {
    pub ok: DurationHistogram,
    pub retry: DurationHistogram,
    pub fatal: DurationHistogram,
}

impl HandlerCounters {
    pub(crate) fn dead_lettered(&self, reason: Reason) -> &Counter {
        match reason {
            Reason::Decode => &self.dl_decode,
            Reason::RetriesExhausted => &self.dl_exhausted,
            // The manager never dead-letters for max-deliveries (the mover does).
            Reason::Fatal | Reason::MaxDeliveries => &self.dl_fatal,
        }
    }

    pub(crate) fn dead_lettered_total(&self) -> u64 {
        self.dl_fatal.get() + self.dl_decode.get() + self.dl_exhausted.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acks_alternating_between_streams_are_each_counted_on_their_own() {
        let m = Metrics::new();
        let p = m.publisher();
        let ms = std::time::Duration::from_millis(1);
        for (stream, duplicate) in [("A", false), ("B", true), ("A", false), ("B", false)] {
            assert_eq!(p.acked(stream.to_string(), duplicate, ms), stream);
        }
        let text = m.encode();
        for line in [
            "evt_published_total{stream=\"A\"} 2",
            "evt_published_total{stream=\"B\"} 2",
            "evt_publish_duplicates_total{stream=\"B\"} 1",
            "evt_publish_ack_duration_seconds_count{stream=\"A\"} 2",
        ] {
            assert!(text.contains(line), "{line} in:\n{text}");
        }
        assert!(!text.contains("evt_publish_duplicates_total{stream=\"A\"} 1"));
    }

    #[test]
    fn two_metrics_in_one_process_do_not_share_counters() {
        let a = Metrics::new();
        let b = Metrics::new();
        a.handler("S", "c").acked.inc();
        assert!(a
            .encode()
            .contains("evt_consume_acked_total{stream=\"S\",consumer=\"c\"} 1"));
        assert!(!b.encode().contains("evt_consume_acked_total{"));
    }

    #[test]
    fn every_family_is_in_names_and_every_name_is_exported() {
        let m = Metrics::new();
        // Touch one series per family so each is encoded with its samples.
        let h = m.handler("S", "c");
        if let Some(d) = &h.duration {
            d.ok.observe(std::time::Duration::from_millis(100));
        }
        let p = m.publisher();
        let _ = p.acked("S".into(), true, std::time::Duration::from_millis(1));
        p.retried();
        p.failed("refused");
        m.moved("DLQ").inc();
        m.record_replay("DLQ", 1, 1);
        m.record_lag_error("S", "c");
        m.record_lag(&ConsumerLag {
            stream: "S".into(),
            consumer: "c".into(),
            num_pending: 3,
            num_ack_pending: 1,
            num_redelivered: 0,
            num_waiting: 1,
            lag_seconds: None,
            last_delivered_age: Some(std::time::Duration::from_secs(2)),
            last_ack_age: None,
            ack_floor_stream_seq: 4,
        });
        let text = m.encode();
        let typed: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("# TYPE "))
            .filter_map(|l| l.split(' ').next())
            .collect();
        for name in NAMES {
            assert!(typed.contains(name), "{name} not exported:\n{text}");
        }
        for name in &typed {
            assert!(NAMES.contains(name), "{name} missing from NAMES");
        }
        // Unknown values are NaN, not a misleading zero.
        assert!(
            text.contains("evt_consumer_lag_seconds{stream=\"S\",consumer=\"c\"} NaN"),
            "{text}"
        );
        assert!(text.contains("evt_consumer_pending_messages{stream=\"S\",consumer=\"c\"} 3"));
    }
}

//! OpenTelemetry traces across one event's life against a real server: publish → consume
//! (fails for good) → dead letter → replay → consume (succeeds), recorded by the SDK's
//! in-memory exporter and checked for parentage and messaging attributes.
//!
//! The tracer provider is global and the tests share a process, so the provider samples only
//! traces this file started (by trace id): other tests' spans are dropped, not kept in memory.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use async_nats::jetstream::stream::RetentionPolicy;
use evt::codec::{Defaults, EncodeOptions};
use evt::dlq::replay::{replay, ReplayOptions};
use evt::dlq::store::DlqStore;
use evt::event::TradingEvent;
use evt::publisher::{PublishOptions, Publisher};
use evt::subscriber::{on, HandlerError, SubscriberManager};
use evt::trace::attr;
use opentelemetry::trace::{Link, SpanKind, Status, TraceContextExt, TraceId};
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::trace::{
    InMemorySpanExporter, SamplingDecision, SamplingResult, SdkTracerProvider, ShouldSample,
    SpanData,
};

use super::subscriber::{dead_letters, eventually, fixture, order};
use crate::support::{rt, NatsServer};

/// Records the traces whose ids were registered, and no other.
#[derive(Debug, Clone, Default)]
struct OnlyRegistered(Arc<Mutex<Vec<TraceId>>>);

impl ShouldSample for OnlyRegistered {
    fn should_sample(
        &self,
        _parent: Option<&opentelemetry::Context>,
        trace_id: TraceId,
        _name: &str,
        _kind: &SpanKind,
        _attributes: &[KeyValue],
        _links: &[Link],
    ) -> SamplingResult {
        let ours = self.0.lock().unwrap().contains(&trace_id);
        SamplingResult {
            decision: if ours {
                SamplingDecision::RecordAndSample
            } else {
                SamplingDecision::Drop
            },
            attributes: Vec::new(),
            trace_state: Default::default(),
        }
    }
}

struct Recorder {
    exporter: InMemorySpanExporter,
    traces: OnlyRegistered,
}

fn recorder() -> &'static Recorder {
    static R: OnceLock<Recorder> = OnceLock::new();
    R.get_or_init(|| {
        let exporter = InMemorySpanExporter::default();
        let traces = OnlyRegistered::default();
        let provider = SdkTracerProvider::builder()
            .with_sampler(traces.clone())
            .with_simple_exporter(exporter.clone())
            .build();
        opentelemetry::global::set_tracer_provider(provider);
        Recorder { exporter, traces }
    })
}

fn spans_of(trace: TraceId) -> Vec<SpanData> {
    recorder()
        .exporter
        .get_finished_spans()
        .unwrap()
        .into_iter()
        .filter(|s| s.span_context.trace_id() == trace)
        .collect()
}

fn attr_of<'a>(s: &'a SpanData, key: &str) -> Option<&'a Value> {
    s.attributes
        .iter()
        .find(|kv| kv.key.as_str() == key)
        .map(|kv| &kv.value)
}

fn string_attr(s: &SpanData, key: &str) -> Option<String> {
    attr_of(s, key).map(|v| v.as_str().into_owned())
}

#[test]
fn publish_consume_dead_letter_replay_consume_is_one_trace_with_parentage() {
    rt().block_on(async {
        let rec = recorder();
        let root_trace = TraceId::from_hex("5f1c0ffee0ddf00d5f1c0ffee0ddf00d").unwrap();
        rec.traces.0.lock().unwrap().push(root_trace);
        let root_tp = format!("00-{root_trace}-a1b2c3d4e5f60718-01");

        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let calls = Arc::new(AtomicU64::new(0));
        let seen = calls.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>").durable("auditor"),
            move |_e: TradingEvent| {
                let n = seen.fetch_add(1, Ordering::SeqCst);
                async move {
                    if n == 0 {
                        Err(HandlerError::fatal("quantity does not match the fill"))
                    } else {
                        Ok(())
                    }
                }
            },
        );
        m.start().await.unwrap();

        let publisher = Publisher::new(&f.bus, (*f.factory).clone(), PublishOptions::default());
        let event = f
            .factory
            .prepare(
                order("O-9", 5),
                &Defaults {
                    source: "test".into(),
                    correlation_id: Some("corr-9".into()),
                },
            )
            .unwrap();
        publisher
            .publish(
                "orders.filled.NSE",
                &event,
                &EncodeOptions {
                    traceparent: Some(root_tp.clone()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();

        let dls = dead_letters(&f.js, 1).await;
        let kept = dls[0]
            .1
            .headers
            .get("traceparent")
            .map(|v| v.as_str().to_string())
            .expect("the DLQ copy keeps traceparent");
        eventually(Duration::from_secs(10), "the dead letter settled", || {
            m.stats().handlers[0].dead_lettered == 1
        })
        .await;

        let store = DlqStore::open(&f.js, "DLQ").await.unwrap();
        let report = replay(
            &f.js,
            &store,
            &ReplayOptions::default(),
            std::future::pending(),
            |_| {},
        )
        .await
        .unwrap();
        assert_eq!(report.replayed, 1);
        eventually(Duration::from_secs(10), "the replayed copy acked", || {
            m.stats().handlers[0].acked == 1
        })
        .await;
        eventually(Duration::from_secs(10), "five finished spans", || {
            spans_of(root_trace).len() >= 5
        })
        .await;
        m.stop().await;

        let spans = spans_of(root_trace);
        let named = |prefix: &str| -> Vec<&SpanData> {
            spans
                .iter()
                .filter(|s| s.name.starts_with(prefix))
                .collect()
        };
        let publish = named("publish ");
        let process = named("process ");
        let dead = named("dead_letter ");
        let replayed = named("replay ");
        assert_eq!(
            (publish.len(), process.len(), dead.len(), replayed.len()),
            (1, 2, 1, 1),
            "spans: {:?}",
            spans
                .iter()
                .map(|s| &s.name)
                .collect::<Vec<&Cow<'static, str>>>()
        );
        let publish = publish[0];
        let dead = dead[0];
        let replayed = replayed[0];
        let (first, second) = if process[0].start_time <= process[1].start_time {
            (process[0], process[1])
        } else {
            (process[1], process[0])
        };

        // publish: PRODUCER, child of the caller's traceparent; its context went on the wire.
        assert_eq!(publish.span_kind, SpanKind::Producer);
        assert_eq!(publish.parent_span_id.to_string(), "a1b2c3d4e5f60718");
        assert_eq!(
            kept,
            evt::trace::format_traceparent(&publish.span_context),
            "the message (and its DLQ copy) carries the publish span's context"
        );
        // process #1: CONSUMER, child of publish, failed.
        assert_eq!(first.span_kind, SpanKind::Consumer);
        assert_eq!(first.parent_span_id, publish.span_context.span_id());
        assert!(
            matches!(first.status, Status::Error { .. }),
            "{:?}",
            first.status
        );
        // dead_letter: child of the failed handler call.
        assert_eq!(dead.span_kind, SpanKind::Producer);
        assert_eq!(dead.parent_span_id, first.span_context.span_id());
        assert_eq!(
            string_attr(dead, attr::DESTINATION).as_deref(),
            Some("dlq.ORDERS.auditor")
        );
        assert_eq!(
            string_attr(dead, attr::DLQ_REASON).as_deref(),
            Some("fatal")
        );
        // replay: continues the original trace from the kept traceparent.
        assert_eq!(replayed.span_kind, SpanKind::Producer);
        assert_eq!(replayed.parent_span_id, publish.span_context.span_id());
        assert!(string_attr(replayed, attr::REPLAY_OF).is_some_and(|v| v.starts_with("DLQ/")));
        // process #2: child of the replay, succeeded.
        assert_eq!(second.span_kind, SpanKind::Consumer);
        assert_eq!(second.parent_span_id, replayed.span_context.span_id());
        assert!(!matches!(second.status, Status::Error { .. }));

        for s in [publish, first, replayed, second] {
            assert_eq!(
                string_attr(s, attr::SYSTEM).as_deref(),
                Some("nats"),
                "{}",
                s.name
            );
            assert_eq!(
                string_attr(s, attr::DESTINATION).as_deref(),
                Some("orders.filled.NSE"),
                "{}",
                s.name
            );
        }
        for s in [publish, first, dead, replayed, second] {
            assert_eq!(
                string_attr(s, attr::MESSAGE_ID).as_deref(),
                Some(event.event_id.as_str()),
                "{}",
                s.name
            );
            assert_eq!(
                string_attr(s, attr::CONVERSATION_ID).as_deref(),
                Some("corr-9"),
                "{}",
                s.name
            );
        }
        for s in [first, second, dead] {
            assert_eq!(
                string_attr(s, attr::CONSUMER_GROUP).as_deref(),
                Some("auditor"),
                "{}",
                s.name
            );
        }
        // The current context at the end is untouched by what ran inside the spans.
        assert!(!opentelemetry::Context::current().has_active_span());
    });
}

/// `evt publish --file` inside a traced service (or a script run under a trace): each event
/// of the batch gets a PRODUCER span that is a child of the caller's span, although the
/// events are prepared on the reader thread, and each stored message's `traceparent` names
/// its own span.
#[test]
fn a_batch_published_inside_a_span_gives_each_event_a_child_span_its_message_names() {
    use evt::publisher::batch::{publish_stream, spawn_reader, BatchOptions, Preparer};
    use evt::publisher::input::InputReader;
    use opentelemetry::trace::{SpanContext, SpanId, TraceFlags, TraceState};

    rt().block_on(async {
        let rec = recorder();
        let trace = TraceId::from_hex("0ba7c40ba7c40ba7c40ba7c40ba7c401").unwrap();
        rec.traces.0.lock().unwrap().push(trace);
        let caller = SpanId::from_hex("c0ffee0000000001").unwrap();
        let caller_cx = opentelemetry::Context::new().with_remote_span_context(SpanContext::new(
            trace,
            caller,
            TraceFlags::SAMPLED,
            true,
            TraceState::default(),
        ));

        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let publisher = Publisher::new(&f.bus, (*f.factory).clone(), PublishOptions::default());
        let ndjson: String = (0..3)
            .map(|i| format!("{}\n", order(&format!("B-{i}"), 1 + i)))
            .collect();
        let preparer = Preparer {
            factory: (*f.factory).clone(),
            defaults: Defaults {
                source: "test".into(),
                correlation_id: None,
            },
            encode: EncodeOptions::default(),
            fresh_traceparent: true,
            max_payload: Some(f.bus.max_payload()),
            subject: "orders.batch.NSE".into(),
        };
        let items = {
            let _in_span = caller_cx.attach();
            let input = InputReader::new(std::io::Cursor::new(ndjson.into_bytes())).unwrap();
            spawn_reader(input, preparer, 256, 1)
        };
        let summary = publish_stream(
            &publisher,
            "orders.batch.NSE",
            items,
            BatchOptions::default(),
            std::future::pending::<()>(),
            |_| {},
        )
        .await;
        assert_eq!(summary.published, 3, "{summary:?}");

        let spans = spans_of(trace);
        assert_eq!(spans.len(), 3, "one span per event: {spans:?}");
        let stream = f.js.get_stream("ORDERS").await.unwrap();
        for s in &spans {
            assert_eq!(s.span_kind, SpanKind::Producer);
            assert_eq!(s.name, "publish orders.batch.NSE");
            assert_eq!(s.parent_span_id, caller, "a child of the caller's span");
            assert_eq!(
                string_attr(s, attr::DESTINATION).as_deref(),
                Some("orders.batch.NSE")
            );
        }
        for seq in 1..=3 {
            let msg = stream.get_raw_message(seq).await.unwrap();
            let tp = msg.headers.get("traceparent").unwrap().as_str().to_string();
            let sc = evt::trace::parse_traceparent(&tp).unwrap();
            assert_eq!(
                sc.trace_id(),
                trace,
                "message {seq} joins the caller's trace"
            );
            let body: serde_json::Value = serde_json::from_slice(&msg.payload).unwrap();
            let span = spans
                .iter()
                .find(|s| s.span_context.span_id() == sc.span_id())
                .unwrap_or_else(|| panic!("message {seq}'s traceparent {tp} names no span"));
            assert_eq!(
                string_attr(span, attr::MESSAGE_ID).as_deref(),
                body["event_id"].as_str(),
                "message {seq}"
            );
        }
    });
}

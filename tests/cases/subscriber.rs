//! The SubscriberManager against real servers: acks, retries, dead letters with their full
//! context (fatal, decode, wrong type, retries exhausted, max_deliver through the advisory
//! mover), graceful stop, per-subject order, WorkQueue/Interest sources, and the start-up
//! failures a developer meets first.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, stream::RetentionPolicy};
use async_nats::HeaderMap;
use bytes::Bytes;
use evt::codec::{Defaults, EncodeOptions, EventFactory};
use evt::dlq::{DeadLetter, Reason};
use evt::event::{Event, MarketDataEvent, TradingEvent};
use evt::schema::SchemaRegistry;
use evt::subscriber::{on, Delivery, HandlerError, SubscriberError, SubscriberManager};
use futures::StreamExt;
use serde_json::json;

use crate::support::{bus, rt, NatsServer};

pub(crate) struct Fixture {
    /// Kept alive for the test's duration (killed on drop).
    #[allow(dead_code)]
    pub server: NatsServer,
    pub bus: evt::bus::Bus,
    pub js: jetstream::Context,
    pub factory: Arc<EventFactory>,
}

pub(crate) fn factory() -> Arc<EventFactory> {
    Arc::new(EventFactory::new(Arc::new(
        SchemaRegistry::builtin().unwrap(),
    )))
}

/// A server with source stream `ORDERS` (`orders.>`, given retention), `DLQ` (`dlq.>`, 2 min
/// duplicate window) and `DLQ_ADVISORIES` capturing MAX_DELIVERIES advisories — the wiring
/// the stream manager declares from YAML.
pub(crate) async fn fixture(server: NatsServer, retention: RetentionPolicy) -> Fixture {
    let bus = bus(&server.url()).await;
    let js = bus.jetstream().clone();
    create_streams(&js, retention).await;
    Fixture {
        server,
        bus,
        js,
        factory: factory(),
    }
}

pub(crate) async fn create_streams(js: &jetstream::Context, retention: RetentionPolicy) {
    js.create_stream(jetstream::stream::Config {
        name: "ORDERS".into(),
        subjects: vec!["orders.>".into()],
        retention,
        ..Default::default()
    })
    .await
    .unwrap();
    js.create_stream(jetstream::stream::Config {
        name: "DLQ".into(),
        subjects: vec!["dlq.>".into()],
        duplicate_window: Duration::from_secs(120),
        ..Default::default()
    })
    .await
    .unwrap();
    js.create_stream(jetstream::stream::Config {
        name: "DLQ_ADVISORIES".into(),
        subjects: vec!["$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>".into()],
        retention: RetentionPolicy::WorkQueue,
        ..Default::default()
    })
    .await
    .unwrap();
}

pub(crate) fn order(id: &str, qty: i64) -> serde_json::Value {
    json!({"event_type": "ORDER_FILLED", "strategy_name": "alpha", "order_id": id,
           "instrument_token": 738561, "side": "BUY", "quantity": qty, "price": 2501.4,
           "status": "COMPLETE", "order_type": "LIMIT"})
}

pub(crate) fn tick(token: u64, price: f64) -> serde_json::Value {
    json!({"event_type": "MARKET_TICK", "instrument_token": token, "exchange": "NSE",
           "last_price": price, "volume": 100})
}

/// Encode and publish an event, returning its stream sequence and wire form.
pub(crate) async fn publish_event(
    f: &Fixture,
    subject: &str,
    body: serde_json::Value,
    traceparent: Option<&str>,
) -> (u64, HeaderMap, Bytes) {
    let ev = f
        .factory
        .prepare(
            body,
            &Defaults {
                source: "test".into(),
                correlation_id: None,
            },
        )
        .unwrap();
    let enc = f
        .factory
        .encode(
            &ev,
            &EncodeOptions {
                traceparent: traceparent.map(str::to_string),
                ..Default::default()
            },
        )
        .unwrap();
    let seq = publish_raw(f, subject, enc.headers.clone(), enc.payload.clone()).await;
    (seq, enc.headers, enc.payload)
}

pub(crate) async fn publish_raw(f: &Fixture, subject: &str, h: HeaderMap, p: Bytes) -> u64 {
    f.js.publish_with_headers(subject.to_string(), h, p)
        .await
        .unwrap()
        .await
        .unwrap()
        .sequence
}

/// Poll `cond` every 20 ms until it holds, or panic with `what` after `timeout`.
pub(crate) async fn eventually(timeout: Duration, what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + timeout;
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The dead letters in `DLQ`, in order, waiting until there are `n`.
pub(crate) async fn dead_letters(js: &jetstream::Context, n: u64) -> Vec<(String, DeadLetter)> {
    let mut dlq = js.get_stream("DLQ").await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let info = dlq.info().await.unwrap();
        if info.state.messages >= n {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "DLQ holds {} dead letters, expected {n}",
            info.state.messages
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let first = dlq.info().await.unwrap().state.first_sequence;
    let mut out = Vec::new();
    let mut seq = first;
    while out.len() < n as usize {
        if let Ok(m) = dlq.get_raw_message(seq).await {
            out.push((
                m.subject.to_string(),
                DeadLetter::from_message(&m.headers, m.payload).unwrap(),
            ));
        }
        seq += 1;
    }
    out
}

async fn stream_messages(js: &jetstream::Context, name: &str) -> u64 {
    js.get_stream(name)
        .await
        .unwrap()
        .info()
        .await
        .unwrap()
        .state
        .messages
}

async fn consumer_info(js: &jetstream::Context, durable: &str) -> jetstream::consumer::Info {
    js.get_stream("ORDERS")
        .await
        .unwrap()
        .consumer_info(durable)
        .await
        .unwrap()
}

#[test]
fn success_acks_every_event_and_nothing_is_left_pending() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s2 = seen.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>").durable("auditor").concurrency(4),
            move |e: TradingEvent| {
                let seen = s2.clone();
                async move {
                    seen.lock()
                        .unwrap()
                        .push(e.order_id.clone().unwrap_or_default());
                    Ok(())
                }
            },
        );
        m.start().await.unwrap();
        for i in 0..20 {
            publish_event(&f, "orders.filled", order(&format!("O-{i}"), 10), None).await;
        }
        eventually(Duration::from_secs(10), "20 acks", || {
            m.stats().handlers[0].acked == 20
        })
        .await;
        let report = m.stop().await;
        assert_eq!(report.abandoned, 0);
        let h = &report.stats.handlers[0];
        assert_eq!((h.received, h.retried, h.dead_lettered), (20, 0, 0));
        assert_eq!(h.stream, "ORDERS");
        let mut ids = seen.lock().unwrap().clone();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 20);
        let ci = consumer_info(&f.js, "auditor").await;
        assert_eq!((ci.num_ack_pending, ci.num_pending), (0, 0));
        assert_eq!(stream_messages(&f.js, "DLQ").await, 0);
    });
}

#[test]
fn retry_then_success_naks_with_the_backoff_delay() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let deliveries = Arc::new(Mutex::new(Vec::new()));
        let d2 = deliveries.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>")
                .durable("auditor")
                .max_deliver(3)
                .backoff([Duration::from_millis(600)]),
            move |_e: TradingEvent, d: Delivery| {
                let log = d2.clone();
                async move {
                    log.lock().unwrap().push((d.delivered, Instant::now()));
                    if d.delivered == 1 {
                        Err(HandlerError::retry("broker busy"))
                    } else {
                        Ok(())
                    }
                }
            },
        );
        m.start().await.unwrap();
        publish_event(&f, "orders.filled", order("O-1", 1), None).await;
        eventually(Duration::from_secs(10), "ack after retry", || {
            m.stats().handlers[0].acked == 1
        })
        .await;
        let report = m.stop().await;
        let h = &report.stats.handlers[0];
        assert_eq!((h.retried, h.acked, h.dead_lettered), (1, 1, 0));
        let log = deliveries.lock().unwrap().clone();
        assert_eq!(log.iter().map(|d| d.0).collect::<Vec<_>>(), vec![1, 2]);
        let waited = log[1].1 - log[0].1;
        assert!(
            waited >= Duration::from_millis(500),
            "redelivered after {waited:?}, backoff is 600ms"
        );
        assert_eq!(stream_messages(&f.js, "DLQ").await, 0);
    });
}

/// Regression: the manager used to raise every backoff step to ack_wait on the server, so its
/// consumers never matched the spec. Now the backoff is sent as declared (the first step is
/// the server's ack wait) and a handler that runs longer is kept alive with in-progress acks:
/// it is delivered once, not again while it runs.
#[test]
fn a_handler_slower_than_the_first_backoff_step_is_not_redelivered_while_it_runs() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let calls = Arc::new(AtomicU64::new(0));
        let c2 = calls.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>")
                .durable("slow")
                .max_deliver(3)
                .backoff([Duration::from_millis(300), Duration::from_millis(300)]),
            move |_e: TradingEvent| {
                let calls = c2.clone();
                async move {
                    calls.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(1500)).await;
                    Ok::<(), HandlerError>(())
                }
            },
        );
        m.start().await.unwrap();
        let ci = consumer_info(&f.js, "slow").await;
        assert_eq!(ci.config.backoff, vec![Duration::from_millis(300); 2]);
        assert_eq!(ci.config.ack_wait, Duration::from_millis(300));
        publish_event(&f, "orders.filled", order("O-1", 1), None).await;
        eventually(Duration::from_secs(10), "the slow handler's ack", || {
            m.stats().handlers[0].acked == 1
        })
        .await;
        // Past the point where a redelivery of an unprotected message would have arrived.
        tokio::time::sleep(Duration::from_millis(600)).await;
        let report = m.stop().await;
        assert_eq!(calls.load(Ordering::SeqCst), 1, "redelivered while running");
        assert_eq!(report.stats.handlers[0].received, 1);
        let ci = consumer_info(&f.js, "slow").await;
        assert_eq!((ci.num_pending, ci.num_ack_pending), (0, 0));
    });
}

#[test]
fn fatal_goes_to_the_dlq_with_every_context_field_and_the_original_bytes() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>").durable("auditor"),
            |e: TradingEvent| async move {
                Err(HandlerError::fatal(format!(
                    "quantity {} does not match the fill",
                    e.quantity.unwrap_or_default()
                )))
            },
        );
        m.start().await.unwrap();
        let before = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
        let tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        let (seq, headers, payload) =
            publish_event(&f, "orders.filled.NSE", order("O-7", 25), Some(tp)).await;
        let dls = dead_letters(&f.js, 1).await;
        let (subject, dl) = &dls[0];
        assert_eq!(subject, "dlq.ORDERS.auditor");
        assert_eq!(dl.reason, Reason::Fatal);
        assert_eq!(dl.original_subject, "orders.filled.NSE");
        assert_eq!(dl.stream, "ORDERS");
        assert_eq!(dl.stream_seq, seq);
        assert_eq!(dl.consumer, "auditor");
        assert_eq!(dl.deliveries, 1);
        assert_eq!(dl.error, "quantity 25 does not match the fill");
        assert!(dl.failed_at >= before && dl.failed_at <= time::OffsetDateTime::now_utc());
        assert_eq!(dl.payload, payload, "payload must be byte for byte");
        for (name, values) in headers.iter() {
            let name: &str = name.as_ref();
            if name == "Nats-Msg-Id" {
                continue;
            }
            let got: Vec<&str> = dl.headers.get_all(name).map(|v| v.as_str()).collect();
            let want: Vec<&str> = values.iter().map(|v| v.as_str()).collect();
            assert_eq!(got, want, "header {name}");
        }
        assert_eq!(
            dl.original_msg_id.as_deref(),
            headers.get("Nats-Msg-Id").map(|v| v.as_str())
        );
        assert_eq!(dl.headers.get("traceparent").map(|v| v.as_str()), Some(tp));
        // Terminated: no redelivery, nothing pending.
        eventually(Duration::from_secs(5), "terminated original", || {
            m.stats().handlers[0].dead_lettered == 1
        })
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let ci = consumer_info(&f.js, "auditor").await;
        assert_eq!((ci.num_ack_pending, ci.num_redelivered), (0, 0));
        assert_eq!(m.stop().await.stats.handlers[0].received, 1);
    });
}

#[test]
fn undecodable_message_is_a_decode_dead_letter() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let calls = Arc::new(AtomicU64::new(0));
        let c2 = calls.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>").durable("auditor"),
            move |_e: Event| {
                c2.fetch_add(1, Ordering::SeqCst);
                async { Ok(()) }
            },
        );
        m.start().await.unwrap();
        let mut h = HeaderMap::new();
        h.insert("compressed", "false");
        let seq = publish_raw(&f, "orders.x", h, Bytes::from_static(b"{not json")).await;
        let dls = dead_letters(&f.js, 1).await;
        let dl = &dls[0].1;
        assert_eq!(dl.reason, Reason::Decode);
        assert_eq!(dl.stream_seq, seq);
        assert_eq!(dl.payload, Bytes::from_static(b"{not json"));
        assert!(
            dl.error.contains("orders.x"),
            "error names the subject: {}",
            dl.error
        );
        let report = m.stop().await;
        assert_eq!(report.stats.handlers[0].decode_failures, 1);
        assert_eq!(calls.load(Ordering::SeqCst), 0, "handler must not see it");
    });
}

#[test]
fn wrong_typed_handler_gets_a_decode_dead_letter_not_a_panic() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>").durable("ticks-only"),
            |_t: MarketDataEvent| async { Ok(()) },
        );
        m.start().await.unwrap();
        publish_event(&f, "orders.filled", order("O-1", 1), None).await;
        let (seq2, _, _) = publish_event(&f, "orders.tick", tick(256265, 100.5), None).await;
        let dls = dead_letters(&f.js, 1).await;
        let dl = &dls[0].1;
        assert_eq!(dl.reason, Reason::Decode);
        assert!(
            dl.error.contains("ORDER_FILLED") && dl.error.contains("MARKET_TICK"),
            "{}",
            dl.error
        );
        eventually(Duration::from_secs(5), "tick acked", || {
            m.stats().handlers[0].acked == 1
        })
        .await;
        let report = m.stop().await;
        assert_eq!(report.stats.handlers[0].dead_lettered, 1);
        assert_eq!(
            consumer_info(&f.js, "ticks-only")
                .await
                .ack_floor
                .stream_sequence,
            seq2
        );
    });
}

#[test]
fn retry_on_the_last_delivery_is_dead_lettered_as_retries_exhausted() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>")
                .durable("auditor")
                .max_deliver(2)
                .backoff([Duration::from_millis(100)]),
            |_e: TradingEvent| async { Err(HandlerError::retry("downstream 503")) },
        );
        m.start().await.unwrap();
        publish_event(&f, "orders.filled", order("O-1", 1), None).await;
        let dls = dead_letters(&f.js, 1).await;
        let dl = &dls[0].1;
        assert_eq!(dl.reason, Reason::RetriesExhausted);
        assert_eq!(dl.deliveries, 2);
        assert!(dl.error.contains("downstream 503"), "{}", dl.error);
        let report = m.stop().await;
        assert_eq!(report.stats.handlers[0].retried, 1);
    });
}

/// A manager whose handler (durable `hangs`, 500 ms ack wait, max_deliver 2) never answers.
fn hangs(f: &Fixture) -> SubscriberManager {
    SubscriberManager::new(f.bus.clone(), f.factory.clone())
        .stop_timeout(Duration::from_millis(200))
        .handle(
            on("orders.>")
                .durable("hangs")
                .ack_wait(Duration::from_millis(500))
                .max_deliver(2)
                .backoff([])
                .concurrency(4),
            |_e: TradingEvent| async {
                futures::future::pending::<()>().await;
                Ok(())
            },
        )
}

/// A handler that never answers: the server redelivers until max_deliver, announces it, the
/// advisory is captured, and the mover turns it into a dead letter.
fn max_deliver_exhaustion_reaches_the_dlq_through_the_advisory(retention: RetentionPolicy) {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), retention).await;
        let mut m = hangs(&f);
        m.start().await.unwrap();
        let (seq, headers, payload) =
            publish_event(&f, "orders.filled", order("O-9", 3), None).await;
        let dls = dead_letters(&f.js, 1).await;
        let dl = &dls[0].1;
        assert_eq!(dl.reason, Reason::MaxDeliveries);
        assert_eq!(
            (dl.stream.as_str(), dl.stream_seq, dl.consumer.as_str()),
            ("ORDERS", seq, "hangs")
        );
        assert_eq!(dl.deliveries, 2);
        assert_eq!(dl.original_subject, "orders.filled");
        assert_eq!(dl.payload, payload);
        assert_eq!(
            dl.headers.get("event-id").map(|v| v.as_str()),
            headers.get("event-id").map(|v| v.as_str())
        );
        eventually(Duration::from_secs(5), "advisory acked", || {
            m.stats().moved == 1
        })
        .await;
        let report = m.stop().await;
        assert_eq!(report.stats.moved, 1);
        assert!(
            report.abandoned > 0,
            "the hung handler is reported as abandoned"
        );
        assert_eq!(
            report.stats.handlers[0].in_flight, 0,
            "a cancelled handler call leaves the in-flight gauge"
        );
        assert_eq!(stream_messages(&f.js, "DLQ_ADVISORIES").await, 0);
        let left = stream_messages(&f.js, "ORDERS").await;
        match retention {
            RetentionPolicy::Limits => assert_eq!(left, 1, "Limits keeps the original"),
            _ => assert_eq!(left, 0, "the mover deletes the original from {retention:?}"),
        }
    });
}

#[test]
fn max_deliver_exhaustion_with_a_silent_handler_reaches_the_dlq_limits() {
    max_deliver_exhaustion_reaches_the_dlq_through_the_advisory(RetentionPolicy::Limits);
}

#[test]
fn max_deliver_exhaustion_with_a_silent_handler_reaches_the_dlq_workqueue() {
    max_deliver_exhaustion_reaches_the_dlq_through_the_advisory(RetentionPolicy::WorkQueue);
}

#[test]
fn max_deliver_exhaustion_with_a_silent_handler_reaches_the_dlq_interest_sole_reader() {
    max_deliver_exhaustion_reaches_the_dlq_through_the_advisory(RetentionPolicy::Interest);
}

/// On an Interest stream read by two durables, one handler exhausting max_deliver must not
/// take the event from the other: the mover stores the dead letter and keeps the original,
/// which the second durable then reads and acks.
#[test]
fn max_deliver_exhaustion_on_an_interest_stream_leaves_the_event_to_its_other_reader() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Interest).await;
        let orders = f.js.get_stream("ORDERS").await.unwrap();
        // The other reader exists before the event, so the stream keeps it for it.
        let auditor = orders
            .create_consumer(jetstream::consumer::pull::Config {
                durable_name: Some("auditor".into()),
                ack_policy: jetstream::consumer::AckPolicy::Explicit,
                ..Default::default()
            })
            .await
            .unwrap();
        let mut m = hangs(&f);
        m.start().await.unwrap();
        let (seq, _, payload) = publish_event(&f, "orders.filled", order("O-10", 3), None).await;
        let dls = dead_letters(&f.js, 1).await;
        assert_eq!(
            (dls[0].1.stream_seq, dls[0].1.reason),
            (seq, Reason::MaxDeliveries)
        );
        eventually(Duration::from_secs(5), "advisory handled", || {
            m.stats().moved == 1
        })
        .await;
        m.stop().await;
        assert_eq!(
            stream_messages(&f.js, "ORDERS").await,
            1,
            "the original is kept for the consumer that has not read it"
        );
        let mut batch = auditor.fetch().max_messages(1).messages().await.unwrap();
        let msg = tokio::time::timeout(Duration::from_secs(5), batch.next())
            .await
            .expect("the other reader gets the event")
            .expect("a message")
            .unwrap();
        assert_eq!(msg.payload, payload);
        assert_eq!(msg.info().unwrap().stream_sequence, seq);
        msg.ack().await.unwrap();
    });
}

/// On WorkQueue and Interest streams `Term` deletes the message: the dead letter must be
/// stored first, and the original must be gone afterwards (not lingering, not redelivered).
fn fatal_on_a_deleting_source(retention: RetentionPolicy) {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), retention).await;
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>").durable("auditor"),
            |e: TradingEvent| async move {
                if e.order_id.as_deref() == Some("BAD") {
                    Err(HandlerError::fatal("poison"))
                } else {
                    Ok(())
                }
            },
        );
        m.start().await.unwrap();
        let (_, _, bad) = publish_event(&f, "orders.filled", order("BAD", 1), None).await;
        publish_event(&f, "orders.filled", order("GOOD", 1), None).await;
        let dls = dead_letters(&f.js, 1).await;
        assert_eq!(dls[0].1.payload, bad);
        eventually(Duration::from_secs(5), "both settled", || {
            let h = &m.stats().handlers[0];
            h.acked == 1 && h.dead_lettered == 1
        })
        .await;
        m.stop().await;
        let deadline = Instant::now() + Duration::from_secs(5);
        while stream_messages(&f.js, "ORDERS").await != 0 {
            assert!(
                Instant::now() < deadline,
                "{retention:?} source still holds messages"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
}

#[test]
fn workqueue_source_dead_letters_before_the_original_is_removed() {
    fatal_on_a_deleting_source(RetentionPolicy::WorkQueue);
}

#[test]
fn interest_source_dead_letters_before_the_original_is_removed() {
    fatal_on_a_deleting_source(RetentionPolicy::Interest);
}

/// A dead letter on the message's last delivery, while the DLQ is briefly away: a nak there
/// would end the message on the server, and with no mover running nothing would store it.
/// The manager keeps the original (progress acks) and retries the store until the DLQ is back.
#[test]
fn a_dlq_outage_on_the_last_delivery_is_waited_out_not_lost() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::WorkQueue).await;
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone())
            .without_mover()
            .handle(
                on("orders.>")
                    .durable("auditor")
                    .ack_wait(Duration::from_secs(1))
                    .max_deliver(1)
                    .backoff([]),
                |_e: TradingEvent| async { Err(HandlerError::fatal("poison")) },
            );
        m.start().await.unwrap();
        f.js.delete_stream("DLQ").await.unwrap();
        let (seq, _, payload) = publish_event(&f, "orders.filled", order("O-2", 1), None).await;
        // Longer than the ack wait: the original is held meanwhile, not redelivered or dropped.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(stream_messages(&f.js, "ORDERS").await, 1);
        f.js.create_stream(jetstream::stream::Config {
            name: "DLQ".into(),
            subjects: vec!["dlq.>".into()],
            duplicate_window: Duration::from_secs(120),
            ..Default::default()
        })
        .await
        .unwrap();
        let dls = dead_letters(&f.js, 1).await;
        let dl = &dls[0].1;
        assert_eq!((dl.stream_seq, dl.reason), (seq, Reason::Fatal));
        assert_eq!(dl.payload, payload);
        eventually(Duration::from_secs(5), "original terminated", || {
            m.stats().handlers[0].dead_lettered == 1
        })
        .await;
        let report = m.stop().await;
        assert_eq!(report.stats.handlers[0].dlq_publish_failures, 0);
        assert_eq!(stream_messages(&f.js, "ORDERS").await, 0);
        assert_eq!(stream_messages(&f.js, "DLQ").await, 1, "stored once");
    });
}

#[test]
fn dlq_outage_naks_the_original_and_the_retry_stores_it_once_back() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::WorkQueue).await;
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>")
                .durable("auditor")
                .max_deliver(10)
                .backoff([Duration::from_millis(300)]),
            |_e: TradingEvent| async { Err(HandlerError::fatal("poison")) },
        );
        m.start().await.unwrap();
        // The DLQ goes away after start: the dead letter cannot be stored.
        f.js.delete_stream("DLQ").await.unwrap();
        publish_event(&f, "orders.filled", order("O-1", 1), None).await;
        eventually(Duration::from_secs(10), "a failed DLQ publish", || {
            m.stats().handlers[0].dlq_publish_failures >= 1
        })
        .await;
        assert_eq!(
            stream_messages(&f.js, "ORDERS").await,
            1,
            "original must not be terminated"
        );
        f.js.create_stream(jetstream::stream::Config {
            name: "DLQ".into(),
            subjects: vec!["dlq.>".into()],
            duplicate_window: Duration::from_secs(120),
            ..Default::default()
        })
        .await
        .unwrap();
        let dls = dead_letters(&f.js, 1).await;
        assert!(dls[0].1.deliveries >= 2);
        eventually(Duration::from_secs(5), "original removed", || {
            m.stats().handlers[0].dead_lettered == 1
        })
        .await;
        m.stop().await;
        assert_eq!(stream_messages(&f.js, "ORDERS").await, 0);
        assert_eq!(stream_messages(&f.js, "DLQ").await, 1);
    });
}

/// A short first ack wait (the default backoff starts at 1 s) and a slow handler: events
/// pulled ahead wait longer than the ack wait before they start. Their waits are renewed while
/// they wait, so the server does not redeliver them and none is handled twice.
#[test]
fn events_waiting_behind_a_slow_handler_are_not_redelivered_and_handled_twice() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let seen = Arc::new(Mutex::new(HashMap::<String, u32>::new()));
        let s = seen.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>")
                .durable("slow")
                .backoff([Duration::from_secs(1), Duration::from_secs(5)])
                .max_deliver(5)
                .concurrency(1)
                .prefetch(16),
            move |e: TradingEvent| {
                let s = s.clone();
                async move {
                    let id = e.order_id.unwrap_or_default();
                    *s.lock().unwrap().entry(id).or_default() += 1;
                    tokio::time::sleep(Duration::from_millis(150)).await;
                    Ok(())
                }
            },
        );
        m.start().await.unwrap();
        let n = 15;
        for i in 0..n {
            publish_event(&f, "orders.filled", order(&format!("W-{i}"), 1), None).await;
        }
        // 15 × 150 ms: the last events wait more than twice the 1 s ack wait.
        eventually(Duration::from_secs(20), "every event acked", || {
            m.stats().handlers[0].acked >= n
        })
        .await;
        // A redelivery would come within the next ack wait.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let report = m.stop().await;
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.len() as u64, n, "every event handled");
        let twice: Vec<_> = seen.iter().filter(|(_, c)| **c > 1).collect();
        assert!(twice.is_empty(), "handled more than once: {twice:?}");
        let h = &report.stats.handlers[0];
        assert_eq!(
            (h.acked, h.received),
            (n, n),
            "no redelivery reached the handler"
        );
    });
}

/// Events already pulled when a stop begins are released (nak'ed) for another instance, but
/// not on their last delivery: a nak there would end them on the server and the mover would
/// dead-letter events no handler had tried. Those are handled before the stop ends.
#[test]
fn stop_handles_buffered_events_on_their_last_delivery_instead_of_releasing_them() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let seen = Arc::new(AtomicU64::new(0));
        let s = seen.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone())
            .stop_timeout(Duration::from_secs(10))
            .handle(
                on("orders.>")
                    .durable("last")
                    .max_deliver(1)
                    .backoff([])
                    .concurrency(1),
                move |_e: TradingEvent| {
                    let s = s.clone();
                    async move {
                        s.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        Ok(())
                    }
                },
            );
        m.start().await.unwrap();
        for i in 0..4 {
            publish_event(&f, "orders.filled", order(&format!("L-{i}"), 1), None).await;
        }
        eventually(Duration::from_secs(5), "the first event started", || {
            seen.load(Ordering::SeqCst) >= 1
        })
        .await;
        // All four delivered to this process (none left on the server) before the stop.
        let deadline = Instant::now() + Duration::from_secs(5);
        while consumer_info(&f.js, "last").await.num_ack_pending < 4 {
            assert!(Instant::now() < deadline, "events not delivered");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let report = m.stop().await;
        let h = &report.stats.handlers[0];
        assert_eq!(
            seen.load(Ordering::SeqCst),
            4,
            "every pulled event was handled"
        );
        assert_eq!((h.acked, h.released, report.abandoned), (4, 0, 0));
        assert_eq!(stream_messages(&f.js, "DLQ").await, 0);
        assert_eq!(consumer_info(&f.js, "last").await.num_ack_pending, 0);
    });
}

#[test]
fn stop_lets_in_flight_handlers_finish_and_acks_them() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let done = Arc::new(AtomicU64::new(0));
        let d2 = done.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>")
                .durable("slow")
                .concurrency(3)
                .prefetch(3)
                // Messages still in transit when the first manager stopped come back
                // after ack_wait; keep it short so the test does not wait 30 s for them.
                .ack_wait(Duration::from_secs(2)),
            move |_e: TradingEvent| {
                let done = d2.clone();
                async move {
                    tokio::time::sleep(Duration::from_millis(800)).await;
                    done.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                }
            },
        );
        m.start().await.unwrap();
        for i in 0..6 {
            publish_event(&f, "orders.filled", order(&format!("O-{i}"), 1), None).await;
        }
        eventually(Duration::from_secs(5), "3 in flight", || {
            m.stats().handlers[0].in_flight == 3
        })
        .await;
        let report = m.stop().await;
        assert_eq!(report.abandoned, 0);
        let h = &report.stats.handlers[0];
        assert_eq!(h.acked, done.load(Ordering::SeqCst));
        assert!(h.acked >= 3, "in-flight work finished: {h:?}");
        assert_eq!(h.in_flight, 0);
        // The acks reached the server before stop returned.
        let ci = consumer_info(&f.js, "slow").await;
        assert!(ci.ack_floor.stream_sequence >= 3, "{:?}", ci.ack_floor);
        // A restarted manager finishes the rest: nothing was lost.
        let mut m2 = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>")
                .durable("slow")
                .concurrency(3)
                .prefetch(3)
                // Messages still in transit when the first manager stopped come back
                // after ack_wait; keep it short so the test does not wait 30 s for them.
                .ack_wait(Duration::from_secs(2)),
            |_e: TradingEvent| async { Ok(()) },
        );
        m2.start().await.unwrap();
        let first = h.acked;
        eventually(Duration::from_secs(15), "the rest acked", || {
            m2.stats().handlers[0].acked >= 6 - first
        })
        .await;
        m2.stop().await;
        let ci = consumer_info(&f.js, "slow").await;
        assert_eq!((ci.num_pending, ci.num_ack_pending), (0, 0));
    });
}

#[test]
fn per_subject_order_is_kept_under_concurrency() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let seen: Arc<Mutex<HashMap<u64, Vec<f64>>>> = Arc::default();
        let s2 = seen.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>")
                .durable("ticks")
                .concurrency(4)
                .ordered_by_subject(true),
            move |t: MarketDataEvent| {
                let seen = s2.clone();
                async move {
                    // Uneven work, so an unordered dispatcher would interleave.
                    tokio::time::sleep(Duration::from_millis(fastrand::u64(0..4))).await;
                    seen.lock()
                        .unwrap()
                        .entry(t.instrument_token.unwrap_or_default())
                        .or_default()
                        .push(t.last_price.unwrap_or_default());
                    Ok(())
                }
            },
        );
        for i in 0..40 {
            for token in 1..=5u64 {
                publish_event(
                    &f,
                    &format!("orders.tick.{token}"),
                    tick(token, i as f64),
                    None,
                )
                .await;
            }
        }
        m.start().await.unwrap();
        eventually(Duration::from_secs(20), "200 ticks", || {
            m.stats().handlers[0].acked == 200
        })
        .await;
        m.stop().await;
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 5);
        for (token, prices) in seen.iter() {
            let want: Vec<f64> = (0..40).map(|i| i as f64).collect();
            assert_eq!(prices, &want, "instrument {token} out of order");
        }
    });
}

#[test]
fn conflicting_durable_fails_start_naming_durable_stream_and_field() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>").durable("auditor").max_deliver(5),
            |_e: Event| async { Ok(()) },
        );
        m.start().await.unwrap();
        m.stop().await;
        // Same declaration binds again.
        let mut same = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>").durable("auditor").max_deliver(5),
            |_e: Event| async { Ok(()) },
        );
        same.start().await.unwrap();
        same.stop().await;
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            on("orders.>").durable("auditor").max_deliver(7),
            |_e: Event| async { Ok(()) },
        );
        let err = m.start().await.unwrap_err();
        assert!(
            matches!(err, SubscriberError::ConsumerConflict { .. }),
            "{err:?}"
        );
        let text = err.to_string();
        for part in ["auditor", "ORDERS", "max_deliver", "5", "7"] {
            assert!(text.contains(part), "'{part}' missing from: {text}");
        }
        assert!(!text.contains('\n'));
        assert!(!m.is_running());
        let err = SubscriberManager::new(f.bus.clone(), f.factory.clone())
            .handle(
                on("orders.filled").durable("auditor").max_deliver(5),
                |_e: Event| async { Ok(()) },
            )
            .start()
            .await
            .unwrap_err();
        assert!(err.to_string().contains("filter_subject"), "{err}");
        // deliver_policy and max_ack_pending are compared too when set.
        for (cfg, option) in [
            (
                on("orders.>")
                    .durable("auditor")
                    .deliver_policy(jetstream::consumer::DeliverPolicy::New),
                "deliver_policy",
            ),
            (
                on("orders.>").durable("auditor").max_ack_pending(7),
                "max_ack_pending",
            ),
        ] {
            let err = SubscriberManager::new(f.bus.clone(), f.factory.clone())
                .handle(cfg, |_e: Event| async { Ok(()) })
                .start()
                .await
                .unwrap_err();
            match &err {
                SubscriberError::ConsumerConflict(c) => assert_eq!(c.option, option),
                other => panic!("{other}"),
            }
        }
        // Unset settings are the server's: the durable binds with max_deliver 5 as created.
        let mut by_name = SubscriberManager::new(f.bus.clone(), f.factory.clone()).handle(
            evt::subscriber::bind("ORDERS", "auditor"),
            |_e: Event| async { Ok(()) },
        );
        by_name.start().await.unwrap();
        by_name.stop().await;
    });
}

#[test]
fn missing_stream_or_dlq_wiring_fails_start() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let err = SubscriberManager::new(f.bus.clone(), f.factory.clone())
            .handle(on("nowhere.>").durable("x"), |_e: Event| async { Ok(()) })
            .start()
            .await
            .unwrap_err();
        assert!(
            matches!(err, SubscriberError::NoStreamForSubject { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("nowhere.>"), "{err}");
        let err = SubscriberManager::new(f.bus.clone(), f.factory.clone())
            .handle(
                on("orders.>").durable("x").stream("NOPE"),
                |_e: Event| async { Ok(()) },
            )
            .start()
            .await
            .unwrap_err();
        assert!(
            matches!(err, SubscriberError::StreamMissing { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("NOPE"), "{err}");
        // Binding by name needs the durable to exist: without a subject it cannot be created.
        let err = SubscriberManager::new(f.bus.clone(), f.factory.clone())
            .handle(
                evt::subscriber::bind("ORDERS", "ghost"),
                |_e: Event| async { Ok(()) },
            )
            .start()
            .await
            .unwrap_err();
        assert!(
            matches!(err, SubscriberError::DurableMissing { .. }),
            "{err}"
        );
        assert!(err.to_string().contains("ghost"), "{err}");
        let err = SubscriberManager::new(f.bus.clone(), f.factory.clone())
            .dlq_stream("OTHER_DLQ")
            .handle(on("orders.>").durable("x"), |_e: Event| async { Ok(()) })
            .start()
            .await
            .unwrap_err();
        assert!(
            matches!(err, SubscriberError::DlqNotCaptured { .. }),
            "{err}"
        );
        f.js.delete_stream("DLQ_ADVISORIES").await.unwrap();
        let err = SubscriberManager::new(f.bus.clone(), f.factory.clone())
            .handle(on("orders.>").durable("x"), |_e: Event| async { Ok(()) })
            .start()
            .await
            .unwrap_err();
        assert!(
            matches!(err, SubscriberError::AdvisoryNotCaptured { .. }),
            "{err}"
        );
        // Nothing was created by the failed starts.
        let consumers =
            f.js.get_stream("ORDERS")
                .await
                .unwrap()
                .info()
                .await
                .unwrap()
                .state
                .consumer_count;
        assert_eq!(consumers, 0);
    });
}

/// Regression: `streams apply` stores a consumer's filter_subjects sorted, and the manager
/// refused to bind because it compared them in declaration order. The example service's
/// declarations must bind to exactly what `evt streams apply streams/trading.yaml` creates.
#[test]
fn handlers_bind_to_the_consumers_streams_apply_creates() {
    let server = NatsServer::start();
    let mut c = crate::support::evt(&server);
    c.args(["streams", "apply"])
        .arg(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("streams/trading.yaml"));
    crate::support::run(c).ok();
    rt().block_on(async {
        let b = bus(&server.url()).await;
        let mut manager = SubscriberManager::new(b, factory()).handle(
            on("trading.order.>")
                .also("trading.fill.>")
                .durable("order-auditor")
                .ack_wait(Duration::from_secs(1))
                .backoff([1, 5, 30, 120].map(Duration::from_secs))
                .max_deliver(5),
            |_e: TradingEvent| async { Ok::<(), HandlerError>(()) },
        );
        manager
            .start()
            .await
            .expect("binds to the applied order-auditor");
        manager.stop().await;
    });
}

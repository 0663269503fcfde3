//! Consume benchmark: a do-nothing handler under the SubscriberManager (decode, typed call,
//! explicit ack) against a plain async-nats pull consumer with explicit acks, on the same
//! stream of 100,000 encoded events, in the same run, on a server this bench starts.
//!
//! `cargo bench --bench consume` (env: EVT_BENCH_EVENTS, EVT_BENCH_ROUNDS,
//! EVT_BENCH_CONCURRENCY; NATS_SERVER_BIN for the server binary).

// The allocator the evt binary uses (README, Performance), so both sides of the ratio are
// measured on it. With glibc's malloc, spans allocated on the runtime's threads and freed on
// the span processor's thread serialise on arena locks, a cost of the allocator, not of evt.
#[cfg(all(feature = "cli", not(target_env = "msvc")))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer::pull, consumer::AckPolicy, stream::RetentionPolicy};
use evt::codec::{Defaults, EncodeOptions, EventFactory};
use evt::event::{Event, TradingEvent};
use evt::schema::SchemaRegistry;
use evt::subscriber::{on, HandlerError, SubscriberManager};
use futures::StreamExt;

const BATCH: usize = 500;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn no_op(_e: TradingEvent) -> Result<(), HandlerError> {
    Ok(())
}

async fn no_op_untyped(_e: Event) -> Result<(), HandlerError> {
    Ok(())
}

fn main() {
    let events = env_num("EVT_BENCH_EVENTS", 100_000);
    let rounds = env_num("EVT_BENCH_ROUNDS", 3);
    let concurrency = env_num("EVT_BENCH_CONCURRENCY", 64) as usize;
    let srv = server::NatsServer::start();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        let bus = evt::bus::Bus::connect(&evt::bus::ConnectOptions {
            url: srv.url(),
            ..Default::default()
        })
        .await
        .expect("connect");
        let js = bus.jetstream().clone();
        for (name, subjects, retention) in [
            ("BENCH", "bench.>", RetentionPolicy::Limits),
            ("DLQ", "dlq.>", RetentionPolicy::Limits),
            (
                "DLQ_ADVISORIES",
                "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",
                RetentionPolicy::WorkQueue,
            ),
        ] {
            js.create_stream(jetstream::stream::Config {
                name: name.into(),
                subjects: vec![subjects.into()],
                retention,
                ..Default::default()
            })
            .await
            .expect("create stream");
        }
        let factory = Arc::new(EventFactory::new(Arc::new(
            SchemaRegistry::builtin().expect("schemas"),
        )));
        publish(&js, &factory, events).await;
        eprintln!("published {events} ORDER_FILLED events to BENCH");

        let mut raw_rates = Vec::new();
        let mut evt_rates = Vec::new();
        let mut untyped_rates = Vec::new();
        for round in 0..rounds {
            let r = raw_consume(&js, &format!("raw{round}"), events).await;
            let e = evt_consume(&bus, &factory, &format!("evt{round}"), events, concurrency, true).await;
            let u = evt_consume(&bus, &factory, &format!("evtu{round}"), events, concurrency, false).await;
            eprintln!("round {round}: raw {r:.0}/s, evt typed {e:.0}/s, evt Event {u:.0}/s");
            raw_rates.push(r);
            evt_rates.push(e);
            untyped_rates.push(u);
        }
        let raw = median(&mut raw_rates);
        let evt = median(&mut evt_rates);
        let untyped = median(&mut untyped_rates);
        println!("consume benchmark: {events} events, {rounds} rounds (median), handler does nothing");
        println!("  async-nats pull consumer, explicit acks: {raw:>10.0} events/s");
        println!("  evt SubscriberManager (decode + typed handler + ack, concurrency {concurrency}): {evt:>10.0} events/s");
        println!("  evt SubscriberManager, handler taking the untyped Event:    {untyped:>10.0} events/s");
        println!("  ratio evt (typed) / async-nats: {:.2}", evt / raw);
        println!("  ratio evt (Event) / async-nats: {:.2}", untyped / raw);
    });
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

async fn publish(js: &jetstream::Context, factory: &EventFactory, n: u64) {
    let defaults = Defaults {
        source: "bench".into(),
        correlation_id: None,
    };
    let mut acks = Vec::with_capacity(BATCH);
    for i in 0..n {
        let ev = factory
            .prepare(
                serde_json::json!({"event_type": "ORDER_FILLED", "strategy_name": "alpha",
                    "order_id": format!("O-{i}"), "instrument_token": 738561, "side": "BUY",
                    "quantity": 25, "price": 2501.4, "status": "COMPLETE", "order_type": "LIMIT"}),
                &defaults,
            )
            .expect("prepare");
        let enc = factory
            .encode(&ev, &EncodeOptions::default())
            .expect("encode");
        acks.push(
            js.publish_with_headers("bench.order.filled", enc.headers, enc.payload)
                .await
                .expect("publish"),
        );
        if acks.len() == BATCH {
            for a in acks.drain(..) {
                a.await.expect("ack");
            }
        }
    }
    for a in acks {
        a.await.expect("ack");
    }
}

/// The baseline: a durable pull consumer, one explicit ack per message, nothing else.
async fn raw_consume(js: &jetstream::Context, durable: &str, n: u64) -> f64 {
    let stream = js.get_stream("BENCH").await.expect("stream");
    let consumer: jetstream::consumer::PullConsumer = stream
        .create_consumer(pull::Config {
            durable_name: Some(durable.into()),
            ack_policy: AckPolicy::Explicit,
            max_ack_pending: 10_000,
            ..Default::default()
        })
        .await
        .expect("consumer");
    let start = Instant::now();
    let mut msgs = consumer
        .stream()
        .max_messages_per_batch(BATCH)
        .messages()
        .await
        .expect("messages");
    let mut got = 0;
    while got < n {
        let m = msgs.next().await.expect("stream ended").expect("message");
        m.ack().await.expect("ack");
        got += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// The same through the manager: decode (schema-checked), convert to `TradingEvent` (or hand
/// over the `Event`), call, ack.
async fn evt_consume(
    bus: &evt::bus::Bus,
    factory: &Arc<EventFactory>,
    durable: &str,
    n: u64,
    concurrency: usize,
    typed: bool,
) -> f64 {
    let cfg = on("bench.>")
        .durable(durable)
        .concurrency(concurrency)
        .prefetch(BATCH);
    let m = SubscriberManager::new(bus.clone(), factory.clone());
    let mut m = if typed {
        m.handle(cfg, no_op)
    } else {
        m.handle(cfg, no_op_untyped)
    };
    let start = Instant::now();
    m.start().await.expect("start");
    while m.stats().finished() < n {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    let report = m.stop().await;
    assert_eq!(report.stats.handlers[0].acked, n, "every event acked once");
    rate
}

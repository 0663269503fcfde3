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
#[allow(dead_code)]
mod support;
use support::*;

use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{self, consumer::pull, consumer::AckPolicy, stream::RetentionPolicy};
use evt::codec::{Defaults, EncodeOptions, EventFactory};
use evt::event::{Event, TradingEvent};
use evt::schema::SchemaRegistry;
use evt::subscriber::{on, HandlerError, SubscriberManager};
use futures::StreamExt;

const BATCH: usize = 500;

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

        let (mut raw_p, mut evt_p, mut untyped_p) = (Vec::new(), Vec::new(), Vec::new());
        let mut ratios = Vec::new();
        for round in 0..rounds {
            // Alternate who goes first, so warm-up and drift fall on both sides.
            let (r, e) = if round % 2 == 0 {
                let r = raw_consume(&js, &format!("raw{round}"), events).await;
                let e = evt_consume(&bus, &factory, &format!("evt{round}"), events, concurrency, true).await;
                (r, e)
            } else {
                let e = evt_consume(&bus, &factory, &format!("evt{round}"), events, concurrency, true).await;
                let r = raw_consume(&js, &format!("raw{round}"), events).await;
                (r, e)
            };
            let u = evt_consume(&bus, &factory, &format!("evtu{round}"), events, concurrency, false).await;
            eprintln!(
                "round {round}: raw {:.0}/s {:.1} µs, evt typed {:.0}/s {:.1} µs ({:.2}), evt Event {:.0}/s {:.1} µs",
                r.rate, r.cpu_us, e.rate, e.cpu_us, e.rate / r.rate, u.rate, u.cpu_us
            );
            ratios.push(format!("{:.2}", e.rate / r.rate));
            raw_p.push(r);
            evt_p.push(e);
            untyped_p.push(u);
        }
        let (raw, raw_cpu) = medians(&raw_p);
        let (evt, evt_cpu) = medians(&evt_p);
        let (untyped, untyped_cpu) = medians(&untyped_p);
        println!("consume benchmark: {events} events, {rounds} rounds (median), handler does nothing; CPU = this process's user+sys per event");
        println!("  async-nats pull consumer, explicit acks:  {raw:>10.0} events/s  {raw_cpu:>5.1} µs CPU/event");
        println!("  evt SubscriberManager (decode + typed handler + ack, concurrency {concurrency}): {evt:>10.0} events/s  {evt_cpu:>5.1} µs CPU/event");
        println!("  evt SubscriberManager, handler taking the untyped Event: {untyped:>10.0} events/s  {untyped_cpu:>5.1} µs CPU/event");
        println!(
            "  ratio evt (typed) / async-nats: {:.2} (rounds: {}), CPU/event {:.2}x",
            evt / raw,
            ratios.join(", "),
            evt_cpu / raw_cpu
        );
        println!("  ratio evt (Event) / async-nats: {:.2}, CPU/event {:.2}x", untyped / raw, untyped_cpu / raw_cpu);
    });
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
async fn raw_consume(js: &jetstream::Context, durable: &str, n: u64) -> Phase {
    // Consumer creation is inside the clock on both sides (`start` binds evt's durable).
    let clock = Clock::start();
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
    clock.stop(n)
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
) -> Phase {
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
    let clock = Clock::start();
    m.start().await.expect("start");
    while m.stats().finished() < n {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let phase = clock.stop(n);
    let report = m.stop().await;
    assert_eq!(report.stats.handlers[0].acked, n, "every event acked once");
    phase
}

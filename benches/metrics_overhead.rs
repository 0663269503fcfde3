//! What metrics cost: publish and consume throughput with [`evt::metrics::Metrics`] on,
//! against the same work with them off, alternating in the same run on a server this bench
//! starts. Target: on ≥ 0.95 × off for both.
//!
//! - publish: a batch of prepared ORDER_FILLED events through `publish_stream` (1,024 acks in
//!   flight) into a fresh file-storage stream, by a `Publisher::new` vs
//!   `Publisher::with_metrics` (published, duplicates, ack latency histogram per ack);
//! - consume: a do-nothing typed handler under the SubscriberManager, without vs with
//!   `.metrics(..)` (counters, in-flight gauge, handler-duration histogram per message, and
//!   the lag refresher reading the server every 5 s).
//!
//! `cargo bench --bench metrics_overhead` (env: EVT_BENCH_EVENTS, default 100,000;
//! EVT_BENCH_ROUNDS, default 5; NATS_SERVER_BIN for the server binary). Medians are reported.

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;

use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, stream::StorageType};
use evt::codec::{Defaults, EncodeOptions, EventFactory};
use evt::event::TradingEvent;
use evt::metrics::Metrics;
use evt::publisher::batch::{publish_stream, BatchItem, BatchOptions, Preparer};
use evt::publisher::input::Position;
use evt::publisher::{PublishOptions, Publisher};
use evt::schema::SchemaRegistry;
use evt::subscriber::{on, HandlerError, SubscriberManager};

const SUBJECT: &str = "bench.order.filled";

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn no_op(_e: TradingEvent) -> Result<(), HandlerError> {
    Ok(())
}

fn main() {
    let events = env_num("EVT_BENCH_EVENTS", 100_000);
    let rounds = env_num("EVT_BENCH_ROUNDS", 5).max(1);
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
        // What the manager's max-deliveries mover needs, as in benches/consume.rs.
        for (name, subjects, retention) in [
            ("DLQ", "dlq.>", jetstream::stream::RetentionPolicy::Limits),
            (
                "DLQ_ADVISORIES",
                "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",
                jetstream::stream::RetentionPolicy::WorkQueue,
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
        let factory = EventFactory::new(Arc::new(SchemaRegistry::builtin().expect("schemas")));
        let (mut pub_off, mut pub_on, mut con_off, mut con_on) = (vec![], vec![], vec![], vec![]);
        for round in 0..rounds {
            // Alternate which goes first, so warm-up and drift fall on both sides.
            let order = if round % 2 == 0 {
                [false, true]
            } else {
                [true, false]
            };
            for with_metrics in order {
                let r = publish(&bus, &js, &factory, events, with_metrics).await;
                if with_metrics {
                    pub_on.push(r)
                } else {
                    pub_off.push(r)
                }
            }
            for with_metrics in order {
                let r = consume(
                    &bus,
                    &factory,
                    &format!("c{round}{with_metrics}"),
                    events,
                    with_metrics,
                )
                .await;
                if with_metrics {
                    con_on.push(r)
                } else {
                    con_off.push(r)
                }
            }
            eprintln!(
                "round {round}: publish off {:.0}/s on {:.0}/s; consume off {:.0}/s on {:.0}/s",
                pub_off[round as usize],
                pub_on[round as usize],
                con_off[round as usize],
                con_on[round as usize]
            );
        }
        let (po, pn, co, cn) = (
            median(&mut pub_off),
            median(&mut pub_on),
            median(&mut con_off),
            median(&mut con_on),
        );
        println!(
            "metrics overhead: {events} events, {rounds} rounds (median), same server, same run"
        );
        println!("  publish, metrics off: {po:>10.0} events/s");
        println!(
            "  publish, metrics on:  {pn:>10.0} events/s   ratio on/off {:.3}",
            pn / po
        );
        println!("  consume, metrics off: {co:>10.0} events/s");
        println!(
            "  consume, metrics on:  {cn:>10.0} events/s   ratio on/off {:.3}",
            cn / co
        );
    });
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

/// A fresh stream, `n` prepared events (not timed), then the timed batch.
async fn publish(
    bus: &evt::bus::Bus,
    js: &jetstream::Context,
    factory: &EventFactory,
    n: u64,
    with_metrics: bool,
) -> f64 {
    let _ = js.delete_stream("BENCH").await;
    js.create_stream(jetstream::stream::Config {
        name: "BENCH".into(),
        subjects: vec!["bench.>".into()],
        storage: StorageType::File,
        ..Default::default()
    })
    .await
    .expect("create stream");
    let prep = Preparer {
        factory: factory.clone(),
        defaults: Defaults {
            source: "bench".into(),
            correlation_id: None,
        },
        encode: EncodeOptions::default(),
        fresh_traceparent: true,
        max_payload: Some(bus.max_payload()),
        subject: SUBJECT.into(),
    };
    let items: Vec<BatchItem> = (0..n)
        .map(|i| BatchItem {
            position: Position {
                index: i + 1,
                line: i + 1,
                offset: 0,
            },
            message: prep.prepare(order(i)),
        })
        .collect();
    let metrics = Metrics::new();
    let publisher = if with_metrics {
        Publisher::with_metrics(bus, factory.clone(), PublishOptions::default(), &metrics)
    } else {
        Publisher::new(bus, factory.clone(), PublishOptions::default())
    };
    let start = Instant::now();
    let summary = publish_stream(
        &publisher,
        SUBJECT,
        futures::stream::iter(items),
        BatchOptions::default(),
        std::future::pending::<()>(),
        |_| {},
    )
    .await;
    let rate = n as f64 / start.elapsed().as_secs_f64();
    assert_eq!(summary.published, n, "every event stored once");
    if with_metrics {
        assert!(metrics
            .encode()
            .contains(&format!("evt_published_total{{stream=\"BENCH\"}} {n}")));
    }
    rate
}

fn order(i: u64) -> serde_json::Value {
    serde_json::json!({"event_type": "ORDER_FILLED", "strategy_name": "alpha",
        "order_id": format!("O-{i}"), "instrument_token": 738561, "side": "BUY",
        "quantity": 25, "price": 2501.4, "status": "COMPLETE", "order_type": "LIMIT"})
}

/// Everything in BENCH (the last publish run's `n` events) through a new durable.
async fn consume(
    bus: &evt::bus::Bus,
    factory: &EventFactory,
    durable: &str,
    n: u64,
    with_metrics: bool,
) -> f64 {
    let cfg = on("bench.>").durable(durable).concurrency(64).prefetch(500);
    let mut m = SubscriberManager::new(bus.clone(), Arc::new(factory.clone())).handle(cfg, no_op);
    let metrics = Metrics::new();
    if with_metrics {
        m = m.metrics(metrics.clone());
    }
    let start = Instant::now();
    m.start().await.expect("start");
    while m.stats().finished() < n {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let rate = n as f64 / start.elapsed().as_secs_f64();
    let report = m.stop().await;
    assert_eq!(report.stats.handlers[0].acked, n, "every event acked once");
    if with_metrics {
        let line =
            format!("evt_consume_acked_total{{stream=\"BENCH\",consumer=\"{durable}\"}} {n}");
        assert!(metrics.encode().contains(&line), "{line}");
    }
    rate
}

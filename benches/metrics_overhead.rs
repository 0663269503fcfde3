//! What observability costs: publish and consume throughput with metrics AND tracing on,
//! against the same work with both off, alternating in the same run on a server this bench
//! starts. Target: on ≥ 0.95 × off for both.
//!
//! "Tracing on" is a real SDK tracer provider, installed globally once, sampling every span
//! (always on) into a batch span processor whose exporter counts and discards (OTLP off: the
//! spans are built, ended, queued and handed over in batches, as in production, but nothing
//! goes on the wire). The global provider cannot be uninstalled, so its sampler is a switch:
//! off drops every span (what a service without tracing pays, near enough to the no-op API),
//! on records and samples every one.
//!
//! - publish: ORDER_FILLED NDJSON (built before the clock) read, parsed, validated, given a
//!   PRODUCER span and a `traceparent`, encoded on the reader thread (`spawn_reader`, as
//!   `evt publish --file` does) and published through `publish_stream` (1,024 acks in flight)
//!   into a fresh file-storage stream; off = `Publisher::new`, on = `Publisher::with_metrics`;
//! - consume: a do-nothing typed handler under the SubscriberManager (a CONSUMER span per
//!   message when on), without vs with `.metrics(..)`.
//!
//! CPU per event is this process's user + system time (getrusage) over the timed phase,
//! the span processor's thread included, the nats-server not.
//!
//! `cargo bench --bench metrics_overhead` (env: EVT_BENCH_EVENTS, default 50,000;
//! EVT_BENCH_ROUNDS, default 30; NATS_SERVER_BIN for the server binary). Medians are reported:
//! of the rates, and of the rounds' paired on/off ratios with their interquartile range. One
//! round's ratio swings ±15 % on two shared cores, and five rounds' median still ±5 %, the
//! size of the target: thirty short rounds resolve about ±2 %.
//! `EVT_BENCH_OBS=none` is the control: "on" phases identical to "off", so the ratio shows the
//! bench's own bias and noise (1.01 and 1.03 in one run of 30 rounds).
//! `EVT_BENCH_OBS=metrics` or `=tracing` turns on only that half in the "on" phases, to see
//! which one a gap comes from (default: both, the figure); `EVT_BENCH_SAMPLE=0.1`
//! samples that share of traces while on (default 1: every span, the figure).

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

use std::io::Cursor;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{self, stream::StorageType};
use evt::codec::{Defaults, EncodeOptions, EventFactory};
use evt::event::TradingEvent;
use evt::metrics::Metrics;
use evt::publisher::batch::{publish_stream, spawn_reader, BatchOptions, Preparer};
use evt::publisher::input::InputReader;
use evt::publisher::{PublishOptions, Publisher};
use evt::schema::SchemaRegistry;
use evt::subscriber::{on, HandlerError, SubscriberManager};
use support::otel::Tracing;

const SUBJECT: &str = "bench.order.filled";

async fn no_op(_e: TradingEvent) -> Result<(), HandlerError> {
    Ok(())
}

fn main() {
    let events = env_num("EVT_BENCH_EVENTS", 50_000);
    let rounds = env_num("EVT_BENCH_ROUNDS", 30).max(1);
    let tracing = Tracing::install();
    let only = std::env::var("EVT_BENCH_OBS").unwrap_or_default();
    let (with_metrics, with_tracing) = (
        only != "tracing" && only != "none",
        only != "metrics" && only != "none",
    );
    let srv = server::NatsServer::start();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let t = &tracing;
    rt.block_on(async move {
        let tracing = t;
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
        let ndjson = Arc::new(ndjson(events));
        let (mut pub_off, mut pub_on, mut con_off, mut con_on) = (vec![], vec![], vec![], vec![]);
        for round in 0..rounds {
            // Alternate which goes first, so warm-up and drift fall on both sides.
            let order = if round % 2 == 0 {
                [false, true]
            } else {
                [true, false]
            };
            for obs in order {
                tracing.on.store(obs && with_tracing, Ordering::Relaxed);
                let r = publish(&bus, &js, &factory, &ndjson, events, obs && with_metrics).await;
                check_spans(tracing, obs && with_tracing, events, "publish");
                if obs {
                    pub_on.push(r)
                } else {
                    pub_off.push(r)
                }
            }
            for obs in order {
                tracing.on.store(obs && with_tracing, Ordering::Relaxed);
                let r = consume(&bus, &factory, &format!("c{round}{obs}"), events, obs && with_metrics).await;
                check_spans(tracing, obs && with_tracing, events, "consume");
                if obs {
                    con_on.push(r)
                } else {
                    con_off.push(r)
                }
            }
            tracing.on.store(false, Ordering::Relaxed);
            let i = round as usize;
            eprintln!(
                "round {round}: publish off {:.0}/s on {:.0}/s ({:.2}); consume off {:.0}/s on {:.0}/s ({:.2})",
                pub_off[i].rate,
                pub_on[i].rate,
                pub_on[i].rate / pub_off[i].rate,
                con_off[i].rate,
                con_on[i].rate,
                con_on[i].rate / con_off[i].rate,
            );
        }
        println!(
            "observability overhead ({}, {}% of traces sampled, OTLP off): {events} events, {rounds} rounds (median), same server, same run",
            match (with_metrics, with_tracing) {
                (true, true) => "metrics + tracing",
                (true, false) => "metrics only",
                (false, true) => "tracing only",
                _ => "control: nothing turned on",
            },
            tracing.ratio * 100.0
        );
        report("publish", &pub_off, &pub_on);
        report("consume", &con_off, &con_on);
    });
    let _ = tracing.provider.shutdown();
}

/// Every span of an "on" phase reached the exporter (none dropped on a full queue), and no
/// span of an "off" phase did.
fn check_spans(t: &Tracing, on: bool, n: u64, what: &str) {
    let exported = t.finish_phase();
    if on {
        eprintln!("  {what}: {exported} spans exported (of {n} events)");
        // Sampling a share of traces keeps about that share of the spans.
        let want = (n as f64 * t.ratio * 0.9) as u64;
        assert!(
            exported >= want,
            "{what}: only {exported} of {n} spans exported (sampling {})",
            t.ratio
        );
    } else {
        assert_eq!(exported, 0, "{what}: spans exported with tracing off");
    }
}

fn report(what: &str, off: &[Phase], on: &[Phase]) {
    let mut paired: Vec<f64> = off.iter().zip(on).map(|(a, b)| b.rate / a.rate).collect();
    paired.sort_by(|a, b| a.total_cmp(b));
    let quart = |q: usize| paired[(paired.len() * q / 4).min(paired.len() - 1)];
    let (ro, rn) = (
        median(off.iter().map(|p| p.rate)),
        median(on.iter().map(|p| p.rate)),
    );
    let (co, cn) = (
        median(off.iter().map(|p| p.cpu_us)),
        median(on.iter().map(|p| p.cpu_us)),
    );
    println!("  {what}, off: {ro:>10.0} events/s   {co:>6.1} µs CPU/event");
    println!(
        "  {what}, on:  {rn:>10.0} events/s   {cn:>6.1} µs CPU/event   ratio of medians {:.3}; paired ratio median {:.3} (IQR {:.2}–{:.2}, {} rounds)",
        rn / ro,
        quart(2),
        quart(1),
        quart(3),
        paired.len()
    );
}

fn ndjson(n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        serde_json::to_writer(&mut out, &order(i)).expect("json");
        out.push(b'\n');
    }
    out
}

/// A fresh stream (not timed), then the timed read → prepare (span) → publish.
async fn publish(
    bus: &evt::bus::Bus,
    js: &jetstream::Context,
    factory: &EventFactory,
    ndjson: &Arc<Vec<u8>>,
    n: u64,
    obs: bool,
) -> Phase {
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
    let metrics = Metrics::new();
    let publisher = if obs {
        Publisher::with_metrics(bus, factory.clone(), PublishOptions::default(), &metrics)
    } else {
        Publisher::new(bus, factory.clone(), PublishOptions::default())
    };
    let opts = BatchOptions::default();
    let bytes = ndjson.as_ref().clone();
    let clock = Clock::start();
    let input = InputReader::new(Cursor::new(bytes)).expect("input");
    // As `evt publish --file` sizes the reader's hand-over for a regular file.
    let items = spawn_reader(input, prep, (opts.window * 2).clamp(256, 8192), 64);
    let summary = publish_stream(
        &publisher,
        SUBJECT,
        items,
        opts,
        std::future::pending::<()>(),
        |_| {},
    )
    .await;
    let phase = clock.stop(n);
    assert_eq!(summary.published, n, "every event stored once");
    if obs {
        assert!(metrics
            .encode()
            .contains(&format!("evt_published_total{{stream=\"BENCH\"}} {n}")));
    }
    phase
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
    obs: bool,
) -> Phase {
    let cfg = on("bench.>").durable(durable).concurrency(64).prefetch(500);
    let mut m = SubscriberManager::new(bus.clone(), Arc::new(factory.clone())).handle(cfg, no_op);
    let metrics = Metrics::new();
    if obs {
        m = m.metrics(metrics.clone());
    }
    let clock = Clock::start();
    m.start().await.expect("start");
    while m.stats().finished() < n {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let phase = clock.stop(n);
    let report = m.stop().await;
    assert_eq!(report.stats.handlers[0].acked, n, "every event acked once");
    if obs {
        let line =
            format!("evt_consume_acked_total{{stream=\"BENCH\",consumer=\"{durable}\"}} {n}");
        assert!(metrics.encode().contains(&line), "{line}");
    }
    phase
}

//! End-to-end latency at a steady rate: publish → stored → delivered to a handler, evt against
//! raw async-nats on the same server in the same run.
//!
//! - raw: `jetstream.publish_with_headers` of a pre-encoded ORDER_FILLED (acks awaited off
//!   the publishing loop) → a durable pull consumer (explicit ack), which reads the send time
//!   through a sequence header;
//! - evt: `EventFactory::prepare` + `Publisher::send` (encode, headers, PRODUCER span; the
//!   pending ack, with its retries, awaited off the publishing loop as raw's is) → a
//!   `SubscriberManager` handler (schema check, CONSUMER span, ack after the handler
//!   returns), in two phases: one taking `TradingEvent` (the typed path, as a service
//!   declares its handlers) and one taking `Event` (the body decoded into a map).
//!
//! The events a caller publishes (`serde_json::Value`s) are built before the clock on the evt
//! side, as raw's bytes are on the raw side: filling, checking and encoding them is timed.
//!
//! Latency is from just before the publish call to the handler (raw: the loop body) seeing
//! the event, both in this process on one monotonic clock. Events are sent on a 1 ms tick
//! (the number due so far), so the rate is steady, not bursty. The first 10% of each phase are
//! warm-up and not counted. Target: evt p99 ≤ 1.5 × raw at 2,000/s and 20,000/s.
//!
//! `cargo bench --bench latency` (env: EVT_BENCH_SECONDS per phase, default 5; EVT_BENCH_RATES,
//! default "2000,20000"; EVT_BENCH_ROUNDS, default 2; EVT_BENCH_RUNTIME=current for a
//! current-thread runtime instead of the multi-thread one; EVT_BENCH_PREFETCH, the manager's
//! pull size instead of its default; EVT_BENCH_STALLS=1 lists, per phase, the episodes where
//! messages arrived later than 10 × p50 (when, how long, how many, the worst), to tell a stall
//! of one side from one of the whole box; NATS_SERVER_BIN).

#[cfg(all(feature = "cli", not(target_env = "msvc")))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;
#[allow(dead_code)]
mod support;
use support::*;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer::pull, consumer::AckPolicy, stream::RetentionPolicy};
use async_nats::HeaderMap;
use evt::codec::{Defaults, EncodeOptions, EventFactory};
use evt::event::{Event, TradingEvent};
use evt::publisher::{PublishOptions, Publisher};
use evt::schema::SchemaRegistry;
use evt::subscriber::{on, HandlerError, SubscriberManager};
use futures::StreamExt;

/// One monotonic origin for send and receive times.
fn now_ns() -> u64 {
    static T0: OnceLock<Instant> = OnceLock::new();
    T0.get_or_init(Instant::now).elapsed().as_nanos() as u64
}

/// Send times by sequence, and the latencies seen, of the phase running.
struct Book {
    sent: Vec<AtomicU64>,
    /// (send time, latency) of each message, in arrival order.
    when: Mutex<Vec<(u64, u64)>>,
    seen: AtomicU64,
}

impl Book {
    fn new(n: usize) -> Arc<Self> {
        Arc::new(Book {
            sent: (0..n).map(|_| AtomicU64::new(0)).collect(),
            when: Mutex::new(Vec::with_capacity(n)),
            seen: AtomicU64::new(0),
        })
    }
    fn received(&self, i: usize) {
        let now = now_ns();
        let sent = self.sent[i].load(Ordering::Acquire);
        if let Ok(mut w) = self.when.lock() {
            w.push((sent, now.saturating_sub(sent)));
        }
        self.seen.fetch_add(1, Ordering::Release);
    }
    /// p50, p99, p99.9 in microseconds, warm-up excluded.
    fn percentiles(&self, n: usize, side: &str) -> [f64; 3] {
        let w = self.when.lock().map(|w| w.clone()).unwrap_or_default();
        // Arrival order ≈ send order; the first tenth warms both sides up.
        let mut l: Vec<u64> = w[(n / 10).min(w.len())..].iter().map(|x| x.1).collect();
        l.sort_unstable();
        if std::env::var("EVT_BENCH_STALLS").is_ok() {
            self.stalls(side, l[l.len() / 2]);
        }
        let at = |q: f64| l[((l.len() as f64 * q) as usize).min(l.len() - 1)] as f64 / 1e3;
        [at(0.50), at(0.99), at(0.999)]
    }
}

impl Book {
    /// Episodes where latency exceeded 10 × p50 (and 2 ms): when they started (ms from the
    /// first send), how long messages kept arriving late, and the worst latency in them.
    fn stalls(&self, side: &str, p50: u64) {
        let mut w = self.when.lock().map(|w| w.clone()).unwrap_or_default();
        w.sort_unstable();
        let t0 = w.first().map(|x| x.0).unwrap_or(0);
        let bar = (p50 * 10).max(2_000_000);
        let mut eps: Vec<(u64, u64, u64, usize)> = Vec::new();
        for &(sent, lat) in w.iter().filter(|x| x.1 > bar) {
            match eps.last_mut() {
                Some(e) if sent < e.1 + 20_000_000 => {
                    e.1 = sent;
                    e.2 = e.2.max(lat);
                    e.3 += 1;
                }
                _ => eps.push((sent, sent, lat, 1)),
            }
        }
        for (a, b, worst, count) in eps.iter().take(12) {
            eprintln!(
                "    {side}: stall at {:>6} ms for {:>4} ms: {count} late, worst {} ms",
                (a - t0) / 1_000_000,
                (b - a) / 1_000_000,
                worst / 1_000_000
            );
        }
    }
}

fn order(i: usize) -> serde_json::Value {
    serde_json::json!({"event_type": "ORDER_FILLED", "strategy_name": "alpha",
        "order_id": format!("L-{i}"), "instrument_token": 738561, "side": "BUY",
        "quantity": 25, "price": 2501.4, "status": "COMPLETE", "order_type": "LIMIT"})
}

/// Call `send(i)` for i in 0..n at `rate` per second, on a 1 ms tick.
async fn steady<F: FnMut(usize)>(rate: u64, n: usize, mut send: F) {
    let start = Instant::now();
    let mut tick = tokio::time::interval(Duration::from_millis(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut i = 0;
    while i < n {
        tick.tick().await;
        let due = ((start.elapsed().as_secs_f64() * rate as f64) as usize + 1).min(n);
        while i < due {
            send(i);
            i += 1;
        }
    }
}

async fn wait_all(book: &Book, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while (book.seen.load(Ordering::Acquire) as usize) < n {
        assert!(Instant::now() < deadline, "events missing after 60 s");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn raw_phase(
    js: &jetstream::Context,
    factory: &EventFactory,
    rate: u64,
    n: usize,
    tag: &str,
) -> [f64; 3] {
    let book = Book::new(n);
    let stream = js.get_stream("LAT").await.expect("stream");
    let consumer: jetstream::consumer::PullConsumer = stream
        .create_consumer(pull::Config {
            durable_name: Some(format!("raw{tag}")),
            ack_policy: AckPolicy::Explicit,
            filter_subject: format!("lat.raw{tag}"),
            max_ack_pending: 10_000,
            ..Default::default()
        })
        .await
        .expect("consumer");
    let b = book.clone();
    let reader = tokio::spawn(async move {
        let mut msgs = consumer.messages().await.expect("messages");
        for _ in 0..n {
            let m = msgs.next().await.expect("ended").expect("message");
            let i: usize = m
                .headers
                .as_ref()
                .and_then(|h| h.get("Bench-Seq"))
                .and_then(|v| v.as_str().parse().ok())
                .expect("seq header");
            b.received(i);
            m.ack().await.expect("ack");
        }
    });
    // The same bytes evt sends (headers + body), encoded before the clock.
    let defaults = Defaults {
        source: "bench".into(),
        correlation_id: None,
    };
    let msgs: Vec<(HeaderMap, bytes::Bytes)> = (0..n)
        .map(|i| {
            let ev = factory.prepare(order(i), &defaults).expect("prepare");
            let mut enc = factory
                .encode(&ev, &EncodeOptions::default())
                .expect("encode");
            enc.headers.insert("Bench-Seq", i.to_string().as_str());
            (enc.headers, enc.payload)
        })
        .collect();
    let mut msgs = msgs.into_iter();
    let (ack_tx, mut ack_rx) = tokio::sync::mpsc::unbounded_channel();
    let acks = tokio::spawn(async move {
        while let Some(a) = ack_rx.recv().await {
            let a: async_nats::jetstream::context::PublishAckFuture = a;
            a.await.expect("ack");
        }
    });
    let subject = format!("lat.raw{tag}");
    let js2 = js.clone();
    let b = book.clone();
    let (send_tx, mut send_rx) = tokio::sync::mpsc::unbounded_channel::<usize>();
    let sender = tokio::spawn(async move {
        while let Some(i) = send_rx.recv().await {
            let (h, p) = msgs.next().expect("message");
            b.sent[i].store(now_ns(), Ordering::Release);
            let ack = js2
                .publish_with_headers(subject.clone(), h, p)
                .await
                .expect("publish");
            let _ = ack_tx.send(ack);
        }
    });
    steady(rate, n, |i| {
        let _ = send_tx.send(i);
    })
    .await;
    drop(send_tx);
    sender.await.expect("sender");
    wait_all(&book, n).await;
    reader.await.expect("reader");
    acks.await.expect("acks");
    book.percentiles(n, "raw")
}

/// The sequence number the bench wrote into an order id.
fn seq(order_id: Option<&str>) -> Result<usize, HandlerError> {
    order_id
        .and_then(|s| s.strip_prefix("L-"))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| HandlerError::fatal("no order id"))
}

async fn evt_phase(
    bus: &evt::bus::Bus,
    factory: &Arc<EventFactory>,
    (rate, n): (u64, usize),
    tag: &str,
    typed: bool,
) -> [f64; 3] {
    let book = Book::new(n);
    let subject = format!("lat.evt{tag}");
    let b = book.clone();
    let mut cfg = on(&subject).durable(format!("evt{tag}")).concurrency(64);
    if let Ok(p) = std::env::var("EVT_BENCH_PREFETCH") {
        cfg = cfg.prefetch(p.parse().expect("EVT_BENCH_PREFETCH: a number"));
    }
    let m = SubscriberManager::new(bus.clone(), factory.clone());
    let mut m = if typed {
        m.handle(cfg, move |e: TradingEvent| {
            let b = b.clone();
            async move {
                b.received(seq(e.order_id.as_deref())?);
                Ok(())
            }
        })
    } else {
        m.handle(cfg, move |e: Event| {
            let b = b.clone();
            async move {
                b.received(seq(e.field("order_id").and_then(|v| v.as_str()))?);
                Ok(())
            }
        })
    };
    m.start().await.expect("start");
    // The caller's events, built before the clock as raw's bytes are: what evt does with
    // them (fill, check, encode, span) is timed, making them is not.
    let mut orders = (0..n).map(order).collect::<Vec<_>>().into_iter();
    let publisher = Publisher::new(bus, (**factory).clone(), PublishOptions::default());
    let defaults = Arc::new(Defaults {
        source: "bench".into(),
        correlation_id: None,
    });
    // As the raw side and as a service publishing at rate: one loop sends in order
    // (`Publisher::send`: prepare, encode, PRODUCER span, on the wire), the acks are awaited
    // off it (with the publisher's retries inside each pending ack).
    let (ack_tx, mut ack_rx) = tokio::sync::mpsc::unbounded_channel::<evt::publisher::PendingAck>();
    let acks = tokio::spawn(async move {
        while let Some(a) = ack_rx.recv().await {
            a.await.expect("ack");
        }
    });
    let (send_tx, mut send_rx) = tokio::sync::mpsc::unbounded_channel::<usize>();
    let b = book.clone();
    let f = factory.clone();
    let sender = tokio::spawn(async move {
        while let Some(i) = send_rx.recv().await {
            let order = orders.next().expect("order");
            b.sent[i].store(now_ns(), Ordering::Release);
            let ev = f.prepare(order, &defaults).expect("prepare");
            let ack = publisher
                .send(&subject, &ev, &EncodeOptions::default())
                .await
                .expect("publish");
            let _ = ack_tx.send(ack);
        }
    });
    steady(rate, n, |i| {
        let _ = send_tx.send(i);
    })
    .await;
    drop(send_tx);
    sender.await.expect("sender");
    wait_all(&book, n).await;
    acks.await.expect("acks");
    m.stop().await;
    book.percentiles(n, if typed { "evt typed" } else { "evt Event" })
}

fn main() {
    let secs = env_num("EVT_BENCH_SECONDS", 5);
    let rounds = env_num("EVT_BENCH_ROUNDS", 2).max(1);
    let rates: Vec<u64> = std::env::var("EVT_BENCH_RATES")
        .unwrap_or_else(|_| "2000,20000".into())
        .split(',')
        .filter_map(|r| r.trim().parse().ok())
        .collect();
    let srv = server::NatsServer::start();
    // EVT_BENCH_RUNTIME=current runs both sides on one runtime thread (as the CLI does).
    let current = std::env::var("EVT_BENCH_RUNTIME").is_ok_and(|v| v == "current");
    let mut builder = if current {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let rt = builder.enable_all().build().expect("runtime");
    rt.block_on(async move {
        let bus = evt::bus::Bus::connect(&evt::bus::ConnectOptions {
            url: srv.url(),
            ..Default::default()
        })
        .await
        .expect("connect");
        let js = bus.jetstream().clone();
        for (name, subjects, retention) in [
            ("LAT", "lat.>", RetentionPolicy::Limits),
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
        println!("end-to-end latency, publish → handler, file storage, {secs} s per phase, {rounds} rounds (median of the rounds' percentiles)");
        for rate in rates {
            let n = (rate * secs) as usize;
            let (mut raw, mut evt, mut evt_event) = (Vec::new(), Vec::new(), Vec::new());
            for round in 0..rounds {
                let tag = format!("{rate}r{round}");
                let (typed_tag, event_tag) = (format!("{tag}t"), format!("{tag}e"));
                // Alternate who goes first.
                let (r, e, u) = if round % 2 == 0 {
                    let r = raw_phase(&js, &factory, rate, n, &tag).await;
                    let e = evt_phase(&bus, &factory, (rate, n), &typed_tag, true).await;
                    (r, e, evt_phase(&bus, &factory, (rate, n), &event_tag, false).await)
                } else {
                    let u = evt_phase(&bus, &factory, (rate, n), &event_tag, false).await;
                    let e = evt_phase(&bus, &factory, (rate, n), &typed_tag, true).await;
                    (raw_phase(&js, &factory, rate, n, &tag).await, e, u)
                };
                eprintln!(
                    "  {rate}/s round {round}: raw p50 {:.0} p99 {:.0} p99.9 {:.0} µs; evt typed p50 {:.0} p99 {:.0} p99.9 {:.0} µs; evt Event p50 {:.0} p99 {:.0} p99.9 {:.0} µs",
                    r[0], r[1], r[2], e[0], e[1], e[2], u[0], u[1], u[2]
                );
                raw.push(r);
                evt.push(e);
                evt_event.push(u);
            }
            let med = |v: &[[f64; 3]], k: usize| {
                let mut x: Vec<f64> = v.iter().map(|p| p[k]).collect();
                x.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
                x[x.len() / 2]
            };
            println!(
                "  {rate:>6}/s  raw async-nats: p50 {:>7.0} µs  p99 {:>7.0} µs  p99.9 {:>7.0} µs",
                med(&raw, 0), med(&raw, 1), med(&raw, 2)
            );
            for (what, v) in [("evt, typed handler:", &evt), ("evt, Event handler:", &evt_event)] {
                println!(
                    "  {rate:>6}/s  {what:<20} p50 {:>7.0} µs  p99 {:>7.0} µs  p99.9 {:>7.0} µs   p99 ratio {:.2} (target <= 1.5)",
                    med(v, 0), med(v, 1), med(v, 2), med(v, 1) / med(&raw, 1)
                );
            }
        }
    });
}

//! Failover benchmark for the pull loops, on a 3-node loopback cluster this bench starts.
//!
//! - Stall after a consumer-leader SIGKILL: a SubscriberManager handler (what `evt consume`
//!   runs) and a tail, each reading a backlog of an R3 stream; the node leading its consumer is
//!   killed, then restarted. The stall is the longest gap between handled (read) messages
//!   around the kill, from the handler's own timestamps. Median of 3 kills each.
//! - The cost of the fast heartbeats: consume throughput (no-op handler) with the default pull
//!   timing (1 s heartbeat, 5 s expiry) against a slow one (15 s heartbeat, 30 s expiry, about
//!   what a pull used before), in the same run.
//!
//! `cargo bench --bench failover` (env: EVT_BENCH_EVENTS for the throughput part, default
//! 50,000; NATS_SERVER_BIN for the server binary).

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;
#[allow(dead_code)]
mod support;
use support::*;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, stream::RetentionPolicy};
use evt::codec::{Defaults, EncodeOptions, EventFactory};
use evt::event::Event;
use evt::pull::PullTiming;
use evt::schema::SchemaRegistry;
use evt::subscriber::{on, HandlerError, SubscriberManager};
use evt::tail::{StartAt, TailOptions};
use futures::StreamExt;

fn main() {
    let events = env_num("EVT_BENCH_EVENTS", 50_000);
    let mut cluster = server::NatsCluster::start();
    let url = cluster.url();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let factory = Arc::new(EventFactory::new(Arc::new(
        SchemaRegistry::builtin().expect("schemas"),
    )));
    let bus = rt.block_on(async {
        let bus = evt::bus::Bus::connect(&evt::bus::ConnectOptions {
            url: url.clone(),
            ..Default::default()
        })
        .await
        .expect("connect");
        let js = bus.jetstream().clone();
        for (name, subjects, retention) in [
            ("BENCH", "bench.>", RetentionPolicy::Limits),
            ("SLOW", "slow.>", RetentionPolicy::Limits),
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
                num_replicas: 3,
                ..Default::default()
            })
            .await
            .expect("create stream");
        }
        publish(&js, &factory, "bench.order.filled", events).await;
        // A backlog read slowly (2 ms per message) lasts long enough for each kill.
        publish(&js, &factory, "slow.order.filled", 60_000).await;
        bus
    });
    eprintln!("published {events} events to BENCH and 60000 to SLOW (R3)");

    // Throughput first, on a healthy cluster, alternating so drift hits both alike.
    let (mut fast, mut slow) = (Vec::new(), Vec::new());
    for round in 0..2 {
        let f = rt.block_on(throughput(
            &bus,
            &factory,
            &format!("fast{round}"),
            events,
            PullTiming::default(),
        ));
        let s = rt.block_on(throughput(
            &bus,
            &factory,
            &format!("slow{round}"),
            events,
            PullTiming {
                heartbeat: Duration::from_secs(15),
                expires: Duration::from_secs(30),
            },
        ));
        eprintln!("round {round}: heartbeat 1s {f:.0}/s, heartbeat 15s {s:.0}/s");
        fast.push(f);
        slow.push(s);
    }
    let (f, s) = (median(&mut fast), median(&mut slow));

    let mut consume_stalls = Vec::new();
    let mut tail_stalls = Vec::new();
    for kill in 0..3 {
        let c = consume_stall(&rt, &mut cluster, &bus, &factory, kill);
        eprintln!("kill {kill}: consume stall {c:.2?}");
        consume_stalls.push(c);
        let t = tail_stall(&rt, &mut cluster, &bus, kill);
        eprintln!("kill {kill}: tail stall {t:.2?}");
        tail_stalls.push(t);
    }
    println!("failover benchmark: 3-node loopback cluster, R3 streams, consumer leader SIGKILLed");
    println!(
        "  consume (SubscriberManager, concurrency 8): stall median {:.2?} of {:?}",
        median_d(&mut consume_stalls),
        consume_stalls
    );
    println!(
        "  tail (ordered consumer): stall median {:.2?} of {:?}",
        median_d(&mut tail_stalls),
        tail_stalls
    );
    println!("  consume throughput, no-op handler, {events} events, median of 2:");
    println!("    heartbeat 1s / expires 5s (default): {f:>10.0} events/s");
    println!("    heartbeat 15s / expires 30s:         {s:>10.0} events/s");
    println!("    ratio: {:.3}", f / s);
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

fn median_d(v: &mut [Duration]) -> Duration {
    let mut s = v.to_vec();
    s.sort();
    s[s.len() / 2]
}

async fn publish(js: &jetstream::Context, factory: &EventFactory, subject: &str, n: u64) {
    let defaults = Defaults {
        source: "bench".into(),
        correlation_id: None,
    };
    let mut acks = Vec::with_capacity(500);
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
            js.publish_with_headers(subject.to_string(), enc.headers, enc.payload)
                .await
                .expect("publish"),
        );
        if acks.len() == 500 {
            for a in acks.drain(..) {
                a.await.expect("ack");
            }
        }
    }
    for a in acks {
        a.await.expect("ack");
    }
}

async fn no_op(_e: Event) -> Result<(), HandlerError> {
    Ok(())
}

/// Events per second through a SubscriberManager with a no-op handler.
async fn throughput(
    bus: &evt::bus::Bus,
    factory: &Arc<EventFactory>,
    durable: &str,
    n: u64,
    timing: PullTiming,
) -> f64 {
    let mut m = SubscriberManager::new(bus.clone(), factory.clone())
        .without_mover()
        .pull_timing(timing)
        .handle(
            on("bench.>")
                .durable(durable)
                .concurrency(64)
                .without_advisory_capture(),
            no_op,
        );
    let t = Instant::now();
    m.start().await.expect("start");
    while m.stats().finished() < n {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let rate = n as f64 / t.elapsed().as_secs_f64();
    m.stop().await;
    rate
}

/// The node named `name`.
fn node_of(cluster: &server::NatsCluster, name: &str) -> usize {
    cluster
        .nodes
        .iter()
        .position(|n| n.name == name)
        .expect("a node of ours")
}

/// The longest gap between `times` from 1 s before `kill` on.
fn stall(times: &Mutex<Vec<Instant>>, kill: Instant) -> Duration {
    let mut t: Vec<Instant> = times
        .lock()
        .expect("times")
        .iter()
        .copied()
        .filter(|t| *t + Duration::from_secs(1) >= kill)
        .collect();
    t.sort();
    t.windows(2).map(|w| w[1] - w[0]).max().unwrap_or_default()
}

/// Kill the leader of `durable` on SLOW while a slow handler works through the backlog; the
/// stall, after the node is back.
fn consume_stall(
    rt: &tokio::runtime::Runtime,
    cluster: &mut server::NatsCluster,
    bus: &evt::bus::Bus,
    factory: &Arc<EventFactory>,
    round: usize,
) -> Duration {
    let times = Arc::new(Mutex::new(Vec::new()));
    let durable = format!("stall{round}");
    let mut m = {
        let times = times.clone();
        SubscriberManager::new(bus.clone(), factory.clone())
            .without_mover()
            .handle(
                on("slow.>")
                    .durable(&durable)
                    .concurrency(8)
                    .without_advisory_capture(),
                move |_e: Event| {
                    let times = times.clone();
                    async move {
                        tokio::time::sleep(Duration::from_millis(2)).await;
                        times.lock().expect("times").push(Instant::now());
                        Ok::<(), HandlerError>(())
                    }
                },
            )
    };
    rt.block_on(m.start()).expect("start");
    std::thread::sleep(Duration::from_secs(2));
    let leader = rt.block_on(async {
        let c: jetstream::consumer::PullConsumer = bus
            .jetstream()
            .get_consumer_from_stream(&durable, "SLOW")
            .await
            .expect("consumer");
        c.cached_info()
            .cluster
            .as_ref()
            .and_then(|c| c.leader.clone())
            .expect("leader")
    });
    let i = node_of(cluster, &leader);
    let kill = Instant::now();
    cluster.nodes[i].kill();
    std::thread::sleep(Duration::from_secs(12));
    let s = stall(&times, kill);
    rt.block_on(m.stop());
    cluster.nodes[i].restart();
    // Let the restarted node catch up before the next kill.
    std::thread::sleep(Duration::from_secs(5));
    s
}

/// Kill the node holding the tail's ordered consumer while it reads SLOW slowly; the stall.
fn tail_stall(
    rt: &tokio::runtime::Runtime,
    cluster: &mut server::NatsCluster,
    bus: &evt::bus::Bus,
    _round: usize,
) -> Duration {
    let times = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (times, stop, bus) = (times.clone(), stop.clone(), bus.clone());
        rt.spawn(async move {
            let mut tail = evt::tail::open(
                &bus,
                "slow.>",
                TailOptions {
                    start: StartAt::All,
                    batch: 100,
                    ..Default::default()
                },
            )
            .await
            .expect("tail");
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                match tokio::time::timeout(Duration::from_secs(1), tail.next()).await {
                    Ok(Some(Ok(_))) => {
                        times.lock().expect("times").push(Instant::now());
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                    Ok(Some(Err(e))) => panic!("tail: {e}"),
                    Ok(None) => break,
                    Err(_) => {}
                }
            }
            tail.close().await;
        })
    };
    std::thread::sleep(Duration::from_secs(2));
    let leader = rt.block_on(async {
        let stream = bus.jetstream().get_stream("SLOW").await.expect("stream");
        let mut names = stream.consumer_names();
        while let Some(Ok(name)) = names.next().await {
            if name.starts_with("evt_tail_") {
                let c: jetstream::consumer::PullConsumer =
                    stream.get_consumer(&name).await.expect("consumer");
                if let Some(l) = c
                    .cached_info()
                    .cluster
                    .as_ref()
                    .and_then(|c| c.leader.clone())
                {
                    return l;
                }
            }
        }
        panic!("no tail consumer found");
    });
    let i = node_of(cluster, &leader);
    let kill = Instant::now();
    cluster.nodes[i].kill();
    std::thread::sleep(Duration::from_secs(12));
    let s = stall(&times, kill);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = rt.block_on(reader);
    cluster.nodes[i].restart();
    std::thread::sleep(Duration::from_secs(5));
    s
}

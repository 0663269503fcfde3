//! `evt tail` throughput against raw async-nats, in one run on one server.
//!
//! `cargo bench --bench tail` (builds the release `evt` binary itself). Publishes 200,000
//! MARKET_TICK events (~250 B, contract headers) to a file-storage stream, then reads them all
//! (a) with a plain async-nats ordered consumer that only counts, and (b) with
//! `evt tail 'market.>' --decode --all -o json --count 200000 > /dev/null`, and prints both
//! rates and their ratio (target ≥ 0.7).

// The allocator the evt binary uses, so the in-process baseline is measured on the same one.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer, stream};
use async_nats::HeaderMap;
use futures::StreamExt;

const N: u64 = 200_000;
const STREAM: &str = "BENCH_MARKET";

fn main() {
    let server = server::NatsServer::start();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let url = server.url();
    let (size, publish) = rt.block_on(fill(&url));
    println!(
        "published {N} events of ~{size} B in {publish:.2?} ({:.0} msgs/s)",
        N as f64 / publish.as_secs_f64()
    );

    let raw = rt.block_on(raw_ordered(&url));
    let raw_rate = N as f64 / raw.as_secs_f64();
    println!("(a) async-nats ordered consumer, count only:   {raw:>9.2?}  {raw_rate:>10.0} msgs/s");

    let evt_time = evt_tail(&url);
    let evt_rate = N as f64 / evt_time.as_secs_f64();
    println!(
        "(b) evt tail --decode --all -o json >/dev/null: {evt_time:>9.2?}  {evt_rate:>10.0} msgs/s"
    );
    println!("ratio evt/raw: {:.2} (target >= 0.70)", evt_rate / raw_rate);
}

fn body(i: u64) -> (HeaderMap, Vec<u8>) {
    let id = uuid::Uuid::new_v4().to_string();
    let body = serde_json::json!({
        "event_id": id,
        "event_type": "MARKET_TICK",
        "timestamp": "2026-11-26T10:00:00.123456+00:00",
        "source": "bench-feed",
        "instrument_token": 738561,
        "exchange": "NSE",
        "tradingsymbol": "RELIANCE",
        "last_price": 2934.5 + (i % 100) as f64 * 0.05,
        "volume": 1200 + i,
        "last_quantity": 10
    });
    let mut h = HeaderMap::new();
    h.insert("event-id", id.as_str());
    h.insert("event-type", "MARKET_TICK");
    h.insert("source", "bench-feed");
    h.insert("timestamp", "2026-11-26T10:00:00.123456+00:00");
    h.insert("compressed", "false");
    h.insert("Nats-Msg-Id", id.as_str());
    (h, serde_json::to_vec(&body).expect("json"))
}

async fn fill(url: &str) -> (usize, Duration) {
    let js = jetstream::new(async_nats::connect(url).await.expect("connect"));
    js.create_stream(stream::Config {
        name: STREAM.into(),
        subjects: vec!["market.>".into()],
        storage: stream::StorageType::File,
        ..Default::default()
    })
    .await
    .expect("stream");
    let start = Instant::now();
    let mut size = 0;
    let mut acks = Vec::with_capacity(5000);
    for i in 0..N {
        let (h, b) = body(i);
        size = b.len();
        acks.push(
            js.publish_with_headers("market.tick.NSE.RELIANCE", h, b.into())
                .await
                .expect("publish"),
        );
        if acks.len() == 5000 {
            for a in acks.drain(..) {
                a.await.expect("ack");
            }
        }
    }
    for a in acks.drain(..) {
        a.await.expect("ack");
    }
    (size, start.elapsed())
}

async fn raw_ordered(url: &str) -> Duration {
    let js = jetstream::new(async_nats::connect(url).await.expect("connect"));
    let start = Instant::now();
    let stream = js.get_stream(STREAM).await.expect("stream");
    let c = stream
        .create_consumer(consumer::pull::OrderedConfig {
            filter_subject: "market.>".into(),
            ..Default::default()
        })
        .await
        .expect("consumer");
    let mut msgs = c.messages().await.expect("messages");
    let mut n = 0u64;
    let mut bytes = 0usize;
    while n < N {
        let m = msgs.next().await.expect("stream ended").expect("message");
        bytes += m.payload.len();
        n += 1;
    }
    std::hint::black_box(bytes);
    start.elapsed()
}

fn evt_tail(url: &str) -> Duration {
    let home = tempfile::tempdir().expect("home");
    let start = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_evt"))
        .args([
            "-s", url, "tail", "market.>", "--decode", "--all", "-o", "json",
        ])
        .args(["--count", &N.to_string()])
        .env("HOME", home.path())
        .env_remove("NATS_URL")
        .env_remove("NATS_CONTEXT")
        .stdin(Stdio::null())
        .stdout(Stdio::from(
            std::fs::File::create("/dev/null").expect("/dev/null"),
        ))
        .status()
        .expect("run evt");
    let took = start.elapsed();
    assert!(status.success(), "evt tail failed: {status:?}");
    took
}

//! `cargo bench --bench publish`: how fast `evt publish --file` moves 200,000 MARKET_TICK
//! events into a file-storage stream, next to what the raw client can do on the same server
//! in the same run, and next to the blueprint's pattern (await each ack in turn).
//!
//! (a) raw async-nats, 1,024 publish acks in flight, same payload sizes and headers;
//! (b) the release `evt` binary as a subprocess (parse, fill, validate, encode, publish), with
//!     its peak RSS (VmHWM) sampled from /proc while it runs;
//! (c) one publish, await its ack, next publish (10,000 events, rate extrapolated).
//!
//! (a) and (b) alternate for EVT_BENCH_ROUNDS rounds (default 3), each on a fresh stream;
//! the medians are reported. Targets: evt/raw >= 0.8, evt/blueprint >= 10, RSS < 50 MB.
//!
//! This program uses the allocator the evt binary uses (jemalloc), so (a) and (b) differ only
//! in evt's own work. With glibc's malloc here, (a) runs ~15% slower and the ratio looks
//! better than it is. CPU time per message (client and server, from /proc) is printed
//! beside each rate: on a 2-core machine the two processes share the cores, so CPU per
//! message is what the rate comes down to.

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, stream::StorageType};
use async_nats::HeaderMap;
use bytes::Bytes;
use futures::stream::{FuturesUnordered, StreamExt};
use serde_json::{json, Value};

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const EVENTS: usize = 200_000;
const BLUEPRINT_EVENTS: usize = 10_000;
const WINDOW: usize = 1024;
const STREAM: &str = "BENCH_TICKS";
const SUBJECT: &str = "market.tick.NSE.RELIANCE";

/// A tick as a user writes it (no envelope fields: evt fills them), ~250 bytes once filled.
fn tick(i: usize) -> Value {
    let p = 2400.0 + (i % 1000) as f64 * 0.05;
    json!({
        "event_type": "MARKET_TICK",
        "instrument_token": 738561,
        "exchange": "NSE",
        "tradingsymbol": "RELIANCE",
        "last_price": p,
        "volume": 1_000_000 + i,
        "ohlc": {"open": 2400.0, "high": p + 10.0}
    })
}

/// The same tick as evt would send it: envelope filled, wire headers set.
fn wire_message(i: usize) -> (HeaderMap, Bytes) {
    let id = uuid::Uuid::new_v4().to_string();
    let ts = "2025-01-02T09:15:00.123456+00:00";
    let mut body = serde_json::Map::new();
    body.insert("event_id".into(), json!(id));
    body.insert("event_type".into(), json!("MARKET_TICK"));
    body.insert("timestamp".into(), json!(ts));
    body.insert("source".into(), json!("bench@host"));
    if let Value::Object(m) = tick(i) {
        for (k, v) in m {
            body.entry(k).or_insert(v);
        }
    }
    let mut h = HeaderMap::new();
    h.insert("event-id", id.as_str());
    h.insert("event-type", "MARKET_TICK");
    h.insert("source", "bench@host");
    h.insert("timestamp", ts);
    h.insert("compressed", "false");
    h.insert(
        "traceparent",
        evt::observability::new_traceparent().as_str(),
    );
    h.insert("Nats-Msg-Id", id.as_str());
    (h, Bytes::from(serde_json::to_vec(&body).unwrap()))
}

async fn fresh_stream(js: &jetstream::Context) {
    let _ = js.delete_stream(STREAM).await;
    js.create_stream(jetstream::stream::Config {
        name: STREAM.into(),
        subjects: vec!["market.>".into()],
        storage: StorageType::File,
        ..Default::default()
    })
    .await
    .expect("create bench stream");
}

async fn count(js: &jetstream::Context) -> u64 {
    let mut s = js.get_stream(STREAM).await.expect("stream");
    s.info().await.expect("info").state.messages
}

async fn raw(js: &jetstream::Context, msgs: Vec<(HeaderMap, Bytes)>) -> f64 {
    let start = Instant::now();
    let mut in_flight: FuturesUnordered<
        <jetstream::context::PublishAckFuture as std::future::IntoFuture>::IntoFuture,
    > = FuturesUnordered::new();
    for (h, p) in msgs {
        if in_flight.len() >= WINDOW {
            in_flight.next().await.unwrap().expect("raw ack");
        }
        let ack = js
            .publish_with_headers(SUBJECT, h, p)
            .await
            .expect("raw publish");
        in_flight.push(std::future::IntoFuture::into_future(ack));
    }
    while let Some(r) = in_flight.next().await {
        r.expect("raw ack");
    }
    EVENTS as f64 / start.elapsed().as_secs_f64()
}

async fn blueprint(js: &jetstream::Context, msgs: Vec<(HeaderMap, Bytes)>) -> f64 {
    let n = msgs.len();
    let start = Instant::now();
    for (h, p) in msgs {
        js.publish_with_headers(SUBJECT, h, p)
            .await
            .expect("publish")
            .await
            .expect("ack");
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// CPU microseconds per message of the client and of the server over one phase.
#[derive(Default)]
struct Cpu {
    client: f64,
    server: f64,
}

impl Cpu {
    fn per_msg(client_s: f64, server_s: f64, n: usize) -> Self {
        Self {
            client: client_s * 1e6 / n as f64,
            server: server_s * 1e6 / n as f64,
        }
    }
}

impl std::fmt::Display for Cpu {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CPU/msg: client {:>5.1} us, server {:>5.1} us",
            self.client, self.server
        )
    }
}

/// Runs the evt binary; returns (msgs/s, peak RSS in kB, CPU seconds, summary).
fn run_evt(bin: &Path, url: &str, file: &Path) -> (f64, u64, f64, Value) {
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args(["-s", url, "-q", "publish", SUBJECT, "-o", "json", "--file"])
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn evt");
    let pid = child.id().to_string();
    let status_path = format!("/proc/{pid}/status");
    let mut peak_kb = 0u64;
    // Sampled while it runs: the last sample misses at most the final few milliseconds.
    let mut cpu = 0.0f64;
    let status = loop {
        cpu = cpu.max(server::proc_cpu_seconds(&pid));
        if let Ok(text) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Some(s) = child.try_wait().expect("wait evt") {
            break s;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let out = child.wait_with_output().expect("evt output");
    assert!(
        status.success(),
        "evt failed: {status:?}\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).expect("evt summary JSON");
    (EVENTS as f64 / elapsed.as_secs_f64(), peak_kb, cpu, summary)
}

fn main() {
    // `cargo bench` passes --bench; nothing else to parse.
    let bin = Path::new(env!("CARGO_BIN_EXE_evt"));
    let server = server::NatsServer::start();
    let url = server.url();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("ticks.ndjson");
    {
        let mut w = BufWriter::new(std::fs::File::create(&file).expect("create ticks"));
        for i in 0..EVENTS {
            serde_json::to_writer(&mut w, &tick(i)).unwrap();
            w.write_all(b"\n").unwrap();
        }
        w.flush().unwrap();
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = rt
        .block_on(async_nats::connect(&url))
        .expect("connect bench client");
    let _guard = rt.enter();
    let js = jetstream::new(client);
    let sample = wire_message(0);
    println!(
        "publish bench: {EVENTS} MARKET_TICK events, {} B body + {} headers each, file {} MB, window {WINDOW}, evt = {}",
        sample.1.len(),
        sample.0.len(),
        std::fs::metadata(&file).map(|m| m.len() / 1_000_000).unwrap_or(0),
        bin.display()
    );

    let server_pid = server.pid().map(|p| p.to_string()).unwrap_or_default();
    let server_cpu = || server::proc_cpu_seconds(&server_pid);

    // Raw and evt alternate, so a slow spell of a shared machine hits both; the figures are
    // the medians of the rounds (ratio: the median of the per-round ratios).
    let rounds: usize = std::env::var("EVT_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let mut raw_rates = Vec::new();
    let mut evt_rates = Vec::new();
    let mut ratios = Vec::new();
    let mut peak_kb = 0u64;
    for round in 1..=rounds {
        let msgs: Vec<_> = (0..EVENTS).map(wire_message).collect();
        rt.block_on(fresh_stream(&js));
        let (c0, s0) = (server::proc_cpu_seconds("self"), server_cpu());
        let raw_rate = rt.block_on(raw(&js, msgs));
        let raw_cpu = Cpu::per_msg(
            server::proc_cpu_seconds("self") - c0,
            server_cpu() - s0,
            EVENTS,
        );
        assert_eq!(rt.block_on(count(&js)), EVENTS as u64, "raw stored all");

        rt.block_on(fresh_stream(&js));
        let s0 = server_cpu();
        let (evt_rate, kb, evt_cpu_s, summary) = run_evt(bin, &url, &file);
        let evt_cpu = Cpu::per_msg(evt_cpu_s, server_cpu() - s0, EVENTS);
        assert_eq!(summary["published"], EVENTS as u64, "{summary}");
        assert_eq!(rt.block_on(count(&js)), EVENTS as u64, "evt stored all");
        peak_kb = peak_kb.max(kb);

        println!(
            "round {round}: (a) raw async-nats, {WINDOW} acks in flight : {raw_rate:>7.0} msgs/s   {raw_cpu}"
        );
        println!(
            "round {round}: (b) evt publish --file ticks.ndjson       : {evt_rate:>7.0} msgs/s   {evt_cpu}   peak RSS {:.1} MB   evt/raw {:.2}",
            kb as f64 / 1024.0,
            evt_rate / raw_rate
        );
        raw_rates.push(raw_rate);
        evt_rates.push(evt_rate);
        ratios.push(evt_rate / raw_rate);
    }

    let msgs: Vec<_> = (0..BLUEPRINT_EVENTS).map(wire_message).collect();
    rt.block_on(fresh_stream(&js));
    let bp_rate = rt.block_on(blueprint(&js, msgs));

    let (raw_rate, evt_rate) = (median(&mut raw_rates), median(&mut evt_rates));
    println!("(a) raw async-nats, {WINDOW} acks in flight : {raw_rate:>10.0} msgs/s (median of {rounds})");
    println!(
        "(b) evt publish --file ticks.ndjson       : {evt_rate:>10.0} msgs/s (median of {rounds}), peak RSS {:.1} MB",
        peak_kb as f64 / 1024.0
    );
    println!("(c) blueprint, await each ack ({BLUEPRINT_EVENTS})   : {bp_rate:>10.0} msgs/s");
    println!(
        "evt/raw = {:.2} (median of {rounds} rounds; target >= 0.8)   evt/blueprint = {:.1} (target >= 10)   evt peak RSS {:.1} MB (target < 50)",
        median(&mut ratios),
        evt_rate / bp_rate,
        peak_kb as f64 / 1024.0
    );
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

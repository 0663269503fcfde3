//! `cargo bench --bench publish_cli`: `evt -s URL publish SUBJ --file ticks.ndjson` as a user
//! runs it (the whole release process: start, connect, read, fill, validate, encode, publish,
//! summary), next to raw async-nats sending the same wire bytes, in the same run, on a
//! server this bench starts.
//!
//! Two input shapes:
//! - `python`: a tick as Python's `json.dumps` writes it (spaces after separators, the full
//!   `ohlc` object), the shape of issue 11;
//! - `bench`: the compact tick of `benches/publish.rs` (with `tradingsymbol`, two-field ohlc).
//!
//! Each round: evt publishes the file into a fresh stream; every stored message (headers and
//! body, as evt sent them) is read back; raw async-nats (1,024 acks in flight, messages built
//! before the clock) sends those messages into a fresh stream; the first and last messages
//! the raw run stored are compared with evt's, so both sides put the same bytes on the wire.
//!
//! Reported per side: throughput (wall clock; evt's includes process start and exit), client
//! CPU µs/event (getrusage: the waited child for evt, this process for raw) and the server's
//! CPU µs/event (/proc). Medians over the rounds; evt's peak RSS (VmHWM, sampled).
//!
//! Knobs: EVT_BENCH_EVENTS (default 200000), EVT_BENCH_ROUNDS (default 3),
//! EVT_BENCH_SHAPES (default "python,bench"), EVT_BIN (default: this build's evt).
//! Targets (issue 11): evt CPU/event <= 1.5x raw, evt/raw throughput >= 0.9.

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer, stream::StorageType};
use async_nats::HeaderMap;
use bytes::Bytes;
use futures::stream::{FuturesUnordered, StreamExt};

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const WINDOW: usize = 1024;
const STREAM: &str = "BENCH_CLI";
const SUBJECT: &str = "market.tick.NSE.NIFTY";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
        .max(1)
}

/// One line of the `python` shape, byte for byte what `json.dumps(dict)` prints.
fn python_line(i: usize) -> String {
    let p = 100.0 + (i % 100) as f64 * 0.05;
    format!(
        "{{\"event_type\": \"MARKET_TICK\", \"instrument_token\": 256265, \"exchange\": \"NSE\", \
         \"last_price\": {p:?}, \"volume\": {}, \"ohlc\": {{\"open\": 100.0, \"high\": 101.0, \
         \"low\": 99.5, \"close\": 100.5}}}}",
        2 + i % 1000
    )
}

/// One line of the `bench` shape (benches/publish.rs).
fn bench_line(i: usize) -> String {
    let p = 2400.0 + (i % 1000) as f64 * 0.05;
    serde_json::to_string(&serde_json::json!({
        "event_type": "MARKET_TICK",
        "instrument_token": 738561,
        "exchange": "NSE",
        "tradingsymbol": "RELIANCE",
        "last_price": p,
        "volume": 1_000_000 + i,
        "ohlc": {"open": 2400.0, "high": p + 10.0}
    }))
    .expect("tick JSON")
}

fn write_file(path: &Path, n: usize, line: fn(usize) -> String) {
    let mut w = BufWriter::new(std::fs::File::create(path).expect("create ticks"));
    for i in 0..n {
        w.write_all(line(i).as_bytes()).unwrap();
        w.write_all(b"\n").unwrap();
    }
    w.flush().unwrap();
}

fn rusage(who: libc::c_int) -> (f64, i64) {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(who, &mut ru) };
    let s = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (s(ru.ru_utime) + s(ru.ru_stime), ru.ru_maxrss)
}

async fn fresh_stream(js: &jetstream::Context) -> jetstream::stream::Stream {
    let _ = js.delete_stream(STREAM).await;
    js.create_stream(jetstream::stream::Config {
        name: STREAM.into(),
        subjects: vec!["market.>".into()],
        storage: StorageType::File,
        ..Default::default()
    })
    .await
    .expect("create bench stream")
}

/// Every message of the stream, in order, as stored (headers and body).
async fn read_all(js: &jetstream::Context, n: usize) -> Vec<(HeaderMap, Bytes)> {
    let stream = js.get_stream(STREAM).await.expect("stream");
    let c = stream
        .create_consumer(consumer::pull::OrderedConfig::default())
        .await
        .expect("ordered consumer");
    let mut msgs = c.messages().await.expect("messages");
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let m = tokio::time::timeout(Duration::from_secs(30), msgs.next())
            .await
            .expect("read back in time")
            .expect("stream open")
            .expect("message");
        out.push((m.headers.clone().unwrap_or_default(), m.payload.clone()));
    }
    out
}

async fn stored(js: &jetstream::Context, seq: u64) -> (HeaderMap, Bytes) {
    let s = js.get_stream(STREAM).await.expect("stream");
    let m = s.get_raw_message(seq).await.expect("stored message");
    (m.headers, m.payload)
}

fn same(a: &(HeaderMap, Bytes), b: &(HeaderMap, Bytes)) -> bool {
    if a.1 != b.1 || a.0.len() != b.0.len() {
        return false;
    }
    a.0.iter().all(|(k, vs)| {
        b.0.get_all(k.as_ref())
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            == vs.iter().map(|v| v.as_str()).collect::<Vec<_>>()
    })
}

async fn raw(js: &jetstream::Context, msgs: Vec<(HeaderMap, Bytes)>) {
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
}

struct Run {
    rate: f64,
    cpu_us: f64,
    server_us: f64,
}

/// The whole evt process; returns the run and its peak RSS in kB (VmHWM, sampled).
fn run_evt(bin: &Path, url: &str, file: &Path, n: usize, server_pid: &str) -> (Run, u64) {
    let (c0, _) = rusage(libc::RUSAGE_CHILDREN);
    let s0 = server::proc_cpu_seconds(server_pid);
    let start = Instant::now();
    let mut child = Command::new(bin)
        .args(["-s", url, "publish", SUBJECT, "--file"])
        .arg(file)
        .args(["-o", "json"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn evt");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Some(kb) = std::fs::read_to_string(&status_path).ok().and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        }) {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(s) = child.try_wait().expect("wait evt") {
            break s;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed().as_secs_f64();
    let (c1, _) = rusage(libc::RUSAGE_CHILDREN);
    let s1 = server::proc_cpu_seconds(server_pid);
    let out = child.wait_with_output().expect("evt output");
    assert!(
        status.success(),
        "evt failed: {status:?}\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).expect("summary JSON");
    assert_eq!(summary["published"], n as u64, "{summary}");
    (
        Run {
            rate: n as f64 / elapsed,
            cpu_us: (c1 - c0) * 1e6 / n as f64,
            server_us: (s1 - s0) * 1e6 / n as f64,
        },
        peak_kb,
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let n = env_usize("EVT_BENCH_EVENTS", 200_000);
    let rounds = env_usize("EVT_BENCH_ROUNDS", 3);
    let shapes = std::env::var("EVT_BENCH_SHAPES").unwrap_or_else(|_| "python,bench".into());
    let bin = std::env::var_os("EVT_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_evt")));
    let server = server::NatsServer::start();
    let url = server.url();
    let server_pid = server.pid().map(|p| p.to_string()).unwrap_or_default();
    let dir = tempfile::tempdir().expect("temp dir");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = rt
        .block_on(async_nats::connect(&url))
        .expect("connect bench client");
    let _guard = rt.enter();
    let js = jetstream::new(client);
    println!(
        "publish_cli: {n} events x {rounds} rounds, evt = {}, window {WINDOW}, file storage",
        bin.display()
    );

    for shape in shapes.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let line: fn(usize) -> String = match shape {
            "python" => python_line,
            "bench" => bench_line,
            other => panic!("unknown shape {other} (python, bench)"),
        };
        let file = dir.path().join(format!("{shape}.ndjson"));
        write_file(&file, n, line);
        let mut evt_runs = Vec::new();
        let mut raw_runs = Vec::new();
        let mut peak_kb = 0;
        let mut body_len = 0;
        for round in 1..=rounds {
            rt.block_on(fresh_stream(&js));
            let (e, kb) = run_evt(&bin, &url, &file, n, &server_pid);
            peak_kb = peak_kb.max(kb);
            let msgs = rt.block_on(read_all(&js, n));
            body_len = msgs[0].1.len();
            let (first, last) = (msgs[0].clone(), msgs[n - 1].clone());

            rt.block_on(fresh_stream(&js));
            let (c0, _) = rusage(libc::RUSAGE_SELF);
            let s0 = server::proc_cpu_seconds(&server_pid);
            let start = Instant::now();
            rt.block_on(raw(&js, msgs));
            let elapsed = start.elapsed().as_secs_f64();
            let (c1, _) = rusage(libc::RUSAGE_SELF);
            let r = Run {
                rate: n as f64 / elapsed,
                cpu_us: (c1 - c0) * 1e6 / n as f64,
                server_us: (server::proc_cpu_seconds(&server_pid) - s0) * 1e6 / n as f64,
            };
            assert!(
                same(&rt.block_on(stored(&js, 1)), &first)
                    && same(&rt.block_on(stored(&js, n as u64)), &last),
                "raw stored different bytes from evt's"
            );
            println!(
                "[{shape}] round {round}: evt {:>7.0}/s cpu {:>5.2} us/ev (server {:>5.2})   raw {:>7.0}/s cpu {:>5.2} us/ev (server {:>5.2})   cpu evt/raw {:.2}  rate evt/raw {:.2}",
                e.rate, e.cpu_us, e.server_us, r.rate, r.cpu_us, r.server_us,
                e.cpu_us / r.cpu_us, e.rate / r.rate
            );
            evt_runs.push(e);
            raw_runs.push(r);
        }
        let cpu_ratio = median(
            evt_runs
                .iter()
                .zip(&raw_runs)
                .map(|(e, r)| e.cpu_us / r.cpu_us)
                .collect(),
        );
        let rate_ratio = median(
            evt_runs
                .iter()
                .zip(&raw_runs)
                .map(|(e, r)| e.rate / r.rate)
                .collect(),
        );
        let m = |v: &[Run], f: fn(&Run) -> f64| median(v.iter().map(f).collect());
        println!(
            "[{shape}] {n} events, body {body_len} B, medians of {rounds}: evt {:.0}/s, client CPU {:.2} us/ev, server {:.2} us/ev | raw {:.0}/s, client CPU {:.2} us/ev, server {:.2} us/ev | CPU evt/raw {cpu_ratio:.2} (target <= 1.5), rate evt/raw {rate_ratio:.2} (target >= 0.9), evt peak RSS {:.1} MB",
            m(&evt_runs, |r| r.rate),
            m(&evt_runs, |r| r.cpu_us),
            m(&evt_runs, |r| r.server_us),
            m(&raw_runs, |r| r.rate),
            m(&raw_runs, |r| r.cpu_us),
            m(&raw_runs, |r| r.server_us),
            peak_kb as f64 / 1024.0
        );
    }
}

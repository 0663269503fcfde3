//! `evt dlq replay` of 100,000 dead letters without a rate limit, against a plain async-nats
//! program publishing 100,000 messages with 1,024 acks in flight, on the same server in the
//! same run. Prints both rates, the ratio, and evt's peak RSS (for 10,000 and for 100,000
//! entries, to show memory does not grow with the DLQ).
//!
//! A second baseline does what a replay does with plain async-nats and nothing else: read
//! the DLQ with a pull consumer (no acks), publish each entry's stored headers and body to the
//! subject in its `Evt-Dlq-Subject` header with a fresh `Nats-Msg-Id`, 1,024 acks in flight,
//! then purge the DLQ once. It is the same server work as a replay (deliver, store, remove),
//! which the plain publish baseline does not have, so `evt / raw redrive` says what evt's own
//! machinery costs (decoding each dead letter, filters, the copy's headers, spans, the redrive
//! task's bookkeeping, per-copy failure handling).
//!
//! Run: `cargo bench --bench dlq_replay` (NATS_SERVER_BIN points at nats-server >= 2.12).
//! `EVT_BENCH_N` overrides the count.

// The allocator the evt binary uses, so the in-process baseline is measured on the same one.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[allow(dead_code)]
#[path = "../tests/support/server.rs"]
mod server;

use std::future::IntoFuture;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use async_nats::jetstream::context::PublishAckFuture;
use async_nats::jetstream::{self, stream};
use async_nats::HeaderMap;
use bytes::Bytes;
use evt::dlq::{DeadLetter, Reason};
use futures::stream::FuturesUnordered;
use futures::StreamExt;
use time::OffsetDateTime;

const WINDOW: usize = 1024;

fn letter(i: u64) -> DeadLetter {
    let id = uuid::Uuid::new_v4().to_string();
    let mut headers = HeaderMap::new();
    headers.insert("event-id", id.as_str());
    headers.insert("event-type", "ORDER_FILLED");
    headers.insert("source", "oms");
    headers.insert("timestamp", "2024-05-01T09:15:00.123456+00:00");
    headers.insert("compressed", "false");
    let body = serde_json::json!({
        "event_id": id, "event_type": "ORDER_FILLED",
        "timestamp": "2024-05-01T09:15:00.123456+00:00", "source": "oms",
        "strategy_name": "mean-rev", "order_id": format!("o-{i}"), "instrument_token": 256265,
        "side": "BUY", "quantity": 5, "price": 101.5
    });
    DeadLetter {
        original_subject: "trading.order.filled".into(),
        stream: "TRADING".into(),
        stream_seq: i,
        consumer: "order-auditor".into(),
        deliveries: 3,
        error: "quantity mismatch".into(),
        failed_at: OffsetDateTime::now_utc(),
        reason: Reason::Fatal,
        headers,
        payload: Bytes::from(body.to_string()),
        original_msg_id: Some(id),
    }
}

async fn make_stream(js: &jetstream::Context, name: &str, subject: &str) {
    let _ = js.delete_stream(name).await;
    js.create_stream(stream::Config {
        name: name.into(),
        subjects: vec![subject.into()],
        storage: stream::StorageType::File,
        duplicate_window: Duration::from_secs(120),
        ..Default::default()
    })
    .await
    .expect("create stream");
}

/// Publishes with at most `WINDOW` acks in flight, as both baselines do.
#[derive(Default)]
struct Window(FuturesUnordered<<PublishAckFuture as IntoFuture>::IntoFuture>);

impl Window {
    async fn publish(&mut self, js: &jetstream::Context, subject: String, h: HeaderMap, p: Bytes) {
        let ack = js
            .publish_with_headers(subject, h, p)
            .await
            .expect("publish");
        self.0.push(ack.into_future());
        if self.0.len() >= WINDOW {
            self.0.next().await.unwrap().expect("ack");
        }
    }

    async fn drain(mut self) {
        while let Some(a) = self.0.next().await {
            a.expect("ack");
        }
    }
}

/// Publishes (subject, headers, payload) with `WINDOW` acks in flight; returns elapsed.
async fn publish_all(
    js: &jetstream::Context,
    msgs: impl Iterator<Item = (String, HeaderMap, Bytes)>,
) -> Duration {
    let start = Instant::now();
    let mut window = Window::default();
    for (subject, h, p) in msgs {
        window.publish(js, subject, h, p).await;
    }
    window.drain().await;
    start.elapsed()
}

/// The raw redrive baseline (module doc): the DLQ's `count` entries to their subjects, then
/// one purge. Returns elapsed.
async fn raw_redrive(js: &jetstream::Context, count: u64) -> Duration {
    use async_nats::jetstream::consumer::{pull, AckPolicy};
    let start = Instant::now();
    let dlq = js.get_stream("DLQ").await.expect("DLQ");
    let consumer = dlq
        .create_consumer(pull::Config {
            ack_policy: AckPolicy::None,
            ..Default::default()
        })
        .await
        .expect("consumer");
    let mut msgs = consumer
        .stream()
        .max_messages_per_batch(WINDOW)
        .messages()
        .await
        .expect("messages");
    let mut window = Window::default();
    for i in 0..count {
        let m = msgs.next().await.expect("DLQ ended").expect("message");
        let mut h = m.headers.clone().expect("DLQ entry headers");
        let subject = h
            .get(evt::dlq::header::SUBJECT)
            .expect("Evt-Dlq-Subject")
            .to_string();
        h.insert("Nats-Msg-Id", format!("redrive-{i}"));
        window.publish(js, subject, h, m.payload.clone()).await;
    }
    window.drain().await;
    drop(msgs);
    dlq.purge().await.expect("purge");
    start.elapsed()
}

/// Runs `evt dlq replay` (a redrive task: KV record, heartbeat, lock); returns (elapsed, CPU
/// time of the evt process, peak RSS in KiB, stdout).
fn run_replay(url: &str) -> (Duration, Duration, u64, String) {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_evt"))
        .args(["-s", url, "dlq", "replay", "-o", "json"])
        .env_remove("NATS_URL")
        .env_remove("EVT_DLQ_STREAM")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn evt");
    let pid = child.id();
    let status_path = format!("/proc/{pid}/status");
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let p2 = peak.clone();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let d2 = done.clone();
    // VmHWM is the process's own high-water mark; the last read before exit is the peak.
    let sampler = std::thread::spawn(move || {
        while !d2.load(std::sync::atomic::Ordering::Relaxed) {
            if let Ok(s) = std::fs::read_to_string(&status_path) {
                if let Some(kb) = s
                    .lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse::<u64>().ok())
                {
                    p2.fetch_max(kb, std::sync::atomic::Ordering::Relaxed);
                }
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    });
    let mut child = child;
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut buf);
        buf
    });
    // wait4 for the child's own CPU time (user + system), beside the wall clock.
    let mut raw_status = 0i32;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waiting on the pid we spawned, with valid out-pointers.
    let waited = unsafe { libc::wait4(pid as i32, &mut raw_status, 0, &mut ru) };
    assert_eq!(waited, pid as i32, "wait4 on evt");
    let elapsed = start.elapsed();
    let cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
    let out_stdout = reader.join().unwrap_or_default();
    let ok = libc::WIFEXITED(raw_status) && libc::WEXITSTATUS(raw_status) == 0;
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = sampler.join();
    assert!(ok, "evt dlq replay failed: wait status {raw_status}");
    (
        elapsed,
        cpu,
        peak.load(std::sync::atomic::Ordering::Relaxed),
        String::from_utf8_lossy(&out_stdout).into_owned(),
    )
}

fn tv(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

/// CPU time (user + system) this process has used so far.
fn self_cpu() -> Duration {
    // SAFETY: an all-zero rusage is valid; getrusage fills it.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid out-pointer.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

fn main() {
    let n: u64 = std::env::var("EVT_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let server = server::NatsServer::start();
    let url = server.url();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let js =
        rt.block_on(async { jetstream::new(async_nats::connect(&url).await.expect("connect")) });

    let server_pid = server.pid().map(|p| p.to_string()).unwrap_or_default();
    let server_cpu = || Duration::from_secs_f64(server::proc_cpu_seconds(&server_pid));
    let mut peaks = Vec::new();
    let mut last = None;
    for count in [n / 10, n] {
        // Baseline: plain async-nats, same messages (original headers + payload), same server.
        // The baseline's messages are built before its clock starts, as raw users would.
        let (cpu0, s0) = (self_cpu(), server_cpu());
        let raw = rt.block_on(async {
            make_stream(&js, "RAW", "raw.>").await;
            publish_all(
                &js,
                (0..count).map(|i| {
                    let dl = letter(i);
                    let (mut h, p) = dl.replay_message("DLQ", i + 1, OffsetDateTime::now_utc());
                    h.insert("Nats-Msg-Id", format!("raw-{i}"));
                    ("raw.order.filled".to_string(), h, p)
                }),
            )
            .await
        });
        let raw_cpu = self_cpu() - cpu0;
        let raw_server = server_cpu() - s0;
        // Fill the DLQ (not timed).
        let fill = || {
            rt.block_on(async {
                make_stream(&js, "DLQ", "dlq.>").await;
                make_stream(&js, "TRADING", "trading.>").await;
                publish_all(
                    &js,
                    (0..count).map(|i| {
                        let (h, p) = letter(i).to_message();
                        ("dlq.TRADING.order-auditor".to_string(), h, p)
                    }),
                )
                .await;
            })
        };
        // The raw redrive, then the same DLQ again for evt.
        fill();
        let (cpu0, s0) = (self_cpu(), server_cpu());
        let redrive = rt.block_on(raw_redrive(&js, count));
        let (redrive_cpu, redrive_server) = (self_cpu() - cpu0, server_cpu() - s0);
        let (left, stored) = rt.block_on(async {
            let mut d = js.get_stream("DLQ").await.expect("DLQ");
            let mut t = js.get_stream("TRADING").await.expect("TRADING");
            (
                d.info().await.expect("info").state.messages,
                t.info().await.expect("info").state.messages,
            )
        });
        assert_eq!((left, stored), (0, count), "raw redrive moved every entry");
        fill();
        let s0 = server_cpu();
        let (took, evt_cpu, peak_kb, report) = run_replay(&url);
        let evt_server = server_cpu() - s0;
        let left = rt.block_on(async {
            let mut s = js.get_stream("DLQ").await.expect("DLQ");
            s.info().await.expect("info").state.messages
        });
        let stored = rt.block_on(async {
            let mut s = js.get_stream("TRADING").await.expect("TRADING");
            s.info().await.expect("info").state.messages
        });
        assert_eq!(left, 0, "DLQ not empty after replay: {report}");
        assert_eq!(stored, count, "target holds {stored} of {count}");
        peaks.push((count, peak_kb));
        last = Some((
            count,
            raw,
            took,
            raw_cpu,
            evt_cpu,
            report,
            raw_server,
            evt_server,
            (redrive, redrive_cpu, redrive_server),
        ));
    }
    let (count, raw, took, raw_cpu, evt_cpu, report, raw_server, evt_server, redrive) =
        last.expect("ran");
    let (redrive, redrive_cpu, redrive_server) = redrive;
    let raw_rate = count as f64 / raw.as_secs_f64();
    let evt_rate = count as f64 / took.as_secs_f64();
    println!("dlq_replay: {count} messages, nats-server {url}");
    println!("  async-nats publish, {WINDOW} acks in flight: {raw_rate:>10.0} msg/s ({raw:.2?})");
    println!("  evt dlq replay (publish+ack+delete):    {evt_rate:>10.0} msg/s ({took:.2?}, whole process)");
    println!("  ratio evt/raw: {:.2}", evt_rate / raw_rate);
    let per = |d: Duration| d.as_secs_f64() * 1e6 / count as f64;
    println!(
        "  CPU/event: raw {:.1} us (this process, message building included), evt {:.1} us (whole process); ratio {:.2}",
        per(raw_cpu),
        per(evt_cpu),
        per(evt_cpu) / per(raw_cpu)
    );
    // A replay makes the server deliver each entry, store its copy and remove the entry; the
    // baseline only stores. On 2 shared cores that difference bounds the rate ratio.
    println!(
        "  server CPU/event: during raw {:.1} us, during evt {:.1} us; ratio {:.2}",
        per(raw_server),
        per(evt_server),
        per(evt_server) / per(raw_server)
    );
    let redrive_rate = count as f64 / redrive.as_secs_f64();
    println!(
        "  raw redrive (pull the DLQ, publish each entry, {WINDOW} acks in flight, one purge): {redrive_rate:>10.0} msg/s ({redrive:.2?})"
    );
    println!(
        "  ratio evt/raw redrive: {:.2}; CPU/event raw redrive {:.1} us (this process), server {:.1} us",
        evt_rate / redrive_rate,
        per(redrive_cpu),
        per(redrive_server)
    );
    println!("  evt report: {}", report.trim());
    for (c, kb) in peaks {
        println!(
            "  evt peak RSS replaying {c:>7}: {:.1} MiB",
            kb as f64 / 1024.0
        );
    }
}

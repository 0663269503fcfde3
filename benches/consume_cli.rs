//! `evt consume` as a user runs it, the whole process timed, against raw async-nats in the
//! same run on a server this bench starts:
//!
//! - (a) raw: a durable pull consumer (explicit acks) writing each body as a line to
//!   /dev/null, in this process; CPU = this process's user+sys over the phase;
//! - (b) `evt consume 'bench.>' --durable D --count N > /dev/null` (no `--exec`: JSON lines),
//!   at the default `--concurrency 1` and at 64 (pulling 512 at a time: N/64, at most 512),
//!   and with `--prefetch 16`, the pull size it used before; CPU = the child's user+sys
//!   (GNU time), wall = spawn to exit, start-up and binding included;
//! - (c) `--exec 'cat > /dev/null'`: one process per event (fewer events: it is slow);
//! - (d) `--exec-batch` with one long-lived process answering `ok` per line: an awk one-liner
//!   and a `while read` shell loop, `--concurrency 64`.
//!
//! `cargo bench --bench consume_cli` (env: EVT_BENCH_EVENTS, default 100,000;
//! EVT_BENCH_EXEC_EVENTS, default 500; EVT_BENCH_ROUNDS, default 3; NATS_SERVER_BIN).

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;
#[allow(dead_code)]
mod support;
use support::*;

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use async_nats::jetstream::{self, consumer::pull, consumer::AckPolicy, stream::RetentionPolicy};
use evt::codec::{Defaults, EncodeOptions, EventFactory};
use evt::schema::SchemaRegistry;
use futures::StreamExt;

fn main() {
    let events = env_num("EVT_BENCH_EVENTS", 100_000);
    let exec_events = env_num("EVT_BENCH_EXEC_EVENTS", 500);
    let rounds = env_num("EVT_BENCH_ROUNDS", 3).max(1);
    let srv = server::NatsServer::start();
    let url = srv.url();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let js = rt.block_on(async {
        let client = async_nats::connect(&url).await.expect("connect");
        let js = jetstream::new(client);
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
        publish(&js, events).await;
        js
    });
    eprintln!("published {events} ORDER_FILLED events to BENCH");
    // As users run it (printing pulls N/64, at most 512, with --count N), then with the
    // pull size evt used before (16).
    let forms: [(&str, &[&str]); 3] = [
        ("--count N, --concurrency 1", &["--concurrency", "1"]),
        ("--count N, --concurrency 64", &["--concurrency", "64"]),
        (
            "--count N --prefetch 16, --concurrency 1",
            &["--concurrency", "1", "--prefetch", "16"],
        ),
    ];
    let mut raw = vec![];
    let mut evt: Vec<Vec<Phase>> = forms.iter().map(|_| vec![]).collect();
    for round in 0..rounds {
        let r = rt.block_on(raw_lines(&js, &format!("raw{round}"), events));
        let mut line = format!("round {round}: raw {:.0}/s {:.1} µs;", r.rate, r.cpu_us);
        for (i, (_, extra)) in forms.iter().enumerate() {
            let e = evt_consume(&url, &format!("f{i}r{round}"), events, extra);
            line += &format!(
                " evt form {i} {:.0}/s {:.1} µs ({:.2});",
                e.rate,
                e.cpu_us,
                e.rate / r.rate
            );
            evt[i].push(e);
        }
        eprintln!("{line}");
        raw.push(r);
    }
    let exec = evt_consume(&url, "exec", exec_events, &["--exec", "cat > /dev/null"]);
    let awk = evt_consume(
        &url,
        "batch_awk",
        events,
        &[
            "--exec-batch",
            "awk '{ print \"ok\"; fflush() }'",
            "--concurrency",
            "64",
        ],
    );
    let shell = evt_consume(
        &url,
        "batch_sh",
        events.min(20_000),
        &[
            "--exec-batch",
            "while read -r line; do echo ok; done",
            "--concurrency",
            "64",
        ],
    );
    let (rr, rc) = medians(&raw);
    println!("evt consume as a user runs it: {events} events, {rounds} rounds (median); CPU per event: raw = this process, evt = the child (user+sys)");
    println!("  (a) async-nats pull consumer, body line to /dev/null, explicit ack: {rr:>9.0} ev/s  {rc:>5.1} µs CPU/event");
    for (i, (form, _)) in forms.iter().enumerate() {
        let (r, c) = medians(&evt[i]);
        let head = if i == 0 { "  (b)" } else { "     " };
        println!("{head} evt consume > /dev/null, {form}: {r:>9.0} ev/s  {c:>5.1} µs CPU/event  ratio {:.2} (rounds: {})", r / rr, ratios(&evt[i], &raw));
    }
    println!("  (c) --exec 'cat > /dev/null' ({exec_events} events): {:>9.0} ev/s  {:>7.1} µs CPU/event (evt; the shells' own CPU included)", exec.rate, exec.cpu_us);
    println!("  (d) --exec-batch awk, --concurrency 64:        {:>9.0} ev/s  {:>5.1} µs CPU/event ({:.0}x --exec)", awk.rate, awk.cpu_us, awk.rate / exec.rate);
    println!("      --exec-batch 'while read' sh loop, c 64:    {:>9.0} ev/s  {:>5.1} µs CPU/event ({:.0}x --exec)", shell.rate, shell.cpu_us, shell.rate / exec.rate);
}

fn ratios(a: &[Phase], b: &[Phase]) -> String {
    a.iter()
        .zip(b)
        .map(|(a, b)| format!("{:.2}", a.rate / b.rate))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn publish(js: &jetstream::Context, n: u64) {
    let factory = Arc::new(EventFactory::new(Arc::new(
        SchemaRegistry::builtin().expect("schemas"),
    )));
    let defaults = Defaults {
        source: "bench".into(),
        correlation_id: None,
    };
    let mut acks = Vec::with_capacity(512);
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
        if acks.len() == 512 {
            for a in acks.drain(..) {
                a.await.expect("ack");
            }
        }
    }
    for a in acks {
        a.await.expect("ack");
    }
}

/// The baseline: each body written as a line to /dev/null, then acked.
async fn raw_lines(js: &jetstream::Context, durable: &str, n: u64) -> Phase {
    let (t0, c0) = (Instant::now(), cpu_time());
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
    let mut out = std::fs::File::create("/dev/null").expect("/dev/null");
    let mut msgs = consumer
        .stream()
        .max_messages_per_batch(500)
        .messages()
        .await
        .expect("messages");
    for _ in 0..n {
        let m = msgs.next().await.expect("stream ended").expect("message");
        out.write_all(&m.payload).expect("write");
        out.write_all(b"\n").expect("write");
        m.ack().await.expect("ack");
    }
    Phase {
        rate: n as f64 / t0.elapsed().as_secs_f64(),
        cpu_us: (cpu_time() - c0).as_secs_f64() * 1e6 / n as f64,
    }
}

/// The whole `evt consume` process under GNU time, stdout to /dev/null.
fn evt_consume(url: &str, durable: &str, n: u64, extra: &[&str]) -> Phase {
    let home = tempfile::tempdir().expect("home");
    let times = home.path().join("time.txt");
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%U %S")
        .arg("-o")
        .arg(&times)
        .arg(env!("CARGO_BIN_EXE_evt"))
        .args(["-s", url, "consume", "bench.>", "--durable", durable])
        .args(["--count", &n.to_string()])
        .args(extra)
        .env("HOME", home.path())
        .env_remove("NATS_URL")
        .env_remove("NATS_CONTEXT")
        .stdin(Stdio::null())
        .stdout(Stdio::from(
            std::fs::File::create("/dev/null").expect("/dev/null"),
        ))
        .stderr(Stdio::piped())
        .output()
        .expect("run evt");
    let wall = start.elapsed().as_secs_f64();
    assert!(
        status.status.success(),
        "evt consume failed: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::fs::read_to_string(&times).expect("time output");
    let cpu: f64 = text
        .split_whitespace()
        .filter_map(|t| t.parse::<f64>().ok())
        .sum();
    Phase {
        rate: n as f64 / wall,
        cpu_us: cpu * 1e6 / n as f64,
    }
}

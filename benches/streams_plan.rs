//! `evt streams plan` of a 50-stream, 150-consumer topology against a live server.
//!
//! Starts its own nats-server, applies the topology with `evt streams apply`, then measures:
//! 1. the `evt streams plan` binary end to end (process start, connect, load, fetch, diff),
//! 2. the library's live fetch + plan (what the binary spends on the server),
//! 3. raw async-nats fetching the same stream and consumer infos one by one,
//!
//! and prints the times and the ratio. Run: `cargo bench --bench streams_plan`.

// The allocator the evt binary uses, so the in-process baseline is measured on the same one.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use evt::streams::{live, normalize, plan, Spec};

const STREAMS: usize = 50;
const CONSUMERS_PER_STREAM: usize = 3;
const ROUNDS: usize = 7;

fn topology() -> String {
    let mut y = String::from("streams:\n");
    for i in 0..STREAMS {
        let _ = write!(
            y,
            "  - name: BENCH_{i}\n    subjects: [\"bench.{i}.>\"]\n    storage: file\n    max_age: 1d\n    max_bytes: 16MiB\n    duplicate_window: 2m\n    consumers:\n"
        );
        for c in 0..CONSUMERS_PER_STREAM {
            let _ = write!(
                y,
                "      - durable_name: c{c}\n        filter_subject: \"bench.{i}.c{c}.>\"\n        ack_policy: explicit\n        ack_wait: 30s\n        max_deliver: 5\n        max_ack_pending: 100\n"
            );
        }
    }
    y
}

fn evt(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_evt"))
        .arg("-s")
        .arg(url)
        .args(args)
        .env_remove("NATS_URL")
        .env("HOME", std::env::temp_dir())
        .output()
        .expect("run evt")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let server = server::NatsServer::start();
    let url = server.url();
    let file = server.dir.path().join("bench.yaml");
    std::fs::write(&file, topology()).expect("write topology");
    let f = file.to_str().expect("utf-8 path");

    let out = evt(&url, &["streams", "apply", f]);
    assert!(
        out.status.success(),
        "apply failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // 1. The binary, end to end.
    let mut cli = Vec::new();
    for _ in 0..ROUNDS {
        let t = Instant::now();
        let out = evt(&url, &["streams", "plan", f]);
        cli.push(t.elapsed());
        assert_eq!(
            out.status.code(),
            Some(0),
            "plan should be clean: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (lib, raw) = rt.block_on(async {
        let client = async_nats::connect(&url).await.expect("connect");
        let js = async_nats::jetstream::new(client);
        let spec = Spec::load(std::slice::from_ref(&file)).expect("load");
        let desired = normalize::desired(&spec);
        let names: HashSet<String> = desired.iter().map(|d| d.spec.name().to_string()).collect();
        let version = "2.14.0";

        // 2. Library: parallel fetch + pure plan.
        let mut lib = Vec::new();
        for _ in 0..ROUNDS {
            let t = Instant::now();
            let l = live::fetch(&js, version, Some(&names))
                .await
                .expect("fetch");
            let p = plan::plan(&desired, &l, plan::PlanOptions::default());
            lib.push(t.elapsed());
            assert!(p.is_empty(), "{:?}", p.actions.first().map(|a| &a.target));
        }

        // 3. Raw async-nats, one request after another.
        let mut raw = Vec::new();
        for _ in 0..ROUNDS {
            let t = Instant::now();
            let mut n = 0;
            for i in 0..STREAMS {
                let mut s = js.get_stream(format!("BENCH_{i}")).await.expect("stream");
                let _ = s.info().await.expect("info");
                for c in 0..CONSUMERS_PER_STREAM {
                    let _ = s
                        .consumer_info(format!("c{c}"))
                        .await
                        .expect("consumer info");
                    n += 1;
                }
            }
            raw.push(t.elapsed());
            assert_eq!(n, STREAMS * CONSUMERS_PER_STREAM);
        }
        (lib, raw)
    });

    let (cli, lib, raw) = (median(cli), median(lib), median(raw));
    println!(
        "streams_plan: {STREAMS} streams, {} consumers, median of {ROUNDS} runs, nats-server at {}",
        STREAMS * CONSUMERS_PER_STREAM,
        Path::new(&url).display()
    );
    println!("  evt streams plan (binary, end to end):      {cli:>10.2?}");
    println!("  evt library fetch + plan (parallel):        {lib:>10.2?}");
    println!("  raw async-nats infos one by one:            {raw:>10.2?}");
    println!(
        "  ratio raw one-by-one / evt fetch + plan:    {:>10.1}x",
        raw.as_secs_f64() / lib.as_secs_f64()
    );
}

//! `cargo bench --bench failover_publish`: what a stream-leader failover costs a publisher.
//!
//! Starts its own 3-node JetStream cluster on loopback and, EVT_BENCH_KILLS times (default 3),
//! runs the release `evt publish --file` of 200,000 events into a fresh R3 stream, SIGKILLs
//! the stream leader once a tenth is stored, and measures the stall: from the kill until the
//! stream stores anything more. The killed node is restarted once publishing has resumed.
//! Prints each kill, the median stall, and checks that every publish exits 0 with every event
//! stored once (the stream's message count equals the events in the file).

#[path = "../tests/support/server.rs"]
#[allow(dead_code)]
mod server;

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, stream::StorageType};
use serde_json::json;

const EVENTS: usize = 200_000;

fn write_events(path: &Path) {
    let mut w = BufWriter::new(std::fs::File::create(path).expect("events file"));
    for i in 0..EVENTS {
        let e = json!({"event_type": "MARKET_TICK", "instrument_token": 738561, "exchange": "NSE",
            "tradingsymbol": "RELIANCE", "last_price": 2400.0 + (i % 1000) as f64 * 0.05, "volume": i});
        writeln!(w, "{e}").expect("write event");
    }
    w.flush().expect("flush events");
}

async fn stored(js: &jetstream::Context, stream: &str) -> Option<(u64, Option<String>)> {
    let ask = async {
        let mut s = js.get_stream(stream).await.ok()?;
        let i = s.info().await.ok()?;
        Some((
            i.state.messages,
            i.cluster.as_ref().and_then(|c| c.leader.clone()),
        ))
    };
    tokio::time::timeout(Duration::from_secs(2), ask)
        .await
        .ok()
        .flatten()
}

fn main() {
    let kills: usize = std::env::var("EVT_BENCH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let bin = Path::new(env!("CARGO_BIN_EXE_evt"));
    let mut cluster = server::NatsCluster::start();
    let url = cluster.url();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("ticks.ndjson");
    write_events(&file);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    // The JetStream context spawns its acker on the current runtime.
    let _runtime = rt.enter();
    let names: Vec<String> = cluster
        .nodes
        .iter()
        .map(|n| {
            rt.block_on(async {
                let c = async_nats::connect(n.url()).await.expect("connect node");
                c.server_info().server_name
            })
        })
        .collect();
    let addrs: Vec<async_nats::ServerAddr> = cluster
        .nodes
        .iter()
        .map(|n| n.url().parse().expect("node URL"))
        .collect();
    let client = rt
        .block_on(async_nats::connect(addrs))
        .expect("connect cluster");
    let js = jetstream::new(client);
    let mut stalls = Vec::new();
    for k in 0..kills {
        let stream = format!("FAILOVER_PUB_{k}");
        let subject = format!("fo{k}.tick");
        rt.block_on(async {
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                let made = js
                    .create_stream(jetstream::stream::Config {
                        name: stream.clone(),
                        subjects: vec![format!("fo{k}.>")],
                        storage: StorageType::File,
                        num_replicas: 3,
                        ..Default::default()
                    })
                    .await;
                match made {
                    Ok(_) => break,
                    Err(e) if Instant::now() < deadline => {
                        eprintln!("create {stream}: {e}; retrying");
                        tokio::time::sleep(Duration::from_millis(500)).await;
                    }
                    Err(e) => panic!("create {stream}: {e}"),
                }
            }
        });
        let child = Command::new(bin)
            .args(["-s", &url, "publish", &subject, "--file"])
            .arg(&file)
            .args(["-o", "json"])
            .env("HOME", dir.path())
            .env("RUST_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn evt");
        let deadline = Instant::now() + Duration::from_secs(120);
        let (before, leader) = loop {
            if let Some((n, Some(l))) = rt.block_on(stored(&js, &stream)) {
                if n >= (EVENTS / 10) as u64 {
                    break (n, l);
                }
            }
            assert!(Instant::now() < deadline, "publish made no progress");
            std::thread::sleep(Duration::from_millis(5));
        };
        let victim = names
            .iter()
            .position(|n| *n == leader)
            .expect("leader is a node");
        let killed = Instant::now();
        cluster.nodes[victim].kill();
        let stall = loop {
            let n = rt.block_on(stored(&js, &stream)).map_or(0, |s| s.0);
            if n > before {
                break killed.elapsed();
            }
            assert!(
                killed.elapsed() < Duration::from_secs(60),
                "no publish stored within 60 s of the kill"
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        cluster.nodes[victim].restart();
        let out = child.wait_with_output().expect("evt publish");
        assert!(
            out.status.success(),
            "evt publish failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let total = rt.block_on(stored(&js, &stream)).map_or(0, |s| s.0);
        assert_eq!(total, EVENTS as u64, "every event stored once");
        println!(
            "kill {}: stream leader {leader} killed at {before}/{EVENTS} stored; publish stalled {:.2?}; all {EVENTS} stored once",
            k + 1,
            stall
        );
        stalls.push(stall);
        rt.block_on(async {
            let _ = js.delete_stream(&stream).await;
        });
    }
    stalls.sort();
    println!(
        "publish stall after a stream-leader kill (3-node loopback cluster, R3): median {:.2?} of {kills} kills (min {:.2?}, max {:.2?})",
        stalls[kills / 2],
        stalls[0],
        stalls[kills - 1]
    );
}

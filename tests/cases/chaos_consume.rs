//! Chaos on a 3-node loopback cluster while `evt consume` runs: the consumer leader killed
//! (b) or frozen (c), `evt consume` itself killed and restarted (d); and the whole cluster
//! restarted during `evt dlq replay` (e). Each case prints lost,
//! duplicated and stall figures (see them with `--nocapture`); the stall is the longest gap
//! between handled events, from the handler's own timestamps.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer::PullConsumer, stream::RetentionPolicy};
use evt::codec::{Defaults, EncodeOptions};
use futures::StreamExt;

use super::subscriber::{factory, order};
use crate::support::{bus, evt_cmd, rt, NatsCluster};

const DURABLE: &str = "chaos";

/// R3 `ORDERS`, `DLQ` and `DLQ_ADVISORIES`, as `streams apply` would declare them.
async fn r3_streams(js: &jetstream::Context) {
    for (name, subject, retention) in [
        ("ORDERS", "orders.>", RetentionPolicy::Limits),
        ("DLQ", "dlq.>", RetentionPolicy::Limits),
        (
            "DLQ_ADVISORIES",
            "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>",
            RetentionPolicy::WorkQueue,
        ),
    ] {
        let cfg = jetstream::stream::Config {
            name: name.into(),
            subjects: vec![subject.into()],
            retention,
            num_replicas: 3,
            duplicate_window: Duration::from_secs(120),
            ..Default::default()
        };
        create_r3(js, cfg).await;
    }
}

/// Create an R3 stream on a cluster that just started, and wait until it is served.
async fn create_r3(js: &jetstream::Context, cfg: jetstream::stream::Config) {
    let name = cfg.name.clone();
    // Right after start the meta leader may not know every peer yet.
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Err(e) = js.create_stream(cfg.clone()).await {
        assert!(Instant::now() < deadline, "create {name}: {e}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Created is not yet served: until the stream's own group has a leader, a publish
    // finds no responder (seen once in CI as StreamNotFound on the first publish).
    loop {
        let led = match js.get_stream(&name).await {
            Ok(mut s) => s
                .info()
                .await
                .ok()
                .and_then(|i| i.cluster.as_ref().and_then(|c| c.leader.clone()))
                .is_some(),
            Err(_) => false,
        };
        if led {
            break;
        }
        assert!(Instant::now() < deadline, "{name} has no leader after 20 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Publish `n` order events, returning their event ids.
async fn publish(js: &jetstream::Context, n: usize) -> Vec<String> {
    let f = factory();
    let mut ids = Vec::new();
    for chunk in (0..n).collect::<Vec<_>>().chunks(250) {
        let mut acks = Vec::new();
        for i in chunk {
            let ev = f
                .prepare(
                    order(&format!("O-{i}"), 5),
                    &Defaults {
                        source: "chaos".into(),
                        correlation_id: None,
                    },
                )
                .unwrap();
            let enc = f.encode(&ev, &EncodeOptions::default()).unwrap();
            ids.push(ev.event_id.clone());
            acks.push(
                js.publish_with_headers("orders.filled", enc.headers, enc.payload)
                    .await
                    .unwrap(),
            );
        }
        for a in acks {
            a.await.unwrap();
        }
    }
    ids
}

/// `evt consume` of the R3 durable, each event's handling time, id and delivery appended to
/// `log` by the handler itself.
fn spawn_consume(home: &Path, url: &str, log: &Path, extra: &[&str]) -> Child {
    let cmd = format!(
        r#"read -r _; {}printf '%s %s %s\n' "$(date +%s%N)" "$EVT_EVENT_ID" "$EVT_DELIVERY" >> {}"#,
        extra.first().copied().unwrap_or(""),
        log.display()
    );
    let mut c = evt_cmd(home);
    c.args(["-s", url, "consume", "orders.>", "--durable", DURABLE])
        .args(["--exec", &cmd, "--concurrency", "8", "--until-idle", "3s"])
        .env("EVT_LOG", "warn,evt::pull=debug")
        .stdout(Stdio::null())
        .stderr(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(home.join("consume.stderr"))
                .expect("stderr file"),
        );
    c.spawn().expect("spawn evt consume")
}

/// (time in ns, event id, delivery) per handled event.
fn handled(log: &Path) -> Vec<(u128, String, u64)> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut p = l.split(' ');
            Some((
                p.next()?.parse().ok()?,
                p.next()?.to_string(),
                p.next()?.parse().ok()?,
            ))
        })
        .collect()
}

fn wait_handled(log: &Path, n: usize, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while handled(log).len() < n {
        assert!(
            Instant::now() < deadline,
            "fewer than {n} events handled in {timeout:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Wait for `child` at most `timeout`, killing it then; the stderr of every run so far.
fn finish(mut child: Child, home: &Path, timeout: Duration) -> (Option<i32>, String) {
    let stderr = || std::fs::read_to_string(home.join("consume.stderr")).unwrap_or_default();
    let deadline = Instant::now() + timeout;
    let code = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "evt consume did not finish within {timeout:?}:\n{}",
                stderr()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (code, stderr())
}

fn now_ns() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

async fn consumer_info(js: &jetstream::Context) -> jetstream::consumer::Info {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let got: Result<PullConsumer, _> = js.get_consumer_from_stream(DURABLE, "ORDERS").await;
        match got {
            Ok(c) => return c.cached_info().clone(),
            Err(e) => {
                assert!(Instant::now() < deadline, "consumer info: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

async fn leader(js: &jetstream::Context) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(l) = consumer_info(js).await.cluster.and_then(|c| c.leader) {
            return l;
        }
        assert!(Instant::now() < deadline, "the durable has no leader");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// What a case measured.
struct Figures {
    lost: usize,
    duplicated: usize,
    redelivered: usize,
    longest_gap: Duration,
    dead_lettered: u64,
    pending: u64,
    ack_pending: usize,
    ack_floor: u64,
    last_seq: u64,
}

async fn figures(js: &jetstream::Context, ids: &[String], log: &Path) -> Figures {
    let rows = handled(log);
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (_, id, _) in &rows {
        *seen.entry(id.as_str()).or_default() += 1;
    }
    let lost = ids
        .iter()
        .filter(|i| !seen.contains_key(i.as_str()))
        .count();
    let duplicated = seen.values().map(|n| n - 1).sum();
    let redelivered = rows.iter().filter(|r| r.2 > 1).count();
    let mut times: Vec<u128> = rows.iter().map(|r| r.0).collect();
    times.sort_unstable();
    let longest_gap = times
        .windows(2)
        .map(|w| Duration::from_nanos((w[1] - w[0]) as u64))
        .max()
        .unwrap_or_default();
    let info = consumer_info(js).await;
    let dead_lettered = js
        .get_stream("DLQ")
        .await
        .unwrap()
        .info()
        .await
        .unwrap()
        .state
        .messages;
    let last_seq = js
        .get_stream("ORDERS")
        .await
        .unwrap()
        .info()
        .await
        .unwrap()
        .state
        .last_sequence;
    Figures {
        lost,
        duplicated,
        redelivered,
        longest_gap,
        dead_lettered,
        pending: info.num_pending,
        ack_pending: info.num_ack_pending,
        ack_floor: info.ack_floor.stream_sequence,
        last_seq,
    }
}

fn print(case: &str, f: &Figures, extra: &str) {
    eprintln!(
        "chaos {case}: lost {}, duplicated {}, redelivered {}, longest gap between handled events {:.2?}, \
         dead-lettered {}, pending {}, ack pending {}, ack floor {}/{}{extra}",
        f.lost,
        f.duplicated,
        f.redelivered,
        f.longest_gap,
        f.dead_lettered,
        f.pending,
        f.ack_pending,
        f.ack_floor,
        f.last_seq
    );
}

fn assert_clean(case: &str, f: &Figures, stderr: &str) {
    assert_eq!(f.lost, 0, "{case}: events never handled\n{stderr}");
    assert_eq!(f.dead_lettered, 0, "{case}: dead letters\n{stderr}");
    assert_eq!(
        (f.pending, f.ack_pending),
        (0, 0),
        "{case}: left pending\n{stderr}"
    );
    assert_eq!(f.ack_floor, f.last_seq, "{case}: ack floor\n{stderr}");
}

/// Start the cluster, streams and 3,000 events, and `evt consume`; run `chaos` on the
/// consumer leader once a tenth is handled; print the figures and check them.
fn leader_case(case: &str, chaos: impl FnOnce(&mut NatsCluster, usize)) {
    let rt = rt();
    let mut cluster = NatsCluster::start();
    let url = cluster.url();
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("handled.log");
    let (js, ids) = rt.block_on(async {
        let b = bus(&url).await;
        let js = b.jetstream().clone();
        r3_streams(&js).await;
        let ids = publish(&js, 3000).await;
        (js, ids)
    });
    let child = spawn_consume(home.path(), &url, &log, &[]);
    wait_handled(&log, 300, Duration::from_secs(60));
    let lead = rt.block_on(leader(&js));
    let i = cluster
        .nodes
        .iter()
        .position(|n| n.name == lead)
        .expect("the leader is one of ours");
    // The server's own view of the failover: when the new leader was elected.
    // Watched through another node: the leader may be the one this test's client uses.
    let observer = cluster.nodes[(i + 1) % cluster.nodes.len()].url();
    let (watcher, sub) = rt.block_on(async {
        let b = bus(&observer).await;
        let sub = b
            .client()
            .subscribe(format!(
                "$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.ORDERS.{DURABLE}"
            ))
            .await;
        (b, sub)
    });
    let mut elected = sub.expect("subscribe to leader advisories");
    let elected = rt.spawn(async move {
        tokio::time::timeout(Duration::from_secs(60), elected.next())
            .await
            .ok()
            .flatten()
            .map(|_| now_ns())
    });
    let t0 = Instant::now();
    let killed_at = now_ns();
    chaos(&mut cluster, i);
    let (code, stderr) = finish(child, home.path(), Duration::from_secs(90));
    let election = rt
        .block_on(elected)
        .ok()
        .flatten()
        .map(|at| Duration::from_nanos((at.saturating_sub(killed_at)) as u64));
    drop(watcher);
    let f = rt.block_on(figures(&js, &ids, &log));
    // From the election to the first event handled after the kill: what evt controls.
    let resumed = election.and_then(|e| {
        let elected_ns = killed_at + e.as_nanos();
        handled(&log)
            .iter()
            .map(|r| r.0)
            .filter(|t| *t >= elected_ns)
            .min()
            .map(|t| Duration::from_nanos((t - elected_ns) as u64))
    });
    print(
        case,
        &f,
        &format!(
            ", election {election:.2?} after the chaos began, first event handled {resumed:.2?} after the election (leader {lead}, consume exited {code:?} after {:.1?})",
            t0.elapsed()
        ),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_clean(case, &f, &stderr);
    let election = election.expect("the cluster elected a new consumer leader");
    let resumed = resumed.expect("events handled after the election");
    assert!(
        resumed < Duration::from_secs(2),
        "{case}: consume resumed {resumed:?} after the election\n{stderr}"
    );
    // The issue's figure is 5 s. nats-server's Raft waits 4-9 s (randomised, not
    // configurable) before a follower campaigns, so when the election alone takes longer,
    // the stall can only be judged against the election plus the time to resume, which is
    // the 2 s asserted above (it was 1 s here, which contradicted that bound: a reconnect
    // that first lands on the frozen node waits out the connect timeout).
    let limit = Duration::from_secs(5).max(election + Duration::from_secs(2));
    assert!(
        f.longest_gap < limit,
        "{case}: handling stalled {:?} (election took {election:?})\n{stderr}",
        f.longest_gap
    );
    assert!(
        stderr.contains("consumer failover") || stderr.contains("pull lost"),
        "{case}: the failover was not logged\n{stderr}"
    );
}

#[test]
fn chaos_b_killing_the_consumer_leader_loses_nothing_and_consume_resumes_right_after_the_election()
{
    leader_case("(b) leader SIGKILL", |c, i| c.nodes[i].kill());
}

#[test]
fn chaos_c_freezing_the_consumer_leader_10s_loses_nothing_and_consume_resumes_right_after_the_election(
) {
    leader_case("(c) leader SIGSTOP 10s", |c, i| {
        c.nodes[i].freeze();
        std::thread::sleep(Duration::from_secs(10));
        c.nodes[i].thaw();
    });
}

#[test]
fn chaos_d_killing_consume_mid_batch_and_restarting_acks_every_event_once_on_the_server() {
    let rt = rt();
    let cluster = NatsCluster::start();
    let url = cluster.url();
    let home = tempfile::tempdir().unwrap();
    let log = home.path().join("handled.log");
    let (js, ids) = rt.block_on(async {
        let b = bus(&url).await;
        let js = b.jetstream().clone();
        r3_streams(&js).await;
        let ids = publish(&js, 1000).await;
        (js, ids)
    });
    // A handler that takes a while, so the kill lands with work in flight.
    let mut child = spawn_consume(home.path(), &url, &log, &["sleep 0.05; "]);
    wait_handled(&log, 200, Duration::from_secs(60));
    let before = handled(&log).len();
    child.kill().expect("SIGKILL evt consume");
    let _ = child.wait();
    let child = spawn_consume(home.path(), &url, &log, &["sleep 0.05; "]);
    let (code, stderr) = finish(child, home.path(), Duration::from_secs(120));
    let f = rt.block_on(figures(&js, &ids, &log));
    print(
        "(d) consume SIGKILL + restart",
        &f,
        &format!(", {before} handled before the kill"),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert_clean("(d)", &f, &stderr);
    // Only what was in flight at the kill comes back: at most one prefetch (16) plus the
    // running commands (8).
    assert!(
        f.duplicated <= 24,
        "(d): {} events handled twice",
        f.duplicated
    );
}

#[test]
fn chaos_e_restarting_the_whole_cluster_during_dlq_replay_of_10000_replays_each_event_once() {
    use super::dlq::{hdr, letter, read_all, Spec};
    const N: usize = 10_000;
    let rt = rt();
    let mut cluster = NatsCluster::start();
    let url = cluster.url();
    let home = tempfile::tempdir().unwrap();
    let js = rt.block_on(async {
        let js = bus(&url).await.jetstream().clone();
        for (name, subject) in [("DLQ", "dlq.>"), ("TRADING", "trading.>")] {
            let cfg = jetstream::stream::Config {
                name: name.into(),
                subjects: vec![subject.into()],
                num_replicas: 3,
                duplicate_window: Duration::from_secs(120),
                ..Default::default()
            };
            create_r3(&js, cfg).await;
        }
        js
    });
    let ids: std::collections::HashSet<String> = rt.block_on(async {
        let mut ids = std::collections::HashSet::new();
        let mut acks = Vec::new();
        for i in 0..N {
            let dl = letter(i as u64 + 1, &Spec::default());
            ids.insert(dl.original_msg_id.clone().unwrap());
            let (h, p) = dl.to_message();
            acks.push(
                js.publish_with_headers("dlq.TRADING.order-auditor", h, p)
                    .await
                    .unwrap(),
            );
            if acks.len() >= 500 {
                for a in acks.drain(..) {
                    a.await.unwrap();
                }
            }
        }
        for a in acks {
            a.await.unwrap();
        }
        ids
    });
    let count = |name: &'static str| {
        let js = js.clone();
        rt.block_on(async move {
            match js.get_stream(name).await {
                Ok(mut s) => s.info().await.map(|i| i.state.messages).ok(),
                Err(_) => None,
            }
        })
    };
    let replay = |args: &[&str]| {
        let mut c = evt_cmd(home.path());
        c.args(["-s", &url, "dlq", "replay"]).args(args);
        c
    };
    // Slow enough (2,000/s) that the restart lands mid-run.
    let log_path = home.path().join("replay.log");
    let mut first = replay(&["--rate", "2000/s"]);
    first
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap());
    let mut child = first.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while count("TRADING").unwrap_or(0) < 2_000 {
        assert!(Instant::now() < deadline, "replay made no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    let t0 = Instant::now();
    for n in cluster.nodes.iter_mut() {
        n.kill();
    }
    for n in cluster.nodes.iter_mut() {
        n.restart();
    }
    let restarted = t0.elapsed();
    let deadline = Instant::now() + Duration::from_secs(120);
    let first_code = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s.code();
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!(
                "the interrupted replay did not end:\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let first_log = std::fs::read_to_string(&log_path).unwrap_or_default();
    // The replay rides through the restart itself: no re-run needed.
    assert_eq!(
        first_code,
        Some(0),
        "the replay gave up during the restart:\n{first_log}"
    );
    let (dlq_left, target) = rt.block_on(async {
        let js = bus(&url).await.jetstream().clone();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match js.get_stream("DLQ").await {
                Ok(mut s) => {
                    if let Ok(i) = s.info().await {
                        break (i.state.messages, read_all(&js, "TRADING").await);
                    }
                }
                Err(e) => assert!(Instant::now() < deadline, "DLQ info: {e}"),
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (_, h, _) in &target {
        *seen
            .entry(hdr(h, "event-id").unwrap_or_default())
            .or_default() += 1;
    }
    let duplicated: usize = seen.values().map(|n| n - 1).sum();
    let lost = ids.iter().filter(|id| !seen.contains_key(*id)).count();
    eprintln!(
        "chaos (e) cluster restart during dlq replay of {N}: lost {lost}, duplicated {duplicated}, \
         DLQ left {dlq_left}, cluster down and back in {restarted:.2?}, replay exited {first_code:?}\n  \
         its last words: {}",
        first_log.lines().rev().take(3).collect::<Vec<_>>().join(" | ")
    );
    assert_eq!(dlq_left, 0, "DLQ empty afterwards\n{first_log}");
    assert_eq!(lost, 0, "{first_log}");
    assert_eq!(duplicated, 0, "{first_log}");
    assert_eq!(target.len(), N);
}

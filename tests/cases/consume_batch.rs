//! `evt consume --exec-batch` against real servers: one long-lived handler process answering
//! `ok` / `retry` / `dead` per NDJSON event line, and a handler that dies mid-stream losing
//! nothing (unanswered events are not acked and come back).

use std::time::Duration;

use async_nats::jetstream::stream::RetentionPolicy;
use evt::dlq::Reason;

use super::subscriber::{dead_letters, fixture, order, publish_event, Fixture};
use crate::support::{evt, rt, run_with, NatsServer};

fn setup(n: usize) -> (tokio::runtime::Runtime, Fixture) {
    let rt = rt();
    let f = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        for i in 0..n {
            publish_event(&f, "orders.filled", order(&format!("O-{i}"), 5), None).await;
        }
        f
    });
    (rt, f)
}

/// The backoff's first step is also the ack wait: a handler process slower than it (a loaded
/// machine) sees redeliveries, so both cases use roomy ones.
fn consume_with_backoff(f: &Fixture, backoff: &str, args: &[&str]) -> crate::support::Run {
    let mut c = evt(&f.server);
    c.args(["consume", "orders.>", "--backoff", backoff])
        .args(args);
    run_with(c, None, Duration::from_secs(60))
}

fn script(f: &Fixture, name: &str, text: &str) -> String {
    let path = f.server.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    format!("python3 -u {}", path.display())
}

async fn pending(f: &Fixture, durable: &str) -> (u64, usize) {
    let ci =
        f.js.get_stream("ORDERS")
            .await
            .unwrap()
            .consumer_info(durable)
            .await
            .unwrap();
    (ci.num_pending, ci.num_ack_pending)
}

#[test]
fn exec_batch_acks_retries_and_dead_letters_by_answer_line() {
    let (rt, f) = setup(4);
    // O-1 is retried once, O-2 is dead-lettered, the rest are acked; the log proves one
    // process saw every delivery.
    let log = f.server.dir.path().join("seen.txt");
    let cmd = script(
        &f,
        "handler.py",
        &format!(
            r#"import json, os, sys
seen = set()
log = open({log:?}, "a")
for line in sys.stdin:
    e = json.loads(line)
    oid = e["order_id"]
    log.write(f"{{os.getpid()}} {{oid}}\n"); log.flush()
    if oid == "O-1" and oid not in seen:
        seen.add(oid)
        print("retry downstream busy")
    elif oid == "O-2":
        print("dead account closed")
    else:
        print("ok")
"#,
            log = log.display().to_string()
        ),
    );
    let r = consume_with_backoff(
        &f,
        "1s",
        &[
            "--durable",
            "batcher",
            "--exec-batch",
            &cmd,
            "--concurrency",
            "8",
            "--count",
            "4",
        ],
    )
    .ok();
    assert!(
        r.stderr.contains("3 acked, 1 retried, 1 dead-lettered"),
        "{}",
        r.stderr
    );
    let seen = std::fs::read_to_string(&log).unwrap();
    let pids: std::collections::HashSet<&str> =
        seen.lines().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(pids.len(), 1, "one process for all events: {seen}");
    assert_eq!(seen.lines().count(), 5, "4 events + 1 redelivery: {seen}");
    rt.block_on(async {
        let dls = dead_letters(&f.js, 1).await;
        let dl = &dls[0].1;
        assert_eq!(dl.reason, Reason::Fatal);
        assert!(dl.error.contains("account closed"), "{}", dl.error);
        let body: serde_json::Value = serde_json::from_slice(&dls[0].1.payload).unwrap();
        assert_eq!(body["order_id"], "O-2");
        assert_eq!(pending(&f, "batcher").await, (0, 0));
    });
}

#[test]
fn exec_batch_handler_dying_mid_stream_loses_nothing() {
    let (rt, f) = setup(10);
    // Answers three events, reads a fourth, then dies without answering it. Both handlers
    // log the order ids they answered `ok`.
    let acked = f.server.dir.path().join("acked.txt");
    let crash = script(
        &f,
        "crash.py",
        &format!(
            r#"import json, sys
log = open({log:?}, "a")
for i, line in enumerate(sys.stdin):
    if i == 3:
        sys.exit(9)
    log.write(json.loads(line)["order_id"] + "\n"); log.flush()
    print("ok")
"#,
            log = acked.display().to_string()
        ),
    );
    let r = consume_with_backoff(
        &f,
        "2s",
        &[
            "--durable",
            "crashy",
            "--exec-batch",
            &crash,
            "--concurrency",
            "4",
        ],
    );
    assert_eq!(r.code(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("--exec-batch command failed")
            && r.stderr.contains("will be redelivered"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("3 acked"), "{}", r.stderr);
    // A healthy handler then gets exactly the other seven.
    let ok = script(
        &f,
        "ok.py",
        &format!(
            r#"import json, sys
log = open({log:?}, "a")
for line in sys.stdin:
    log.write(json.loads(line)["order_id"] + "\n"); log.flush()
    print("ok")
"#,
            log = acked.display().to_string()
        ),
    );
    let r = consume_with_backoff(
        &f,
        "2s",
        &[
            "--durable",
            "crashy",
            "--exec-batch",
            &ok,
            "--concurrency",
            "4",
            "--until-idle",
            "1s",
        ],
    )
    .ok();
    assert!(r.stderr.contains("0 dead-lettered"), "{}", r.stderr);
    // Every event answered `ok` by one of the two processes (a redelivery after a slow answer
    // may be answered twice; at-least-once), and the server holds nothing unacked.
    let seen: std::collections::BTreeSet<String> = std::fs::read_to_string(&acked)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let all: std::collections::BTreeSet<String> = (0..10).map(|i| format!("O-{i}")).collect();
    assert_eq!(seen, all);
    rt.block_on(async {
        assert_eq!(pending(&f, "crashy").await, (0, 0));
    });
}

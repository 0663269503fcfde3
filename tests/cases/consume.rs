//! `evt consume` against real servers: `--exec` exit codes (0 acks, 75 retries, other
//! dead-letters with the stderr tail), the environment the command sees, printing without
//! `--exec`, `--count`/`--until-idle`, Ctrl-C, and start-up failures as one line.

use std::process::Stdio;
use std::time::{Duration, Instant};

use async_nats::jetstream::stream::RetentionPolicy;
use evt::dlq::Reason;

use super::subscriber::{dead_letters, fixture, order, publish_event, Fixture};
use crate::support::{evt, rt, run_with, NatsServer};

fn setup(n: usize) -> (tokio::runtime::Runtime, Fixture, Vec<u64>) {
    let rt = rt();
    let (f, seqs) = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let mut seqs = Vec::new();
        for i in 0..n {
            let (seq, _, _) =
                publish_event(&f, "orders.filled", order(&format!("O-{i}"), 5), None).await;
            seqs.push(seq);
        }
        (f, seqs)
    });
    (rt, f, seqs)
}

fn consume(f: &Fixture, args: &[&str]) -> crate::support::Run {
    let mut c = evt(&f.server);
    c.args(["consume", "orders.>"]).args(args);
    run_with(c, None, Duration::from_secs(60))
}

#[test]
fn exec_exit_0_acks_and_the_command_sees_the_event_and_its_environment() {
    let (rt, f, seqs) = setup(3);
    let out = f.server.dir.path().join("seen.txt");
    let cmd = format!(
        r#"read -r body; printf '%s|%s|%s|%s|%s\n' "$EVT_SUBJECT" "$EVT_STREAM_SEQ" "$EVT_EVENT_TYPE" "$EVT_DELIVERY" "$body" >> {}"#,
        out.display()
    );
    let r = consume(
        &f,
        &["--durable", "auditor", "--exec", &cmd, "--count", "3"],
    )
    .ok();
    assert!(r.stderr.contains("3 acked"), "{}", r.stderr);
    let text = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for (line, seq) in lines.iter().zip(&seqs) {
        let parts: Vec<&str> = line.splitn(5, '|').collect();
        assert_eq!(
            &parts[..4],
            &["orders.filled", &seq.to_string(), "ORDER_FILLED", "1"]
        );
        let body: serde_json::Value = serde_json::from_str(parts[4]).unwrap();
        assert_eq!(body["event_type"], "ORDER_FILLED");
        assert!(body["order_id"].as_str().unwrap().starts_with("O-"));
    }
    rt.block_on(async {
        let ci =
            f.js.get_stream("ORDERS")
                .await
                .unwrap()
                .consumer_info("auditor")
                .await
                .unwrap();
        assert_eq!((ci.num_pending, ci.num_ack_pending), (0, 0));
    });
}

#[test]
fn exec_exit_75_retries_with_backoff_then_acks() {
    let (_rt, f, _) = setup(1);
    let cmd = r#"cat > /dev/null; [ "$EVT_DELIVERY" -ge 2 ] || exit 75"#;
    let r = consume(
        &f,
        &[
            "--durable",
            "retrier",
            "--exec",
            cmd,
            "--backoff",
            "200ms",
            "--count",
            "1",
        ],
    )
    .ok();
    assert!(
        r.stderr.contains("1 acked, 1 retried, 0 dead-lettered"),
        "{}",
        r.stderr
    );
}

#[test]
fn exec_other_exit_dead_letters_with_the_stderr_tail() {
    let (rt, f, seqs) = setup(1);
    let cmd =
        r#"cat > /dev/null; echo "starting" >&2; echo "order O-0 has no account" >&2; exit 3"#;
    let r = consume(&f, &["--durable", "auditor", "--exec", cmd, "--count", "1"]).ok();
    assert!(r.stderr.contains("1 dead-lettered to DLQ"), "{}", r.stderr);
    rt.block_on(async {
        let dls = dead_letters(&f.js, 1).await;
        let dl = &dls[0].1;
        assert_eq!(dl.reason, Reason::Fatal);
        assert_eq!(dl.stream_seq, seqs[0]);
        assert_eq!(dl.consumer, "auditor");
        assert!(dl.error.contains("exited 3"), "{}", dl.error);
        assert!(
            dl.error.contains("order O-0 has no account"),
            "{}",
            dl.error
        );
    });
}

#[test]
fn without_exec_events_are_printed_as_json_lines_and_acked() {
    let (_rt, f, _) = setup(2);
    let r = consume(&f, &["--durable", "printer", "--until-idle", "500ms"]).ok();
    let lines = r.stdout_lines();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    for l in lines {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert_eq!(v["event_type"], "ORDER_FILLED");
    }
    assert!(r.stderr.contains("2 acked"), "{}", r.stderr);
}

/// What a Python service published is printed as it wrote it (spaces after separators); a
/// gzip body, or one spread over lines, is printed as its decoded body on one line. Either
/// way each line is the event's JSON.
#[test]
fn printed_lines_are_the_stored_body_when_it_is_one_plain_line_else_the_decoded_body() {
    let rt = rt();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/python");
    let f = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        for (dir, pretty) in [
            ("order_filled_utc_gzip_correlated", false),
            ("order_cancelled_null_optionals_plain", false),
            ("order_cancelled_null_optionals_plain", true),
        ] {
            let dir = fixtures.join(dir);
            let names: serde_json::Map<String, serde_json::Value> =
                serde_json::from_slice(&std::fs::read(dir.join("headers.json")).unwrap()).unwrap();
            let mut headers = async_nats::HeaderMap::new();
            for (k, v) in &names {
                headers.insert(k.as_str(), v.as_str().unwrap());
            }
            let mut payload = std::fs::read(dir.join("payload.bin")).unwrap();
            if pretty {
                let v: serde_json::Value = serde_json::from_slice(&payload).unwrap();
                payload = serde_json::to_vec_pretty(&v).unwrap();
                // A second copy of the same event: give it its own message id.
                headers.insert("Nats-Msg-Id", "pretty-copy");
            }
            f.js.publish_with_headers("orders.cancelled", headers, payload.into())
                .await
                .unwrap()
                .await
                .unwrap();
        }
        f
    });
    let r = consume(&f, &["--durable", "as-stored", "--until-idle", "500ms"]).ok();
    let lines = r.stdout_lines();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    let expected = |dir: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(fixtures.join(dir).join("expected.json")).unwrap())
            .unwrap()
    };
    let gzip = expected("order_filled_utc_gzip_correlated");
    let plain = expected("order_cancelled_null_optionals_plain");
    for (line, want) in lines.iter().zip([&gzip, &plain, &plain]) {
        let got: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(&got, want, "{line}");
    }
    // The gzip body, inflated and decoded, compact; the plain one byte for byte; the pretty
    // one compact on one line.
    assert!(lines[0].starts_with("{\"event_id\":"), "{}", lines[0]);
    let stored =
        std::fs::read_to_string(fixtures.join("order_cancelled_null_optionals_plain/payload.bin"))
            .unwrap();
    assert_eq!(lines[1], stored.trim_end());
    assert!(lines[1].contains("\"event_type\": \"ORDER_CANCELLED\""));
    assert!(lines[2].starts_with("{\"event_id\":") && !lines[2].contains(": "));
    assert!(r.stderr.contains("3 acked"), "{}", r.stderr);
}

/// Printing pulls 512 at a time by default; a small `--prefetch` renews its pulls many times
/// over a few dozen events, and either way every event is printed once, in stream order.
#[test]
fn printing_with_default_and_small_prefetch_prints_every_event_once_in_order() {
    let (_rt, f, seqs) = setup(30);
    for (durable, extra) in [("big", &[][..]), ("small", &["--prefetch", "4"][..])] {
        let mut args = vec!["--durable", durable, "--until-idle", "500ms"];
        args.extend_from_slice(extra);
        let r = consume(&f, &args).ok();
        let ids: Vec<String> = r
            .stdout_lines()
            .iter()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v["order_id"].as_str().unwrap().to_string()
            })
            .collect();
        let want: Vec<String> = (0..seqs.len()).map(|i| format!("O-{i}")).collect();
        assert_eq!(ids, want, "{durable}");
        assert!(r.stderr.contains("30 acked"), "{durable}: {}", r.stderr);
    }
}

/// `--count N` hands exactly N events to the handler, however fast it is: the rest stay on
/// the server for the next run. (Checking the count every 50 ms instead let a printing
/// `--count 1` ack hundreds.) Runs in turn, parallel and ordered, see every event once.
#[test]
fn count_handles_exactly_n_and_the_next_runs_get_the_rest_once_each() {
    let (_rt, f, seqs) = setup(200);
    let mut seen = Vec::new();
    for (count, extra) in [
        ("1", &[][..]),
        ("50", &["--ordered-by-subject", "--concurrency", "4"][..]),
        ("149", &["--concurrency", "8"][..]),
    ] {
        let mut args = vec!["--durable", "peek", "--count", count];
        args.extend_from_slice(extra);
        let r = consume(&f, &args).ok();
        let lines = r.stdout_lines();
        assert_eq!(
            lines.len().to_string(),
            count,
            "--count {count}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&format!("{count} acked")),
            "--count {count}: {}",
            r.stderr
        );
        for l in lines {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            seen.push(v["order_id"].as_str().unwrap().to_string());
        }
    }
    assert_eq!(seen[0], "O-0", "the first run took the first event");
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen.len(),
        seqs.len(),
        "every event handled once across the runs"
    );
}

/// Large events and a large `--prefetch`: a pull is bounded by bytes as well as by count, so
/// evt never asks for more than it can take in. Asked for 4,096 events of ~900 KB at once,
/// the server pushed more than a client may have pending, cut the connection as a slow
/// consumer, and consume went through a reconnect and a failover to finish.
#[test]
fn large_events_with_a_large_prefetch_are_consumed_without_a_slow_consumer_disconnect() {
    let rt = rt();
    let f = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let big = "x".repeat(900_000);
        for i in 0..100 {
            publish_event(&f, "orders.filled", order(&format!("{i}-{big}"), 5), None).await;
        }
        f
    });
    let r = consume(
        &f,
        &["--durable", "bulk", "--prefetch", "4096", "--count", "100"],
    )
    .ok();
    assert_eq!(r.stdout_lines().len(), 100);
    assert!(r.stderr.contains("100 acked"), "{}", r.stderr);
    for sign in ["disconnected", "pull lost", "failover"] {
        assert!(!r.stderr.contains(sign), "{sign}: {}", r.stderr);
    }
}

#[test]
fn missing_stream_fails_with_one_line_and_exit_1() {
    let (_rt, f, _) = setup(0);
    let mut c = evt(&f.server);
    c.args(["consume", "nowhere.>", "--durable", "x", "--count", "1"]);
    let r = run_with(c, None, Duration::from_secs(30));
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("nowhere.>"), "{}", r.stderr);
}

#[test]
fn ctrl_c_lets_the_running_command_finish_acks_it_and_exits_130() {
    let (rt, f, _) = setup(1);
    let out = f.server.dir.path().join("done.txt");
    let cmd = format!("cat > /dev/null; sleep 1; echo done >> {}", out.display());
    let mut c = evt(&f.server);
    c.args(["consume", "orders.>", "--durable", "slow", "--exec", &cmd])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    // Wait until the command is running (the consumer has one ack pending).
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let pending = rt.block_on(async {
            f.js.get_stream("ORDERS")
                .await
                .unwrap()
                .consumer_info("slow")
                .await
                .map(|ci| ci.num_ack_pending)
                .unwrap_or(0)
        });
        if pending == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "the command never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "evt consume did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "done\n");
    rt.block_on(async {
        let ci =
            f.js.get_stream("ORDERS")
                .await
                .unwrap()
                .consumer_info("slow")
                .await
                .unwrap();
        assert_eq!(
            (ci.num_pending, ci.num_ack_pending),
            (0, 0),
            "acked before exit"
        );
    });
}

/// Regression: idle was counted from the last arrival, so a command slower than the idle
/// window made `--until-idle` exit with events still pending.
#[test]
fn until_idle_is_not_reached_while_a_command_slower_than_the_window_runs() {
    let (_rt, f, _seqs) = setup(3);
    let r = consume(
        &f,
        &[
            "--durable",
            "slowpoke",
            "--exec",
            "sleep 1.5",
            "--until-idle",
            "500ms",
            // Long enough that events waiting in the client are not redelivered meanwhile.
            "--ack-wait",
            "20s",
            "--backoff",
            "none",
        ],
    )
    .ok();
    assert!(r.stderr.contains("3 received: 3 acked"), "{}", r.stderr);
}

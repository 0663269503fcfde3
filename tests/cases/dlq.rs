//! Dead-letter operations against a real server: `evt dlq ls | show | replay | purge`.
//!
//! Dead letters are made the way the subscriber manager makes them: `DeadLetter::to_message()`
//! published into a DLQ stream capturing `dlq.>`.

use std::collections::{HashMap, HashSet};
use std::future::IntoFuture;
use std::process::Command;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, consumer, stream};
use async_nats::HeaderMap;
use bytes::Bytes;
use evt::dlq::{DeadLetter, Reason};
use futures::StreamExt;
use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::support::{evt, rt, run, run_with, NatsServer, Run};

const DLQ: &str = "DLQ";

/// A DLQ stream like `streams apply` declares it, and a target stream for `trading.>`.
pub(super) async fn setup(url: &str) -> jetstream::Context {
    let client = async_nats::connect(url).await.unwrap();
    let js = jetstream::new(client);
    js.create_stream(stream::Config {
        name: DLQ.into(),
        subjects: vec!["dlq.>".into()],
        storage: stream::StorageType::File,
        duplicate_window: Duration::from_secs(120),
        ..Default::default()
    })
    .await
    .unwrap();
    js.create_stream(stream::Config {
        name: "TRADING".into(),
        subjects: vec!["trading.>".into()],
        storage: stream::StorageType::File,
        duplicate_window: Duration::from_secs(120),
        ..Default::default()
    })
    .await
    .unwrap();
    js
}

pub(super) struct Spec<'a> {
    pub(super) subject: &'a str,
    pub(super) consumer: &'a str,
    pub(super) event_type: &'a str,
    pub(super) error: &'a str,
    pub(super) reason: Reason,
    pub(super) age: Duration,
}

impl Default for Spec<'_> {
    fn default() -> Self {
        Spec {
            subject: "trading.order.filled",
            consumer: "order-auditor",
            event_type: "ORDER_FILLED",
            error: "quantity mismatch",
            reason: Reason::Fatal,
            age: Duration::from_secs(60),
        }
    }
}

fn body(event_id: &str, event_type: &str) -> String {
    json!({
        "event_id": event_id,
        "event_type": event_type,
        "timestamp": "2024-05-01T09:15:00.123456+00:00",
        "source": "oms",
        "strategy_name": "mean-rev",
        "order_id": format!("o-{event_id}"),
        "instrument_token": 256265,
        "side": "BUY",
        "quantity": 5,
        "price": 101.5
    })
    .to_string()
}

pub(super) fn letter(i: u64, s: &Spec<'_>) -> DeadLetter {
    let event_id = uuid::Uuid::new_v4().to_string();
    let mut headers = HeaderMap::new();
    headers.insert("event-id", event_id.as_str());
    headers.insert("event-type", s.event_type);
    headers.insert("source", "oms");
    headers.insert("timestamp", "2024-05-01T09:15:00.123456+00:00");
    headers.insert("compressed", "false");
    headers.insert("x-desk", "eq-1");
    DeadLetter {
        original_subject: s.subject.into(),
        stream: "TRADING".into(),
        stream_seq: i,
        consumer: s.consumer.into(),
        deliveries: 3,
        error: s.error.into(),
        failed_at: OffsetDateTime::now_utc() - s.age,
        reason: s.reason,
        headers,
        payload: Bytes::from(body(&event_id, s.event_type)),
        original_msg_id: Some(event_id),
    }
}

/// Publishes the dead letter as the manager does; returns its DLQ sequence.
pub(super) async fn dead_letter(js: &jetstream::Context, dl: &DeadLetter) -> u64 {
    let (h, p) = dl.to_message();
    js.publish_with_headers(
        evt::dlq::dead_letter_subject(&dl.stream, &dl.consumer),
        h,
        p,
    )
    .await
    .unwrap()
    .await
    .unwrap()
    .sequence
}

/// Every message of a stream, in order (subject, headers, payload).
pub(super) async fn read_all(
    js: &jetstream::Context,
    name: &str,
) -> Vec<(String, HeaderMap, Bytes)> {
    let mut s = js.get_stream(name).await.unwrap();
    let n = s.info().await.unwrap().state.messages;
    if n == 0 {
        return Vec::new();
    }
    let c = s
        .create_consumer(consumer::pull::OrderedConfig::default())
        .await
        .unwrap();
    let mut msgs = c.messages().await.unwrap();
    let mut out = Vec::new();
    while (out.len() as u64) < n {
        let m = tokio::time::timeout(Duration::from_secs(10), msgs.next())
            .await
            .expect("reading stream timed out")
            .unwrap()
            .unwrap();
        let m = m.message;
        out.push((
            m.subject.to_string(),
            m.headers.unwrap_or_default(),
            m.payload,
        ));
    }
    out
}

pub(super) async fn count(js: &jetstream::Context, name: &str) -> u64 {
    js.get_stream(name)
        .await
        .unwrap()
        .info()
        .await
        .unwrap()
        .state
        .messages
}

pub(super) fn dlq_cmd(server: &NatsServer, args: &[&str]) -> Command {
    let mut c = evt(server);
    c.arg("dlq").args(args);
    c
}

pub(super) fn dlq(server: &NatsServer, args: &[&str]) -> Run {
    run(dlq_cmd(server, args))
}

pub(super) fn json_lines(r: &Run) -> Vec<Value> {
    r.stdout_lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

pub(super) fn seqs_of(server: &NatsServer, args: &[&str]) -> Vec<u64> {
    let mut a = vec!["ls", "--all", "-o", "json"];
    a.extend_from_slice(args);
    json_lines(&dlq(server, &a).ok())
        .iter()
        .map(|v| v["dlq_seq"].as_u64().unwrap())
        .collect()
}

pub(super) fn hdr(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name).map(|v| v.as_str().to_string())
}

#[test]
fn ls_lists_dead_letters_and_every_filter_selects() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(setup(&server.url()));
    let (s1, s2, s3, s4, junk) = rt.block_on(async {
        let s1 = dead_letter(&js, &letter(1, &Spec::default())).await;
        let s2 = dead_letter(
            &js,
            &letter(
                2,
                &Spec {
                    subject: "trading.order.placed",
                    event_type: "ORDER_PLACED",
                    consumer: "risk-gate",
                    error: "Broker TIMEOUT after 5s",
                    reason: Reason::RetriesExhausted,
                    age: Duration::from_secs(3 * 3600),
                },
            ),
        )
        .await;
        let s3 = dead_letter(
            &js,
            &letter(
                3,
                &Spec {
                    subject: "market.tick.nse",
                    event_type: "MARKET_TICK",
                    consumer: "tick-store",
                    reason: Reason::Decode,
                    age: Duration::from_secs(10 * 86_400),
                    ..Default::default()
                },
            ),
        )
        .await;
        // No event-type header: the type comes from the body.
        let mut d4 = letter(4, &Spec::default());
        d4.headers = HeaderMap::new();
        let s4 = dead_letter(&js, &d4).await;
        let junk = js
            .publish("dlq.stray", "not a dead letter".into())
            .await
            .unwrap()
            .await
            .unwrap()
            .sequence;
        (s1, s2, s3, s4, junk)
    });

    let r = dlq(&server, &["ls", "--all"]).ok();
    for col in [
        "DLQ SEQ", "AGE", "SUBJECT", "TYPE", "CONSUMER", "DELIV", "ERROR",
    ] {
        assert!(r.stdout.contains(col), "{}", r.stdout);
    }
    assert!(r.stdout.contains("trading.order.placed") && r.stdout.contains("risk-gate"));
    assert!(r.stdout.contains("Broker TIMEOUT after 5s"));
    assert!(r.stdout.contains("not a dead letter"), "{}", r.stdout);
    assert!(
        r.stdout.contains("3h") && r.stdout.contains("10d"),
        "{}",
        r.stdout
    );

    let all = json_lines(&dlq(&server, &["ls", "--all", "-o", "json"]).ok());
    assert_eq!(all.len(), 5);
    let first = &all[0];
    assert_eq!(first["dlq_seq"], s1);
    assert_eq!(first["original_subject"], "trading.order.filled");
    assert_eq!(first["consumer"], "order-auditor");
    assert_eq!(first["deliveries"], 3);
    assert_eq!(first["reason"], "fatal");
    assert_eq!(first["event_type"], "ORDER_FILLED");
    assert_eq!(first["headers"]["x-desk"], "eq-1");
    let payload = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        first["payload_base64"].as_str().unwrap(),
    )
    .unwrap();
    assert!(String::from_utf8(payload)
        .unwrap()
        .contains("\"ORDER_FILLED\""));
    assert_eq!(all[3]["event_type"], "ORDER_FILLED", "type from the body");
    assert_eq!(all[4]["dead_letter"], false);
    assert!(all[4]["problem"].as_str().unwrap().contains("missing"));

    assert_eq!(
        seqs_of(&server, &["--subject", "trading.order.*"]),
        [s1, s2, s4]
    );
    assert_eq!(seqs_of(&server, &["--subject", "market.>"]), [s3]);
    assert_eq!(seqs_of(&server, &["--type", "ORDER_FILLED"]), [s1, s4]);
    assert_eq!(seqs_of(&server, &["--consumer", "risk-gate"]), [s2]);
    assert_eq!(seqs_of(&server, &["--error", "timeout"]), [s2]);
    assert_eq!(seqs_of(&server, &["--reason", "decode"]), [s3]);
    assert_eq!(seqs_of(&server, &["--since", "1h"]), [s1, s4, junk]);
    assert_eq!(seqs_of(&server, &["--until", "1h"]), [s2, s3]);
    let t = (OffsetDateTime::now_utc() - Duration::from_secs(86_400))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    assert_eq!(seqs_of(&server, &["--since", &t]), [s1, s2, s4, junk]);
    assert_eq!(seqs_of(&server, &["--seq", &s2.to_string()]), [s2]);
    assert_eq!(
        seqs_of(&server, &["--seq-range", &format!("{s2}-{s4}")]),
        [s2, s3, s4]
    );
    assert_eq!(
        seqs_of(
            &server,
            &[
                "--consumer",
                "order-auditor",
                "--type",
                "ORDER_FILLED",
                "--seq-range",
                &format!("{s2}-")
            ]
        ),
        [s4]
    );
    assert_eq!(seqs_of(&server, &["--limit", "2"]), [s1, s2]);

    let r = dlq(&server, &["ls", "--seq-range", "9-3"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("9-3"), "{}", r.stderr);
}

#[test]
fn missing_dlq_stream_is_one_line() {
    let server = NatsServer::start();
    for args in [
        &["ls"][..],
        &["show", "1"],
        &["replay"],
        &["purge", "--all", "--yes"],
    ] {
        let r = dlq(&server, args);
        assert_eq!(r.code(), 1, "{args:?}: {r:?}");
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
        assert!(
            r.stderr.contains("no dead-letter stream 'DLQ'")
                && r.stderr.contains("evt streams apply"),
            "{}",
            r.stderr
        );
    }
    let mut c = dlq_cmd(&server, &["ls"]);
    c.env("EVT_DLQ_STREAM", "DEAD");
    let r = run(c);
    assert!(
        r.stderr.contains("no dead-letter stream 'DEAD'"),
        "{}",
        r.stderr
    );
}

#[test]
fn show_prints_everything_with_the_event_decoded() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(setup(&server.url()));
    let dl = letter(42, &Spec::default());
    let mut broken = letter(43, &Spec::default());
    broken.payload = Bytes::from_static(b"{\"event_type\": \"ORDER_FILLED\", oops");
    let (seq, bad, junk) = rt.block_on(async {
        let seq = dead_letter(&js, &dl).await;
        let bad = dead_letter(&js, &broken).await;
        let junk = js
            .publish("dlq.stray", "hello".into())
            .await
            .unwrap()
            .await
            .unwrap()
            .sequence;
        (seq, bad, junk)
    });
    let event_id = dl.original_msg_id.clone().unwrap();

    let r = dlq(&server, &["show", &seq.to_string()]).ok();
    for want in [
        "trading.order.filled",
        "stream TRADING seq 42",
        "order-auditor",
        "quantity mismatch",
        "fatal",
        "x-desk: eq-1",
        event_id.as_str(),
        "event (decoded)",
        "\"order_id\"",
    ] {
        assert!(r.stdout.contains(want), "missing {want}:\n{}", r.stdout);
    }
    let v: Value = serde_json::from_str(
        dlq(&server, &["show", &seq.to_string(), "-o", "json"])
            .ok()
            .stdout
            .trim(),
    )
    .unwrap();
    assert_eq!(v["event"]["event_id"], event_id.as_str());
    assert_eq!(v["event"]["quantity"], 5);
    assert_eq!(v["stream_seq"], 42);
    assert!(v.get("decode_error").is_none());

    let v: Value = serde_json::from_str(
        dlq(&server, &["show", &bad.to_string(), "-o", "json"])
            .ok()
            .stdout
            .trim(),
    )
    .unwrap();
    assert!(v["decode_error"].is_string(), "{v}");
    assert!(v.get("event").is_none());
    let r = dlq(&server, &["show", &bad.to_string()]).ok();
    assert!(r.stdout.contains("does not decode"), "{}", r.stdout);

    let r = dlq(&server, &["show", &junk.to_string()]).ok();
    assert!(r.stdout.contains("NOT A DEAD LETTER"), "{}", r.stdout);
    assert!(r.stdout.contains("hello"));

    let r = dlq(&server, &["show", "999"]);
    assert_eq!(r.code(), 1);
    assert_eq!(r.stderr.trim().lines().count(), 1);
    assert!(r.stderr.contains("no entry 999"), "{}", r.stderr);
}

#[test]
fn replay_republishes_original_bytes_under_a_new_id_then_removes_the_entry() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(setup(&server.url()));
    let filled = letter(1, &Spec::default());
    let placed = letter(
        2,
        &Spec {
            subject: "trading.order.placed",
            event_type: "ORDER_PLACED",
            ..Default::default()
        },
    );
    let (s_filled, s_placed, junk) = rt.block_on(async {
        let a = dead_letter(&js, &filled).await;
        let b = dead_letter(&js, &placed).await;
        let j = js
            .publish("dlq.stray", "x".into())
            .await
            .unwrap()
            .await
            .unwrap()
            .sequence;
        (a, b, j)
    });

    let r = dlq(&server, &["replay", "--type", "ORDER_FILLED", "-o", "json"]).ok();
    let rep: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(rep["replayed"], 1);
    assert_eq!(rep["skipped"], 2);
    assert_eq!(rep["failed"], 0);

    let target = rt.block_on(read_all(&js, "TRADING"));
    assert_eq!(target.len(), 1);
    let (subject, h, payload) = &target[0];
    assert_eq!(subject, "trading.order.filled");
    assert_eq!(payload, &filled.payload, "payload byte for byte");
    assert_eq!(hdr(h, "Evt-Replay-Of"), Some(format!("DLQ/{s_filled}")));
    assert_eq!(
        hdr(h, "Nats-Msg-Id"),
        Some(format!("replay:DLQ:{s_filled}"))
    );
    assert_eq!(hdr(h, "Evt-Dlq-Original-Msg-Id"), filled.original_msg_id);
    assert!(hdr(h, "Evt-Replayed-At").is_some());
    for (name, values) in filled.headers.iter() {
        let name: &str = name.as_ref();
        assert_eq!(
            hdr(h, name).as_deref(),
            values.first().map(|v| v.as_str()),
            "original header {name}"
        );
    }
    assert_eq!(
        seqs_of(&server, &[]),
        [s_placed, junk],
        "replayed entry removed"
    );

    // Re-running is a no-op.
    let r = dlq(&server, &["replay", "--type", "ORDER_FILLED"]).ok();
    assert!(r.stdout.contains("replayed"), "{}", r.stdout);
    assert_eq!(rt.block_on(count(&js, "TRADING")), 1);

    // --to sends the copy elsewhere; the non-dead-letter is skipped with its reason.
    let r = dlq(
        &server,
        &["replay", "--to", "trading.replays", "-o", "json"],
    )
    .ok();
    let rep: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(rep["replayed"], 1);
    assert_eq!(rep["skipped_invalid"], 1);
    assert!(
        r.stderr
            .contains(&format!("skipped DLQ entry {junk}: not a dead letter")),
        "{}",
        r.stderr
    );
    let target = rt.block_on(read_all(&js, "TRADING"));
    assert_eq!(target[1].0, "trading.replays");
    assert_eq!(target[1].2, placed.payload);
    assert_eq!(
        hdr(&target[1].1, "Evt-Replay-Of"),
        Some(format!("DLQ/{s_placed}"))
    );
    assert_eq!(seqs_of(&server, &[]), [junk]);

    let r = dlq(&server, &["replay", "--to", "trading.*"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("wildcard"), "{}", r.stderr);
    let r = dlq(&server, &["replay", "--to", "dlq.loop"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("would loop"), "{}", r.stderr);
}

#[test]
fn a_refused_replay_keeps_the_entry_and_exits_1() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(setup(&server.url()));
    let seq = rt.block_on(dead_letter(
        &js,
        &letter(
            1,
            &Spec {
                subject: "nowhere.order.filled",
                ..Default::default()
            },
        ),
    ));
    let r = dlq(&server, &["replay"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stderr
            .contains("no stream captures subject nowhere.order.filled"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("failed"), "{}", r.stdout);
    assert_eq!(seqs_of(&server, &[]), [seq], "entry stays");
    let r = dlq(&server, &["replay", "-o", "json"]);
    let rep: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(rep["failed"], 1);
    assert_eq!(rep["failures"][0]["dlq_seq"], seq);
}

#[test]
fn replay_after_a_crash_between_ack_and_delete_does_not_duplicate() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(setup(&server.url()));
    let letters: Vec<DeadLetter> = (1..=6).map(|i| letter(i, &Spec::default())).collect();
    rt.block_on(async {
        for (i, dl) in letters.iter().enumerate() {
            let seq = dead_letter(&js, dl).await;
            // The first three were replayed and acked, but the run died before deleting.
            if i < 3 {
                let (h, p) = dl.replay_message(DLQ, seq, OffsetDateTime::now_utc());
                js.publish_with_headers(dl.original_subject.clone(), h, p)
                    .await
                    .unwrap()
                    .await
                    .unwrap();
            }
        }
    });
    let r = dlq(&server, &["replay", "-o", "json"]).ok();
    let rep: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(rep["replayed"], 6);
    assert_eq!(rep["duplicates"], 3);
    assert_eq!(rt.block_on(count(&js, DLQ)), 0);
    let target = rt.block_on(read_all(&js, "TRADING"));
    let ids: Vec<String> = target
        .iter()
        .map(|(_, h, _)| hdr(h, "event-id").unwrap())
        .collect();
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(ids.len(), 6);
    assert_eq!(unique.len(), 6);
}

#[test]
fn dry_run_limit_and_rate() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(setup(&server.url()));
    let seqs: Vec<u64> = rt.block_on(async {
        let mut v = Vec::new();
        for i in 1..=12 {
            v.push(dead_letter(&js, &letter(i, &Spec::default())).await);
        }
        v
    });

    let r = dlq(
        &server,
        &[
            "replay",
            "--dry-run",
            "--consumer",
            "order-auditor",
            "--since",
            "1h",
        ],
    )
    .ok();
    assert!(r.stdout.contains("trading.order.filled"), "{}", r.stdout);
    assert!(r.stderr.contains("12 of 12 entries"), "{}", r.stderr);
    let r = dlq(
        &server,
        &["replay", "--dry-run", "-o", "json", "--limit", "3"],
    )
    .ok();
    let lines = json_lines(&r);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["target"], "trading.order.filled");
    assert_eq!(
        rt.block_on(count(&js, "TRADING")),
        0,
        "dry run publishes nothing"
    );
    assert_eq!(rt.block_on(count(&js, DLQ)), 12, "dry run deletes nothing");

    let r = dlq(&server, &["replay", "--limit", "2", "-o", "json"]).ok();
    let rep: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(rep["replayed"], 2);
    assert_eq!(rt.block_on(count(&js, "TRADING")), 2);
    assert_eq!(seqs_of(&server, &[]), seqs[2..]);

    // 10 entries at 5/s: the first goes at once, the other nine need at least 1.8 s.
    let start = Instant::now();
    let r = run_with(
        dlq_cmd(&server, &["replay", "--rate", "5/s", "-o", "json"]),
        None,
        Duration::from_secs(60),
    )
    .ok();
    let elapsed = start.elapsed();
    let rep: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(rep["replayed"], 10);
    assert!(elapsed >= Duration::from_millis(1700), "{elapsed:?}");
    let r = dlq(&server, &["replay", "--rate", "fast"]);
    assert_eq!(r.code(), 2);
}

#[test]
fn purge_needs_confirmation_and_deletes_only_what_matches() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(setup(&server.url()));
    let (old, new) = rt.block_on(async {
        let mut old = Vec::new();
        let mut new = Vec::new();
        for i in 0..6 {
            let age = if i % 2 == 0 { 8 * 86_400 } else { 60 };
            let s = dead_letter(
                &js,
                &letter(
                    i,
                    &Spec {
                        age: Duration::from_secs(age),
                        ..Default::default()
                    },
                ),
            )
            .await;
            if i % 2 == 0 {
                old.push(s)
            } else {
                new.push(s)
            }
        }
        (old, new)
    });
    let r = dlq(&server, &["purge", "--before", "7d"]);
    assert_eq!(r.code(), 1);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("--yes") && r.stderr.contains("3 dead letters"),
        "{}",
        r.stderr
    );
    assert_eq!(
        rt.block_on(count(&js, DLQ)),
        6,
        "nothing deleted without confirmation"
    );

    let r = dlq(&server, &["purge"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("--all"), "{}", r.stderr);

    let r = dlq(&server, &["purge", "--before", "7d", "--yes"]).ok();
    assert!(r.stdout.contains("purged 3"), "{}", r.stdout);
    assert_eq!(seqs_of(&server, &[]), new);
    let _ = old;

    let r = dlq(&server, &["purge", "--all", "--yes", "-o", "json"]).ok();
    let v: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(v["deleted"], 3);
    assert_eq!(rt.block_on(count(&js, DLQ)), 0);
}

/// The crash test: SIGKILL the server while 10,000 dead letters are being replayed,
/// restart it, re-run the replay; no event may be lost or delivered twice.
#[test]
fn server_killed_during_replay_of_10000_loses_and_duplicates_nothing() {
    const N: usize = 10_000;
    let mut server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(setup(&server.url()));
    let ids: HashSet<String> = rt.block_on(async {
        let mut ids = HashSet::new();
        let mut acks = futures::stream::FuturesUnordered::new();
        for i in 0..N {
            let dl = letter(i as u64 + 1, &Spec::default());
            ids.insert(dl.original_msg_id.clone().unwrap());
            let (h, p) = dl.to_message();
            acks.push(
                js.publish_with_headers("dlq.TRADING.order-auditor", h, p)
                    .await
                    .unwrap()
                    .into_future(),
            );
            if acks.len() >= 512 {
                acks.next().await.unwrap().unwrap();
            }
        }
        while let Some(a) = acks.next().await {
            a.unwrap();
        }
        ids
    });
    assert_eq!(rt.block_on(count(&js, DLQ)), N as u64);

    // Slow enough (2,000/s) that the kill lands mid-run.
    let mut cmd = dlq_cmd(&server, &["replay", "--rate", "2000/s"]);
    let log_path = server.dir.path().join("replay.log");
    let log = std::fs::File::create(&log_path).unwrap();
    cmd.stdout(std::process::Stdio::null()).stderr(log);
    let mut child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let n = rt.block_on(async {
            match js.get_stream("TRADING").await {
                Ok(mut s) => s.info().await.map(|i| i.state.messages).unwrap_or(0),
                Err(_) => 0,
            }
        });
        if n >= 2_000 {
            break;
        }
        assert!(Instant::now() < deadline, "replay made no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    server.kill();
    std::thread::sleep(Duration::from_millis(300));
    server.restart();
    // The interrupted run ends on its own (it may even finish after reconnecting).
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let log = std::fs::read_to_string(&log_path).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            panic!(
                "the interrupted replay did not end:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    // Re-run to completion.
    let r = run_with(
        dlq_cmd(&server, &["replay", "-o", "json"]),
        None,
        Duration::from_secs(120),
    )
    .ok();
    let rep: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(rep["failed"], 0, "{rep}");

    let rt2 = crate::support::rt();
    let (dlq_left, target) = rt2.block_on(async {
        let js = setup_existing(&server.url()).await;
        (count(&js, DLQ).await, read_all(&js, "TRADING").await)
    });
    assert_eq!(dlq_left, 0, "DLQ empty after the re-run");
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (_, h, _) in &target {
        assert!(
            hdr(h, "Evt-Replay-Of").is_some(),
            "replayed copies carry Evt-Replay-Of"
        );
        *seen.entry(hdr(h, "event-id").unwrap()).or_default() += 1;
    }
    let dups: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "{} events delivered twice", dups.len());
    let missing = ids.iter().filter(|id| !seen.contains_key(*id)).count();
    assert_eq!(missing, 0, "{missing} events lost");
    assert_eq!(target.len(), N);
}

async fn setup_existing(url: &str) -> jetstream::Context {
    jetstream::new(async_nats::connect(url).await.unwrap())
}

#[test]
fn ctrl_c_stops_taking_entries_finishes_in_flight_and_exits_130() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(setup(&server.url()));
    rt.block_on(async {
        for i in 1..=40 {
            dead_letter(&js, &letter(i, &Spec::default())).await;
        }
    });
    let mut cmd = dlq_cmd(&server, &["replay", "--rate", "10/s"]);
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while rt.block_on(count(&js, "TRADING")) < 3 {
        assert!(Instant::now() < deadline, "replay made no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("replayed"));
    let (left, replayed) =
        rt.block_on(async { (count(&js, DLQ).await, count(&js, "TRADING").await) });
    assert!(replayed < 40, "stopped early");
    assert_eq!(
        left + replayed,
        40,
        "every entry is either replayed or still in the DLQ"
    );
}

//! The one wire reader against real servers: a gzip bomb through tail, consume and dlq show
//! (a clear error naming the limit, nothing lost, peak RSS under 150 MB), JSON nested 100,000
//! deep through publish, tail and consume, and bodies that are JSON but wrong (a header that
//! contradicts the body, a schema violation) shown readably by tail and dead-lettered by
//! consume.

use std::io::Write;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use async_nats::jetstream::stream::RetentionPolicy;
use async_nats::HeaderMap;
use bytes::Bytes;
use evt::dlq::Reason;
use serde_json::{json, Value};

use super::subscriber::{dead_letters, fixture, order, publish_event, publish_raw, Fixture};
use crate::support::rss::run_measured;
use crate::support::{evt, rt, run_with, NatsServer, Run};

/// What the issue allows an evt process facing bombs.
const MAX_RSS: u64 = 150 * 1000 * 1000;
/// How far a bomb inflates.
const BOMB_INFLATED: u64 = 512 * 1024 * 1024;

/// An ORDER_FILLED whose `note` is 512 MiB of zeros, gzip'd in one member while streaming
/// (the test never holds the inflated body), built once per test process.
fn bomb() -> Bytes {
    static BOMB: OnceLock<Bytes> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let head = br#"{"event_id":"6a1f6c8e-0000-4000-8000-000000000b0b","event_type":"ORDER_FILLED","timestamp":"2026-11-26T10:00:00+00:00","source":"bomb","strategy_name":"alpha","order_id":"BOMB","instrument_token":1,"side":"BUY","quantity":1,"price":1.0,"note":""#;
        gz.write_all(head).unwrap();
        let zeros = vec![b'0'; 1 << 20];
        let mut written = head.len() as u64;
        while written < BOMB_INFLATED {
            gz.write_all(&zeros).unwrap();
            written += zeros.len() as u64;
        }
        gz.write_all(b"\"}").unwrap();
        Bytes::from(gz.finish().unwrap())
    })
    .clone()
}

fn bomb_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("event-type", "ORDER_FILLED");
    h.insert("compressed", "true");
    h
}

fn json_lines(r: &Run) -> Vec<Value> {
    r.stdout_lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn evt_args(f: &Fixture, args: &[&str]) -> Command {
    let mut c = evt(&f.server);
    c.args(args);
    c
}

fn assert_rss(what: &str, peak: u64) {
    eprintln!(
        "{what}: peak RSS {:.1} MiB",
        peak as f64 / (1024.0 * 1024.0)
    );
    assert!(
        peak > 0 && peak < MAX_RSS,
        "{what}: peak RSS {:.1} MiB (limit {} MB)",
        peak as f64 / (1024.0 * 1024.0),
        MAX_RSS / 1_000_000
    );
}

async fn stream_state(f: &Fixture, name: &str) -> (u64, u64) {
    let info =
        f.js.get_stream(name)
            .await
            .unwrap()
            .info()
            .await
            .unwrap()
            .clone();
    (info.state.messages, info.state.last_sequence)
}

#[test]
fn gzip_bomb_builds_small_enough_to_publish() {
    let b = bomb();
    assert!(
        b.len() < 1024 * 1024,
        "bomb is {} bytes on the wire",
        b.len()
    );
    assert!(b.starts_with(&[0x1f, 0x8b]));
}

#[test]
fn gzip_bomb_in_tail_is_an_error_naming_the_limit_in_bounded_memory() {
    let rt = rt();
    let f = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        publish_raw(&f, "orders.filled", bomb_headers(), bomb()).await;
        publish_event(&f, "orders.filled", order("GOOD", 5), None).await;
        f
    });
    let timeout = Duration::from_secs(60);
    // --decode, text.
    let m = run_measured(
        evt_args(
            &f,
            &["tail", "orders.>", "--decode", "--all", "--count", "2"],
        ),
        None,
        timeout,
    );
    let r = &m.run;
    assert_eq!(r.code(), 0, "{}\n{}", r.stdout, r.stderr);
    let lines = r.stdout_lines();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].contains("UNDECODABLE [seq 1]")
            && lines[0].contains("the gzip body inflates to more than the limit of 8 MiB"),
        "{}",
        lines[0]
    );
    assert!(lines[0].len() < 500, "no body is printed: {}", lines[0]);
    assert!(
        lines[1].contains("ORDER_FILLED") && lines[1].contains("id=GOOD"),
        "{}",
        lines[1]
    );
    assert_rss("tail --decode", m.peak_rss_bytes);

    // --decode -o json: error, kind, and no body.
    let m = run_measured(
        evt_args(
            &f,
            &[
                "tail", "orders.>", "--decode", "--all", "--count", "2", "-o", "json",
            ],
        ),
        None,
        timeout,
    );
    assert_eq!(m.run.code(), 0, "{}", m.run.stderr);
    let v = json_lines(&m.run);
    assert_eq!(v[0]["error_kind"], "too_large", "{}", v[0]);
    assert!(v[0]["error"]
        .as_str()
        .unwrap()
        .contains("limit of 8 MiB (8388608 bytes)"));
    assert!(
        v[0].get("body").is_none()
            && v[0].get("data").is_none()
            && v[0].get("data_base64").is_none()
    );
    assert_eq!(v[1]["event"]["order_id"], "GOOD");
    assert_rss("tail --decode -o json", m.peak_rss_bytes);

    // Raw: not shown, with the limit; and a raised limit is honoured (the body is still past it).
    let m = run_measured(
        evt_args(
            &f,
            &[
                "tail",
                "orders.>",
                "--all",
                "--count",
                "2",
                "--max-inflate",
                "16MiB",
            ],
        ),
        None,
        timeout,
    );
    assert_eq!(m.run.code(), 0, "{}", m.run.stderr);
    let lines = m.run.stdout_lines();
    assert!(
        lines[0].starts_with("[1] orders.filled: NOT SHOWN: ")
            && lines[0].contains("limit of 16 MiB"),
        "{}",
        lines[0]
    );
    assert_rss("tail raw", m.peak_rss_bytes);

    // The measurement can fail: with the limit raised past the bomb, tail inflates all of it.
    let m = run_measured(
        evt_args(
            &f,
            &[
                "tail",
                "orders.>",
                "--all",
                "--count",
                "1",
                "-o",
                "json",
                "--max-inflate",
                "1GiB",
            ],
        ),
        None,
        timeout,
    );
    assert_eq!(m.run.code(), 0, "{}", m.run.stderr);
    assert!(
        m.peak_rss_bytes > BOMB_INFLATED,
        "peak {:.1} MiB: the RSS probe missed the inflated body",
        m.peak_mib()
    );
}

#[test]
fn gzip_bombs_under_consume_concurrency_8_are_dead_lettered_as_decode_and_nothing_is_lost() {
    const BOMBS: u64 = 8;
    const GOOD: u64 = 8;
    let rt = rt();
    let f = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        for i in 0..BOMBS {
            publish_raw(&f, "orders.filled", bomb_headers(), bomb()).await;
            publish_event(&f, "orders.filled", order(&format!("G-{i}"), 5), None).await;
        }
        f
    });
    let m = run_measured(
        evt_args(
            &f,
            &[
                "consume",
                "orders.>",
                "--durable",
                "bomb-eater",
                "--concurrency",
                "8",
                "--count",
                "16",
            ],
        ),
        None,
        Duration::from_secs(120),
    );
    let r = &m.run;
    assert_eq!(r.code(), 0, "{}\n{}", r.stdout, r.stderr);
    // The good events are handled (printed and acked), every bomb is dead-lettered.
    let handled: Vec<Value> = json_lines(r);
    let mut ids: Vec<String> = handled
        .iter()
        .map(|v| v["order_id"].as_str().unwrap_or("?").to_string())
        .collect();
    ids.sort();
    let want: Vec<String> = (0..GOOD).map(|i| format!("G-{i}")).collect();
    assert_eq!(ids, want, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{GOOD} acked"))
            && r.stderr.contains(&format!("{BOMBS} dead-lettered")),
        "{}",
        r.stderr
    );
    assert_rss("consume --concurrency 8", m.peak_rss_bytes);

    rt.block_on(async {
        let dls = dead_letters(&f.js, BOMBS).await;
        assert_eq!(dls.len() as u64, BOMBS);
        for (_, dl) in &dls {
            assert_eq!(dl.reason, Reason::Decode, "{}", dl.error);
            assert!(dl.error.contains("limit of 8 MiB"), "{}", dl.error);
            assert_eq!(
                dl.payload,
                bomb(),
                "the dead letter keeps the original bytes"
            );
        }
        // Nothing lost: the stream still holds every message, the DLQ holds every bomb, and
        // the consumer has nothing pending or unacknowledged.
        assert_eq!(stream_state(&f, "ORDERS").await.0, BOMBS + GOOD);
        assert_eq!(stream_state(&f, "DLQ").await.0, BOMBS);
        let mut c =
            f.js.get_stream("ORDERS")
                .await
                .unwrap()
                .get_consumer::<async_nats::jetstream::consumer::pull::Config>("bomb-eater")
                .await
                .unwrap();
        let info = c.info().await.unwrap();
        assert_eq!((info.num_pending, info.num_ack_pending), (0, 0));
    });

    // dlq show reports the bomb instead of printing its body.
    let m = run_measured(
        evt_args(&f, &["dlq", "show", "1"]),
        None,
        Duration::from_secs(60),
    );
    let r = &m.run;
    assert_eq!(r.code(), 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("reason         decode"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("not shown: it inflates to more than the limit of 8 MiB"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("event: does not decode: ")
            && r.stdout
                .contains("the gzip body inflates to more than the limit of 8 MiB"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.len() < 4096, "the body is not printed");
    assert_rss("dlq show", m.peak_rss_bytes);
    let m = run_measured(
        evt_args(&f, &["dlq", "show", "1", "-o", "json"]),
        None,
        Duration::from_secs(60),
    );
    let v: Value = serde_json::from_str(m.run.stdout.trim()).unwrap();
    assert_eq!(v["decode_error_kind"], "too_large", "{v}");
    assert!(v.get("event").is_none());
    assert_rss("dlq show -o json", m.peak_rss_bytes);
}

/// An ORDER_FILLED whose `note` is an array of ~4 million zeros: under 8 MiB inflated (so
/// within --max-inflate), but a `Value` of it takes over 300 MiB.
fn value_bomb() -> Bytes {
    static BOMB: OnceLock<Bytes> = OnceLock::new();
    BOMB.get_or_init(|| {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(br#"{"event_id":"6a1f6c8e-0000-4000-8000-000000000a0a","event_type":"ORDER_FILLED","timestamp":"2026-11-26T10:00:00+00:00","source":"bomb","strategy_name":"alpha","order_id":"VALUES","instrument_token":1,"side":"BUY","quantity":1,"price":1.0,"note":[0"#).unwrap();
        let zeros = ",0".repeat(1 << 16);
        for _ in 0..60 {
            gz.write_all(zeros.as_bytes()).unwrap();
        }
        gz.write_all(b"]}").unwrap();
        Bytes::from(gz.finish().unwrap())
    })
    .clone()
}

/// Regression: a body within --max-inflate that expands many times once parsed (8 MB of
/// `[0,0,…]` took `tail --decode` to 350 MB) is refused by its count of JSON values, before
/// parsing, in tail and in consume at concurrency 8; the good events around it are handled.
#[test]
fn a_body_of_millions_of_values_is_refused_before_parsing_in_bounded_memory() {
    const BOMBS: u64 = 8;
    let rt = rt();
    let f = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        for i in 0..BOMBS {
            publish_raw(&f, "orders.filled", bomb_headers(), value_bomb()).await;
            publish_event(&f, "orders.filled", order(&format!("G-{i}"), 5), None).await;
        }
        f
    });
    let m = run_measured(
        evt_args(
            &f,
            &[
                "tail", "orders.>", "--decode", "--all", "--count", "16", "-o", "json",
            ],
        ),
        None,
        Duration::from_secs(60),
    );
    assert_eq!(m.run.code(), 0, "{}", m.run.stderr);
    let v = json_lines(&m.run);
    assert_eq!(v.len(), 16);
    assert_eq!(v[0]["error_kind"], "too_many_values", "{}", v[0]);
    assert!(v[0]["error"]
        .as_str()
        .unwrap()
        .contains("more than the limit of 100000 values"));
    assert_eq!(v[1]["event"]["order_id"], "G-0");
    assert_rss("tail --decode of value bombs", m.peak_rss_bytes);

    let m = run_measured(
        evt_args(
            &f,
            &[
                "consume",
                "orders.>",
                "--durable",
                "value-eater",
                "--concurrency",
                "8",
                "--count",
                "16",
            ],
        ),
        None,
        Duration::from_secs(120),
    );
    let r = &m.run;
    assert_eq!(r.code(), 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(json_lines(r).len() as u64, BOMBS, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("{BOMBS} dead-lettered")),
        "{}",
        r.stderr
    );
    assert_rss("consume --concurrency 8 of value bombs", m.peak_rss_bytes);
    rt.block_on(async {
        let dls = dead_letters(&f.js, BOMBS).await;
        assert_eq!(dls.len() as u64, BOMBS);
        for (_, dl) in &dls {
            assert_eq!(dl.reason, Reason::Decode, "{}", dl.error);
            assert!(dl.error.contains("100000 values"), "{}", dl.error);
        }
    });
    // A limit raised past the body is honoured: the value count was the only thing refusing
    // it. (Text output: `-o json` would bring 8 MB of zeros back into this test process.)
    let r = run_with(
        evt_args(
            &f,
            &[
                "tail",
                "orders.>",
                "--decode",
                "--all",
                "--count",
                "1",
                "--max-json-values",
                "10000000",
            ],
        ),
        None,
        Duration::from_secs(120),
    );
    assert_eq!(r.code(), 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("ORDER_FILLED") && r.stdout.contains("id=VALUES"),
        "{}",
        r.stdout
    );
}

/// An ORDER_FILLED body whose `note` nests arrays 100,000 deep.
fn deep_body() -> String {
    let n = 100_000;
    format!(
        r#"{{"event_type":"ORDER_FILLED","strategy_name":"alpha","order_id":"DEEP","instrument_token":1,"side":"BUY","quantity":1,"price":1.0,"note":{}{}}}"#,
        "[".repeat(n),
        "]".repeat(n)
    )
}

#[test]
fn json_nested_100000_deep_is_a_per_line_error_in_publish_and_the_good_lines_go_out() {
    let rt = rt();
    let f = rt.block_on(fixture(NatsServer::start(), RetentionPolicy::Limits));
    let good = |id: &str| order(id, 5).to_string();
    let input = format!("{}\n{}\n{}\n", good("A"), deep_body(), good("B"));
    let mut c = evt(&f.server);
    c.args(["publish", "orders.filled"]);
    let r = run_with(c, Some(input.as_bytes()), Duration::from_secs(60));
    assert_eq!(r.code(), 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("line 2: nested deeper than 127 levels of arrays and objects"),
        "{}",
        r.stderr
    );
    assert_eq!(rt.block_on(stream_state(&f, "ORDERS")).0, 2, "{}", r.stderr);
}

#[test]
fn json_nested_100000_deep_is_shown_by_tail_and_dead_lettered_by_consume() {
    let rt = rt();
    let f = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let mut h = HeaderMap::new();
        h.insert("event-type", "ORDER_FILLED");
        publish_raw(&f, "orders.filled", h, Bytes::from(deep_body())).await;
        publish_event(&f, "orders.filled", order("GOOD", 5), None).await;
        f
    });
    let mut c = evt(&f.server);
    c.args([
        "tail", "orders.>", "--decode", "--all", "--count", "2", "-o", "json",
    ]);
    let r = run_with(c, None, Duration::from_secs(30)).ok();
    let v = json_lines(&r);
    assert_eq!(v[0]["error_kind"], "bad_json", "{}", v[0]["error"]);
    assert!(v[0]["error"]
        .as_str()
        .unwrap()
        .contains("recursion limit exceeded"));
    assert_eq!(v[1]["event"]["order_id"], "GOOD");

    let mut c = evt(&f.server);
    c.args(["consume", "orders.>", "--durable", "deep", "--count", "2"]);
    let r = run_with(c, None, Duration::from_secs(60)).ok();
    assert!(r.stderr.contains("1 dead-lettered"), "{}", r.stderr);
    rt.block_on(async {
        let dls = dead_letters(&f.js, 1).await;
        assert_eq!(dls[0].1.reason, Reason::Decode);
        assert!(
            dls[0].1.error.contains("recursion limit exceeded"),
            "{}",
            dls[0].1.error
        );
    });
}

#[test]
fn a_header_contradicting_the_body_or_a_schema_violation_is_shown_as_json_and_dead_lettered() {
    let rt = rt();
    let f = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        // The header says ORDER_PLACED; the body is an ORDER_FILLED.
        let (_, mut h, p) = publish_event(&f, "orders.filled", order("MISMATCH", 5), None).await;
        h.insert("event-type", "ORDER_PLACED");
        h.insert("Nats-Msg-Id", "mismatch-copy");
        publish_raw(&f, "orders.filled", h, p).await;
        // A Python service's fill: valid JSON, but `status` is not in the schema's enum.
        let mut py = order("PY-1", 5);
        py["event_id"] = json!("0b5e9a86-5d4c-4a8e-9c43-0f3b3c9b8f0e");
        py["timestamp"] = json!("2026-11-26T10:00:00.123456");
        py["source"] = json!("python-oms");
        py["status"] = json!("FILLED");
        let mut h = HeaderMap::new();
        h.insert("event-type", "ORDER_FILLED");
        h.insert("compressed", "true");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(py.to_string().as_bytes()).unwrap();
        publish_raw(&f, "orders.filled", h, Bytes::from(gz.finish().unwrap())).await;
        f
    });
    // The first message (seq 1) is the good original; the two broken ones follow.
    let mut c = evt(&f.server);
    c.args(["tail", "orders.>", "--decode", "--seq", "2", "--count", "2"]);
    let r = run_with(c, None, Duration::from_secs(30)).ok();
    let lines = r.stdout_lines();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].contains("UNDECODABLE [seq 2]")
            && lines[0].contains(
                r#"header event-type is "ORDER_PLACED" but the body says "ORDER_FILLED""#
            )
            && lines[0].contains(r#"; body: {"#)
            && lines[0].contains(r#""order_id":"MISMATCH""#)
            && !lines[0].contains("base64"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("UNDECODABLE [seq 3]")
            && lines[1].contains("ORDER_FILLED: /status")
            && lines[1].contains(r#""status":"FILLED""#)
            && lines[1].contains(r#""source":"python-oms""#)
            && !lines[1].contains("base64"),
        "{}",
        lines[1]
    );
    let mut c = evt(&f.server);
    c.args([
        "tail", "orders.>", "--decode", "--seq", "2", "--count", "2", "-o", "json",
    ]);
    let r = run_with(c, None, Duration::from_secs(30)).ok();
    let v = json_lines(&r);
    assert_eq!(v[0]["error_kind"], "header_mismatch");
    assert_eq!(v[0]["body"]["event_type"], "ORDER_FILLED");
    assert_eq!(v[0]["body"]["order_id"], "MISMATCH");
    assert_eq!(v[1]["error_kind"], "schema_violation");
    assert_eq!(
        v[1]["body"]["status"], "FILLED",
        "the gzip body is shown inflated"
    );
    assert!(v
        .iter()
        .all(|o| o.get("data_base64").is_none() && o.get("event").is_none()));

    let mut c = evt(&f.server);
    c.args(["consume", "orders.>", "--durable", "strict", "--count", "3"]);
    let r = run_with(c, None, Duration::from_secs(60)).ok();
    assert!(
        r.stderr.contains("1 acked") && r.stderr.contains("2 dead-lettered"),
        "{}",
        r.stderr
    );
    rt.block_on(async {
        let dls = dead_letters(&f.js, 2).await;
        assert!(dls.iter().all(|(_, d)| d.reason == Reason::Decode));
        assert!(
            dls[0].1.error.contains("ORDER_PLACED"),
            "{}",
            dls[0].1.error
        );
        assert!(dls[1].1.error.contains("/status"), "{}", dls[1].1.error);
    });
}

#[test]
fn an_over_long_publish_line_is_reported_by_number_and_the_next_lines_are_published() {
    let rt = rt();
    let f = rt.block_on(fixture(NatsServer::start(), RetentionPolicy::Limits));
    let mut long = order("LONG", 5);
    long["note"] = json!("x".repeat(4 << 20));
    let input = format!("{}\n{}\n{}\n", order("A", 5), long, order("B", 5));
    let mut c = evt(&f.server);
    c.args(["publish", "orders.filled", "--max-inflate", "64KiB"]);
    let r = run_with(c, Some(input.as_bytes()), Duration::from_secs(60));
    assert_eq!(r.code(), 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("line 2: the line is longer than the limit of 64 KiB (65536 bytes); skipped"),
        "{}",
        r.stderr
    );
    assert_eq!(rt.block_on(stream_state(&f, "ORDERS")).0, 2, "{}", r.stderr);
}

#[test]
fn the_library_subscriber_dead_letters_a_body_past_its_factorys_limit_as_decode() {
    use evt::codec::EventFactory;
    use evt::event::TradingEvent;
    use evt::schema::SchemaRegistry;
    use evt::subscriber::{on, SubscriberManager};
    use evt::wire::Limits;
    use std::sync::{Arc, Mutex};

    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let factory = Arc::new(
            EventFactory::new(Arc::new(SchemaRegistry::builtin().unwrap())).with_limits(Limits {
                max_inflated: 4096,
                ..Limits::default()
            }),
        );
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s2 = seen.clone();
        let mut m = SubscriberManager::new(f.bus.clone(), factory).handle(
            on("orders.>").durable("small").concurrency(4),
            move |e: TradingEvent| {
                let seen = s2.clone();
                async move {
                    seen.lock().unwrap().push(e.order_id.unwrap_or_default());
                    Ok(())
                }
            },
        );
        m.start().await.unwrap();
        // A fill whose note makes it 8 KiB once inflated; the good one is well under 4 KiB.
        let mut big = order("BIG", 5);
        big["event_id"] = json!("6a1f6c8e-0000-4000-8000-000000000b1g");
        big["timestamp"] = json!("2026-11-26T10:00:00+00:00");
        big["source"] = json!("test");
        big["note"] = json!("0".repeat(8192));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(big.to_string().as_bytes()).unwrap();
        let seq = publish_raw(
            &f,
            "orders.filled",
            bomb_headers(),
            Bytes::from(gz.finish().unwrap()),
        )
        .await;
        publish_event(&f, "orders.filled", order("SMALL", 5), None).await;
        let dls = dead_letters(&f.js, 1).await;
        let dl = &dls[0].1;
        assert_eq!(dl.reason, Reason::Decode);
        assert_eq!(dl.stream_seq, seq);
        assert!(
            dl.error.contains("orders.filled")
                && dl
                    .error
                    .contains("more than the limit of 4 KiB (4096 bytes)"),
            "{}",
            dl.error
        );
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while seen.lock().unwrap().is_empty() {
            assert!(
                std::time::Instant::now() < deadline,
                "the good event was not handled"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let report = m.stop().await;
        let h = &report.stats.handlers[0];
        assert_eq!((h.acked, h.decode_failures, h.dead_lettered), (1, 1, 1));
        assert_eq!(*seen.lock().unwrap(), vec!["SMALL".to_string()]);
    });
}

#[test]
fn a_512_mib_publish_line_without_newline_is_refused_without_being_buffered() {
    use crate::support::rss::Measured;
    // No server: a dry run reads and validates only.
    let home = tempfile::tempdir().unwrap();
    let mut c = crate::support::evt_cmd(home.path());
    c.args(["publish", "orders.filled", "--dry-run"]);
    let first = format!("{}\n", order("A", 5));
    let m = Measured::spawn_feeding(c, move |pipe| {
        if pipe.write_all(first.as_bytes()).is_err() {
            return;
        }
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..512 {
            if pipe.write_all(&chunk).is_err() {
                return;
            }
        }
    })
    .wait(Duration::from_secs(120));
    let r = &m.run;
    assert_eq!(r.code(), 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("\"order_id\":\"A\""), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("line 2: the line is longer than the limit of 8 MiB"),
        "{}",
        r.stderr
    );
    assert_rss("publish of a 512 MiB line", m.peak_rss_bytes);
}

//! `evt publish` and the publisher library against real servers: single events, stdin,
//! batches (NDJSON, JSON array), bad lines, duplicates, refusals before connecting, size
//! limits, missing streams, dry runs, compression, and a retry across a server restart.

use std::io::{Read, Write};
use std::time::Duration;

use async_nats::jetstream::{self, stream::StorageType};
use serde_json::{json, Value};

use crate::support::{
    bus, evt, evt_cmd, free_port, rt, run, run_with, unique, NatsServer, ServerConfig,
};

fn tick(i: u64) -> Value {
    json!({"event_type": "MARKET_TICK", "instrument_token": 738561, "exchange": "NSE",
           "tradingsymbol": "RELIANCE", "last_price": 2500.5 + i as f64, "volume": 1000 + i})
}

fn ndjson(events: &[Value]) -> String {
    events.iter().map(|e| format!("{e}\n")).collect()
}

/// A file-storage stream capturing `<prefix>.>`; returns (stream name, subject to publish to).
fn make_stream(server: &NatsServer, prefix: &str) -> (String, String) {
    let name = unique("PUB").to_uppercase();
    let url = server.url();
    let subjects = vec![format!("{prefix}.>")];
    rt().block_on(async {
        let b = bus(&url).await;
        b.jetstream()
            .create_stream(jetstream::stream::Config {
                name: name.clone(),
                subjects,
                storage: StorageType::File,
                ..Default::default()
            })
            .await
            .expect("create stream");
    });
    (name, format!("{prefix}.NSE.RELIANCE"))
}

fn stream_count(server: &NatsServer, name: &str) -> u64 {
    let url = server.url();
    rt().block_on(async {
        let b = bus(&url).await;
        let mut s = b.jetstream().get_stream(name).await.expect("stream");
        s.info().await.expect("info").state.messages
    })
}

fn get_message(server: &NatsServer, name: &str, seq: u64) -> jetstream::message::StreamMessage {
    let url = server.url();
    rt().block_on(async {
        let b = bus(&url).await;
        let s = b.jetstream().get_stream(name).await.expect("stream");
        s.get_raw_message(seq).await.expect("message")
    })
}

fn header<'a>(m: &'a jetstream::message::StreamMessage, name: &str) -> Option<&'a str> {
    m.headers.get(name).map(|v| v.as_str())
}

fn write_file(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn summary(stdout: &str) -> Value {
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("summary JSON ({e}): {stdout}"))
}

/// A URL where nothing listens: any connection attempt would fail with "cannot reach".
fn nowhere() -> String {
    format!("nats://127.0.0.1:{}", free_port())
}

#[test]
fn single_event_from_a_file_lands_with_contract_headers_and_filled_fields() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, &unique("mt").replace('_', ""));
    let pretty = serde_json::to_string_pretty(&tick(1)).unwrap();
    let file = write_file(server.dir.path(), "tick.json", &pretty);
    let mut c = evt(&server);
    c.args(["publish", &subject, "--file"]).arg(&file);
    let r = run(c).ok();
    assert!(
        r.stdout.contains(&format!("stream {stream} seq 1")),
        "{}",
        r.stdout
    );
    assert_eq!(stream_count(&server, &stream), 1);

    let m = get_message(&server, &stream, 1);
    let id = header(&m, "event-id").expect("event-id header");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "event-id {id}");
    assert_eq!(header(&m, "Nats-Msg-Id"), Some(id));
    assert_eq!(header(&m, "event-type"), Some("MARKET_TICK"));
    assert_eq!(header(&m, "compressed"), Some("false"));
    assert!(header(&m, "source").unwrap().starts_with("evt@"));
    assert!(header(&m, "timestamp").is_some());
    let tp = header(&m, "traceparent").expect("traceparent");
    assert!(evt::observability::is_valid_traceparent(tp), "{tp}");
    let body: Value = serde_json::from_slice(&m.payload).unwrap();
    assert_eq!(body["event_id"], id);
    assert_eq!(body["event_type"], "MARKET_TICK");
    assert_eq!(body["source"], header(&m, "source").unwrap());
    assert_eq!(body["timestamp"], header(&m, "timestamp").unwrap());
    assert_eq!(body["last_price"], 2501.5);
    assert!(
        r.stdout.contains(id),
        "receipt names the event id: {}",
        r.stdout
    );
}

#[test]
fn stdin_event_with_correlation_id_and_extra_headers() {
    let server = NatsServer::start();
    let (stream, _) = make_stream(&server, "trading");
    let event = json!({"event_type": "ORDER_FILLED", "strategy_name": "mean_rev", "order_id": "o-1",
                       "instrument_token": 738561, "side": "BUY", "quantity": 10, "price": 2500.0});
    let mut c = evt(&server);
    c.args([
        "publish",
        "trading.order.filled",
        "--correlation-id",
        "corr-42",
        "-H",
        "x-desk=alpha",
        "--source",
        "oms-1",
        "-o",
        "json",
    ]);
    let r = run_with(
        c,
        Some(event.to_string().as_bytes()),
        Duration::from_secs(30),
    )
    .ok();
    let receipt = summary(&r.stdout);
    assert_eq!(receipt["stream"], stream.as_str());
    assert_eq!(receipt["seq"], 1);
    assert_eq!(receipt["duplicate"], false);
    let m = get_message(&server, &stream, 1);
    assert_eq!(header(&m, "correlation-id"), Some("corr-42"));
    assert_eq!(header(&m, "x-desk"), Some("alpha"));
    assert_eq!(header(&m, "source"), Some("oms-1"));
    let body: Value = serde_json::from_slice(&m.payload).unwrap();
    assert_eq!(body["correlation_id"], "corr-42");
    assert_eq!(body["order_id"], "o-1");
    assert_eq!(receipt["event_id"], body["event_id"]);
}

#[test]
fn ndjson_batch_lands_exactly_once_with_the_right_summary() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "mkt");
    let events: Vec<Value> = (0..3000).map(tick).collect();
    let file = write_file(server.dir.path(), "ticks.ndjson", &ndjson(&events));
    let mut c = evt(&server);
    c.args(["publish", &subject, "-o", "json", "--file"])
        .arg(&file);
    let r = run(c).ok();
    let s = summary(&r.stdout);
    assert_eq!(s["read"], 3000);
    assert_eq!(s["published"], 3000);
    assert_eq!(s["duplicates"], 0);
    assert_eq!(s["failed"], 0);
    assert_eq!(s["stream"], stream.as_str());
    assert!(r.stderr.contains("3000 published"), "{}", r.stderr);
    assert_eq!(stream_count(&server, &stream), 3000);
    // In file order on one connection: the last message is the last line.
    let last: Value = serde_json::from_slice(&get_message(&server, &stream, 3000).payload).unwrap();
    assert_eq!(last["volume"], 1000 + 2999);
}

fn file_with_bad_lines() -> (String, usize) {
    let mut lines: Vec<String> = (0..10).map(|i| tick(i).to_string()).collect();
    lines[2] = "{\"event_type\": \"MARKET_TICK\", \"exchange\": ".to_string(); // line 3: malformed
    lines[4] = json!({"event_type": "MARKET_TICK", "instrument_token": 1, "exchange": "NSE",
                      "last_price": "abc", "volume": 1})
    .to_string(); // line 5: schema violation
    lines[7] = json!({"event_type": "NOT_A_TYPE", "x": 1}).to_string(); // line 8: unknown type
    (lines.join("\n") + "\n", 7)
}

#[test]
fn bad_lines_are_reported_by_number_and_the_rest_is_published() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "mkt");
    let (text, good) = file_with_bad_lines();
    let file = write_file(server.dir.path(), "mixed.ndjson", &text);
    let mut c = evt(&server);
    c.args(["publish", &subject, "-o", "json", "--file"])
        .arg(&file);
    let r = run(c);
    assert_eq!(r.code(), 1, "stderr: {}", r.stderr);
    let s = summary(&r.stdout);
    assert_eq!(s["read"], 10);
    assert_eq!(s["published"], good as u64);
    assert_eq!(s["failed"], 3);
    let lines: Vec<u64> = s["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, vec![3, 5, 8]);
    let reasons: Vec<String> = s["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["reason"].as_str().unwrap().to_string())
        .collect();
    assert!(reasons[0].contains("malformed JSON"), "{reasons:?}");
    assert!(reasons[1].contains("last_price"), "{reasons:?}");
    assert!(reasons[2].contains("NOT_A_TYPE"), "{reasons:?}");
    assert!(
        r.stderr.contains("line 3:") && r.stderr.contains("line 8:"),
        "{}",
        r.stderr
    );
    assert_eq!(stream_count(&server, &stream), good as u64);
}

#[test]
fn stop_on_error_stops_at_the_first_bad_line() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "mkt");
    let (text, _) = file_with_bad_lines();
    let file = write_file(server.dir.path(), "mixed.ndjson", &text);
    let mut c = evt(&server);
    c.args([
        "publish",
        &subject,
        "--stop-on-error",
        "-o",
        "json",
        "--file",
    ])
    .arg(&file);
    let r = run(c);
    assert_eq!(r.code(), 1, "stderr: {}", r.stderr);
    let s = summary(&r.stdout);
    assert_eq!(s["failed"], 1);
    assert_eq!(s["failures"][0]["line"], 3);
    assert_eq!(s["stopped"], "stop-on-error");
    assert_eq!(stream_count(&server, &stream), 2, "lines 1 and 2 only");
}

#[test]
fn json_array_input_is_published_element_by_element() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "mkt");
    let events: Vec<Value> = (0..50).map(tick).collect();
    let text = serde_json::to_string_pretty(&events).unwrap();
    let mut c = evt(&server);
    c.args(["publish", &subject, "-o", "json"]);
    let r = run_with(c, Some(text.as_bytes()), Duration::from_secs(30)).ok();
    let s = summary(&r.stdout);
    assert_eq!(s["published"], 50);
    assert_eq!(stream_count(&server, &stream), 50);
}

#[test]
fn republishing_events_with_explicit_ids_counts_duplicates_and_stores_nothing() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "mkt");
    let events: Vec<Value> = (0..200)
        .map(|i| {
            let mut e = tick(i);
            e["event_id"] = json!(uuid::Uuid::new_v4().to_string());
            e
        })
        .collect();
    let file = write_file(server.dir.path(), "ids.ndjson", &ndjson(&events));
    for (round, (published, duplicates)) in [(200, 0), (0, 200)].into_iter().enumerate() {
        let mut c = evt(&server);
        c.args(["publish", &subject, "-o", "json", "--file"])
            .arg(&file);
        let r = run(c).ok();
        let s = summary(&r.stdout);
        assert_eq!(s["published"], published, "round {round}: {s}");
        assert_eq!(s["duplicates"], duplicates, "round {round}: {s}");
        assert_eq!(s["failed"], 0);
        assert_eq!(stream_count(&server, &stream), 200);
    }
}

#[test]
fn malformed_subjects_are_refused_before_connecting() {
    let home = tempfile::tempdir().unwrap();
    let url = nowhere();
    for subject in [
        "market.*",
        "market.>",
        "market..NSE",
        ".market",
        "market.NSE RELIANCE",
        "",
    ] {
        let mut c = evt_cmd(home.path());
        c.args(["-s", &url, "publish", subject]);
        let r = run_with(
            c,
            Some(tick(1).to_string().as_bytes()),
            Duration::from_secs(10),
        );
        assert_eq!(r.code(), 1, "{subject:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("cannot publish to"),
            "{subject:?}: {}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("cannot reach"),
            "connected for {subject:?}: {}",
            r.stderr
        );
        assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    }
}

#[test]
fn payload_over_the_server_max_is_refused_with_line_and_size() {
    let server = NatsServer::with_config(ServerConfig {
        extra: "max_payload: 2048\n".into(),
        ..Default::default()
    });
    let (stream, subject) = make_stream(&server, "mkt");
    let mut big = tick(1);
    big["tradingsymbol"] = json!("X".repeat(4000));
    let text = format!("{}\n{}\n", tick(2), big);
    let mut c = evt(&server);
    c.args(["publish", &subject]);
    let r = run_with(c, Some(text.as_bytes()), Duration::from_secs(30));
    assert_eq!(r.code(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("line 2:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("max payload of 2048 bytes"),
        "{}",
        r.stderr
    );
    assert_eq!(
        stream_count(&server, &stream),
        1,
        "the small event is published"
    );
}

#[test]
fn subject_without_a_stream_gets_a_clear_error() {
    let server = NatsServer::start();
    let mut c = evt(&server);
    c.args(["publish", "nowhere.tick.NSE"]);
    let r = run_with(
        c,
        Some(tick(1).to_string().as_bytes()),
        Duration::from_secs(30),
    );
    assert_eq!(r.code(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("no JetStream stream captures subject 'nowhere.tick.NSE'")
            && r.stderr.contains("evt streams apply"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
}

#[test]
fn unreachable_server_is_one_line_and_exit_1() {
    let home = tempfile::tempdir().unwrap();
    let mut c = evt_cmd(home.path());
    c.args([
        "-s",
        &nowhere(),
        "--connect-timeout",
        "2s",
        "publish",
        "mkt.tick",
    ]);
    let r = run_with(
        c,
        Some(tick(1).to_string().as_bytes()),
        Duration::from_secs(20),
    );
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("cannot reach NATS"), "{}", r.stderr);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
}

#[test]
fn dry_run_validates_and_prints_without_a_server() {
    let home = tempfile::tempdir().unwrap();
    let mut c = evt_cmd(home.path());
    c.args(["-s", &nowhere(), "publish", "mkt.tick", "--dry-run"]);
    let r = run_with(
        c,
        Some(tick(7).to_string().as_bytes()),
        Duration::from_secs(20),
    )
    .ok();
    assert!(r.stdout.contains("event-type: MARKET_TICK"), "{}", r.stdout);
    assert!(r.stdout.contains("Nats-Msg-Id: "), "{}", r.stdout);
    assert!(r.stdout.contains("\"last_price\":2507.5"), "{}", r.stdout);
    assert!(r.stdout.contains("B on the wire"), "{}", r.stdout);

    let mut c = evt_cmd(home.path());
    c.args([
        "-s",
        &nowhere(),
        "publish",
        "mkt.tick",
        "--dry-run",
        "--compress",
        "-o",
        "json",
    ]);
    let r = run_with(
        c,
        Some(tick(7).to_string().as_bytes()),
        Duration::from_secs(20),
    )
    .ok();
    let v = summary(&r.stdout);
    assert_eq!(v["compressed"], true);
    assert_eq!(v["headers"]["compressed"], "true");
    assert_eq!(v["body"]["volume"], 1007);

    // Validation still applies: nothing valid, exit 1, line named.
    let mut c = evt_cmd(home.path());
    c.args(["-s", &nowhere(), "publish", "mkt.tick", "--dry-run"]);
    let bad = json!({"event_type": "MARKET_TICK", "exchange": "NSE"}).to_string();
    let r = run_with(c, Some(bad.as_bytes()), Duration::from_secs(20));
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("line 1"), "{}", r.stderr);
}

#[test]
fn compress_sends_a_gzip_body_flagged_in_the_header() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "mkt");
    let mut c = evt(&server);
    c.args(["publish", &subject, "--compress"]);
    run_with(
        c,
        Some(tick(3).to_string().as_bytes()),
        Duration::from_secs(30),
    )
    .ok();
    let m = get_message(&server, &stream, 1);
    assert_eq!(header(&m, "compressed"), Some("true"));
    assert_eq!(&m.payload[..2], &[0x1f, 0x8b], "gzip magic");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&m.payload[..])
        .read_to_string(&mut text)
        .unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["volume"], 1003);
}

fn test_defaults() -> evt::codec::Defaults {
    evt::codec::Defaults {
        source: "test".into(),
        correlation_id: None,
    }
}

/// A publisher that outlasts a server restart: 1 s ack timeout, up to 30 attempts in 40 s.
fn patient_publisher(b: &evt::bus::Bus) -> (evt::publisher::Publisher, evt::codec::EventFactory) {
    let registry = evt::schema::SchemaRegistry::builtin().unwrap();
    let factory = evt::codec::EventFactory::new(std::sync::Arc::new(registry));
    let publisher = evt::publisher::Publisher::new(
        b,
        factory.clone(),
        evt::publisher::PublishOptions {
            retry: evt::publisher::RetryPolicy {
                max_attempts: 30,
                max_elapsed: Duration::from_secs(40),
                ..Default::default()
            },
            ack_timeout: Duration::from_secs(1),
        },
    );
    (publisher, factory)
}

#[test]
fn a_publish_retried_across_a_server_restart_lands_exactly_once() {
    let mut server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "mkt");
    let url = server.url();
    let rt = rt();
    let b = rt.block_on(bus(&url));
    let (publisher, factory) = patient_publisher(&b);
    let event = factory.prepare(tick(9), &test_defaults()).unwrap();
    server.kill();
    let task = {
        let (p, s, e) = (publisher.clone(), subject.clone(), event.clone());
        rt.spawn(async move { p.publish(&s, &e, &Default::default()).await })
    };
    std::thread::sleep(Duration::from_millis(2500));
    server.restart();
    let receipt = rt
        .block_on(async { tokio::time::timeout(Duration::from_secs(60), task).await })
        .expect("publish finished")
        .expect("task")
        .expect("published after the restart");
    assert!(receipt.attempts > 1, "it had to retry: {receipt:?}");
    assert_eq!(receipt.stream, stream);
    assert_eq!(stream_count(&server, &stream), 1, "exactly once");
    let m = get_message(&server, &stream, 1);
    assert_eq!(header(&m, "Nats-Msg-Id"), Some(event.event_id.as_str()));
}

/// `Publisher::send` from one loop, acks awaited afterwards: every event stored once, in send
/// order, each under its own event id with a `traceparent`.
#[test]
fn typed_sends_with_acks_awaited_later_land_once_each_in_send_order() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "mkt");
    let rt = rt();
    let b = rt.block_on(bus(&server.url()));
    let (publisher, factory) = patient_publisher(&b);
    let events: Vec<_> = (0..200)
        .map(|i| factory.prepare(tick(i), &test_defaults()).unwrap())
        .collect();
    let receipts = rt.block_on(async {
        let mut pending = Vec::new();
        for e in &events {
            pending.push(
                publisher
                    .send(&subject, e, &Default::default())
                    .await
                    .unwrap(),
            );
        }
        let mut out = Vec::new();
        for p in pending {
            out.push(p.await.unwrap());
        }
        out
    });
    let seqs: Vec<u64> = receipts.iter().map(|r| r.sequence).collect();
    assert_eq!(
        seqs,
        (1..=200).collect::<Vec<u64>>(),
        "stored in send order"
    );
    assert_eq!(stream_count(&server, &stream), 200);
    for (i, e) in events.iter().enumerate().step_by(67) {
        let m = get_message(&server, &stream, i as u64 + 1);
        assert_eq!(header(&m, "Nats-Msg-Id"), Some(e.event_id.as_str()));
        assert!(header(&m, "traceparent").is_some_and(|t| t.starts_with("00-")));
    }
}

#[test]
fn ctrl_c_stops_reading_awaits_in_flight_and_exits_130() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "mkt");
    let mut c = evt(&server);
    c.args(["publish", &subject, "-o", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Keep stdin open: evt must stop because of the signal, not end of input.
    stdin
        .write_all(ndjson(&(0..100).map(tick).collect::<Vec<_>>()).as_bytes())
        .unwrap();
    stdin.flush().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while stream_count(&server, &stream) < 100 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "evt did not stop on SIGINT"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    drop(stdin);
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(status.code(), Some(130));
    let s = summary(&out);
    assert_eq!(s["stopped"], "interrupted");
    assert_eq!(s["published"], 100);
    assert_eq!(stream_count(&server, &stream), 100);
}

#[test]
fn a_batch_across_a_server_restart_lands_every_event_exactly_once() {
    use evt::publisher::batch::{self, BatchItem, BatchOptions, Preparer};
    use evt::publisher::input::Position;
    const N: u64 = 1500;
    let mut server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "rst");
    let url = server.url();
    let rt = rt();
    let b = rt.block_on(bus(&url));
    let (publisher, factory) = patient_publisher(&b);
    let preparer = Preparer {
        factory,
        defaults: test_defaults(),
        encode: Default::default(),
        fresh_traceparent: true,
        max_payload: Some(publisher.max_payload()),
        subject: subject.clone(),
    };
    // Paced so that the kill and the restart both fall inside the batch.
    let items = Box::pin(futures::stream::unfold(0u64, move |i| {
        let preparer = preparer.clone();
        async move {
            if i == N {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
            let position = Position {
                index: i + 1,
                line: i + 1,
                offset: 0,
            };
            let message = preparer.prepare(tick(i));
            Some((BatchItem { position, message }, i + 1))
        }
    }));
    let task = {
        let (p, s) = (publisher.clone(), subject.clone());
        rt.spawn(async move {
            batch::publish_stream(
                &p,
                &s,
                items,
                BatchOptions::default(),
                std::future::pending(),
                |_| {},
            )
            .await
        })
    };
    std::thread::sleep(Duration::from_millis(800));
    server.kill();
    std::thread::sleep(Duration::from_millis(1500));
    server.restart();
    let summary = rt
        .block_on(async { tokio::time::timeout(Duration::from_secs(90), task).await })
        .expect("batch finished")
        .expect("task");
    assert_eq!(summary.read, N);
    assert_eq!(summary.failed, 0, "{:?}", summary.failures);
    assert_eq!(summary.stopped, None);
    assert_eq!(
        summary.published + summary.duplicates,
        N,
        "every event acked once: {summary:?}"
    );
    assert_eq!(
        stream_count(&server, &stream),
        N,
        "each event stored exactly once"
    );
}

#[test]
fn a_batch_into_a_full_stream_reports_each_refusal_by_line() {
    let server = NatsServer::start();
    let name = unique("FULL").to_uppercase();
    let url = server.url();
    rt().block_on(async {
        let b = bus(&url).await;
        b.jetstream()
            .create_stream(jetstream::stream::Config {
                name: name.clone(),
                subjects: vec!["full.>".into()],
                max_messages: 5,
                discard: jetstream::stream::DiscardPolicy::New,
                ..Default::default()
            })
            .await
            .expect("create stream");
    });
    let events: Vec<Value> = (0..12).map(tick).collect();
    let file = write_file(server.dir.path(), "ticks.ndjson", &ndjson(&events));
    let mut c = evt(&server);
    c.args(["publish", "full.NSE.X", "-o", "json", "--file"])
        .arg(&file);
    let out = run(c);
    assert_eq!(out.code(), 1, "{}", out.stderr);
    let s = summary(&out.stdout);
    assert_eq!(s["published"], 5, "{s}");
    assert_eq!(s["failed"], 7, "{s}");
    let failures = s["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 7);
    for f in failures {
        let reason = f["reason"].as_str().unwrap();
        assert!(reason.contains(&name), "names the stream: {reason}");
        assert!(reason.contains("maximum messages"), "{reason}");
        assert!(f["line"].as_u64().unwrap() > 5, "{f}");
    }
    assert_eq!(stream_count(&server, &name), 5);
}

#[test]
fn events_from_a_pipe_are_published_as_they_arrive_not_when_it_closes() {
    let server = NatsServer::start();
    let (stream, subject) = make_stream(&server, "pipe");
    let mut c = evt(&server);
    c.args(["-q", "publish", &subject])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = c.spawn().expect("spawn evt");
    let mut stdin = child.stdin.take().unwrap();
    // Format detection needs the first line; the second must go out on its own too.
    for i in 0..2u64 {
        writeln!(stdin, "{}", tick(i)).unwrap();
        stdin.flush().unwrap();
        let want = i + 1;
        let mut seen = 0;
        for _ in 0..100 {
            seen = stream_count(&server, &stream);
            if seen >= want {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert_eq!(
            seen, want,
            "event {i} published while the pipe is still open"
        );
    }
    drop(stdin);
    let status = child.wait().expect("evt exits");
    assert!(status.success(), "{status:?}");
    assert_eq!(stream_count(&server, &stream), 2);
}

#[test]
fn a_publish_denied_by_permissions_fails_at_once_instead_of_retrying_for_the_budget() {
    let server = NatsServer::with_config(ServerConfig {
        extra: "authorization {\n  users = [\n    {user: admin, password: a}\n    \
                {user: limited, password: l, permissions: {publish: {deny: [\"secret.>\"]}}}\n  ]\n}\n"
            .into(),
        ..Default::default()
    });
    let admin = format!("nats://admin:a@127.0.0.1:{}", server.port);
    rt().block_on(async {
        let b = bus(&admin).await;
        b.jetstream()
            .create_stream(jetstream::stream::Config {
                name: "SECRET".into(),
                subjects: vec!["secret.>".into()],
                ..Default::default()
            })
            .await
            .expect("create stream");
    });
    let events = ndjson(&(0..50).map(tick).collect::<Vec<_>>());
    let file = write_file(server.dir.path(), "denied.ndjson", &events);
    let started = std::time::Instant::now();
    let mut cmd = evt_cmd(server.dir.path());
    cmd.args(["-s", &format!("nats://limited:l@127.0.0.1:{}", server.port)])
        .args(["publish", "secret.x", "--file"])
        .arg(&file);
    let r = run_with(cmd, None, Duration::from_secs(60));
    let took = started.elapsed();
    assert_ne!(r.code(), 0, "{r:?}");
    assert!(
        r.stderr.contains("permissions violation") && r.stderr.contains("secret.x"),
        "{}",
        r.stderr
    );
    // The default retry budget is 30 s; a refusal must not wait for it.
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

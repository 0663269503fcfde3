//! `evt tail`: start options, count/idle exits, the core fallback, decoding (and showing what
//! cannot be decoded), output shapes, broken pipes, surviving a server restart, and leaving
//! no consumer behind.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, stream};
use async_nats::HeaderMap;
use serde_json::{json, Value};

use crate::support::{evt, rt, run_with, unique, NatsServer, Run};

fn tail_run(server: &NatsServer, args: &[&str]) -> Run {
    let mut c = evt(server);
    c.arg("tail").args(args);
    run_with(c, None, Duration::from_secs(30))
}

fn json_lines(r: &Run) -> Vec<Value> {
    r.stdout_lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn seqs(v: &[Value]) -> Vec<u64> {
    v.iter().map(|o| o["seq"].as_u64().unwrap()).collect()
}

async fn js(server: &NatsServer) -> jetstream::Context {
    jetstream::new(async_nats::connect(server.url()).await.unwrap())
}

async fn make_stream(
    js: &jetstream::Context,
    name: &str,
    subjects: &[&str],
    storage: stream::StorageType,
    retention: stream::RetentionPolicy,
) {
    js.create_stream(stream::Config {
        name: name.to_string(),
        subjects: subjects.iter().map(|s| s.to_string()).collect(),
        storage,
        retention,
        ..Default::default()
    })
    .await
    .unwrap();
}

fn headers(event_type: &str, id: &str, compressed: bool) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("event-id", id);
    h.insert("event-type", event_type);
    h.insert("source", "tail-test");
    h.insert("timestamp", "2026-11-26T10:00:00.123456");
    h.insert("compressed", if compressed { "true" } else { "false" });
    h.insert("Nats-Msg-Id", id);
    h
}

fn tick_body(i: u64) -> Value {
    json!({
        "event_id": uuid::Uuid::new_v4().to_string(),
        "event_type": "MARKET_TICK",
        "timestamp": "2026-11-26T10:00:00.123456",
        "source": "tail-test",
        "instrument_token": 738561,
        "exchange": "NSE",
        "tradingsymbol": "RELIANCE",
        "last_price": 2934.5,
        "volume": 1200 + i,
    })
}

fn fill_body() -> Value {
    json!({
        "event_id": uuid::Uuid::new_v4().to_string(),
        "event_type": "ORDER_FILLED",
        "timestamp": "2026-11-26T10:00:01+00:00",
        "source": "tail-test",
        "correlation_id": null,
        "strategy_name": "strat-alpha",
        "order_id": "O-1",
        "instrument_token": 738561,
        "side": "BUY",
        "quantity": 100,
        "price": 2934.5,
    })
}

/// Publish an event body with the contract headers and wait for the stream's ack.
async fn publish_event(js: &jetstream::Context, subject: &str, body: &Value) {
    let id = body["event_id"].as_str().unwrap();
    let ty = body["event_type"].as_str().unwrap();
    js.publish_with_headers(
        subject.to_string(),
        headers(ty, id, false),
        serde_json::to_vec(body).unwrap().into(),
    )
    .await
    .unwrap()
    .await
    .unwrap();
}

/// A runtime, a JetStream context, and a memory stream `<prefix…>` capturing `<name>.>` that
/// holds `ticks` published to `<name>.t`; returns (runtime, context, stream name, subject).
fn ticks_stream(
    server: &NatsServer,
    prefix: &str,
    ticks: std::ops::Range<u64>,
) -> (tokio::runtime::Runtime, jetstream::Context, String, String) {
    let rt = rt();
    let js = rt.block_on(js(server));
    let name = unique(prefix);
    let subj = format!("{name}.t");
    rt.block_on(async {
        make_stream(
            &js,
            &name,
            &[&format!("{name}.>")],
            stream::StorageType::Memory,
            stream::RetentionPolicy::Limits,
        )
        .await;
        publish_ticks(&js, &subj, ticks).await;
    });
    (rt, js, name, subj)
}

async fn publish_ticks(js: &jetstream::Context, subject: &str, range: std::ops::Range<u64>) {
    for i in range {
        publish_event(js, subject, &tick_body(i)).await;
    }
}

async fn consumer_count(js: &jetstream::Context, stream: &str) -> usize {
    let mut s = js.get_stream(stream).await.unwrap();
    s.info().await.unwrap().state.consumer_count
}

/// A running `evt tail` whose stdout lines arrive on a channel.
struct Running {
    child: Child,
    lines: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    fn start(server: &NatsServer, args: &[&str]) -> Running {
        let mut c: Command = evt(server);
        c.arg("tail")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().expect("spawn evt tail");
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for l in BufReader::new(out).lines() {
                let Ok(l) = l else { break };
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let e2 = stderr.clone();
        std::thread::spawn(move || {
            let mut r = BufReader::new(err);
            let mut line = String::new();
            while r.read_line(&mut line).map(|n| n > 0).unwrap_or(false) {
                e2.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        Running {
            child,
            lines,
            stderr,
        }
    }

    /// `n` lines within `timeout`, or panic showing what came and stderr.
    fn take(&self, n: usize, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        let mut got = Vec::new();
        while got.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => got.push(l),
                Err(_) => panic!(
                    "wanted {n} lines, got {}: {got:#?}\nstderr:\n{}",
                    got.len(),
                    self.stderr()
                ),
            }
        }
        got
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn wait_stderr(&self, needle: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !self.stderr().contains(needle) {
            assert!(
                Instant::now() < deadline,
                "stderr never showed {needle:?}:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_exit(&mut self, timeout: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("evt tail did not exit\nstderr:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn interrupt(&self) {
        let ok = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Wait until the tail's consumer exists on `stream` (so it is positioned).
fn wait_for_consumer(rt: &tokio::runtime::Runtime, js: &jetstream::Context, stream: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while rt.block_on(consumer_count(js, stream)) == 0 {
        assert!(Instant::now() < deadline, "tail never created its consumer");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn all_with_count_prints_n_json_envelopes_in_order() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(js(&server));
    let name = unique("TICKS");
    let subj = format!("{name}.market");
    rt.block_on(async {
        make_stream(
            &js,
            &name,
            &[&format!("{subj}.>")],
            stream::StorageType::Memory,
            stream::RetentionPolicy::Limits,
        )
        .await;
        publish_ticks(&js, &format!("{subj}.NSE.RELIANCE"), 0..7).await;
    });
    let r = tail_run(
        &server,
        &[&format!("{subj}.>"), "--all", "--count", "5", "-o", "json"],
    )
    .ok();
    let v = json_lines(&r);
    assert_eq!(v.len(), 5, "{}", r.stdout);
    assert_eq!(seqs(&v), vec![1, 2, 3, 4, 5]);
    for o in &v {
        assert_eq!(o["subject"], format!("{subj}.NSE.RELIANCE"));
        assert_eq!(o["stream"], name.as_str());
        assert!(o["time"].as_str().unwrap().ends_with('Z'), "{o}");
        assert_eq!(o["headers"]["event-type"], "MARKET_TICK");
        let data: Value = serde_json::from_str(o["data"].as_str().unwrap()).unwrap();
        assert_eq!(data["tradingsymbol"], "RELIANCE");
    }
    assert_eq!(
        r.stderr.trim(),
        "",
        "a stream tail has nothing to say on stderr"
    );
}

#[test]
fn decode_json_carries_the_typed_event() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(js(&server));
    let name = unique("DEC");
    rt.block_on(async {
        make_stream(
            &js,
            &name,
            &[&format!("{name}.>")],
            stream::StorageType::Memory,
            stream::RetentionPolicy::Limits,
        )
        .await;
        publish_ticks(&js, &format!("{name}.tick"), 0..3).await;
        publish_event(&js, &format!("{name}.fill"), &fill_body()).await;
    });
    let r = tail_run(
        &server,
        &[
            &format!("{name}.>"),
            "--decode",
            "--all",
            "--count",
            "4",
            "-o",
            "json",
        ],
    )
    .ok();
    let v = json_lines(&r);
    assert_eq!(v.len(), 4, "{}", r.stdout);
    for o in &v[..3] {
        assert_eq!(o["event"]["event_type"], "MARKET_TICK", "{o}");
        assert_eq!(o["event"]["last_price"], 2934.5);
        assert!(o.get("error").is_none());
    }
    assert_eq!(v[3]["event"]["event_type"], "ORDER_FILLED");
    assert_eq!(v[3]["event"]["order_id"], "O-1");
    assert_eq!(v[3]["seq"], 4);
}

#[test]
fn decode_text_lines_show_the_fields_that_matter() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(js(&server));
    let name = unique("TXT");
    rt.block_on(async {
        make_stream(
            &js,
            &name,
            &[&format!("{name}.>")],
            stream::StorageType::Memory,
            stream::RetentionPolicy::Limits,
        )
        .await;
        publish_ticks(&js, &format!("{name}.tick"), 0..1).await;
        publish_event(&js, &format!("{name}.fill"), &fill_body()).await;
    });
    let r = tail_run(
        &server,
        &[&format!("{name}.>"), "--decode", "--all", "--count", "2"],
    )
    .ok();
    let lines = r.stdout_lines();
    assert_eq!(lines.len(), 2, "{}", r.stdout);
    assert!(
        lines[0].ends_with(&format!(
            "{name}.tick MARKET_TICK NSE:RELIANCE 2934.50 vol 1200"
        )),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].ends_with(&format!(
            "{name}.fill ORDER_FILLED strat-alpha BUY 100 @ 2934.5 id=O-1"
        )),
        "{}",
        lines[1]
    );
    // Leading stored time, UTC.
    assert!(
        lines[0].split(' ').next().unwrap().ends_with('Z'),
        "{}",
        lines[0]
    );
}

#[test]
fn raw_text_lines_are_seq_subject_payload() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(js(&server));
    let name = unique("RAW");
    rt.block_on(async {
        make_stream(
            &js,
            &name,
            &[&format!("{name}.>")],
            stream::StorageType::Memory,
            stream::RetentionPolicy::Limits,
        )
        .await;
        js.publish(format!("{name}.a"), "hello".into())
            .await
            .unwrap()
            .await
            .unwrap();
        js.publish(format!("{name}.b"), vec![0x66, 0xff, 0x0a, 0x67].into())
            .await
            .unwrap()
            .await
            .unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(br#"{"zipped":true}"#).unwrap();
        let mut h = HeaderMap::new();
        h.insert("compressed", "true");
        js.publish_with_headers(format!("{name}.c"), h, gz.finish().unwrap().into())
            .await
            .unwrap()
            .await
            .unwrap();
    });
    let r = tail_run(&server, &[&format!("{name}.>"), "--all", "--count", "3"]).ok();
    assert_eq!(
        r.stdout_lines(),
        vec![
            format!("[1] {name}.a: hello"),
            format!(r"[2] {name}.b: f\xff\ng"),
            format!(r#"[3] {name}.c: {{"zipped":true}}"#),
        ]
    );
    let r = tail_run(
        &server,
        &[&format!("{name}.b"), "--all", "--count", "1", "-o", "json"],
    )
    .ok();
    let v = json_lines(&r);
    use base64::Engine as _;
    let raw = base64::engine::general_purpose::STANDARD
        .decode(v[0]["data_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(raw, vec![0x66, 0xff, 0x0a, 0x67]);
}

#[test]
fn undecodable_messages_are_shown_readably_with_their_error_and_do_not_stop_the_tail() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(js(&server));
    let name = unique("BAD");
    let subj = format!("{name}.x");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&serde_json::to_vec(&tick_body(0)).unwrap())
        .unwrap();
    let gzipped = gz.finish().unwrap();
    let mut unknown = tick_body(0);
    unknown["event_type"] = json!("NO_SUCH_TYPE");
    let bad: Vec<(HeaderMap, Vec<u8>)> = vec![
        (headers("MARKET_TICK", "b1", false), b"{not json".to_vec()),
        (headers("MARKET_TICK", "b2", false), gzipped),
        (
            headers("NO_SUCH_TYPE", "b3", false),
            serde_json::to_vec(&unknown).unwrap(),
        ),
    ];
    rt.block_on(async {
        make_stream(
            &js,
            &name,
            &[&format!("{name}.>")],
            stream::StorageType::Memory,
            stream::RetentionPolicy::Limits,
        )
        .await;
        for (h, p) in &bad {
            js.publish_with_headers(subj.clone(), h.clone(), p.clone().into())
                .await
                .unwrap()
                .await
                .unwrap();
        }
        publish_ticks(&js, &subj, 0..1).await;
    });
    let r = tail_run(
        &server,
        &[&subj, "--decode", "--all", "--count", "4", "-o", "json"],
    )
    .ok();
    let v = json_lines(&r);
    assert_eq!(v.len(), 4, "{}", r.stdout);
    use base64::Engine as _;
    for o in &v[..3] {
        assert!(o["error"].as_str().is_some_and(|e| !e.is_empty()), "{o}");
        assert!(o.get("event").is_none(), "{o}");
    }
    // Text that is not JSON is shown as text; JSON that breaks its contract as JSON; only
    // bytes that are not UTF-8 (here gzip without its header) in base64, byte for byte.
    assert_eq!(v[0]["error_kind"], "bad_json");
    assert_eq!(v[0]["data"], "{not json");
    assert_eq!(v[1]["error_kind"], "unexpected_gzip");
    let raw = base64::engine::general_purpose::STANDARD
        .decode(v[1]["data_base64"].as_str().unwrap())
        .unwrap();
    assert_eq!(raw, bad[1].1, "raw payload must be byte for byte");
    assert_eq!(v[2]["error_kind"], "unknown_event_type");
    assert_eq!(v[2]["body"], unknown);
    assert_eq!(
        v[3]["event"]["event_type"], "MARKET_TICK",
        "the tail goes on after bad messages"
    );
    // Text mode shows them too, one line each.
    let r = tail_run(&server, &[&subj, "--decode", "--all", "--count", "4"]).ok();
    let lines = r.stdout_lines();
    assert_eq!(lines.len(), 4, "{}", r.stdout);
    assert!(
        lines[..3].iter().all(|l| l.contains("UNDECODABLE")),
        "{}",
        r.stdout
    );
}

#[test]
fn new_is_the_default_and_sees_only_messages_published_after_start() {
    let server = NatsServer::start();
    let (rt, js, name, subj) = ticks_stream(&server, "NEW", 0..3);
    let mut tail = Running::start(&server, &[&subj, "--count", "2", "-o", "json"]);
    wait_for_consumer(&rt, &js, &name);
    rt.block_on(publish_ticks(&js, &subj, 3..5));
    let lines = tail.take(2, Duration::from_secs(15));
    let v: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(seqs(&v), vec![4, 5]);
    assert!(tail.wait_exit(Duration::from_secs(10)).success());
}

#[test]
fn last_n_starts_at_the_last_n_matching_messages() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(js(&server));
    let name = unique("LAST");
    rt.block_on(async {
        make_stream(
            &js,
            &name,
            &[&format!("{name}.>")],
            stream::StorageType::Memory,
            stream::RetentionPolicy::Limits,
        )
        .await;
        // Interleaved subjects: the last 3 of `.a` are not the last 3 of the stream.
        for i in 0..10 {
            let s = if i % 2 == 0 { "a" } else { "b" };
            publish_ticks(&js, &format!("{name}.{s}"), i..i + 1).await;
        }
    });
    let r = tail_run(
        &server,
        &[
            &format!("{name}.a"),
            "--last",
            "3",
            "--until-idle",
            "700ms",
            "-o",
            "json",
        ],
    )
    .ok();
    assert_eq!(seqs(&json_lines(&r)), vec![5, 7, 9]);
    let r = tail_run(
        &server,
        &[
            &format!("{name}.>"),
            "--last",
            "4",
            "--until-idle",
            "700ms",
            "-o",
            "json",
        ],
    )
    .ok();
    assert_eq!(seqs(&json_lines(&r)), vec![7, 8, 9, 10]);
    // More than there are: everything.
    let r = tail_run(
        &server,
        &[
            &format!("{name}.b"),
            "--last",
            "50",
            "--until-idle",
            "700ms",
            "-o",
            "json",
        ],
    )
    .ok();
    assert_eq!(seqs(&json_lines(&r)), vec![2, 4, 6, 8, 10]);
    // No probe consumer is left behind.
    assert_eq!(rt.block_on(consumer_count(&js, &name)), 0);
}

#[test]
fn since_starts_at_a_time_or_a_duration_back() {
    let server = NatsServer::start();
    let (rt, js, _name, subj) = ticks_stream(&server, "SINCE", 0..3);
    std::thread::sleep(Duration::from_millis(1100));
    let cut = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    rt.block_on(publish_ticks(&js, &subj, 3..5));
    let r = tail_run(
        &server,
        &[
            &subj,
            "--since",
            &cut,
            "--until-idle",
            "700ms",
            "-o",
            "json",
        ],
    )
    .ok();
    assert_eq!(seqs(&json_lines(&r)), vec![4, 5]);
    let r = tail_run(
        &server,
        &[
            &subj,
            "--since",
            "1h",
            "--until-idle",
            "700ms",
            "-o",
            "json",
        ],
    )
    .ok();
    assert_eq!(seqs(&json_lines(&r)), vec![1, 2, 3, 4, 5]);
}

#[test]
fn seq_starts_at_a_stream_sequence_and_until_idle_ends_the_read() {
    let server = NatsServer::start();
    let (_rt, _js, _name, subj) = ticks_stream(&server, "SEQ", 0..6);
    let started = Instant::now();
    let r = tail_run(
        &server,
        &[&subj, "--seq", "4", "--until-idle", "500ms", "-o", "json"],
    )
    .ok();
    assert_eq!(seqs(&json_lines(&r)), vec![4, 5, 6]);
    assert!(started.elapsed() < Duration::from_secs(20));
    // Start options exclude each other.
    let r = tail_run(&server, &[&subj, "--seq", "4", "--all"]);
    assert_eq!(r.code(), 2, "{r:?}");
}

#[test]
fn without_a_stream_it_follows_core_nats_and_says_so() {
    let server = NatsServer::start();
    let rt = rt();
    let client = rt.block_on(async_nats::connect(server.url())).unwrap();
    let subj = unique("core");
    let tail = Running::start(&server, &[&format!("{subj}.>"), "--count", "2"]);
    tail.wait_stderr("following core NATS messages only", Duration::from_secs(15));
    assert!(
        tail.stderr()
            .contains(&format!("no stream captures {subj}.>")),
        "{}",
        tail.stderr()
    );
    rt.block_on(async {
        client
            .publish(format!("{subj}.one"), "1".into())
            .await
            .unwrap();
        client
            .publish(format!("{subj}.two"), "2".into())
            .await
            .unwrap();
        client.flush().await.unwrap();
    });
    let lines = tail.take(2, Duration::from_secs(10));
    assert_eq!(
        lines,
        vec![format!("{subj}.one: 1"), format!("{subj}.two: 2")]
    );
    // History needs a stream: one clear line, not a silent core tail.
    let r = tail_run(&server, &[&format!("{subj}.>"), "--all"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("--all needs a stream"), "{}", r.stderr);
}

#[test]
fn several_capturing_streams_need_a_choice() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(js(&server));
    let a = unique("SA");
    let b = unique("SB");
    let root = unique("amb");
    rt.block_on(async {
        make_stream(
            &js,
            &a,
            &[&format!("{root}.a.>")],
            stream::StorageType::Memory,
            stream::RetentionPolicy::Limits,
        )
        .await;
        make_stream(
            &js,
            &b,
            &[&format!("{root}.b.>")],
            stream::StorageType::Memory,
            stream::RetentionPolicy::Limits,
        )
        .await;
        publish_ticks(&js, &format!("{root}.b.x"), 0..1).await;
    });
    let r = tail_run(&server, &[&format!("{root}.>"), "--all", "--count", "1"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr.contains(&a) && r.stderr.contains(&b) && r.stderr.contains("--stream"),
        "{}",
        r.stderr
    );
    let r = tail_run(
        &server,
        &[
            &format!("{root}.>"),
            "--stream",
            &b,
            "--all",
            "--count",
            "1",
            "-o",
            "json",
        ],
    )
    .ok();
    assert_eq!(json_lines(&r)[0]["stream"], b.as_str());
    assert!(
        r.stderr.contains("captures only"),
        "partial coverage is pointed out: {}",
        r.stderr
    );
}

#[test]
fn broken_pipe_exits_zero_quietly() {
    let server = NatsServer::start();
    let (rt, js, name, subj) = ticks_stream(&server, "PIPE", 0..20);
    let mut c = evt(&server);
    c.args(["tail", &subj, "--all"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    assert!(first.starts_with("[1] "), "{first}");
    drop(out); // `head -1` is done
               // Whatever is already in the pipe was written before; the next write hits EPIPE.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut i = 100;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "evt tail kept running after its reader left"
        );
        rt.block_on(publish_ticks(&js, &subj, i..i + 1));
        i += 1;
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert_eq!(err, "", "no error text on a broken pipe");
    // Its consumer was removed on the way out.
    assert_eq!(rt.block_on(consumer_count(&js, &name)), 0);
}

#[test]
fn survives_a_server_restart_every_message_once_in_order() {
    let mut server = NatsServer::start();
    let rt = rt();
    let name = unique("RESTART");
    let subj = format!("{name}.t");
    {
        let js = rt.block_on(js(&server));
        rt.block_on(async {
            make_stream(
                &js,
                &name,
                &[&format!("{name}.>")],
                stream::StorageType::File,
                stream::RetentionPolicy::Limits,
            )
            .await;
            publish_ticks(&js, &subj, 0..5).await;
        });
    }
    let mut tail = Running::start(&server, &[&subj, "--all", "-o", "json"]);
    let mut lines = tail.take(5, Duration::from_secs(15));
    server.kill();
    std::thread::sleep(Duration::from_millis(300));
    server.restart();
    let js = rt.block_on(js(&server));
    rt.block_on(publish_ticks(&js, &subj, 5..10));
    lines.extend(tail.take(5, Duration::from_secs(45)));
    tail.wait_stderr("reconnected", Duration::from_secs(10));
    // No late duplicates either.
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        tail.lines.try_recv().is_err(),
        "a message was printed twice"
    );
    tail.interrupt();
    let status = tail.wait_exit(Duration::from_secs(10));
    assert_eq!(status.code(), Some(130));
    let v: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(seqs(&v), (1..=10).collect::<Vec<u64>>());
    let err = tail.stderr();
    assert!(err.contains("disconnected"), "{err}");
    assert!(err.contains("reconnected"), "{err}");
}

#[test]
fn tail_leaves_no_consumer_and_does_not_consume_a_work_queue() {
    let server = NatsServer::start();
    let rt = rt();
    let js = rt.block_on(js(&server));
    let lim = unique("LIM");
    let wq = unique("WQ");
    rt.block_on(async {
        make_stream(
            &js,
            &lim,
            &[&format!("{lim}.>")],
            stream::StorageType::File,
            stream::RetentionPolicy::Limits,
        )
        .await;
        make_stream(
            &js,
            &wq,
            &[&format!("{wq}.>")],
            stream::StorageType::File,
            stream::RetentionPolicy::WorkQueue,
        )
        .await;
        make_stream(
            &js,
            &format!("{lim}_INT"),
            &[&format!("{lim}int.>")],
            stream::StorageType::File,
            stream::RetentionPolicy::Interest,
        )
        .await;
        publish_ticks(&js, &format!("{lim}.t"), 0..3).await;
        publish_ticks(&js, &format!("{wq}.jobs"), 0..3).await;
    });
    assert_eq!(rt.block_on(consumer_count(&js, &lim)), 0);
    let r = tail_run(
        &server,
        &[&format!("{lim}.>"), "--all", "--count", "3", "-o", "json"],
    )
    .ok();
    assert_eq!(json_lines(&r).len(), 3);
    assert_eq!(
        rt.block_on(consumer_count(&js, &lim)),
        0,
        "consumer left behind"
    );

    let r = tail_run(
        &server,
        &[
            &format!("{wq}.>"),
            "--all",
            "--until-idle",
            "700ms",
            "-o",
            "json",
        ],
    )
    .ok();
    assert_eq!(seqs(&json_lines(&r)), vec![1, 2, 3]);
    let (msgs, consumers) = rt.block_on(async {
        let mut s = js.get_stream(&wq).await.unwrap();
        let i = s.info().await.unwrap();
        (i.state.messages, i.state.consumer_count)
    });
    assert_eq!((msgs, consumers), (3, 0), "work queue must be untouched");
    // On an Interest stream, tail's interest ends with tail: afterwards nothing is retained.
    let int = format!("{lim}_INT");
    let tail = Running::start(
        &server,
        &[&format!("{lim}int.>"), "--count", "1", "-o", "json"],
    );
    wait_for_consumer(&rt, &js, &int);
    rt.block_on(publish_ticks(&js, &format!("{lim}int.x"), 0..1));
    tail.take(1, Duration::from_secs(10));
    let mut tail = tail;
    assert!(tail.wait_exit(Duration::from_secs(10)).success());
    rt.block_on(publish_ticks(&js, &format!("{lim}int.x"), 1..2));
    let (msgs, consumers) = rt.block_on(async {
        let mut s = js.get_stream(&int).await.unwrap();
        let i = s.info().await.unwrap();
        (i.state.messages, i.state.consumer_count)
    });
    assert_eq!((msgs, consumers), (0, 0), "interest kept after tail exited");

    // And it follows new work too.
    let tail = Running::start(&server, &[&format!("{wq}.>"), "--count", "1", "-o", "json"]);
    tail.wait_stderr("WorkQueue", Duration::from_secs(15));
    rt.block_on(publish_ticks(&js, &format!("{wq}.jobs"), 3..4));
    let l = tail.take(1, Duration::from_secs(10));
    assert!(l[0].contains("\"seq\":4"), "{l:?}");
}

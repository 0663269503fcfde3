//! `evt check` and `evt report` against real servers: states and exit codes as lag crosses
//! the thresholds of a `monitor:` block (and flags), every output format, the
//! `io.nats.monitor.*` metadata that `streams apply` writes, and report numbers against the
//! server's own.

use std::path::{Path, PathBuf};

use async_nats::jetstream;
use serde_json::Value;

use crate::support::{bus, evt, rt, run, NatsServer, Run};

const SPEC: &str = r#"streams:
  - name: ORD
    subjects: ["ord.>"]
    storage: file
    consumers:
      - durable_name: auditor
        filter_subject: "ord.>"
        ack_policy: explicit
        max_deliver: 3
        max_ack_pending: 100
        dlq: { stream: ORD_DLQ }
        monitor:
          lag_warn: 3
          lag_critical: 6
          lag_seconds_critical: 1h
  - name: ORD_DLQ
    subjects: ["dlq.ORD.>"]
    storage: file
"#;

fn spec_file(server: &NatsServer, name: &str, text: &str) -> PathBuf {
    let p = server.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn evt_run(server: &NatsServer, args: &[&str]) -> Run {
    let mut c = evt(server);
    c.args(args);
    run(c)
}

fn check(server: &NatsServer, spec: &Path, format: &str, extra: &[&str]) -> Run {
    let mut args = vec!["check", "--spec", p(spec), "--format", format];
    args.extend_from_slice(extra);
    evt_run(server, &args)
}

async fn publish(js: &jetstream::Context, subject: &str, n: usize) {
    for i in 0..n {
        js.publish(subject.to_string(), format!("{{\"n\":{i}}}").into())
            .await
            .unwrap()
            .await
            .unwrap();
    }
}

fn json(r: &Run) -> Value {
    serde_json::from_str(r.stdout.trim())
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", r.stdout, r.stderr))
}

fn consumer_result<'a>(report: &'a Value, consumer: &str) -> &'a Value {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "consumer" && r["consumer"] == consumer)
        .unwrap_or_else(|| panic!("no result for {consumer}: {report}"))
}

fn measure(result: &Value, name: &str) -> Value {
    result["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .cloned()
        .unwrap_or(Value::Null)
}

/// A Prometheus sample line's value, by its exact series (name and labels).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
}

#[test]
fn check_goes_ok_warning_critical_as_lag_crosses_the_thresholds() {
    let server = NatsServer::start();
    let spec = spec_file(&server, "ord.yaml", SPEC);
    evt_run(&server, &["streams", "apply", p(&spec)]).ok();
    // The thresholds natscli knows are on the consumer, and plan still sees no change.
    let plan = evt_run(&server, &["streams", "plan", p(&spec)]);
    assert_eq!(plan.code(), 0, "{}\n{}", plan.stdout, plan.stderr);
    rt().block_on(async {
        let b = bus(&server.url()).await;
        let info = b
            .jetstream()
            .get_stream("ORD")
            .await
            .unwrap()
            .consumer_info("auditor")
            .await
            .unwrap()
            .config
            .metadata
            .clone();
        assert_eq!(
            info.get("io.nats.monitor.unprocessed-critical")
                .map(String::as_str),
            Some("6")
        );
        assert_eq!(
            info.get("io.nats.monitor.enabled").map(String::as_str),
            Some("true")
        );
    });

    // Nothing published: OK.
    let r = check(&server, &spec, "text", &[]);
    assert_eq!(r.code(), 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("evt check: OK"), "{}", r.stdout);

    let client_rt = rt();
    let js = client_rt.block_on(async { bus(&server.url()).await.jetstream().clone() });
    client_rt.block_on(publish(&js, "ord.new", 3));
    // 3 pending, no consumer running: WARNING (lag_warn: 3).
    let r = check(&server, &spec, "nagios", &[]);
    assert_eq!(r.code(), 1, "{}\n{}", r.stdout, r.stderr);
    let first = r.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("EVT CHECK WARNING - 0 critical, 1 warning"),
        "{first}"
    );
    assert!(first.contains("ORD/auditor: lag 3 >= 3"), "{first}");
    assert!(first.contains("'ORD/auditor lag'=3;3;6"), "{first}");

    client_rt.block_on(publish(&js, "ord.new", 3));
    // 6 pending: CRITICAL.
    let r = check(&server, &spec, "json", &[]);
    assert_eq!(r.code(), 2, "{}\n{}", r.stdout, r.stderr);
    let report = json(&r);
    assert_eq!(report["status"], "CRITICAL");
    let c = consumer_result(&report, "auditor");
    assert_eq!(c["status"], "CRITICAL");
    assert_eq!(measure(c, "lag")["value"], 6.0);
    assert_eq!(measure(c, "ack_pending")["value"], 0.0);
    // Nothing was delivered, so the oldest unacked message is the first one published.
    let secs = measure(c, "lag_seconds")["value"].as_f64().unwrap();
    assert!((0.0..60.0).contains(&secs), "{secs}");
    // ack pending is graded against max_ack_pending (80% and 100% of 100).
    assert_eq!(measure(c, "ack_pending")["warn"], 80.0);
    assert_eq!(measure(c, "ack_pending")["critical"], 100.0);

    let r = check(&server, &spec, "prometheus", &[]);
    assert_eq!(r.code(), 2, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        sample(
            &r.stdout,
            r#"evt_check_status{kind="consumer",stream="ORD",consumer="auditor"}"#
        ),
        Some(2.0),
        "{}",
        r.stdout
    );
    assert_eq!(
        sample(
            &r.stdout,
            r#"evt_check_value{kind="consumer",stream="ORD",consumer="auditor",measure="lag"}"#
        ),
        Some(6.0)
    );
    assert_eq!(
        sample(&r.stdout, r#"evt_check_status{kind="overall"}"#),
        Some(2.0)
    );

    // A flag overrides the block: with the critical threshold raised, it is a WARNING again.
    let r = check(&server, &spec, "text", &["--lag-critical", "100"]);
    assert_eq!(r.code(), 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("WARNING   consumer  ORD/auditor"),
        "{}",
        r.stdout
    );
    // Flags that contradict each other: nothing is checked, UNKNOWN.
    let r = check(
        &server,
        &spec,
        "text",
        &["--lag-warn", "9", "--lag-critical", "5"],
    );
    assert_eq!(r.code(), 3, "{}", r.stderr);
    assert!(r.stdout.starts_with("EVT CHECK UNKNOWN"), "{}", r.stdout);
    assert!(
        r.stderr.contains("--lag-warn is above lag-critical"),
        "{}",
        r.stderr
    );

    // A dead letter: the DLQ warns from its first entry by default.
    client_rt.block_on(publish(&js, "dlq.ORD.auditor", 1));
    let r = check(
        &server,
        &spec,
        "json",
        &["--lag-critical", "100", "--lag-warn", "100"],
    );
    let report = json(&r);
    let dlq = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "dlq")
        .unwrap();
    assert_eq!(dlq["stream"], "ORD_DLQ");
    assert_eq!(dlq["status"], "WARNING");
    assert_eq!(measure(dlq, "messages")["value"], 1.0);
    assert_eq!(r.code(), 1, "{}", r.stdout);

    // A declared consumer that is not on the server: drift (WARNING) and an unreadable
    // consumer (UNKNOWN), so UNKNOWN overall.
    let drifted = spec_file(
        &server,
        "drift.yaml",
        &SPEC.replace(
            "  - name: ORD_DLQ",
            "      - durable_name: ghost\n        filter_subject: \"ord.x\"\n  - name: ORD_DLQ",
        ),
    );
    let r = check(
        &server,
        &drifted,
        "text",
        &["--lag-critical", "100", "--lag-warn", "100"],
    );
    assert_eq!(r.code(), 3, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("UNKNOWN   consumer  ORD/ghost"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("drift from the spec: consumer ORD/ghost: missing"),
        "{}",
        r.stdout
    );
}

#[test]
fn check_is_unknown_when_the_spec_cannot_be_read() {
    let server = NatsServer::start();
    let bad = spec_file(
        &server,
        "bad.yaml",
        &SPEC.replace("lag_warn: 3", "lag_warn: 30"),
    );
    let r = check(&server, &bad, "nagios", &[]);
    assert_eq!(r.code(), 3, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.starts_with("EVT CHECK UNKNOWN"), "{}", r.stdout);
    // The validation error names the file, the line and the field.
    assert!(
        r.stderr
            .contains("bad.yaml:13: consumer ORD/auditor: monitor: lag_warn is above lag_critical"),
        "{}",
        r.stderr
    );
}

#[test]
fn report_json_numbers_match_the_server() {
    let server = NatsServer::start();
    let spec = spec_file(&server, "ord.yaml", SPEC);
    evt_run(&server, &["streams", "apply", p(&spec)]).ok();
    let rt = rt();
    let (stream_info, dlq_info, consumer_info) = rt.block_on(async {
        let b = bus(&server.url()).await;
        let js = b.jetstream().clone();
        publish(&js, "ord.new", 5).await;
        publish(&js, "dlq.ORD.auditor", 2).await;
        let mut s = js.get_stream("ORD").await.unwrap();
        let si = s.info().await.unwrap().state.clone();
        let mut d = js.get_stream("ORD_DLQ").await.unwrap();
        let di = d.info().await.unwrap().state.clone();
        let ci = s.consumer_info("auditor").await.unwrap().clone();
        (si, di, ci)
    });
    let r = evt_run(
        &server,
        &["report", p(&spec), "-o", "json", "--rate-over", "200ms"],
    )
    .ok();
    let v = json(&r);
    let rows = v["rows"].as_array().unwrap();
    let row = |stream: &str, consumer: Option<&str>| {
        rows.iter()
            .find(|r| {
                r["stream"] == stream && r.get("consumer").and_then(Value::as_str) == consumer
            })
            .unwrap_or_else(|| panic!("no row {stream}/{consumer:?}: {v}"))
    };
    let ord = row("ORD", None);
    assert_eq!(ord["messages"], stream_info.messages);
    assert_eq!(ord["bytes"], stream_info.bytes);
    assert_eq!(ord["rate"], 0.0, "nothing published while sampling");
    assert_eq!(ord["drift"], false);
    let aud = row("ORD", Some("auditor"));
    assert_eq!(aud["lag"], consumer_info.num_pending);
    assert_eq!(aud["lag"], 5);
    assert_eq!(aud["ack_pending"], consumer_info.num_ack_pending as u64);
    assert_eq!(aud["redelivered"], consumer_info.num_redelivered as u64);
    assert_eq!(aud["dlq_depth"], dlq_info.messages);
    assert_eq!(aud["dlq_depth"], 2);
    assert!(aud["lag_seconds"]
        .as_f64()
        .is_some_and(|s| (0.0..60.0).contains(&s)));
    let dlq = row("ORD_DLQ", None);
    assert_eq!(dlq["dlq_depth"], 2);
    assert_eq!(dlq["messages"], dlq_info.messages);

    // The table form draws the same numbers.
    let r = evt_run(&server, &["report", p(&spec), "--rate-over", "100ms"]).ok();
    assert!(r.stdout.contains("auditor"), "{}", r.stdout);
    assert!(r.stdout.contains("ORD_DLQ"), "{}", r.stdout);
}

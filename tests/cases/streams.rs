//! Streams as code against real servers: apply is idempotent, drift is planned back, immutable
//! changes are refused with their reason, overlaps are caught offline and online, prune only
//! touches what evt owns, replicas on a real 3-node cluster, export round-trips, and YAML errors
//! carry file and line.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use async_nats::jetstream;
use futures::StreamExt;

use crate::support::{bus, evt, rt, run, unique, NatsCluster, NatsServer, Run};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/streams")
        .join(name)
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("streams/trading.yaml")
}

/// Write a spec file into the server's temp dir.
fn spec_file(server: &NatsServer, name: &str, text: &str) -> PathBuf {
    let p = server.dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn streams(server: &NatsServer, args: &[&str]) -> Run {
    let mut c = evt(server);
    c.arg("streams").args(args);
    run(c)
}

fn streams_url(server: &NatsServer, url: &str, args: &[&str]) -> Run {
    let mut c = crate::support::evt_cmd(server.dir.path());
    c.arg("-s").arg(url).arg("streams").args(args);
    run(c)
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

async fn stream_config(url: &str, name: &str) -> jetstream::stream::Config {
    let b = bus(url).await;
    let mut s = b.jetstream().get_stream(name).await.unwrap();
    s.info().await.unwrap().config.clone()
}

fn simple_spec(stream: &str, extra: &str) -> String {
    format!(
        "streams:\n  - name: {stream}\n    subjects: [\"{lower}.>\"]\n    storage: file\n    max_age: 1d\n{extra}",
        lower = stream.to_lowercase()
    )
}

#[test]
fn example_topology_applies_and_a_second_apply_is_a_no_op() {
    let server = NatsServer::start();
    streams(&server, &["validate", p(&example())]).ok();

    let plan = streams(&server, &["plan", p(&example()), "-o", "json"]);
    assert_eq!(plan.code(), 2, "{plan:?}");
    let v: serde_json::Value = serde_json::from_str(plan.stdout.trim()).unwrap();
    assert_eq!(v["changes_pending"], true);
    assert_eq!(v["destructive"], false);

    let first = streams(&server, &["apply", p(&example())]).ok();
    assert!(
        first.stderr.contains("created stream DLQ_ADVISORIES"),
        "{}",
        first.stderr
    );
    // DLQ and its advisory capture come before any consumer that needs them.
    let pos = |s: &str| {
        first
            .stderr
            .find(s)
            .unwrap_or_else(|| panic!("{s} missing: {}", first.stderr))
    };
    assert!(pos("created stream DLQ\n") < pos("created consumer TRADING/order-auditor"));
    assert!(pos("created stream DLQ_ADVISORIES") < pos("created consumer TRADING/order-auditor"));

    let second = streams(&server, &["apply", p(&example())]).ok();
    assert!(second.stdout.contains("no changes"), "{second:?}");
    assert_eq!(streams(&server, &["plan", p(&example())]).code(), 0);

    let ls = streams(&server, &["ls", "-o", "json"]).ok();
    let rows: Vec<serde_json::Value> = ls
        .stdout_lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    for n in [
        "MARKET_DATA",
        "TRADING",
        "SYSTEM",
        "RISK",
        "DLQ",
        "DLQ_ADVISORIES",
    ] {
        assert!(names.contains(&n), "{names:?}");
    }
    assert!(rows.iter().all(|r| r["managed_by_evt"] == true));
    let trading = rows.iter().find(|r| r["name"] == "TRADING").unwrap();
    assert_eq!(trading["consumers"], 2);

    // The advisory stream captures exactly the max-deliveries advisories of DLQ consumers.
    let cfg = rt().block_on(stream_config(&server.url(), "DLQ_ADVISORIES"));
    assert_eq!(cfg.retention, jetstream::stream::RetentionPolicy::WorkQueue);
    let mut subjects = cfg.subjects.clone();
    subjects.sort();
    assert_eq!(
        subjects,
        vec![
            "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.RISK.risk-monitor",
            "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.TRADING.momentum-strategy-signals",
            "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.TRADING.order-auditor",
        ]
    );
}

#[test]
fn drift_made_by_hand_is_planned_back() {
    let server = NatsServer::start();
    let name = unique("DRIFT");
    let spec = spec_file(
        &server,
        "drift.yaml",
        &simple_spec(
            &name,
            "    consumers:\n      - durable_name: worker\n        ack_policy: explicit\n        max_ack_pending: 100\n        max_deliver: 3\n",
        ),
    );
    streams(&server, &["apply", p(&spec)]).ok();
    rt().block_on(async {
        let b = bus(&server.url()).await;
        let js = b.jetstream();
        let mut cfg = js
            .get_stream(&name)
            .await
            .unwrap()
            .info()
            .await
            .unwrap()
            .config
            .clone();
        cfg.max_age = Duration::from_secs(3600);
        // An undeclared field changed by hand is not evt's business.
        cfg.max_messages_per_subject = 7;
        js.update_stream(&cfg).await.unwrap();
        let s = js.get_stream(&name).await.unwrap();
        let mut c = s.consumer_info("worker").await.unwrap().config.clone();
        c.max_ack_pending = 5;
        s.update_consumer(c).await.unwrap();
    });
    let plan = streams(&server, &["plan", p(&spec)]);
    assert_eq!(plan.code(), 2, "{plan:?}");
    assert!(
        plan.stdout.contains("max_age") && plan.stdout.contains("1h") && plan.stdout.contains("1d"),
        "{}",
        plan.stdout
    );
    assert!(plan.stdout.contains("max_ack_pending"), "{}", plan.stdout);
    assert!(
        !plan.stdout.contains("max_msgs_per_subject"),
        "{}",
        plan.stdout
    );
    streams(&server, &["apply", p(&spec)]).ok();
    assert_eq!(streams(&server, &["plan", p(&spec)]).code(), 0);
    let cfg = rt().block_on(stream_config(&server.url(), &name));
    assert_eq!(cfg.max_age, Duration::from_secs(86400));
    assert_eq!(cfg.max_messages_per_subject, 7);
}

#[test]
fn each_immutable_change_is_refused_with_its_reason_and_nothing_is_applied() {
    let server = NatsServer::start();
    let name = unique("IMM");
    let base = simple_spec(
        &name,
        "    deny_delete: true\n    consumers:\n      - durable_name: c\n        ack_policy: explicit\n        deliver_policy: all\n        max_deliver: 3\n",
    );
    let spec = spec_file(&server, "imm.yaml", &base);
    streams(&server, &["apply", p(&spec)]).ok();
    let cases = [
        (
            "storage: file",
            "storage: memory",
            "storage cannot change in place",
        ),
        (
            "max_age: 1d",
            "max_age: 1d\n    retention: workqueue",
            "retention cannot change to or from workqueue",
        ),
        (
            "deny_delete: true",
            "deny_delete: false",
            "deny_delete can be turned on, never off",
        ),
        (
            "ack_policy: explicit",
            "ack_policy: all",
            "ack_policy cannot change on an existing consumer",
        ),
        (
            "deliver_policy: all",
            "deliver_policy: new",
            "deliver_policy cannot change on an existing consumer",
        ),
    ];
    for (from, to, reason) in cases {
        let changed = spec_file(&server, "imm2.yaml", &base.replace(from, to));
        let plan = streams(&server, &["plan", p(&changed)]);
        assert_eq!(plan.code(), 3, "{to}: {plan:?}");
        assert!(plan.stdout.contains(reason), "{to}: {}", plan.stdout);
        let r = streams(&server, &["apply", p(&changed)]);
        assert_eq!(r.code(), 1, "{to}: {r:?}");
        assert!(
            r.stderr.contains("--allow-recreate") && r.stderr.contains(reason),
            "{to}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("nothing was applied"), "{}", r.stderr);
        // Still exactly the applied spec.
        assert_eq!(streams(&server, &["plan", p(&spec)]).code(), 0, "{to}");
    }
}

#[test]
fn recreate_needs_allow_recreate_and_for_messages_allow_data_loss() {
    let server = NatsServer::start();
    let name = unique("RECR");
    let lower = name.to_lowercase();
    let spec = spec_file(&server, "r.yaml", &simple_spec(&name, ""));
    streams(&server, &["apply", p(&spec)]).ok();
    rt().block_on(async {
        let b = bus(&server.url()).await;
        b.jetstream()
            .publish(format!("{lower}.x"), "1".into())
            .await
            .unwrap()
            .await
            .unwrap();
    });
    let mem = spec_file(
        &server,
        "r2.yaml",
        &simple_spec(&name, "").replace("storage: file", "storage: memory"),
    );
    let r = streams(&server, &["apply", p(&mem), "--allow-recreate"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stderr.contains("holds 1 messages") && r.stderr.contains("--allow-data-loss"),
        "{}",
        r.stderr
    );
    streams(
        &server,
        &["apply", p(&mem), "--allow-recreate", "--allow-data-loss"],
    )
    .ok();
    assert_eq!(streams(&server, &["plan", p(&mem)]).code(), 0);
    let cfg = rt().block_on(stream_config(&server.url(), &name));
    assert_eq!(cfg.storage, jetstream::stream::StorageType::Memory);
}

#[test]
fn overlaps_are_caught_offline_with_lines_and_online_against_foreign_streams() {
    let r = {
        let home = tempfile::tempdir().unwrap();
        let mut c = crate::support::evt_cmd(home.path());
        c.args(["streams", "validate", p(&fixture("multi"))]);
        run(c)
    };
    assert_eq!(r.code(), 1, "{r:?}");
    let a = fixture("multi/a.yaml").display().to_string();
    let b = fixture("multi/b.yaml").display().to_string();
    assert!(r.stderr.contains(&format!("{b}:5: stream TICKS: subject 'market.tick.*' overlaps 'market.>' of stream MARKET ({a}:3)")), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{a}:6: consumer MARKET/strat: filter 'trading.>' is outside"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "{b}:9: consumer TICKS/reader: has a dlq but max_deliver is unbounded"
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("dlq stream NOWHERE is not declared"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("4 problems"), "{}", r.stderr);

    let server = NatsServer::start();
    let name = unique("MINE");
    rt().block_on(async {
        let b = bus(&server.url()).await;
        b.jetstream()
            .create_stream(jetstream::stream::Config {
                name: unique("FOREIGN"),
                subjects: vec![format!("{}.tick.*", name.to_lowercase())],
                ..Default::default()
            })
            .await
            .unwrap();
    });
    let spec = spec_file(&server, "o.yaml", &simple_spec(&name, ""));
    let plan = streams(&server, &["plan", p(&spec)]);
    assert_eq!(plan.code(), 1, "{plan:?}");
    assert!(
        plan.stderr.contains("which is not in the spec") && plan.stderr.contains("FOREIGN"),
        "{}",
        plan.stderr
    );
    let r = streams(&server, &["apply", p(&spec)]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("nothing was applied"), "{}", r.stderr);
}

#[test]
fn prune_only_touches_what_evt_owns() {
    let server = NatsServer::start();
    let keep = unique("KEEP");
    let gone = unique("GONE");
    let foreign = unique("FOREIGN");
    let both = format!(
        "{}  - name: {gone}\n    subjects: [\"{}.>\"]\n",
        simple_spec(
            &keep,
            "    consumers:\n      - durable_name: stays\n      - durable_name: leaves\n"
        ),
        gone.to_lowercase()
    );
    let spec = spec_file(&server, "p.yaml", &both);
    streams(&server, &["apply", p(&spec)]).ok();
    rt().block_on(async {
        let b = bus(&server.url()).await;
        let js = b.jetstream();
        js.create_stream(jetstream::stream::Config {
            name: foreign.clone(),
            subjects: vec![format!("{}.>", foreign.to_lowercase())],
            ..Default::default()
        })
        .await
        .unwrap();
        // A consumer made by hand on an evt stream is not evt's either.
        js.get_stream(&keep)
            .await
            .unwrap()
            .create_consumer(jetstream::consumer::pull::Config {
                durable_name: Some("by-hand".into()),
                ..Default::default()
            })
            .await
            .unwrap();
    });
    let only_keep = spec_file(
        &server,
        "p2.yaml",
        &simple_spec(&keep, "    consumers:\n      - durable_name: stays\n"),
    );
    let plan = streams(&server, &["plan", p(&only_keep)]);
    assert_eq!(
        plan.code(),
        0,
        "without --prune nothing is planned: {plan:?}"
    );
    assert!(plan.stderr.contains("--prune"), "{}", plan.stderr);
    let plan = streams(&server, &["plan", p(&only_keep), "--prune"]);
    assert_eq!(plan.code(), 3, "{plan:?}");
    streams(&server, &["apply", p(&only_keep), "--prune"]).ok();
    let names: Vec<String> = streams(&server, &["ls", "-o", "json"])
        .ok()
        .stdout_lines()
        .iter()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["name"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        names.contains(&keep) && names.contains(&foreign),
        "{names:?}"
    );
    assert!(!names.contains(&gone), "{names:?}");
    let consumers: Vec<String> = rt().block_on(async {
        let b = bus(&server.url()).await;
        let s = b.jetstream().get_stream(&keep).await.unwrap();
        let mut names = s.consumer_names();
        let mut out = Vec::new();
        while let Some(n) = names.next().await {
            out.push(n.unwrap());
        }
        out.sort();
        out
    });
    assert_eq!(consumers, vec!["by-hand".to_string(), "stays".to_string()]);
}

#[test]
fn replicas_3_apply_on_a_3_node_cluster_and_fail_clearly_on_a_single_server() {
    let name = unique("REPL");
    let text = simple_spec(
        &name,
        "    num_replicas: 3\n    consumers:\n      - durable_name: c\n",
    );
    let cluster = NatsCluster::start();
    let spec = spec_file(&cluster.nodes[0], "repl.yaml", &text);
    let url = cluster.url();
    // The meta leader may still be settling: retry the first apply a few times.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let r = streams_url(&cluster.nodes[0], &url, &["apply", p(&spec)]);
        if r.code() == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{r:?}");
        std::thread::sleep(Duration::from_millis(500));
    }
    let again = streams_url(&cluster.nodes[0], &url, &["apply", p(&spec)]).ok();
    assert!(again.stdout.contains("no changes"), "{again:?}");
    let cfg = rt().block_on(stream_config(&url, &name));
    assert_eq!(cfg.num_replicas, 3);

    // A single server: one clear line naming the stream and the field; what came before stays.
    let server = NatsServer::start();
    let first = unique("FIRST");
    let two = format!(
        "{}{}",
        simple_spec(&first, ""),
        text.trim_start_matches("streams:\n")
    );
    let spec = spec_file(&server, "repl.yaml", &two);
    let r = streams(&server, &["apply", p(&spec)]);
    assert_eq!(r.code(), 1, "{r:?}");
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with("FAILED"))
        .unwrap_or_else(|| panic!("{}", r.stderr));
    assert!(
        line.contains(&format!("stream {name}")) && line.contains("num_replicas"),
        "{line}"
    );
    assert!(
        r.stderr.contains(&format!("created stream {first}")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("not applied: consumer {name}/c")),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("applied 1 of 3 changes"), "{}", r.stdout);
    // Re-running after fixing the spec continues where it stopped.
    let fixed = spec_file(
        &server,
        "repl.yaml",
        &two.replace("num_replicas: 3", "num_replicas: 1"),
    );
    let r = streams(&server, &["apply", p(&fixed)]).ok();
    assert!(r.stdout.contains("applied 2 changes"), "{r:?}");
}

#[test]
fn export_then_plan_shows_no_changes() {
    let server = NatsServer::start();
    streams(&server, &["apply", p(&example())]).ok();
    // Something made by hand, with fields evt never declared, round-trips too.
    rt().block_on(async {
        let b = bus(&server.url()).await;
        b.jetstream()
            .create_stream(jetstream::stream::Config {
                name: "HANDMADE".into(),
                subjects: vec!["hand.>".into(), "made.*".into()],
                max_messages_per_subject: 10,
                storage: jetstream::stream::StorageType::Memory,
                ..Default::default()
            })
            .await
            .unwrap();
    });
    let all = streams(&server, &["export"]).ok();
    assert!(
        all.stderr.contains("skipped stream DLQ_ADVISORIES"),
        "{}",
        all.stderr
    );
    let file = spec_file(&server, "export.yaml", &all.stdout);
    streams(&server, &["validate", p(&file)]).ok();
    let plan = streams(&server, &["plan", p(&file)]);
    assert_eq!(plan.code(), 0, "{plan:?}\n{}", all.stdout);

    let one = streams(&server, &["export", "MARKET_DATA"]).ok();
    assert!(
        one.stdout.contains("name: MARKET_DATA") && one.stdout.contains("max_age: 1h"),
        "{}",
        one.stdout
    );
    assert!(!one.stdout.contains("name: TRADING"), "{}", one.stdout);
    let file = spec_file(&server, "market.yaml", &one.stdout);
    assert_eq!(streams(&server, &["plan", p(&file)]).code(), 0);
    // A subset export brings the DLQ streams its consumers need, and still plans clean.
    let t = streams(&server, &["export", "TRADING"]).ok();
    assert!(t.stdout.contains("name: DLQ"), "{}", t.stdout);
    let file = spec_file(&server, "trading.yaml", &t.stdout);
    assert_eq!(streams(&server, &["plan", p(&file)]).code(), 0);
}

#[test]
fn yaml_errors_name_file_line_and_column() {
    let home = tempfile::tempdir().unwrap();
    let validate = |path: &Path| {
        let mut c = crate::support::evt_cmd(home.path());
        c.args(["streams", "validate", p(path)]);
        run(c)
    };
    let r = validate(&fixture("unknown_key.yaml"));
    assert_eq!(r.code(), 1);
    let f = fixture("unknown_key.yaml").display().to_string();
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!("evt: {f}:4:5: ")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("max_agee"), "{}", r.stderr);

    let r = validate(&fixture("bad_duration.yaml"));
    assert_eq!(r.code(), 1);
    let f = fixture("bad_duration.yaml").display().to_string();
    assert!(
        r.stderr.starts_with(&format!("evt: {f}:6:")),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("no unit"), "{}", r.stderr);

    // Plan and apply refuse the same file before touching any server.
    let server = NatsServer::start();
    let r = streams(&server, &["apply", p(&fixture("unknown_key.yaml"))]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("max_agee"), "{}", r.stderr);
    assert!(streams(&server, &["ls", "-o", "json"])
        .ok()
        .stdout
        .trim()
        .is_empty());
}

#[test]
fn env_vars_expand_in_specs() {
    let server = NatsServer::start();
    let name = unique("ENVS");
    let spec = spec_file(
        &server,
        "env.yaml",
        &simple_spec("${EVT_TEST_STREAM}", "").replace("\"${evt_test_stream}.>\"", "\"envs.>\""),
    );
    let mut c = evt(&server);
    c.env("EVT_TEST_STREAM", &name)
        .args(["streams", "apply", p(&spec)]);
    let r = run(c).ok();
    assert!(
        r.stderr.contains(&format!("created stream {name}")),
        "{r:?}"
    );
    let r = streams(&server, &["plan", p(&spec)]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr
            .contains("environment variable EVT_TEST_STREAM is not set"),
        "{}",
        r.stderr
    );
}

#[test]
fn max_deliveries_advisory_is_captured_for_the_dlq() {
    let server = NatsServer::start();
    let text = "streams:\n  - name: WORK\n    subjects: [\"work.>\"]\n    consumers:\n      - durable_name: handler\n        ack_policy: explicit\n        ack_wait: 200ms\n        max_deliver: 2\n        dlq: {stream: DEAD}\n  - name: DEAD\n    subjects: [\"dlq.>\"]\n";
    let spec = spec_file(&server, "dlq.yaml", text);
    streams(&server, &["apply", p(&spec)]).ok();
    rt().block_on(async {
        let b = bus(&server.url()).await;
        let js = b.jetstream();
        js.publish("work.job", "x".into())
            .await
            .unwrap()
            .await
            .unwrap();
        let consumer: jetstream::consumer::PullConsumer = js
            .get_consumer_from_stream("handler", "WORK")
            .await
            .unwrap();
        // Receive without acking until the server gives up on the message.
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let mut adv = js.get_stream("DEAD_ADVISORIES").await.unwrap();
            if adv.info().await.unwrap().state.messages == 1 {
                break;
            }
            assert!(Instant::now() < deadline, "no advisory captured");
            let mut batch = consumer
                .fetch()
                .max_messages(1)
                .expires(Duration::from_millis(300))
                .messages()
                .await
                .unwrap();
            while let Some(m) = batch.next().await {
                drop(m.unwrap());
            }
        }
        let adv = js.get_stream("DEAD_ADVISORIES").await.unwrap();
        let msg = adv.get_raw_message(1).await.unwrap();
        assert_eq!(
            msg.subject.as_str(),
            "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.WORK.handler"
        );
        let body: serde_json::Value = serde_json::from_slice(&msg.payload).unwrap();
        assert_eq!(body["stream_seq"], 1);
    });
}

#[test]
fn quiet_apply_prints_only_its_summary() {
    let server = NatsServer::start();
    let spec = spec_file(&server, "quiet.yaml", &simple_spec("QUIET", ""));
    let mut c = evt(&server);
    c.args(["-q", "streams", "apply", p(&spec)]);
    let r = run(c).ok();
    assert_eq!(r.stdout.trim(), "applied 1 changes", "{r:?}");
    assert_eq!(r.stderr.trim(), "", "no plan table, no step lines");
    // A dry run under -q still shows the plan: that is what it was asked for.
    let spec2 = spec_file(&server, "quiet2.yaml", &simple_spec("QUIET2", ""));
    let mut c = evt(&server);
    c.args(["-q", "streams", "apply", "--dry-run", p(&spec2)]);
    let r = run(c);
    assert!(r.stderr.contains("QUIET2"), "{r:?}");
}

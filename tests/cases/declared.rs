//! Consuming what the streams spec declared (issue 8, parts 1, 2 and 5): every consumer of the
//! shipped `streams/trading.yaml`, bound by name through `evt consume` and through the
//! library, handles events on each of its filters and dead-letters into the DLQ the spec
//! names, and leaves the consumer exactly as applied; an ad-hoc durable created by
//! `evt consume` plans clean against a spec that declares the same settings; an explicit
//! setting that disagrees with the server is refused naming the flag and both values; and a
//! bad `opt_start_time` never reaches the server.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::jetstream;
use evt::event::Event;
use evt::subscriber::{bind, Delivery, HandlerError, SubscriberManager};
use serde_json::json;

use super::subscriber::{dead_letters, eventually, factory, publish_event, tick, Fixture};
use crate::support::{bus, evt, rt, run, NatsServer, Run};

fn trading_yaml() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("streams/trading.yaml")
}

fn evt_run(server: &NatsServer, args: &[&str]) -> Run {
    let mut c = evt(server);
    c.args(args);
    run(c)
}

/// One declared consumer of trading.yaml, with events for each of its filters.
struct Declared {
    stream: &'static str,
    durable: &'static str,
    /// (subject, body) that must be handled.
    good: Vec<(&'static str, serde_json::Value)>,
    /// A subject for the poison event (its body carries "POISON").
    poison: (&'static str, serde_json::Value),
}

fn order(id: &str) -> serde_json::Value {
    super::subscriber::order(id, 5)
}

fn signal(reason: &str) -> serde_json::Value {
    json!({"event_type": "TRADING_SIGNAL", "strategy_name": "momentum", "instrument_token": 738561,
           "side": "BUY", "quantity": 10, "reason": reason})
}

fn risk(message: &str) -> serde_json::Value {
    json!({"event_type": "RISK_ALERT", "alert_type": "LOSS_LIMIT", "severity": "CRITICAL",
           "message": message, "strategy_name": "momentum-alpha", "metric": "realised_pnl_inr",
           "current_value": -251000, "threshold": -250000, "action": "KILL_SWITCH"})
}

fn poison_tick() -> serde_json::Value {
    let mut t = tick(738561, 2934.5);
    t["tradingsymbol"] = json!("POISON");
    t
}

fn declared() -> Vec<Declared> {
    vec![
        Declared {
            stream: "MARKET_DATA",
            durable: "momentum-strategy",
            good: vec![("market.tick.NSE.RELIANCE", tick(738561, 2934.5))],
            poison: ("market.tick.NSE.INFY", poison_tick()),
        },
        Declared {
            stream: "TRADING",
            durable: "order-auditor",
            good: vec![
                ("trading.order.filled", order("O-1")),
                ("trading.fill.partial", order("O-2")),
            ],
            poison: ("trading.fill.partial", order("POISON")),
        },
        Declared {
            stream: "TRADING",
            durable: "momentum-strategy-signals",
            good: vec![("trading.signal.momentum.alpha", signal("breakout"))],
            poison: ("trading.signal.momentum.alpha", signal("POISON")),
        },
        Declared {
            stream: "RISK",
            durable: "risk-monitor",
            good: vec![("risk.breach.momentum-alpha", risk("limit"))],
            poison: ("risk.breach.momentum-alpha", risk("POISON")),
        },
    ]
}

/// trading.yaml applied to a fresh server, and a library connection to it.
fn applied() -> (tokio::runtime::Runtime, Fixture) {
    let server = NatsServer::start();
    evt_run(
        &server,
        &["streams", "apply", trading_yaml().to_str().unwrap()],
    )
    .ok();
    let rt = rt();
    let f = rt.block_on(async {
        let b = bus(&server.url()).await;
        Fixture {
            js: b.jetstream().clone(),
            bus: b,
            server,
            factory: factory(),
        }
    });
    (rt, f)
}

async fn publish_all(f: &Fixture, d: &Declared) {
    for (subject, body) in &d.good {
        publish_event(f, subject, body.clone(), None).await;
    }
    publish_event(f, d.poison.0, d.poison.1.clone(), None).await;
}

async fn consumer_config(
    js: &jetstream::Context,
    stream: &str,
    durable: &str,
) -> jetstream::consumer::Config {
    js.get_stream(stream)
        .await
        .unwrap()
        .consumer_info(durable)
        .await
        .unwrap()
        .config
        .clone()
}

/// The dead letters, by consumer, as `(dlq subject, original subject)`.
async fn dead_letters_by_consumer(
    js: &jetstream::Context,
    n: u64,
) -> BTreeMap<String, (String, String)> {
    dead_letters(js, n)
        .await
        .into_iter()
        .map(|(subject, dl)| (dl.consumer.clone(), (subject, dl.original_subject)))
        .collect()
}

fn assert_plan_is_clean(server: &NatsServer) {
    let plan = evt_run(
        server,
        &["streams", "plan", trading_yaml().to_str().unwrap()],
    );
    assert_eq!(plan.code(), 0, "the consumers changed: {plan:?}");
    assert!(plan.stdout.contains("no changes"), "{plan:?}");
}

#[test]
fn every_consumer_of_trading_yaml_is_consumed_as_declared_through_the_cli() {
    let (rt, f) = applied();
    let consumers = declared();
    for d in &consumers {
        rt.block_on(publish_all(&f, d));
        let seen = f.server.dir.path().join(format!("{}.txt", d.durable));
        // Fails on the poison event, handles the rest; records every subject it saw.
        let cmd = format!(
            r#"body=$(cat); echo "$EVT_SUBJECT" >> {}; case "$body" in *POISON*) echo "poison in $EVT_SUBJECT" >&2; exit 3;; esac"#,
            seen.display()
        );
        let count = (d.good.len() + 1).to_string();
        let r = evt_run(
            &f.server,
            &[
                "consume",
                "--stream",
                d.stream,
                "--durable",
                d.durable,
                "--exec",
                &cmd,
                "--count",
                &count,
            ],
        )
        .ok();
        assert!(
            r.stderr.contains(&format!(
                "{} acked, 0 retried, 1 dead-lettered to DLQ",
                d.good.len()
            )),
            "{}: {}",
            d.durable,
            r.stderr
        );
        let text = std::fs::read_to_string(&seen).unwrap();
        let mut got: Vec<&str> = text.lines().collect();
        got.sort();
        got.dedup();
        let mut want: Vec<&str> = d.good.iter().map(|(s, _)| *s).collect();
        want.push(d.poison.0);
        want.sort();
        want.dedup();
        assert_eq!(got, want, "{}", d.durable);
    }
    // order-auditor got both of its filters, from one command with no filter restated.
    let auditor = std::fs::read_to_string(f.server.dir.path().join("order-auditor.txt")).unwrap();
    assert!(auditor.contains("trading.order.filled") && auditor.contains("trading.fill.partial"));
    rt.block_on(async {
        let dls = dead_letters_by_consumer(&f.js, consumers.len() as u64).await;
        for d in &consumers {
            let (dlq_subject, original) = &dls[d.durable];
            assert_eq!(dlq_subject, &format!("dlq.{}.{}", d.stream, d.durable));
            assert_eq!(original, d.poison.0);
        }
        let cfg = consumer_config(&f.js, "TRADING", "order-auditor").await;
        assert_eq!(cfg.max_deliver, 5);
        assert_eq!(
            cfg.backoff,
            [1, 5, 30, 120].map(Duration::from_secs).to_vec()
        );
    });
    assert_plan_is_clean(&f.server);
}

#[test]
fn every_consumer_of_trading_yaml_is_consumed_as_declared_through_the_library() {
    let (rt, f) = applied();
    let consumers = declared();
    rt.block_on(async {
        let seen: Arc<Mutex<BTreeMap<String, Vec<String>>>> = Arc::default();
        let mut manager = SubscriberManager::new(f.bus.clone(), f.factory.clone());
        for d in &consumers {
            let seen = seen.clone();
            manager = manager.handle(bind(d.stream, d.durable), move |e: Event, dv: Delivery| {
                let seen = seen.clone();
                async move {
                    seen.lock()
                        .unwrap()
                        .entry(dv.consumer.clone())
                        .or_default()
                        .push(dv.subject.clone());
                    if serde_json::to_string(&e).unwrap().contains("POISON") {
                        return Err(HandlerError::fatal("poison"));
                    }
                    Ok(())
                }
            });
        }
        manager
            .start()
            .await
            .expect("binds every declared consumer by name");
        // Bound with the server's settings, not restated ones.
        let stats = manager.stats();
        let auditor = stats
            .handlers
            .iter()
            .find(|h| h.durable == "order-auditor")
            .unwrap();
        assert_eq!(auditor.subject, "trading.fill.>,trading.order.>");
        assert_eq!(auditor.dlq_stream, "DLQ");
        for d in &consumers {
            publish_all(&f, d).await;
        }
        let total: u64 = consumers.iter().map(|d| d.good.len() as u64 + 1).sum();
        eventually(Duration::from_secs(30), "every event finished", || {
            manager.stats().finished() >= total
        })
        .await;
        let report = manager.stop().await;
        for d in &consumers {
            let h = report
                .stats
                .handlers
                .iter()
                .find(|h| h.durable == d.durable)
                .unwrap();
            assert_eq!(
                (h.acked, h.dead_lettered, h.retried),
                (d.good.len() as u64, 1, 0),
                "{}",
                d.durable
            );
            let mut got = seen.lock().unwrap()[d.durable].clone();
            got.sort();
            got.dedup();
            let mut want: Vec<String> = d.good.iter().map(|(s, _)| s.to_string()).collect();
            want.push(d.poison.0.to_string());
            want.sort();
            want.dedup();
            assert_eq!(got, want, "{}", d.durable);
        }
        let dls = dead_letters_by_consumer(&f.js, consumers.len() as u64).await;
        for d in &consumers {
            assert_eq!(dls[d.durable].0, format!("dlq.{}.{}", d.stream, d.durable));
        }
    });
    assert_plan_is_clean(&f.server);
}

/// Regression: `evt consume 'trading.order.>' --durable order-auditor` failed because the
/// declared consumer has two filters, and `--max-deliver 10` on risk-monitor then failed on
/// the backoff default. A restated setting that agrees binds; one that disagrees is one line
/// naming the flag and both values, and nothing changes on the server.
#[test]
fn explicit_settings_must_agree_with_the_declared_consumer() {
    let (rt, f) = applied();
    let before = rt.block_on(consumer_config(&f.js, "RISK", "risk-monitor"));
    let r = evt_run(
        &f.server,
        &[
            "consume",
            "risk.breach.>",
            "--durable",
            "risk-monitor",
            "--max-deliver",
            "10",
            "--until-idle",
            "200ms",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    let r = evt_run(
        &f.server,
        &[
            "consume",
            "--stream",
            "RISK",
            "--durable",
            "risk-monitor",
            "--max-deliver",
            "7",
            "--count",
            "1",
        ],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    let err = r.stderr.trim();
    assert_eq!(err.lines().count(), 1, "{err}");
    for part in ["--max-deliver", "7", "10", "risk-monitor", "RISK"] {
        assert!(err.contains(part), "'{part}' missing from: {err}");
    }
    // One of order-auditor's two filters is not its filter set.
    let r = evt_run(
        &f.server,
        &[
            "consume",
            "trading.order.>",
            "--durable",
            "order-auditor",
            "--count",
            "1",
        ],
    );
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(r.stderr.contains("SUBJECT"), "{}", r.stderr);
    assert!(r.stderr.contains("trading.fill.>"), "{}", r.stderr);
    // Both filters given (in any order) is the declared set.
    let r = evt_run(
        &f.server,
        &[
            "consume",
            "trading.fill.>",
            "trading.order.>",
            "--durable",
            "order-auditor",
            "--until-idle",
            "200ms",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
    let after = rt.block_on(consumer_config(&f.js, "RISK", "risk-monitor"));
    assert_eq!(after, before);
    assert_plan_is_clean(&f.server);
}

/// An ad-hoc durable made by `evt consume` is the consumer a spec with the same settings
/// declares: plan shows no changes, including the advisory capture it created.
#[test]
fn a_consumer_created_by_evt_consume_plans_clean_against_the_same_declaration() {
    let server = NatsServer::start();
    let dir = server.dir.path().to_path_buf();
    let base = "streams:\n  - name: JOBS\n    subjects: [\"jobs.>\"]\n  - name: DLQ\n    subjects: [\"dlq.>\"]\n";
    let base_file = dir.join("base.yaml");
    std::fs::write(&base_file, base).unwrap();
    evt_run(&server, &["streams", "apply", base_file.to_str().unwrap()]).ok();
    // Without a capture for its max-deliveries advisory, it refuses and says how to get one.
    let adhoc = [
        "consume",
        "jobs.>",
        "--durable",
        "new-worker",
        "--max-deliver",
        "3",
        "--exec",
        "cat > /dev/null",
        "--until-idle",
        "200ms",
    ];
    let r = evt_run(&server, &adhoc);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stderr.contains("--create-advisory-capture"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("DLQ_ADVISORIES"), "{}", r.stderr);
    let consumers = rt().block_on(async {
        let b = bus(&server.url()).await;
        let mut s = b.jetstream().get_stream("JOBS").await.unwrap();
        s.info().await.unwrap().state.consumer_count
    });
    assert_eq!(consumers, 0, "the refused start created the durable");
    let mut with_capture = adhoc.to_vec();
    with_capture.push("--create-advisory-capture");
    evt_run(&server, &with_capture).ok();
    // The same settings as a spec: the flags given, and the defaults evt filled in.
    let spec = base.replace(
        "    subjects: [\"jobs.>\"]\n",
        "    subjects: [\"jobs.>\"]\n    consumers:\n      - durable_name: new-worker\n        filter_subject: \"jobs.>\"\n        ack_policy: explicit\n        max_deliver: 3\n        backoff: [1s, 5s]\n        ack_wait: 1s\n        dlq: {stream: DLQ}\n",
    );
    let spec_file = dir.join("declared.yaml");
    std::fs::write(&spec_file, spec).unwrap();
    let plan = evt_run(&server, &["streams", "plan", spec_file.to_str().unwrap()]);
    assert_eq!(plan.code(), 0, "{plan:?}");
    assert!(plan.stdout.contains("no changes"), "{plan:?}");
    // And it binds again as declared, by name.
    let r = evt_run(
        &server,
        &[
            "consume",
            "--stream",
            "JOBS",
            "--durable",
            "new-worker",
            "--until-idle",
            "200ms",
        ],
    );
    assert_eq!(r.code(), 0, "{r:?}");
}

/// Regression: `opt_start_time: yesterday 10am` passed validation and was applied as
/// 1970-01-01, replaying the whole stream.
#[test]
fn bad_opt_start_time_is_refused_with_file_line_and_field_and_nothing_is_applied() {
    let server = NatsServer::start();
    let file = server.dir.path().join("start.yaml");
    std::fs::write(
        &file,
        "streams:\n  - name: REPLAY\n    subjects: [\"replay.>\"]\n    consumers:\n      - durable_name: late\n        deliver_policy: by_start_time\n        opt_start_time: yesterday 10am\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    for cmd in ["validate", "apply"] {
        let r = evt_run(&server, &["streams", cmd, path]);
        assert_ne!(r.code(), 0, "{cmd}: {r:?}");
        let err = r.stderr.trim();
        assert!(err.contains(&format!("{path}:7")), "{cmd}: {err}");
        assert!(err.contains("opt_start_time"), "{cmd}: {err}");
        assert!(err.contains("yesterday 10am"), "{cmd}: {err}");
    }
    // A policy without its time is caught too, with its line.
    std::fs::write(
        &file,
        "streams:\n  - name: REPLAY\n    subjects: [\"replay.>\"]\n    consumers:\n      - durable_name: late\n        deliver_policy: by_start_time\n",
    )
    .unwrap();
    let r = evt_run(&server, &["streams", "validate", path]);
    assert_ne!(r.code(), 0, "{r:?}");
    assert!(
        r.stderr.contains(&format!("{path}:5")) && r.stderr.contains("needs opt_start_time"),
        "{}",
        r.stderr
    );
    let names = rt().block_on(async {
        let b = bus(&server.url()).await;
        let mut names = b.jetstream().stream_names();
        let mut out = Vec::new();
        while let Some(Ok(n)) = futures::StreamExt::next(&mut names).await {
            out.push(n);
        }
        out
    });
    assert!(names.is_empty(), "applied: {names:?}");
}

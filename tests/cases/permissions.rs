//! Permission violations: every command family fails fast with one line naming the operation,
//! the subject and that it is a permission problem, and exits 4. Nothing hangs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{evt_cmd, run_with, NatsServer, Run, ServerConfig};

/// The harness kills a run after this; a denied command must end long before.
const BOUND: Duration = Duration::from_secs(20);

/// `admin` may do anything; `feed` may only publish market data (no `$JS.API`); `nosub` may
/// publish anything but subscribe only to inboxes; `noinbox` may not subscribe to inboxes.
fn server() -> NatsServer {
    NatsServer::with_config(ServerConfig {
        extra: r#"
authorization {
  users: [
    { user: admin, password: adminpw }
    { user: feed, password: feedpw, permissions: { publish: ["market.>"], subscribe: ["_INBOX.>"] } }
    { user: nosub, password: nosubpw, permissions: { publish: [">"], subscribe: ["_INBOX.>"] } }
    { user: noinbox, password: noinboxpw, permissions: { publish: [">"], subscribe: { deny: ["_INBOX.>"] } } }
  ]
}
"#
        .into(),
        ..Default::default()
    })
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("streams/trading.yaml")
}

fn as_user(server: &NatsServer, user: &str) -> Command {
    let mut c = evt_cmd(server.dir.path());
    c.arg("-s")
        .arg(server.url())
        .args(["--user", user, "--password", &format!("{user}pw")]);
    c
}

fn timed(c: Command, stdin: Option<&[u8]>) -> (Run, Duration) {
    let t = Instant::now();
    let r = run_with(c, stdin, BOUND);
    (r, t.elapsed())
}

fn applied() -> NatsServer {
    let server = server();
    let mut c = as_user(&server, "admin");
    c.args(["streams", "apply"]).arg(example());
    run_with(c, None, BOUND).ok();
    server
}

/// One line on stderr, naming the operation and the subject, exit 4.
fn assert_denied(family: &str, r: &Run, took: Duration, subject_part: &str) {
    eprintln!("permission-denied {family}: {took:?}");
    assert_eq!(r.code(), 4, "{family}: {r:?}");
    let lines: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.to_lowercase().contains("permission"))
        .collect();
    assert_eq!(lines.len(), 1, "{family}: {}", r.stderr);
    assert!(lines[0].starts_with("evt: "), "{family}: {}", r.stderr);
    assert!(
        lines[0].contains("permission denied"),
        "{family}: {}",
        r.stderr
    );
    assert!(lines[0].contains(subject_part), "{family}: {}", r.stderr);
}

fn fill() -> Vec<u8> {
    serde_json::json!({
        "event_type": "ORDER_FILLED",
        "strategy_name": "s",
        "order_id": "O-1",
        "instrument_token": 1,
        "side": "BUY",
        "quantity": 1,
        "price": 1.5,
    })
    .to_string()
    .into_bytes()
}

#[test]
fn publish_to_a_denied_subject_fails_fast_naming_it() {
    let server = applied();
    let mut c = as_user(&server, "feed");
    c.args(["publish", "trading.order.filled"]);
    let (r, took) = timed(c, Some(&fill()));
    assert_eq!(r.code(), 4, "{r:?}");
    eprintln!("permission-denied publish (data subject): {took:?}");
    assert!(r.stderr.contains("trading.order.filled"), "{}", r.stderr);
    assert!(r.stderr.contains("permission"), "{}", r.stderr);
    assert!(!r.stderr.contains("timed out"), "{}", r.stderr);
}

#[test]
fn publish_without_an_inbox_fails_fast_naming_the_inbox() {
    let server = applied();
    let mut c = as_user(&server, "noinbox");
    c.args(["publish", "trading.order.filled"]);
    let (r, took) = timed(c, Some(&fill()));
    assert_denied("publish (inbox)", &r, took, "_INBOX.");
}

#[test]
fn tail_without_jetstream_api_fails_fast() {
    let server = applied();
    let mut c = as_user(&server, "feed");
    c.args(["tail", "trading.>", "--all"]);
    let (r, took) = timed(c, None);
    assert_denied("tail (JetStream API)", &r, took, "$JS.API.");
}

#[test]
fn tail_of_a_denied_core_subject_fails_fast_instead_of_hanging() {
    let server = applied();
    let mut c = as_user(&server, "nosub");
    c.args(["tail", "nostream.>"]);
    let (r, took) = timed(c, None);
    assert_denied("tail (core subscribe)", &r, took, "'nostream.>'");
    assert!(r.stderr.contains("subscribe"), "{}", r.stderr);
}

#[test]
fn consume_without_jetstream_api_fails_fast() {
    let server = applied();
    let mut c = as_user(&server, "feed");
    c.args([
        "consume",
        "--stream",
        "TRADING",
        "--durable",
        "order-auditor",
    ]);
    let (r, took) = timed(c, None);
    assert_denied("consume", &r, took, "$JS.API.");
}

#[test]
fn streams_plan_and_apply_without_jetstream_api_fail_fast() {
    let server = applied();
    for cmd in ["plan", "apply"] {
        let mut c = as_user(&server, "feed");
        c.args(["streams", cmd]).arg(example());
        let (r, took) = timed(c, None);
        assert_denied(&format!("streams {cmd}"), &r, took, "$JS.API.");
    }
}

#[test]
fn dlq_ls_and_replay_without_jetstream_api_fail_fast() {
    let server = applied();
    for args in [&["ls"][..], &["replay", "--consumer", "order-auditor"][..]] {
        let mut c = as_user(&server, "feed");
        c.arg("dlq").args(args);
        let (r, took) = timed(c, None);
        assert_denied(&format!("dlq {}", args[0]), &r, took, "$JS.API.");
    }
}

#[test]
fn report_and_check_without_jetstream_api_fail_fast() {
    let server = applied();
    let mut c = as_user(&server, "feed");
    c.arg("report").arg(example());
    let (r, took) = timed(c, None);
    assert_denied("report", &r, took, "$JS.API.");
    let mut c = as_user(&server, "feed");
    c.arg("check").arg(example());
    let (r, took) = timed(c, None);
    eprintln!("permission-denied check: {took:?}");
    // Nagios: could not be checked.
    assert_eq!(r.code(), 3, "{r:?}");
    assert!(r.stderr.contains("permission denied"), "{}", r.stderr);
}

/// An account with tight JetStream limits.
fn limited() -> NatsServer {
    NatsServer::with_config(ServerConfig {
        extra: r#"
accounts {
  LIM: {
    jetstream: { max_mem: 1M, max_file: 1M, max_streams: 1, max_consumers: 1 }
    users: [ { user: lim, password: limpw } ]
  }
}
"#
        .into(),
        ..Default::default()
    })
}

fn apply_spec(server: &NatsServer, name: &str, text: &str) -> Run {
    let path = server.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let mut c = as_user(server, "lim");
    c.args(["streams", "apply"]).arg(&path);
    run_with(c, None, BOUND)
}

fn error_line(r: &Run) -> String {
    r.stderr
        .lines()
        .filter(|l| l.starts_with("evt:") || l.starts_with("FAILED"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn account_limits_are_one_line_naming_the_limit_and_the_stream() {
    let server = limited();
    let two = "streams:\n  - name: ONE\n    subjects: [\"one.>\"]\n    storage: file\n  - name: TWO\n    subjects: [\"two.>\"]\n    storage: file\n";
    let r = apply_spec(&server, "two.yaml", two);
    assert_eq!(r.code(), 1, "{r:?}");
    let line = error_line(&r);
    assert!(line.contains("stream TWO"), "{line} {r:?}");
    assert!(line.contains("max_streams"), "{line}");

    let consumers = "streams:\n  - name: ONE\n    subjects: [\"one.>\"]\n    storage: file\n    consumers:\n      - durable_name: a\n        ack_policy: explicit\n      - durable_name: b\n        ack_policy: explicit\n";
    let r = apply_spec(&server, "consumers.yaml", consumers);
    assert_eq!(r.code(), 1, "{r:?}");
    let line = error_line(&r);
    assert!(line.contains("consumer ONE/b"), "{line}");
    assert!(line.contains("max_consumers"), "{line}");

    let big = "streams:\n  - name: ONE\n    subjects: [\"one.>\"]\n    storage: file\n    max_bytes: 10MiB\n";
    let r = apply_spec(&server, "big.yaml", big);
    assert_eq!(r.code(), 1, "{r:?}");
    let line = error_line(&r);
    assert!(line.contains("stream ONE"), "{line}");
    assert!(line.contains("max_bytes"), "{line}");
    assert!(line.contains("storage limit"), "{line}");
    eprintln!("limits:\n{}", r.stderr);
}

/// `evt permissions` for a role, as nats-server configuration text.
fn generated(role_args: &[&str]) -> String {
    let home = tempfile::tempdir().unwrap();
    let mut c = evt_cmd(home.path());
    c.arg("permissions").arg(example()).args(role_args);
    let r = run_with(c, None, BOUND).ok();
    assert!(r.stdout.starts_with("permissions: {"), "{}", r.stdout);
    r.stdout
}

/// A server whose users hold exactly the generated permissions, the example topology
/// applied and one fill published (by `admin`).
fn role_server() -> NatsServer {
    let users = [
        (
            "publisher",
            generated(&["--role", "publisher", "--subject", "trading.order.filled"]),
        ),
        (
            "service",
            generated(&["--role", "service", "--durable", "order-auditor"]),
        ),
        ("reader", generated(&["--role", "reader"])),
        ("operator", generated(&["--role", "operator"])),
    ];
    let mut extra =
        String::from("authorization {\n  users: [\n    { user: admin, password: adminpw }\n");
    for (user, perms) in &users {
        extra.push_str(&format!(
            "    {{ user: {user}, password: {user}pw, {perms} }}\n"
        ));
    }
    extra.push_str("  ]\n}\n");
    let server = NatsServer::with_config(ServerConfig {
        extra,
        ..Default::default()
    });
    let mut c = as_user(&server, "admin");
    c.args(["streams", "apply"]).arg(example());
    run_with(c, None, BOUND).ok();
    let mut c = as_user(&server, "admin");
    c.args(["publish", "trading.order.filled"]);
    run_with(c, Some(&fill()), BOUND).ok();
    server
}

fn works(server: &NatsServer, user: &str, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut c = as_user(server, user);
    c.args(args);
    let r = run_with(c, stdin, BOUND);
    assert_eq!(r.code(), 0, "{user} {args:?}: {r:?}");
    r
}

fn refused(server: &NatsServer, user: &str, args: &[&str], stdin: Option<&[u8]>) {
    let mut c = as_user(server, user);
    c.args(args);
    let (r, took) = timed(c, stdin);
    assert_denied(&format!("{user} {}", args[0]), &r, took, "");
}

#[test]
fn generated_permissions_are_enough_for_each_role_and_no_more() {
    let server = role_server();
    let fill = fill();

    works(
        &server,
        "publisher",
        &["publish", "trading.order.filled"],
        Some(&fill),
    );
    refused(
        &server,
        "publisher",
        &["tail", "trading.>", "--all", "--count", "1"],
        None,
    );
    refused(
        &server,
        "publisher",
        &["publish", "trading.order.placed"],
        Some(&fill),
    );

    let r = works(
        &server,
        "reader",
        &["tail", "trading.>", "--all", "--count", "1", "-o", "json"],
        None,
    );
    assert_eq!(r.stdout_lines().len(), 1, "{}", r.stdout);
    refused(
        &server,
        "reader",
        &["publish", "trading.order.filled"],
        Some(&fill),
    );

    works(
        &server,
        "service",
        &[
            "consume",
            "--stream",
            "TRADING",
            "--durable",
            "order-auditor",
            "--count",
            "1",
        ],
        None,
    );
    refused(
        &server,
        "service",
        &["streams", "apply", example().to_str().unwrap()],
        None,
    );

    works(
        &server,
        "operator",
        &["streams", "apply", example().to_str().unwrap()],
        None,
    );
    works(
        &server,
        "operator",
        &["dlq", "replay", "--consumer", "order-auditor"],
        None,
    );
    refused(
        &server,
        "operator",
        &["publish", "elsewhere.x"],
        Some(&fill),
    );
}

/// The service role's mover: a message that exhausted max_deliver reaches the DLQ through the
/// advisory stream, run by a user holding exactly the generated service permissions.
#[test]
fn generated_service_permissions_are_enough_for_the_mover_to_dead_letter() {
    use async_nats::jetstream::{self, AckKind};
    use futures::StreamExt;

    let server = role_server();
    crate::support::rt().block_on(async {
        let connect = |user: &str| evt::bus::ConnectOptions {
            url: server.url(),
            auth: evt::bus::Auth::UserPassword {
                user: user.into(),
                password: format!("{user}pw"),
            },
            ..Default::default()
        };
        let admin = evt::bus::Bus::connect(&connect("admin")).await.unwrap();
        let js = admin.jetstream().clone();
        // Exhaust max_deliver (5) as admin: without the declared backoff (which also paces
        // naks) each nak'ed delivery comes back at once; then ask once more so the server
        // gives up on it and emits the MAX_DELIVERIES advisory.
        let stream = js.get_stream("TRADING").await.unwrap();
        let mut declared = stream
            .consumer_info("order-auditor")
            .await
            .unwrap()
            .config
            .clone();
        declared.backoff = Vec::new();
        stream.update_consumer(declared).await.unwrap();
        let consumer: jetstream::consumer::PullConsumer =
            stream.get_consumer("order-auditor").await.unwrap();
        let mut naks = 0;
        for _ in 0..20 {
            let mut batch = consumer
                .fetch()
                .max_messages(1)
                .expires(Duration::from_millis(500))
                .messages()
                .await
                .unwrap();
            match batch.next().await {
                Some(Ok(m)) => {
                    m.ack_with(AckKind::Nak(None)).await.unwrap();
                    naks += 1;
                }
                _ if naks >= 5 => break,
                _ => {}
            }
        }
        assert_eq!(naks, 5, "deliveries before the server gave up");
        let advisories = evt::dlq::naming::advisory_stream_name("DLQ");
        let count = |name: String| {
            let js = js.clone();
            async move {
                js.get_stream(&name)
                    .await
                    .unwrap()
                    .info()
                    .await
                    .unwrap()
                    .state
                    .messages
            }
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while count(advisories.clone()).await == 0 {
            assert!(
                Instant::now() < deadline,
                "no MAX_DELIVERIES advisory captured"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }

        let service = evt::bus::Bus::connect(&connect("service")).await.unwrap();
        let factory = std::sync::Arc::new(evt::codec::EventFactory::new(std::sync::Arc::new(
            evt::schema::SchemaRegistry::builtin().unwrap(),
        )));
        let mut m = evt::subscriber::SubscriberManager::new(service, factory).handle(
            evt::subscriber::bind("TRADING", "order-auditor"),
            |_: evt::event::TradingEvent| async { Ok::<(), evt::subscriber::HandlerError>(()) },
        );
        m.start().await.expect("the service role binds its durable");
        let deadline = Instant::now() + Duration::from_secs(10);
        while m.stats().moved == 0 {
            assert!(
                Instant::now() < deadline,
                "not moved to the DLQ: {:?} {:?}",
                m.stats(),
                m.permission_denied()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        m.stop().await;
        assert_eq!(m.permission_denied(), None);
        assert_eq!(count("DLQ".into()).await, 1);
        let mut dlq = js.get_stream("DLQ").await.unwrap();
        let last = dlq.info().await.unwrap().state.last_sequence;
        let msg = dlq.get_raw_message(last).await.unwrap();
        let letter = evt::dlq::DeadLetter::from_message(&msg.headers, msg.payload.clone())
            .expect("a dead letter");
        assert_eq!(
            letter.reason,
            evt::dlq::Reason::MaxDeliveries,
            "dead-lettered by the mover"
        );
    });
}

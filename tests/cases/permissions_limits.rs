//! JetStream limits met outside `streams apply`: a durable created by the subscriber (what
//! `evt consume` does) and a publish acknowledged with a limit error each give one line naming
//! the limit and the stream, at once (no retry until a timeout).

use std::time::Duration;

use async_nats::jetstream::{self, stream::DiscardPolicy};
use evt::bus::{Auth, Bus, ConnectOptions};
use evt::subscriber::{on, HandlerError, SubscriberManager};

use super::subscriber::factory;
use crate::support::{bus, evt, rt, run_with, NatsServer, ServerConfig};

/// The harness kills a run after this; a refused command must end long before.
const BOUND: Duration = Duration::from_secs(20);

/// Account `LIM`: 1 MiB of file storage, 4 streams, 1 consumer.
fn limited() -> NatsServer {
    NatsServer::with_config(ServerConfig {
        extra: r#"
accounts {
  LIM: {
    jetstream: { max_mem: 1M, max_file: 1M, max_streams: 4, max_consumers: 1 }
    users: [ { user: lim, password: limpw } ]
  }
}
"#
        .into(),
        ..Default::default()
    })
}

async fn lim(server: &NatsServer) -> Bus {
    let opts = ConnectOptions {
        url: server.url(),
        auth: Auth::UserPassword {
            user: "lim".into(),
            password: "limpw".into(),
        },
        ..Default::default()
    };
    Bus::connect(&opts).await.expect("connect lim")
}

async fn stream(js: &jetstream::Context, name: &str, subjects: &[&str]) {
    js.create_stream(jetstream::stream::Config {
        name: name.into(),
        subjects: subjects.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    })
    .await
    .unwrap();
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
fn a_durable_beyond_max_consumers_is_one_line_naming_the_limit_and_the_stream() {
    rt().block_on(async {
        let server = limited();
        let bus = lim(&server).await;
        let js = bus.jetstream().clone();
        stream(&js, "ONE", &["one.>"]).await;
        stream(&js, "DLQ", &["dlq.>"]).await;
        stream(
            &js,
            "DLQ_ADVISORIES",
            &["$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>"],
        )
        .await;
        js.get_stream("ONE")
            .await
            .unwrap()
            .create_consumer(jetstream::consumer::pull::Config {
                durable_name: Some("a".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        let mut m = SubscriberManager::new(bus, factory())
            .without_mover()
            .handle(
                on("one.>").durable("b"),
                |_: evt::event::TradingEvent| async { Ok::<(), HandlerError>(()) },
            );
        let e = tokio::time::timeout(Duration::from_secs(5), m.start())
            .await
            .expect("no timeout")
            .expect_err("a second consumer in an account allowing one");
        let line = e.to_string();
        assert!(!line.contains('\n'), "{line}");
        assert!(line.contains("'ONE'"), "{line}");
        assert!(line.contains("max_consumers"), "{line}");
    });
}

#[test]
fn publish_to_a_full_discard_new_stream_names_max_msgs_and_the_stream() {
    let server = NatsServer::start();
    rt().block_on(async {
        let b = bus(&server.url()).await;
        b.jetstream()
            .create_stream(jetstream::stream::Config {
                name: "FULL".into(),
                subjects: vec!["full.>".into()],
                max_messages: 1,
                discard: DiscardPolicy::New,
                ..Default::default()
            })
            .await
            .unwrap();
        b.jetstream()
            .publish("full.first", "x".into())
            .await
            .unwrap()
            .await
            .unwrap();
    });
    let mut c = evt(&server);
    c.args(["publish", "full.order.filled"]);
    let r = run_with(c, Some(&fill()), BOUND);
    assert_ne!(r.code(), 0, "{r:?}");
    assert!(r.stderr.contains("FULL"), "{}", r.stderr);
    assert!(r.stderr.contains("max_msgs"), "{}", r.stderr);
    assert!(!r.stderr.contains("timed out"), "{}", r.stderr);
    eprintln!("max_msgs: {}", r.stderr);
}

#[test]
fn publish_beyond_the_accounts_storage_names_max_file() {
    let server = limited();
    rt().block_on(async {
        let b = lim(&server).await;
        stream(b.jetstream(), "ONE", &["one.>"]).await;
        // Fill the account to within a few bytes of its 1 MiB (a refused message is not
        // stored, so each size runs until refused, then a smaller one fills the rest).
        for size in [100 * 1024, 10 * 1024, 1024, 64] {
            let chunk = bytes::Bytes::from(vec![b'x'; size]);
            let mut refused = false;
            for _ in 0..20 {
                let ack = b
                    .jetstream()
                    .publish("one.fill", chunk.clone())
                    .await
                    .unwrap()
                    .await;
                if ack.is_err() {
                    refused = true;
                    break;
                }
            }
            assert!(
                refused,
                "{size}-byte messages never refused by a 1 MiB account"
            );
        }
    });
    let mut c = evt(&server);
    c.args([
        "--user",
        "lim",
        "--password",
        "limpw",
        "publish",
        "one.order.filled",
    ]);
    let r = run_with(c, Some(&fill()), BOUND);
    assert_ne!(r.code(), 0, "{r:?}");
    assert!(r.stderr.contains("ONE"), "{}", r.stderr);
    assert!(r.stderr.contains("max_file"), "{}", r.stderr);
    assert!(!r.stderr.contains("timed out"), "{}", r.stderr);
    eprintln!("storage: {}", r.stderr);
}

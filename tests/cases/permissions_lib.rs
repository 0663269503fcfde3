//! Permission violations met by the LIBRARY (no CLI watchdog): the subscriber's dead-letter
//! publish and `dlq::replay` fail at once with a typed permission error, and nothing is lost.

use std::time::Duration;

use async_nats::jetstream::{self, stream::RetentionPolicy};
use evt::bus::{Auth, Bus, BusError, ConnectOptions, DeniedOp};
use evt::dlq::replay::{replay, ReplayError, ReplayOptions};
use evt::dlq::store::DlqStore;
use evt::subscriber::{on, HandlerError, SubscriberManager};

use super::subscriber::{create_streams, factory, order, Fixture};
use crate::support::{rt, NatsServer, ServerConfig};

/// Well below the 10 s a publish waits for its ack: a denial must not wait for that timeout.
const PROMPT: Duration = Duration::from_secs(5);

/// `admin` may do anything; `svc` may do anything but publish dead letters; `nopull` may not
/// pull from a consumer; `nomover` may not pull advisories; `noapi` may not use the JetStream API; `replayer` may do anything but
/// publish to `orders.>`.
fn server() -> NatsServer {
    NatsServer::with_config(ServerConfig {
        extra: r#"
authorization {
  users: [
    { user: admin, password: adminpw }
    { user: svc, password: svcpw, permissions: { publish: { allow: [">"], deny: ["dlq.>"] }, subscribe: [">"] } }
    { user: nopull, password: nopullpw, permissions: { publish: { allow: [">"], deny: ["$JS.API.CONSUMER.MSG.NEXT.>"] }, subscribe: [">"] } }
    { user: nomover, password: nomoverpw, permissions: { publish: { allow: [">"], deny: ["$JS.API.CONSUMER.MSG.NEXT.DLQ_ADVISORIES.>"] }, subscribe: [">"] } }
    { user: noapi, password: noapipw, permissions: { publish: ["orders.>"], subscribe: [">"] } }
    { user: replayer, password: replayerpw, permissions: { publish: { allow: [">"], deny: ["orders.>"] }, subscribe: [">"] } }
  ]
}
"#
        .into(),
        ..Default::default()
    })
}

async fn as_user(server: &NatsServer, user: &str) -> Bus {
    let opts = ConnectOptions {
        url: server.url(),
        auth: Auth::UserPassword {
            user: user.into(),
            password: format!("{user}pw"),
        },
        ..Default::default()
    };
    Bus::connect(&opts).await.expect("connect")
}

async fn admin(server: &NatsServer) -> Bus {
    let opts = ConnectOptions {
        url: server.url(),
        auth: Auth::UserPassword {
            user: "admin".into(),
            password: "adminpw".into(),
        },
        ..Default::default()
    };
    Bus::connect(&opts).await.expect("connect admin")
}

async fn messages(js: &jetstream::Context, stream: &str) -> u64 {
    js.get_stream(stream)
        .await
        .unwrap()
        .info()
        .await
        .unwrap()
        .state
        .messages
}

#[test]
fn a_refused_dead_letter_fails_at_once_and_the_original_is_kept() {
    rt().block_on(async {
        let server = server();
        let admin = admin(&server).await;
        // A WorkQueue source: a terminated (or acked) original would be gone from it.
        create_streams(admin.jetstream(), RetentionPolicy::WorkQueue).await;
        let f = Fixture {
            bus: admin.clone(),
            js: admin.jetstream().clone(),
            factory: factory(),
            server,
        };
        let svc = as_user(&f.server, "svc").await;
        let mut m = SubscriberManager::new(svc, f.factory.clone())
            .without_mover()
            .handle(
                on("orders.>").durable("auditor"),
                |_: evt::event::TradingEvent| async { Err::<(), _>(HandlerError::fatal("poison")) },
            );
        m.start().await.unwrap();
        super::subscriber::publish_event(&f, "orders.filled", order("BAD", 1), None).await;

        let deadline = tokio::time::Instant::now() + PROMPT;
        while m.stats().handlers[0].dlq_publish_failures == 0 {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the refused dead letter was not reported within {PROMPT:?}: {:?}",
                m.stats()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let h = &m.stats().handlers[0];
        assert_eq!((h.dead_lettered, h.acked), (0, 0), "{h:?}");
        m.stop().await;
        assert_eq!(messages(&f.js, "ORDERS").await, 1, "the original was lost");
        assert_eq!(messages(&f.js, "DLQ").await, 0);
    });
}

#[test]
fn the_dead_letter_publish_itself_returns_a_typed_permission_error() {
    rt().block_on(async {
        let server = server();
        let admin = admin(&server).await;
        create_streams(admin.jetstream(), RetentionPolicy::Limits).await;
        let svc = as_user(&server, "svc").await;
        let dl = super::dlq::letter(1, &super::dlq::Spec::default());
        let denials = svc.denials();
        let r = tokio::time::timeout(
            PROMPT,
            evt::subscriber::deadletter::publish_dead_letter(
                svc.jetstream(),
                Some(&denials),
                &dl,
                3,
            ),
        )
        .await
        .expect("a refused dead letter must not wait for the ack timeout");
        let e = r.expect_err("the dead letter was refused");
        assert!(e.is_permission_denied(), "{e}");
        let text = e.to_string();
        assert!(text.contains("permission denied"), "{text}");
        assert!(text.contains("dlq.TRADING.order-auditor"), "{text}");
    });
}

#[test]
fn a_refused_replay_is_a_typed_permission_error_and_the_entry_stays() {
    rt().block_on(async {
        let server = server();
        let admin = admin(&server).await;
        create_streams(admin.jetstream(), RetentionPolicy::Limits).await;
        let mut dl = super::dlq::letter(1, &super::dlq::Spec::default());
        dl.original_subject = "orders.filled".into();
        let (h, p) = dl.to_message();
        admin
            .jetstream()
            .publish_with_headers(
                evt::dlq::dead_letter_subject(&dl.stream, &dl.consumer),
                h,
                p,
            )
            .await
            .unwrap()
            .await
            .unwrap();

        let replayer = as_user(&server, "replayer").await;
        let store = DlqStore::open(replayer.jetstream(), "DLQ").await.unwrap();
        let opts = ReplayOptions {
            denials: Some(replayer.denials()),
            ..Default::default()
        };
        let r = tokio::time::timeout(
            PROMPT,
            replay(
                replayer.jetstream(),
                &store,
                &opts,
                std::future::pending(),
                |_| {},
            ),
        )
        .await
        .expect("a refused replay must not wait for the ack timeout");
        match r {
            Err(ReplayError::PermissionDenied(e)) => match *e {
                BusError::PermissionDenied {
                    op, ref subject, ..
                } => {
                    assert_eq!(op, DeniedOp::Publish);
                    assert_eq!(subject, "orders.filled");
                }
                other => panic!("not a permission error: {other}"),
            },
            other => panic!("expected PermissionDenied, got {other:?}"),
        }
        assert_eq!(messages(admin.jetstream(), "DLQ").await, 1, "entry lost");
        assert_eq!(messages(admin.jetstream(), "ORDERS").await, 0);
    });
}

#[test]
fn a_subscriber_without_the_jetstream_api_fails_to_start_at_once() {
    rt().block_on(async {
        let server = server();
        let admin = admin(&server).await;
        create_streams(admin.jetstream(), RetentionPolicy::Limits).await;
        let noapi = as_user(&server, "noapi").await;
        let mut m = SubscriberManager::new(noapi, factory()).handle(
            on("orders.>").durable("auditor"),
            |_: evt::event::TradingEvent| async { Ok::<(), HandlerError>(()) },
        );
        let r = tokio::time::timeout(PROMPT, m.start())
            .await
            .expect("start must not wait for the request timeout");
        let e = r.expect_err("start without the JetStream API");
        assert!(e.is_permission_denied(), "{e}");
        assert!(e.to_string().contains("$JS.API."), "{e}");
    });
}

#[test]
fn a_refused_pull_stops_the_handler_with_the_permission_error() {
    rt().block_on(async {
        let server = server();
        let admin = admin(&server).await;
        create_streams(admin.jetstream(), RetentionPolicy::Limits).await;
        let f = Fixture {
            bus: admin.clone(),
            js: admin.jetstream().clone(),
            factory: factory(),
            server,
        };
        let nopull = as_user(&f.server, "nopull").await;
        let mut m = SubscriberManager::new(nopull, f.factory.clone())
            .without_mover()
            .handle(
                on("orders.>").durable("auditor"),
                |_: evt::event::TradingEvent| async { Ok::<(), HandlerError>(()) },
            );
        m.start().await.expect("binding needs no pull");
        super::subscriber::publish_event(&f, "orders.filled", order("A", 1), None).await;
        let deadline = tokio::time::Instant::now() + PROMPT;
        let denied = loop {
            if let Some(d) = m.permission_denied() {
                break d;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no permission error within {PROMPT:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert!(
            denied.contains("CONSUMER.MSG.NEXT.ORDERS.auditor"),
            "{denied}"
        );
        assert!(denied.contains("permission denied"), "{denied}");
        m.stop().await;
        assert_eq!(messages(&f.js, "ORDERS").await, 1);
    });
}

#[test]
fn a_mover_refused_its_advisories_stops_with_the_permission_error() {
    rt().block_on(async {
        let server = server();
        let admin = admin(&server).await;
        create_streams(admin.jetstream(), RetentionPolicy::Limits).await;
        let nomover = as_user(&server, "nomover").await;
        let mut m = SubscriberManager::new(nomover, factory()).handle(
            on("orders.>").durable("auditor"),
            |_: evt::event::TradingEvent| async { Ok::<(), HandlerError>(()) },
        );
        m.start().await.expect("the handler itself may pull");
        let deadline = tokio::time::Instant::now() + PROMPT;
        let denied = loop {
            if let Some(d) = m.permission_denied() {
                break d;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no permission error within {PROMPT:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert!(denied.contains("DLQ mover"), "{denied}");
        assert!(denied.contains("DLQ_ADVISORIES"), "{denied}");
        m.stop().await;
    });
}

//! Metrics and endpoints against real servers: after a known workload `/metrics` gives exactly
//! its counts (parsed with a Prometheus text-format parser), lag seconds rise while a handler
//! sleeps, the endpoints' probes and bounds, and the Grafana dashboard queries only metrics
//! evt exports.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::stream::RetentionPolicy;
use evt::codec::{Defaults, EncodeOptions};
use evt::event::TradingEvent;
use evt::metrics::Metrics;
use evt::publisher::{PublishError, PublishOptions, Publisher};
use evt::subscriber::{on, SubscriberManager};
use prometheus_parse::{Scrape, Value};

use super::subscriber::{eventually, fixture, order, publish_event};
use crate::support::server::free_port;
use crate::support::{evt, rt, NatsServer};

/// One GET, as curl would send it; `None` if nothing listens.
fn http(addr: SocketAddr, request: &str) -> Option<(u16, String)> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    s.write_all(request.as_bytes()).ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split(' ').nth(1)?.parse().ok()?;
    let body = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

fn get(addr: SocketAddr, path: &str) -> Option<(u16, String)> {
    http(addr, &format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"))
}

fn parse(text: &str) -> Scrape {
    Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).expect("valid exposition")
}

fn scrape(addr: SocketAddr) -> Scrape {
    let (status, body) = get(addr, "/metrics").expect("metrics endpoint answers");
    assert_eq!(status, 200, "{body}");
    parse(&body)
}

/// The value of the one sample named `name` whose labels include `labels`.
fn value(s: &Scrape, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let hits: Vec<f64> = s
        .samples
        .iter()
        .filter(|x| x.metric == name && labels.iter().all(|(k, v)| x.labels.get(k) == Some(*v)))
        .map(|x| match &x.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
            Value::Histogram(b) => b
                .iter()
                .find(|c| c.less_than.is_infinite())
                .map_or(f64::NAN, |c| c.count),
            Value::Summary(_) => f64::NAN,
        })
        .collect();
    assert!(
        hits.len() <= 1,
        "{name} {labels:?} matches {} samples",
        hits.len()
    );
    hits.first().copied()
}

/// The sum over every sample named `name` whose labels include `labels` (all reasons, say).
fn total(s: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
    s.samples
        .iter()
        .filter(|x| x.metric == name && labels.iter().all(|(k, v)| x.labels.get(k) == Some(*v)))
        .map(|x| match &x.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
            _ => 0.0,
        })
        .sum()
}

fn interrupt_and_wait(mut child: Child) {
    // SAFETY: kill(2) on our own child's pid, not yet reaped.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().expect("wait").is_some() {
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("evt consume did not stop after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn scrape_after_a_known_workload_gives_exactly_its_counts() {
    const N: usize = 10;
    let rt = rt();
    let f = rt.block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        for i in 0..N {
            publish_event(&f, "orders.filled", order(&format!("O-{i}"), 5), None).await;
        }
        f
    });
    // k = 3 retried once then acked (O-0..O-2), j = 2 dead-lettered (O-3, O-4), the rest acked.
    let script = r#"body=$(cat); case "$body" in
        *'"O-0"'*|*'"O-1"'*|*'"O-2"'*) [ "$EVT_DELIVERY" -ge 2 ] || exit 75 ;;
        *'"O-3"'*|*'"O-4"'*) echo "no account" >&2; exit 3 ;;
    esac"#;
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port()).parse().unwrap();
    let mut c = evt(&f.server);
    c.args([
        "consume",
        "orders.>",
        "--durable",
        "auditor",
        "--exec",
        script,
    ])
    .args(["--concurrency", "4"])
    .args([
        "--metrics-addr",
        &addr.to_string(),
        "--lag-refresh",
        "100ms",
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::null());
    let child = c.spawn().expect("spawn evt consume");
    let lbl = [("stream", "ORDERS"), ("consumer", "auditor")];
    let deadline = Instant::now() + Duration::from_secs(30);
    let s = loop {
        if let Some((200, body)) = get(addr, "/metrics") {
            let s = parse(&body);
            let done = value(&s, "evt_consume_acked_total", &lbl).unwrap_or(0.0)
                + total(&s, "evt_consume_dead_lettered_total", &lbl);
            let idle = value(&s, "evt_consumer_ack_pending_messages", &lbl) == Some(0.0)
                && value(&s, "evt_consumer_pending_messages", &lbl) == Some(0.0);
            if done == N as f64 && idle {
                break s;
            }
        }
        assert!(Instant::now() < deadline, "workload not finished in time");
        std::thread::sleep(Duration::from_millis(100));
    };
    let v = |name: &str| value(&s, name, &lbl);
    assert_eq!(
        v("evt_consume_received_total"),
        Some(13.0),
        "N + k deliveries"
    );
    assert_eq!(v("evt_consume_acked_total"), Some(8.0), "N - j");
    assert_eq!(v("evt_consume_retried_total"), Some(3.0), "k");
    assert_eq!(v("evt_consume_redeliveries_total"), Some(3.0));
    let fatal = [lbl[0], lbl[1], ("reason", "fatal")];
    assert_eq!(
        value(&s, "evt_consume_dead_lettered_total", &fatal),
        Some(2.0),
        "j"
    );
    assert_eq!(v("evt_consume_decode_failures_total"), Some(0.0));
    assert_eq!(v("evt_consume_in_flight"), Some(0.0));
    assert_eq!(v("evt_consumer_lag_seconds"), Some(0.0), "caught up");
    let ok = [lbl[0], lbl[1], ("outcome", "ok")];
    assert_eq!(
        value(&s, "evt_consume_handler_duration_seconds", &ok),
        Some(8.0)
    );
    let retry = [lbl[0], lbl[1], ("outcome", "retry")];
    assert_eq!(
        value(&s, "evt_consume_handler_duration_seconds", &retry),
        Some(3.0)
    );
    assert_eq!(get(addr, "/healthz").map(|r| r.0), Some(200));
    assert_eq!(get(addr, "/readyz").map(|r| r.0), Some(200));
    // No label carries a subject or an id.
    for sample in &s.samples {
        for (k, val) in sample.labels.iter() {
            assert!(
                !val.starts_with("orders.") && !val.starts_with("O-"),
                "{k}={val}"
            );
        }
    }
    interrupt_and_wait(child);
    assert!(
        get(addr, "/metrics").is_none(),
        "endpoints stop with the consumer"
    );
}

#[test]
fn publisher_counts_published_duplicates_failures_and_ack_latency() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        let metrics = Metrics::new();
        let p = Publisher::with_metrics(
            &f.bus,
            (*f.factory).clone(),
            PublishOptions::default(),
            &metrics,
        );
        let defaults = Defaults {
            source: "test".into(),
            correlation_id: None,
        };
        let mut first = None;
        for i in 0..5 {
            let ev = f
                .factory
                .prepare(order(&format!("O-{i}"), 1), &defaults)
                .unwrap();
            p.publish("orders.filled", &ev, &EncodeOptions::default())
                .await
                .unwrap();
            first.get_or_insert(ev);
        }
        // The same event again: the stream recognises its Nats-Msg-Id.
        let again = p
            .publish(
                "orders.filled",
                first.as_ref().unwrap(),
                &EncodeOptions::default(),
            )
            .await
            .unwrap();
        assert!(again.duplicate);
        let ev = f.factory.prepare(order("O-x", 1), &defaults).unwrap();
        let err = p
            .publish("nowhere.filled", &ev, &EncodeOptions::default())
            .await
            .unwrap_err();
        assert!(matches!(err, PublishError::NoStream { .. }), "{err}");
        let s = parse(&metrics.encode());
        let st = [("stream", "ORDERS")];
        assert_eq!(value(&s, "evt_published_total", &st), Some(6.0));
        assert_eq!(value(&s, "evt_publish_duplicates_total", &st), Some(1.0));
        assert_eq!(
            value(&s, "evt_publish_ack_duration_seconds", &st),
            Some(6.0)
        );
        assert_eq!(
            value(&s, "evt_publish_failures_total", &[("error", "no_stream")]),
            Some(1.0)
        );
        // The no-stream answer comes from a lookup, not from retrying blindly.
        assert_eq!(value(&s, "evt_publish_retries_total", &[]), Some(0.0));
    });
}

#[test]
fn lag_seconds_rise_while_a_handler_sleeps() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        publish_event(&f, "orders.filled", order("O-slow", 1), None).await;
        let (entered, release) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicBool::new(false)),
        );
        let (e2, r2) = (entered.clone(), release.clone());
        let mut m = SubscriberManager::new(f.bus.clone(), f.factory.clone())
            .handle(
                on("orders.>")
                    .durable("sleeper")
                    .ack_wait(Duration::from_secs(30)),
                move |_: TradingEvent| {
                    let (e, r) = (e2.clone(), r2.clone());
                    async move {
                        e.store(true, Ordering::SeqCst);
                        let until = Instant::now() + Duration::from_secs(20);
                        while !r.load(Ordering::SeqCst) && Instant::now() < until {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                        }
                        Ok(())
                    }
                },
            )
            .serve_endpoints("127.0.0.1:0".parse().unwrap())
            .lag_refresh(Duration::from_millis(100));
        m.start().await.unwrap();
        let addr = m.endpoints_addr().expect("endpoints bound");
        let lbl = [("stream", "ORDERS"), ("consumer", "sleeper")];
        eventually(Duration::from_secs(10), "handler entered", || {
            entered.load(Ordering::SeqCst)
        })
        .await;
        let lag = |addr| {
            tokio::task::spawn_blocking(move || {
                let s = scrape(addr);
                (
                    value(&s, "evt_consumer_lag_seconds", &lbl),
                    value(&s, "evt_consumer_ack_pending_messages", &lbl),
                    value(&s, "evt_consume_in_flight", &lbl),
                )
            })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (l1, ack_pending, in_flight) = lag(addr).await.unwrap();
        let l1 = l1.expect("lag gauge present");
        assert!(l1 > 0.0, "lag {l1}");
        assert_eq!((ack_pending, in_flight), (Some(1.0), Some(1.0)));
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let (l2, _, _) = lag(addr).await.unwrap();
        let l2 = l2.expect("lag gauge present");
        assert!(l2 >= l1 + 1.0, "lag rose from {l1} to only {l2}");
        let probes = tokio::task::spawn_blocking(move || {
            (
                get(addr, "/healthz").map(|r| r.0),
                get(addr, "/readyz").map(|r| r.0),
            )
        });
        assert_eq!(probes.await.unwrap(), (Some(200), Some(200)));
        release.store(true, Ordering::SeqCst);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let (l, p, _) = lag(addr).await.unwrap();
            if l == Some(0.0) && p == Some(0.0) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "lag did not fall back to 0: {l:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(!m.is_ready() || m.is_running());
        m.stop().await;
        assert!(!m.is_ready());
        let after = tokio::task::spawn_blocking(move || get(addr, "/readyz"))
            .await
            .unwrap();
        assert!(
            after.is_none(),
            "endpoints stopped with the manager: {after:?}"
        );
    });
}

#[test]
fn endpoints_answer_bad_requests_with_a_status_and_stay_up() {
    rt().block_on(async {
        let metrics = Metrics::new();
        let ready = Arc::new(AtomicBool::new(false));
        let r2 = ready.clone();
        let server = evt::metrics::endpoints::serve(
            "127.0.0.1:0".parse().unwrap(),
            metrics,
            Arc::new(|| true),
            Arc::new(move || r2.load(Ordering::SeqCst)),
        )
        .await
        .unwrap();
        let addr = server.local_addr();
        let statuses = tokio::task::spawn_blocking(move || {
            let huge = format!("GET /metrics HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
            vec![
                get(addr, "/readyz").map(|r| r.0),
                get(addr, "/nowhere").map(|r| r.0),
                http(addr, "POST /metrics HTTP/1.1\r\n\r\n").map(|r| r.0),
                http(addr, "garbage\r\n\r\n").map(|r| r.0),
                http(addr, &huge).map(|r| r.0),
                http(addr, "HEAD /healthz HTTP/1.1\r\n\r\n").map(|r| r.0),
                get(addr, "/healthz?verbose=1").map(|r| r.0),
            ]
        })
        .await
        .unwrap();
        assert_eq!(
            statuses,
            vec![
                Some(503),
                Some(404),
                Some(405),
                Some(400),
                Some(431),
                Some(200),
                Some(200)
            ]
        );
        ready.store(true, Ordering::SeqCst);
        let now = tokio::task::spawn_blocking(move || get(addr, "/readyz"))
            .await
            .unwrap();
        assert_eq!(now.map(|r| r.0), Some(200));
        // A second listener on the same address is refused with the address named.
        let err = evt::metrics::endpoints::serve(
            addr,
            Metrics::new(),
            Arc::new(|| true),
            Arc::new(|| true),
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains(&addr.to_string()), "{err}");
        server.shutdown().await;
    });
}

#[test]
fn dashboard_queries_only_metrics_evt_exports() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/dashboards/evt.json");
    let text = std::fs::read_to_string(path).expect("dashboards/evt.json");
    let dash: serde_json::Value = serde_json::from_str(&text).expect("dashboard is JSON");
    let mut queries = Vec::new();
    collect_queries(&dash, &mut queries);
    assert!(queries.len() >= 10, "{} queries", queries.len());
    let mut used = std::collections::BTreeSet::new();
    for q in &queries {
        let mut found = false;
        for name in metric_names(q) {
            let base = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| {
                    name.strip_suffix(s)
                        .filter(|b| evt::metrics::NAMES.contains(b))
                })
                .unwrap_or(&name)
                .to_string();
            assert!(
                evt::metrics::NAMES.contains(&base.as_str()),
                "dashboard queries {name}, which evt does not export (in: {q})"
            );
            used.insert(base);
            found = true;
        }
        assert!(found, "query names no evt metric: {q}");
    }
    // The questions of an incident are on it: lag in seconds and messages, outcomes, DLQ.
    for must in [
        "evt_consumer_lag_seconds",
        "evt_consumer_pending_messages",
        "evt_consume_dead_lettered_total",
        "evt_published_total",
    ] {
        assert!(used.contains(must), "dashboard lacks {must}");
    }
}

fn collect_queries(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("expr", serde_json::Value::String(s)) => out.push(s.clone()),
                    ("query", serde_json::Value::String(s)) if s.contains("evt_") => {
                        out.push(s.clone())
                    }
                    _ => collect_queries(v, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect_queries(v, out)),
        _ => {}
    }
}

/// Identifiers in a PromQL expression that start with `evt_`.
fn metric_names(q: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = q.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let starts = q[i..].starts_with("evt_")
            && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_'));
        if starts {
            let end = q[i..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(q.len(), |e| i + e);
            out.push(q[i..end].to_string());
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn lag_is_measured_from_the_oldest_unacked_message_the_consumer_filters() {
    rt().block_on(async {
        let f = fixture(NatsServer::start(), RetentionPolicy::Limits).await;
        // An older message on a subject the consumer does not take sits right after its floor.
        publish_event(&f, "orders.cancelled", order("O-old", 1), None).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        publish_event(&f, "orders.filled", order("O-new", 1), None).await;
        let stream = f.js.get_stream("ORDERS").await.unwrap();
        stream
            .create_consumer(async_nats::jetstream::consumer::pull::Config {
                durable_name: Some("filled".into()),
                filter_subject: "orders.filled".into(),
                ..Default::default()
            })
            .await
            .unwrap();
        let lag = evt::lag::consumer_lag(&f.js, "ORDERS", "filled")
            .await
            .unwrap();
        assert_eq!((lag.num_pending, lag.num_ack_pending), (1, 0));
        let secs = lag.lag_seconds.expect("oldest unacked found");
        assert!(
            secs < 1.2,
            "measured from the other subject's message: {secs}"
        );
        assert!(lag.is_behind());
        assert_eq!(lag.last_ack_age, None);
        let missing = evt::lag::consumer_lag(&f.js, "ORDERS", "nobody")
            .await
            .unwrap_err();
        assert!(missing.to_string().contains("'nobody'"), "{missing}");
    });
}

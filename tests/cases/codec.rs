//! Python interop, both ways: evt decodes what the blueprint's Python services publish
//! (committed fixtures from `scripts/gen_python_fixtures.py`), and the blueprint's Python
//! decoder (`scripts/python_ref/blueprint.py`) reads what evt encodes. Pure codec: no server.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use async_nats::HeaderMap;
use evt::codec::{DecodeError, Defaults, EncodeOptions, EventFactory, RawMessage};
use evt::event::{Event, MarketDataEvent, RiskEvent, SystemEvent, TradingEvent};
use evt::schema::SchemaRegistry;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn factory() -> EventFactory {
    EventFactory::new(Arc::new(SchemaRegistry::builtin().unwrap()))
}

fn headers_from_json(v: &Value) -> Option<HeaderMap> {
    let obj = v.as_object()?;
    let mut h = HeaderMap::new();
    for (k, v) in obj {
        h.insert(k.as_str(), v.as_str().expect("header values are strings"));
    }
    Some(h)
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// The fixtures, sorted by name.
fn fixtures() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/python");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("payload.bin").is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn every_python_fixture_decodes_to_the_event_python_wrote() {
    let f = factory();
    let all = fixtures();
    assert!(
        all.len() >= 10,
        "expected the committed fixtures, found {all:?}"
    );
    let (mut gzip, mut plain, mut headerless) = (0, 0, 0);
    for dir in &all {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let payload = std::fs::read(dir.join("payload.bin")).unwrap();
        let headers = headers_from_json(&read_json(&dir.join("headers.json")));
        let expected = read_json(&dir.join("expected.json"));
        match headers.as_ref().and_then(|h| h.get("compressed")) {
            Some(v) if v.as_str() == "true" => gzip += 1,
            Some(_) => plain += 1,
            None => headerless += 1,
        }
        let msg = RawMessage {
            subject: "fixture",
            headers: headers.as_ref(),
            payload: &payload,
            stream: None,
            stream_seq: None,
        };
        let e = f.decode(&msg).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(Value::Object(e.body.clone()), expected, "{name}");
        assert_eq!(e.event_id, expected["event_id"], "{name}");
        assert_eq!(e.event_type, expected["event_type"], "{name}");
        assert_eq!(e.timestamp, expected["timestamp"], "{name}");
        assert_eq!(e.source, expected["source"], "{name}");
        assert_eq!(
            e.correlation_id.as_deref(),
            expected["correlation_id"].as_str(),
            "{name}"
        );
        e.timestamp_utc()
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        // The typed view a handler gets.
        let typed_ok = match e.event_type.as_str() {
            "MARKET_TICK" | "MARKET_TICK_V2" => {
                let m: MarketDataEvent = e.to_typed().unwrap();
                m.last_price == expected["last_price"].as_f64()
            }
            "SYSTEM_STARTED" | "SYSTEM_ERROR" => {
                let s: SystemEvent = e.to_typed().unwrap();
                s.component.as_deref() == expected["component"].as_str()
            }
            "RISK_ALERT" => {
                let r: RiskEvent = e.to_typed().unwrap();
                r.threshold == expected["threshold"].as_f64()
            }
            _ => {
                let t: TradingEvent = e.to_typed().unwrap();
                t.order_id.as_deref() == expected["order_id"].as_str()
                    && t.quantity == expected["quantity"].as_i64()
            }
        };
        assert!(typed_ok, "{name}: typed view differs from {expected}");
    }
    assert!(
        gzip > 0 && plain > 0 && headerless > 0,
        "fixture mix: {gzip} {plain} {headerless}"
    );
}

#[test]
fn python_fixture_with_unknown_fields_keeps_them() {
    let dir = root().join("tests/fixtures/python/trading_signal_extra_field_plain");
    let payload = std::fs::read(dir.join("payload.bin")).unwrap();
    let headers = headers_from_json(&read_json(&dir.join("headers.json")));
    let e = factory()
        .decode(&RawMessage {
            subject: "s",
            headers: headers.as_ref(),
            payload: &payload,
            stream: None,
            stream_seq: None,
        })
        .unwrap();
    assert_eq!(e.body["version"], 2);
    let t: TradingEvent = e.to_typed().unwrap();
    assert_eq!(t.extra["model"]["name"], "gbm");
}

fn python_decode(dir: &Path) -> Result<Value, String> {
    let out = Command::new("python3")
        .arg(root().join("scripts/python_ref/blueprint.py"))
        .args(["decode", "--payload"])
        .arg(dir.join("payload.bin"))
        .arg("--headers")
        .arg(dir.join("headers.json"))
        .output()
        .expect("python3 is needed for the interop tests (stdlib only)");
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn write_message(dir: &Path, payload: &[u8], headers: &HeaderMap) {
    let mut obj = serde_json::Map::new();
    for (k, vs) in headers.iter() {
        obj.insert(k.to_string(), json!(vs[0].as_str()));
    }
    std::fs::write(dir.join("payload.bin"), payload).unwrap();
    std::fs::write(
        dir.join("headers.json"),
        serde_json::to_vec(&Value::Object(obj)).unwrap(),
    )
    .unwrap();
}

fn bodies() -> Vec<(Value, &'static str)> {
    vec![
        (
            json!({"event_type": "ORDER_FILLED", "strategy_name": "alpha", "order_id": "O-1",
                   "instrument_token": 738561, "side": "BUY", "quantity": 25, "price": 2501.4,
                   "status": "COMPLETE", "order_type": "LIMIT"}),
            "TradingEvent",
        ),
        (
            json!({"event_type": "MARKET_TICK", "instrument_token": 256265, "exchange": "NSE",
                   "last_price": 21500.25, "volume": 1200,
                   "ohlc": {"open": 21400.0, "high": 21510.0, "low": 21390.5, "close": 21420.0}}),
            "MarketDataEvent",
        ),
        (
            json!({"event_type": "MARKET_TICK_V2", "instrument_token": 256265, "exchange": "NSE",
                   "last_price": 21500.25, "volume": 1200, "bid": 21500.2, "ask": 21500.3,
                   "depth": {"buy": [{"price": 21500.2, "quantity": 50}], "sell": []}}),
            "MarketDataEventV2",
        ),
        (
            json!({"event_type": "RISK_ALERT", "alert_type": "EXPOSURE_LIMIT", "severity": "CRITICAL",
                   "message": "gross exposure above limit", "current_value": 1.2e7,
                   "threshold": 1.0e7, "action": "KILL_SWITCH"}),
            "RiskEvent",
        ),
        (
            json!({"event_type": "SYSTEM_STARTED", "component": "evt-test", "version": "0.1.0"}),
            "SystemEvent",
        ),
    ]
}

#[test]
fn python_blueprint_decodes_what_evt_encodes() {
    let f = factory();
    let tmp = tempfile::tempdir().unwrap();
    let defaults = Defaults {
        source: "evt@interop-test".into(),
        correlation_id: Some("corr-1".into()),
    };
    for (i, (body, class)) in bodies().into_iter().enumerate() {
        for compress in [false, true] {
            let e = f.prepare(body.clone(), &defaults).unwrap();
            let enc = f
                .encode(
                    &e,
                    &EncodeOptions {
                        compress,
                        ..Default::default()
                    },
                )
                .unwrap();
            let dir = tmp.path().join(format!("{i}-{compress}"));
            std::fs::create_dir(&dir).unwrap();
            write_message(&dir, &enc.payload, &enc.headers);
            let py = python_decode(&dir)
                .unwrap_or_else(|err| panic!("{class} compress={compress}: python: {err}"));
            assert_eq!(py["class"], class, "{py}");
            let fields = py["fields"].as_object().unwrap();
            // Every field evt sent arrives with the same value (Python may add nulls for
            // fields its dataclass has and evt left out).
            for (k, v) in &e.body {
                assert_eq!(
                    fields.get(k),
                    Some(v),
                    "{class} compress={compress}: field {k}"
                );
            }
            assert_eq!(fields["correlation_id"], "corr-1");
            // datetime.fromisoformat parsed evt's timestamp as an aware UTC datetime and
            // writes it back identically.
            let ts = &py["timestamp"];
            assert_eq!(ts["aware"], true, "{py}");
            assert_eq!(ts["utcoffset_seconds"], 0, "{py}");
            assert_eq!(ts["isoformat"], e.timestamp.as_str(), "{py}");
        }
    }
}

#[test]
fn gzip_without_its_header_fails_in_evt_and_in_python() {
    let f = factory();
    let e = f
        .prepare(
            bodies().remove(0).0,
            &Defaults {
                source: "evt@t".into(),
                correlation_id: None,
            },
        )
        .unwrap();
    let enc = f
        .encode(
            &e,
            &EncodeOptions {
                compress: true,
                ..Default::default()
            },
        )
        .unwrap();
    let mut headers = enc.headers.clone();
    headers.insert("compressed", "false");
    let err = f
        .decode(&RawMessage {
            subject: "trading.order.filled",
            headers: Some(&headers),
            payload: &enc.payload,
            stream: Some("TRADING"),
            stream_seq: Some(7),
        })
        .unwrap_err();
    assert!(matches!(err, DecodeError::UnexpectedGzip { .. }), "{err}");
    assert!(err.to_string().contains("stream TRADING seq 7"), "{err}");
    let tmp = tempfile::tempdir().unwrap();
    write_message(tmp.path(), &enc.payload, &headers);
    let py = python_decode(tmp.path()).unwrap_err();
    assert!(py.contains("EventParsingError"), "{py}");
}

#[test]
fn evt_reencodes_a_python_event_without_changing_its_body() {
    let f = factory();
    let dir = root().join("tests/fixtures/python/order_cancelled_null_optionals_plain");
    let payload = std::fs::read(dir.join("payload.bin")).unwrap();
    let headers = headers_from_json(&read_json(&dir.join("headers.json")));
    let e: Event = f
        .decode(&RawMessage {
            subject: "s",
            headers: headers.as_ref(),
            payload: &payload,
            stream: None,
            stream_seq: None,
        })
        .unwrap();
    let enc = f.encode(&e, &EncodeOptions::default()).unwrap();
    let a: Value = serde_json::from_slice(&enc.payload).unwrap();
    let b: Value = serde_json::from_slice(&payload).unwrap();
    assert_eq!(a, b);
    let tmp = tempfile::tempdir().unwrap();
    write_message(tmp.path(), &enc.payload, &enc.headers);
    let py = python_decode(tmp.path()).unwrap();
    assert_eq!(py["fields"]["order_id"], "240115000123457");
    assert_eq!(py["timestamp"]["aware"], false);
}

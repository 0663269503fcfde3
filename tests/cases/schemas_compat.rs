//! `evt schemas check`: against a git ref (a fixture repo with two commits made here), against
//! a directory, and against the events a stream retains (old and new events side by side).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use async_nats::jetstream::{self, stream};
use async_nats::HeaderMap;
use serde_json::{json, Value};

use crate::support::{evt, evt_cmd, rt, run, run_with, unique, NatsServer, Run};

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

const V1: &str = r#"{"type":"object","properties":{
  "order_id":{"type":"string"},
  "status":{"type":"string","enum":["COMPLETE","PARTIALLY_FILLED"]},
  "trade_id":{"type":"string"},
  "quantity":{"type":"integer","minimum":1}},
 "required":["order_id","quantity"],"additionalProperties":false}"#;

/// V1 with four breaking changes: a property removed from a closed model, an enum narrowed,
/// a new required field, a minimum raised.
const V2: &str = r#"{"type":"object","properties":{
  "order_id":{"type":"string"},
  "status":{"type":"string","enum":["COMPLETE"]},
  "venue":{"type":"string"},
  "quantity":{"type":"integer","minimum":10}},
 "required":["order_id","quantity","venue"],"additionalProperties":false}"#;

/// A repository whose `schemas/` holds FILLED.json at V1 (first commit) then V2 (second).
fn fixture_repo() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path().join("schemas");
    std::fs::create_dir(&dir).unwrap();
    git(repo.path(), &["init", "-q"]);
    std::fs::write(dir.join("FILLED.json"), V1).unwrap();
    std::fs::write(dir.join("GONE.json"), r#"{"type":"object"}"#).unwrap();
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "v1"]);
    git(repo.path(), &["tag", "release"]);
    std::fs::write(dir.join("FILLED.json"), V2).unwrap();
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-qm", "v2"]);
    repo
}

fn check(cwd: &Path, args: &[&str]) -> Run {
    let home = tempfile::tempdir().unwrap();
    let mut c = evt_cmd(home.path());
    c.current_dir(cwd).args(["schemas", "check"]).args(args);
    run(c)
}

#[test]
fn against_a_git_ref_lists_each_breaking_change_and_exits_1() {
    let repo = fixture_repo();
    let r = check(repo.path(), &["--against", "HEAD~1"]);
    assert_eq!(r.code(), 1, "{r:?}");
    for want in [
        "FILLED: property_removed /properties/trade_id",
        "FILLED: enum_narrowed /properties/status/enum",
        "FILLED: required_added /properties/venue",
        "FILLED: minimum_raised /properties/quantity/minimum",
    ] {
        assert!(r.stdout.contains(want), "{want}:\n{}", r.stdout);
    }
    assert!(
        r.stdout.contains("BACKWARD against HEAD~1:FILLED"),
        "{}",
        r.stdout
    );
    // Both commits are the same at HEAD; a tag works as a ref.
    check(repo.path(), &["--against", "HEAD"]).ok();
    assert_eq!(check(repo.path(), &["--against", "release"]).code(), 1);

    let j = check(repo.path(), &["--against", "HEAD~1", "--format", "json"]);
    let v: Value = serde_json::from_str(j.stdout.trim()).unwrap();
    assert_eq!(v["compatible"], false);
    let codes: Vec<&str> = v["incompatibilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 4, "{codes:?}");

    let gh = check(repo.path(), &["--against", "HEAD~1", "--format", "github"]);
    assert_eq!(gh.code(), 1);
    assert!(
        gh.stdout
            .lines()
            .all(|l| l.starts_with("::error file=schemas/FILLED.json,title=")),
        "{}",
        gh.stdout
    );

    // FORWARD: old readers must read new events. Only the new field breaks that: V1's closed
    // content model refuses `venue`.
    let dir = repo.path().join("schemas");
    std::fs::write(
        dir.join("compatibility.yaml"),
        "types:\n  FILLED: FORWARD\n",
    )
    .unwrap();
    let f = check(repo.path(), &["--against", "HEAD~1"]);
    assert_eq!(f.code(), 1);
    assert_eq!(f.stdout.lines().count(), 2, "{}", f.stdout);
    assert!(f.stdout.starts_with("FILLED: property_added /properties/venue: `venue` added to a closed content model [FORWARD"), "{}", f.stdout);
    std::fs::write(dir.join("compatibility.yaml"), "types:\n  FILLED: NONE\n").unwrap();
    check(repo.path(), &["--against", "HEAD~1"]).ok();
    std::fs::write(dir.join("compatibility.yaml"), "default: FULL\n").unwrap();
    assert_eq!(check(repo.path(), &["--against", "HEAD~1"]).code(), 1);
    std::fs::write(dir.join("compatibility.yaml"), "default: SIDEWAYS\n").unwrap();
    let bad = check(repo.path(), &["--against", "HEAD~1"]);
    assert_eq!(bad.code(), 1);
    assert!(
        bad.stderr.contains("compatibility.yaml") && bad.stderr.contains("SIDEWAYS"),
        "{}",
        bad.stderr
    );
    std::fs::remove_file(dir.join("compatibility.yaml")).unwrap();

    // A removed type is a breaking change; an unknown ref is a one-line error.
    std::fs::remove_file(dir.join("GONE.json")).unwrap();
    let r = check(repo.path(), &["--against", "HEAD"]);
    assert_eq!(r.code(), 1);
    assert!(r.stdout.contains("GONE: type_removed"), "{}", r.stdout);
    let r = check(repo.path(), &["--against", "no-such-branch"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr.contains("no-such-branch") && r.stderr.lines().count() == 1,
        "{}",
        r.stderr
    );
}

#[test]
fn against_a_directory_and_unknown_keywords_are_not_compatible() {
    let old = tempfile::tempdir().unwrap();
    let new = tempfile::tempdir().unwrap();
    std::fs::write(
        old.path().join("T.json"),
        r#"{"type":"object","properties":{"p":{"type":"number","x-scale":2}}}"#,
    )
    .unwrap();
    std::fs::write(
        new.path().join("T.json"),
        r#"{"type":"object","properties":{"p":{"type":"number","x-scale":4}}}"#,
    )
    .unwrap();
    let cwd = tempfile::tempdir().unwrap();
    let args = [
        "--against",
        old.path().to_str().unwrap(),
        "--dir",
        new.path().to_str().unwrap(),
    ];
    let r = check(cwd.path(), &args);
    assert_eq!(r.code(), 1);
    assert!(
        r.stdout
            .contains("T: unknown_keyword_changed /properties/p/x-scale"),
        "{}",
        r.stdout
    );
    std::fs::write(new.path().join("compatibility.yaml"), "types:\n  T: NONE\n").unwrap();
    check(cwd.path(), &args).ok();
}

fn headers(event_type: &str, id: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("event-id", id);
    h.insert("event-type", event_type);
    h.insert("source", "compat-test");
    h.insert("timestamp", "2026-11-26T10:00:00.123456");
    h.insert("compressed", "false");
    h
}

fn filled(i: u64, new_shape: bool) -> Value {
    let mut b = json!({
        "event_id": uuid::Uuid::new_v4().to_string(),
        "event_type": "FILLED",
        "timestamp": "2026-11-26T10:00:00.123456",
        "source": "compat-test",
        "order_id": format!("O-{i}"),
        "quantity": 20,
    });
    if new_shape {
        b["venue"] = json!("NSE");
    } else {
        b["trade_id"] = json!(format!("T-{i}"));
        b["quantity"] = json!(5);
    }
    b
}

#[test]
fn stream_check_counts_types_and_names_the_first_failures_by_sequence() {
    let server = NatsServer::start();
    let rt = rt();
    let name = unique("SCHK");
    rt.block_on(async {
        let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
        js.create_stream(stream::Config {
            name: name.clone(),
            subjects: vec![format!("{name}.>")],
            storage: stream::StorageType::Memory,
            ..Default::default()
        })
        .await
        .unwrap();
        // Seqs 1-3: events of the old schema; 4-8: the new one.
        for i in 0..8u64 {
            let body = filled(i, i >= 3);
            js.publish_with_headers(
                format!("{name}.fill"),
                headers("FILLED", body["event_id"].as_str().unwrap()),
                serde_json::to_vec(&body).unwrap().into(),
            )
            .await
            .unwrap()
            .await
            .unwrap();
        }
    });
    let schemas = tempfile::tempdir().unwrap();
    std::fs::write(schemas.path().join("FILLED.json"), V2).unwrap();
    let sdir = schemas.path().to_str().unwrap();
    let go = |extra: &[&str]| {
        let mut c = evt(&server);
        c.args(["--schemas", sdir, "schemas", "check", "--stream", &name])
            .args(extra);
        run_with(c, None, Duration::from_secs(60))
    };
    let r = go(&["--failures", "2"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(r.stdout.contains("8 message(s) sampled"), "{}", r.stdout);
    assert!(
        r.stdout.contains("5 valid, 3 invalid, first 2 shown"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.lines().any(|l| l == "FILLED 5 3"), "{}", r.stdout);
    assert!(
        r.stdout.contains("seq 1 FILLED schema_violation /"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("seq 2 FILLED"), "{}", r.stdout);
    assert!(!r.stdout.contains("seq 3 FILLED"), "{}", r.stdout);

    // Only the new events: compatible.
    go(&["--last", "5"]).ok();
    let j = go(&["--last", "6", "--format", "json"]);
    assert_eq!(j.code(), 1);
    let v: Value = serde_json::from_str(j.stdout.trim()).unwrap();
    assert_eq!(
        (v["sampled"].as_u64(), v["invalid"].as_u64()),
        (Some(6), Some(1))
    );
    let f = &v["failures"][0];
    assert_eq!(f["seq"], 3);
    assert!(f["pointer"].as_str().unwrap().starts_with('/'), "{f}");

    let missing = go_missing(&server);
    assert_eq!(missing.code(), 1);
    assert!(missing.stderr.contains("NOPE_STREAM"), "{}", missing.stderr);
}

fn go_missing(server: &NatsServer) -> Run {
    let mut c = evt(server);
    c.args(["schemas", "check", "--stream", "NOPE_STREAM"]);
    run_with(c, None, Duration::from_secs(30))
}

/// Publish stamps `event-schema`; tail shows it; a decode error names it.
#[test]
fn publish_stamps_the_schema_and_tail_and_decode_errors_show_it() {
    let server = NatsServer::start();
    let rt = rt();
    let name = unique("SCHEMA_HDR");
    let js = rt.block_on(async {
        let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
        js.create_stream(stream::Config {
            name: name.clone(),
            subjects: vec![format!("{name}.>")],
            storage: stream::StorageType::Memory,
            ..Default::default()
        })
        .await
        .unwrap();
        js
    });
    let tick = r#"{"event_type":"MARKET_TICK_V2","instrument_token":1,"exchange":"NSE","last_price":10.5,"volume":3,"bid":10.4,"ask":10.6}"#;
    let mut c = evt(&server);
    c.args(["publish", &format!("{name}.tick"), "--file", "-"]);
    run_with(c, Some(tick.as_bytes()), Duration::from_secs(30)).ok();
    let stamped = rt.block_on(async {
        let s = js.get_stream(&name).await.unwrap();
        let m = s.get_raw_message(1).await.unwrap();
        m.headers
            .get("event-schema")
            .map(|v| v.as_str().to_string())
    });
    let stamped = stamped.expect("event-schema header");
    assert!(
        stamped.starts_with("MARKET_TICK_V2@sha256:")
            && stamped.len() == "MARKET_TICK_V2@sha256:".len() + 16,
        "{stamped}"
    );

    let tail = |extra: &[&str]| {
        let mut c = evt(&server);
        c.args([
            "tail",
            &format!("{name}.>"),
            "--all",
            "--count",
            "1",
            "--decode",
        ])
        .args(extra);
        run_with(c, None, Duration::from_secs(30))
    };
    let text = tail(&[]).ok();
    assert!(text.stdout.contains(&stamped), "{}", text.stdout);
    let j = tail(&["-o", "json"]).ok();
    let v: Value = serde_json::from_str(j.stdout.trim()).unwrap();
    assert_eq!(v["headers"]["event-schema"], json!(stamped), "{v}");

    // A reader whose MARKET_TICK_V2 now requires a field the event lacks: the decode error
    // says which schema the event was published with.
    let schemas = tempfile::tempdir().unwrap();
    std::fs::write(
        schemas.path().join("MARKET_TICK_V2.json"),
        r#"{"type":"object","properties":{"venue":{"type":"string"}},"required":["venue"]}"#,
    )
    .unwrap();
    let mut c = evt(&server);
    c.args(["--schemas", schemas.path().to_str().unwrap()])
        .args([
            "tail",
            &format!("{name}.>"),
            "--all",
            "--count",
            "1",
            "--decode",
            "-o",
            "json",
        ]);
    let bad = run_with(c, None, Duration::from_secs(30)).ok();
    let v: Value = serde_json::from_str(bad.stdout.trim()).unwrap();
    let err = v["error"].as_str().unwrap();
    assert!(
        err.contains(&format!("published with schema {stamped}")) && err.contains("/venue"),
        "{err}"
    );
}

/// From nothing to `--schemas DIR`: infer over the Python reference fixtures, then every one of
/// those events validates (as a reader reads them) against the drafts alone.
#[test]
fn infer_over_the_python_fixtures_then_the_drafts_validate_every_event() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/python");
    let mut lines = String::new();
    let mut n = 0;
    for e in std::fs::read_dir(&fixtures).unwrap() {
        let p = e.unwrap().path().join("expected.json");
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        lines.push_str(&format!("{v}\n"));
        n += 1;
    }
    assert!(n >= 10);
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("events.ndjson");
    std::fs::write(&file, &lines).unwrap();
    let out = work.path().join("drafts");
    let r = check_like(
        work.path(),
        &[
            "schemas",
            "infer",
            "--file",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    assert!(r.stdout.contains("MARKET_TICK: 2 event(s)"), "{}", r.stdout);
    assert!(
        r.stdout.contains("ORDER_CANCELLED: 1 event(s)"),
        "{}",
        r.stdout
    );
    let cancelled: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("ORDER_CANCELLED.json")).unwrap())
            .unwrap();
    // Python's nulls: optional fields, not a null type.
    assert_eq!(
        cancelled["required"],
        json!(["order_id", "strategy_name"]),
        "{cancelled}"
    );
    assert_eq!(cancelled["additionalProperties"], json!(false));
    assert!(!cancelled.to_string().contains("\"null\""), "{cancelled}");

    let v = check_like(
        work.path(),
        &[
            "--schemas",
            out.to_str().unwrap(),
            "schemas",
            "validate",
            "--tolerant",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(v.code(), 0, "{v:?}");
    assert!(
        v.stderr
            .contains(&format!("{n} event(s) checked, {n} valid")),
        "{}",
        v.stderr
    );
    // A second run does not overwrite the drafts without --force.
    let again = check_like(
        work.path(),
        &[
            "schemas",
            "infer",
            "--file",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(again.code(), 1);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
}

fn check_like(cwd: &Path, args: &[&str]) -> Run {
    let home = tempfile::tempdir().unwrap();
    let mut c = evt_cmd(home.path());
    c.current_dir(cwd).args(args);
    run(c)
}

/// `evt docs asyncapi` over the repository's streams/ validates against the official AsyncAPI
/// 3.0.0 JSON Schema (vendored), and names channels, messages, headers and NATS bindings.
#[test]
fn asyncapi_document_validates_against_the_official_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let r = check_like(root, &["docs", "asyncapi", "streams/", "-o", "json"]).ok();
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/asyncapi/3.0.0-without-id.json"))
            .unwrap(),
    )
    .unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = v
        .iter_errors(&doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does refuse what AsyncAPI refuses.
    let mut bad = doc.clone();
    bad["channels"]["MARKET_DATA.market.all"]["address"] = json!(5);
    assert!(!v.is_valid(&bad));
    let mut bad = doc.clone();
    bad["operations"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .next()
        .unwrap()["action"] = json!("eat");
    assert!(!v.is_valid(&bad));
    assert_eq!(doc["asyncapi"], "3.0.0");
    let ch = &doc["channels"]["MARKET_DATA.market.all"];
    assert_eq!(ch["address"], "market.>");
    assert!(ch["messages"]["MARKET_TICK_V2"].is_object(), "{ch}");
    let m = &doc["components"]["messages"]["ORDER_FILLED"];
    assert_eq!(m["payload"]["$ref"], "#/components/schemas/ORDER_FILLED");
    let headers = &doc["components"]["schemas"]["evt-headers"]["properties"];
    for h in [
        "event-id",
        "event-type",
        "compressed",
        "Nats-Msg-Id",
        "traceparent",
        "event-schema",
    ] {
        assert!(headers.get(h).is_some(), "{h}");
    }
    // $refs inside a payload are inlined (in AsyncAPI `#/` is the AsyncAPI document).
    let tick = doc["components"]["schemas"]["MARKET_TICK_V2"].to_string();
    assert!(!tick.contains("$defs") && !tick.contains("$ref"), "{tick}");
    let op = doc["operations"]
        .as_object()
        .unwrap()
        .values()
        .find(|o| o["bindings"]["nats"]["queue"] == "momentum-strategy")
        .expect("the declared consumer's operation");
    assert_eq!(op["action"], "receive");
    // The YAML form parses to the same document.
    let y = check_like(root, &["docs", "asyncapi", "streams/"]).ok();
    assert!(
        y.stdout.starts_with("asyncapi: \"3.0.0\""),
        "{}",
        &y.stdout[..80]
    );
}

/// `infer --stream`: the Python fixtures as published (headers, gzip), read back from a stream.
#[test]
fn infer_from_a_stream_reads_python_messages_as_published() {
    let server = NatsServer::start();
    let rt = rt();
    let name = unique("INFER");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/python");
    let mut bodies = String::new();
    rt.block_on(async {
        let js = jetstream::new(async_nats::connect(server.url()).await.unwrap());
        js.create_stream(stream::Config {
            name: name.clone(),
            subjects: vec![format!("{name}.>")],
            storage: stream::StorageType::Memory,
            ..Default::default()
        })
        .await
        .unwrap();
        for e in std::fs::read_dir(&fixtures).unwrap() {
            let dir = e.unwrap().path();
            // `null` headers: a Python publisher that sent none.
            let hs: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join("headers.json")).unwrap())
                    .unwrap();
            let mut h = HeaderMap::new();
            for (k, v) in hs.as_object().into_iter().flatten() {
                h.insert(k.as_str(), v.as_str().unwrap());
            }
            let payload = std::fs::read(dir.join("payload.bin")).unwrap();
            js.publish_with_headers(format!("{name}.ev"), h, payload.into())
                .await
                .unwrap()
                .await
                .unwrap();
            let v: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap())
                    .unwrap();
            bodies.push_str(&format!("{v}\n"));
        }
    });
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("drafts");
    let mut c = evt(&server);
    c.args([
        "schemas",
        "infer",
        "--stream",
        &name,
        "--out",
        out.to_str().unwrap(),
    ]);
    let r = run_with(c, None, Duration::from_secs(60)).ok();
    assert!(
        r.stdout.contains("ORDER_FILLED: 1 event(s)"),
        "{}",
        r.stdout
    );
    let file = work.path().join("events.ndjson");
    std::fs::write(&file, &bodies).unwrap();
    check_like(
        work.path(),
        &[
            "--schemas",
            out.to_str().unwrap(),
            "schemas",
            "validate",
            "--tolerant",
            file.to_str().unwrap(),
        ],
    )
    .ok();
}

//! `evt schemas`: listing, showing and validating against the built-in schemas and a
//! `--schemas DIR` that adds or overrides types. Offline: no server needed.

use std::path::Path;

use crate::support::{evt_cmd, run, run_with, Run};

fn evt_schemas(home: &Path, args: &[&str]) -> Run {
    let mut c = evt_cmd(home);
    c.arg("schemas").args(args);
    run(c)
}

const FILL: &str = r#"{"event_type":"ORDER_FILLED","strategy_name":"alpha","order_id":"O-1","instrument_token":738561,"side":"BUY","quantity":5,"price":2500.5}"#;

#[test]
fn ls_lists_every_builtin_type_with_version_and_required_fields() {
    let home = tempfile::tempdir().unwrap();
    let r = evt_schemas(home.path(), &["ls"]).ok();
    for t in [
        "MARKET_TICK",
        "TRADING_SIGNAL",
        "ORDER_PLACED",
        "ORDER_FILLED",
        "ORDER_CANCELLED",
        "ORDER_REJECTED",
        "SYSTEM_STARTED",
        "SYSTEM_ERROR",
        "RISK_ALERT",
    ] {
        assert!(
            r.stdout.lines().any(|l| l.starts_with(&format!("{t} "))),
            "{t}:\n{}",
            r.stdout
        );
    }
    let v2 = r
        .stdout
        .lines()
        .find(|l| l.starts_with("MARKET_TICK_V2"))
        .unwrap();
    let cols: Vec<&str> = v2.split_whitespace().collect();
    assert_eq!(
        &cols[..4],
        ["MARKET_TICK_V2", "MARKET_TICK", "2", "builtin"],
        "{v2}"
    );
    assert!(cols[4].contains("bid") && cols[4].contains("ask"), "{v2}");

    let j = evt_schemas(home.path(), &["ls", "-o", "json"]).ok();
    let rows: Vec<serde_json::Value> = j
        .stdout_lines()
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 10);
    let filled = rows
        .iter()
        .find(|r| r["event_type"] == "ORDER_FILLED")
        .unwrap();
    assert_eq!(filled["version"], 1);
    assert!(filled["required"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("quantity")));
}

#[test]
fn show_prints_the_effective_schema_and_names_unknown_types() {
    let home = tempfile::tempdir().unwrap();
    let r = evt_schemas(home.path(), &["show", "ORDER_FILLED"]).ok();
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(doc["properties"]["event_type"]["const"], "ORDER_FILLED");
    assert!(doc["required"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("event_id")));

    let r = evt_schemas(home.path(), &["show", "ORDER_FILED"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr.contains("did you mean ORDER_FILLED"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
}

#[test]
fn validate_reports_each_bad_ndjson_line_with_its_violations() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("events.ndjson");
    let bad_fill = FILL
        .replace("\"quantity\":5", "\"quantity\":-5")
        .replace("\"side\":\"BUY\"", "\"side\":\"HOLD\"");
    std::fs::write(
        &file,
        format!("{FILL}\n{bad_fill}\n\n{{\"event_type\":\"ORDER_FILED\"}}\n{{broken\n{FILL}\n"),
    )
    .unwrap();
    let r = evt_schemas(home.path(), &["validate", file.to_str().unwrap()]);
    assert_eq!(r.code(), 1, "{}\n{}", r.stdout, r.stderr);
    let lines = r.stdout_lines();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    let name = file.display().to_string();
    assert!(
        lines[0].starts_with(&format!("{name}:2: ORDER_FILLED: ")),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("/quantity: -5 is less than the minimum of 1"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("/side: "), "{}", lines[0]);
    assert!(
        lines[1].starts_with(&format!("{name}:4: unknown event type")),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with(&format!("{name}:5: not JSON")),
        "{}",
        lines[2]
    );
    assert!(
        r.stderr.contains("5 event(s) checked, 2 valid, 3 invalid"),
        "{}",
        r.stderr
    );

    let j = evt_schemas(
        home.path(),
        &["validate", "-o", "json", file.to_str().unwrap()],
    );
    let first: serde_json::Value = serde_json::from_str(j.stdout_lines()[0]).unwrap();
    assert_eq!(first["line"], 2);
    assert_eq!(first["event_type"], "ORDER_FILLED");
    let paths: Vec<&str> = first["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"/quantity") && paths.contains(&"/side"),
        "{paths:?}"
    );
}

#[test]
fn validate_reads_arrays_single_objects_and_stdin() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("events.json");
    std::fs::write(
        &file,
        format!("[\n  {FILL},\n  {{\"event_type\": \"SYSTEM_STARTED\"}}\n]\n"),
    )
    .unwrap();
    let r = evt_schemas(home.path(), &["validate", file.to_str().unwrap()]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stdout
            .contains(":3: SYSTEM_STARTED: /component: required field is missing"),
        "{}",
        r.stdout
    );

    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(FILL).unwrap())
            .unwrap();
    let mut c = evt_cmd(home.path());
    c.args(["schemas", "validate", "-"]);
    let r = run_with(
        c,
        Some(pretty.as_bytes()),
        std::time::Duration::from_secs(30),
    )
    .ok();
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("1 event(s) checked, 1 valid"),
        "{}",
        r.stderr
    );

    let empty = home.path().join("empty.json");
    std::fs::write(&empty, "\n  \n").unwrap();
    let r = evt_schemas(home.path(), &["validate", empty.to_str().unwrap()]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("no events"), "{}", r.stderr);
}

#[test]
fn validate_tolerant_accepts_what_python_writes_strict_does_not() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("py.ndjson");
    let body = r#"{"event_id":"legacy-42","event_type":"ORDER_FILLED","timestamp":"2024-01-15T09:15:00","source":"oms","correlation_id":null,"strategy_name":"alpha","order_id":"O-1","instrument_token":1,"side":"BUY","quantity":5,"price":2500.5,"average_price":null,"version":2}"#;
    std::fs::write(&file, format!("{body}\n")).unwrap();
    let strict = evt_schemas(home.path(), &["validate", file.to_str().unwrap()]);
    assert_eq!(strict.code(), 1);
    assert!(
        strict.stdout.contains("/version: unknown field"),
        "{}",
        strict.stdout
    );
    assert!(
        strict
            .stdout
            .contains("/event_id: \"legacy-42\" is not a UUID"),
        "{}",
        strict.stdout
    );
    evt_schemas(
        home.path(),
        &["validate", "--tolerant", file.to_str().unwrap()],
    )
    .ok();
}

#[test]
fn schemas_dir_adds_and_overrides_types() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("schemas");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("HEARTBEAT.json"),
        r#"{"type":"object","properties":{"seq":{"type":"integer","minimum":0}},"required":["seq"],"additionalProperties":false}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("ORDER_FILLED.json"),
        r#"{"type":"object","properties":{"fill_ref":{"type":"string"}},"required":["fill_ref"]}"#,
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let r = evt_schemas(home.path(), &["--schemas", d, "ls"]).ok();
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("HEARTBEAT ") && l.contains("seq")),
        "{}",
        r.stdout
    );
    let filled = r
        .stdout
        .lines()
        .find(|l| l.starts_with("ORDER_FILLED "))
        .unwrap();
    assert!(
        filled.contains("ORDER_FILLED.json") && filled.contains("fill_ref"),
        "{filled}"
    );

    // The environment variable works the same way.
    let file = home.path().join("hb.ndjson");
    std::fs::write(
        &file,
        "{\"event_type\":\"HEARTBEAT\",\"seq\":1}\n{\"event_type\":\"HEARTBEAT\",\"seq\":-1}\n",
    )
    .unwrap();
    let mut c = evt_cmd(home.path());
    c.env("EVT_SCHEMAS", d)
        .args(["schemas", "validate", file.to_str().unwrap()]);
    let r = run(c);
    assert_eq!(r.code(), 1);
    assert_eq!(r.stdout_lines().len(), 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains(":2: HEARTBEAT: /seq: -1 is less than the minimum of 0"),
        "{}",
        r.stdout
    );
}

#[test]
fn malformed_schema_file_is_one_line_naming_the_file() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join("schemas");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(
        dir.join("BROKEN.json"),
        "{\n  \"type\": \"object\",\n  \"properties\": {\n}\n",
    )
    .unwrap();
    let r = evt_schemas(home.path(), &["--schemas", dir.to_str().unwrap(), "ls"]);
    assert_eq!(r.code(), 1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("BROKEN.json") && r.stderr.contains("not valid JSON"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);

    std::fs::write(
        dir.join("BROKEN.json"),
        r#"{"properties":{"n":{"type":"integr"}}}"#,
    )
    .unwrap();
    let r = evt_schemas(home.path(), &["--schemas", dir.to_str().unwrap(), "ls"]);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr.contains("BROKEN.json") && r.stderr.contains("not a valid JSON Schema"),
        "{}",
        r.stderr
    );
}

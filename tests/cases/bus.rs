//! Connection: every way of authenticating, natscli contexts, TLS, and the failures a user
//! meets first (nothing listening, refused credentials), which must be one clear line.

use std::process::Command;
use std::time::Duration;

use crate::support::{evt, evt_cmd, free_port, run, run_with, NatsServer, ServerConfig};

fn ping(mut cmd: Command) -> crate::support::Run {
    cmd.arg("ping");
    run_with(cmd, None, Duration::from_secs(30))
}

#[test]
fn ping_reports_server_version_and_jetstream() {
    let server = NatsServer::start();
    let r = ping(evt(&server)).ok();
    assert!(r.stdout.contains("JetStream"), "{}", r.stdout);
    assert!(r.stdout.contains(&server.url()), "{}", r.stdout);
    let mut c = evt(&server);
    c.args(["ping", "-o", "json"]);
    let r = run(c).ok();
    let v: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert!(v["version"].as_str().unwrap().starts_with("2."));
}

#[test]
fn unreachable_server_is_one_line_and_exit_1_not_a_hang() {
    let home = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut c = evt_cmd(home.path());
    c.args([
        "--connect-timeout",
        "2s",
        "-s",
        &format!("nats://127.0.0.1:{port}"),
    ]);
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("cannot reach NATS"), "{}", r.stderr);
    assert!(r.stderr.contains(&port.to_string()), "{}", r.stderr);
    // The cause from the client, then the CLI's hint (the library names no flag).
    assert!(
        r.stderr.contains("Connection refused")
            || r.stderr.contains("connection refused")
            || r.stderr.contains("no answer within"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("(is nats-server running? set -s/--server or NATS_URL)"),
        "{}",
        r.stderr
    );
}

#[test]
fn nats_url_from_environment_is_used() {
    let server = NatsServer::start();
    let mut c = evt_cmd(server.dir.path());
    c.env("NATS_URL", server.url());
    ping(c).ok();
}

fn auth_server() -> NatsServer {
    NatsServer::with_config(ServerConfig {
        extra: "authorization { users: [ {user: alice, password: s3cretpw} ] }\n".into(),
        ..Default::default()
    })
}

#[test]
fn user_and_password_flags_and_environment_authenticate() {
    let server = auth_server();
    let mut c = evt(&server);
    c.args(["--user", "alice", "--password", "s3cretpw"]);
    ping(c).ok();
    let mut c = evt(&server);
    c.env("NATS_USER", "alice").env("NATS_PASSWORD", "s3cretpw");
    ping(c).ok();
}

#[test]
fn refused_credentials_are_one_line_and_the_password_is_never_printed() {
    let server = auth_server();
    let mut c = evt(&server);
    c.args(["--user", "alice", "--password", "wrongpass99"]);
    let r = ping(c);
    assert_eq!(r.code(), 1);
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("refused the credentials"), "{}", r.stderr);
    assert!(r.stderr.contains("check --user/--password"), "{}", r.stderr);
    assert!(!r.stderr.contains("wrongpass99") && !r.stdout.contains("wrongpass99"));

    // Credentials inside the URL are redacted in errors too.
    let home = tempfile::tempdir().unwrap();
    let mut c = evt_cmd(home.path());
    c.args([
        "-s",
        &format!("nats://alice:wrongpass99@127.0.0.1:{}", server.port),
    ]);
    let r = ping(c);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("alice:***@"), "{}", r.stderr);
    assert!(!r.stderr.contains("wrongpass99"), "{}", r.stderr);

    // And the right password in the URL is redacted in normal output.
    let mut c = evt_cmd(home.path());
    c.args([
        "-s",
        &format!("nats://alice:s3cretpw@127.0.0.1:{}", server.port),
    ]);
    let r = ping(c).ok();
    assert!(
        !r.stdout.contains("s3cretpw") && !r.stderr.contains("s3cretpw"),
        "{r:?}"
    );
}

#[test]
fn password_is_hidden_from_help_even_when_set_in_environment() {
    let home = tempfile::tempdir().unwrap();
    let mut c = evt_cmd(home.path());
    c.env("NATS_PASSWORD", "envsecret42")
        .env("NATS_TOKEN", "envtoken42")
        .arg("--help");
    let r = run(c).ok();
    assert!(!r.stdout.contains("envsecret42") && !r.stdout.contains("envtoken42"));
}

#[test]
fn token_authenticates() {
    let server = NatsServer::with_config(ServerConfig {
        extra: "authorization { token: tok-abc-123 }\n".into(),
        ..Default::default()
    });
    let mut c = evt(&server);
    c.env("NATS_TOKEN", "tok-abc-123");
    ping(c).ok();
    let mut c = evt(&server);
    c.args(["--token", "not-it"]);
    let r = ping(c);
    assert_eq!(r.code(), 1);
    assert!(!r.stderr.contains("not-it"), "{}", r.stderr);
}

#[test]
fn nkey_seed_file_authenticates_and_a_bad_file_is_named() {
    let kp = nkeys::KeyPair::new_user();
    let server = NatsServer::with_config(ServerConfig {
        extra: format!(
            "authorization {{ users: [ {{nkey: {}}} ] }}\n",
            kp.public_key()
        ),
        ..Default::default()
    });
    let seed_path = server.dir.path().join("user.nk");
    std::fs::write(&seed_path, format!("{}\n", kp.seed().unwrap())).unwrap();
    let mut c = evt(&server);
    c.arg("--nkey").arg(&seed_path);
    ping(c).ok();

    let bad = server.dir.path().join("bad.nk");
    std::fs::write(&bad, "not a seed\n").unwrap();
    let mut c = evt(&server);
    c.arg("--nkey").arg(&bad);
    let r = ping(c);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("bad.nk"), "{}", r.stderr);
}

#[test]
fn missing_creds_file_is_named() {
    let server = NatsServer::start();
    let mut c = evt(&server);
    c.args(["--creds", "/nonexistent/dir/ops.creds"]);
    let r = ping(c);
    assert_eq!(r.code(), 1);
    assert!(
        r.stderr.contains("/nonexistent/dir/ops.creds"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
}

#[test]
fn natscli_context_named_and_selected() {
    let server = auth_server();
    let home = tempfile::tempdir().unwrap();
    let ctx_dir = home.path().join(".config/nats/context");
    std::fs::create_dir_all(&ctx_dir).unwrap();
    std::fs::write(
        ctx_dir.join("dev.json"),
        format!(
            r#"{{"description":"dev","url":"{}","user":"alice","password":"s3cretpw","color_scheme":""}}"#,
            server.url()
        ),
    )
    .unwrap();
    let mut c = evt_cmd(home.path());
    c.args(["--context", "dev"]);
    ping(c).ok();

    // Without --context, the natscli-selected context applies.
    std::fs::write(home.path().join(".config/nats/context.txt"), "dev\n").unwrap();
    ping(evt_cmd(home.path())).ok();

    // Flags override the context.
    let mut c = evt_cmd(home.path());
    c.args(["--password", "nope-not-it"]);
    assert_eq!(ping(c).code(), 1);

    let mut c = evt_cmd(home.path());
    c.args(["--context", "nosuch"]);
    let r = ping(c);
    assert_eq!(r.code(), 1);
    assert!(r.stderr.contains("nosuch"), "{}", r.stderr);
}

/// CA, server certificate for 127.0.0.1 and a client certificate, made with openssl.
pub(super) fn make_certs(dir: &std::path::Path) {
    let sh = r#"
set -e
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=evt-test-ca" -keyout ca.key -out ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout server.key -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile server.ext -out server.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=evt-client" -keyout client.key -out client.csr 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile client.ext -out client.pem 2>/dev/null
"#;
    let st = Command::new("sh")
        .arg("-c")
        .arg(sh)
        .current_dir(dir)
        .status()
        .expect("openssl is needed for the TLS test (apt-get install openssl)");
    assert!(st.success(), "openssl failed");
}

#[test]
fn mutual_tls_with_ca_cert_and_key() {
    let certs = tempfile::tempdir().unwrap();
    make_certs(certs.path());
    let p = |f: &str| certs.path().join(f).display().to_string();
    let server = NatsServer::with_config(ServerConfig {
        extra: format!(
            "tls {{\n  cert_file: {:?}\n  key_file: {:?}\n  ca_file: {:?}\n  verify: true\n}}\n",
            p("server.pem"),
            p("server.key"),
            p("ca.pem")
        ),
        ..Default::default()
    });
    let mut c = evt(&server);
    c.args([
        "--tls-ca",
        &p("ca.pem"),
        "--tls-cert",
        &p("client.pem"),
        "--tls-key",
        &p("client.key"),
    ]);
    ping(c).ok();

    // Without a client certificate the server refuses the handshake: one line, exit 1.
    let mut c = evt(&server);
    c.args(["--tls-ca", &p("ca.pem")]);
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(r.stderr.trim().lines().count(), 1, "{}", r.stderr);
}

#[tokio::test]
async fn library_bus_connects_and_drains() {
    let server = NatsServer::start();
    let bus = crate::support::bus(&server.url()).await;
    bus.require_jetstream().await.unwrap();
    assert!(bus.max_payload() > 0);
    bus.drain().await.unwrap();
}

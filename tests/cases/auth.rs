//! The auth matrix against real servers: creds (operator → account → user JWT chain), nkey,
//! TLS with a CA, TLS-first; success, a wrong secret refused with one line, and the secret
//! never in stdout or stderr (at `-vv`). Also: a secret file others can read is warned about.

use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::{evt, run_with, NatsServer, Run, ServerConfig};

fn ping(mut c: Command) -> Run {
    c.args(["-vv", "ping"]);
    run_with(c, None, std::time::Duration::from_secs(30))
}

/// Neither stream holds the secret, whole or as its longest half.
fn assert_no_secret(r: &Run, secret: &str) {
    let half = &secret[secret.len() / 2..];
    for (name, text) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        assert!(!text.contains(half), "secret in {name}: {text}");
    }
}

/// A NATS JWT: no Rust crate on crates.io builds them and is kept up (the `nkeys` crate
/// signs), so the claims are encoded here the way nsc writes them: header
/// `{"typ":"JWT","alg":"ed25519-nkey"}`, `jti` = base32 of the SHA-256 of the claims, Ed25519
/// signature by the issuer over `header.claims`, all base64url without padding.
fn jwt(issuer: &nkeys::KeyPair, subject: &str, name: &str, nats: Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"ed25519-nkey"}"#);
    let iat = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut claims = json!({
        "iat": iat, "iss": issuer.public_key(), "name": name, "sub": subject, "nats": nats,
    });
    let digest = Sha256::digest(serde_json::to_vec(&claims).unwrap());
    claims["jti"] = json!(base32(&digest));
    let body = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
    let signing_input = format!("{header}.{body}");
    let sig = issuer.sign(signing_input.as_bytes()).unwrap();
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

fn base32(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in data {
        buf = (buf << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            out.push(A[((buf >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(A[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn creds(user_jwt: &str, seed: &str) -> String {
    format!(
        "-----BEGIN NATS USER JWT-----\n{user_jwt}\n------END NATS USER JWT------\n\n\
         ************************* IMPORTANT *************************\n\
         NKEY Seed printed below can be used to sign and prove identity.\n\n\
         -----BEGIN USER NKEY SEED-----\n{seed}\n------END USER NKEY SEED------\n"
    )
}

struct Operator {
    server: NatsServer,
    account: nkeys::KeyPair,
}

/// A server in operator mode with a memory resolver preloaded with one JetStream account.
fn operator_mode() -> Operator {
    let operator = nkeys::KeyPair::new_operator();
    let account = nkeys::KeyPair::new_account();
    let op_jwt = jwt(
        &operator,
        &operator.public_key(),
        "OP",
        json!({"type": "operator", "version": 2}),
    );
    let acc_jwt = jwt(
        &operator,
        &account.public_key(),
        "APP",
        json!({
            "type": "account", "version": 2,
            "limits": {
                "subs": -1, "data": -1, "payload": -1, "imports": -1, "exports": -1,
                "wildcards": true, "conn": -1, "leaf": -1,
                "mem_storage": -1, "disk_storage": -1, "streams": -1, "consumer": -1
            },
            "default_permissions": {"pub": {}, "sub": {}}
        }),
    );
    // JetStream needs a system account in operator mode.
    let system = nkeys::KeyPair::new_account();
    let sys_jwt = jwt(
        &operator,
        &system.public_key(),
        "SYS",
        json!({"type": "account", "version": 2, "limits": {"subs": -1, "data": -1, "payload": -1, "conn": -1}}),
    );
    let dir = tempfile::tempdir().unwrap();
    let op_path = dir.path().join("op.jwt");
    std::fs::write(&op_path, &op_jwt).unwrap();
    let server = NatsServer::with_config(ServerConfig {
        extra: format!(
            "operator: {op_path:?}\nsystem_account: {sys}\nresolver: MEMORY\nresolver_preload: {{\n  {}: {acc_jwt}\n  {sys}: {sys_jwt}\n}}\n",
            account.public_key(),
            sys = system.public_key()
        ),
        ..Default::default()
    });
    // The operator JWT is read at start; the directory may go.
    drop(dir);
    Operator { server, account }
}

fn user_creds(issuer: &nkeys::KeyPair) -> (String, String) {
    let user = nkeys::KeyPair::new_user();
    let user_jwt = jwt(
        issuer,
        &user.public_key(),
        "alice",
        json!({"type": "user", "version": 2, "pub": {}, "sub": {}, "subs": -1, "data": -1, "payload": -1}),
    );
    let seed = user.seed().unwrap();
    (creds(&user_jwt, &seed), seed)
}

fn write_private(path: &Path, text: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn creds_file_of_an_operator_account_user_chain_authenticates() {
    let op = operator_mode();
    let (text, seed) = user_creds(&op.account);
    let path = op.server.dir.path().join("alice.creds");
    write_private(&path, &text, 0o600);
    let mut c = evt(&op.server);
    c.arg("--creds").arg(&path);
    let r = ping(c).ok();
    assert!(r.stdout.contains("JetStream"), "{}", r.stdout);
    assert_no_secret(&r, &seed);
    assert!(!r.stderr.contains("readable by"), "{}", r.stderr);

    // A user signed by an account the server does not know.
    let stranger = nkeys::KeyPair::new_account();
    let (text, seed) = user_creds(&stranger);
    let bad = op.server.dir.path().join("stranger.creds");
    write_private(&bad, &text, 0o600);
    let mut c = evt(&op.server);
    c.arg("--creds").arg(&bad);
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("evt:")).collect();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(
        errors[0].contains("refused the credentials"),
        "{}",
        r.stderr
    );
    assert_no_secret(&r, &seed);
}

#[test]
fn secret_files_readable_by_others_are_warned_about_once() {
    let op = operator_mode();
    let (text, seed) = user_creds(&op.account);
    let path = op.server.dir.path().join("open.creds");
    write_private(&path, &text, 0o644);
    let mut c = evt(&op.server);
    c.arg("--creds").arg(&path);
    let r = ping(c).ok();
    let warnings: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("readable by"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    assert!(warnings[0].contains("open.creds"), "{}", r.stderr);
    assert!(warnings[0].contains("644"), "{}", r.stderr);
    assert_no_secret(&r, &seed);

    let kp = nkeys::KeyPair::new_user();
    let server = NatsServer::with_config(ServerConfig {
        extra: format!(
            "authorization {{ users: [ {{nkey: {}}} ] }}\n",
            kp.public_key()
        ),
        ..Default::default()
    });
    let seed = kp.seed().unwrap();
    let nk = server.dir.path().join("user.nk");
    write_private(&nk, &format!("{seed}\n"), 0o640);
    let mut c = evt(&server);
    c.arg("--nkey").arg(&nk);
    let r = ping(c).ok();
    assert!(
        r.stderr.contains("readable by group or others"),
        "{}",
        r.stderr
    );
    assert_no_secret(&r, &seed);
    write_private(&nk, &format!("{seed}\n"), 0o600);
    let mut c = evt(&server);
    c.arg("--nkey").arg(&nk);
    let r = ping(c).ok();
    assert!(!r.stderr.contains("readable by"), "{}", r.stderr);

    // Another valid seed: refused, one line, neither seed shown.
    let other = nkeys::KeyPair::new_user().seed().unwrap();
    write_private(&nk, &format!("{other}\n"), 0o600);
    let mut c = evt(&server);
    c.arg("--nkey").arg(&nk);
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(r.stderr.contains("refused the credentials"), "{}", r.stderr);
    assert_no_secret(&r, &other);
    assert_no_secret(&r, &seed);
}

fn tls_server(certs: &Path, extra: &str) -> NatsServer {
    let p = |f: &str| certs.join(f).display().to_string();
    NatsServer::with_config(ServerConfig {
        extra: format!(
            "tls {{\n  cert_file: {:?}\n  key_file: {:?}\n  ca_file: {:?}\n{extra}}}\n",
            p("server.pem"),
            p("server.key"),
            p("ca.pem")
        ),
        ..Default::default()
    })
}

#[test]
fn tls_with_a_ca_and_tls_first_and_a_foreign_ca_is_refused() {
    let certs = tempfile::tempdir().unwrap();
    super::bus::make_certs(certs.path());
    let other = tempfile::tempdir().unwrap();
    super::bus::make_certs(other.path());
    let ca = certs.path().join("ca.pem");

    let server = tls_server(certs.path(), "");
    let mut c = evt(&server);
    c.arg("--tls-ca").arg(&ca);
    let r = ping(c).ok();
    assert!(r.stdout.contains("JetStream"), "{}", r.stdout);

    // A CA that did not sign the server's certificate.
    let mut c = evt(&server);
    c.arg("--tls-ca").arg(other.path().join("ca.pem"));
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.starts_with("evt:")).collect();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(errors[0].contains("TLS"), "{}", r.stderr);

    // handshake_first: the client must start TLS before the server's INFO.
    let first = tls_server(certs.path(), "  handshake_first: true\n");
    let mut c = evt(&first);
    c.arg("--tls-ca").arg(&ca).arg("--tls-first");
    ping(c).ok();
    let mut c = evt(&first);
    c.arg("--tls-ca").arg(&ca);
    c.args(["--connect-timeout", "2s"]);
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");

    // Mutual TLS: the client key never shows, with or without a matching certificate.
    let mtls = tls_server(certs.path(), "  verify: true\n");
    let key = std::fs::read_to_string(certs.path().join("client.key")).unwrap();
    let key_body: String = key.lines().nth(1).unwrap_or_default().to_string();
    let mut c = evt(&mtls);
    c.arg("--tls-ca")
        .arg(&ca)
        .arg("--tls-cert")
        .arg(certs.path().join("client.pem"))
        .arg("--tls-key")
        .arg(certs.path().join("client.key"));
    let r = ping(c).ok();
    assert_no_secret(&r, &key_body);
    // A client certificate from another CA.
    let mut c = evt(&mtls);
    c.arg("--tls-ca")
        .arg(&ca)
        .arg("--tls-cert")
        .arg(other.path().join("client.pem"))
        .arg("--tls-key")
        .arg(other.path().join("client.key"));
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_no_secret(&r, &key_body);
}

#[test]
fn password_and_token_never_show_even_at_debug_level() {
    let server = NatsServer::with_config(ServerConfig {
        extra: "authorization { users: [ {user: alice, password: pw-Zq81xLmT} ] }\n".into(),
        ..Default::default()
    });
    let mut c = evt(&server);
    c.args(["--user", "alice", "--password", "pw-Zq81xLmT"]);
    let r = ping(c).ok();
    assert_no_secret(&r, "pw-Zq81xLmT");
    let mut c = evt(&server);
    c.args(["--user", "alice", "--password", "pw-Wrong9911"]);
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_no_secret(&r, "pw-Wrong9911");
    // In the URL too.
    let mut c = crate::support::evt_cmd(server.dir.path());
    c.arg("-s").arg(format!(
        "nats://alice:pw-Wrong9911@127.0.0.1:{}",
        server.port
    ));
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_no_secret(&r, "pw-Wrong9911");

    let server = NatsServer::with_config(ServerConfig {
        extra: "authorization { token: tok-Hh72kPq0 }\n".into(),
        ..Default::default()
    });
    let mut c = evt(&server);
    c.args(["--token", "tok-Hh72kPq0"]);
    let r = ping(c).ok();
    assert_no_secret(&r, "tok-Hh72kPq0");
    let mut c = evt(&server);
    c.args(["--token", "tok-Wrong0000"]);
    let r = ping(c);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(r.stderr.contains("refused the credentials"), "{}", r.stderr);
    assert_no_secret(&r, "tok-Wrong0000");
}

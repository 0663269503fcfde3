//! Bus core: one managed NATS connection and its JetStream context.
//!
//! It connects from options that mirror what natscli users already have (flags, `NATS_*`
//! environment, natscli context files), logs connection events, and drains on close so that
//! nothing buffered is lost. It knows nothing of events, streams or subscriptions.

mod context;
pub mod denials;
mod lookup;
mod redact;
pub mod status;

use std::path::PathBuf;
use std::time::Duration;

use async_nats::jetstream;
use thiserror::Error;
use tracing::{error, info, warn};

pub use context::{load_context, NatsContext};
pub use denials::{Denial, Denials, DeniedOp};
pub use lookup::{streams_for_subject, StreamLookupError};
pub use redact::redact_url;

/// The default server when neither a flag, the environment nor a context names one.
pub const DEFAULT_URL: &str = "nats://127.0.0.1:4222";

/// How to authenticate; at most one method is used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Auth {
    #[default]
    None,
    UserPassword {
        user: String,
        password: String,
    },
    Token(String),
    /// A `.creds` file (user JWT + nkey seed), as issued by nsc.
    CredsFile(PathBuf),
    /// A file holding an nkey seed (`SU...`).
    NkeyFile(PathBuf),
}

/// TLS material; any field set turns TLS on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsOptions {
    pub ca: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    /// Perform the TLS handshake before the server's INFO (servers run with `handshake_first`).
    pub first: bool,
}

impl TlsOptions {
    fn is_set(&self) -> bool {
        self.ca.is_some() || self.cert.is_some() || self.key.is_some() || self.first
    }
}

/// Everything needed to build the one connection, already resolved from flags, environment and
/// context (see [`ConnectOptions::resolve`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectOptions {
    /// One or more server URLs, comma separated as natscli accepts them.
    pub url: String,
    pub auth: Auth,
    pub tls: TlsOptions,
    /// How long a single connection attempt may take before the server counts as unreachable.
    pub connect_timeout: Duration,
    /// The client name shown in the server's connection list (`nats server report connections`).
    pub name: String,
    /// JetStream domain (leaf-node setups), from a context.
    pub js_domain: Option<String>,
    /// JetStream API prefix (cross-account imports), from a context.
    pub js_api_prefix: Option<String>,
    pub inbox_prefix: Option<String>,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            url: DEFAULT_URL.to_string(),
            auth: Auth::None,
            tls: TlsOptions::default(),
            // nats.go's default. It also bounds a reconnect that lands on a frozen server (its
            // kernel still accepts; no INFO ever comes), which a failover then waits out.
            connect_timeout: Duration::from_secs(2),
            name: "evt".to_string(),
            js_domain: None,
            js_api_prefix: None,
            inbox_prefix: None,
        }
    }
}

/// What the user said explicitly (flag or `NATS_*` environment); each field left `None` falls
/// back to the context, then to the default.
#[derive(Debug, Clone, Default)]
pub struct ConnectRequest {
    pub url: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
    pub creds: Option<PathBuf>,
    pub nkey: Option<PathBuf>,
    pub tls_ca: Option<PathBuf>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub tls_first: bool,
    /// `--context NAME` or a path to a context JSON file; `None` uses natscli's selected context.
    pub context: Option<String>,
    pub connect_timeout: Option<Duration>,
    pub name: Option<String>,
}

impl ConnectOptions {
    /// Merge an explicit request with a natscli context: explicit wins, then the context
    /// (named, or the one selected with `nats context select`), then defaults.
    pub fn resolve(req: ConnectRequest) -> Result<ConnectOptions, BusError> {
        let ctx = match &req.context {
            Some(name) => Some(load_context(Some(name))?.ok_or_else(|| {
                BusError::ContextNotFound {
                    name: name.clone(),
                    path: context::context_dir()
                        .map(|d| d.join(format!("{name}.json")))
                        .unwrap_or_default(),
                }
            })?),
            None => load_context(None)?,
        };
        let ctx = ctx.unwrap_or_default();
        let mut opts = ConnectOptions {
            url: req
                .url
                .or(ctx.url.clone())
                .filter(|u| !u.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_URL.to_string()),
            ..ConnectOptions::default()
        };
        let explicit_auth =
            req.user.is_some() || req.token.is_some() || req.creds.is_some() || req.nkey.is_some();
        opts.auth = if explicit_auth {
            auth_from(req.user, req.password, req.token, req.creds, req.nkey)
        } else {
            // A password alone (e.g. NATS_PASSWORD) completes the context's user.
            auth_from(
                ctx.user.clone(),
                req.password.or(ctx.password.clone()),
                ctx.token.clone(),
                ctx.creds.clone(),
                ctx.nkey.clone(),
            )
        };
        opts.tls = TlsOptions {
            ca: req.tls_ca.or(ctx.ca.clone()),
            cert: req.tls_cert.or(ctx.cert.clone()),
            key: req.tls_key.or(ctx.key.clone()),
            first: req.tls_first || ctx.tls_first,
        };
        if let Some(t) = req.connect_timeout {
            opts.connect_timeout = t;
        }
        if let Some(n) = req.name {
            opts.name = n;
        }
        opts.js_domain = ctx.jetstream_domain.filter(|s| !s.is_empty());
        opts.js_api_prefix = ctx.jetstream_api_prefix.filter(|s| !s.is_empty());
        opts.inbox_prefix = ctx.inbox_prefix.filter(|s| !s.is_empty());
        Ok(opts)
    }

    /// The server URL(s) with any password or token replaced by `***`, safe to print.
    pub fn display_url(&self) -> String {
        self.url
            .split(',')
            .map(|u| redact_url(u.trim()))
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn auth_from(
    user: Option<String>,
    password: Option<String>,
    token: Option<String>,
    creds: Option<PathBuf>,
    nkey: Option<PathBuf>,
) -> Auth {
    if let Some(c) = creds.filter(|p| !p.as_os_str().is_empty()) {
        Auth::CredsFile(c)
    } else if let Some(k) = nkey.filter(|p| !p.as_os_str().is_empty()) {
        Auth::NkeyFile(k)
    } else if let Some(t) = token.filter(|t| !t.is_empty()) {
        Auth::Token(t)
    } else if let Some(u) = user.filter(|u| !u.is_empty()) {
        Auth::UserPassword {
            user: u,
            password: password.unwrap_or_default(),
        }
    } else {
        Auth::None
    }
}

/// Why the connection could not be made or closed. Every variant names the (redacted) server
/// and keeps the client's error as its source.
#[derive(Debug, Error)]
pub enum BusError {
    #[error("cannot reach NATS at {url}")]
    Unreachable {
        url: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("NATS at {url} refused the credentials: authorization violation")]
    AuthRejected {
        url: String,
        #[source]
        source: async_nats::ConnectError,
    },
    #[error("TLS handshake with {url} failed")]
    Tls {
        url: String,
        #[source]
        source: async_nats::ConnectError,
    },
    #[error("invalid server URL '{url}'")]
    BadUrl {
        url: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("cannot read {what} file {path}")]
    CredentialFile {
        what: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A TLS client certificate without its key, or the reverse.
    #[error("TLS client certificate and key must be given together (only {given} was set)")]
    TlsPairIncomplete { given: PathBuf },
    #[error(
        "nkey file {path} does not hold a valid user seed (expected a line starting with 'SU')"
    )]
    BadNkey { path: PathBuf },
    #[error("natscli context '{name}' not found (looked for {path})")]
    ContextNotFound { name: String, path: PathBuf },
    #[error("natscli context file {path}")]
    BadContext {
        path: PathBuf,
        /// The read error or the JSON error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("NATS at {url} has JetStream disabled or unavailable")]
    NoJetStream {
        url: String,
        #[source]
        source: async_nats::jetstream::context::AccountError,
    },
    /// The server refused this user a publish or subscribe the operation needs. Final:
    /// retrying cannot help until the user's permissions change.
    #[error("permission denied: {operation} needs to {op} {purpose} '{subject}', which this user may not")]
    PermissionDenied {
        operation: String,
        op: DeniedOp,
        purpose: &'static str,
        subject: String,
    },
    #[error("draining the connection to {url} failed")]
    Drain {
        url: String,
        #[source]
        source: async_nats::client::DrainError,
    },
}

impl BusError {
    /// The typed error for a permission violation met while doing `operation`.
    pub fn denied(operation: &str, d: &Denial) -> BusError {
        BusError::PermissionDenied {
            operation: operation.to_string(),
            op: d.op,
            purpose: d.purpose(),
            subject: d.subject.clone(),
        }
    }
}

/// The server did not answer within the connect timeout.
#[derive(Debug, Error)]
#[error("no answer within {0:?}")]
pub struct NoAnswer(pub Duration);

/// Kept for callers that only ask about publishes.
pub type PublishDenials = Denials;

/// The one managed connection: a NATS client and its JetStream context.
#[derive(Clone, Debug)]
pub struct Bus {
    client: async_nats::Client,
    js: jetstream::Context,
    display_url: String,
    denials: std::sync::Arc<Denials>,
}

impl Bus {
    /// Connect once, within `connect_timeout`. Fails with a typed error instead of retrying
    /// forever: a CLI that hangs on a wrong URL is worse than one that says so.
    pub async fn connect(opts: &ConnectOptions) -> Result<Bus, BusError> {
        Self::connect_with(opts, std::sync::Arc::default()).await
    }

    /// [`Bus::connect`], recording permission violations into `denials` (shared with a
    /// caller that waits on them, e.g. to fail a whole command on the first one).
    pub async fn connect_with(
        opts: &ConnectOptions,
        denials: std::sync::Arc<Denials>,
    ) -> Result<Bus, BusError> {
        let display_url = opts.display_url();
        // async-nats asks the same callback before the first connect as before a reconnect.
        let connected = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let delay = {
            let connected = connected.clone();
            move |attempts| {
                connect_delay(
                    connected.load(std::sync::atomic::Ordering::Relaxed),
                    attempts,
                )
            }
        };
        let mut nats_opts = async_nats::ConnectOptions::new()
            .name(&opts.name)
            .connection_timeout(opts.connect_timeout)
            // A publish or JetStream request waits this long for its answer by default.
            .request_timeout(Some(Duration::from_secs(10)))
            // No `retain_servers_order()`: async-nats shuffles the URL list (and the servers
            // the cluster advertises) before each connect, so a fleet of clients spreads over
            // the cluster instead of all landing on the first URL and all moving together
            // when it fails.
            .reconnect_delay_callback(delay);
        let auth = match &opts.auth {
            Auth::None => auth_in_url(&opts.url),
            other => other.clone(),
        };
        nats_opts = apply_auth(nats_opts, &auth).await?;
        if let Some(prefix) = &opts.inbox_prefix {
            nats_opts = nats_opts.custom_inbox_prefix(prefix);
        }
        if opts.tls.is_set() {
            nats_opts = nats_opts.require_tls(true);
            if let Some(ca) = &opts.tls.ca {
                readable("TLS CA", ca)?;
                nats_opts = nats_opts.add_root_certificates(ca.clone());
            }
            match (&opts.tls.cert, &opts.tls.key) {
                (Some(cert), Some(key)) => {
                    readable("TLS certificate", cert)?;
                    readable("TLS key", key)?;
                    nats_opts = nats_opts.add_client_certificate(cert.clone(), key.clone());
                }
                (Some(p), None) | (None, Some(p)) => {
                    return Err(BusError::TlsPairIncomplete { given: p.clone() })
                }
                (None, None) => {}
            }
            if opts.tls.first {
                nats_opts = nats_opts.tls_first();
            }
        }
        let event_url = display_url.clone();
        // Shared by the callbacks: a `Connected` after a `Disconnected` is a reconnect, which
        // the user must see at the default level; the first connect stays quiet.
        let was_lost = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let seen = denials.clone();
        nats_opts = nats_opts.event_callback(move |event| {
            let url = event_url.clone();
            let was_lost = was_lost.clone();
            if let async_nats::Event::ServerError(async_nats::ServerError::Other(text)) = &event {
                seen.record(text);
            }
            async move { log_event(&url, event, &was_lost) }
        });

        let servers: Vec<String> = opts
            .url
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let addrs = servers
            .iter()
            .map(|s| redact::without_credentials(s).parse::<async_nats::ServerAddr>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| BusError::BadUrl {
                url: display_url.clone(),
                source: Box::new(e),
            })?;

        // The per-attempt timeout covers TCP and the handshake; the outer one bounds DNS and
        // multi-server lists so the whole connect stays within what the user asked for.
        let attempt = nats_opts.connect(addrs);
        let budget = opts.connect_timeout + Duration::from_secs(1);
        let client = match tokio::time::timeout(budget, attempt).await {
            Ok(Ok(c)) => {
                connected.store(true, std::sync::atomic::Ordering::Relaxed);
                c
            }
            Ok(Err(e)) => return Err(classify_connect_error(&display_url, e)),
            Err(_) => {
                return Err(BusError::Unreachable {
                    url: display_url,
                    source: Box::new(NoAnswer(opts.connect_timeout)),
                })
            }
        };
        let js = match (&opts.js_domain, &opts.js_api_prefix) {
            (Some(domain), _) => jetstream::with_domain(client.clone(), domain),
            (None, Some(prefix)) => jetstream::with_prefix(client.clone(), prefix),
            (None, None) => jetstream::new(client.clone()),
        };
        Ok(Bus {
            client,
            js,
            display_url,
            denials,
        })
    }

    /// Publish permission violations the server reported on this connection.
    pub fn publish_denials(&self) -> std::sync::Arc<PublishDenials> {
        self.denials.clone()
    }

    /// Permission violations the server reported on this connection.
    pub fn denials(&self) -> std::sync::Arc<Denials> {
        self.denials.clone()
    }

    /// Run `op`, failing it with [`BusError::PermissionDenied`] as soon as the server reports
    /// a permission violation that `concerns` accepts, instead of waiting for a timeout.
    pub async fn guard<T, E>(
        &self,
        operation: &str,
        concerns: impl Fn(&Denial) -> bool,
        op: impl std::future::Future<Output = Result<T, E>>,
    ) -> Result<Result<T, E>, BusError> {
        let since = std::time::Instant::now();
        tokio::select! {
            r = op => Ok(r),
            d = self.denials.wait(since, concerns) => Err(BusError::denied(operation, &d)),
        }
    }

    pub fn client(&self) -> &async_nats::Client {
        &self.client
    }

    pub fn jetstream(&self) -> &jetstream::Context {
        &self.js
    }

    /// The server URL as it may be shown: credentials redacted.
    pub fn display_url(&self) -> &str {
        &self.display_url
    }

    /// Maximum payload the connected server accepts, in bytes.
    pub fn max_payload(&self) -> usize {
        self.client.server_info().max_payload
    }

    /// What the server said about itself when we connected.
    pub fn server_info(&self) -> async_nats::ServerInfo {
        self.client.server_info()
    }

    /// Round trip to the server and back (a PING/PONG through flush).
    pub async fn round_trip(&self) -> Result<Duration, BusError> {
        let start = std::time::Instant::now();
        self.client
            .flush()
            .await
            .map_err(|e| BusError::Unreachable {
                url: self.display_url.clone(),
                source: Box::new(e),
            })?;
        Ok(start.elapsed())
    }

    /// Checks that JetStream answers (account info), so commands that need it fail early
    /// with one clear line instead of a timeout deep inside.
    pub async fn require_jetstream(
        &self,
    ) -> Result<async_nats::jetstream::account::Account, BusError> {
        self.js
            .query_account()
            .await
            .map_err(|source| BusError::NoJetStream {
                url: self.display_url.clone(),
                source,
            })
    }

    /// Flush and drain: every buffered publish reaches the server and every subscription is
    /// unsubscribed before the connection closes.
    pub async fn drain(self) -> Result<(), BusError> {
        let url = self.display_url.clone();
        let flush = tokio::time::timeout(Duration::from_secs(10), self.client.flush()).await;
        if let Ok(Err(e)) = flush {
            warn!(server = %url, error = %e, "flush before drain failed");
        }
        self.client
            .drain()
            .await
            .map_err(|source| BusError::Drain { url, source })
    }
}

/// natscli accepts `nats://user:pass@host` and `nats://token@host`; the client library does not
/// apply them itself, so take them from the first URL that carries any.
fn auth_in_url(urls: &str) -> Auth {
    for u in urls.split(',') {
        let Ok(addr) = u.trim().parse::<async_nats::ServerAddr>() else {
            continue;
        };
        match (addr.username(), addr.password()) {
            (Some(user), Some(pass)) => {
                return Auth::UserPassword {
                    user: percent_decode(user),
                    password: percent_decode(pass),
                }
            }
            (Some(token), None) => return Auth::Token(percent_decode(token)),
            _ => {}
        }
    }
    Auth::None
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn readable(what: &'static str, path: &std::path::Path) -> Result<(), BusError> {
    std::fs::metadata(path)
        .map(|_| ())
        .map_err(|source| BusError::CredentialFile {
            what,
            path: path.to_path_buf(),
            source,
        })
}

async fn apply_auth(
    opts: async_nats::ConnectOptions,
    auth: &Auth,
) -> Result<async_nats::ConnectOptions, BusError> {
    Ok(match auth {
        Auth::None => opts,
        Auth::UserPassword { user, password } => {
            opts.user_and_password(user.clone(), password.clone())
        }
        Auth::Token(t) => opts.token(t.clone()),
        Auth::CredsFile(path) => {
            warn_if_exposed("credentials", path);
            opts.credentials_file(path)
                .await
                .map_err(|source| BusError::CredentialFile {
                    what: "credentials",
                    path: path.clone(),
                    source,
                })?
        }
        Auth::NkeyFile(path) => {
            warn_if_exposed("nkey", path);
            let text =
                std::fs::read_to_string(path).map_err(|source| BusError::CredentialFile {
                    what: "nkey",
                    path: path.clone(),
                    source,
                })?;
            let seed = text
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with("SU"))
                .ok_or_else(|| BusError::BadNkey { path: path.clone() })?;
            if nkeys::KeyPair::from_seed(seed).is_err() {
                return Err(BusError::BadNkey { path: path.clone() });
            }
            opts.nkey(seed.to_string())
        }
    })
}

/// Like ssh with a private key: a secret file others can read is used, with one warning.
fn warn_if_exposed(what: &str, path: &std::path::Path) {
    if let Some(mode) = exposed_mode(path) {
        warn!(
            "{what} file {} is readable by group or others (mode {mode:o}); run chmod 600 on it",
            path.display()
        );
    }
}

/// The file's permission bits when group or others may access it.
#[cfg(unix)]
fn exposed_mode(path: &std::path::Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

#[cfg(not(unix))]
fn exposed_mode(_: &std::path::Path) -> Option<u32> {
    None
}

fn is_tls_refusal(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    ["certificate", "handshake", "tls", "alert"]
        .iter()
        .any(|w| t.contains(w))
}

fn classify_connect_error(url: &str, e: async_nats::ConnectError) -> BusError {
    use async_nats::ConnectErrorKind as K;
    let url = url.to_string();
    match e.kind() {
        K::AuthorizationViolation | K::Authentication => BusError::AuthRejected { url, source: e },
        K::Tls => BusError::Tls { url, source: e },
        // rustls reports a refused certificate as an I/O error of the handshake.
        K::Io if is_tls_refusal(&e.to_string()) => BusError::Tls { url, source: e },
        K::ServerParse => BusError::BadUrl {
            url,
            source: Box::new(e),
        },
        _ => BusError::Unreachable {
            url,
            source: Box::new(e),
        },
    }
}

/// Wait before connect attempt `attempts`: none before the first connection is made (a
/// command's start-up does not wait, and the next URL of a list is tried at once; the jitter
/// cost every command a random 0-100 ms), then [`reconnect_delay`].
fn connect_delay(connected_before: bool, attempts: usize) -> Duration {
    if connected_before {
        reconnect_delay(attempts)
    } else {
        Duration::ZERO
    }
}

/// Wait before reconnect attempt `attempts` (async-nats counts from 1): the first retry is
/// almost immediate (another node is usually up), then exponential backoff from 100 ms to a
/// cap of 5 s with "equal jitter", so clients dropped by the same dead node do not come back
/// in one thundering herd.
pub fn reconnect_delay(attempts: usize) -> Duration {
    reconnect_delay_with(attempts, fastrand::f64())
}

/// [`reconnect_delay`] with the random part given (`unit` in [0, 1)).
pub fn reconnect_delay_with(attempts: usize, unit: f64) -> Duration {
    const BASE: Duration = Duration::from_millis(100);
    const CAP: Duration = Duration::from_secs(5);
    let unit = unit.clamp(0.0, 1.0);
    if attempts <= 1 {
        return BASE.mul_f64(unit);
    }
    let exp = (attempts - 2).min(16) as u32;
    let step = BASE.saturating_mul(1u32 << exp).min(CAP);
    let half = step / 2;
    half + half.mul_f64(unit)
}

fn log_event(url: &str, event: async_nats::Event, was_lost: &std::sync::atomic::AtomicBool) {
    use async_nats::Event as E;
    use std::sync::atomic::Ordering;
    match event {
        E::Connected if was_lost.swap(false, Ordering::Relaxed) => {
            warn!(server = %url, "reconnected to NATS")
        }
        E::Connected => info!(server = %url, "connected"),
        E::Disconnected => {
            was_lost.store(true, Ordering::Relaxed);
            warn!(server = %url, "disconnected from NATS; reconnecting")
        }
        E::LameDuckMode => {
            warn!(server = %url, "server entered lame duck mode (being drained); in-flight publishes are retried on the next server")
        }
        E::Draining => info!(server = %url, "draining connection"),
        E::Closed => info!(server = %url, "connection closed"),
        E::SlowConsumer(sid) => {
            warn!(server = %url, subscription = sid, "slow consumer: messages dropped by the client")
        }
        // The operation it concerns fails with `BusError::PermissionDenied` (see `denials`),
        // which says it once; a second line at error level would say it twice.
        E::ServerError(async_nats::ServerError::Other(text))
            if denials::parse(&text, std::time::Instant::now()).is_some() =>
        {
            tracing::debug!(server = %url, error = %text, "permission violation")
        }
        E::ServerError(err) => error!(server = %url, error = %err, "server error"),
        E::ClientError(err) => warn!(server = %url, error = %err, "client error"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_unreachable_server_keeps_the_clients_error_as_source() {
        // A loopback port nobody listens on: bound, then released.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free loopback port");
        let opts = ConnectOptions {
            url: format!("nats://127.0.0.1:{port}"),
            connect_timeout: Duration::from_secs(2),
            ..Default::default()
        };
        let Err(e) = Bus::connect(&opts).await else {
            panic!("nothing listens on {port}");
        };
        assert!(matches!(e, BusError::Unreachable { .. }), "{e:?}");
        let source = std::error::Error::source(&e).expect("a source");
        assert!(
            source.downcast_ref::<async_nats::ConnectError>().is_some(),
            "{source:?}"
        );
        // The message names the server, not a flag; the cause is in the chain once.
        let line = crate::error::chain_line(&e);
        assert!(
            line.starts_with(&format!("cannot reach NATS at nats://127.0.0.1:{port}: ")),
            "{line}"
        );
        assert!(!e.to_string().contains("--"), "{e}");
    }

    #[test]
    fn the_first_connection_does_not_wait_and_reconnects_do() {
        for attempts in 1..5 {
            assert_eq!(connect_delay(false, attempts), Duration::ZERO);
        }
        assert!(connect_delay(true, 3) >= Duration::from_millis(100));
    }

    #[test]
    fn reconnects_back_off_with_jitter_and_a_cap() {
        assert!(reconnect_delay_with(1, 0.99) < Duration::from_millis(100));
        assert_eq!(reconnect_delay_with(2, 0.0), Duration::from_millis(50));
        assert_eq!(reconnect_delay_with(2, 1.0), Duration::from_millis(100));
        assert_eq!(reconnect_delay_with(4, 1.0), Duration::from_millis(400));
        assert_eq!(reconnect_delay_with(1000, 1.0), Duration::from_secs(5));
        assert_eq!(reconnect_delay_with(1000, 0.0), Duration::from_millis(2500));
        // Two clients with different draws wait differently.
        assert_ne!(reconnect_delay_with(5, 0.1), reconnect_delay_with(5, 0.9));
    }

    #[test]
    fn a_half_tls_pair_is_named_without_flags() {
        let e = BusError::TlsPairIncomplete {
            given: "/etc/evt/client.pem".into(),
        };
        assert!(e.to_string().contains("/etc/evt/client.pem"), "{e}");
        assert!(!e.to_string().contains("--"), "{e}");
    }

    #[test]
    fn explicit_flags_win_over_nothing() {
        let opts = ConnectOptions::resolve(ConnectRequest {
            url: Some("nats://u:secret@127.0.0.1:4333".into()),
            token: Some("tok".into()),
            context: None,
            ..Default::default()
        });
        // A selected context in the developer's home may exist; only check what flags set.
        let opts = opts.unwrap();
        assert_eq!(opts.auth, Auth::Token("tok".into()));
        assert_eq!(opts.display_url(), "nats://u:***@127.0.0.1:4333");
    }

    #[test]
    fn credentials_in_the_url_are_used() {
        assert_eq!(
            auth_in_url("nats://al%40ice:p%3Ass@h:4222"),
            Auth::UserPassword {
                user: "al@ice".into(),
                password: "p:ss".into()
            }
        );
        assert_eq!(auth_in_url("nats://tok@h:4222"), Auth::Token("tok".into()));
        assert_eq!(auth_in_url("nats://h:4222"), Auth::None);
    }

    #[test]
    fn creds_take_precedence_over_user_password() {
        let a = auth_from(
            Some("u".into()),
            Some("p".into()),
            None,
            Some("/x.creds".into()),
            None,
        );
        assert_eq!(a, Auth::CredsFile("/x.creds".into()));
    }
}

//! Flags every command shares: connection (natscli-compatible names and `NATS_*` environment),
//! schema directory, logging.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use clap::Args;

use super::logging::LogOptions;
use evt::bus::{Bus, ConnectOptions, ConnectRequest};
use evt::schema::SchemaRegistry;

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// NATS server URL(s), comma separated.
    #[arg(
        help_heading = "Connection",
        short = 's',
        long = "server",
        env = "NATS_URL",
        global = true,
        value_name = "URL"
    )]
    pub server: Option<String>,
    /// Username for user/password authentication.
    #[arg(help_heading = "Connection", long, env = "NATS_USER", global = true)]
    pub user: Option<String>,
    /// Password for user/password authentication (never printed).
    #[arg(
        help_heading = "Connection",
        long,
        env = "NATS_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub password: Option<String>,
    /// Authentication token (never printed).
    #[arg(
        help_heading = "Connection",
        long,
        env = "NATS_TOKEN",
        global = true,
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// User credentials file (JWT + nkey seed).
    #[arg(
        help_heading = "Connection",
        long,
        env = "NATS_CREDS",
        global = true,
        value_name = "FILE"
    )]
    pub creds: Option<PathBuf>,
    /// File holding an nkey user seed.
    #[arg(
        help_heading = "Connection",
        long,
        env = "NATS_NKEY",
        global = true,
        value_name = "FILE"
    )]
    pub nkey: Option<PathBuf>,
    /// CA certificate to verify the server (turns TLS on).
    #[arg(
        help_heading = "Connection",
        long = "tls-ca",
        env = "NATS_CA",
        global = true,
        value_name = "FILE"
    )]
    pub tls_ca: Option<PathBuf>,
    /// Client certificate for mutual TLS.
    #[arg(
        help_heading = "Connection",
        long = "tls-cert",
        env = "NATS_CERT",
        global = true,
        value_name = "FILE"
    )]
    pub tls_cert: Option<PathBuf>,
    /// Client key for mutual TLS.
    #[arg(
        help_heading = "Connection",
        long = "tls-key",
        env = "NATS_KEY",
        global = true,
        value_name = "FILE"
    )]
    pub tls_key: Option<PathBuf>,
    /// TLS handshake before the server INFO (servers with handshake_first).
    #[arg(help_heading = "Connection", long = "tls-first", global = true)]
    pub tls_first: bool,
    /// natscli context name (or path to its JSON); default: the selected natscli context.
    #[arg(
        help_heading = "Connection",
        long,
        env = "NATS_CONTEXT",
        global = true,
        value_name = "NAME"
    )]
    pub context: Option<String>,
    /// How long to wait for the server before giving up.
    #[arg(help_heading = "Connection", long = "connect-timeout", env = "EVT_CONNECT_TIMEOUT", global = true, value_name = "DURATION",
          value_parser = parse_duration, default_value = "2s")]
    pub connect_timeout: Duration,
    /// Extra or overriding schema directory (*.json JSON Schemas); built-ins stay available.
    #[arg(
        help_heading = "Global",
        long = "schemas",
        env = "EVT_SCHEMAS",
        global = true,
        value_name = "DIR"
    )]
    pub schemas: Option<PathBuf>,
    /// Largest message body read after gzip inflation (and largest item `publish` reads);
    /// a body past it is an error naming the limit, never a truncated body. Binary units:
    /// 512KiB, 8MiB, 1GiB, or bytes.
    #[arg(
        help_heading = "Global",
        long = "max-inflate",
        env = "EVT_MAX_INFLATE",
        global = true,
        value_name = "SIZE",
        value_parser = parse_size,
        default_value = "8MiB"
    )]
    pub max_inflate: u64,
    /// Most JSON values one message body may hold (a body within --max-inflate can still
    /// expand many times over once parsed); past it is an error naming the limit.
    #[arg(
        help_heading = "Global",
        long = "max-json-values",
        env = "EVT_MAX_JSON_VALUES",
        global = true,
        value_name = "N",
        default_value_t = evt::wire::DEFAULT_MAX_VALUES,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub max_json_values: u64,
    /// More logging on stderr (-v info, -vv debug, -vvv trace).
    #[arg(help_heading = "Global", short = 'v', long = "verbose", action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors on stderr.
    #[arg(
        help_heading = "Global",
        short = 'q',
        long = "quiet",
        global = true,
        conflicts_with = "verbose"
    )]
    pub quiet: bool,
    /// Log lines as JSON objects (for log shippers).
    #[arg(
        help_heading = "Global",
        long = "log-json",
        env = "EVT_LOG_JSON",
        global = true
    )]
    pub log_json: bool,
}

/// Durations as people write them: `500ms`, `5s`, `7d`, `1h30m`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s.trim())
        .map_err(|e| format!("'{s}' is not a duration ({e}); try 500ms, 5s, 2m, 1h"))
}

/// Byte sizes as people write them: `1048576`, `512KiB`, `8MiB`, `1GiB` (K, M, G and the
/// `KB`/`MB`/`GB` spellings are binary too: this is a memory bound, not a disk size).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || format!("'{s}' is not a size; try 1048576, 512KiB, 8MiB or 1GiB");
    let n: u64 = num.parse().map_err(|_| bad())?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(bad()),
    };
    let v = n.checked_mul(1u64 << shift).ok_or_else(bad)?;
    if v == 0 {
        return Err(format!("'{s}': the size must be at least 1 byte"));
    }
    Ok(v)
}

impl GlobalArgs {
    /// What reading one message may cost (`--max-inflate`, `--max-json-values`).
    pub fn wire_limits(&self) -> evt::wire::Limits {
        evt::wire::Limits {
            max_inflated: self.max_inflate,
            max_values: self.max_json_values,
        }
    }

    pub fn log_options(&self) -> LogOptions {
        LogOptions {
            verbosity: if self.quiet {
                -1
            } else {
                self.verbose.min(3) as i8
            },
            json: self.log_json,
        }
    }

    pub fn connect_options(&self) -> anyhow::Result<ConnectOptions> {
        Ok(ConnectOptions::resolve(ConnectRequest {
            url: self.server.clone(),
            user: self.user.clone(),
            password: self.password.clone(),
            token: self.token.clone(),
            creds: self.creds.clone(),
            nkey: self.nkey.clone(),
            tls_ca: self.tls_ca.clone(),
            tls_cert: self.tls_cert.clone(),
            tls_key: self.tls_key.clone(),
            tls_first: self.tls_first,
            context: self.context.clone(),
            connect_timeout: Some(self.connect_timeout),
            name: None,
        })?)
    }

    /// Connect with the resolved options; the error is already one readable line.
    pub async fn connect(&self) -> anyhow::Result<Bus> {
        let opts = self.connect_options()?;
        Ok(Bus::connect_with(&opts, super::denied::DENIALS.clone()).await?)
    }

    /// A codec over [`GlobalArgs::schema_registry`] that reads within [`GlobalArgs::wire_limits`].
    pub fn event_factory(&self) -> anyhow::Result<evt::codec::EventFactory> {
        Ok(
            evt::codec::EventFactory::new(std::sync::Arc::new(self.schema_registry()?))
                .with_limits(self.wire_limits()),
        )
    }

    /// Built-in schemas, plus `--schemas DIR` when given.
    pub fn schema_registry(&self) -> anyhow::Result<SchemaRegistry> {
        let mut reg = SchemaRegistry::builtin().context("loading built-in schemas")?;
        if let Some(dir) = &self.schemas {
            reg.load_dir(dir)?;
        }
        Ok(reg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("8MiB"), Ok(8 << 20));
        assert_eq!(parse_size("8m"), Ok(8 << 20));
        assert_eq!(parse_size("1 GB"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("8 parsecs").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}

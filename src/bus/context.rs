//! natscli context files: `~/.config/nats/context/NAME.json` and the selection in
//! `~/.config/nats/context.txt`, so operators reuse the setup they already have for `nats`.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::BusError;

/// The subset of a natscli context that affects how we connect. Unknown keys (colour scheme,
/// socks proxy, nsc URL, …) are ignored on purpose: the file belongs to natscli.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NatsContext {
    pub description: Option<String>,
    pub url: Option<String>,
    pub user: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
    pub creds: Option<PathBuf>,
    pub nkey: Option<PathBuf>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub ca: Option<PathBuf>,
    pub tls_first: bool,
    pub jetstream_domain: Option<String>,
    pub jetstream_api_prefix: Option<String>,
    pub inbox_prefix: Option<String>,
}

/// `$XDG_CONFIG_HOME/nats` or `~/.config/nats`, where natscli keeps its contexts.
pub(crate) fn config_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(x).join("nats"));
    }
    std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(|h| PathBuf::from(h).join(".config").join("nats"))
}

pub(crate) fn context_dir() -> Option<PathBuf> {
    config_dir().map(|d| d.join("context"))
}

/// Load a context by name (or by path to a `.json` file). With `None`, load the context
/// selected with `nats context select`, if any. `Ok(None)` when there is nothing to load.
pub fn load_context(name: Option<&str>) -> Result<Option<NatsContext>, BusError> {
    let path = match name {
        Some(n) if n.ends_with(".json") || n.contains('/') => PathBuf::from(n),
        Some(n) => match context_dir() {
            Some(d) => d.join(format!("{n}.json")),
            None => return Ok(None),
        },
        None => {
            let Some(dir) = config_dir() else {
                return Ok(None);
            };
            let Ok(selected) = std::fs::read_to_string(dir.join("context.txt")) else {
                return Ok(None);
            };
            let selected = selected.trim();
            if selected.is_empty() {
                return Ok(None);
            }
            dir.join("context").join(format!("{selected}.json"))
        }
    };
    if !path.exists() {
        return Ok(None);
    }
    parse_context_file(&path).map(Some)
}

fn parse_context_file(path: &Path) -> Result<NatsContext, BusError> {
    let text = std::fs::read_to_string(path).map_err(|e| BusError::BadContext {
        path: path.to_path_buf(),
        source: Box::new(e),
    })?;
    let mut ctx: NatsContext = serde_json::from_str(&text).map_err(|e| BusError::BadContext {
        path: path.to_path_buf(),
        source: Box::new(e),
    })?;
    ctx.creds = ctx.creds.map(expand_home);
    ctx.nkey = ctx.nkey.map(expand_home);
    ctx.cert = ctx.cert.map(expand_home);
    ctx.key = ctx.key.map(expand_home);
    ctx.ca = ctx.ca.map(expand_home);
    Ok(ctx)
}

fn expand_home(p: PathBuf) -> PathBuf {
    match (p.strip_prefix("~"), std::env::var_os("HOME")) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_natscli_fields_and_ignores_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prod.json");
        std::fs::write(
            &path,
            r#"{"description":"prod","url":"nats://10.0.0.1:4222","user":"ops","password":"pw",
                "color_scheme":"dark","socks_proxy":"","jetstream_domain":"hub","creds":""}"#,
        )
        .unwrap();
        let ctx = load_context(Some(path.to_str().unwrap())).unwrap().unwrap();
        assert_eq!(ctx.url.as_deref(), Some("nats://10.0.0.1:4222"));
        assert_eq!(ctx.user.as_deref(), Some("ops"));
        assert_eq!(ctx.jetstream_domain.as_deref(), Some("hub"));
    }

    #[test]
    fn malformed_context_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.json");
        std::fs::write(&path, "{ not json").unwrap();
        let err = load_context(Some(path.to_str().unwrap())).unwrap_err();
        assert!(err.to_string().contains("bad.json"), "{err}");
    }
}

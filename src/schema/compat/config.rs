//! `schemas/compatibility.yaml`: the compatibility mode of each type.
//!
//! ```yaml
//! default: BACKWARD          # every type not named below
//! types:
//!   MARKET_TICK: FULL        # a base name: every version of it
//!   ORDER_FILLED_V2: NONE    # one version
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use super::CompatMode;

/// The config file's name inside a schema directory.
pub const CONFIG_FILE: &str = "compatibility.yaml";

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a valid compatibility config", path.display())]
    Yaml {
        path: PathBuf,
        #[source]
        source: Box<serde_saphyr::Error>,
    },
    #[error("{}: {field}: unknown mode {value:?} (one of BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE, NONE)", path.display())]
    Mode {
        path: PathBuf,
        field: String,
        value: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    default: Option<String>,
    #[serde(default)]
    types: BTreeMap<String, String>,
}

/// The mode of each type; BACKWARD when nothing says otherwise.
#[derive(Debug, Clone, Default)]
pub struct CompatConfig {
    pub default: CompatMode,
    pub types: BTreeMap<String, CompatMode>,
}

impl CompatConfig {
    /// Read `dir/compatibility.yaml`; the defaults when there is no such file.
    pub fn load_dir(dir: &Path) -> Result<Self, ConfigError> {
        let path = dir.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(ConfigError::Read { path, source }),
        }
    }

    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let raw: Raw = serde_saphyr::from_str(text).map_err(|source| ConfigError::Yaml {
            path: path.to_path_buf(),
            source: Box::new(source),
        })?;
        let mode = |field: String, value: &str| {
            CompatMode::parse(value).ok_or_else(|| ConfigError::Mode {
                path: path.to_path_buf(),
                field,
                value: value.to_string(),
            })
        };
        let mut out = CompatConfig::default();
        if let Some(d) = &raw.default {
            out.default = mode("default".into(), d)?;
        }
        for (t, m) in &raw.types {
            out.types.insert(t.clone(), mode(format!("types.{t}"), m)?);
        }
        Ok(out)
    }

    /// The type's own entry, else its base name's, else the default.
    pub fn mode_for(&self, event_type: &str) -> CompatMode {
        self.types
            .get(event_type)
            .or_else(|| self.types.get(super::split_version(event_type).0))
            .copied()
            .unwrap_or(self.default)
    }
}

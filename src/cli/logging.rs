//! Log output for the binary: the global `tracing` subscriber on stderr (text or JSON lines).
//! Installing a global subscriber is the program's call, so this lives here, not in the library.

use std::io::IsTerminal;

use thiserror::Error;
use tracing_subscriber::EnvFilter;

/// How much to log and in which shape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LogOptions {
    /// -1 quiet (errors only), 0 warnings (default), 1 info, 2 debug, 3+ trace.
    pub verbosity: i8,
    pub json: bool,
}

#[derive(Debug, Error)]
pub enum LogError {
    #[error("invalid EVT_LOG filter '{filter}'")]
    BadFilter {
        filter: String,
        #[source]
        source: tracing_subscriber::filter::ParseError,
    },
}

/// Install the global subscriber. `EVT_LOG` (same syntax as `RUST_LOG`) overrides verbosity.
pub fn init(opts: LogOptions) -> Result<(), LogError> {
    let filter = match std::env::var("EVT_LOG") {
        Ok(f) if !f.trim().is_empty() => {
            EnvFilter::try_new(&f).map_err(|source| LogError::BadFilter {
                filter: f.clone(),
                source,
            })?
        }
        _ => {
            let level = match opts.verbosity {
                i8::MIN..=-1 => "error",
                0 => "warn",
                1 => "info",
                2 => "debug",
                _ => "trace",
            };
            // async-nats logs connection events itself; we log our own (with the redacted
            // server URL) through the event callback, so its copies would only repeat them.
            let nats = if opts.verbosity >= 2 { level } else { "off" };
            EnvFilter::new(format!("{level},async_nats={nats}"))
        }
    };
    // Colour only for a person at a terminal: logs piped to files or shippers stay plain.
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_ansi(ansi)
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    // try_init: a second init keeps the first subscriber rather than panic.
    if opts.json {
        let _ = builder.json().flatten_event(true).try_init();
    } else {
        let _ = builder.compact().try_init();
    }
    Ok(())
}

//! Observability built in: structured logs (text or JSON lines on stderr) and W3C trace
//! context, so an event can be followed from publisher to handler to dead letter.

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
    #[error("invalid EVT_LOG filter '{filter}': {reason}")]
    BadFilter { filter: String, reason: String },
}

/// Install the global subscriber. `EVT_LOG` (same syntax as `RUST_LOG`) overrides verbosity.
pub fn init_logging(opts: LogOptions) -> Result<(), LogError> {
    let filter = match std::env::var("EVT_LOG") {
        Ok(f) if !f.trim().is_empty() => {
            EnvFilter::try_new(&f).map_err(|e| LogError::BadFilter {
                filter: f.clone(),
                reason: e.to_string(),
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
    // try_init: a second init (tests, embedding) keeps the first subscriber rather than panic.
    if opts.json {
        let _ = builder.json().flatten_event(true).try_init();
    } else {
        let _ = builder.compact().try_init();
    }
    Ok(())
}

/// A fresh W3C `traceparent` (version 00, sampled) for an event that starts a trace.
pub fn new_traceparent() -> String {
    // Hex written by hand: one per published event, and `fmt` was a visible share of a batch.
    fn hex(s: &mut String, v: u128, digits: u32) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for i in (0..digits).rev() {
            s.push(char::from(HEX[((v >> (i * 4)) & 0xf) as usize]));
        }
    }
    let mut s = String::with_capacity(55);
    s.push_str("00-");
    hex(&mut s, fastrand::u128(1..), 32);
    s.push('-');
    hex(&mut s, fastrand::u64(1..).into(), 16);
    s.push_str("-01");
    s
}

/// Whether a header value is a well-formed W3C `traceparent` (so we never forward garbage).
pub fn is_valid_traceparent(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    parts.len() == 4
        && parts[0].len() == 2
        && parts[1].len() == 32
        && parts[2].len() == 16
        && parts[3].len() == 2
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
        && parts[1] != "00000000000000000000000000000000"
        && parts[2] != "0000000000000000"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_traceparents_are_valid_and_distinct() {
        let a = new_traceparent();
        let b = new_traceparent();
        assert!(is_valid_traceparent(&a), "{a}");
        assert_ne!(a, b);
        assert!(!is_valid_traceparent("00-abc-def-01"));
    }
}

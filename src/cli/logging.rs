//! Log output for the binary: the global `tracing` subscriber on stderr (text or JSON lines),
//! and, with feature `otlp`, the OpenTelemetry tracer provider that exports the library's spans
//! ([`evt::trace`]). Installing either is the program's call, so this lives here, not in the
//! library.

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
    #[cfg(feature = "otlp")]
    #[error("cannot set up OTLP trace export")]
    Otlp {
        #[source]
        source: opentelemetry_otlp::ExporterBuildError,
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

/// Keeps the tracer provider alive; dropping it flushes the spans still batched.
#[derive(Default)]
pub struct TraceGuard {
    #[cfg(feature = "otlp")]
    provider: Option<opentelemetry_sdk::trace::SdkTracerProvider>,
}

impl Drop for TraceGuard {
    fn drop(&mut self) {
        #[cfg(feature = "otlp")]
        if let Some(p) = self.provider.take() {
            if let Err(e) = p.shutdown() {
                tracing::warn!(error = %e, "flushing OTLP spans failed");
            }
        }
    }
}

/// Whether the environment asks for OTLP export (an endpoint for traces, or for everything).
fn otlp_requested() -> bool {
    [
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_ENDPOINT",
    ]
    .iter()
    .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()))
        && std::env::var("OTEL_TRACES_EXPORTER").map_or(true, |v| v != "none")
}

/// Export spans over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `..._TRACES_ENDPOINT`)
/// is set; the exporter reads the other `OTEL_EXPORTER_OTLP_*` variables (headers, timeout)
/// itself. Without an endpoint nothing is installed and the library's spans cost a no-op.
#[cfg(feature = "otlp")]
pub fn init_traces() -> Result<TraceGuard, LogError> {
    use opentelemetry_otlp::WithExportConfig as _;
    if !otlp_requested() {
        return Ok(TraceGuard::default());
    }
    let exporter = opentelemetry_otlp::SpanExporter::builder()
        .with_http()
        .with_protocol(opentelemetry_otlp::Protocol::HttpBinary)
        .build()
        .map_err(|source| LogError::Otlp { source })?;
    let mut resource = opentelemetry_sdk::Resource::builder();
    if std::env::var_os("OTEL_SERVICE_NAME").is_none() {
        resource = resource.with_service_name("evt");
    }
    let provider = opentelemetry_sdk::trace::SdkTracerProvider::builder()
        .with_batch_exporter(exporter)
        .with_resource(resource.build())
        .build();
    opentelemetry::global::set_tracer_provider(provider.clone());
    Ok(TraceGuard {
        provider: Some(provider),
    })
}

/// Built without feature `otlp`: say so once if the environment asks for export.
#[cfg(not(feature = "otlp"))]
pub fn init_traces() -> Result<TraceGuard, LogError> {
    if otlp_requested() {
        tracing::warn!("OTEL_EXPORTER_OTLP_ENDPOINT is set but this evt was built without the `otlp` feature; spans are not exported");
    }
    Ok(TraceGuard::default())
}

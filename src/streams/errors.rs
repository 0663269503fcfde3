//! Errors of the stream manager, and the translation of JetStream's numbered refusals into one
//! line that names the stream, the field and what to do.

use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

/// The spec could not be read or parsed.
#[derive(Debug, Error)]
pub enum SpecError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: no *.yaml or *.yml files in this directory", path.display())]
    NoFiles { path: PathBuf },
    #[error("{}:{line}:{column}: {message}", file.display())]
    Parse {
        file: PathBuf,
        line: u32,
        column: u32,
        message: String,
    },
    #[error("{}:{line}: {message}", file.display())]
    Env {
        file: PathBuf,
        line: u32,
        message: String,
    },
}

/// One problem found by validation, at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub file: PathBuf,
    pub line: u32,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.file.as_os_str().is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}

/// Validation found problems; all of them are listed, one per line.
#[derive(Debug, Error)]
pub struct Invalid(pub Vec<Issue>);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(Issue::to_string).collect();
        write!(f, "{}", lines.join("\n"))
    }
}

/// Talking to the server failed.
#[derive(Debug, Error)]
pub enum StreamsError {
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error("{0}")]
    Invalid(#[from] Invalid),
    /// The server refused a request; `message` is already the one-line explanation.
    #[error("{message}")]
    Server {
        stream: String,
        consumer: Option<String>,
        /// JetStream's `err_code` (10058, 10065, …) when the server sent one.
        err_code: Option<u64>,
        message: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Listing or reading the live configuration failed (timeout, no JetStream, …).
    #[error("reading the live configuration ({what}) failed: {source}")]
    Live {
        what: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// The JetStream error inside an async-nats error, if it carries one: (err_code, description).
pub fn jetstream_code(e: &(dyn std::error::Error + 'static)) -> Option<(u64, String)> {
    use async_nats::jetstream::{context, stream};
    if let Some(e) = e.downcast_ref::<context::CreateStreamError>() {
        if let context::CreateStreamErrorKind::JetStream(j) = e.kind() {
            return Some((j.error_code().0, j.to_string()));
        }
    }
    if let Some(e) = e.downcast_ref::<context::DeleteStreamError>() {
        if let context::GetStreamErrorKind::JetStream(j) = e.kind() {
            return Some((j.error_code().0, j.to_string()));
        }
    }
    if let Some(e) = e.downcast_ref::<stream::ConsumerError>() {
        if let stream::ConsumerErrorKind::JetStream(j) = e.kind() {
            return Some((j.error_code().0, j.to_string()));
        }
    }
    if let Some(e) = e.downcast_ref::<stream::ConsumerUpdateError>() {
        if let stream::ConsumerUpdateErrorKind::JetStream(j) = e.kind() {
            return Some((j.error_code().0, j.to_string()));
        }
    }
    if let Some(e) = e.downcast_ref::<stream::ConsumerCreateStrictError>() {
        if let stream::ConsumerCreateStrictErrorKind::JetStream(j) = e.kind() {
            return Some((j.error_code().0, j.to_string()));
        }
    }
    None
}

/// Turn a failed request about `stream` (and `consumer`) into one line that says what to do.
pub fn server_error<E>(action: &str, stream: &str, consumer: Option<&str>, e: E) -> StreamsError
where
    E: std::error::Error + Send + Sync + 'static,
{
    let target = match consumer {
        Some(c) => format!("consumer {stream}/{c}"),
        None => format!("stream {stream}"),
    };
    let code = jetstream_code(&e);
    let message = match &code {
        Some((10058, _)) => format!(
            "{action} {target}: a stream of that name already exists with a different configuration; run `evt streams plan` to see the difference"
        ),
        Some((10065, d)) => format!(
            "{action} {target}: its subjects overlap those of another stream on the server ({d}); change `subjects` or the other stream"
        ),
        Some((10074, _)) => format!(
            "{action} {target}: num_replicas is larger than the cluster (a single server holds only 1 replica); lower num_replicas or run on a cluster with enough JetStream servers"
        ),
        Some((10047, _)) => format!(
            "{action} {target}: insufficient storage on the server for its limits; lower max_bytes (or the stream's storage) or raise the server's JetStream max_file_store/max_memory_store"
        ),
        Some((10052, d)) => format!(
            "{action} {target}: the server refused the configuration ({d}); if a field cannot change in place, recreate with --allow-recreate"
        ),
        Some((10013 | 10148, d)) => format!(
            "{action} {target}: a consumer of that name exists with a different configuration ({d}); run `evt streams plan`"
        ),
        Some((10059, _)) => format!("{action} {target}: the stream does not exist on the server"),
        Some((10014, _)) => {
            format!("{action} {target}: the consumer does not exist on the server")
        }
        Some((_, d)) => format!("{action} {target}: {d}"),
        None => format!("{action} {target}: {e}"),
    };
    StreamsError::Server {
        stream: stream.to_string(),
        consumer: consumer.map(str::to_string),
        err_code: code.map(|c| c.0),
        message,
        source: Box::new(e),
    }
}

pub fn live_error<E>(what: impl Into<String>, e: E) -> StreamsError
where
    E: std::error::Error + Send + Sync + 'static,
{
    StreamsError::Live {
        what: what.into(),
        source: Box::new(e),
    }
}

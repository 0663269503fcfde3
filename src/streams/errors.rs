//! Errors of the stream manager, and the translation of JetStream's numbered refusals (matched
//! by async-nats' `ErrorCode` names) into one line that names the stream and what to do.

use std::fmt;
use std::path::PathBuf;

use async_nats::jetstream::ErrorCode;
use thiserror::Error;

/// The spec could not be read or parsed.
#[derive(Debug, Error)]
pub enum SpecError {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: no *.yaml or *.yml files in this directory", path.display())]
    NoFiles { path: PathBuf },
    /// `message` is the parser's own, without its snippet and position (printed here as
    /// file:line:column); the parser's error is not kept, its Display would repeat both.
    #[error("{}:{line}:{column}: {message}", file.display())]
    Parse {
        file: PathBuf,
        line: u32,
        column: u32,
        message: String,
    },
    /// A `${VAR}` reference that cannot be expanded: evt's finding, no underlying error.
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

/// Talking to the server failed, or the plan handed to apply cannot run.
#[derive(Debug, Error)]
pub enum StreamsError {
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error("{0}")]
    Invalid(#[from] Invalid),
    /// The server refused a request. The message explains the refusal when its code is one we
    /// know; the server's own description follows in the source chain.
    #[error("{action} {}{}", target(stream, consumer.as_deref()), explain(*code))]
    Server {
        /// What was being done: `creating`, `updating`, `deleting`, `reaching`.
        action: &'static str,
        stream: String,
        consumer: Option<String>,
        /// JetStream's `err_code` when the server sent one.
        code: Option<ErrorCode>,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An action of the plan cannot be executed as it stands (a bug in the caller or the plan,
    /// never the server's answer).
    #[error("{target}: {problem}")]
    Plan {
        target: String,
        problem: &'static str,
    },
    /// `export` was asked for a stream the server does not have.
    #[error("no stream named {stream} on the server")]
    NoSuchStream { stream: String },
    /// Listing or reading the live configuration failed (timeout, no JetStream, …).
    #[error("reading the live configuration ({what}) failed")]
    Live {
        what: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("writing YAML failed")]
    Yaml {
        #[source]
        source: serde_saphyr::SerializeError,
    },
}

fn target(stream: &str, consumer: Option<&str>) -> String {
    match consumer {
        Some(c) => format!("consumer {stream}/{c}"),
        None => format!("stream {stream}"),
    }
}

/// What a refusal means for someone applying a spec, by JetStream `err_code`; empty when the
/// server's description (in the source chain) is all there is to say.
fn explain(code: Option<ErrorCode>) -> &'static str {
    match code {
        Some(ErrorCode::STREAM_NAME_EXIST) => {
            ": a stream of that name already exists with a different configuration; run `evt streams plan` to see the difference"
        }
        Some(ErrorCode::STREAM_SUBJECT_OVERLAP) => {
            ": its subjects overlap those of another stream on the server; change `subjects` or the other stream"
        }
        Some(ErrorCode::STREAM_REPLICAS_NOT_SUPPORTED) => {
            ": num_replicas is larger than the cluster (a single server holds only 1 replica); lower num_replicas or run on a cluster with enough JetStream servers"
        }
        Some(ErrorCode::STORAGE_RESOURCES_EXCEEDED) => {
            ": the account's or server's JetStream storage limit (max_file / max_mem) cannot hold its max_bytes; lower max_bytes or raise the limit"
        }
        Some(ErrorCode::MAXIMUM_STREAMS_LIMIT) => {
            ": the account's JetStream limit max_streams is reached; delete a stream or raise the account's max_streams"
        }
        Some(ErrorCode::MAXIMUM_CONSUMERS_LIMIT) => {
            ": a max_consumers limit (the account's or the stream's) is reached; delete a consumer or raise max_consumers"
        }
        Some(ErrorCode::INSUFFICIENT_RESOURCES) => {
            ": the server has insufficient JetStream resources (memory or disk) for it"
        }
        Some(ErrorCode::MEMORY_RESOURCES_EXCEEDED) => {
            ": the account's JetStream memory limit (max_mem) is exceeded; lower max_bytes or use file storage"
        }
        Some(ErrorCode::ACCOUNT_RESOURCES_EXCEEDED) => {
            ": the account's JetStream resource limits are exceeded"
        }
        Some(ErrorCode::STREAM_MAX_BYTES_REQUIRED) => {
            ": the account requires every stream to set max_bytes; add max_bytes"
        }
        Some(ErrorCode::STREAM_MAX_STREAM_BYTES_EXCEEDED) => {
            ": max_bytes is above the account's limit max_stream_bytes; lower max_bytes"
        }
        Some(ErrorCode::STREAM_INVALID_CONFIG) => ": the server refused the configuration",
        Some(ErrorCode::CONSUMER_NAME_EXIST | ErrorCode::CONSUMER_ALREADY_EXISTS) => {
            ": a consumer of that name exists with a different configuration; run `evt streams plan`"
        }
        Some(ErrorCode::STREAM_NOT_FOUND) => ": the stream does not exist on the server",
        Some(ErrorCode::CONSUMER_NOT_FOUND) => ": the consumer does not exist on the server",
        _ => "",
    }
}

/// What a JetStream refusal inside `e` means (a limit reached, say), as `: …`; empty when
/// `e` carries no code we know.
pub fn limit_hint(e: &(dyn std::error::Error + 'static)) -> &'static str {
    explain(jetstream_error(e).map(|j| j.error_code()))
}

/// The JetStream error inside an async-nats error, if it carries one.
pub fn jetstream_error(
    e: &(dyn std::error::Error + 'static),
) -> Option<async_nats::jetstream::Error> {
    use async_nats::jetstream::{context, stream};
    if let Some(e) = e.downcast_ref::<context::CreateStreamError>() {
        if let context::CreateStreamErrorKind::JetStream(j) = e.kind() {
            return Some(j);
        }
    }
    if let Some(e) = e.downcast_ref::<context::DeleteStreamError>() {
        if let context::GetStreamErrorKind::JetStream(j) = e.kind() {
            return Some(j);
        }
    }
    if let Some(e) = e.downcast_ref::<stream::ConsumerError>() {
        if let stream::ConsumerErrorKind::JetStream(j) = e.kind() {
            return Some(j);
        }
    }
    if let Some(e) = e.downcast_ref::<stream::ConsumerUpdateError>() {
        if let stream::ConsumerUpdateErrorKind::JetStream(j) = e.kind() {
            return Some(j);
        }
    }
    if let Some(e) = e.downcast_ref::<stream::ConsumerCreateStrictError>() {
        if let stream::ConsumerCreateStrictErrorKind::JetStream(j) = e.kind() {
            return Some(j);
        }
    }
    None
}

/// A failed request about `stream` (and `consumer`), keeping the server's error as its source.
pub fn server_error<E>(
    action: &'static str,
    stream: &str,
    consumer: Option<&str>,
    e: E,
) -> StreamsError
where
    E: std::error::Error + Send + Sync + 'static,
{
    StreamsError::Server {
        action,
        stream: stream.to_string(),
        consumer: consumer.map(str::to_string),
        code: jetstream_error(&e).map(|j| j.error_code()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use async_nats::jetstream::context::CreateStreamError;

    fn refusal(code: u64, description: &str) -> CreateStreamError {
        let j: async_nats::jetstream::Error = serde_json::from_value(serde_json::json!({
            "code": 400, "err_code": code, "description": description
        }))
        .expect("a JetStream API error");
        CreateStreamError::from(j)
    }

    #[test]
    fn a_server_refusal_keeps_the_servers_error_and_its_code() {
        let e = server_error(
            "updating",
            "ORDERS",
            None,
            refusal(
                10052,
                "stream configuration update can not change storage type",
            ),
        );
        let StreamsError::Server { code, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*code, Some(ErrorCode::STREAM_INVALID_CONFIG));
        let source = std::error::Error::source(&e).expect("a source");
        assert!(source.downcast_ref::<CreateStreamError>().is_some());
        // The library says what happened; the flag that helps is the CLI's to add.
        assert_eq!(
            e.to_string(),
            "updating stream ORDERS: the server refused the configuration"
        );
        assert!(crate::error::chain_line(&e).contains("can not change storage type"));
    }

    #[test]
    fn known_codes_are_explained_and_unknown_ones_left_to_the_server() {
        let e = server_error("creating", "A", None, refusal(10065, "subjects overlap"));
        assert!(
            e.to_string().contains("overlap those of another stream"),
            "{e}"
        );
        let e = server_error("creating", "A", Some("c"), refusal(10999, "something new"));
        assert_eq!(e.to_string(), "creating consumer A/c");
        assert!(crate::error::chain_line(&e).contains("something new"));
    }

    #[test]
    fn a_spec_read_error_returns_the_io_error() {
        let e = SpecError::Read {
            path: "streams/x.yaml".into(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "gone"),
        };
        let source = std::error::Error::source(&e).expect("a source");
        assert_eq!(
            source.downcast_ref::<std::io::Error>().map(|e| e.kind()),
            Some(std::io::ErrorKind::NotFound)
        );
    }
}

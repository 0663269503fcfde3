//! Declarative handlers and the [`SubscriberManager`].
//!
//! A service declares what it handles; the manager does the rest:
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use std::time::Duration;
//! use evt::event::Event;
//! use evt::subscriber::{bind, HandlerError, SubscriberManager};
//!
//! async fn audit(e: Event) -> Result<(), HandlerError> {
//!     if e.field("quantity").is_none() {
//!         return Err(HandlerError::fatal("order without quantity"));
//!     }
//!     Ok(())
//! }
//!
//! # async fn run(bus: evt::bus::Bus, factory: Arc<evt::codec::EventFactory>) -> Result<(), Box<dyn std::error::Error>> {
//! // Bound as `evt streams apply` declared it: filters, backoff, max_deliver and DLQ come from
//! // the server; a builder call (e.g. `.max_deliver(5)`) would be checked against it.
//! let mut manager = SubscriberManager::new(bus, factory)
//!     .handle(bind("TRADING", "order-auditor").concurrency(4), audit);
//! manager.start().await?;          // binds every durable, or fails naming the problem
//! // ... until shutdown:
//! let report = manager.stop().await; // in-flight handlers finish and are acked
//! # Ok(()) }
//! ```
//!
//! Per message: decode (codec) → convert to the handler's argument type → call → `Ack` on
//! `Ok`; `Nak(delay)` on [`HandlerError::Retry`]; a dead letter on `Fatal`, a decode failure,
//! a panic, or a `Retry` on the last allowed delivery. The dead letter is stored (and
//! acknowledged by JetStream) before the original is terminated; if it cannot be stored the
//! original is nak'ed with a delay instead. Messages whose handler never answers reach the
//! DLQ through the max-deliveries [`mover`].

mod bind;
mod budget;
pub mod config;
pub mod deadletter;
pub mod handler;
pub mod manager;
pub mod mover;
pub mod ordering;
mod reply;
mod route;
mod settle;

use thiserror::Error;

pub use config::{bind, on, Bound, HandlerConfig};
pub use handler::{Delivery, Handler, HandlerError};
pub use manager::{HandlerStats, ManagerStats, StopReport, SubscriberManager};

/// A declared setting that disagrees with the durable on the server. `option` is the consumer
/// field (`max_deliver`, `backoff`, `filter_subjects`, …); the values are shown as
/// `streams plan` shows them. Leaving the option unset takes the server's value; changing the
/// durable is the streams spec's job (`streams plan` shows the same difference).
#[derive(Debug, Error)]
#[error("durable '{durable}' on stream '{stream}' has {option} {existing} on the server, but {declared} was declared{more}")]
pub struct ConsumerConflict {
    pub durable: String,
    pub stream: String,
    pub option: String,
    pub existing: String,
    pub declared: String,
    /// ` (and 2 more: a, b)` or empty.
    pub more: String,
}

/// The underlying error of a failed server request.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why the manager could not start, or a dead letter could not be stored. Each names the
/// durable, stream or subject involved; failed requests keep their cause as `source`.
#[derive(Debug, Error)]
pub enum SubscriberError {
    #[error(transparent)]
    PullTiming(#[from] crate::pull::PullTimingError),
    #[error("handler {durable}: invalid {field}: {reason}")]
    InvalidConfig {
        durable: String,
        field: &'static str,
        reason: String,
    },
    #[error("handler {durable}: no stream captures subject '{subject}' (create one, e.g. from a streams spec, or name the stream)")]
    NoStreamForSubject { durable: String, subject: String },
    #[error("handler {durable}: subject '{subject}' is captured by several streams ({streams}); name the stream")]
    AmbiguousStream {
        durable: String,
        subject: String,
        streams: String,
    },
    #[error("handler {durable}: stream '{stream}' does not exist")]
    StreamMissing { durable: String, stream: String },
    #[error("durable '{durable}' does not exist on stream '{stream}', and no filter subject was given to create it")]
    DurableMissing { durable: String, stream: String },
    /// A setting the handler declared disagrees with the durable on the server.
    #[error(transparent)]
    ConsumerConflict(Box<ConsumerConflict>),
    #[error("handler {durable}: dead letters go to '{subject}', which DLQ stream '{dlq_stream}' does not capture{found} (declare the DLQ in the streams spec and apply it, or choose another DLQ stream)")]
    DlqNotCaptured {
        durable: String,
        subject: String,
        dlq_stream: String,
        found: String,
    },
    #[error("handler {durable}: no stream captures '{subject}', so a message that exhausts max_deliver without an answer would never reach DLQ '{dlq_stream}' (expected stream '{advisory_stream}'; declare the consumer with a dlq in the streams spec and apply it, or let the handler create the capture)")]
    AdvisoryNotCaptured {
        durable: String,
        subject: String,
        dlq_stream: String,
        advisory_stream: String,
    },
    /// A refusal with a known JetStream code (a limit reached, say) is explained in the line.
    #[error("{what} for stream '{stream}' failed{}", crate::streams::errors::limit_hint(.source.as_ref()))]
    Request {
        what: &'static str,
        stream: String,
        #[source]
        source: BoxError,
    },
    #[error("storing the dead letter of {stream}#{seq} on '{subject}' failed")]
    DeadLetterPublish {
        subject: String,
        stream: String,
        seq: u64,
        #[source]
        source: BoxError,
    },
    /// The server refused this user something the subscriber needs (publishing a dead letter,
    /// say). Final: retrying cannot help until the user's permissions change.
    #[error(transparent)]
    PermissionDenied(Box<crate::bus::BusError>),
    #[error("the subscriber manager is already running")]
    AlreadyStarted,
    /// The opt-in `/metrics` endpoints could not be served (address in use, say).
    #[error(transparent)]
    Endpoints(#[from] crate::metrics::endpoints::EndpointError),
}

impl SubscriberError {
    /// Whether this is a permission violation (final, not worth a retry).
    pub fn is_permission_denied(&self) -> bool {
        matches!(self, SubscriberError::PermissionDenied(_))
    }
}

/// Resolves once `stop` turns true (or its sender is gone). Holds no watch guard across
/// awaits, so the futures that select on it stay `Send`.
pub(crate) async fn stopped(stop: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

//! Declarative handlers and the [`SubscriberManager`].
//!
//! A service declares what it handles; the manager does the rest:
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use std::time::Duration;
//! use evt::event::Event;
//! use evt::subscriber::{on, HandlerError, SubscriberManager};
//!
//! async fn audit(e: Event) -> Result<(), HandlerError> {
//!     if e.field("quantity").is_none() {
//!         return Err(HandlerError::fatal("order without quantity"));
//!     }
//!     Ok(())
//! }
//!
//! # async fn run(bus: evt::bus::Bus, factory: Arc<evt::codec::EventFactory>) -> Result<(), Box<dyn std::error::Error>> {
//! let mut manager = SubscriberManager::new(bus, factory)
//!     .handle(on("trading.order.>").durable("order-auditor").max_deliver(3), audit);
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

pub mod config;
pub mod deadletter;
pub mod handler;
pub mod manager;
pub mod mover;
pub mod ordering;

use thiserror::Error;

pub use config::{on, HandlerConfig};
pub use handler::{Delivery, Handler, HandlerError};
pub use manager::{HandlerStats, ManagerStats, StopReport, SubscriberManager};

/// Why the manager could not start, or a dead letter could not be stored. Each names the
/// durable, stream or subject involved.
#[derive(Debug, Error)]
pub enum SubscriberError {
    #[error("handler {durable}: invalid {field}: {reason}")]
    InvalidConfig {
        durable: String,
        field: &'static str,
        reason: String,
    },
    #[error("handler {durable}: no stream captures subject '{subject}' (create it, e.g. `evt streams apply`, or pass the stream name)")]
    NoStreamForSubject { durable: String, subject: String },
    #[error("handler {durable}: subject '{subject}' is captured by several streams ({streams}); name the stream")]
    AmbiguousStream {
        durable: String,
        subject: String,
        streams: String,
    },
    #[error("handler {durable}: stream '{stream}' does not exist")]
    StreamMissing { durable: String, stream: String },
    #[error("durable '{durable}' on stream '{stream}' exists with a different {field}: {existing} on the server, {declared} declared (delete the consumer or change the declaration)")]
    ConsumerConflict {
        durable: String,
        stream: String,
        field: String,
        existing: String,
        declared: String,
    },
    #[error("handler {durable}: dead letters go to '{subject}', which DLQ stream '{dlq_stream}' does not capture{found} (declare the DLQ in streams/*.yaml and `evt streams apply`, or choose another DLQ stream)")]
    DlqNotCaptured {
        durable: String,
        subject: String,
        dlq_stream: String,
        found: String,
    },
    #[error("handler {durable}: no stream captures '{subject}', so a message that exhausts max_deliver without an answer would never reach DLQ '{dlq_stream}' (expected stream '{advisory_stream}'; declare the DLQ wiring and `evt streams apply`)")]
    AdvisoryNotCaptured {
        durable: String,
        subject: String,
        dlq_stream: String,
        advisory_stream: String,
    },
    #[error("{what} for stream '{stream}' failed: {reason}")]
    Request {
        what: &'static str,
        stream: String,
        reason: String,
    },
    #[error("storing the dead letter of {stream}#{seq} on '{subject}' failed: {reason}")]
    DeadLetterPublish {
        subject: String,
        stream: String,
        seq: u64,
        reason: String,
    },
    #[error("the subscriber manager is already running")]
    AlreadyStarted,
}

/// Resolves once `stop` turns true (or its sender is gone). Holds no watch guard across
/// awaits, so the futures that select on it stay `Send`.
pub(crate) async fn stopped(stop: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

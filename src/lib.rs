//! `evt`: typed events on NATS JetStream.
//!
//! The library does the work; the `evt` binary parses flags, calls it, and prints. Nothing in
//! the library writes to stdout. See `DESIGN.md` in the shared folder for the architecture and
//! the wire contract.
//!
//! - [`bus`]: one managed connection (auth, TLS, natscli contexts, reconnect events, drain).
//! - [`subject`]: subject validation, matching and overlap.
//! - [`event`], [`schema`], [`codec`]: typed events, their schemas, and the wire format;
//!   [`wire`]: the one bounded reader of that format (headers, gzip, JSON).
//! - [`publisher`]: validated, deduplicated, retried and pipelined publishing.
//! - [`tail`]: reading a subject through an ordered consumer or a core subscription.
//! - [`dlq`]: dead-letter envelope and naming; [`subscriber`]: declarative handlers.
//! - [`consumer`]: the one description and comparison of a durable consumer, shared by
//!   [`streams`] and [`subscriber`].
//! - [`streams`]: streams as code (spec, validate, plan, apply, export).
//! - [`monitor`]: `evt check` and `evt report` over what a spec declares.
//! - [`lag`]: a consumer's lag from the server, in messages and seconds (ack floor).
//! - [`metrics`]: Prometheus metrics and the `/metrics` `/healthz` `/readyz` endpoints.
//! - [`observability`]: trace context; [`trace`]: OpenTelemetry spans from publish to
//!   consume to dead letter to replay; [`error`]: an error chain as one line, for reports.
//!
//! The `cli` feature (on by default) builds the `evt` binary; a service that only needs the
//! library depends on `evt` with `default-features = false` and compiles no command-line crate.

pub mod bus;
pub mod codec;
pub mod consumer;
pub mod dlq;
pub mod error;
pub mod event;
pub mod lag;
pub mod metrics;
pub mod monitor;
pub mod observability;
pub mod permissions;
pub mod publisher;
pub mod pull;
pub mod schema;
pub mod streams;
pub mod subject;
pub mod subscriber;
pub mod tail;
pub mod trace;
pub mod wire;

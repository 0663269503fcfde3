//! Monitoring what `streams/*.yaml` declares: `evt check` (states for Nagios, Prometheus
//! textfiles and scripts) and `evt report` (one table for people).
//!
//! - [`mod@snapshot`]: one reading from the server (streams, consumer lag, DLQs, drift).
//! - [`thresholds`]: `monitor:` blocks, overrides, natscli's `io.nats.monitor.*` keys, states.
//! - [`check`]: states from a snapshot; [`report`]: rows from a snapshot.

pub mod check;
pub mod report;
pub mod snapshot;
pub mod thresholds;

pub use check::{evaluate, CheckReport, CheckResult, Measure};
pub use snapshot::{snapshot, Snapshot};
pub use thresholds::Status;

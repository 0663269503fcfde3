//! When a failed publish is worth another attempt, and how long to wait before it.
//!
//! Retrying is safe only because every message carries a `Nats-Msg-Id`: JetStream drops a
//! second copy with the same id inside the stream's duplicate window, so a retry after a lost
//! ack never stores the event twice. What is retried is what can heal by itself: an ack that
//! did not come back in time, a dropped connection, "no responders" while a stream leader is
//! being elected or a server restarts. A refusal by the stream (limits, wrong subject, payload
//! too large) would only be refused again, so it fails at once.

use std::time::Duration;

use async_nats::jetstream::context::{PublishError as NatsPublishError, PublishErrorKind};
use async_nats::jetstream::ErrorCode;

/// Bounds on retrying one publish: attempts and total time, whichever runs out first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Wait before the second attempt; doubles each time up to `max_backoff`.
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
    /// No new attempt starts once this much time has passed since the first.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Exponential backoff with "equal jitter": half the step is fixed, half random, so that
    /// a window of publishes failing together does not come back in lockstep.
    /// `failed_attempts` counts the attempts made so far (>= 1); `unit` is in [0, 1).
    pub fn backoff(&self, failed_attempts: u32, unit: f64) -> Duration {
        let exp = failed_attempts.saturating_sub(1).min(20);
        let step = self
            .initial_backoff
            .saturating_mul(1u32 << exp)
            .min(self.max_backoff);
        let half = step / 2;
        half + half.mul_f64(unit.clamp(0.0, 1.0))
    }

    /// The wait before the next attempt, or `None` when the budget is spent.
    pub fn next_delay(&self, failed_attempts: u32, elapsed: Duration) -> Option<Duration> {
        if failed_attempts >= self.max_attempts {
            return None;
        }
        let delay = self.backoff(failed_attempts, fastrand::f64());
        if elapsed + delay >= self.max_elapsed {
            return None;
        }
        Some(delay)
    }
}

/// What a failed attempt means for the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Transient: try again with the same message id.
    Retry,
    /// "No responders": either no stream captures the subject (final) or the stream is
    /// between leaders / its server is restarting (transient). Only a stream lookup tells.
    NoResponders,
    /// The stream or the client refused the message; another attempt would be refused too.
    Fatal,
}

/// Sorts an async-nats publish error into retry / ask-the-server / give up.
pub fn classify(err: &NatsPublishError) -> Verdict {
    match err.kind() {
        PublishErrorKind::TimedOut | PublishErrorKind::BrokenPipe => Verdict::Retry,
        PublishErrorKind::MaxAckPending => Verdict::Retry,
        PublishErrorKind::StreamNotFound => Verdict::NoResponders,
        PublishErrorKind::MaxPayloadExceeded
        | PublishErrorKind::WrongLastMessageId
        | PublishErrorKind::WrongLastSequence => Verdict::Fatal,
        PublishErrorKind::Other => match server_error(err) {
            Some(e) if is_transient_server_error(e.code(), e.error_code()) => Verdict::Retry,
            _ => Verdict::Fatal,
        },
        // Variants added by a later async-nats: refuse rather than loop on the unknown.
        #[allow(unreachable_patterns)]
        _ => Verdict::Fatal,
    }
}

/// The JetStream API error inside an async-nats publish error, when the server sent one.
pub fn server_error(err: &NatsPublishError) -> Option<&async_nats::jetstream::Error> {
    std::error::Error::source(err)?.downcast_ref::<async_nats::jetstream::Error>()
}

/// 503s and "cluster not available / not leader" come and go with elections. A store
/// failure is sent as a 503 too, but it is the stream's limits speaking (a full stream with
/// `discard: new`: maximum messages / bytes exceeded): it does not heal by itself, and
/// retrying it only delays the refusal.
fn is_transient_server_error(status: usize, code: ErrorCode) -> bool {
    if code == ErrorCode::STREAM_STORE_FAILED {
        return false;
    }
    crate::bus::status::is_unavailable(status)
        || code == ErrorCode::CLUSTER_NOT_AVAILABLE
        || code == ErrorCode::CLUSTER_NOT_LEADER
        || code == ErrorCode::CLUSTER_NOT_ASSIGNED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = RetryPolicy {
            max_attempts: 10,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(1000),
            max_elapsed: Duration::from_secs(60),
        };
        // unit 1.0 gives the full step; 0.0 gives half of it.
        assert_eq!(p.backoff(1, 1.0), Duration::from_millis(100));
        assert_eq!(p.backoff(2, 1.0), Duration::from_millis(200));
        assert_eq!(p.backoff(3, 0.0), Duration::from_millis(200));
        assert_eq!(p.backoff(5, 1.0), Duration::from_millis(1000));
        assert_eq!(p.backoff(60, 1.0), Duration::from_millis(1000));
    }

    #[test]
    fn budget_bounds_attempts_and_time() {
        let p = RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(100),
            max_elapsed: Duration::from_secs(1),
        };
        assert!(p.next_delay(1, Duration::ZERO).is_some());
        assert!(p.next_delay(2, Duration::ZERO).is_some());
        assert!(p.next_delay(3, Duration::ZERO).is_none(), "attempts spent");
        assert!(
            p.next_delay(1, Duration::from_millis(990)).is_none(),
            "time spent"
        );
        assert!(RetryPolicy::none().next_delay(1, Duration::ZERO).is_none());
    }

    #[test]
    fn transient_kinds_are_retried_refusals_are_not() {
        let e = |k| NatsPublishError::new(k);
        assert_eq!(classify(&e(PublishErrorKind::TimedOut)), Verdict::Retry);
        assert_eq!(classify(&e(PublishErrorKind::BrokenPipe)), Verdict::Retry);
        assert_eq!(
            classify(&e(PublishErrorKind::StreamNotFound)),
            Verdict::NoResponders
        );
        assert_eq!(
            classify(&e(PublishErrorKind::MaxPayloadExceeded)),
            Verdict::Fatal
        );
        assert_eq!(classify(&e(PublishErrorKind::Other)), Verdict::Fatal);
    }
}

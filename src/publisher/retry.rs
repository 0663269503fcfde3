//! When a failed publish is worth another attempt, and how long to wait before it.
//!
//! Retrying is safe only because every message carries a `Nats-Msg-Id`: JetStream drops a
//! second copy with the same id inside the stream's duplicate window, so a retry after a lost
//! ack never stores the event twice. What is retried is what can heal by itself: an ack that
//! did not come back in time, a dropped connection, "no responders" while a stream leader is
//! being elected or a server restarts. A refusal by the stream (limits, wrong subject, payload
//! too large) would only be refused again, so it fails at once.
//!
//! The default budget is sized for a failover, not for a blip: on a 3-node cluster a stream
//! leader election takes about 2 s, and when the dead node also led the meta group the stream
//! cannot be found at all until a new meta leader is elected and the stream leader after it
//! (5-10 s on loopback). "No stream found" during that time is not an answer: only a stream
//! lookup answered by a meta leader ([`Lookup`]) tells a missing stream from an election.

use std::time::Duration;

use async_nats::jetstream::context::{PublishError as NatsPublishError, PublishErrorKind};
use async_nats::jetstream::ErrorCode;

/// Bounds on retrying one publish: attempts and total time, whichever runs out first. By
/// default the time is the bound that matters ([`RetryPolicy::DEFAULT_BUDGET`]); the attempt
/// cap only stops a pathological loop.
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
            max_attempts: 1000,
            initial_backoff: Duration::from_millis(100),
            // Short enough that a publish resumes within a second of the new leader.
            max_backoff: Duration::from_secs(1),
            max_elapsed: Self::DEFAULT_BUDGET,
        }
    }
}

impl RetryPolicy {
    /// Time allowed for one publish by default: a meta leader election followed by a stream
    /// leader election, with room to spare, on a 3-node cluster.
    pub const DEFAULT_BUDGET: Duration = Duration::from_secs(30);

    /// The default policy with another total time budget.
    pub fn for_duration(max_elapsed: Duration) -> Self {
        Self {
            max_elapsed,
            ..Self::default()
        }
    }

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

/// What a stream lookup by subject said after "no responders" / "no stream found".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// A meta leader answered: no stream captures the subject. Final.
    Missing,
    /// A meta leader answered with the stream: it exists and is between leaders.
    Exists(String),
    /// Nobody with authority answered (no meta leader, timeout, lost connection): the
    /// cluster is electing or the server is away. Retried.
    Unknown,
}

/// Why a publish is waiting, as logged before each wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitReason {
    /// The ack did not come within the ack timeout.
    AckTimeout,
    /// The connection dropped under the publish.
    ConnectionLost,
    /// The client's own pending-ack limit.
    Backpressure,
    /// No stream answered, but it exists: its leader is being elected.
    StreamLeaderElection,
    /// Neither the stream nor a meta leader answered: the cluster is electing.
    ClusterElection,
    /// The server answered "unavailable / not leader" (503, cluster errors).
    ServerUnavailable,
}

impl WaitReason {
    pub fn as_str(self) -> &'static str {
        match self {
            WaitReason::AckTimeout => "no ack within the ack timeout",
            WaitReason::ConnectionLost => "connection lost",
            WaitReason::Backpressure => "too many acks pending",
            WaitReason::StreamLeaderElection => "stream is electing a leader",
            WaitReason::ClusterElection => {
                "no stream leader and no meta leader answered (cluster electing)"
            }
            WaitReason::ServerUnavailable => {
                "server unavailable (not leader / cluster unavailable)"
            }
        }
    }

    /// The reason for a [`Verdict::Retry`] error.
    pub fn of(err: &NatsPublishError) -> Self {
        match err.kind() {
            PublishErrorKind::TimedOut => WaitReason::AckTimeout,
            PublishErrorKind::BrokenPipe => WaitReason::ConnectionLost,
            PublishErrorKind::MaxAckPending => WaitReason::Backpressure,
            _ => WaitReason::ServerUnavailable,
        }
    }

    /// The reason for a [`Verdict::NoResponders`] error, once the lookup answered.
    pub fn of_lookup(lookup: &Lookup) -> Option<Self> {
        match lookup {
            Lookup::Missing => None,
            Lookup::Exists(_) => Some(WaitReason::StreamLeaderElection),
            Lookup::Unknown => Some(WaitReason::ClusterElection),
        }
    }
}

impl std::fmt::Display for WaitReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
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

/// The limit a stream's refusal of a message names, as `: …` (empty if none is known):
/// `discard: new` streams that are full, the account's storage, the message size.
pub fn limit_hint(err: &NatsPublishError) -> String {
    let Some(e) = server_error(err) else {
        return String::new();
    };
    let code = e.error_code();
    let what = e.to_string().to_ascii_lowercase();
    let hint = if code == ErrorCode::STREAM_STORE_FAILED {
        if what.contains("maximum messages per subject") {
            "the stream's max_msgs_per_subject limit is reached and it discards new messages"
        } else if what.contains("maximum messages") {
            "the stream's max_msgs limit is reached and it discards new messages (discard: new); raise max_msgs, purge, or use discard: old"
        } else if what.contains("maximum bytes") {
            "the stream's max_bytes limit is reached and it discards new messages (discard: new); raise max_bytes, purge, or use discard: old"
        } else {
            return String::new();
        }
    } else if code == ErrorCode::STORAGE_RESOURCES_EXCEEDED {
        "the account's JetStream storage limit (max_file) is full; free space in its streams or raise the limit"
    } else if code == ErrorCode::MEMORY_RESOURCES_EXCEEDED {
        "the account's JetStream memory limit (max_mem) is full; free space in its streams or raise the limit"
    } else if code == ErrorCode::ACCOUNT_RESOURCES_EXCEEDED {
        // What a publish gets when the account's storage is full (nats-server 2.10+).
        "the account's JetStream storage limit is reached (max_file for file streams, max_mem for memory streams); free space in its streams or raise the limit"
    } else if code == ErrorCode::STREAM_MESSAGE_EXCEEDS_MAXIMUM {
        "the message is larger than the stream's max_msg_size"
    } else {
        return String::new();
    };
    format!(": {hint}")
}

/// 503s and "cluster not available / not leader" come and go with elections. A store
/// failure is sent as a 503 too, but it is the stream's limits speaking (a full stream with
/// `discard: new`: maximum messages / bytes exceeded): it does not heal by itself, and
/// retrying it only delays the refusal.
fn is_transient_server_error(status: usize, code: ErrorCode) -> bool {
    // Account storage/memory limits are also sent as 503s; they do not heal by themselves.
    if [
        ErrorCode::STREAM_STORE_FAILED,
        ErrorCode::STORAGE_RESOURCES_EXCEEDED,
        ErrorCode::MEMORY_RESOURCES_EXCEEDED,
        ErrorCode::ACCOUNT_RESOURCES_EXCEEDED,
    ]
    .contains(&code)
    {
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

    #[test]
    fn the_default_budget_outlasts_a_meta_and_stream_election() {
        let p = RetryPolicy::default();
        // An election that took 15 s (meta, then stream) still gets another attempt.
        let mut failed = 1;
        let mut elapsed = Duration::ZERO;
        while elapsed < Duration::from_secs(15) {
            let d = p
                .next_delay(failed, elapsed)
                .expect("budget left inside 15 s");
            assert!(d <= Duration::from_secs(1), "{d:?}");
            elapsed += d;
            failed += 1;
        }
        assert!(p.next_delay(failed, Duration::from_secs(31)).is_none());
        assert_eq!(
            RetryPolicy::for_duration(Duration::from_secs(3)).max_elapsed,
            Duration::from_secs(3)
        );
    }

    #[test]
    fn only_a_lookup_answered_by_a_meta_leader_ends_the_wait() {
        assert_eq!(WaitReason::of_lookup(&Lookup::Missing), None);
        assert_eq!(
            WaitReason::of_lookup(&Lookup::Exists("S".into())),
            Some(WaitReason::StreamLeaderElection)
        );
        assert_eq!(
            WaitReason::of_lookup(&Lookup::Unknown),
            Some(WaitReason::ClusterElection)
        );
        let e = |k| NatsPublishError::new(k);
        assert_eq!(
            WaitReason::of(&e(PublishErrorKind::TimedOut)),
            WaitReason::AckTimeout
        );
        assert_eq!(
            WaitReason::of(&e(PublishErrorKind::BrokenPipe)),
            WaitReason::ConnectionLost
        );
    }
}

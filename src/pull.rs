//! Pull loops that survive a consumer leader change.
//!
//! A pull request lives on the consumer's leader. When that node dies or hangs, async-nats'
//! pull stream keeps waiting until the request expires (30 s by default) before it pulls again.
//! [`FailoverPull`] notices a lost pull within about two heartbeats instead, and pulls again at
//! once, from any of three signs:
//!
//! - idle heartbeats stop (the server sends one every [`PullTiming::heartbeat`] while the
//!   request waits). async-nats reports a missed heartbeat after two quiet heartbeats; a
//!   second report in a row, with nothing received between, means the request is gone. One
//!   report alone can be stale: its timer runs while the loop is busy elsewhere and only a
//!   fresh pull is in flight;
//! - the `$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.<stream>.<consumer>` advisory: the new
//!   leader does not know the old one's waiting requests;
//! - the connection comes back after a disconnect (the request may have lived on the server
//!   we lost).
//!
//! A failover is logged at warn: why, the old and new leader (from consumer info), and how long
//! the loop was blind. [`PullHealth`] tells others (an idle check) whether the loop is blind.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::pull::{self, MessagesErrorKind};
use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::Message;
use futures::StreamExt;
use tracing::{debug, info, warn};

/// How a pull loop keeps its pull request alive and notices when it is lost.
///
/// With the defaults a lost pull is noticed within 2 s (four missed 500 ms heartbeats), and a
/// waiting request is renewed every 5 s. The cost is two heartbeat messages a second per idle
/// pull loop, and one pull request every 5 s while idle; while messages flow, no heartbeats
/// are sent and pulls are renewed by the batch as before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PullTiming {
    /// Idle heartbeat the server sends while a pull request waits. Four missed ones in a row
    /// count as a lost pull.
    pub heartbeat: Duration,
    /// Lifetime of one pull request. Must be at least twice the heartbeat (server rule).
    pub expires: Duration,
}

impl Default for PullTiming {
    fn default() -> Self {
        PullTiming {
            heartbeat: Duration::from_millis(500),
            expires: Duration::from_secs(5),
        }
    }
}

/// A [`PullTiming`] the server would refuse or that could not work.
#[derive(Debug, thiserror::Error)]
pub enum PullTimingError {
    #[error("pull heartbeat {heartbeat:?} is shorter than 100ms")]
    HeartbeatTooShort { heartbeat: Duration },
    #[error("pull expiry {expires:?} must be at least twice the heartbeat {heartbeat:?}")]
    ExpiresTooShort {
        heartbeat: Duration,
        expires: Duration,
    },
}

impl PullTiming {
    /// A timing around `heartbeat`, with pull requests living ten heartbeats (at least 1 s).
    pub fn with_heartbeat(heartbeat: Duration) -> Self {
        PullTiming {
            heartbeat,
            expires: (heartbeat * 10).max(Duration::from_secs(1)),
        }
    }

    pub fn validate(&self) -> Result<(), PullTimingError> {
        if self.heartbeat < Duration::from_millis(100) {
            return Err(PullTimingError::HeartbeatTooShort {
                heartbeat: self.heartbeat,
            });
        }
        if self.expires < self.heartbeat * 2 {
            return Err(PullTimingError::ExpiresTooShort {
                heartbeat: self.heartbeat,
                expires: self.expires,
            });
        }
        Ok(())
    }

    /// How long a lost pull can go unnoticed: two missed-heartbeat reports of two heartbeats.
    pub fn detection(&self) -> Duration {
        self.heartbeat * 4
    }
}

/// Whether a pull loop currently has a live pull request, shared with whoever asks.
#[derive(Debug, Default)]
pub struct PullHealth {
    blind: AtomicBool,
    failovers: AtomicU64,
}

impl PullHealth {
    /// True from the moment a lost pull is noticed until the loop has a live pull again.
    pub fn is_blind(&self) -> bool {
        self.blind.load(Ordering::Acquire)
    }

    /// Lost pulls noticed since start.
    pub fn failovers(&self) -> u64 {
        self.failovers.load(Ordering::Relaxed)
    }
}

/// The end of a [`FailoverPull`]: the consumer is gone or refuses pulls.
#[derive(Debug, thiserror::Error)]
#[error("pulling from consumer '{consumer}' on stream '{stream}' failed")]
pub struct PullError {
    pub stream: String,
    pub consumer: String,
    #[source]
    pub source: pull::MessagesError,
}

/// The LEADER_ELECTED advisory's field we need.
#[derive(serde::Deserialize)]
struct LeaderElected {
    #[serde(default)]
    leader: Option<String>,
}

/// Bytes one pull request may bring at least, whatever its message count: far above a
/// prefetch of typical events (512 × ~300 B), and well under the 64 MB a server lets a client
/// have pending before it cuts it off as a slow consumer.
const PULL_BYTES: usize = 16 << 20;

/// The byte bound of one pull request. Pulled messages wait in memory, so a pull of N large
/// messages (N up to the prefetch, 4,096 from the CLI) is bounded by size as well as count;
/// never below two of the largest messages the server takes, or a pull could not hold one
/// (the server answers such a request with a 409 instead of the message).
fn pull_bytes(max_payload: usize) -> usize {
    PULL_BYTES.max(max_payload.saturating_mul(2))
}

/// A pull stream of one consumer that re-pulls at once when its pull is lost.
pub struct FailoverPull {
    consumer: PullConsumer,
    client: async_nats::Client,
    stream: String,
    name: String,
    batch: usize,
    timing: PullTiming,
    messages: Option<pull::Stream>,
    advisories: Option<async_nats::Subscriber>,
    tick: tokio::time::Interval,
    /// Connections made so far: a reconnect shows as a new one even when it took a few ms.
    connects: u64,
    health: Arc<PullHealth>,
    /// The consumer's leader as last seen.
    leader: Option<String>,
    /// Set while blind: since when, why, and when the current stream was opened.
    lost: Option<Lost>,
    /// Consecutive failed re-pulls, for the pause between them.
    attempts: u32,
    /// One missed-heartbeat report seen with nothing received since: a second one confirms.
    suspect: bool,
}

struct Lost {
    since: Instant,
    why: String,
    reopened: Option<Instant>,
    probed: bool,
}

impl FailoverPull {
    /// Open the pull stream of `consumer` (bound by the caller), `batch` messages per request.
    pub async fn open(
        client: async_nats::Client,
        mut consumer: PullConsumer,
        batch: usize,
        timing: PullTiming,
    ) -> FailoverPull {
        let info = consumer.cached_info().clone();
        let leader = info.cluster.as_ref().and_then(|c| c.leader.clone());
        // The cached info can be old (bound a while ago); a fresh look is cheap and bounded.
        let leader = match tokio::time::timeout(Duration::from_secs(2), consumer.info()).await {
            Ok(Ok(i)) => i.cluster.as_ref().and_then(|c| c.leader.clone()),
            _ => leader,
        };
        let subject = format!(
            "$JS.EVENT.ADVISORY.CONSUMER.LEADER_ELECTED.{}.{}",
            info.stream_name, info.name
        );
        let advisories = match client.subscribe(subject.clone()).await {
            Ok(s) => Some(s),
            Err(e) => {
                debug!(subject = %subject, error = %e, "no leader advisories; relying on heartbeats");
                None
            }
        };
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let connects = client.statistics().connects.load(Ordering::Relaxed);
        FailoverPull {
            consumer,
            client,
            stream: info.stream_name,
            name: info.name,
            batch: batch.max(1),
            timing,
            messages: None,
            advisories,
            tick,
            connects,
            health: Arc::default(),
            leader,
            lost: None,
            attempts: 0,
            suspect: false,
        }
    }

    pub fn health(&self) -> Arc<PullHealth> {
        self.health.clone()
    }

    /// Report into `health` (one its owner already handed out) instead of a new one.
    pub fn share_health(mut self, health: Arc<PullHealth>) -> Self {
        self.health = health;
        self
    }

    /// Stop pulling and hand back what the client already holds (the caller releases it).
    pub fn take_buffered(&mut self) -> Vec<Message> {
        let mut out = Vec::new();
        if let Some(mut s) = self.messages.take() {
            // An error between messages (a missed heartbeat, a status) is not the end of what
            // is buffered: the messages behind it are released too, not left to ack_wait.
            while let Some(Some(next)) = futures::FutureExt::now_or_never(s.next()) {
                if let Ok(m) = next {
                    out.push(m);
                }
            }
        }
        out
    }

    fn mark_lost(&mut self, why: &str) {
        self.messages = None;
        self.suspect = false;
        if self.lost.is_none() {
            // A missed heartbeat means the pull died up to two heartbeats ago.
            let since = if why.starts_with("missed") {
                Instant::now()
                    .checked_sub(self.timing.detection())
                    .unwrap_or_else(Instant::now)
            } else {
                Instant::now()
            };
            self.health.blind.store(true, Ordering::Release);
            self.health.failovers.fetch_add(1, Ordering::Relaxed);
            warn!(stream = %self.stream, consumer = %self.name, leader = self.leader.as_deref().unwrap_or("?"),
                  reason = why, "pull lost; pulling again");
            self.lost = Some(Lost {
                since,
                why: why.to_string(),
                reopened: None,
                probed: false,
            });
        } else {
            debug!(stream = %self.stream, consumer = %self.name, reason = why, "pull still lost");
        }
    }

    /// The loop has a live pull again: log how long it was blind and who leads now.
    fn mark_recovered(&mut self, by_message: bool) {
        let Some(lost) = self.lost.take() else {
            return;
        };
        self.attempts = 0;
        self.health.blind.store(false, Ordering::Release);
        let end = if by_message {
            Instant::now()
        } else {
            lost.reopened.unwrap_or_else(Instant::now)
        };
        let blind = end.saturating_duration_since(lost.since);
        let (stream, name, old) = (self.stream.clone(), self.name.clone(), self.leader.clone());
        let mut consumer = self.consumer.clone();
        // Who leads now is a request; asking must not hold up the message in hand.
        tokio::spawn(async move {
            let new = match tokio::time::timeout(Duration::from_secs(2), consumer.info()).await {
                Ok(Ok(i)) => i.cluster.as_ref().and_then(|c| c.leader.clone()),
                _ => None,
            };
            warn!(stream = %stream, consumer = %name, old_leader = old.as_deref().unwrap_or("?"),
                  new_leader = new.as_deref().unwrap_or("?"), blind = ?blind, reason = %lost.why,
                  "consumer failover: pulling again");
        });
    }

    /// The next message; `Err` only when the consumer is gone or refuses pulls for good.
    /// Cancel-safe: a message taken from the server is returned in the same poll.
    pub async fn next(&mut self) -> Result<Message, PullError> {
        loop {
            if self.messages.is_none() {
                if self.attempts > 0 {
                    let pause = Duration::from_millis(100 * u64::from(self.attempts.min(10)));
                    tokio::time::sleep(pause).await;
                }
                self.attempts += 1;
                self.probe_connection().await;
                match self
                    .consumer
                    .stream()
                    .max_messages_per_batch(self.batch)
                    .max_bytes_per_batch(pull_bytes(self.client.server_info().max_payload))
                    .expires(self.timing.expires)
                    .heartbeat(self.timing.heartbeat)
                    .messages()
                    .await
                {
                    Ok(m) => {
                        self.messages = Some(m);
                        if let Some(l) = self.lost.as_mut() {
                            l.reopened = Some(Instant::now());
                        } else {
                            self.attempts = 0;
                        }
                    }
                    Err(e) => {
                        self.mark_lost(&format!("cannot pull: {e}"));
                        continue;
                    }
                }
            }
            let Some(messages) = self.messages.as_mut() else {
                continue;
            };
            // A fresh stream that went two heartbeats without a missed one has a live pull.
            let settle = self
                .lost
                .as_ref()
                .and_then(|l| l.reopened)
                .map(|t| t + self.timing.detection() + self.timing.heartbeat / 2);
            let settle_sleep = async {
                match settle {
                    Some(t) => tokio::time::sleep_until(t.into()).await,
                    None => std::future::pending().await,
                }
            };
            let advisories = self.advisories.as_mut();
            let advisory = async {
                match advisories {
                    Some(s) => s.next().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                biased;
                next = messages.next() => match next {
                    Some(Ok(m)) => {
                        self.suspect = false;
                        self.mark_recovered(true);
                        return Ok(m);
                    }
                    Some(Err(e)) => match e.kind() {
                        MessagesErrorKind::MissingHeartbeat if !self.suspect => {
                            self.suspect = true;
                            debug!(stream = %self.stream, consumer = %self.name, "heartbeats missed once; confirming");
                        }
                        MessagesErrorKind::MissingHeartbeat => {
                            self.suspect = false;
                            self.mark_lost("missed heartbeats");
                        }
                        MessagesErrorKind::NoResponders => self.mark_lost("no responders (no consumer leader)"),
                        MessagesErrorKind::ConsumerDeleted
                        | MessagesErrorKind::PushBasedConsumer
                        | MessagesErrorKind::RequestLimitExceeded => {
                            self.messages = None;
                            return Err(PullError { stream: self.stream.clone(), consumer: self.name.clone(), source: e });
                        }
                        MessagesErrorKind::Pull | MessagesErrorKind::Other => {
                            let why = format!("pull failed: {e}");
                            self.mark_lost(&why);
                        }
                    },
                    None => self.mark_lost("pull stream ended"),
                },
                adv = advisory => match adv {
                    Some(m) => {
                        let new = serde_json::from_slice::<LeaderElected>(&m.payload).ok().and_then(|a| a.leader);
                        info!(stream = %self.stream, consumer = %self.name, old_leader = self.leader.as_deref().unwrap_or("?"),
                              new_leader = new.as_deref().unwrap_or("?"), "consumer leader elected");
                        self.mark_lost("consumer leader elected");
                        // A leader is there now: pull at once, not after the pause that
                        // spaced out pulls nobody answered.
                        self.attempts = 0;
                        // A pull sent the moment the advisory lands can reach the new leader
                        // before it serves (seen in chaos (c): nothing came back for two
                        // heartbeats, half the time). The consumer's leader answers info
                        // requests, so an answer says the pull will be heard too; and if
                        // this one still goes unanswered, one missed heartbeat is proof.
                        let _ = tokio::time::timeout(self.timing.heartbeat, self.consumer.info()).await;
                        self.suspect = true;
                        if new.is_some() {
                            self.leader = new;
                        }
                    }
                    None => self.advisories = None,
                },
                _ = settle_sleep => self.mark_recovered(false),
                _ = self.tick.tick() => {
                    let now = self.client.statistics().connects.load(Ordering::Relaxed);
                    if now != std::mem::replace(&mut self.connects, now) {
                        self.mark_lost("reconnected");
                    }
                }
            }
        }
    }

    /// Once per failover, after the first re-pull did not help: a connected server that
    /// answers nothing (a frozen process keeps its sockets open) is left for another.
    async fn probe_connection(&mut self) {
        let Some(lost) = self.lost.as_mut() else {
            return;
        };
        // Missed heartbeats may mean the connected server itself hangs: ask at once. Other
        // reasons (no responders, an advisory) come from a server that answers.
        if lost.probed || (lost.reopened.is_none() && !lost.why.starts_with("missed")) {
            return;
        }
        // Nobody listens here: a live server answers "no responders" at once.
        let subject = format!("_EVT.PROBE.{}", fastrand::u64(..));
        let answer = tokio::time::timeout(
            self.timing.heartbeat.max(Duration::from_millis(500)),
            self.client.request(subject, bytes::Bytes::new()),
        )
        .await;
        // Marked only once answered or timed out: `next` is dropped mid-probe whenever a
        // handler finishes first, and a probe marked at its start would then never be made.
        if let Some(lost) = self.lost.as_mut() {
            lost.probed = true;
        }
        if answer.is_err() {
            warn!(stream = %self.stream, consumer = %self.name,
                  "the connected server does not answer; reconnecting to another");
            if let Err(e) = self.client.force_reconnect().await {
                debug!(error = %e, "forced reconnect failed");
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_pull_is_bounded_by_bytes_yet_always_holds_the_largest_message() {
        assert_eq!(
            pull_bytes(1 << 20),
            PULL_BYTES,
            "the server's default max payload"
        );
        assert_eq!(
            pull_bytes(64 << 20),
            128 << 20,
            "two of the largest messages"
        );
        assert_eq!(pull_bytes(usize::MAX), usize::MAX);
    }

    use super::*;

    #[test]
    fn the_default_notices_a_lost_pull_within_2s_and_the_server_rule_is_checked() {
        let t = PullTiming::default();
        assert!(t.validate().is_ok());
        assert_eq!(t.detection(), Duration::from_secs(2));
        assert_eq!(
            PullTiming::with_heartbeat(Duration::from_millis(500)),
            PullTiming::default()
        );
        let short = PullTiming::with_heartbeat(Duration::from_millis(50));
        assert!(matches!(
            short.validate(),
            Err(PullTimingError::HeartbeatTooShort { .. })
        ));
        let odd = PullTiming {
            heartbeat: Duration::from_secs(3),
            expires: Duration::from_secs(5),
        };
        assert_eq!(
            odd.validate().unwrap_err().to_string(),
            "pull expiry 5s must be at least twice the heartbeat 3s"
        );
    }
}

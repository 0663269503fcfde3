//! Our ordered pull consumer: ephemeral, in memory, one replica, no acks. It checks that
//! consumer sequences arrive without gaps and, on a gap, an error, a missed heartbeat or a
//! lost consumer (server restart), replaces the consumer with one that starts right after
//! the last stream sequence delivered (or at the original start when nothing was delivered
//! yet: async-nats's own ordered consumer restarts from the beginning of the stream in that
//! case, which would replay history into a `--new` tail).

use std::pin::Pin;
use std::time::Duration;

use async_nats::jetstream::consumer::{pull, AckPolicy, DeliverPolicy, ReplayPolicy};
use async_nats::jetstream::{self, stream};
use futures::future::BoxFuture;
use futures::StreamExt;

use crate::pull::PullTiming;
use std::time::Instant;
use tracing::{debug, info, warn};

use super::{StartAt, TailError, TailMessage};

/// A pull consumer disappears this long after its last pull if we vanish without closing.
const INACTIVE: Duration = Duration::from_secs(10);
const DEFAULT_BATCH: usize = 1000;
/// Pauses between failed recreations stay short: an election takes about 2 s, and the tail
/// must resume within about that.
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// What every reader needs to know about its stream.
pub(super) struct ReadContext {
    pub js: jetstream::Context,
    pub stream: String,
    pub subject: String,
    pub filters: Vec<String>,
}

enum State {
    Reading(Box<pull::Stream>),
    Creating(BoxFuture<'static, Result<pull::Stream, CreateError>>),
    Waiting(Pin<Box<tokio::time::Sleep>>),
    Failed,
}

enum CreateError {
    /// Retrying cannot help (the stream is gone, the consumer is refused).
    Fatal(TailError),
    /// Logged, then tried again after a pause.
    Retry(Box<dyn std::error::Error + Send + Sync>),
}

pub(super) struct OrderedReader {
    ctx: ReadContext,
    prefix: String,
    serial: u64,
    initial: DeliverPolicy,
    batch: usize,
    /// Last stream sequence handed out: the resume point and the duplicate guard.
    last_seq: Option<u64>,
    /// Last consumer sequence seen on the current consumer.
    consumer_seq: u64,
    backoff: Duration,
    state: State,
    /// Pull requests' heartbeat and expiry: two missed heartbeats replace the consumer.
    timing: PullTiming,
    /// Since when the tail has had no live consumer, and why.
    blind: Option<(Instant, String)>,
}

impl OrderedReader {
    pub async fn open(
        ctx: ReadContext,
        info: &stream::Info,
        start: StartAt,
        batch: usize,
        timing: PullTiming,
    ) -> Result<OrderedReader, TailError> {
        let prefix = format!("evt_tail_{}", fastrand_name());
        let initial = match start {
            StartAt::All => DeliverPolicy::All,
            // Pinning "new" to a sequence keeps its meaning across recreations and includes
            // anything stored between this lookup and the consumer's creation.
            StartAt::New => DeliverPolicy::ByStartSequence {
                start_sequence: info.state.last_sequence + 1,
            },
            StartAt::Seq(n) => DeliverPolicy::ByStartSequence {
                start_sequence: n.max(1),
            },
            StartAt::Since(t) => DeliverPolicy::ByStartTime { start_time: t },
            StartAt::Last(n) => last_n_start(&ctx, info, n, &prefix).await?,
        };
        let batch = if batch == 0 { DEFAULT_BATCH } else { batch };
        let first = create(
            ctx.js.clone(),
            ctx.stream.clone(),
            ctx.subject.clone(),
            format!("{prefix}_0"),
            None,
            ctx.filters.clone(),
            initial,
            batch,
            timing,
        )
        .await;
        let stream = match first {
            Ok(s) => s,
            Err(CreateError::Fatal(e)) => return Err(e),
            Err(CreateError::Retry(source)) => {
                return Err(TailError::Consumer {
                    stream: ctx.stream.clone(),
                    subject: ctx.subject.clone(),
                    source,
                })
            }
        };
        Ok(OrderedReader {
            ctx,
            prefix,
            serial: 0,
            initial,
            batch,
            last_seq: None,
            consumer_seq: 0,
            backoff: Duration::from_millis(100),
            state: State::Reading(Box::new(stream)),
            timing,
            blind: None,
        })
    }

    fn consumer_name(&self) -> String {
        format!("{}_{}", self.prefix, self.serial)
    }

    fn recreate(&mut self, why: &str) {
        let old = self.consumer_name();
        self.serial += 1;
        self.consumer_seq = 0;
        let policy = match self.last_seq {
            Some(seq) => DeliverPolicy::ByStartSequence {
                start_sequence: seq + 1,
            },
            None => self.initial,
        };
        debug!(stream = %self.ctx.stream, consumer = %old, reason = why, "replacing ordered consumer");
        if self.blind.is_none() {
            // A missed heartbeat means the consumer went quiet two heartbeats ago.
            let since = if why.contains("heartbeat") {
                Instant::now()
                    .checked_sub(self.timing.detection())
                    .unwrap_or_else(Instant::now)
            } else {
                Instant::now()
            };
            warn!(stream = %self.ctx.stream, consumer = %old, reason = why, "tail lost its consumer; replacing it");
            self.blind = Some((since, why.to_string()));
        }
        self.state = State::Creating(Box::pin(create(
            self.ctx.js.clone(),
            self.ctx.stream.clone(),
            self.ctx.subject.clone(),
            self.consumer_name(),
            Some(old),
            self.ctx.filters.clone(),
            policy,
            self.batch,
            self.timing,
        )));
    }

    pub async fn next(&mut self) -> Option<Result<TailMessage, TailError>> {
        loop {
            match &mut self.state {
                State::Failed => return None,
                State::Reading(s) => match s.next().await {
                    Some(Ok(msg)) => {
                        let (sseq, cseq, published) = match msg.info() {
                            Ok(i) => (i.stream_sequence, i.consumer_sequence, i.published),
                            Err(e) => {
                                self.recreate(&format!("unreadable reply subject: {e}"));
                                continue;
                            }
                        };
                        if cseq != self.consumer_seq + 1 {
                            self.recreate("consumer sequence gap");
                            continue;
                        }
                        self.consumer_seq = cseq;
                        if self.last_seq.is_some_and(|l| sseq <= l) {
                            debug!(stream = %self.ctx.stream, seq = sseq, "skipping repeated message");
                            continue;
                        }
                        self.last_seq = Some(sseq);
                        self.backoff = Duration::from_millis(100);
                        let m = msg.message;
                        return Some(Ok(TailMessage {
                            subject: m.subject.to_string(),
                            stream: Some(self.ctx.stream.clone()),
                            seq: Some(sseq),
                            time: Some(published),
                            headers: m.headers,
                            payload: m.payload,
                        }));
                    }
                    Some(Err(e)) => {
                        let why = e.to_string();
                        self.recreate(&why);
                    }
                    None => self.recreate("message stream ended"),
                },
                State::Creating(f) => match f.await {
                    Ok(s) => {
                        if let Some((since, why)) = self.blind.take() {
                            warn!(stream = %self.ctx.stream, after = ?self.last_seq, blind = ?since.elapsed(),
                                  reason = %why, "tail resumed on a new consumer");
                        } else if self.serial > 0 {
                            info!(stream = %self.ctx.stream, after = ?self.last_seq, "tail resumed");
                        }
                        self.state = State::Reading(Box::new(s));
                    }
                    Err(CreateError::Fatal(e)) => {
                        self.state = State::Failed;
                        return Some(Err(e));
                    }
                    Err(CreateError::Retry(e)) => {
                        let reason = crate::error::chain_line(e.as_ref());
                        warn!(stream = %self.ctx.stream, error = %reason, retry_in = ?self.backoff,
                              "cannot resume tail yet");
                        self.state = State::Waiting(Box::pin(tokio::time::sleep(self.backoff)));
                        self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
                    }
                },
                State::Waiting(sleep) => {
                    sleep.await;
                    self.recreate("retry");
                }
            }
        }
    }

    /// Delete our consumer(s). Bounded: a dead server must not keep the CLI from exiting.
    pub async fn close(self) {
        let OrderedReader {
            ctx, prefix, state, ..
        } = self;
        drop(state);
        let work = async {
            let Ok(stream) = ctx.js.get_stream_no_info(&ctx.stream).await else {
                return;
            };
            let mut names = stream.consumer_names();
            let mut ours = Vec::new();
            while let Some(Ok(name)) = names.next().await {
                if name.starts_with(&prefix) {
                    ours.push(name);
                }
            }
            for name in ours {
                let _ = stream.delete_consumer(&name).await;
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(3), work).await;
    }
}

fn consumer_config(name: String, filters: Vec<String>, policy: DeliverPolicy) -> pull::Config {
    let (filter_subject, filter_subjects) = if filters.len() == 1 {
        (filters.into_iter().next().unwrap_or_default(), Vec::new())
    } else {
        (String::new(), filters)
    };
    pull::Config {
        name: Some(name),
        durable_name: None,
        description: Some("evt tail (ephemeral, ordered, no acks)".to_string()),
        deliver_policy: policy,
        ack_policy: AckPolicy::None,
        max_deliver: 1,
        replay_policy: ReplayPolicy::Instant,
        filter_subject,
        filter_subjects,
        inactive_threshold: INACTIVE,
        num_replicas: 1,
        memory_storage: true,
        ..Default::default()
    }
}

#[allow(clippy::too_many_arguments)]
async fn create(
    js: jetstream::Context,
    stream: String,
    subject: String,
    name: String,
    old: Option<String>,
    filters: Vec<String>,
    policy: DeliverPolicy,
    batch: usize,
    timing: PullTiming,
) -> Result<pull::Stream, CreateError> {
    if let Some(old) = old {
        let _ = tokio::time::timeout(
            Duration::from_secs(2),
            js.delete_consumer_from_stream(&old, &stream),
        )
        .await;
    }
    let consumer = js
        .create_consumer_on_stream(consumer_config(name, filters, policy), &stream)
        .await
        .map_err(|e| classify(e, &stream, &subject))?;
    consumer
        .stream()
        .max_messages_per_batch(batch)
        .expires(timing.expires)
        .heartbeat(timing.heartbeat)
        .messages()
        .await
        .map_err(|e| CreateError::Retry(Box::new(e)))
}

fn classify(e: jetstream::stream::ConsumerError, stream: &str, subject: &str) -> CreateError {
    use async_nats::jetstream::stream::ConsumerErrorKind as K;
    use async_nats::jetstream::ErrorCode;
    match e.kind() {
        K::JetStream(err) if err.error_code() == ErrorCode::STREAM_NOT_FOUND => {
            CreateError::Fatal(TailError::StreamGone {
                stream: stream.to_string(),
                subject: subject.to_string(),
            })
        }
        // A refusal (bad filter, limits) will be refused again.
        K::JetStream(err) if crate::bus::status::is_bad_request(err.code()) => {
            CreateError::Fatal(TailError::Consumer {
                stream: stream.to_string(),
                subject: subject.to_string(),
                source: Box::new(err),
            })
        }
        _ => CreateError::Retry(Box::new(e)),
    }
}

/// The start of the last `n` messages matching the filters. The count of matching messages
/// from a sequence on is what a consumer reports as pending, and it only shrinks as the
/// start moves forward, so a binary search over start sequences finds the position with a
/// few short-lived probe consumers (each deleted at once) instead of reading the stream.
async fn last_n_start(
    ctx: &ReadContext,
    info: &stream::Info,
    n: u64,
    prefix: &str,
) -> Result<DeliverPolicy, TailError> {
    if n == 0 {
        return Ok(DeliverPolicy::ByStartSequence {
            start_sequence: info.state.last_sequence + 1,
        });
    }
    let probe_name = format!("{prefix}_probe");
    let pending_from = |seq: u64| {
        let name = probe_name.clone();
        async move {
            let mut cfg = consumer_config(
                name.clone(),
                ctx.filters.clone(),
                DeliverPolicy::ByStartSequence {
                    start_sequence: seq,
                },
            );
            cfg.inactive_threshold = Duration::from_secs(5);
            let c = ctx
                .js
                .create_consumer_on_stream(cfg, &ctx.stream)
                .await
                .map_err(|source| TailError::LastN {
                    stream: ctx.stream.clone(),
                    subject: ctx.subject.clone(),
                    n,
                    source,
                })?;
            let pending = c.cached_info().num_pending;
            let _ = ctx.js.delete_consumer_from_stream(&name, &ctx.stream).await;
            Ok::<u64, TailError>(pending)
        }
    };
    let mut lo = info.state.first_sequence.max(1);
    let mut hi = info.state.last_sequence + 1;
    if pending_from(lo).await? <= n {
        return Ok(DeliverPolicy::All);
    }
    // Invariant: pending_from(lo) >= n > pending_from(hi); it moves by at most one per
    // sequence, so the final `lo` has exactly n matching messages from it on.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if pending_from(mid).await? >= n {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Ok(DeliverPolicy::ByStartSequence { start_sequence: lo })
}

fn fastrand_name() -> String {
    (0..10)
        .map(|_| fastrand::alphanumeric())
        .collect::<String>()
}

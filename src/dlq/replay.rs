//! Replay: republish dead letters to their original subject (or `--to`), then remove them
//! from the DLQ.
//!
//! # What a replayed copy is
//!
//! The original headers and payload byte for byte, plus `Nats-Msg-Id: replay:<dlq>:<seq>`
//! (new — the original id may still sit in the target's duplicate window and the copy would
//! be silently dropped), `Evt-Replay-Of: <dlq>/<seq>`, `Evt-Replayed-At` and, when the
//! original had one, `Evt-Dlq-Original-Msg-Id` ([`DeadLetter::replay_message`](super::DeadLetter::replay_message)).
//!
//! # Order of operations, and what a crash does
//!
//! For each selected entry: publish the copy → wait for the target stream's ack → only then
//! delete the DLQ entry. Acks are pipelined (a bounded window, processed in DLQ order) and so
//! are deletes; a run of entries that were all replayed from the start of the stream is
//! removed with one `purge` below a sequence instead of one delete each.
//!
//! - Crash before the ack: the entry is still in the DLQ. Nothing is lost.
//! - Crash after the ack, before the delete: the copy is in the target and the entry is still
//!   in the DLQ. A re-run publishes the copy again under the *same* id `replay:<dlq>:<seq>`;
//!   the target stream answers "duplicate" (counted `replayed (duplicate)`), stores nothing,
//!   and the entry is deleted. Nothing is duplicated.
//!
//! The honest limit: deduplication is JetStream's, and it only remembers ids for the target
//! stream's `duplicate_window` (2 minutes by default). A re-run *after* that window, following
//! a crash that happened between an ack and its delete, can store a second copy of those
//! entries — at most the entries that were in flight at the crash (the ack window plus the
//! not-yet-purged acked run, a few thousand at most, never the whole DLQ). Such a copy is
//! recognisable: same event id in the body and headers, same `Evt-Replay-Of`. So: re-run an
//! interrupted replay promptly, or give targets that receive replays a longer
//! `duplicate_window`; consumers that must be exactly-once should also dedupe on the event
//! id, which replay never changes. Entries are never lost in any case: a DLQ entry is only
//! removed after the server acknowledged the copy.
//!
//! A copy rides through leader elections and a restarting cluster as `Publisher` does: a
//! transient failure (no ack in time, no responders while a stream or the meta group elects
//! a leader) is sent again under the same `replay:<DLQ>:<seq>` id within
//! [`RetryPolicy::DEFAULT_BUDGET`], and "no stream captures the subject" is final only once a
//! meta leader says so (asked at most once a second per subject). A refused publish (no
//! stream captures the subject, the stream is full, the budget spent) keeps the entry and is
//! reported as failed with the reason; a message in the DLQ stream that is
//! not a dead letter is skipped with its reason.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_nats::jetstream;
use async_nats::Subject;
use futures::stream::FuturesUnordered;
use futures::{FutureExt, StreamExt};
use thiserror::Error;
use time::OffsetDateTime;

use super::rate::{Rate, TokenBucket};
use super::select::{Filter, FilterError};
use super::store::{DlqStore, Entry, StoreError};
use crate::bus::denials::race_publish;
use crate::bus::{BusError, Denial, Denials};
use crate::error::chain_line;
use crate::event::header::{CORRELATION_ID, EVENT_ID, TRACEPARENT};
use crate::publisher::pipeline::{AckInbox, Pending, Stored};
use crate::publisher::retry::{classify, RetryPolicy, Verdict};
use crate::publisher::HeaderSnapshot;
use crate::subject::{validate_publish_subject, SubjectError};

/// Default number of replayed copies whose ack we may wait for at once.
pub const DEFAULT_WINDOW: usize = 1024;

/// How many acked entries at the start of the stream are removed with one purge.
const PURGE_EVERY: u64 = 1024;

/// At most this many failures are kept with their reason in the report (all are counted).
const MAX_FAILURES_KEPT: usize = 1000;

/// What to replay and how.
#[derive(Debug, Clone)]
pub struct ReplayOptions {
    pub filter: Filter,
    /// Send every copy here instead of its original subject.
    pub to: Option<String>,
    /// Replay at most this many selected entries.
    pub limit: Option<u64>,
    pub rate: Option<Rate>,
    /// Select and report, publish and delete nothing.
    pub dry_run: bool,
    /// Acks (and deletes) in flight at once; at least 1.
    pub window: usize,
    /// Count replayed and failed entries here (`evt_dlq_replayed_total`, by DLQ stream).
    pub metrics: Option<crate::metrics::Metrics>,
    /// The connection's permission violations ([`crate::bus::Bus::denials`]): a refused
    /// publish then ends the replay at once with [`ReplayError::PermissionDenied`] (entries
    /// stay) instead of being retried until the ack timeout.
    pub denials: Option<std::sync::Arc<Denials>>,
}

impl Default for ReplayOptions {
    fn default() -> Self {
        ReplayOptions {
            filter: Filter::default(),
            to: None,
            limit: None,
            rate: None,
            dry_run: false,
            window: DEFAULT_WINDOW,
            metrics: None,
            denials: None,
        }
    }
}

/// One thing that happened, for progress bars and dry-run listings.
#[derive(Debug)]
pub enum Step<'a> {
    /// Reading begins; `entries` is how many the DLQ holds (an upper bound on what is read).
    Started { entries: u64 },
    /// Not selected by the filter.
    Filtered { dlq_seq: u64 },
    /// Selected, but not replayable (not a dead letter).
    Skipped { dlq_seq: u64, why: &'a str },
    /// Dry run: would be published to `target`.
    WouldReplay { entry: &'a Entry, target: &'a str },
    /// Acknowledged by `stream` (as `seq`, or as a duplicate of an earlier replay).
    Replayed {
        dlq_seq: u64,
        target: &'a str,
        stream: &'a str,
        seq: u64,
        duplicate: bool,
    },
    /// Not replayed (or replayed but not removed); the entry stays in the DLQ.
    Failed {
        dlq_seq: u64,
        target: &'a str,
        error: &'a str,
    },
}

/// One entry that failed, and why. Reports are compared and serialised (`-o json`), so they
/// hold the error chain as text ([`chain_line`]), not the error.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Failure {
    pub dlq_seq: u64,
    pub target: String,
    pub error: String,
}

/// The outcome of a replay.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReplayReport {
    /// Entries read from the DLQ.
    pub scanned: u64,
    /// Copies acknowledged and their DLQ entries removed (duplicates included).
    pub replayed: u64,
    /// Of `replayed`: the target already held this replay (an earlier, interrupted run).
    pub duplicates: u64,
    /// Not selected by the filter.
    pub skipped_filtered: u64,
    /// Selected but not dead letters.
    pub skipped_invalid: u64,
    /// Entries kept in the DLQ because the publish (or the removal) failed.
    pub failed: u64,
    /// Dry run: how many would be replayed.
    pub would_replay: u64,
    pub interrupted: bool,
    pub failures: Vec<Failure>,
    /// Reading the DLQ stopped early with this error (in-flight work was still finished).
    pub read_error: Option<String>,
}

impl ReplayReport {
    pub fn skipped(&self) -> u64 {
        self.skipped_filtered + self.skipped_invalid
    }

    fn fail(&mut self, dlq_seq: u64, target: &str, error: String) {
        self.failed += 1;
        if self.failures.len() < MAX_FAILURES_KEPT {
            self.failures.push(Failure {
                dlq_seq,
                target: target.to_string(),
                error,
            });
        }
    }
}

/// Why a replay could not start.
#[derive(Debug, Error)]
pub enum ReplayError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Filter(#[from] FilterError),
    #[error("invalid replay target")]
    Target(#[source] SubjectError),
    /// The server refused to let this user publish a replayed copy. Final: what was in flight
    /// was finished; the refused entry and every one after it stay in the DLQ.
    #[error(transparent)]
    PermissionDenied(Box<BusError>),
    #[error("replay target {subject}: the dead-letter stream '{stream}' captures this subject; replaying into it would loop")]
    IntoDlq { subject: String, stream: String },
    #[error("replay target {subject}: no stream captures this subject; nothing was moved (declare one in streams/*.yaml and run `evt streams apply`)")]
    NotCaptured { subject: String },
    #[error("cannot subscribe to an inbox for the replayed copies' acks")]
    Inbox(#[source] async_nats::SubscribeError),
    #[error("replay target: cannot ask which stream captures it")]
    Lookup(#[source] crate::bus::StreamLookupError),
}

/// The operation a permission error names.
const DENIED_OP: &str = "dlq replay";

type AckResult = Result<Stored, Sent>;

/// Why a replayed copy was not stored.
enum Sent {
    Failed(jetstream::context::PublishError),
    Denied(Denial),
}

/// Replays the selected entries of `store` through `js`. `stop` resolving (Ctrl-C) stops
/// reading new entries; what is in flight is finished and reported. `observe` sees every
/// step, in DLQ order for publishes.
pub async fn replay<S, F>(
    js: &jetstream::Context,
    store: &DlqStore,
    opts: &ReplayOptions,
    stop: S,
    mut observe: F,
) -> Result<ReplayReport, ReplayError>
where
    S: Future<Output = ()>,
    F: FnMut(Step<'_>),
{
    opts.filter.validate()?;
    if let Some(to) = &opts.to {
        validate_publish_subject(to).map_err(ReplayError::Target)?;
        if loops_into_dlq(store, to) {
            return Err(ReplayError::IntoDlq {
                subject: to.clone(),
                stream: store.name().to_string(),
            });
        }
        // Before anything moves: a target no stream captures would fail every copy.
        match crate::bus::streams_for_subject(js, to).await {
            Ok(streams) if streams.is_empty() => {
                return Err(ReplayError::NotCaptured {
                    subject: to.clone(),
                })
            }
            Ok(_) => {}
            Err(e) => return Err(ReplayError::Lookup(e)),
        }
    }
    let window = opts.window.max(1);
    let state = store.state().await?;
    let start = opts.filter.start_seq();
    let mut report = ReplayReport::default();
    observe(Step::Started {
        entries: state.messages,
    });

    let entries = store.entries(start).await?;
    let mut entries = pin!(entries);
    let mut stop = pin!(stop.fuse());
    let mut bucket = opts
        .rate
        .map(|r| TokenBucket::new(r, std::time::Instant::now()));

    // Entries below `barrier` were all published in order, with nothing skipped or failed
    // before them, and the read began at the start of the stream: once acked, they can go
    // with one purge. From the first entry that stays on, deletes are one by one.
    let mut barrier = if start <= state.first_seq.max(1) {
        u64::MAX
    } else {
        0
    };
    let mut acked_run: VecDeque<(u64, String)> = VecDeque::new();
    // Copies on the wire, in DLQ order; each settles when its ack comes (in any order) and
    // leaves from the front, so what follows sees acks in DLQ order.
    let mut inflight: VecDeque<InFlight> = VecDeque::new();
    // First attempts go out on one ack inbox (the publisher's batch fast path); a copy it
    // hands back (no ack in time, an error reply, a closed client, a permission denial on
    // the connection) is sent again under the same id through `publish_riding`.
    let mut acks: AckInbox<(u64, String)> = AckInbox::open(js.client())
        .await
        .map_err(ReplayError::Inbox)?;
    let mut slow = FuturesUnordered::new();
    let mut fast = true;
    let started = Instant::now();
    let mut expiry = tokio::time::interval(Duration::from_millis(250));
    expiry.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let lookups = Lookups::default();
    let resend_message =
        |seq: u64, target: String, headers: async_nats::HeaderMap, payload: bytes::Bytes| {
            let (js, lookups, denials) = (js.clone(), lookups.clone(), opts.denials.clone());
            async move {
                let riding = publish_riding(&js, &target, headers, payload, &lookups);
                let result = match race_publish(denials.as_deref(), &target, riding).await {
                    Ok(r) => r.map(Stored::from).map_err(Sent::Failed),
                    Err(d) => Err(Sent::Denied(d)),
                };
                (seq, result)
            }
        };
    let resend = |p: Pending<(u64, String)>| {
        let (seq, target) = p.tag;
        resend_message(seq, target, p.headers.rebuild(), p.payload)
    };
    // Boxed: its first push comes after the select that polls it. Deletes are the rare path
    // (an entry after one that stays); runs from the start of the stream go by purge.
    let mut deletes: FuturesUnordered<DeleteFuture> = FuturesUnordered::new();
    let mut reading = true;
    let mut selected: u64 = 0;
    let mut denied: Option<Denial> = None;

    loop {
        if opts.limit.is_some_and(|l| selected >= l) {
            reading = false;
        }
        let room = inflight.len() + deletes.len() < window;
        if !reading && inflight.is_empty() && deletes.is_empty() && slow.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            _ = &mut stop, if reading => {
                reading = false;
                report.interrupted = true;
            }
            Some((seq, result)) = slow.next(), if !slow.is_empty() => {
                settle(&mut inflight, seq, result);
            }
            // Refused by permissions: no ack will come for a refused copy. Everything on the
            // inbox goes the slow way, whose race with the denials says which copy it was.
            _ = async {
                match opts.denials.as_deref() {
                    Some(d) => { d.wait(started, |d| d.op == crate::bus::DeniedOp::Publish).await; }
                    None => std::future::pending::<()>().await,
                }
            }, if fast => {
                fast = false;
                slow.extend(acks.expired(Duration::ZERO).into_iter().map(resend));
            }
            reply = acks.next(), if !acks.is_empty() => match reply {
                Some((p, Ok(stored))) => settle(&mut inflight, p.tag.0, Ok(stored)),
                Some((p, Err(()))) => slow.push(resend(p)),
                None => slow.extend(acks.expired(Duration::ZERO).into_iter().map(resend)),
            },
            _ = expiry.tick(), if !acks.is_empty() => {
                slow.extend(acks.overdue(FAST_ACK_TIMEOUT).into_iter().map(resend));
            }
            Some((seq, target, ack, result)) = deletes.next(), if !deletes.is_empty() => {
                match result {
                    Ok(()) => {
                        report.replayed += 1;
                        report.duplicates += u64::from(ack.duplicate);
                        observe(Step::Replayed { dlq_seq: seq, target: &target,
                            stream: &ack.stream, seq: ack.sequence, duplicate: ack.duplicate });
                    }
                    Err(e) => {
                        let error = format!("replayed to {}/{} but the entry stays in the DLQ: {}; \
                            re-run the replay to remove it", ack.stream, ack.sequence, chain_line(&e));
                        observe(Step::Failed { dlq_seq: seq, target: &target, error: &error });
                        report.fail(seq, &target, error);
                    }
                }
            }
            next = entries.next(), if reading && room => {
                let entry = match next {
                    None => { reading = false; continue; }
                    Some(Err(e)) => {
                        report.read_error = Some(chain_line(&e));
                        reading = false;
                        continue;
                    }
                    Some(Ok(entry)) => entry,
                };
                let seq = entry.dlq_seq;
                if opts.filter.past_end(seq) {
                    reading = false;
                    continue;
                }
                report.scanned += 1;
                if !opts.filter.matches(&entry) {
                    barrier = barrier.min(seq);
                    report.skipped_filtered += 1;
                    observe(Step::Filtered { dlq_seq: seq });
                    continue;
                }
                let letter = match &entry.letter {
                    Ok(l) => l,
                    Err(e) => {
                        barrier = barrier.min(seq);
                        report.skipped_invalid += 1;
                        let why = format!("not a dead letter: {}", chain_line(e));
                        observe(Step::Skipped { dlq_seq: seq, why: &why });
                        continue;
                    }
                };
                selected += 1;
                let target = opts.to.clone().unwrap_or_else(|| letter.original_subject.clone());
                if let Err(e) = validate_publish_subject(&target) {
                    barrier = barrier.min(seq);
                    let error = chain_line(&e);
                    observe(Step::Failed { dlq_seq: seq, target: &target, error: &error });
                    report.fail(seq, &target, error);
                    continue;
                }
                if loops_into_dlq(store, &target) {
                    barrier = barrier.min(seq);
                    let error = format!("subject {target} is captured by the dead-letter stream '{}' itself", store.name());
                    observe(Step::Failed { dlq_seq: seq, target: &target, error: &error });
                    report.fail(seq, &target, error);
                    continue;
                }
                if opts.dry_run {
                    report.would_replay += 1;
                    observe(Step::WouldReplay { entry: &entry, target: &target });
                    continue;
                }
                if let Some(b) = bucket.as_mut() {
                    let mut wait = pin!(b.take());
                    let stopped = tokio::select! {
                        biased;
                        _ = &mut stop => true,
                        _ = &mut wait => false,
                    };
                    if stopped {
                        // Not published: it stays in the DLQ untouched.
                        selected -= 1;
                        barrier = barrier.min(seq);
                        reading = false;
                        report.interrupted = true;
                        continue;
                    }
                }
                let (mut headers, payload) =
                    letter.replay_message(store.name(), seq, OffsetDateTime::now_utc());
                let span = replay_span(&headers, &target, store.name(), seq);
                if let Some(tp) = span.traceparent() {
                    headers.insert(TRACEPARENT, tp);
                }
                inflight.push_back(InFlight { seq, target: target.clone(), span, result: None });
                if fast {
                    let subject = Subject::from(target.as_str());
                    let snapshot = HeaderSnapshot::of(&headers);
                    if let Err(p) = acks.send(&subject, (seq, target), headers, snapshot, payload).await {
                        slow.push(resend(p));
                    }
                } else {
                    slow.push(resend_message(seq, target, headers, payload));
                }
            }
            else => break,
        }
        while inflight.front().is_some_and(|f| f.result.is_some()) {
            let Some(InFlight {
                seq,
                target,
                result: Some(result),
                ..
            }) = inflight.pop_front()
            else {
                break;
            };
            match result {
                Ok(ack) => {
                    if seq < barrier {
                        report.replayed += 1;
                        report.duplicates += u64::from(ack.duplicate);
                        observe(Step::Replayed {
                            dlq_seq: seq,
                            target: &target,
                            stream: &ack.stream,
                            seq: ack.sequence,
                            duplicate: ack.duplicate,
                        });
                        acked_run.push_back((seq, target));
                    } else {
                        deletes.push(Box::pin(delete_entry(store.clone(), seq, target, ack)));
                    }
                }
                Err(sent) => {
                    barrier = barrier.min(seq);
                    let error = match &sent {
                        Sent::Failed(e) => publish_failure(&target, e),
                        Sent::Denied(d) => BusError::denied(DENIED_OP, d).to_string(),
                    };
                    observe(Step::Failed {
                        dlq_seq: seq,
                        target: &target,
                        error: &error,
                    });
                    report.fail(seq, &target, error);
                    // Every further copy would be refused the same way.
                    if let Sent::Denied(d) = sent {
                        reading = false;
                        denied.get_or_insert(d);
                    }
                }
            }
        }
        if acked_run.len() as u64 >= PURGE_EVERY {
            purge_run(store, &mut acked_run, &mut report, &mut observe).await;
        }
    }
    purge_run(store, &mut acked_run, &mut report, &mut observe).await;
    if let (Some(m), false) = (&opts.metrics, opts.dry_run) {
        m.record_replay(store.name(), report.replayed, report.failed);
    }
    if let Some(d) = denied {
        return Err(ReplayError::PermissionDenied(Box::new(BusError::denied(
            DENIED_OP, &d,
        ))));
    }
    Ok(report)
}

/// How long a copy on the ack inbox waits for its ack before it is sent again the slow way
/// (the JetStream context's default ack timeout, which `publish_riding` also waits).
const FAST_ACK_TIMEOUT: Duration = Duration::from_secs(5);

/// A copy on the wire: its span ends when it leaves the window.
struct InFlight {
    seq: u64,
    target: String,
    span: crate::trace::MessageSpan,
    result: Option<AckResult>,
}

type DeleteFuture =
    std::pin::Pin<Box<dyn Future<Output = (u64, String, Stored, Result<(), StoreError>)> + Send>>;

/// Remove a replayed entry that cannot go with a purge (something before it stays).
async fn delete_entry(
    store: DlqStore,
    seq: u64,
    target: String,
    ack: Stored,
) -> (u64, String, Stored, Result<(), StoreError>) {
    let r = riding(|| store.delete(seq)).await;
    (seq, target, ack, r)
}

/// Record the answer for the copy of DLQ entry `seq` (the window is in sequence order).
fn settle(inflight: &mut VecDeque<InFlight>, seq: u64, result: AckResult) {
    let Ok(i) = inflight.binary_search_by_key(&seq, |f| f.seq) else {
        return;
    };
    match &result {
        Err(Sent::Failed(e)) => inflight[i].span.fail(e.to_string()),
        Err(Sent::Denied(d)) => inflight[i]
            .span
            .fail(BusError::denied(DENIED_OP, d).to_string()),
        Ok(_) => {}
    }
    inflight[i].result = Some(result);
}

/// Removes the acked run at the start of the stream with one purge. If that fails the
/// entries stay (and are reported failed); a re-run deduplicates and removes them.
async fn purge_run<F: FnMut(Step<'_>)>(
    store: &DlqStore,
    run: &mut VecDeque<(u64, String)>,
    report: &mut ReplayReport,
    observe: &mut F,
) {
    let Some(&(last, _)) = run.back() else {
        return;
    };
    if let Err(e) = riding(|| store.purge_below(last + 1)).await {
        let error = format!(
            "replayed, but the entry stays in the DLQ: {e}; re-run the replay to remove it"
        );
        for (seq, target) in run.drain(..) {
            report.replayed -= 1;
            observe(Step::Failed {
                dlq_seq: seq,
                target: &target,
                error: &error,
            });
            report.fail(seq, &target, error.clone());
        }
    }
    run.clear();
}

fn loops_into_dlq(store: &DlqStore, subject: &str) -> bool {
    store
        .subjects()
        .iter()
        .any(|p| crate::subject::matches(p, subject))
}

/// The replay's PRODUCER span, child of the original message's `traceparent` (the DLQ copy
/// keeps it), so the replayed copy continues the original trace.
fn replay_span(
    headers: &async_nats::HeaderMap,
    target: &str,
    dlq: &str,
    seq: u64,
) -> crate::trace::MessageSpan {
    crate::trace::replay(
        &crate::trace::MessageAttrs {
            destination: target,
            message_id: crate::wire::header(Some(headers), EVENT_ID),
            conversation_id: crate::wire::header(Some(headers), CORRELATION_ID),
            consumer_group: None,
        },
        crate::wire::header(Some(headers), TRACEPARENT),
        &format!("{dlq}/{seq}"),
    )
}

/// Recent answers to "does a stream capture this subject?", shared by the copies in flight:
/// a window of a thousand copies waiting out one election asks about once a second.
#[derive(Clone, Default)]
struct Lookups(Arc<Mutex<HashMap<String, (Instant, bool)>>>);

impl Lookups {
    /// True only when a meta leader answered that no stream captures `subject`; no answer
    /// (the cluster is electing or restarting) is not "missing".
    async fn missing(&self, js: &jetstream::Context, subject: &str) -> bool {
        if let Ok(cache) = self.0.lock() {
            if let Some((at, missing)) = cache.get(subject) {
                if at.elapsed() < Duration::from_secs(1) {
                    return *missing;
                }
            }
        }
        let answer = tokio::time::timeout(
            Duration::from_secs(2),
            crate::bus::streams_for_subject(js, subject),
        )
        .await;
        let missing = matches!(answer, Ok(Ok(streams)) if streams.is_empty());
        if let Ok(mut cache) = self.0.lock() {
            cache.insert(subject.to_string(), (Instant::now(), missing));
        }
        missing
    }
}

/// Run a DLQ removal (a purge below a sequence, or one delete: both idempotent) again after
/// a failure, within the default retry budget, so a leader election or a restarting cluster
/// does not leave replayed entries behind.
async fn riding<T, Fut>(mut op: impl FnMut() -> Fut) -> Result<T, StoreError>
where
    Fut: Future<Output = Result<T, StoreError>>,
{
    let policy = RetryPolicy::default();
    let started = Instant::now();
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        match op().await {
            Ok(v) => return Ok(v),
            Err(e) => match policy.next_delay(attempts, started.elapsed()) {
                Some(delay) => {
                    tracing::debug!(error = %e, ?delay, "removing replayed DLQ entries failed; trying again");
                    tokio::time::sleep(delay).await;
                }
                None => return Err(e),
            },
        }
    }
}

/// Publish one replayed copy and wait for its ack, sending it again (same headers, so the
/// same message id) after transient failures, within the default retry budget.
async fn publish_riding(
    js: &jetstream::Context,
    target: &str,
    headers: async_nats::HeaderMap,
    payload: bytes::Bytes,
    lookups: &Lookups,
) -> Result<jetstream::publish::PublishAck, jetstream::context::PublishError> {
    let policy = RetryPolicy::default();
    let started = Instant::now();
    let mut attempts = 0u32;
    loop {
        attempts += 1;
        let result = match js
            .publish_with_headers(target.to_string(), headers.clone(), payload.clone())
            .await
        {
            Ok(ack) => ack.await,
            Err(e) => Err(e),
        };
        let Err(e) = result else {
            return result;
        };
        let again = match classify(&e) {
            Verdict::Retry => true,
            Verdict::NoResponders => !lookups.missing(js, target).await,
            Verdict::Fatal => false,
        };
        match policy.next_delay(attempts, started.elapsed()) {
            Some(delay) if again => {
                tracing::debug!(subject = target, attempt = attempts, error = %e, ?delay,
                    "replayed copy not stored yet; sending it again");
                tokio::time::sleep(delay).await;
            }
            _ => return Err(e),
        }
    }
}

/// A publish failure in words an operator can act on.
fn publish_failure(target: &str, e: &jetstream::context::PublishError) -> String {
    use jetstream::context::PublishErrorKind as K;
    match e.kind() {
        K::StreamNotFound => format!("no stream captures subject {target}"),
        K::TimedOut => format!(
            "no acknowledgement for {target} in time; the copy may or may not be stored — \
             the entry stays, and a re-run within the target's duplicate window will not duplicate it"
        ),
        _ => format!(
            "publish to {target} refused{}: {}",
            crate::publisher::retry::limit_hint(e),
            chain_line(e)
        ),
    }
}

//! One running handler: what its tasks share ([`RouteRuntime`]), and its fetch loop, which
//! takes messages from the handler's pull and hands each to [`super::settle`], at most
//! `concurrency` at once or one lane per subject, and lets go of what it holds at stop.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::{self, AckKind, Message};
use futures::stream::FuturesUnordered;
use futures::{FutureExt, StreamExt};
use tokio::sync::{mpsc, watch};
use tracing::{debug, error, warn};

use super::config::{Bound, HandlerConfig};
use super::handler::ErasedHandler;
use super::ordering::lane_for;
use super::settle::process_shared;
use super::stopped;
use crate::codec::EventFactory;
use crate::pull::{FailoverPull, PullHealth, PullTiming};

/// The metrics facade's handles: standalone until `start` binds them to exported families.
pub(super) type Counters = crate::metrics::HandlerCounters;

pub(super) fn inc(c: &prometheus_client::metrics::counter::Counter) {
    c.inc();
}

/// Shared by every task of one running handler.
pub(super) struct RouteRuntime {
    pub(super) cfg: HandlerConfig,
    /// The durable's settings as the server has them (retry delays, last delivery, DLQ).
    pub(super) bound: Bound,
    pub(super) stream: String,
    pub(super) dlq_stream: String,
    pub(super) handler: Arc<dyn ErasedHandler>,
    pub(super) counters: Arc<Counters>,
    pub(super) js: jetstream::Context,
    /// Permission violations on the connection: a refused dead letter fails at once.
    pub(super) denials: Arc<crate::bus::Denials>,
    pub(super) factory: Arc<EventFactory>,
    /// Set when stop begins: queued messages are released instead of started.
    pub(super) stopping: AtomicBool,
    pub(super) timing: PullTiming,
    pub(super) health: Arc<PullHealth>,
    /// This handler's CONSUMER spans (tracer and durable resolved once).
    pub(super) spans: crate::trace::ConsumerSpans,
    /// Shares of `max_messages`, when set.
    pub(super) budget: Option<super::budget::Budget>,
}

impl RouteRuntime {
    /// Whether a message may be handed to the handler now (a share of `max_messages` is
    /// taken for it).
    pub(super) fn take_share(&self) -> bool {
        self.budget.as_ref().is_none_or(|b| b.take())
    }

    pub(super) fn shares_spent(&self) -> bool {
        self.budget.as_ref().is_some_and(|b| b.spent())
    }

    /// A message that held a share ended: spent when settled for good, else given back.
    pub(super) fn settle_share(&self, finished: bool) {
        match (&self.budget, finished) {
            (Some(b), true) => b.spend(),
            (Some(b), false) => b.give_back(),
            (None, _) => {}
        }
    }
}

/// One handler's fetch loop; returns the number of handler calls abandoned at stop.
///
/// Unordered handlers run as futures inside this task (at most `concurrency` at once): no
/// task spawn and no cross-thread wake-up per message, which is most of the cost of a cheap
/// handler. A handler with heavy CPU work should move it to `spawn_blocking` itself.
/// Ordered handlers get one task per lane, fed through bounded queues.
pub(super) async fn run_route(
    rt: Arc<RouteRuntime>,
    consumer: PullConsumer,
    stop: watch::Receiver<bool>,
    stop_timeout: Duration,
    denied: Arc<std::sync::Mutex<Option<crate::bus::BusError>>>,
) -> u64 {
    let since = std::time::Instant::now();
    let (stream, durable) = (rt.stream.clone(), rt.cfg.durable.clone());
    let next = format!("CONSUMER.MSG.NEXT.{stream}.{durable}");
    let acks = format!(".{stream}.{durable}.");
    // A refused pull or ack can never succeed for this user: fail the handler (nothing is
    // acked, so the server redelivers everything it held) instead of pulling blind forever.
    let concerns = |d: &crate::bus::Denial| {
        d.subject.ends_with(&next)
            || (d.subject.starts_with("$JS.ACK.") && d.subject.contains(&acks))
    };
    let denials = rt.denials.clone();
    let run = async {
        if rt.cfg.ordered_by_subject {
            run_lanes(rt, consumer, stop, stop_timeout).await
        } else {
            run_parallel(rt, consumer, stop, stop_timeout).await
        }
    };
    tokio::select! {
        n = run => n,
        d = denials.wait(since, concerns) => {
            let e = crate::bus::BusError::denied(&format!("handler {durable} on stream {stream}"), &d);
            error!(durable = %durable, stream = %stream, error = %e, "handler stopped: permission denied");
            if let Ok(mut slot) = denied.lock() {
                slot.get_or_insert(e);
            }
            0
        }
    }
}

/// The handler's pull, re-issued at once when a consumer leader change or a lost connection
/// takes it away (see [`crate::pull`]).
async fn open_pull(rt: &RouteRuntime, consumer: PullConsumer) -> FailoverPull {
    let pull = FailoverPull::open(
        rt.js.client(),
        consumer,
        rt.cfg.effective_prefetch(),
        rt.timing,
    )
    .await;
    pull.share_health(rt.health.clone())
}

/// A consumer that refuses pulls (deleted, turned into a push consumer): say so, and try
/// again after a pause, as a consumer recreated by `streams apply` would be picked up.
async fn pull_refused(
    rt: &RouteRuntime,
    e: crate::pull::PullError,
    stop: &mut watch::Receiver<bool>,
) {
    warn!(durable = %rt.cfg.durable, stream = %rt.stream, error = %crate::error::chain_line(&e), "cannot pull; retrying in 1s");
    tokio::select! {
        _ = stopped(stop) => {}
        _ = tokio::time::sleep(Duration::from_secs(1)) => {}
    }
}

/// Release what was pulled but not started: nak now rather than let it sit out ack_wait.
/// Messages on their last delivery are handed back instead, to be handled before the stop
/// ends: a nak would end them on the server, and the mover would dead-letter an event no
/// handler had tried on that delivery (on every rolling deploy).
async fn release_unstarted(
    rt: &RouteRuntime,
    msgs: impl IntoIterator<Item = Message>,
) -> Vec<Message> {
    let mut last = Vec::new();
    for msg in msgs {
        if last_delivery(rt, &msg) {
            last.push(msg);
        } else {
            release(rt, msg).await;
        }
    }
    last
}

/// Whether a nak of `msg` would end it on the server: its last delivery.
fn last_delivery(rt: &RouteRuntime, msg: &Message) -> bool {
    msg.reply
        .as_deref()
        .and_then(super::reply::parse)
        .is_some_and(|i| i.delivered >= rt.bound.max_deliver_or_max())
}

/// A message taken from the pull that has not started, and when its ack wait last began.
struct Waiting {
    since: tokio::time::Instant,
    msg: Message,
}

impl Waiting {
    fn new(msg: Message) -> Self {
        Waiting {
            since: tokio::time::Instant::now(),
            msg,
        }
    }

    /// Start its ack wait over (an in-progress ack).
    async fn renew(&mut self, now: tokio::time::Instant) {
        if let Err(e) = self.msg.ack_with(AckKind::Progress).await {
            debug!(error = %e, "in-progress ack of a waiting message failed; it may be redelivered");
        }
        self.since = now;
    }
}

/// Renew the ack wait of every waiting message whose wait is a third gone. Messages wait
/// here, not in the client's buffer, for this: a short first ack wait (the default backoff's
/// 1 s) would otherwise redeliver them behind a slow handler, and both copies be handled.
async fn renew_due(waiting: &mut VecDeque<Waiting>, after: Duration) {
    let now = tokio::time::Instant::now();
    for w in waiting.iter_mut().filter(|w| w.since + after <= now) {
        w.renew(now).await;
    }
}

async fn run_parallel(
    rt: Arc<RouteRuntime>,
    consumer: PullConsumer,
    mut stop: watch::Receiver<bool>,
    stop_timeout: Duration,
) -> u64 {
    let concurrency = rt.cfg.concurrency;
    let cap = rt.cfg.effective_prefetch().max(1);
    // A third of the wait, so a late timer on a busy machine still renews in time.
    let renew_after = (rt.bound.shortest_ack_wait() / 3).max(Duration::from_millis(10));
    let mut in_flight = FuturesUnordered::new();
    let mut waiting: VecDeque<Waiting> = VecDeque::with_capacity(cap);
    let mut pull = tokio::select! {
        _ = stopped(&mut stop) => return 0,
        p = open_pull(&rt, consumer) => p,
    };
    loop {
        // With max_messages: once every share is taken, only what runs can give one back.
        let spent = rt.shares_spent();
        if spent && in_flight.is_empty() {
            break;
        }
        // Take what the client already holds, up to the pull size.
        while waiting.len() < cap {
            match pull.next().now_or_never() {
                Some(Ok(msg)) => waiting.push_back(Waiting::new(msg)),
                Some(Err(e)) => {
                    pull_refused(&rt, e, &mut stop).await;
                    break;
                }
                None => break,
            }
        }
        // Start what there is room for, then drive whatever is ready (a cheap handler
        // finishes right here), without building a select per message.
        let mut started = false;
        while in_flight.len() < concurrency && !rt.shares_spent() {
            let Some(mut w) = waiting.pop_front() else {
                break;
            };
            if rt.take_share() {
                // The handler's own progress acks start half a wait after it does: a message
                // that waited a while starts on a fresh wait.
                if w.since.elapsed() >= renew_after / 2 {
                    w.renew(tokio::time::Instant::now()).await;
                }
                in_flight.push(process_shared(&rt, w.msg));
                started = true;
            } else {
                release(&rt, w.msg).await;
            }
        }
        if started {
            while let Some(Some(())) = in_flight.next().now_or_never() {}
            if *stop.borrow() {
                break;
            }
            continue;
        }
        let renew_at = waiting.front().map(|w| w.since + renew_after);
        tokio::select! {
            biased;
            _ = stopped(&mut stop) => break,
            Some(()) = in_flight.next(), if !in_flight.is_empty() => {}
            _ = tokio::time::sleep_until(renew_at.unwrap_or_else(far_future)), if renew_at.is_some() => {
                renew_due(&mut waiting, renew_after).await;
            }
            next = pull.next(), if waiting.len() < cap => match next {
                Ok(msg) => waiting.push_back(Waiting::new(msg)),
                Err(e) => pull_refused(&rt, e, &mut stop).await,
            },
        }
    }
    rt.stopping.store(true, Ordering::Release);
    let unstarted = waiting.drain(..).map(|w| w.msg).chain(pull.take_buffered());
    for msg in release_unstarted(&rt, unstarted).await {
        if rt.take_share() {
            in_flight.push(process_shared(&rt, msg));
        } else {
            release(&rt, msg).await;
        }
    }
    let drain = async { while in_flight.next().await.is_some() {} };
    if tokio::time::timeout(stop_timeout, drain).await.is_err() {
        let left = in_flight.len() as u64;
        warn!(durable = %rt.cfg.durable, left, "stop timeout: handlers still running were cancelled; their messages will be redelivered");
        return left;
    }
    0
}

/// A deadline for a disabled timer branch (its future is built, never polled).
fn far_future() -> tokio::time::Instant {
    tokio::time::Instant::now() + Duration::from_secs(86_400)
}

async fn run_lanes(
    rt: Arc<RouteRuntime>,
    consumer: PullConsumer,
    mut stop: watch::Receiver<bool>,
    stop_timeout: Duration,
) -> u64 {
    let lanes = rt.cfg.concurrency;
    let cap = (rt.cfg.effective_prefetch() / lanes).max(2);
    let (mut txs, mut joins): (Vec<_>, Vec<_>) = (0..lanes)
        .map(|_| {
            let (tx, mut rx) = mpsc::channel::<Message>(cap);
            let rt = rt.clone();
            let join = tokio::spawn(async move {
                while let Some(msg) = rx.recv().await {
                    if rt.stopping.load(Ordering::Acquire) && !last_delivery(&rt, &msg) {
                        release(&rt, msg).await;
                        rt.settle_share(false);
                    } else {
                        process_shared(&rt, msg).await;
                    }
                }
            });
            (tx, join)
        })
        .unzip();
    let mut pull = tokio::select! {
        _ = stopped(&mut stop) => None,
        p = open_pull(&rt, consumer) => Some(p),
    };
    'fetch: while let Some(p) = pull.as_mut() {
        if let Some(b) = &rt.budget {
            // Every share taken: wait for one to come back, or for the last to be spent.
            while b.spent() {
                if b.exhausted() {
                    break 'fetch;
                }
                tokio::select! {
                    biased;
                    _ = stopped(&mut stop) => break 'fetch,
                    _ = b.returned() => {}
                    _ = tokio::time::sleep(Duration::from_millis(20)) => {}
                }
            }
        }
        let next = tokio::select! {
            biased;
            _ = stopped(&mut stop) => break,
            n = p.next() => n,
        };
        let msg = match next {
            Ok(m) => m,
            Err(e) => {
                pull_refused(&rt, e, &mut stop).await;
                continue;
            }
        };
        if !rt.take_share() {
            // Given back and taken again elsewhere in between: this one waits for a share.
            release(&rt, msg).await;
            continue;
        }
        let lane = lane_for(&msg.subject, txs.len());
        let slot = match txs[lane].try_reserve() {
            Ok(s) => Ok(s),
            Err(mpsc::error::TrySendError::Closed(())) => Err(()),
            Err(mpsc::error::TrySendError::Full(())) => tokio::select! {
                _ = stopped(&mut stop) => {
                    release(&rt, msg).await;
                    rt.settle_share(false);
                    break 'fetch;
                }
                s = txs[lane].reserve() => s.map_err(|_| ()),
            },
        };
        match slot {
            Ok(slot) => slot.send(msg),
            Err(()) => {
                release(&rt, msg).await;
                rt.settle_share(false);
                break;
            }
        }
    }
    rt.stopping.store(true, Ordering::Release);
    let deadline = tokio::time::Instant::now() + stop_timeout;
    if let Some(p) = pull.as_mut() {
        for msg in release_unstarted(&rt, p.take_buffered()).await {
            // Into its lane, behind the subject's earlier events; a lane still busy at the
            // stop timeout gets it released after all.
            let lane = lane_for(&msg.subject, txs.len());
            match tokio::time::timeout_at(deadline, txs[lane].reserve()).await {
                Ok(Ok(slot)) if rt.take_share() => slot.send(msg),
                _ => release(&rt, msg).await,
            }
        }
    }
    txs.clear();
    let mut left = 0;
    for j in joins.iter_mut() {
        if tokio::time::timeout_at(deadline, &mut *j).await.is_err() {
            j.abort();
            left += 1;
        }
    }
    if left > 0 {
        warn!(durable = %rt.cfg.durable, left, "stop timeout: lanes still busy were aborted; their messages will be redelivered");
    }
    left
}

/// Hand a message back unstarted: redelivered at once (to this or another instance).
async fn release(rt: &RouteRuntime, msg: Message) {
    inc(&rt.counters.released);
    if let Err(e) = msg.ack_with(AckKind::Nak(None)).await {
        debug!(error = %e, "release nak failed; message will be redelivered after ack_wait");
    }
}

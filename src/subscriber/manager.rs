//! The SubscriberManager: binds every declared handler to its durable pull consumer, runs the
//! fetch → decode → handle → ack/nak/dead-letter loop with bounded concurrency (optionally in
//! order per subject), runs the max-deliveries mover, and stops without losing or
//! half-processing anything.

use std::collections::{BTreeSet, HashSet};
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::message::Acker;
use async_nats::jetstream::{self, AckKind, Message};
use bytes::Bytes;
use futures::stream::FuturesUnordered;
use futures::{FutureExt, StreamExt};
use time::OffsetDateTime;
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tracing::{debug, error, info, warn, Instrument};

use super::bind::{bind_consumer, resolve_stream};
use super::config::{Bound, HandlerConfig};
use super::deadletter::publish_dead_letter;
use super::handler::{Delivery, Erased, ErasedHandler, Handler, HandlerError};
use super::ordering::lane_for;
use super::{mover, stopped, SubscriberError};
use crate::bus::Bus;
use crate::codec::{EventFactory, RawMessage};
use crate::dlq::naming::DEFAULT_DLQ_STREAM;
use crate::dlq::{DeadLetter, Reason};
use crate::event::header::{CORRELATION_ID, EVENT_ID, MSG_ID, TRACEPARENT};
use crate::metrics::endpoints::{self, EndpointServer};
use crate::metrics::lag_refresh::{self, LagTarget};
use crate::metrics::Metrics;
use crate::pull::{FailoverPull, PullHealth, PullTiming};

/// Counters of one handler, as [`SubscriberManager::stats`] reports them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct HandlerStats {
    pub durable: String,
    pub subject: String,
    /// Empty until started.
    pub stream: String,
    /// Where this handler's dead letters go; empty until started.
    pub dlq_stream: String,
    /// Messages handed to this handler (redeliveries count again).
    pub received: u64,
    /// Handled successfully and acked.
    pub acked: u64,
    /// Nak'ed for a later retry.
    pub retried: u64,
    /// Stored in the DLQ and terminated (decode failures included).
    pub dead_lettered: u64,
    /// Of `dead_lettered`: could not be decoded into the handler's type.
    pub decode_failures: u64,
    /// Dead letters that could not be stored (the original was nak'ed, nothing lost).
    pub dlq_publish_failures: u64,
    /// Pulled but not started when the manager stopped; nak'ed for prompt redelivery.
    pub released: u64,
    pub in_flight: u64,
}

/// Every handler's counters, and how many max-deliveries messages the movers moved.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ManagerStats {
    pub handlers: Vec<HandlerStats>,
    pub moved: u64,
}

impl ManagerStats {
    /// Messages finished for good (acked or dead-lettered), over all handlers.
    pub fn finished(&self) -> u64 {
        self.handlers
            .iter()
            .map(|h| h.acked + h.dead_lettered)
            .sum()
    }

    pub fn received(&self) -> u64 {
        self.handlers.iter().map(|h| h.received).sum()
    }
}

/// What `stop` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopReport {
    pub stats: ManagerStats,
    /// Handler calls still running when the stop timeout ran out; their messages are
    /// redelivered after `ack_wait` (or dead-lettered by the mover).
    pub abandoned: u64,
}

/// The metrics facade's handles: standalone until `start` binds them to exported families.
type Counters = crate::metrics::HandlerCounters;

fn inc(c: &prometheus_client::metrics::counter::Counter) {
    c.inc();
}

struct Route {
    cfg: HandlerConfig,
    handler: Arc<dyn ErasedHandler>,
    counters: Arc<Counters>,
    /// The settings it runs with, once bound.
    bound: std::sync::Mutex<Option<Bound>>,
    /// Whether its pull is live, once started.
    health: std::sync::Mutex<Option<Arc<PullHealth>>>,
}

/// Shared by every task of one running handler.
struct RouteRuntime {
    cfg: HandlerConfig,
    /// The durable's settings as the server has them (retry delays, last delivery, DLQ).
    bound: Bound,
    stream: String,
    dlq_stream: String,
    handler: Arc<dyn ErasedHandler>,
    counters: Arc<Counters>,
    js: jetstream::Context,
    /// Permission violations on the connection: a refused dead letter fails at once.
    denials: Arc<crate::bus::Denials>,
    factory: Arc<EventFactory>,
    /// Set when stop begins: queued messages are released instead of started.
    stopping: AtomicBool,
    timing: PullTiming,
    health: Arc<PullHealth>,
    /// This handler's CONSUMER spans (tracer and durable resolved once).
    spans: crate::trace::ConsumerSpans,
    /// Shares of `max_messages`, when set.
    budget: Option<super::budget::Budget>,
}

impl RouteRuntime {
    /// Whether a message may be handed to the handler now (a share of `max_messages` is
    /// taken for it).
    fn take_share(&self) -> bool {
        self.budget.as_ref().is_none_or(|b| b.take())
    }

    fn shares_spent(&self) -> bool {
        self.budget.as_ref().is_some_and(|b| b.spent())
    }

    /// A message that held a share ended: spent when settled for good, else given back.
    fn settle_share(&self, finished: bool) {
        match (&self.budget, finished) {
            (Some(b), true) => b.spend(),
            (Some(b), false) => b.give_back(),
            (None, _) => {}
        }
    }
}

struct Running {
    stop_tx: watch::Sender<bool>,
    routes: Vec<JoinHandle<u64>>,
    movers: Vec<JoinHandle<()>>,
}

/// Runs declared handlers. Build with [`SubscriberManager::handle`], then `start`/`stop`.
pub struct SubscriberManager {
    bus: Bus,
    factory: Arc<EventFactory>,
    routes: Vec<Route>,
    dlq_stream: String,
    stop_timeout: Duration,
    run_mover: bool,
    moved: Arc<AtomicU64>,
    running: Option<Running>,
    timing: PullTiming,
    obs: Observability,
    /// The first permission violation that stopped a handler.
    denied: Arc<std::sync::Mutex<Option<crate::bus::BusError>>>,
}

/// What the manager exports, if asked to (see [`SubscriberManager::metrics`]).
struct Observability {
    metrics: Option<Metrics>,
    serve_on: Option<SocketAddr>,
    lag_every: Duration,
    server: Option<EndpointServer>,
    /// Every handler bound and running: what `/readyz` says.
    ready: Arc<AtomicBool>,
}

impl SubscriberManager {
    pub fn new(bus: Bus, factory: Arc<EventFactory>) -> Self {
        SubscriberManager {
            bus,
            factory,
            routes: Vec::new(),
            dlq_stream: DEFAULT_DLQ_STREAM.to_string(),
            stop_timeout: Duration::from_secs(30),
            run_mover: true,
            moved: Arc::new(AtomicU64::new(0)),
            running: None,
            obs: Observability {
                metrics: None,
                serve_on: None,
                lag_every: Duration::from_secs(5),
                server: None,
                ready: Arc::new(AtomicBool::new(false)),
            },
            timing: PullTiming::default(),
            denied: Arc::default(),
        }
    }

    /// The permission violation that stopped a handler (a refused pull or ack) or a DLQ
    /// mover (a refused bind, pull or dead letter), if any:
    /// final, so the handler is not retried; fix the user's permissions and restart.
    pub fn permission_denied(&self) -> Option<String> {
        self.denied.lock().ok()?.as_ref().map(|e| e.to_string())
    }

    /// Record handler outcomes, the movers' moves and every bound consumer's server-side lag
    /// in `metrics` (see [`crate::metrics`]). Without it only [`SubscriberManager::stats`]
    /// counts.
    pub fn metrics(mut self, metrics: Metrics) -> Self {
        self.obs.metrics = Some(metrics);
        self
    }

    /// Serve `/metrics`, `/healthz` (connected) and `/readyz` (every handler bound) on `addr`
    /// from `start` to `stop`; records into a fresh [`Metrics`] unless one was given.
    pub fn serve_endpoints(mut self, addr: SocketAddr) -> Self {
        self.obs.serve_on = Some(addr);
        self
    }

    /// How often the lag gauges are read from the server (default 5 s).
    pub fn lag_refresh(mut self, every: Duration) -> Self {
        self.obs.lag_every = every;
        self
    }

    /// The metrics this manager records into, to encode for a service's own HTTP server.
    pub fn registry(&self) -> Option<&Metrics> {
        self.obs.metrics.as_ref()
    }

    /// Where the endpoints listen, once started with [`SubscriberManager::serve_endpoints`].
    pub fn endpoints_addr(&self) -> Option<SocketAddr> {
        self.obs.server.as_ref().map(EndpointServer::local_addr)
    }

    /// Every declared handler is bound and running.
    pub fn is_ready(&self) -> bool {
        self.obs.ready.load(Ordering::Acquire)
    }

    /// Declare a handler: `cfg` says where from and how, `handler`'s argument type says
    /// which events. Problems with `cfg` are reported by `start`.
    pub fn handle<M: 'static, H: Handler<M>>(mut self, cfg: HandlerConfig, handler: H) -> Self {
        self.routes.push(Route {
            cfg,
            handler: Arc::new(Erased {
                handler,
                _marker: std::marker::PhantomData,
            }),
            counters: Arc::default(),
            bound: std::sync::Mutex::new(None),
            health: std::sync::Mutex::new(None),
        });
        self
    }

    /// The DLQ stream for handlers that neither name one nor bind to a durable that records
    /// one (default `DLQ`).
    pub fn dlq_stream(mut self, name: impl Into<String>) -> Self {
        self.dlq_stream = name.into();
        self
    }

    /// How long `stop` waits for in-flight handlers (default 30 s).
    pub fn stop_timeout(mut self, d: Duration) -> Self {
        self.stop_timeout = d;
        self
    }

    /// Do not run the max-deliveries mover here (another process runs it), and do not require
    /// the advisory capture stream at start.
    pub fn without_mover(mut self) -> Self {
        self.run_mover = false;
        self
    }

    /// How every pull loop (handlers and movers) notices a lost pull: heartbeat and pull
    /// expiry (default 1 s and 5 s: a consumer leader change costs about the election).
    pub fn pull_timing(mut self, timing: PullTiming) -> Self {
        self.timing = timing;
        self
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Bind every declared handler, then start them all. Nothing starts unless every binding
    /// succeeds: a missing stream, a DLQ that would not capture, or a durable whose existing
    /// config differs fails here with one line naming it.
    pub async fn start(&mut self) -> Result<(), SubscriberError> {
        if self.running.is_some() {
            return Err(SubscriberError::AlreadyStarted);
        }
        self.timing.validate()?;
        self.start_endpoints().await?;
        let bus = self.bus.clone();
        let bound = bus
            .guard(
                "starting the subscriber",
                |d| d.subject.starts_with("$JS.API."),
                self.bind_all(),
            )
            .await
            .map_err(|e| SubscriberError::PermissionDenied(Box::new(e)))
            .and_then(|r| r);
        let bound_routes = match bound {
            Ok(b) => b,
            Err(e) => {
                if let Some(server) = self.obs.server.take() {
                    server.shutdown().await;
                }
                return Err(e);
            }
        };
        self.run_all(bound_routes);
        Ok(())
    }

    async fn start_endpoints(&mut self) -> Result<(), SubscriberError> {
        let Some(addr) = self.obs.serve_on else {
            return Ok(());
        };
        let metrics = self.obs.metrics.get_or_insert_with(Metrics::new).clone();
        let client = self.bus.client().clone();
        let ready = self.obs.ready.clone();
        let server = endpoints::serve(
            addr,
            metrics,
            Arc::new(move || client.connection_state() == async_nats::connection::State::Connected),
            Arc::new(move || ready.load(Ordering::Acquire)),
        )
        .await?;
        info!(addr = %server.local_addr(), "serving /metrics /healthz /readyz");
        self.obs.server = Some(server);
        Ok(())
    }

    async fn bind_all(
        &self,
    ) -> Result<(Vec<(Bound, PullConsumer)>, BTreeSet<String>), SubscriberError> {
        let js = self.bus.jetstream().clone();
        let mut seen = HashSet::new();
        let mut bound_routes = Vec::new();
        let mut dlqs = BTreeSet::new();
        for route in &self.routes {
            let cfg = &route.cfg;
            cfg.validate()?;
            let stream = resolve_stream(&js, cfg).await?;
            if !seen.insert((stream.clone(), cfg.durable.clone())) {
                return Err(SubscriberError::InvalidConfig {
                    durable: cfg.durable.clone(),
                    field: "durable",
                    reason: format!("declared twice on stream '{stream}'"),
                });
            }
            let (consumer, bound) = bind_consumer(
                &js,
                cfg,
                &stream,
                &self.dlq_stream,
                self.run_mover && cfg.advisory_capture,
            )
            .await?;
            if cfg.advisory_capture && !bound.declared_without_dlq && bound.max_deliver.is_some() {
                dlqs.insert(bound.dlq_stream.clone());
            }
            bound_routes.push((bound, consumer));
        }
        Ok((bound_routes, dlqs))
    }

    fn run_all(&mut self, (bound_routes, dlqs): (Vec<(Bound, PullConsumer)>, BTreeSet<String>)) {
        let js = self.bus.jetstream().clone();
        let (stop_tx, stop_rx) = watch::channel(false);
        let mut routes = Vec::new();
        let mut lag_targets = Vec::new();
        for (route, (bound, consumer)) in self.routes.iter_mut().zip(bound_routes) {
            if let Ok(mut b) = route.bound.lock() {
                *b = Some(bound.clone());
            }
            if let Some(m) = &self.obs.metrics {
                route.counters = Arc::new(m.handler(&bound.stream, &route.cfg.durable));
                lag_targets.push(LagTarget {
                    stream: bound.stream.clone(),
                    consumer: route.cfg.durable.clone(),
                });
            }
            info!(durable = %route.cfg.durable, filters = ?bound.filters, stream = %bound.stream,
                  max_deliver = ?bound.max_deliver, backoff = ?bound.backoff, dlq_stream = %bound.dlq_stream,
                  event_types = ?route.handler.event_types(), "handler bound");
            let rt = Arc::new(RouteRuntime {
                cfg: route.cfg.clone(),
                stream: bound.stream.clone(),
                dlq_stream: bound.dlq_stream.clone(),
                bound,
                handler: route.handler.clone(),
                counters: route.counters.clone(),
                js: js.clone(),
                denials: self.bus.denials(),
                factory: self.factory.clone(),
                stopping: AtomicBool::new(false),
                timing: self.timing,
                health: Arc::default(),
                spans: crate::trace::ConsumerSpans::new(Some(&route.cfg.durable)),
                budget: route.cfg.max_messages.map(super::budget::Budget::new),
            });
            if let Ok(mut h) = route.health.lock() {
                *h = Some(rt.health.clone());
            }
            routes.push(tokio::spawn(run_route(
                rt,
                consumer,
                stop_rx.clone(),
                self.stop_timeout,
                self.denied.clone(),
            )));
        }
        let mut movers = Vec::new();
        if self.run_mover {
            for dlq in dlqs {
                let (js, rx, moved) = (js.clone(), stop_rx.clone(), self.moved.clone());
                let denials = self.bus.denials();
                let exported = self.obs.metrics.as_ref().map(|m| m.moved(&dlq));
                let timing = self.timing;
                let denied = self.denied.clone();
                movers.push(tokio::spawn(async move {
                    if let Err(e) =
                        mover::run(js, Some(denials), dlq.clone(), rx, moved, exported, timing)
                            .await
                    {
                        error!(dlq_stream = %dlq, error = %e, "max-deliveries mover stopped");
                        if let SubscriberError::PermissionDenied(e) = e {
                            if let Ok(mut slot) = denied.lock() {
                                slot.get_or_insert(*e);
                            }
                        }
                    }
                }));
            }
        }
        if let Some(m) = &self.obs.metrics {
            movers.push(tokio::spawn(lag_refresh::run(
                js.clone(),
                lag_targets,
                m.clone(),
                self.obs.lag_every,
                stop_rx.clone(),
            )));
        }
        self.running = Some(Running {
            stop_tx,
            routes,
            movers,
        });
        self.obs.ready.store(true, Ordering::Release);
    }

    /// Stop fetching, release what was pulled but not started (nak, so another instance
    /// gets it at once), let in-flight handlers finish within the stop timeout and ack them,
    /// flush the acks to the server, then return. Safe to call when not running.
    pub async fn stop(&mut self) -> StopReport {
        let mut abandoned = 0;
        self.obs.ready.store(false, Ordering::Release);
        if let Some(running) = self.running.take() {
            let _ = running.stop_tx.send(true);
            for r in running.routes {
                abandoned += r.await.unwrap_or(0);
            }
            for m in running.movers {
                let _ = m.await;
            }
            // Acks are fire-and-forget publishes; make sure they left before we say "done".
            if let Err(e) = self.bus.client().flush().await {
                warn!(error = %e, "flushing acks at stop failed; unflushed messages will be redelivered");
            }
        }
        if let Some(server) = self.obs.server.take() {
            server.shutdown().await;
        }
        StopReport {
            stats: self.stats(),
            abandoned,
        }
    }

    /// True when every handler is idle: the connection is up, every pull is live (none blind
    /// after a leader change), no handler call is running, and the server reports nothing
    /// pending and nothing awaiting an ack on any durable. A failover or a slow handler is
    /// therefore never idle. Asks the server once per durable.
    pub async fn is_idle(&self) -> Result<bool, SubscriberError> {
        if self.running.is_none()
            || self.bus.client().connection_state() != async_nats::connection::State::Connected
        {
            return Ok(false);
        }
        for r in &self.routes {
            let blind = r
                .health
                .lock()
                .ok()
                .and_then(|h| h.as_ref().map(|h| h.is_blind()))
                .unwrap_or(true);
            if blind || r.counters.in_flight.get() > 0 {
                return Ok(false);
            }
        }
        for r in &self.routes {
            let Some(stream) = r
                .bound
                .lock()
                .ok()
                .and_then(|b| b.as_ref().map(|b| b.stream.clone()))
            else {
                return Ok(false);
            };
            let consumer: PullConsumer = self
                .bus
                .jetstream()
                .get_consumer_from_stream(&r.cfg.durable, &stream)
                .await
                .map_err(|e| SubscriberError::Request {
                    what: "reading the durable's pending count",
                    stream: stream.clone(),
                    source: e.into(),
                })?;
            let info = consumer.cached_info();
            if info.num_pending > 0 || info.num_ack_pending > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Lost pulls noticed (consumer leader changes, reconnects) over all handlers.
    pub fn failovers(&self) -> u64 {
        self.routes
            .iter()
            .filter_map(|r| {
                r.health
                    .lock()
                    .ok()
                    .and_then(|h| h.as_ref().map(|h| h.failovers()))
            })
            .sum()
    }

    /// Counters per handler (declaration order), and the movers' count.
    pub fn stats(&self) -> ManagerStats {
        ManagerStats {
            handlers: self
                .routes
                .iter()
                .map(|r| {
                    let c = &r.counters;
                    let g = |a: &prometheus_client::metrics::counter::Counter| a.get();
                    let bound = r.bound.lock().ok().and_then(|b| b.clone());
                    HandlerStats {
                        durable: r.cfg.durable.clone(),
                        subject: bound
                            .as_ref()
                            .map(|b| b.filters.clone())
                            .unwrap_or_else(|| r.cfg.subjects.clone())
                            .join(","),
                        stream: bound.as_ref().map(|b| b.stream.clone()).unwrap_or_default(),
                        dlq_stream: bound.map(|b| b.dlq_stream).unwrap_or_default(),
                        received: g(&c.received),
                        acked: g(&c.acked),
                        retried: g(&c.retried),
                        dead_lettered: c.dead_lettered_total(),
                        decode_failures: g(&c.decode_failures),
                        dlq_publish_failures: g(&c.dlq_publish_failures),
                        released: g(&c.released),
                        in_flight: c.in_flight.get().max(0) as u64,
                    }
                })
                .collect(),
            moved: self.moved.load(Ordering::Relaxed),
        }
    }
}

/// One handler's fetch loop; returns the number of handler calls abandoned at stop.
///
/// Unordered handlers run as futures inside this task (at most `concurrency` at once): no
/// task spawn and no cross-thread wake-up per message, which is most of the cost of a cheap
/// handler. A handler with heavy CPU work should move it to `spawn_blocking` itself.
/// Ordered handlers get one task per lane, fed through bounded queues.
async fn run_route(
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

/// Release what the client already pulled: nak now rather than let it sit out ack_wait.
async fn release_buffered(rt: &RouteRuntime, pull: &mut FailoverPull) {
    for msg in pull.take_buffered() {
        release(rt, msg).await;
    }
}

async fn run_parallel(
    rt: Arc<RouteRuntime>,
    consumer: PullConsumer,
    mut stop: watch::Receiver<bool>,
    stop_timeout: Duration,
) -> u64 {
    let concurrency = rt.cfg.concurrency;
    let mut in_flight = FuturesUnordered::new();
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
        let room = in_flight.len() < concurrency && !spent;
        // Fast path while messages are already buffered: take one, then drive whatever is
        // ready (a cheap handler finishes right here), without building a select per message.
        if room {
            if let Some(next) = pull.next().now_or_never() {
                match next {
                    Ok(msg) if rt.take_share() => in_flight.push(process_shared(&rt, msg)),
                    Ok(msg) => release(&rt, msg).await,
                    Err(e) => pull_refused(&rt, e, &mut stop).await,
                }
                while let Some(Some(())) = in_flight.next().now_or_never() {}
                if *stop.borrow() {
                    break;
                }
                continue;
            }
        }
        tokio::select! {
            biased;
            _ = stopped(&mut stop) => break,
            Some(()) = in_flight.next(), if !in_flight.is_empty() => {}
            next = pull.next(), if room => match next {
                Ok(msg) if rt.take_share() => in_flight.push(process_shared(&rt, msg)),
                Ok(msg) => release(&rt, msg).await,
                Err(e) => pull_refused(&rt, e, &mut stop).await,
            },
        }
    }
    rt.stopping.store(true, Ordering::Release);
    release_buffered(&rt, &mut pull).await;
    let drain = async { while in_flight.next().await.is_some() {} };
    if tokio::time::timeout(stop_timeout, drain).await.is_err() {
        let left = in_flight.len() as u64;
        warn!(durable = %rt.cfg.durable, left, "stop timeout: handlers still running were cancelled; their messages will be redelivered");
        return left;
    }
    0
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
                    if rt.stopping.load(Ordering::Acquire) {
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
    if let Some(p) = pull.as_mut() {
        release_buffered(&rt, p).await;
    }
    txs.clear();
    let deadline = tokio::time::Instant::now() + stop_timeout;
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

/// [`process`] for a message that holds a share of `max_messages`.
async fn process_shared(rt: &RouteRuntime, msg: Message) {
    let finished = process(rt, msg).await;
    rt.settle_share(finished);
}

/// Decode, convert, call, and settle one message; `true` when it is settled for good (acked
/// or dead-lettered), `false` when it will come back.
async fn process(rt: &RouteRuntime, msg: Message) -> bool {
    let (stream, consumer, stream_seq, delivered) = match msg
        .reply
        .as_deref()
        .and_then(super::reply::parse)
    {
        Some(i) => (
            i.stream.to_string(),
            i.consumer.to_string(),
            i.stream_seq,
            i.delivered.max(1),
        ),
        None => {
            warn!(durable = %rt.cfg.durable, subject = %msg.subject, reply = ?msg.reply, "not a JetStream delivery; ignored");
            return false;
        }
    };
    // Owning the message moves its headers into the Delivery instead of copying them.
    let (m, acker) = msg.split();
    let delivery = Delivery {
        subject: m.subject.to_string(),
        stream,
        consumer,
        stream_seq,
        delivered,
        max_deliver: rt.bound.max_deliver_or_max(),
        headers: m.headers.unwrap_or_default(),
        payload: m.payload.clone(),
    };
    let span = tracing::info_span!(
        "handle",
        durable = %rt.cfg.durable,
        subject = %delivery.subject,
        stream_seq = delivery.stream_seq,
        delivery = delivery.delivered,
        event_id = tracing::field::Empty,
        traceparent = delivery.traceparent().unwrap_or(""),
    );
    // The event id from its header (the decoder refuses a body that disagrees with it), so
    // the span gets it at start rather than through a later lookup of the current span.
    let id_in_header = crate::wire::header(Some(&delivery.headers), EVENT_ID);
    let otel = rt.spans.process(
        &delivery.subject,
        id_in_header,
        crate::wire::header(Some(&delivery.headers), CORRELATION_ID),
        delivery.traceparent(),
        delivery.delivered,
        delivery.stream_seq,
    );
    let id_in_header = id_in_header.is_some();
    inc(&rt.counters.received);
    if delivery.delivered > 1 {
        inc(&rt.counters.redeliveries);
    }
    rt.counters.in_flight.inc();
    let finished = otel
        .in_scope(settle(rt, &acker, &m.payload, delivery, id_in_header))
        .instrument(span)
        .await;
    rt.counters.in_flight.dec();
    finished
}

async fn settle(
    rt: &RouteRuntime,
    acker: &Acker,
    payload: &Bytes,
    delivery: Delivery,
    id_in_header: bool,
) -> bool {
    // Decoding and conversion are our code and the codec's, but a panic there must still
    // become a dead letter, not a dead task holding the message until ack_wait.
    let started = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let raw = RawMessage {
            subject: &delivery.subject,
            headers: Some(&delivery.headers),
            payload,
            stream: Some(&delivery.stream),
            stream_seq: Some(delivery.stream_seq),
        };
        let (fut, event_id) = rt.handler.call_message(&rt.factory, &raw, &delivery)?;
        tracing::Span::current().record("event_id", event_id.as_str());
        if !id_in_header {
            opentelemetry::Context::map_current(|cx| {
                use opentelemetry::trace::TraceContextExt as _;
                cx.span().set_attribute(opentelemetry::KeyValue::new(
                    crate::trace::attr::MESSAGE_ID,
                    event_id,
                ))
            });
        }
        Ok(fut)
    }))
    .unwrap_or_else(|p| Err(format!("decoder panicked: {}", panic_text(&p))));
    let fut = match started {
        Ok(f) => f,
        Err(reason) => {
            inc(&rt.counters.decode_failures);
            // Boxed, here and below: dead-lettering (a publish with retries) is by far the
            // largest state in this future, and every message's future is moved into the
            // pull loop's set; unboxed it made each of them several kilobytes to allocate.
            return Box::pin(dead_letter(
                rt,
                acker,
                payload,
                &delivery,
                Reason::Decode,
                reason,
            ))
            .await;
        }
    };
    let timer = rt.counters.duration.as_ref().map(|d| (d, Instant::now()));
    let outcome = with_progress(
        rt,
        acker,
        delivery.delivered,
        AssertUnwindSafe(fut).catch_unwind(),
    )
    .await
    .unwrap_or_else(|p| {
        Err(HandlerError::fatal(format!(
            "handler panicked: {}",
            panic_text(&p)
        )))
    });
    if let Some((d, t0)) = timer {
        let h = match &outcome {
            Ok(()) => &d.ok,
            Err(HandlerError::Retry { .. }) => &d.retry,
            Err(HandlerError::Fatal { .. }) => &d.fatal,
        };
        h.observe(t0.elapsed());
    }
    match outcome {
        Ok(()) => match acker.ack().await {
            Ok(()) => {
                inc(&rt.counters.acked);
                true
            }
            Err(e) => {
                warn!(error = %e, "ack failed; the message will be redelivered (handlers must be idempotent)");
                false
            }
        },
        Err(HandlerError::Retry { reason, .. }) if delivery.is_last() => {
            let error = format!(
                "{reason} (retry asked on delivery {} of {})",
                delivery.delivered, delivery.max_deliver
            );
            Box::pin(dead_letter(
                rt,
                acker,
                payload,
                &delivery,
                Reason::RetriesExhausted,
                error,
            ))
            .await
        }
        Err(HandlerError::Retry { reason, after }) => {
            let delay = after.unwrap_or_else(|| rt.bound.retry_delay(delivery.delivered));
            info!(reason = %reason, delay = ?delay, "handler asked for a retry");
            inc(&rt.counters.retried);
            if let Err(e) = acker.ack_with(AckKind::Nak(Some(delay))).await {
                warn!(error = %e, "nak failed; the message will be redelivered after ack_wait");
            }
            false
        }
        Err(HandlerError::Fatal { reason }) => {
            Box::pin(dead_letter(
                rt,
                acker,
                payload,
                &delivery,
                Reason::Fatal,
                reason,
            ))
            .await
        }
    }
}

/// Run `fut` (a handler call), telling the server the message is still being worked on while
/// it runs longer than half the delivery's ack wait, for up to [`Bound::handler_time`]. This is
/// what lets a backoff be sent as declared even when its first step is shorter than the
/// handler (see [`crate::consumer`]); a handler that hangs beyond its time is redelivered.
async fn with_progress<F: std::future::Future>(
    rt: &RouteRuntime,
    acker: &Acker,
    delivered: u64,
    fut: F,
) -> F::Output {
    let wait = rt.bound.ack_wait_of(delivered);
    let budget = rt.bound.handler_time();
    if wait >= budget {
        return fut.await;
    }
    let every = (wait / 2).max(Duration::from_millis(10));
    let started = tokio::time::Instant::now();
    let mut fut = std::pin::pin!(fut);
    loop {
        tokio::select! {
            out = &mut fut => return out,
            _ = tokio::time::sleep(every) => {
                // The last progress keeps the message for one more `wait`: stop in time for the
                // redelivery to come at about `budget`.
                if started.elapsed() + wait < budget {
                    if let Err(e) = acker.ack_with(AckKind::Progress).await {
                        debug!(error = %e, "in-progress ack failed; the message may be redelivered while its handler runs");
                    }
                }
            }
        }
    }
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-text panic)".into())
}

/// Store the dead letter, then terminate the original; if storing fails, nak with a delay.
async fn dead_letter(
    rt: &RouteRuntime,
    acker: &Acker,
    payload: &Bytes,
    delivery: &Delivery,
    reason: Reason,
    error: String,
) -> bool {
    let otel = crate::trace::dead_letter(
        &crate::trace::MessageAttrs {
            destination: &crate::dlq::dead_letter_subject(&delivery.stream, &delivery.consumer),
            message_id: crate::wire::header(Some(&delivery.headers), EVENT_ID),
            conversation_id: crate::wire::header(Some(&delivery.headers), CORRELATION_ID),
            consumer_group: Some(&rt.cfg.durable),
        },
        reason.as_str(),
    );
    {
        use opentelemetry::trace::TraceContextExt as _;
        // The handler's outcome, on its own span (the current one).
        opentelemetry::Context::map_current(|cx| {
            cx.span()
                .set_status(opentelemetry::trace::Status::error(error.clone()))
        });
    }
    let dl = DeadLetter {
        original_subject: delivery.subject.clone(),
        stream: delivery.stream.clone(),
        stream_seq: delivery.stream_seq,
        consumer: delivery.consumer.clone(),
        deliveries: delivery.delivered,
        error: error.clone(),
        failed_at: OffsetDateTime::now_utc(),
        reason,
        headers: delivery.headers.clone(),
        payload: payload.clone(),
        original_msg_id: crate::wire::header(Some(&delivery.headers), MSG_ID).map(str::to_string),
    };
    match publish_dead_letter(
        &rt.js,
        Some(&rt.denials),
        &dl,
        rt.cfg
            .park_after
            .unwrap_or(crate::dlq::naming::DEFAULT_PARK_AFTER),
    )
    .await
    {
        Ok(stored) => {
            if stored.stream != rt.dlq_stream {
                warn!(expected = %rt.dlq_stream, got = %stored.stream, "dead letter stored in an unexpected stream");
            }
            error!(reason = reason.as_str(), error = %error, dlq_stream = %stored.stream,
                   dlq_seq = stored.sequence, traceparent = crate::wire::header(Some(&delivery.headers), TRACEPARENT).unwrap_or(""),
                   "dead-lettered");
            inc(rt.counters.dead_lettered(reason));
            if let Err(e) = acker.ack_with(AckKind::Term).await {
                warn!(error = %e, "term failed after the dead letter was stored; a redelivery will be deduplicated");
            }
            true
        }
        Err(e) => {
            otel.fail(e.to_string());
            inc(&rt.counters.dlq_publish_failures);
            let delay = rt
                .bound
                .retry_delay(delivery.delivered)
                .max(Duration::from_secs(1));
            error!(error = %e, delay = ?delay, "dead letter not stored; original nak'ed, not terminated");
            if let Err(e) = acker.ack_with(AckKind::Nak(Some(delay))).await {
                warn!(error = %e, "nak failed; the message will be redelivered after ack_wait");
            }
            false
        }
    }
}

//! The SubscriberManager: binds every declared handler to its durable pull consumer, runs the
//! fetch → decode → handle → ack/nak/dead-letter loop with bounded concurrency (optionally in
//! order per subject), runs the max-deliveries mover, and stops without losing or
//! half-processing anything.

use std::collections::{BTreeSet, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::PullConsumer;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::{error, info, warn};

use super::bind::{bind_consumer, resolve_stream};
use super::config::{Bound, HandlerConfig};
use super::handler::{Erased, ErasedHandler, Handler};
use super::route::{run_route, Counters, RouteRuntime};
use super::{mover, SubscriberError};
use crate::bus::Bus;
use crate::codec::EventFactory;
use crate::dlq::naming::DEFAULT_DLQ_STREAM;
use crate::metrics::endpoints::{self, EndpointServer};
use crate::metrics::lag_refresh::{self, LagTarget};
use crate::metrics::Metrics;
use crate::pull::{PullHealth, PullTiming};

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

struct Route {
    cfg: HandlerConfig,
    handler: Arc<dyn ErasedHandler>,
    counters: Arc<Counters>,
    /// The settings it runs with, once bound.
    bound: std::sync::Mutex<Option<Bound>>,
    /// Whether its pull is live, once started.
    health: std::sync::Mutex<Option<Arc<PullHealth>>>,
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

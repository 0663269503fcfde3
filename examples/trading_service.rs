//! A trading service built on `evt::subscriber`, against the topology in `streams/trading.yaml`:
//! a momentum strategy that handles NSE market ticks (in order per instrument) and momentum
//! signals, and an order auditor that rejects fills from strategies it does not know.
//!
//! The whole dead-letter loop, from a shell:
//!
//! ```text
//! evt streams apply streams/trading.yaml                 # streams, durables, DLQ wiring
//! cargo run --example trading_service &                  # AUDIT_KNOWN_STRATEGIES=alpha,momentum
//! echo '{"event_type":"ORDER_FILLED","strategy_name":"gamma","order_id":"O-1","side":"BUY",
//!        "quantity":10,"price":101.5,"status":"COMPLETE"}' | evt publish trading.fill.NSE
//!                                                        # auditor: "unknown strategy gamma" → DLQ
//! evt dlq ls                                             # the fill, its error and context
//! kill %1; AUDIT_KNOWN_STRATEGIES=alpha,momentum,gamma cargo run --example trading_service &
//! evt dlq replay                                         # handled this time: acked, audited
//! ```
//!
//! Connects to `NATS_URL` (default `nats://127.0.0.1:4222`). Ctrl-C stops gracefully: no new
//! events are fetched, running handlers finish and are acked, then the counters are printed.

use std::collections::HashSet;
use std::sync::Arc;

use evt::bus::{Bus, ConnectOptions};
use evt::codec::EventFactory;
use evt::event::{MarketDataEvent, TradingEvent};
use evt::schema::SchemaRegistry;
use evt::subscriber::{bind, Delivery, HandlerError, SubscriberManager};

/// The strategy's view of the market: here it only logs; a real one would keep state.
async fn on_tick(tick: MarketDataEvent) -> Result<(), HandlerError> {
    let (Some(token), Some(price)) = (tick.instrument_token, tick.last_price) else {
        // A tick without a price cannot be traded on, and retrying will not add one.
        return Err(HandlerError::fatal(
            "tick without instrument_token or last_price",
        ));
    };
    tracing::info!(token, price, "tick");
    Ok(())
}

async fn on_signal(signal: TradingEvent, d: Delivery) -> Result<(), HandlerError> {
    tracing::info!(
        strategy = signal.strategy_name.as_deref().unwrap_or("?"),
        side = signal.side.as_deref().unwrap_or("?"),
        delivery = d.delivered,
        "momentum signal"
    );
    Ok(())
}

/// Fills and orders from a strategy the auditor does not know are poison: no retry will make
/// them valid, so they are dead-lettered at once, to be replayed once the list is fixed.
async fn audit(known: Arc<HashSet<String>>, e: TradingEvent) -> Result<(), HandlerError> {
    let strategy = e.strategy_name.clone().unwrap_or_default();
    if !known.contains(&strategy) {
        return Err(HandlerError::fatal(format!(
            "unknown strategy '{strategy}' on order {} (known: AUDIT_KNOWN_STRATEGIES)",
            e.order_id.as_deref().unwrap_or("?")
        )));
    }
    tracing::info!(order = e.order_id.as_deref().unwrap_or("?"), %strategy, event_type = %e.event_type, "audited");
    Ok(())
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("trading_service: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    // Log output is the service's choice; the library only emits `tracing` events.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info,async_nats=off"))
        .with_writer(std::io::stderr)
        .init();
    let url = std::env::var("NATS_URL").unwrap_or_else(|_| evt::bus::DEFAULT_URL.to_string());
    let bus = Bus::connect(&ConnectOptions {
        url,
        name: "trading-service".into(),
        ..Default::default()
    })
    .await?;
    let factory = Arc::new(EventFactory::new(Arc::new(SchemaRegistry::builtin()?)));
    let known: Arc<HashSet<String>> = Arc::new(
        std::env::var("AUDIT_KNOWN_STRATEGIES")
            .unwrap_or_else(|_| "alpha,momentum".into())
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    );

    // Each handler binds by name to its consumer in streams/trading.yaml: filters, backoff,
    // max_deliver and DLQ come from what `evt streams apply` created. Only how this process
    // runs them (concurrency, order) is said here; a restated setting would be checked.
    let mut manager = SubscriberManager::new(bus, factory)
        .handle(
            bind("MARKET_DATA", "momentum-strategy")
                .concurrency(8)
                .ordered_by_subject(true),
            on_tick,
        )
        .handle(bind("TRADING", "momentum-strategy-signals"), on_signal)
        .handle(
            bind("TRADING", "order-auditor").concurrency(4),
            move |e: TradingEvent| audit(known.clone(), e),
        );
    manager.start().await?;
    tracing::info!("trading service running; Ctrl-C to stop");
    tokio::signal::ctrl_c().await?;
    let report = manager.stop().await;
    for h in &report.stats.handlers {
        eprintln!(
            "{:<28} {:>6} received {:>6} acked {:>4} retried {:>4} dead-lettered",
            h.durable, h.received, h.acked, h.retried, h.dead_lettered
        );
    }
    Ok(())
}

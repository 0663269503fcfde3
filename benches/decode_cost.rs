//! Where a consumed message's decode costs, step by step, on one thread with no server: the
//! ORDER_FILLED body `benches/consume.rs` sends, with the headers evt writes.
//!
//! - `Handler::call_message`, typed handler: what the SubscriberManager runs per message for
//!   `async fn h(e: TradingEvent)` (the typed path, `codec::typed`);
//! - the same for a handler taking `Event` (decode into the body map, moved to the handler);
//! - `decode` then `to_typed`: what a typed handler cost before the typed path;
//! - the CONSUMER span with no tracer provider installed.
//!
//! Reported in ns per message (wall; one thread, so CPU).
//!
//! `cargo bench --bench decode_cost` (env: EVT_BENCH_EVENTS, messages per step, default
//! 300,000).

#[cfg(all(feature = "cli", not(target_env = "msvc")))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[allow(dead_code)]
mod support;
use support::*;

use std::sync::Arc;
use std::time::Instant;

use evt::codec::{Defaults, EncodeOptions, EventFactory, RawMessage};
use evt::event::{Event, TradingEvent};
use evt::schema::SchemaRegistry;
use evt::subscriber::{Delivery, Handler, HandlerError};

async fn typed(_e: TradingEvent) -> Result<(), HandlerError> {
    Ok(())
}

async fn untyped(_e: Event) -> Result<(), HandlerError> {
    Ok(())
}

/// Nanoseconds per call of `f`, over `n` calls, after `n / 10` untimed ones (the first
/// step timed would otherwise also pay the allocator's and caches' warm-up).
fn time<T>(n: u64, mut f: impl FnMut() -> T) -> f64 {
    for _ in 0..n / 10 {
        std::hint::black_box(f());
    }
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(f());
    }
    t.elapsed().as_nanos() as f64 / n as f64
}

fn main() {
    let n = env_num("EVT_BENCH_EVENTS", 300_000);
    let f = EventFactory::new(Arc::new(SchemaRegistry::builtin().expect("schemas")));
    let defaults = Defaults {
        source: "bench".into(),
        correlation_id: None,
    };
    let ev = f
        .prepare(
            serde_json::json!({"event_type": "ORDER_FILLED", "strategy_name": "alpha",
                "order_id": "O-1", "instrument_token": 738561, "side": "BUY", "quantity": 25,
                "price": 2501.4, "status": "COMPLETE", "order_type": "LIMIT"}),
            &defaults,
        )
        .expect("prepare");
    let enc = f.encode(&ev, &EncodeOptions::default()).expect("encode");
    let raw = RawMessage {
        subject: "bench.order.filled",
        headers: Some(&enc.headers),
        payload: &enc.payload,
        stream: Some("BENCH"),
        stream_seq: Some(1),
    };
    let delivery = Delivery {
        subject: "bench.order.filled".into(),
        stream: "BENCH".into(),
        consumer: "bench".into(),
        stream_seq: 1,
        delivered: 1,
        max_deliver: 5,
        headers: enc.headers.clone(),
        payload: enc.payload.clone(),
    };
    let typed_ns = time(n, || {
        typed.call_message(&f, &raw, &delivery).expect("decodes")
    });
    let untyped_ns = time(n, || {
        untyped.call_message(&f, &raw, &delivery).expect("decodes")
    });
    let before_ns = time(n, || {
        let e = f.decode(&raw).expect("decode");
        e.to_typed::<TradingEvent>().expect("typed")
    });
    let spans = evt::trace::ConsumerSpans::new(Some("bench"));
    let tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let span_ns = time(n, || {
        spans.process(
            "bench.order.filled",
            Some("b061dffa-4a44-43ac-90b6-cf6fdf78171b"),
            None,
            Some(tp),
            1,
            1,
        )
    });
    println!(
        "decode cost per message ({} B ORDER_FILLED, {n} calls each, ns)",
        enc.payload.len()
    );
    println!("  typed handler, call_message (typed path):      {typed_ns:>7.0}");
    println!("  Event handler, call_message (decode to a map): {untyped_ns:>7.0}");
    println!("  decode + to_typed (the typed handler before):  {before_ns:>7.0}");
    println!("  CONSUMER span, no tracer provider:              {span_ns:>7.0}");
}

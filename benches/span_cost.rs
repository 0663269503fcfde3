//! Where a batch item's PRODUCER span costs: the span `evt publish --file` makes per event
//! (`PublishSpans::traceparent`, on the reader thread), timed alone in three states of the
//! global tracer provider, in one process:
//! - `no provider`: the OpenTelemetry API's no-op (a service that does not trace);
//! - `SDK, dropped`: an SDK provider whose sampler drops every span (ids, the span object,
//!   the `traceparent`: evt's part, nearly all of it);
//! - `SDK, recorded`: the same provider sampling every span into a batch span processor whose
//!   exporter discards (what `metrics_overhead`'s "on" pays): recorded minus dropped is the
//!   SDK's recording, queueing and export.
//!
//! Reported per span: wall time on the calling thread, and process CPU (the span
//! processor's thread included).
//!
//! `cargo bench --bench span_cost` (env: EVT_BENCH_EVENTS, spans per state, default 1,000,000).

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[allow(dead_code)]
mod support;
use support::*;

use std::sync::atomic::Ordering;

use evt::trace::PublishSpans;
use support::otel::Tracing;

/// Spans as a batch makes them (a fresh `PublishSpans` per state, as per batch), timed.
fn run(n: u64) -> (f64, f64) {
    let spans = PublishSpans::new("bench.order.filled");
    let ids: Vec<String> = (0..1024).map(|i| format!("01JF{i:022}")).collect();
    let (wall, cpu) = (std::time::Instant::now(), cpu_time());
    let mut bytes = 0usize;
    for i in 0..n {
        let id = &ids[(i % 1024) as usize];
        // As the Preparer does: without a recording provider, a fresh `traceparent`.
        let tp = spans
            .traceparent(Some(id), None)
            .unwrap_or_else(evt::observability::new_traceparent);
        bytes += tp.len();
    }
    let (wall, cpu) = (wall.elapsed(), cpu_time() - cpu);
    assert_eq!(bytes as u64, 55 * n);
    let per = |d: std::time::Duration| d.as_nanos() as f64 / n as f64;
    (per(wall), per(cpu))
}

fn main() {
    let n = env_num("EVT_BENCH_EVENTS", 1_000_000);
    let (noop_wall, noop_cpu) = run(n);
    let tracing = Tracing::install();
    let (drop_wall, drop_cpu) = run(n);
    tracing.on.store(true, Ordering::Relaxed);
    let (rec_wall, rec_cpu) = run(n);
    // The spans still queued are exported (and their CPU is not counted: a lower bound).
    let kept = tracing.finish_phase();
    let _ = tracing.provider.shutdown();
    println!("PRODUCER span per batch item: {n} spans per state, one thread, ns per span");
    println!("  {:<15} {:>8} {:>8}", "", "wall", "CPU");
    for (what, w, c) in [
        ("no provider", noop_wall, noop_cpu),
        ("SDK, dropped", drop_wall, drop_cpu),
        ("SDK, recorded", rec_wall, rec_cpu),
    ] {
        println!("  {what:<15} {w:>8.0} {c:>8.0}");
    }
    println!(
        "  recording (recorded - dropped): {:.0} ns wall, {:.0} ns CPU; {kept} of {n} spans exported",
        rec_wall - drop_wall,
        rec_cpu - drop_cpu
    );
}

//! A real OpenTelemetry SDK tracer provider for the benches that price tracing: installed
//! globally once (it cannot be uninstalled), its sampler is a switch (off drops every span,
//! on records every one, or the share `EVT_BENCH_SAMPLE` of traces) and its batch processor hands spans to an exporter that counts and
//! discards them (OTLP off: built, ended, queued and handed over as in production, nothing on
//! the wire).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use opentelemetry::trace::{Link, SpanKind, TraceId};
use opentelemetry::KeyValue;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{
    BatchConfigBuilder, BatchSpanProcessor, SamplingDecision, SamplingResult, SdkTracerProvider,
    ShouldSample, SpanData, SpanExporter,
};

/// While on, samples every trace (or the share `ratio` of them, by trace id, as the SDK's
/// ratio sampler does); nothing while off.
#[derive(Debug, Clone)]
struct Switch {
    on: Arc<AtomicBool>,
    ratio: f64,
}

impl ShouldSample for Switch {
    fn should_sample(
        &self,
        _parent: Option<&opentelemetry::Context>,
        trace_id: TraceId,
        _name: &str,
        _kind: &SpanKind,
        _attributes: &[KeyValue],
        _links: &[Link],
    ) -> SamplingResult {
        SamplingResult {
            decision: if self.on.load(Ordering::Relaxed)
                && (self.ratio >= 1.0
                    || (u128::from_be_bytes(trace_id.to_bytes()) as u64 as f64)
                        < self.ratio * u64::MAX as f64)
            {
                SamplingDecision::RecordAndSample
            } else {
                SamplingDecision::Drop
            },
            attributes: Vec::new(),
            trace_state: Default::default(),
        }
    }
}

/// Counts the spans handed over and drops them: an exporter with the network taken out.
#[derive(Debug, Clone, Default)]
struct Discard(Arc<AtomicU64>);

impl SpanExporter for Discard {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        self.0.fetch_add(batch.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

pub struct Tracing {
    pub on: Arc<AtomicBool>,
    /// The share of traces sampled while on (`EVT_BENCH_SAMPLE`, default 1: every one).
    pub ratio: f64,
    pub exported: Arc<AtomicU64>,
    pub provider: SdkTracerProvider,
}

impl Tracing {
    pub fn install() -> Self {
        let on = Arc::new(AtomicBool::new(false));
        let exported = Arc::new(AtomicU64::new(0));
        let ratio = std::env::var("EVT_BENCH_SAMPLE")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(1.0)
            .clamp(0.0, 1.0);
        let provider = SdkTracerProvider::builder()
            .with_sampler(Switch {
                on: on.clone(),
                ratio,
            })
            // The default queue (2,048) drops spans when the processor's thread falls behind
            // on two busy cores, which would make "on" cheaper than it is; every span is kept.
            .with_span_processor(
                BatchSpanProcessor::builder(Discard(exported.clone()))
                    .with_batch_config(
                        BatchConfigBuilder::default()
                            .with_max_queue_size(65_536)
                            .build(),
                    )
                    .build(),
            )
            .build();
        opentelemetry::global::set_tracer_provider(provider.clone());
        Tracing {
            on,
            ratio,
            exported,
            provider,
        }
    }

    /// Flush what the phase queued and return how many spans were exported in it.
    pub fn finish_phase(&self) -> u64 {
        let _ = self.provider.force_flush();
        self.exported.swap(0, Ordering::Relaxed)
    }
}

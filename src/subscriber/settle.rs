//! One delivered message, from its reply subject to its end: decode, call the handler (its
//! CONSUMER span, panics caught, progress sent while it runs long), then ack, retry with the
//! declared delay, or dead-letter it.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use async_nats::jetstream::message::Acker;
use async_nats::jetstream::{AckKind, Message};
use bytes::Bytes;
use futures::FutureExt;
use time::OffsetDateTime;
use tracing::{debug, error, info, warn, Instrument};

use super::deadletter::publish_dead_letter;
use super::handler::{Delivery, HandlerError};
use crate::codec::RawMessage;
use crate::dlq::{DeadLetter, Reason};
use crate::event::header::{CORRELATION_ID, EVENT_ID, MSG_ID, TRACEPARENT};

use super::route::{inc, RouteRuntime};

/// [`process`] for a message that holds a share of `max_messages`.
pub(super) async fn process_shared(rt: &RouteRuntime, msg: Message) {
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
    let _in_flight = InFlight::start(&rt.counters.in_flight);
    let finished = otel
        .in_scope(settle(rt, &acker, &m.payload, delivery, id_in_header))
        .instrument(span)
        .await;
    finished
}

/// One handler call in the in-flight gauge, until dropped: a call cancelled at its await
/// (stop timeout, abort, a permission denial ending the route) leaves the gauge as well, so
/// `is_idle` is true again after a stop.
struct InFlight<'a>(&'a prometheus_client::metrics::gauge::Gauge);

impl<'a> InFlight<'a> {
    fn start(g: &'a prometheus_client::metrics::gauge::Gauge) -> Self {
        g.inc();
        InFlight(g)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.dec();
    }
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
/// it runs longer than half the delivery's ack wait, for up to [`Bound::handler_time`](super::config::Bound::handler_time). This is
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
    let started = tokio::time::Instant::now();
    let mut fut = std::pin::pin!(fut);
    // Most handlers answer on their first poll: no timer for them.
    if let Some(out) = (&mut fut).now_or_never() {
        return out;
    }
    let every = (wait / 2).max(Duration::from_millis(10));
    loop {
        tokio::select! {
            biased;
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
    match store(rt, acker, &dl, delivery).await {
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

/// How long storing a dead letter is retried in this process before the original is nak'ed.
/// On the last delivery a nak ends the message on the server (only a max-deliveries mover
/// could still save it), so it is held for longer.
fn store_patience(last_delivery: bool) -> Duration {
    if last_delivery {
        Duration::from_secs(30)
    } else {
        Duration::from_secs(2)
    }
}

/// Store `dl`, retrying under its one message id while the original is held with progress
/// acks. A copy stored whose ack was lost comes back as a duplicate, not a second entry; a
/// nak instead would run the handler again on an event already dead-lettered. A permission
/// denial is final at once.
async fn store(
    rt: &RouteRuntime,
    acker: &Acker,
    dl: &DeadLetter,
    delivery: &Delivery,
) -> Result<super::deadletter::Stored, super::SubscriberError> {
    let park_after = rt
        .cfg
        .park_after
        .unwrap_or(crate::dlq::naming::DEFAULT_PARK_AFTER);
    let deadline = Instant::now() + store_patience(delivery.is_last());
    // Progress acks come at least twice per ack wait, or the server would redeliver the
    // original to run beside this.
    let longest = (rt.bound.ack_wait_of(delivery.delivered) / 2)
        .clamp(Duration::from_millis(10), Duration::from_secs(2));
    let mut pause = Duration::from_millis(100).min(longest);
    loop {
        let e = match publish_dead_letter(&rt.js, Some(&rt.denials), dl, park_after).await {
            Ok(stored) => return Ok(stored),
            Err(e @ super::SubscriberError::PermissionDenied(_)) => return Err(e),
            Err(e) => e,
        };
        if Instant::now() + pause >= deadline {
            return Err(e);
        }
        debug!(error = %e, retry_in = ?pause, "dead letter not stored yet; holding the original");
        if let Err(e) = acker.ack_with(AckKind::Progress).await {
            debug!(error = %e, "in-progress ack failed; the original may be redelivered meanwhile");
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(longest);
    }
}

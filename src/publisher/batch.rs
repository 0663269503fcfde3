//! Pipelined batches: a bounded window of publish acks in flight, per-item outcomes, a summary.
//!
//! Ordering: messages go out in input order on the one connection, so without failures the
//! stream stores them in input order. A message whose attempt fails is retried while later
//! ones proceed, so a retried message may land after messages that followed it. A window of
//! 1 gives strict order at the price of one round trip per message.
//!
//! Work is split in two so that neither waits for the other: a reader thread parses,
//! validates and encodes ([`Preparer`], [`spawn_reader`]) into a bounded channel, and the async
//! loop ([`publish_stream`]) sends and drains acks. Memory is bounded by the channel and the
//! window, however large the input.

use std::future::Future;
use std::io::BufRead;
use std::time::{Duration, Instant};

use async_nats::HeaderMap;
use bytes::Bytes;
use futures::stream::{FuturesUnordered, Stream, StreamExt};
use thiserror::Error;

use super::input::{InputError, InputReader, Position};
use super::{wire_size, PublishError, PublishReceipt, Publisher};
use crate::codec::{CodecError, Defaults, EncodeOptions, EventFactory};

/// A message ready to send, with what identifies it in reports.
#[derive(Debug, Clone)]
pub struct OutboundMessage {
    pub event_id: String,
    pub event_type: String,
    pub headers: HeaderMap,
    pub payload: Bytes,
}

/// Why one item of a batch was not published.
#[derive(Debug, Error)]
pub enum ItemError {
    #[error("{0}")]
    Input(#[from] InputError),
    #[error("{0}")]
    Codec(#[from] CodecError),
    #[error("message is {size} bytes (headers + body), more than the server's max payload of {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error("{0}")]
    Publish(#[from] PublishError),
}

/// One item of a batch, ready to send or already failed.
#[derive(Debug)]
pub struct BatchItem {
    pub position: Position,
    pub message: Result<OutboundMessage, ItemError>,
}

/// Turns an event body into an [`OutboundMessage`]: fill defaults, validate, encode, check
/// the size. Pure apart from the clock and random ids; runs on the reader thread.
#[derive(Debug, Clone)]
pub struct Preparer {
    pub factory: EventFactory,
    pub defaults: Defaults,
    pub encode: EncodeOptions,
    /// Give each event a fresh W3C `traceparent` when `encode.traceparent` is `None`.
    pub fresh_traceparent: bool,
    /// Refuse messages larger than this (the server's max payload); `None` in a dry run.
    pub max_payload: Option<usize>,
}

impl Preparer {
    pub fn prepare(&self, body: serde_json::Value) -> Result<OutboundMessage, ItemError> {
        let event = self.factory.prepare(body, &self.defaults)?;
        let enc = if self.fresh_traceparent && self.encode.traceparent.is_none() {
            let tp = crate::observability::new_traceparent();
            self.factory
                .encode_traced(&event, &self.encode, Some(&tp))?
        } else {
            self.factory.encode(&event, &self.encode)?
        };
        if let Some(max) = self.max_payload {
            let size = wire_size(&enc.headers, enc.payload.len());
            if size > max {
                return Err(ItemError::TooLarge { size, max });
            }
        }
        Ok(OutboundMessage {
            event_id: event.event_id,
            event_type: event.event_type,
            headers: enc.headers,
            payload: enc.payload,
        })
    }
}

/// Read, prepare and hand over items on a dedicated thread, at most `capacity` ahead of the
/// consumer. Dropping the returned stream stops the thread at its next item.
pub fn spawn_reader<R: BufRead + Send + 'static>(
    reader: InputReader<R>,
    preparer: Preparer,
    capacity: usize,
) -> impl Stream<Item = BatchItem> + Send + Unpin + 'static {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<BatchItem>(capacity.max(1));
    std::thread::Builder::new()
        .name("evt-publish-reader".into())
        .spawn(move || {
            for raw in reader {
                let message = match raw.body {
                    Ok(body) => preparer.prepare(body),
                    Err(e) => Err(ItemError::Input(e)),
                };
                let item = BatchItem {
                    position: raw.position,
                    message,
                };
                if tx.blocking_send(item).is_err() {
                    break;
                }
            }
        })
        .map_err(|e| tracing::error!(error = %e, "cannot start the input reader thread"))
        .ok();
    futures::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// How a batch runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchOptions {
    /// Publish acks in flight at most (>= 1). 1 = strict order, one round trip each.
    pub window: usize,
    /// Stop reading at the first failed item (what is in flight still completes).
    pub stop_on_error: bool,
    /// Failures kept with their reason for the summary; all are counted.
    pub max_failures_listed: usize,
}

impl Default for BatchOptions {
    fn default() -> Self {
        Self {
            window: 1024,
            stop_on_error: false,
            max_failures_listed: 1000,
        }
    }
}

/// What happened to one item, as the batch reports it to its caller.
#[derive(Debug)]
pub struct ItemOutcome<'a> {
    pub position: Position,
    /// `None` when the item never became an event (bad JSON, schema violation).
    pub event_id: Option<&'a str>,
    pub result: Result<&'a PublishReceipt, &'a ItemError>,
}

/// One failed item kept for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub position: Position,
    pub event_id: Option<String>,
    pub reason: String,
}

/// Why a batch ended before its input did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stopped {
    Interrupted,
    StopOnError,
    /// Every further publish would fail the same way (no stream, server gone).
    Fatal(String),
}

/// The numbers a user checks after a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchSummary {
    /// Items read from the input (good or bad).
    pub read: u64,
    /// Newly stored by the stream.
    pub published: u64,
    /// Acked as duplicates (same message id inside the duplicate window): not stored again.
    pub duplicates: u64,
    pub failed: u64,
    /// The first `max_failures_listed` failures, in completion order.
    pub failures: Vec<Failure>,
    pub stopped: Option<Stopped>,
    pub elapsed: Duration,
    /// Stream of the last ack, and its sequence.
    pub stream: Option<String>,
    pub last_sequence: Option<u64>,
}

impl BatchSummary {
    pub fn is_success(&self) -> bool {
        self.failed == 0 && self.stopped.is_none()
    }

    fn fail(&mut self, position: Position, event_id: Option<String>, err: &ItemError, cap: usize) {
        self.failed += 1;
        if self.failures.len() < cap {
            self.failures.push(Failure {
                position,
                event_id,
                reason: err.to_string(),
            });
        }
    }
}

/// Publish every item of `items` to `subject`, keeping at most `opts.window` acks in flight.
///
/// `cancel` resolving (Ctrl-C) stops reading; acks in flight are still awaited and counted.
/// `on_outcome` sees each item as it completes (progress, live reporting).
pub async fn publish_stream<S, C, F>(
    publisher: &Publisher,
    subject: &str,
    mut items: S,
    opts: BatchOptions,
    cancel: C,
    mut on_outcome: F,
) -> BatchSummary
where
    S: Stream<Item = BatchItem> + Unpin,
    C: Future<Output = ()>,
    F: FnMut(&ItemOutcome<'_>),
{
    let started = Instant::now();
    let window = opts.window.max(1);
    let mut summary = BatchSummary::default();
    let mut in_flight = FuturesUnordered::new();
    let mut reading = true;
    tokio::pin!(cancel);
    let mut cancelled = false;

    loop {
        if !reading && in_flight.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            _ = &mut cancel, if !cancelled => {
                cancelled = true;
                if reading {
                    reading = false;
                    summary.stopped.get_or_insert(Stopped::Interrupted);
                }
            }
            Some((position, event_id, result)) = in_flight.next(), if !in_flight.is_empty() => {
                let result: Result<PublishReceipt, PublishError> = result;
                let event_id: String = event_id;
                match result {
                    Ok(receipt) => {
                        if receipt.duplicate {
                            summary.duplicates += 1;
                        } else {
                            summary.published += 1;
                        }
                        on_outcome(&ItemOutcome { position, event_id: Some(&event_id), result: Ok(&receipt) });
                        summary.last_sequence = Some(receipt.sequence);
                        summary.stream = Some(receipt.stream);
                    }
                    Err(e) => {
                        let fatal = e.is_fatal_for_batch().then(|| e.to_string());
                        let err = ItemError::Publish(e);
                        on_outcome(&ItemOutcome { position, event_id: Some(&event_id), result: Err(&err) });
                        summary.fail(position, Some(event_id), &err, opts.max_failures_listed);
                        if let Some(reason) = fatal {
                            reading = false;
                            if !matches!(summary.stopped, Some(Stopped::Fatal(_))) {
                                summary.stopped = Some(Stopped::Fatal(reason));
                            }
                        } else if opts.stop_on_error && reading {
                            reading = false;
                            summary.stopped.get_or_insert(Stopped::StopOnError);
                        }
                    }
                }
            }
            item = items.next(), if reading && in_flight.len() < window => {
                let Some(item) = item else {
                    reading = false;
                    continue;
                };
                summary.read += 1;
                let position = item.position;
                let failed = match item.message {
                    Ok(msg) => match publisher.send_raw(subject, msg.headers, msg.payload).await {
                        Ok(pending) => {
                            let id = msg.event_id;
                            in_flight.push(async move { (position, id, pending.await) });
                            None
                        }
                        Err(e) => Some((Some(msg.event_id), ItemError::Publish(e))),
                    },
                    Err(e) => Some((None, e)),
                };
                if let Some((event_id, err)) = failed {
                    let fatal_input = matches!(&err, ItemError::Input(i) if i.is_fatal());
                    on_outcome(&ItemOutcome { position, event_id: event_id.as_deref(), result: Err(&err) });
                    summary.fail(position, event_id, &err, opts.max_failures_listed);
                    if opts.stop_on_error || fatal_input {
                        reading = false;
                        if opts.stop_on_error {
                            summary.stopped.get_or_insert(Stopped::StopOnError);
                        }
                    }
                }
            }
        }
    }
    summary.elapsed = started.elapsed();
    summary
}

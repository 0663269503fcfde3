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

use async_nats::{HeaderMap, Subject};
use bytes::Bytes;
use futures::stream::{FuturesUnordered, Stream, StreamExt};
use thiserror::Error;

use super::input::{self, InputError, InputReader, Position};
use super::pipeline::{AckInbox, Pending};
use super::{HeaderSnapshot, PublishError, PublishReceipt, Publisher};
use crate::codec::{CodecError, Defaults, EncodeOptions, EventFactory, Prepared};
use crate::subject::validate_publish_subject;

/// A message ready to send, with what identifies it in reports. Only [`Preparer`] makes
/// one, so it always carries a `Nats-Msg-Id` and knows its wire size: the send loop does not
/// check either again per message.
#[derive(Debug, Clone)]
pub struct OutboundMessage {
    event_id: String,
    event_type: String,
    headers: HeaderMap,
    /// The same headers packed, kept for a resend.
    snapshot: HeaderSnapshot,
    payload: Bytes,
}

impl OutboundMessage {
    pub fn event_id(&self) -> &str {
        &self.event_id
    }

    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn payload(&self) -> &Bytes {
        &self.payload
    }

    /// Headers and body as the server counts them against its max payload.
    pub fn wire_size(&self) -> usize {
        self.snapshot.wire_len() + self.payload.len()
    }
}

/// Why one item of a batch was not published.
#[derive(Debug, Error)]
pub enum ItemError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Codec(#[from] CodecError),
    #[error("message is {size} bytes (headers + body), more than the server's max payload of {max} bytes")]
    TooLarge { size: usize, max: usize },
    #[error(transparent)]
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
    /// The subject the batch goes to: the destination of each event's PRODUCER span.
    pub subject: String,
}

impl Preparer {
    pub fn prepare(&self, body: serde_json::Value) -> Result<OutboundMessage, ItemError> {
        self.prepare_with(body, None)
    }

    /// [`Preparer::prepare`] with the batch's span maker, built once by its reader.
    fn prepare_with(
        &self,
        body: serde_json::Value,
        spans: Option<&crate::trace::PublishSpans>,
    ) -> Result<OutboundMessage, ItemError> {
        let event = self.factory.prepare(body, &self.defaults)?;
        self.finish(Prepared::from_event(event)?, spans)
    }

    /// [`Preparer::prepare`] from the item's JSON text (starting on input line `line`): the
    /// direct path when it vouches for the input, else parse and prepare the whole document,
    /// which also words the error. Both give the same message for the same valid input.
    fn prepare_text(
        &self,
        text: &[u8],
        line: u64,
        spans: Option<&crate::trace::PublishSpans>,
    ) -> Result<OutboundMessage, ItemError> {
        match self.factory.prepare_text(text, &self.defaults) {
            Some(prepared) => self.finish(prepared, spans),
            None => self.prepare_with(input::parse_object(text, line)?, spans),
        }
    }

    fn finish(
        &self,
        mut event: Prepared,
        spans: Option<&crate::trace::PublishSpans>,
    ) -> Result<OutboundMessage, ItemError> {
        let fresh = (self.fresh_traceparent && self.encode.traceparent.is_none()).then(|| {
            // A batch item's PRODUCER span is made here, where its `traceparent` is encoded.
            let own;
            let spans = match spans {
                Some(s) => s,
                None => {
                    own = crate::trace::PublishSpans::new(&self.subject);
                    &own
                }
            };
            spans
                .traceparent(Some(&event.event_id), event.correlation_id.as_deref())
                .unwrap_or_else(crate::observability::new_traceparent)
        });
        let traceparent = fresh.as_deref().or(self.encode.traceparent.as_deref());
        let (envelope, json) = event.split();
        let enc = self
            .factory
            .encode_json(envelope, json, &self.encode, traceparent)?;
        let size = enc.wire_size();
        if let Some(max) = self.max_payload {
            if size > max {
                return Err(ItemError::TooLarge { size, max });
            }
        }
        Ok(OutboundMessage {
            event_id: event.event_id,
            event_type: event.event_type,
            headers: enc.headers,
            snapshot: enc.snapshot,
            payload: enc.payload,
        })
    }
}

/// Read, prepare and hand over items on a dedicated thread, at most `capacity` ahead of the
/// consumer. Dropping the returned stream stops the thread at its next item.
///
/// Items cross in chunks of up to `chunk`: one channel operation (and at most one wake-up)
/// per chunk instead of per item. A chunk is handed over only when full or at the end, so
/// use `chunk > 1` only for input that never makes the reader wait (a regular file): from a
/// pipe, a half-full chunk would sit while the reader blocks for the next line.
pub fn spawn_reader<R: BufRead + Send + 'static>(
    reader: InputReader<R>,
    preparer: Preparer,
    capacity: usize,
    chunk: usize,
) -> impl Stream<Item = BatchItem> + Send + Unpin + 'static {
    let chunk = chunk.clamp(1, capacity.max(1));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<BatchItem>>((capacity / chunk).max(1));
    // Made here, so the events' spans are children of the caller's context.
    let spans = crate::trace::PublishSpans::new(&preparer.subject);
    std::thread::Builder::new()
        .name("evt-publish-reader".into())
        .spawn(move || {
            let mut pending = Vec::with_capacity(chunk);
            let mut reader = reader;
            while let Some((position, item)) =
                reader.next_with(|text, line| preparer.prepare_text(text, line, Some(&spans)))
            {
                let message = item.map_err(ItemError::Input).and_then(|m| m);
                pending.push(BatchItem { position, message });
                if pending.len() >= chunk {
                    let full = std::mem::replace(&mut pending, Vec::with_capacity(chunk));
                    if tx.blocking_send(full).is_err() {
                        return;
                    }
                }
            }
            if !pending.is_empty() {
                let _ = tx.blocking_send(pending);
            }
        })
        .map_err(|e| tracing::error!(error = %e, "cannot start the input reader thread"))
        .ok();
    let mut current = Vec::new().into_iter();
    futures::stream::poll_fn(move |cx| loop {
        if let Some(item) = current.next() {
            return std::task::Poll::Ready(Some(item));
        }
        match std::task::ready!(rx.poll_recv(cx)) {
            Some(next) => current = next.into_iter(),
            None => return std::task::Poll::Ready(None),
        }
    })
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

/// One failed item kept for the summary: the reason is the error chain as text, since the
/// summary is compared and serialised.
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
                reason: crate::error::chain_line(err),
            });
        }
    }
}

/// What the send loop keeps of a message until its ack, to report it.
struct Sent {
    position: Position,
    event_id: String,
}

/// Counts outcomes into the summary and decides when reading stops.
struct Tally<'f, F> {
    summary: BatchSummary,
    opts: BatchOptions,
    reading: bool,
    on_outcome: &'f mut F,
}

impl<F: FnMut(&ItemOutcome<'_>)> Tally<'_, F> {
    fn stop(&mut self, why: Stopped) {
        if self.reading {
            self.reading = false;
            self.summary.stopped.get_or_insert(why);
        }
    }

    /// A message that went out, with its final answer.
    fn completed(&mut self, sent: Sent, result: Result<PublishReceipt, PublishError>) {
        let Sent { position, event_id } = sent;
        match result {
            Ok(receipt) => {
                if receipt.duplicate {
                    self.summary.duplicates += 1;
                } else {
                    self.summary.published += 1;
                }
                (self.on_outcome)(&ItemOutcome {
                    position,
                    event_id: Some(&event_id),
                    result: Ok(&receipt),
                });
                self.summary.last_sequence = Some(receipt.sequence);
                self.summary.stream = Some(receipt.stream);
            }
            Err(e) => {
                let fatal = e.is_fatal_for_batch().then(|| crate::error::chain_line(&e));
                let err = ItemError::Publish(e);
                (self.on_outcome)(&ItemOutcome {
                    position,
                    event_id: Some(&event_id),
                    result: Err(&err),
                });
                self.summary.fail(
                    position,
                    Some(event_id),
                    &err,
                    self.opts.max_failures_listed,
                );
                if let Some(reason) = fatal {
                    self.reading = false;
                    if !matches!(self.summary.stopped, Some(Stopped::Fatal(_))) {
                        self.summary.stopped = Some(Stopped::Fatal(reason));
                    }
                } else if self.opts.stop_on_error {
                    self.stop(Stopped::StopOnError);
                }
            }
        }
    }

    /// An item that never went out (bad input, schema violation, too large).
    fn rejected(&mut self, position: Position, event_id: Option<String>, err: ItemError) {
        let fatal_input = matches!(&err, ItemError::Input(i) if i.is_fatal());
        (self.on_outcome)(&ItemOutcome {
            position,
            event_id: event_id.as_deref(),
            result: Err(&err),
        });
        self.summary
            .fail(position, event_id, &err, self.opts.max_failures_listed);
        if self.opts.stop_on_error {
            self.stop(Stopped::StopOnError);
        } else if fatal_input {
            self.reading = false;
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
    // Checked once here; every message of the batch then shares one reference-counted subject.
    if let Err(e) = validate_publish_subject(subject) {
        summary.stopped = Some(Stopped::Fatal(format!(
            "cannot publish to '{subject}': {}",
            crate::error::chain_line(&e)
        )));
        summary.elapsed = started.elapsed();
        return summary;
    }
    let subject = Subject::from(subject);
    let max_payload = publisher.max_payload();
    let ack_timeout = publisher.options().ack_timeout;
    let mut acks: AckInbox<Sent> = match AckInbox::open(publisher.client()).await {
        Ok(a) => a,
        Err(e) => {
            summary.stopped = Some(Stopped::Fatal(format!(
                "cannot subscribe to an inbox for publish acks: {}",
                crate::error::chain_line(&e)
            )));
            summary.elapsed = started.elapsed();
            return summary;
        }
    };
    // Messages the fast path handed back, resent under the publisher's retry policy.
    let mut slow = FuturesUnordered::new();
    let resend = |p: Pending<Sent>| {
        let subject = subject.clone();
        async move {
            publisher.record_retry();
            let ack = publisher
                .send_checked(subject, p.headers.rebuild(), p.headers, p.payload)
                .await;
            // The fast attempt counts as the first.
            let result = ack.await.map(|mut r| {
                r.attempts += 1;
                r
            });
            (p.tag, result)
        }
    };
    // Checked a few times per ack timeout (and at least 4 times a second), so a lost ack is
    // resent within ~1.25 timeouts, and a silent inbox is noticed within
    // a second and a quarter (`AckInbox::overdue`).
    let mut expiry = tokio::time::interval(
        (ack_timeout / 4)
            .min(Duration::from_millis(250))
            .max(Duration::from_millis(10)),
    );
    expiry.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut tally = Tally {
        summary,
        opts,
        reading: true,
        on_outcome: &mut on_outcome,
    };
    tokio::pin!(cancel);
    let mut cancelled = false;
    let denials = publisher.denials();
    let mut denied = false;

    loop {
        if !tally.reading && acks.is_empty() && slow.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            _ = &mut cancel, if !cancelled => {
                cancelled = true;
                tally.stop(Stopped::Interrupted);
            }
            Some((sent, result)) = slow.next(), if !slow.is_empty() => {
                tally.completed(sent, result);
            }
            // Refused by permissions: no ack will ever come, and every further message to
            // this subject would be refused too.
            d = denials.wait(started, |d| {
                d.op == crate::bus::DeniedOp::Publish && d.subject == subject.as_str()
            }), if !denied => {
                denied = true;
                for p in acks.expired(Duration::ZERO) {
                    let e = PublishError::PermissionDenied { subject: d.subject.clone() };
                    tally.completed(p.tag, Err(e));
                }
            }
            reply = acks.next(), if !acks.is_empty() => match reply {
                Some((p, Ok(stored))) => {
                    let receipt = PublishReceipt {
                        stream: publisher.record_ack(stored.stream, stored.duplicate, p.sent),
                        sequence: stored.sequence,
                        duplicate: stored.duplicate,
                        attempts: 1,
                    };
                    tally.completed(p.tag, Ok(receipt));
                }
                Some((p, Err(()))) => slow.push(resend(p)),
                // The client closed: everything still waiting goes the slow way, which
                // reports why it cannot be sent.
                None => slow.extend(acks.expired(Duration::ZERO).into_iter().map(resend)),
            },
            _ = expiry.tick(), if !acks.is_empty() => {
                slow.extend(acks.overdue(ack_timeout).into_iter().map(resend));
            }
            item = items.next(), if tally.reading && acks.len() + slow.len() < window => {
                let Some(item) = item else {
                    tally.reading = false;
                    continue;
                };
                tally.summary.read += 1;
                let position = item.position;
                match item.message {
                    // A Preparer without a max payload (a dry run's) may hand over more than
                    // this server takes.
                    Ok(msg) if msg.wire_size() > max_payload => tally.rejected(
                        position,
                        Some(msg.event_id.clone()),
                        ItemError::TooLarge { size: msg.wire_size(), max: max_payload },
                    ),
                    Ok(msg) => {
                        if let Err(p) = acks
                            .send(
                                &subject,
                                Sent { position, event_id: msg.event_id },
                                msg.headers,
                                msg.snapshot,
                                msg.payload,
                            )
                            .await
                        {
                            slow.push(resend(p));
                        }
                    }
                    Err(e) => tally.rejected(position, None, e),
                }
            }
        }
    }
    acks.close().await;
    let mut summary = tally.summary;
    summary.elapsed = started.elapsed();
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::Defaults;
    use crate::schema::SchemaRegistry;
    use std::sync::Arc;

    fn preparer() -> Preparer {
        Preparer {
            factory: EventFactory::new(Arc::new(SchemaRegistry::builtin().unwrap())),
            defaults: Defaults {
                source: "test".into(),
                correlation_id: None,
            },
            encode: EncodeOptions::default(),
            fresh_traceparent: true,
            max_payload: None,
            subject: "t.x".into(),
        }
    }

    #[tokio::test]
    async fn chunked_reader_hands_over_every_item_in_order() {
        let mut text = String::new();
        for i in 0..1000 {
            if i == 500 {
                text.push_str("{not json\n");
            } else {
                text.push_str(&format!(
                    "{{\"event_type\":\"MARKET_TICK\",\"instrument_token\":1,\"exchange\":\"NSE\",\"tradingsymbol\":\"X\",\"last_price\":1.5,\"volume\":{i}}}\n"
                ));
            }
        }
        for chunk in [1, 64, 5000] {
            let reader = InputReader::new(std::io::Cursor::new(text.clone().into_bytes())).unwrap();
            let items: Vec<BatchItem> =
                spawn_reader(reader, preparer(), 256, chunk).collect().await;
            assert_eq!(items.len(), 1000, "chunk {chunk}");
            for (i, item) in items.iter().enumerate() {
                assert_eq!(item.position.index, i as u64 + 1, "chunk {chunk}");
                assert_eq!(item.message.is_err(), i == 500, "chunk {chunk} item {i}");
            }
            let last = items[999].message.as_ref().unwrap();
            let body: serde_json::Value = serde_json::from_slice(last.payload()).unwrap();
            assert_eq!(body["volume"], 999);
        }
    }
}

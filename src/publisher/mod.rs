//! Publishing events to JetStream: validated before sending, deduplicated by message id,
//! retried within a bound, and pipelined for batches.
//!
//! - [`Publisher`]: one event ([`Publisher::publish`]) or raw headers + payload
//!   ([`Publisher::publish_raw`], for dead-letter replay) with the retry policy, and
//!   [`Publisher::send_raw`], which puts a message on the wire now and returns its pending ack.
//! - [`batch`]: many events with a bounded window of acks in flight, per-item outcomes and a
//!   summary.
//! - `pipeline` (internal): a batch's fast path, acks matched on one inbox; anything unusual
//!   goes back to the retry path above.
//! - [`input`]: NDJSON / JSON array / pretty JSON read as a stream.
//! - [`retry`]: which failures are retried, and the backoff.
//!
//! Every message carries `Nats-Msg-Id` (the event id), and every retry of it carries the same
//! one, so JetStream stores it once however often it is sent within the stream's duplicate
//! window. A duplicate reported by the server is a success with `duplicate: true`.

pub mod batch;
pub mod input;
pub(crate) mod pipeline;
pub mod retry;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_nats::jetstream::context::{PublishAckFuture, PublishError as NatsPublishError};
use async_nats::{HeaderMap, Subject};
use bytes::Bytes;
use thiserror::Error;

use crate::bus::Bus;
pub(crate) use crate::codec::HeaderSnapshot;
use crate::codec::{CodecError, EncodeOptions, EventFactory};
use crate::event::{header, Event};
use crate::metrics::{Metrics, PublisherMetrics};
use crate::subject::{validate_publish_subject, SubjectError};

pub use retry::RetryPolicy;

/// How long a reported publish permission violation turns a lost ack into a refusal.
const DENIAL_MEMORY: Duration = Duration::from_secs(60);

/// How the publisher behaves on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishOptions {
    pub retry: RetryPolicy,
    /// How long to wait for each publish ack before the attempt counts as timed out.
    pub ack_timeout: Duration,
}

impl Default for PublishOptions {
    fn default() -> Self {
        Self {
            retry: RetryPolicy::default(),
            ack_timeout: Duration::from_secs(5),
        }
    }
}

/// What JetStream said when it stored (or recognised) the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishReceipt {
    pub stream: String,
    pub sequence: u64,
    /// The stream already held a message with this `Nats-Msg-Id` inside its duplicate window;
    /// nothing new was stored.
    pub duplicate: bool,
    /// Attempts it took (1 = no retry).
    pub attempts: u32,
}

/// Why an event was not published. Every variant names the subject.
#[derive(Debug, Error)]
pub enum PublishError {
    #[error("cannot publish to '{subject}'")]
    InvalidSubject {
        subject: String,
        #[source]
        source: SubjectError,
    },
    #[error("cannot encode the event for '{subject}'")]
    Encode {
        subject: String,
        #[source]
        source: CodecError,
    },
    #[error("message for '{subject}' is {size} bytes (headers + body), more than the server's max payload of {max} bytes")]
    TooLarge {
        subject: String,
        size: usize,
        max: usize,
    },
    #[error(
        "message for '{subject}' has no {} header: without it a retry could store it twice",
        header::MSG_ID
    )]
    MissingMsgId { subject: String },
    #[error("no JetStream stream captures subject '{subject}' — run `evt streams apply` or check the subject")]
    NoStream { subject: String },
    /// The stream refused it; the source carries the server's reason (and its `err_code`,
    /// see [`retry::server_error`]).
    #[error("stream {} refused the message on '{subject}'{}", stream.as_deref().unwrap_or("?"), retry::limit_hint(.source))]
    Refused {
        subject: String,
        stream: Option<String>,
        #[source]
        source: NatsPublishError,
    },
    /// The server reported a publish permission violation for the subject on this
    /// connection's user; retrying cannot help.
    #[error("permission denied: this user may not publish to '{subject}' (permissions violation)")]
    PermissionDenied { subject: String },
    #[error("publishing to '{subject}' failed after {attempts} attempt(s) over {elapsed:.1?}")]
    GaveUp {
        subject: String,
        attempts: u32,
        elapsed: Duration,
        #[source]
        source: NatsPublishError,
    },
}

impl PublishError {
    /// A bounded name for the kind of failure: the `error` label of
    /// `evt_publish_failures_total`.
    pub fn kind(&self) -> &'static str {
        match self {
            PublishError::InvalidSubject { .. } => "invalid_subject",
            PublishError::Encode { .. } => "encode",
            PublishError::TooLarge { .. } => "too_large",
            PublishError::MissingMsgId { .. } => "missing_msg_id",
            PublishError::NoStream { .. } => "no_stream",
            PublishError::Refused { .. } => "refused",
            PublishError::GaveUp { .. } => "gave_up",
            PublishError::PermissionDenied { .. } => "permission_denied",
        }
    }

    /// Whether every later publish to the same subject would fail the same way (no stream,
    /// server gone beyond the retry budget): a batch stops instead of failing each event.
    pub fn is_fatal_for_batch(&self) -> bool {
        matches!(
            self,
            PublishError::NoStream { .. }
                | PublishError::GaveUp { .. }
                | PublishError::PermissionDenied { .. }
        )
    }
}

/// The ack of a message already on the wire, with retries still to come if it fails.
pub type PendingAck = Pin<Box<dyn Future<Output = Result<PublishReceipt, PublishError>> + Send>>;

struct Inner {
    js: async_nats::jetstream::Context,
    factory: EventFactory,
    opts: PublishOptions,
    max_payload: usize,
    /// Subject → stream, learnt from lookups after a refusal, to name the stream in the next.
    streams: Mutex<HashMap<String, String>>,
    /// Recent authoritative lookups (no stream / this stream), and when: a window of a
    /// thousand messages waiting for one election asks the meta leader about once a second,
    /// not once per message.
    looked: Mutex<HashMap<String, (Instant, retry::Lookup)>>,
    /// When a wait was last logged at warn level (see [`Publisher::log_wait`]).
    last_warn: Mutex<Option<Instant>>,
    denials: Arc<crate::bus::PublishDenials>,
    metrics: Option<PublisherMetrics>,
    spans: crate::trace::ProducerSpans,
}

/// Publishes events and raw messages on one connection. Cheap to clone.
#[derive(Clone)]
pub struct Publisher {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Publisher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Publisher")
            .field("opts", &self.inner.opts)
            .field("max_payload", &self.inner.max_payload)
            .finish()
    }
}

/// Serialized size of a message as the server counts it against `max_payload`.
pub fn wire_size(headers: &HeaderMap, payload_len: usize) -> usize {
    if headers.is_empty() {
        return payload_len;
    }
    let mut len = "NATS/1.0\r\n".len() + "\r\n".len();
    for (k, vs) in headers.iter() {
        let k: &str = k.as_ref();
        for v in vs {
            len += k.len() + 2 + v.as_str().len() + 2;
        }
    }
    len + payload_len
}

impl Publisher {
    /// A publisher on `bus`. Its PRODUCER spans go to the tracer provider installed when it
    /// is made (install one first; see [`crate::trace::ProducerSpans`]).
    pub fn new(bus: &Bus, factory: EventFactory, opts: PublishOptions) -> Self {
        Self::build(bus, factory, opts, None)
    }

    /// [`Publisher::new`], recording published, duplicates, retries, failures by kind and
    /// ack latency in `metrics`.
    pub fn with_metrics(
        bus: &Bus,
        factory: EventFactory,
        opts: PublishOptions,
        metrics: &Metrics,
    ) -> Self {
        Self::build(bus, factory, opts, Some(metrics.publisher()))
    }

    fn build(
        bus: &Bus,
        factory: EventFactory,
        opts: PublishOptions,
        metrics: Option<PublisherMetrics>,
    ) -> Self {
        let mut js = bus.jetstream().clone();
        js.set_timeout(opts.ack_timeout);
        Self {
            inner: Arc::new(Inner {
                js,
                factory,
                opts,
                max_payload: bus.max_payload(),
                streams: Mutex::new(HashMap::new()),
                looked: Mutex::new(HashMap::new()),
                last_warn: Mutex::new(None),
                denials: bus.publish_denials(),
                metrics,
                // Resolved here: a tracer provider must be installed before the publisher
                // is made for its spans to be recorded.
                spans: crate::trace::ProducerSpans::new(),
            }),
        }
    }

    /// Count an ack (returns the stream name it took, for the receipt).
    pub(crate) fn record_ack(&self, stream: String, duplicate: bool, sent: Instant) -> String {
        match &self.inner.metrics {
            Some(m) => m.acked(stream, duplicate, sent.elapsed()),
            None => stream,
        }
    }

    /// Count an attempt after the first (a batch resending what its fast path handed back).
    pub(crate) fn record_retry(&self) {
        if let Some(m) = &self.inner.metrics {
            m.retried();
        }
    }

    fn record_failure<T>(&self, r: Result<T, PublishError>) -> Result<T, PublishError> {
        if let (Some(m), Err(e)) = (&self.inner.metrics, &r) {
            m.failed(e.kind());
        }
        r
    }

    /// Permission violations reported on the publisher's connection.
    pub(crate) fn denials(&self) -> Arc<crate::bus::Denials> {
        self.inner.denials.clone()
    }

    /// The core client under the JetStream context (a batch matches its acks itself).
    pub(crate) fn client(&self) -> async_nats::Client {
        self.inner.js.client()
    }

    pub fn factory(&self) -> &EventFactory {
        &self.inner.factory
    }

    pub fn options(&self) -> &PublishOptions {
        &self.inner.opts
    }

    /// The largest message (headers + body) the server accepts.
    pub fn max_payload(&self) -> usize {
        self.inner.max_payload
    }

    /// Encode a prepared event and publish it, waiting for the ack (with retries).
    pub async fn publish(
        &self,
        subject: &str,
        event: &Event,
        opts: &EncodeOptions,
    ) -> Result<PublishReceipt, PublishError> {
        self.send(subject, event, opts).await?.await
    }

    /// [`Publisher::publish`] without waiting for the ack: encode the event (with its PRODUCER
    /// span and `traceparent`), put it on the wire now, and return its pending ack. A service
    /// publishing at rate sends from one loop and awaits the acks elsewhere, in order on the
    /// wire and with many in flight, instead of one task per event each waiting for its own.
    pub async fn send(
        &self,
        subject: &str,
        event: &Event,
        opts: &EncodeOptions,
    ) -> Result<PendingAck, PublishError> {
        self.record_failure(check_subject(subject))?;
        let span = self.inner.spans.publish(
            &crate::trace::MessageAttrs {
                destination: subject,
                message_id: Some(&event.event_id),
                conversation_id: event.correlation_id.as_deref(),
                consumer_group: None,
            },
            opts.traceparent.as_deref(),
        );
        // The message carries this span's context; with no tracer provider installed (and no
        // parent given) it starts a trace of its own, as before.
        let traceparent = span
            .traceparent()
            .unwrap_or_else(crate::observability::new_traceparent);
        let enc = self.record_failure(
            self.inner
                .factory
                .encode_traced(event, opts, Some(&traceparent))
                .map_err(|source| PublishError::Encode {
                    subject: subject.to_string(),
                    source,
                }),
        )?;
        // The subject was checked above and the codec wrote the message id: only the size is
        // left to check before it goes out.
        if let Err(e) = self.record_failure(self.check_size(subject, enc.wire_size())) {
            span.fail(e.to_string());
            return Err(e);
        }
        let pending = self
            .send_checked(
                Subject::from(subject),
                enc.headers,
                enc.snapshot,
                enc.payload,
            )
            .await;
        // The span ends with the ack, so it covers the round trip the publish waits for.
        Ok(Box::pin(async move {
            let result = pending.await;
            if let Err(e) = &result {
                span.fail(e.to_string());
            }
            result
        }))
    }

    /// Publish headers and payload as they are (the message id is the `Nats-Msg-Id` header,
    /// which must be present), waiting for the ack, with the same retry policy.
    pub async fn publish_raw(
        &self,
        subject: &str,
        headers: HeaderMap,
        payload: Bytes,
    ) -> Result<PublishReceipt, PublishError> {
        self.send_raw(subject, headers, payload).await?.await
    }

    /// Put the message on the wire now and return its pending ack. Messages sent by
    /// successive calls go out in call order on the one connection; awaiting the returned
    /// futures in any order, many at a time, is how a batch keeps a window of acks in flight.
    /// A failed attempt is retried inside the returned future, so a retried message may land
    /// after messages sent later.
    pub async fn send_raw(
        &self,
        subject: &str,
        headers: HeaderMap,
        payload: Bytes,
    ) -> Result<PendingAck, PublishError> {
        self.record_failure(self.check_raw(subject, &headers, payload.len()))?;
        let snapshot = HeaderSnapshot::of(&headers);
        let pending = self
            .send_checked(Subject::from(subject), headers, snapshot, payload)
            .await;
        Ok(Box::pin(pending))
    }

    fn check_raw(
        &self,
        subject: &str,
        headers: &HeaderMap,
        len: usize,
    ) -> Result<(), PublishError> {
        check_subject(subject)?;
        if headers.get(header::MSG_ID).is_none() {
            return Err(PublishError::MissingMsgId {
                subject: subject.to_string(),
            });
        }
        self.check_size(subject, wire_size(headers, len))
    }

    fn check_size(&self, subject: &str, size: usize) -> Result<(), PublishError> {
        if size > self.inner.max_payload {
            return Err(PublishError::TooLarge {
                subject: subject.to_string(),
                size,
                max: self.inner.max_payload,
            });
        }
        Ok(())
    }

    /// [`Publisher::send_raw`] for a message whose subject, message id and size the caller
    /// has already checked (a batch checks its subject once, and [`batch::Preparer`] the
    /// rest). The subject is cloned by reference count and the ack future is not boxed: at
    /// market-data rates these per-message costs are what separates evt from a bare client.
    pub(crate) async fn send_checked(
        &self,
        subject: Subject,
        headers: HeaderMap,
        resend: HeaderSnapshot,
        payload: Bytes,
    ) -> impl Future<Output = Result<PublishReceipt, PublishError>> + Send + 'static {
        let started = Instant::now();
        // The first attempt takes the header map itself; a retry rebuilds it from the packed
        // copy (one allocation instead of a map clone's ~20 per message).
        let first = self
            .inner
            .js
            .publish_with_headers(subject.clone(), headers, payload.clone())
            .await;
        self.clone()
            .settle(subject, resend, payload, first, started)
    }

    /// Await the first attempt's ack; on failure, go on in [`Publisher::retry`]. The retry
    /// loop (timers, lookups) lives in its own boxed future so that the future of every
    /// message in a window, which a batch moves around, stays small.
    async fn settle(
        self,
        subject: Subject,
        headers: HeaderSnapshot,
        payload: Bytes,
        first: Result<PublishAckFuture, NatsPublishError>,
        started: Instant,
    ) -> Result<PublishReceipt, PublishError> {
        let outcome = match first {
            // A denied publish is answered by an asynchronous -ERR only: stop waiting for the
            // ack as soon as it arrives instead of after the ack timeout.
            Ok(ack) => tokio::select! {
                r = ack => r,
                _ = self.inner.denials.wait(started, |d| {
                    d.op == crate::bus::DeniedOp::Publish && d.subject == subject.as_str()
                }) => {
                    let e = PublishError::PermissionDenied { subject: subject.to_string() };
                    return self.record_failure(Err(e));
                }
            },
            Err(e) => Err(e),
        };
        match outcome {
            Ok(ack) => Ok(self.receipt(ack, 1, started)),
            Err(err) => {
                let this = self.clone();
                this.record_failure(
                    Box::pin(self.retry(subject, headers, payload, err, started)).await,
                )
            }
        }
    }

    /// Retry a failed attempt within the policy until an ack or a final answer.
    async fn retry(
        self,
        subject: Subject,
        headers: HeaderSnapshot,
        payload: Bytes,
        mut err: NatsPublishError,
        started: Instant,
    ) -> Result<PublishReceipt, PublishError> {
        let policy = self.inner.opts.retry;
        let mut attempts = 1u32;
        loop {
            let (reason, stream) = match retry::classify(&err) {
                // A denied publish gets no answer at all, only an asynchronous -ERR: the
                // silence is a refusal, not a slow server. The -ERR may have come for a
                // batch's first attempt, sent before this retry path started.
                retry::Verdict::Retry
                    if self.inner.denials.denied_since(
                        &subject,
                        started.checked_sub(DENIAL_MEMORY).unwrap_or(started),
                    ) =>
                {
                    return Err(PublishError::PermissionDenied {
                        subject: subject.to_string(),
                    });
                }
                retry::Verdict::Retry => (retry::WaitReason::of(&err), None),
                retry::Verdict::NoResponders => {
                    let lookup = self.lookup(&subject).await;
                    let Some(reason) = retry::WaitReason::of_lookup(&lookup) else {
                        return Err(PublishError::NoStream {
                            subject: subject.to_string(),
                        });
                    };
                    let stream = match lookup {
                        retry::Lookup::Exists(s) => Some(s),
                        _ => None,
                    };
                    (reason, stream)
                }
                retry::Verdict::Fatal => return Err(self.refused(subject.to_string(), err).await),
            };
            let Some(delay) = policy.next_delay(attempts, started.elapsed()) else {
                return Err(PublishError::GaveUp {
                    subject: subject.to_string(),
                    attempts,
                    elapsed: started.elapsed(),
                    source: err,
                });
            };
            self.log_wait(&subject, stream, reason, attempts, started.elapsed(), delay);
            tokio::time::sleep(delay).await;
            attempts += 1;
            self.record_retry();
            let outcome = match self
                .inner
                .js
                .publish_with_headers(subject.clone(), headers.rebuild(), payload.clone())
                .await
            {
                Ok(ack) => ack.await,
                Err(e) => Err(e),
            };
            match outcome {
                Ok(ack) => return Ok(self.receipt(ack, attempts, started)),
                Err(e) => err = e,
            }
        }
    }

    /// One warning a second per publisher: a window of a thousand messages waits for the
    /// same election, and the user needs to see that it waits and why, not each message.
    fn log_wait(
        &self,
        subject: &Subject,
        stream: Option<String>,
        reason: retry::WaitReason,
        attempts: u32,
        waited: Duration,
        delay: Duration,
    ) {
        let stream = stream.or_else(|| {
            self.inner
                .streams
                .lock()
                .ok()
                .and_then(|m| m.get(subject.as_str()).cloned())
        });
        let stream = stream.as_deref().unwrap_or("?");
        let budget = self.inner.opts.retry.max_elapsed;
        let loud = self.inner.last_warn.lock().is_ok_and(|mut last| {
            let due = last.is_none_or(|t| t.elapsed() >= Duration::from_secs(1));
            if due {
                *last = Some(Instant::now());
            }
            due
        });
        if loud {
            tracing::warn!(subject = %subject, stream, reason = %reason, attempt = attempts, waited = ?waited, retry_in = ?delay, ?budget, "publish waiting: {reason}");
        } else {
            tracing::debug!(subject = %subject, stream, reason = %reason, attempt = attempts, waited = ?waited, retry_in = ?delay, "publish waiting");
        }
    }

    /// "No responders" / "no stream found" to a publish means either that no stream captures
    /// the subject or that the stream cannot answer right now (leader election, restart).
    /// The stream-names API is answered by the meta leader only, so an answer is
    /// authoritative; no answer within a short bound means the meta group is electing too.
    async fn lookup(&self, subject: &str) -> retry::Lookup {
        const FRESH: Duration = Duration::from_secs(1);
        // Shorter than an ack timeout: during a meta election nobody answers, and the wait
        // for the next attempt should not be spent waiting for that silence.
        const LOOKUP_TIMEOUT: Duration = Duration::from_secs(2);
        if let Ok(m) = self.inner.looked.lock() {
            if let Some((at, answer)) = m.get(subject) {
                if at.elapsed() < FRESH {
                    return answer.clone();
                }
            }
        }
        use async_nats::jetstream::context::GetStreamByNameErrorKind as K;
        let asked = tokio::time::timeout(
            LOOKUP_TIMEOUT,
            self.inner.js.stream_by_subject(subject.to_string()),
        )
        .await;
        let answer = match asked {
            Ok(Err(e)) if e.kind() == K::NotFound => retry::Lookup::Missing,
            Ok(Ok(stream)) => {
                if let Ok(mut m) = self.inner.streams.lock() {
                    if m.len() < 1024 {
                        m.insert(subject.to_string(), stream.clone());
                    }
                }
                retry::Lookup::Exists(stream)
            }
            _ => return retry::Lookup::Unknown,
        };
        if let Ok(mut m) = self.inner.looked.lock() {
            if m.len() >= 1024 {
                m.clear();
            }
            m.insert(subject.to_string(), (Instant::now(), answer.clone()));
        }
        answer
    }

    async fn refused(&self, subject: String, err: NatsPublishError) -> PublishError {
        let known = self
            .inner
            .streams
            .lock()
            .ok()
            .and_then(|m| m.get(&subject).cloned());
        let stream = match known {
            Some(s) => Some(s),
            None => {
                // Remembered here, not from every ack: a refused batch asks once, and the
                // happy path pays nothing for the error path.
                let found = self.inner.js.stream_by_subject(subject.clone()).await.ok();
                if let (Some(s), Ok(mut m)) = (&found, self.inner.streams.lock()) {
                    if m.len() < 1024 {
                        m.insert(subject.clone(), s.clone());
                    }
                }
                found
            }
        };
        PublishError::Refused {
            subject,
            stream,
            source: err,
        }
    }
}

impl Publisher {
    fn receipt(
        &self,
        ack: async_nats::jetstream::publish::PublishAck,
        attempts: u32,
        started: Instant,
    ) -> PublishReceipt {
        PublishReceipt {
            stream: self.record_ack(ack.stream, ack.duplicate, started),
            sequence: ack.sequence,
            duplicate: ack.duplicate,
            attempts,
        }
    }
}

fn check_subject(subject: &str) -> Result<(), PublishError> {
    validate_publish_subject(subject).map_err(|source| PublishError::InvalidSubject {
        subject: subject.to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_size_counts_the_header_block_like_the_server() {
        let mut h = HeaderMap::new();
        assert_eq!(wire_size(&h, 10), 10);
        h.insert("event-id", "abc");
        h.insert(header::MSG_ID, "abc");
        // "NATS/1.0\r\n" + "event-id: abc\r\n" + "Nats-Msg-Id: abc\r\n" + "\r\n"
        assert_eq!(wire_size(&h, 10), 10 + 10 + 15 + 18 + 2);
    }
}

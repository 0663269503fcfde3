//! OpenTelemetry spans for the life of an event: publish (PRODUCER), handler call (CONSUMER),
//! dead-lettering and replay, joined through the W3C `traceparent` header (DESIGN.md §8).
//!
//! Every span is made here, one function per operation, so the publisher, the subscriber and
//! replay each call one line. Spans go to the global tracer provider under the name
//! [`TRACER`]; without one installed (a service that does not trace) the API is a no-op and a
//! published event still gets a fresh `traceparent` from [`crate::observability`], so the
//! header is always there for whoever consumes it.
//!
//! The chain, with the header that carries each link:
//! - `publish` (PRODUCER): parent = the caller's `traceparent`, else the current context (a
//!   handler that publishes continues its own trace); its context is the message's
//!   `traceparent`.
//! - `process` (CONSUMER): parent = the delivered `traceparent`; current while the handler
//!   runs, so spans a handler makes join it.
//! - `dead_letter` (PRODUCER): child of `process`. The DLQ copy keeps the original headers byte
//!   for byte (DESIGN.md §3), `traceparent` included.
//! - `replay` (PRODUCER): parent = the kept `traceparent`, so the replay continues the
//!   original trace; its context is the replayed copy's `traceparent`, so the next `process`
//!   is its child.

use opentelemetry::context::FutureExt as _;
use opentelemetry::global::{self, BoxedSpan, BoxedTracer};
use opentelemetry::trace::{
    Span as _, SpanContext, SpanId, SpanKind, Status, TraceContextExt, TraceFlags, TraceId,
    TraceState, Tracer,
};
use opentelemetry::{Context, KeyValue};

/// Instrumentation scope name of every span evt makes.
pub const TRACER: &str = "evt";

/// Attribute keys from the OpenTelemetry messaging semantic conventions.
pub mod attr {
    pub const SYSTEM: &str = "messaging.system";
    pub const OPERATION_TYPE: &str = "messaging.operation.type";
    pub const DESTINATION: &str = "messaging.destination.name";
    pub const CONSUMER_GROUP: &str = "messaging.consumer.group.name";
    pub const MESSAGE_ID: &str = "messaging.message.id";
    pub const CONVERSATION_ID: &str = "messaging.message.conversation_id";
    pub const DELIVERY_COUNT: &str = "messaging.nats.message.delivery_count";
    pub const STREAM_SEQUENCE: &str = "messaging.nats.message.stream_sequence";
    /// Why a message was dead-lettered (`fatal`, `retries_exhausted`, ...).
    pub const DLQ_REASON: &str = "evt.dlq.reason";
    /// `<dlq stream>/<seq>` a replayed copy came from.
    pub const REPLAY_OF: &str = "evt.replay.of";
}

/// What the messaging conventions ask to know about one message.
#[derive(Debug, Clone, Copy, Default)]
pub struct MessageAttrs<'a> {
    /// The subject published to, or delivered on.
    pub destination: &'a str,
    /// The event id.
    pub message_id: Option<&'a str>,
    /// The correlation id.
    pub conversation_id: Option<&'a str>,
    /// The durable consumer (consumer spans).
    pub consumer_group: Option<&'a str>,
}

impl MessageAttrs<'_> {
    fn key_values(&self, operation: &'static str) -> Vec<KeyValue> {
        messaging_attrs(
            operation,
            subject_value(self.destination),
            self.message_id,
            self.conversation_id,
            self.consumer_group.map(|g| g.to_string().into()),
            1,
        )
    }
}

/// A subject as an attribute value; `None` when it is not known here (empty).
fn subject_value(subject: &str) -> Option<opentelemetry::Value> {
    (!subject.is_empty()).then(|| subject.to_string().into())
}

/// The messaging-convention attributes every evt span carries, in one order, with room for
/// `extra` more. The destination and the group come in as values, so the span makers that
/// resolve them once share them by reference count.
fn messaging_attrs(
    operation: &'static str,
    destination: Option<opentelemetry::Value>,
    message_id: Option<&str>,
    conversation_id: Option<&str>,
    consumer_group: Option<opentelemetry::Value>,
    extra: usize,
) -> Vec<KeyValue> {
    let mut kv = Vec::with_capacity(6 + extra);
    kv.push(KeyValue::new(attr::SYSTEM, "nats"));
    kv.push(KeyValue::new(attr::OPERATION_TYPE, operation));
    if let Some(d) = destination {
        kv.push(KeyValue::new(attr::DESTINATION, d));
    }
    if let Some(id) = message_id {
        kv.push(KeyValue::new(attr::MESSAGE_ID, id.to_string()));
    }
    if let Some(id) = conversation_id {
        kv.push(KeyValue::new(attr::CONVERSATION_ID, id.to_string()));
    }
    if let Some(g) = consumer_group {
        kv.push(KeyValue::new(attr::CONSUMER_GROUP, g));
    }
    kv
}

/// One span in progress; it ends when dropped (or by [`MessageSpan::end`]).
#[derive(Debug, Clone)]
pub struct MessageSpan {
    cx: Context,
}

impl MessageSpan {
    /// The context with this span active: the parent of what happens inside it.
    pub fn context(&self) -> &Context {
        &self.cx
    }

    /// This span's `traceparent`, or `None` when no tracer provider records spans and the
    /// span has no valid context of its own.
    pub fn traceparent(&self) -> Option<String> {
        let span = self.cx.span();
        let sc = span.span_context();
        sc.is_valid().then(|| format_traceparent(sc))
    }

    /// Record an attribute learnt after the span started (the event id, once decoded).
    pub fn set_attribute(&self, key: &'static str, value: impl Into<opentelemetry::Value>) {
        self.cx
            .span()
            .set_attribute(KeyValue::new(key, value.into()));
    }

    /// Mark the operation failed.
    pub fn fail(&self, reason: impl Into<String>) {
        self.cx.span().set_status(Status::error(reason.into()));
    }

    /// Run `fut` with this span current, so spans made inside (by a handler) are its children.
    pub fn in_scope<F: std::future::Future>(
        &self,
        fut: F,
    ) -> opentelemetry::context::WithContext<F> {
        fut.with_context(self.cx.clone())
    }

    pub fn end(self) {
        self.cx.span().end();
    }
}

fn tracer() -> BoxedTracer {
    global::tracer(TRACER)
}

fn start(
    name: String,
    kind: SpanKind,
    attrs: Vec<KeyValue>,
    parent: &Context,
    links: Vec<opentelemetry::trace::Link>,
) -> MessageSpan {
    let t = tracer();
    let span: BoxedSpan = t
        .span_builder(name)
        .with_kind(kind)
        .with_attributes(attrs)
        .with_links(links)
        .start_with_context(&t, parent);
    MessageSpan {
        cx: parent.with_span(span),
    }
}

/// A PRODUCER span for publishing one event to `attrs.destination`, child of `traceparent`
/// when given, else of the current context.
pub fn publish(attrs: &MessageAttrs<'_>, traceparent: Option<&str>) -> MessageSpan {
    PublishSpans::new(attrs.destination).publish(
        attrs.message_id,
        attrs.conversation_id,
        traceparent,
    )
}

/// A subject as spans name it: the span name and the destination attribute.
#[derive(Clone)]
struct Destination {
    subject: String,
    name: String,
    /// Shared by reference count with every span's attribute list; `None` when the subject
    /// is not known here.
    value: Option<opentelemetry::Value>,
}

impl Destination {
    fn of(subject: &str) -> Self {
        let (name, value) = if subject.is_empty() {
            ("publish".to_string(), None)
        } else {
            (
                format!("publish {subject}"),
                Some(std::sync::Arc::<str>::from(subject).into()),
            )
        };
        Destination {
            subject: subject.to_string(),
            name,
            value,
        }
    }
}

fn producer_span(
    tracer: &BoxedTracer,
    dest: &Destination,
    message_id: Option<&str>,
    conversation_id: Option<&str>,
    parent: &Context,
) -> BoxedSpan {
    let kv = messaging_attrs(
        "send",
        dest.value.clone(),
        message_id,
        conversation_id,
        None,
        0,
    );
    tracer
        .span_builder(dest.name.clone())
        .with_kind(SpanKind::Producer)
        .with_attributes(kv)
        .start_with_context(tracer, parent)
}

/// The PRODUCER spans of one publisher, one span per event it sends: the tracer resolved
/// once, when the publisher is made (as [`ConsumerSpans`] does, so a provider installed later
/// is used by publishers made after it), and the last subject's name and destination kept
/// while it repeats. Per event, the global lookup and formatting the name cost about as much
/// as the rest of the span. The parent is still the caller's context at each call.
pub struct ProducerSpans {
    tracer: BoxedTracer,
    last: std::sync::Mutex<Option<Destination>>,
}

impl std::fmt::Debug for ProducerSpans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProducerSpans").finish_non_exhaustive()
    }
}

impl Default for ProducerSpans {
    fn default() -> Self {
        Self::new()
    }
}

impl ProducerSpans {
    pub fn new() -> Self {
        ProducerSpans {
            tracer: tracer(),
            last: std::sync::Mutex::new(None),
        }
    }

    /// [`publish`] with this publisher's tracer.
    pub fn publish(&self, attrs: &MessageAttrs<'_>, traceparent: Option<&str>) -> MessageSpan {
        let parent = match traceparent.and_then(parse_traceparent) {
            Some(sc) => Context::new().with_remote_span_context(sc),
            None => Context::current(),
        };
        let dest = self.destination(attrs.destination);
        let span = producer_span(
            &self.tracer,
            &dest,
            attrs.message_id,
            attrs.conversation_id,
            &parent,
        );
        MessageSpan {
            cx: parent.with_span(span),
        }
    }

    fn destination(&self, subject: &str) -> Destination {
        // Never waits: a publisher shared by many tasks builds the name itself when another
        // task holds the cache.
        let Ok(mut last) = self.last.try_lock() else {
            return Destination::of(subject);
        };
        match last.as_ref() {
            Some(d) if d.subject == subject => d.clone(),
            _ => {
                let d = Destination::of(subject);
                *last = Some(d.clone());
                d
            }
        }
    }
}

/// The PRODUCER spans of a stream of events to one subject (a batch): the tracer, the span
/// name, the destination and the parent resolved once. Per event, the global lookup and the
/// copies of the subject cost as much as recording the span (the consumer side does the
/// same, see [`ConsumerSpans`]); a provider installed after the batch started is used by the
/// next one.
pub struct PublishSpans {
    tracer: BoxedTracer,
    destination: Destination,
    /// The context current where the batch was set up: the parent of each event's span when
    /// it names none, also on the reader thread, whose own current context is empty.
    parent: Context,
}

impl std::fmt::Debug for PublishSpans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublishSpans")
            .field("name", &self.destination.name)
            .finish_non_exhaustive()
    }
}

impl PublishSpans {
    /// Spans for events published to `destination`, children of the current context.
    pub fn new(destination: &str) -> Self {
        PublishSpans {
            tracer: tracer(),
            destination: Destination::of(destination),
            parent: Context::current(),
        }
    }

    fn start(
        &self,
        message_id: Option<&str>,
        conversation_id: Option<&str>,
        parent: &Context,
    ) -> BoxedSpan {
        producer_span(
            &self.tracer,
            &self.destination,
            message_id,
            conversation_id,
            parent,
        )
    }

    /// A span for one event, child of `traceparent` when given, else of the batch's parent.
    pub fn publish(
        &self,
        message_id: Option<&str>,
        conversation_id: Option<&str>,
        traceparent: Option<&str>,
    ) -> MessageSpan {
        let parent = match traceparent.and_then(parse_traceparent) {
            Some(sc) => Context::new().with_remote_span_context(sc),
            None => self.parent.clone(),
        };
        let span = self.start(message_id, conversation_id, &parent);
        MessageSpan {
            cx: parent.with_span(span),
        }
    }

    /// The `traceparent` of a span for one event that ends at once (a batch item: its ack
    /// is awaited per window, not per event), or `None` when no provider records spans and
    /// the batch has no trace to join. Cheaper than [`PublishSpans::publish`]: no context
    /// is built around a span nothing runs inside.
    pub fn traceparent(
        &self,
        message_id: Option<&str>,
        conversation_id: Option<&str>,
    ) -> Option<String> {
        let mut span = self.start(message_id, conversation_id, &self.parent);
        let sc = span.span_context();
        let tp = sc.is_valid().then(|| format_traceparent(sc));
        span.end();
        tp
    }
}

/// A CONSUMER span for one handler call on a delivered message, child of its `traceparent`
/// (a message without one starts a trace).
pub fn process(
    attrs: &MessageAttrs<'_>,
    traceparent: Option<&str>,
    delivered: u64,
    stream_seq: u64,
) -> MessageSpan {
    ConsumerSpans::new(attrs.consumer_group).process(
        attrs.destination,
        attrs.message_id,
        attrs.conversation_id,
        traceparent,
        delivered,
        stream_seq,
    )
}

/// The CONSUMER spans of one handler: the tracer and the attributes all its spans share,
/// resolved once when the handler starts. Per message, looking the tracer up in the global
/// provider (a lock, a provider clone and a boxed tracer) and copying the durable's name
/// cost more than the rest of the span; so a provider installed after a
/// [`crate::subscriber::SubscriberManager`] starts is used by the handlers started after it.
pub struct ConsumerSpans {
    tracer: BoxedTracer,
    /// The durable, shared by reference count with every span's attribute list.
    group: Option<opentelemetry::Value>,
    /// Set once a span shows the tracer is the API's no-op (no provider was installed): its
    /// spans are the parent's context and nothing else, so the attribute list, name and
    /// span object each message would build and drop are skipped.
    noop: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for ConsumerSpans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsumerSpans")
            .field("group", &self.group)
            .finish_non_exhaustive()
    }
}

impl ConsumerSpans {
    pub fn new(consumer_group: Option<&str>) -> Self {
        ConsumerSpans {
            tracer: tracer(),
            group: consumer_group.map(|g| std::sync::Arc::<str>::from(g).into()),
            noop: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// A `process <destination>` span, child of `traceparent` (a message without one starts
    /// a trace).
    pub fn process(
        &self,
        destination: &str,
        message_id: Option<&str>,
        conversation_id: Option<&str>,
        traceparent: Option<&str>,
        delivered: u64,
        stream_seq: u64,
    ) -> MessageSpan {
        let parent = match traceparent.and_then(parse_traceparent) {
            Some(sc) => Context::new().with_remote_span_context(sc),
            None => Context::new(),
        };
        if self.noop.load(std::sync::atomic::Ordering::Relaxed) {
            return MessageSpan { cx: parent };
        }
        let mut kv = messaging_attrs(
            "process",
            subject_value(destination),
            message_id,
            conversation_id,
            self.group.clone(),
            2,
        );
        kv.push(KeyValue::new(attr::DELIVERY_COUNT, delivered as i64));
        kv.push(KeyValue::new(attr::STREAM_SEQUENCE, stream_seq as i64));
        let mut name = String::with_capacity(8 + destination.len());
        name.push_str("process ");
        name.push_str(destination);
        let span: BoxedSpan = self
            .tracer
            .span_builder(name)
            .with_kind(SpanKind::Consumer)
            .with_attributes(kv)
            .start_with_context(&self.tracer, &parent);
        // An SDK always gives a span its own id, sampled or not; the no-op tracer hands back
        // the parent's context unchanged (invalid without a parent), which is what the
        // shortcut above returns.
        if !span.is_recording() && span.span_context() == parent.span().span_context() {
            self.noop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        MessageSpan {
            cx: parent.with_span(span),
        }
    }
}

/// A PRODUCER span for storing a dead letter on `dlq_subject`, child of the current context
/// (the handler's `process` span).
pub fn dead_letter(attrs: &MessageAttrs<'_>, reason: &str) -> MessageSpan {
    let mut kv = attrs.key_values("send");
    kv.push(KeyValue::new(attr::DLQ_REASON, reason.to_string()));
    start(
        format!("dead_letter {}", attrs.destination),
        SpanKind::Producer,
        kv,
        &Context::current(),
        Vec::new(),
    )
}

/// A PRODUCER span for replaying a DLQ entry to `attrs.destination`, child of the original
/// message's `traceparent` (kept in the DLQ copy), so the replay continues that trace.
pub fn replay(attrs: &MessageAttrs<'_>, traceparent: Option<&str>, replay_of: &str) -> MessageSpan {
    let mut kv = attrs.key_values("send");
    kv.push(KeyValue::new(attr::REPLAY_OF, replay_of.to_string()));
    let parent = match traceparent.and_then(parse_traceparent) {
        Some(sc) => Context::new().with_remote_span_context(sc),
        None => Context::new(),
    };
    start(
        format!("replay {}", attrs.destination),
        SpanKind::Producer,
        kv,
        &parent,
        Vec::new(),
    )
}

/// Read a W3C `traceparent` (version 00) into a remote span context. Accepts what
/// [`crate::observability::is_valid_traceparent`] accepts. By hand, in one pass: it runs for
/// every consumed message, and `from_str_radix` over 32 digits cost more than the span.
pub fn parse_traceparent(v: &str) -> Option<SpanContext> {
    let b = v.as_bytes();
    if b.len() != 55 || b[2] != b'-' || b[35] != b'-' || b[52] != b'-' {
        return None;
    }
    let version = hex(&b[0..2])?;
    let trace_id = hex(&b[3..35])?;
    let span_id = u64::try_from(hex(&b[36..52])?).ok()?;
    let flags = u8::try_from(hex(&b[53..55])?).ok()?;
    if version == 0xff || trace_id == 0 || span_id == 0 {
        return None;
    }
    let sc = SpanContext::new(
        TraceId::from_bytes(trace_id.to_be_bytes()),
        SpanId::from_bytes(span_id.to_be_bytes()),
        TraceFlags::new(flags) & TraceFlags::SAMPLED,
        true,
        TraceState::default(),
    );
    sc.is_valid().then_some(sc)
}

/// Up to 32 hex digits (either case) as a number; `None` on any other byte.
fn hex(digits: &[u8]) -> Option<u128> {
    digits.iter().try_fold(0u128, |acc, &c| {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        Some(acc << 4 | u128::from(d))
    })
}

/// Write a span context as a W3C `traceparent`. By hand, not `format!`: it runs once per
/// published event, and the formatter's padding machinery costs more than the digits.
pub fn format_traceparent(sc: &SpanContext) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // "00-" trace id (32) "-" span id (16) "-" flags (2): filled in place, one allocation.
    let mut out = *b"00-00000000000000000000000000000000-0000000000000000-00";
    let digits = sc
        .trace_id()
        .to_bytes()
        .into_iter()
        .zip((3..35).step_by(2))
        .chain(sc.span_id().to_bytes().into_iter().zip((36..52).step_by(2)))
        .chain(std::iter::once((sc.trace_flags().to_u8(), 53)));
    for (b, at) in digits {
        out[at] = HEX[usize::from(b >> 4)];
        out[at + 1] = HEX[usize::from(b & 0xf)];
    }
    // ASCII by construction.
    String::from_utf8(out.to_vec()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_provider_a_consumer_span_is_its_parent_context() {
        // No unit test installs a provider: the tracer here is the API's no-op.
        let spans = ConsumerSpans::new(Some("auditor"));
        let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        for round in 0..2 {
            // The first span finds out the tracer is a no-op; the second takes the shortcut.
            let s = spans.process("a.b", Some("e1"), None, Some(tp), 1, 7);
            assert_eq!(s.traceparent().as_deref(), Some(tp), "round {round}");
            let fresh = spans.process("a.b", None, None, None, 1, 8);
            assert_eq!(fresh.traceparent(), None, "round {round}");
            assert!(spans.noop.load(std::sync::atomic::Ordering::Relaxed));
        }
    }

    #[test]
    fn traceparent_round_trips() {
        let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let sc = parse_traceparent(tp).expect("valid");
        assert!(sc.is_remote());
        assert_eq!(format_traceparent(&sc), tp);
        assert!(parse_traceparent("00-abc-def-01").is_none());
        assert!(
            parse_traceparent("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").is_none()
        );
    }

    #[test]
    fn the_hand_parser_reads_traceparents_as_the_library_parsers_do() {
        // The reference: the validity check, then OpenTelemetry's own hex parsers.
        let reference = |v: &str| -> Option<(TraceId, SpanId, bool)> {
            if !crate::observability::is_valid_traceparent(v) || v.starts_with("ff") {
                return None;
            }
            let p: Vec<&str> = v.split('-').collect();
            let flags = u8::from_str_radix(p[3], 16).ok()?;
            Some((
                TraceId::from_hex(p[1]).ok()?,
                SpanId::from_hex(p[2]).ok()?,
                flags & 1 == 1,
            ))
        };
        let good = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let mut cases = vec![
            good.to_string(),
            good.to_uppercase(),
            good.replace("-01", "-00"),
            good.replace("-01", "-03"),
            good.replace("-01", "-fe"),
            good.replace("4bf92f3577b34da6a3ce929d0e0e4736", &"0".repeat(32)),
            good.replace("00f067aa0ba902b7", &"0".repeat(16)),
            good.replacen("00", "ff", 1),
            good.replacen("00", "01", 1),
            good.replace('-', "_"),
            format!("{good}0"),
            good[..54].to_string(),
            String::new(),
        ];
        for (i, c) in "0123456789abcdefABCDEFgx -+".chars().enumerate() {
            let mut b = good.to_string().into_bytes();
            b[3 + i % 50] = c as u8;
            cases.push(String::from_utf8(b).unwrap());
        }
        for c in &cases {
            let ours =
                parse_traceparent(c).map(|sc| (sc.trace_id(), sc.span_id(), sc.is_sampled()));
            assert_eq!(ours, reference(c), "{c:?}");
        }
    }

    #[test]
    fn without_a_provider_a_child_keeps_the_parent_context() {
        let tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        let span = publish(
            &MessageAttrs {
                destination: "a.b",
                ..Default::default()
            },
            Some(tp),
        );
        // The no-op tracer propagates the parent: the trace goes on, unrecorded.
        assert_eq!(span.traceparent().as_deref(), Some(tp));
    }

    #[test]
    fn a_publishers_spans_name_each_subject_it_sends_to_even_when_they_alternate() {
        let spans = ProducerSpans::new();
        for subject in ["orders.filled", "orders.placed", "orders.filled", ""] {
            let d = spans.destination(subject);
            assert_eq!(d.subject, subject);
            if subject.is_empty() {
                assert_eq!(d.name, "publish");
                assert!(d.value.is_none());
            } else {
                assert_eq!(d.name, format!("publish {subject}"));
                assert_eq!(
                    d.value.map(|v| v.as_str().into_owned()).as_deref(),
                    Some(subject)
                );
            }
        }
        // Without a provider the span keeps the caller's trace, as `publish` does.
        let tp = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        let span = spans.publish(
            &MessageAttrs {
                destination: "orders.filled",
                ..Default::default()
            },
            Some(tp),
        );
        assert_eq!(span.traceparent().as_deref(), Some(tp));
    }
}

//! What a handler is: an async function whose first argument's type says which event it takes.
//!
//! `async fn on_fill(e: TradingEvent) -> Result<(), HandlerError>` and
//! `async fn on_fill(e: TradingEvent, d: Delivery) -> Result<(), HandlerError>` are both
//! handlers. The argument type implements [`TypedEvent`] (`Event` takes any event); a message
//! that decodes to an event the type does not accept is a decode failure for that message
//! (dead-lettered), never a panic. A handler that panics anyway is caught and dead-lettered as fatal.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use async_nats::HeaderMap;
use bytes::Bytes;
use futures::future::BoxFuture;
use futures::FutureExt;

use crate::codec::{EventFactory, RawMessage};
use crate::event::{header, Event, TypedEvent};

/// How a handler failed, and so what happens to the message.
pub enum HandlerError {
    /// Transient: the message is nak'ed with a delay (from the handler's backoff list unless
    /// `after` says otherwise) and comes back; on the last allowed delivery it is
    /// dead-lettered as `retries-exhausted`.
    Retry {
        reason: String,
        after: Option<Duration>,
    },
    /// Permanent: the message is dead-lettered at once.
    Fatal { reason: String },
}

impl HandlerError {
    pub fn retry(reason: impl fmt::Display) -> Self {
        HandlerError::Retry {
            reason: reason.to_string(),
            after: None,
        }
    }

    pub fn retry_after(reason: impl fmt::Display, after: Duration) -> Self {
        HandlerError::Retry {
            reason: reason.to_string(),
            after: Some(after),
        }
    }

    pub fn fatal(reason: impl fmt::Display) -> Self {
        HandlerError::Fatal {
            reason: reason.to_string(),
        }
    }

    pub fn reason(&self) -> &str {
        match self {
            HandlerError::Retry { reason, .. } | HandlerError::Fatal { reason } => reason,
        }
    }
}

impl fmt::Debug for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandlerError::Retry { reason, .. } => write!(f, "retry: {reason}"),
            HandlerError::Fatal { reason } => write!(f, "fatal: {reason}"),
        }
    }
}

/// `?` on any error means "try again": a transient fault (a timeout, a busy database) heals,
/// and a permanent one still ends in the DLQ once `max_deliver` runs out. Return
/// [`HandlerError::fatal`] to skip the retries. (This is why `HandlerError` itself is not a
/// `std::error::Error`: the blanket conversion would conflict.)
impl<E: std::error::Error + Send + Sync + 'static> From<E> for HandlerError {
    fn from(e: E) -> Self {
        let mut text = e.to_string();
        let mut src = e.source();
        while let Some(s) = src {
            text.push_str(": ");
            text.push_str(&s.to_string());
            src = s.source();
        }
        HandlerError::retry(text)
    }
}

/// Where and how often a message was delivered: the second, optional handler argument.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub subject: String,
    pub stream: String,
    pub consumer: String,
    pub stream_seq: u64,
    /// 1 on the first delivery.
    pub delivered: u64,
    /// The consumer's `max_deliver`.
    pub max_deliver: u64,
    pub headers: HeaderMap,
    /// The body as stored: gzip when the `compressed` header says so (shared, not copied).
    pub payload: Bytes,
}

impl Delivery {
    /// True when a `Retry` from this delivery dead-letters the message instead.
    pub fn is_last(&self) -> bool {
        self.delivered >= self.max_deliver
    }

    /// The W3C trace context the publisher attached, if any.
    pub fn traceparent(&self) -> Option<&str> {
        crate::wire::header(Some(&self.headers), header::TRACEPARENT)
    }
}

/// The handler's argument from the decoded event. A handler taking `Event` gets it moved,
/// not cloned (`to_typed` borrows, so it would copy the whole body per message).
fn typed<T: TypedEvent>(event: Event) -> Result<T, String> {
    if std::any::TypeId::of::<T>() == std::any::TypeId::of::<Event>() {
        let boxed: Box<dyn std::any::Any> = Box::new(event);
        if let Ok(same) = boxed.downcast::<T>() {
            return Ok(*same);
        }
        return Err("internal: Event did not downcast to itself".into());
    }
    event.to_typed::<T>().map_err(|e| e.to_string())
}

/// The handler's argument from a received message, and the event's id. A type that opts in
/// ([`TypedEvent::FROM_BODY`]) is built from the message's fields without an [`Event`] in
/// between; anything that path declines, and every other type, goes through `decode`.
fn typed_from_message<T: TypedEvent>(
    factory: &EventFactory,
    msg: &RawMessage<'_>,
) -> Result<(T, String), String> {
    if let Some(done) = factory.decode_typed::<T>(msg) {
        return Ok(done);
    }
    let event = factory.decode(msg).map_err(|e| e.to_string())?;
    let id = event.event_id.clone();
    Ok((typed::<T>(event)?, id))
}

/// What the manager runs for one message after decoding it.
pub type HandlerFuture = BoxFuture<'static, Result<(), HandlerError>>;

/// An async function usable as a handler. `M` is a marker (the argument list) that lets one
/// function type implement it for exactly one signature; you never name it.
pub trait Handler<M>: Clone + Send + Sync + 'static {
    /// Convert the event to the handler's argument type and start the handler, or return
    /// the reason the event is not for this handler.
    fn call(&self, event: Event, delivery: &Delivery) -> Result<HandlerFuture, String>;

    /// The event types the handler's argument accepts (`None`: any).
    fn event_types(&self) -> Option<&'static [&'static str]>;

    /// Decode `msg`, convert it to the handler's argument and start the handler; the event's
    /// id comes back with the future. Or the reason the message is not for this handler.
    fn call_message(
        &self,
        factory: &EventFactory,
        msg: &RawMessage<'_>,
        delivery: &Delivery,
    ) -> Result<(HandlerFuture, String), String> {
        call_decoded(self, factory, msg, delivery)
    }
}

/// What [`Handler::call_message`] does unless overridden: `decode`, then [`Handler::call`].
/// For an override that takes another way for some messages only.
pub fn call_decoded<M, H: Handler<M>>(
    handler: &H,
    factory: &EventFactory,
    msg: &RawMessage<'_>,
    delivery: &Delivery,
) -> Result<(HandlerFuture, String), String> {
    let event = factory.decode(msg).map_err(|e| e.to_string())?;
    let id = event.event_id.clone();
    Ok((handler.call(event, delivery)?, id))
}

impl<F, Fut, T> Handler<(T,)> for F
where
    F: Fn(T) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<(), HandlerError>> + Send + 'static,
    T: TypedEvent,
{
    fn call(&self, event: Event, _delivery: &Delivery) -> Result<HandlerFuture, String> {
        let arg = typed::<T>(event)?;
        Ok((self)(arg).boxed())
    }

    fn event_types(&self) -> Option<&'static [&'static str]> {
        Some(T::EVENT_TYPES).filter(|t| !t.is_empty())
    }

    fn call_message(
        &self,
        factory: &EventFactory,
        msg: &RawMessage<'_>,
        _delivery: &Delivery,
    ) -> Result<(HandlerFuture, String), String> {
        let (arg, id) = typed_from_message::<T>(factory, msg)?;
        Ok(((self)(arg).boxed(), id))
    }
}

impl<F, Fut, T> Handler<(T, Delivery)> for F
where
    F: Fn(T, Delivery) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<(), HandlerError>> + Send + 'static,
    T: TypedEvent,
{
    fn call(&self, event: Event, delivery: &Delivery) -> Result<HandlerFuture, String> {
        let arg = typed::<T>(event)?;
        Ok((self)(arg, delivery.clone()).boxed())
    }

    fn event_types(&self) -> Option<&'static [&'static str]> {
        Some(T::EVENT_TYPES).filter(|t| !t.is_empty())
    }

    fn call_message(
        &self,
        factory: &EventFactory,
        msg: &RawMessage<'_>,
        delivery: &Delivery,
    ) -> Result<(HandlerFuture, String), String> {
        let (arg, id) = typed_from_message::<T>(factory, msg)?;
        Ok(((self)(arg, delivery.clone()).boxed(), id))
    }
}

/// A handler with its signature erased, as the manager stores it.
pub(crate) trait ErasedHandler: Send + Sync {
    fn call_message(
        &self,
        factory: &EventFactory,
        msg: &RawMessage<'_>,
        delivery: &Delivery,
    ) -> Result<(HandlerFuture, String), String>;
    fn event_types(&self) -> Option<&'static [&'static str]>;
}

pub(crate) struct Erased<H, M> {
    pub handler: H,
    pub _marker: std::marker::PhantomData<fn() -> M>,
}

impl<H: Handler<M>, M: 'static> ErasedHandler for Erased<H, M> {
    fn call_message(
        &self,
        factory: &EventFactory,
        msg: &RawMessage<'_>,
        delivery: &Delivery,
    ) -> Result<(HandlerFuture, String), String> {
        self.handler.call_message(factory, msg, delivery)
    }

    fn event_types(&self) -> Option<&'static [&'static str]> {
        self.handler.event_types()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn erase<M: 'static, H: Handler<M>>(h: H) -> Box<dyn ErasedHandler> {
        Box::new(Erased {
            handler: h,
            _marker: std::marker::PhantomData,
        })
    }

    const ID: &str = "0b5c1f7e-8e0f-4c57-a7b4-1f9a8a0b9d10";

    /// A message as a publisher sends it: `body` plus the envelope, encoded with evt's headers.
    fn message(factory: &EventFactory, body: serde_json::Value) -> crate::codec::Encoded {
        let mut body = body;
        body["event_id"] = ID.into();
        let defaults = crate::codec::Defaults {
            source: "test".into(),
            correlation_id: None,
        };
        let e = factory.prepare(body, &defaults).unwrap();
        factory.encode(&e, &Default::default()).unwrap()
    }

    fn raw(enc: &crate::codec::Encoded) -> RawMessage<'_> {
        RawMessage {
            subject: "a.b",
            headers: Some(&enc.headers),
            payload: &enc.payload,
            stream: Some("S"),
            stream_seq: Some(1),
        }
    }

    fn delivery() -> Delivery {
        Delivery {
            subject: "a.b".into(),
            stream: "S".into(),
            consumer: "c".into(),
            stream_seq: 1,
            delivered: 3,
            max_deliver: 3,
            headers: HeaderMap::new(),
            payload: Bytes::new(),
        }
    }

    async fn on_fill(f: crate::event::TradingEvent) -> Result<(), HandlerError> {
        if f.event_id == ID && f.order_id.as_deref() == Some("o-1") {
            Ok(())
        } else {
            Err(HandlerError::fatal("bad"))
        }
    }

    async fn with_delivery(_e: Event, d: Delivery) -> Result<(), HandlerError> {
        if d.is_last() {
            Err(HandlerError::retry("last"))
        } else {
            Ok(())
        }
    }

    #[tokio::test]
    async fn both_signatures_are_handlers_and_wrong_types_are_refused() {
        let f = EventFactory::new(std::sync::Arc::new(
            crate::schema::SchemaRegistry::builtin().unwrap(),
        ));
        let fill = message(
            &f,
            serde_json::json!({"event_type": "ORDER_FILLED", "order_id": "o-1", "strategy_name": "s",
                "instrument_token": 1, "side": "BUY", "quantity": 1, "price": 1.0}),
        );
        let tick = message(
            &f,
            serde_json::json!({"event_type": "MARKET_TICK", "instrument_token": 1, "exchange": "NSE", "volume": 1,
                "last_price": 1.0}),
        );
        let h = erase(on_fill);
        assert!(h.event_types().unwrap().contains(&"ORDER_FILLED"));
        let (fut, id) = h.call_message(&f, &raw(&fill), &delivery()).unwrap();
        assert_eq!(id, ID);
        assert!(fut.await.is_ok());
        let refused = h.call_message(&f, &raw(&tick), &delivery()).err().unwrap();
        assert!(refused.contains("MARKET_TICK"), "{refused}");
        let h = erase(with_delivery);
        let (fut, id) = h.call_message(&f, &raw(&tick), &delivery()).unwrap();
        assert_eq!(id, ID);
        assert!(matches!(fut.await, Err(HandlerError::Retry { .. })));
    }

    #[test]
    fn question_mark_on_an_error_means_retry_with_the_whole_chain() {
        fn parse() -> Result<u32, HandlerError> {
            Ok("x".parse::<u32>()?)
        }
        let e = parse().unwrap_err();
        assert!(matches!(e, HandlerError::Retry { .. }));
        assert!(e.reason().contains("invalid digit"), "{e}");
    }
}

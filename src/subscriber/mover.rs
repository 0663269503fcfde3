//! The max-deliveries mover: turns captured MAX_DELIVERIES advisories into dead letters.
//!
//! A message whose handler never answered (a crashed or hung process) runs out of deliveries
//! without anyone dead-lettering it. The server then announces
//! `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<consumer>`, which the stream
//! manager's DLQ wiring captures in `<DLQ>_ADVISORIES` (a WorkQueue stream). The mover reads
//! that stream through one shared durable, fetches the original by sequence, publishes the
//! dead letter (deterministic id: a handler that dead-lettered the same delivery makes no
//! second entry), deletes the original from WorkQueue/Interest sources so it does not linger,
//! and only then acks the advisory. If the original is gone already, it still records an
//! entry, with an empty payload and an error saying so.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::consumer::{pull, AckPolicy};
use async_nats::jetstream::stream::{LastRawMessageErrorKind, RetentionPolicy};
use async_nats::jetstream::{self, AckKind};
use async_nats::HeaderMap;
use bytes::Bytes;
use serde::Deserialize;
use time::OffsetDateTime;
use tokio::sync::watch;
use tracing::{debug, error, info, warn};

use super::deadletter::publish_dead_letter;
use super::{stopped, SubscriberError};
use crate::bus::Denials;
use crate::dlq::naming::advisory_stream_name;
use crate::dlq::{DeadLetter, Reason};
use crate::event::header::MSG_ID;
use crate::pull::{FailoverPull, PullTiming};

/// The durable every mover of one advisory stream binds to, so that several service instances
/// share the work (a WorkQueue stream admits one consumer per subject anyway).
pub const MOVER_DURABLE: &str = "evt-dlq-mover";

/// The fields of a MAX_DELIVERIES advisory the mover needs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MaxDeliveriesAdvisory {
    pub stream: String,
    pub consumer: String,
    pub stream_seq: u64,
    pub deliveries: u64,
}

impl MaxDeliveriesAdvisory {
    pub fn parse(payload: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(payload).map_err(|e| format!("not a MAX_DELIVERIES advisory: {e}"))
    }
}

/// The dead letter for an advisory, from the original when it is still stored.
pub fn dead_letter_for(
    adv: &MaxDeliveriesAdvisory,
    original: Option<(String, HeaderMap, Bytes)>,
    now: OffsetDateTime,
) -> DeadLetter {
    let base = format!(
        "consumer {} gave up after {} deliveries without an answer from a handler (ack_wait expired; process crashed or hung)",
        adv.consumer, adv.deliveries
    );
    let (subject, headers, payload, error) = match original {
        Some((s, h, p)) => (s, h, p, base),
        None => (
            String::new(),
            HeaderMap::new(),
            Bytes::new(),
            format!(
                "{base}; the original {}#{} is no longer in the stream (removed by limits or deleted), payload unavailable",
                adv.stream, adv.stream_seq
            ),
        ),
    };
    let original_msg_id = crate::wire::header(Some(&headers), MSG_ID).map(str::to_string);
    DeadLetter {
        original_subject: subject,
        stream: adv.stream.clone(),
        stream_seq: adv.stream_seq,
        consumer: adv.consumer.clone(),
        deliveries: adv.deliveries,
        error,
        failed_at: now,
        reason: Reason::MaxDeliveries,
        headers,
        payload,
        original_msg_id,
    }
}

/// Move one advisory's message to the DLQ. `Ok` means the advisory may be acked.
pub async fn move_one(
    js: &jetstream::Context,
    denials: Option<&Denials>,
    adv: &MaxDeliveriesAdvisory,
) -> Result<(), SubscriberError> {
    let req = |what: &'static str, e: super::BoxError| SubscriberError::Request {
        what,
        stream: adv.stream.clone(),
        source: e,
    };
    let source = js
        .get_stream(&adv.stream)
        .await
        .map_err(|e| req("looking up the source stream", e.into()))?;
    // Read now, not cached: whether the original may be deleted depends on who else reads it.
    let (retention, consumers) = {
        let info = source.cached_info();
        (info.config.retention, info.state.consumer_count)
    };
    let original = match source.get_raw_message(adv.stream_seq).await {
        Ok(m) => Some((m.subject.to_string(), m.headers, m.payload)),
        Err(e) if matches!(e.kind(), LastRawMessageErrorKind::NoMessageFound) => None,
        Err(e) => return Err(req("fetching the original by sequence", e.into())),
    };
    let gone = original.is_none();
    let dl = dead_letter_for(adv, original, OffsetDateTime::now_utc());
    let stored =
        publish_dead_letter(js, denials, &dl, crate::dlq::naming::DEFAULT_PARK_AFTER).await?;
    info!(
        stream = %adv.stream, consumer = %adv.consumer, stream_seq = adv.stream_seq,
        deliveries = adv.deliveries, dlq_stream = %stored.stream, dlq_seq = stored.sequence,
        duplicate = stored.duplicate, original_gone = gone,
        "moved a message that exhausted max_deliver to the DLQ"
    );
    // WorkQueue, and Interest with this consumer the only reader, keep an unacked message
    // forever; the DLQ has it now. On an Interest stream another consumer may not have read
    // it yet: deleting it would take it from them too, so it stays.
    let delete = match retention {
        RetentionPolicy::WorkQueue => true,
        RetentionPolicy::Interest => consumers <= 1,
        RetentionPolicy::Limits => false,
    };
    if delete && !gone {
        if let Err(e) = source.delete_message(adv.stream_seq).await {
            debug!(stream = %adv.stream, seq = adv.stream_seq, error = %e, "original not deleted (already gone?)");
        }
    } else if !gone && retention == RetentionPolicy::Interest {
        info!(stream = %adv.stream, seq = adv.stream_seq, consumers, "original kept: other consumers of this Interest stream may still read it");
    }
    Ok(())
}

/// Run the mover for `dlq_stream` until `stop` turns true. Counts moved messages in `moved`.
///
/// With `denials`, a permission violation is final: the advisory is released (nothing is
/// lost) and the mover stops with [`SubscriberError::PermissionDenied`] instead of retrying
/// every two seconds.
pub async fn run(
    js: jetstream::Context,
    denials: Option<Arc<Denials>>,
    dlq_stream: String,
    mut stop: watch::Receiver<bool>,
    moved: Arc<AtomicU64>,
    exported: Option<prometheus_client::metrics::counter::Counter>,
    timing: PullTiming,
) -> Result<(), SubscriberError> {
    let adv_stream = advisory_stream_name(&dlq_stream);
    let bind = bind_mover(&js, &adv_stream, &dlq_stream);
    let consumer = match &denials {
        None => bind.await?,
        Some(d) => {
            let since = std::time::Instant::now();
            tokio::select! {
                r = bind => r?,
                d = d.wait(since, |d| d.subject.starts_with("$JS.API.")) => {
                    return Err(SubscriberError::PermissionDenied(Box::new(
                        crate::bus::BusError::denied("binding the DLQ mover", &d),
                    )))
                }
            }
        }
    };
    // A refused pull of advisories is as final as a refused bind.
    let since = std::time::Instant::now();
    let next_subject = format!("CONSUMER.MSG.NEXT.{adv_stream}.{MOVER_DURABLE}");
    let refused_pull = async {
        match &denials {
            Some(d) => d.wait(since, |x| x.subject.ends_with(&next_subject)).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(refused_pull);
    let mut messages = tokio::select! {
        _ = stopped(&mut stop) => return Ok(()),
        p = FailoverPull::open(js.client(), consumer, 16, timing) => p,
    };
    loop {
        {
            let next = tokio::select! {
                _ = stopped(&mut stop) => return Ok(()),
                d = &mut refused_pull => {
                    return Err(SubscriberError::PermissionDenied(Box::new(
                        crate::bus::BusError::denied("the DLQ mover", &d),
                    )))
                }
                n = messages.next() => n,
            };
            let msg = match next {
                Ok(m) => m,
                Err(e) => {
                    warn!(stream = %adv_stream, error = %crate::error::chain_line(&e), "mover cannot pull advisories; retrying");
                    tokio::select! {
                        _ = stopped(&mut stop) => return Ok(()),
                        _ = tokio::time::sleep(Duration::from_secs(1)) => continue,
                    }
                }
            };
            let adv = match MaxDeliveriesAdvisory::parse(&msg.payload) {
                Ok(a) => a,
                Err(e) => {
                    error!(stream = %adv_stream, subject = %msg.subject, error = %e, "unreadable advisory terminated");
                    let _ = msg.ack_with(AckKind::Term).await;
                    continue;
                }
            };
            match move_one(&js, denials.as_deref(), &adv).await {
                Ok(()) => {
                    moved.fetch_add(1, Ordering::Relaxed);
                    if let Some(c) = &exported {
                        c.inc();
                    }
                    if let Err(e) = msg.double_ack().await {
                        warn!(error = %e, "advisory ack failed; the move will be repeated (deduplicated)");
                    }
                }
                Err(e) if e.is_permission_denied() => {
                    // Kept for a mover whose user may store it; retrying here cannot help.
                    let _ = msg.ack_with(AckKind::Nak(None)).await;
                    return Err(e);
                }
                Err(e) => {
                    error!(error = %e, "moving a max-deliveries message failed; will retry");
                    let _ = msg
                        .ack_with(AckKind::Nak(Some(Duration::from_secs(2))))
                        .await;
                }
            }
        }
    }
}

/// The mover's durable on the advisory stream, created if missing.
async fn bind_mover(
    js: &jetstream::Context,
    adv_stream: &str,
    dlq_stream: &str,
) -> Result<jetstream::consumer::PullConsumer, SubscriberError> {
    let stream = js
        .get_stream(adv_stream)
        .await
        .map_err(|e| SubscriberError::Request {
            what: "looking up the advisory stream",
            stream: adv_stream.to_string(),
            source: e.into(),
        })?;
    let consumer = stream
        .get_or_create_consumer(
            MOVER_DURABLE,
            pull::Config {
                durable_name: Some(MOVER_DURABLE.to_string()),
                description: Some(format!(
                    "evt: moves MAX_DELIVERIES messages to {dlq_stream}"
                )),
                ack_policy: AckPolicy::Explicit,
                ack_wait: Duration::from_secs(30),
                ..Default::default()
            },
        )
        .await
        .map_err(|e| SubscriberError::Request {
            what: "binding the mover's durable",
            stream: adv_stream.to_string(),
            source: e.into(),
        })?;
    Ok(consumer)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADVISORY: &str = r#"{"type":"io.nats.jetstream.advisory.v1.max_deliver","id":"x","timestamp":"2024-01-01T00:00:00Z","stream":"ORDERS","consumer":"auditor","stream_seq":42,"deliveries":3}"#;

    #[test]
    fn parses_the_server_advisory() {
        let a = MaxDeliveriesAdvisory::parse(ADVISORY.as_bytes()).unwrap();
        assert_eq!(
            a,
            MaxDeliveriesAdvisory {
                stream: "ORDERS".into(),
                consumer: "auditor".into(),
                stream_seq: 42,
                deliveries: 3
            }
        );
        assert!(MaxDeliveriesAdvisory::parse(b"{}").is_err());
    }

    #[test]
    fn dead_letter_keeps_the_original_or_says_it_is_gone() {
        let a = MaxDeliveriesAdvisory::parse(ADVISORY.as_bytes()).unwrap();
        let now = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let mut h = HeaderMap::new();
        h.insert(MSG_ID, "ev-1");
        h.insert("event-type", "ORDER_FILLED");
        let dl = dead_letter_for(
            &a,
            Some(("trading.order.x".into(), h, Bytes::from_static(b"{}"))),
            now,
        );
        assert_eq!(dl.reason, Reason::MaxDeliveries);
        assert_eq!(dl.original_subject, "trading.order.x");
        assert_eq!(dl.original_msg_id.as_deref(), Some("ev-1"));
        assert_eq!(dl.message_id(), "dlq:ORDERS:42:auditor");
        let gone = dead_letter_for(&a, None, now);
        assert!(gone.payload.is_empty());
        assert!(
            gone.error.contains("no longer in the stream"),
            "{}",
            gone.error
        );
        assert_eq!(gone.message_id(), dl.message_id());
    }
}

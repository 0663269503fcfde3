//! Publishing a dead letter and waiting for JetStream to store it. Callers terminate the
//! original only after this returns `Ok` (DESIGN.md §3): `Term` deletes a message from a
//! WorkQueue or Interest stream, so the copy must exist first.

use async_nats::jetstream;

use super::SubscriberError;
use crate::bus::denials::race_publish;
use crate::bus::{BusError, Denials};
use crate::dlq::naming::parked_subject;
use crate::dlq::{dead_letter_subject, DeadLetter};

/// Where the copy was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub stream: String,
    pub sequence: u64,
    /// The deterministic id was already in the duplicate window: an earlier attempt (before a
    /// crash or a redelivery) stored it.
    pub duplicate: bool,
    /// It went to the parking lot (`dlq.….parked`): replayed `park_after` times already.
    pub parked: bool,
}

/// Publish `dl` to `dlq.<stream>.<consumer>` and await the JetStream ack; or, when it was
/// already replayed `park_after` times (`Evt-Replay-Count`), to the parking lot
/// `dlq.<stream>.<consumer>.parked`, where replays leave it unless asked for by name.
///
/// A private publish rather than the `publisher` module's retry loop: a failure here is
/// answered by nak'ing the original with a delay, which is a retry with the message's own
/// backoff and survives a crash of this process.
///
/// With `denials` (the connection's, see [`crate::bus::Bus::denials`]) a permission violation
/// for the DLQ subject fails it at once with [`SubscriberError::PermissionDenied`] instead of
/// after the ack timeout.
pub async fn publish_dead_letter(
    js: &jetstream::Context,
    denials: Option<&Denials>,
    dl: &DeadLetter,
    park_after: u64,
) -> Result<Stored, SubscriberError> {
    let parked = dl.replay_count() >= park_after;
    let subject = if parked {
        parked_subject(&dl.stream, &dl.consumer)
    } else {
        dead_letter_subject(&dl.stream, &dl.consumer)
    };
    let (headers, payload) = dl.to_message();
    let fail = |source: super::BoxError| SubscriberError::DeadLetterPublish {
        subject: subject.clone(),
        stream: dl.stream.clone(),
        seq: dl.stream_seq,
        source,
    };
    let stored = async {
        js.publish_with_headers(subject.clone(), headers, payload)
            .await
            .map_err(|e| fail(e.into()))?
            .await
            .map_err(|e| fail(e.into()))
    };
    let ack = race_publish(denials, &subject, stored)
        .await
        .map_err(|d| {
            SubscriberError::PermissionDenied(Box::new(BusError::denied(
                "storing a dead letter",
                &d,
            )))
        })??;
    Ok(Stored {
        stream: ack.stream,
        sequence: ack.sequence,
        duplicate: ack.duplicate,
        parked,
    })
}

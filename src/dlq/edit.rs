//! Replaying one dead letter after an operator edited its event (`evt dlq replay --seq N
//! --edit`): the edited body must decode and validate against its schema before anything is
//! sent; the copy carries `Evt-Replay-Edited: true`; the entry leaves the DLQ only after the
//! edited copy is acknowledged. The audit trail is the headers (`Evt-Replay-Of`, the original
//! id, the edit flag).

use async_nats::jetstream;
use bytes::Bytes;
use thiserror::Error;
use time::OffsetDateTime;

use super::header;
use super::store::{DlqStore, StoreError};
use crate::codec::{EventFactory, RawMessage};
use crate::event::header::MSG_ID;

#[derive(Debug, Error)]
pub enum EditError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("DLQ entry {seq} is not a dead letter; it cannot be edited and replayed")]
    NotADeadLetter { seq: u64 },
    #[error("the edited event does not validate; nothing was sent and DLQ entry {seq} stays")]
    Invalid {
        seq: u64,
        #[source]
        source: crate::codec::DecodeError,
    },
    #[error("the edited copy of DLQ entry {seq} was not stored by a stream on {subject}; the entry stays")]
    Publish {
        seq: u64,
        subject: String,
        #[source]
        source: jetstream::context::PublishError,
    },
}

/// Where the edited copy went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditedReplay {
    pub subject: String,
    pub stream: String,
    pub seq: u64,
}

/// The editable form of an entry's event: its body as pretty JSON (inflated when gzip).
pub fn editable(store_entry: &super::store::Entry, limits: &crate::wire::Limits) -> Option<String> {
    let dl = store_entry.letter.as_ref().ok()?;
    let v = crate::wire::read_json(Some(&dl.headers), &dl.payload, limits).ok()?;
    serde_json::to_string_pretty(&v).ok()
}

/// FNV-1a of the edited body: the copy's id names the edit, so a second, different edit of
/// the same entry is not taken for a duplicate of the first.
fn digest(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &x in b {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Validates `edited` as the event of DLQ entry `seq`, publishes it to `to` (or the original
/// subject), and removes the entry once the copy is acknowledged.
pub async fn replay_edited(
    js: &jetstream::Context,
    store: &DlqStore,
    factory: &EventFactory,
    seq: u64,
    edited: &[u8],
    to: Option<&str>,
) -> Result<EditedReplay, EditError> {
    let entry = store.get(seq).await?;
    let dl = entry
        .letter
        .as_ref()
        .map_err(|_| EditError::NotADeadLetter { seq })?;
    // Compact, uncompressed: what the operator wrote, as one JSON document.
    let body: Bytes = match serde_json::from_slice::<serde_json::Value>(edited) {
        Ok(v) => Bytes::from(v.to_string()),
        Err(_) => Bytes::copy_from_slice(edited),
    };
    let (mut headers, _) = dl.replay_message(store.name(), seq, OffsetDateTime::now_utc());
    headers.insert(crate::event::header::COMPRESSED, "false");
    // Header copies of body fields follow the edit, so the copy agrees with itself.
    if let Ok(serde_json::Value::Object(m)) = serde_json::from_slice::<serde_json::Value>(&body) {
        for (h, f) in [
            (crate::event::header::EVENT_TYPE, "event_type"),
            (crate::event::header::EVENT_ID, "event_id"),
        ] {
            if let Some(v) = m.get(f).and_then(|v| v.as_str()) {
                if headers.get(h).is_some() {
                    headers.insert(h, v);
                }
            }
        }
    }
    headers.insert(header::REPLAY_EDITED, "true");
    headers.insert(
        MSG_ID,
        format!(
            "{}:edit:{:016x}",
            super::DeadLetter::replay_message_id(store.name(), seq),
            digest(&body)
        ),
    );
    let subject = to.unwrap_or(&dl.original_subject).to_string();
    factory
        .decode(&RawMessage {
            subject: &subject,
            headers: Some(&headers),
            payload: &body,
            stream: None,
            stream_seq: None,
        })
        .map_err(|source| EditError::Invalid { seq, source })?;
    let fail = |source| EditError::Publish {
        seq,
        subject: subject.clone(),
        source,
    };
    let ack = js
        .publish_with_headers(subject.clone(), headers, body)
        .await
        .map_err(fail)?
        .await
        .map_err(fail)?;
    store.delete(seq).await?;
    Ok(EditedReplay {
        subject,
        stream: ack.stream,
        seq: ack.sequence,
    })
}

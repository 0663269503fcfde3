//! Reading and deleting entries of a DLQ stream.
//!
//! Entries are read in sequence order through an ordered consumer (ephemeral, no acks, in
//! memory on the server), as a stream: a DLQ with 100,000 entries is never held in memory. A
//! read stops at the last sequence the stream had when it began, so a replay does not chase
//! dead letters that arrive while it runs.

use std::time::Duration;

use async_nats::jetstream::{self, consumer, response::Response, stream::Stream as JsStream};
use async_nats::HeaderMap;
use bytes::Bytes;
use futures::{Stream, StreamExt};
use thiserror::Error;
use time::OffsetDateTime;

use super::{DeadLetter, DlqError};

pub use super::naming::DEFAULT_DLQ_STREAM;

/// How long a read waits for the next entry before asking the server whether any are left
/// (entries can be deleted under us, e.g. by a concurrent replay).
const IDLE_CHECK: Duration = Duration::from_secs(2);

/// One message of the DLQ stream: a dead letter, or something else that landed there.
#[derive(Debug)]
pub struct Entry {
    pub dlq_seq: u64,
    /// The subject the entry was stored under (`dlq.<stream>.<consumer>`).
    pub dlq_subject: String,
    /// When the DLQ stream stored it.
    pub stored_at: OffsetDateTime,
    /// The dead letter, or why this message is not one.
    pub letter: Result<DeadLetter, DlqError>,
    /// The message as stored, for showing what a non-dead-letter holds.
    pub raw_headers: HeaderMap,
    pub raw_payload: Bytes,
}

impl Entry {
    pub fn new(
        dlq_seq: u64,
        dlq_subject: String,
        stored_at: OffsetDateTime,
        headers: HeaderMap,
        payload: Bytes,
    ) -> Entry {
        let letter = DeadLetter::from_message(&headers, payload.clone());
        Entry {
            dlq_seq,
            dlq_subject,
            stored_at,
            letter,
            raw_headers: headers,
            raw_payload: payload,
        }
    }
}

/// Errors reading or changing the DLQ stream; each names the stream.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("no dead-letter stream '{stream}' — declare it in streams/*.yaml and run `evt streams apply`")]
    NotFound { stream: String },
    #[error("cannot open dead-letter stream '{stream}'")]
    Open {
        stream: String,
        #[source]
        source: async_nats::jetstream::context::GetStreamError,
    },
    #[error("cannot read dead-letter stream '{stream}'")]
    Read {
        stream: String,
        /// The client's error, the server's, or [`BadMetadata`].
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("dead-letter stream '{stream}' has no entry {seq}")]
    NoSuchEntry { stream: String, seq: u64 },
    #[error("cannot delete entry {seq} of dead-letter stream '{stream}'")]
    Delete {
        stream: String,
        seq: u64,
        /// The client's error, the server's, or [`NotDeleted`].
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("cannot purge dead-letter stream '{stream}' below sequence {below}")]
    Purge {
        stream: String,
        below: u64,
        #[source]
        source: async_nats::jetstream::stream::PurgeError,
    },
}

/// A delivery whose JetStream metadata (the reply subject) could not be parsed.
#[derive(Debug, Error)]
#[error("bad delivery metadata")]
pub struct BadMetadata(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// The server answered a delete without deleting.
#[derive(Debug, Error)]
#[error("the server did not delete it")]
pub struct NotDeleted;

fn read_error(stream: &str, e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> StoreError {
    StoreError::Read {
        stream: stream.to_string(),
        source: e.into(),
    }
}

/// An opened DLQ stream.
#[derive(Debug, Clone)]
pub struct DlqStore {
    name: String,
    stream: JsStream,
    js: jetstream::Context,
}

#[derive(Debug, serde::Deserialize)]
struct DeleteOk {
    success: bool,
}

/// What the stream held when we looked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreState {
    pub messages: u64,
    pub first_seq: u64,
    pub last_seq: u64,
}

impl DlqStore {
    /// Opens the stream; a missing one is [`StoreError::NotFound`] (one line for the CLI).
    pub async fn open(js: &jetstream::Context, name: &str) -> Result<DlqStore, StoreError> {
        match js.get_stream(name).await {
            Ok(stream) => Ok(DlqStore {
                name: name.to_string(),
                stream,
                js: js.clone(),
            }),
            Err(e) => {
                if let async_nats::jetstream::context::GetStreamErrorKind::JetStream(inner) =
                    e.kind()
                {
                    if inner.error_code() == jetstream::ErrorCode::STREAM_NOT_FOUND {
                        return Err(StoreError::NotFound {
                            stream: name.to_string(),
                        });
                    }
                }
                Err(StoreError::Open {
                    stream: name.to_string(),
                    source: e,
                })
            }
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The subjects the DLQ stream captures (replaying into one of them would loop).
    pub fn subjects(&self) -> &[String] {
        &self.stream.cached_info().config.subjects
    }

    /// Current message count and sequence bounds.
    pub async fn state(&self) -> Result<StoreState, StoreError> {
        let mut s = self.stream.clone();
        let info = s.info().await.map_err(|e| read_error(&self.name, e))?;
        Ok(StoreState {
            messages: info.state.messages,
            first_seq: info.state.first_sequence,
            last_seq: info.state.last_sequence,
        })
    }

    /// One entry by sequence.
    pub async fn get(&self, seq: u64) -> Result<Entry, StoreError> {
        match self.stream.get_raw_message(seq).await {
            Ok(m) => Ok(Entry::new(
                m.sequence,
                m.subject.to_string(),
                m.time,
                m.headers,
                m.payload,
            )),
            Err(e) => {
                let not_found = match e.kind() {
                    async_nats::jetstream::stream::LastRawMessageErrorKind::NoMessageFound => true,
                    async_nats::jetstream::stream::LastRawMessageErrorKind::JetStream(inner) => {
                        inner.error_code() == jetstream::ErrorCode::NO_MESSAGE_FOUND
                    }
                    _ => false,
                };
                if not_found {
                    Err(StoreError::NoSuchEntry {
                        stream: self.name.clone(),
                        seq,
                    })
                } else {
                    Err(read_error(&self.name, e))
                }
            }
        }
    }

    /// Entries from `start_seq` up to the last sequence the stream holds now, in order.
    pub async fn entries(
        &self,
        start_seq: u64,
    ) -> Result<impl Stream<Item = Result<Entry, StoreError>> + Send + 'static, StoreError> {
        let state = self.state().await?;
        let end = state.last_seq;
        let name = self.name.clone();
        let start = start_seq.max(1);
        let empty = state.messages == 0 || start > end;
        let messages = if empty {
            None
        } else {
            Some(open_ordered(&self.stream, &name, start).await?)
        };
        let stream = self.stream.clone();
        let st = ReadState {
            messages,
            stream,
            name,
            end,
            last_seen: start.saturating_sub(1),
            done: empty,
        };
        Ok(futures::stream::unfold(st, |mut st| async move {
            if st.done {
                return None;
            }
            let item = st.next().await;
            match item {
                Some(Ok(e)) => Some((Ok(e), st)),
                Some(Err(e)) => {
                    st.done = true;
                    Some((Err(e), st))
                }
                None => None,
            }
        }))
    }

    /// Deletes one entry. An entry already gone counts as deleted: a concurrent replay or an
    /// earlier attempt removed it, which is what we wanted.
    ///
    /// `no_erase`: the server would otherwise overwrite the message on disk first, which
    /// makes each delete an order of magnitude slower; a dead letter is removed because it
    /// was handled, not because its bytes are secret.
    pub async fn delete(&self, seq: u64) -> Result<(), StoreError> {
        let subject = format!("STREAM.MSG.DELETE.{}", self.name);
        let body = serde_json::json!({ "seq": seq, "no_erase": true });
        let fail = |source: Box<dyn std::error::Error + Send + Sync>| StoreError::Delete {
            stream: self.name.clone(),
            seq,
            source,
        };
        let response: Response<DeleteOk> = self
            .js
            .request(subject, &body)
            .await
            .map_err(|e| fail(Box::new(e)))?;
        match response {
            Response::Ok(DeleteOk { success: true }) => Ok(()),
            Response::Ok(DeleteOk { success: false }) => Err(fail(Box::new(NotDeleted))),
            Response::Err { error } => {
                // A sequence already gone comes back as NO_MESSAGE_FOUND, or (older servers)
                // as a delete failure whose description says so: the code alone can't tell.
                if error.error_code() == jetstream::ErrorCode::NO_MESSAGE_FOUND
                    || error.to_string().to_ascii_lowercase().contains("not found")
                {
                    Ok(())
                } else {
                    Err(fail(Box::new(error)))
                }
            }
        }
    }

    /// Removes every entry below `below` in one request. Only for callers that have seen
    /// every entry below it and decided each one goes.
    pub async fn purge_below(&self, below: u64) -> Result<u64, StoreError> {
        self.stream
            .purge()
            .sequence(below)
            .await
            .map(|r| r.purged)
            .map_err(|source| StoreError::Purge {
                stream: self.name.clone(),
                below,
                source,
            })
    }
}

/// An ordered reader of `stream` from `start`.
async fn open_ordered(
    stream: &JsStream,
    name: &str,
    start: u64,
) -> Result<consumer::pull::Ordered, StoreError> {
    let consumer = stream
        .create_consumer(consumer::pull::OrderedConfig {
            deliver_policy: consumer::DeliverPolicy::ByStartSequence {
                start_sequence: start,
            },
            ..Default::default()
        })
        .await
        .map_err(|e| read_error(name, e))?;
    consumer.messages().await.map_err(|e| read_error(name, e))
}

/// How long reading keeps trying to get a reader back after the cluster lost it (a node or
/// the whole cluster restarting) before it reports the read error.
const REREAD_FOR: Duration = Duration::from_secs(60);

struct ReadState {
    messages: Option<consumer::pull::Ordered>,
    stream: JsStream,
    name: String,
    end: u64,
    last_seen: u64,
    done: bool,
}

impl ReadState {
    /// Replace the reader with one that starts after the last entry seen: the ordered
    /// consumer lives on one node, and a leader change or a restart can take it away silently
    /// (its own heartbeat is 15 s; the idle check here notices within seconds).
    async fn reopen(&mut self, why: &str) -> Result<(), StoreError> {
        let began = std::time::Instant::now();
        tracing::warn!(stream = %self.name, after = self.last_seen, reason = why, "dead-letter reader lost; reopening");
        let mut pause = Duration::from_millis(100);
        loop {
            match open_ordered(&self.stream, &self.name, self.last_seen + 1).await {
                Ok(m) => {
                    self.messages = Some(m);
                    tracing::warn!(stream = %self.name, after = self.last_seen, blind = ?began.elapsed(), "dead-letter reader resumed");
                    return Ok(());
                }
                Err(e) if began.elapsed() >= REREAD_FOR => return Err(e),
                Err(_) => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(1));
                }
            }
        }
    }

    async fn next(&mut self) -> Option<Result<Entry, StoreError>> {
        loop {
            if self.last_seen >= self.end {
                return None;
            }
            let messages = self.messages.as_mut()?;
            let next = match tokio::time::timeout(IDLE_CHECK, messages.next()).await {
                Ok(n) => n,
                Err(_) => {
                    // Nothing arrived: maybe everything left was deleted under us.
                    match self.stream.info().await {
                        Ok(info)
                            if info.state.messages == 0
                                || info.state.last_sequence <= self.last_seen
                                || info.state.first_sequence > self.end =>
                        {
                            return None
                        }
                        // More is there, but nothing came: the reader is lost.
                        Ok(_) => {
                            if let Err(e) = self.reopen("no message within the idle check").await {
                                return Some(Err(e));
                            }
                            continue;
                        }
                        Err(e) => {
                            if let Err(e2) = self.reopen(&crate::error::chain_line(&e)).await {
                                let _ = e2;
                                return Some(Err(read_error(&self.name, e)));
                            }
                            continue;
                        }
                    }
                }
            };
            let msg = match next {
                None => return None,
                Some(Err(e)) => {
                    if let Err(e2) = self.reopen(&crate::error::chain_line(&e)).await {
                        let _ = e2;
                        return Some(Err(read_error(&self.name, e)));
                    }
                    continue;
                }
                Some(Ok(m)) => m,
            };
            let (seq, published, pending) = match msg.info() {
                Ok(i) => (i.stream_sequence, i.published, i.pending),
                Err(e) => return Some(Err(read_error(&self.name, BadMetadata(e)))),
            };
            if seq > self.end {
                return None;
            }
            self.last_seen = seq;
            if pending == 0 {
                // This is the last one there is; don't wait for more.
                self.end = seq;
            }
            let m = msg.message;
            return Some(Ok(Entry::new(
                seq,
                m.subject.to_string(),
                published,
                m.headers.unwrap_or_default(),
                m.payload,
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_error_returns_its_cause() {
        let e = read_error(
            "DLQ",
            std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset"),
        );
        assert_eq!(e.to_string(), "cannot read dead-letter stream 'DLQ'");
        let source = std::error::Error::source(&e).expect("a source");
        assert_eq!(
            source.downcast_ref::<std::io::Error>().map(|e| e.kind()),
            Some(std::io::ErrorKind::ConnectionReset)
        );
    }
}

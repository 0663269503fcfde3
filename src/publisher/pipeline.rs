//! The fast path of a batch: publishes with a reply subject on one wildcard inbox and matches
//! the acks there, instead of a JetStream request (oneshot channel, inbox registration, timer
//! and boxed future) per message. At market-data rates those per-message costs were most of
//! the difference between `evt publish --file` and a bare client.
//!
//! The fast path only handles the common case: an ack that says "stored" (or "duplicate").
//! Anything else (no responders, an API error, a reply that does not parse, no reply within
//! the ack timeout, a send that fails) hands the message back to the caller, which resends it
//! through [`Publisher`](super::Publisher)'s retry policy with the same `Nats-Msg-Id`, so a
//! message whose first ack was merely late is stored once and reported as a duplicate.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use async_nats::{Client, HeaderMap, Message, Subject, Subscriber};
use bytes::Bytes;
use serde::Deserialize;

use super::HeaderSnapshot;

/// A window that hears no reply at all for this long is resent through the retry path.
const SILENCE: Duration = Duration::from_secs(1);

/// A message on the wire whose ack has not come back yet, with what its sender needs to
/// report it (`T`: a batch's input position and event id, a replay's DLQ sequence).
#[derive(Debug)]
pub(crate) struct Pending<T> {
    pub tag: T,
    /// For a resend: the header map itself went to the client.
    pub headers: HeaderSnapshot,
    pub payload: Bytes,
    pub(crate) sent: Instant,
}

/// What an ack said.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Stored {
    pub stream: String,
    pub sequence: u64,
    pub duplicate: bool,
}

impl From<async_nats::jetstream::publish::PublishAck> for Stored {
    fn from(a: async_nats::jetstream::publish::PublishAck) -> Self {
        Stored {
            stream: a.stream,
            sequence: a.sequence,
            duplicate: a.duplicate,
        }
    }
}

/// The JetStream publish ack, read without copying what is not needed.
#[derive(Deserialize)]
struct AckBody<'a> {
    #[serde(borrow)]
    stream: Option<&'a str>,
    seq: Option<u64>,
    #[serde(default)]
    duplicate: bool,
    /// Present when JetStream refused the message; the resend reports why.
    error: Option<serde::de::IgnoredAny>,
}

/// Acks in flight, matched by the last token of their reply subject.
pub(crate) struct AckInbox<T> {
    client: Client,
    /// `_INBOX.<id>.`; message n replies to `<prefix><n>`.
    prefix: String,
    sub: Subscriber,
    /// Slot i holds message `base + i`; `None` once its ack came or it was handed back.
    slots: VecDeque<Option<Pending<T>>>,
    base: u64,
    live: usize,
    /// When the inbox last heard any reply (see [`AckInbox::silent_for`]).
    last_reply: Instant,
}

impl<T> AckInbox<T> {
    pub async fn open(client: Client) -> Result<Self, async_nats::SubscribeError> {
        let prefix = format!("{}.", client.new_inbox());
        let sub = client.subscribe(format!("{prefix}*")).await?;
        Ok(Self {
            client,
            prefix,
            sub,
            slots: VecDeque::new(),
            base: 0,
            live: 0,
            last_reply: Instant::now(),
        })
    }

    /// Messages on the wire without an answer yet.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Put a message on the wire. If the client cannot take it (connection closed), the
    /// message comes back for the slow path.
    pub async fn send(
        &mut self,
        subject: &Subject,
        tag: T,
        headers: HeaderMap,
        snapshot: HeaderSnapshot,
        payload: Bytes,
    ) -> Result<(), Pending<T>> {
        let n = self.base + self.slots.len() as u64;
        let mut reply = String::with_capacity(self.prefix.len() + 20);
        reply.push_str(&self.prefix);
        reply.push_str(itoa(n, &mut [0u8; 20]));
        let pending = Pending {
            tag,
            headers: snapshot,
            payload: payload.clone(),
            sent: Instant::now(),
        };
        if let Err(e) = self
            .client
            .publish_with_reply_and_headers(subject.clone(), Subject::from(reply), headers, payload)
            .await
        {
            tracing::debug!(subject = %subject, error = %e, "fast publish failed; resending");
            return Err(pending);
        }
        self.slots.push_back(Some(pending));
        self.live += 1;
        Ok(())
    }

    /// The next reply on the inbox, matched to its message. `None` when the subscription
    /// ended (the client closed).
    pub async fn next(&mut self) -> Option<(Pending<T>, Result<Stored, ()>)> {
        use futures::StreamExt;
        loop {
            let msg = self.sub.next().await?;
            self.last_reply = Instant::now();
            if let Some(matched) = self.settle(&msg) {
                return Some(matched);
            }
        }
    }

    /// A reply that matches no slot (its message was already handed back after a timeout)
    /// is dropped: the resend's own ack reports that message.
    fn settle(&mut self, msg: &Message) -> Option<(Pending<T>, Result<Stored, ()>)> {
        let n: u64 = msg.subject.rsplit('.').next()?.parse().ok()?;
        let pending = self.take(n)?;
        let stored = (msg.status.is_none())
            .then(|| serde_json::from_slice::<AckBody<'_>>(&msg.payload).ok())
            .flatten()
            .and_then(|ack| match (ack.error, ack.stream, ack.seq) {
                (None, Some(stream), Some(sequence)) => Some(Stored {
                    stream: stream.to_string(),
                    sequence,
                    duplicate: ack.duplicate,
                }),
                _ => None,
            })
            .ok_or(());
        Some((pending, stored))
    }

    /// How long no reply at all has come while acks are pending. A busy server answers
    /// slowly but answers; complete silence is a dead stream leader or a lost connection,
    /// and the window's messages are gone with it.
    fn silent_for(&self) -> Duration {
        if self.live == 0 {
            return Duration::ZERO;
        }
        let oldest = self.slots.iter().flatten().next().map(|p| p.sent);
        let since = oldest.map_or(self.last_reply, |s| s.max(self.last_reply));
        since.elapsed()
    }

    /// Messages to resend now, oldest first: those unanswered for `ack_timeout`, or, once
    /// the inbox has heard no reply at all for [`SILENCE`], those older than that. Complete
    /// silence is a dead stream leader that took the window with it; resending then (same
    /// message ids) makes a failover cost about the election, not the election plus the
    /// timeout. A server that is slow but answering keeps the full ack timeout; resends are
    /// deduplicated by message id either way.
    pub fn overdue(&mut self, ack_timeout: Duration) -> Vec<Pending<T>> {
        let limit = if self.silent_for() >= SILENCE {
            SILENCE.min(ack_timeout)
        } else {
            ack_timeout
        };
        self.expired(limit)
    }

    /// Messages that have waited longer than `timeout`, oldest first, for the slow path.
    pub fn expired(&mut self, timeout: Duration) -> Vec<Pending<T>> {
        let now = Instant::now();
        let mut out = Vec::new();
        for slot in self.slots.iter_mut() {
            match slot {
                Some(p) if now.duration_since(p.sent) >= timeout => {
                    out.extend(slot.take());
                }
                // Sent in order, so everything after the first young one is younger.
                Some(_) => break,
                None => {}
            }
        }
        self.live -= out.len();
        self.compact();
        out
    }

    fn take(&mut self, n: u64) -> Option<Pending<T>> {
        let i = usize::try_from(n.checked_sub(self.base)?).ok()?;
        let p = self.slots.get_mut(i)?.take()?;
        self.live -= 1;
        self.compact();
        Some(p)
    }

    fn compact(&mut self) {
        while matches!(self.slots.front(), Some(None)) {
            self.slots.pop_front();
            self.base += 1;
        }
    }

    /// Stop listening; replies still on their way are dropped by the server.
    pub async fn close(mut self) {
        if let Err(e) = self.sub.unsubscribe().await {
            tracing::debug!(error = %e, "closing the ack inbox");
        }
    }
}

/// `n` in decimal without the formatting machinery (one per message).
fn itoa(mut n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn itoa_writes_decimal() {
        for n in [0u64, 7, 10, 1234567890, u64::MAX] {
            assert_eq!(itoa(n, &mut [0u8; 20]), n.to_string());
        }
    }

    #[test]
    fn ack_body_reads_stored_duplicate_and_error() {
        let a: AckBody<'_> =
            serde_json::from_slice(br#"{"stream":"S","seq":5,"duplicate":true}"#).unwrap();
        assert_eq!((a.stream, a.seq, a.duplicate), (Some("S"), Some(5), true));
        assert!(a.error.is_none());
        let e: AckBody<'_> = serde_json::from_slice(
            br#"{"error":{"code":503,"err_code":10077,"description":"maximum messages exceeded"},"stream":"S","seq":0}"#,
        )
        .unwrap();
        assert!(e.error.is_some());
    }
}

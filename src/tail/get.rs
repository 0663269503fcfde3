//! Reading a WorkQueue stream without a consumer: one message get per message ("the next
//! message matching the filter at or after sequence S"), which neither acknowledges nor
//! registers interest. When nothing newer is stored, it polls.
//!
//! Workers remove messages from a WorkQueue stream as they acknowledge them, so a message
//! consumed faster than the poll interval may not be seen; the stream's own semantics, stated
//! in the CLI help.

use std::time::Duration;

use async_nats::jetstream::message::StreamMessage;
use async_nats::jetstream::stream::{self, RawMessageErrorKind};
use async_nats::jetstream::ErrorCode;
use futures::future::BoxFuture;

use super::ordered::ReadContext;
use super::{StartAt, TailError, TailMessage};

const POLL: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

type Fetch = BoxFuture<'static, Result<Option<StreamMessage>, FetchError>>;

enum FetchError {
    Gone,
    Retry(stream::RawMessageError),
}

pub(super) struct GetReader {
    ctx: ReadContext,
    stream: stream::Stream,
    next_seq: u64,
    /// The request in flight or the pause before the next one; kept across cancelled polls.
    pending: Option<Fetch>,
    backoff: Duration,
}

impl GetReader {
    pub async fn open(
        ctx: ReadContext,
        stream: stream::Stream,
        info: &stream::Info,
        start: StartAt,
    ) -> Result<GetReader, TailError> {
        let next_seq = match start {
            StartAt::All => info.state.first_sequence.max(1),
            StartAt::New => info.state.last_sequence + 1,
            StartAt::Seq(n) => n.max(1),
            StartAt::Last(_) | StartAt::Since(_) => {
                return Err(TailError::UnsupportedOnWorkQueue {
                    stream: ctx.stream.clone(),
                    start,
                })
            }
        };
        Ok(GetReader {
            ctx,
            stream,
            next_seq,
            pending: None,
            backoff: POLL,
        })
    }

    fn fetch(&self, delay: Duration) -> Fetch {
        let stream = self.stream.clone();
        let seq = self.next_seq;
        let filters = self.ctx.filters.clone();
        Box::pin(async move {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            // With several filters, the earliest next message among them.
            let mut best: Option<StreamMessage> = None;
            for f in filters {
                let got = stream
                    .raw_message_builder()
                    .sequence(seq)
                    .next_by_subject(f)
                    .send()
                    .await;
                match got {
                    Ok(m) => {
                        if best.as_ref().is_none_or(|b| m.sequence < b.sequence) {
                            best = Some(m);
                        }
                    }
                    Err(e) => match e.kind() {
                        RawMessageErrorKind::NoMessageFound => {}
                        RawMessageErrorKind::JetStream(err)
                            if err.error_code() == ErrorCode::STREAM_NOT_FOUND =>
                        {
                            return Err(FetchError::Gone)
                        }
                        _ => return Err(FetchError::Retry(e)),
                    },
                }
            }
            Ok(best)
        })
    }

    pub async fn next(&mut self) -> Option<Result<TailMessage, TailError>> {
        loop {
            // Kept in `self` while awaited, so a cancelled poll resumes the same request.
            let fut = match &mut self.pending {
                Some(f) => f,
                None => self.pending.insert(self.fetch(Duration::ZERO)),
            };
            let res = fut.await;
            self.pending = None;
            match res {
                Ok(Some(raw)) => {
                    self.next_seq = raw.sequence + 1;
                    self.backoff = POLL;
                    let headers = (!raw.headers.is_empty()).then_some(raw.headers);
                    return Some(Ok(TailMessage {
                        subject: raw.subject.to_string(),
                        stream: Some(self.ctx.stream.clone()),
                        seq: Some(raw.sequence),
                        time: Some(raw.time),
                        headers,
                        payload: raw.payload,
                    }));
                }
                Ok(None) => self.pending = Some(self.fetch(POLL)),
                Err(FetchError::Gone) => {
                    return Some(Err(TailError::StreamGone {
                        stream: self.ctx.stream.clone(),
                        subject: self.ctx.subject.clone(),
                    }))
                }
                Err(FetchError::Retry(e)) => {
                    tracing::warn!(stream = %self.ctx.stream, error = %crate::error::chain_line(&e), "message get failed; retrying");
                    self.pending = Some(self.fetch(self.backoff));
                    self.backoff = (self.backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }
}

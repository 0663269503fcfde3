//! Reading a subject like `tail -f`: through an ordered, ephemeral JetStream consumer when a
//! stream captures the subject, otherwise through a core NATS subscription.
//!
//! Tail must never change what it watches: no durable consumer, nothing acknowledged, and no
//! interest left behind on Interest or WorkQueue streams. So:
//! - Limits and Interest streams are read by an ordered pull consumer of our own making
//!   (ephemeral, memory, one replica, `AckNone`), recreated from the last sequence seen after
//!   any gap, missed heartbeat or server restart, and deleted on [`Tail::close`].
//! - WorkQueue streams refuse any consumer that does not ack explicitly (and one that did
//!   would delete the messages), so they are read with direct message gets, which change
//!   nothing; new messages are polled for.
//! - Without a stream, a core subscription sees only what is published while it runs.
//!
//! The library never prints; it reports what it reads from (see [`Source`]).

mod get;
mod ordered;
pub mod resolve;

use async_nats::jetstream::{self, stream::RetentionPolicy};
use async_nats::HeaderMap;
use bytes::Bytes;
use futures::StreamExt;
use thiserror::Error;
use time::OffsetDateTime;

use crate::bus::{streams_for_subject, Bus, StreamLookupError};
use crate::subject::{validate_pattern, SubjectError};

/// Where reading starts in the stream. Only [`StartAt::New`] is possible without a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StartAt {
    /// Everything the stream holds for the subject.
    All,
    /// Only messages stored after tail started.
    #[default]
    New,
    /// The last N messages matching the subject, then follow.
    Last(u64),
    /// The first message stored at or after this time, then follow.
    Since(OffsetDateTime),
    /// From this stream sequence (the first matching message at or after it).
    Seq(u64),
}

/// What was asked for, in words (errors name the request, the CLI names its flag).
impl std::fmt::Display for StartAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartAt::All => write!(f, "reading from the start"),
            StartAt::New => write!(f, "reading new messages"),
            StartAt::Last(n) => write!(f, "reading the last {n} messages"),
            StartAt::Since(t) => write!(f, "reading since {t}"),
            StartAt::Seq(n) => write!(f, "reading from sequence {n}"),
        }
    }
}

/// What to read and how.
#[derive(Debug, Clone, Default)]
pub struct TailOptions {
    pub start: StartAt,
    /// Read this stream instead of asking the server which one captures the subject.
    pub stream: Option<String>,
    /// Messages asked for per pull request (ordered consumer); 0 picks the default.
    pub batch: usize,
    /// How a lost consumer is noticed (idle heartbeat, pull expiry); default 1 s and 5 s.
    pub pull_timing: crate::pull::PullTiming,
}

/// Where the messages come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stream {
        name: String,
        /// Consumer filter subjects actually used.
        filters: Vec<String>,
        /// False when the stream captures only part of the subject: the rest is never stored.
        covers: bool,
        /// WorkQueue streams are read with message gets instead of a consumer.
        work_queue: bool,
    },
    Core {
        subject: String,
        /// Why no stream is used.
        reason: CoreReason,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoreReason {
    /// No stream's subjects overlap the subject.
    NoStream,
    /// The account has no JetStream (or it does not answer): the lookup's error as one line
    /// (`Source` is `Clone` and compared, so it holds the text, not the error).
    NoJetStream(String),
}

/// One message as tail shows it.
#[derive(Debug, Clone)]
pub struct TailMessage {
    pub subject: String,
    /// Stream name and sequence; `None` for core messages.
    pub stream: Option<String>,
    pub seq: Option<u64>,
    /// When the stream stored it; `None` for core messages.
    pub time: Option<OffsetDateTime>,
    pub headers: Option<HeaderMap>,
    pub payload: Bytes,
}

/// Why tail could not start or continue. Every variant names the subject or the stream.
#[derive(Debug, Error)]
pub enum TailError {
    #[error("invalid subject '{subject}'")]
    InvalidSubject {
        subject: String,
        #[source]
        source: SubjectError,
    },
    #[error("several streams capture '{subject}': {}", streams.join(", "))]
    AmbiguousStream {
        subject: String,
        streams: Vec<String>,
    },
    #[error("stream '{stream}' not found")]
    StreamNotFound { stream: String },
    #[error("stream '{stream}' does not capture '{subject}' (its subjects: {})", subjects.join(", "))]
    NotCaptured {
        stream: String,
        subject: String,
        subjects: Vec<String>,
    },
    #[error(
        "{start} needs a stream, but no stream captures '{subject}' (core NATS keeps no history)"
    )]
    NeedsStream { subject: String, start: StartAt },
    #[error(
        "{start} is not supported on WorkQueue stream '{stream}' (tail reads it without a consumer)"
    )]
    UnsupportedOnWorkQueue { stream: String, start: StartAt },
    #[error("looking up the stream for '{subject}' failed")]
    Lookup {
        subject: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The reading consumer could not be made: the server refused it (a bad filter, limits),
    /// or the first attempt failed.
    #[error("cannot read stream '{stream}' for '{subject}'")]
    Consumer {
        stream: String,
        subject: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("cannot find the last {n} messages of '{subject}' in stream '{stream}'")]
    LastN {
        stream: String,
        subject: String,
        n: u64,
        #[source]
        source: async_nats::jetstream::stream::ConsumerError,
    },
    #[error("stream '{stream}' was deleted while tailing '{subject}'")]
    StreamGone { stream: String, subject: String },
    #[error("cannot subscribe to '{subject}'")]
    Subscribe {
        subject: String,
        #[source]
        source: async_nats::SubscribeError,
    },
}

/// An open tail: call [`Tail::next`] until it returns `None`, then [`Tail::close`].
pub struct Tail {
    source: Source,
    reader: Reader,
}

enum Reader {
    Ordered(Box<ordered::OrderedReader>),
    Get(Box<get::GetReader>),
    Core(async_nats::Subscriber),
}

impl Tail {
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The next message; `None` when the source ended (connection closed).
    ///
    /// Cancel-safe: dropping the future (e.g. in `select!`) loses no message and leaves no
    /// request half done, so it can be polled opportunistically.
    pub async fn next(&mut self) -> Option<Result<TailMessage, TailError>> {
        match &mut self.reader {
            Reader::Ordered(r) => r.next().await,
            Reader::Get(r) => r.next().await,
            Reader::Core(sub) => sub.next().await.map(|m| {
                Ok(TailMessage {
                    subject: m.subject.to_string(),
                    stream: None,
                    seq: None,
                    time: None,
                    headers: m.headers,
                    payload: m.payload,
                })
            }),
        }
    }

    /// Stop reading and remove what tail created on the server (the ephemeral consumer).
    pub async fn close(self) {
        match self.reader {
            Reader::Ordered(r) => r.close().await,
            Reader::Get(_) => {}
            Reader::Core(mut sub) => {
                let _ = sub.unsubscribe().await;
            }
        }
    }
}

/// Open a tail on `subject` (a pattern; wildcards allowed).
pub async fn open(bus: &Bus, subject: &str, opts: TailOptions) -> Result<Tail, TailError> {
    validate_pattern(subject).map_err(|source| TailError::InvalidSubject {
        subject: subject.to_string(),
        source,
    })?;
    let js = bus.jetstream();
    let stream_name = match &opts.stream {
        Some(name) => Some(name.clone()),
        None => match streams_for_subject(js, subject).await {
            Ok(names) if names.is_empty() => None,
            Ok(mut names) if names.len() == 1 => names.pop(),
            Ok(mut names) => {
                names.sort();
                return Err(TailError::AmbiguousStream {
                    subject: subject.to_string(),
                    streams: names,
                });
            }
            Err(StreamLookupError::NoJetStream { source, .. }) => {
                let why = crate::error::chain_line(source.as_ref());
                return core(bus, subject, opts.start, CoreReason::NoJetStream(why)).await;
            }
            Err(e @ StreamLookupError::Other { .. }) => {
                return Err(TailError::Lookup {
                    subject: subject.to_string(),
                    source: Box::new(e),
                })
            }
        },
    };
    let Some(stream_name) = stream_name else {
        return core(bus, subject, opts.start, CoreReason::NoStream).await;
    };

    let stream = js.get_stream(&stream_name).await.map_err(|e| {
        if let jetstream::context::GetStreamErrorKind::JetStream(err) = e.kind() {
            if err.error_code() == jetstream::ErrorCode::STREAM_NOT_FOUND {
                return TailError::StreamNotFound {
                    stream: stream_name.clone(),
                };
            }
        }
        TailError::Lookup {
            subject: subject.to_string(),
            source: Box::new(e),
        }
    })?;
    let info = stream.cached_info().clone();
    let plan = resolve::plan_filter(subject, &info.config.subjects);
    if plan.filters.is_empty() {
        return Err(TailError::NotCaptured {
            stream: stream_name,
            subject: subject.to_string(),
            subjects: info.config.subjects.clone(),
        });
    }
    let work_queue = info.config.retention == RetentionPolicy::WorkQueue;
    let source = Source::Stream {
        name: stream_name.clone(),
        filters: plan.filters.clone(),
        covers: plan.covers,
        work_queue,
    };
    let ctx = ordered::ReadContext {
        js: js.clone(),
        stream: stream_name,
        subject: subject.to_string(),
        filters: plan.filters,
    };
    let reader = if work_queue {
        Reader::Get(Box::new(
            get::GetReader::open(ctx, stream, &info, opts.start).await?,
        ))
    } else {
        Reader::Ordered(Box::new(
            ordered::OrderedReader::open(ctx, &info, opts.start, opts.batch, opts.pull_timing)
                .await?,
        ))
    };
    Ok(Tail { source, reader })
}

async fn core(
    bus: &Bus,
    subject: &str,
    start: StartAt,
    reason: CoreReason,
) -> Result<Tail, TailError> {
    if start != StartAt::New {
        return Err(TailError::NeedsStream {
            subject: subject.to_string(),
            start,
        });
    }
    let sub = bus
        .client()
        .subscribe(subject.to_string())
        .await
        .map_err(|source| TailError::Subscribe {
            subject: subject.to_string(),
            source,
        })?;
    // The subscription is live on the server once this round trip returns, so a message
    // published after `open` returns is never missed.
    let _ = bus.client().flush().await;
    Ok(Tail {
        source: Source::Core {
            subject: subject.to_string(),
            reason,
        },
        reader: Reader::Core(sub),
    })
}

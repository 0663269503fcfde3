//! A durable consumer's lag as the server sees it: in messages, and in seconds.
//!
//! One computation shared by everything that reports lag (the subscriber's `/metrics`,
//! `evt check`, `evt report`), so the three always agree. Call [`consumer_lag`] with a
//! JetStream context, a stream and a durable; or, when consumer info is already at hand, fetch
//! the oldest unacked timestamp with [`oldest_unacked_time`] and combine with
//! [`ConsumerLag::from_info`], which is pure and unit-tested.
//!
//! **Lag in seconds** is the age of the oldest message this consumer has not acked yet. The
//! server keeps an *ack floor*: every stream sequence up to `ack_floor.stream_seq` is acked (or
//! was never for this consumer). So the oldest unacked message is the first message after the
//! floor that matches the consumer's filter(s), and its stored timestamp gives the age. That is
//! one stream "get" per filter subject (at most [`MAX_FILTERS_LOOKED_UP`]), next-by-subject from
//! `ack_floor.stream_seq + 1`, so a deleted sequence or another subject's message in between
//! does not skew it. Nothing outstanding (no pending, no ack pending) is a lag of zero.

use std::time::Duration;

use async_nats::jetstream::consumer::Info;
use async_nats::jetstream::stream::LastRawMessageErrorKind;
use async_nats::jetstream::Context;
use time::OffsetDateTime;

/// Bound on the stream lookups one lag computation makes (a consumer may declare many filters).
pub const MAX_FILTERS_LOOKED_UP: usize = 16;

/// A consumer's lag: the server's counts, and ages derived from its sequence info.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ConsumerLag {
    pub stream: String,
    pub consumer: String,
    /// Messages matching the filter not yet delivered to this consumer.
    pub num_pending: u64,
    /// Delivered, not yet acked.
    pub num_ack_pending: u64,
    /// Delivered more than once and not yet acked.
    pub num_redelivered: u64,
    /// Pull requests waiting at the server (0 means nobody is pulling).
    pub num_waiting: u64,
    /// Age of the oldest message not acked yet; `Some(0)` when nothing is outstanding; `None`
    /// when messages are outstanding but the oldest could not be read (e.g. it was deleted
    /// and nothing matching follows, or more filters than [`MAX_FILTERS_LOOKED_UP`]).
    pub lag_seconds: Option<f64>,
    /// Time since the server last delivered a message to this consumer; `None` if never.
    pub last_delivered_age: Option<Duration>,
    /// Time since the consumer last acked; `None` if never.
    pub last_ack_age: Option<Duration>,
    /// The ack floor (stream sequence) the seconds were measured from.
    pub ack_floor_stream_seq: u64,
}

impl ConsumerLag {
    /// Whether anything is outstanding (pending delivery or awaiting an ack).
    pub fn is_behind(&self) -> bool {
        self.num_pending > 0 || self.num_ack_pending > 0
    }

    /// Build from consumer info, the timestamp of the oldest unacked message (if one was
    /// found) and the current time. Pure: no I/O, clock passed in.
    pub fn from_info(
        info: &Info,
        oldest_unacked: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> ConsumerLag {
        let age = |t: OffsetDateTime| -> Duration {
            let d = now - t;
            // A clock behind the server's must not show negative lag.
            Duration::try_from(d).unwrap_or(Duration::ZERO)
        };
        let outstanding = info.num_pending > 0 || info.num_ack_pending > 0;
        let lag_seconds = if !outstanding {
            Some(0.0)
        } else {
            oldest_unacked.map(|t| age(t).as_secs_f64())
        };
        ConsumerLag {
            stream: info.stream_name.clone(),
            consumer: info.name.clone(),
            num_pending: info.num_pending,
            num_ack_pending: info.num_ack_pending as u64,
            num_redelivered: info.num_redelivered as u64,
            num_waiting: info.num_waiting as u64,
            lag_seconds,
            last_delivered_age: info.delivered.last_active.map(age),
            last_ack_age: info.ack_floor.last_active.map(age),
            ack_floor_stream_seq: info.ack_floor.stream_sequence,
        }
    }
}

/// Why lag could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LagError {
    #[error("cannot read stream '{stream}'")]
    Stream {
        stream: String,
        #[source]
        source: async_nats::jetstream::context::GetStreamError,
    },
    #[error("cannot read consumer '{consumer}' on stream '{stream}'")]
    ConsumerInfo {
        stream: String,
        consumer: String,
        #[source]
        source: async_nats::jetstream::context::ConsumerInfoError,
    },
    #[error("cannot read message after sequence {after} of stream '{stream}'")]
    OldestMessage {
        stream: String,
        after: u64,
        #[source]
        source: async_nats::jetstream::stream::RawMessageError,
    },
}

/// Read consumer info and the oldest unacked message's timestamp, and compute the lag.
pub async fn consumer_lag(
    js: &Context,
    stream: &str,
    consumer: &str,
) -> Result<ConsumerLag, LagError> {
    let s = js
        .get_stream_no_info(stream)
        .await
        .map_err(|source| LagError::Stream {
            stream: stream.to_string(),
            source,
        })?;
    let info = s
        .consumer_info(consumer)
        .await
        .map_err(|source| LagError::ConsumerInfo {
            stream: stream.to_string(),
            consumer: consumer.to_string(),
            source,
        })?;
    let oldest = if info.num_pending > 0 || info.num_ack_pending > 0 {
        oldest_unacked_time(&s, &info).await?
    } else {
        None
    };
    Ok(ConsumerLag::from_info(
        &info,
        oldest,
        OffsetDateTime::now_utc(),
    ))
}

/// Timestamp of the first message after the ack floor that matches the consumer's filters;
/// `None` if there is none (or too many filters to look up).
pub async fn oldest_unacked_time<I>(
    stream: &async_nats::jetstream::stream::Stream<I>,
    info: &Info,
) -> Result<Option<OffsetDateTime>, LagError> {
    let after = info.ack_floor.stream_sequence;
    let from = after.saturating_add(1);
    let mut filters: Vec<&str> = info
        .config
        .filter_subjects
        .iter()
        .map(String::as_str)
        .collect();
    if !info.config.filter_subject.is_empty() {
        filters.push(&info.config.filter_subject);
    }
    if filters.is_empty() {
        filters.push(">");
    }
    if filters.len() > MAX_FILTERS_LOOKED_UP {
        return Ok(None);
    }
    let mut oldest: Option<OffsetDateTime> = None;
    for f in filters {
        match stream.get_first_raw_message_by_subject(f, from).await {
            Ok(m) => oldest = Some(oldest.map_or(m.time, |o| o.min(m.time))),
            Err(e) if e.kind() == LastRawMessageErrorKind::NoMessageFound => {}
            Err(source) => {
                return Err(LagError::OldestMessage {
                    stream: info.stream_name.clone(),
                    after,
                    source,
                })
            }
        }
    }
    Ok(oldest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(pending: u64, ack_pending: usize) -> Info {
        let now = OffsetDateTime::now_utc();
        serde_json::from_value(serde_json::json!({
            "stream_name": "TRADING",
            "name": "auditor",
            "created": "2026-01-01T00:00:00Z",
            "config": {"durable_name": "auditor", "ack_policy": "explicit", "deliver_policy": "all", "replay_policy": "instant"},
            "delivered": {"consumer_seq": 10, "stream_seq": 10,
                          "last_active": (now - time::Duration::seconds(3)).format(&time::format_description::well_known::Rfc3339).unwrap()},
            "ack_floor": {"consumer_seq": 7, "stream_seq": 7},
            "num_ack_pending": ack_pending,
            "num_redelivered": 1,
            "num_waiting": 2,
            "num_pending": pending,
        }))
        .unwrap()
    }

    #[test]
    fn lag_is_the_age_of_the_oldest_unacked_message() {
        let now = OffsetDateTime::now_utc();
        let lag = ConsumerLag::from_info(&info(5, 3), Some(now - time::Duration::seconds(42)), now);
        assert_eq!(lag.lag_seconds, Some(42.0));
        assert_eq!((lag.num_pending, lag.num_ack_pending), (5, 3));
        assert_eq!((lag.num_redelivered, lag.num_waiting), (1, 2));
        assert_eq!(lag.ack_floor_stream_seq, 7);
        assert_eq!(lag.last_ack_age, None);
        let d = lag.last_delivered_age.unwrap();
        assert!(
            d >= Duration::from_secs(2) && d < Duration::from_secs(60),
            "{d:?}"
        );
    }

    #[test]
    fn nothing_outstanding_is_zero_lag_and_unknown_oldest_is_none() {
        let now = OffsetDateTime::now_utc();
        let caught_up = ConsumerLag::from_info(&info(0, 0), None, now);
        assert_eq!(caught_up.lag_seconds, Some(0.0));
        assert!(!caught_up.is_behind());
        let unknown = ConsumerLag::from_info(&info(1, 0), None, now);
        assert_eq!(unknown.lag_seconds, None);
        // A local clock behind the server's gives zero, never negative.
        let future =
            ConsumerLag::from_info(&info(1, 0), Some(now + time::Duration::seconds(5)), now);
        assert_eq!(future.lag_seconds, Some(0.0));
    }
}

//! DLQ naming and defaults, in one place: every module that needs the default DLQ stream, a
//! dead-letter subject, the advisory capture stream or the advisory subject asks here, so the
//! stream manager (which creates the wiring), the subscriber (which checks and uses it), the
//! mover and the `dlq` commands can never disagree about a name.

/// The DLQ stream used when nothing names one (the CLI's `--dlq-stream`, `EVT_DLQ_STREAM`, a
/// handler without `dlq_stream`, a consumer without `evt.dlq-stream` metadata).
pub const DEFAULT_DLQ_STREAM: &str = "DLQ";

/// The prefix of every MAX_DELIVERIES advisory subject.
pub const MAX_DELIVERIES_ADVISORY_PREFIX: &str = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.";

/// `dlq.<STREAM>.<CONSUMER>`: where a consumer's dead letters go.
pub fn dead_letter_subject(stream: &str, consumer: &str) -> String {
    format!("dlq.{stream}.{consumer}")
}

/// The last token of parking-lot subjects. A suffix, not a `dlq.parked.` prefix, so that a DLQ
/// stream capturing a consumer's dead letters (`dlq.<STREAM>.>` or `dlq.>`) captures its parked
/// ones too: per-stream DLQ streams declared before the parking lot existed keep validating.
/// Unambiguous because stream and consumer names cannot contain a dot.
pub const PARKED_SUFFIX: &str = ".parked";

/// `dlq.<STREAM>.<CONSUMER>.parked`: where a dead letter goes when it comes back after it was
/// replayed [`DEFAULT_PARK_AFTER`] times (or the consumer's `park_after`), instead of going
/// round the replay loop again.
pub fn parked_subject(stream: &str, consumer: &str) -> String {
    format!("{}{PARKED_SUFFIX}", dead_letter_subject(stream, consumer))
}

/// Whether a DLQ entry was stored under a parking-lot subject.
pub fn is_parked_subject(subject: &str) -> bool {
    subject.starts_with("dlq.")
        && subject.ends_with(PARKED_SUFFIX)
        && subject.split('.').count() == 4
}

/// How many replays of one event may dead-letter again before it is parked.
pub const DEFAULT_PARK_AFTER: u64 = 3;

/// The KV bucket that holds redrive tasks (`evt dlq tasks`), one per cluster.
pub const TASKS_BUCKET: &str = "EVT_DLQ_TASKS";

/// The evt-managed stream that keeps MAX_DELIVERIES advisories for a DLQ stream until they
/// are moved (the server drops advisories no stream captures at that moment):
/// `<DLQ_STREAM>_ADVISORIES`.
pub fn advisory_stream_name(dlq_stream: &str) -> String {
    format!("{dlq_stream}_ADVISORIES")
}

/// The description evt gives an advisory capture stream (the same whether `streams apply` or a
/// handler created it, so a plan sees no difference).
pub fn advisory_stream_description(dlq_stream: &str) -> String {
    format!("evt: max-delivery advisories for consumers whose dead letters go to {dlq_stream}")
}

/// The subject on which the server announces that `consumer` of `stream` gave up on a message.
pub fn max_deliveries_advisory_subject(stream: &str, consumer: &str) -> String {
    format!("{MAX_DELIVERIES_ADVISORY_PREFIX}{stream}.{consumer}")
}

/// The source stream and consumer of a MAX_DELIVERIES advisory subject.
pub fn parse_max_deliveries_advisory_subject(subject: &str) -> Option<(&str, &str)> {
    subject
        .strip_prefix(MAX_DELIVERIES_ADVISORY_PREFIX)?
        .split_once('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(dead_letter_subject("TRADING", "a"), "dlq.TRADING.a");
        assert_eq!(advisory_stream_name(DEFAULT_DLQ_STREAM), "DLQ_ADVISORIES");
        let s = max_deliveries_advisory_subject("TRADING", "order-auditor");
        assert_eq!(
            parse_max_deliveries_advisory_subject(&s),
            Some(("TRADING", "order-auditor"))
        );
        assert_eq!(parse_max_deliveries_advisory_subject("x.y"), None);
        let p = parked_subject("TRADING", "a");
        assert!(is_parked_subject(&p) && !is_parked_subject(&dead_letter_subject("TRADING", "a")));
    }
}

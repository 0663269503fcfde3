//! What to do next, in the command line's words: library errors never name flags, so the
//! CLI recognises the typed error (anywhere in the chain) and adds the flag that helps.

use std::error::Error;

use async_nats::jetstream::ErrorCode;
use evt::bus::BusError;
use evt::dlq::replay::ReplayError;
use evt::streams::StreamsError;
use evt::subscriber::SubscriberError;
use evt::tail::{StartAt, TailError};

/// The hint for the first error in the chain that has one.
pub fn for_chain<'a>(chain: impl IntoIterator<Item = &'a (dyn Error + 'static)>) -> Option<String> {
    chain.into_iter().find_map(for_error)
}

fn for_error(e: &(dyn Error + 'static)) -> Option<String> {
    if let Some(e) = e.downcast_ref::<BusError>() {
        return bus(e).map(str::to_string);
    }
    if let Some(e) = e.downcast_ref::<StreamsError>() {
        return streams(e).map(str::to_string);
    }
    if let Some(e) = e.downcast_ref::<TailError>() {
        return tail(e);
    }
    if let Some(e) = e.downcast_ref::<SubscriberError>() {
        return consume(e);
    }
    if let Some(ReplayError::IntoDlq { .. }) = e.downcast_ref::<ReplayError>() {
        return Some("choose another --to".into());
    }
    None
}

fn bus(e: &BusError) -> Option<&'static str> {
    Some(match e {
        BusError::Unreachable { .. } => "is nats-server running? set -s/--server or NATS_URL",
        BusError::AuthRejected { .. } => "check --user/--password, --token, --creds or --nkey",
        BusError::TlsPairIncomplete { .. } => "--tls-cert and --tls-key must be given together",
        BusError::Tls { .. } => {
            "check --tls-ca (the CA that signed the server), --tls-cert/--tls-key, and --tls-first for handshake_first servers"
        }
        _ => return None,
    })
}

fn streams(e: &StreamsError) -> Option<&'static str> {
    match e {
        StreamsError::Server {
            code: Some(ErrorCode::STREAM_INVALID_CONFIG),
            ..
        } => Some("if a field cannot change in place, recreate with --allow-recreate"),
        _ => None,
    }
}

fn tail(e: &TailError) -> Option<String> {
    match e {
        TailError::AmbiguousStream { .. } => Some("choose one with --stream NAME".into()),
        TailError::NeedsStream { start, .. } => Some(format!(
            "{} needs a stream; without one, tail follows new messages only",
            start_flag(start)
        )),
        TailError::UnsupportedOnWorkQueue { start, .. } => Some(format!(
            "{} is not supported on WorkQueue streams; use --all, --new or --seq",
            start_flag(start)
        )),
        _ => None,
    }
}

/// What `evt consume` can do about a start failure, in its flags' terms.
fn consume(e: &SubscriberError) -> Option<String> {
    match e {
        SubscriberError::ConsumerConflict(c) => consume_flag(&c.option).map(|flag| {
            format!("drop {flag} to use the server's value, or change the consumer's declaration")
        }),
        SubscriberError::DurableMissing { .. } => Some("give SUBJECT to create it".into()),
        SubscriberError::AdvisoryNotCaptured { .. } => {
            Some("--create-advisory-capture creates it".into())
        }
        SubscriberError::DlqNotCaptured { .. } => Some("--dlq-stream chooses another".into()),
        _ => None,
    }
}

/// The `evt consume` flag behind a consumer option (library messages name options).
fn consume_flag(option: &str) -> Option<&'static str> {
    Some(match option {
        "max_deliver" => "--max-deliver",
        "backoff" => "--backoff",
        "ack_wait" => "--ack-wait",
        "filter_subjects" => "SUBJECT",
        "dlq" => "--dlq-stream",
        _ => return None,
    })
}

/// The `evt tail` flag that asks for `start`.
fn start_flag(start: &StartAt) -> &'static str {
    match start {
        StartAt::All => "--all",
        StartAt::New => "--new",
        StartAt::Last(_) => "--last",
        StartAt::Since(_) => "--since",
        StartAt::Seq(_) => "--seq",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_nats::jetstream::context::CreateStreamError;

    fn invalid_config() -> StreamsError {
        let j: async_nats::jetstream::Error = serde_json::from_value(serde_json::json!({
            "code": 400, "err_code": 10052, "description": "can not change storage type"
        }))
        .expect("a JetStream API error");
        evt::streams::errors::server_error("updating", "S", None, CreateStreamError::from(j))
    }

    #[test]
    fn a_refused_configuration_gets_the_allow_recreate_hint_from_the_cli() {
        let e = anyhow::Error::new(invalid_config()).context("applying streams/s.yaml");
        let hint = for_chain(e.chain()).expect("a hint");
        assert!(hint.contains("--allow-recreate"), "{hint}");
        // The library's own words name no flag.
        assert!(!invalid_config().to_string().contains("--"));
    }

    #[test]
    fn tail_hints_name_the_flag_the_user_gave() {
        let e = anyhow::Error::new(TailError::NeedsStream {
            subject: "x.>".into(),
            start: StartAt::All,
        });
        assert!(!e.to_string().contains("--"), "{e}");
        let hint = for_chain(e.chain()).expect("a hint");
        assert!(hint.starts_with("--all needs a stream"), "{hint}");
        let e = anyhow::Error::new(TailError::AmbiguousStream {
            subject: "x.>".into(),
            streams: vec!["A".into(), "B".into()],
        });
        assert_eq!(
            for_chain(e.chain()).as_deref(),
            Some("choose one with --stream NAME")
        );
    }

    #[test]
    fn errors_without_a_known_remedy_get_no_hint() {
        let e = anyhow::anyhow!("something else");
        assert_eq!(for_chain(e.chain()), None);
    }
}

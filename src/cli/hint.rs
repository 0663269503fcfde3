//! What to do next, in the command line's words: library errors never name flags, so the
//! CLI recognises the typed error (anywhere in the chain) and adds the flag that helps.

use std::error::Error;

use async_nats::jetstream::ErrorCode;
use evt::bus::BusError;
use evt::dlq::replay::ReplayError;
use evt::streams::StreamsError;
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

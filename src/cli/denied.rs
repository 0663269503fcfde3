//! A permission violation ends the command at once. The server reports it asynchronously,
//! so without this a denied `$JS.API` request waits for its timeout and a denied subscription
//! (tail, consume) stays silent forever.

use std::sync::{Arc, LazyLock};
use std::time::Instant;

use evt::bus::{BusError, Denials, DeniedOp};

/// The violations of every connection this process opens (see [`super::GlobalArgs::connect`]).
pub static DENIALS: LazyLock<Arc<Denials>> = LazyLock::new(Arc::default);

/// Resolves with the first violation that concerns `command`. `evt publish` handles a refused
/// data subject itself (per event, in its summary), so only its other refusals end it here.
pub async fn first(command: &'static str, since: Instant) -> anyhow::Error {
    let d = DENIALS
        .wait(since, |d| {
            !(command == "publish" && d.op == DeniedOp::Publish && d.purpose() == "subject")
        })
        .await;
    anyhow::Error::new(BusError::denied(&format!("evt {command}"), &d))
}

/// Whether the error chain holds a permission refusal.
pub fn is_denial(e: &anyhow::Error) -> bool {
    // `evt publish` reports a failed event by its text (position: reason).
    e.to_string().contains(PUBLISH_DENIED)
        || e.chain().any(|c| {
            matches!(
                c.downcast_ref::<BusError>(),
                Some(BusError::PermissionDenied { .. })
            ) || matches!(
                c.downcast_ref::<evt::publisher::PublishError>(),
                Some(evt::publisher::PublishError::PermissionDenied { .. })
            ) || c
                .downcast_ref::<evt::subscriber::SubscriberError>()
                .is_some_and(|e| e.is_permission_denied())
                || matches!(
                    c.downcast_ref::<evt::dlq::replay::ReplayError>(),
                    Some(evt::dlq::replay::ReplayError::PermissionDenied(_))
                )
        })
}

/// How [`evt::publisher::PublishError::PermissionDenied`] reads.
pub const PUBLISH_DENIED: &str = "permission denied: this user may not publish to";

//! Which streams capture a subject: the server's stream-names-by-subject API, paged. Tail,
//! the subscriber manager and anything else that must find "the stream for this subject"
//! ask here, so they agree on the answer and on what "no JetStream" looks like.

use std::time::Duration;

use async_nats::jetstream;
use serde::Deserialize;
use thiserror::Error;

/// Why the lookup could not answer.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum StreamLookupError {
    /// JetStream is not enabled or not reachable for this account (no responders, 503).
    #[error("JetStream unavailable while looking up streams for '{subject}': {reason}")]
    NoJetStream { subject: String, reason: String },
    #[error("looking up streams for '{subject}' failed: {reason}")]
    Other { subject: String, reason: String },
}

#[derive(Deserialize)]
struct NamesPage {
    #[serde(default)]
    total: usize,
    #[serde(default)]
    streams: Option<Vec<String>>,
}

/// Names of the streams whose subjects overlap `subject`, as the server reports them.
pub async fn streams_for_subject(
    js: &jetstream::Context,
    subject: &str,
) -> Result<Vec<String>, StreamLookupError> {
    use async_nats::jetstream::context::RequestErrorKind;
    use async_nats::jetstream::response::Response;
    let no_js = |reason: String| StreamLookupError::NoJetStream {
        subject: subject.to_string(),
        reason,
    };
    let other = |reason: String| StreamLookupError::Other {
        subject: subject.to_string(),
        reason,
    };
    let mut names = Vec::new();
    // Bounded: a server reports at most `total` names, in pages.
    for _ in 0..1000 {
        let req = serde_json::json!({ "offset": names.len(), "subject": subject });
        let page: Response<NamesPage> =
            match tokio::time::timeout(Duration::from_secs(10), js.request("STREAM.NAMES", &req))
                .await
            {
                Ok(Ok(p)) => p,
                Ok(Err(e)) if e.kind() == RequestErrorKind::NoResponders => {
                    return Err(no_js("no responders".into()))
                }
                Ok(Err(e)) => return Err(other(e.to_string())),
                Err(_) => return Err(other("no answer within 10s".into())),
            };
        match page {
            Response::Err { error } => {
                // 503 / "JetStream not enabled" style answers mean there is nothing to read.
                if error.code() == 503 {
                    return Err(no_js(error.to_string()));
                }
                return Err(other(error.to_string()));
            }
            Response::Ok(page) => {
                let got = page.streams.unwrap_or_default();
                if got.is_empty() {
                    break;
                }
                names.extend(got);
                if names.len() >= page.total {
                    break;
                }
            }
        }
    }
    Ok(names)
}

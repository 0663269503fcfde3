//! Which streams capture a subject: the server's stream-names-by-subject API, paged. Tail,
//! the subscriber manager and anything else that must find "the stream for this subject"
//! ask here, so they agree on the answer and on what "no JetStream" looks like.

use std::time::Duration;

use async_nats::jetstream;
use serde::Deserialize;
use thiserror::Error;

/// Why the lookup could not answer. The source is the client's error, the server's refusal,
/// or [`super::NoAnswer`].
#[derive(Debug, Error)]
pub enum StreamLookupError {
    /// JetStream is not enabled or not reachable for this account (no responders).
    #[error("JetStream unavailable while looking up streams for '{subject}'")]
    NoJetStream {
        subject: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("looking up streams for '{subject}' failed")]
    Other {
        subject: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// How long one page of names may take.
const TIMEOUT: Duration = Duration::from_secs(10);

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
    type Cause = Box<dyn std::error::Error + Send + Sync>;
    let no_js = |source: Cause| StreamLookupError::NoJetStream {
        subject: subject.to_string(),
        source,
    };
    let other = |source: Cause| StreamLookupError::Other {
        subject: subject.to_string(),
        source,
    };
    let mut names = Vec::new();
    // Bounded: a server reports at most `total` names, in pages.
    for _ in 0..1000 {
        let req = serde_json::json!({ "offset": names.len(), "subject": subject });
        let page: Response<NamesPage> =
            match tokio::time::timeout(TIMEOUT, js.request("STREAM.NAMES", &req)).await {
                Ok(Ok(p)) => p,
                Ok(Err(e)) if e.kind() == RequestErrorKind::NoResponders => {
                    return Err(no_js(Box::new(e)))
                }
                Ok(Err(e)) => return Err(other(Box::new(e))),
                Err(_) => return Err(other(Box::new(super::NoAnswer(TIMEOUT)))),
            };
        match page {
            Response::Err { error } => {
                // "No responders" style answers mean there is nothing to read.
                if super::status::is_unavailable(error.code()) {
                    return Err(no_js(Box::new(error)));
                }
                return Err(other(Box::new(error)));
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

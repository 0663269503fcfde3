//! Permission violations the server reported on a connection.
//!
//! nats-server answers a denied publish or subscribe with an asynchronous
//! `-ERR 'Permissions Violation for Publish to "X"'` (or `for Subscription to "X"`), not with an
//! answer to the call: the publish then waits for an ack that never comes and the subscription
//! simply stays silent. This records each violation and wakes whoever waits on one, so the
//! operation concerned fails at once with a typed error instead of timing out or hanging.

use std::sync::Mutex;
use std::time::Instant;

/// What the server refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeniedOp {
    Publish,
    Subscribe,
}

impl std::fmt::Display for DeniedOp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DeniedOp::Publish => "publish to",
            DeniedOp::Subscribe => "subscribe to",
        })
    }
}

/// One refusal: the operation, the subject, and when it was reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    pub op: DeniedOp,
    pub subject: String,
    pub at: Instant,
}

impl Denial {
    /// What the subject is for, in a user's words: `$JS.API` requests, an inbox (replies and
    /// acks come back on it), or data.
    pub fn purpose(&self) -> &'static str {
        if self.subject.starts_with("$JS.API.") {
            "JetStream API"
        } else if self.subject.starts_with("$JS.ACK.") {
            "JetStream ack"
        } else if self.subject.starts_with("_INBOX.") || self.subject.starts_with("_INBOX_") {
            "reply inbox"
        } else {
            "subject"
        }
    }
}

/// Parse the text of a server `-ERR` into a denial, if it is a permissions violation.
pub fn parse(server_error: &str, at: Instant) -> Option<Denial> {
    let lower = server_error.to_ascii_lowercase();
    let (op, prefix) = [
        (DeniedOp::Publish, "permissions violation for publish to "),
        (
            DeniedOp::Subscribe,
            "permissions violation for subscription to ",
        ),
    ]
    .into_iter()
    .find(|(_, p)| lower.contains(p))?;
    let start = lower.find(prefix)? + prefix.len();
    let rest = server_error[start..].trim();
    // The subject is quoted; a queue group may follow it (`"X" using queue "Q"`).
    let subject = match rest.strip_prefix('"') {
        Some(r) => r.split('"').next().unwrap_or(r),
        None => rest.split_whitespace().next().unwrap_or(rest),
    };
    let subject = subject.trim_matches(|c| c == '\'' || c == '"');
    if subject.is_empty() {
        return None;
    }
    Some(Denial {
        op,
        subject: subject.to_string(),
        at,
    })
}

/// The violations seen on one connection, newest last, and a way to wait for the next.
#[derive(Debug, Default)]
pub struct Denials {
    seen: Mutex<Vec<Denial>>,
    wake: tokio::sync::Notify,
}

/// Bounded: a misconfigured client can be refused on many subjects.
const KEEP: usize = 1024;

impl Denials {
    /// Record a server error; anything but a permissions violation is ignored.
    pub fn record(&self, server_error: &str) {
        let Some(d) = parse(server_error, Instant::now()) else {
            return;
        };
        if let Ok(mut v) = self.seen.lock() {
            if v.len() >= KEEP {
                v.drain(..KEEP / 2);
            }
            v.push(d);
        }
        self.wake.notify_waiters();
    }

    /// Whether the server refused a publish to `subject` at or after `since`.
    pub fn denied_since(&self, subject: &str, since: Instant) -> bool {
        self.find(since, |d| d.op == DeniedOp::Publish && d.subject == subject)
            .is_some()
    }

    /// The first refusal at or after `since` that `wanted` accepts.
    pub fn find(&self, since: Instant, wanted: impl Fn(&Denial) -> bool) -> Option<Denial> {
        self.seen
            .lock()
            .ok()?
            .iter()
            .find(|d| d.at >= since && wanted(d))
            .cloned()
    }

    /// Wait for a refusal at or after `since` that `wanted` accepts (one already recorded
    /// returns at once).
    pub async fn wait(&self, since: Instant, wanted: impl Fn(&Denial) -> bool) -> Denial {
        loop {
            let notified = self.wake.notified();
            tokio::pin!(notified);
            // Registered before looking, so a refusal recorded in between still wakes us.
            notified.as_mut().enable();
            if let Some(d) = self.find(since, &wanted) {
                return d;
            }
            notified.await;
        }
    }
}

/// Run `op` unless the server refuses, at or after the start, a publish to `subject`: the
/// refusal wins the race, so a caller waiting for an ack that will never come gets the denial
/// at once instead of a timeout. `None` means no denials are watched (a bare context).
pub async fn race_publish<T>(
    denials: Option<&Denials>,
    subject: &str,
    op: impl std::future::Future<Output = T>,
) -> Result<T, Denial> {
    let Some(denials) = denials else {
        return Ok(op.await);
    };
    let since = Instant::now();
    tokio::select! {
        r = op => Ok(r),
        d = denials.wait(since, |d| d.op == DeniedOp::Publish && d.subject == subject) => Err(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_kinds_parse_with_their_subject() {
        let now = Instant::now();
        let d = parse("Permissions Violation for Publish to \"trading.x\"", now).unwrap();
        assert_eq!((d.op, d.subject.as_str()), (DeniedOp::Publish, "trading.x"));
        let d = parse(
            "permissions violation for subscription to \"_INBOX.abc.*\" using queue \"q\"",
            now,
        )
        .unwrap();
        assert_eq!(
            (d.op, d.subject.as_str(), d.purpose()),
            (DeniedOp::Subscribe, "_INBOX.abc.*", "reply inbox")
        );
        assert!(parse("maximum connections exceeded", now).is_none());
    }

    #[tokio::test]
    async fn a_waiter_wakes_on_a_matching_refusal_only() {
        let d = std::sync::Arc::new(Denials::default());
        let since = Instant::now();
        let w = {
            let d = d.clone();
            tokio::spawn(async move { d.wait(since, |x| x.subject == "b").await })
        };
        d.record("Permissions Violation for Publish to \"a\"");
        d.record("Permissions Violation for Subscription to \"b\"");
        let got = tokio::time::timeout(std::time::Duration::from_secs(5), w)
            .await
            .expect("woken")
            .expect("joined");
        assert_eq!(got.subject, "b");
        assert!(d.denied_since("a", since));
        assert!(!d.denied_since("b", since));
    }
}

//! The numbers a handler needs from a JetStream delivery's reply subject.
//!
//! async-nats' `Message::info` parses every token of it, the publish time included (an `i128`
//! turned into an `OffsetDateTime`), which was about 1,500 instructions of each consumed
//! message; the manager needs only the stream, the consumer, the delivery count and the
//! stream sequence. The token layout is ADR-15's, read as async-nats reads it: the original
//! 7 tokens after `$JS.ACK.`, or 9 and more with the domain and account hash in front.

/// Where a delivery came from, borrowed from its reply subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReplyInfo<'a> {
    pub stream: &'a str,
    pub consumer: &'a str,
    pub delivered: u64,
    pub stream_seq: u64,
}

/// `None` when `reply` is not a JetStream ack subject.
pub(crate) fn parse(reply: &str) -> Option<ReplyInfo<'_>> {
    let rest = reply.strip_prefix("$JS.ACK.")?;
    // One pass over the bytes for the dots (`str::split` searched for each one separately,
    // most of what this cost); tokens are the text between them.
    let mut dots = [0usize; 9];
    let mut n = 0;
    for (i, &c) in rest.as_bytes().iter().enumerate() {
        if c == b'.' {
            if let Some(d) = dots.get_mut(n) {
                *d = i;
            }
            n += 1;
        }
    }
    // 7 tokens, or 9 and more with the domain and account hash first.
    let at = match n + 1 {
        7 => 0,
        t if t >= 9 => 2,
        _ => return None,
    };
    let token = |k: usize| {
        let k = at + k;
        let start = if k == 0 { 0 } else { dots[k - 1] + 1 };
        let end = dots.get(k).filter(|_| k < n).copied().unwrap_or(rest.len());
        rest.get(start..end).unwrap_or("")
    };
    let info = ReplyInfo {
        stream: token(0),
        consumer: token(1),
        delivered: number(token(2))?,
        stream_seq: number(token(3))?,
    };
    // The consumer sequence, the publish time (nanoseconds) and the pending count must be
    // numbers too, as async-nats requires.
    number(token(4))?;
    number(token(5).strip_prefix('-').unwrap_or(token(5)))?;
    number(token(6))?;
    Some(info)
}

/// Decimal digits only, within `u64`.
fn number(t: &str) -> Option<u64> {
    if t.is_empty() {
        return None;
    }
    t.bytes().try_fold(0u64, |acc, c| {
        let d = c.checked_sub(b'0').filter(|d| *d < 10)?;
        acc.checked_mul(10)?.checked_add(u64::from(d))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_layouts_are_read() {
        let want = ReplyInfo {
            stream: "ORDERS",
            consumer: "auditor",
            delivered: 3,
            stream_seq: 4021,
        };
        for reply in [
            "$JS.ACK.ORDERS.auditor.3.4021.17.1733580000000000000.5",
            "$JS.ACK._.ABCHASH.ORDERS.auditor.3.4021.17.1733580000000000000.5",
            "$JS.ACK.hub.ABCHASH.ORDERS.auditor.3.4021.17.1733580000000000000.5.r4nd",
            "$JS.ACK.hub.ABCHASH.ORDERS.auditor.3.4021.17.1733580000000000000.5.r4nd.more",
        ] {
            assert_eq!(parse(reply), Some(want), "{reply}");
        }
    }

    #[test]
    fn anything_else_is_not_a_delivery() {
        for reply in [
            "",
            "_INBOX.abc",
            "$JS.ACK.ORDERS.auditor.3.4021.17.1733580000000000000",
            "$JS.ACK.x.ORDERS.auditor.3.4021.17.1733580000000000000.5",
            "$JS.ACK.ORDERS.auditor.three.4021.17.1733580000000000000.5",
            "$JS.ACK.ORDERS.auditor.3.-1.17.1733580000000000000.5",
            "$JS.ACK.ORDERS.auditor.3.4021.17.now.5",
            "$JS.ACK.ORDERS.auditor.3.4021.17.1733580000000000000.",
            "$JS.ACK.ORDERS.auditor.3.4021.17.-.5",
            "$JS.ACK.ORDERS.auditor.3.99999999999999999999.17.1733580000000000000.5",
            "$JS.ACK.ORDERS.auditor.+3.4021.17.1733580000000000000.5",
        ] {
            assert_eq!(parse(reply), None, "{reply}");
        }
    }
}

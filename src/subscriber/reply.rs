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
    let mut tokens = [""; 9];
    let mut n = 0;
    for t in rest.split('.') {
        if n < tokens.len() {
            tokens[n] = t;
        }
        n += 1;
    }
    // Stream, consumer, delivered, stream sequence; the consumer sequence, publish time and
    // pending count follow and are checked to be numbers, as async-nats does.
    let at = match n {
        7 => 0,
        n if n >= 9 => 2,
        _ => return None,
    };
    let number = |i: usize| tokens[at + i].parse::<u64>().ok();
    let info = ReplyInfo {
        stream: tokens[at],
        consumer: tokens[at + 1],
        delivered: number(2)?,
        stream_seq: number(3)?,
    };
    number(4)?;
    tokens[at + 5].parse::<i128>().ok()?;
    number(6)?;
    Some(info)
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
        ] {
            assert_eq!(parse(reply), None, "{reply}");
        }
    }
}

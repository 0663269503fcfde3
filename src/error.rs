//! An error and its causes as one line of text, for reports that outlive the error: they must
//! be `Clone`, compared in tests or serialised (`-o json`), which an error with a source cannot
//! be. Errors themselves keep their source; only such reports hold this text.

use std::error::Error;

/// `error: cause: cause`, skipping a cause whose text the line already holds (async-nats
/// repeats the inner error in the outer one's message in places).
pub fn chain_line(e: &(dyn Error + 'static)) -> String {
    let mut line = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let text = c.to_string();
        if !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        cur = c.source();
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("reading stream 'S' failed")]
    struct Outer {
        #[source]
        source: std::io::Error,
    }

    #[test]
    fn the_line_holds_every_cause_once() {
        let e = Outer {
            source: std::io::Error::other("connection reset"),
        };
        assert_eq!(
            chain_line(&e),
            "reading stream 'S' failed: connection reset"
        );
        let io = std::io::Error::other("connection reset");
        assert_eq!(chain_line(&io), "connection reset");
    }
}

//! W3C trace context, so an event can be followed from publisher to handler to dead letter.
//! The library logs through `tracing` and installs no subscriber: that is its user's call (the
//! `evt` binary's is in `cli::logging`).

/// A fresh W3C `traceparent` (version 00, sampled) for an event that starts a trace.
pub fn new_traceparent() -> String {
    // Hex written by hand: one per published event, and `fmt` was a visible share of a batch.
    fn hex(s: &mut String, v: u128, digits: u32) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for i in (0..digits).rev() {
            s.push(char::from(HEX[((v >> (i * 4)) & 0xf) as usize]));
        }
    }
    let mut s = String::with_capacity(55);
    s.push_str("00-");
    hex(&mut s, fastrand::u128(1..), 32);
    s.push('-');
    hex(&mut s, fastrand::u64(1..).into(), 16);
    s.push_str("-01");
    s
}

/// Whether a header value is a well-formed W3C `traceparent` (so we never forward garbage).
pub fn is_valid_traceparent(v: &str) -> bool {
    let parts: Vec<&str> = v.split('-').collect();
    parts.len() == 4
        && parts[0].len() == 2
        && parts[1].len() == 32
        && parts[2].len() == 16
        && parts[3].len() == 2
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
        && parts[1] != "00000000000000000000000000000000"
        && parts[2] != "0000000000000000"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_traceparents_are_valid_and_distinct() {
        let a = new_traceparent();
        let b = new_traceparent();
        assert!(is_valid_traceparent(&a), "{a}");
        assert_ne!(a, b);
        assert!(!is_valid_traceparent("00-abc-def-01"));
    }
}

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

/// Whether a header value is a well-formed W3C `traceparent` (so we never forward garbage):
/// `vv-<32 hex trace id>-<16 hex span id>-ff`, neither id all zeros. Checked by position,
/// since every consumed message's header goes through here.
pub fn is_valid_traceparent(v: &str) -> bool {
    const SEPARATORS: [usize; 3] = [2, 35, 52];
    let b = v.as_bytes();
    let hex = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_hexdigit);
    let zeros = |r: std::ops::Range<usize>| b[r].iter().all(|&c| c == b'0');
    b.len() == 55
        && SEPARATORS.iter().all(|&i| b[i] == b'-')
        && hex(0..2)
        && hex(3..35)
        && hex(36..52)
        && hex(53..55)
        && !zeros(3..35)
        && !zeros(36..52)
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

    #[test]
    fn traceparents_are_checked_field_by_field() {
        let ok = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assert!(is_valid_traceparent(ok));
        assert!(is_valid_traceparent(&ok.to_uppercase()));
        for bad in [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-701",
            "0-04bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",
            "",
        ] {
            assert!(!is_valid_traceparent(bad), "{bad}");
        }
    }
}

//! Per-subject ordering: a subject always maps to the same lane, each lane runs one message at
//! a time, so ticks of one instrument are handled in order while others run in parallel.
//!
//! Only delivery order is kept: a message that is retried (nak with delay) or redelivered
//! after an ack timeout comes back behind later messages of its subject.

/// The lane (`0..lanes`) for a subject: FNV-1a, stable across processes and releases, so
/// logs and tests can predict it.
pub fn lane_for(subject: &str, lanes: usize) -> usize {
    if lanes <= 1 {
        return 0;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in subject.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % lanes as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_subject_same_lane_and_subjects_spread() {
        assert_eq!(lane_for("md.tick.NSE.1", 8), lane_for("md.tick.NSE.1", 8));
        let used: std::collections::HashSet<usize> = (0..64)
            .map(|i| lane_for(&format!("md.tick.NSE.{i}"), 8))
            .collect();
        assert!(used.len() >= 6, "{used:?}");
        assert_eq!(lane_for("x", 1), 0);
        assert_eq!(lane_for("x", 0), 0);
    }
}

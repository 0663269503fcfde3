//! A handler that settles at most N messages for good and then stops pulling
//! ([`HandlerConfig::max_messages`](super::config::HandlerConfig::max_messages), behind
//! `evt consume --count N`).
//!
//! A share is taken when a message is handed to the handler, and is either spent (acked or
//! dead-lettered) or given back (retried, released, its ack lost), so a retried message's
//! redelivery can still be handled within N. Checking a count after the fact instead let a
//! fast handler ack hundreds of messages past N between two checks.

use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Notify;

#[derive(Debug)]
pub(crate) struct Budget {
    /// Shares neither spent nor taken.
    left: AtomicU64,
    /// Shares taken and not yet settled.
    open: AtomicU64,
    back: Notify,
}

impl Budget {
    pub(crate) fn new(n: u64) -> Self {
        Budget {
            left: AtomicU64::new(n),
            open: AtomicU64::new(0),
            back: Notify::new(),
        }
    }

    /// Take a share for one message; `false` when none is left.
    pub(crate) fn take(&self) -> bool {
        let took = self
            .left
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |l| l.checked_sub(1))
            .is_ok();
        if took {
            self.open.fetch_add(1, Ordering::AcqRel);
        }
        took
    }

    /// The message settled for good: its share is used up.
    pub(crate) fn spend(&self) {
        self.open.fetch_sub(1, Ordering::AcqRel);
    }

    /// The message will come back (or was never started): its share is free again.
    pub(crate) fn give_back(&self) {
        self.left.fetch_add(1, Ordering::AcqRel);
        self.open.fetch_sub(1, Ordering::AcqRel);
        self.back.notify_one();
    }

    /// No share left to take (some may still come back).
    pub(crate) fn spent(&self) -> bool {
        self.left.load(Ordering::Acquire) == 0
    }

    /// Every share is spent for good: nothing taken is still running.
    pub(crate) fn exhausted(&self) -> bool {
        self.spent() && self.open.load(Ordering::Acquire) == 0
    }

    /// Resolves after a share is given back (at once if one was given back since the last
    /// wait).
    pub(crate) async fn returned(&self) {
        self.back.notified().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_taken_up_to_n_and_a_given_back_share_can_be_taken_again() {
        let b = Budget::new(2);
        assert!(b.take() && b.take());
        assert!(!b.take(), "only two");
        assert!(b.spent() && !b.exhausted(), "two still running");
        b.spend();
        b.give_back();
        assert!(!b.spent(), "the retried message's share is free");
        assert!(b.take());
        b.spend();
        assert!(b.exhausted());
        assert!(!b.take());
    }
}

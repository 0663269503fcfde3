//! Velocity limit for replays (`--rate 200/s`): a token bucket with a small burst, so a
//! replay never floods a recovering consumer, and a pure core that is tested without clocks.

use std::time::{Duration, Instant};

use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("'{value}' is not a rate (use N/s, N/m or N/h with N > 0, e.g. 200/s)")]
pub struct RateError {
    pub value: String,
}

/// Messages per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate(pub f64);

impl Rate {
    /// `200/s`, `200`, `6000/m`, `10000/h`.
    pub fn parse(s: &str) -> Result<Rate, RateError> {
        let bad = || RateError {
            value: s.to_string(),
        };
        let (n, per) = match s.trim().split_once('/') {
            Some((n, unit)) => {
                let per = match unit.trim() {
                    "s" | "sec" | "second" => 1.0,
                    "m" | "min" | "minute" => 60.0,
                    "h" | "hour" => 3600.0,
                    _ => return Err(bad()),
                };
                (n, per)
            }
            None => (s.trim(), 1.0),
        };
        let n: f64 = n.trim().parse().map_err(|_| bad())?;
        if !n.is_finite() || n <= 0.0 {
            return Err(bad());
        }
        Ok(Rate(n / per))
    }
}

/// Tokens refill at `rate` per second up to `capacity`; each message takes one.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// The burst is 50 ms worth of messages (at least one), so the rate holds over any
    /// window longer than that.
    pub fn new(rate: Rate, now: Instant) -> TokenBucket {
        let capacity = (rate.0 / 20.0).max(1.0);
        TokenBucket {
            rate: rate.0,
            capacity,
            tokens: 1.0,
            last: now,
        }
    }

    /// Takes a token if one is there (`None`), or says how long to wait before asking again.
    pub fn try_take(&mut self, now: Instant) -> Option<Duration> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            None
        } else {
            Some(Duration::from_secs_f64((1.0 - self.tokens) / self.rate))
        }
    }

    /// Waits until a token is available and takes it.
    pub async fn take(&mut self) {
        while let Some(wait) = self.try_take(Instant::now()) {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(Rate::parse("200/s").unwrap(), Rate(200.0));
        assert_eq!(Rate::parse("200").unwrap(), Rate(200.0));
        assert_eq!(Rate::parse("60/m").unwrap(), Rate(1.0));
        assert!(Rate::parse("0/s").is_err());
        assert!(Rate::parse("-3/s").is_err());
        assert!(Rate::parse("fast").is_err());
        assert!(Rate::parse("10/d").is_err());
    }

    #[test]
    fn holds_the_rate_over_a_simulated_second() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(Rate(100.0), t0);
        let mut now = t0;
        let mut sent = 0;
        while now < t0 + Duration::from_secs(1) {
            match b.try_take(now) {
                None => sent += 1,
                Some(w) => now += w,
            }
        }
        // 100/s plus at most the burst of 5.
        assert!((95..=106).contains(&sent), "{sent}");
    }

    #[test]
    fn a_slow_rate_spaces_messages() {
        let t0 = Instant::now();
        let mut b = TokenBucket::new(Rate(2.0), t0);
        assert_eq!(b.try_take(t0), None);
        let wait = b.try_take(t0).unwrap();
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-6, "{wait:?}");
    }
}

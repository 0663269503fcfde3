//! Keeps the lag gauges of bound consumers current: reads each one's lag from the server
//! ([`crate::lag`]) every interval until told to stop. A failed read is counted and logged
//! once per consumer until it recovers; the gauges keep their last values meanwhile.

use std::time::Duration;

use async_nats::jetstream::Context;
use tokio::sync::watch;
use tracing::{debug, warn};

use super::Metrics;
use crate::lag::consumer_lag;

/// One consumer to watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LagTarget {
    pub stream: String,
    pub consumer: String,
}

/// Refresh every target now, then every `every`, until `stop` turns true (or its sender goes).
pub async fn run(
    js: Context,
    targets: Vec<LagTarget>,
    metrics: Metrics,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let every = every.max(Duration::from_millis(50));
    let mut failing = vec![false; targets.len()];
    loop {
        for (t, failing) in targets.iter().zip(failing.iter_mut()) {
            // One slow server answer must not hold the loop past the next round.
            match tokio::time::timeout(
                every.max(Duration::from_secs(2)),
                consumer_lag(&js, &t.stream, &t.consumer),
            )
            .await
            {
                Ok(Ok(lag)) => {
                    metrics.record_lag(&lag);
                    *failing = false;
                }
                Ok(Err(e)) => {
                    metrics.record_lag_error(&t.stream, &t.consumer);
                    if !*failing {
                        warn!(stream = %t.stream, consumer = %t.consumer, error = %crate::error::chain_line(&e), "cannot read consumer lag");
                    }
                    *failing = true;
                }
                Err(_) => {
                    metrics.record_lag_error(&t.stream, &t.consumer);
                    debug!(stream = %t.stream, consumer = %t.consumer, "consumer lag read timed out");
                }
            }
        }
        tokio::select! {
            _ = crate::subscriber::stopped(&mut stop) => return,
            _ = tokio::time::sleep(every) => {}
        }
    }
}

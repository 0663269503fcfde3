//! Purge: delete the dead letters a filter selects, after the operator saw how many.
//!
//! Two steps so that exactly what was confirmed is deleted: [`plan`] reads the DLQ and
//! records the selected sequences (8 bytes each; entries arriving later are not included),
//! [`execute`] deletes them. A leading run — every entry from the start of the stream up to
//! some sequence selected — goes with one purge request; the rest one delete each, pipelined.

use futures::stream::FuturesUnordered;
use futures::StreamExt;

use super::select::{Filter, FilterError};
use super::store::{DlqStore, StoreError};

/// Deletes in flight at once.
const WINDOW: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum PurgeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Filter(#[from] FilterError),
}

/// What a purge will delete.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgePlan {
    /// Every entry up to and including this sequence is selected (from the stream's start).
    pub prefix_end: Option<u64>,
    /// How many entries the prefix holds.
    pub prefix_count: u64,
    /// Selected entries after the prefix.
    pub seqs: Vec<u64>,
    pub scanned: u64,
}

impl PurgePlan {
    pub fn count(&self) -> u64 {
        self.prefix_count + self.seqs.len() as u64
    }
}

/// What a purge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct PurgeReport {
    pub deleted: u64,
    pub failed: u64,
    /// The first error with its causes, when any delete failed (text: reports are serialised).
    pub first_error: Option<String>,
}

/// Reads the DLQ and records what `filter` selects.
pub async fn plan(store: &DlqStore, filter: &Filter) -> Result<PurgePlan, PurgeError> {
    filter.validate()?;
    let state = store.state().await?;
    let start = filter.start_seq();
    let mut prefix_open = start <= state.first_seq.max(1);
    let mut plan = PurgePlan::default();
    let entries = store.entries(start).await?;
    let mut entries = std::pin::pin!(entries);
    while let Some(entry) = entries.next().await {
        let entry = entry?;
        if filter.past_end(entry.dlq_seq) {
            break;
        }
        plan.scanned += 1;
        let selected = filter.matches(&entry);
        if prefix_open && selected {
            plan.prefix_end = Some(entry.dlq_seq);
            plan.prefix_count += 1;
        } else {
            prefix_open = false;
            if selected {
                plan.seqs.push(entry.dlq_seq);
            }
        }
    }
    Ok(plan)
}

/// Deletes what `plan` selected. Entries already gone count as deleted.
pub async fn execute(store: &DlqStore, plan: &PurgePlan) -> PurgeReport {
    let mut report = PurgeReport::default();
    if let Some(end) = plan.prefix_end {
        match store.purge_below(end + 1).await {
            Ok(_) => report.deleted += plan.prefix_count,
            Err(e) => {
                report.failed += plan.prefix_count;
                report
                    .first_error
                    .get_or_insert(crate::error::chain_line(&e));
            }
        }
    }
    let mut pending = FuturesUnordered::new();
    let mut next = plan.seqs.iter();
    loop {
        while pending.len() < WINDOW {
            let Some(&seq) = next.next() else { break };
            pending.push(store.delete(seq));
        }
        match pending.next().await {
            None => break,
            Some(Ok(())) => report.deleted += 1,
            Some(Err(e)) => {
                report.failed += 1;
                report
                    .first_error
                    .get_or_insert(crate::error::chain_line(&e));
            }
        }
    }
    report
}

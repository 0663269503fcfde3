//! `evt dlq ls`: a table of dead letters, or JSON lines with every field.

use std::io::Write;

use comfy_table::{presets, ContentArrangement, Table};
use evt::dlq::select::event_type_of;
use evt::dlq::view::{entry_json, short_age, truncate};
use futures::StreamExt;
use time::OffsetDateTime;

use super::{FilterArgs, StreamArg};
use crate::cli::output::Format;
use crate::cli::{exit, GlobalArgs};

/// List dead letters: DLQ sequence, age, original subject, event type, consumer, deliveries,
/// reason and error. Messages in the DLQ stream that are not dead letters are listed as such.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub stream: StreamArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// List at most N entries.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Output format: a table, or one JSON object per line (payload in base64).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

pub async fn run(g: &GlobalArgs, a: Args) -> anyhow::Result<u8> {
    let now = OffsetDateTime::now_utc();
    let filter = a.filter.resolve(now, g.wire_limits())?;
    let (bus, store) = super::open(g, &a.stream).await?;
    let entries = store.entries(filter.start_seq()).await?;
    let mut entries = std::pin::pin!(entries);
    let mut out = std::io::stdout().lock();
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "DLQ SEQ", "AGE", "SUBJECT", "TYPE", "CONSUMER", "DELIV", "REASON", "ERROR",
        ]);
    let mut shown = 0u64;
    while let Some(entry) = entries.next().await {
        let entry = entry?;
        if filter.past_end(entry.dlq_seq) || a.limit.is_some_and(|l| shown >= l) {
            break;
        }
        if !filter.matches(&entry) {
            continue;
        }
        shown += 1;
        match a.output {
            Format::Json => writeln!(out, "{}", entry_json(&entry, now, &filter.limits))?,
            Format::Text => match &entry.letter {
                Ok(dl) => {
                    table.add_row([
                        entry.dlq_seq.to_string(),
                        short_age(now - dl.failed_at),
                        dl.original_subject.clone(),
                        event_type_of(dl, &filter.limits).unwrap_or_else(|| "-".into()),
                        dl.consumer.clone(),
                        dl.deliveries.to_string(),
                        dl.reason.as_str().to_string(),
                        truncate(&dl.error, 60),
                    ]);
                }
                Err(problem) => {
                    table.add_row([
                        entry.dlq_seq.to_string(),
                        short_age(now - entry.stored_at),
                        entry.dlq_subject.clone(),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        "not a dead letter".into(),
                        truncate(&problem.to_string(), 60),
                    ]);
                }
            },
        }
    }
    if a.output == Format::Text {
        if shown == 0 {
            eprintln!("no dead letters in '{}' match", store.name());
        } else {
            writeln!(out, "{table}")?;
        }
    }
    out.flush()?;
    drop(out);
    bus.drain().await?;
    Ok(exit::OK)
}

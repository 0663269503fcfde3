//! `evt dlq ls`: by default a summary of the DLQ grouped by why things failed; with `--all`
//! (or `--group`, `--seq`, `--seq-range`) every selected entry. Both stream: memory stays flat
//! whatever the size of the DLQ.

use std::io::Write;

use evt::dlq::group::{GroupBy, GroupStats, Summary, MAX_GROUPS};
use evt::dlq::select::event_type_of;
use evt::dlq::view::{entry_json, rfc3339, short_age, truncate};
use futures::StreamExt;
use serde_json::json;
use time::OffsetDateTime;

use super::table::PagedTable;
use super::{FilterArgs, StreamArg};
use crate::cli::output::Format;
use crate::cli::{exit, GlobalArgs};

/// List dead letters. Without --all: one line per group of entries that failed the same way
/// (by default the same consumer, reason and error, with numbers, uuids and hex ids in the
/// error masked), with count, first and last failure, and an example DLQ sequence; parked
/// entries (`dlq.….parked`) are listed apart. Use a group's ID with --group on ls, show,
/// replay and purge.
///
/// With --all (or --group, --seq, --seq-range): every selected entry, DLQ sequence, age,
/// original subject, event type, consumer, deliveries, reason and error.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub stream: StreamArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// List every selected entry instead of the summary.
    #[arg(long)]
    pub all: bool,
    /// Group the summary by these (comma-separated): subject, type, consumer, reason, error.
    #[arg(
        long = "group-by",
        value_name = "DIMS",
        default_value = "consumer,reason,error",
        conflicts_with = "all"
    )]
    pub group_by: String,
    /// List at most N entries (with --all).
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Output format: a table, or one JSON object per line (per group, or per entry with the
    /// payload in base64).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

pub async fn run(g: &GlobalArgs, a: Args) -> anyhow::Result<u8> {
    let now = OffsetDateTime::now_utc();
    let filter = a.filter.resolve(now, g.wire_limits())?;
    let by = GroupBy::parse(&a.group_by)?;
    let entries_mode = a.all || a.limit.is_some() || filter.group.is_some() || filter.seq.is_some();
    let (bus, store) = super::open(g, &a.stream).await?;
    let entries = store.entries(filter.start_seq()).await?;
    let mut entries = std::pin::pin!(entries);
    let out = std::io::BufWriter::new(std::io::stdout().lock());

    if !entries_mode {
        let mut summary = Summary::new(by, MAX_GROUPS);
        while let Some(entry) = entries.next().await {
            let entry = entry?;
            if filter.past_end(entry.dlq_seq) {
                break;
            }
            if filter.matches(&entry) {
                summary.add(&entry, &filter.limits);
            }
        }
        print_summary(out, summary, by, now, a.output, store.name())?;
        bus.drain().await?;
        return Ok(exit::OK);
    }

    let mut json_out = (a.output == Format::Json).then_some(out);
    let mut table = match json_out {
        Some(_) => None,
        None => Some(PagedTable::new(
            std::io::BufWriter::new(std::io::stdout().lock()),
            &[
                "DLQ SEQ", "AGE", "SUBJECT", "TYPE", "CONSUMER", "DELIV", "REASON", "ERROR",
            ],
        )),
    };
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
        if let Some(out) = json_out.as_mut() {
            writeln!(out, "{}", entry_json(&entry, now, &filter.limits))?;
            continue;
        }
        let Some(t) = table.as_mut() else { continue };
        let parked = evt::dlq::naming::is_parked_subject(&entry.dlq_subject);
        match &entry.letter {
            Ok(dl) => t.push(vec![
                entry.dlq_seq.to_string(),
                short_age(now - dl.failed_at),
                dl.original_subject.clone(),
                event_type_of(dl, &filter.limits).unwrap_or_else(|| "-".into()),
                dl.consumer.clone(),
                dl.deliveries.to_string(),
                if parked {
                    format!("{} (parked)", dl.reason.as_str())
                } else {
                    dl.reason.as_str().to_string()
                },
                truncate(&dl.error, 60),
            ])?,
            Err(problem) => t.push(vec![
                entry.dlq_seq.to_string(),
                short_age(now - entry.stored_at),
                entry.dlq_subject.clone(),
                "-".into(),
                "-".into(),
                "-".into(),
                "not a dead letter".into(),
                truncate(&problem.to_string(), 60),
            ])?,
        }
    }
    if let Some(mut out) = json_out {
        out.flush()?;
    }
    if let Some(t) = table {
        if t.finish()? == 0 {
            eprintln!("no dead letters in '{}' match", store.name());
        }
    }
    bus.drain().await?;
    Ok(exit::OK)
}

fn print_summary(
    mut out: impl Write,
    summary: Summary,
    by: GroupBy,
    now: OffsetDateTime,
    format: Format,
    dlq: &str,
) -> anyhow::Result<()> {
    let (total, overflow) = (summary.total, summary.overflow);
    let groups = summary.into_groups();
    let dims = by.names();
    let cells = |g: &GroupStats| -> Vec<String> {
        let mut row = vec![g.id.clone(), g.count.to_string()];
        for d in &dims {
            row.push(match *d {
                "subject" => g.key.subject.clone(),
                "type" => g.key.event_type.clone(),
                "consumer" => g.key.consumer.clone(),
                "reason" => g.key.reason.clone(),
                _ => truncate(&g.key.error, 60),
            });
        }
        row.push(short_age(now - g.first_failed));
        row.push(short_age(now - g.last_failed));
        row.push(g.example_seq.to_string());
        row
    };
    match format {
        Format::Json => {
            for g in &groups {
                let mut v = json!({
                    "group": g.id,
                    "parked": g.key.parked,
                    "count": g.count,
                    "first_failed_at": rfc3339(g.first_failed),
                    "last_failed_at": rfc3339(g.last_failed),
                    "example_seq": g.example_seq,
                    "example_error": g.example_error,
                });
                for d in &dims {
                    v[*d] = json!(match *d {
                        "subject" => &g.key.subject,
                        "type" => &g.key.event_type,
                        "consumer" => &g.key.consumer,
                        "reason" => &g.key.reason,
                        _ => &g.key.error,
                    });
                }
                writeln!(out, "{v}")?;
            }
        }
        Format::Text => {
            if groups.is_empty() {
                eprintln!("no dead letters in '{dlq}' match");
            }
            let mut header = vec!["GROUP".to_string(), "COUNT".to_string()];
            header.extend(dims.iter().map(|d| d.to_ascii_uppercase()));
            header.extend(["FIRST".into(), "LAST".into(), "EXAMPLE SEQ".into()]);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            let (live, parked): (Vec<_>, Vec<_>) = groups.iter().partition(|g| !g.key.parked);
            for (title, part) in [
                (None, live),
                (Some("PARKED (not replayed unless --parked)"), parked),
            ] {
                if part.is_empty() {
                    continue;
                }
                if let Some(t) = title {
                    writeln!(out, "\n{t}")?;
                }
                let mut t = PagedTable::new(&mut out, &header);
                for g in part {
                    t.push(cells(g))?;
                }
                t.finish()?;
            }
            if total > 0 {
                writeln!(
                    out,
                    "\n{total} entries in {} groups; `evt dlq ls --group ID --all` lists one, `evt dlq replay --group ID` redrives it",
                    groups.len()
                )?;
            }
        }
    }
    if overflow > 0 {
        eprintln!(
            "evt: {overflow} entries fall in more than {MAX_GROUPS} groups and are not shown; narrow the selection (--consumer, --since, --error) or group by fewer dimensions"
        );
    }
    out.flush()?;
    Ok(())
}

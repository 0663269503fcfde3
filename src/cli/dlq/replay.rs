//! `evt dlq replay`: republish selected dead letters and remove them once acknowledged.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use comfy_table::{presets, Table};
use evt::dlq::rate::Rate;
use evt::dlq::replay::{replay, ReplayOptions, Step, DEFAULT_WINDOW};
use evt::dlq::select::event_type_of;
use evt::dlq::view::{entry_json, truncate};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;
use time::OffsetDateTime;

use super::{FilterArgs, StreamArg};
use crate::cli::output::Format;
use crate::cli::{exit, signal::Interrupt, GlobalArgs};

/// Replay dead letters: republish each to its original subject (or --to) under a new,
/// stable message id with `Evt-Replay-Of`, and delete the DLQ entry only after the copy is
/// acknowledged. Safe to re-run after a crash: already-replayed entries are deduplicated by
/// the target stream (within its duplicate window) and removed.
///
/// Exit 0 when everything selected was replayed, 1 when some failed (they stay in the DLQ),
/// 130 when interrupted (in-flight copies are finished first).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub stream: StreamArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Publish to this subject instead of each entry's original subject.
    #[arg(long, value_name = "SUBJECT")]
    pub to: Option<String>,
    /// Replay at most N entries.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
    /// Velocity limit: N/s, N/m or N/h (e.g. 200/s).
    #[arg(long, value_name = "N/s", value_parser = parse_rate)]
    pub rate: Option<Rate>,
    /// Show what would be replayed; publish and delete nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Copies awaiting their acknowledgement at once.
    #[arg(long = "in-flight", value_name = "N", default_value_t = DEFAULT_WINDOW,
          value_parser = clap::value_parser!(usize))]
    pub in_flight: usize,
    /// Output format for the dry-run listing and the final report.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

fn parse_rate(s: &str) -> Result<Rate, String> {
    Rate::parse(s).map_err(|e| e.to_string())
}

pub async fn run(g: &GlobalArgs, a: Args, interrupt: &Interrupt) -> anyhow::Result<u8> {
    let now = OffsetDateTime::now_utc();
    let opts = ReplayOptions {
        filter: a.filter.resolve(now, g.wire_limits())?,
        to: a.to.clone(),
        limit: a.limit,
        rate: a.rate,
        dry_run: a.dry_run,
        window: a.in_flight.max(1),
        metrics: None,
        denials: None,
    };
    if let Some(to) = &opts.to {
        evt::subject::validate_publish_subject(to).map_err(|e| anyhow::anyhow!("--to: {e}"))?;
    }
    let (bus, store) = super::open(g, &a.stream).await?;
    let opts = ReplayOptions {
        denials: Some(bus.denials()),
        ..opts
    };

    let bar = if std::io::stderr().is_terminal() && !a.dry_run {
        ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} entries {per_sec} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));

    let mut out = std::io::stdout().lock();
    let mut dry_table = Table::new();
    dry_table
        .load_preset(presets::NOTHING)
        .set_header(["DLQ SEQ", "TARGET", "TYPE", "CONSUMER", "ERROR"]);
    let (mut ok, mut failed) = (0u64, 0u64);
    let mut io_error: Option<std::io::Error> = None;
    let json_out = a.output == Format::Json;
    let report = replay(
        bus.jetstream(),
        &store,
        &opts,
        interrupt.wait(),
        |step| match step {
            Step::Started { entries } => bar.set_length(entries),
            Step::Filtered { .. } => bar.inc(1),
            Step::Skipped { dlq_seq, why } => {
                bar.inc(1);
                bar.suspend(|| eprintln!("evt: skipped DLQ entry {dlq_seq}: {why}"));
            }
            Step::WouldReplay { entry, target } => {
                if json_out {
                    let mut v = entry_json(entry, now, &opts.filter.limits);
                    v["target"] = json!(target);
                    if let Err(e) = writeln!(out, "{v}") {
                        io_error.get_or_insert(e);
                    }
                } else if let Ok(dl) = &entry.letter {
                    dry_table.add_row([
                        entry.dlq_seq.to_string(),
                        target.to_string(),
                        event_type_of(dl, &opts.filter.limits).unwrap_or_else(|| "-".into()),
                        dl.consumer.clone(),
                        truncate(&dl.error, 50),
                    ]);
                }
            }
            Step::Replayed { .. } => {
                ok += 1;
                bar.inc(1);
                bar.set_message(format!("replayed {ok} failed {failed}"));
            }
            Step::Failed { dlq_seq, error, .. } => {
                failed += 1;
                bar.inc(1);
                bar.set_message(format!("replayed {ok} failed {failed}"));
                bar.suspend(|| eprintln!("evt: DLQ entry {dlq_seq} not replayed: {error}"));
            }
        },
    )
    .await;
    bar.finish_and_clear();
    let report = report?;
    if let Some(e) = io_error {
        return Err(e.into());
    }

    if json_out {
        let mut v = serde_json::to_value(&report)?;
        v["skipped"] = json!(report.skipped());
        v["dlq_stream"] = json!(store.name());
        v["dry_run"] = json!(a.dry_run);
        if !a.dry_run || !report.failures.is_empty() {
            writeln!(out, "{v}")?;
        }
    } else {
        if a.dry_run {
            if report.would_replay > 0 {
                writeln!(out, "{dry_table}")?;
            }
            eprintln!(
                "dry run: {} of {} entries in '{}' would be replayed; nothing was changed",
                report.would_replay,
                report.scanned,
                store.name()
            );
        }
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED)
            .set_header(["replayed", "skipped", "failed"]);
        let replayed = if a.dry_run {
            format!("0 (would: {})", report.would_replay)
        } else if report.duplicates > 0 {
            format!(
                "{} ({} already replayed)",
                report.replayed, report.duplicates
            )
        } else {
            report.replayed.to_string()
        };
        t.add_row([
            replayed,
            report.skipped().to_string(),
            report.failed.to_string(),
        ]);
        writeln!(out, "{t}")?;
    }
    out.flush()?;
    drop(out);
    if let Some(e) = &report.read_error {
        eprintln!("evt: reading the dead-letter stream stopped early: {e}");
    }
    let _ = bus.drain().await;
    Ok(if report.interrupted {
        exit::INTERRUPTED
    } else if report.failed > 0 || report.read_error.is_some() {
        exit::ERROR
    } else {
        exit::OK
    })
}

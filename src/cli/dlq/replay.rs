//! `evt dlq replay`: republish selected dead letters and remove them once acknowledged.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use comfy_table::{presets, Table};
use evt::dlq::rate::Rate;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;

use evt::dlq::replay::{replay, ReplayOptions, Step, DEFAULT_WINDOW};
use evt::dlq::select::event_type_of;
use evt::dlq::task::{Status, Tasks, HEARTBEAT};
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
    /// Continue an interrupted or cancelled task (`evt dlq tasks`) with its own DLQ, filter,
    /// target and rate; selection flags are not taken with it.
    #[arg(long, value_name = "TASK", conflicts_with = "dry_run")]
    pub resume: Option<String>,
    /// Open the event of the one entry --seq names in $EDITOR (else vi), validate the result
    /// against its schema, and replay it with `Evt-Replay-Edited: true`; the entry stays in
    /// the DLQ until the edited copy is acknowledged. Nothing is sent when it does not
    /// validate or the editor fails.
    #[arg(long, requires = "seq", conflicts_with_all = ["dry_run", "resume"])]
    pub edit: bool,
}

fn parse_rate(s: &str) -> Result<Rate, String> {
    Rate::parse(s).map_err(|e| e.to_string())
}

pub async fn run(g: &GlobalArgs, a: Args, interrupt: &Interrupt) -> anyhow::Result<u8> {
    if a.edit {
        return edit_one(g, &a).await;
    }
    let now = OffsetDateTime::now_utc();
    let mut filter = a.filter.resolve(now, g.wire_limits())?;
    // Parked entries came back too often: they are redriven only when asked for by name.
    filter.parked.get_or_insert(false);
    let mut opts = ReplayOptions {
        filter,
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
    let (bus, mut store) = super::open(g, &a.stream).await?;

    // Every replay that moves something is a task: recorded in the KV bucket, listed by
    // `evt dlq tasks`, stopped by `evt dlq cancel`.
    let mut task = None;
    let mut moved_before = 0;
    if !a.dry_run {
        let tasks = Tasks::open(bus.jetstream()).await?;
        let handle = match &a.resume {
            Some(id) => {
                let h = tasks.resume(id).await?;
                let rec = h.record();
                opts.filter = rec.filter.to_filter(g.wire_limits())?;
                opts.to = rec.target.clone();
                opts.rate = rec.rate.map(Rate);
                moved_before = rec.moved;
                if rec.dlq_stream != store.name() {
                    store =
                        evt::dlq::store::DlqStore::open(bus.jetstream(), &rec.dlq_stream).await?;
                }
                h
            }
            None => {
                let left = store.state().await?.messages;
                tasks
                    .start(
                        store.name(),
                        &opts.filter,
                        opts.to.clone(),
                        opts.rate.map(|r| r.0),
                        left,
                    )
                    .await?
            }
        };
        eprintln!(
            "evt: task {} redriving '{}' ({}); `evt dlq tasks` to watch, `evt dlq cancel {}` to stop",
            handle.id(),
            store.name(),
            handle.record().filter.describe(),
            handle.id()
        );
        task = Some(handle);
    }
    let counts = Arc::new(Counts::default());
    let (cancel_tx, mut cancel_rx) = tokio::sync::watch::channel(false);
    let (done_tx, mut done_rx) = tokio::sync::oneshot::channel::<()>();
    let beat = task.map(|mut h| {
        let counts = counts.clone();
        tokio::spawn(async move {
            // Bounded by the replay: it ends when `done` fires.
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(HEARTBEAT) => {}
                    _ = &mut done_rx => break,
                }
                let (m, f, l) = counts.get(moved_before);
                match h.beat(m, f, l).await {
                    Ok(true) => {
                        let _ = cancel_tx.send(true);
                    }
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "task heartbeat not written"),
                }
            }
            h
        })
    });
    let opts = ReplayOptions {
        denials: Some(bus.denials()),
        ..opts
    };
    let stop = async {
        tokio::select! {
            _ = interrupt.wait() => {}
            // No task (a dry run): the sender is gone, and that is no cancel.
            Ok(_) = cancel_rx.wait_for(|c| *c) => {}
            else => std::future::pending::<()>().await,
        }
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
    let mut dry_table = super::table::PagedTable::new(
        std::io::BufWriter::new(std::io::stdout()),
        &["DLQ SEQ", "TARGET", "TYPE", "CONSUMER", "ERROR"],
    );
    let (mut ok, mut failed) = (0u64, 0u64);
    let mut io_error: Option<std::io::Error> = None;
    let json_out = a.output == Format::Json;
    let report = replay(bus.jetstream(), &store, &opts, stop, |step| match step {
        Step::Started { entries } => {
            counts.total.store(entries, Relaxed);
            bar.set_length(entries)
        }
        Step::Filtered { .. } => {
            counts.seen.fetch_add(1, Relaxed);
            bar.inc(1)
        }
        Step::Skipped { dlq_seq, why } => {
            counts.seen.fetch_add(1, Relaxed);
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
                if let Err(e) = dry_table.push(vec![
                    entry.dlq_seq.to_string(),
                    target.to_string(),
                    event_type_of(dl, &opts.filter.limits).unwrap_or_else(|| "-".into()),
                    dl.consumer.clone(),
                    truncate(&dl.error, 50),
                ]) {
                    io_error.get_or_insert(e);
                }
            }
        }
        Step::Replayed { .. } => {
            counts.seen.fetch_add(1, Relaxed);
            counts.moved.fetch_add(1, Relaxed);
            ok += 1;
            bar.inc(1);
            bar.set_message(format!("replayed {ok} failed {failed}"));
        }
        Step::Failed { dlq_seq, error, .. } => {
            counts.seen.fetch_add(1, Relaxed);
            counts.failed.fetch_add(1, Relaxed);
            failed += 1;
            bar.inc(1);
            bar.set_message(format!("replayed {ok} failed {failed}"));
            bar.suspend(|| eprintln!("evt: DLQ entry {dlq_seq} not replayed: {error}"));
        }
    })
    .await;
    bar.finish_and_clear();
    let _ = done_tx.send(());
    let cancelled = *cancel_rx.borrow();
    let mut task_id = None;
    if let Some(beat) = beat {
        let h = beat.await?;
        task_id = Some(h.id().to_string());
        let (m, f, l) = counts.get(moved_before);
        let (status, error) = match &report {
            Err(e) => (Status::Failed, Some(evt::error::chain_line(e))),
            Ok(_) if cancelled => (Status::Cancelled, None),
            Ok(r) if r.interrupted => (Status::Interrupted, None),
            Ok(r) if r.failed > 0 || r.read_error.is_some() => (
                Status::Failed,
                r.failures
                    .first()
                    .map(|f| f.error.clone())
                    .or_else(|| r.read_error.clone()),
            ),
            Ok(_) => (Status::Completed, None),
        };
        let rec = h.finish(status, m, f, l, error).await?;
        eprintln!(
            "evt: task {} {}: moved {}, failed {}",
            rec.id,
            rec.status.as_str(),
            rec.moved,
            rec.failed
        );
    }
    let report = report?;
    if let Some(e) = io_error {
        return Err(e.into());
    }

    if json_out {
        let mut v = serde_json::to_value(&report)?;
        v["skipped"] = json!(report.skipped());
        v["dlq_stream"] = json!(store.name());
        v["dry_run"] = json!(a.dry_run);
        v["task"] = json!(task_id);
        v["cancelled"] = json!(cancelled);
        if !a.dry_run || !report.failures.is_empty() {
            writeln!(out, "{v}")?;
        }
    } else {
        if a.dry_run {
            dry_table.finish()?;
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

/// What the replay did so far, for the task's heartbeat.
#[derive(Default)]
struct Counts {
    total: AtomicU64,
    seen: AtomicU64,
    moved: AtomicU64,
    failed: AtomicU64,
}

impl Counts {
    /// (moved including earlier runs, failed, left to examine).
    fn get(&self, moved_before: u64) -> (u64, u64, u64) {
        (
            moved_before + self.moved.load(Relaxed),
            self.failed.load(Relaxed),
            self.total
                .load(Relaxed)
                .saturating_sub(self.seen.load(Relaxed)),
        )
    }
}

/// `--seq N --edit`: the event in $EDITOR, validated, replayed, then the entry removed.
async fn edit_one(g: &GlobalArgs, a: &Args) -> anyhow::Result<u8> {
    use anyhow::Context as _;
    let seq = a.filter.seq.context("--edit needs --seq N")?;
    if let Some(to) = &a.to {
        evt::subject::validate_publish_subject(to).map_err(|e| anyhow::anyhow!("--to: {e}"))?;
    }
    let factory = g.event_factory()?;
    let (bus, store) = super::open(g, &a.stream).await?;
    let entry = store.get(seq).await?;
    let text = evt::dlq::edit::editable(&entry, factory.limits()).with_context(|| {
        format!("DLQ entry {seq} has no JSON event to edit (see `evt dlq show {seq}`)")
    })?;
    let path = std::env::temp_dir().join(format!(
        "evt-dlq-{}-{seq}-{}.json",
        store.name(),
        std::process::id()
    ));
    std::fs::write(&path, format!("{text}\n"))
        .with_context(|| format!("cannot write {}", path.display()))?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    // Through the shell, so EDITOR may carry arguments (`code --wait`).
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status()
        .await
        .with_context(|| format!("cannot run the editor '{editor}'"));
    let edited = std::fs::read(&path);
    let _ = std::fs::remove_file(&path);
    let status = status?;
    if !status.success() {
        anyhow::bail!("the editor '{editor}' exited with {status}; nothing was sent and DLQ entry {seq} stays");
    }
    let edited = edited.with_context(|| format!("cannot read {} back", path.display()))?;
    let done = evt::dlq::edit::replay_edited(
        bus.jetstream(),
        &store,
        &factory,
        seq,
        &edited,
        a.to.as_deref(),
    )
    .await?;
    match a.output {
        Format::Json => println!(
            "{}",
            json!({"dlq_stream": store.name(), "dlq_seq": seq, "edited": true,
                   "subject": done.subject, "stream": done.stream, "seq": done.seq})
        ),
        Format::Text => println!(
            "replayed edited DLQ entry {seq} to {} ({}/{}); the entry was removed",
            done.subject, done.stream, done.seq
        ),
    }
    let _ = bus.drain().await;
    Ok(exit::OK)
}

//! `evt dlq tasks` and `evt dlq cancel`: redrive tasks, as the KV bucket records them.

use std::io::Write;

use evt::dlq::task::{Status, Tasks};
use serde_json::json;
use time::OffsetDateTime;

use super::table::PagedTable;
use crate::cli::output::Format;
use crate::cli::{exit, GlobalArgs};

/// List redrive tasks, newest first: id, DLQ, filter, target, rate, moved, left, failed,
/// status (RUNNING, COMPLETED, CANCELLED, FAILED, or INTERRUPTED when the process running
/// it stopped without finishing), who started it and when.
#[derive(Debug, clap::Args)]
pub struct TasksArgs {
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

/// Stop a running redrive task: it takes no more entries, the copies in flight are acked and
/// their entries removed, and it ends CANCELLED (resumable with `evt dlq replay --resume`).
/// An interrupted task is marked CANCELLED at once.
#[derive(Debug, clap::Args)]
pub struct CancelArgs {
    /// The task id (first column of `evt dlq tasks`).
    pub task: String,
}

pub async fn list(g: &GlobalArgs, a: TasksArgs) -> anyhow::Result<u8> {
    let bus = g.connect().await?;
    bus.require_jetstream().await?;
    let tasks = Tasks::open(bus.jetstream()).await?;
    let now_ms = (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
    let list = tasks.list().await?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match a.output {
        Format::Json => {
            for t in &list {
                let mut v = serde_json::to_value(t)?;
                v["status"] = json!(t.effective_status(now_ms).as_str());
                writeln!(out, "{v}")?;
            }
        }
        Format::Text => {
            let mut table = PagedTable::new(
                &mut out,
                &[
                    "TASK",
                    "DLQ",
                    "STATUS",
                    "MOVED",
                    "LEFT",
                    "FAILED",
                    "RATE",
                    "TARGET",
                    "STARTED BY",
                    "STARTED",
                    "FILTER",
                ],
            );
            for t in &list {
                table.push(vec![
                    t.id.clone(),
                    t.dlq_stream.clone(),
                    t.effective_status(now_ms).as_str().to_string(),
                    t.moved.to_string(),
                    t.left.to_string(),
                    t.failed.to_string(),
                    t.rate.map_or("-".into(), |r| format!("{r}/s")),
                    t.target.clone().unwrap_or_else(|| "(original)".into()),
                    t.started_by.clone(),
                    t.started_at.clone(),
                    t.filter.describe(),
                ])?;
            }
            if table.finish()? == 0 {
                eprintln!("no redrive tasks");
            }
        }
    }
    out.flush()?;
    drop(out);
    let _ = bus.drain().await;
    Ok(exit::OK)
}

pub async fn cancel(g: &GlobalArgs, a: CancelArgs) -> anyhow::Result<u8> {
    let bus = g.connect().await?;
    bus.require_jetstream().await?;
    let tasks = Tasks::open(bus.jetstream()).await?;
    let code = match tasks.cancel(&a.task).await? {
        Status::Running => {
            eprintln!(
                "evt: task {} asked to stop; it finishes the copies in flight, then shows CANCELLED",
                a.task
            );
            exit::OK
        }
        Status::Interrupted => {
            eprintln!("evt: task {} was interrupted; now CANCELLED", a.task);
            exit::OK
        }
        done => {
            eprintln!("evt: task {} already ended {}", a.task, done.as_str());
            exit::ERROR
        }
    };
    let _ = bus.drain().await;
    Ok(code)
}

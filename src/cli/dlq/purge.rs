//! `evt dlq purge`: delete selected dead letters, after confirmation.

use std::io::{IsTerminal, Write};

use evt::dlq::purge;
use serde_json::json;
use time::OffsetDateTime;

use super::{FilterArgs, StreamArg};
use crate::cli::output::Format;
use crate::cli::{exit, signal::Interrupt, GlobalArgs};

/// Delete dead letters for good. Asks for confirmation on the terminal unless --yes; with no
/// filter at all, --all is required.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub stream: StreamArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Only entries that failed before this: a duration ago (`7d`) or an RFC 3339 time
    /// (same as --until).
    #[arg(long, value_name = "WHEN", conflicts_with = "until")]
    pub before: Option<String>,
    /// Purge every entry (required when no filter is given).
    #[arg(long)]
    pub all: bool,
    /// Do not ask for confirmation.
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Output format for the result.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

pub async fn run(g: &GlobalArgs, a: Args, interrupt: &Interrupt) -> anyhow::Result<u8> {
    let now = OffsetDateTime::now_utc();
    let mut fargs = a.filter.clone();
    if a.before.is_some() {
        fargs.until = a.before.clone();
    }
    let filter = fargs.resolve(now, g.wire_limits())?;
    if filter.selects_all() && !a.all {
        anyhow::bail!("refusing to purge every dead letter without --all (or give a filter such as --before 7d)");
    }
    let (bus, store) = super::open(g, &a.stream).await?;
    let plan = purge::plan(&store, &filter).await?;
    let count = plan.count();
    let mut out = std::io::stdout().lock();
    if count == 0 {
        match a.output {
            Format::Json => writeln!(
                out,
                "{}",
                json!({"dlq_stream": store.name(), "deleted": 0, "failed": 0})
            )?,
            Format::Text => eprintln!("nothing to purge in '{}'", store.name()),
        }
        return Ok(exit::OK);
    }
    if !a.yes {
        if !std::io::stdin().is_terminal() {
            anyhow::bail!(
                "refusing to purge {count} dead letters from '{}' without confirmation: stdin is not a terminal (pass --yes)",
                store.name()
            );
        }
        eprint!(
            "Delete {count} dead letters from '{}' for good? [y/N] ",
            store.name()
        );
        std::io::stderr().flush()?;
        let answer = tokio::select! {
            a = tokio::task::spawn_blocking(|| {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line).map(|_| line)
            }) => a??,
            _ = interrupt.wait() => return Ok(exit::INTERRUPTED),
        };
        if !matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
            eprintln!("nothing deleted");
            return Ok(exit::ERROR);
        }
    }
    let report = purge::execute(&store, &plan).await;
    match a.output {
        Format::Json => writeln!(
            out,
            "{}",
            json!({"dlq_stream": store.name(), "deleted": report.deleted, "failed": report.failed,
                   "error": report.first_error})
        )?,
        Format::Text => writeln!(
            out,
            "purged {} dead letters from '{}'",
            report.deleted,
            store.name()
        )?,
    }
    out.flush()?;
    drop(out);
    let _ = bus.drain().await;
    if let Some(e) = report.first_error {
        eprintln!("evt: {} entries could not be deleted: {e}", report.failed);
        return Ok(exit::ERROR);
    }
    Ok(exit::OK)
}

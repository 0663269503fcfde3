//! `evt streams apply`: execute the plan, and nothing else.

use std::io::Write;
use std::path::PathBuf;

use evt::streams::apply::{self as applier, ApplyOptions, Blocker, Status};

use super::super::{exit, output::Format, GlobalArgs};

/// Apply the spec: compute the plan (as `evt streams plan` shows it) and execute exactly that.
/// Streams first (DLQ and advisory capture before anything that needs them), then consumers.
///
/// Never deletes or recreates anything without --allow-recreate (and --allow-data-loss for
/// streams holding messages). Idempotent: a second run reports "no changes". A failure midway
/// reports what was applied and what was not; running again continues.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories of *.yaml (default: streams/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Delete evt-managed streams and consumers that are no longer declared: the given files
    /// are then taken as the whole topology.
    #[arg(long)]
    pub prune: bool,
    /// Allow deleting and creating again what cannot change in place.
    #[arg(long = "allow-recreate")]
    pub allow_recreate: bool,
    /// Allow a recreate or prune to delete a stream that holds messages.
    #[arg(long = "allow-data-loss")]
    pub allow_data_loss: bool,
    /// Print the plan and stop.
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

pub async fn run(g: &GlobalArgs, args: Args) -> anyhow::Result<u8> {
    let (bus, plan, _) = match super::plan::compute(g, args.paths, args.prune).await? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    super::plan::print_notes(&plan);
    if plan.is_empty() {
        if args.output == Format::Json {
            writeln!(
                std::io::stdout(),
                "{}",
                serde_json::json!({"applied": 0, "steps": []})
            )?;
        } else {
            writeln!(std::io::stdout(), "no changes: the server matches the spec")?;
        }
        let _ = bus.drain().await;
        return Ok(exit::OK);
    }
    // -q leaves the plan out (the summary on stdout and any failure still show), except
    // in a dry run, where the plan is what was asked for.
    if args.output == Format::Text && (!g.quiet || args.dry_run) {
        super::plan::print_plan(&mut std::io::stderr().lock(), &plan, Format::Text)?;
    }
    if args.dry_run {
        if args.output == Format::Json {
            super::plan::print_plan(&mut std::io::stdout().lock(), &plan, Format::Json)?;
        }
        let _ = bus.drain().await;
        return Ok(super::plan::exit_code(&plan));
    }
    let blockers = applier::check_allowed(
        &plan,
        ApplyOptions {
            allow_recreate: args.allow_recreate,
            allow_data_loss: args.allow_data_loss,
        },
    );
    if !blockers.is_empty() {
        for b in &blockers {
            eprintln!("evt: {b}{}", blocker_hint(b));
        }
        eprintln!("evt: nothing was applied");
        let _ = bus.drain().await;
        return Ok(exit::ERROR);
    }
    let text = args.output == Format::Text;
    let quiet = g.quiet;
    let report = applier::apply(bus.jetstream(), &plan, &mut |step| {
        if text {
            let word = match step.kind {
                evt::streams::plan::Kind::Create => "created",
                evt::streams::plan::Kind::Update => "updated",
                evt::streams::plan::Kind::Recreate => "recreated",
                evt::streams::plan::Kind::Delete => "deleted",
                evt::streams::plan::Kind::Refused => "refused",
            };
            match &step.status {
                Status::Applied if quiet => {}
                Status::Applied => eprintln!("{word} {}", step.target),
                Status::Failed(e) => {
                    let chain = std::iter::successors(
                        Some(e.0.as_ref() as &(dyn std::error::Error + 'static)),
                        |c| c.source(),
                    );
                    let hint = crate::cli::hint::for_chain(chain)
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    eprintln!("FAILED {}: {e}{hint}", step.target)
                }
                Status::NotAttempted => eprintln!("not applied: {}", step.target),
            }
        }
    })
    .await;
    let mut out = std::io::stdout().lock();
    if args.output == Format::Json {
        writeln!(
            out,
            "{}",
            serde_json::json!({"applied": report.applied(), "failed": report.failed(), "steps": report.steps})
        )?;
    } else {
        let total = report.steps.len();
        if report.failed() {
            writeln!(
                out,
                "applied {} of {total} changes; the rest were NOT applied (fix the error and run apply again to continue)",
                report.applied()
            )?;
        } else {
            writeln!(out, "applied {total} changes")?;
        }
    }
    drop(out);
    let _ = bus.drain().await;
    Ok(if report.failed() {
        exit::ERROR
    } else {
        exit::OK
    })
}

/// The flags that would let a blocked plan run.
fn blocker_hint(b: &Blocker) -> String {
    match b {
        Blocker::Refused { .. } => String::new(),
        Blocker::Recreate { messages_lost, .. } if *messages_lost > 0 => format!(
            "; rerun with --allow-recreate --allow-data-loss (it holds {messages_lost} messages)"
        ),
        Blocker::Recreate { .. } => "; rerun with --allow-recreate".into(),
        Blocker::DataLoss { .. } => "; rerun with --allow-data-loss".into(),
    }
}

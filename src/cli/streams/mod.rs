//! `evt streams`: streams as code (validate, plan, apply, export, ls).

pub mod apply;
pub mod export;
pub mod ls;
pub mod plan;
pub mod validate;

use std::io::Write;
use std::path::PathBuf;

use evt::streams::{Spec, StreamsError};

use super::{signal::Interrupt, GlobalArgs};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Validate(validate::Args),
    Plan(plan::Args),
    Apply(apply::Args),
    Export(export::Args),
    Ls(ls::Args),
}

pub async fn run(g: &GlobalArgs, c: Command, _i: &Interrupt) -> anyhow::Result<u8> {
    match c {
        Command::Validate(a) => validate::run(a),
        Command::Plan(a) => plan::run(g, a).await,
        Command::Apply(a) => apply::run(g, a).await,
        Command::Export(a) => export::run(g, a).await,
        Command::Ls(a) => ls::run(g, a).await,
    }
}

/// Spec paths default to `streams/` like the repository layout.
pub(crate) fn paths_or_default(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("streams")]
    } else {
        paths
    }
}

/// Load and validate; on problems print each on its own line (stderr) and return `Err(exit)`.
pub(crate) fn load_valid(paths: &[PathBuf]) -> Result<Spec, u8> {
    let spec = match Spec::load(paths) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("evt: {}", evt::error::chain_line(&e));
            return Err(super::exit::ERROR);
        }
    };
    if let Err(invalid) = evt::streams::validate::validate(&spec) {
        print_issues(&invalid.0);
        return Err(super::exit::ERROR);
    }
    Ok(spec)
}

fn print_issues(issues: &[evt::streams::Issue]) {
    let mut err = std::io::stderr().lock();
    for i in issues {
        let _ = writeln!(err, "evt: {i}");
    }
    let _ = writeln!(
        err,
        "evt: {} problem{} in the stream spec",
        issues.len(),
        if issues.len() == 1 { "" } else { "s" }
    );
}

/// Connect and read the server version; JetStream must answer.
pub(crate) async fn connect(g: &GlobalArgs) -> anyhow::Result<(evt::bus::Bus, String)> {
    let bus = g.connect().await?;
    bus.require_jetstream().await?;
    let version = bus.server_info().version;
    Ok((bus, version))
}

/// Library errors into the CLI's error type (printed as one line by `cli::run`).
fn report(e: StreamsError) -> anyhow::Error {
    anyhow::Error::new(e)
}

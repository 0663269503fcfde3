//! `evt streams validate`: offline checks of the spec, no server needed.

use std::io::Write;
use std::path::PathBuf;

/// Check stream specs without a server: names, subject overlaps (wildcards included), consumer
/// filters, backoff vs max_deliver, duplicate_window vs max_age, DLQ wiring.
///
/// Prints every problem at once as FILE:LINE: MESSAGE. Exit 0 when valid, 1 otherwise.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories of *.yaml (default: streams/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let paths = super::paths_or_default(args.paths);
    let spec = match super::load_valid(&paths) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let dlqs = evt::streams::dlq_wiring(&spec).len();
    writeln!(
        std::io::stdout().lock(),
        "ok: {} streams, {} consumers ({} with a DLQ) in {} file{}",
        spec.streams.len(),
        spec.consumer_count(),
        dlqs,
        spec.files.len(),
        if spec.files.len() == 1 { "" } else { "s" }
    )?;
    Ok(super::super::exit::OK)
}

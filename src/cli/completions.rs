//! `evt completions SHELL`: generated from the clap definition; `completions/` holds the
//! committed copies and a test fails when they drift.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

/// Print a completion script for SHELL to stdout.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// bash, zsh, fish, elvish or powershell.
    pub shell: Shell,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "evt", &mut out);
    std::io::stdout().lock().write_all(&out)?;
    Ok(super::exit::OK)
}

//! `evt streams` (in progress).
use super::{signal::Interrupt, GlobalArgs};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List streams.
    Ls,
}

pub async fn run(_g: &GlobalArgs, _c: Command, _i: &Interrupt) -> anyhow::Result<u8> {
    anyhow::bail!("evt streams is not implemented yet")
}

//! `evt dlq` (in progress).
use super::{signal::Interrupt, GlobalArgs};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List dead letters.
    Ls,
}

pub async fn run(_g: &GlobalArgs, _c: Command, _i: &Interrupt) -> anyhow::Result<u8> {
    anyhow::bail!("evt dlq is not implemented yet")
}

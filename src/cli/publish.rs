//! `evt publish` (in progress).
use super::{signal::Interrupt, GlobalArgs};

/// Publish one typed event, or a file of them.
#[derive(Debug, clap::Args)]
pub struct Args {
    pub subject: String,
}

pub async fn run(_g: &GlobalArgs, _a: Args, _i: &Interrupt) -> anyhow::Result<u8> {
    anyhow::bail!("evt publish is not implemented yet")
}

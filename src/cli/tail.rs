//! `evt tail` (in progress).
use super::{signal::Interrupt, GlobalArgs};

/// Follow a subject.
#[derive(Debug, clap::Args)]
pub struct Args {
    pub subject: String,
}

pub async fn run(_g: &GlobalArgs, _a: Args, _i: &Interrupt) -> anyhow::Result<u8> {
    anyhow::bail!("evt tail is not implemented yet")
}

//! `evt consume` (in progress).
use super::{signal::Interrupt, GlobalArgs};

/// Consume a subject through a durable consumer, running a command per event.
#[derive(Debug, clap::Args)]
pub struct Args {
    pub subject: String,
}

pub async fn run(_g: &GlobalArgs, _a: Args, _i: &Interrupt) -> anyhow::Result<u8> {
    anyhow::bail!("evt consume is not implemented yet")
}

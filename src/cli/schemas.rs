//! `evt schemas` (in progress).
use super::GlobalArgs;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List known event types.
    Ls,
}

pub async fn run(_g: &GlobalArgs, _c: Command) -> anyhow::Result<u8> {
    anyhow::bail!("evt schemas is not implemented yet")
}

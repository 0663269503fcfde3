//! `evt streams export`: live streams back to the spec's YAML.

use std::io::Write;

use super::super::{exit, GlobalArgs};

/// Write live streams and their durable consumers as spec YAML (to stdout), such that `plan` of
/// the result against the same server shows no changes.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Streams to export (default: all but evt's generated advisory streams).
    #[arg(value_name = "STREAM")]
    pub streams: Vec<String>,
}

pub async fn run(g: &GlobalArgs, args: Args) -> anyhow::Result<u8> {
    let (bus, version) = super::connect(g).await?;
    let exported = evt::streams::export::export(bus.jetstream(), &version, &args.streams)
        .await
        .map_err(super::report)?;
    for s in &exported.skipped {
        eprintln!("evt: skipped {s}");
    }
    let yaml = evt::streams::export::to_yaml(&exported.file).map_err(super::report)?;
    let mut out = std::io::stdout().lock();
    out.write_all(yaml.as_bytes())?;
    out.flush()?;
    drop(out);
    let _ = bus.drain().await;
    Ok(exit::OK)
}

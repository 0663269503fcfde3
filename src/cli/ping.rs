//! `evt ping`: check that the connection settings work before anything else does.

use std::io::Write;

use serde_json::json;

use super::GlobalArgs;

/// Connect, check JetStream, print the server and the round-trip time.
///
/// Exit 0 when the server answers and JetStream is enabled for the account, 1 otherwise.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = super::output::Format::Text)]
    pub output: super::output::Format,
}

pub async fn run(g: &GlobalArgs, args: Args) -> anyhow::Result<u8> {
    let bus = g.connect().await?;
    let rtt = bus.round_trip().await?;
    let account = bus.require_jetstream().await?;
    let info = bus.server_info();
    let mut out = std::io::stdout().lock();
    match args.output {
        super::output::Format::Json => writeln!(
            out,
            "{}",
            json!({
                "server": bus.display_url(),
                "server_name": info.server_name,
                "version": info.version,
                "rtt_us": rtt.as_micros() as u64,
                "max_payload": info.max_payload,
                "jetstream": {"streams": account.streams, "consumers": account.consumers,
                              "memory": account.memory, "storage": account.storage},
            })
        )?,
        super::output::Format::Text => writeln!(
            out,
            "connected to {} ({} v{}), rtt {:.2?}, max payload {} B, JetStream: {} streams, {} consumers",
            bus.display_url(),
            info.server_name,
            info.version,
            rtt,
            info.max_payload,
            account.streams,
            account.consumers
        )?,
    }
    drop(out);
    bus.drain().await?;
    Ok(super::exit::OK)
}

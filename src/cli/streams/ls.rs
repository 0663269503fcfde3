//! `evt streams ls`: the streams on the server at a glance.

use std::io::Write;

use comfy_table::{presets::UTF8_FULL_CONDENSED, CellAlignment, ContentArrangement, Table};

use super::super::{exit, output::Format, GlobalArgs};

/// List streams: subjects, messages, bytes, consumers, and whether evt manages them.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format (json: one object per stream per line).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

pub async fn run(g: &GlobalArgs, args: Args) -> anyhow::Result<u8> {
    let (bus, _) = super::connect(g).await?;
    let rows = evt::streams::live::list(bus.jetstream())
        .await
        .map_err(super::report)?;
    let mut out = std::io::stdout().lock();
    match args.output {
        Format::Json => {
            for r in &rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        Format::Text => {
            let mut t = Table::new();
            t.load_preset(UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic);
            if t.width().is_none() {
                t.set_width(160);
            }
            t.set_header(vec![
                "stream",
                "subjects",
                "messages",
                "bytes",
                "consumers",
                "managed-by-evt",
            ]);
            for r in &rows {
                t.add_row(vec![
                    r.name.clone(),
                    r.subjects.join(", "),
                    r.messages.to_string(),
                    r.bytes.to_string(),
                    r.consumers.to_string(),
                    if r.managed_by_evt { "yes" } else { "no" }.to_string(),
                ]);
            }
            for i in 2..=4 {
                if let Some(c) = t.column_mut(i) {
                    c.set_cell_alignment(CellAlignment::Right);
                }
            }
            writeln!(out, "{t}")?;
        }
    }
    drop(out);
    let _ = bus.drain().await;
    Ok(exit::OK)
}

//! `evt report`: one table of the declared streams and consumers, once or redrawn in place.

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, ContentArrangement, Table};
use evt::monitor::report::{rows, Row};

use super::global::parse_duration;
use super::output::Format;
use super::signal::Interrupt;
use super::GlobalArgs;

/// One table of what the spec declares, as the server has it: per stream messages, bytes,
/// rate and DLQ depth; per consumer lag (messages and seconds: the age of the oldest unacked
/// message), ack pending, redelivered and its DLQ's depth; `*` marks drift from the spec.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories of *.yaml (default: streams/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Redraw every DURATION until interrupted.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub watch: Option<Duration>,
    /// Without --watch: how long to sample the stream rates over.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "1s")]
    pub rate_over: Duration,
    /// Output format (json: one document per draw).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

pub async fn run(g: &GlobalArgs, args: Args, interrupt: &Interrupt) -> anyhow::Result<u8> {
    let spec = match super::streams::load_valid(&super::streams::paths_or_default(args.paths)) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let (bus, version) = super::streams::connect(g).await?;
    let js = bus.jetstream();
    let mut before = evt::monitor::snapshot(js, &spec, &version).await;
    let every = args
        .watch
        .unwrap_or(args.rate_over)
        .max(Duration::from_millis(100));
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = interrupt.wait() => break,
        }
        let now = evt::monitor::snapshot(js, &spec, &version).await;
        let table = rows(&now, Some(&before));
        let mut out = std::io::stdout().lock();
        if args.output == Format::Json {
            let v = serde_json::json!({
                "taken_at": now.taken_at.format(&time::format_description::well_known::Rfc3339)?,
                "rows": table,
            });
            writeln!(out, "{v}")?;
        } else {
            if args.watch.is_some() {
                // Home and clear: the table is redrawn in place.
                write!(out, "\x1b[H\x1b[2J")?;
            }
            writeln!(out, "{}", draw(&table))?;
        }
        out.flush()?;
        drop(out);
        before = now;
        if args.watch.is_none() {
            break;
        }
    }
    let _ = bus.drain().await;
    Ok(if interrupt.is_set() && args.watch.is_none() {
        super::exit::INTERRUPTED
    } else {
        super::exit::OK
    })
}

fn num(v: Option<u64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

fn bytes(v: Option<u64>) -> String {
    match v {
        None => "-".into(),
        Some(b) if b >= 1 << 30 => format!("{:.1}GiB", b as f64 / (1u64 << 30) as f64),
        Some(b) if b >= 1 << 20 => format!("{:.1}MiB", b as f64 / (1u64 << 20) as f64),
        Some(b) if b >= 1 << 10 => format!("{:.1}KiB", b as f64 / 1024.0),
        Some(b) => format!("{b}B"),
    }
}

fn draw(rows: &[Row]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec![
            "stream",
            "consumer",
            "messages",
            "bytes",
            "rate/s",
            "lag",
            "lag age",
            "ack pending",
            "redelivered",
            "dlq",
            "drift",
        ]);
    if t.width().is_none() {
        t.set_width(160);
    }
    for r in rows {
        let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
        t.add_row(vec![
            Cell::new(if r.consumer.is_none() {
                r.stream.as_str()
            } else {
                ""
            }),
            Cell::new(r.consumer.as_deref().unwrap_or("")),
            right(num(r.messages)),
            right(bytes(r.bytes)),
            right(
                r.rate
                    .map(|v| format!("{v:.1}"))
                    .unwrap_or_else(|| "-".into()),
            ),
            right(num(r.lag)),
            right(
                r.lag_seconds
                    .map(|s| humantime::format_duration(Duration::from_secs(s as u64)).to_string())
                    .unwrap_or_else(|| "-".into()),
            ),
            right(num(r.ack_pending)),
            right(num(r.redelivered)),
            right(num(r.dlq_depth)),
            Cell::new(match (&r.error, r.drift) {
                (Some(e), _) => e.clone(),
                (None, true) => "*".into(),
                (None, false) => String::new(),
            }),
        ]);
    }
    t
}

//! `evt schemas ls | show TYPE | validate FILE`: what event types exist, what they require,
//! and whether a file of events would be accepted by `evt publish` (or by a reader).

use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context as _};
use comfy_table::{presets, ContentArrangement, Table};
use evt::codec::{CodecError, Defaults, EventFactory};
use evt::event::field;
use evt::publisher::input::{InputError, InputReader};
use evt::schema::{Mode, SchemaRegistry};
use serde_json::{json, Value};

use super::output::Format;

#[path = "schemas_check.rs"]
mod check;
#[path = "schemas_infer.rs"]
mod infer;
use super::{exit, GlobalArgs};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List known event types: name, base name, version, where the schema comes from, and
    /// the type's own required fields (the envelope's are always required).
    Ls(LsArgs),
    /// Print an event type's effective JSON Schema (envelope fields included).
    Show(ShowArgs),
    /// Check events in a file against their schemas, as `evt publish` would (or as a reader
    /// would, with --tolerant).
    ///
    /// FILE holds one JSON object, a JSON array of objects, or NDJSON (one object per line);
    /// `-` reads stdin. Every bad event is reported with its line number and all its
    /// violations; exit 1 if any is bad. A summary goes to stderr. The file is read as
    /// `evt publish` reads it: streamed, one event at most --max-inflate bytes (a longer NDJSON
    /// line is reported and skipped), nested at most 127 levels deep.
    Validate(ValidateArgs),
    /// Check schemas for compatibility with a git ref or a directory (--against), or the
    /// events retained in a stream against this tree's schemas (--stream).
    ///
    /// --against compares each type's schema in --dir with the same type at REF (read with
    /// git, no network) or in DIR, under the type's mode in --dir/compatibility.yaml
    /// (BACKWARD by default). Each incompatibility is one line: type, change code, JSON
    /// pointer, and the rule it breaks. Exit 0 when compatible, 1 otherwise.
    Check(check::CheckArgs),
    /// Draft a JSON Schema per event type from sample events (a stream or a file): types
    /// seen, fields always present as required, enums for strings with few values, closed
    /// objects; Python's nulls make a field optional. Prints how many events each came from.
    Infer(infer::InferArgs),
}

#[derive(Debug, clap::Args)]
pub struct LsArgs {
    /// Output format (json: one object per line).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Event type, e.g. ORDER_FILLED or MARKET_TICK_V2.
    #[arg(value_name = "TYPE")]
    pub event_type: String,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// File of events (JSON object, JSON array or NDJSON); `-` for stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Apply the reader's rules (nulls and unknown fields accepted, nothing filled in)
    /// instead of the publisher's.
    #[arg(long)]
    pub tolerant: bool,
    /// Output format for the reports (json: one object per bad event).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

pub async fn run(g: &GlobalArgs, c: Command) -> anyhow::Result<u8> {
    let registry = g.schema_registry()?;
    let mut out = io::stdout().lock();
    match c {
        Command::Ls(a) => ls(&registry, a.output, &mut out),
        Command::Show(a) => show(&registry, &a.event_type, &mut out),
        Command::Validate(a) => {
            let factory = EventFactory::new(Arc::new(registry)).with_limits(g.wire_limits());
            let summary = validate(&factory, &a, g.wire_limits().max_inflated, &mut out)?;
            out.flush()?;
            if !g.quiet {
                eprintln!(
                    "{}: {} event(s) checked, {} valid, {} invalid",
                    display_name(&a.file),
                    summary.total,
                    summary.total - summary.bad,
                    summary.bad
                );
            }
            Ok(if summary.bad > 0 {
                exit::ERROR
            } else {
                exit::OK
            })
        }
        Command::Check(a) => check::run(g, a).await,
        Command::Infer(a) => infer::run(g, a).await,
    }
}

fn own_required(s: &evt::schema::EventSchema) -> Vec<&str> {
    s.required()
        .iter()
        .map(String::as_str)
        .filter(|r| !field::ENVELOPE.contains(r))
        .collect()
}

fn ls(reg: &SchemaRegistry, format: Format, out: &mut impl Write) -> anyhow::Result<u8> {
    match format {
        Format::Json => {
            for s in reg.iter() {
                writeln!(
                    out,
                    "{}",
                    json!({
                        "event_type": s.event_type(),
                        "base": s.base_name(),
                        "version": s.version(),
                        "source": s.origin().to_string(),
                        "required": own_required(s),
                        "fields": s.fields(),
                    })
                )?;
            }
        }
        Format::Text => {
            let mut t = Table::new();
            t.load_preset(presets::NOTHING)
                .set_content_arrangement(ContentArrangement::Disabled)
                .set_header(["TYPE", "BASE", "VERSION", "SOURCE", "REQUIRED"]);
            for s in reg.iter() {
                t.add_row([
                    s.event_type().to_string(),
                    s.base_name().to_string(),
                    s.version().to_string(),
                    s.origin().to_string(),
                    own_required(s).join(","),
                ]);
            }
            // comfy-table pads lines; trailing spaces are noise in pipes and diffs.
            for line in t.to_string().lines() {
                writeln!(out, "{}", line.trim())?;
            }
        }
    }
    Ok(exit::OK)
}

fn show(reg: &SchemaRegistry, name: &str, out: &mut impl Write) -> anyhow::Result<u8> {
    let Some(s) = reg.get(name) else {
        let e = CodecError::UnknownEventType {
            event_type: name.to_string(),
            suggestions: reg.suggest(name),
            known: reg.type_names(),
        };
        bail!(e);
    };
    serde_json::to_writer_pretty(&mut *out, s.document())?;
    writeln!(out)?;
    Ok(exit::OK)
}

#[derive(Debug, Default)]
struct Summary {
    total: usize,
    bad: usize,
}

fn display_name(p: &Path) -> String {
    if p.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        p.display().to_string()
    }
}

/// One event of the file, or the syntax error that stopped reading it.
struct Item {
    line: usize,
    /// Position in the file (0-based), for arrays and streams of objects.
    index: usize,
    value: Result<Value, String>,
}

fn validate(
    factory: &EventFactory,
    a: &ValidateArgs,
    max_item: u64,
    out: &mut impl Write,
) -> anyhow::Result<Summary> {
    let name = display_name(&a.file);
    let reader: Box<dyn Read> = if a.file.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(&a.file).with_context(|| format!("cannot open {name}"))?)
    };
    let reader = BufReader::with_capacity(1 << 16, reader);
    let defaults = Defaults {
        source: "evt@validate".to_string(),
        correlation_id: None,
    };
    let mut summary = Summary::default();
    let mut report = |item: Item, out: &mut dyn Write| -> anyhow::Result<()> {
        summary.total += 1;
        let verdict = match item.value {
            Err(syntax) => Err((None, syntax, Vec::new())),
            Ok(value) => {
                let r = if a.tolerant {
                    factory.check(&value, Mode::Tolerant).map(|_| ())
                } else {
                    factory.prepare(value, &defaults).map(|_| ())
                };
                r.map_err(|e| {
                    let violations = match &e {
                        CodecError::Invalid { violations, .. } => violations
                            .iter()
                            .map(|v| json!({"path": v.path, "message": v.message}))
                            .collect(),
                        _ => Vec::new(),
                    };
                    let event_type = match &e {
                        CodecError::Invalid { event_type, .. }
                        | CodecError::UnknownEventType { event_type, .. } => {
                            Some(event_type.clone())
                        }
                        _ => None,
                    };
                    (event_type, e.to_string(), violations)
                })
            }
        };
        if let Err((event_type, message, violations)) = verdict {
            summary.bad += 1;
            match a.output {
                Format::Text => writeln!(out, "{name}:{}: {message}", item.line)?,
                Format::Json => writeln!(
                    out,
                    "{}",
                    json!({"file": name, "line": item.line, "index": item.index,
                           "event_type": event_type, "error": message, "violations": violations})
                )?,
            }
        }
        Ok(())
    };

    // The same bounded reader as `evt publish`: one item at most --max-inflate bytes, nesting
    // at most 127 deep, and the file streamed rather than read whole.
    let items =
        InputReader::with_max_item(reader, max_item).with_context(|| format!("reading {name}"))?;
    for (index, raw) in items.enumerate() {
        let value = match raw.body {
            Ok(v) => Ok(v),
            Err(InputError::Io(e)) => {
                return Err(e).with_context(|| format!("{name}:{}: cannot read", raw.position.line))
            }
            Err(InputError::Malformed(m)) => Err(format!("not JSON: {m}")),
            Err(e) => Err(e.to_string()),
        };
        report(
            Item {
                line: raw.position.line as usize,
                index,
                value,
            },
            out,
        )?;
    }
    if summary.total == 0 {
        bail!("{name}: no events in the file");
    }
    Ok(summary)
}

//! `evt schemas ls | show TYPE | validate FILE`: what event types exist, what they require,
//! and whether a file of events would be accepted by `evt publish` (or by a reader).

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context as _};
use comfy_table::{presets, ContentArrangement, Table};
use evt::codec::{CodecError, Defaults, EventFactory};
use evt::event::field;
use evt::schema::{Mode, SchemaRegistry};
use serde_json::{json, Value};

use super::output::Format;
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
    /// violations; exit 1 if any is bad. A summary goes to stderr.
    Validate(ValidateArgs),
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
            let summary = validate(&factory, &a, &mut out)?;
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
    out: &mut impl Write,
) -> anyhow::Result<Summary> {
    let name = display_name(&a.file);
    let reader: Box<dyn Read> = if a.file.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(File::open(&a.file).with_context(|| format!("cannot open {name}"))?)
    };
    let mut reader = BufReader::with_capacity(1 << 16, reader);
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

    let (first, mut line) =
        skip_whitespace(&mut reader).with_context(|| format!("reading {name}"))?;
    match first {
        None => bail!("{name}: no events in the file"),
        Some(b'[') => {
            let mut data = Vec::new();
            reader
                .read_to_end(&mut data)
                .with_context(|| format!("reading {name}"))?;
            for item in array_items(&data, line) {
                report(item, out)?;
            }
        }
        Some(_) => {
            // NDJSON, line by line (a bad line does not stop the rest), unless the first
            // object spans lines: then the file is one or more pretty-printed objects.
            let mut buf = String::new();
            let mut index = 0;
            loop {
                buf.clear();
                let n = reader
                    .read_line(&mut buf)
                    .with_context(|| format!("{name}:{line}: cannot read"))?;
                if n == 0 {
                    break;
                }
                let text = buf.trim();
                if text.is_empty() {
                    line += 1;
                    continue;
                }
                match serde_json::from_str::<Value>(text) {
                    Err(e) if index == 0 && e.is_eof() => {
                        let mut data = buf.clone().into_bytes();
                        reader
                            .read_to_end(&mut data)
                            .with_context(|| format!("reading {name}"))?;
                        for item in stream_items(&data, line) {
                            report(item, out)?;
                        }
                        break;
                    }
                    parsed => report(
                        Item {
                            line,
                            index,
                            value: parsed.map_err(|e| {
                                format!(
                                    "not JSON: {} at column {}",
                                    strip_position(&e.to_string()),
                                    e.column()
                                )
                            }),
                        },
                        out,
                    )?,
                }
                index += 1;
                line += 1;
            }
        }
    }
    if summary.total == 0 {
        bail!("{name}: no events in the file");
    }
    Ok(summary)
}

/// Skip leading whitespace; the first significant byte (not consumed) and its line number.
fn skip_whitespace(r: &mut impl BufRead) -> io::Result<(Option<u8>, usize)> {
    let mut line = 1;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return Ok((None, line));
        }
        match buf.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) => {
                line += buf[..i].iter().filter(|&&b| b == b'\n').count();
                let first = buf[i];
                r.consume(i);
                return Ok((Some(first), line));
            }
            None => {
                line += buf.iter().filter(|&&b| b == b'\n').count();
                let n = buf.len();
                r.consume(n);
            }
        }
    }
}

/// Tracks line numbers while walking a byte buffer.
struct Lines<'a> {
    data: &'a [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn advance_to(&mut self, to: usize) {
        let to = to.min(self.data.len());
        self.line += self.data[self.pos..to]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = to;
    }
    fn skip_ws(&mut self) -> Option<u8> {
        let i = self.data[self.pos..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(self.data.len(), |i| self.pos + i);
        self.advance_to(i);
        self.data.get(self.pos).copied()
    }
    /// Parse one value at the cursor; on a syntax error, the message with its file line.
    fn value(&mut self) -> Result<Value, String> {
        let start_line = self.line;
        let mut it = serde_json::Deserializer::from_slice(&self.data[self.pos..]).into_iter();
        match it.next() {
            Some(Ok(v)) => {
                let end = self.pos + it.byte_offset();
                self.advance_to(end);
                Ok(v)
            }
            Some(Err(e)) => Err(format!(
                "not JSON: {} at line {} column {}",
                strip_position(&e.to_string()),
                start_line + e.line() - 1,
                e.column()
            )),
            None => Err("not JSON: unexpected end of file".to_string()),
        }
    }
}

fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

/// Items of a JSON array whose `[` was already consumed; `line` is the line of the `[`.
fn array_items(data: &[u8], line: usize) -> Vec<Item> {
    let mut cur = Lines {
        data: &data[1..],
        pos: 0,
        line,
    };
    let mut items = Vec::new();
    if cur.skip_ws() == Some(b']') {
        return items;
    }
    loop {
        let at = cur.line;
        let value = cur.value();
        let failed = value.is_err();
        items.push(Item {
            line: at,
            index: items.len(),
            value,
        });
        if failed {
            return items;
        }
        match cur.skip_ws() {
            Some(b',') => {
                cur.advance_to(cur.pos + 1);
                cur.skip_ws();
            }
            Some(b']') => return items,
            other => {
                let found = other.map_or("end of file".to_string(), |b| format!("{:?}", b as char));
                items.push(Item {
                    line: cur.line,
                    index: items.len(),
                    value: Err(format!(
                        "not JSON: expected ',' or ']' in the array, found {found}"
                    )),
                });
                return items;
            }
        }
    }
}

/// One or more JSON values one after another (pretty-printed objects); stops at the first
/// syntax error, which cannot be resynchronized.
fn stream_items(data: &[u8], line: usize) -> Vec<Item> {
    let mut cur = Lines { data, pos: 0, line };
    let mut items = Vec::new();
    while cur.skip_ws().is_some() {
        let at = cur.line;
        let value = cur.value();
        let failed = value.is_err();
        items.push(Item {
            line: at,
            index: items.len(),
            value,
        });
        if failed {
            break;
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(items: &[Item]) -> Vec<(usize, bool)> {
        items.iter().map(|i| (i.line, i.value.is_ok())).collect()
    }

    #[test]
    fn array_items_carry_their_line() {
        let data = b"[\n {\"a\": 1},\n\n {\"b\": 2}\n]";
        assert_eq!(lines(&array_items(data, 1)), [(2, true), (4, true)]);
        let bad = b"[\n {\"a\": 1},\n {\"b\": }\n]";
        let items = array_items(bad, 1);
        assert_eq!(lines(&items), [(2, true), (3, false)]);
        let msg = items[1].value.as_ref().unwrap_err();
        assert!(msg.contains("line 3"), "{msg}");
        assert!(array_items(b"[ ]", 1).is_empty());
        let missing_comma = array_items(b"[{}\n{}]", 1);
        assert_eq!(lines(&missing_comma), [(1, true), (2, false)]);
    }

    #[test]
    fn stream_items_of_pretty_objects() {
        let data = b"{\n \"a\": 1\n}\n{\n \"b\": 2\n}\n";
        assert_eq!(lines(&stream_items(data, 3)), [(3, true), (6, true)]);
    }
}

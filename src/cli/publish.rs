//! `evt publish`: one typed event or a file of them, validated, deduplicated, acked.
//!
//! Parses flags into the library's option types, runs [`evt::publisher`], prints the receipt
//! (one event) or the summary (a batch). No NATS logic lives here.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use evt::codec::{Defaults, EncodeOptions, EventFactory};
use evt::publisher::batch::{
    self, BatchItem, BatchOptions, BatchSummary, ItemOutcome, OutboundMessage, Preparer, Stopped,
};
use evt::publisher::input::{self, Format as InputFormat};
use evt::publisher::{PublishOptions, PublishReceipt, Publisher, RetryPolicy};
use evt::wire;
use futures::StreamExt;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use super::global::parse_duration;
use super::output::Format;
use super::{exit, signal::Interrupt, GlobalArgs};

/// Publish one typed event, or a file of them, validated and acknowledged by JetStream.
///
/// Input comes from --file or stdin; its format is detected from the content: one JSON
/// object (pretty-printed or not), NDJSON (one event per line) or a JSON array (streamed).
/// Missing `event_id` (UUID), `timestamp` (now, UTC) and `source` are filled in, and every
/// event is validated against its schema before anything is sent.
///
/// Each message carries `Nats-Msg-Id` = event id, so a retry (or republishing the same file)
/// never stores an event twice within the stream's duplicate window: such events are counted
/// as duplicates, not errors.
///
/// Ordering: events go out in input order on one connection, with up to --window acks in
/// flight. An event whose publish is retried may land after events that followed it; use
/// --window 1 for strict order (one round trip per event).
///
/// A bad event (malformed JSON, schema violation, unknown type, too large) is reported with
/// its line number and skipped unless --stop-on-error; the exit code is 1 if any event
/// failed, 130 on Ctrl-C (in-flight events are still awaited and counted).
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    evt publish market.tick.NSE.RELIANCE --file tick.json\n  \
    evt publish market.tick.NSE.RELIANCE --file ticks.ndjson\n  \
    echo '{\"event_type\":\"ORDER_FILLED\",...}' | evt publish trading.order.filled")]
pub struct Args {
    /// Subject to publish to (no wildcards).
    pub subject: String,
    /// Read events from FILE ('-' for stdin); default: stdin.
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// gzip the body (header `compressed: true`).
    #[arg(long)]
    pub compress: bool,
    /// Extra header KEY=VALUE (repeatable); cannot override the contract headers.
    #[arg(short = 'H', long = "header", value_name = "KEY=VALUE")]
    pub headers: Vec<String>,
    /// Correlation id for every event (overrides the body's).
    #[arg(long = "correlation-id", value_name = "ID")]
    pub correlation_id: Option<String>,
    /// W3C traceparent to attach to every event; default: a new trace per event.
    #[arg(long, value_name = "TRACEPARENT")]
    pub traceparent: Option<String>,
    /// `source` for events that have none; default: evt@<hostname>.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Cap on retries of one event; by default only --retry-for bounds them.
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,
    /// How long one event keeps being retried while the cluster heals (timeouts, lost
    /// connection, a stream or meta leader election). The default covers a meta and a stream
    /// leader election on a 3-node cluster; a missing stream, a permission error or a full
    /// stream fail at once.
    #[arg(long = "retry-for", visible_alias = "retry-max", value_name = "DURATION", value_parser = parse_duration, default_value = "30s")]
    pub retry_for: Duration,
    /// How long to wait for each publish ack.
    #[arg(long = "ack-timeout", value_name = "DURATION", value_parser = parse_duration, default_value = "5s")]
    pub ack_timeout: Duration,
    /// Publish acks in flight at most; 1 = strict order.
    #[arg(long, default_value_t = 1024, value_name = "N",
          value_parser = clap::value_parser!(u32).range(1..=65536))]
    pub window: u32,
    /// Stop at the first bad or failed event (events before it are published).
    #[arg(long = "stop-on-error")]
    pub stop_on_error: bool,
    /// Validate and print headers, sizes and body without connecting.
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// Output format (the receipt or the batch summary on stdout with json).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

/// Failures shown in the text summary; all are counted, and JSON lists up to the library cap.
const TEXT_FAILURES: usize = 20;

pub async fn run(g: &GlobalArgs, a: Args, interrupt: &Interrupt) -> anyhow::Result<u8> {
    // Everything that can be wrong with the command line is refused before connecting.
    evt::subject::validate_publish_subject(&a.subject)
        .with_context(|| format!("cannot publish to '{}'", a.subject))?;
    let extra_headers = parse_headers(&a.headers)?;
    if let Some(tp) = &a.traceparent {
        if !evt::observability::is_valid_traceparent(tp) {
            bail!("--traceparent '{tp}' is not a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)");
        }
    }
    let (source_name, reader, size) = open_input(a.file.as_ref())?;
    let registry = g.schema_registry()?;
    let limits = g.wire_limits();
    let factory = EventFactory::new(Arc::new(registry)).with_limits(limits);
    let mut preparer = Preparer {
        factory: factory.clone(),
        defaults: Defaults {
            source: a.source.clone().unwrap_or_else(default_source),
            correlation_id: a.correlation_id.clone(),
        },
        encode: EncodeOptions {
            compress: a.compress,
            extra_headers,
            traceparent: a.traceparent.clone(),
        },
        fresh_traceparent: a.traceparent.is_none(),
        max_payload: None,
        subject: a.subject.clone(),
    };
    // Detecting the format reads the first line; stdin may block, so not on the runtime.
    let input =
        tokio::task::spawn_blocking(move || input::from_reader(reader, limits.max_inflated))
            .await
            .context("input reader")?
            .with_context(|| format!("reading {source_name}"))?;
    if input.format() == InputFormat::Empty {
        bail!("no events in {source_name}");
    }
    let capacity = (a.window as usize * 2).clamp(256, 8192);
    // Chunked hand-over only where reading never waits: a pipe's events go out as they come.
    let chunk = if size.is_some() { 64 } else { 1 };

    if a.dry_run {
        let items = batch::spawn_reader(input, preparer, capacity, chunk);
        return dry_run(&a, &limits, items, &source_name, interrupt).await;
    }

    let bus = g.connect().await?;
    let publisher = Publisher::new(
        &bus,
        factory,
        PublishOptions {
            retry: match a.retries {
                Some(n) => RetryPolicy {
                    max_attempts: n.saturating_add(1),
                    ..RetryPolicy::for_duration(a.retry_for)
                },
                None => RetryPolicy::for_duration(a.retry_for),
            },
            ack_timeout: a.ack_timeout,
        },
    );
    preparer.max_payload = Some(publisher.max_payload());
    let items = batch::spawn_reader(input, preparer, capacity, chunk);

    let progress = Progress::new(!g.quiet && std::io::stderr().is_terminal(), size);
    let mut single: Option<(String, PublishReceipt)> = None;
    let summary = batch::publish_stream(
        &publisher,
        &a.subject,
        items,
        BatchOptions {
            window: a.window as usize,
            stop_on_error: a.stop_on_error,
            ..BatchOptions::default()
        },
        interrupt.wait(),
        |o: &ItemOutcome<'_>| {
            progress.update(o);
            if o.position.index == 1 {
                if let (Ok(r), Some(id)) = (o.result, o.event_id) {
                    single = Some((id.to_string(), r.clone()));
                }
            }
        },
    )
    .await;
    progress.finish();
    if let Err(e) = bus.drain().await {
        tracing::warn!(error = %e, "closing the connection");
    }

    let one_event = summary.read == 1 && summary.stopped != Some(Stopped::Interrupted);
    if one_event {
        return report_single(&a, &summary, single);
    }
    report_batch(&a, &summary, &source_name)?;
    Ok(match &summary.stopped {
        Some(Stopped::Interrupted) => exit::INTERRUPTED,
        _ if summary.is_success() => exit::OK,
        Some(Stopped::Fatal(why)) if why.contains(super::denied::PUBLISH_DENIED) => {
            exit::PERMISSION_DENIED
        }
        _ => exit::ERROR,
    })
}

fn parse_headers(raw: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    raw.iter()
        .map(|h| match h.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => bail!("-H '{h}': expected KEY=VALUE"),
        })
        .collect()
}

fn default_source() -> String {
    let host = gethostname::gethostname();
    let host = host.to_string_lossy();
    if host.is_empty() {
        "evt".to_string()
    } else {
        format!("evt@{host}")
    }
}

type Input = Box<dyn Read + Send>;

/// The input, its name for messages, and its size when known (for the progress bar).
fn open_input(file: Option<&PathBuf>) -> anyhow::Result<(String, Input, Option<u64>)> {
    match file {
        Some(p) if p.as_os_str() != "-" => {
            let f =
                std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?;
            let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
            Ok((p.display().to_string(), Box::new(f), size))
        }
        _ => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                bail!("no input: give --file FILE or pipe events on stdin");
            }
            Ok(("stdin".to_string(), Box::new(stdin), None))
        }
    }
}

/// A progress bar on stderr, drawn only for batches on a terminal; redrawn at most every
/// 100 ms so it never costs per-event work.
struct Progress {
    bar: Option<ProgressBar>,
    last: std::cell::Cell<Instant>,
    counts: std::cell::Cell<(u64, u64, u64)>,
}

impl Progress {
    fn new(visible: bool, size: Option<u64>) -> Self {
        let bar = visible.then(|| {
            let style = match size {
                Some(_) => ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}",
                ),
                None => ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}"),
            }
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            let bar = ProgressBar::with_draw_target(size, ProgressDrawTarget::hidden());
            bar.set_style(style);
            bar
        });
        Self {
            bar,
            last: std::cell::Cell::new(Instant::now()),
            counts: std::cell::Cell::new((0, 0, 0)),
        }
    }

    fn update(&self, o: &ItemOutcome<'_>) {
        let Some(bar) = &self.bar else { return };
        let (mut ok, mut dup, mut failed) = self.counts.get();
        match o.result {
            Ok(r) if r.duplicate => dup += 1,
            Ok(_) => ok += 1,
            Err(_) => failed += 1,
        }
        self.counts.set((ok, dup, failed));
        let now = Instant::now();
        if now.duration_since(self.last.get()) < Duration::from_millis(100) {
            return;
        }
        self.last.set(now);
        if bar.is_hidden() && ok + dup + failed > 1 {
            bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
        }
        bar.set_position(o.position.offset);
        bar.set_message(format!("{ok} published, {dup} duplicates, {failed} failed"));
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn report_single(
    a: &Args,
    summary: &BatchSummary,
    single: Option<(String, PublishReceipt)>,
) -> anyhow::Result<u8> {
    if let Some(f) = summary.failures.first() {
        bail!("{}: {}", f.position, f.reason);
    }
    if let Some(Stopped::Fatal(reason)) = &summary.stopped {
        bail!("{reason}");
    }
    let Some((event_id, r)) = single else {
        bail!("the event was not acknowledged");
    };
    let mut out = std::io::stdout().lock();
    match a.output {
        Format::Json => writeln!(
            out,
            "{}",
            json!({"event_id": event_id, "subject": a.subject, "stream": r.stream,
                   "seq": r.sequence, "duplicate": r.duplicate, "attempts": r.attempts})
        )?,
        Format::Text if r.duplicate => writeln!(
            out,
            "duplicate: event {event_id} is already in stream {} (seq {}); not stored again",
            r.stream, r.sequence
        )?,
        Format::Text => writeln!(
            out,
            "published event {event_id} to {}: stream {} seq {}",
            a.subject, r.stream, r.sequence
        )?,
    }
    Ok(exit::OK)
}

fn stopped_label(s: &Option<Stopped>) -> Option<String> {
    s.as_ref().map(|s| match s {
        Stopped::Interrupted => "interrupted".to_string(),
        Stopped::StopOnError => "stop-on-error".to_string(),
        Stopped::Fatal(r) => r.clone(),
    })
}

fn report_batch(a: &Args, s: &BatchSummary, source: &str) -> anyhow::Result<()> {
    let mut failures = s.failures.clone();
    failures.sort_by_key(|f| f.position.index);
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    let rate = (s.published + s.duplicates) as f64 / secs;
    if a.output == Format::Json {
        let list: Vec<_> = failures
            .iter()
            .map(|f| {
                json!({"line": f.position.line, "index": f.position.index,
                            "event_id": f.event_id, "reason": f.reason})
            })
            .collect();
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "{}",
            json!({
                "subject": a.subject, "input": source, "stream": s.stream,
                "read": s.read, "published": s.published, "duplicates": s.duplicates,
                "failed": s.failed, "failures": list,
                "failures_truncated": s.failed > failures.len() as u64,
                "stopped": stopped_label(&s.stopped),
                "elapsed_ms": s.elapsed.as_millis() as u64, "rate_per_s": rate.round(),
            })
        )?;
    }
    let mut err = std::io::stderr().lock();
    let stream = s
        .stream
        .as_deref()
        .map(|st| format!(" (stream {st})"))
        .unwrap_or_default();
    writeln!(
        err,
        "{} events from {source} to {}{stream} in {:.2?} ({rate:.0}/s): {} published, {} duplicates, {} failed",
        s.read, a.subject, s.elapsed, s.published, s.duplicates, s.failed
    )?;
    for f in failures.iter().take(TEXT_FAILURES) {
        writeln!(err, "  {}: {}", f.position, f.reason.replace('\n', " "))?;
    }
    if s.failed > TEXT_FAILURES.min(failures.len()) as u64 {
        writeln!(
            err,
            "  ... and {} more failures{}",
            s.failed - TEXT_FAILURES.min(failures.len()) as u64,
            if a.output == Format::Json {
                ""
            } else {
                " (-o json lists more)"
            }
        )?;
    }
    match &s.stopped {
        Some(Stopped::Interrupted) => writeln!(
            err,
            "interrupted: stopped reading; events in flight were awaited"
        )?,
        Some(Stopped::StopOnError) => writeln!(
            err,
            "stopped at the first failure (--stop-on-error); events before it were published"
        )?,
        Some(Stopped::Fatal(reason)) => writeln!(err, "evt: stopped: {reason}")?,
        None => {}
    }
    Ok(())
}

/// Validate and show what would be sent, without a connection.
async fn dry_run(
    a: &Args,
    limits: &wire::Limits,
    mut items: impl futures::Stream<Item = BatchItem> + Unpin,
    source: &str,
    interrupt: &Interrupt,
) -> anyhow::Result<u8> {
    let (mut count, mut failed) = (0u64, 0u64);
    loop {
        let item = tokio::select! {
            _ = interrupt.wait() => return Ok(exit::INTERRUPTED),
            item = items.next() => item,
        };
        let Some(item) = item else { break };
        count += 1;
        match item.message {
            Ok(msg) => print_dry(a, limits, item.position.line, &msg)?,
            Err(e) => {
                failed += 1;
                eprintln!("evt: {source}: {}: {e}", item.position);
                if a.stop_on_error {
                    break;
                }
            }
        }
    }
    if failed > 0 || count > 1 {
        eprintln!(
            "dry run: {count} events read from {source}, {} valid, {failed} invalid; nothing sent",
            count - failed
        );
    }
    Ok(if failed > 0 { exit::ERROR } else { exit::OK })
}

fn print_dry(
    a: &Args,
    limits: &wire::Limits,
    line: u64,
    msg: &OutboundMessage,
) -> anyhow::Result<()> {
    // What we just compressed ourselves, read back through the one wire reader.
    let compressed = wire::compressed(Some(msg.headers())).context("reading back the event")?;
    let body_bytes =
        wire::body(Some(msg.headers()), msg.payload(), limits).context("reading back the event")?;
    let mut headers: Vec<(String, String)> = msg
        .headers()
        .iter()
        .flat_map(|(k, vs)| {
            let k: &str = k.as_ref();
            vs.iter()
                .map(move |v| (k.to_string(), v.as_str().to_string()))
        })
        .collect();
    headers.sort();
    let wire = msg.wire_size();
    let mut out = std::io::stdout().lock();
    match a.output {
        Format::Json => {
            let body: serde_json::Value = serde_json::from_slice(&body_bytes)
                .unwrap_or_else(|_| json!(String::from_utf8_lossy(&body_bytes)));
            let hmap: serde_json::Map<String, serde_json::Value> =
                headers.into_iter().map(|(k, v)| (k, json!(v))).collect();
            writeln!(
                out,
                "{}",
                json!({"line": line, "subject": a.subject, "event_id": msg.event_id(),
                       "event_type": msg.event_type(), "headers": hmap,
                       "payload_bytes": msg.payload().len(), "wire_bytes": wire,
                       "compressed": compressed, "body": body})
            )?;
        }
        Format::Text => {
            writeln!(
                out,
                "# line {line}: {} {} -> {}: payload {} B{}, {} B on the wire",
                msg.event_type(),
                msg.event_id(),
                a.subject,
                msg.payload().len(),
                if compressed {
                    format!(" (gzip of {} B)", body_bytes.len())
                } else {
                    String::new()
                },
                wire
            )?;
            for (k, v) in headers {
                writeln!(out, "{k}: {v}")?;
            }
            writeln!(out)?;
            out.write_all(&body_bytes)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

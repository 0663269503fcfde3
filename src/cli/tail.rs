//! `evt tail`: follow a subject like `tail -f`, raw or decoded, as text lines or JSON lines.
//!
//! Output is buffered and flushed whenever no further message is waiting (and at least every
//! 100 ms while messages keep coming), or after every line on a terminal: fast into a file or
//! pipe, prompt for a person watching.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::time::{Duration, Instant};

use async_nats::HeaderMap;
use base64::Engine as _;
use futures::FutureExt;
use serde::ser::{SerializeMap, Serializer as _};
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use evt::codec::{DecodeError, EventFactory, RawMessage};
use evt::event::Event;
use evt::tail::{CoreReason, Source, StartAt, TailMessage, TailOptions};
use evt::wire::{self, Readable, WireError};

use super::output::Format;
use super::{exit, global::parse_duration, signal::Interrupt, GlobalArgs};

/// Follow a subject (wildcards allowed), like `tail -f`.
///
/// When a stream captures the subject, tail reads it through an ephemeral ordered consumer
/// (nothing acknowledged, no durable created, deleted on exit; it resumes by itself after a
/// server restart) and the start options choose where to begin. WorkQueue streams are read
/// with message gets instead, so tail never removes work from them. Without a stream, tail
/// subscribes to core NATS and sees only what is published while it runs.
///
/// Text output: one line per message, `[seq] subject: payload` (payloads that are not UTF-8
/// are escaped; a body whose `compressed: true` header says gzip is shown gunzipped), or with
/// --decode `time subject TYPE summary`. A message that does not decode is shown as
/// `time subject UNDECODABLE [seq N] <error>; body: <JSON>` when its body is JSON that breaks
/// its schema, names an unknown type or disagrees with its headers; as text or base64 only
/// when it is not JSON or not UTF-8. A gzip body that inflates past --max-inflate is not
/// shown: the error names the limit.
///
/// JSON output (-o json): one object per line with `subject`, `stream`, `seq`, `time`,
/// `headers` and `event` (--decode), `data` (UTF-8) or `data_base64`; a message that cannot
/// be decoded carries `error`, `error_kind` and the body as JSON under `body` (or `data` /
/// `data_base64` when it is not JSON) instead of `event`. Every message is shown, never
/// dropped, and counts toward --count.
///
/// Exit 0 after --count messages, after --until-idle, or when the reader of stdout goes away
/// (`| head`); 130 on Ctrl-C (after flushing what was read).
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("start").args(["all", "new", "last", "since", "seq"])))]
pub struct Args {
    /// Subject or pattern to follow, e.g. 'trading.order.>'.
    pub subject: String,
    /// Decode typed events (schemas from the registry) instead of printing raw payloads.
    #[arg(long)]
    pub decode: bool,
    /// Read this stream (required when several streams capture the subject).
    #[arg(long, value_name = "NAME")]
    pub stream: Option<String>,
    /// Idle heartbeat asked of the server while a pull waits. Four missed in a row mean the
    /// consumer's leader changed or its node is gone, and evt pulls again at once (a leader
    /// change costs about the election); pull requests live ten heartbeats.
    #[arg(long, default_value = "500ms", value_parser = parse_duration, value_name = "DURATION")]
    pub heartbeat: Duration,
    /// Start with the oldest message the stream holds for the subject.
    #[arg(long)]
    pub all: bool,
    /// Start with messages stored after tail starts (the default).
    #[arg(long)]
    pub new: bool,
    /// Start with the last N messages matching the subject.
    #[arg(long, value_name = "N")]
    pub last: Option<u64>,
    /// Start at a time: a duration back from now (5m, 2h) or an RFC 3339 timestamp.
    #[arg(long, value_name = "DURATION|RFC3339", value_parser = parse_since)]
    pub since: Option<OffsetDateTime>,
    /// Start at this stream sequence.
    #[arg(long, value_name = "SEQ", value_parser = clap::value_parser!(u64).range(1..))]
    pub seq: Option<u64>,
    /// Exit after N messages.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,
    /// Exit when nothing arrives for this long (with --all: read to the end, then exit).
    #[arg(long = "until-idle", value_name = "DURATION", value_parser = parse_duration)]
    pub until_idle: Option<Duration>,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

/// `--since`: a duration back from now (`5m`, `7d`) or an RFC 3339 time; shared with
/// `schemas check --since`.
pub(crate) fn parse_since(s: &str) -> Result<OffsetDateTime, String> {
    let s = s.trim();
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(t);
    }
    match humantime::parse_duration(s) {
        Ok(d) => Ok(OffsetDateTime::now_utc() - d),
        Err(_) => Err(format!(
            "'{s}' is neither a duration (5m, 7d) nor an RFC 3339 time (2026-11-26T10:00:00Z)"
        )),
    }
}

impl Args {
    fn start(&self) -> StartAt {
        if self.all {
            StartAt::All
        } else if let Some(n) = self.last {
            StartAt::Last(n)
        } else if let Some(t) = self.since {
            StartAt::Since(t)
        } else if let Some(n) = self.seq {
            StartAt::Seq(n)
        } else {
            StartAt::New
        }
    }
}

/// The pull timing for `--heartbeat`, or a one-line refusal naming the flag.
pub fn pull_timing(heartbeat: Duration) -> anyhow::Result<evt::pull::PullTiming> {
    let t = evt::pull::PullTiming::with_heartbeat(heartbeat);
    t.validate().map_err(|e| {
        anyhow::anyhow!("--heartbeat {}: {e}", humantime::format_duration(heartbeat))
    })?;
    Ok(t)
}

enum Outcome {
    Done,
    Interrupted,
}

pub async fn run(g: &GlobalArgs, a: Args, interrupt: &Interrupt) -> anyhow::Result<u8> {
    let factory = if a.decode {
        Some(g.event_factory()?)
    } else {
        None
    };
    let bus = g.connect().await?;
    let opts = TailOptions {
        start: a.start(),
        stream: a.stream.clone(),
        batch: 0,
        pull_timing: pull_timing(a.heartbeat)?,
    };
    let mut tail = evt::tail::open(&bus, &a.subject, opts).await?;
    if !g.quiet {
        if let Some(note) = source_note(tail.source()) {
            eprintln!("evt: {note}");
        }
    }
    let stdout = io::stdout();
    let tty = stdout.is_terminal();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout);
    let mut printer = Printer {
        format: a.output,
        factory,
        limits: g.wire_limits(),
    };
    let result = follow(&mut tail, &mut out, &mut printer, &a, interrupt, tty).await;
    // Whatever happened, what was read reaches stdout and our consumer leaves the server.
    let flushed = out.flush();
    tail.close().await;
    let _ = tokio::time::timeout(Duration::from_secs(2), bus.drain()).await;
    let outcome = result?;
    flushed?;
    Ok(match outcome {
        Outcome::Done => exit::OK,
        Outcome::Interrupted => exit::INTERRUPTED,
    })
}

fn source_note(source: &Source) -> Option<String> {
    match source {
        Source::Core { subject, reason } => {
            let why = match reason {
                CoreReason::NoStream => format!("no stream captures {subject}"),
                CoreReason::NoJetStream(r) => format!("JetStream is not available ({r})"),
            };
            Some(format!(
                "{why}; following core NATS messages only: nothing earlier, nothing missed-and-stored"
            ))
        }
        Source::Stream {
            name,
            filters,
            covers: false,
            ..
        } => Some(format!(
            "stream {name} captures only {} of the subject; other matching messages are not stored and not shown",
            filters.join(", ")
        )),
        Source::Stream {
            name,
            work_queue: true,
            ..
        } => Some(format!(
            "{name} is a WorkQueue stream: reading stored messages without a consumer; messages workers remove within ~200 ms may not be shown"
        )),
        Source::Stream { .. } => None,
    }
}

async fn follow(
    tail: &mut evt::tail::Tail,
    out: &mut impl Write,
    printer: &mut Printer,
    a: &Args,
    interrupt: &Interrupt,
    tty: bool,
) -> anyhow::Result<Outcome> {
    const FLUSH_EVERY: Duration = Duration::from_millis(100);
    let mut seen: u64 = 0;
    let mut last_msg = tokio::time::Instant::now();
    let mut last_flush = Instant::now();
    loop {
        if a.count.is_some_and(|c| seen >= c) {
            return Ok(Outcome::Done);
        }
        if interrupt.is_set() {
            return Ok(Outcome::Interrupted);
        }
        // Take what is already buffered without waiting; flush only when we would wait.
        let item = match tail.next().now_or_never() {
            Some(item) => item,
            None => {
                out.flush()?;
                last_flush = Instant::now();
                let idle = async {
                    match a.until_idle {
                        Some(d) => tokio::time::sleep_until(last_msg + d).await,
                        None => std::future::pending().await,
                    }
                };
                tokio::select! {
                    item = tail.next() => item,
                    _ = interrupt.wait() => return Ok(Outcome::Interrupted),
                    _ = idle => return Ok(Outcome::Done),
                }
            }
        };
        match item {
            None => return Ok(Outcome::Done),
            Some(Err(e)) => return Err(e.into()),
            Some(Ok(m)) => {
                last_msg = tokio::time::Instant::now();
                printer.print(out, &m)?;
                seen += 1;
                if tty || last_flush.elapsed() >= FLUSH_EVERY {
                    out.flush()?;
                    last_flush = Instant::now();
                }
            }
        }
    }
}

/// Renders messages; holds the decoder when --decode is on.
struct Printer {
    format: Format,
    factory: Option<EventFactory>,
    limits: wire::Limits,
}

impl Printer {
    fn print(&mut self, out: &mut impl Write, m: &TailMessage) -> io::Result<()> {
        let Some(f) = &self.factory else {
            return self.print_raw(out, m);
        };
        let raw = RawMessage {
            subject: &m.subject,
            headers: m.headers.as_ref(),
            payload: &m.payload,
            stream: m.stream.as_deref(),
            stream_seq: m.seq,
        };
        match f.decode(&raw) {
            Ok(ev) => match self.format {
                Format::Json => json_line(out, m, Body::Event(&ev)),
                // The type, or the schema it was published with (`TYPE@sha256:…`) when the
                // message names one.
                Format::Text => writeln!(
                    out,
                    "{} {} {} {}",
                    short_time(m.time),
                    m.subject,
                    wire::header(m.headers.as_ref(), evt::event::header::SCHEMA)
                        .unwrap_or(&ev.event_type),
                    summary(&ev)
                ),
            },
            Err(e) => {
                // A body that is JSON but wrong in meaning is shown as JSON; one past the
                // size limit is not read a second time.
                let shown = match e {
                    DecodeError::TooLarge { .. } | DecodeError::TooManyValues { .. } => None,
                    _ => Some(wire::readable(m.headers.as_ref(), &m.payload, f.limits())),
                };
                self.print_undecodable(out, m, &e, shown.as_ref())
            }
        }
    }

    /// `time subject UNDECODABLE [seq N] error; body: {...}`, or the JSON object with
    /// `error`, `error_kind` and the body.
    fn print_undecodable(
        &self,
        out: &mut impl Write,
        m: &TailMessage,
        e: &DecodeError,
        shown: Option<&Readable>,
    ) -> io::Result<()> {
        let err = e.to_string();
        if self.format == Format::Json {
            let body = Body::Error {
                error: &err,
                kind: e.kind(),
                shown,
            };
            return json_line(out, m, body);
        }
        write!(
            out,
            "{} {} UNDECODABLE{} ",
            short_time(m.time),
            m.subject,
            m.seq.map(|s| format!(" [seq {s}]")).unwrap_or_default(),
        )?;
        write_escaped(out, err.as_bytes())?;
        match shown {
            Some(Readable::Json(v)) => {
                out.write_all(b"; body: ")?;
                write_escaped(out, v.to_string().as_bytes())?;
            }
            Some(Readable::Text(t)) => {
                out.write_all(b"; body (not JSON): ")?;
                write_escaped(out, t.as_bytes())?;
            }
            Some(Readable::Bytes(b)) => write!(out, "; raw (base64): {}", b64(b))?,
            Some(Readable::TooLarge { .. } | Readable::TooManyValues { .. }) | None => {}
        }
        out.write_all(b"\n")
    }

    /// Without --decode: the payload as stored, gunzipped when its header says gzip (within
    /// --max-inflate); as stored when the header and the body disagree about gzip.
    fn print_raw(&self, out: &mut impl Write, m: &TailMessage) -> io::Result<()> {
        let data = match wire::body(m.headers.as_ref(), &m.payload, &self.limits) {
            Err(e @ WireError::TooLarge { .. }) => {
                let err = e.to_string();
                return match self.format {
                    Format::Json => {
                        let body = Body::Error {
                            error: &err,
                            kind: "too_large",
                            shown: None,
                        };
                        json_line(out, m, body)
                    }
                    Format::Text => {
                        if let Some(seq) = m.seq {
                            write!(out, "[{seq}] ")?;
                        }
                        writeln!(out, "{}: NOT SHOWN: {err}", m.subject)
                    }
                };
            }
            Err(_) => std::borrow::Cow::Borrowed(&m.payload[..]),
            Ok(data) => data,
        };
        match self.format {
            Format::Json => json_line(out, m, Body::Raw(&data)),
            Format::Text => {
                if let Some(seq) = m.seq {
                    write!(out, "[{seq}] ")?;
                }
                write!(out, "{}: ", m.subject)?;
                write_escaped(out, &data)?;
                out.write_all(b"\n")
            }
        }
    }
}

enum Body<'a> {
    Event(&'a Event),
    Error {
        error: &'a str,
        kind: &'static str,
        shown: Option<&'a Readable>,
    },
    Raw(&'a [u8]),
}

/// `{"subject","stream","seq","time","headers", then "event" | "error"+"error_kind" and
/// "body" (JSON) or "data" (text) or "data_base64" | "data" | "data_base64"}` on one line.
/// Header values are strings, arrays when repeated.
fn json_line(out: &mut impl Write, m: &TailMessage, body: Body<'_>) -> io::Result<()> {
    let mut ser = serde_json::Serializer::new(&mut *out);
    let mut map = ser.serialize_map(None)?;
    map.serialize_entry("subject", &m.subject)?;
    map.serialize_entry("stream", &m.stream)?;
    map.serialize_entry("seq", &m.seq)?;
    map.serialize_entry("time", &m.time.and_then(|t| t.format(&Rfc3339).ok()))?;
    map.serialize_entry("headers", &Headers(m.headers.as_ref()))?;
    match body {
        Body::Event(ev) => map.serialize_entry("event", &ev.body)?,
        Body::Error { error, kind, shown } => {
            map.serialize_entry("error", error)?;
            map.serialize_entry("error_kind", kind)?;
            match shown {
                Some(Readable::Json(v)) => map.serialize_entry("body", v)?,
                Some(Readable::Text(t)) => map.serialize_entry("data", t)?,
                Some(Readable::Bytes(b)) => map.serialize_entry("data_base64", &b64(b))?,
                Some(Readable::TooLarge { .. } | Readable::TooManyValues { .. }) | None => {}
            }
        }
        Body::Raw(data) => match std::str::from_utf8(data) {
            Ok(s) => map.serialize_entry("data", s)?,
            Err(_) => map.serialize_entry("data_base64", &b64(data))?,
        },
    }
    map.end()?;
    out.write_all(b"\n")
}

struct Headers<'a>(Option<&'a HeaderMap>);

impl serde::Serialize for Headers<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(h) = self.0 else {
            return s.serialize_none();
        };
        let mut entries: Vec<_> = h.iter().collect();
        entries.sort_by(|a, b| AsRef::<str>::as_ref(a.0).cmp(b.0.as_ref()));
        let mut map = s.serialize_map(Some(entries.len()))?;
        for (name, values) in entries {
            let name: &str = name.as_ref();
            if values.len() == 1 {
                map.serialize_entry(name, values[0].as_str())?;
            } else {
                let vs: Vec<&str> = values.iter().map(|v| v.as_str()).collect();
                map.serialize_entry(name, &vs)?;
            }
        }
        map.end()
    }
}

fn b64(data: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(data)
}

/// UTF-8 shown as is except control characters (escaped, so a payload cannot drive the
/// terminal or break the one-line-per-message shape); invalid bytes as `\xNN`.
fn write_escaped(out: &mut impl Write, data: &[u8]) -> io::Result<()> {
    for chunk in data.utf8_chunks() {
        let valid = chunk.valid();
        if valid.chars().any(char::is_control) {
            for c in valid.chars() {
                if c.is_control() {
                    write!(out, "{}", c.escape_default())?;
                } else {
                    write!(out, "{c}")?;
                }
            }
        } else {
            out.write_all(valid.as_bytes())?;
        }
        for b in chunk.invalid() {
            write!(out, "\\x{b:02x}")?;
        }
    }
    Ok(())
}

/// UTC with milliseconds; core messages (no stored time) show when they were received.
fn short_time(t: Option<OffsetDateTime>) -> String {
    let t = t
        .unwrap_or_else(OffsetDateTime::now_utc)
        .to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        t.month() as u8,
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// The fields that matter for each event type, on one line. Versioned types (`_V2`) share
/// their base type's line; unknown types show their own fields as compact JSON.
fn summary(ev: &Event) -> String {
    let s = |k: &str| ev.field(k).map(plain).unwrap_or_default();
    let opt = |prefix: &str, k: &str| {
        ev.field(k)
            .map(|v| format!(" {prefix}{}", plain(v)))
            .unwrap_or_default()
    };
    match base_type(&ev.event_type) {
        "MARKET_TICK" => format!(
            "{} {} vol {}{}{}",
            instrument(ev),
            ev.field("last_price").map(price).unwrap_or_default(),
            s("volume"),
            opt("bid ", "bid"),
            opt("ask ", "ask"),
        ),
        "TRADING_SIGNAL" => format!(
            "{} {} {} {}{}{}",
            s("strategy_name"),
            s("side"),
            s("quantity"),
            instrument(ev),
            opt("@ ", "price"),
            opt("conf ", "confidence"),
        ),
        "ORDER_PLACED" => format!(
            "{} {} {} {} {}{} id={}",
            s("strategy_name"),
            s("side"),
            s("quantity"),
            instrument(ev),
            s("order_type"),
            opt("@ ", "price"),
            s("order_id"),
        ),
        "ORDER_FILLED" => format!(
            "{} {} {} @ {} id={}",
            s("strategy_name"),
            s("side"),
            s("quantity"),
            s("price"),
            s("order_id"),
        ),
        "ORDER_CANCELLED" => format!(
            "{} id={}{}{}",
            s("strategy_name"),
            s("order_id"),
            opt("by ", "cancelled_by"),
            opt("", "reason"),
        ),
        "ORDER_REJECTED" => format!(
            "{}{}{}: {}",
            s("strategy_name"),
            opt("id=", "order_id"),
            opt("by ", "rejected_by"),
            s("reason"),
        ),
        "RISK_ALERT" => format!(
            "{} {}{}: {}",
            s("severity"),
            s("alert_type"),
            opt("", "strategy_name"),
            s("message"),
        ),
        "SYSTEM_ERROR" => format!(
            "{} {}{}: {}",
            s("component"),
            s("severity"),
            opt("", "error_code"),
            s("message"),
        ),
        "SYSTEM_STARTED" => format!(
            "{} v{}{}{}",
            s("component"),
            s("version"),
            opt("on ", "host"),
            opt("", "environment"),
        ),
        _ => {
            const ENVELOPE: [&str; 6] = [
                "event_id",
                "event_type",
                "timestamp",
                "source",
                "correlation_id",
                "version",
            ];
            let own: serde_json::Map<String, Value> = ev
                .body
                .iter()
                .filter(|(k, _)| !ENVELOPE.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Value::Object(own).to_string()
        }
    }
}

fn base_type(t: &str) -> &str {
    match t.rsplit_once("_V") {
        Some((base, v)) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => t,
    }
}

/// `NSE:RELIANCE`, falling back to the instrument token when there is no trading symbol.
fn instrument(ev: &Event) -> String {
    let sym = ev
        .field("tradingsymbol")
        .or_else(|| ev.field("instrument_token"))
        .map(plain)
        .unwrap_or_else(|| "?".to_string());
    match ev.field("exchange") {
        Some(x) => format!("{}:{sym}", plain(x)),
        None => sym,
    }
}

/// Strings without quotes, everything else as JSON.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A price with at least two decimals (2934.50), never rounding digits away.
fn price(v: &Value) -> String {
    match v.as_f64() {
        Some(x) => {
            let two = format!("{x:.2}");
            if two.parse::<f64>().ok() == Some(x) {
                two
            } else {
                x.to_string()
            }
        }
        None => plain(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn event(body: Value) -> Event {
        let body = body.as_object().cloned().unwrap();
        Event {
            event_id: "e".into(),
            event_type: body["event_type"].as_str().unwrap().into(),
            timestamp: "2026-01-01T00:00:00".into(),
            source: "t".into(),
            correlation_id: None,
            body,
        }
    }

    #[test]
    fn summaries_show_what_matters() {
        let tick = event(json!({"event_type": "MARKET_TICK", "exchange": "NSE",
            "tradingsymbol": "RELIANCE", "instrument_token": 738561, "last_price": 2934.5, "volume": 1200}));
        assert_eq!(summary(&tick), "NSE:RELIANCE 2934.50 vol 1200");
        let fill = event(
            json!({"event_type": "ORDER_FILLED", "strategy_name": "strat-alpha",
            "order_id": "O-1", "side": "BUY", "quantity": 100, "price": 2934.5, "instrument_token": 1}),
        );
        assert_eq!(summary(&fill), "strat-alpha BUY 100 @ 2934.5 id=O-1");
        let v2 = event(
            json!({"event_type": "MARKET_TICK_V2", "exchange": "NSE", "instrument_token": 5,
            "last_price": 1.2345, "volume": 1, "bid": 1.2, "ask": 1.3}),
        );
        assert_eq!(summary(&v2), "NSE:5 1.2345 vol 1 bid 1.2 ask 1.3");
        let other = event(json!({"event_type": "X", "event_id": "e", "a": 1}));
        assert_eq!(summary(&other), r#"{"a":1}"#);
    }

    #[test]
    fn payloads_are_escaped_safely() {
        let mut out = Vec::new();
        write_escaped(&mut out, b"ok \x1b[31m\n\xff\xfe end").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r"ok \u{1b}[31m\n\xff\xfe end"
        );
    }

    #[test]
    fn since_takes_durations_and_timestamps() {
        let t = parse_since("2026-11-26T10:00:00Z").unwrap();
        assert_eq!(t.unix_timestamp(), 1795687200);
        let d = parse_since("5m").unwrap();
        let age = OffsetDateTime::now_utc() - d;
        assert!(age >= time::Duration::minutes(5) && age < time::Duration::minutes(6));
        assert!(parse_since("yesterday").is_err());
    }
}

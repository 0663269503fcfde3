//! `evt dlq show SEQ`: everything about one dead letter, with the event decoded.

use std::io::Write;

use evt::codec::{EventFactory, RawMessage};
use evt::dlq::view::{entry_json, rfc3339};
use evt::dlq::DeadLetter;
use evt::wire::{self, Readable};
use serde_json::Value;
use time::OffsetDateTime;

use super::StreamArg;
use crate::cli::output::Format;
use crate::cli::{exit, GlobalArgs};

/// Show one entry of the DLQ: failure context, original headers, payload, and the event
/// decoded through its schema (or why it does not decode).
///
/// A gzip payload is shown inflated; one that inflates past --max-inflate is not shown, and
/// the decode error names the limit. Exit 0 whenever the entry could be read.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// DLQ stream sequence (the first column of `evt dlq ls --all`).
    #[arg(required_unless_present = "group")]
    pub seq: Option<u64>,
    /// Show the first entry of this group of the `evt dlq ls` summary instead.
    #[arg(long, value_name = "ID", conflicts_with = "seq")]
    pub group: Option<String>,
    #[command(flatten)]
    pub stream: StreamArg,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

/// The decoded event body, or the decode error in words and its kind.
fn decode(factory: &EventFactory, dl: &DeadLetter) -> Result<Value, (String, &'static str)> {
    factory
        .decode(&RawMessage {
            subject: &dl.original_subject,
            headers: Some(&dl.headers),
            payload: &dl.payload,
            stream: Some(&dl.stream),
            stream_seq: Some(dl.stream_seq),
        })
        .map(|e| Value::Object(e.body))
        .map_err(|e| (e.to_string(), e.kind()))
}

pub async fn run(g: &GlobalArgs, a: Args) -> anyhow::Result<u8> {
    let now = OffsetDateTime::now_utc();
    let factory = g.event_factory()?;
    let (bus, store) = super::open(g, &a.stream).await?;
    let entry = match (a.seq, &a.group) {
        (Some(seq), _) => store.get(seq).await?,
        (None, Some(id)) => first_of_group(&store, id, factory.limits()).await?,
        (None, None) => anyhow::bail!("give a DLQ sequence or --group ID"),
    };
    let decoded = entry.letter.as_ref().ok().map(|dl| decode(&factory, dl));
    let mut out = std::io::stdout().lock();
    match a.output {
        Format::Json => {
            let mut v = entry_json(&entry, now, factory.limits());
            match decoded {
                Some(Ok(ev)) => v["event"] = ev,
                Some(Err((e, kind))) => {
                    v["decode_error"] = Value::from(e);
                    v["decode_error_kind"] = Value::from(kind);
                }
                None => {}
            }
            writeln!(out, "{v}")?;
        }
        Format::Text => {
            let v = entry_json(&entry, now, factory.limits());
            let field = |k: &str| match &v[k] {
                Value::String(s) => s.clone(),
                Value::Null => "-".into(),
                other => other.to_string(),
            };
            writeln!(
                out,
                "DLQ entry      {}/{} ({})",
                store.name(),
                entry.dlq_seq,
                entry.dlq_subject
            )?;
            writeln!(out, "stored at      {}", rfc3339(entry.stored_at))?;
            match &entry.letter {
                Err(problem) => writeln!(out, "NOT A DEAD LETTER: {problem}")?,
                Ok(dl) => {
                    writeln!(out, "subject        {}", dl.original_subject)?;
                    writeln!(
                        out,
                        "from           stream {} seq {}",
                        dl.stream, dl.stream_seq
                    )?;
                    writeln!(out, "consumer       {}", dl.consumer)?;
                    writeln!(out, "deliveries     {}", dl.deliveries)?;
                    writeln!(out, "reason         {}", dl.reason.as_str())?;
                    writeln!(
                        out,
                        "failed at      {} ({}s ago)",
                        rfc3339(dl.failed_at),
                        field("age_s")
                    )?;
                    writeln!(out, "error          {}", dl.error)?;
                    writeln!(out, "event type     {}", field("event_type"))?;
                    writeln!(out, "event id       {}", field("event_id"))?;
                    writeln!(out, "original id    {}", field("original_msg_id"))?;
                    writeln!(
                        out,
                        "replay id      {}",
                        DeadLetter::replay_message_id(store.name(), entry.dlq_seq)
                    )?;
                }
            }
            writeln!(out, "headers:")?;
            let headers = match &entry.letter {
                Ok(dl) => &dl.headers,
                Err(_) => &entry.raw_headers,
            };
            for (name, values) in headers.iter() {
                for val in values {
                    writeln!(out, "  {}: {}", AsRef::<str>::as_ref(name), val.as_str())?;
                }
            }
            let compressed = wire::compressed(Some(headers)).unwrap_or(false);
            if compressed {
                // Inflated within --max-inflate, or not at all.
                writeln!(out, "payload ({} bytes, gzip):", field("payload_len"))?;
                match wire::readable(Some(headers), &entry.raw_payload, factory.limits()) {
                    Readable::Json(j) => writeln!(out, "  {j}")?,
                    Readable::Text(t) => writeln!(out, "  {t}")?,
                    Readable::Bytes(_) => writeln!(out, "  base64:{}", field("payload_base64"))?,
                    Readable::TooLarge { limit } => writeln!(
                        out,
                        "  not shown: it inflates to more than the limit of {}",
                        wire::human_size(limit)
                    )?,
                    Readable::TooManyValues { limit } => writeln!(
                        out,
                        "  not shown: it holds more than the limit of {limit} JSON values"
                    )?,
                }
            } else {
                writeln!(out, "payload ({} bytes):", field("payload_len"))?;
                match std::str::from_utf8(&entry.raw_payload) {
                    Ok(s) => writeln!(out, "  {s}")?,
                    Err(_) => writeln!(out, "  base64:{}", field("payload_base64"))?,
                }
            }
            match decoded {
                Some(Ok(ev)) => {
                    writeln!(out, "event (decoded):")?;
                    let pretty = serde_json::to_string_pretty(&ev)?;
                    for line in pretty.lines() {
                        writeln!(out, "  {line}")?;
                    }
                }
                Some(Err((e, _))) => writeln!(out, "event: does not decode: {e}")?,
                None => {}
            }
        }
    }
    out.flush()?;
    drop(out);
    bus.drain().await?;
    Ok(exit::OK)
}

/// The first entry (lowest sequence) of a group, read in order until it is found.
async fn first_of_group(
    store: &evt::dlq::store::DlqStore,
    id: &str,
    limits: &evt::wire::Limits,
) -> anyhow::Result<evt::dlq::store::Entry> {
    use anyhow::Context as _;
    use futures::StreamExt;
    let group = evt::dlq::group::GroupId::parse(id).context("--group")?;
    let entries = store.entries(1).await?;
    let mut entries = std::pin::pin!(entries);
    while let Some(e) = entries.next().await {
        let e = e?;
        if group.matches(&e, limits) {
            return Ok(e);
        }
    }
    anyhow::bail!("no entry of '{}' is in group {id}", store.name())
}

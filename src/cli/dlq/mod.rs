//! `evt dlq`: look at, replay and purge dead letters. One file per subcommand; the filter
//! flags are shared here so `ls`, `replay` and `purge` select exactly the same entries.

mod ls;
mod purge;
mod replay;
mod show;
mod table;
mod tasks;

use anyhow::Context as _;
use evt::dlq::group::GroupId;
use evt::dlq::select::{parse_reason, parse_time, Filter, SeqRange};
use evt::dlq::store::{DlqStore, DEFAULT_DLQ_STREAM};
use evt::wire::Limits;
use time::OffsetDateTime;

use super::{signal::Interrupt, GlobalArgs};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    Ls(Box<ls::Args>),
    Show(Box<show::Args>),
    Replay(Box<replay::Args>),
    Purge(Box<purge::Args>),
    Tasks(Box<tasks::TasksArgs>),
    Cancel(Box<tasks::CancelArgs>),
}

pub async fn run(g: &GlobalArgs, c: Command, i: &Interrupt) -> anyhow::Result<u8> {
    match c {
        Command::Ls(a) => ls::run(g, *a).await,
        Command::Show(a) => show::run(g, *a).await,
        Command::Replay(a) => replay::run(g, *a, i).await,
        Command::Purge(a) => purge::run(g, *a, i).await,
        Command::Tasks(a) => tasks::list(g, *a).await,
        Command::Cancel(a) => tasks::cancel(g, *a).await,
    }
}

/// Which DLQ stream to use.
#[derive(Debug, Clone, clap::Args)]
pub struct StreamArg {
    /// Name of the dead-letter stream.
    #[arg(long = "dlq-stream", env = "EVT_DLQ_STREAM", value_name = "NAME", default_value = DEFAULT_DLQ_STREAM)]
    pub dlq_stream: String,
}

/// Selection flags shared by ls, replay and purge; all given ones must match.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Original subject, wildcards allowed (`trading.order.*`, `trading.>`).
    #[arg(long, value_name = "PATTERN")]
    pub subject: Option<String>,
    /// Event type (`event-type` header, or `event_type` in the body).
    #[arg(long = "type", value_name = "EVENT_TYPE")]
    pub event_type: Option<String>,
    /// Consumer that dead-lettered the message.
    #[arg(long, value_name = "NAME")]
    pub consumer: Option<String>,
    /// Text contained in the error (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    pub error: Option<String>,
    /// Failed at or after: a duration ago (`1h`, `7d`) or an RFC 3339 time.
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Failed at or before: a duration ago (`1h`, `7d`) or an RFC 3339 time.
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// One DLQ sequence.
    #[arg(long, value_name = "N", conflicts_with = "seq_range")]
    pub seq: Option<u64>,
    /// DLQ sequences A to B inclusive (`A-B`, `A-`, `-B`).
    #[arg(long = "seq-range", value_name = "A-B")]
    pub seq_range: Option<String>,
    /// Why it was dead-lettered.
    #[arg(long, value_name = "REASON", value_parser = ["fatal", "decode", "retries-exhausted", "max-deliveries"])]
    pub reason: Option<String>,
    /// One group of the `evt dlq ls` summary (its GROUP column).
    #[arg(long, value_name = "ID")]
    pub group: Option<String>,
    /// Parked entries only (`dlq.….parked`: dead-lettered again after being replayed too
    /// often). Replay leaves them alone unless this is given.
    #[arg(long)]
    pub parked: bool,
}

impl FilterArgs {
    pub fn resolve(&self, now: OffsetDateTime, limits: Limits) -> anyhow::Result<Filter> {
        let time = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<OffsetDateTime>> {
            v.as_deref()
                .map(|s| parse_time(s, now).with_context(|| format!("--{flag}")))
                .transpose()
        };
        let seq = match (self.seq, &self.seq_range) {
            (Some(n), _) => Some(SeqRange::parse(&n.to_string()).context("--seq")?),
            (None, Some(r)) => Some(SeqRange::parse(r).context("--seq-range")?),
            (None, None) => None,
        };
        let filter = Filter {
            subject: self.subject.clone(),
            event_type: self.event_type.clone(),
            consumer: self.consumer.clone(),
            error: self.error.clone(),
            since: time("since", &self.since)?,
            until: time("until", &self.until)?,
            seq,
            reason: self.reason.as_deref().map(parse_reason).transpose()?,
            group: self
                .group
                .as_deref()
                .map(GroupId::parse)
                .transpose()
                .context("--group")?,
            parked: self.parked.then_some(true),
            limits,
        };
        filter.validate().context("--subject")?;
        Ok(filter)
    }
}

/// Connect, check JetStream, open the DLQ stream (a missing one is one clear line).
pub async fn open(g: &GlobalArgs, s: &StreamArg) -> anyhow::Result<(evt::bus::Bus, DlqStore)> {
    let bus = g.connect().await?;
    bus.require_jetstream().await?;
    let store = DlqStore::open(bus.jetstream(), &s.dlq_stream).await?;
    Ok((bus, store))
}

//! `evt schemas infer`: draft schemas from what a service publishes (a stream or a file).

use std::fs::File;
use std::io::{self, BufReader};
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context as _};
use evt::publisher::input::InputReader;
use evt::schema::infer::Inferrer;
use evt::tail::{StartAt, TailOptions};

use super::super::{exit, GlobalArgs};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("from").args(["stream", "file"]).required(true)))]
pub struct InferArgs {
    /// Read the events this stream retains.
    #[arg(long, value_name = "NAME")]
    pub stream: Option<String>,
    /// With --stream: only messages on these subjects (a pattern, e.g. 'trading.order.>').
    #[arg(long, value_name = "PATTERN", requires = "stream", default_value = ">")]
    pub subject: String,
    /// Read events from a file (JSON object, array or NDJSON; `-` for stdin).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Read at most this many events (with --stream: the last N).
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub limit: u64,
    /// Write one TYPE.json per event type here (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Overwrite schema files that already exist in --out.
    #[arg(long)]
    pub force: bool,
}

pub async fn run(g: &GlobalArgs, a: InferArgs) -> anyhow::Result<u8> {
    let mut inf = Inferrer::new();
    let mut read = 0u64;
    if let Some(path) = &a.file {
        let name = path.display().to_string();
        let reader: Box<dyn io::Read> = if path.as_os_str() == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(File::open(path).with_context(|| format!("cannot open {name}"))?)
        };
        let items =
            InputReader::with_max_item(BufReader::new(reader), g.wire_limits().max_inflated)
                .with_context(|| format!("reading {name}"))?;
        for raw in items {
            if read >= a.limit {
                break;
            }
            let line = raw.position.line;
            let body = raw
                .body
                .map_err(|e| anyhow::anyhow!("{name}:{line}: {e}"))?;
            inf.add(&body);
            read += 1;
        }
    } else if let Some(stream) = &a.stream {
        let bus = g.connect().await?;
        let limits = g.wire_limits();
        let mut tail = evt::tail::open(
            &bus,
            &a.subject,
            TailOptions {
                start: StartAt::Last(a.limit),
                stream: Some(stream.clone()),
                ..Default::default()
            },
        )
        .await?;
        // The stream's messages arrive back to back; a pause means we have read them all.
        while read < a.limit {
            let Ok(Some(m)) = tokio::time::timeout(Duration::from_secs(2), tail.next()).await
            else {
                break;
            };
            let m = m?;
            read += 1;
            match evt::wire::read_json(m.headers.as_ref(), &m.payload, &limits) {
                Ok(body) => inf.add(&body),
                Err(_) => inf.skipped += 1,
            }
        }
        tail.close().await;
        let _ = tokio::time::timeout(Duration::from_secs(2), bus.drain()).await;
    }
    let drafts = inf.drafts();
    if drafts.is_empty() {
        bail!("no events with an event_type among the {read} read");
    }
    std::fs::create_dir_all(&a.out)
        .with_context(|| format!("cannot create {}", a.out.display()))?;
    // Refuse before writing anything, so a run never leaves half the drafts replaced.
    if !a.force {
        for (t, _, _) in &drafts {
            let p = a.out.join(format!("{t}.json"));
            if p.exists() {
                bail!("{} exists (use --force to overwrite)", p.display());
            }
        }
    }
    for (t, n, doc) in &drafts {
        let p = a.out.join(format!("{t}.json"));
        let text = serde_json::to_string_pretty(doc)? + "\n";
        std::fs::write(&p, text).with_context(|| format!("cannot write {}", p.display()))?;
        println!("{t}: {n} event(s) -> {}", p.display());
    }
    if !g.quiet {
        eprintln!(
            "{} event(s) read, {} draft(s) written to {}, {} skipped (no event_type)",
            read,
            drafts.len(),
            a.out.display(),
            inf.skipped
        );
    }
    Ok(exit::OK)
}

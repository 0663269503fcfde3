//! `evt schemas check --against REF|DIR` and `evt schemas check --stream NAME`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use evt::schema::compat::{self, CompatConfig, Report, SchemaSet};
use evt::schema::retained::{check_stream, RetainedOptions};
use evt::tail::StartAt;
use time::OffsetDateTime;

use super::super::{exit, GlobalArgs};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    /// GitHub Actions annotations (`::error file=…`).
    Github,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A git ref (branch, tag, commit) or a directory of schema files to compare with.
    #[arg(
        long,
        value_name = "REF|DIR",
        conflicts_with = "stream",
        required_unless_present = "stream"
    )]
    pub against: Option<String>,
    /// The schema directory of this tree (default: --schemas, else ./schemas).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    /// Validate the events this stream retains against this tree's schemas (built-in plus
    /// --schemas), as a reader decodes them.
    #[arg(long, value_name = "NAME")]
    pub stream: Option<String>,
    /// With --stream: start at a time, a duration back from now (7d, 2h) or RFC 3339.
    #[arg(long, value_name = "DURATION|RFC3339", requires = "stream", conflicts_with = "last", value_parser = crate::cli::tail::parse_since)]
    pub since: Option<OffsetDateTime>,
    /// With --stream: only the last N messages.
    #[arg(long, value_name = "N", requires = "stream", value_parser = clap::value_parser!(u64).range(1..))]
    pub last: Option<u64>,
    /// With --stream: how many failures to show in full (all are counted).
    #[arg(long, value_name = "N", default_value_t = 10, requires = "stream")]
    pub failures: usize,
}

pub async fn run(g: &GlobalArgs, a: CheckArgs) -> anyhow::Result<u8> {
    let dir = a
        .dir
        .clone()
        .or_else(|| g.schemas.clone())
        .unwrap_or_else(|| PathBuf::from("schemas"));
    match (&a.against, &a.stream) {
        (Some(against), _) => against_check(&dir, against, a.format),
        (None, Some(stream)) => stream_check(g, stream, &a).await,
        (None, None) => bail!("--against REF|DIR or --stream NAME is required"),
    }
}

async fn stream_check(g: &GlobalArgs, stream: &str, a: &CheckArgs) -> anyhow::Result<u8> {
    let factory = g.event_factory()?;
    let bus = g.connect().await?;
    let opts = RetainedOptions {
        start: match (a.last, a.since) {
            (Some(n), _) => StartAt::Last(n),
            (None, Some(t)) => StartAt::Since(t),
            (None, None) => StartAt::All,
        },
        max_failures: a.failures,
        ..Default::default()
    };
    let result = check_stream(&bus, &factory, stream, &opts).await;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), bus.drain()).await;
    let report = result?;
    let mut out = io::stdout().lock();
    match a.format {
        CheckFormat::Json => writeln!(out, "{}", serde_json::to_string(&report)?)?,
        CheckFormat::Text | CheckFormat::Github => {
            let gh = a.format == CheckFormat::Github;
            for f in &report.failures {
                let seq = f.seq.map_or_else(|| "-".to_string(), |s| s.to_string());
                let at = f.pointer.as_deref().unwrap_or("");
                if gh {
                    writeln!(
                        out,
                        "::error title=stream {stream} seq {seq} {}::{}",
                        f.kind,
                        gh_escape(&f.message, false)
                    )?;
                } else {
                    writeln!(
                        out,
                        "seq {seq} {} {} {at}: {}",
                        f.event_type.as_deref().unwrap_or("-"),
                        f.kind,
                        f.message
                    )?;
                }
            }
            if !gh {
                writeln!(out, "TYPE VALID INVALID")?;
                for (t, c) in &report.types {
                    writeln!(out, "{t} {} {}", c.valid, c.invalid)?;
                }
            }
            writeln!(
                out,
                "stream {stream}: {} message(s) sampled (up to seq {}), {} valid, {} invalid{}",
                report.sampled,
                report.last_seq,
                report.valid,
                report.invalid,
                if report.invalid as usize > report.failures.len() {
                    format!(", first {} shown", report.failures.len())
                } else {
                    String::new()
                }
            )?;
        }
    }
    out.flush()?;
    Ok(if report.invalid == 0 {
        exit::OK
    } else {
        exit::ERROR
    })
}

fn against_check(dir: &Path, against: &str, format: CheckFormat) -> anyhow::Result<u8> {
    let current = SchemaSet::load_dir(dir)?;
    if current.is_empty() {
        bail!(
            "schema directory {} holds no *.json schema files",
            dir.display()
        );
    }
    let config = CompatConfig::load_dir(dir)?;
    let other = Path::new(against);
    let previous = if other.is_dir() {
        SchemaSet::load_dir(other)?
    } else {
        SchemaSet::load_git(dir, against)
            .with_context(|| format!("reading {} at {against}", dir.display()))?
    };
    let report = compat::check(&current, &previous, against, &config);
    let mut out = io::stdout().lock();
    print(&report, dir, format, &mut out)?;
    out.flush()?;
    Ok(if report.compatible() {
        exit::OK
    } else {
        exit::ERROR
    })
}

fn print(
    report: &Report,
    dir: &Path,
    format: CheckFormat,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match format {
        CheckFormat::Text => {
            for i in &report.incompatibilities {
                writeln!(out, "{i}")?;
            }
            writeln!(
                out,
                "{} type(s), {} comparison(s): {}",
                report.types_checked,
                report.comparisons,
                if report.compatible() {
                    "compatible".to_string()
                } else {
                    format!("{} incompatibilit(ies)", report.incompatibilities.len())
                }
            )?;
        }
        CheckFormat::Json => {
            let v = serde_json::json!({
                "compatible": report.compatible(),
                "types_checked": report.types_checked,
                "comparisons": report.comparisons,
                "incompatibilities": report.incompatibilities,
            });
            writeln!(out, "{v}")?;
        }
        CheckFormat::Github => {
            for i in &report.incompatibilities {
                let file = dir.join(format!("{}.json", i.event_type));
                writeln!(
                    out,
                    "::error file={},title=schema {} {}::{}",
                    gh_escape(&file.display().to_string(), true),
                    gh_escape(&i.event_type, true),
                    i.code,
                    gh_escape(
                        &format!(
                            "{} {}: {} (against {}; {} rule: {})",
                            i.event_type, i.pointer, i.detail, i.against, i.mode, i.rule
                        ),
                        false
                    )
                )?;
            }
            if report.compatible() {
                writeln!(
                    out,
                    "::notice title=schemas compatible::{} type(s), {} comparison(s)",
                    report.types_checked, report.comparisons
                )?;
            }
        }
    }
    Ok(())
}

/// GitHub's workflow-command escaping: `%`, CR, LF always; `:` and `,` in properties.
fn gh_escape(s: &str, property: bool) -> String {
    let mut o = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        o = o.replace(':', "%3A").replace(',', "%2C");
    }
    o
}

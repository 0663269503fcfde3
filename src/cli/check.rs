//! `evt check`: monitoring checks for what `streams/*.yaml` declares, in Nagios, JSON,
//! Prometheus textfile or text form, with the Nagios exit codes.

use std::io::Write;
use std::path::PathBuf;

use evt::monitor::check::{CheckReport, Measure};
use evt::monitor::Status;
use evt::streams::spec::MonitorSpec;
use evt::streams::units::Dur;

use super::global::parse_duration;
use super::GlobalArgs;

/// Check every declared consumer (lag in messages and seconds, ack pending against
/// max_ack_pending, redeliveries, age of the last delivery and ack), DLQ (depth, newest entry)
/// and stream (drift from the spec), against the thresholds in each `monitor:` block; a flag
/// overrides the same field everywhere.
///
/// Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also when the spec or the server cannot be
/// read), as Nagios and Icinga expect.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories of *.yaml (default: streams/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Spec file or directory (same as PATH; repeatable).
    #[arg(long = "spec", value_name = "PATH")]
    pub spec: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub thresholds: Thresholds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// One status line with performance data, then one line per item.
    Nagios,
    /// The whole report as one JSON document.
    Json,
    /// Prometheus text format, for node_exporter's textfile collector.
    Prometheus,
    /// A line per item and a summary.
    Text,
}

/// Threshold overrides (same meaning as the `monitor:` fields).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Thresholds {
    /// Consumer messages not yet delivered: WARNING at or above.
    #[arg(long, value_name = "N", help_heading = "Thresholds")]
    pub lag_warn: Option<u64>,
    /// Consumer messages not yet delivered: CRITICAL at or above.
    #[arg(long, value_name = "N", help_heading = "Thresholds")]
    pub lag_critical: Option<u64>,
    /// Age of the oldest unacked message: WARNING at or above.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Thresholds")]
    pub lag_seconds_warn: Option<std::time::Duration>,
    /// Age of the oldest unacked message: CRITICAL at or above.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Thresholds")]
    pub lag_seconds_critical: Option<std::time::Duration>,
    /// Ack pending: WARNING at or above (default 80% of max_ack_pending).
    #[arg(long, value_name = "N", help_heading = "Thresholds")]
    pub ack_pending_warn: Option<u64>,
    /// Ack pending: CRITICAL at or above (default max_ack_pending).
    #[arg(long, value_name = "N", help_heading = "Thresholds")]
    pub ack_pending_critical: Option<u64>,
    #[arg(long, value_name = "N", help_heading = "Thresholds")]
    pub redelivered_warn: Option<u64>,
    #[arg(long, value_name = "N", help_heading = "Thresholds")]
    pub redelivered_critical: Option<u64>,
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Thresholds")]
    pub last_delivery_warn: Option<std::time::Duration>,
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Thresholds")]
    pub last_delivery_critical: Option<std::time::Duration>,
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Thresholds")]
    pub last_ack_warn: Option<std::time::Duration>,
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Thresholds")]
    pub last_ack_critical: Option<std::time::Duration>,
    /// Messages in a DLQ (or a stream with a monitor block): WARNING at or above (DLQ default 1).
    #[arg(long, value_name = "N", help_heading = "Thresholds")]
    pub messages_warn: Option<u64>,
    #[arg(long, value_name = "N", help_heading = "Thresholds")]
    pub messages_critical: Option<u64>,
    /// Newest dead letter younger than this: WARNING (failures happening now).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Thresholds")]
    pub newest_age_warn: Option<std::time::Duration>,
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, help_heading = "Thresholds")]
    pub newest_age_critical: Option<std::time::Duration>,
}

impl Thresholds {
    fn to_spec(&self) -> MonitorSpec {
        let d = |v: Option<std::time::Duration>| v.map(Dur);
        MonitorSpec {
            lag_warn: self.lag_warn,
            lag_critical: self.lag_critical,
            lag_seconds_warn: d(self.lag_seconds_warn),
            lag_seconds_critical: d(self.lag_seconds_critical),
            ack_pending_warn: self.ack_pending_warn,
            ack_pending_critical: self.ack_pending_critical,
            redelivered_warn: self.redelivered_warn,
            redelivered_critical: self.redelivered_critical,
            last_delivery_warn: d(self.last_delivery_warn),
            last_delivery_critical: d(self.last_delivery_critical),
            last_ack_warn: d(self.last_ack_warn),
            last_ack_critical: d(self.last_ack_critical),
            messages_warn: self.messages_warn,
            messages_critical: self.messages_critical,
            newest_age_warn: d(self.newest_age_warn),
            newest_age_critical: d(self.newest_age_critical),
        }
    }
}

pub async fn run(g: &GlobalArgs, args: Args) -> anyhow::Result<u8> {
    let overrides = args.thresholds.to_spec();
    let problems =
        evt::monitor::thresholds::problems(&overrides, evt::monitor::thresholds::Scope::Consumer)
            .into_iter()
            .filter(|p| !p.contains("belong under"))
            .collect::<Vec<_>>();
    if let Some(p) = problems.first() {
        // Flags that contradict each other: nothing was checked, which Nagios calls UNKNOWN.
        eprintln!("evt: {}", p.replace("monitor: ", "--").replace('_', "-"));
        return Ok(unknown(args.format, "contradicting threshold flags"));
    }
    let mut paths = args.paths;
    paths.extend(args.spec);
    let spec = match super::streams::load_valid(&super::streams::paths_or_default(paths)) {
        Ok(s) => s,
        Err(_) => return Ok(unknown(args.format, "the stream spec cannot be read")),
    };
    let (bus, version) = match super::streams::connect(g).await {
        Ok(x) => x,
        Err(e) => {
            super::output::print_error(&e);
            return Ok(unknown(args.format, "the server cannot be reached"));
        }
    };
    let snap = evt::monitor::snapshot(bus.jetstream(), &spec, &version).await;
    let report = evt::monitor::evaluate(&snap, &overrides);
    let mut out = std::io::stdout().lock();
    match args.format {
        CheckFormat::Text => text(&mut out, &report)?,
        CheckFormat::Nagios => nagios(&mut out, &report)?,
        CheckFormat::Json => writeln!(out, "{}", serde_json::to_string(&report)?)?,
        CheckFormat::Prometheus => prometheus(&mut out, &report)?,
    }
    out.flush()?;
    drop(out);
    let _ = bus.drain().await;
    Ok(report.status.code())
}

/// Nothing could be checked: say so in the chosen format and exit UNKNOWN.
fn unknown(format: CheckFormat, why: &str) -> u8 {
    let report = CheckReport {
        status: Status::Unknown,
        results: Vec::new(),
    };
    let mut out = std::io::stdout().lock();
    let _ = match format {
        CheckFormat::Nagios | CheckFormat::Text => writeln!(out, "EVT CHECK UNKNOWN - {why}"),
        CheckFormat::Json => writeln!(
            out,
            "{}",
            serde_json::json!({"status": "UNKNOWN", "results": [], "error": why})
        ),
        CheckFormat::Prometheus => prometheus(&mut out, &report).map_err(std::io::Error::other),
    };
    report.status.code()
}

fn summary(r: &CheckReport) -> String {
    format!(
        "{} critical, {} warning, {} unknown, {} ok",
        r.count(Status::Critical),
        r.count(Status::Warning),
        r.count(Status::Unknown),
        r.count(Status::Ok)
    )
}

fn text(out: &mut impl Write, r: &CheckReport) -> std::io::Result<()> {
    for x in &r.results {
        writeln!(
            out,
            "{:<8}  {:<8}  {}{}",
            x.status.as_str(),
            x.kind.as_str(),
            x.name(),
            if x.reasons.is_empty() {
                String::new()
            } else {
                format!("  {}", x.reasons.join("; "))
            }
        )?;
    }
    writeln!(out, "evt check: {} ({})", r.status.as_str(), summary(r))
}

/// Nagios plugin output: status line with performance data, then the long text.
fn nagios(out: &mut impl Write, r: &CheckReport) -> std::io::Result<()> {
    let bad: Vec<String> = r
        .results
        .iter()
        .filter(|x| x.status != Status::Ok)
        .map(|x| format!("{}: {}", x.name(), x.reasons.join(", ")))
        .collect();
    let mut perf = Vec::new();
    for x in &r.results {
        for m in &x.measures {
            if let Some(v) = m.value {
                perf.push(perfdata(&x.name(), m, v));
            }
        }
    }
    let detail = if bad.is_empty() {
        String::new()
    } else {
        format!(": {}", bad.join("; "))
    };
    writeln!(
        out,
        "EVT CHECK {} - {}{} | {}",
        r.status.as_str(),
        summary(r),
        detail.replace('|', "/"),
        perf.join(" ")
    )?;
    for x in &r.results {
        writeln!(
            out,
            "{} {} {}{}",
            x.status.as_str(),
            x.kind.as_str(),
            x.name(),
            if x.reasons.is_empty() {
                String::new()
            } else {
                format!(": {}", x.reasons.join(", ").replace('|', "/"))
            }
        )?;
    }
    Ok(())
}

fn perfdata(name: &str, m: &Measure, v: f64) -> String {
    let unit = if m.name.ends_with("seconds") { "s" } else { "" };
    let t = |x: Option<f64>| x.map(|x| format!("{x}")).unwrap_or_default();
    format!(
        "'{} {}'={}{unit};{};{}",
        name.replace('\'', "_"),
        m.name,
        v,
        t(m.warn),
        t(m.critical)
    )
}

fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Prometheus text format (textfile collector): a state gauge per item, a value gauge per
/// measure, and the thresholds.
fn prometheus(out: &mut impl Write, r: &CheckReport) -> anyhow::Result<()> {
    writeln!(
        out,
        "# HELP evt_check_status State of an evt check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."
    )?;
    writeln!(out, "# TYPE evt_check_status gauge")?;
    writeln!(
        out,
        "evt_check_status{{kind=\"overall\"}} {}",
        r.status.code()
    )?;
    let labels = |x: &evt::monitor::CheckResult| {
        format!(
            "kind=\"{}\",stream=\"{}\",consumer=\"{}\"",
            x.kind.as_str(),
            label(&x.stream),
            label(x.consumer.as_deref().unwrap_or(""))
        )
    };
    for x in &r.results {
        writeln!(out, "evt_check_status{{{}}} {}", labels(x), x.status.code())?;
    }
    writeln!(
        out,
        "# HELP evt_check_value A checked measure (counts in messages, ages in seconds)."
    )?;
    writeln!(out, "# TYPE evt_check_value gauge")?;
    for x in &r.results {
        for m in &x.measures {
            if let Some(v) = m.value {
                writeln!(
                    out,
                    "evt_check_value{{{},measure=\"{}\"}} {v}",
                    labels(x),
                    m.name
                )?;
            }
        }
    }
    writeln!(
        out,
        "# HELP evt_check_threshold The threshold a measure is checked against."
    )?;
    writeln!(out, "# TYPE evt_check_threshold gauge")?;
    for x in &r.results {
        for m in &x.measures {
            for (level, t) in [("warn", m.warn), ("critical", m.critical)] {
                if let Some(t) = t {
                    writeln!(
                        out,
                        "evt_check_threshold{{{},measure=\"{}\",level=\"{level}\"}} {t}",
                        labels(x),
                        m.name
                    )?;
                }
            }
        }
    }
    Ok(())
}

//! `evt consume`: the SubscriberManager driven from the shell. Each event's decoded JSON goes to
//! `--exec CMD` on stdin; exit 0 acks, 75 (EX_TEMPFAIL) retries with backoff, anything else
//! dead-letters with the command's stderr tail as the error. Without `--exec`, events are
//! printed as JSON lines and acked.

use std::io::Write;
use std::net::SocketAddr;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use evt::codec::{EventFactory, RawMessage};
use evt::event::Event;
use evt::subscriber::handler::HandlerFuture;
use evt::subscriber::{bind, on, Delivery, Handler, HandlerError, SubscriberManager};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::global::parse_duration;
use super::{exit, signal::Interrupt, GlobalArgs};

/// The exit code a command uses to ask for a retry (sysexits.h EX_TEMPFAIL).
const EX_TEMPFAIL: i32 = 75;
/// How much of a failing command's stderr becomes the dead letter's error.
const STDERR_TAIL: usize = 1024;

/// Consume events through a durable consumer, acking, retrying and dead-lettering each one.
///
/// Binding: when the durable exists (e.g. created by `evt streams apply`), it is used as the
/// server has it: filters, max_deliver, backoff, ack_wait and DLQ all come from the server, so
/// `evt consume --stream TRADING --durable order-auditor` needs nothing else. A setting given
/// here must agree with the server, or evt refuses to start and names the flag and both values.
/// When the durable does not exist, SUBJECT is required and the durable is created with the
/// flags given and evt's defaults for the rest (max_deliver 5, backoff 1s,5s,30s cut to
/// max_deliver - 1 steps, ack_wait = the first backoff step or 30s, DLQ stream DLQ).
///
/// With `--exec CMD`, each event's JSON body is written to CMD's stdin (run with `sh -c`, with
/// EVT_SUBJECT, EVT_STREAM_SEQ, EVT_EVENT_TYPE, EVT_EVENT_ID and EVT_DELIVERY set): exit 0 acks,
/// exit 75 retries after the backoff delay, any other exit dead-letters the event with the
/// tail of CMD's stderr as the error. Without `--exec`, events are printed as JSON lines and
/// acked. Ctrl-C stops fetching, lets running commands finish, and exits 130.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Filter subject(s), e.g. 'trading.order.>' (repeat for several). Optional when the
    /// durable exists: its own filters are used, and any given must match them.
    #[arg(value_name = "SUBJECT")]
    pub subjects: Vec<String>,
    /// Durable consumer name; processes sharing it share the events.
    #[arg(long, value_name = "NAME")]
    pub durable: String,
    /// Source stream (default: the one stream that captures SUBJECT). Required without SUBJECT.
    #[arg(long, value_name = "NAME")]
    pub stream: Option<String>,
    /// Command run per event via `sh -c`, the event JSON on its stdin.
    #[arg(long, value_name = "CMD", conflicts_with = "exec_batch")]
    pub exec: Option<String>,
    /// One long-lived command (`sh -c`) for all events: each event's JSON is one line on its
    /// stdin, and it answers one line per event, in order, on its stdout: `ok` acks,
    /// `retry [reason]` retries, `dead [reason]` dead-letters. Up to --concurrency events wait
    /// for answers at once (e.g. 64). If it exits or answers anything else, unanswered events
    /// are nak'ed (they come back) and evt stops with an error.
    #[arg(long = "exec-batch", value_name = "CMD")]
    pub exec_batch: Option<String>,
    /// Events handled at once.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub concurrency: usize,
    /// Deliveries allowed per event before it is dead-lettered [default for a new durable: 5;
    /// an existing durable's own value otherwise].
    #[arg(long = "max-deliver", value_name = "N")]
    pub max_deliver: Option<u32>,
    /// How long one delivery may take before the server redelivers it (with a backoff the
    /// server uses its first step) [default for a new durable: the first backoff step, or 30s].
    #[arg(long = "ack-wait", value_parser = parse_duration, value_name = "DURATION")]
    pub ack_wait: Option<Duration>,
    /// Delays between deliveries, comma separated (the last repeats), or `none`
    /// [default for a new durable: 1s,5s,30s].
    #[arg(long, value_parser = parse_backoff, value_name = "LIST")]
    pub backoff: Option<Backoff>,
    /// DLQ stream that captures `dlq.<STREAM>.<DURABLE>` [default: the durable's declared DLQ,
    /// else DLQ].
    #[arg(long = "dlq-stream", value_name = "NAME")]
    pub dlq_stream: Option<String>,
    /// When no stream captures this durable's max-deliveries advisory (an ad-hoc durable no
    /// spec declares), add it to `<DLQ>_ADVISORIES` (created if missing) instead of failing.
    #[arg(long = "create-advisory-capture")]
    pub create_advisory_capture: bool,
    /// Keep events of one subject in order (different subjects still run in parallel).
    #[arg(long = "ordered-by-subject")]
    pub ordered_by_subject: bool,
    /// Handle N events (acked or dead-lettered; a retried event counts once, when it
    /// finishes), then exit. No more than N are handed to the handler: the rest stay on the
    /// server, but for the few already pulled, which are released (one more delivery).
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Events pulled ahead of the handlers, per pull request [default: 512 when printing,
    /// N/64 (16 to 512) with --count N; max(2 × --concurrency, 16) with --exec or
    /// --exec-batch; never more than --count]. Pulled events wait here within their ack wait;
    /// a pull also stops at 16 MiB (or two max-size messages). With --count, events pulled
    /// past N are released (nak'ed), which counts a delivery.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub prefetch: Option<u32>,
    /// Exit once idle for this long: connected, every pull live, no command running, and
    /// the server holding nothing pending or unacked for the durable. A stall during a
    /// failover, a slow command, or an event waiting for its retry is not idle.
    #[arg(long = "until-idle", value_parser = parse_duration, value_name = "DURATION")]
    pub until_idle: Option<Duration>,
    /// Idle heartbeat asked of the server while a pull waits. Four missed in a row mean the
    /// consumer's leader changed or its node is gone, and evt pulls again at once (a leader
    /// change costs about the election); pull requests live ten heartbeats.
    #[arg(long, default_value = "500ms", value_parser = parse_duration, value_name = "DURATION")]
    pub heartbeat: Duration,

    /// How long a stop waits for running commands.
    #[arg(long = "stop-timeout", default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub stop_timeout: Duration,
    /// Serve /metrics (handler outcomes and this durable's lag from the server), /healthz
    /// (connected) and /readyz (bound) over HTTP on this address, e.g. 127.0.0.1:9464.
    #[arg(long = "metrics-addr", value_name = "ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// How often /metrics reads the durable's lag from the server.
    #[arg(long = "lag-refresh", default_value = "5s", value_parser = parse_duration, value_name = "DURATION")]
    pub lag_refresh: Duration,
}

#[derive(Debug, Clone)]
pub struct Backoff(pub Vec<Duration>);

fn parse_backoff(s: &str) -> Result<Backoff, String> {
    if s.trim().is_empty() || s.trim() == "none" {
        return Ok(Backoff(Vec::new()));
    }
    s.split(',')
        .map(parse_duration)
        .collect::<Result<Vec<_>, _>>()
        .map(Backoff)
}

pub async fn run(g: &GlobalArgs, a: Args, interrupt: &Interrupt) -> anyhow::Result<u8> {
    let factory = Arc::new(g.event_factory()?);
    let bus = g.connect().await?;
    let mut cfg = match (a.subjects.split_first(), &a.stream) {
        (Some((first, rest)), _) => rest.iter().fold(on(first), |c, s| c.also(s)),
        (None, Some(stream)) => bind(stream, &a.durable),
        (None, None) => anyhow::bail!(
            "give SUBJECT, or --stream to consume the existing durable {} as declared",
            a.durable
        ),
    }
    .durable(&a.durable)
    .concurrency(a.concurrency)
    .ordered_by_subject(a.ordered_by_subject);
    if let Some(s) = &a.stream {
        cfg = cfg.stream(s);
    }
    if let Some(n) = a.max_deliver {
        cfg = cfg.max_deliver(n);
    }
    if let Some(d) = a.ack_wait {
        cfg = cfg.ack_wait(d);
    }
    if let Some(b) = &a.backoff {
        cfg = cfg.backoff(b.0.clone());
    }
    if let Some(d) = &a.dlq_stream {
        cfg = cfg.dlq_stream(d);
    }
    if a.create_advisory_capture {
        cfg = cfg.create_advisory_capture();
    }
    cfg = cfg.prefetch(prefetch(&a));
    if let Some(n) = a.count {
        // Enforced where messages are handed to the handler, not by polling the counts.
        cfg = cfg.max_messages(n);
    }
    // Set by the printer when stdout is gone (`evt consume … | head`).
    let broken = Arc::new(AtomicBool::new(false));
    let mut manager = SubscriberManager::new(bus.clone(), factory)
        .stop_timeout(a.stop_timeout)
        .lag_refresh(a.lag_refresh)
        .pull_timing(super::tail::pull_timing(a.heartbeat)?);
    if let Some(addr) = a.metrics_addr {
        manager = manager.serve_endpoints(addr);
    }
    let mut batch_process = None;
    let mut batch_exec = None;
    let mut manager = match (a.exec.clone(), a.exec_batch.as_deref()) {
        (Some(cmd), _) => manager.handle(cfg, move |e: Event, d: Delivery| {
            let cmd = cmd.clone();
            async move { run_command(&cmd, e, d).await }
        }),
        (None, Some(cmd)) => {
            let (exec, process) = super::exec_batch::spawn(
                cmd,
                a.stream.as_deref().unwrap_or(""),
                &a.durable,
                a.concurrency,
            )?;
            batch_process = Some(process);
            batch_exec = Some(exec.clone());
            manager.handle(cfg, move |e: Event| {
                let exec = exec.clone();
                async move { exec.handle(e).await }
            })
        }
        (None, None) => manager.handle(
            cfg,
            Printer {
                broken: broken.clone(),
            },
        ),
    };
    manager
        .start()
        .await
        .with_context(|| format!("cannot consume as durable {}", a.durable))?;
    if let Some(addr) = manager.endpoints_addr() {
        eprintln!("evt: serving http://{addr}/metrics, /healthz and /readyz");
    }
    let bound = manager
        .stats()
        .handlers
        .first()
        .cloned()
        .unwrap_or_default();
    eprintln!(
        "evt: consuming {} on {} as durable {} (concurrency {}){}",
        bound.subject,
        bound.stream,
        a.durable,
        a.concurrency,
        if a.exec.is_some() {
            ""
        } else if a.exec_batch.is_some() {
            ", one --exec-batch process"
        } else {
            ", printing events"
        }
    );
    let mut last_received = 0;
    // Since when everything looked idle here, and whether the server agreed since then.
    let mut idle_since = Instant::now();
    let mut server_idle = false;
    let mut last_ask = Instant::now();
    // `--count` is enforced by the manager; this only notices it was reached, soon enough
    // not to add to a short run's wall clock.
    let tick = Duration::from_millis(if a.count.is_some() { 5 } else { 50 });
    let interrupted = loop {
        tokio::select! {
            _ = interrupt.wait() => break true,
            _ = tokio::time::sleep(tick) => {}
        }
        let stats = manager.stats();
        if broken.load(Ordering::Relaxed) {
            break false;
        }
        if batch_exec.as_ref().is_some_and(|b| b.failure().is_some()) {
            break false;
        }
        if a.count.is_some_and(|n| stats.finished() >= n) {
            break false;
        }
        let Some(idle) = a.until_idle else {
            continue;
        };
        let received = stats.received();
        let in_flight: u64 = stats.handlers.iter().map(|h| h.in_flight).sum();
        if received != last_received || in_flight > 0 {
            last_received = received;
            idle_since = Instant::now();
            server_idle = false;
            continue;
        }
        // The server is asked at most every 250 ms (a quarter of a short window).
        let ask_every = (idle / 4).min(Duration::from_millis(250));
        if last_ask.elapsed() >= ask_every {
            last_ask = Instant::now();
            let asked = tokio::time::timeout(Duration::from_secs(2), manager.is_idle()).await;
            if matches!(asked, Ok(Ok(true))) {
                server_idle = true;
            } else {
                idle_since = Instant::now();
                server_idle = false;
            }
        }
        if server_idle && idle_since.elapsed() >= idle {
            break false;
        }
    };
    let report = manager.stop().await;
    let failovers = manager.failovers();
    let batch_failure = batch_exec.as_ref().and_then(|b| b.failure());
    if let Some(process) = batch_process {
        // A command that broke is killed at once; a healthy one gets its stdin closed and a
        // moment to finish.
        let grace = if batch_failure.is_some() {
            Duration::ZERO
        } else {
            a.stop_timeout
        };
        if let (Some(status), None) = (process.finish(grace).await, &batch_failure) {
            eprintln!("evt: --exec-batch command ended: {status}");
        }
    }
    let _ = bus.drain().await;
    let h = report.stats.handlers.first().cloned().unwrap_or_default();
    eprintln!(
        "evt: {} received: {} acked, {} retried, {} dead-lettered to {}{}{}{}{}",
        h.received,
        h.acked,
        h.retried,
        h.dead_lettered,
        h.dlq_stream,
        if report.stats.moved > 0 {
            format!(", {} moved after max deliveries", report.stats.moved)
        } else {
            String::new()
        },
        if h.dlq_publish_failures > 0 {
            format!(
                ", {} dead letters not stored (nak'ed, will return)",
                h.dlq_publish_failures
            )
        } else {
            String::new()
        },
        if report.abandoned > 0 {
            format!(
                ", {} still running at stop (will be redelivered)",
                report.abandoned
            )
        } else {
            String::new()
        },
        if failovers > 0 {
            format!(", {failovers} lost pull(s) re-issued (failover)")
        } else {
            String::new()
        }
    );
    if let Some(why) = batch_failure {
        anyhow::bail!(
            "--exec-batch command failed: {why}; unanswered events were not acked and will be redelivered"
        );
    }
    Ok(if interrupted {
        exit::INTERRUPTED
    } else {
        exit::OK
    })
}

/// Messages pulled per request. Printing a line takes microseconds, so a pulled event waits
/// milliseconds for its turn and a large batch saves a round trip per few events (at the
/// conservative default `evt consume` pulled 16 at a time and ran at less than half the raw
/// client's rate); a command per event keeps the pull small, as the library does. With
/// `--count N`, what is pulled past N is released and counted one more delivery, so printing
/// pulls at most N/64 at a time (at least 16): a bulk drain keeps its rate, and the events
/// left for the next run that pay an extra delivery stay under 2% of N (the library never
/// pulls more than N at once).
fn prefetch(a: &Args) -> usize {
    const PRINTING: usize = 512;
    let conservative = (a.concurrency * 2).max(16);
    let printing = a.exec.is_none() && a.exec_batch.is_none();
    match (a.prefetch, a.count) {
        (Some(n), _) => n as usize,
        (None, _) if !printing => conservative,
        (None, None) => PRINTING,
        (None, Some(n)) => usize::try_from(n / 64)
            .unwrap_or(usize::MAX)
            .clamp(16, PRINTING),
    }
}

/// The handler without `--exec`: each event as one JSON line on stdout. A plain one-line
/// body is written as stored (the bytes its producer wrote, which the decoder just read); a
/// gzip or multi-line one is written as the decoded body, compact.
#[derive(Clone)]
struct Printer {
    broken: Arc<AtomicBool>,
}

impl Handler<Printer> for Printer {
    fn call(&self, event: Event, delivery: &Delivery) -> Result<HandlerFuture, String> {
        // `Bytes` is shared, so holding the body costs no copy; the event is dropped unread
        // when the body goes out as stored.
        let stored = evt::wire::one_line(Some(&delivery.headers), &delivery.payload)
            .map(|_| delivery.payload.clone());
        let broken = self.broken.clone();
        Ok(Box::pin(async move {
            match &stored {
                Some(body) => print_line(Line::Stored(body), &broken),
                None => print_line(Line::Decoded(&event), &broken),
            }
        }))
    }

    fn event_types(&self) -> Option<&'static [&'static str]> {
        None
    }

    /// A body printed as stored needs only `decode`'s yes (`EventFactory::verify`), not the
    /// decoded event.
    fn call_message(
        &self,
        factory: &EventFactory,
        msg: &RawMessage<'_>,
        delivery: &Delivery,
    ) -> Result<(HandlerFuture, String), String> {
        if evt::wire::one_line(Some(&delivery.headers), &delivery.payload).is_none() {
            return evt::subscriber::handler::call_decoded(self, factory, msg, delivery);
        }
        let id = factory.verify(msg).map_err(|e| e.to_string())?;
        let (stored, broken) = (delivery.payload.clone(), self.broken.clone());
        Ok((
            Box::pin(async move { print_line(Line::Stored(&stored), &broken) }),
            id,
        ))
    }
}

/// What one printed line holds: the body as stored, or a decoded body written compact.
enum Line<'a> {
    Stored(&'a [u8]),
    Decoded(&'a Event),
}

fn print_line(what: Line<'_>, broken: &AtomicBool) -> Result<(), HandlerError> {
    thread_local! {
        // One line's buffer per runtime thread, kept: an event is serialised, then written
        // with its newline in one call (one write(2), as stdout is line-buffered).
        static LINE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    LINE.with_borrow_mut(|line| {
        line.clear();
        match what {
            Line::Stored(body) => line.extend_from_slice(body),
            Line::Decoded(e) => {
                serde_json::to_writer(&mut *line, e).map_err(HandlerError::fatal)?
            }
        }
        line.push(b'\n');
        let mut out = std::io::stdout().lock();
        match out.write_all(line).and_then(|_| out.flush()) {
            Ok(()) => Ok(()),
            Err(e) => {
                // The reader is gone: leave the event for the next consumer, stop consuming.
                broken.store(true, Ordering::Relaxed);
                Err(HandlerError::retry(format!("stdout closed: {e}")))
            }
        }
    })
}

async fn run_command(cmd: &str, e: Event, d: Delivery) -> Result<(), HandlerError> {
    let input = serde_json::to_vec(&e).map_err(HandlerError::fatal)?;
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .env("EVT_SUBJECT", &d.subject)
        .env("EVT_STREAM", &d.stream)
        .env("EVT_STREAM_SEQ", d.stream_seq.to_string())
        .env("EVT_EVENT_TYPE", &e.event_type)
        .env("EVT_EVENT_ID", &e.event_id)
        .env("EVT_DELIVERY", d.delivered.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|err| HandlerError::retry(format!("cannot start sh -c '{cmd}': {err}")))?;
    let mut stdin = child.stdin.take();
    let mut stderr = child.stderr.take();
    let feed = async {
        if let Some(mut s) = stdin.take() {
            // A command that ignores its stdin closes the pipe early; that is not a failure.
            let _ = s.write_all(&input).await;
            let _ = s.shutdown().await;
        }
    };
    let collect = async {
        let mut buf = Vec::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_end(&mut buf).await;
        }
        buf
    };
    let ((), err_bytes) = tokio::join!(feed, collect);
    let status = child
        .wait()
        .await
        .map_err(|err| HandlerError::retry(format!("waiting for '{cmd}': {err}")))?;
    let tail = stderr_tail(&err_bytes);
    match status.code() {
        Some(0) => Ok(()),
        Some(EX_TEMPFAIL) => Err(HandlerError::retry(format!(
            "command exited 75 (retry){}",
            tail
        ))),
        Some(c) => Err(HandlerError::fatal(format!("command exited {c}{tail}"))),
        None => Err(HandlerError::fatal(format!(
            "command killed by a signal{tail}"
        ))),
    }
}

/// `: <last line(s) of stderr>`, at most STDERR_TAIL bytes, or nothing.
fn stderr_tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut start = text.len().saturating_sub(STDERR_TAIL);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    format!(": {}", text[start..].replace('\n', " | "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn prefetch_of(flags: &[&str]) -> usize {
        let argv = ["consume", "--durable", "d"].iter().chain(flags);
        prefetch(&Cli::try_parse_from(argv).expect("flags parse").args)
    }

    #[test]
    fn printing_pulls_large_batches_and_commands_and_small_counts_pull_little() {
        assert_eq!(prefetch_of(&[]), 512, "printing");
        assert_eq!(prefetch_of(&["--exec", "true"]), 16);
        assert_eq!(
            prefetch_of(&["--exec-batch", "cat", "--concurrency", "64"]),
            128
        );
        assert_eq!(prefetch_of(&["--count", "100000"]), 512, "a bulk drain");
        assert_eq!(prefetch_of(&["--count", "6400"]), 100, "N/64");
        assert_eq!(prefetch_of(&["--count", "1000", "--concurrency", "64"]), 16);
        assert_eq!(
            prefetch_of(&["--count", "10"]),
            16,
            "the library caps it at N"
        );
        assert_eq!(prefetch_of(&["--count", "100000", "--exec", "true"]), 16);
        assert_eq!(
            prefetch_of(&["--count", "100000", "--prefetch", "512"]),
            512
        );
        assert_eq!(prefetch_of(&["--exec", "true", "--prefetch", "2"]), 2);
    }

    #[test]
    fn prefetch_out_of_range_is_refused_naming_the_flag() {
        for bad in ["0", "4097", "many"] {
            let flag = format!("--prefetch={bad}");
            let e = Cli::try_parse_from(["consume", "--durable", "d", &flag]).expect_err(bad);
            assert!(e.to_string().contains("--prefetch"), "{bad}: {e}");
        }
    }
}

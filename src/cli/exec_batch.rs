//! `evt consume --exec-batch CMD`: one long-lived process handles every event.
//!
//! Protocol (README, "evt consume --exec-batch"): evt writes each event's JSON body as one
//! line on CMD's stdin; CMD writes one answer line per event on its stdout, in the order the
//! events came: `ok` acks, `retry [reason]` naks for redelivery after the backoff (dead-lettered
//! as retries-exhausted on the last delivery), `dead [reason]` dead-letters at once. Up to
//! `--concurrency` events are in the pipe unanswered at a time.
//!
//! Nothing is acked that CMD did not answer `ok`: when CMD exits, closes its stdout, or breaks
//! the protocol (an unknown answer, or a line longer than [`MAX_ANSWER`]), every unanswered
//! event is nak'ed (it comes back), the process is killed, and `evt consume` stops with an
//! error naming what happened.

use std::collections::VecDeque;
use std::process::Stdio;
use std::sync::{Arc, Mutex};

use evt::event::Event;
use evt::subscriber::HandlerError;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin, ChildStdout};
use tokio::sync::{mpsc, oneshot, watch};

/// Longest answer line accepted, newline excluded: a reason is a short text, and a
/// process writing something else on stdout (a log, a dump) is found out at once.
pub const MAX_ANSWER: usize = 4096;

/// What CMD said about one event, or why it could not.
type Answer = Result<(), HandlerError>;

struct Job {
    line: Vec<u8>,
    answer: oneshot::Sender<Answer>,
}

/// Handle on the running command; cheap to clone into the handler.
#[derive(Clone)]
pub struct BatchExec {
    jobs: mpsc::Sender<Job>,
    /// Set once, with the reason, when the command can take no more events.
    failed: watch::Receiver<Option<String>>,
}

/// Owned by `evt consume`: ends the command when consuming stops.
pub struct BatchProcess {
    child: Child,
    writer: tokio::task::JoinHandle<()>,
    reader: tokio::task::JoinHandle<()>,
}

/// Answers owed, oldest first.
type Pending = Arc<Mutex<VecDeque<oneshot::Sender<Answer>>>>;

/// Start `sh -c cmd` with piped stdin and stdout (stderr is evt's).
pub fn spawn(
    cmd: &str,
    stream: &str,
    durable: &str,
    in_flight: usize,
) -> anyhow::Result<(BatchExec, BatchProcess)> {
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .env("EVT_STREAM", stream)
        .env("EVT_DURABLE", durable)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| anyhow::anyhow!("cannot start --exec-batch sh -c '{cmd}': {e}"))?;
    let stdin = child.stdin.take().expect("stdin is piped");
    let stdout = child.stdout.take().expect("stdout is piped");
    let (jobs_tx, jobs_rx) = mpsc::channel(in_flight.max(1));
    let (fail_tx, fail_rx) = watch::channel(None);
    let fail_tx = Arc::new(fail_tx);
    let pending: Pending = Arc::default();
    let writer = tokio::spawn(write_events(
        stdin,
        jobs_rx,
        pending.clone(),
        fail_tx.clone(),
    ));
    let reader = tokio::spawn(read_answers(stdout, pending, fail_tx));
    Ok((
        BatchExec {
            jobs: jobs_tx,
            failed: fail_rx,
        },
        BatchProcess {
            child,
            writer,
            reader,
        },
    ))
}

impl BatchExec {
    /// Hand one event to the command and wait for its answer.
    pub async fn handle(&self, e: Event) -> Answer {
        if let Some(why) = self.failure() {
            return Err(unanswered(&why));
        }
        let mut line = serde_json::to_vec(&e).map_err(HandlerError::fatal)?;
        line.push(b'\n');
        let (tx, rx) = oneshot::channel();
        if self.jobs.send(Job { line, answer: tx }).await.is_err() {
            return Err(unanswered(&self.failure().unwrap_or_default()));
        }
        rx.await
            .unwrap_or_else(|_| Err(unanswered(&self.failure().unwrap_or_default())))
    }

    /// Why the command can take no more events, once that is so.
    pub fn failure(&self) -> Option<String> {
        self.failed.borrow().clone()
    }
}

impl BatchProcess {
    /// After consuming stopped: close CMD's stdin so it can finish, and wait for it (killed
    /// after `grace`). Returns its exit status text when it did not exit 0.
    pub async fn finish(mut self, grace: std::time::Duration) -> Option<String> {
        self.writer.abort();
        let _ = self.writer.await;
        let status = match tokio::time::timeout(grace, self.child.wait()).await {
            Ok(Ok(s)) => s,
            Ok(Err(e)) => return Some(format!("waiting for it failed: {e}")),
            Err(_) => {
                let _ = self.child.kill().await;
                return Some(format!(
                    "still running {grace:?} after its stdin closed; killed"
                ));
            }
        };
        self.reader.abort();
        (!status.success()).then(|| status.to_string())
    }
}

fn unanswered(why: &str) -> HandlerError {
    // A retry: the event is nak'ed and comes back, to this command once restarted or to
    // another consumer of the durable.
    HandlerError::retry(format!("--exec-batch command gave no answer: {why}"))
}

/// Fail every answer still owed, and say why once.
fn fail_all(pending: &Pending, fail: &watch::Sender<Option<String>>, why: String) {
    fail.send_if_modified(|v| {
        if v.is_none() {
            *v = Some(why.clone());
            true
        } else {
            false
        }
    });
    let owed: Vec<_> = pending
        .lock()
        .map(|mut p| p.drain(..).collect())
        .unwrap_or_default();
    for tx in owed {
        let _ = tx.send(Err(unanswered(&why)));
    }
}

async fn write_events(
    mut stdin: ChildStdin,
    mut jobs: mpsc::Receiver<Job>,
    pending: Pending,
    fail: Arc<watch::Sender<Option<String>>>,
) {
    while let Some(job) = jobs.recv().await {
        if fail.borrow().is_some() {
            let _ = job.answer.send(Err(unanswered("the command is gone")));
            continue;
        }
        // Owed before written: the answer can only come after the line is out.
        if let Ok(mut p) = pending.lock() {
            p.push_back(job.answer);
        }
        // Write what is queued behind it too, then flush once.
        let mut result = stdin.write_all(&job.line).await;
        while result.is_ok() {
            match jobs.try_recv() {
                Ok(next) => {
                    if let Ok(mut p) = pending.lock() {
                        p.push_back(next.answer);
                    }
                    result = stdin.write_all(&next.line).await;
                }
                Err(_) => break,
            }
        }
        if let Err(e) = result.and(stdin.flush().await) {
            fail_all(&pending, &fail, format!("writing to its stdin failed: {e}"));
        }
    }
}

async fn read_answers(
    stdout: ChildStdout,
    pending: Pending,
    fail: Arc<watch::Sender<Option<String>>>,
) {
    let mut lines = BufReader::new(stdout);
    let mut buf = Vec::with_capacity(128);
    let mut answered: u64 = 0;
    loop {
        buf.clear();
        let read = (&mut lines)
            .take(MAX_ANSWER as u64 + 2)
            .read_until(b'\n', &mut buf)
            .await;
        let why = match read {
            Ok(0) => Some(format!(
                "it closed its stdout (exited?) after {answered} answers"
            )),
            Err(e) => Some(format!("reading its stdout failed: {e}")),
            Ok(_) if buf.last() != Some(&b'\n') => Some(format!(
                "answer {} is longer than {MAX_ANSWER} bytes or unterminated",
                answered + 1
            )),
            Ok(_) => None,
        };
        if let Some(why) = why {
            fail_all(&pending, &fail, why);
            return;
        }
        let answer = match parse_answer(&buf) {
            Ok(a) => a,
            Err(why) => {
                fail_all(
                    &pending,
                    &fail,
                    format!("answer {} is not ok/retry/dead: {why}", answered + 1),
                );
                return;
            }
        };
        let Some(tx) = pending.lock().ok().and_then(|mut p| p.pop_front()) else {
            fail_all(
                &pending,
                &fail,
                format!("answer {} came for no event: {}", answered + 1, shown(&buf)),
            );
            return;
        };
        answered += 1;
        let _ = tx.send(answer);
    }
}

fn shown(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(line);
    let text = text.trim_end();
    let cut: String = text.chars().take(80).collect();
    format!("'{cut}'")
}

/// `ok`, `retry [reason]` or `dead [reason]`, surrounding blanks ignored.
pub fn parse_answer(line: &[u8]) -> Result<Answer, String> {
    let text = std::str::from_utf8(line).map_err(|_| format!("{} is not UTF-8", shown(line)))?;
    let text = text.trim();
    let (word, reason) = match text.split_once(char::is_whitespace) {
        Some((w, r)) => (w, r.trim()),
        None => (text, ""),
    };
    let reason = |default: &str| {
        if reason.is_empty() {
            default.to_string()
        } else {
            reason.to_string()
        }
    };
    match word {
        "ok" if reason("").is_empty() => Ok(Ok(())),
        "retry" => Ok(Err(HandlerError::retry(reason(
            "--exec-batch command answered retry",
        )))),
        "dead" => Ok(Err(HandlerError::fatal(reason(
            "--exec-batch command answered dead",
        )))),
        _ => Err(shown(line)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_parse_and_anything_else_is_refused() {
        assert!(matches!(parse_answer(b"ok\n"), Ok(Ok(()))));
        assert!(matches!(parse_answer(b"  ok \r\n"), Ok(Ok(()))));
        match parse_answer(b"retry db busy\n") {
            Ok(Err(HandlerError::Retry { reason, .. })) => assert_eq!(reason, "db busy"),
            other => panic!("{other:?}"),
        }
        match parse_answer(b"dead bad price\n") {
            Ok(Err(HandlerError::Fatal { reason })) => assert_eq!(reason, "bad price"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse_answer(b"dead\n"),
            Ok(Err(HandlerError::Fatal { .. }))
        ));
        for bad in [
            &b"okay\n"[..],
            b"ok but\n",
            b"\n",
            b"{\"ok\":true}\n",
            b"\xff\n",
        ] {
            assert!(parse_answer(bad).is_err(), "{bad:?}");
        }
    }
}

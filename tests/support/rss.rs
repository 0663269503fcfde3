//! Peak memory of an `evt` child, read by the kernel's own accounting: `VmHWM` from
//! `/proc/<pid>/status` polled while it runs, and at exit the `ru_maxrss` that GNU time
//! (`/usr/bin/time -f %M`) gets from `wait4` on it. The peak is the larger of the two.
//!
//! Why through `time`: Rust spawns with `vfork`, and at `exec` the kernel records the
//! high-water mark of the mm the child leaves, which is this test process's. So `wait4`'s
//! `ru_maxrss` for a direct child is at least this (multi-threaded, shared) test process's own
//! peak, and a measurement would fail whenever another test had made it large. `time` is a
//! small fresh process that *forks* `evt`: the mm `evt` leaves at `exec` is a copy of `time`'s,
//! so its `ru_maxrss` is its own. Linux only, like the harness (`apt-get install time`).

use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::Run;

/// A running child whose peak RSS is being watched.
pub struct Measured {
    child: Child,
    /// `time`'s pid; `evt` is its only child.
    pid: i32,
    maxrss_file: tempfile::NamedTempFile,
    peak_kib: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    poller: Option<JoinHandle<()>>,
    out: Option<JoinHandle<String>>,
    err: Option<JoinHandle<String>>,
}

/// A finished run and its peak resident set size.
#[derive(Debug)]
pub struct MeasuredRun {
    pub run: Run,
    pub peak_rss_bytes: u64,
}

impl MeasuredRun {
    pub fn peak_mib(&self) -> f64 {
        self.peak_rss_bytes as f64 / (1024.0 * 1024.0)
    }
}

/// The pid of `parent`'s first child, once it has forked it.
fn child_of(parent: i32) -> Option<i32> {
    let list = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children")).ok()?;
    list.split_whitespace().next()?.parse().ok()
}

/// `cmd` run under `time -f %M -o FILE`, with the same arguments, environment and directory.
fn under_time(cmd: &Command, file: &std::path::Path) -> Command {
    let mut t = Command::new("/usr/bin/time");
    t.arg("-f").arg("%M").arg("-o").arg(file);
    t.arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => t.env(k, v),
            None => t.env_remove(k),
        };
    }
    if let Some(d) = cmd.get_current_dir() {
        t.current_dir(d);
    }
    t
}

fn vm_hwm_kib(pid: i32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

impl Measured {
    /// Spawn `cmd` with piped stdout/stderr (and `stdin` written to it when given).
    pub fn spawn(cmd: Command, stdin: Option<Vec<u8>>) -> Measured {
        match stdin {
            Some(data) => Self::spawn_feeding(cmd, move |pipe| {
                let _ = pipe.write_all(&data);
            }),
            None => Self::spawn_inner(cmd, None),
        }
    }

    /// Spawn `cmd` and run `feed` on a thread with its stdin (closed when `feed` returns),
    /// so a test can stream more input than it would want to hold.
    pub fn spawn_feeding(
        cmd: Command,
        feed: impl FnOnce(&mut std::process::ChildStdin) + Send + 'static,
    ) -> Measured {
        Self::spawn_inner(cmd, Some(Box::new(feed)))
    }

    #[allow(clippy::type_complexity)]
    fn spawn_inner(
        cmd: Command,
        feed: Option<Box<dyn FnOnce(&mut std::process::ChildStdin) + Send>>,
    ) -> Measured {
        let maxrss_file = tempfile::NamedTempFile::new().expect("temp file for time -o");
        assert!(
            std::path::Path::new("/usr/bin/time").exists(),
            "the RSS probe needs GNU time: apt-get install -y time"
        );
        let mut cmd = under_time(&cmd, maxrss_file.path());
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        if feed.is_some() {
            cmd.stdin(Stdio::piped());
        }
        let mut child = cmd.spawn().expect("spawn evt");
        let pid = child.id() as i32;
        if let Some(feed) = feed {
            let mut pipe = child.stdin.take().expect("stdin");
            std::thread::spawn(move || feed(&mut pipe));
        }
        let read = |mut r: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = r.read_to_end(&mut buf);
                String::from_utf8_lossy(&buf).into_owned()
            })
        };
        let out = read(Box::new(child.stdout.take().expect("stdout")));
        let err = read(Box::new(child.stderr.take().expect("stderr")));
        let peak_kib = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let poller = {
            let (peak, stop) = (peak_kib.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(k) = child_of(pid).and_then(vm_hwm_kib) {
                        peak.fetch_max(k, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        };
        Measured {
            child,
            pid,
            maxrss_file,
            peak_kib,
            stop,
            poller: Some(poller),
            out: Some(out),
            err: Some(err),
        }
    }

    /// Send SIGINT (what Ctrl-C sends) to `evt` (`time` ignores it while it waits).
    pub fn interrupt(&self) {
        if let Some(pid) = child_of(self.pid) {
            // SAFETY: kill(2) on a pid read from our own child's children list.
            unsafe {
                libc::kill(pid, libc::SIGINT);
            }
        }
    }

    /// Wait for the exit (killing `evt` after `timeout`, which fails the test) and return its
    /// output and peak RSS: the larger of the polled VmHWM and time's ru_maxrss.
    pub fn wait(mut self, timeout: Duration) -> MeasuredRun {
        let deadline = Instant::now() + timeout;
        let mut killed = false;
        let status = loop {
            if let Some(s) = self.child.try_wait().expect("wait for time") {
                break s;
            }
            if let Some(k) = child_of(self.pid).and_then(vm_hwm_kib) {
                self.peak_kib.fetch_max(k, Ordering::Relaxed);
            }
            if !killed && Instant::now() > deadline {
                if let Some(pid) = child_of(self.pid) {
                    // SAFETY: kill(2) on a pid read from our own child's children list.
                    unsafe {
                        libc::kill(pid, libc::SIGKILL);
                    }
                }
                let _ = self.child.kill();
                killed = true;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        // `time` exits with evt's code; a signal shows as 128 + its number.
        let status = match status.code() {
            Some(c) if c > 128 => ExitStatus::from_raw(c - 128),
            _ => status,
        };
        let maxrss_kib = std::fs::read_to_string(self.maxrss_file.path())
            .ok()
            .and_then(|t| t.lines().last().and_then(|l| l.trim().parse::<u64>().ok()))
            .unwrap_or(0);
        self.stop.store(true, Ordering::Relaxed);
        if let Some(p) = self.poller.take() {
            let _ = p.join();
        }
        let stdout = self
            .out
            .take()
            .map(|t| t.join().unwrap_or_default())
            .unwrap_or_default();
        let stderr = self
            .err
            .take()
            .map(|t| t.join().unwrap_or_default())
            .unwrap_or_default();
        assert!(
            !killed,
            "evt did not finish within {timeout:?} (killed)\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        let peak_kib = self.peak_kib.load(Ordering::Relaxed).max(maxrss_kib);
        MeasuredRun {
            run: Run {
                status,
                stdout,
                stderr,
            },
            peak_rss_bytes: peak_kib * 1024,
        }
    }
}

/// Run `cmd` to completion under `timeout`, measuring its peak RSS.
pub fn run_measured(cmd: Command, stdin: Option<Vec<u8>>, timeout: Duration) -> MeasuredRun {
    Measured::spawn(cmd, stdin).wait(timeout)
}

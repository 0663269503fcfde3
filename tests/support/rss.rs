//! Peak memory of an `evt` child: `VmHWM` from `/proc/<pid>/status` polled while it runs, and
//! `ru_maxrss` from `wait4` on that exact pid when it exits (so a short peak between two polls,
//! or a process that ends before the first, is not missed). Linux only, like the harness.
//!
//! `ru_maxrss` is an upper bound, never an under-count: Rust spawns with `vfork`, so at `exec`
//! the kernel records the high-water mark of the mm the child leaves, which is this test
//! process's. A test that makes the test process itself large (say, parsing megabytes of
//! child output into `Value`s) inflates every later measurement in the process: keep such
//! data small, or the probe fails tests falsely (it cannot pass them falsely).

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
    pid: i32,
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
        mut cmd: Command,
        feed: Option<Box<dyn FnOnce(&mut std::process::ChildStdin) + Send>>,
    ) -> Measured {
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
                    if let Some(k) = vm_hwm_kib(pid) {
                        peak.fetch_max(k, Ordering::Relaxed);
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        };
        Measured {
            child,
            pid,
            peak_kib,
            stop,
            poller: Some(poller),
            out: Some(out),
            err: Some(err),
        }
    }

    /// Send SIGINT (what Ctrl-C sends).
    pub fn interrupt(&self) {
        // SAFETY: kill(2) on the pid of our own child, which is not reaped before `wait`.
        unsafe {
            libc::kill(self.pid, libc::SIGINT);
        }
    }

    /// Wait for the exit (killing the child after `timeout`, which fails the test) and
    /// return its output and peak RSS: the larger of the polled VmHWM and wait4's ru_maxrss.
    pub fn wait(mut self, timeout: Duration) -> MeasuredRun {
        let deadline = Instant::now() + timeout;
        let mut killed = false;
        let (status, maxrss_kib) = loop {
            let mut status: libc::c_int = 0;
            // SAFETY: an all-zero rusage is a valid value; wait4 fills it for our child.
            let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
            // SAFETY: valid pointers to locals; WNOHANG never blocks.
            let r = unsafe { libc::wait4(self.pid, &mut status, libc::WNOHANG, &mut usage) };
            if r == self.pid {
                // ru_maxrss is in KiB on Linux.
                break (ExitStatus::from_raw(status), usage.ru_maxrss.max(0) as u64);
            }
            assert!(r == 0, "wait4 failed: {}", std::io::Error::last_os_error());
            if let Some(k) = vm_hwm_kib(self.pid) {
                self.peak_kib.fetch_max(k, Ordering::Relaxed);
            }
            if !killed && Instant::now() > deadline {
                let _ = self.child.kill();
                killed = true;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
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

//! Test support: real servers (see `server`) and a runner for the `evt` binary that isolates
//! it from the developer's environment (no NATS_* variables, no natscli contexts) and bounds
//! how long it may run.
#![allow(dead_code)]

pub mod rss;
pub mod server;

use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub use server::{free_port, NatsCluster, NatsServer, ServerConfig};

/// What one `evt` run produced.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.status.code().unwrap_or(-1)
    }

    /// Panics with both streams when the command did not exit 0.
    pub fn ok(self) -> Run {
        assert!(
            self.status.success(),
            "evt failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            self.status,
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn stdout_lines(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect()
    }
}

/// A command for the evt binary with a clean environment and a private HOME.
pub fn evt_cmd(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_evt"));
    for (k, _) in std::env::vars() {
        if k.starts_with("NATS_") || k.starts_with("EVT_") {
            c.env_remove(k);
        }
    }
    c.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

/// A command for the evt binary pointed at `server`.
pub fn evt(server: &NatsServer) -> Command {
    let mut c = evt_cmd(server.dir.path());
    c.arg("-s").arg(server.url());
    c
}

/// Run with optional stdin, killing the process if it outlives `timeout`.
pub fn run_with(mut cmd: Command, stdin: Option<&[u8]>, timeout: Duration) -> Run {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    if stdin.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("spawn evt");
    if let Some(input) = stdin {
        let mut pipe = child.stdin.take().expect("stdin");
        let data = input.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&data);
        });
    }
    let out_pipe = child.stdout.take().expect("stdout");
    let err_pipe = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || read_all(out_pipe));
    let err_t = std::thread::spawn(move || read_all(err_pipe));
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait evt") {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let s = child.wait().expect("wait evt");
            let stdout = out_t.join().unwrap_or_default();
            let stderr = err_t.join().unwrap_or_default();
            panic!("evt did not finish within {timeout:?} (killed, {s:?})\nstdout:\n{stdout}\nstderr:\n{stderr}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        status,
        stdout: out_t.join().unwrap_or_default(),
        stderr: err_t.join().unwrap_or_default(),
    }
}

fn read_all(mut r: impl std::io::Read) -> String {
    let mut buf = Vec::new();
    let _ = r.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// Run with a 60 s bound and no stdin.
pub fn run(cmd: Command) -> Run {
    run_with(cmd, None, Duration::from_secs(60))
}

/// A name unique within this test process, for streams, consumers and subjects.
pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A tokio runtime for tests that use the library directly.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Connect the library's bus to a test server.
pub async fn bus(url: &str) -> evt::bus::Bus {
    let opts = evt::bus::ConnectOptions {
        url: url.to_string(),
        ..Default::default()
    };
    evt::bus::Bus::connect(&opts)
        .await
        .expect("connect to test server")
}

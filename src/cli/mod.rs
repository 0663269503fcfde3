//! Command-line layer: clap types, dispatch, printing. Library calls only; no NATS here
//! except through `evt::bus` and the modules above it.

pub mod check;
pub mod completions;
pub mod consume;
pub mod denied;
pub mod dlq;
pub mod docs;
pub mod exec_batch;
pub mod exit;
pub mod global;
pub mod hint;
pub mod logging;
pub mod output;
pub mod permissions;
pub mod ping;
pub mod publish;
pub mod report;
pub mod schemas;
pub mod signal;
pub mod streams;
pub mod tail;

use clap::{Parser, Subcommand};

pub use global::GlobalArgs;

/// Typed events on NATS JetStream: streams as code, publish, tail, dead letters.
#[derive(Debug, Parser)]
#[command(
    name = "evt",
    version,
    about,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Publish one typed event, or a file of them (NDJSON or JSON array), validated and acked.
    Publish(publish::Args),
    /// Follow a subject like `tail -f`, optionally decoding typed events.
    Tail(tail::Args),
    /// List, show and validate event schemas.
    #[command(subcommand)]
    Schemas(schemas::Command),
    /// Streams as code: validate, plan, apply, export, ls.
    #[command(subcommand)]
    Streams(streams::Command),
    /// Consume through a durable consumer, as declared or ad hoc (`--exec CMD` per event).
    Consume(consume::Args),
    /// Dead letters: ls, show, replay, purge.
    #[command(subcommand)]
    Dlq(dlq::Command),
    /// Monitoring checks of the declared streams, consumers and DLQs (Nagios exit codes).
    Check(check::Args),
    /// One table of the declared streams and consumers: lag, ack pending, DLQ depth, drift.
    Report(report::Args),
    /// Check the connection: server, version, round trip, JetStream.
    Ping(ping::Args),
    /// Print shell completions (bash, zsh, fish, elvish, powershell).
    Completions(completions::Args),
    /// Generated documentation: `asyncapi` (AsyncAPI 3.0 of streams and schemas).
    #[command(subcommand)]
    Docs(docs::Command),
    /// Least-privilege nats-server permissions for a role, derived from the declared streams.
    Permissions(permissions::Args),
}

/// Run the parsed command and turn its outcome into an exit code.
pub async fn run(cli: Cli) -> u8 {
    let interrupt = signal::Interrupt::install();
    let since = std::time::Instant::now();
    let name = command_name(&cli.command);
    let work = async {
        match cli.command {
            Command::Publish(a) => publish::run(&cli.global, a, &interrupt).await,
            Command::Tail(a) => tail::run(&cli.global, a, &interrupt).await,
            Command::Schemas(c) => schemas::run(&cli.global, c).await,
            Command::Streams(c) => streams::run(&cli.global, c, &interrupt).await,
            Command::Consume(a) => consume::run(&cli.global, a, &interrupt).await,
            Command::Dlq(c) => dlq::run(&cli.global, c, &interrupt).await,
            Command::Check(a) => check::run(&cli.global, a).await,
            Command::Report(a) => report::run(&cli.global, a, &interrupt).await,
            Command::Ping(a) => ping::run(&cli.global, a).await,
            Command::Completions(a) => completions::run(a),
            Command::Permissions(a) => permissions::run(a),
            Command::Docs(c) => docs::run(&cli.global, c).await,
        }
    };
    let result = tokio::select! {
        r = work => r,
        e = denied::first(name, since) => Err(e),
    };
    match result {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => exit::OK,
        Err(e) => {
            output::print_error(&e);
            match (denied::is_denial(&e), name) {
                // Nagios reads "could not be checked" as UNKNOWN.
                (true, "check") => 3,
                (true, _) => exit::PERMISSION_DENIED,
                (false, _) => exit::ERROR,
            }
        }
    }
}

/// The command's name as the user typed it, for messages.
fn command_name(c: &Command) -> &'static str {
    match c {
        Command::Publish(_) => "publish",
        Command::Tail(_) => "tail",
        Command::Schemas(_) => "schemas",
        Command::Streams(_) => "streams",
        Command::Consume(_) => "consume",
        Command::Dlq(_) => "dlq",
        Command::Check(_) => "check",
        Command::Report(_) => "report",
        Command::Ping(_) => "ping",
        Command::Completions(_) => "completions",
        Command::Permissions(_) => "permissions",
        Command::Docs(_) => "docs",
    }
}

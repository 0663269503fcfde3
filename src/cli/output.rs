//! Printing helpers shared by subcommands: errors as one line, broken pipes as silence.

use std::io;

/// True when the error chain bottoms out in EPIPE: the reader (`head`, `less`) went away.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// `evt: <error>: <cause>: <cause> (<hint>)` on one line of stderr; the hint names the flag
/// that helps, when the CLI knows one for the error (see `hint`).
pub fn print_error(e: &anyhow::Error) {
    let mut line = String::from("evt: ");
    let mut first = true;
    for cause in e.chain() {
        let text = cause.to_string();
        if !first {
            if line.contains(&text) {
                continue;
            }
            line.push_str(": ");
        }
        line.push_str(&text);
        first = false;
    }
    if let Some(hint) = super::hint::for_chain(e.chain()) {
        line.push_str(&format!(" ({hint})"));
    }
    eprintln!("{}", line.replace('\n', " "));
}

/// `-o text|json` for data commands; JSON is one object per line where there are many.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

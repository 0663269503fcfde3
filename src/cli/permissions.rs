//! `evt permissions [PATH]... --role ROLE`: print least-privilege nats-server permissions.

use std::path::PathBuf;

use anyhow::bail;
use clap::ValueEnum;
use evt::permissions::{derive, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Publishes to the subjects given with --subject.
    Publisher,
    /// A handler bound to the declared durable given with --durable, with its DLQ wiring.
    Service,
    /// Reads the declared streams with `evt tail`.
    Reader,
    /// Runs `evt streams apply` and `evt dlq replay`.
    Operator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A nats-server `permissions` block.
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories of *.yaml (default: streams/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum)]
    pub role: RoleArg,
    /// Subject a publisher may publish to (repeat for several; wildcards allowed).
    #[arg(long = "subject", value_name = "SUBJECT")]
    pub subjects: Vec<String>,
    /// The declared durable a service is bound to.
    #[arg(long, value_name = "NAME")]
    pub durable: Option<String>,
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

pub fn run(a: Args) -> anyhow::Result<u8> {
    let spec = match super::streams::load_valid(&super::streams::paths_or_default(a.paths)) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let role = match a.role {
        RoleArg::Publisher => Role::Publisher {
            subjects: a.subjects,
        },
        RoleArg::Service => match a.durable {
            Some(durable) => Role::Service { durable },
            None => bail!("--role service needs --durable NAME"),
        },
        RoleArg::Reader => Role::Reader,
        RoleArg::Operator => Role::Operator,
    };
    let p = derive(&spec, &role)?;
    match a.output {
        Format::Text => print!("{}", p.to_config()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&p)?),
    }
    Ok(super::exit::OK)
}

//! `evt docs asyncapi`: an AsyncAPI 3.0 document of the declared streams and the schemas.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use evt::streams::Spec;

use super::{exit, GlobalArgs};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print an AsyncAPI 3.0 document: a channel per stream subject, a message per event type
    /// (payload schema and the wire headers), a receive operation per declared consumer with
    /// its NATS binding. Schemas: built-in plus --schemas DIR.
    Asyncapi(AsyncapiArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    Yaml,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct AsyncapiArgs {
    /// Spec files or directories of *.yaml (default: streams/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The document's info.title.
    #[arg(long, default_value = "evt event system")]
    pub title: String,
    /// The document's info.version.
    #[arg(long = "doc-version", value_name = "VERSION", default_value = "1.0.0")]
    pub doc_version: String,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = DocFormat::Yaml)]
    pub output: DocFormat,
}

pub async fn run(g: &GlobalArgs, c: Command) -> anyhow::Result<u8> {
    let Command::Asyncapi(a) = c;
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from("streams")]
    } else {
        a.paths.clone()
    };
    let spec = Spec::load(&paths)?;
    let registry = g.schema_registry()?;
    let doc = evt::schema::asyncapi::document(&spec, &registry, &a.title, &a.doc_version);
    let text = match a.output {
        DocFormat::Json => serde_json::to_string_pretty(&doc)? + "\n",
        DocFormat::Yaml => serde_saphyr::to_string(&doc).context("writing YAML")?,
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(exit::OK)
}

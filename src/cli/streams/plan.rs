//! `evt streams plan`: what apply would change, classified.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use evt::streams::plan::{show, Class, Kind, Note, Plan, PlanOptions};
use evt::streams::{live, normalize, plan as planner, Spec};

use super::super::{exit, output::Format, GlobalArgs};

/// Show what `apply` would change on the server, each change classified: create, in place,
/// one-way, needs recreation, refused by this server.
///
/// Exit 0: nothing to do. 2: changes pending. 3: a destructive change (recreate, prune) is
/// pending. 1: error, or a change the server would refuse.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Spec files or directories of *.yaml (default: streams/).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Also plan deleting evt-managed streams and consumers that are no longer declared.
    #[arg(long)]
    pub prune: bool,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
}

/// Load, validate, connect, fetch, plan: shared with `apply`.
pub async fn compute(
    g: &GlobalArgs,
    paths: Vec<PathBuf>,
    prune: bool,
) -> anyhow::Result<Result<(evt::bus::Bus, Plan, Spec), u8>> {
    let paths = super::paths_or_default(paths);
    let spec = match super::load_valid(&paths) {
        Ok(s) => s,
        Err(code) => return Ok(Err(code)),
    };
    let (bus, version) = super::connect(g).await?;
    let desired = normalize::desired(&spec);
    let names: HashSet<String> = desired.iter().map(|d| d.spec.name().to_string()).collect();
    let live = live::fetch(bus.jetstream(), &version, Some(&names))
        .await
        .map_err(super::report)?;
    let plan = planner::plan(&desired, &live, PlanOptions { prune });
    Ok(Ok((bus, plan, spec)))
}

pub async fn run(g: &GlobalArgs, args: Args) -> anyhow::Result<u8> {
    let (bus, plan, _) = match compute(g, args.paths, args.prune).await? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let mut out = std::io::stdout().lock();
    print_plan(&mut out, &plan, args.output)?;
    drop(out);
    super::plan::print_notes(&plan);
    let _ = bus.drain().await;
    Ok(exit_code(&plan))
}

pub fn exit_code(plan: &Plan) -> u8 {
    if plan.refused().next().is_some() {
        for a in plan.refused() {
            for c in a.changes.iter().filter(|c| c.class == Class::Refused) {
                eprintln!(
                    "evt: {}: refused: {}",
                    a.target,
                    c.note.as_deref().unwrap_or(&c.field)
                );
            }
        }
        exit::ERROR
    } else if plan.has_destructive() {
        exit::DESTRUCTIVE
    } else if !plan.is_empty() {
        exit::USAGE_OR_CHANGES
    } else {
        exit::OK
    }
}

fn kind_word(k: Kind) -> &'static str {
    match k {
        Kind::Create => "create",
        Kind::Update => "update",
        Kind::Recreate => "RECREATE",
        Kind::Delete => "DELETE",
        Kind::Refused => "REFUSED",
    }
}

fn class_word(c: Class) -> &'static str {
    match c {
        Class::Create => "create",
        Class::InPlace => "in place",
        Class::OneWay => "one-way",
        Class::Recreate => "needs recreation",
        Class::Delete => "delete",
        Class::Refused => "refused",
    }
}

/// The plan as a table (text) or one JSON document.
/// The plan's notes on stderr, with the flag that acts on them.
pub fn print_notes(plan: &Plan) {
    for n in &plan.notes {
        match n {
            Note::Undeclared(_) => eprintln!("evt: note: {n} (use --prune to delete it)"),
            _ => eprintln!("evt: note: {n}"),
        }
    }
}

pub fn print_plan(out: &mut impl Write, plan: &Plan, format: Format) -> anyhow::Result<()> {
    if format == Format::Json {
        let v = serde_json::json!({
            "server_version": plan.server_version,
            "changes_pending": !plan.is_empty(),
            "destructive": plan.has_destructive(),
            "refused": plan.refused().count() > 0,
            "actions": plan.actions,
            "notes": plan.notes,
        });
        writeln!(out, "{v}")?;
        return Ok(());
    }
    if plan.is_empty() {
        writeln!(out, "no changes: the server matches the spec")?;
        return Ok(());
    }
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(vec!["action", "target", "field", "from", "to", "class"]);
    if t.width().is_none() {
        t.set_width(160);
    }
    for a in &plan.actions {
        let target = match a.role {
            Some(r) => format!("{} ({r})", a.target),
            None => a.target.to_string(),
        };
        if a.kind == Kind::Create {
            let summary: Vec<String> = a
                .changes
                .iter()
                .filter(|c| c.class == Class::Create)
                .filter(|c| {
                    matches!(
                        c.field.as_str(),
                        "subjects"
                            | "filter_subjects"
                            | "retention"
                            | "storage"
                            | "num_replicas"
                            | "dlq"
                    )
                })
                .map(|c| match &c.to {
                    Some(serde_json::Value::Array(a)) if a.len() > 3 => {
                        format!("{}=({} entries)", c.field, a.len())
                    }
                    _ => format!("{}={}", c.field, show(&c.to)),
                })
                .collect();
            t.add_row(vec![
                kind_word(a.kind).to_string(),
                target,
                "(new)".into(),
                "-".into(),
                summary.join(" "),
                "create".into(),
            ]);
            continue;
        }
        for (i, c) in a.changes.iter().enumerate() {
            let mut class = class_word(c.class).to_string();
            if let Some(n) = &c.note {
                class = format!("{class}: {n}");
            }
            if c.class == Class::Delete && a.messages > 0 {
                class = format!("{class} ({} messages)", a.messages);
            }
            t.add_row(vec![
                if i == 0 {
                    kind_word(a.kind).to_string()
                } else {
                    String::new()
                },
                if i == 0 {
                    target.clone()
                } else {
                    String::new()
                },
                c.field.clone(),
                show(&c.from),
                show(&c.to),
                class,
            ]);
        }
    }
    writeln!(out, "{t}")?;
    let count = |k: Kind| plan.actions.iter().filter(|a| a.kind == k).count();
    writeln!(
        out,
        "plan: {} to create, {} to update, {} to recreate, {} to delete, {} refused",
        count(Kind::Create),
        count(Kind::Update),
        count(Kind::Recreate),
        count(Kind::Delete),
        count(Kind::Refused)
    )?;
    Ok(())
}

//! `handbok diff`: what changed between two revisions of the guide, entry by
//! entry and word by word.

pub mod compare;
pub mod entries;
pub mod render;
pub mod source;
pub mod words;

use crate::Error;
use compare::{diff, Options};
use source::{load_sides, Side};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Old side: a content folder or file, or a git revision (default HEAD).
    pub old: Option<String>,
    /// New side: a folder, file or revision (default: the working tree).
    pub new: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Only count the changes per page.
    #[arg(long)]
    pub stat: bool,
    /// Exit 1 when there are differences, like `git diff --exit-code`.
    #[arg(long)]
    pub exit_code: bool,
    /// Leave out changes that touch only white space [default: `[diff]
    /// ignore-whitespace` in handbok.toml].
    #[arg(long)]
    pub ignore_whitespace: bool,
    /// The content folder within the repository, for revisions [default:
    /// `[diff] path`, else content].
    #[arg(long)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
    Html,
}

pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let old = args
        .old
        .as_deref()
        .map_or(Side::Rev("HEAD".into()), Side::from_arg);
    let new = match (&args.old, &args.new) {
        (_, Some(n)) => Side::from_arg(n),
        (Some(_), None) if matches!(old, Side::Folder(_) | Side::File(_)) => {
            return Err(Error::new("give the folder or file to compare with"));
        }
        _ => Side::WorkTree,
    };
    // handbok.toml's `[load]` limits hold for the content on both sides.
    let config = crate::lint::config::Config::find(Path::new("."))?;
    let path = args
        .path
        .clone()
        .or_else(|| config.diff.path.clone())
        .unwrap_or_else(|| PathBuf::from("content"));
    let (old_content, new_content) = load_sides(&old, &new, &path)?;
    // Say which side a broken file is on: the same path may load on one
    // side and not on the other.
    let side_of = |label: &str, side: &Side, content: &crate::load::Content| -> Vec<String> {
        content
            .diagnostics
            .iter()
            .filter(|d| matches!(d.rule, "parse-error" | "schema-violation"))
            .map(|d| {
                format!(
                    "{label} side ({}): {}:{}:{}: {}",
                    side.name(),
                    d.path,
                    d.line,
                    d.column,
                    d.message
                )
            })
            .collect()
    };
    let mut broken = side_of("old", &old, &old_content);
    broken.extend(side_of("new", &new, &new_content));
    if !broken.is_empty() {
        return Err(Error::new(format!(
            "cannot compare files that do not load:\n  {}",
            broken.join("\n  ")
        )));
    }
    let changes = diff(
        &old_content.pages,
        &new_content.pages,
        Options {
            ignore_whitespace: args.ignore_whitespace
                || config.diff.ignore_whitespace == Some(true),
        },
    );
    let (o, n) = (old.name(), new.name());
    let lix = readability(&changes, &old_content, &new_content);
    let text = match args.format {
        Format::Text => {
            let style = crate::diag::Style {
                color: crate::out::stdout_color(),
            };
            render::text(&changes, &lix, args.stat, style)
        }
        Format::Json => render::json(&changes, &lix) + "\n",
        Format::Markdown => render::markdown(&changes, &lix, &o, &n),
        Format::Html => render::html(&changes, &lix, &o, &n),
    };
    crate::out::stdout(&text)?;
    Ok(if args.exit_code && !changes.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// LIX before and after of every page with a change.
pub fn readability(
    changes: &[compare::Change],
    old: &crate::load::Content,
    new: &crate::load::Content,
) -> render::Readability {
    let lix = |content: &crate::load::Content, id: &str| {
        content
            .page(id)
            .map(crate::lang::page_lix)
            .filter(|l| l.words > 0)
            .map(|l| l.value())
    };
    changes
        .iter()
        .map(|c| (c.page.clone(), (lix(old, &c.page), lix(new, &c.page))))
        .collect()
}

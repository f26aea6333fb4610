//! `handbok diff`: the options and the report; the comparing is
//! [`crate::diff`].

use crate::diff::{self, render, Options, Side};
use crate::workspace::Workspace;
use crate::Error;
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

/// The guide the current folder is in (`.`, `..`, … up to its
/// guide.yaml), else `content`.
fn default_path() -> PathBuf {
    let here = std::env::current_dir().unwrap_or_default();
    let guide = here.ancestors().position(|d| {
        crate::files::read::entry(&d.join(crate::load::GUIDE_FILE))
            != crate::files::read::Entry::Missing
    });
    match guide {
        Some(0) => PathBuf::from("."),
        Some(up) => (0..up).map(|_| "..").collect(),
        None => PathBuf::from("content"),
    }
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
    let config = Workspace::config(Path::new("."), None)?;
    let path = args
        .path
        .clone()
        .or_else(|| config.diff.path.clone())
        .unwrap_or_else(default_path);
    let options = Options {
        ignore_whitespace: args.ignore_whitespace || config.diff.ignore_whitespace == Some(true),
    };
    let found = diff::compare(&old, &new, &path, &config, options)?;
    let (changes, lix) = (&found.changes, &found.lix);
    let (o, n) = (old.name(), new.name());
    let text = match args.format {
        Format::Text => {
            let style = crate::diag::Style {
                color: crate::cli::out::stdout_color(),
            };
            render::text(changes, lix, args.stat, style)
        }
        Format::Json => render::json(changes, lix) + "\n",
        Format::Markdown => render::markdown(changes, lix, &o, &n),
        Format::Html => render::html(changes, lix, &o, &n),
    };
    crate::cli::out::stdout(&text)?;
    Ok(if args.exit_code && !changes.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

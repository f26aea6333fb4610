//! Command-line interface: parse arguments, run a command, map the outcome to
//! an exit code (0 clean, 1 error-level findings, 2 the tool could not run).

use crate::{import, Error};
use clap::{Parser, Subcommand, ValueEnum};
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "handbok",
    version,
    about = "Import, lint, diff and export a structured Swedish handbook"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Turn raw wiki page text into content files.
    Import {
        /// Content folder to write into.
        #[arg(long)]
        out: PathBuf,
        /// Overwrite content files that already exist.
        #[arg(long)]
        force: bool,
        /// The guide's title, for a new guide.yaml (default: the wiki's name,
        /// from the pages' "Från …" line).
        #[arg(long)]
        title: Option<String>,
        /// Raw page text files (UTF-8).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Write the JSON Schemas of the content files, for editors.
    Schemas {
        /// Folder to write them into.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check the content for defects.
    Lint(LintArgs),
    /// List the lint rules.
    Rules,
    /// Show what a lint rule finds, why it matters, and an example.
    Explain {
        /// Rule id, e.g. double-period.
        rule: String,
    },
    /// Compare two revisions of the content, entry by entry and word by word.
    Diff(DiffArgs),
    /// Write the handbook as PDF and EPUB 3.
    Export(ExportArgs),
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Content folder.
    #[arg(default_value = "content")]
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Apply safe fixes to the files.
    #[arg(long)]
    pub fix: bool,
    /// Show the safe fixes as a diff without writing (exit 1 if there are any).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE and exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Settings file (default: the nearest handbok.toml at or above PATH).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Count the findings per rule and list each page's LIX, instead of
    /// listing the findings.
    #[arg(long)]
    pub statistics: bool,
    /// The Swedish Hunspell dictionary: a folder holding sv_SE.aff and
    /// sv_SE.dic, or either file (default: searched, see `handbok explain
    /// spelling`).
    #[arg(long, value_name = "PATH")]
    pub dictionary: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Content folder.
    #[arg(default_value = "content")]
    pub path: PathBuf,
    /// Formats, comma-separated.
    #[arg(long, default_value = "pdf,epub")]
    pub format: String,
    /// Output folder.
    #[arg(long, default_value = "dist")]
    pub out: PathBuf,
    /// Also write one booklet per key area (A5 for PDF).
    #[arg(long, value_name = "area", value_parser = ["area"])]
    pub split: Option<String>,
    /// Export even when the content has error-level findings.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// Old side: a content folder or file, or a git revision (default HEAD).
    pub old: Option<String>,
    /// New side: a folder, file or revision (default: the working tree).
    pub new: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Only count the changes per page.
    #[arg(long)]
    pub stat: bool,
    /// Exit 1 when there are differences, like `git diff --exit-code`.
    #[arg(long)]
    pub exit_code: bool,
    /// Leave out changes that touch only white space.
    #[arg(long)]
    pub ignore_whitespace: bool,
    /// The content folder within the repository, for revisions.
    #[arg(long, default_value = "content")]
    pub path: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
    Markdown,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::tmp::clean_on_signal();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            crate::sayln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Import {
            out,
            force,
            title,
            files,
        } => run_import(&out, &files, &import::Options { force, title }),
        Command::Schemas { out } => run_schemas(&out),
        Command::Lint(args) => crate::lint::run::lint(&args),
        Command::Rules => Ok(crate::lint::run::rules()),
        Command::Explain { rule } => crate::lint::run::explain(&rule),
        Command::Diff(args) => crate::diff::run(&args),
        Command::Export(args) => crate::export::run(&args),
    }
}

fn run_import(
    out: &std::path::Path,
    files: &[PathBuf],
    options: &import::Options,
) -> Result<ExitCode, Error> {
    let outcome = import::run(out, files, options)?;
    let mut err = String::new();
    for r in &outcome.reports {
        let _ = write!(err, "{r}");
    }
    for extra in &outcome.extra {
        let _ = writeln!(err, "wrote {}", out.join(extra).display());
    }
    if !outcome.unlisted.is_empty() {
        let _ = writeln!(
            err,
            "note: guide.yaml does not list {} in `parts`; add them where they belong in the book",
            outcome.unlisted.join(", ")
        );
    }
    let _ = writeln!(
        err,
        "imported {} page(s) into {}",
        outcome.reports.len(),
        out.display()
    );
    let _ = writeln!(err, "{}", next_step(out));
    crate::out::say(&err);
    Ok(ExitCode::SUCCESS)
}

/// What the import leaves to do: the linter's verdict on the folder.
fn next_step(out: &std::path::Path) -> String {
    let command = format!("handbok lint {}", shell_word(&out.display().to_string()));
    let verdict = crate::lint::config::Config::find(out)
        .and_then(|config| crate::lint::run::lint_folder(out, &config));
    match verdict {
        Ok((_, diags)) => {
            let count = |s: crate::diag::Severity| diags.iter().filter(|d| d.severity == s).count();
            let fixable = diags.iter().filter(|d| d.fix.is_some()).count();
            format!(
                "next: {command} — {} error(s), {} warning(s), {fixable} fixable with --fix",
                count(crate::diag::Severity::Error),
                count(crate::diag::Severity::Warning),
            )
        }
        Err(e) => format!("next: {command} ({e})"),
    }
}

/// `word` as one shell word: quoted when it holds anything but plain characters.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+=:,@".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn run_schemas(out: &std::path::Path) -> Result<ExitCode, Error> {
    for (name, text) in crate::load::SCHEMA_FILES {
        let path = out.join(name);
        crate::write::write_atomic(&path, text.as_bytes())
            .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))?;
        crate::sayln!("wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

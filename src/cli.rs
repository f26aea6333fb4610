//! Command-line interface: parse arguments, run a command, map the outcome to
//! an exit code (0 clean, 1 error-level findings, 2 the tool could not run).

use crate::diag::{render_human, Diagnostic, Severity, Style};
use crate::{import, load, Error};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
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
        /// Raw page text files (UTF-8).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check the content for defects.
    Lint {
        /// Content folder.
        #[arg(default_value = "content")]
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Compare two revisions of the content.
    Diff {
        old: Option<String>,
        new: Option<String>,
    },
    /// Write the handbook as PDF and EPUB.
    Export {
        #[arg(default_value = "content")]
        path: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, Error> {
    match command {
        Command::Import { out, force, files } => run_import(&out, &files, force),
        Command::Lint { path, format } => run_lint(&path, format),
        Command::Diff { .. } => Err(not_yet("diff")),
        Command::Export { .. } => Err(not_yet("export")),
    }
}

fn not_yet(command: &str) -> Error {
    Error::new(format!(
        "`handbok {command}` is not yet available in this version; see README.md for the commands that are"
    ))
}

fn run_import(out: &std::path::Path, files: &[PathBuf], force: bool) -> Result<ExitCode, Error> {
    let reports = import::run(out, files, force)?;
    let mut err = std::io::stderr().lock();
    for r in &reports {
        let _ = write!(err, "{r}");
    }
    let _ = writeln!(
        err,
        "imported {} page(s) into {}",
        reports.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_lint(path: &std::path::Path, format: Format) -> Result<ExitCode, Error> {
    let content = load::load(path)?;
    let diags = &content.diagnostics;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let mut out = std::io::stdout().lock();
    let written = match format {
        Format::Json => writeln!(out, "{}", json_report(diags, content.sources.len())),
        Format::Human => {
            let style = Style {
                color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let mut text = String::new();
            for d in diags {
                text.push_str(&render_human(
                    d,
                    content.sources.get(&d.path).map(|s| &**s),
                    style,
                ));
                text.push('\n');
            }
            text.push_str(&format!(
                "{} file(s) checked: {errors} error(s), {} warning(s)\n",
                content.sources.len(),
                diags.len() - errors
            ));
            out.write_all(text.as_bytes())
        }
    };
    written.map_err(|e| Error::new(format!("cannot write output: {e}")))?;
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn json_report(diags: &[Diagnostic], files: usize) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    serde_json::json!({
        "diagnostics": diags,
        "summary": { "files": files, "errors": errors, "warnings": diags.len() - errors },
    })
    .to_string()
}

//! Command-line interface: parse arguments, run a command, map the outcome to
//! an exit code (0 clean, 1 error-level findings, 2 the tool could not run).

mod diff;
pub mod export;
mod init;
mod lint;
pub mod out;
mod serve;

use crate::workspace::CachePlace;
use crate::{import, Error};
use clap::{CommandFactory, Parser, Subcommand};
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
    /// When to colour the output [default: auto, or always when FORCE_COLOR
    /// or CLICOLOR_FORCE is set; never when NO_COLOR is]
    #[arg(long, value_enum, global = true, value_name = "WHEN")]
    pub color: Option<Color>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
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
    Lint(lint::Args),
    /// List the lint rules.
    Rules(lint::RulesArgs),
    /// Show what a lint rule finds, why it matters, and an example.
    Explain {
        /// Rule id, e.g. double-period.
        #[arg(value_parser = lint::RuleIdArg, hide_possible_values = true)]
        rule: String,
    },
    /// Compare two revisions of the content, entry by entry and word by word.
    Diff(diff::Args),
    /// Write the handbook as PDF and EPUB 3.
    Export(export::Args),
    /// Start a new guide: guide.yaml, a first key area, schemas,
    /// handbok.toml, a pre-commit configuration and media/.
    Init(init::Args),
    /// Run the language server (LSP over stdin and stdout) for editors.
    Server(ServerArgs),
    /// Preview the guide's web site with each page's findings on it,
    /// rebuilt and reloaded as files are saved.
    Serve(serve::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions { shell: clap_complete::Shell },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::cli::out::set_color(cli.color.map(|c| match c {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    }));
    crate::files::tmp::clean_on_signal();
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
        Command::Lint(args) => lint::lint(&args),
        Command::Rules(args) => lint::rules(&args),
        Command::Explain { rule } => lint::explain(&rule),
        Command::Diff(args) => diff::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Server(args) => Ok(match crate::server::run(&args.cache.place())? {
            true => ExitCode::SUCCESS,
            // `exit` before `shutdown`: the protocol's exit status is 1.
            false => ExitCode::from(1),
        }),
        Command::Serve(args) => serve::run(&args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "handbok", &mut out);
            crate::cli::out::stdout(&String::from_utf8_lossy(&out))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_import(
    out: &std::path::Path,
    files: &[PathBuf],
    options: &import::Options,
) -> Result<ExitCode, Error> {
    let outcome = import::run(out, files, options)?;
    let mut err = String::new();
    for r in outcome.reports.iter().chain(&outcome.others) {
        let _ = write!(err, "{r}");
    }
    for extra in &outcome.extra {
        let _ = writeln!(err, "wrote {}", shown(&out.join(extra)));
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
        shown(out)
    );
    let _ = writeln!(err, "{}", next_step(out));
    crate::cli::out::say(&err);
    Ok(ExitCode::SUCCESS)
}

/// What the import leaves to do: the linter's verdict on the folder.
fn next_step(out: &std::path::Path) -> String {
    let command = format!("handbok lint {}", shell_word(out));
    let verdict = crate::workspace::config::Config::find(out)
        .and_then(|config| crate::lint::lint_folder(out, &config));
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

/// A path as the user reads it (a byte that is not UTF-8 as `\xNN`).
fn shown(path: &std::path::Path) -> String {
    crate::model::slash_path(path)
}

/// `path` as one shell word: quoted when it holds anything but plain
/// characters, as `$'…'` with `\xNN` when it is not UTF-8, so the command
/// shown can be pasted.
fn shell_word(path: &std::path::Path) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+=:,@".contains(c);
    match path.to_str() {
        Some(word) if !word.is_empty() && word.chars().all(plain) => word.to_string(),
        Some(word) => format!("'{}'", word.replace('\'', r"'\''")),
        None => {
            use std::os::unix::ffi::OsStrExt;
            let bytes = path.as_os_str().as_bytes();
            let quoted: String = bytes
                .iter()
                .map(|&b| match b {
                    b'\'' | b'\\' => format!("\\{}", b as char),
                    0x20..=0x7e => (b as char).to_string(),
                    _ => format!("\\x{b:02x}"),
                })
                .collect();
            format!("$'{quoted}'")
        }
    }
}

fn run_schemas(out: &std::path::Path) -> Result<ExitCode, Error> {
    use crate::files::stage::{commit, Output};
    let outputs: Vec<Output> = crate::load::SCHEMA_FILES
        .iter()
        .map(|(name, text)| Output {
            rel: PathBuf::from(name),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    // All or nothing: a full disk leaves no half set and no folder behind.
    commit(out, &outputs).map_err(|e| Error::new(format!("nothing was written: {e}")))?;
    for output in &outputs {
        crate::sayln!("wrote {}", shown(&out.join(&output.rel)));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    #[command(flatten)]
    pub cache: CacheArgs,
}

/// Where loaded pages are kept between runs (see `handbok lint --help`).
#[derive(Debug, Default, clap::Args)]
pub struct CacheArgs {
    /// Parse every file again and keep no cache of loaded pages.
    #[arg(long, env = "HANDBOK_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,
    /// The folder for the cache of loaded pages (default:
    /// `HANDBOK_CACHE_DIR` when set and not empty, else `.handbok_cache` in
    /// the guide's folder).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
}

impl CacheArgs {
    /// Where the cache goes, as the options and the environment say.
    pub fn place(&self) -> CachePlace {
        // Read here, not by clap: an empty variable means the default.
        let from_env = std::env::var_os("HANDBOK_CACHE_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        match (self.cache_dir.clone().or(from_env), self.no_cache) {
            (_, true) => CachePlace::Off,
            (Some(dir), false) => CachePlace::At(dir),
            (None, false) => CachePlace::InGuide,
        }
    }
}

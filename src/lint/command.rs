//! `handbok lint`, `handbok rules` and `handbok explain`: the commands and
//! their arguments; the linting itself is the library in [`super`].

use super::config::Config;
use super::lint_folder;
use super::output::Report;
use super::rules::RULES;
use super::selection::Selection;
use super::{baseline, fix};
use crate::diag::{Severity, Style};
use crate::load::Content;
use crate::write::write_atomic;
use crate::Error;
use std::path::Path;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and folders of a guide (default: the guide the current folder
    /// is in, else `content`). The guide is linted whole; findings are
    /// reported for these paths.
    pub paths: Vec<PathBuf>,
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
    /// Warnings fail too (exit 1), as errors do.
    #[arg(long)]
    pub strict: bool,
    /// Fail (exit 1) when there are more than N warnings.
    #[arg(long, value_name = "N", conflicts_with = "strict")]
    pub max_warnings: Option<usize>,
    /// Lint again whenever a file of the guide changes (Ctrl-C to stop).
    #[arg(long, conflicts_with_all = ["diff", "write_baseline"])]
    pub watch: bool,
    /// Count the findings per rule and list each page's LIX, instead of
    /// listing the findings.
    #[arg(long)]
    pub statistics: bool,
    /// The Swedish Hunspell dictionary: a folder holding sv_SE.aff and
    /// sv_SE.dic, or either file (default: searched, see `handbok explain
    /// spelling`).
    #[arg(long, value_name = "PATH")]
    pub dictionary: Option<PathBuf>,
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
    /// The cache folder for the guide at `root`, unless turned off.
    pub fn dir(&self, root: &Path) -> Option<PathBuf> {
        // Read here, not by clap: an empty variable means the default.
        let from_env = std::env::var_os("HANDBOK_CACHE_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        match (self.cache_dir.clone().or(from_env), self.no_cache) {
            (_, true) => None,
            (Some(dir), false) => Some(dir),
            (None, false) => Some(root.join(crate::load::CACHE_DIR)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
}

pub fn lint(args: &Args) -> Result<ExitCode, Error> {
    if !args.watch {
        return lint_once(args);
    }
    let root = match Selection::new(&args.paths)? {
        Some(selection) => selection.root,
        None => return lint_once(args),
    };
    loop {
        let mut seen = snapshot(&root);
        if crate::out::stdout_color() {
            crate::out::stdout("\x1b[2J\x1b[H")?;
        }
        if let Err(e) = lint_once(args) {
            crate::sayln!("error: {e}");
        }
        crate::sayln!("watching {} for changes (Ctrl-C to stop)", root.display());
        // Wait for a change, and for the writes to settle.
        while snapshot(&root) == seen {
            std::thread::sleep(WATCH_INTERVAL);
        }
        loop {
            std::thread::sleep(WATCH_INTERVAL);
            let now = snapshot(&root);
            if now == seen {
                break;
            }
            seen = now;
        }
    }
}

/// How often `--watch` looks at the files.
const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_millis(250);

/// What `--watch` compares: every file under the guide (content, settings,
/// word list) with its size and time of change.
fn snapshot(root: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut out = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Ok(meta) = entry.metadata() else { continue };
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            if meta.is_dir() {
                folders.push(entry.path());
            } else {
                out.push((entry.path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

fn lint_once(args: &Args) -> Result<ExitCode, Error> {
    let Some(selection) = Selection::new(&args.paths)? else {
        crate::sayln!("no guide among the paths: nothing to lint");
        return Ok(ExitCode::SUCCESS);
    };
    let root = selection.root.clone();
    let mut config = match &args.config {
        Some(path) => Config::read(path)?,
        None => Config::find(&root)?,
    };
    if let Some(path) = &args.dictionary {
        crate::lang::speller::pair(path).ok_or_else(|| {
            Error::new(format!(
                "--dictionary {}: no {}.aff and {}.dic there",
                path.display(),
                crate::lang::speller::LANGUAGE,
                crate::lang::speller::LANGUAGE
            ))
        })?;
        config.language.dictionary = Some(path.clone());
    }
    config.cache = args.cache.dir(&root);
    let chosen = |file: &str| selection.contains(file);
    if args.diff {
        return show_fixes(&root, &config, &selection);
    }
    if args.fix {
        let fixed = fix_in_place(&root, &config, &chosen)?;
        crate::sayln!("fixed {} finding(s) in {} file(s)", fixed.0, fixed.1);
    }
    // A few files (what pre-commit passes) are checked on their own
    // against the rest of the guide; more, or a folder, the whole guide.
    let (content, mut diags) = match selection.files().filter(|f| f.len() <= FEW_FILES) {
        Some(files) => super::lint_files(&root, &config, files)?,
        None => lint_folder(&root, &config)?,
    };
    diags.retain(|d| chosen(&d.path));
    if let Some(path) = &args.write_baseline {
        baseline::write(path, &diags, &content.sources)?;
        crate::sayln!("recorded {} finding(s) in {}", diags.len(), path.display());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.baseline {
        diags = baseline::filter(path, diags, &content.sources)?;
    }
    let report = Report {
        diagnostics: &diags,
        sources: &content.sources,
        files: content.sources.keys().filter(|p| chosen(p)).count(),
        selection: &selection,
    };
    let text = match args.format {
        _ if args.statistics => {
            let stats = super::statistics::Statistics::new(&diags, &content, config.language.lix);
            match args.format {
                Format::Json => stats.json() + "\n",
                _ => stats.human(),
            }
        }
        Format::Human => report.human(Style {
            color: crate::out::stdout_color(),
        }),
        Format::Json => report.json() + "\n",
        Format::Sarif => report.sarif() + "\n",
        Format::Github => report.github(),
        Format::Junit => report.junit(),
    };
    print(&text)?;
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let allowed = if args.strict {
        Some(0)
    } else {
        args.max_warnings
    };
    let too_many = allowed.filter(|&max| warnings > max);
    if let Some(max) = too_many {
        crate::sayln!("{warnings} warning(s), more than the {max} allowed");
    }
    let errors = diags.iter().any(|d| d.severity == Severity::Error) || too_many.is_some();
    // The process ends here: freeing every node of a large guide one by one
    // would only add to the wall time.
    std::mem::forget(content);
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print(text: &str) -> Result<(), Error> {
    crate::out::stdout(text)
}

const MAX_PASSES: usize = 5;

/// Up to this many files are linted one by one, the guide-wide rules
/// running for each; past it, the guide once.
const FEW_FILES: usize = 8;

/// Apply fixes until none are left (a fix may uncover another, or two
/// overlapping fixes need two passes). Returns (findings fixed, files).
pub fn fix_in_place(
    root: &Path,
    config: &Config,
    chosen: &dyn Fn(&str) -> bool,
) -> Result<(usize, usize), Error> {
    let mut fixed = 0;
    let mut files = std::collections::BTreeSet::new();
    let mut refused = std::collections::BTreeSet::new();
    for _ in 0..MAX_PASSES {
        let (content, diags) = lint_folder(root, config)?;
        let mut changes = fix::fixed_files(&content.sources, &diags);
        changes.retain(|path, _| chosen(path) && !refused.contains(path));
        if changes.is_empty() {
            break;
        }
        for (path, (_, after)) in changes {
            // The file's own name, not its printable form (names need not be UTF-8).
            let target = root.join(real_path(&content, &path));
            // The source was read without a byte order mark; keep the file's.
            let bom = std::fs::read(&target).is_ok_and(|b| b.starts_with("\u{feff}".as_bytes()));
            let after = if bom {
                format!("\u{feff}{after}")
            } else {
                after
            };
            match write_atomic(&target, after.as_bytes()) {
                Ok(()) => {
                    fixed += diags
                        .iter()
                        .filter(|d| d.fix.is_some() && d.path == path)
                        .count();
                    files.insert(path);
                }
                Err(e) => {
                    crate::sayln!("warning: not fixed: {}: {e}", target.display());
                    refused.insert(path);
                }
            }
        }
    }
    Ok((fixed, files.len()))
}

/// The path on disk of the file a finding names.
fn real_path(content: &Content, path: &str) -> std::path::PathBuf {
    content
        .pages
        .iter()
        .find(|p| p.display_path() == path)
        .map_or_else(|| std::path::PathBuf::from(path), |p| p.path.clone())
}

/// `--diff`: fix a copy of the content and print what would change.
fn show_fixes(root: &Path, config: &Config, selection: &Selection) -> Result<ExitCode, Error> {
    let copy = tempfile::tempdir()
        .map_err(|e| Error::new(format!("cannot make a temporary folder: {e}")))?;
    let files = crate::load::content_files(root)?;
    for rel in &files {
        let to = copy.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("file has a folder"))
            .and_then(|_| std::fs::copy(root.join(rel), &to))
            .map_err(|e| Error::new(format!("cannot copy {}: {e}", rel.display())))?;
    }
    fix_in_place(copy.path(), config, &|file| selection.contains(file))?;
    let mut out = String::new();
    for rel in &files {
        let before = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
        let after = std::fs::read_to_string(copy.path().join(rel)).unwrap_or_default();
        if before != after {
            // What the files hold may be anything; what reaches the terminal not.
            let shown = selection.display(&crate::model::slash_path(rel));
            let diff = fix::unified(&shown, &before, &after);
            out.push_str(&crate::diag::printable(&diff));
        }
    }
    print(&out)?;
    Ok(if out.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Text,
    /// `[{"id","severity","fixable","summary","doc"}]`, for editors and CI.
    Json,
}

pub fn rules(args: &RulesArgs) -> Result<ExitCode, Error> {
    let out = match args.format {
        RulesFormat::Text => RULES
            .iter()
            .map(|r| {
                format!(
                    "{:<26} {:<8} {:<4} {}\n",
                    r.id,
                    r.severity.name(),
                    if r.fixable { "fix" } else { "" },
                    r.summary
                )
            })
            .collect(),
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "severity": r.severity.name(),
                        "fixable": r.fixable,
                        "summary": r.summary,
                        "doc": r.doc,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&rules).expect("JSON values serialize") + "\n"
        }
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// A rule id as an argument: any text is taken (`explain` says what is
/// wrong with an unknown one), and the ids are offered to shell completion.
#[derive(Clone)]
pub struct RuleId;

impl clap::builder::TypedValueParser for RuleId {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(RULES.iter().map(|r| {
            clap::builder::PossibleValue::new(r.id).help(r.summary)
        })))
    }
}

pub fn explain(id: &str) -> Result<ExitCode, Error> {
    let Some(rule) = super::rule(id) else {
        let hint = super::closest_rule(id)
            .map_or(String::new(), |near| format!("; did you mean `{near}`?"));
        return Err(Error::new(format!(
            "unknown rule `{id}`{hint} (`handbok rules` lists them)"
        )));
    };
    let fix = if rule.fixable {
        "; --fix repairs it"
    } else {
        ""
    };
    print(&format!(
        "# {} ({} by default{fix})\n\n{}\n\n{}\n",
        rule.id,
        rule.severity.name(),
        rule.summary,
        rule.doc
    ))?;
    Ok(ExitCode::SUCCESS)
}

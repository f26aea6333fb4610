//! `handbok lint`, `handbok rules` and `handbok explain`: the commands and
//! their arguments; the linting itself is the library in [`crate::lint`].

use super::CacheArgs;
use crate::diag::{RuleId, Severity, Style};
use crate::lint::output::Report;
use crate::lint::rules::RULES;
use crate::lint::{baseline, fix, lint_folder_with, Linted};
use crate::workspace::selection::Selection;
use crate::workspace::{Config, Workspace};
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
    let root = match select(&args.paths)? {
        Some(selection) => selection.root,
        None => return lint_once(args),
    };
    loop {
        let mut seen = crate::workspace::watch::snapshot(&root);
        if crate::cli::out::stdout_color() {
            crate::cli::out::stdout("\x1b[2J\x1b[H")?;
        }
        if let Err(e) = lint_once(args) {
            crate::sayln!("error: {e}");
        }
        crate::sayln!("watching {} for changes (Ctrl-C to stop)", root.display());
        crate::workspace::watch::next_change(&root, &mut seen);
    }
}

fn lint_once(args: &Args) -> Result<ExitCode, Error> {
    let Some(selection) = select(&args.paths)? else {
        crate::sayln!("no guide among the paths: nothing to lint");
        return Ok(ExitCode::SUCCESS);
    };
    let root = selection.root.clone();
    let mut config = Workspace::config(&root, args.config.as_deref())?;
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
    config.cache = args.cache.place().dir(&root);
    let chosen = |file: &str| selection.contains(file);
    if args.diff {
        return show_fixes(&root, &config, &selection);
    }
    // A fix that could not be written is a failure of the run (exit 2),
    // after the findings are shown.
    let mut unwritten = false;
    if args.fix {
        let fixed = fix::fix_in_place(&root, &config, &chosen)?;
        for (path, why) in &fixed.refused {
            crate::sayln!("error: not fixed: {}: {why}", path.display());
        }
        unwritten = !fixed.refused.is_empty();
        for (path, n) in &fixed.unmade {
            crate::sayln!(
                "warning: not fixed: {}: {n} fix(es) would leave it unreadable YAML together; fix by hand",
                selection.display(path)
            );
        }
        crate::sayln!(
            "fixed {} finding(s) in {} file(s)",
            fixed.findings,
            fixed.files
        );
    }
    // A few files (what pre-commit passes) are checked on their own
    // against the rest of the guide; more, or a folder, the whole guide.
    let linted = match selection.files().filter(|f| f.len() <= FEW_FILES) {
        Some(files) => crate::lint::lint_files(&root, &config, files)?,
        None => lint_folder_with(&root, &config, &[])?,
    };
    say_notes(&linted);
    let (content, mut diags) = (linted.content, linted.findings);
    // A lint run owns the guide: what killed runs left beside pages goes.
    fix::clear_leftovers(&content);
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
            let stats =
                crate::lint::statistics::Statistics::new(&diags, &content, config.language.lix);
            match args.format {
                Format::Json => stats.json() + "\n",
                _ => stats.human(),
            }
        }
        Format::Human => report.human(Style {
            color: crate::cli::out::stdout_color(),
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
    Ok(if unwritten {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// What the run could not check, and with `HANDBOK_TIMINGS` set how long
/// its phases took, on stderr.
pub fn say_notes(linted: &Linted) {
    for note in &linted.notes {
        crate::sayln!("note: {note}");
    }
    if std::env::var_os("HANDBOK_TIMINGS").is_some() {
        for (phase, took) in &linted.timings {
            crate::sayln!("{phase}: {:.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
}

/// The selection for `paths`, saying which of them are in no guide.
pub fn select(paths: &[PathBuf]) -> Result<Option<Selection>, Error> {
    let (selection, outside) = Selection::new(paths)?;
    for path in outside {
        crate::sayln!(
            "note: {} is in no guide (no {} above it); left out",
            path.display(),
            crate::load::GUIDE_FILE
        );
    }
    Ok(selection)
}

fn print(text: &str) -> Result<(), Error> {
    crate::cli::out::stdout(text)
}

/// Up to this many files are linted one by one, the guide-wide rules
/// running for each; past it, the guide once.
const FEW_FILES: usize = 8;

/// `--diff`: fix a copy of the content and print what would change.
fn show_fixes(root: &Path, config: &Config, selection: &Selection) -> Result<ExitCode, Error> {
    let mut out = String::new();
    for (path, before, after) in fix::preview(root, config, &|file| selection.contains(file))? {
        // What the files hold may be anything; what reaches the terminal not.
        let shown = selection.display(&path);
        let diff = fix::unified(&shown, &before, &after);
        out.push_str(&crate::diag::printable(&diff));
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
                    r.severity().name(),
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
                        "severity": r.severity().name(),
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
pub struct RuleIdArg;

impl clap::builder::TypedValueParser for RuleIdArg {
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
            clap::builder::PossibleValue::new(r.id.as_str()).help(r.summary)
        })))
    }
}

pub fn explain(id: &str) -> Result<ExitCode, Error> {
    let Some(rule) = RuleId::parse(id).map(crate::lint::rule) else {
        let hint =
            RuleId::closest(id).map_or(String::new(), |near| format!("; did you mean `{near}`?"));
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
        rule.severity().name(),
        rule.summary,
        rule.doc
    ))?;
    Ok(ExitCode::SUCCESS)
}

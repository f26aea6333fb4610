//! `handbok lint`, `handbok rules` and `handbok explain`.

use super::config::Config;
use super::output::Report;
use super::rules::RULES;
use super::{baseline, fix, suppress};
use crate::cli::{Format, LintArgs};
use crate::diag::{Diagnostic, Severity, Style};
use crate::load::{load, Content};
use crate::write::write_atomic;
use crate::Error;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// Load and lint a content folder, suppressions applied.
pub fn lint_folder(root: &Path, config: &Config) -> Result<(Content, Vec<Diagnostic>), Error> {
    if config.enabled("spelling") {
        crate::lang::speller::preload(config.language.dictionary.as_deref(), root);
    }
    let timer = Timer::new();
    let content = load(root)?;
    timer.lap("load");
    let diags = super::check(&content, config, this_year());
    timer.lap("rules");
    let mut diags = suppress::apply(&content.sources, diags, |id| config.enabled(id));
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    timer.lap("suppressions");
    Ok((content, diags))
}

/// Phase timings on stderr when `HANDBOK_TIMINGS` is set, for profiling.
struct Timer(Option<std::cell::Cell<std::time::Instant>>);

impl Timer {
    fn new() -> Self {
        Timer(
            std::env::var_os("HANDBOK_TIMINGS")
                .map(|_| std::cell::Cell::new(std::time::Instant::now())),
        )
    }

    fn lap(&self, phase: &str) {
        if let Some(start) = &self.0 {
            crate::sayln!(
                "{phase}: {:.1} ms",
                start.get().elapsed().as_secs_f64() * 1000.0
            );
            start.set(std::time::Instant::now());
        }
    }
}

pub fn lint(args: &LintArgs) -> Result<ExitCode, Error> {
    let mut config = match &args.config {
        Some(path) => Config::read(path)?,
        None => Config::find(&args.path)?,
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
    if args.diff {
        return show_fixes(&args.path, &config);
    }
    if args.fix {
        let fixed = fix_in_place(&args.path, &config)?;
        crate::sayln!("fixed {} finding(s) in {} file(s)", fixed.0, fixed.1);
    }
    let (content, mut diags) = lint_folder(&args.path, &config)?;
    if let Some(path) = &args.write_baseline {
        baseline::write(path, &diags)?;
        crate::sayln!("recorded {} finding(s) in {}", diags.len(), path.display());
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(path) = &args.baseline {
        diags = baseline::filter(path, diags)?;
    }
    let root = args.path.to_string_lossy();
    let report = Report {
        diagnostics: &diags,
        sources: &content.sources,
        root: &root,
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
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }),
        Format::Json => report.json() + "\n",
        Format::Sarif => report.sarif() + "\n",
        Format::Github => report.github(),
        Format::Junit => report.junit(),
    };
    print(&text)?;
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
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

/// Apply fixes until none are left (a fix may uncover another, or two
/// overlapping fixes need two passes). Returns (findings fixed, files).
pub fn fix_in_place(root: &Path, config: &Config) -> Result<(usize, usize), Error> {
    let mut fixed = 0;
    let mut files = std::collections::BTreeSet::new();
    let mut refused = std::collections::BTreeSet::new();
    for _ in 0..MAX_PASSES {
        let (content, diags) = lint_folder(root, config)?;
        let mut changes = fix::fixed_files(&content.sources, &diags);
        changes.retain(|path, _| !refused.contains(path));
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
fn show_fixes(root: &Path, config: &Config) -> Result<ExitCode, Error> {
    let copy = tempfile::tempdir()
        .map_err(|e| Error::new(format!("cannot make a temporary folder: {e}")))?;
    let files = crate::load::content_files(root)?;
    for rel in &files {
        let to = copy.path().join(rel);
        std::fs::create_dir_all(to.parent().expect("file has a folder"))
            .and_then(|_| std::fs::copy(root.join(rel), &to))
            .map_err(|e| Error::new(format!("cannot copy {}: {e}", rel.display())))?;
    }
    fix_in_place(copy.path(), config)?;
    let mut out = String::new();
    for rel in &files {
        let before = std::fs::read_to_string(root.join(rel)).unwrap_or_default();
        let after = std::fs::read_to_string(copy.path().join(rel)).unwrap_or_default();
        if before != after {
            // What the files hold may be anything; what reaches the terminal not.
            let diff = fix::unified(&rel.to_string_lossy(), &before, &after);
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

pub fn rules() -> ExitCode {
    let mut out = String::new();
    for r in RULES {
        out.push_str(&format!(
            "{:<26} {:<8} {:<4} {}\n",
            r.id,
            r.severity.name(),
            if r.fixable { "fix" } else { "" },
            r.summary
        ));
    }
    let _ = print(&out);
    ExitCode::SUCCESS
}

pub fn explain(id: &str) -> Result<ExitCode, Error> {
    let Some(rule) = super::rule(id) else {
        let near: Vec<&str> = RULES
            .iter()
            .map(|r| r.id)
            .filter(|r| r.contains(id) || id.contains(r))
            .collect();
        let hint = if near.is_empty() {
            String::new()
        } else {
            format!(" (did you mean {}?)", near.join(", "))
        };
        return Err(Error::new(format!(
            "unknown rule `{id}`{hint}; `handbok rules` lists them"
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

/// The current year, or the year of `SOURCE_DATE_EPOCH` when it is set, so
/// that runs can be reproduced.
pub fn this_year() -> i32 {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    year_of_day(secs.div_euclid(86_400))
}

/// Civil year of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn year_of_day(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_days() {
        assert_eq!(year_of_day(0), 1970);
        assert_eq!(year_of_day(20_414), 2025); // 2025-11-22
        assert_eq!(year_of_day(20_454), 2026); // 2026-01-01
        assert_eq!(year_of_day(20_453), 2025); // 2025-12-31
    }
}

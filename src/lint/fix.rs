//! Applying safe fixes to the source text. Only the bytes a fix names are
//! replaced, so comments, key order and formatting survive. A fixed file
//! that would no longer parse is left as it was.

use super::lint_folder;
use crate::diag::{Diagnostic, Fix};
use crate::files::write;
use crate::load::Content;
use crate::workspace::Config;
use crate::Error;
use std::collections::BTreeMap;
use std::path::Path;

/// Apply non-overlapping fixes (the first of two overlapping ones wins;
/// the other is found again on the next pass).
pub fn apply(source: &str, fixes: &[&Fix]) -> String {
    let mut sorted: Vec<&Fix> = fixes.to_vec();
    sorted.sort_by_key(|f| (f.start, f.end));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for f in sorted {
        if f.start < at || f.end > source.len() {
            continue;
        }
        out.push_str(&source[at..f.start]);
        out.push_str(&f.replacement);
        at = f.end;
    }
    out.push_str(&source[at..]);
    out
}

/// The fixed text of every file with fixes: path → (before, after). Files
/// whose fixed text does not parse as YAML are left out.
pub fn fixed_files(
    sources: &BTreeMap<String, std::sync::Arc<str>>,
    diags: &[Diagnostic],
) -> BTreeMap<String, (String, String)> {
    let mut by_file: BTreeMap<&str, Vec<&Fix>> = BTreeMap::new();
    for d in diags {
        if let Some(f) = &d.fix {
            by_file.entry(d.path.as_str()).or_default().push(f);
        }
    }
    let mut out = BTreeMap::new();
    for (path, fixes) in by_file {
        let Some(source) = sources.get(path) else {
            continue;
        };
        let after = apply(source, &fixes);
        if after != **source && crate::load::parse(&after, path).is_ok() {
            out.insert(path.to_string(), (source.to_string(), after));
        }
    }
    out
}

/// A unified diff of the fixes, for `--diff`.
pub fn unified(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Remove what killed runs left beside the pages (`Content::leftovers`
/// whose process is gone); a user's file of a similar name stays.
pub fn clear_leftovers(content: &Content) {
    for rel in &content.leftovers {
        crate::files::tmp::remove_if_stale(&content.root.join(rel));
    }
}

/// Passes of `--fix` at most: a fix may uncover another.
const MAX_PASSES: usize = 5;

/// What `--fix` did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    /// Findings fixed.
    pub findings: usize,
    /// Files changed.
    pub files: usize,
    /// Files that could not be written, and why.
    pub refused: Vec<(std::path::PathBuf, String)>,
    /// Files whose offered fixes could not be made (together they would
    /// leave the file unreadable YAML), and how many.
    pub unmade: Vec<(String, usize)>,
}

/// Apply fixes until none are left (a fix may uncover another, or two
/// overlapping fixes need two passes). A file that cannot be written is
/// left as it was and named in [`Fixed::refused`].
pub fn fix_in_place(
    root: &Path,
    config: &Config,
    chosen: &dyn Fn(&str) -> bool,
) -> Result<Fixed, Error> {
    let mut fixed = 0;
    let mut files = std::collections::BTreeSet::new();
    let mut refused = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    let mut unmade = std::collections::BTreeMap::new();
    for _ in 0..MAX_PASSES {
        let (content, diags) = lint_folder(root, config)?;
        clear_leftovers(&content);
        let mut changes = fixed_files(&content.sources, &diags);
        changes.retain(|path, _| chosen(path) && !refused.contains(path));
        if changes.is_empty() {
            // Fixes still offered now could not be made: say so.
            unmade = diags
                .iter()
                .filter(|d| d.fix.is_some() && chosen(&d.path) && !refused.contains(&d.path))
                .fold(std::collections::BTreeMap::new(), |mut m, d| {
                    *m.entry(d.path.clone()).or_insert(0) += 1;
                    m
                });
            break;
        }
        for (path, (before, after)) in changes {
            // The file's own name, not its printable form (names need not be UTF-8).
            let target = root.join(real_path(&content, &path));
            match write_fix(&target, &before, &after) {
                Ok(()) => {
                    fixed += diags
                        .iter()
                        .filter(|d| d.fix.is_some() && d.path == path)
                        .count();
                    files.insert(path);
                }
                Err(e) => {
                    failures.push((target, e.to_string()));
                    refused.insert(path);
                }
            }
        }
    }
    Ok(Fixed {
        findings: fixed,
        files: files.len(),
        refused: failures,
        unmade: unmade.into_iter().collect(),
    })
}

/// What `--fix` would change, without writing anything: (path, before,
/// after) of each file it would change. The fixes are made in memory on
/// the guide as loaded, so every setting (per-path ignores included) and
/// every check of the reader apply exactly as for `lint` and `--fix`.
pub fn preview(
    root: &Path,
    config: &Config,
    chosen: &dyn Fn(&str) -> bool,
) -> Result<Vec<(String, String, String)>, Error> {
    let (mut content, mut diags) = lint_folder(root, config)?;
    let before = content.sources.clone();
    for _ in 0..MAX_PASSES {
        let mut changes = fixed_files(&content.sources, &diags);
        changes.retain(|path, _| chosen(path));
        if changes.is_empty() {
            break;
        }
        for (path, (_, after)) in changes {
            let rel = real_path(&content, &path);
            content.replace_file(&rel, after.into_bytes());
        }
        diags = super::lint_content(&content, config);
    }
    Ok(before
        .into_iter()
        .filter_map(|(path, old)| {
            let new = content.sources.get(&path)?;
            (**new != *old).then(|| (path, old.to_string(), new.to_string()))
        })
        .collect())
}

/// The path on disk of the file a finding names.
fn real_path(content: &Content, path: &str) -> std::path::PathBuf {
    content
        .files
        .get(path)
        .cloned()
        .unwrap_or_else(|| std::path::PathBuf::from(path))
}

/// Write `after` over `target` if the file still holds `before` (the text
/// the fixes were made from), keeping its byte order mark.
fn write_fix(target: &Path, before: &str, after: &str) -> std::io::Result<()> {
    let limit = crate::files::read::Kind::Content(u64::MAX);
    let was = crate::files::read::bytes(target, limit)
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let bom = "\u{feff}".as_bytes();
    let text = was.strip_prefix(bom).unwrap_or(&was);
    if text != before.as_bytes() {
        return Err(std::io::Error::other(write::CHANGED));
    }
    let after = if was.starts_with(bom) {
        format!("\u{feff}{after}")
    } else {
        after.to_string()
    };
    write::replace(target, after.as_bytes(), &was)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(start: usize, end: usize, r: &str) -> Fix {
        Fix {
            start,
            end,
            replacement: r.into(),
            description: String::new(),
        }
    }

    #[test]
    fn fixes_apply_in_order_and_overlaps_wait() {
        let src = "Läs mer.. “citat”";
        let a = fix(8, 10, ".");
        let b = fix(11, 14, "”");
        let overlapping = fix(9, 12, "x");
        assert_eq!(apply(src, &[&b, &a, &overlapping]), "Läs mer. ”citat”");
    }
}

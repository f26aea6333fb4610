//! Applying safe fixes to the source text. Only the bytes a fix names are
//! replaced, so comments, key order and formatting survive. A fixed file
//! that would no longer parse is left as it was.

use super::lint_folder;
use crate::diag::{Diagnostic, Fix};
use crate::load::Content;
use crate::workspace::Config;
use crate::write::write_atomic;
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
        crate::tmp::remove_if_stale(&content.root.join(rel));
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
    for _ in 0..MAX_PASSES {
        let (content, diags) = lint_folder(root, config)?;
        clear_leftovers(&content);
        let mut changes = fixed_files(&content.sources, &diags);
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
    })
}

/// The path on disk of the file a finding names.
fn real_path(content: &Content, path: &str) -> std::path::PathBuf {
    content
        .pages
        .iter()
        .find(|p| p.display_path() == path)
        .map_or_else(|| std::path::PathBuf::from(path), |p| p.path.clone())
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

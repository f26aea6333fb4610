//! Applying safe fixes to the source text. Only the bytes a fix names are
//! replaced, so comments, key order and formatting survive. A fixed file
//! that would no longer parse is left as it was.

use crate::diag::{Diagnostic, Fix};
use std::collections::BTreeMap;

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

//! Inline suppressions: `# handbok: allow(rule-a, rule-b) reason`.
//!
//! A comment on a line of its own covers the next line and everything
//! indented under it (a whole block scalar after `key: |`); a comment after
//! a value covers that line and what is indented under it.

use crate::diag::{Diagnostic, RuleId};
use rayon::prelude::*;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

static ALLOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)#\s*handbok:\s*allow\(([^)]*)\)\s*(.*?)\s*$").expect("valid regex")
});

struct Suppression {
    line: usize,
    column: usize,
    rules: Vec<RuleId>,
    covers: (usize, usize),
    used: bool,
}

/// Drop suppressed findings; report suppressions that are unused, lack a
/// reason or name an unknown rule. `enabled` says which rules ran.
pub fn apply(
    sources: &BTreeMap<String, Arc<str>>,
    diags: Vec<Diagnostic>,
    enabled: impl Fn(RuleId) -> bool,
) -> Vec<Diagnostic> {
    // Rules did not run on files that failed to load: nothing to judge there.
    let failed: std::collections::HashSet<String> = diags
        .iter()
        .filter(|d| matches!(d.rule, RuleId::ParseError | RuleId::SchemaViolation))
        .map(|d| d.path.clone())
        .collect();
    let scanned: Vec<(&str, Vec<Suppression>, Vec<Diagnostic>)> = sources
        .par_iter()
        .filter(|(_, source)| source.contains("handbok:"))
        .map(|(path, source)| {
            let mut problems = Vec::new();
            let list = scan(path, source, &mut problems);
            (path.as_str(), list, problems)
        })
        .collect();
    let mut found: BTreeMap<&str, Vec<Suppression>> = BTreeMap::new();
    let mut out = Vec::new();
    for (path, list, problems) in scanned {
        out.extend(problems);
        if !list.is_empty() {
            found.insert(path, list);
        }
    }
    for d in diags {
        let hit = found.get_mut(d.path.as_str()).and_then(|list| {
            list.iter_mut()
                .find(|s| s.covers.0 <= d.line && d.line <= s.covers.1 && s.rules.contains(&d.rule))
        });
        match hit {
            Some(s) => s.used = true,
            None => out.push(d),
        }
    }
    for (path, list) in found.into_iter().filter(|(p, _)| !failed.contains(*p)) {
        for s in list
            .iter()
            .filter(|s| !s.used && s.rules.iter().any(|&r| enabled(r)))
        {
            out.push(
                Diagnostic::new(RuleId::UnusedSuppression, path, s.line, s.column)
                    .message(format!(
                        "allow({}) silences nothing here",
                        s.rules
                            .iter()
                            .map(|r| r.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .help("delete the comment"),
            );
        }
    }
    out
}

fn scan(path: &str, source: &str, out: &mut Vec<Diagnostic>) -> Vec<Suppression> {
    let lines: Vec<&str> = source.lines().collect();
    let mut list = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(c) = ALLOW.captures(line) else {
            continue;
        };
        let hash = line[..c.get(0).expect("match").end()]
            .rfind('#')
            .unwrap_or(0);
        let column = line[..hash].chars().count() + 1;
        let rules: Vec<String> = c[1]
            .split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        let bare = |message: String| {
            Diagnostic::new(RuleId::BareSuppression, path, i + 1, column).message(message)
        };
        if let Some(bad) = rules.iter().find(|r| RuleId::parse(r).is_none()) {
            out.push(
                bare(format!("unknown rule `{bad}` in allow(…)"))
                    .help("see `handbok rules` for the ids"),
            );
            continue;
        }
        if c[2].is_empty() {
            out.push(
                bare("a suppression must say why".into()).help("write the reason after allow(…)"),
            );
        }
        let own_line = line.trim_start().starts_with('#');
        list.push(Suppression {
            line: i + 1,
            column,
            rules: rules.iter().filter_map(|r| RuleId::parse(r)).collect(),
            covers: coverage(&lines, i, own_line),
            used: false,
        });
    }
    list
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The 1-based line range a suppression at `at` covers.
fn coverage(lines: &[&str], at: usize, own_line: bool) -> (usize, usize) {
    let first = if own_line {
        match (at + 1..lines.len())
            .find(|&j| !lines[j].trim().is_empty() && !lines[j].trim_start().starts_with('#'))
        {
            Some(j) => j,
            None => return (at + 1, at + 1),
        }
    } else {
        at
    };
    let base = indent(lines[first]);
    let mut last = first;
    for (j, line) in lines.iter().enumerate().skip(first + 1) {
        if line.trim().is_empty() {
            continue;
        }
        if indent(line) <= base {
            break;
        }
        last = j;
    }
    (first + 1, last + 1)
}

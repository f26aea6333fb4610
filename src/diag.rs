//! Findings and how they are shown: rustc-style for people, JSON for machines.

use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding at one place. `path` is relative to the content root; `line`
/// and `column` are 1-based and count characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The offending text, as written in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Another place the finding refers to (the first of two duplicates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Related>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A safe, mechanical edit of the source: replace bytes `start..end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
    pub replacement: String,
    pub description: String,
}

impl Diagnostic {
    pub fn error(rule: &'static str, path: impl Into<String>, line: usize, column: usize) -> Self {
        Self::new(rule, Severity::Error, path, line, column)
    }

    pub fn new(
        rule: &'static str,
        severity: Severity,
        path: impl Into<String>,
        line: usize,
        column: usize,
    ) -> Self {
        Diagnostic {
            rule,
            severity,
            path: path.into(),
            line: line.max(1),
            column: column.max(1),
            message: String::new(),
            help: None,
            text: None,
            related: None,
            fix: None,
        }
    }

    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sort key: by file, then position, then rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.path, self.line, self.column, self.rule)
    }
}

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Render one finding the way rustc does: header, location, the source line
/// and a caret under the offending text.
pub fn render_human(d: &Diagnostic, source: Option<&str>, style: Style) -> String {
    let sev_code = match d.severity {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
    };
    let mut out = String::new();
    let head = format!("{}[{}]", d.severity.name(), d.rule);
    let _ = writeln!(
        out,
        "{}: {}",
        style.paint(sev_code, &head),
        style.paint("1", &d.message)
    );
    let gutter = d.line.to_string().len();
    let pad = " ".repeat(gutter);
    let arrow = style.paint("1;34", "-->");
    let _ = writeln!(out, "{pad}{arrow} {}:{}:{}", d.path, d.line, d.column);
    if let Some(line) = source.and_then(|s| s.lines().nth(d.line - 1)) {
        let bar = style.paint("1;34", "|");
        let line = line.trim_end();
        let (prefix, rest) = caret_geometry(line, d.column);
        let caret_len = d.text.as_ref().map_or(rest, |t| {
            t.lines()
                .next()
                .unwrap_or("")
                .chars()
                .count()
                .clamp(1, rest.max(1))
        });
        let carets = style.paint(sev_code, &"^".repeat(caret_len));
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(
            out,
            "{} {bar} {line}",
            style.paint("1;34", &d.line.to_string())
        );
        let _ = writeln!(out, "{pad} {bar} {prefix}{carets}");
    }
    if let Some(r) = &d.related {
        let _ = writeln!(
            out,
            "{pad} = {}: {} at {}:{}:{}",
            style.paint("1", "note"),
            r.message,
            r.path,
            r.line,
            r.column
        );
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "{pad} = {}: {help}", style.paint("1", "help"));
    }
    if let Some(fix) = &d.fix {
        let _ = writeln!(
            out,
            "{pad} = {}: {} (safe fix, run with --fix)",
            style.paint("1", "fix"),
            fix.description
        );
    }
    out
}

/// The white space that lines the caret up under `column` (tabs kept so
/// they line up too) and how many carets cover the rest of the value.
fn caret_geometry(line: &str, column: usize) -> (String, usize) {
    let prefix: String = line
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let rest = line.chars().skip(column.saturating_sub(1)).count();
    (prefix, rest.clamp(1, 80))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_column_counting_characters() {
        let d = Diagnostic::error("parse-error", "a.yaml", 1, 8).message("bad");
        let out = render_human(&d, Some("title: Umeå\n"), Style { color: false });
        assert_eq!(
            out,
            "error[parse-error]: bad\n --> a.yaml:1:8\n  |\n1 | title: Umeå\n  |        ^^^^\n"
        );
    }
}

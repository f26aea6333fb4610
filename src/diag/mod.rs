//! Findings and how they are shown: rustc-style for people, JSON for machines.

mod rule;

pub use rule::RuleId;
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
    pub rule: RuleId,
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
    /// A finding of `rule`, with the rule's default severity.
    pub fn new(rule: RuleId, path: impl Into<String>, line: usize, column: usize) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity(),
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

    /// Where the offending text ends (1-based line and column just past
    /// it); the start when the finding names no text.
    pub fn end(&self) -> (usize, usize) {
        match self.text.as_deref() {
            Some(t) => match t.rsplit_once('\n') {
                Some((before, last)) => (
                    self.line + before.matches('\n').count() + 1,
                    last.chars().count() + 1,
                ),
                None => (self.line, self.column + t.chars().count()),
            },
            None => (self.line, self.column),
        }
    }

    /// Sort key: by file, then position, then rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str) {
        (&self.path, self.line, self.column, self.rule.as_str())
    }
}

/// ANSI styles, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// Render one finding the way rustc does: header, location, the source line
/// and a caret under the offending text.
pub fn render_human(d: &Diagnostic, source: Option<&Source>, style: Style) -> String {
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
        style.paint("1", &printable_line(&d.message))
    );
    let gutter = d.line.to_string().len();
    let pad = " ".repeat(gutter);
    let arrow = style.paint("1;34", "-->");
    let path = printable_line(&d.path);
    let _ = writeln!(out, "{pad}{arrow} {path}:{}:{}", d.line, d.column);
    if let Some((source, line)) = source.and_then(|s| Some((s, s.line(d.line)?))) {
        let bar = style.paint("1;34", "|");
        let (line, column) = source.window(d.line, line.trim_end(), d.column);
        let line = line.as_str();
        let (prefix, rest) = caret_geometry(line, column);
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
            printable_line(&r.message),
            printable_line(&r.path),
            r.line,
            r.column
        );
    }
    if let Some(help) = &d.help {
        let help = printable_line(help);
        let _ = writeln!(out, "{pad} = {}: {help}", style.paint("1", "help"));
    }
    if let Some(fix) = &d.fix {
        let _ = writeln!(
            out,
            "{pad} = {}: {} (safe fix, run with --fix)",
            style.paint("1", "fix"),
            printable_line(&fix.description)
        );
    }
    out
}

/// JSON text with the characters a terminal acts on but JSON lets through
/// raw (DEL, the C1 controls, bidirectional controls, line and paragraph
/// separators) written as `\uXXXX` escapes. They can only stand inside
/// strings, where an escape means the same.
pub fn json_safe(json: String) -> String {
    let risky = |c: char| matches!(c, '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}');
    if !json.contains(risky) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if risky(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A name (a file path) on one line: [`printable`], and line breaks and
/// tabs as their symbols (␊ ␉) too, so a path never splits an output line.
pub fn printable_line(text: &str) -> String {
    printable(text)
        .chars()
        .map(|c| match c {
            '\n' => '\u{240a}',
            '\t' => '\u{2409}',
            c => c,
        })
        .collect()
}

/// Text as a terminal may show it: control characters as their visible
/// symbols (␀ ␛ ␡), and bidirectional overrides and other forbidden
/// characters as U+FFFD — one character for one, so columns stay right. No
/// file content can move the cursor, clear the screen or set a title.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '\u{fffd}',
            c if crate::text::is_forbidden(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Characters of a source line shown around a finding.
const WINDOW: usize = 160;

/// A file's text as findings show it: its lines, found once, and in a very
/// long line where every [`MARK`]th character starts, so that showing many
/// findings of a 15 MB line costs no more than showing one.
pub struct Source<'a> {
    lines: Vec<&'a str>,
    marks: std::cell::RefCell<std::collections::HashMap<usize, Vec<usize>>>,
}

const MARK: usize = 1024;

impl<'a> Source<'a> {
    pub fn new(text: &'a str) -> Source<'a> {
        Source {
            lines: text.lines().collect(),
            marks: Default::default(),
        }
    }

    /// Line `n` (1-based).
    pub fn line(&self, n: usize) -> Option<&'a str> {
        self.lines.get(n.checked_sub(1)?).copied()
    }

    /// The byte offset of character `n` of line `at` (its text is `line`),
    /// or the line's length.
    fn offset(&self, at: usize, line: &str, n: usize) -> usize {
        let walk = |from: usize, n: usize| {
            line[from..]
                .char_indices()
                .nth(n)
                .map_or(line.len(), |(i, _)| from + i)
        };
        if line.len() < 64 * MARK {
            return walk(0, n);
        }
        let mut marks = self.marks.borrow_mut();
        let marks = marks
            .entry(at)
            .or_insert_with(|| line.char_indices().step_by(MARK).map(|(i, _)| i).collect());
        match marks.get(n / MARK) {
            Some(&from) => walk(from, n % MARK),
            None => line.len(),
        }
    }

    /// Line `at` cut to [`WINDOW`] characters around `column` (marked with
    /// …), made printable, and the column within what is shown.
    fn window(&self, at: usize, line: &str, column: usize) -> (String, usize) {
        if line.len() <= WINDOW {
            return (printable(line), column);
        }
        let start = column.saturating_sub(1).saturating_sub(WINDOW / 3);
        let rest = &line[self.offset(at, line, start)..];
        let end = rest
            .char_indices()
            .nth(WINDOW)
            .map_or(rest.len(), |(i, _)| i);
        let head = if start > 0 { "…" } else { "" };
        let tail = if end < rest.len() { "…" } else { "" };
        let column = column - start + head.chars().count();
        (format!("{head}{}{tail}", printable(&rest[..end])), column)
    }
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
    fn terminal_sequences_in_content_are_shown_not_run() {
        let mut d = Diagnostic::new(RuleId::ControlCharacter, "a\u{1b}[2J.yaml", 1, 8)
            .message("ESC \u{1b}]0;titel\u{7}");
        d.help = Some("\u{202e}bakvänd".into());
        let out = render_human(
            &d,
            Some(&Source::new("title: \u{1b}[2J\0\n")),
            Style { color: false },
        );
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("title: ␛[2J␀"), "{out}");
        assert!(out.contains("a␛[2J.yaml:1:8"), "{out}");
    }

    #[test]
    fn a_huge_line_is_shown_around_the_finding() {
        let line = format!(
            "text: {}FEL{}",
            "a".repeat(5_000_000),
            "b".repeat(5_000_000)
        );
        let d = Diagnostic::new(RuleId::DoublePeriod, "a.yaml", 1, 5_000_007).message("här");
        let mut d = d;
        d.text = Some("FEL".into());
        let out = render_human(&d, Some(&Source::new(&line)), Style { color: false });
        assert!(out.len() < 1_000, "{} bytes", out.len());
        let shown: Vec<char> = out.lines().nth(3).unwrap().chars().collect();
        let carets = out.lines().nth(4).unwrap();
        let at = carets.chars().position(|c| c == '^').unwrap();
        assert_eq!(shown[at..at + 3].iter().collect::<String>(), "FEL", "{out}");
    }

    #[test]
    fn caret_sits_under_the_column_counting_characters() {
        let d = Diagnostic::new(RuleId::ParseError, "a.yaml", 1, 8).message("bad");
        let out = render_human(
            &d,
            Some(&Source::new("title: Umeå\n")),
            Style { color: false },
        );
        assert_eq!(
            out,
            "error[parse-error]: bad\n --> a.yaml:1:8\n  |\n1 | title: Umeå\n  |        ^^^^\n"
        );
    }
}

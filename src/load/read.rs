//! Reading a content file safely: regular files only, a size limit, UTF-8
//! (a byte order mark is fine, UTF-16 is named), and checks that run before
//! the YAML parser so nothing it would drop or choke on goes unnoticed:
//! control characters, a second document, content after `...`, and nesting
//! deeper than a content file ever needs.

use crate::diag::{Diagnostic, Fix, RuleId};
use crate::files::read::{Kind, Refused};
use std::path::Path;

/// Largest content file read by default; a page of the guide is a few kB.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// How much the loader reads, from `[load]` in handbok.toml. A value passed
/// to each load, not a global: a long-running server reads the settings
/// again and must not keep an old limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest content file read, in bytes.
    pub max_file_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: MAX_FILE_SIZE,
        }
    }
}
/// Deepest structure accepted: columns of indentation and compact `- `
/// markers before a line's content, and open flow brackets.
const MAX_INDENT: usize = 256;
const MAX_FLOW: usize = 64;
/// Control characters reported one by one per file, at most.
const MAX_REPORTED: usize = 20;

/// Read `rel` inside `root` as text (through [`crate::files::read`]),
/// refusing what is not a plain file, is reached through a link or is too
/// big, as a finding on the file.
pub fn read_file(root: &Path, rel: &Path, limit: u64) -> Result<String, Box<Diagnostic>> {
    let shown = crate::model::slash_path(rel);
    let kind = Kind::Content(limit);
    let bytes = crate::files::read::bytes_in(root, rel, kind).map_err(|why| {
        let d = Diagnostic::new(RuleId::ParseError, shown.as_str(), 1, 1);
        Box::new(match why {
            Refused::Io(e) => d.message(format!("cannot read file: {e}")),
            Refused::Link | Refused::LinkOnTheWay(_) => d.message(format!(
                "{why}; content files must be plain files inside the content folder"
            )),
            Refused::TooBig { .. } => d
                .message(why.to_string())
                .help("split the page, or raise `max-file-size` under `[load]` in handbok.toml"),
            _ => d.message(why.to_string()),
        })
    })?;
    decode(bytes, &shown)
}

/// UTF-16 without a byte order mark: in its first bytes, every other byte
/// is NUL (the high half of ASCII letters) and the others are not.
fn utf16_unmarked(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256) & !1];
    if head.len() < 8 {
        return false;
    }
    let nul = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let half = head.len() / 2;
    let (even, odd) = (nul(0), nul(1));
    (odd * 4 >= half * 3 && even == 0) || (even * 4 >= half * 3 && odd == 0)
}

/// Bytes as UTF-8 text, without a byte order mark. Invalid UTF-8 is
/// reported at the line and column of the first bad byte.
pub fn decode(mut bytes: Vec<u8>, rel: &str) -> Result<String, Box<Diagnostic>> {
    if bytes.starts_with(&[0xff, 0xfe, 0, 0]) || bytes.starts_with(&[0, 0, 0xfe, 0xff]) {
        return Err(Box::new(
            Diagnostic::new(RuleId::ParseError, rel, 1, 1)
                .message("the file is UTF-32; content files are UTF-8")
                .help("save it as UTF-8 (iconv -f UTF-32 -t UTF-8)"),
        ));
    }
    if bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || utf16_unmarked(&bytes)
    {
        return Err(Box::new(
            Diagnostic::new(RuleId::ParseError, rel, 1, 1)
                .message("the file is UTF-16; content files are UTF-8")
                .help("save it as UTF-8 (iconv -f UTF-16 -t UTF-8)"),
        ));
    }
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = crate::text::line_column(valid, valid.len());
        let bad = e.as_bytes()[valid.len()];
        Box::new(
            Diagnostic::new(RuleId::ParseError, rel, line, column)
                .message(format!("invalid UTF-8 (byte 0x{bad:02x})"))
                .help("save the file as UTF-8"),
        )
    })
}

fn name_of(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\u{7}' => " (BEL)",
        '\u{8}' => " (BACKSPACE)",
        '\u{1b}' => " (ESC)",
        '\u{7f}' => " (DEL)",
        '\u{85}' => " (NEL)",
        _ if (c as u32) >= 0xFDD0 && !c.is_control() => " (a non-character)",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Findings for `text` that the YAML parser would not give, and the text
/// to parse: forbidden characters replaced by U+FFFD (one character for
/// one, so lines and columns stay), nothing after a second document or
/// `...` dropped silently.
pub fn check(text: &str, rel: &str) -> (Vec<Diagnostic>, Option<String>) {
    let mut found = Vec::new();
    let mut forbidden = text
        .char_indices()
        .filter(|&(_, c)| crate::text::is_forbidden(c))
        .peekable();
    let to_parse = forbidden.peek().is_some().then(|| {
        text.chars()
            .map(|c| {
                if crate::text::is_forbidden(c) {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect()
    });
    let mut count = 0;
    for (at, c) in forbidden {
        count += 1;
        if count > MAX_REPORTED {
            continue;
        }
        let (line, column) = crate::text::line_column(text, at);
        let mut d = Diagnostic::new(RuleId::ControlCharacter, rel, line, column)
            .message(format!("control character {} in the text", name_of(c)))
            .help("delete it: it prints as nothing, or breaks the e-book");
        d.fix = Some(Fix {
            start: at,
            end: at + c.len_utf8(),
            replacement: String::new(),
            description: format!("delete {}", name_of(c)),
        });
        found.push(d);
    }
    if count > MAX_REPORTED {
        if let Some(last) = found.last_mut() {
            last.message.push_str(&format!(
                " (and {} more in this file)",
                count - MAX_REPORTED
            ));
        }
    }
    found.extend(documents(text, rel));
    (found, to_parse)
}

/// A second document (`---` after content) or content after an end marker
/// (`...`): the parser reads the first document only.
fn documents(text: &str, rel: &str) -> Option<Diagnostic> {
    let mut seen_content = false;
    let mut ended_at = None;
    for (i, line) in text.lines().enumerate() {
        let is_marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '#']))
        };
        let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
        if let Some(end) = ended_at {
            if !blank && !is_marker("...") {
                return Some(
                    Diagnostic::new(RuleId::ParseError, rel, i + 1, 1)
                        .message(format!(
                            "text after the end marker `...` on line {end} would be ignored"
                        ))
                        .help("delete the `...` line or what follows it"),
                );
            }
        } else if is_marker("---") && seen_content {
            return Some(
                Diagnostic::new(RuleId::ParseError, rel, i + 1, 1)
                    .message("a second YAML document: handbok reads one document per file, the rest would be ignored")
                    .help("put each page in a file of its own"),
            );
        } else if is_marker("...") {
            ended_at = Some(i + 1);
        } else if !blank && !is_marker("---") {
            seen_content = true;
        }
    }
    None
}

/// Nesting deeper than any content file needs, found before the parser
/// (which recurses) can overflow the stack on it.
pub fn too_deep(text: &str, rel: &str) -> Option<Diagnostic> {
    let mut flow = 0usize;
    // The indent of the line that opened a block scalar (`key: |`): lines
    // indented deeper are its text, not structure.
    let mut scalar: Option<usize> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let content = &line[indent..];
        if content.is_empty() {
            continue;
        }
        match scalar {
            Some(at) if indent > at => continue,
            _ => scalar = None,
        }
        let (levels, value) = compact(content);
        let depth = indent + 2 * levels;
        // Brackets open a flow collection only where a value starts with one
        // (or one is already open); in a plain scalar they are text.
        if flow > 0 {
            flow = flow_depth(content, flow);
        } else if value.starts_with(['[', '{']) {
            flow = flow_depth(value, flow);
        }
        if opens_block_scalar(content) {
            scalar = Some(indent);
        }
        if depth > MAX_INDENT || flow > MAX_FLOW {
            return Some(
                Diagnostic::new(RuleId::ParseError, rel, i + 1, 1)
                    .message(format!(
                        "nested too deeply (more than {MAX_INDENT} columns or {MAX_FLOW} brackets); a content file needs a few levels"
                    ))
                    .help("flatten the structure; content files follow the schemas in schemas/"),
            );
        }
    }
    None
}

/// Open flow brackets after `line`, brackets in quotes and comments aside.
fn flow_depth(line: &str, mut flow: usize) -> usize {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q && prev != '\\' => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') if prev == ' ' => break,
            (None, '[' | '{') => flow += 1,
            (None, ']' | '}') => flow = flow.saturating_sub(1),
            _ => {}
        }
        if flow > MAX_FLOW {
            break;
        }
        prev = c;
    }
    flow
}

/// `key: |`, `- >-`, `key: |2 # note`: the rest of the block is text.
fn opens_block_scalar(content: &str) -> bool {
    let code = content.split(" #").next().unwrap_or(content).trim_end();
    let last = code.rsplit([' ', '\t']).next().unwrap_or(code);
    last.starts_with(['|', '>'])
        && last[1..]
            .chars()
            .all(|c| matches!(c, '+' | '-' | '1'..='9'))
        && (code.len() == last.len()
            || code[..code.len() - last.len()]
                .trim_end()
                .ends_with([':', '-']))
}

/// Levels opened on one line before its content (`- `, `? ` and `key: `
/// in `- a: - b: - c`), and that content.
fn compact(mut rest: &str) -> (usize, &str) {
    let mut levels = 0;
    while let Some(r) = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("? "))
        .or_else(|| plain_key(rest))
    {
        rest = r.trim_start_matches(' ');
        levels += 1;
    }
    (levels, rest)
}

/// What follows `key: ` when `rest` starts with a plain mapping key.
fn plain_key(rest: &str) -> Option<&str> {
    let (key, after) = rest.split_once(": ")?;
    let plain = !key.is_empty()
        && !key.starts_with(['\'', '"', '[', '{', '#', '|', '>'])
        && !key.contains('#');
    plain.then_some(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_found_and_replaced_one_for_one() {
        let text = "title: A\0B\u{1b}[2J\u{85}C\u{fffe}\ttab\n";
        let (found, parsed) = check(text, "a.yaml");
        let at: Vec<(usize, usize)> = found.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(1, 9), (1, 11), (1, 15), (1, 17)]);
        assert!(found[0].message.contains("U+0000 (NUL)"));
        assert_eq!(
            parsed.unwrap(),
            "title: A\u{fffd}B\u{fffd}[2J\u{fffd}C\u{fffd}\ttab\n"
        );
        assert_eq!(check("title: Åäö\t\r\n", "a.yaml").1, None);
    }

    #[test]
    fn second_documents_and_text_after_the_end_are_found() {
        let doc = |t: &str| documents(t, "a.yaml").map(|d| (d.line, d.message));
        assert_eq!(doc("---\ntitle: A\n"), None);
        assert_eq!(doc("title: A\n...\n"), None);
        assert!(doc("title: A\n---\ntitle: B\n")
            .unwrap()
            .1
            .contains("second YAML document"));
        assert_eq!(doc("title: A\n...\n\nskräp: [\n").unwrap().0, 4);
        assert_eq!(doc("text: |\n  ---\n  inte en markör\n"), None);
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        assert!(too_deep(&format!("a: {}x\n", "- ".repeat(5000)), "a.yaml").is_some());
        assert!(too_deep(&format!("{}x\n", "[".repeat(100)), "a.yaml").is_some());
        let deep: String = (0..300)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(too_deep(&deep, "a.yaml").is_some());
        assert!(too_deep("a:\n  b:\n    - c\n    - d: [1, {e: 2}]\n", "a.yaml").is_none());
        // Text in a block scalar and brackets in quotes are not structure.
        let prose: String = (0..100)
            .map(|_| "  - Se [http://x Länk utan slut\n")
            .collect();
        assert!(too_deep(&format!("vad: |\n{prose}title: A\n"), "a.yaml").is_none());
        assert!(too_deep(&format!("title: \"{}\"\n", "[".repeat(100)), "a.yaml").is_none());
        assert!(too_deep(
            &format!("vad: |\n  {}x\nb: 1\n", "- ".repeat(500)),
            "a.yaml"
        )
        .is_none());
    }

    #[test]
    fn utf16_is_named_and_a_bom_is_dropped() {
        let err = decode(vec![0xff, 0xfe, b'k', 0], "a.yaml").unwrap_err();
        assert!(err.message.contains("UTF-16"));
        assert_eq!(
            decode("\u{feff}kind: area".into(), "a.yaml").unwrap(),
            "kind: area"
        );
    }
}

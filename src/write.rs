//! Writing content: a small, deterministic YAML emitter (literal blocks for
//! prose, plain scalars where safe, double quotes otherwise). Files are
//! written by `crate::files::write`.

use serde::Serialize;
use serde_json::{Map, Value};

/// Serialize `value` as YAML, optionally preceded by a comment line (e.g. the
/// `yaml-language-server` schema line).
pub fn to_yaml<T: Serialize>(value: &T, header: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(h) = header {
        out.push_str("# ");
        out.push_str(h);
        out.push('\n');
    }
    match serde_json::to_value(value).unwrap_or(Value::Null) {
        Value::Object(map) => mapping(&mut out, &map, 0, false),
        other => {
            scalar(&mut out, &other);
            out.push('\n');
        }
    }
    out
}

fn mapping(out: &mut String, map: &Map<String, Value>, indent: usize, mut inline_first: bool) {
    for (key, value) in map {
        if !inline_first {
            pad(out, indent);
        }
        inline_first = false;
        out.push_str(key);
        out.push(':');
        match value {
            // A table's header, on one line like its rows.
            Value::Array(cells) if key == "header" && is_row(cells) => {
                out.push(' ');
                flow(out, cells);
            }
            _ => nested(out, value, indent, " "),
        }
    }
}

/// Cells that fit a flow sequence: one-line scalars.
fn is_row(cells: &[Value]) -> bool {
    !cells.is_empty() && cells.iter().all(is_one_line)
}

/// `[a, "b, c", ""]` and a line end.
fn flow(out: &mut String, cells: &[Value]) {
    out.push('[');
    for (n, cell) in cells.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        match cell {
            Value::String(s) if plain_safe(s) && !s.contains([',', '[', ']', '{', '}']) => {
                out.push_str(s)
            }
            Value::String(s) => quoted(out, s),
            other => scalar(out, other),
        }
    }
    out.push_str("]\n");
}

fn sequence(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push('-');
        match item {
            // A table's row: its cells on one line, as the editor reads it.
            Value::Array(cells) if is_row(cells) => {
                out.push(' ');
                flow(out, cells);
            }
            Value::Object(m) if !m.is_empty() => {
                out.push(' ');
                mapping(out, m, indent + 2, true);
            }
            other => nested(out, other, indent, " "),
        }
    }
}

/// A value after `key:` or `-`, which sit at `indent`.
fn nested(out: &mut String, value: &Value, indent: usize, sep: &str) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            mapping(out, m, indent + 2, false);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            sequence(out, a, indent + 2);
        }
        Value::String(s) if block_safe(s) => {
            out.push_str(sep);
            block(out, s, indent + 2);
        }
        other => {
            out.push_str(sep);
            scalar(out, other);
            out.push('\n');
        }
    }
}

/// A scalar that is written on one line.
fn is_one_line(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.contains('\n'),
        Value::Array(_) | Value::Object(_) => false,
        _ => true,
    }
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// Multi-line text that a literal block holds exactly.
fn block_safe(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\n'])
        && !s.chars().any(|c| c.is_control() && c != '\n' && c != '\t')
}

fn block(out: &mut String, s: &str, indent: usize) {
    let body = s.trim_end_matches('\n');
    let trailing = s.len() - body.len();
    out.push('|');
    out.push_str(match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    });
    out.push('\n');
    for line in body.split('\n') {
        if !line.is_empty() {
            pad(out, indent);
            out.push_str(line);
        }
        out.push('\n');
    }
    for _ in 1..trailing {
        out.push('\n');
    }
}

fn scalar(out: &mut String, value: &Value) {
    match value {
        Value::String(s) if plain_safe(s) => out.push_str(s),
        Value::String(s) => quoted(out, s),
        Value::Null => out.push('~'),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
        other => out.push_str(&other.to_string()),
    }
}

/// Whether `s` reads back as the same string when written without quotes.
fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let reserved = matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
    );
    !reserved
        && !"-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !first.is_whitespace()
        && !s.ends_with(char::is_whitespace)
        && !s.ends_with(':')
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.chars().any(char::is_control)
        && s.parse::<f64>().is_err()
        && !(first.is_ascii_digit()
            && s.chars()
                .all(|c| c.is_ascii_digit() || "-:.+ _".contains(c)))
}

fn quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(v: Value) {
        let yaml = to_yaml(&v, Some("comment"));
        let node = crate::load::parse(&yaml, "t.yaml").unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        let back: Value = marked_yaml::from_node(&node).unwrap();
        assert_eq!(back, v, "\n{yaml}");
    }

    #[test]
    fn strings_survive_a_round_trip() {
        for s in [
            "Umeå",
            "Läs mer..",
            "- not a list",
            "2 Större test i form av en pilot.",
            "true",
            "2017",
            "a: b",
            "x #y",
            "”vi har bestämt oss”",
            "“vi har bestämt oss”",
            "’’’tillåtande’’’",
            "'quoted'",
            "",
            " leading",
            "trailing ",
            "Botkyrka3 (2).jpg",
            "tab\there",
            "rad ett\nrad två\n",
            "rad ett\nrad två",
            "rad ett\n\n  - indrag\n\n",
            " leading\nblock\n",
            "ctrl\u{7}char\n",
        ] {
            round_trip(json!({ "kind": "article", "title": s, "list": [s, { "text": s }] }));
            round_trip(json!({ "rows": [[s, "a, b", s], ["[x]", "{y}", ""]] }));
        }
    }

    #[test]
    fn a_table_row_is_written_on_one_line() {
        let yaml = to_yaml(
            &json!({ "header": ["Kommun", "År"], "rows": [["Umeå", "130 000", ""], ["a, b", "2015"]] }),
            None,
        );
        assert_eq!(
            yaml,
            "header: [Kommun, År]\nrows:\n  - [Umeå, \"130 000\", \"\"]\n  - [\"a, b\", \"2015\"]\n"
        );
    }

    #[test]
    fn prose_is_written_as_a_literal_block() {
        let yaml = to_yaml(&json!({ "vad": "Engagemang.\n\n- punkt\n" }), None);
        assert_eq!(yaml, "vad: |\n  Engagemang.\n\n  - punkt\n");
    }
}

//! Showing differences: text for terminals, JSON for tools, Markdown for a
//! pull-request comment, and one self-contained HTML page, side by side.

use super::compare::{Change, Kind};
use super::words::{Nature, Op, Span};
use crate::diag::Style;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// LIX of each changed page before and after (None: no page, or no prose).
pub type Readability = BTreeMap<String, (Option<f64>, Option<f64>)>;

/// " · LIX 48 → 51" for a page's header, when it has prose on either side.
fn lix_note(lix: &Readability, id: &str) -> String {
    let show = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.0}"));
    match lix.get(id) {
        Some(&(old, new)) if old.is_some() || new.is_some() => {
            format!(" · LIX {} → {}", show(old), show(new))
        }
        _ => String::new(),
    }
}

pub struct Summary {
    pub pages: usize,
    pub counts: BTreeMap<&'static str, usize>,
}

pub fn summary(changes: &[Change]) -> Summary {
    let mut counts: BTreeMap<&'static str, usize> = ["added", "removed", "changed", "moved"]
        .into_iter()
        .map(|k| (k, 0))
        .collect();
    for c in changes {
        *counts.entry(kind_name(c.kind)).or_default() += 1;
    }
    let pages = changes
        .iter()
        .map(|c| &c.page)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    Summary { pages, counts }
}

pub fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Added => "added",
        Kind::Removed => "removed",
        Kind::Changed => "changed",
        Kind::Moved => "moved",
    }
}

/// Changes grouped by page, pages in order of first appearance.
fn by_page(changes: &[Change]) -> Vec<(&str, &str, Vec<&Change>)> {
    let mut out: Vec<(&str, &str, Vec<&Change>)> = Vec::new();
    for c in changes {
        match out.iter_mut().find(|(id, _, _)| *id == c.page) {
            Some((_, _, list)) => list.push(c),
            None => out.push((&c.page, &c.page_title, vec![c])),
        }
    }
    out
}

fn headline(c: &Change) -> String {
    let what = match (&c.entry, &c.field) {
        (Some(e), Some(f)) => format!("{e}: {f}"),
        (Some(e), None) => e.clone(),
        (None, Some(f)) => f.clone(),
        (None, None) => "page".into(),
    };
    let nature = match c.nature {
        Some(Nature::Punctuation) => " (punctuation only)",
        Some(Nature::Whitespace) => " (white space only)",
        _ => "",
    };
    let note = c.note.as_ref().map_or(String::new(), |n| format!(" — {n}"));
    format!("{what} {}{nature}{note}", kind_name(c.kind))
}

/// The changes for a terminal. Content is shown, never obeyed: control
/// characters from the pages are made visible (see [`crate::diag::printable`]);
/// only the colours are escape sequences.
pub fn text(changes: &[Change], lix: &Readability, stat: bool, colors: Style) -> String {
    let shown: Vec<Change> = changes.iter().map(printable).collect();
    text_raw(&shown, lix, stat, colors)
}

fn printable(c: &Change) -> Change {
    let p = |s: &String| crate::diag::printable(s);
    Change {
        page: p(&c.page),
        page_title: p(&c.page_title),
        entry: c.entry.as_ref().map(p),
        field: c.field.as_ref().map(p),
        old: c.old.as_ref().map(p),
        new: c.new.as_ref().map(p),
        words: c
            .words
            .iter()
            .map(|w| Span {
                op: w.op,
                text: p(&w.text),
            })
            .collect(),
        note: c.note.as_ref().map(p),
        ..c.clone()
    }
}

fn text_raw(changes: &[Change], lix: &Readability, stat: bool, colors: Style) -> String {
    let mut out = String::new();
    for (id, title, list) in by_page(changes) {
        let _ = writeln!(
            out,
            "{}{}",
            colors.paint("1", &format!("{title} ({id})")),
            lix_note(lix, id)
        );
        if stat {
            let s = summary(&list.iter().map(|c| (*c).clone()).collect::<Vec<_>>());
            let parts: Vec<String> = s
                .counts
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(k, n)| format!("{n} {k}"))
                .collect();
            let _ = writeln!(out, "  {}", parts.join(", "));
            continue;
        }
        for c in list {
            let (mark, code) = match c.kind {
                Kind::Added => ("+", "32"),
                Kind::Removed => ("-", "31"),
                Kind::Changed => ("~", "33"),
                Kind::Moved => ("↷", "36"),
            };
            let _ = writeln!(out, "  {} {}", colors.paint(code, mark), headline(c));
            if !c.words.is_empty() {
                let _ = writeln!(out, "{}", indent(&inline_words(&c.words, colors), "      "));
            } else if c.kind != Kind::Moved {
                if let Some(old) = c.old.as_ref().filter(|_| c.kind == Kind::Removed) {
                    let _ = writeln!(out, "{}", indent(&colors.paint("31", old), "      "));
                }
                if let Some(new) = c.new.as_ref().filter(|_| c.kind == Kind::Added) {
                    let _ = writeln!(out, "{}", indent(&colors.paint("32", new), "      "));
                }
            }
        }
    }
    let s = summary(changes);
    let _ = writeln!(
        out,
        "{} page(s): {} added, {} removed, {} changed, {} moved",
        s.pages, s.counts["added"], s.counts["removed"], s.counts["changed"], s.counts["moved"]
    );
    out
}

fn indent(text: &str, pad: &str) -> String {
    text.trim_end_matches('\n')
        .lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `[-old-]{+new+}` as git's word diff writes it, or coloured.
fn inline_words(spans: &[Span], colors: Style) -> String {
    spans
        .iter()
        .map(|s| match s.op {
            Op::Equal => s.text.clone(),
            Op::Delete if colors.color => colors.paint("31;9", &s.text),
            Op::Insert if colors.color => colors.paint("32;4", &s.text),
            Op::Delete => format!("[-{}-]", s.text),
            Op::Insert => format!("{{+{}+}}", s.text),
        })
        .collect()
}

pub fn json(changes: &[Change], lix: &Readability) -> String {
    let s = summary(changes);
    let round = |v: Option<f64>| v.map(|v| (v * 10.0).round() / 10.0);
    let lix: BTreeMap<&String, _> = lix
        .iter()
        .map(|(id, (old, new))| {
            (
                id,
                serde_json::json!({ "old": round(*old), "new": round(*new) }),
            )
        })
        .collect();
    let json = serde_json::json!({
        "changes": changes,
        "lix": lix,
        "summary": { "pages": s.pages, "added": s.counts["added"], "removed": s.counts["removed"], "changed": s.counts["changed"], "moved": s.counts["moved"] },
    })
    .to_string();
    crate::diag::json_safe(json)
}

/// Content as inert Markdown text: nothing in a page can become markup,
/// a link or HTML (`<script>`) in a pull-request comment.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::diag::printable(s).chars() {
        match c {
            '\n' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

pub fn markdown(changes: &[Change], lix: &Readability, old: &str, new: &str) -> String {
    let mut out = format!("### handbok diff: `{old}` → `{new}`\n\n");
    if changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str(
        "| page | added | removed | changed | moved | LIX |\n|---|---:|---:|---:|---:|---:|\n",
    );
    let groups = by_page(changes);
    for (id, title, list) in &groups {
        let n = |k: Kind| list.iter().filter(|c| c.kind == k).count();
        let _ = writeln!(
            out,
            "| {} (`{id}`) | {} | {} | {} | {} | {} |",
            md_escape(title),
            n(Kind::Added),
            n(Kind::Removed),
            n(Kind::Changed),
            n(Kind::Moved),
            lix_note(lix, id).trim_start_matches(" · LIX ")
        );
    }
    for (id, title, list) in groups {
        let _ = writeln!(
            out,
            "\n<details><summary>{} ({id}): {} change(s)</summary>\n",
            html_escape(title),
            list.len()
        );
        for c in list {
            let _ = writeln!(out, "- **{}**", md_escape(&headline(c)));
            if !c.words.is_empty() {
                let body: String = c
                    .words
                    .iter()
                    .map(|s| match s.op {
                        Op::Equal => md_escape(&s.text),
                        Op::Delete => md_marked("del", &s.text),
                        Op::Insert => md_marked("ins", &s.text),
                    })
                    .collect();
                let _ = writeln!(out, "  > {}", body.trim_end());
            }
        }
        out.push_str("\n</details>\n");
    }
    out
}

/// A changed span as `<del>…</del>` or `<ins>…</ins>`: HTML tags, unlike
/// `~~` and `**`, mark any span, also punctuation beside a word ("sex.!")
/// or spaces, which CommonMark's flanking rules leave as literal markers.
/// The span's outer white space stands outside the tags; white space alone
/// is shown as `·`.
fn md_marked(tag: &str, s: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        return format!("<{tag}>{}</{tag}>", "·".repeat(s.chars().count()));
    }
    let before = &s[..s.len() - s.trim_start().len()];
    let after = &s[s.trim_end().len()..];
    format!(
        "{}<{tag}>{}</{tag}>{}",
        md_escape(before),
        md_escape(t),
        md_escape(after)
    )
}

fn html_escape(s: &str) -> String {
    crate::text::escape_xml(&crate::diag::printable(s))
}

fn html_side(c: &Change, keep: Op) -> String {
    if c.kind == Kind::Moved && c.old.is_none() {
        let note = c.note.as_deref().unwrap_or_default();
        return if keep == Op::Delete {
            String::new()
        } else {
            format!("<em>{}</em>", html_escape(note))
        };
    }
    if !c.words.is_empty() {
        return c
            .words
            .iter()
            .filter(|s| s.op == Op::Equal || s.op == keep)
            .map(|s| match s.op {
                Op::Equal => html_escape(&s.text),
                Op::Delete => format!("<del>{}</del>", html_escape(&s.text)),
                Op::Insert => format!("<ins>{}</ins>", html_escape(&s.text)),
            })
            .collect();
    }
    let text = if keep == Op::Delete { &c.old } else { &c.new };
    text.as_deref().map(html_escape).unwrap_or_default()
}

const CSS: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}table{border-collapse:collapse;width:100%;table-layout:fixed}td,th{border:1px solid #ddd;padding:.5em;vertical-align:top;white-space:pre-wrap;word-wrap:break-word}th{background:#f3f3f3;text-align:left}.what{background:#fafafa;font-weight:600;white-space:normal}del{background:#fdd;text-decoration:line-through}ins{background:#dfd;text-decoration:none}.added td.new{background:#efe}.removed td.old{background:#fee}.summary td,.summary th{white-space:normal}.kind{font-size:.85em;color:#555}";

pub fn html(changes: &[Change], lix: &Readability, old: &str, new: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<title>handbok diff: {o} → {n}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<h1>Differences between {o} and {n}</h1>\n",
        o = html_escape(old),
        n = html_escape(new)
    );
    let s = summary(changes);
    let _ = writeln!(
        out,
        "<table class=\"summary\"><tr><th>pages</th><th>added</th><th>removed</th><th>changed</th><th>moved</th></tr><tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr></table>",
        s.pages, s.counts["added"], s.counts["removed"], s.counts["changed"], s.counts["moved"]
    );
    for (id, title, list) in by_page(changes) {
        let _ = writeln!(
            out,
            "<h2>{} <span class=\"kind\">({}){}</span></h2>",
            html_escape(title),
            html_escape(id),
            html_escape(&lix_note(lix, id))
        );
        let _ = writeln!(
            out,
            "<table>\n<tr><th style=\"width:22%\"></th><th>{}</th><th>{}</th></tr>",
            html_escape(old),
            html_escape(new)
        );
        for c in list {
            let _ = writeln!(
                out,
                "<tr class=\"{}\"><td class=\"what\">{}</td><td class=\"old\">{}</td><td class=\"new\">{}</td></tr>",
                kind_name(c.kind),
                html_escape(&headline(c)),
                html_side(c, Op::Delete),
                html_side(c, Op::Insert)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::md_marked;

    #[test]
    fn tags_hug_the_words_and_the_spaces_stay_outside() {
        assert_eq!(md_marked("del", "runt "), "<del>runt</del> ");
        assert_eq!(
            md_marked("ins", " klart och tydligt "),
            " <ins>klart och tydligt</ins> "
        );
        assert_eq!(md_marked("ins", "  "), "<ins>··</ins>");
        assert_eq!(md_marked("del", "."), "<del>.</del>");
        assert_eq!(md_marked("ins", "*"), "<ins>\\*</ins>");
    }
}

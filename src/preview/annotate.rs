//! What the preview adds to a page of the site: the panel of the page's
//! findings, each finding marked where its text is rendered, the
//! preview's stylesheet and its reload script. The site's own renderer
//! knows nothing of this; an export never carries it.

use super::state::Built;
use crate::diag::{Diagnostic, Severity};
use crate::export::ir::Chapter;
use crate::export::xhtml::esc;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;

/// Where the preview's own files are: no page id starts with `_`.
pub const PREFIX: &str = "/_handbok/";

/// The most findings a page lists and marks: past that the page would be
/// the findings more than the text; `handbok lint` lists them all.
const SHOWN: usize = 500;

/// How a finding's link opens its file: a URL pattern with `{path}`,
/// `{line}` and `{column}`; empty for no links.
#[derive(Debug, Clone, Default)]
pub struct Editor(pub String);

impl Editor {
    fn link(&self, root: &Path, d: &Diagnostic) -> Option<String> {
        if self.0.is_empty() {
            return None;
        }
        let path = crate::model::slash_path(&root.join(&d.path));
        Some(
            self.0
                .replace("{path}", &url_path(&path))
                .replace("{line}", &d.line.to_string())
                .replace("{column}", &d.column.to_string()),
        )
    }
}

/// A path as it may stand in a URL: every byte but letters, digits and
/// `/-._~` percent-encoded.
fn url_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A page of the site with the preview's additions. `chapter`: the
/// chapter it shows, and where its title and blocks are in `html`.
pub fn page(
    html: &str,
    chapter: Option<(&Chapter, Vec<Range<usize>>)>,
    built: &Built,
    editor: &Editor,
    start: bool,
) -> String {
    let (mut html, panel) = match chapter {
        Some((chapter, ranges)) => {
            let findings = built.of(&chapter.file);
            let shown = &findings[..findings.len().min(SHOWN)];
            let marked = mark(html, chapter, &ranges, shown);
            let panel = panel(Some(&chapter.file), findings, built, editor, true);
            (marked, panel)
        }
        None if start => (html.to_string(), overview(built, editor)),
        None => (html.to_string(), settings_alert(built)),
    };
    insert_before(&mut html, "<main id=\"innehall\"", &panel);
    frame(&mut html, built.generation);
    versioned(&html, built.media)
}

/// `html` with each image of the site (media, the logo) asked for as of
/// version `media` (0: as written).
fn versioned(html: &str, media: u64) -> String {
    const SRC: &str = "<img src=\"";
    if media == 0 {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(SRC) {
        let start = at + SRC.len();
        let end = rest[start..].find('"').map_or(rest.len(), |i| start + i);
        out.push_str(&rest[..end]);
        let value = &rest[start..end];
        let elsewhere = value.contains(':') || value.starts_with('/');
        if !elsewhere && !value.contains('?') {
            out.push_str(&format!("?v={media}"));
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The preview's stylesheet, generation and script, in any page.
fn frame(html: &mut String, generation: u64) {
    let head = format!(
        "<meta name=\"handbok-generation\" content=\"{generation}\"/>\n<link rel=\"stylesheet\" href=\"{PREFIX}preview.css\"/>\n"
    );
    insert_before(html, "</head>", &head);
    let script = format!("<script src=\"{PREFIX}live.js\"></script>\n");
    insert_before(html, "</body>", &script);
}

fn insert_before(html: &mut String, marker: &str, text: &str) {
    if let Some(at) = html.find(marker) {
        html.insert_str(at, text);
    }
}

/// A page in place of one that cannot be shown: `title`, what went wrong
/// and the findings that say where. It links the site's stylesheet from
/// the root, so it works at any depth.
pub fn error_page(
    title: &str,
    message: &str,
    file: Option<&str>,
    built: &Built,
    editor: &Editor,
) -> String {
    let findings = file.map_or(&[][..], |f| built.of(f));
    // No panel of no findings: the page says what is wrong.
    let panel = match findings.is_empty() && alerts(built).is_empty() {
        true => String::new(),
        false => panel(file, findings, built, editor, false),
    };
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{} – förhandsvisning</title>\n<link rel=\"icon\" href=\"data:,\"/>\n<link rel=\"stylesheet\" href=\"/handbok.css\"/>\n</head>\n<body>\n<header class=\"site\"><a class=\"brand\" href=\"/\">Förhandsvisning</a></header>\n{}<main id=\"innehall\">\n<h1>{}</h1>\n<p>{}</p>\n{}</main>\n</body>\n</html>\n",
        esc(title),
        panel,
        esc(title),
        esc(message),
        sources(findings, built),
    );
    frame(&mut html, built.generation);
    html
}

/// Each finding as `handbok lint` prints it, with the line it is on.
fn sources(findings: &[Diagnostic], built: &Built) -> String {
    let style = crate::diag::Style { color: false };
    // The findings of one file: its lines read once.
    let text = findings.first().and_then(|d| built.sources.get(&d.path));
    let source = text.map(|t| crate::diag::Source::new(t));
    let mut out = String::new();
    for d in findings.iter().take(SHOWN) {
        let source = source
            .as_ref()
            .filter(|_| Some(&d.path) == findings.first().map(|f| &f.path));
        let shown = crate::diag::render_human(d, source, style);
        out.push_str(&format!("<pre class=\"hb-source\">{}</pre>\n", esc(&shown)));
    }
    out
}

/// What bears on every page (broken settings, a word list not used),
/// as a panel of its own.
fn settings_alert(built: &Built) -> String {
    match alerts(built) {
        a if a.is_empty() => a,
        a => format!("<aside class=\"hb-panel\" aria-label=\"Inställningar\">\n{a}</aside>\n"),
    }
}

/// When handbok.toml is broken, or lint has a note on the guide (a word
/// list it cannot use), every page says so.
fn alerts(built: &Built) -> String {
    let settings = built.settings.iter().map(|why| {
        format!("handbok.toml gäller inte, de senaste fungerande inställningarna används: {why}")
    });
    settings
        .chain(built.notes.iter().cloned())
        .map(|a| format!("<p class=\"hb-alert\" role=\"alert\">{}</p>\n", esc(&a)))
        .collect()
}

/// The start page's panel: the guide's findings in numbers, and the
/// files that have them.
fn overview(built: &Built, editor: &Editor) -> String {
    let guide = built.of(crate::load::GUIDE_FILE);
    let mut out = panel(Some(crate::load::GUIDE_FILE), guide, built, editor, false);
    let mut files: Vec<(&String, &Vec<Diagnostic>)> = built
        .findings
        .iter()
        .filter(|(f, list)| !list.is_empty() && f.as_str() != crate::load::GUIDE_FILE)
        .collect();
    files.sort_by(|a, b| a.0.cmp(b.0));
    if files.is_empty() {
        return out;
    }
    let mut list = String::from("<h3>Fynd i handboken</h3>\n<ul class=\"hb-files\">\n");
    for (file, findings) in files.iter().take(200) {
        let id = crate::model::page_id(Path::new(file.as_str()));
        let href = match crate::text::is_page_id(&id) {
            true => format!("{id}/"),
            false => String::new(),
        };
        let label = format!("{file}: {}", count(findings));
        list.push_str(&match href.is_empty() {
            true => format!("<li>{}</li>\n", esc(&label)),
            false => format!("<li><a href=\"{}\">{}</a></li>\n", esc(&href), esc(&label)),
        });
    }
    if files.len() > 200 {
        list.push_str(&format!(
            "<li>… och {} filer till</li>\n",
            files.len() - 200
        ));
    }
    list.push_str("</ul>\n");
    insert_before(&mut out, "</aside>", &list);
    out
}

/// "2 fel, 1 varning".
fn count(findings: &[Diagnostic]) -> String {
    let errors = findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(format!("{errors} fel"));
    }
    match warnings {
        0 => {}
        1 => parts.push("1 varning".to_string()),
        n => parts.push(format!("{n} varningar")),
    }
    parts.join(", ")
}

/// The panel of one file's findings, numbered as they are marked.
/// `marked`: the findings are marked in the page, and linked to.
fn panel(
    file: Option<&str>,
    findings: &[Diagnostic],
    built: &Built,
    editor: &Editor,
    marked: bool,
) -> String {
    let mut out = String::from("<aside class=\"hb-panel\" aria-labelledby=\"hb-panel-rubrik\">\n");
    out.push_str(&alerts(built));
    let heading = match findings.len() {
        0 => "Inga fynd".to_string(),
        _ => format!("Fynd: {}", count(findings)),
    };
    out.push_str(&format!("<h2 id=\"hb-panel-rubrik\">{heading}</h2>\n"));
    if let Some(file) = file {
        out.push_str(&format!("<p class=\"hb-file\">{}</p>\n", esc(file)));
    }
    if !findings.is_empty() {
        out.push_str("<ol class=\"hb-findings\">\n");
        for (n, d) in findings.iter().take(SHOWN).enumerate() {
            out.push_str(&finding(n + 1, d, built, editor, marked));
        }
        out.push_str("</ol>\n");
        if findings.len() > SHOWN {
            out.push_str(&format!(
                "<p class=\"hb-more\">… och {} fynd till; <code>handbok lint {}</code> visar alla.</p>\n",
                findings.len() - SHOWN,
                esc(file.unwrap_or_default())
            ));
        }
    }
    out.push_str("</aside>\n");
    out
}

fn finding(n: usize, d: &Diagnostic, built: &Built, editor: &Editor, marked: bool) -> String {
    let (class, label) = match d.severity {
        Severity::Error => ("hb-error", "Fel"),
        Severity::Warning => ("hb-warning", "Varning"),
    };
    let at = format!("{}:{}:{}", d.path, d.line, d.column);
    let at = match editor.link(&built.root, d) {
        Some(href) => format!(
            "<a class=\"hb-at\" href=\"{}\" title=\"Öppna i redigeraren\">{}</a>",
            esc(&href),
            esc(&at)
        ),
        None => format!("<span class=\"hb-at\">{}</span>", esc(&at)),
    };
    let shown = match marked {
        true => format!(" · <a href=\"#hb-fynd-{n}\">Visa i texten</a>"),
        false => String::new(),
    };
    let mut out = format!(
        "<li id=\"hb-anm-{n}\" class=\"{class}\"><span class=\"hb-sev\">{label}</span> <code>{}</code> {}<br/>{at}{shown}",
        d.rule,
        esc(&d.message)
    );
    if let Some(help) = &d.help {
        out.push_str(&format!(
            "<br/><span class=\"hb-help\">{}</span>",
            esc(help)
        ));
    }
    if let Some(fix) = &d.fix {
        out.push_str(&format!(
            "<br/><span class=\"hb-fix\">Rättning (<code>handbok lint --fix</code>): {}</span>",
            esc(&fix.description)
        ));
    }
    out.push_str("</li>\n");
    out
}

/// `html` with each finding marked in the block its line is in: its text
/// wrapped in `<mark>` where it is rendered, else a note before the block.
/// Each search goes on where the last one of its text left off, so a
/// page of megabytes with thousands of findings is marked at once.
fn mark(html: &str, chapter: &Chapter, ranges: &[Range<usize>], findings: &[Diagnostic]) -> String {
    let mut edits: Vec<(usize, u8, String)> = Vec::new();
    let mut places = Places::new(html);
    // All of the chapter's text: where a finding's text is looked for when
    // its own block does not hold it (its line falls between blocks).
    let all = ranges.first().map_or(0, |r| r.start)..ranges.last().map_or(0, |r| r.end);
    for (i, d) in findings.iter().enumerate() {
        let n = i + 1;
        let block = block_of(chapter, d.line);
        let range = ranges.get(block).cloned().unwrap_or(0..0);
        let class = match d.severity {
            Severity::Error => "hb-error",
            Severity::Warning => "hb-warning",
        };
        let needle = d
            .text
            .as_deref()
            .and_then(|t| t.lines().next())
            .filter(|t| !t.trim().is_empty())
            .map(esc);
        let found = needle.and_then(|needle| {
            places
                .take(range.clone(), &needle)
                .or_else(|| places.take(all.clone(), &needle))
        });
        match found {
            Some(at) => {
                edits.push((
                    at.start,
                    1,
                    format!("<mark class=\"hb-mark {class}\" id=\"hb-fynd-{n}\">"),
                ));
                edits.push((at.end, 0, "</mark>".to_string()));
            }
            None => {
                // After the title, before any other block.
                let place = if block == 0 { range.end } else { range.start };
                let note = format!(
                    "<p class=\"hb-here {class}\" id=\"hb-fynd-{n}\"><a href=\"#hb-anm-{n}\">Fynd {n}</a>: {}</p>\n",
                    esc(&d.message)
                );
                edits.push((place, 2, note));
            }
        }
    }
    // At one place a mark's end comes before another's start, and a note
    // after both; the sort is stable, so notes keep their order.
    edits.sort_by_key(|e| (e.0, e.1));
    let mut out =
        String::with_capacity(html.len() + edits.iter().map(|e| e.2.len()).sum::<usize>());
    let mut copied = 0;
    for (at, _, text) in edits {
        out.push_str(&html[copied..at]);
        out.push_str(&text);
        copied = at;
    }
    out.push_str(&html[copied..]);
    out
}

/// The places of a page's text that findings have taken, which never
/// overlap.
struct Places<'a> {
    html: &'a str,
    /// start → end.
    taken: BTreeMap<usize, usize>,
    /// Per range and text, where its next search starts: what lies
    /// before is taken or overlaps what is, and nothing is given back.
    resume: HashMap<(usize, usize, String), usize>,
}

impl<'a> Places<'a> {
    fn new(html: &'a str) -> Places<'a> {
        Places {
            html,
            taken: BTreeMap::new(),
            resume: HashMap::new(),
        }
    }

    /// The first free place of `needle` in `range`, now taken.
    fn take(&mut self, range: Range<usize>, needle: &str) -> Option<Range<usize>> {
        let key = (range.start, range.end, needle.to_string());
        let from = self.resume.get(&key).copied().unwrap_or(range.start);
        let at =
            find_text(self.html, from.max(range.start)..range.end, needle).find(|at| self.free(at));
        self.resume
            .insert(key, at.as_ref().map_or(range.end, |at| at.end));
        if let Some(at) = &at {
            self.taken.insert(at.start, at.end);
        }
        at
    }

    /// Whether `at` overlaps nothing taken. Only the last place that
    /// starts before `at` ends can: the ones before it end before it starts.
    fn free(&self, at: &Range<usize>) -> bool {
        self.taken
            .range(..at.end)
            .next_back()
            .is_none_or(|(_, &end)| end <= at.start)
    }
}

/// The range index (0: the title) of the block that line `line` is in:
/// the last block starting at or before it.
fn block_of(chapter: &Chapter, line: usize) -> usize {
    chapter
        .lines
        .iter()
        .enumerate()
        .filter(|(_, &start)| start <= line)
        .max_by_key(|(i, &start)| (start, *i))
        .map_or(0, |(i, _)| i + 1)
}

/// Where `needle` (escaped as the page writes text) is in `range` of
/// `html`, in text between tags, never across one: each place, in order,
/// found as it is asked for.
fn find_text<'a>(
    html: &'a str,
    range: Range<usize>,
    needle: &'a str,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let part = html.get(range.clone()).unwrap_or("");
    let mut at = 0;
    let texts = std::iter::from_fn(move || {
        if at >= part.len() {
            return None;
        }
        let end = part[at..].find('<').map_or(part.len(), |i| at + i);
        let text = (at, &part[at..end]);
        at = part[end..].find('>').map_or(part.len(), |i| end + i + 1);
        Some(text)
    });
    texts.flat_map(move |(offset, text)| {
        let base = range.start + offset;
        text.match_indices(needle)
            .map(move |(i, _)| base + i..base + i + needle.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_found_between_tags_only() {
        let html = "<p class=\"mark\">a mark</p><p>mark</p>";
        let places: Vec<_> = find_text(html, 0..html.len(), "mark").collect();
        assert_eq!(places.len(), 2);
        assert_eq!(&html[places[0].start - 2..places[0].end], "a mark");
        assert_eq!(&html[places[1].start - 3..places[1].end], "<p>mark");
        assert_eq!(find_text(html, 0..10, "mark").count(), 0);
        assert_eq!(find_text("<a>b</a>", 0..8, "a").count(), 0);
    }

    #[test]
    fn a_path_is_encoded_for_a_link() {
        assert_eq!(
            url_path("/tmp/en guide/å.yaml"),
            "/tmp/en%20guide/%C3%A5.yaml"
        );
    }
}

//! Tables in scraped pages. A table copied from a browser has its cells
//! split by tabs; one typed or exported as text, by runs of spaces; a page
//! saved as wikitext keeps MediaWiki's `{| … |}` markup. All three become
//! one [`Table`]: the first row is the header.

use super::lines::{Kind, Line, TableForm};
use crate::model::{text, Table, Text};
use regex::Regex;
use std::sync::LazyLock;

/// Cells of a text row: split by a tab, or by two spaces or more.
static SPACES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \u{a0}]{2,}|\t").expect("valid regex"));
/// A cell that reads as prose: a sentence, not a value.
static SENTENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\S+(?:\s+\S+){2,}[.!?]$").expect("valid regex"));

/// How a scraped line's cells are split, or none when it is no row. Tabs
/// always split cells (an empty cell between two tabs is a cell, and a
/// tab at the end ends a cell); spaces only between short values, since
/// prose is typed with double spaces too.
fn row_form(line: &Line) -> Option<TableForm> {
    let text = line.text;
    if text.contains('\t') || line.trail_tabs > 0 {
        return Some(TableForm::Tabs);
    }
    let cells: Vec<&str> = SPACES.split(text).collect();
    let short = cells
        .iter()
        .all(|c| !c.is_empty() && c.split_whitespace().count() <= 6 && !SENTENCE.is_match(c));
    (cells.len() >= 2 && short).then_some(TableForm::Spaces)
}

fn cells(line: &Line) -> Vec<Text> {
    let split: Vec<&str> = match line.kind {
        Kind::Row {
            form: TableForm::Tabs,
        } => std::iter::repeat_n("", line.lead_tabs)
            .chain(line.text.split('\t'))
            .chain(std::iter::repeat_n("", line.trail_tabs.saturating_sub(1)))
            .collect(),
        _ => SPACES.split(line.text).collect(),
    };
    split.into_iter().map(|c| text(c.trim())).collect()
}

/// MediaWiki's table markup from `{|` to its `|}`.
pub fn is_wikitable_start(text: &str) -> bool {
    text.starts_with("{|")
}

/// Runs of scraped rows become tables: two rows at least (a header and a
/// row), one blank line allowed between rows, and for rows split by
/// spaces, a second row as wide as the header, since a lone line with
/// two sentences is prose. Wikitext tables are marked whole.
pub fn mark(lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        if is_wikitable_start(lines[i].text) && lines[i].kind == Kind::Text {
            i = mark_wikitable(lines, i);
            continue;
        }
        let Some(form) = candidate(&lines[i]) else {
            i += 1;
            continue;
        };
        let mut rows = vec![i];
        let mut j = i + 1;
        loop {
            let next = if lines.get(j).is_some_and(|l| l.kind == Kind::Blank) {
                j + 1
            } else {
                j
            };
            match lines.get(next) {
                Some(l) if continues(l, form) => {
                    rows.push(next);
                    j = next + 1;
                }
                _ => break,
            }
        }
        let width = |k: usize| SPACES.split(lines[rows[k]].text).count();
        let fact_box = rows.iter().all(|&r| FACT_BOX.is_match(lines[r].text));
        let table =
            rows.len() >= 2 && !fact_box && (form == TableForm::Tabs || width(0) == width(1));
        if table {
            for &r in &rows {
                lines[r].kind = Kind::Row { form };
            }
        }
        i = j.max(i + 1);
    }
}

/// The wiki's fact box on municipality pages ("Kommun⇥Umeå⇥Till
/// kommunsidan", "Nyckelområde⇥Ledarskap") is a table on the wiki, but
/// the page's metadata here.
static FACT_BOX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Kommun|Nyckelområde):?\s").expect("valid regex"));

fn candidate(line: &Line) -> Option<TableForm> {
    (line.kind == Kind::Text && line.chrome.is_none())
        .then(|| row_form(line))
        .flatten()
}

/// A line that goes on with a table of `form`: a row of that form, or
/// under tab rows, a line that starts with a tab (its first cells are
/// empty, its tab no indent).
fn continues(line: &Line, form: TableForm) -> bool {
    candidate(line) == Some(form)
        || form == TableForm::Tabs && line.kind == Kind::Text && line.lead_tabs > 0
}

/// Marks `{|` … `|}` (nested tables included) from `start`; the index
/// after it. A table never closed runs to the end of the page.
fn mark_wikitable(lines: &mut [Line], start: usize) -> usize {
    let mut depth = 0;
    let mut i = start;
    while i < lines.len() {
        let t = lines[i].text;
        if is_wikitable_start(t) {
            depth += 1;
        } else if t.starts_with("|}") {
            depth -= 1;
        }
        if lines[i].kind != Kind::Blank {
            lines[i].kind = Kind::Row {
                form: TableForm::Wiki,
            };
        }
        i += 1;
        if depth == 0 {
            break;
        }
    }
    i
}

/// The table that starts at `lines[start]`, a row: a wikitext table to
/// its `|}`, scraped rows while they follow one another (one blank line
/// between two rows allowed, as `mark` allows).
pub fn run_at<'l, 'a>(lines: &'l [Line<'a>], start: usize) -> &'l [Line<'a>] {
    let end = match lines[start].kind {
        Kind::Row {
            form: TableForm::Wiki,
            ..
        } => wiki_end(lines, start),
        _ => scraped_end(lines, start),
    };
    &lines[start..end]
}

fn wiki_end(lines: &[Line], start: usize) -> usize {
    let mut depth = 0;
    for (j, l) in lines.iter().enumerate().skip(start) {
        match l.kind {
            Kind::Blank => {}
            Kind::Row {
                form: TableForm::Wiki,
                ..
            } => {
                if is_wikitable_start(l.text) {
                    depth += 1;
                } else if l.text.starts_with("|}") {
                    depth -= 1;
                    if depth == 0 {
                        return j + 1;
                    }
                }
            }
            _ => return j,
        }
    }
    lines.len()
}

fn scraped_end(lines: &[Line], start: usize) -> usize {
    let is_row = |l: Option<&Line>| {
        l.is_some_and(|l| matches!(l.kind, Kind::Row { form, .. } if form != TableForm::Wiki))
    };
    let mut end = start + 1;
    loop {
        if is_row(lines.get(end)) {
            end += 1;
        } else if lines.get(end).is_some_and(|l| l.kind == Kind::Blank)
            && is_row(lines.get(end + 1))
        {
            end += 2;
        } else {
            return end;
        }
    }
}

/// The table a run of rows holds.
pub fn table(run: &[Line]) -> Table {
    match run.first() {
        Some(l) if is_wikitable_start(l.text) => wikitable(run),
        _ => {
            let mut rows = run
                .iter()
                .filter(|l| l.kind != Kind::Blank)
                .map(cells)
                .collect::<Vec<_>>()
                .into_iter();
            let header = rows.next().unwrap_or_default();
            let rows = rows.map(|mut row| {
                // A tab row is short only where the copy trimmed its
                // trailing tabs: those cells were empty.
                if run[0].kind.is_tab_row() && row.len() < header.len() {
                    row.resize_with(header.len(), || text(""));
                }
                row
            });
            Table {
                caption: None,
                rows: rows.collect(),
                header,
            }
        }
    }
}

/// `[[Sida|text]]` → text, `[[Sida]]` → Sida, `'''fet'''` and `''kursiv''`
/// → their words: a cell is plain text.
static WIKI_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]").expect("valid regex"));
static WIKI_EMPHASIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"'{2,5}").expect("valid regex"));
/// Cell attributes before the content: `style="…" | text`.
static ATTRIBUTES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*(?:[a-z-]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s|]+)\s*)+\|(?:[^|]|$)"#)
        .expect("valid regex")
});
static COLSPAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)colspan\s*=\s*["']?(\d{1,2})"#).expect("valid regex"));

/// A cell of wikitext: its content without attributes, and the columns
/// it spans.
fn wiki_cell(raw: &str) -> (String, usize) {
    let (content, span) = match ATTRIBUTES.find(raw) {
        Some(m) => {
            let attrs = &raw[..m.end() - 1];
            let span = COLSPAN
                .captures(attrs)
                .and_then(|c| c[1].parse().ok())
                .unwrap_or(1);
            let pipe = attrs.rfind('|').unwrap_or(0);
            (&raw[pipe + 1..], span)
        }
        None => (raw, 1),
    };
    let plain = WIKI_LINK.replace_all(content, "$1");
    let plain = WIKI_EMPHASIS.replace_all(&plain, "");
    (plain.trim().to_string(), span.clamp(1, 50))
}

/// Splits on `sep` outside `[[…]]` links, whose own `|` is no cell border.
fn split_cells<'t>(line: &'t str, sep: &str) -> Vec<&'t str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    let mut rest = line.char_indices();
    while let Some((i, _)) = rest.next() {
        let here = &line[i..];
        let skip = if here.starts_with("[[") {
            depth += 1;
            1
        } else if here.starts_with("]]") {
            depth = depth.saturating_sub(1);
            1
        } else if depth == 0 && here.starts_with(sep) {
            out.push(&line[start..i]);
            start = i + sep.len();
            sep.len() - 1
        } else {
            0
        };
        // The markers are ASCII: skipping their bytes skips their chars.
        for _ in 0..skip {
            rest.next();
        }
    }
    out.push(&line[start..]);
    out
}

/// Rows of `{| … |}`: `|+` the caption, `|-` a new row, `!` header cells
/// (`!!` between them), `|` data cells (`||` between them), any other line
/// the rest of the cell above. The first row is the header.
fn wikitable(run: &[Line]) -> Table {
    let mut caption = None;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut depth = 0;
    for line in run.iter().filter(|l| l.kind != Kind::Blank) {
        let t = line.text;
        if is_wikitable_start(t) {
            depth += 1;
            continue;
        }
        if let Some(rest) = t.strip_prefix("|}") {
            depth -= 1;
            if !rest.trim().is_empty() {
                continue_cell(&mut row, rest.trim());
            }
            continue;
        }
        if depth > 1 {
            // A table inside a cell: its words go to that cell.
            continue_cell(&mut row, &wiki_cell(t.trim_start_matches(['|', '!'])).0);
            continue;
        }
        if let Some(c) = t.strip_prefix("|+") {
            caption = Some(wiki_cell(c).0).filter(|c| !c.is_empty());
        } else if t.starts_with("|-") {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
        } else if let Some(cells) = t.strip_prefix('!') {
            push_cells(
                &mut row,
                split_cells(cells, "!!")
                    .into_iter()
                    .flat_map(|c| split_cells(c, "||")),
            );
        } else if let Some(cells) = t.strip_prefix('|') {
            push_cells(&mut row, split_cells(cells, "||").into_iter());
        } else {
            continue_cell(&mut row, &wiki_cell(t).0);
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    let mut rows = rows.into_iter().map(|r| r.into_iter().map(text).collect());
    Table {
        caption: caption.map(text),
        header: rows.next().unwrap_or_default(),
        rows: rows.collect(),
    }
}

fn push_cells<'t>(row: &mut Vec<String>, cells: impl Iterator<Item = &'t str>) {
    for raw in cells {
        let (cell, span) = wiki_cell(raw);
        row.push(cell);
        // A cell over two columns keeps the row as wide as the header.
        row.extend(std::iter::repeat_n(String::new(), span - 1));
    }
}

/// A line that goes on with the cell above, or starts the row when the
/// markup has not (nothing is dropped).
fn continue_cell(row: &mut Vec<String>, more: &str) {
    match row.last_mut() {
        Some(last) => {
            if !last.is_empty() && !more.is_empty() {
                last.push(' ');
            }
            last.push_str(more);
        }
        None if !more.is_empty() => row.push(more.to_string()),
        None => {}
    }
}

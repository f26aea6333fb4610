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

/// A scraped row's cells in `form`, each with the column it starts at.
fn cells(line: &Line, form: TableForm) -> Vec<(usize, Text)> {
    if form == TableForm::Tabs {
        return std::iter::repeat_n("", line.lead_tabs)
            .chain(line.text.split('\t'))
            .chain(std::iter::repeat_n("", line.trail_tabs.saturating_sub(1)))
            .map(|c| (0, text(c.trim())))
            .collect();
    }
    let gaps = SPACES.find_iter(line.text).map(|m| (m.start(), m.end()));
    let mut out = Vec::new();
    let mut start = 0;
    for (end, next) in gaps.chain([(line.text.len(), line.text.len())]) {
        let column = line.indent + line.text[..start].chars().count();
        out.push((column, text(line.text[start..end].trim())));
        start = next;
    }
    out
}

/// The number of cells of a scraped row of `form`.
fn width(line: &Line, form: TableForm) -> usize {
    cells(line, form).len()
}

/// MediaWiki's table markup from `{|` to its `|}`.
pub fn is_wikitable_start(text: &str) -> bool {
    text.starts_with("{|")
}

/// Runs of scraped rows become tables: two rows at least (a header and a
/// row), and for rows split by spaces, a second row as wide as the
/// header, since a lone line with two sentences is prose. A blank line
/// between two rows ends the table unless the row after it is as wide as
/// the header. Wikitext tables are marked whole. Each row is marked with
/// its table, so that where a table ends is decided here only.
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
        let header = width(&lines[i], form);
        let mut rows = vec![i];
        let mut j = i + 1;
        loop {
            let blank = lines.get(j).is_some_and(|l| l.kind == Kind::Blank);
            let next = j + usize::from(blank);
            match lines.get(next) {
                Some(l) if continues(l, form) && (!blank || width(l, form) == header) => {
                    rows.push(next);
                    j = next + 1;
                }
                _ => break,
            }
        }
        let fact_box = rows.iter().all(|&r| FACT_BOX.is_match(lines[r].text));
        let second = rows.get(1).map(|&r| width(&lines[r], form));
        let table =
            rows.len() >= 2 && !fact_box && (form == TableForm::Tabs || second == Some(header));
        if table {
            let table = lines[i].no;
            for &r in &rows {
                lines[r].kind = Kind::Row { form, table };
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
/// after it. A table never closed ends at the first blank line: what
/// follows is the page again.
fn mark_wikitable(lines: &mut [Line], start: usize) -> usize {
    let end = wikitable_end(lines, start).unwrap_or_else(|| {
        (start..lines.len())
            .find(|&j| lines[j].kind == Kind::Blank)
            .unwrap_or(lines.len())
    });
    let table = lines[start].no;
    for line in &mut lines[start..end] {
        if line.kind != Kind::Blank {
            line.kind = Kind::Row {
                form: TableForm::Wiki,
                table,
            };
        }
    }
    end
}

/// The index after the `|}` that closes the `{|` at `start`.
fn wikitable_end(lines: &[Line], start: usize) -> Option<usize> {
    let mut depth = 0;
    for (j, line) in lines.iter().enumerate().skip(start) {
        if is_wikitable_start(line.text) {
            depth += 1;
        } else if line.text.starts_with("|}") {
            depth -= 1;
            if depth == 0 {
                return Some(j + 1);
            }
        }
    }
    None
}

/// The table whose first row is `lines[start]`: its rows and the blank
/// lines between them.
pub fn run_at<'l, 'a>(lines: &'l [Line<'a>], start: usize) -> &'l [Line<'a>] {
    let Kind::Row { table, .. } = lines[start].kind else {
        return &lines[start..=start];
    };
    let mut end = start + 1;
    for (j, line) in lines.iter().enumerate().skip(start + 1) {
        match line.kind {
            Kind::Blank => {}
            Kind::Row { table: t, .. } if t == table => end = j + 1,
            _ => break,
        }
    }
    &lines[start..end]
}

/// Whether a wikitext table ends with its `|}`.
pub fn is_closed(run: &[Line]) -> bool {
    run.iter()
        .rev()
        .find(|l| l.kind != Kind::Blank)
        .is_some_and(|l| l.text.starts_with("|}"))
}

/// The table a run of rows holds.
pub fn table(run: &[Line]) -> Table {
    match run.first() {
        Some(l) if is_wikitable_start(l.text) => wikitable(run),
        _ => scraped(run),
    }
}

fn scraped(run: &[Line]) -> Table {
    let form = run[0].kind.table_form().unwrap_or(TableForm::Spaces);
    let tabs = form == TableForm::Tabs;
    let mut rows = run
        .iter()
        .filter(|l| l.kind != Kind::Blank)
        .map(|l| cells(l, form));
    let header = rows.next().unwrap_or_default();
    let starts: Vec<usize> = header.iter().map(|(column, _)| *column).collect();
    let rows = rows.map(|row| {
        let mut row = if !tabs && row.len() < starts.len() {
            by_column(row, &starts)
        } else {
            row.into_iter().map(|(_, c)| c).collect()
        };
        // A tab row is short only where the copy trimmed its trailing
        // tabs: those cells were empty.
        if tabs && row.len() < starts.len() {
            row.resize_with(starts.len(), || text(""));
        }
        row
    });
    Table {
        caption: None,
        rows: rows.collect(),
        header: header.into_iter().map(|(_, c)| c).collect(),
    }
}

/// A short row of a table typed with spaces: each cell goes under the
/// heading it starts nearest to, the others are empty. Where the text
/// does not say (two cells nearest one heading), the row stays as it is
/// and `table-shape` points at it.
fn by_column(row: Vec<(usize, Text)>, starts: &[usize]) -> Vec<Text> {
    let nearest = |column: usize| {
        (0..starts.len())
            .min_by_key(|&k| starts[k].abs_diff(column))
            .unwrap_or(0)
    };
    let places: Vec<usize> = row.iter().map(|(column, _)| nearest(*column)).collect();
    if places.windows(2).any(|w| w[0] >= w[1]) {
        return row.into_iter().map(|(_, c)| c).collect();
    }
    let mut out: Vec<Text> = vec![text(""); starts.len()];
    for ((_, cell), k) in row.into_iter().zip(places) {
        out[k] = cell;
    }
    out
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
    let plain = INLINE_TAG.replace_all(&plain, " ");
    let plain = entities(&plain);
    // As a browser shows it: one space where the markup left several.
    let plain = plain
        .split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (plain, span.clamp(1, 50))
}

/// HTML that wikitext allows in a cell for looks only: its words stay.
static INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(?:b|i|u|s|em|strong|small|big|sup|sub|span|font|center|br|nowiki)\b[^<>]*>",
    )
    .expect("valid regex")
});
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,8}));").expect("valid regex")
});

/// `&amp;`, `&nbsp;`, `&#8211;` as the characters they stand for; an
/// entity not known is left as written.
fn entities(s: &str) -> std::borrow::Cow<'_, str> {
    ENTITY.replace_all(s, |c: &regex::Captures| {
        let named = |name: &str| match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "ndash" => Some('–'),
            "mdash" => Some('—'),
            _ => None,
        };
        let decoded = match (c.get(1), c.get(2), c.get(3)) {
            (Some(d), _, _) => d.as_str().parse().ok().and_then(char::from_u32),
            (_, Some(h), _) => u32::from_str_radix(h.as_str(), 16)
                .ok()
                .and_then(char::from_u32),
            (_, _, Some(n)) => named(n.as_str()),
            _ => None,
        };
        decoded
            .filter(|ch| !ch.is_control())
            .map_or_else(|| c[0].to_string(), String::from)
    })
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

//! Turning runs of scraped lines into CommonMark: one paragraph a line,
//! items as nested lists, image lines as images. Scraped text is text: what
//! CommonMark would read as structure or markup is escaped.

use super::lines::{Kind, Line, Marker};
use crate::text::escape_markdown;

#[derive(Default)]
pub struct Markdown {
    out: String,
    /// Each open list level: raw indent, marker class, and the width its
    /// items' content is indented by in the output.
    levels: Vec<Level>,
    /// A blank line since the last item.
    gap: bool,
    /// The rows of a table being read: written out as a GFM table when a
    /// line that is no row comes (a text field has no table blocks).
    rows: Vec<Row>,
    /// A "Läs mer" lead-in just written, without an address: where it
    /// starts in `out` and its words, for an address on the next line.
    lead_in: Option<(usize, String)>,
}

/// A table row kept until its table ends: the line, its text held here.
struct Row {
    text: String,
    line: Line<'static>,
}

impl Row {
    fn of(line: &Line) -> Row {
        Row {
            text: line.text.to_string(),
            line: Line {
                text: "",
                chrome: None,
                no: line.no,
                kind: line.kind,
                indent: line.indent,
                lead_tabs: line.lead_tabs,
                trail_tabs: line.trail_tabs,
            },
        }
    }
}

#[derive(Clone, Copy)]
struct Level {
    indent: usize,
    class: char,
    width: usize,
}

impl Markdown {
    pub fn push(&mut self, line: &Line) {
        if !matches!(line.kind, Kind::Blank | Kind::Url) {
            self.lead_in = None;
        }
        match line.kind {
            // Rows, and the blank lines between them, wait for the
            // tables to end: where one ends and the next starts is
            // decided on all of them, as in a section.
            Kind::Row { .. } => return self.rows.push(Row::of(line)),
            Kind::Blank if !self.rows.is_empty() => return self.rows.push(Row::of(line)),
            _ => self.tables(),
        }
        match line.kind {
            Kind::Row { .. } => {}
            Kind::Blank => self.gap = true,
            Kind::Chrome => {}
            Kind::Text if self.continues_item(line) => {
                // A wrapped item: the line belongs to the item above it.
                let pad: usize = self.levels.iter().map(|l| l.width).sum();
                self.out.extend(std::iter::repeat_n(' ', pad));
                self.out.push_str(&escape_markdown(line.text));
                self.out.push('\n');
            }
            Kind::Item { indent, marker } => self.item(indent, marker, line.text),
            Kind::Image => {
                let (file, alt, caption) = super::lines::image_of(line.text);
                let alt = escape_markdown(alt.unwrap_or_default());
                // The wiki's caption as the image's title: nothing is lost.
                let title = caption.map_or(String::new(), |c| {
                    format!(" \"{}\"", c.replace('\\', "\\\\").replace('"', "\\\""))
                });
                self.paragraph(&format!("![{alt}](<{file}>{title})"))
            }
            Kind::ReadMore => self.read_more(line.text),
            Kind::Url if self.lead_in.is_some() => {
                if let Some((at, words)) = self.lead_in.take() {
                    self.out.truncate(at);
                    let url = line.text.trim_matches(['<', '>']);
                    if let Some(link) = super::lines::web_link(&words, Some(url)) {
                        self.link(link);
                    }
                }
            }
            Kind::Text | Kind::Url | Kind::Placeholder => {
                self.paragraph(&escape_markdown(line.text))
            }
        }
    }

    /// "Läs mer: https://…" in prose is a link to the address; a lead-in
    /// without one waits for an address on the next line.
    fn read_more(&mut self, line: &str) {
        let bare = line.trim_matches(['*', '\'']).trim();
        match super::lines::web_link(bare, None) {
            Some(link) => self.link(link),
            None => {
                let at = self.out.len();
                self.paragraph(&escape_markdown(line));
                self.lead_in = Some((at, bare.to_string()));
            }
        }
    }

    fn link(&mut self, (words, url): (String, String)) {
        self.paragraph(&format!("[{}](<{url}>)", escape_markdown(&words)));
    }

    fn continues_item(&self, line: &Line) -> bool {
        !self.gap && self.levels.last().is_some_and(|l| line.indent > l.indent)
    }

    fn paragraph(&mut self, text: &str) {
        self.levels.clear();
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn item(&mut self, indent: usize, marker: Marker, text: &str) {
        self.gap = false;
        let class = marker.class();
        while self.levels.last().is_some_and(|l| l.indent > indent) {
            self.levels.pop();
        }
        let starts_list = self.levels.is_empty();
        // At the same indent, a glyph seen on an open level goes back to that
        // level; a new glyph nests (`•` then `◦` on the same column).
        if let Some(k) = self
            .levels
            .iter()
            .rposition(|l| l.indent == indent && l.class == class)
        {
            self.levels.truncate(k);
        }
        if starts_list && !self.out.is_empty() {
            self.out.push('\n');
        }
        let marker = match marker {
            Marker::Number(n, delim) => format!("{n}{delim} "),
            Marker::Bullet(_) | Marker::Letter(..) => "- ".to_string(),
        };
        let nested_under: usize = self.levels.iter().map(|l| l.width).sum();
        self.out.extend(std::iter::repeat_n(' ', nested_under));
        self.out.push_str(&marker);
        self.out.push_str(&escape_markdown(text));
        self.out.push('\n');
        self.levels.push(Level {
            indent,
            class,
            width: marker.len(),
        });
    }

    /// The rows read so far as GFM tables, one for each table in them.
    fn tables(&mut self) {
        let rows = std::mem::take(&mut self.rows);
        let lines: Vec<Line> = rows
            .iter()
            .map(|r| Line {
                text: &r.text,
                ..r.line
            })
            .collect();
        let mut i = 0;
        while i < lines.len() {
            if lines[i].kind == Kind::Blank {
                i += 1;
                continue;
            }
            let run = super::table::run_at(&lines, i);
            self.table(&super::table::table(run));
            i += run.len();
        }
    }

    /// `table` as a GFM table, its header as wide as the widest row (GFM
    /// drops cells past the header's).
    fn table(&mut self, table: &crate::model::Table) {
        if let Some(c) = &table.caption {
            self.paragraph(&escape_markdown(c));
        }
        let width = table.width();
        let row = |cells: &[crate::model::Text]| {
            let mut out = String::from("|");
            for k in 0..width {
                let cell = cells.get(k).map_or("", |c| c.as_str());
                out.push_str(&format!(" {} |", escape_markdown(cell).replace('|', "\\|")));
            }
            out
        };
        let mut md = row(&table.header);
        md.push_str(&format!("\n|{}", " --- |".repeat(width)));
        for r in &table.rows {
            md.push('\n');
            md.push_str(&row(r));
        }
        self.paragraph(&md);
    }

    pub fn finish(mut self) -> Option<String> {
        self.tables();
        (!self.out.is_empty()).then_some(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::classify;

    fn md(text: &str) -> String {
        let mut m = Markdown::default();
        classify(text).iter().for_each(|l| m.push(l));
        m.finish().unwrap_or_default()
    }

    #[test]
    fn nested_numbered_lists_keep_their_numbers() {
        assert_eq!(
            md("  1. Testat\n    1. personal\n    2. brukare\n\nNågra provar\n\n3. Rutiner."),
            "1. Testat\n   1. personal\n   2. brukare\n\nNågra provar\n\n3. Rutiner.\n"
        );
    }

    #[test]
    fn bullets_nest_by_indent() {
        assert_eq!(
            md("Intro\n  • Ingå\n      • Fokus\n      • Intervjuer\n  • Support"),
            "Intro\n\n- Ingå\n  - Fokus\n  - Intervjuer\n- Support\n"
        );
    }

    #[test]
    fn bullets_nest_by_glyph_on_the_same_column() {
        assert_eq!(
            md("• Ett\n◦ Under ett\n◦ Också under\n▪ Djupast\n• Två\n  a) Först\n  b) Sedan"),
            "- Ett\n  - Under ett\n  - Också under\n    - Djupast\n- Två\n  - a) Först\n  - b) Sedan\n"
        );
    }

    #[test]
    fn wrapped_items_tabs_and_wiki_stars_keep_the_list() {
        assert_eq!(
            md("  • Ett långt stycke som\n    bryts över två rader\n\t◦ Under, med tab\n* Stjärna\n** Understjärna"),
            "- Ett långt stycke som\n  bryts över två rader\n  - Under, med tab\n\n- Stjärna\n  - Understjärna\n"
        );
    }

    #[test]
    fn scraped_text_is_never_markup() {
        assert_eq!(
            md("# Inte en rubrik\n2017. Året då\n> inget citat\nText med *stjärnor*, _under_, <b>html</b> och [länk](x)"),
            "\\# Inte en rubrik\n\n2017\\. Året då\n\n\\> inget citat\n\nText med \\*stjärnor\\*, \\_under\\_, \\<b>html\\</b> och \\[länk\\](x)\n"
        );
    }
}

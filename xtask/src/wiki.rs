//! Pages of the content model written back as scraped wiki text, the way
//! real pages of the wiki come: for proving that `handbok import` reads any
//! such page back into the same model, and for import benchmarks.
//!
//! [`vary`] changes a generated page the way real pages differ (revision
//! lines on every kind, old "Kommun: Titel" lists, placeholders, glued
//! images, nested and numbered lists, text that looks like markup, long-form
//! pages); [`Knobs`] choose how it is written (chrome and footers, bullet
//! glyphs, nesting by indent or by glyph, numbering, line ends, a byte order
//! mark, white space).

use crate::corpus::Rng;
use handbok::model::{
    text, Area, Article, Block, Example, Image, Municipality, PageBody, Revision, Section, Table,
    Text,
};
use handbok::text::unescape_markdown;
use std::fmt::Write as _;

/// Page `i` of a generated guide as the wiki would show it: the varied
/// model (what import must give back), the knobs and the text.
pub fn wiki_page(i: usize, body: &PageBody) -> (PageBody, Knobs, String) {
    let mut rng = Rng(i as u64 * 7919 + 17);
    let knobs = Knobs::vary(&mut rng);
    let expected = vary(body, &knobs, &mut rng);
    let text = render(&expected, &knobs);
    (expected, knobs, text)
}

/// How one page is written.
#[derive(Debug, Clone)]
pub struct Knobs {
    /// 0: no chrome, 1: "Från …" and "Hoppa till", 2: also the diff line.
    pub chrome: u8,
    pub footer: bool,
    /// "(Diskussion | bidrag)" after the revision line.
    pub talk_suffix: bool,
    /// Glyphs by nesting depth.
    pub bullets: [char; 3],
    /// Nested bullets on the same column, told apart by glyph.
    pub nest_by_glyph: bool,
    /// Spaces per nesting level, and before top-level items.
    pub indent: usize,
    pub lead: usize,
    /// `1.` or `1)`.
    pub number_delim: char,
    /// Lettered items written as `a)` lines rather than bullets.
    pub letters: bool,
    pub crlf: bool,
    pub bom: bool,
    pub trailing_space: bool,
    /// The title again as a heading under the page name.
    pub repeat_title: bool,
    /// The municipality's name line under "Så gör …".
    pub model_name: bool,
    /// "Kommun …"/"Nyckelområde …" lines on municipality pages.
    pub kommun_lines: bool,
    /// `-` or `–` in "Kommun - Område".
    pub dash: char,
    /// MediaWiki's table of contents ("Innehåll [dölj]", "1 Vad?", …)
    /// under the chrome.
    pub toc: bool,
    /// Edit links after headings: 0 none, 1 "[redigera | redigera
    /// wikitext]" glued, 2 " [redigera]" spaced, 3 "[edit]" glued.
    pub edit_links: u8,
    /// "Hoppa till navigering Hoppa till sök", as newer skins print it.
    pub hop_spelled_out: bool,
    /// How a "Läs mer" with a web address is written: 0 "Läs mer: URL",
    /// 1 "Läs mer på URL", 2 bold, 3 the address on the next line.
    pub url_form: u8,
    /// How tables are written: 0 cells split by tabs (a browser's copy),
    /// 1 by runs of spaces (a text export), 2 wikitext with `!!`/`||`,
    /// 3 wikitext with a cell a line.
    pub table_form: u8,
}

impl Knobs {
    pub fn vary(rng: &mut Rng) -> Knobs {
        let mut flip = || rng.next().is_multiple_of(2);
        let glyph_sets = [
            ['•', '◦', '▪'],
            ['–', '–', '–'],
            ['*', '-', '·'],
            ['•', '•', '•'],
            // Word's outline levels, and its symbol-font bullets pasted.
            ['-', 'o', '§'],
            ['\u{f0b7}', 'o', '\u{f0a7}'],
        ];
        let (chrome, footer, talk_suffix) = (0, flip(), flip());
        let (crlf, bom, trailing_space, repeat_title) = (flip(), flip(), flip(), flip());
        let (model_name, kommun_lines, letters) = (flip(), flip(), flip());
        let dash = if flip() { '-' } else { '–' };
        let number_delim = if flip() { '.' } else { ')' };
        let bullets = glyph_sets[(rng.next() % glyph_sets.len() as u64) as usize];
        let (toc, hop_spelled_out) = (rng.next().is_multiple_of(2), rng.next().is_multiple_of(2));
        let (edit_links, url_form) = ((rng.next() % 4) as u8, (rng.next() % 4) as u8);
        let table_form = (rng.next() % 4) as u8;
        Knobs {
            chrome: chrome + (rng.next() % 3) as u8,
            footer,
            talk_suffix,
            nest_by_glyph: bullets[0] != bullets[1] && rng.next().is_multiple_of(2),
            bullets,
            indent: [2, 4][(rng.next() % 2) as usize],
            lead: (rng.next() % 3) as usize,
            number_delim,
            letters,
            crlf,
            bom,
            trailing_space,
            repeat_title,
            model_name,
            kommun_lines,
            dash,
            toc,
            edit_links,
            hop_spelled_out,
            url_form,
            table_form,
        }
    }
}

/// The page as the wiki shows it.
pub fn render(body: &PageBody, k: &Knobs) -> String {
    let mut w = Writer {
        k,
        lines: Vec::new(),
        headings: Vec::new(),
        toc_at: 0,
    };
    w.page(body);
    w.contents();
    let eol = if k.crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    if k.bom {
        out.push('\u{feff}');
    }
    for line in &w.lines {
        out.push_str(line);
        if k.trailing_space && !line.is_empty() {
            out.push_str("  ");
        }
        out.push_str(eol);
    }
    out
}

struct Writer<'k> {
    k: &'k Knobs,
    lines: Vec<String>,
    /// The headings written, for the table of contents.
    headings: Vec<String>,
    /// Where the table of contents goes: after the chrome.
    toc_at: usize,
}

impl Writer<'_> {
    fn line(&mut self, s: impl Into<String>) {
        self.lines.push(s.into());
    }

    fn blank(&mut self) {
        self.lines.push(String::new());
    }

    fn page(&mut self, body: &PageBody) {
        let name = match body {
            PageBody::Municipality(m) => {
                format!("{} {} {}", *m.municipality, self.k.dash, *m.area)
            }
            _ => body.title().to_string(),
        };
        self.line(name);
        self.blank();
        self.chrome(body.revision());
        match body {
            PageBody::Area(a) => self.area(a),
            PageBody::Municipality(m) => self.municipality(m),
            PageBody::Article(a) => self.article(a),
        }
        if self.k.footer {
            self.footer(body.title());
        }
    }

    fn chrome(&mut self, revision: Option<&Revision>) {
        if self.k.chrome > 0 {
            self.line("Från Mittköping");
        }
        if let Some(r) = revision {
            let line = handbok::import::revision_line(r).expect("generated dates are valid");
            let suffix = if self.k.talk_suffix {
                " (Diskussion | bidrag)"
            } else {
                ""
            };
            self.line(format!("{line}{suffix}"));
        }
        if self.k.chrome > 1 {
            self.line("(skillnad) ← Äldre version | Nuvarande version (skillnad) | Nyare version → (skillnad)");
        }
        if self.k.chrome > 0 {
            self.line(match self.k.hop_spelled_out {
                true => "Hoppa till navigering Hoppa till sök",
                false => "Hoppa till:navigering, sök",
            });
        }
        self.toc_at = self.lines.len();
    }

    /// MediaWiki's table of contents of the headings written, where the
    /// wiki puts it: under the chrome.
    fn contents(&mut self) {
        if !self.k.toc || self.headings.is_empty() {
            return;
        }
        let mut toc = vec![String::new(), "Innehåll [dölj]".to_string()];
        for (n, h) in self.headings.iter().enumerate() {
            toc.push(format!("{} {h}", n + 1));
        }
        toc.push(String::new());
        let at = self.toc_at;
        self.lines.splice(at..at, toc);
    }

    fn footer(&mut self, title: &str) {
        self.blank();
        for line in [
            format!(
                "Hämtad från ”https://mittkoping.se/index.php?title={}”",
                title.replace(' ', "_")
            ),
            "Kategori: Nyckelområden".into(),
            "Denna sida redigerades senast den 2 augusti 2017 kl. 23.23.".into(),
            "Integritetspolicy".into(),
            "Om Mittköping".into(),
            "Förbehåll".into(),
        ] {
            self.line(line);
        }
    }

    fn heading(&mut self, h: &str) {
        self.blank();
        self.headings.push(h.to_string());
        let edit = [
            "",
            "[redigera | redigera wikitext]",
            " [redigera]",
            "[edit]",
        ];
        self.line(format!("{h}{}", edit[self.k.edit_links as usize % 4]));
        self.blank();
    }

    fn repeated_title(&mut self, title: &Text, display: Option<&Text>) {
        if let Some(d) = display {
            self.line(d.as_str());
        } else if self.k.repeat_title {
            self.line(title.as_str());
        }
    }

    fn area(&mut self, a: &Area) {
        self.repeated_title(&a.title, a.display_title.as_ref());
        self.images(&a.images);
        for (label, prose) in [("Vad?", &a.vad), ("Vem?", &a.vem), ("Hur?", &a.hur)] {
            if let Some(p) = prose {
                self.heading(label);
                self.prose(p);
            }
        }
        if let Some(m) = &a.model {
            self.heading(&format!("Så gör {}", m.who()));
            if self.k.model_name {
                self.line(m.who());
                self.blank();
            }
            self.example_body(m);
        }
        if !a.examples.is_empty() {
            self.heading("Exempel från kommuner i Sverige");
            self.examples(&a.examples);
        }
        self.sections(&a.sections);
    }

    fn examples(&mut self, list: &[Example]) {
        for e in list {
            self.line(e.who());
            self.blank();
            self.example_body(e);
        }
    }

    fn example_body(&mut self, e: &Example) {
        if let Some(t) = &e.title {
            self.line(t.as_str());
            self.blank();
        }
        self.images(&e.images);
        if let Some(s) = &e.summary {
            self.prose(s);
        }
        let Some(link) = &e.read_more else { return };
        let shown = link.text.as_ref().map_or("Läs mer", |t| t.as_str());
        match link.to.as_ref().filter(|_| link.is_url()) {
            Some(url) => match self.k.url_form % 4 {
                0 => self.line(format!("{shown}: {}", url.as_str())),
                1 => self.line(format!("{shown} på {}", url.as_str())),
                2 => self.line(format!("**{shown}: {}**", url.as_str())),
                _ => {
                    self.line(format!("{shown}:"));
                    self.line(url.as_str());
                }
            },
            None => self.line(shown),
        }
        self.blank();
    }

    /// An old static list: "Kommun: Titel" lines, each with its text.
    fn old_list(&mut self, list: &[Example]) {
        for e in list {
            let title = e.title.as_ref().expect("old lists have titles");
            let sep = if title.starts_with(char::is_lowercase) {
                " "
            } else {
                ": "
            };
            self.line(format!("{}{sep}{}", e.who(), title.as_str()));
            self.blank();
            if let Some(s) = &e.summary {
                self.prose(s);
            }
        }
    }

    fn images(&mut self, images: &[Image]) {
        for i in images {
            self.line(i.file.as_str());
            self.blank();
        }
    }

    fn municipality(&mut self, m: &Municipality) {
        if self.k.kommun_lines {
            self.line(format!("Kommun {} Till kommunsidan", *m.municipality));
            self.line(format!(
                "Nyckelområde {} Till nyckelområdets huvudsida",
                *m.area
            ));
        }
        self.blank();
        self.line(m.title.as_str());
        for (label, prose) in [("Sammanfattning", &m.summary), ("Detaljer", &m.details)] {
            if let Some(p) = prose {
                self.heading(label);
                self.prose(p);
            }
        }
    }

    fn article(&mut self, a: &Article) {
        self.repeated_title(&a.title, a.display_title.as_ref());
        self.sections(&a.sections);
    }

    fn sections(&mut self, sections: &[Section]) {
        for s in sections {
            if let Some(h) = &s.heading {
                self.heading(h);
            }
            for b in &s.body {
                match b {
                    Block::Text(t) => self.prose(t),
                    Block::Image(i) => self.images(std::slice::from_ref(i)),
                    Block::Examples(list) if list.iter().all(|e| e.read_more.is_none()) => {
                        self.old_list(list)
                    }
                    Block::Examples(list) => self.examples(list),
                    Block::Table(t) => self.table(t),
                }
            }
        }
    }

    /// A table as the knob says: tab- or space-separated rows, or
    /// MediaWiki's markup.
    fn table(&mut self, t: &Table) {
        let rows: Vec<Vec<&str>> = std::iter::once(&t.header)
            .chain(&t.rows)
            .map(|r| r.iter().map(|c| c.as_str()).collect())
            .collect();
        match self.k.table_form {
            0 => rows.iter().for_each(|r| self.line(r.join("\t"))),
            1 => {
                let width = |c: usize| {
                    rows.iter()
                        .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                        .max()
                        .unwrap_or(0)
                };
                let widths: Vec<usize> = (0..t.header.len()).map(width).collect();
                for r in &rows {
                    let cells: Vec<String> = r
                        .iter()
                        .zip(&widths)
                        .map(|(c, w)| format!("{c:<w$}"))
                        .collect();
                    self.line(cells.join("  ").trim_end().to_string());
                }
            }
            form => {
                self.line("{| class=\"wikitable\"");
                if let Some(c) = &t.caption {
                    self.line(format!("|+ {}", c.as_str()));
                }
                for (n, r) in rows.iter().enumerate() {
                    let (mark, sep) = if n == 0 { ("!", " !! ") } else { ("|", " || ") };
                    if n > 0 {
                        self.line("|-");
                    }
                    if form == 2 {
                        self.line(format!("{mark} {}", r.join(sep)));
                    } else {
                        r.iter().for_each(|c| self.line(format!("{mark} {c}")));
                    }
                }
                self.line("|}");
            }
        }
        self.blank();
    }

    /// CommonMark prose as scraped lines: a line a paragraph, items with
    /// their glyph or number, images as file names.
    fn prose(&mut self, md: &str) {
        // Content columns of the open list items, outermost first.
        let mut open: Vec<usize> = Vec::new();
        for line in md.lines() {
            if line.trim().is_empty() {
                self.blank();
                continue;
            }
            let col = line.len() - line.trim_start().len();
            let rest = line.trim_start();
            let marker = list_marker(rest);
            let Some((marker, number)) = marker else {
                open.clear();
                self.paragraph(rest);
                continue;
            };
            while open.last().is_some_and(|&c| c > col) {
                open.pop();
            }
            let depth = open.len();
            open.push(col + marker.len());
            let item = unescape_markdown(&rest[marker.len()..]);
            self.item(depth, number, &item);
        }
        self.blank();
    }

    fn paragraph(&mut self, md: &str) {
        let file = md.strip_prefix("![](<").and_then(|r| r.strip_suffix(">)"));
        match file {
            Some(f) => self.line(f),
            None => self.line(unescape_markdown(md)),
        }
    }

    fn item(&mut self, depth: usize, number: Option<&str>, text: &str) {
        let k = self.k;
        let by_glyph = k.nest_by_glyph && depth < 3 && number.is_none();
        let indent = k.lead + if by_glyph { 0 } else { depth * k.indent };
        let pad = " ".repeat(indent);
        let letter = text.len() > 3
            && text.as_bytes()[0].is_ascii_lowercase()
            && text.as_bytes()[1] == b')'
            && text.as_bytes()[2] == b' ';
        let mut line = String::new();
        let _ = match number {
            Some(n) => write!(line, "{pad}{n}{} {text}", k.number_delim),
            None if letter && k.letters => write!(line, "{pad}{text}"),
            None => write!(line, "{pad}{} {text}", k.bullets[depth.min(2)]),
        };
        self.line(line);
    }
}

/// `- ` or `12. ` at the start of a Markdown line: the marker and the number.
fn list_marker(line: &str) -> Option<(&str, Option<&str>)> {
    if line.starts_with("- ") {
        return Some((&line[..2], None));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let after = line.get(digits..)?;
    (digits > 0 && (after.starts_with(". ") || after.starts_with(") ")))
        .then(|| (&line[..digits + 2], Some(&line[..digits])))
}

/// Change a generated page the way real pages differ. What comes back is
/// the model the wiki text must import to.
pub fn vary(body: &PageBody, k: &Knobs, rng: &mut Rng) -> PageBody {
    let mut body = body.clone();
    let table = (rng.next() % 100 < 30).then(|| figures(k, rng));
    let mut chance = |percent: u64| rng.next() % 100 < percent;
    let revision = chance(50).then(|| Revision {
        date: text("2017-08-02 23:23"),
        author: text("Isrjo"),
    });
    let url_links = chance(40);
    let (old_list, qualifier, placeholder, glued, markup, nested, numbered, lettered, article) = (
        chance(30),
        chance(50),
        chance(20),
        chance(15),
        chance(15),
        chance(30),
        chance(20),
        chance(15),
        chance(15),
    );
    match &mut body {
        PageBody::Area(a) => {
            a.revision = revision;
            a.sections.extend(table.clone());
            if old_list && a.examples.len() >= 4 {
                let list = old_list_of(&a.examples[a.examples.len() - 3..], qualifier);
                a.sections.push(Section {
                    heading: Some(text("Den gamla statiska listan")),
                    level: Some(handbok::model::Spanned::blank(2)),
                    body: vec![Block::Examples(list)],
                });
            }
            if let (true, Some(e)) = (placeholder, a.examples.first_mut()) {
                let summary = e.summary.as_deref().map_or("", String::as_str);
                let forms = [
                    "Bild kommer senare",
                    "BILD: TBD",
                    "(illustration saknas)",
                    "Bilden läggs in senare",
                ];
                let form = forms[(rng.next() % forms.len() as u64) as usize];
                e.summary = Some(text(format!("{form}\n\n{summary}")));
            }
            if url_links {
                // Some examples link to the municipality's own site.
                for (n, e) in a.examples.iter_mut().enumerate().step_by(3) {
                    let site = handbok::model::slug(e.who());
                    e.read_more = Some(handbok::model::ReadMore {
                        text: Some(text("Läs mer")),
                        to: Some(text(format!("https://www.{site}.se/digitalisering/{n}"))),
                    });
                }
            }
            if let (true, Some(vad)) = (glued, &mut a.vad) {
                *vad = text(format!(
                    "{}.Introbild-{}.jpg\n",
                    vad.trim_end().trim_end_matches('.'),
                    rng.next() % 100
                ));
            }
            if let (true, Some(hur)) = (markup, &mut a.hur) {
                // Written as an editor would, independently of the importer's escaping.
                *hur = text(format!(
                    "{}\n{}\n\n{}\n",
                    hur.as_str(),
                    r"\# Inte en rubrik, utan \*text\* med \<b>taggar\</b> och \[hakar\]",
                    r"2017\. Året då allt började\_ \> 3 \& \`kod\`"
                ));
            }
        }
        PageBody::Municipality(m) => {
            m.revision = revision;
            if let Some(d) = &mut m.details {
                *d = text(relist(d, nested, numbered, lettered));
            }
            if placeholder {
                let summary = m.summary.as_deref().map_or("", String::as_str);
                m.summary = Some(text(format!(
                    "{summary}\nhär ska illustrationen in (Littles pyramid).\n"
                )));
            }
            if article {
                let mut sections = Vec::new();
                if let Some(s) = &m.summary {
                    sections.push(Section {
                        heading: None,
                        level: None,
                        body: vec![Block::Text(s.clone())],
                    });
                }
                if let Some(d) = &m.details {
                    sections.push(Section {
                        heading: Some(text("Bakgrund")),
                        level: Some(handbok::model::Spanned::blank(2)),
                        body: vec![Block::Text(d.clone())],
                    });
                }
                sections.extend(table);
                return PageBody::Article(Box::new(Article {
                    kind: text("article"),
                    title: m.title.clone(),
                    display_title: None,
                    aliases: Vec::new(),
                    revision: m.revision.clone(),
                    municipality: None,
                    sections,
                    unplaced: Vec::new(),
                }));
            }
        }
        PageBody::Article(a) => a.revision = revision,
    }
    body
}

/// A section "I siffror" with a table of 2–4 columns and 1–4 rows: names,
/// figures, years, a few words; empty cells where the form can show them
/// (a tab between two tabs, an empty wikitext cell), a caption where it
/// has one (wikitext).
fn figures(k: &Knobs, rng: &mut Rng) -> Section {
    const HEADER: [&str; 6] = [
        "Kommun",
        "Invånare",
        "Start",
        "Ansvarig",
        "Tjänster",
        "Status",
    ];
    const CELLS: [&str; 10] = [
        "Umeå",
        "130 000",
        "2015",
        "Kommunchefen",
        "12",
        "Pågår",
        "IT-enheten",
        "Ja",
        "Hälso- och sjukvård",
        "Region Västerbotten",
    ];
    let width = 2 + (rng.next() % 3) as usize;
    let height = 1 + (rng.next() % 4) as usize;
    let empties = k.table_form != 1;
    let header = HEADER[..width].iter().map(|h| text(*h)).collect();
    let rows = (0..height)
        .map(|_| {
            let mut row: Vec<_> = (0..width)
                .map(|_| {
                    let c = CELLS[(rng.next() % CELLS.len() as u64) as usize];
                    if empties && rng.next().is_multiple_of(8) {
                        ""
                    } else {
                        c
                    }
                })
                .collect();
            if row.iter().all(|c| c.is_empty()) {
                row[0] = "Umeå";
            }
            row.into_iter().map(text).collect()
        })
        .collect();
    let caption =
        (k.table_form >= 2 && rng.next().is_multiple_of(2)).then(|| text("Läget i kommunerna"));
    Section {
        heading: Some(text("I siffror")),
        level: Some(handbok::model::Spanned::blank(2)),
        body: vec![Block::Table(Box::new(Table {
            caption,
            header,
            rows,
        }))],
    }
}

/// The last examples again, as the old static list wrote them: no link,
/// and sometimes a lower-case qualifier ("Malmö vård/omsorg: …").
fn old_list_of(examples: &[Example], qualifier: bool) -> Vec<Example> {
    examples
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let title = e.title.as_deref().map_or("Utan titel", String::as_str);
            let title = if qualifier && i % 2 == 0 {
                format!("vård/omsorg: {title}")
            } else {
                title.to_string()
            };
            Example {
                municipality: e.municipality.clone(),
                organisation: e.organisation.clone(),
                title: Some(text(title)),
                images: Vec::new(),
                summary: e.summary.clone(),
                read_more: None,
            }
        })
        .collect()
}

/// A "- item" list made nested, numbered or lettered.
fn relist(md: &str, nested: bool, numbered: bool, lettered: bool) -> String {
    let mut out = String::new();
    let mut n = 0;
    for line in md.lines() {
        let Some(item) = line.strip_prefix("- ") else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        n += 1;
        let letter = (b'a' + (n as u8 - 1) % 26) as char;
        let _ = match (numbered, nested && n % 2 == 0, lettered) {
            (true, true, _) => writeln!(out, "   - {item}"),
            (true, false, _) => writeln!(out, "{n}. {item}"),
            (false, true, true) => writeln!(out, "  - {letter}) {item}"),
            (false, true, false) => writeln!(out, "  - {item}"),
            (false, false, _) => writeln!(out, "- {item}"),
        };
    }
    out
}

//! The elements of the book: cover, contents, chapters and their blocks.

use super::pages::{Layout, Shared};
use super::tags::{Dest, Item, SharedTree, Tagged};
use super::{err, Paper};
use crate::export::ir::{
    Block, Book, Chapter, ExampleBlock, ImageRef, Inline, Source, TableBlock, Target,
};
use crate::Error;
use genpdf::elements::{
    Break, FrameCellDecorator, FramedElement, Image, LinearLayout, PaddedElement, Paragraph,
    TableLayout,
};
use genpdf::render::Area;
use genpdf::style::{Color, Style, StyledString};
use genpdf::{Alignment, Context, Element, Margins, Mm, RenderResult, Scale, Size};
use image::GenericImageView;

/// Room a section heading takes, for keeping it with what follows.
const HEADING_MM: f64 = 14.0;
/// Room for the first lines under a heading (three lines of body text).
const FOLLOWING_MM: f64 = 15.0;

/// A boxed element is an element (genpdf only takes sized ones).
struct Boxed(Box<dyn Element>);

impl Element for Boxed {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        self.0.render(context, area, style)
    }
}

pub struct Writer<'a> {
    pub book: &'a Book,
    pub paper: Paper,
    pub tree: SharedTree,
}

/// The colour of link text.
const LINK_BLUE: Color = Color::Rgb(31, 78, 121);

impl Writer<'_> {
    /// A new structure element under `parent`.
    fn node(&self, parent: usize, role: &'static str) -> usize {
        self.tree.borrow_mut().add(parent, role)
    }

    /// `inner` drawn as a new structure element under `parent`.
    fn leaf<E: Element>(&self, parent: usize, role: &'static str, inner: E) -> Tagged<E> {
        Tagged {
            node: self.node(parent, role),
            role,
            inner,
            links: false,
        }
    }

    /// A one-line paragraph tagged `role` under `parent`.
    fn line(&self, parent: usize, role: &'static str, text: &str, style: Style) -> Boxed {
        Boxed(Box::new(self.leaf(
            parent,
            role,
            Paragraph::new(text.to_string()).styled(style),
        )))
    }

    pub fn cover(&self, doc: &mut genpdf::Document, parent: usize) {
        let sect = self.node(parent, "Sect");
        doc.push(Break::new(10));
        let title = Paragraph::new(self.book.title.clone())
            .aligned(Alignment::Center)
            .styled(Style::new().bold().with_font_size(32).without_hyphens());
        doc.push(self.leaf(sect, "H1", title));
        if let Some(s) = &self.book.subtitle {
            doc.push(Break::new(1));
            let subtitle = Paragraph::new(s.clone())
                .aligned(Alignment::Center)
                .styled(Style::new().italic().with_font_size(15).without_hyphens());
            doc.push(self.leaf(sect, "P", subtitle));
        }
        doc.push(Break::new(6));
        let edition = self.book.edition_line();
        let edition = Paragraph::new(edition)
            .aligned(Alignment::Center)
            .styled(Style::new().with_font_size(11).without_hyphens());
        doc.push(self.leaf(sect, "P", edition));
    }

    /// A part's title page, under `parent`; the node its chapters go in.
    pub fn part(&self, doc: &mut genpdf::Document, parent: usize, title: &str) -> usize {
        let part = self.node(parent, "Part");
        let style = Style::new().bold().with_font_size(26).without_hyphens();
        let title = Paragraph::new(title.to_string())
            .aligned(Alignment::Center)
            .styled(style);
        doc.push(self.leaf(part, "H1", title));
        part
    }

    pub fn chapter(
        &self,
        doc: &mut genpdf::Document,
        parent: usize,
        chapter: &Chapter,
    ) -> Result<(), Error> {
        let sect = self.node(parent, "Sect");
        let style = Style::new().bold().with_font_size(20).without_hyphens();
        doc.push(self.line(sect, "H2", &chapter.title, style));
        doc.push(Break::new(0.6));
        let mut blocks = chapter.blocks.iter().peekable();
        while let Some(block) = blocks.next() {
            // A heading stays with the image that follows it.
            if let (Block::Heading(..), Some(Block::Image(i))) = (block, blocks.peek()) {
                let heading = self.block(sect, block)?;
                doc.push(Boxed(self.figure(sect, i, Some((heading, HEADING_MM)))?));
                blocks.next();
                continue;
            }
            // A heading never ends a page: it moves on with the headings
            // right under it and what follows them.
            if let Block::Heading(..) = block {
                let is_heading = |b: &&Block| matches!(b, Block::Heading(..));
                let under = blocks.clone().take_while(is_heading).count();
                let following = blocks
                    .clone()
                    .nth(under)
                    .map_or(0.0, |next| self.kept_mm(next));
                doc.push(KeepTogether {
                    inner: self.block(sect, block)?,
                    height: Mm::from(HEADING_MM * (1 + under) as f64 + following),
                    deferred: false,
                });
                continue;
            }
            doc.push(self.block(sect, block)?);
        }
        Ok(())
    }

    /// The table of contents under `parent`, built when it is first
    /// rendered: it comes last, so every page number is known by then.
    pub fn contents(&self, parent: usize, track: Shared) -> Contents {
        let mut rows = Vec::new();
        let mut c = 0;
        for (p, part) in self.book.parts.iter().enumerate() {
            rows.push(Row::Part(p, part.title.clone()));
            for chapter in &part.chapters {
                rows.push(Row::Chapter(c, chapter.title.clone()));
                c += 1;
            }
        }
        Contents {
            track,
            rows,
            table: None,
            tree: self.tree.clone(),
            parent,
        }
    }

    fn block(&self, parent: usize, block: &Block) -> Result<Boxed, Error> {
        Ok(Boxed(match block {
            Block::Heading(level, text) => {
                let (role, style) = match level {
                    2 => ("H3", Style::new().bold().with_font_size(14)),
                    3 => ("H4", Style::new().bold().with_font_size(12)),
                    _ => ("H5", Style::new().bold().italic().with_font_size(11)),
                };
                Box::new(PaddedElement::new(
                    self.line(parent, role, text, style.without_hyphens()),
                    Margins::trbl(4, 0, 1.5, 0),
                ))
            }
            Block::Para(inlines) => Box::new(PaddedElement::new(
                self.para(parent, inlines),
                Margins::trbl(0, 0, 2.5, 0),
            )),
            Block::Meta(meta) => Box::new(PaddedElement::new(
                self.line(
                    parent,
                    "P",
                    &meta.line(),
                    Style::new()
                        .italic()
                        .with_font_size(9)
                        .with_color(Color::Greyscale(90)),
                ),
                Margins::trbl(0, 0, 3, 0),
            )),
            Block::List { start, items } => self.list(parent, *start, items)?,
            Block::Summary(parts) => {
                let div = self.node(parent, "Div");
                let mut inner = LinearLayout::vertical();
                for (label, blocks) in parts {
                    // Vad? Vem? Hur?: headings, as in the e-book.
                    let style = Style::new().bold().with_color(LINK_BLUE).without_hyphens();
                    inner.push(self.line(div, "H3", label, style));
                    for b in blocks {
                        inner.push(self.block(div, b)?);
                    }
                }
                Box::new(PaddedElement::new(
                    FramedElement::new(PaddedElement::new(inner, Margins::all(4))),
                    Margins::trbl(1, 0, 4, 0),
                ))
            }
            Block::Example(e) => self.example(parent, e)?,
            Block::Image(i) => self.figure(parent, i, None)?,
            Block::Table(t) => self.table(parent, t)?,
        }))
    }

    /// A table too wide for the page is printed in parts of as many
    /// columns as fit, each part after the first led by the first column
    /// again (what its rows are about) and captioned as a continuation.
    fn table(&self, parent: usize, t: &TableBlock) -> Result<Box<dyn Element>, Error> {
        let fit = ((self.paper.text_width() / MIN_COLUMN_MM) as usize).max(2);
        let parts = column_parts(t.header.len(), fit);
        if parts.len() == 1 {
            return self.table_part(parent, t);
        }
        let mut layout = LinearLayout::vertical();
        for (n, columns) in parts.iter().enumerate() {
            let mut part = TableBlock {
                caption: t.caption.clone(),
                header: columns.iter().map(|&c| t.header[c].clone()).collect(),
                rows: t
                    .rows
                    .iter()
                    .map(|r| columns.iter().map(|&c| r[c].clone()).collect())
                    .collect(),
            };
            if n > 0 {
                let (first, last) = (columns[1] + 1, columns[columns.len() - 1] + 1);
                let named = t.caption.as_deref().unwrap_or("Tabellen");
                part.caption = Some(format!("{named}, forts. (kolumn {first}–{last})"));
            }
            layout.push(Boxed(self.table_part(parent, &part)?));
        }
        Ok(Box::new(layout))
    }

    /// A framed table, its caption above it. Each row is a `TR`, each cell
    /// a `TH` (the header row) or `TD`, empty ones included, so a screen
    /// reader finds every row as wide as the header.
    fn table_part(&self, parent: usize, t: &TableBlock) -> Result<Box<dyn Element>, Error> {
        let node = self.node(parent, "Table");
        let mut layout = LinearLayout::vertical();
        if let Some(c) = &t.caption {
            let style = Style::new().italic().with_font_size(9);
            layout.push(PaddedElement::new(
                self.line(node, "Caption", c, style),
                Margins::trbl(0, 0, 1.5, 0),
            ));
        }
        let mut grid = TableLayout::new(column_weights(t));
        grid.set_cell_decorator(FrameCellDecorator::new(true, true, true));
        let header = Style::new().bold().with_font_size(9).without_hyphens();
        grid.push_row(self.table_row(node, "TH", &t.header, header))
            .map_err(err)?;
        for row in &t.rows {
            grid.push_row(self.table_row(node, "TD", row, Style::new().with_font_size(9)))
                .map_err(err)?;
        }
        layout.push(grid);
        // The header never stands alone at the foot of a page.
        Ok(Box::new(KeepTogether {
            inner: PaddedElement::new(layout, Margins::trbl(1, 0, 4, 0)),
            height: Mm::from(if t.rows.is_empty() { 12.0 } else { 20.0 }),
            deferred: false,
        }))
    }

    fn table_row(
        &self,
        table: usize,
        role: &'static str,
        cells: &[String],
        style: Style,
    ) -> Vec<Box<dyn Element>> {
        let tr = self.tree.borrow_mut().add_kept(table, "TR");
        cells
            .iter()
            .map(|cell| {
                let node = self.tree.borrow_mut().add_kept(tr, role);
                let text = Paragraph::new(cell.clone()).styled(style);
                Box::new(Tagged {
                    node,
                    role,
                    inner: PaddedElement::new(text, Margins::trbl(1.2, 1.5, 1.2, 1.5)),
                    links: false,
                }) as Box<dyn Element>
            })
            .collect()
    }

    /// A paragraph under `parent`; each link in it is a `Link` of its own.
    fn para(&self, parent: usize, inlines: &[Inline]) -> Tagged<Paragraph> {
        let node = self.node(parent, "P");
        let mut p = Paragraph::default();
        let mut links = false;
        for i in inlines {
            let mut style = Style::new();
            if i.bold {
                style = style.bold();
            }
            if i.italic {
                style = style.italic();
            }
            if let Some(dest) = self.dest(i) {
                let link = self.link(node, dest, &i.text);
                style = style.with_color(LINK_BLUE).with_link(link);
                links = true;
            }
            p.push(StyledString::new(i.text.clone(), style));
        }
        Tagged {
            node,
            role: "P",
            inner: p,
            links,
        }
    }

    /// A `Link` element under `parent`, described for a screen reader.
    fn link(&self, parent: usize, dest: Dest, text: &str) -> u32 {
        let description = match &dest {
            Dest::Uri(u) => format!("{text} ({u})"),
            Dest::Chapter(c) => {
                let title = self
                    .book
                    .chapters()
                    .nth(*c)
                    .map_or("", |c| c.title.as_str());
                format!("{text} (kapitlet {title})")
            }
            Dest::Part(_) => text.to_string(),
        };
        let node = self.node(parent, "Link");
        let mut tree = self.tree.borrow_mut();
        tree.nodes[node].dest = Some(dest);
        tree.nodes[node].alt = Some(description);
        node as u32
    }

    /// Where a link in prose leads: a chapter file of the e-book is that
    /// chapter; the web and e-mail stay as they are.
    fn dest(&self, i: &Inline) -> Option<Dest> {
        match i.link.as_ref()? {
            Target::Chapter(id) => self.chapter_index(id).map(Dest::Chapter),
            Target::Url(u) => Some(Dest::Uri(u.clone())),
            Target::None => None,
        }
    }

    fn chapter_index(&self, id: &str) -> Option<usize> {
        self.book.chapters().position(|c| c.id == id)
    }

    fn items(&self, parent: usize, blocks: &[Block]) -> Result<Box<dyn Element>, Error> {
        if let [Block::Para(i)] = blocks {
            return Ok(Box::new(self.para(parent, i)));
        }
        let mut layout = LinearLayout::vertical();
        for b in blocks {
            layout.push(self.block(parent, b)?);
        }
        Ok(Box::new(layout))
    }

    fn list(
        &self,
        parent: usize,
        start: Option<u64>,
        items: &[Vec<Block>],
    ) -> Result<Box<dyn Element>, Error> {
        let list = self.node(parent, "L");
        let mut layout = LinearLayout::vertical();
        for (n, item) in items.iter().enumerate() {
            let li = self.node(list, "LI");
            let lbl = self.node(li, "Lbl");
            let body = self.node(li, "LBody");
            let label = start.map_or("•".to_string(), |s| format!("{}.", s + n as u64));
            let content =
                PaddedElement::new(Boxed(self.items(body, item)?), Margins::trbl(0, 0, 1, 0));
            layout.push(Item::new(label, lbl, content));
        }
        Ok(Box::new(PaddedElement::new(
            layout,
            Margins::trbl(0, 0, 2, 0),
        )))
    }

    fn example(&self, parent: usize, e: &ExampleBlock) -> Result<Box<dyn Element>, Error> {
        let div = self.node(parent, "Div");
        let mut inner = LinearLayout::vertical();
        let kicker = Style::new().bold().with_font_size(8).with_color(LINK_BLUE);
        inner.push(self.line(div, "P", &e.who.to_uppercase(), kicker));
        if let Some(t) = &e.title {
            inner.push(PaddedElement::new(
                self.line(
                    div,
                    "H4",
                    t,
                    Style::new().bold().with_font_size(11).without_hyphens(),
                ),
                Margins::trbl(0, 0, 1.5, 0),
            ));
        }
        for b in &e.blocks {
            inner.push(self.block(div, b)?);
        }
        if let Some(read_more) = e.link.as_ref().and_then(|l| self.read_more(div, l)) {
            inner.push(read_more);
        }
        let framed = PaddedElement::new(
            FramedElement::new(PaddedElement::new(inner, Margins::all(3.5))),
            Margins::trbl(1, 0, 4, 0),
        );
        // A short example stays on one page; a long one may split.
        let height = self.example_mm(e);
        if height > self.kept_max() {
            return Ok(Box::new(framed));
        }
        Ok(Box::new(KeepTogether {
            inner: framed,
            height: Mm::from(height),
            deferred: false,
        }))
    }

    /// The room a block needs at the top of the page it starts on: all of a
    /// short example (it is kept whole), the first lines of anything else.
    fn kept_mm(&self, block: &Block) -> f64 {
        match block {
            Block::Example(e) => Some(self.example_mm(e)),
            _ => None,
        }
        .filter(|&mm| mm <= self.kept_max())
        .unwrap_or(FOLLOWING_MM)
    }

    /// Examples taller than this may split across pages.
    fn kept_max(&self) -> f64 {
        self.paper.text_height() / 2.0
    }

    /// A generous estimate of an example's height (genpdf cannot measure
    /// without rendering): 2 mm a character, 4.6 mm a line of body text.
    fn example_mm(&self, e: &ExampleBlock) -> f64 {
        let per_line = (self.paper.text_width() - 7.0) / 2.0;
        let lines = |chars: usize| (chars as f64 / per_line).ceil().max(1.0);
        let title = e
            .title
            .as_ref()
            .map_or(0.0, |t| lines(t.chars().count()) * 5.5 + 1.5);
        let body: f64 = e
            .blocks
            .iter()
            .map(|b| block_lines(b, &lines) * 4.6 + 2.5)
            .sum();
        let link = if e.link.is_some() { 4.6 } else { 0.0 };
        7.0 + 4.0 + 5.0 + title + body + link
    }

    /// "Läs mer → Chapter" or "Läs mer → URL" as a link. A target neither
    /// in the book nor on the web (lint reports it) is no link: its named
    /// text stays as plain text, a bare "Läs mer" is left out.
    fn read_more(
        &self,
        parent: usize,
        link: &crate::export::ir::Link,
    ) -> Option<Tagged<Paragraph>> {
        let (dest, shown) = match &link.target {
            // By title: the contents give its page.
            Target::Chapter(id) => {
                let c = self.chapter_index(id)?;
                let title = self.book.chapters().nth(c)?.title.clone();
                (Dest::Chapter(c), title)
            }
            Target::Url(u) => (Dest::Uri(u.clone()), u.clone()),
            // Named text that leads nowhere stays, as plain text (the IR
            // has left out a bare "Läs mer").
            Target::None => {
                let style = Style::new().italic().with_font_size(9);
                return Some(Tagged {
                    node: self.node(parent, "P"),
                    role: "P",
                    inner: {
                        let mut p = Paragraph::default();
                        p.push(StyledString::new(link.text.clone(), style));
                        p
                    },
                    links: false,
                });
            }
        };
        let node = self.node(parent, "P");
        let style = Style::new().italic().with_font_size(9);
        let text = format!("{} → {shown}", link.text);
        let link = self.link(node, dest, &text);
        let mut p = Paragraph::default();
        p.push(StyledString::new(text, style.with_link(link)));
        Some(Tagged {
            node,
            role: "P",
            inner: p,
            links: true,
        })
    }

    /// An image at 300 dpi, scaled to the text width but never more than
    /// 60 % of the page's height, and the room it takes in mm.
    fn picture(&self, pixels: &image::DynamicImage) -> Result<(Boxed, f64), Error> {
        const DPI: f64 = 300.0;
        let (w_mm, h_mm) = (
            f64::from(pixels.width()) / DPI * 25.4,
            f64::from(pixels.height()) / DPI * 25.4,
        );
        let scale = (self.paper.text_width() / w_mm)
            .min(self.paper.text_height() * 0.6 / h_mm)
            .min(4.0);
        let element = Image::from_dynamic_image(pixels.clone())
            .map_err(err)?
            .with_dpi(DPI)
            .with_scale(Scale::new(scale, scale))
            .with_alignment(Alignment::Center);
        Ok((Boxed(Box::new(element)), h_mm * scale + 6.0))
    }

    /// An image with its caption, and the heading before it if any, kept
    /// together on one page. An ornament is an artifact; so is the framed
    /// placeholder that stands in for a missing image in a draft.
    fn figure(
        &self,
        parent: usize,
        i: &ImageRef,
        heading: Option<(Boxed, f64)>,
    ) -> Result<Box<dyn Element>, Error> {
        let (element, mut height) = match &i.source {
            Source::File { media, pixels } => {
                let decoded = pixels
                    .get(media)
                    .map_err(|p| Error::new(format!("{}: {}", i.at, p.describe(&media.file))))?;
                self.picture(&decoded)?
            }
            Source::Placeholder(file) => placeholder(file),
        };
        let mut layout = LinearLayout::vertical();
        if let Some((h, mm)) = heading {
            layout.push(h);
            height += mm;
        }
        let described = matches!(i.source, Source::File { .. }) && i.alt.is_some();
        if described {
            let figure = self.leaf(parent, "Figure", element);
            self.tree.borrow_mut().nodes[figure.node].alt = i.alt.clone();
            layout.push(figure);
        } else {
            layout.push(element);
        }
        if let Some(c) = &i.caption {
            let caption = Paragraph::new(c.clone())
                .aligned(Alignment::Center)
                .styled(Style::new().italic().with_font_size(9));
            let role = if described { "Caption" } else { "P" };
            layout.push(PaddedElement::new(
                self.leaf(parent, role, caption),
                Margins::trbl(1.5, 0, 0, 0),
            ));
            height += 10.0;
        }
        let kept = KeepTogether {
            inner: PaddedElement::new(layout, Margins::trbl(2, 0, 4, 0)),
            height: Mm::from(height),
            deferred: false,
        };
        Ok(Box::new(kept))
    }
}

/// A framed box with the file name where an image is missing, and the
/// room it takes in mm.
fn placeholder(file: &str) -> (Boxed, f64) {
    let text = Paragraph::new(format!("Bild saknas: {file}"))
        .aligned(Alignment::Center)
        .styled(
            Style::new()
                .italic()
                .with_color(Color::Greyscale(90))
                .without_hyphens(),
        );
    let framed = FramedElement::new(PaddedElement::new(text, Margins::trbl(14, 4, 14, 4)));
    (Boxed(Box::new(framed)), 40.0)
}

/// An element that needs `height` of room (an image and its caption, a
/// heading and the first lines after it): when the rest of the page is
/// shorter, it starts on the next page.
struct KeepTogether<E: Element> {
    inner: E,
    height: Mm,
    deferred: bool,
}

impl<E: Element> Element for KeepTogether<E> {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        if !self.deferred && area.size().height < self.height {
            self.deferred = true;
            return Ok(RenderResult {
                size: Size::new(0, 0),
                has_more: true,
            });
        }
        self.inner.render(context, area, style)
    }
}

/// Lines a block takes, given how many lines `chars` characters take.
fn block_lines(block: &Block, lines: &dyn Fn(usize) -> f64) -> f64 {
    let chars = |inlines: &[Inline]| inlines.iter().map(|i| i.text.chars().count()).sum();
    match block {
        Block::Para(inlines) => lines(chars(inlines)),
        Block::Heading(_, t) => lines(t.chars().count()),
        Block::Meta(m) => lines(m.line().chars().count()),
        Block::List { items, .. } => items.iter().flatten().map(|b| block_lines(b, lines)).sum(),
        Block::Summary(parts) => parts
            .iter()
            .flat_map(|(_, blocks)| blocks)
            .map(|b| 1.0 + block_lines(b, lines))
            .sum(),
        Block::Example(e) => e.blocks.iter().map(|b| block_lines(b, lines)).sum(),
        Block::Image(_) => 0.0,
        Block::Table(t) => (1 + t.rows.len()) as f64,
    }
}

/// The narrowest a table column is printed.
const MIN_COLUMN_MM: f64 = 20.0;

/// The columns of each part of a table `width` columns wide, `fit` to a
/// part: 0..fit, then column 0 with the next fit − 1, and so on.
fn column_parts(width: usize, fit: usize) -> Vec<Vec<usize>> {
    if width <= fit {
        return vec![(0..width).collect()];
    }
    let mut parts = vec![(0..fit).collect::<Vec<_>>()];
    let mut next = fit;
    while next < width {
        let end = (next + fit - 1).min(width);
        parts.push(std::iter::once(0).chain(next..end).collect());
        next = end;
    }
    parts
}

/// Column widths after the longest cell of each column, within limits so
/// a column of short figures is not squeezed to nothing beside long text,
/// and never under its longest word (a word is not broken in a cell).
fn column_weights(t: &TableBlock) -> Vec<usize> {
    let cells = |c: usize| {
        std::iter::once(&t.header)
            .chain(&t.rows)
            .filter_map(move |row| row.get(c))
    };
    (0..t.header.len())
        .map(|c| {
            let longest = cells(c).map(|s| s.chars().count()).max().unwrap_or(0);
            let word = cells(c)
                .flat_map(|s| s.split_whitespace())
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0);
            longest.clamp(4, 40).max(word.min(40))
        })
        .collect()
}

enum Row {
    Part(usize, String),
    Chapter(usize, String),
}

/// The table of contents: part and chapter titles with their pages.
pub struct Contents {
    track: Shared,
    rows: Vec<Row>,
    table: Option<LinearLayout>,
    tree: SharedTree,
    parent: usize,
}

impl Contents {
    /// "Innehåll", then a `TOC` whose entries (`TOCI`) are each one link
    /// to the page: the title and the page number.
    fn build(&self) -> Result<LinearLayout, genpdf::error::Error> {
        let layout = &self.track.borrow().layout;
        let page = |list: &[usize], i: usize| {
            list.get(i)
                .map_or_else(String::new, |&p| Layout::printed(p).to_string())
        };
        let mut tree = self.tree.borrow_mut();
        let mut out = LinearLayout::vertical();
        let heading = tree.add(self.parent, "H1");
        out.push(Tagged {
            node: heading,
            role: "H1",
            inner: Paragraph::new("Innehåll")
                .styled(Style::new().bold().with_font_size(20).without_hyphens()),
            links: false,
        });
        out.push(Break::new(0.8));
        let toc = tree.add(self.parent, "TOC");
        let mut table = TableLayout::new(vec![12, 1]);
        for row in &self.rows {
            let (title, number, style, top, indent, dest) = match row {
                Row::Part(p, t) => (
                    t,
                    page(&layout.part_pages, *p),
                    Style::new().bold(),
                    2,
                    0,
                    Dest::Part(*p),
                ),
                Row::Chapter(c, t) => (
                    t,
                    page(&layout.chapter_pages, *c),
                    Style::new(),
                    0,
                    5,
                    Dest::Chapter(*c),
                ),
            };
            let item = tree.add(toc, "TOCI");
            let link = tree.add(item, "Link");
            tree.nodes[link].alt = Some(format!("{title}, sidan {number}"));
            tree.nodes[link].dest = Some(dest);
            let style = style.with_link(link as u32).without_hyphens();
            let cell = |text: String, align| Tagged {
                node: item,
                role: "TOCI",
                inner: Paragraph::new(text).aligned(align).styled(style),
                links: true,
            };
            table.push_row(vec![
                Box::new(PaddedElement::new(
                    cell(title.clone(), Alignment::Left),
                    Margins::trbl(top, 0, 0, indent),
                )),
                Box::new(PaddedElement::new(
                    cell(number, Alignment::Right),
                    Margins::trbl(top, 0, 0, 0),
                )),
            ])?;
        }
        out.push(table);
        Ok(out)
    }
}

impl Element for Contents {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        if self.table.is_none() {
            self.table = Some(self.build()?);
        }
        match &mut self.table {
            Some(table) => table.render(context, area, style),
            None => Ok(RenderResult::default()),
        }
    }
}

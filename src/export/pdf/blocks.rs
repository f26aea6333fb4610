//! The elements of the book: cover, contents, chapters and their blocks.

use super::pages::{Layout, Shared};
use super::{err, Images, Paper};
use crate::export::ir::{Block, Book, Chapter, ExampleBlock, ImageRef, Inline, Target};
use crate::Error;
use genpdf::elements::{
    Break, FramedElement, Image, LinearLayout, OrderedList, PaddedElement, Paragraph, TableLayout,
    UnorderedList,
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
    pub images: &'a Images,
}

impl Writer<'_> {
    pub fn cover(&self, doc: &mut genpdf::Document) {
        doc.push(Break::new(10));
        doc.push(
            Paragraph::new(self.book.title.clone())
                .aligned(Alignment::Center)
                .styled(Style::new().bold().with_font_size(32)),
        );
        if let Some(s) = &self.book.subtitle {
            doc.push(Break::new(1));
            doc.push(
                Paragraph::new(s.clone())
                    .aligned(Alignment::Center)
                    .styled(Style::new().italic().with_font_size(15)),
            );
        }
        doc.push(Break::new(6));
        let edition = format!("Utgåva {} · {}", self.book.edition, self.book.date);
        doc.push(
            Paragraph::new(edition)
                .aligned(Alignment::Center)
                .styled(Style::new().with_font_size(11)),
        );
    }

    pub fn chapter(&self, doc: &mut genpdf::Document, chapter: &Chapter) -> Result<(), Error> {
        doc.push(
            Paragraph::new(chapter.title.clone()).styled(Style::new().bold().with_font_size(20)),
        );
        doc.push(Break::new(0.6));
        let mut blocks = chapter.blocks.iter().peekable();
        while let Some(block) = blocks.next() {
            // A heading stays with the image that follows it.
            if let (Block::Heading(..), Some(Block::Image(i))) = (block, blocks.peek()) {
                let heading = self.block(block)?;
                doc.push(Boxed(self.figure(i, Some((heading, HEADING_MM)))?));
                blocks.next();
                continue;
            }
            // A heading never ends a page: it moves on with what follows.
            if let Block::Heading(..) = block {
                let following = blocks.peek().map_or(0.0, |next| self.kept_mm(next));
                doc.push(KeepTogether {
                    inner: self.block(block)?,
                    height: Mm::from(HEADING_MM + following),
                    deferred: false,
                });
                continue;
            }
            doc.push(self.block(block)?);
        }
        Ok(())
    }

    /// The table of contents, built when it is first rendered: it comes
    /// last, so every page number is known by then.
    pub fn contents(&self, track: Shared) -> Contents {
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
        }
    }

    fn block(&self, block: &Block) -> Result<Boxed, Error> {
        Ok(Boxed(match block {
            Block::Heading(level, text) => {
                let style = match level {
                    2 => Style::new().bold().with_font_size(14),
                    3 => Style::new().bold().with_font_size(12),
                    _ => Style::new().bold().italic().with_font_size(11),
                };
                Box::new(PaddedElement::new(
                    Paragraph::new(text.clone()).styled(style),
                    Margins::trbl(4, 0, 1.5, 0),
                ))
            }
            Block::Para(inlines) => Box::new(PaddedElement::new(
                self.para(inlines),
                Margins::trbl(0, 0, 2.5, 0),
            )),
            Block::Meta(text) => Box::new(PaddedElement::new(
                Paragraph::new(text.clone()).styled(
                    Style::new()
                        .italic()
                        .with_font_size(9)
                        .with_color(Color::Greyscale(90)),
                ),
                Margins::trbl(0, 0, 3, 0),
            )),
            Block::List { start, items } => self.list(*start, items)?,
            Block::Summary(parts) => {
                let mut inner = LinearLayout::vertical();
                for (label, blocks) in parts {
                    inner.push(
                        Paragraph::new(label.clone())
                            .styled(Style::new().bold().with_color(Color::Rgb(31, 78, 121))),
                    );
                    for b in blocks {
                        inner.push(self.block(b)?);
                    }
                }
                Box::new(PaddedElement::new(
                    FramedElement::new(PaddedElement::new(inner, Margins::all(4))),
                    Margins::trbl(1, 0, 4, 0),
                ))
            }
            Block::Example(e) => self.example(e)?,
            Block::Image(i) => self.image(i)?,
        }))
    }

    fn para(&self, inlines: &[Inline]) -> Paragraph {
        let mut p = Paragraph::default();
        for i in inlines {
            let mut style = Style::new();
            if i.bold {
                style = style.bold();
            }
            if i.italic {
                style = style.italic();
            }
            if i.link.is_some() {
                style = style.with_color(Color::Rgb(31, 78, 121));
            }
            p.push(StyledString::new(i.text.clone(), style));
        }
        p
    }

    fn items(&self, blocks: &[Block]) -> Result<Box<dyn Element>, Error> {
        if let [Block::Para(i)] = blocks {
            return Ok(Box::new(self.para(i)));
        }
        let mut layout = LinearLayout::vertical();
        for b in blocks {
            layout.push(self.block(b)?);
        }
        Ok(Box::new(layout))
    }

    fn list(&self, start: Option<u64>, items: &[Vec<Block>]) -> Result<Box<dyn Element>, Error> {
        let padded = |e: Box<dyn Element>| PaddedElement::new(Boxed(e), Margins::trbl(0, 0, 1, 0));
        Ok(match start {
            Some(n) => {
                let mut list = OrderedList::with_start(n as usize);
                for item in items {
                    list.push(padded(self.items(item)?));
                }
                Box::new(PaddedElement::new(list, Margins::trbl(0, 0, 2, 0)))
            }
            None => {
                let mut list = UnorderedList::with_bullet("•");
                for item in items {
                    list.push(padded(self.items(item)?));
                }
                Box::new(PaddedElement::new(list, Margins::trbl(0, 0, 2, 0)))
            }
        })
    }

    fn example(&self, e: &ExampleBlock) -> Result<Box<dyn Element>, Error> {
        let mut inner = LinearLayout::vertical();
        inner.push(
            Paragraph::new(e.municipality.to_uppercase()).styled(
                Style::new()
                    .bold()
                    .with_font_size(8)
                    .with_color(Color::Rgb(31, 78, 121)),
            ),
        );
        if let Some(t) = &e.title {
            inner.push(PaddedElement::new(
                Paragraph::new(t.clone()).styled(Style::new().bold().with_font_size(11)),
                Margins::trbl(0, 0, 1.5, 0),
            ));
        }
        for b in &e.blocks {
            inner.push(self.block(b)?);
        }
        if let Some(link) = &e.link {
            let target = match &link.target {
                // By title: the contents give its page.
                Target::Chapter(id) => self
                    .book
                    .chapters()
                    .find(|c| &c.id == id)
                    .map(|c| format!(" → {}", c.title))
                    .unwrap_or_default(),
                Target::Url(u) => format!(" → {u}"),
                Target::None => String::new(),
            };
            inner.push(
                Paragraph::new(format!("{}{target}", link.text))
                    .styled(Style::new().italic().with_font_size(9)),
            );
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

    fn image(&self, i: &ImageRef) -> Result<Box<dyn Element>, Error> {
        self.figure(i, None)
    }

    /// An image with its caption, and the heading before it if any, kept
    /// together on one page.
    fn figure(
        &self,
        i: &ImageRef,
        heading: Option<(Boxed, f64)>,
    ) -> Result<Box<dyn Element>, Error> {
        let img = self
            .images
            .get(&i.name)
            .ok_or_else(|| Error::new(format!("image {} was not decoded", i.name)))?;
        const DPI: f64 = 300.0;
        let (w_mm, h_mm) = (
            f64::from(img.width()) / DPI * 25.4,
            f64::from(img.height()) / DPI * 25.4,
        );
        // The text width, but never more than 60 % of the page's height.
        let scale = (self.paper.text_width() / w_mm)
            .min(self.paper.text_height() * 0.6 / h_mm)
            .min(4.0);
        let element = Image::from_dynamic_image(img.clone())
            .map_err(err)?
            .with_dpi(DPI)
            .with_scale(Scale::new(scale, scale))
            .with_alignment(Alignment::Center);
        let mut layout = LinearLayout::vertical();
        let mut height = h_mm * scale + 6.0;
        if let Some((h, mm)) = heading {
            layout.push(h);
            height += mm;
        }
        layout.push(element);
        if let Some(c) = &i.caption {
            layout.push(PaddedElement::new(
                Paragraph::new(c.clone())
                    .aligned(Alignment::Center)
                    .styled(Style::new().italic().with_font_size(9)),
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
        Block::Heading(_, t) | Block::Meta(t) => lines(t.chars().count()),
        Block::List { items, .. } => items.iter().flatten().map(|b| block_lines(b, lines)).sum(),
        Block::Summary(parts) => parts
            .iter()
            .flat_map(|(_, blocks)| blocks)
            .map(|b| 1.0 + block_lines(b, lines))
            .sum(),
        Block::Example(e) => e.blocks.iter().map(|b| block_lines(b, lines)).sum(),
        Block::Image(_) => 0.0,
    }
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
}

impl Contents {
    fn build(&self) -> Result<LinearLayout, genpdf::error::Error> {
        let layout = &self.track.borrow().layout;
        let page = |list: &[usize], i: usize| {
            list.get(i)
                .map_or_else(String::new, |&p| Layout::printed(p).to_string())
        };
        let mut out = LinearLayout::vertical();
        out.push(Paragraph::new("Innehåll").styled(Style::new().bold().with_font_size(20)));
        out.push(Break::new(0.8));
        let mut table = TableLayout::new(vec![12, 1]);
        for row in &self.rows {
            let (title, number, style, top, indent) = match row {
                Row::Part(p, t) => (t, page(&layout.part_pages, *p), Style::new().bold(), 2, 0),
                Row::Chapter(c, t) => (t, page(&layout.chapter_pages, *c), Style::new(), 0, 5),
            };
            table.push_row(vec![
                Box::new(PaddedElement::new(
                    Paragraph::new(title.clone()).styled(style),
                    Margins::trbl(top, 0, 0, indent),
                )),
                Box::new(PaddedElement::new(
                    Paragraph::new(number)
                        .aligned(Alignment::Right)
                        .styled(style),
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

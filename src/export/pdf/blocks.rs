//! The printed handbook with genpdf: cover, table of contents with page
//! numbers, running header, page numbers in the footer, Swedish hyphenation,
//! set-apart Vad/Vem/Hur, framed examples, scaled images with captions.
//!
//! genpdf cannot tell where an element lands, so the book is laid out
//! twice: marker elements record on which page each part and chapter
//! starts, and the second pass prints those numbers in the table of
//! contents and the running headers (the layout does not change: only
//! digits do). `post` then adds what genpdf cannot: outline, metadata,
//! language, compression, reproducible ids.

use super::ir::{Block, Book, ExampleBlock, ImageRef, Inline, Target};
use crate::Error;
use genpdf::elements::{
    Break, FramedElement, Image, LinearLayout, OrderedList, PaddedElement, PageBreak, Paragraph,
    TableLayout, UnorderedList,
};
use genpdf::fonts::{FontData, FontFamily};
use genpdf::render::Area;
use genpdf::style::{Color, Style, StyledString};
use genpdf::{
    Alignment, Context, Element, Margins, Mm, PageDecorator, Position, RenderResult, Scale, Size,
};
use hyphenation::Load;
use image::GenericImageView;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Debug, Clone, Copy)]
pub enum Paper {
    A4,
    A5,
}

impl Paper {
    fn size(self) -> Size {
        match self {
            Paper::A4 => Size::new(210, 297),
            Paper::A5 => Size::new(148, 210),
        }
    }

    fn margins(self) -> Margins {
        match self {
            Paper::A4 => Margins::trbl(18, 22, 14, 22),
            Paper::A5 => Margins::trbl(14, 15, 11, 15),
        }
    }

    fn text_height(self) -> f64 {
        match self {
            Paper::A4 => 297.0 - 32.0 - 18.0,
            Paper::A5 => 210.0 - 25.0 - 18.0,
        }
    }

    fn text_width(self) -> f64 {
        let (w, m) = match self {
            Paper::A4 => (210.0, 44.0),
            Paper::A5 => (148.0, 30.0),
        };
        w - m
    }
}

/// Where parts and chapters start, from a layout pass.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub part_pages: Vec<usize>,
    pub chapter_pages: Vec<usize>,
    pub pages: usize,
}

#[derive(Default)]
struct Track {
    page: usize,
    layout: Layout,
}

fn err(e: impl std::fmt::Display) -> Error {
    Error::new(format!("PDF: {e}"))
}

fn fonts() -> Result<FontFamily<FontData>, Error> {
    let font = |bytes: &[u8]| FontData::new(bytes.to_vec(), None).map_err(err);
    Ok(FontFamily {
        regular: font(notosans::REGULAR_TTF)?,
        bold: font(notosans::BOLD_TTF)?,
        italic: font(notosans::ITALIC_TTF)?,
        bold_italic: font(notosans::BOLD_ITALIC_TTF)?,
    })
}

/// Decoded images, shared by both passes.
type Images = HashMap<String, image::DynamicImage>;

fn decode_images(book: &Book) -> Result<Images, Error> {
    let mut out = HashMap::new();
    for i in book.images() {
        let img = image::open(&i.path)
            .map_err(|e| Error::new(format!("cannot read image {}: {e}", i.path.display())))?;
        // genpdf rejects an alpha channel: flatten onto white.
        let rgba = img.to_rgba8();
        let flat = image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
            let p = rgba.get_pixel(x, y).0;
            let a = u32::from(p[3]);
            let mix = |c: u8| ((u32::from(c) * a + 255 * (255 - a)) / 255) as u8;
            image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
        });
        out.insert(i.name.clone(), image::DynamicImage::ImageRgb8(flat));
    }
    Ok(out)
}

pub fn render(book: &Book, paper: Paper) -> Result<Vec<u8>, Error> {
    let images = decode_images(book)?;
    let (_, first) = pass(book, paper, &images, None)?;
    let (bytes, layout) = pass(book, paper, &images, Some(&first))?;
    super::post::finish(&bytes, book, &layout)
}

fn pass(
    book: &Book,
    paper: Paper,
    images: &Images,
    known: Option<&Layout>,
) -> Result<(Vec<u8>, Layout), Error> {
    let mut doc = genpdf::Document::new(fonts()?);
    doc.set_title(book.title.clone());
    doc.set_paper_size(paper.size());
    doc.set_font_size(10);
    doc.set_line_spacing(1.3);
    let hyphenator =
        hyphenation::Standard::from_embedded(hyphenation::Language::Swedish).map_err(err)?;
    doc.set_hyphenator(hyphenator);
    let track = Rc::new(RefCell::new(Track::default()));
    doc.set_page_decorator(Pages {
        track: track.clone(),
        paper,
        headers: known.map(|l| running_headers(book, l)).unwrap_or_default(),
    });
    let w = Writer {
        book,
        paper,
        images,
        known,
    };
    w.cover(&mut doc);
    w.contents(&mut doc)?;
    for (p, part) in book.parts.iter().enumerate() {
        doc.push(PageBreak::new());
        doc.push(Mark {
            track: track.clone(),
            slot: Slot::Part(p),
        });
        doc.push(Break::new(8));
        doc.push(
            Paragraph::new(part.title.clone())
                .aligned(Alignment::Center)
                .styled(Style::new().bold().with_font_size(26)),
        );
        for chapter in &part.chapters {
            let c = book
                .chapters()
                .position(|x| x.id == chapter.id)
                .unwrap_or(0);
            doc.push(PageBreak::new());
            doc.push(Mark {
                track: track.clone(),
                slot: Slot::Chapter(c),
            });
            doc.push(
                Paragraph::new(chapter.title.clone())
                    .styled(Style::new().bold().with_font_size(20)),
            );
            doc.push(Break::new(0.6));
            let mut blocks = chapter.blocks.iter().peekable();
            while let Some(block) = blocks.next() {
                // A heading stays with the image that follows it.
                if let (Block::Heading(..), Some(Block::Image(i))) = (block, blocks.peek()) {
                    let heading = w.block(block)?;
                    doc.push(Boxed(w.figure(i, Some((heading, HEADING_MM)))?));
                    blocks.next();
                    continue;
                }
                doc.push(w.block(block)?);
            }
        }
    }
    let mut out = Vec::new();
    doc.render(&mut out).map_err(err)?;
    let mut layout = track.borrow().layout.clone();
    layout.pages = track.borrow().page;
    Ok((out, layout))
}

/// The running header of every page: the chapter (or part) it belongs to.
fn running_headers(book: &Book, l: &Layout) -> Vec<String> {
    let mut starts: Vec<(usize, String)> = Vec::new();
    for (p, part) in book.parts.iter().enumerate() {
        if let Some(&page) = l.part_pages.get(p) {
            starts.push((page, part.title.clone()));
        }
    }
    for (c, chapter) in book.chapters().enumerate() {
        if let Some(&page) = l.chapter_pages.get(c) {
            starts.push((page, chapter.title.clone()));
        }
    }
    starts.sort_by_key(|(p, _)| *p);
    (1..=l.pages)
        .map(|page| {
            starts
                .iter()
                .rev()
                .find(|(p, _)| *p <= page)
                .map(|(_, t)| t.clone())
                .unwrap_or_else(|| book.title.clone())
        })
        .collect()
}

enum Slot {
    Part(usize),
    Chapter(usize),
}

/// Records the page it is rendered on; takes no room.
struct Mark {
    track: Rc<RefCell<Track>>,
    slot: Slot,
}

impl Element for Mark {
    fn render(
        &mut self,
        _: &Context,
        _: Area<'_>,
        _: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        let mut t = self.track.borrow_mut();
        let page = t.page;
        let list = match self.slot {
            Slot::Part(i) => (&mut t.layout.part_pages, i),
            Slot::Chapter(i) => (&mut t.layout.chapter_pages, i),
        };
        if list.0.len() <= list.1 {
            list.0.resize(list.1 + 1, 0);
        }
        list.0[list.1] = page;
        Ok(RenderResult::default())
    }
}

/// Margins, running header and page number; nothing on the cover.
struct Pages {
    track: Rc<RefCell<Track>>,
    paper: Paper,
    headers: Vec<String>,
}

impl PageDecorator for Pages {
    fn decorate_page<'a>(
        &mut self,
        context: &Context,
        mut area: Area<'a>,
        style: Style,
    ) -> Result<Area<'a>, genpdf::error::Error> {
        let page = {
            let mut t = self.track.borrow_mut();
            t.page += 1;
            t.page
        };
        area.add_margins(self.paper.margins());
        if page == 1 {
            return Ok(area);
        }
        let small = style.with_font_size(8).with_color(Color::Greyscale(90));
        let header = self.headers.get(page - 1).cloned().unwrap_or_default();
        area.print_str(&context.font_cache, Position::new(0, 0), small, header)?;
        let height = area.size().height;
        let number = page.to_string();
        let width = small.str_width(&context.font_cache, &number);
        let x = (area.size().width - width) / 2.0;
        area.print_str(
            &context.font_cache,
            Position::new(x, height - Mm::from(5)),
            small,
            number,
        )?;
        area.draw_line(
            vec![
                Position::new(0, 5),
                Position::new(area.size().width, Mm::from(5)),
            ],
            Style::new().with_color(Color::Greyscale(170)),
        );
        area.add_offset(Position::new(0, 9));
        area.set_height(height - Mm::from(9) - Mm::from(9));
        Ok(area)
    }
}

/// Room a section heading takes, for keeping it with what follows.
const HEADING_MM: f64 = 14.0;

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

struct Writer<'a> {
    book: &'a Book,
    paper: Paper,
    images: &'a Images,
    known: Option<&'a Layout>,
}

impl Writer<'_> {
    fn cover(&self, doc: &mut genpdf::Document) {
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

    fn page_of(&self, chapter: usize) -> String {
        self.known
            .and_then(|l| l.chapter_pages.get(chapter))
            .map_or_else(|| "000".to_string(), |p| p.to_string())
    }

    fn contents(&self, doc: &mut genpdf::Document) -> Result<(), Error> {
        doc.push(PageBreak::new());
        doc.push(Paragraph::new("Innehåll").styled(Style::new().bold().with_font_size(20)));
        doc.push(Break::new(0.8));
        let mut table = TableLayout::new(vec![12, 1]);
        let mut c = 0;
        for (p, part) in self.book.parts.iter().enumerate() {
            let page = self
                .known
                .and_then(|l| l.part_pages.get(p))
                .map_or_else(|| "000".to_string(), |n| n.to_string());
            table
                .push_row(vec![
                    Box::new(PaddedElement::new(
                        Paragraph::new(part.title.clone()).styled(Style::new().bold()),
                        Margins::trbl(2, 0, 0, 0),
                    )),
                    Box::new(PaddedElement::new(
                        Paragraph::new(page)
                            .aligned(Alignment::Right)
                            .styled(Style::new().bold()),
                        Margins::trbl(2, 0, 0, 0),
                    )),
                ])
                .map_err(err)?;
            for chapter in &part.chapters {
                table
                    .push_row(vec![
                        Box::new(PaddedElement::new(
                            Paragraph::new(chapter.title.clone()),
                            Margins::trbl(0, 0, 0, 5),
                        )),
                        Box::new(Paragraph::new(self.page_of(c)).aligned(Alignment::Right)),
                    ])
                    .map_err(err)?;
                c += 1;
            }
        }
        doc.push(table);
        Ok(())
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
                Target::Chapter(id) => {
                    let c = self.book.chapters().position(|c| &c.id == id);
                    let title = c
                        .and_then(|c| self.book.chapters().nth(c))
                        .map(|c| c.title.clone());
                    match (c, title) {
                        (Some(c), Some(t)) => format!(" → {t}, s. {}", self.page_of(c)),
                        _ => String::new(),
                    }
                }
                Target::Url(u) => format!(" → {u}"),
                Target::None => String::new(),
            };
            inner.push(
                Paragraph::new(format!("{}{target}", link.text))
                    .styled(Style::new().italic().with_font_size(9)),
            );
        }
        Ok(Box::new(PaddedElement::new(
            FramedElement::new(PaddedElement::new(inner, Margins::all(3.5))),
            Margins::trbl(1, 0, 4, 0),
        )))
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

/// An element that must not be split (an image and its caption): when the
/// rest of the page is too short, it starts on the next page.
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

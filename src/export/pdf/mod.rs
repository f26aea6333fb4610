//! The printed handbook with genpdf: cover, table of contents with page
//! numbers, running header, page numbers in the footer, Swedish hyphenation,
//! set-apart Vad/Vem/Hur, framed examples, scaled images with captions.
//!
//! The book is laid out in one pass: the cover, the body, and the table
//! of contents last, when every page number is known (see [`pages`]).
//! `post` then moves the contents behind the cover and adds what genpdf
//! cannot: outline, page labels, metadata, language, reproducible ids.

mod blocks;
pub mod pages;
mod post;
mod subset;
mod tagged;
pub mod tags;

use super::ir::Book;
use crate::Error;
use blocks::Writer;
use genpdf::elements::{Break, PageBreak};
use genpdf::fonts::{FontData, FontFamily};
use genpdf::{Margins, Size};
use hyphenation::Load;
pub use pages::Layout;
use pages::{Opening, Opens, Pages, Shared};

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

/// Swedish print rules: a break leaves at least 2 letters and takes at
/// least 3, and at most 2 lines in a row end with a hyphen.
const SWEDISH_HYPHENATION: genpdf::HyphenationLimits = genpdf::HyphenationLimits {
    min_before: 2,
    min_after: 3,
    max_lines: 2,
};

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

pub fn render(book: &Book, paper: Paper) -> Result<Vec<u8>, Error> {
    post::finish(lay_out(book, paper)?, book)
}

/// The PDF renderer: one tagged PDF a book.
pub struct Pdf {
    pub paper: Paper,
}

impl super::Renderer for Pdf {
    fn entry(&self, stem: &str) -> String {
        format!("{stem}.pdf")
    }

    fn render(&self, book: &Book, stem: &str, sink: &mut dyn super::Sink) -> Result<(), Error> {
        sink.file(self.entry(stem), render(book, self.paper)?);
        Ok(())
    }
}

/// The drawn book, and what `post` needs to finish it.
pub struct LaidOut {
    pub bytes: Vec<u8>,
    pub layout: Layout,
    pub tree: tags::Tree,
    pub tagging: genpdf::render::Tagging,
}

fn lay_out(book: &Book, paper: Paper) -> Result<LaidOut, Error> {
    let mut doc = genpdf::Document::new(fonts()?);
    doc.set_title(book.title.clone());
    doc.set_paper_size(paper.size());
    doc.set_font_size(10);
    doc.set_line_spacing(1.3);
    let hyphenator =
        hyphenation::Standard::from_embedded(hyphenation::Language::Swedish).map_err(err)?;
    doc.set_hyphenator(hyphenator);
    doc.set_hyphenation_limits(SWEDISH_HYPHENATION);
    let track = Shared::default();
    doc.set_page_decorator(Pages {
        track: track.clone(),
        paper,
    });
    let tree = tags::SharedTree::default();
    let w = Writer {
        book,
        paper,
        tree: tree.clone(),
    };
    w.cover(&mut doc, tags::ROOT);
    // The contents are drawn last but read right after the cover.
    let contents = tree.borrow_mut().add(tags::ROOT, "Sect");
    let opens = |opening| Opens {
        track: track.clone(),
        opening: Some(opening),
    };
    let mut c = 0;
    for (p, part) in book.parts.iter().enumerate() {
        doc.push(opens(Opening::Part(p, part.title.clone())));
        doc.push(PageBreak::new());
        doc.push(Break::new(8));
        let node = w.part(&mut doc, tags::ROOT, &part.title);
        for chapter in &part.chapters {
            doc.push(opens(Opening::Chapter(c, chapter.title.clone())));
            doc.push(PageBreak::new());
            w.chapter(&mut doc, node, chapter)?;
            c += 1;
        }
    }
    doc.push(opens(Opening::Contents));
    doc.push(PageBreak::new());
    doc.push(w.contents(contents, track.clone()));
    let tagging = doc.tagging();
    let mut bytes = Vec::new();
    doc.render(&mut bytes).map_err(err)?;
    let layout = track.borrow().layout.clone();
    let tree = tree.take();
    let tagging = tagging.take();
    Ok(LaidOut {
        bytes,
        layout,
        tree,
        tagging,
    })
}

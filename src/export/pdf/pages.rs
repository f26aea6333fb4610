//! Page bookkeeping in one layout pass: which page each part, chapter and
//! the table of contents opens on, the running header and the footer.
//!
//! genpdf decorates a page before anything is rendered on it, so an
//! [`Opens`] mark sits just *before* the page break that starts a part or
//! chapter: it leaves the opening pending and the decorator of the next page
//! takes it. The contents are laid out last, once every number is known,
//! and `post` moves their pages to the front.

use super::Paper;
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Context, Element, Mm, PageDecorator, Position, RenderResult};
use std::cell::RefCell;
use std::rc::Rc;

/// Where things landed, in genpdf's page order (1-based): the cover, the
/// body, then the contents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub part_pages: Vec<usize>,
    pub chapter_pages: Vec<usize>,
    /// The first page of the table of contents (0 until laid out).
    pub contents_page: usize,
    pub pages: usize,
}

impl Layout {
    /// How many pages the table of contents takes.
    pub fn contents_len(&self) -> usize {
        if self.contents_page == 0 {
            0
        } else {
            self.pages + 1 - self.contents_page
        }
    }

    /// The page number printed on a body page: the cover and contents are
    /// front matter, so the body counts from 1.
    pub fn printed(page: usize) -> usize {
        page.saturating_sub(1)
    }

    /// The 1-based position of a page in the finished PDF, after the
    /// contents have moved to just behind the cover.
    pub fn final_index(&self, page: usize) -> usize {
        match page {
            0 | 1 => 1,
            p if self.contents_page > 0 && p >= self.contents_page => p + 2 - self.contents_page,
            p => p + self.contents_len(),
        }
    }
}

/// What a page break opens.
#[derive(Debug, Clone)]
pub enum Opening {
    Part(usize, String),
    Chapter(usize, String),
    Contents,
}

#[derive(Debug, Default)]
enum Section {
    #[default]
    Cover,
    Body(String),
    Contents,
}

/// The state shared by the marks, the decorator and the contents.
#[derive(Debug, Default)]
pub struct Track {
    pending: Option<Opening>,
    section: Section,
    pub layout: Layout,
}

pub type Shared = Rc<RefCell<Track>>;

impl Track {
    /// Starts a page; says whether it opens a part, chapter or the contents.
    fn next_page(&mut self) -> bool {
        self.layout.pages += 1;
        let Some(opening) = self.pending.take() else {
            return false;
        };
        let page = self.layout.pages;
        let set = |list: &mut Vec<usize>, i: usize| {
            if list.len() <= i {
                list.resize(i + 1, 0);
            }
            list[i] = page;
        };
        self.section = match opening {
            Opening::Part(i, title) => {
                set(&mut self.layout.part_pages, i);
                Section::Body(title)
            }
            Opening::Chapter(i, title) => {
                set(&mut self.layout.chapter_pages, i);
                Section::Body(title)
            }
            Opening::Contents => {
                self.layout.contents_page = page;
                Section::Contents
            }
        };
        true
    }
}

/// Takes no room: leaves its opening for the next page's decorator. Push
/// it right before a `PageBreak`.
pub struct Opens {
    pub track: Shared,
    pub opening: Option<Opening>,
}

impl Element for Opens {
    fn render(
        &mut self,
        _: &Context,
        _: Area<'_>,
        _: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        if let Some(o) = self.opening.take() {
            self.track.borrow_mut().pending = Some(o);
        }
        Ok(RenderResult::default())
    }
}

/// Margins, running header and page number. The cover is bare; opening
/// pages carry no running header, as in a printed book; the contents are
/// numbered in roman numerals (the cover counts as i).
pub struct Pages {
    pub track: Shared,
    pub paper: Paper,
}

impl PageDecorator for Pages {
    fn decorate_page<'a>(
        &mut self,
        context: &Context,
        mut area: Area<'a>,
        style: Style,
    ) -> Result<Area<'a>, genpdf::error::Error> {
        let (header, number) = {
            let mut t = self.track.borrow_mut();
            let opens = t.next_page();
            match &t.section {
                Section::Cover => (None, None),
                Section::Body(title) => (
                    (!opens).then(|| title.clone()),
                    Some(Layout::printed(t.layout.pages).to_string()),
                ),
                // Numbered by their place behind the cover.
                Section::Contents => (None, Some(roman(t.layout.final_index(t.layout.pages)))),
            }
        };
        area.add_margins(self.paper.margins());
        let Some(number) = number else {
            return Ok(area);
        };
        let small = style.with_font_size(8).with_color(Color::Greyscale(90));
        let width = area.size().width;
        let height = area.size().height;
        if let Some(header) = header {
            area.print_str(&context.font_cache, Position::new(0, 0), small, header)?;
            area.draw_line(
                vec![Position::new(0, 5), Position::new(width, Mm::from(5))],
                Style::new().with_color(Color::Greyscale(170)),
            );
        }
        let x = (width - small.str_width(&context.font_cache, &number)) / 2.0;
        area.print_str(
            &context.font_cache,
            Position::new(x, height - Mm::from(5)),
            small,
            number,
        )?;
        area.add_offset(Position::new(0, 9));
        area.set_height(height - Mm::from(9) - Mm::from(9));
        Ok(area)
    }
}

/// Lower-case roman numerals, for front matter.
pub fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 2, 4, 9, 14, 40, 49, 1994].map(roman).to_vec();
        assert_eq!(got, ["i", "ii", "iv", "ix", "xiv", "xl", "xlix", "mcmxciv"]);
    }

    #[test]
    fn contents_move_behind_the_cover() {
        // cover 1, body 2..=9, contents 10..=11
        let l = Layout {
            contents_page: 10,
            pages: 11,
            ..Layout::default()
        };
        assert_eq!(l.contents_len(), 2);
        let order: Vec<usize> = (1..=11).map(|p| l.final_index(p)).collect();
        assert_eq!(order, [1, 4, 5, 6, 7, 8, 9, 10, 11, 2, 3]);
        assert_eq!(Layout::printed(2), 1);
    }
}

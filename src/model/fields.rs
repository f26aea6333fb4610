//! Every text value of a page, with what kind of text it is, so that text
//! rules look at one flat list instead of walking the model themselves.

use super::{Block, Example, Image, Page, PageBody, Section, Table, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A page title.
    Title,
    /// A heading or display title.
    Heading,
    /// CommonMark prose.
    Prose,
    /// The text of a "Läs mer" link.
    LinkText,
    /// Where a "Läs mer" link leads.
    Target,
    /// A municipality, area or author name; an example's title.
    Line,
    /// An image file name.
    ImageFile,
    /// An image's alt text or caption.
    ImageText,
}

#[derive(Debug, Clone, Copy)]
pub struct Field<'a> {
    pub page: &'a Page,
    pub kind: FieldKind,
    /// The key the value is written under (`to`, `municipality`, `vad`…).
    pub key: &'static str,
    pub value: &'a Text,
}

impl Field<'_> {
    /// Natural-language text a reader sees (not names of files or targets).
    pub fn is_text(&self) -> bool {
        !matches!(self.kind, FieldKind::Target | FieldKind::ImageFile)
    }
}

/// All text values of `page`, in document order.
pub fn fields(page: &Page) -> Vec<Field<'_>> {
    let mut w = Walker {
        page,
        out: Vec::new(),
    };
    match &page.body {
        PageBody::Area(a) => {
            w.push("title", FieldKind::Title, Some(&a.title));
            w.push(
                "display_title",
                FieldKind::Heading,
                a.display_title.as_ref(),
            );
            w.aliases(&a.aliases);
            a.images.iter().for_each(|i| w.image(i));
            for (key, t) in [("vad", &a.vad), ("vem", &a.vem), ("hur", &a.hur)] {
                w.push(key, FieldKind::Prose, t.as_ref());
            }
            a.model.iter().chain(&a.examples).for_each(|e| w.example(e));
            a.sections.iter().for_each(|s| w.section(s));
            a.unplaced
                .iter()
                .for_each(|t| w.push("unplaced", FieldKind::Prose, Some(t)));
        }
        PageBody::Municipality(m) => {
            w.push("municipality", FieldKind::Line, Some(&m.municipality));
            w.push("area", FieldKind::Line, Some(&m.area));
            w.push("title", FieldKind::Title, Some(&m.title));
            w.aliases(&m.aliases);
            w.push("summary", FieldKind::Prose, m.summary.as_ref());
            w.push("details", FieldKind::Prose, m.details.as_ref());
            m.sections.iter().for_each(|s| w.section(s));
            m.unplaced
                .iter()
                .for_each(|t| w.push("unplaced", FieldKind::Prose, Some(t)));
        }
        PageBody::Article(a) => {
            w.push("title", FieldKind::Title, Some(&a.title));
            w.push(
                "display_title",
                FieldKind::Heading,
                a.display_title.as_ref(),
            );
            w.aliases(&a.aliases);
            w.push("municipality", FieldKind::Line, a.municipality.as_ref());
            a.sections.iter().for_each(|s| w.section(s));
            a.unplaced
                .iter()
                .for_each(|t| w.push("unplaced", FieldKind::Prose, Some(t)));
        }
    }
    w.out
}

impl<'a> Walker<'a> {
    /// Old names: lines a reader may meet as link texts.
    fn aliases(&mut self, aliases: &'a [crate::model::Text]) {
        for t in aliases {
            self.push("aliases", FieldKind::Line, Some(t));
        }
    }
}

struct Walker<'a> {
    page: &'a Page,
    out: Vec<Field<'a>>,
}

impl<'a> Walker<'a> {
    fn push(&mut self, key: &'static str, kind: FieldKind, value: Option<&'a Text>) {
        if let Some(value) = value {
            self.out.push(Field {
                page: self.page,
                kind,
                key,
                value,
            });
        }
    }

    fn image(&mut self, image: &'a Image) {
        self.push("file", FieldKind::ImageFile, Some(&image.file));
        self.push("alt", FieldKind::ImageText, image.alt.as_ref());
        self.push("caption", FieldKind::ImageText, image.caption.as_ref());
    }

    fn example(&mut self, e: &'a Example) {
        self.push("municipality", FieldKind::Line, e.municipality.as_ref());
        self.push("organisation", FieldKind::Line, e.organisation.as_ref());
        self.push("title", FieldKind::Line, e.title.as_ref());
        e.images.iter().for_each(|i| self.image(i));
        self.push("summary", FieldKind::Prose, e.summary.as_ref());
        if let Some(r) = &e.read_more {
            self.push("text", FieldKind::LinkText, r.text.as_ref());
            self.push("to", FieldKind::Target, r.to.as_ref());
        }
    }

    /// Cells are short lines: names, figures, a few words.
    fn table(&mut self, t: &'a Table) {
        self.push("caption", FieldKind::Line, t.caption.as_ref());
        for cell in &t.header {
            self.push("header", FieldKind::Line, Some(cell));
        }
        for cell in t.rows.iter().flatten() {
            self.push("rows", FieldKind::Line, Some(cell));
        }
    }

    fn section(&mut self, s: &'a Section) {
        self.push("heading", FieldKind::Heading, s.heading.as_ref());
        for block in &s.body {
            match block {
                Block::Text(t) => self.push("text", FieldKind::Prose, Some(t)),
                Block::Image(i) => self.image(i),
                Block::Examples(list) => list.iter().for_each(|e| self.example(e)),
                Block::Table(t) => self.table(t),
            }
        }
    }
}

/// Every municipality example of a page, in order ("Så gör Mittköping" is
/// the model, not an example).
pub fn examples(page: &Page) -> Vec<&Example> {
    let listed: &[Example] = match &page.body {
        PageBody::Area(a) => &a.examples,
        _ => &[],
    };
    listed
        .iter()
        .chain(section_examples(page.body.sections()))
        .collect()
}

fn section_examples(sections: &[Section]) -> impl Iterator<Item = &Example> {
    sections.iter().flat_map(|s| &s.body).flat_map(|b| match b {
        Block::Examples(list) => list.as_slice(),
        _ => &[],
    })
}

/// Every image of a page, including those inside examples.
pub fn images(page: &Page) -> Vec<&Image> {
    let mut out: Vec<&Image> = Vec::new();
    if let PageBody::Area(a) = &page.body {
        out.extend(&a.images);
        out.extend(a.model.iter().flat_map(|m| &m.images));
    }
    for block in page.body.sections().iter().flat_map(|s| &s.body) {
        if let Block::Image(i) = block {
            out.push(i);
        }
    }
    for e in examples(page) {
        out.extend(&e.images);
    }
    out
}

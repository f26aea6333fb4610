// SPDX-FileCopyrightText: 2020 Robin Krahl <robin.krahl@ireas.org>
// SPDX-License-Identifier: Apache-2.0 or MIT

//! Low-level PDF rendering utilities.
//!
//! This module provides low-level abstractions over [`printpdf`][]:  A [`Renderer`][] creates a
//! document with one or more pages with different sizes.  A [`Page`][] has one or more layers, all
//! of the same size.  A [`Layer`][] can be used to access its [`Area`][].
//!
//! An [`Area`][] is a view on a full layer or on a part of a layer.  It can be used to print
//! lines and text.  For more advanced text formatting, you can create a [`TextSection`][] from an
//! [`Area`][].
//!
//! [`printpdf`]: https://docs.rs/printpdf/latest/printpdf
//! [`Renderer`]: struct.Renderer.html
//! [`Page`]: struct.Page.html
//! [`Layer`]: struct.Layer.html
//! [`Area`]: struct.Area.html
//! [`TextSection`]: struct.TextSection.html

use std::io;

use crate::error::{Context as _, Error, ErrorKind};
use crate::fonts;
use crate::style::{Color, Style};
use crate::{Margins, Mm, Position, Size};

#[cfg(feature = "images")]
use crate::{Rotation, Scale};

/// handbok: what a tagged PDF needs to know of the drawing. Text drawn
/// while `current` names a structure element is marked content of that
/// element (one marked-content sequence a text section, that is a line, or
/// one around the whole element: `Area::begin_element`);
/// all other text, every line and every image drawn outside an element is
/// an artifact. Text whose style names a link becomes marked content of the
/// link, and its rectangle is kept for the link annotation.
#[derive(Debug, Default)]
pub struct Tagging {
    /// The structure element being drawn: its id and its structure type.
    pub current: Option<(usize, &'static str)>,
    /// Whether a marked-content sequence of the current element is open
    /// around everything drawn (`Area::begin_element`).
    pub open: bool,
    /// Marked content drawn: (page, marked-content id, element id).
    pub marks: Vec<(usize, usize, usize)>,
    /// Where links were drawn: (page, [x1, y1, x2, y2] in points from the
    /// page's lower left corner, link element id).
    pub links: Vec<(usize, [f64; 4], usize)>,
    /// The next marked-content id of each page.
    next: Vec<usize>,
}

impl Tagging {
    fn mark(&mut self, page: usize, element: usize) -> usize {
        if self.next.len() <= page {
            self.next.resize(page + 1, 0);
        }
        let mcid = self.next[page];
        self.next[page] += 1;
        self.marks.push((page, mcid, element));
        mcid
    }
}

/// handbok: the tagging state shared by the renderer and the elements.
pub type SharedTagging = std::rc::Rc<std::cell::RefCell<Tagging>>;

/// Renders a PDF document with one or more pages.
///
/// This is a wrapper around a [`printpdf::PdfDocumentReference`][].
///
/// [`printpdf::PdfDocumentReference`]: https://docs.rs/printpdf/0.3.2/printpdf/types/pdf_document/struct.PdfDocumentReference.html
pub struct Renderer {
    doc: printpdf::PdfDocumentReference,
    // invariant: pages.len() >= 1
    pages: Vec<Page>,
    tagging: SharedTagging,
}

impl Renderer {
    /// Creates a new PDF document renderer with one page of the given size and the given title.
    pub fn new(size: impl Into<Size>, title: impl AsRef<str>) -> Result<Renderer, Error> {
        let size = size.into();
        let (doc, page_idx, layer_idx) = printpdf::PdfDocument::new(
            title.as_ref(),
            size.width.into(),
            size.height.into(),
            "Layer 1",
        );
        let page_ref = doc.get_page(page_idx);
        let layer_ref = page_ref.get_layer(layer_idx);
        let tagging = SharedTagging::default();
        let page = Page::new(page_ref, layer_ref, size, 0, tagging.clone());

        Ok(Renderer {
            doc,
            pages: vec![page],
            tagging,
        })
    }

    /// handbok: share `tagging` with the elements (before the first page is drawn on).
    pub fn with_tagging(mut self, tagging: SharedTagging) -> Self {
        self.tagging = tagging.clone();
        for page in &mut self.pages {
            page.tagging = tagging.clone();
            for layer in &mut page.layers {
                layer.tagging = tagging.clone();
            }
        }
        self
    }

    /// Sets the PDF conformance for the generated PDF document.
    pub fn with_conformance(mut self, conformance: printpdf::PdfConformance) -> Self {
        self.doc = self.doc.with_conformance(conformance);
        self
    }

    /// Adds a new page with the given size to the document.
    pub fn add_page(&mut self, size: impl Into<Size>) {
        let size = size.into();
        let (page_idx, layer_idx) =
            self.doc
                .add_page(size.width.into(), size.height.into(), "Layer 1");
        let page_ref = self.doc.get_page(page_idx);
        let layer_ref = page_ref.get_layer(layer_idx);
        let index = self.pages.len();
        self.pages
            .push(Page::new(page_ref, layer_ref, size, index, self.tagging.clone()))
    }

    /// Returns the number of pages in this document.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Returns a page of this document.
    pub fn get_page(&self, idx: usize) -> Option<&Page> {
        self.pages.get(idx)
    }

    /// Returns a mutable reference to a page of this document.
    pub fn get_page_mut(&mut self, idx: usize) -> Option<&mut Page> {
        self.pages.get_mut(idx)
    }

    /// Returns a mutable reference to the first page of this document.
    pub fn first_page(&self) -> &Page {
        &self.pages[0]
    }

    /// Returns the first page of this document.
    pub fn first_page_mut(&mut self) -> &mut Page {
        &mut self.pages[0]
    }

    /// Returns the last page of this document.
    pub fn last_page(&self) -> &Page {
        &self.pages[self.pages.len() - 1]
    }

    /// Returns a mutable reference to the last page of this document.
    pub fn last_page_mut(&mut self) -> &mut Page {
        let idx = self.pages.len() - 1;
        &mut self.pages[idx]
    }

    /// Loads the font from the given data, adds it to the generated document and returns a
    /// reference to it.
    pub fn add_builtin_font(
        &self,
        builtin: printpdf::BuiltinFont,
    ) -> Result<printpdf::IndirectFontRef, Error> {
        self.doc
            .add_builtin_font(builtin)
            .context("Failed to load PDF font")
    }

    /// Loads the font from the given data, adds it to the generated document and returns a
    /// reference to it.
    pub fn add_embedded_font(&self, data: &[u8]) -> Result<printpdf::IndirectFontRef, Error> {
        self.doc
            .add_external_font(data)
            .context("Failed to load PDF font")
    }

    /// Writes this PDF document to a writer.
    pub fn write(self, w: impl io::Write) -> Result<(), Error> {
        self.doc
            .save(&mut io::BufWriter::new(w))
            .context("Failed to save document")
    }
}

/// A page of a PDF document.
///
/// This is a wrapper around a [`printpdf::PdfPageReference`][].
///
/// [`printpdf::PdfPageReference`]: https://docs.rs/printpdf/0.3.2/printpdf/types/pdf_page/struct.PdfPageReference.html
pub struct Page {
    page: printpdf::PdfPageReference,
    size: Size,
    // invariant: layers.len() >= 1
    layers: Vec<Layer>,
    index: usize,
    tagging: SharedTagging,
}

impl Page {
    fn new(
        page: printpdf::PdfPageReference,
        layer: printpdf::PdfLayerReference,
        size: Size,
        index: usize,
        tagging: SharedTagging,
    ) -> Page {
        Page {
            page,
            size,
            layers: vec![Layer::new(layer, size, index, tagging.clone())],
            index,
            tagging,
        }
    }

    /// Adds a new layer with the given name to the page.
    pub fn add_layer(&mut self, name: impl Into<String>) {
        let layer = self.page.add_layer(name);
        self.layers
            .push(Layer::new(layer, self.size, self.index, self.tagging.clone()));
    }

    /// Returns the number of layers on this page.
    pub fn layer_count(&self) -> usize {
        self.layers.len()
    }

    /// Returns a layer of this page.
    pub fn get_layer(&self, idx: usize) -> Option<&Layer> {
        self.layers.get(idx)
    }

    /// Returns the first layer of this page.
    pub fn first_layer(&self) -> &Layer {
        &self.layers[0]
    }

    /// Returns the last layer of this page.
    pub fn last_layer(&self) -> &Layer {
        &self.layers[self.layers.len() - 1]
    }
}

/// A layer of a page of a PDF document.
///
/// This is a wrapper around a [`printpdf::PdfLayerReference`][].
///
/// [`printpdf::PdfLayerReference`]: https://docs.rs/printpdf/0.3.2/printpdf/types/pdf_layer/struct.PdfLayerReference.html
pub struct Layer {
    layer: printpdf::PdfLayerReference,
    size: Size,
    page: usize,
    tagging: SharedTagging,
}

impl Layer {
    fn new(
        layer: printpdf::PdfLayerReference,
        size: Size,
        page: usize,
        tagging: SharedTagging,
    ) -> Layer {
        Layer {
            layer,
            size,
            page,
            tagging,
        }
    }

    /// handbok: open a marked-content sequence for the current structure
    /// element, or an artifact when there is none; nothing when one is open
    /// around the whole element. Whether it opened one.
    fn begin_marked(&self) -> bool {
        let (current, open) = {
            let t = self.tagging.borrow();
            (t.current, t.open)
        };
        match current {
            _ if open => return false,
            Some((element, role)) => {
                let mcid = self.tagging.borrow_mut().mark(self.page, element);
                self.layer.begin_marked_content(role, mcid);
            }
            None => self.layer.begin_artifact(),
        }
        true
    }

    /// Returns a drawable area for this layer.
    pub fn area(&self) -> Area<'_> {
        Area::new(self, Position::default(), self.size)
    }

    /// Transforms the given position that is relative to the upper left corner of the layer to a
    /// position that is relative to the lower left corner of the layer (as used by `printpdf`).
    fn transform_position(&self, mut position: Position) -> Position {
        position.y = self.size.height - position.y;
        position
    }
}

/// A view on an area of a PDF layer that can be drawn on.
///
/// This struct provides access to the drawing methods of a [`printpdf::PdfLayerReference`][].  It
/// is defined by the layer that is drawn on and the origin and the size of the area.
///
/// [`printpdf::PdfLayerReference`]: https://docs.rs/printpdf/0.3.2/printpdf/types/pdf_layer/struct.PdfLayerReference.html
#[derive(Clone)]
pub struct Area<'a> {
    layer: &'a Layer,
    origin: Position,
    size: Size,
}

impl<'a> Area<'a> {
    fn new(layer: &'a Layer, origin: Position, size: Size) -> Area<'a> {
        Area {
            layer,
            origin,
            size,
        }
    }

    /// Reduces the size of the drawable area by the given margins.
    pub fn add_margins(&mut self, margins: impl Into<Margins>) {
        let margins = margins.into();
        self.origin.x += margins.left;
        self.origin.y += margins.top;
        self.size.width -= margins.left + margins.right;
        self.size.height -= margins.top + margins.bottom;
    }

    /// Returns the size of this area.
    pub fn size(&self) -> Size {
        self.size
    }

    /// handbok: the tagging state of the document this area is drawn in.
    pub fn tagging(&self) -> &SharedTagging {
        &self.layer.tagging
    }

    /// handbok: the index of the page this area is on, in the order drawn.
    pub fn page_index(&self) -> usize {
        self.layer.page
    }

    /// handbok: draw what follows, until `end_element`, as one
    /// marked-content sequence of element `node` (for an element without
    /// links: a link's text needs a sequence of its own).
    pub fn begin_element(&self, node: usize, role: &'static str) {
        let mut tagging = self.layer.tagging.borrow_mut();
        let mcid = tagging.mark(self.layer.page, node);
        tagging.current = Some((node, role));
        tagging.open = true;
        self.layer().begin_marked_content(role, mcid);
    }

    /// handbok: close the sequence `begin_element` opened.
    pub fn end_element(&self) {
        self.layer.tagging.borrow_mut().open = false;
        self.layer().end_marked_content();
    }

    /// Adds the given offset to the area, reducing the drawable area.
    pub fn add_offset(&mut self, offset: impl Into<Position>) {
        let offset = offset.into();
        self.origin.x += offset.x;
        self.origin.y += offset.y;
        self.size.width -= offset.x;
        self.size.height -= offset.y;
    }

    /// Sets the size of this area.
    pub fn set_size(&mut self, size: impl Into<Size>) {
        self.size = size.into();
    }

    /// Sets the width of this area.
    pub fn set_width(&mut self, width: Mm) {
        self.size.width = width;
    }

    /// Sets the height of this area.
    pub fn set_height(&mut self, height: Mm) {
        self.size.height = height;
    }

    /// Splits this area horizontally using the given weights.
    ///
    /// The returned vector has the same number of elements as the provided slice.  The width of
    /// the *i*-th area is *width \* weights[i] / total_weight*, where *width* is the width of this
    /// area, and *total_weight* is the sum of all given weights.
    pub fn split_horizontally(&self, weights: &[usize]) -> Vec<Area<'a>> {
        let total_weight: usize = weights.iter().sum();
        let factor = self.size.width / total_weight as f64;
        let widths = weights.iter().map(|weight| factor * *weight as f64);
        let mut offset = Mm(0.0);
        let mut areas = Vec::new();
        for width in widths {
            let mut area = self.clone();
            area.origin.x += offset;
            area.size.width = width;
            areas.push(area);
            offset += width;
        }
        areas
    }

    /// Inserts an image into the document.
    ///
    /// *Only available if the `images` feature is enabled.*
    ///
    /// The position is assumed to be relative to the upper left hand corner of the area.
    /// Your position will need to compensate for rotation/scale/dpi. Using [`Image`][]’s
    /// render functionality will do this for you and is the recommended way to
    /// insert an image into an Area.
    ///
    /// [`Image`]: ../elements/struct.Image.html
    #[cfg(feature = "images")]
    pub fn add_image(
        &self,
        image: &image::DynamicImage,
        position: Position,
        scale: Scale,
        rotation: Rotation,
        dpi: Option<f64>,
    ) {
        let dynamic_image = printpdf::Image::from_dynamic_image(image);
        let real_position = self.transform_position(position);
        let layer = self.layer().clone();
        // handbok: a figure's marked content, or an artifact.
        let _end = self.layer.begin_marked().then(|| EndMarked(self.layer()));
        dynamic_image.add_to_layer(
            layer,
            Some(real_position.x.into()),
            Some(real_position.y.into()),
            rotation.into(),
            Some(scale.x),
            Some(scale.y),
            dpi,
        );
    }

    /// Draws a line with the given points and the given style.
    ///
    /// Currently, this method only uses the color of the given style as the outline color (if set).
    /// The points are relative to the upper left corner of the area.
    pub fn draw_line(&self, points: Vec<Position>, style: Style) {
        let line_points: Vec<_> = points
            .into_iter()
            .map(|pos| (self.transform_position(pos).into(), false))
            .collect();
        let line = printpdf::Line {
            points: line_points,
            is_closed: false,
            has_fill: false,
            has_stroke: true,
            is_clipping_path: false,
        };
        if let Some(color) = style.color() {
            self.layer().set_outline_color(color.into());
        }
        // handbok: frames and rules are artifacts.
        self.layer().begin_artifact();
        self.layer().add_shape(line);
        self.layer().end_marked_content();
        if style.color().is_some() {
            self.layer().set_outline_color(Color::Rgb(0, 0, 0).into());
        }
    }

    /// Tries to draw the given string at the given position and returns `true` if the area was
    /// large enough to draw the string.
    ///
    /// The font cache must contain the PDF font for the font set in the style.  The position is
    /// relative to the upper left corner of the area.
    pub fn print_str<S: AsRef<str>>(
        &self,
        font_cache: &fonts::FontCache,
        position: Position,
        style: Style,
        s: S,
    ) -> Result<bool, Error> {
        if let Some(mut section) = self.text_section(font_cache, position, style) {
            section.print_str(s, style)?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Creates a new text section at the given position if the text section fits in this area.
    ///
    /// The given style is only used to calculate the line height of the section.  The position is
    /// relative to the upper left corner of the area.  The font cache must contain the PDF font
    /// for all fonts printed with the text section.
    pub fn text_section<'f>(
        &self,
        font_cache: &'f fonts::FontCache,
        position: Position,
        style: Style,
    ) -> Option<TextSection<'_, 'f, 'a>> {
        TextSection::new(font_cache, self, position, style)
    }

    /// Transforms the given position that is relative to the upper left corner of the area to a
    /// position that is relative to the lower left corner of its layer (as used by `printpdf`).
    fn transform_position(&self, mut position: Position) -> Position {
        position += self.origin;
        self.layer.transform_position(position)
    }

    fn layer(&self) -> &printpdf::PdfLayerReference {
        &self.layer.layer
    }
}

/// A text section that is drawn on an area of a PDF layer.
pub struct TextSection<'a, 'f, 'l> {
    font_cache: &'f fonts::FontCache,
    area: &'a Area<'l>,
    line_height: Mm,
    cursor: Position,
    fill_color: Option<Color>,
    // handbok: where the next string starts on the line (for link
    // rectangles), whether the section marks its own content (no sequence
    // is open around the element), and which sequence is open: none, the
    // element's or a link's
    x: Mm,
    own: bool,
    open: Open,
}

/// handbok: the marked-content sequence a text section has open.
#[derive(Clone, Copy, PartialEq)]
enum Open {
    Nothing,
    Element,
    Link(usize),
}

impl<'a, 'f, 'l> TextSection<'a, 'f, 'l> {
    fn new(
        font_cache: &'f fonts::FontCache,
        area: &'a Area<'l>,
        position: Position,
        style: Style,
    ) -> Option<TextSection<'a, 'f, 'l>> {
        let height = style.font(font_cache).glyph_height(style.font_size());

        if position.y + height > area.size.height {
            return None;
        }

        let line_height = style.line_height(font_cache);
        let section = TextSection {
            font_cache,
            area,
            line_height,
            cursor: position,
            fill_color: None,
            x: position.x,
            own: !area.layer.tagging.borrow().open,
            open: Open::Nothing,
        };
        section.layer().begin_text_section();
        section.layer().set_line_height(line_height.into());
        let cursor = area.transform_position(position);
        section
            .layer()
            .set_text_cursor(cursor.x.into(), (cursor.y - height).into());
        Some(section)
    }

    /// Tries to add a new line and returns `true` if the area was large enough to fit the new
    /// line.
    #[must_use]
    pub fn add_newline(&mut self) -> bool {
        if self.cursor.y + self.line_height > self.area.size.height {
            false
        } else {
            self.layer().add_line_break();
            self.cursor.y += self.line_height;
            self.x = self.cursor.x;
            true
        }
    }

    /// Prints the given string with the given style.
    ///
    /// The font cache for this text section must contain the PDF font for the given style.
    pub fn print_str(&mut self, s: impl AsRef<str>, style: Style) -> Result<(), Error> {
        let font = style.font(self.font_cache);
        // handbok: bidirectional embeddings, overrides and isolates have no
        // glyph, and genpdf no bidi algorithm: they are not drawn.
        let kept: String;
        let s: &str = if s.as_ref().contains(is_bidi_control) {
            kept = s.as_ref().chars().filter(|&c| !is_bidi_control(c)).collect();
            &kept
        } else {
            s.as_ref()
        };

        let positions = font
            .kerning(self.font_cache, s.chars())
            .into_iter()
            // Kerning is measured in 1/1000 em
            .map(|pos| pos * -1000.0)
            .map(|pos| pos as i64);
        let codepoints = if font.is_builtin() {
            // Built-in fonts always use the Windows-1252 encoding
            encode_win1252(s)?
        } else {
            font.glyph_ids(&self.font_cache, s.chars())
        };

        let font = self
            .font_cache
            .get_pdf_font(font)
            .expect("Could not find PDF font in font cache");
        if let Some(color) = style.color() {
            self.layer().set_fill_color(color.into());
        } else if self.fill_color.is_some() {
            self.layer().set_fill_color(Color::Rgb(0, 0, 0).into());
        }
        self.fill_color = style.color();
        self.layer().set_font(font, style.font_size().into());

        // handbok: a link's text is marked content of the link, beside the
        // sequences of the text around it.
        let link = style.link().map(|id| id as usize).filter(|_| self.own);
        self.open_for(link);
        self.layer()
            .write_positioned_codepoints(positions.zip(codepoints.iter().copied()));
        let width = style.str_width(self.font_cache, s);
        if let Some(id) = link {
            self.link_rect(id, width);
        }
        self.x += width;
        Ok(())
    }

    /// handbok: have the right sequence open for text of `link` (or of the
    /// element when `None`), closing the one open if it is another.
    fn open_for(&mut self, link: Option<usize>) {
        let want = match link {
            Some(id) => Open::Link(id),
            None => Open::Element,
        };
        if !self.own || self.open == want {
            return;
        }
        if self.open != Open::Nothing {
            self.layer().end_marked_content();
        }
        match want {
            Open::Link(id) => {
                let page = self.area.layer.page;
                let mcid = self.area.layer.tagging.borrow_mut().mark(page, id);
                self.layer().begin_marked_content("Link", mcid);
            }
            _ => {
                self.area.layer.begin_marked();
            }
        }
        self.open = want;
    }

    /// handbok: where link `id` was drawn on this line, `width` wide from
    /// the cursor, in points; joined to the link's last rectangle when that
    /// ends where this one starts.
    fn link_rect(&self, id: usize, width: Mm) {
        let top = self.area.transform_position(Position::new(self.x, self.cursor.y));
        let bottom = self.area.transform_position(Position::new(
            self.x + width,
            self.cursor.y + self.line_height,
        ));
        let pt = |mm: Mm| mm.0 * 72.0 / 25.4;
        let rect = [pt(top.x), pt(bottom.y), pt(bottom.x), pt(top.y)];
        let page = self.area.layer.page;
        let mut tagging = self.area.layer.tagging.borrow_mut();
        match tagging.links.last_mut() {
            Some((p, last, l))
                if *p == page && *l == id && last[1] == rect[1] && (last[2] - rect[0]).abs() < 0.01 =>
            {
                last[2] = rect[2];
            }
            _ => tagging.links.push((page, rect, id)),
        }
    }

    fn layer(&self) -> &printpdf::PdfLayerReference {
        self.area.layer()
    }
}

impl<'a, 'f, 'l> Drop for TextSection<'a, 'f, 'l> {
    fn drop(&mut self) {
        if self.fill_color.is_some() {
            self.layer().set_fill_color(Color::Rgb(0, 0, 0).into());
        }
        if self.open != Open::Nothing {
            self.layer().end_marked_content();
        }
        self.layer().end_text_section();
    }
}

/// Encodes the given string using the Windows-1252 encoding for use with built-in PDF fonts,
/// returning an error if it contains unsupported characters.
fn encode_win1252(s: &str) -> Result<Vec<u16>, Error> {
    let bytes: Vec<_> = lopdf::Document::encode_text(Some("WinAnsiEncoding"), s)
        .into_iter()
        .map(u16::from)
        .collect();

    // Windows-1252 is a single-byte encoding, so one byte is one character.
    if bytes.len() != s.chars().count() {
        Err(Error::new(
            format!(
                "Tried to print a string with characters that are not supported by the \
                Windows-1252 encoding with a built-in font: {}",
                s
            ),
            ErrorKind::UnsupportedEncoding,
        ))
    } else {
        Ok(bytes)
    }
}

/// handbok: U+202A–U+202E and U+2066–U+2069.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// handbok: ends a marked-content sequence when dropped.
struct EndMarked<'a>(&'a printpdf::PdfLayerReference);

impl Drop for EndMarked<'_> {
    fn drop(&mut self) {
        self.0.end_marked_content();
    }
}

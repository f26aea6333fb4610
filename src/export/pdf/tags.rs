//! The structure tree of the tagged PDF (PDF/UA-1). It is built from the
//! book in reading order while the elements are made; genpdf records, as it
//! draws, which marked content and which link rectangles belong to which
//! structure element (`genpdf::render::Tagging`), and `post` writes both
//! into the file. Whatever is drawn outside a tagged element (running
//! header, page numbers, frames) is an artifact.

use genpdf::render::Area;
use genpdf::style::Style;
use genpdf::{Context, Element, Mm, Position, RenderResult};
use std::cell::RefCell;
use std::rc::Rc;

/// Where a link leads.
#[derive(Debug, Clone, PartialEq)]
pub enum Dest {
    /// The first page of a chapter (by its place in the book).
    Chapter(usize),
    /// The first page of a part.
    Part(usize),
    Uri(String),
}

#[derive(Debug, Clone)]
pub struct Node {
    /// The standard structure type: Document, Part, Sect, H1, P, L, …
    pub role: &'static str,
    pub kids: Vec<usize>,
    /// A figure's alternative text, a link's description.
    pub alt: Option<String>,
    pub dest: Option<Dest>,
    /// Stays in the tree with nothing drawn in it: an empty table cell
    /// keeps its row as wide as the others.
    pub keep: bool,
}

#[derive(Debug, Clone)]
pub struct Tree {
    /// The root, `Document`, is node 0; a node's kids are in reading order.
    pub nodes: Vec<Node>,
}

pub const ROOT: usize = 0;

impl Default for Tree {
    fn default() -> Self {
        Tree {
            nodes: vec![Node {
                role: "Document",
                kids: Vec::new(),
                alt: None,
                dest: None,
                keep: false,
            }],
        }
    }
}

impl Tree {
    /// A new element at the end of `parent`'s kids.
    pub fn add(&mut self, parent: usize, role: &'static str) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            role,
            kids: Vec::new(),
            alt: None,
            dest: None,
            keep: false,
        });
        self.nodes[parent].kids.push(id);
        id
    }

    /// A new element that stays when nothing is drawn in it.
    pub fn add_kept(&mut self, parent: usize, role: &'static str) -> usize {
        let id = self.add(parent, role);
        self.nodes[id].keep = true;
        id
    }
}

pub type SharedTree = Rc<RefCell<Tree>>;

/// An element whose text and images are the content of structure element
/// `node`: one marked-content sequence a page, or, when it holds links, one
/// a line (a link's text is a sequence of its own).
pub struct Tagged<E: Element> {
    pub node: usize,
    pub role: &'static str,
    pub inner: E,
    pub links: bool,
}

impl<E: Element> Element for Tagged<E> {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        let tagging = area.tagging().clone();
        let outer = tagging.borrow().current;
        let result = if self.links {
            tagging.borrow_mut().current = Some((self.node, self.role));
            self.inner.render(context, area, style)
        } else {
            let drawn_on = area.clone();
            drawn_on.begin_element(self.node, self.role);
            let result = self.inner.render(context, area, style);
            drawn_on.end_element();
            result
        };
        tagging.borrow_mut().current = outer;
        result
    }
}

/// A list item: its label (`Lbl`) in the margin, its body beside it.
pub struct Item<E: Element> {
    pub label: String,
    pub lbl: usize,
    pub body: E,
    drawn: bool,
}

impl<E: Element> Item<E> {
    const INDENT: f64 = 10.0;
    const GAP: f64 = 2.0;

    pub fn new(label: String, lbl: usize, body: E) -> Self {
        Item {
            label,
            lbl,
            body,
            drawn: false,
        }
    }
}

impl<E: Element> Element for Item<E> {
    fn render(
        &mut self,
        context: &Context,
        area: Area<'_>,
        style: Style,
    ) -> Result<RenderResult, genpdf::error::Error> {
        let mut body_area = area.clone();
        body_area.add_offset(Position::new(Self::INDENT, 0));
        let mut result = self.body.render(context, body_area, style)?;
        result.size.width += Mm::from(Self::INDENT);
        // The label goes beside the first line of the body, on the page
        // where that line is.
        if !self.drawn && result.size.height > Mm::from(0) {
            let width = style.str_width(&context.font_cache, &self.label);
            let x = Mm::from(Self::INDENT - Self::GAP) - width;
            let tagging = area.tagging().clone();
            let outer = tagging.borrow_mut().current.replace((self.lbl, "Lbl"));
            let printed = area.print_str(
                &context.font_cache,
                Position::new(x, 0),
                style,
                self.label.as_str(),
            );
            tagging.borrow_mut().current = outer;
            self.drawn = printed?;
        }
        Ok(result)
    }
}

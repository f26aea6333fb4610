//! The tagged PDF's structure tree, walked with lopdf, against the book it
//! was made from: every heading, paragraph, list item and figure once, in
//! reading order; every page marked up; links that lead somewhere.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

use handbok::export::ir::{self, Block, Book};
use handbok::export::pdf::{self, Paper};
use lopdf::{Document, Object};
use std::path::Path;

mod common;
use common::copy_tree;

fn bundled() -> Book {
    let content = handbok::load::load(Path::new("content")).expect("bundled content loads");
    ir::build(&content, false)
        .expect("the bundled guide builds")
        .0
}

/// The tree as the book says it should be, as nested roles.
fn expected(book: &Book) -> String {
    let mut out = String::from("Document(Sect(H1");
    if book.subtitle.is_some() {
        out += ",P";
    }
    out += ",P),Sect(H1,TOC(";
    let entries = book.parts.len() + book.chapters().count();
    out += &vec!["TOCI(Link)"; entries].join(",");
    out += "))";
    for part in &book.parts {
        out += ",Part(H1";
        for chapter in &part.chapters {
            out += ",Sect(H2";
            blocks(&chapter.blocks, &mut out);
            out += ")";
        }
        out += ")";
    }
    out + ")"
}

fn blocks(list: &[Block], out: &mut String) {
    for b in list {
        out.push(',');
        block(b, out);
    }
}

fn para(inlines: &[ir::Inline], out: &mut String) {
    let links = inlines.iter().filter(|i| i.link.is_some()).count();
    *out += "P";
    if links > 0 {
        *out += &format!("({})", vec!["Link"; links].join(","));
    }
}

fn block(b: &Block, out: &mut String) {
    match b {
        Block::Heading(2, _) => *out += "H3",
        Block::Heading(3, _) => *out += "H4",
        Block::Heading(..) => *out += "H5",
        Block::Para(inlines) => para(inlines, out),
        Block::Meta(_) => *out += "P",
        Block::List { items, .. } => {
            *out += "L(";
            let items: Vec<String> = items
                .iter()
                .map(|item| {
                    let mut body = String::new();
                    match item.as_slice() {
                        [Block::Para(i)] => para(i, &mut body),
                        more => {
                            blocks(more, &mut body);
                            body.remove(0);
                        }
                    }
                    format!("LI(Lbl,LBody({body}))")
                })
                .collect();
            *out += &items.join(",");
            *out += ")";
        }
        Block::Summary(parts) => {
            *out += "Div(";
            let mut inner = String::new();
            for (_, list) in parts {
                inner += ",H3";
                blocks(list, &mut inner);
            }
            *out += &inner[1..];
            *out += ")";
        }
        Block::Example(e) => {
            *out += "Div(P";
            if e.title.is_some() {
                *out += ",H4";
            }
            blocks(&e.blocks, out);
            match &e.link {
                Some(l) if l.target != ir::Target::None => *out += ",P(Link)",
                Some(_) => *out += ",P",
                None => {}
            }
            *out += ")";
        }
        Block::Table(t) => {
            let row = |cell: &str, n: usize| format!("TR({})", vec![cell; n].join(","));
            *out += "Table(";
            if t.caption.is_some() {
                *out += "Caption,";
            }
            *out += &row("TH", t.header.len());
            for r in &t.rows {
                *out += ",";
                *out += &row("TD", r.len());
            }
            *out += ")";
        }
        // An ornament and a draft's placeholder are artifacts.
        Block::Image(i) => match (&i.source, &i.alt, &i.caption) {
            (ir::Source::File { .. }, Some(_), None) => *out += "Figure",
            (ir::Source::File { .. }, Some(_), Some(_)) => *out += "Figure,Caption",
            (_, _, Some(_)) => *out += "P",
            (_, _, None) => out.pop().map_or((), drop),
        },
    }
}

/// The tree in the file, as nested roles (marked content and annotations
/// left out).
fn found(doc: &Document) -> String {
    let root = doc
        .catalog()
        .and_then(|c| c.get_deref(b"StructTreeRoot", doc))
        .and_then(Object::as_dict)
        .expect("a structure tree root");
    let top = root.get(b"K").expect("the root has a kid");
    let mut out = String::new();
    for kid in kids(doc, top) {
        element(doc, &kid, &mut out);
    }
    out
}

fn kids(doc: &Document, k: &Object) -> Vec<Object> {
    match k {
        Object::Array(list) => list.clone(),
        other => vec![other.clone()],
    }
    .into_iter()
    .filter_map(|o| match o {
        Object::Reference(id) => doc.get_object(id).ok().cloned(),
        o => Some(o),
    })
    .filter(|o| {
        o.as_dict().is_ok_and(|d| {
            d.get(b"S").is_ok()
                && d.get(b"Type").ok() == Some(&Object::Name(b"StructElem".to_vec()))
        })
    })
    .collect()
}

fn element(doc: &Document, e: &Object, out: &mut String) {
    let d = e.as_dict().expect("a structure element");
    let role = d.get(b"S").and_then(Object::as_name).expect("a role");
    *out += std::str::from_utf8(role).expect("ASCII role");
    let inner = d.get(b"K").map(|k| kids(doc, k)).unwrap_or_default();
    if !inner.is_empty() {
        out.push('(');
        for (i, kid) in inner.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            element(doc, kid, out);
        }
        out.push(')');
    }
}

/// The bundled guide and a page of images: described, an ornament, missing
/// (with and without alt text), in prose, and a link to another key area.
/// The draft and its folder, which must outlive it: a book reads its
/// images when it is rendered.
fn drafted() -> (Book, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("content"), dir.path());
    std::fs::write(
        dir.path().join("sidor/bilder.yaml"),
        "kind: article\ntitle: Bilder\nsections:\n  - heading: Bilder\n    body:\n      \
         - image: {file: littles-pyramid.png, alt: Littles pyramid, caption: Pyramiden}\n      \
         - image: {file: littles-pyramid.png, decorative: true}\n      \
         - image: {file: saknas.png, alt: Det som saknas, caption: Kommer senare}\n      \
         - image: {file: utan-alt.png}\n      \
         - text: \"Se [ledarskap](omraden/ledarskap) och ![](littles-pyramid.png) här.\"\n",
    )
    .unwrap();
    let content = handbok::load::load(dir.path()).expect("the draft loads");
    let (book, drafts) = ir::build(&content, true).expect("a draft builds");
    let said: Vec<&str> = drafts.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(said.len(), 4, "two missing, two without alt text: {said:?}");
    (book, dir)
}

#[test]
fn the_structure_tree_is_the_book_in_reading_order() {
    let (draft, _dir) = drafted();
    for book in [bundled(), draft] {
        tree_matches(&book);
    }
}

fn tree_matches(book: &Book) {
    for (name, book) in std::iter::once(("whole", book.clone()))
        .chain(book.booklets().into_iter().map(|b| ("booklet", b)))
    {
        let paper = if name == "whole" {
            Paper::A4
        } else {
            Paper::A5
        };
        let bytes = pdf::render(&book, paper).expect("the book renders");
        let doc = Document::load_mem(&bytes).expect("lopdf reads it");
        assert_eq!(found(&doc), expected(&book), "{name}: {}", book.title);
    }
}

#[test]
fn every_page_is_tagged_and_every_link_annotation_is_described() {
    let bytes = pdf::render(&bundled(), Paper::A4).expect("the book renders");
    let (links, artifacts) = marked_up(&bytes);
    assert!(
        artifacts > 0,
        "running headers and page numbers are artifacts"
    );
    let entries = 2 * (bundled().parts.len() + bundled().chapters().count());
    assert!(
        links >= entries,
        "contents entries are links: {links} < {entries}"
    );
    let (book, _dir) = drafted();
    for b in std::iter::once(book.clone()).chain(book.booklets()) {
        marked_up(&pdf::render(&b, Paper::A5).expect("the draft renders"));
    }
}

/// Check every page is marked up; the links and artifacts it has.
fn marked_up(bytes: &[u8]) -> (usize, usize) {
    let doc = Document::load_mem(bytes).expect("lopdf reads it");
    let catalog = doc.catalog().expect("a catalog");
    let marked = catalog
        .get_deref(b"MarkInfo", &doc)
        .and_then(Object::as_dict)
        .and_then(|m| m.get(b"Marked"))
        .and_then(Object::as_bool);
    assert_eq!(marked.ok(), Some(true));
    let mut links = 0;
    let mut artifacts = 0;
    for page in doc.get_pages().into_values() {
        let dict = doc.get_dictionary(page).expect("a page");
        assert_eq!(
            dict.get(b"Tabs").and_then(Object::as_name).ok(),
            Some(&b"S"[..])
        );
        // Text, images and lines are drawn inside marked content or an
        // artifact, never outside.
        let content =
            lopdf::content::Content::decode(&doc.get_page_content(page)).expect("a content stream");
        let mut depth = 0usize;
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => depth += 1,
                "EMC" => depth = depth.checked_sub(1).expect("EMC without BDC"),
                "Tj" | "TJ" | "Do" | "S" | "f" => {
                    assert!(depth > 0, "{} outside marked content", op.operator)
                }
                _ => {}
            }
            if op.operator == "BMC" {
                artifacts += 1;
            }
        }
        assert_eq!(depth, 0, "every marked sequence ends");
        for annot in dict
            .get(b"Annots")
            .and_then(Object::as_array)
            .into_iter()
            .flatten()
        {
            let a = doc
                .dereference(annot)
                .expect("an annotation")
                .1
                .as_dict()
                .expect("a dict");
            assert!(a.get(b"Contents").is_ok(), "a link says where it leads");
            assert!(a.get(b"StructParent").is_ok(), "a link is in the tree");
            assert!(
                a.get(b"A").is_ok() || a.get(b"Dest").is_ok(),
                "a link leads somewhere"
            );
            links += 1;
        }
    }
    (links, artifacts)
}

/// A page with several images gives the same bytes every time (their
/// resources were once kept in a hash map).
#[test]
fn a_page_of_images_renders_to_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("content"), dir.path());
    let mut body = String::new();
    for (i, shade) in [0u8, 80, 160, 240].iter().enumerate() {
        let file = format!("liten-{i}.png");
        image::RgbImage::from_pixel(40, 20, image::Rgb([*shade, 90, 200]))
            .save(dir.path().join("media").join(&file))
            .unwrap();
        body += &format!("      - image: {{file: {file}, alt: Bild {i}}}\n");
    }
    std::fs::write(
        dir.path().join("sidor/bilder.yaml"),
        format!("kind: article\ntitle: Bilder\nsections:\n  - body:\n{body}"),
    )
    .unwrap();
    let content = handbok::load::load(dir.path()).expect("the guide loads");
    let (book, _) = ir::build(&content, false).expect("the guide builds");
    let first = pdf::render(&book, Paper::A4).expect("the book renders");
    for _ in 0..4 {
        assert!(pdf::render(&book, Paper::A4).expect("the book renders") == first);
    }
}

/// The role of the element each page's content ends with, page by page
/// (from the last marked-content id and the parent tree), and whether it
/// is the last element of its section.
fn last_roles(bytes: &[u8]) -> Vec<(String, bool)> {
    let doc = Document::load_mem(bytes).expect("lopdf reads it");
    let root = doc
        .catalog()
        .and_then(|c| c.get_deref(b"StructTreeRoot", &doc))
        .and_then(Object::as_dict)
        .expect("a structure tree root");
    let nums = root
        .get_deref(b"ParentTree", &doc)
        .and_then(Object::as_dict)
        .and_then(|t| t.get(b"Nums"))
        .and_then(Object::as_array)
        .expect("a parent tree");
    let mut roles = Vec::new();
    for page in doc.get_pages().into_values() {
        let dict = doc.get_dictionary(page).expect("a page");
        // A page of artifacts only (a blank back of a page) has none.
        let Ok(key) = dict.get(b"StructParents").and_then(Object::as_i64) else {
            continue;
        };
        let content =
            lopdf::content::Content::decode(&doc.get_page_content(page)).expect("a content stream");
        let last = content.operations.iter().rev().find_map(|op| {
            let props = op.operands.get(1)?.as_dict().ok()?;
            (op.operator == "BDC").then(|| props.get(b"MCID").and_then(Object::as_i64).ok())?
        });
        let Some(mcid) = last else { continue };
        let kids = nums
            .chunks(2)
            .find(|pair| pair[0].as_i64().ok() == Some(key))
            .and_then(|pair| doc.dereference(&pair[1]).ok())
            .and_then(|(_, o)| o.as_array().ok().cloned())
            .expect("the page's parent tree entry");
        let (id, element) = doc.dereference(&kids[mcid as usize]).expect("an element");
        let element = element.as_dict().expect("an element");
        let role = element.get(b"S").and_then(Object::as_name).expect("a role");
        // Nothing comes after the last element of a section.
        let siblings = element
            .get_deref(b"P", &doc)
            .and_then(Object::as_dict)
            .map(kids_of)
            .unwrap_or_default();
        let last = siblings.last().map(|o| o.as_reference().ok()) == Some(id);
        roles.push((String::from_utf8_lossy(role).into_owned(), last));
    }
    roles
}

/// No page ends with a heading (a part's title page aside), in the bundled guide, a draft of the seed
/// import (a chain of headings without text) and their booklets.
#[test]
fn no_page_ends_with_a_heading() {
    let imported = {
        let content = handbok::load::load(Path::new("tests/fixtures/imported")).expect("loads");
        ir::build(&content, true).expect("a draft builds").0
    };
    for book in [bundled(), imported] {
        for (paper, b) in std::iter::once((Paper::A4, book.clone()))
            .chain(book.booklets().into_iter().map(|b| (Paper::A5, b)))
        {
            let roles = last_roles(&pdf::render(&b, paper).expect("the book renders"));
            for (page, (role, last_in_section)) in roles.iter().enumerate() {
                // A part's title (H1) has its page to itself.
                assert!(
                    !role.starts_with('H') || role == "H1" || *last_in_section,
                    "{}: page {} ends with {role}",
                    b.title,
                    page + 1
                );
            }
        }
    }
}

/// The kids of a structure element, as written (references or objects).
fn kids_of(element: &lopdf::Dictionary) -> Vec<Object> {
    match element.get(b"K") {
        Ok(Object::Array(list)) => list.clone(),
        Ok(Object::Reference(r)) => vec![Object::Reference(*r)],
        _ => Vec::new(),
    }
}

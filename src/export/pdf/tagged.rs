//! The tagged PDF (PDF/UA-1) written with lopdf: the structure tree from
//! `pdf::tags`, tied to the marked content genpdf drew (`/ParentTree`), link
//! annotations with their `/OBJR`s, `/MarkInfo`, `/Tabs /S`, the document
//! title shown by viewers, and XMP metadata claiming PDF/UA-1.

use super::pages::Layout;
use super::tags::{Dest, Tree};
use crate::export::ir::Book;
use crate::Error;
use genpdf::render::Tagging;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use std::collections::BTreeMap;

/// A PDF text string: UTF-16BE with a byte order mark.
pub fn text(s: &str) -> Object {
    let mut bytes = vec![0xfe, 0xff];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn err(e: impl std::fmt::Display) -> Error {
    Error::new(format!("tagged PDF: {e}"))
}

/// What a structure element holds, in the order it is read.
enum Kid {
    Node(usize),
    /// Marked content: render-order page, marked-content id.
    Mark(usize, usize),
    /// A link annotation.
    Annot(ObjectId),
}

pub fn write(
    doc: &mut Document,
    tree: &Tree,
    tagging: &Tagging,
    layout: &Layout,
    book: &Book,
) -> Result<(), Error> {
    let pages = doc.get_pages();
    let page_id = |drawn: usize| {
        pages
            .get(&(layout.final_index(drawn + 1) as u32))
            .copied()
            .ok_or_else(|| err(format!("no page {}", drawn + 1)))
    };
    let first = first_marks(tree, tagging);
    let mut up: Vec<Option<usize>> = vec![None; tree.nodes.len()];
    for (p, node) in tree.nodes.iter().enumerate() {
        for &k in &node.kids {
            up[k] = Some(p);
        }
    }
    let ids: Vec<ObjectId> = (0..tree.nodes.len()).map(|_| doc.new_object_id()).collect();
    let root = doc.new_object_id();
    let mut own: Vec<Vec<(usize, Kid)>> = (0..tree.nodes.len()).map(|_| Vec::new()).collect();
    for (seq, &(page, mcid, node)) in tagging.marks.iter().enumerate() {
        own[node].push((seq, Kid::Mark(page, mcid)));
    }
    // The parent tree: each page's marked content by id, then each annotation.
    let mut parents: BTreeMap<usize, Vec<Object>> = BTreeMap::new();
    for &(page, mcid, node) in &tagging.marks {
        let list = parents.entry(page).or_default();
        if list.len() <= mcid {
            list.resize(mcid + 1, Object::Null);
        }
        list[mcid] = Object::Reference(ids[node]);
    }
    let mut nums = Vec::new();
    for (&page, list) in &parents {
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(list.clone()));
        doc.get_dictionary_mut(page_id(page)?)
            .map_err(err)?
            .set("StructParents", Object::Integer(page as i64));
    }
    let mut key = layout.pages as i64;
    for (seq, &(page, rect, node)) in tagging.links.iter().enumerate() {
        let Some(dest) = &tree.nodes[node].dest else {
            continue;
        };
        let description = tree.nodes[node].alt.as_deref();
        let annot = annotation(rect, dest, description, key, &page_id, layout)?;
        let id = doc.add_object(annot);
        add_to_array(doc, page_id(page)?, "Annots", Object::Reference(id))?;
        own[node].push((tagging.marks.len() + seq, Kid::Annot(id)));
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(ids[node]));
        key += 1;
    }
    for (n, node) in tree.nodes.iter().enumerate() {
        if first[n].is_none() {
            continue;
        }
        let parent = up[n].map_or(root, |p| ids[p]);
        let kids = kids(tree, n, std::mem::take(&mut own[n]), &first);
        let mut dict = Dictionary::from_iter([
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(node.role.as_bytes().to_vec())),
            ("P", Object::Reference(parent)),
        ]);
        if let Some(Kid::Mark(page, _)) = kids.iter().find(|k| matches!(k, Kid::Mark(..))) {
            dict.set("Pg", Object::Reference(page_id(*page)?));
        }
        let mut k = Vec::new();
        for kid in kids {
            k.push(match kid {
                Kid::Node(c) => Object::Reference(ids[c]),
                Kid::Mark(page, mcid) => Object::Dictionary(Dictionary::from_iter([
                    ("Type", Object::Name(b"MCR".to_vec())),
                    ("Pg", Object::Reference(page_id(page)?)),
                    ("MCID", Object::Integer(mcid as i64)),
                ])),
                Kid::Annot(a) => Object::Dictionary(Dictionary::from_iter([
                    ("Type", Object::Name(b"OBJR".to_vec())),
                    ("Obj", Object::Reference(a)),
                ])),
            });
        }
        // One kid stands alone (checkers read that form most reliably).
        let k = match <[Object; 1]>::try_from(k) {
            Ok([one]) => one,
            Err(k) => Object::Array(k),
        };
        // An empty cell has no content, and no `/K`.
        if !matches!(&k, Object::Array(a) if a.is_empty()) {
            dict.set("K", k);
        }
        // Every header cell heads its column (PDF/UA-1 7.5: a `TH` needs a
        // scope where the table has no header ids).
        if node.role == "TH" {
            let attributes = Dictionary::from_iter([
                ("O", Object::Name(b"Table".to_vec())),
                ("Scope", Object::Name(b"Column".to_vec())),
            ]);
            dict.set("A", Object::Dictionary(attributes));
        }
        if node.role == "Figure" {
            if let Some(alt) = &node.alt {
                dict.set("Alt", text(alt));
            }
        }
        doc.objects.insert(ids[n], Object::Dictionary(dict));
    }
    let parent_tree = doc.add_object(Dictionary::from_iter([("Nums", Object::Array(nums))]));
    doc.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"StructTreeRoot".to_vec())),
            ("K", Object::Array(vec![Object::Reference(ids[0])])),
            ("ParentTree", Object::Reference(parent_tree)),
            ("ParentTreeNextKey", Object::Integer(key)),
            ("RoleMap", Object::Dictionary(Dictionary::new())),
        ])),
    );
    for &page in pages.values() {
        doc.get_dictionary_mut(page)
            .map_err(err)?
            .set("Tabs", Object::Name(b"S".to_vec()));
    }
    let metadata = doc.add_object(xmp(book));
    let catalog = doc.catalog_mut().map_err(err)?;
    catalog.set("StructTreeRoot", Object::Reference(root));
    catalog.set(
        "MarkInfo",
        Object::Dictionary(Dictionary::from_iter([("Marked", Object::Boolean(true))])),
    );
    catalog.set(
        "ViewerPreferences",
        Object::Dictionary(Dictionary::from_iter([(
            "DisplayDocTitle",
            Object::Boolean(true),
        )])),
    );
    catalog.set("Metadata", Object::Reference(metadata));
    catalog.remove(b"OCProperties");
    Ok(())
}

/// For each element, the first marked content drawn in it or below it
/// (by drawing order); `None` for an element with nothing drawn, which is
/// left out of the tree unless it is kept.
fn first_marks(tree: &Tree, tagging: &Tagging) -> Vec<Option<usize>> {
    let mut first: Vec<Option<usize>> = vec![None; tree.nodes.len()];
    for (seq, &(_, _, node)) in tagging.marks.iter().enumerate() {
        first[node] = Some(first[node].map_or(seq, |f: usize| f.min(seq)));
    }
    // Kids are made after their parents: a reverse sweep sees them first.
    for n in (0..tree.nodes.len()).rev() {
        for &kid in &tree.nodes[n].kids {
            if let Some(k) = first[kid] {
                first[n] = Some(first[n].map_or(k, |f| f.min(k)));
            }
        }
    }
    // A kept element with nothing drawn stands where its parent does (a
    // container reads its kids in the book's order, so that is enough).
    for n in 0..tree.nodes.len() {
        for &kid in &tree.nodes[n].kids {
            if first[kid].is_none() && tree.nodes[kid].keep {
                first[kid] = first[n];
            }
        }
    }
    first
}

/// An element's kids in reading order: a container keeps the book's order;
/// in a paragraph, its text and its links are read as they were drawn.
fn kids(tree: &Tree, n: usize, own: Vec<(usize, Kid)>, first: &[Option<usize>]) -> Vec<Kid> {
    let nodes = tree.nodes[n]
        .kids
        .iter()
        .filter_map(|&k| first[k].map(|f| (f, Kid::Node(k))));
    if own.is_empty() {
        return nodes.map(|(_, k)| k).collect();
    }
    let mut all: Vec<(usize, Kid)> = own.into_iter().chain(nodes).collect();
    all.sort_by_key(|(seq, _)| *seq);
    all.into_iter().map(|(_, k)| k).collect()
}

fn annotation(
    rect: [f64; 4],
    dest: &Dest,
    description: Option<&str>,
    key: i64,
    page_id: &dyn Fn(usize) -> Result<ObjectId, Error>,
    layout: &Layout,
) -> Result<Dictionary, Error> {
    let mut annot = Dictionary::from_iter([
        ("Type", Object::Name(b"Annot".to_vec())),
        ("Subtype", Object::Name(b"Link".to_vec())),
        (
            "Rect",
            Object::Array(rect.iter().map(|&v| Object::Real(v as f32)).collect()),
        ),
        ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
        ("F", Object::Integer(4)),
        ("StructParent", Object::Integer(key)),
    ]);
    if let Some(d) = description {
        annot.set("Contents", text(d));
    }
    let to_page = |drawn: Option<&usize>| -> Result<Object, Error> {
        let drawn = drawn.ok_or_else(|| err("a link to a page that was not drawn"))?;
        Ok(Object::Array(vec![
            Object::Reference(page_id(drawn - 1)?),
            Object::Name(b"Fit".to_vec()),
        ]))
    };
    match dest {
        Dest::Uri(uri) => annot.set(
            "A",
            Object::Dictionary(Dictionary::from_iter([
                ("S", Object::Name(b"URI".to_vec())),
                // A URI action takes 7-bit ASCII only.
                (
                    "URI",
                    Object::string_literal(crate::text::encode_uri(uri).into_bytes()),
                ),
            ])),
        ),
        Dest::Chapter(c) => annot.set("Dest", to_page(layout.chapter_pages.get(*c))?),
        Dest::Part(p) => annot.set("Dest", to_page(layout.part_pages.get(*p))?),
    }
    Ok(annot)
}

fn add_to_array(doc: &mut Document, dict: ObjectId, key: &str, value: Object) -> Result<(), Error> {
    let dict = doc.get_dictionary_mut(dict).map_err(err)?;
    match dict.get_mut(key.as_bytes()) {
        Ok(Object::Array(list)) => list.push(value),
        _ => dict.set(key, Object::Array(vec![value])),
    }
    Ok(())
}

/// XMP metadata: title, author, language and the PDF/UA-1 claim. Left
/// uncompressed, as readers of metadata expect.
fn xmp(book: &Book) -> Stream {
    let xml = format!(
        concat!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n",
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n",
            "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n",
            "<rdf:Description rdf:about=\"\"",
            " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"",
            " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"",
            " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n",
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n",
            "<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n",
            "<dc:language><rdf:Bag><rdf:li>sv-SE</rdf:li></rdf:Bag></dc:language>\n",
            "<pdf:Producer>handbok (genpdf, lopdf)</pdf:Producer>\n",
            "<pdfuaid:part>1</pdfuaid:part>\n",
            "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n",
            "<?xpacket end=\"w\"?>"
        ),
        title = xml(&book.title),
        author = xml(&book.author),
    );
    let dict = Dictionary::from_iter([
        ("Type", Object::Name(b"Metadata".to_vec())),
        ("Subtype", Object::Name(b"XML".to_vec())),
    ]);
    Stream::new(dict, xml.into_bytes()).with_compression(false)
}

fn xml(s: &str) -> String {
    crate::text::xml_text(s)
}

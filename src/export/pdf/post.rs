//! PDF post-processing with lopdf: the bookmark outline, document metadata
//! as UTF-16 text strings, `/Lang (sv-SE)`, outline shown on opening,
//! compressed streams, and reproducible dates and ids (printpdf stamps the
//! clock and random ids into its output).

use super::tagged::text;
use super::{LaidOut, Layout};
use crate::export::ir::Book;
use crate::Error;
use lopdf::{Bookmark, Dictionary, Document, Object, StringFormat};

fn err(e: impl std::fmt::Display) -> Error {
    Error::new(format!("PDF post-processing: {e}"))
}

/// `D:YYYYMMDD000000Z` from `YYYY-MM-DD`.
fn pdf_date(day: &str) -> Object {
    Object::string_literal(format!("D:{}000000Z", day.replace('-', "")))
}

pub fn finish(laid_out: LaidOut, book: &Book) -> Result<Vec<u8>, Error> {
    let LaidOut {
        bytes,
        layout,
        tree,
        tagging,
    } = laid_out;
    let layout = &layout;
    let mut doc = Document::load_mem(&bytes).map_err(err)?;
    drop(bytes);
    contents_to_front(&mut doc, layout)?;
    label_pages(&mut doc, layout)?;
    outline(&mut doc, book, layout);
    super::subset::subset_fonts(&mut doc)?;
    super::tagged::write(&mut doc, &tree, &tagging, layout, book)?;
    let catalog = doc.catalog_mut().map_err(err)?;
    catalog.set("Lang", Object::string_literal("sv-SE"));
    // printpdf's PDF/X output intent carries a 650 kB CMYK profile; with its
    // XMP claim gone above, the intent is dead weight.
    catalog.remove(b"OutputIntents");
    let mut info = Dictionary::new();
    info.set("Title", text(&book.title));
    info.set("Author", text(&book.author));
    if let Some(s) = &book.subtitle {
        info.set("Subject", text(s));
    }
    info.set("Creator", text("handbok"));
    info.set("Producer", text("handbok (genpdf, lopdf)"));
    info.set("CreationDate", pdf_date(&book.date));
    info.set("ModDate", pdf_date(&book.date));
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));
    let id = format!(
        "{:016x}{:016x}",
        book.fingerprint,
        book.fingerprint.rotate_left(29)
    )
    .into_bytes();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    doc.prune_objects();
    doc.renumber_objects();
    doc.compress();
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(err)?;
    Ok(out)
}

/// genpdf lays the contents out last; the reader finds them behind the cover.
fn contents_to_front(doc: &mut Document, layout: &Layout) -> Result<(), Error> {
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(err)?;
    let pages = doc.get_dictionary_mut(root).map_err(err)?;
    let kids = pages
        .get_mut(b"Kids")
        .and_then(Object::as_array_mut)
        .map_err(err)?;
    let start = layout.contents_page;
    if kids.len() != layout.pages || start < 2 || start > kids.len() {
        return Err(err(format!(
            "the page tree has {} pages where the layout counted {}",
            kids.len(),
            layout.pages
        )));
    }
    kids[1..].rotate_right(layout.contents_len());
    Ok(())
}

/// Page labels as printed: i, ii, … for the cover and contents, then 1, 2, …
fn label_pages(doc: &mut Document, layout: &Layout) -> Result<(), Error> {
    let body = (1 + layout.contents_len()) as i64;
    let style =
        |s: &str| Object::Dictionary(Dictionary::from_iter([("S", Object::Name(s.into()))]));
    let nums = vec![0.into(), style("r"), body.into(), style("D")];
    let labels = Dictionary::from_iter([("Nums", Object::Array(nums))]);
    doc.catalog_mut()
        .map_err(err)?
        .set("PageLabels", Object::Dictionary(labels));
    Ok(())
}

/// The bookmark outline: the contents, then parts with their chapters.
fn outline(doc: &mut Document, book: &Book, layout: &Layout) {
    let pages = doc.get_pages();
    let page_id = |physical: usize| pages.get(&(layout.final_index(physical) as u32)).copied();
    let mut mark = |title: &str, physical: usize, format: u32, parent: Option<u32>| {
        page_id(physical).map(|id| {
            doc.add_bookmark(
                Bookmark::new(title.to_string(), [0.0; 3], format, id),
                parent,
            )
        })
    };
    mark("Innehåll", layout.contents_page, 0, None);
    let mut c = 0;
    for (p, part) in book.parts.iter().enumerate() {
        let parent = layout
            .part_pages
            .get(p)
            .and_then(|&n| mark(&part.title, n, 2, None));
        for chapter in &part.chapters {
            if let (Some(&n), Some(parent)) = (layout.chapter_pages.get(c), parent) {
                mark(&chapter.title, n, 0, Some(parent));
            }
            c += 1;
        }
    }
    if let Some(outline) = doc.build_outline() {
        if let Ok(catalog) = doc.catalog_mut() {
            catalog.set("Outlines", Object::Reference(outline));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
    }
}

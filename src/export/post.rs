//! PDF post-processing with lopdf: the bookmark outline, document metadata
//! as UTF-16 text strings, `/Lang (sv-SE)`, outline shown on opening,
//! compressed streams, and reproducible dates and ids (printpdf stamps the
//! clock and random ids into its output).

use super::ir::Book;
use super::pdf::Layout;
use crate::Error;
use lopdf::{Bookmark, Dictionary, Document, Object, StringFormat};

fn err(e: impl std::fmt::Display) -> Error {
    Error::new(format!("PDF post-processing: {e}"))
}

/// A PDF text string: UTF-16BE with a byte order mark.
fn text(s: &str) -> Object {
    let mut bytes = vec![0xfe, 0xff];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDD000000Z` from `YYYY-MM-DD`.
fn pdf_date(day: &str) -> Object {
    Object::string_literal(format!("D:{}000000Z", day.replace('-', "")))
}

pub fn finish(bytes: &[u8], book: &Book, layout: &Layout) -> Result<Vec<u8>, Error> {
    let mut doc = Document::load_mem(bytes).map_err(err)?;
    let pages = doc.get_pages();
    let page_id = |n: usize| pages.get(&(n.max(1) as u32)).copied();
    let mut c = 0;
    for (p, part) in book.parts.iter().enumerate() {
        let Some(id) = layout.part_pages.get(p).and_then(|&n| page_id(n)) else {
            continue;
        };
        let parent = doc.add_bookmark(
            Bookmark::new(part.title.clone(), [0.0, 0.0, 0.0], 2, id),
            None,
        );
        for chapter in &part.chapters {
            if let Some(id) = layout.chapter_pages.get(c).and_then(|&n| page_id(n)) {
                doc.add_bookmark(
                    Bookmark::new(chapter.title.clone(), [0.0, 0.0, 0.0], 0, id),
                    Some(parent),
                );
            }
            c += 1;
        }
    }
    let outline = doc.build_outline();
    let catalog = doc.catalog_mut().map_err(err)?;
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    catalog.set("Lang", Object::string_literal("sv-SE"));
    catalog.remove(b"Metadata");
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

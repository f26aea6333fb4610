//! Font subsetting for the PDF. genpdf (through printpdf) embeds each font
//! whole, about 250 kB a face; the book uses a few hundred glyphs of each.
//!
//! The page content addresses glyphs by their id in the whole font (CIDs,
//! Identity-H). `subsetter` renumbers the glyphs it keeps, so instead of
//! rewriting every content stream, each font gets a `/CIDToGIDMap` from the
//! old id to the new one: the pages, `/W` and `/ToUnicode` stay as they are.

use crate::Error;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::BTreeSet;
use subsetter::GlyphRemapper;

fn err(e: impl std::fmt::Display) -> Error {
    Error::new(format!("PDF font subsetting: {e}"))
}

/// Replaces every embedded TrueType font by the subset the pages use.
pub fn subset_fonts(doc: &mut Document) -> Result<(), Error> {
    let used = used_glyphs(doc);
    for font in type0_fonts(doc) {
        subset_font(doc, font, &used)?;
    }
    Ok(())
}

/// Every glyph id shown on any page. printpdf writes text only as hex
/// strings of 2-byte glyph ids, so the hex strings of the content are
/// exactly the glyphs in use (of any font: a superset for each is fine).
fn used_glyphs(doc: &Document) -> BTreeSet<u16> {
    let mut used = BTreeSet::from([0]);
    for page in doc.get_pages().into_values() {
        hex_glyphs(&doc.get_page_content(page), &mut used);
    }
    used
}

fn hex_glyphs(content: &[u8], used: &mut BTreeSet<u16>) {
    let mut rest = content;
    while let Some(open) = rest.iter().position(|&b| b == b'<') {
        rest = &rest[open + 1..];
        if rest.first() == Some(&b'<') {
            rest = &rest[1..]; // a dictionary, not a string
            continue;
        }
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let digits: Vec<u16> = rest[..end]
            .iter()
            .filter_map(|&b| char::from(b).to_digit(16).map(|d| d as u16))
            .collect();
        for id in digits.chunks_exact(4) {
            used.insert(id.iter().fold(0, |acc, &d| acc << 4 | d));
        }
        rest = &rest[end..];
    }
}

fn type0_fonts(doc: &Document) -> Vec<ObjectId> {
    doc.objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.has_type(b"Font")
                    && d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
            })
        })
        .map(|(&id, _)| id)
        .collect()
}

fn subset_font(doc: &mut Document, font: ObjectId, used: &BTreeSet<u16>) -> Result<(), Error> {
    let descriptor = descendant(doc, font)?
        .get(b"FontDescriptor")
        .and_then(Object::as_reference)
        .map_err(err)?;
    let file = doc
        .get_dictionary(descriptor)
        .and_then(|d| d.get(b"FontFile2"))
        .and_then(Object::as_reference)
        .map_err(err)?;
    let stream = doc
        .get_object(file)
        .and_then(Object::as_stream)
        .map_err(err)?;
    let data = match stream.decompressed_content() {
        Ok(d) => d,
        Err(_) => stream.content.clone(),
    };
    let count = glyph_count(&data).ok_or_else(|| err("an embedded font has no maxp table"))?;
    let keep: Vec<u16> = used.iter().copied().filter(|&g| g < count).collect();
    let mapper = GlyphRemapper::new_from_glyphs_sorted(&keep);
    let subset = subsetter::subset(&data, 0, &mapper).map_err(err)?;
    let map = cid_to_gid(&mapper, keep.last().copied().unwrap_or(0));
    let tag = subset_tag(&keep);
    let length = subset.len() as i64;
    doc.objects.insert(
        file,
        Object::Stream(Stream::new(
            Dictionary::from_iter([("Length1", Object::Integer(length))]),
            subset,
        )),
    );
    let map_id = doc.add_object(Stream::new(Dictionary::new(), map));
    tag_name(
        doc.get_dictionary_mut(descriptor).map_err(err)?,
        b"FontName",
        &tag,
    )?;
    tag_name(
        doc.get_dictionary_mut(font).map_err(err)?,
        b"BaseFont",
        &tag,
    )?;
    let cid_font = descendant(doc, font)?;
    cid_font.set("CIDToGIDMap", Object::Reference(map_id));
    tag_name(cid_font, b"BaseFont", &tag)
}

/// The CIDFont of a Type0 font, inline (as printpdf writes it) or referenced.
fn descendant(doc: &mut Document, font: ObjectId) -> Result<&mut Dictionary, Error> {
    let fonts = doc
        .get_dictionary(font)
        .and_then(|d| d.get(b"DescendantFonts"))
        .and_then(Object::as_array)
        .map_err(err)?;
    if let Some(Object::Reference(id)) = fonts.first() {
        let id = *id;
        return doc.get_dictionary_mut(id).map_err(err);
    }
    doc.get_dictionary_mut(font)
        .and_then(|d| d.get_mut(b"DescendantFonts"))
        .and_then(Object::as_array_mut)
        .map_err(err)?
        .first_mut()
        .and_then(|o| o.as_dict_mut().ok())
        .ok_or_else(|| err("a Type0 font without a descendant font"))
}

/// Prefixes a font name with its subset tag, as PDF asks (`ABCDEF+Name`).
fn tag_name(dict: &mut Dictionary, key: &[u8], tag: &str) -> Result<(), Error> {
    let name = dict.get(key).and_then(Object::as_name).map_err(err)?;
    let tagged = [tag.as_bytes(), name].concat();
    dict.set(key, Object::Name(tagged));
    Ok(())
}

/// Six capitals derived from the glyph set, so the same book gets the
/// same tag (reproducible output).
fn subset_tag(glyphs: &[u16]) -> String {
    let bytes: Vec<u8> = glyphs.iter().flat_map(|g| g.to_be_bytes()).collect();
    let mut h = crate::text::fnv(&bytes);
    let mut tag = String::new();
    for _ in 0..6 {
        tag.push(char::from(b'A' + (h % 26) as u8));
        h /= 26;
    }
    tag + "+"
}

/// `/CIDToGIDMap`: for each CID (the old glyph id) its new glyph id, two
/// bytes big-endian; glyphs not kept map to 0 (.notdef).
fn cid_to_gid(mapper: &GlyphRemapper, last: u16) -> Vec<u8> {
    (0..=last)
        .flat_map(|cid| mapper.get(cid).unwrap_or(0).to_be_bytes())
        .collect()
}

/// `numGlyphs` from the font's `maxp` table.
fn glyph_count(font: &[u8]) -> Option<u16> {
    let u16_at = |at: usize| Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?));
    let tables = usize::from(u16_at(4)?);
    (0..tables).find_map(|t| {
        let record = 12 + 16 * t;
        (font.get(record..record + 4)? == b"maxp")
            .then(|| u16_at(u32_at(record + 8)? as usize + 4))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_ids_come_from_hex_strings_only() {
        let mut used = BTreeSet::new();
        let content = b"BT /F0 10 Tf << /MCID 0 >> BDC [<00410042> -12 <0043>] TJ ET";
        hex_glyphs(content, &mut used);
        assert_eq!(used.into_iter().collect::<Vec<_>>(), [0x41, 0x42, 0x43]);
    }

    #[test]
    fn noto_sans_counts_its_glyphs() {
        let count = glyph_count(notosans::REGULAR_TTF).unwrap();
        assert!(count > 1000, "{count}");
        assert_eq!(glyph_count(b"not a font"), None);
    }

    #[test]
    fn tags_are_six_capitals_and_stable() {
        let tag = subset_tag(&[0, 36, 37]);
        assert_eq!(tag, subset_tag(&[0, 36, 37]));
        assert_ne!(tag, subset_tag(&[0, 36, 38]));
        assert_eq!(tag.len(), 7);
        assert!(tag[..6].bytes().all(|b| b.is_ascii_uppercase()) && tag.ends_with('+'));
    }
}

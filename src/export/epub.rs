//! EPUB 3: one XHTML file per chapter, a title page, the navigation
//! document, CSS, images, and metadata (a stable identifier derived from the
//! content, `dcterms:modified` from its revision dates, accessibility).

use super::ir::{Book, Chapter, Source, Target};
use super::xhtml::{esc, Hrefs};
use crate::Error;
use chrono::TimeZone;
use epub_builder::{
    EpubBuilder, EpubContent, EpubVersion, MetadataOpfV3, ReferenceType, ZipLibrary,
};

const CSS: &str = include_str!("epub.css");

fn err(e: impl std::fmt::Display) -> Error {
    Error::new(format!("EPUB: {e}"))
}

pub fn render(book: &Book) -> Result<Vec<u8>, Error> {
    let mut epub = EpubBuilder::new(ZipLibrary::new().map_err(err)?).map_err(err)?;
    epub.epub_version(EpubVersion::V30);
    epub.set_title(crate::text::xml_clean(&book.title));
    epub.add_language("sv");
    epub.set_generator("handbok");
    epub.add_author(crate::text::xml_clean(&book.author));
    let meta = |p: &str, c: &str| Box::new(MetadataOpfV3::new(p.to_string(), c.to_string()));
    let images = book.images();
    epub.add_metadata_opf(meta("schema:accessMode", "textual"));
    if !images.is_empty() {
        epub.add_metadata_opf(meta("schema:accessMode", "visual"));
    }
    epub.add_metadata_opf(meta("schema:accessModeSufficient", "textual"));
    for feature in [
        "structuralNavigation",
        "tableOfContents",
        "alternativeText",
        "readingOrder",
    ] {
        epub.add_metadata_opf(meta("schema:accessibilityFeature", feature));
    }
    epub.add_metadata_opf(meta("schema:accessibilityHazard", "none"));
    epub.add_metadata_opf(meta(
        "schema:accessibilitySummary",
        "Texten har rubriker i logisk ordning, en innehållsförteckning och textalternativ till alla bilder.",
    ));
    epub.set_modified_date(date(&book.date)?);
    let fp = book.fingerprint;
    epub.set_uuid(uuid::Uuid::from_u64_pair(
        fp,
        fp.rotate_left(32) ^ 0x6861_6e64_626f_6b21,
    ));
    epub.stylesheet(CSS.as_bytes()).map_err(err)?;
    for (image, media) in images.iter().filter_map(|i| match &i.source {
        Source::File { media, .. } => Some((i, media)),
        Source::Placeholder(_) => None,
    }) {
        let bytes = crate::media::published(media)
            .map_err(|p| Error::new(format!("{}: {}", image.at, p.describe(&media.file))))?;
        epub.add_resource(
            format!("images/{}", image.name),
            bytes.as_slice(),
            media.kind.mime(),
        )
        .map_err(err)?;
    }
    epub.add_content(
        EpubContent::new(
            "title.xhtml",
            page("Titelsida", &title_page(book)).as_bytes(),
        )
        .title("Titelsida")
        .reftype(ReferenceType::TitlePage),
    )
    .map_err(err)?;
    for (n, part) in book.parts.iter().enumerate() {
        let body = format!(
            "<section epub:type=\"part\" class=\"part\"><h1>{}</h1></section>",
            esc(&part.title)
        );
        epub.add_content(
            EpubContent::new(
                format!("part-{n}.xhtml"),
                page(&part.title, &body).as_bytes(),
            )
            .title(crate::text::xml_clean(&part.title))
            .level(1),
        )
        .map_err(err)?;
        for chapter in &part.chapters {
            let xhtml = page(&chapter.title, &chapter_body(chapter));
            let mut content = EpubContent::new(format!("{}.xhtml", chapter.id), xhtml.as_bytes())
                .title(crate::text::xml_clean(&chapter.title))
                .level(2);
            if n == 0 && chapter.id == part.chapters[0].id {
                content = content.reftype(ReferenceType::Text);
            }
            epub.add_content(content).map_err(err)?;
        }
    }
    let mut out = Vec::new();
    epub.generate(&mut out).map_err(err)?;
    restamp(&out, &book.date)
}

/// Rewrite the archive with every entry dated `day`: the zip writer stamps
/// the clock, and the same content must give the same file. The package
/// document's language ids are mended on the way (see [`language_ids`]).
fn restamp(epub: &[u8], day: &str) -> Result<Vec<u8>, Error> {
    use std::io::{Read, Write};
    use zip::write::SimpleFileOptions;
    let mut parts = day.split('-').map(|p| p.parse::<u16>().unwrap_or(1));
    let (y, m, d) = (
        parts.next().unwrap_or(2000),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(1),
    );
    let stamp = zip::DateTime::from_date_and_time(y, m as u8, d as u8, 0, 0, 0).map_err(err)?;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).map_err(err)?;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(err)?;
        let method = if entry.name() == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(stamp);
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(err)?;
        if entry.name().ends_with(".opf") {
            bytes = language_ids(&bytes);
        }
        writer
            .start_file(entry.name().to_string(), options)
            .map_err(err)?;
        writer.write_all(&bytes).map_err(err)?;
    }
    Ok(writer.finish().map_err(err)?.into_inner())
}

/// epub-builder 0.8's OPF template gives each `dc:language` the id
/// `epub-creator-N`, the id of the N-th `dc:creator` too: with an author,
/// two elements share an id, which EPUBCheck rejects (RSC-005). Languages
/// get `epub-language-N`; nothing refers to those ids.
fn language_ids(opf: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(opf)
        .replace(
            "<dc:language id=\"epub-creator-",
            "<dc:language id=\"epub-language-",
        )
        .into_bytes()
}

fn date(day: &str) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    let mut parts = day.split('-').map(|p| p.parse::<u32>().unwrap_or(1));
    let (y, m, d) = (
        parts.next().unwrap_or(2000),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(1),
    );
    chrono::Utc
        .with_ymd_and_hms(y as i32, m, d, 0, 0, 0)
        .single()
        .ok_or_else(|| Error::new(format!("not a date: {day}")))
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"sv\" lang=\"sv\">\n<head>\n<meta charset=\"UTF-8\"/>\n<title>{}</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"stylesheet.css\"/>\n</head>\n<body>\n{body}\n</body>\n</html>\n",
        esc(title)
    )
}

fn title_page(book: &Book) -> String {
    let mut out = format!(
        "<section epub:type=\"titlepage\" class=\"titlepage\">\n<h1 class=\"title\">{}</h1>\n",
        esc(&book.title)
    );
    if let Some(s) = &book.subtitle {
        out.push_str(&format!("<p class=\"subtitle\">{}</p>\n", esc(s)));
    }
    out.push_str(&format!(
        "<p class=\"edition\">{}</p>\n</section>",
        esc(&book.edition_line())
    ));
    out
}

pub fn chapter_body(chapter: &Chapter) -> String {
    let mut out = format!(
        "<section epub:type=\"chapter\" class=\"chapter\" id=\"{}\">\n<h1>{}</h1>\n",
        esc(&chapter.id),
        esc(&chapter.title)
    );
    InBook.blocks(&chapter.blocks, &mut out);
    out.push_str("</section>");
    out
}

/// The EPUB renderer: one EPUB 3 a book.
pub struct Epub;

impl super::Renderer for Epub {
    fn entry(&self, stem: &str) -> String {
        format!("{stem}.epub")
    }

    fn render(&self, book: &Book, stem: &str, sink: &mut dyn super::Sink) -> Result<(), Error> {
        sink.file(self.entry(stem), render(book)?);
        Ok(())
    }
}

/// Where links and images lead inside the e-book.
struct InBook;

impl Hrefs for InBook {
    fn target(&self, target: &Target) -> Option<String> {
        match target {
            Target::Chapter(id) => Some(format!("{id}.xhtml")),
            Target::Url(u) => Some(crate::text::encode_uri(u)),
            Target::None => None,
        }
    }

    fn image(&self, name: &str) -> String {
        format!("images/{name}")
    }
}

//! Image files as the book will use them, checked once for lint and
//! export together ([`Checks`]): inside `media/` (no `..`, no link that
//! leads out), a regular file, PNG or JPEG (what both the PDF and the EPUB
//! take), whole ([`structure`]), and of a size that can be decoded. No
//! pixel is decoded to check a file: the dimensions come from its headers,
//! so a 74-byte file claiming 100000×100000 pixels never gets 40 GB
//! allocated, and only a renderer that draws pixels decodes them.

mod structure;

use crate::model::MEDIA_DIR;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Largest image accepted, in pixels (a full-page photo at 300 dpi is
/// about 9 megapixels), and per side.
pub const MAX_PIXELS: u64 = 40_000_000;
pub const MAX_SIDE: u32 = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Png,
    Jpeg,
}

impl Kind {
    pub fn mime(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Kind::Png => "png",
            Kind::Jpeg => "jpg",
        }
    }
}

/// A media file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media {
    /// The name as the content gives it, relative to `media/`.
    pub file: String,
    /// The guide it is in.
    pub guide: PathBuf,
    /// Where it really is.
    pub path: PathBuf,
    pub kind: Kind,
    pub width: u32,
    pub height: u32,
}

/// Why a media file cannot go into the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// `..`, an absolute path or a backslash: the name leads out of media/.
    Escapes,
    /// `./` or `//` in the name: the plain name it stands for.
    Unplain(String),
    /// A web address (`https://…`, `data:…`), not a file of media/.
    Remote,
    Missing,
    /// A link that leads out of media/, or not a regular file.
    NotInMedia(String),
    /// Not PNG or JPEG: what it is.
    Format(String),
    TooLarge(u32, u32),
    Damaged(String),
}

impl Problem {
    pub fn describe(&self, file: &str) -> String {
        match self {
            Problem::Escapes => format!("image path `{file}` leads outside the media folder"),
            Problem::Unplain(plain) => {
                format!("image path `{file}` is not written plainly; write `{plain}`")
            }
            Problem::Remote => format!(
                "image `{file}` is a web address; the books and the site take images from media/ only (save it there and name the file)"
            ),
            Problem::Missing => format!("image `{file}` is missing from media/"),
            Problem::NotInMedia(why) => format!("image `{file}` {why}"),
            Problem::Format(what) => {
                format!("image `{file}` is {what}; the book takes PNG and JPEG")
            }
            Problem::TooLarge(w, h) if (*w).max(*h) > MAX_SIDE => format!(
                "image `{file}` is {w}×{h} pixels, more than the {MAX_SIDE} a side may have"
            ),
            Problem::TooLarge(w, h) => format!(
                "image `{file}` is {w}×{h} pixels, more than the {MAX_PIXELS} a page can use"
            ),
            Problem::Damaged(why) => format!("image `{file}` cannot be decoded: {why}"),
        }
    }
}

/// What [`check`] found of each image file of a guide, asked for by lint
/// and export alike: each file is read and checked once.
#[derive(Debug)]
pub struct Checks {
    root: PathBuf,
    found: Mutex<HashMap<String, Result<Media, Problem>>>,
}

impl Checks {
    pub fn new(root: &Path) -> Self {
        Checks {
            root: root.to_path_buf(),
            found: Mutex::default(),
        }
    }

    /// `file` (relative to `media/`) checked, or what was found before.
    pub fn get(&self, file: &str) -> Result<Media, Problem> {
        if let Some(known) = self.found.lock().ok().and_then(|f| f.get(file).cloned()) {
            return known;
        }
        let found = check(&self.root, file);
        if let Ok(mut all) = self.found.lock() {
            all.insert(file.to_string(), found.clone());
        }
        found
    }
}

/// What is wrong with `file` as a name under media/, from its text alone:
/// one image has one name, so `./a.png` and `a//b.png` are asked to be
/// written plainly rather than taken as other files.
pub fn name_problem(file: &str) -> Option<Problem> {
    // `https:`, `data:`: a scheme, not a folder (a drive letter `C:`
    // comes with a backslash, which escapes below).
    let scheme = file.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if scheme && !file.contains('\\') {
        return Some(Problem::Remote);
    }
    let parts: Vec<&str> = file.split('/').collect();
    if file.starts_with('/') || file.contains('\\') || parts.contains(&"..") {
        return Some(Problem::Escapes);
    }
    let plain: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    (plain.len() != parts.len()).then(|| Problem::Unplain(plain.join("/")))
}

/// Check `file` (relative to `root/media`) by its name, place, headers and
/// structure, without decoding it.
pub fn check(root: &Path, file: &str) -> Result<Media, Problem> {
    if let Some(problem) = name_problem(file) {
        return Err(problem);
    }
    let bytes = read(root, file)?;
    let (kind, width, height) = inspect(&bytes)?;
    Ok(Media {
        file: file.to_string(),
        guide: root.to_path_buf(),
        path: root.join(MEDIA_DIR).join(file),
        kind,
        width,
        height,
    })
}

/// The bytes of `media/file` through the one reader: a plain file, no link
/// on the way from the guide (a linked `media/` included).
fn read(root: &Path, file: &str) -> Result<Vec<u8>, Problem> {
    use crate::files::read::{bytes_in, head_in, Kind};
    let rel = Path::new(MEDIA_DIR).join(file);
    // What the file is, from its first bytes: a large file that is no
    // picture is not read whole.
    head_in(root, &rel, 16, Kind::Media)
        .map_err(|e| refusal(root, e))
        .and_then(|head| sniff(&head))?;
    bytes_in(root, &rel, Kind::Media).map_err(|e| refusal(root, e))
}

/// Why a media file cannot be read, as a [`Problem`].
fn refusal(root: &Path, e: crate::files::read::Refused) -> Problem {
    use crate::files::read::Refused;
    match e {
        Refused::Missing => Problem::Missing,
        Refused::Escapes => Problem::Escapes,
        Refused::Link => Problem::NotInMedia(
            "is a symbolic link, which may lead anywhere; images must be plain files in media/"
                .into(),
        ),
        Refused::LinkOnTheWay(at) => Problem::NotInMedia(format!(
            "is reached through the symbolic link {}, which may lead anywhere; images must be plain files in media/",
            at.strip_prefix(root).unwrap_or(&at).display()
        )),
        Refused::Folder | Refused::Special => Problem::NotInMedia("is not a regular file".into()),
        other => Problem::Damaged(other.to_string()),
    }
}

/// The bytes of a checked image, read again (checked as before) when a
/// renderer needs them.
pub fn bytes(m: &Media) -> Result<Vec<u8>, Problem> {
    read(&m.guide, &m.file)
}

/// The bytes of a checked image as a book takes them: checked again, and
/// without what it says of where, when and by whom it was made (Exif with
/// a GPS position, XMP, IPTC, comments, text chunks).
pub fn published(m: &Media) -> Result<Vec<u8>, Problem> {
    stripped(&bytes(m)?)
}

/// An image's bytes checked whole and without their metadata (EXIF, GPS,
/// comments), as every format publishes them.
pub fn stripped(bytes: &[u8]) -> Result<Vec<u8>, Problem> {
    inspect(bytes)?;
    Ok(structure::strip(bytes))
}

/// An image file's format and size, once its structure is whole; no pixel
/// is decoded.
pub fn inspect(bytes: &[u8]) -> Result<(Kind, u32, u32), Problem> {
    let kind = sniff(bytes)?;
    let (width, height) = match kind {
        Kind::Png => structure::png(bytes, &fits)?,
        Kind::Jpeg => structure::jpeg(bytes, &fits)?,
    };
    Ok((kind, width, height))
}

/// An image the book can decode: neither side nor area too large.
fn fits(width: u32, height: u32) -> Result<(), Problem> {
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(Problem::TooLarge(width, height));
    }
    Ok(())
}

/// The format by its first bytes, whatever the name says.
fn sniff(head: &[u8]) -> Result<Kind, Problem> {
    let what = if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Kind::Png);
    } else if head.starts_with(&[0xff, 0xd8, 0xff]) {
        return Ok(Kind::Jpeg);
    } else if head.starts_with(b"GIF8") {
        "GIF"
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        "WebP"
    } else if head.starts_with(b"BM") {
        "BMP"
    } else if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        "TIFF"
    } else if head.starts_with(b"<") {
        "SVG or other markup"
    } else {
        "not an image format handbok knows"
    };
    Err(Problem::Format(what.into()))
}

/// Decode a checked image (its size is bounded by [`check`]); a file
/// whose structure is whole can still hold data that does not decode.
pub fn decode(m: &Media) -> Result<image::DynamicImage, Problem> {
    let format = match m.kind {
        Kind::Png => image::ImageFormat::Png,
        Kind::Jpeg => image::ImageFormat::Jpeg,
    };
    image::load_from_memory_with_format(&bytes(m)?, format)
        .map_err(|e| Problem::Damaged(e.to_string()))
}

/// Decode to 8-bit RGB, flattened onto white: the PDF takes no alpha
/// channel, nor grey or 16-bit images.
pub fn decode_opaque(m: &Media) -> Result<image::DynamicImage, Problem> {
    let img = decode(m)?;
    if !img.color().has_alpha() {
        return Ok(image::DynamicImage::ImageRgb8(img.to_rgb8()));
    }
    let rgba = img.to_rgba8();
    let flat = image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let p = rgba.get_pixel(x, y).0;
        let a = u32::from(p[3]);
        let mix = |c: u8| ((u32::from(c) * a + 255 * (255 - a)) / 255) as u8;
        image::Rgb([mix(p[0]), mix(p[1]), mix(p[2])])
    });
    Ok(image::DynamicImage::ImageRgb8(flat))
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_plain_inside_media_or_refused_before_any_file_is_looked_for() {
        for out in ["../x.png", "/etc/x.png", "a\\x.png", "a/../../x.png"] {
            assert_eq!(name_problem(out), Some(Problem::Escapes), "{out}");
        }
        for (odd, plain) in [
            ("./x.png", "x.png"),
            ("a//x.png", "a/x.png"),
            ("a/./x.png", "a/x.png"),
        ] {
            assert_eq!(
                name_problem(odd),
                Some(Problem::Unplain(plain.into())),
                "{odd}"
            );
        }
        assert_eq!(name_problem("a/x.png"), None);
        // A web address is no path to tidy: `https://x/y.png` is not
        // `https:/x/y.png`.
        for remote in [
            "https://evil.example/x.png",
            "http://x.se/a.jpg",
            "data:image/png;base64,AA",
            "ftp://x/y.png",
        ] {
            assert_eq!(name_problem(remote), Some(Problem::Remote), "{remote}");
        }
        assert_eq!(name_problem("C:\\bilder\\x.png"), Some(Problem::Escapes));
        assert_eq!(name_problem("kl. 10:30.png"), None);
        // Lint and export ask the same question: both stop at the name.
        let dir = media_with("x.png", b"");
        assert_eq!(
            check(dir.path(), "./x.png"),
            Err(Problem::Unplain("x.png".into()))
        );
    }

    fn media_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("media")).unwrap();
        std::fs::write(dir.path().join("media").join(name), bytes).unwrap();
        dir
    }

    /// A whole PNG claiming `w`×`h` whose image data is a few bytes: no
    /// more than its structure.
    fn png_header(w: u32, h: u32) -> Vec<u8> {
        let mut ihdr = w.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&h.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        structure::tests::png_of(&[(b"IHDR", &ihdr), (b"IDAT", &[0; 4]), (b"IEND", &[])])
    }

    #[test]
    fn a_header_claiming_a_huge_image_is_refused_before_decoding() {
        let dir = media_with("bomb.png", &png_header(100_000, 100_000));
        assert_eq!(
            check(dir.path(), "bomb.png").unwrap_err(),
            Problem::TooLarge(100_000, 100_000)
        );
    }

    #[test]
    fn a_too_large_image_is_told_why() {
        let side = Problem::TooLarge(20_001, 1).describe("a.png");
        assert!(
            side.ends_with("more than the 20000 a side may have"),
            "{side}"
        );
        let area = Problem::TooLarge(8_000, 8_000).describe("a.png");
        assert!(
            area.ends_with("more than the 40000000 a page can use"),
            "{area}"
        );
    }

    #[test]
    fn formats_are_told_by_their_bytes() {
        for (bytes, what) in [
            (&b"BM\0\0\0\0"[..], "BMP"),
            (b"II*\0\0\0", "TIFF"),
            (b"GIF89a", "GIF"),
            (b"<svg/>", "SVG or other markup"),
        ] {
            let dir = media_with("bild.png", bytes);
            assert_eq!(
                check(dir.path(), "bild.png").unwrap_err(),
                Problem::Format(what.into())
            );
        }
        let dir = media_with("kort.png", b"\x89PNG\r\n\x1a\n\0\0");
        assert!(matches!(
            check(dir.path(), "kort.png"),
            Err(Problem::Damaged(_))
        ));
    }

    #[test]
    fn links_out_of_media_and_escaping_names_are_refused() {
        let dir = media_with("ok.png", &png_header(10, 10));
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("hemlig.png"), png_header(10, 10)).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("hemlig.png"),
            dir.path().join("media/lank.png"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("media/mapp")).unwrap();
        assert!(matches!(
            check(dir.path(), "lank.png"),
            Err(Problem::NotInMedia(_))
        ));
        assert!(matches!(
            check(dir.path(), "mapp/hemlig.png"),
            Err(Problem::NotInMedia(_))
        ));
        assert_eq!(
            check(dir.path(), "../ok.png").unwrap_err(),
            Problem::Escapes
        );
        assert_eq!(
            check(dir.path(), "saknas.png").unwrap_err(),
            Problem::Missing
        );
        let ok = check(dir.path(), "ok.png").unwrap();
        assert_eq!((ok.kind, ok.width, ok.height), (Kind::Png, 10, 10));
    }
}

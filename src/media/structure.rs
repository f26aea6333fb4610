//! A PNG's or JPEG's structure walked without decoding a pixel: every PNG
//! chunk whole and its checksum right, from IHDR to IEND; every JPEG
//! segment whole, a frame the book can decode, scans, and the end-of-image
//! marker. What a cut-off download, a flipped bit or a renamed file looks
//! like is found here, in the one read of the file that checking takes;
//! the pixels are decoded later, only by a renderer that draws them.

use super::Problem;

fn damaged(why: impl Into<String>) -> Problem {
    Problem::Damaged(why.into())
}

/// What is asked of an image's size, as soon as it is known (before a
/// damaged rest of the file is told).
pub type Fits<'a> = &'a dyn Fn(u32, u32) -> Result<(), Problem>;

/// A PNG's width and height, once every chunk up to IEND is whole.
pub fn png(bytes: &[u8], fits: Fits) -> Result<(u32, u32), Problem> {
    let mut at = 8;
    let mut size = None;
    let mut data = false;
    loop {
        let head = bytes
            .get(at..at + 8)
            .ok_or_else(|| damaged("the file ends before its IEND chunk (cut off?)"))?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        let name = String::from_utf8_lossy(kind).into_owned();
        let body = at + 8;
        let (Some(chunk), Some(crc)) = (
            bytes.get(body..body.saturating_add(len)),
            bytes.get(body.saturating_add(len)..body.saturating_add(len + 4)),
        ) else {
            return Err(damaged(format!(
                "the file ends inside its {name} chunk (cut off?)"
            )));
        };
        let mut sum = crc32fast::Hasher::new();
        sum.update(kind);
        sum.update(chunk);
        if sum.finalize().to_be_bytes() != crc {
            return Err(damaged(format!(
                "its {name} chunk is damaged (wrong checksum)"
            )));
        }
        match (kind, size) {
            (b"IHDR", None) => {
                let (w, h) = header(chunk)?;
                fits(w, h)?;
                size = Some((w, h));
            }
            (_, None) => return Err(damaged("no PNG header (IHDR) first")),
            (b"IDAT", _) => data = true,
            (b"IEND", Some(size)) if data => return Ok(size),
            (b"IEND", _) => return Err(damaged("it has no image data (IDAT)")),
            _ => {}
        }
        at = body + len + 4;
    }
}

/// Width and height from IHDR, with a colour type and depth PNG knows.
fn header(ihdr: &[u8]) -> Result<(u32, u32), Problem> {
    let &[w0, w1, w2, w3, h0, h1, h2, h3, depth, colour, ..] = ihdr else {
        return Err(damaged("its PNG header (IHDR) is too short"));
    };
    let known = match colour {
        0 => matches!(depth, 1 | 2 | 4 | 8 | 16),
        3 => matches!(depth, 1 | 2 | 4 | 8),
        2 | 4 | 6 => matches!(depth, 8 | 16),
        _ => false,
    };
    let (w, h) = (
        u32::from_be_bytes([w0, w1, w2, w3]),
        u32::from_be_bytes([h0, h1, h2, h3]),
    );
    if !known || ihdr.len() != 13 {
        return Err(damaged(format!(
            "its PNG header (IHDR) names colour type {colour} at depth {depth}, which PNG does not have"
        )));
    }
    if w == 0 || h == 0 {
        return Err(damaged(format!("it is {w}×{h} pixels")));
    }
    Ok((w, h))
}

/// A JPEG's width and height, once every segment up to the end-of-image
/// marker is whole and its frame is one the book's decoder and every
/// reader take (baseline or progressive, 8 bits a sample).
pub fn jpeg(bytes: &[u8], fits: Fits) -> Result<(u32, u32), Problem> {
    let mut at = 2;
    let mut size = None;
    let mut scans = false;
    loop {
        if bytes.get(at) != Some(&0xff) {
            let why = if at >= bytes.len() {
                "the file ends before its end-of-image marker (cut off?)"
            } else {
                "a segment does not start where the one before it ends"
            };
            return Err(damaged(why));
        }
        while bytes.get(at) == Some(&0xff) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else {
            return Err(damaged(
                "the file ends before its end-of-image marker (cut off?)",
            ));
        };
        at += 1;
        match marker {
            0xd9 => break,
            0xd0..=0xd7 | 0x01 => continue,
            _ => {}
        }
        let cut = || damaged("the file ends inside a segment (cut off?)");
        let len = bytes
            .get(at..at + 2)
            .map(|l| usize::from(u16::from_be_bytes([l[0], l[1]])))
            .ok_or_else(cut)?;
        if len < 2 {
            return Err(damaged(format!(
                "a segment (marker {marker:02X}) says it is {len} bytes long"
            )));
        }
        let segment = bytes.get(at + 2..at + len).ok_or_else(cut)?;
        at += 2 + segment.len();
        match marker {
            0xc0..=0xcf if !matches!(marker, 0xc4 | 0xc8 | 0xcc) => {
                let (w, h) = frame(marker, segment)?;
                fits(w, h)?;
                size = Some((w, h));
            }
            0xda if size.is_none() => return Err(damaged("a scan comes before the frame header")),
            0xda => {
                scans = true;
                at = scan_end(bytes, at);
            }
            _ => {}
        }
    }
    match size {
        Some(size) if scans => Ok(size),
        Some(_) => Err(damaged("it has no image data (no scan)")),
        None => Err(damaged("it has no frame header")),
    }
}

/// The size a frame header gives, if the frame is coded in a way the
/// book takes.
fn frame(marker: u8, segment: &[u8]) -> Result<(u32, u32), Problem> {
    if !matches!(marker, 0xc0..=0xc2) {
        let how = match marker {
            0xc3 | 0xc7 | 0xcb | 0xcf => "lossless",
            0xc5..=0xc7 | 0xcd..=0xcf => "hierarchical",
            _ => "arithmetic",
        };
        return Err(Problem::Format(format!(
            "a JPEG with {how} coding, which e-book readers and handbok cannot show"
        )));
    }
    let &[precision, h0, h1, w0, w1, ..] = segment else {
        return Err(damaged("its frame header is too short"));
    };
    if precision != 8 {
        return Err(Problem::Format(format!(
            "a JPEG with {precision} bits a sample (the book takes 8)"
        )));
    }
    let (h, w) = (u16::from_be_bytes([h0, h1]), u16::from_be_bytes([w0, w1]));
    if w == 0 || h == 0 {
        return Err(damaged(format!("it is {w}×{h} pixels")));
    }
    Ok((u32::from(w), u32::from(h)))
}

/// Where the entropy-coded data after a scan header ends: the next marker
/// that is not a stuffed byte or a restart marker (or the end of the file).
fn scan_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(i) = bytes[at.min(bytes.len())..].iter().position(|&b| b == 0xff) {
        let ff = at + i;
        match bytes.get(ff + 1) {
            Some(0x00 | 0xd0..=0xd7 | 0xff) => at = ff + 1,
            _ => return ff,
        }
    }
    bytes.len()
}

/// The PNG chunks a book keeps: the picture and how to show its colours.
/// Everything else (text, Exif with a GPS position, time, a program's own
/// private chunks, bytes after IEND) stays out.
const PNG_KEPT: [&[u8; 4]; 11] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD",
];

/// The file as a book takes it: only what draws the picture and shows its
/// colours right, nothing of where, when and by whom it was made. A JPEG
/// keeps its frame, tables, scans, JFIF header (APP0), ICC colour profile
/// (APP2) and Adobe colour transform (APP14); Exif and XMP (APP1), IPTC
/// (APP13), the other application segments, comments and anything after
/// the end-of-image marker (a phone's motion photo) go. `bytes` must have
/// passed [`png`] or [`jpeg`].
pub fn strip(bytes: &[u8]) -> Vec<u8> {
    if bytes.starts_with(b"\x89PNG") {
        strip_png(bytes)
    } else {
        strip_jpeg(bytes)
    }
}

fn strip_png(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes[..8].to_vec();
    let mut at = 8;
    while let Some(head) = bytes.get(at..at + 8) {
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let end = (at + 12 + len).min(bytes.len());
        if PNG_KEPT.iter().any(|k| head[4..8] == k[..]) {
            out.extend_from_slice(&bytes[at..end]);
        }
        if &head[4..8] == b"IEND" {
            break;
        }
        at = end;
    }
    out
}

/// Whether a book keeps a JPEG segment of this marker.
fn jpeg_kept(marker: u8) -> bool {
    matches!(marker, 0xc0..=0xcf | 0xdb..=0xdd | 0xe0 | 0xe2 | 0xee)
}

fn strip_jpeg(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes[..2].to_vec();
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xff {
        let marker = bytes[at + 1];
        if marker == 0xff {
            at += 1; // a fill byte
            continue;
        }
        if matches!(marker, 0xd0..=0xd7 | 0x01) {
            out.extend_from_slice(&bytes[at..at + 2]);
            at += 2; // a marker without a length
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let end = (at + 2 + len).min(bytes.len());
        if marker == 0xda {
            // The scans up to the end-of-image marker are the picture.
            let eoi = image_end(bytes, end);
            out.extend_from_slice(&bytes[at..eoi]);
            return out;
        }
        if jpeg_kept(marker) {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
    }
    out
}

/// Just past the end-of-image marker that closes the scans from `from`.
fn image_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    loop {
        let next = scan_end(bytes, at);
        match bytes.get(next + 1) {
            Some(0xd9) => return next + 2,
            // Another segment between scans (a table, the next scan).
            Some(_) if next + 4 <= bytes.len() => {
                let len = usize::from(u16::from_be_bytes([bytes[next + 2], bytes[next + 3]]));
                at = (next + 2 + len).min(bytes.len());
            }
            _ => return bytes.len(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)]
pub(super) mod tests {
    use super::*;

    /// A PNG of these chunks, each with its right checksum.
    pub fn png_of(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        for (kind, data) in chunks {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            out.extend_from_slice(&kind[..]);
            out.extend_from_slice(data);
            let mut sum = crc32fast::Hasher::new();
            sum.update(&kind[..]);
            sum.update(data);
            out.extend_from_slice(&sum.finalize().to_be_bytes());
        }
        out
    }

    /// A real picture, encoded by the `image` crate.
    fn encoded(format: image::ImageOutputFormat) -> Vec<u8> {
        let img =
            image::RgbImage::from_fn(23, 17, |x, y| image::Rgb([x as u8 * 9, y as u8 * 13, 77]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, format)
            .unwrap();
        out
    }

    fn any(_: u32, _: u32) -> Result<(), Problem> {
        Ok(())
    }

    fn walk(bytes: &[u8]) -> Result<(u32, u32), Problem> {
        if bytes.starts_with(b"\x89PNG") {
            png(bytes, &any)
        } else {
            jpeg(bytes, &any)
        }
    }

    fn pictures() -> [Vec<u8>; 2] {
        [
            encoded(image::ImageOutputFormat::Png),
            encoded(image::ImageOutputFormat::Jpeg(80)),
        ]
    }

    #[test]
    fn whole_pictures_pass_with_their_size() {
        for bytes in pictures() {
            assert_eq!(walk(&bytes), Ok((23, 17)));
        }
        let bundled = std::fs::read("content/media/littles-pyramid.png").unwrap();
        assert!(walk(&bundled).is_ok());
    }

    /// A download cut off anywhere is found, whatever byte it stops at.
    #[test]
    fn every_cut_off_picture_is_damaged() {
        for bytes in pictures() {
            for len in 3..bytes.len() {
                assert!(
                    matches!(walk(&bytes[..len]), Err(Problem::Damaged(_))),
                    "cut at {len} of {}",
                    bytes.len()
                );
            }
        }
    }

    /// One byte changed anywhere in a PNG after its signature is found:
    /// every chunk has a checksum.
    #[test]
    fn every_flipped_byte_of_a_png_is_found() {
        let [bytes, _] = pictures();
        for at in 8..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x20;
            assert!(walk(&bad).is_err(), "byte {at} flipped");
        }
    }

    #[test]
    fn a_png_without_data_or_with_an_unknown_header_is_damaged() {
        let ihdr = [0, 0, 0, 9, 0, 0, 0, 9, 8, 2, 0, 0, 0];
        let no_data = png_of(&[(b"IHDR", &ihdr), (b"IEND", &[])]);
        assert_eq!(
            walk(&no_data),
            Err(Problem::Damaged("it has no image data (IDAT)".into()))
        );
        let mut odd = ihdr;
        odd[8] = 7; // no PNG has 7 bits a sample
        let odd = png_of(&[(b"IHDR", &odd), (b"IDAT", &[0]), (b"IEND", &[])]);
        assert!(matches!(walk(&odd), Err(Problem::Damaged(_))));
        let late = png_of(&[(b"tEXt", b"a"), (b"IHDR", &ihdr), (b"IEND", &[])]);
        assert!(matches!(walk(&late), Err(Problem::Damaged(_))));
    }

    /// Frames no reader shows are named for what they are.
    #[test]
    fn jpeg_codings_the_book_cannot_take_are_a_format() {
        let [_, jpg] = pictures();
        let sof = jpg
            .windows(2)
            .position(|w| w == [0xff, 0xc0])
            .expect("a baseline frame");
        for (marker, how) in [
            (0xc3, "lossless"),
            (0xc9, "arithmetic"),
            (0xc5, "hierarchical"),
        ] {
            let mut other = jpg.clone();
            other[sof + 1] = marker;
            let Err(Problem::Format(what)) = walk(&other) else {
                panic!("{marker:x} let through");
            };
            assert!(what.contains(how), "{what}");
        }
        let mut twelve = jpg.clone();
        twelve[sof + 4] = 12;
        assert!(matches!(walk(&twelve), Err(Problem::Format(_))));
    }

    /// A photo's Exif (GPS position), XMP, IPTC and comments never reach a
    /// book; the picture and its colour profile do, and still check whole.
    #[test]
    fn metadata_is_stripped_and_the_picture_kept() {
        let [png_bytes, jpg] = pictures();
        let secret = b"GPS 57.7089 N 11.9746 E, Anna Andersson";
        // A JPEG with Exif (APP1), IPTC (APP13), a comment and an ICC profile (APP2).
        let segment = |marker: u8, body: &[u8]| {
            let mut s = vec![0xff, marker];
            s.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
            s.extend_from_slice(body);
            s
        };
        let mut tagged = jpg[..2].to_vec();
        for marker in [0xe1, 0xed, 0xfe, 0xef, 0xe5] {
            tagged.extend(segment(marker, secret));
        }
        tagged.extend(segment(0xe2, b"ICC_PROFILE\0kept"));
        tagged.extend_from_slice(&jpg[2..]);
        tagged.extend_from_slice(secret); // after the end of the image
        let stripped = strip(&tagged);
        assert!(!stripped.windows(secret.len()).any(|w| w == secret));
        assert!(stripped.windows(4).any(|w| w == b"kept"));
        assert_eq!(walk(&stripped), Ok((23, 17)));
        let pixels = |b: &[u8]| image::load_from_memory(b).unwrap().to_rgb8().into_raw();
        assert_eq!(pixels(&stripped), pixels(&jpg), "the same picture");
        assert_eq!(strip(&jpg), jpg, "nothing to strip, nothing changed");
        // A PNG with text and Exif chunks before its data.
        let ihdr_end = 8 + 12 + 13;
        let mut png_tagged = png_bytes[..ihdr_end].to_vec();
        for kind in [b"tEXt", b"eXIf", b"iTXt", b"prVt"] {
            png_tagged.extend(png_of(&[(kind, secret)])[8..].to_vec());
        }
        png_tagged.extend_from_slice(&png_bytes[ihdr_end..]);
        png_tagged.extend_from_slice(secret); // after IEND
        assert_eq!(walk(&png_tagged), Ok((23, 17)));
        let stripped = strip(&png_tagged);
        assert!(!stripped.windows(secret.len()).any(|w| w == secret));
        assert_eq!(stripped, png_bytes);
    }

    /// Fill bytes, restart markers and bytes after the end are what real
    /// files have.
    #[test]
    fn real_jpeg_variants_pass() {
        let [_, jpg] = pictures();
        let mut trailing = jpg.clone();
        trailing.extend_from_slice(b"camera junk");
        assert_eq!(walk(&trailing), Ok((23, 17)));
        let mut filled = jpg.clone();
        let end = filled.len() - 2;
        filled.splice(end..end, [0xff, 0xff]);
        assert_eq!(walk(&filled), Ok((23, 17)));
    }
}

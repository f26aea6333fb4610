//! Classifying the lines of a scraped wiki page.

use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Blank,
    /// Wiki navigation and sharing buttons, not content.
    Chrome,
    /// `•` or `1.` list item; `indent` is the raw leading white space.
    Item {
        indent: usize,
        number: Option<u32>,
    },
    /// An image file name on a line of its own.
    Image,
    /// "Läs mer.." or "Klicka här för att läsa om …".
    ReadMore,
    Text,
}

/// One input line: its 1-based number, its text without surrounding white
/// space (and without the list marker for items), and its kind.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub no: usize,
    pub text: &'a str,
    pub kind: Kind,
}

static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\s*)(?:•|(\d{1,3})\.)\s+(\S.*?)\s*$").expect("valid regex"));
static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[^/\\<>|]{1,120}\.(?:png|jpe?g|gif|svg|webp)$").expect("valid regex")
});
static READ_MORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Läs mer\b|Klicka här\b)").expect("valid regex"));

pub fn classify(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, raw)| line(i + 1, raw))
        .collect()
}

fn line(no: usize, raw: &str) -> Line<'_> {
    let text = raw.trim();
    let kind = if text.is_empty() {
        Kind::Blank
    } else if is_chrome(text) {
        Kind::Chrome
    } else if let Some(c) = ITEM.captures(raw) {
        let indent = c[1].chars().count();
        let number = c.get(2).and_then(|n| n.as_str().parse().ok());
        let item = c.get(3).map_or(text, |m| m.as_str());
        return Line {
            no,
            text: item,
            kind: Kind::Item { indent, number },
        };
    } else if READ_MORE.is_match(text) {
        Kind::ReadMore
    } else if IMAGE.is_match(text) {
        Kind::Image
    } else {
        Kind::Text
    };
    Line { no, text, kind }
}

pub use crate::text::is_chrome;

/// An image file name glued to the end of prose: `…arena.Introbild.jpg`.
pub fn glued_image(text: &str) -> Option<&str> {
    crate::text::glued_images(text)
        .next()
        .map(|(s, e)| &text[s..e])
}

const TERMINAL: &[char] = &['.', '!', '?', ':', ';', ',', '”', '"'];

/// A short line without closing punctuation that starts with a capital: in
/// a scraped page, almost always a heading.
pub fn is_heading(line: &Line) -> bool {
    line.kind == Kind::Text
        && line.text.chars().count() <= 70
        && line.text.split_whitespace().count() <= 8
        && !line.text.ends_with(TERMINAL)
        && line.text.chars().next().is_some_and(char::is_uppercase)
}

/// A municipality name heading an example: one to four capitalised words.
pub fn is_name(line: &Line) -> bool {
    is_heading(line) && line.text.chars().count() <= 40 && line.text.split_whitespace().count() <= 4
}

/// An example's title: one line of text without a closing full stop.
pub fn is_title(line: &Line) -> bool {
    line.kind == Kind::Text
        && line.text.chars().count() <= 160
        && !line.text.ends_with(['.', '!', '?', ':'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_classified() {
        let kinds: Vec<Kind> = classify(
            "Från Mittköping\n  • Medborgarfokus: Vi\n    1. personal\nMaja Ledarskap.png\nLäs mer..\n\u{a0}\nText.",
        )
        .iter()
        .map(|l| l.kind)
        .collect();
        assert_eq!(
            kinds,
            [
                Kind::Chrome,
                Kind::Item {
                    indent: 2,
                    number: None
                },
                Kind::Item {
                    indent: 4,
                    number: Some(1)
                },
                Kind::Image,
                Kind::ReadMore,
                Kind::Blank,
                Kind::Text
            ]
        );
    }

    #[test]
    fn glued_images_are_found() {
        assert_eq!(
            glued_image("och diskussionsarena.Introbild-leda-1024px.jpg"),
            Some("Introbild-leda-1024px.jpg")
        );
        assert_eq!(
            glued_image("Läs mer..Kommunernas berättelser.jpg"),
            Some("Kommunernas berättelser.jpg")
        );
        assert_eq!(glued_image("Se bilden nedan."), None);
    }
}

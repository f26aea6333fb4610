//! Classifying the lines of a scraped wiki page.

use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Blank,
    /// Wiki navigation, sharing buttons and page footers, not content.
    Chrome,
    /// A list item; `indent` is the raw leading white space.
    Item {
        indent: usize,
        marker: Marker,
    },
    /// An image file name on a line of its own.
    Image,
    /// "Läs mer.." or "Klicka här för att läsa om …", bold or not.
    ReadMore,
    /// A web address alone on its line (the target of a "Läs mer" above it).
    Url,
    /// An editor's note where an illustration belongs ("Bild kommer senare").
    Placeholder,
    /// A row of a table (`super::table`): how its cells are split, and
    /// which table it is in (the line number of the table's first line).
    Row {
        form: TableForm,
        table: usize,
    },
    Text,
}

impl Kind {
    pub fn table_form(self) -> Option<TableForm> {
        match self {
            Kind::Row { form, .. } => Some(form),
            _ => None,
        }
    }
}

/// How a table's cells are told apart in the scraped text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableForm {
    /// Copied from a browser: a tab between cells.
    Tabs,
    /// Typed or exported as text: two spaces or more between cells.
    Spaces,
    /// MediaWiki's `{| … |}` markup.
    Wiki,
}

/// How a list item is marked in the scraped text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// `•`, `◦`, `▪`, `–`, `*`, … : nesting follows the glyph as well as the indent.
    Bullet(char),
    /// `1.` or `1)`.
    Number(u32, char),
    /// `a)` or `a.`: kept as text of a bullet item, since CommonMark has no
    /// lettered lists.
    Letter(char, char),
}

impl Marker {
    /// Items of the same class are siblings; another class nests.
    pub fn class(self) -> char {
        match self {
            Marker::Bullet(c) => c,
            Marker::Number(..) => '1',
            Marker::Letter(..) => 'a',
        }
    }
}

/// One input line: its 1-based number, its text without surrounding white
/// space (and without the list marker for numbered and bulleted items), and
/// its kind.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub no: usize,
    pub text: &'a str,
    pub kind: Kind,
    /// Leading white space in columns (a tab counts four).
    pub indent: usize,
    /// Wiki furniture glued to the end and taken off (an edit link).
    pub chrome: Option<&'a str>,
    /// Tabs the line starts and ends with (a table row's empty first and
    /// last cells).
    pub lead_tabs: usize,
    pub trail_tabs: usize,
}

/// The bullet glyphs wiki pages and word processors produce: Word's
/// outline levels paste as "o" and "§", and its Symbol and Wingdings
/// bullets as characters of the private use area (U+F0B7, U+F0A7, …).
pub const BULLETS: &str = "•◦▪▫‣∙·○●■□➢►✓✔❖◆◇➔→*–-o§";

/// The private use area where Word's symbol fonts put their bullets.
const SYMBOL_FONT_BULLETS: &str = r"\u{f000}-\u{f0ff}";

/// Glyphs that are also letters or signs of prose ("o", "§ 5"): a bullet
/// only before text that does not start with a digit.
const PROSE_GLYPHS: &[char] = &['o', '§'];

static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(\s*)(?:(\*{{2,6}})|([{}{SYMBOL_FONT_BULLETS}])|(\d{{1,3}})([.)])|([a-z])([.)]))[\s\u{{a0}}]+(\S.*?)\s*$",
        regex::escape(BULLETS)
    ))
    .expect("valid regex")
});
static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^[^/\\<>|]{{1,120}}\.(?:{})$",
        crate::text::IMAGE_EXT
    ))
    .expect("valid regex")
});
/// MediaWiki's image markup on a line of its own: `[[Fil:Namn.png|miniatyr|
/// alt=Text|Bildtext]]` (also `File:`, `Bild:`, `Image:`).
static WIKI_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[\[\s*(?i:fil|file|bild|image|media)\s*:\s*([^|\]]+?)\s*((?:\|[^\]]*)?)\]\]$")
        .expect("valid regex")
});
/// Options of `[[Fil:…]]` that are layout, not text.
static WIKI_FILE_OPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:miniatyr|mini|thumb|thumbnail|frame|ram|ramlös|frameless|border|kantlinje|left|right|center|centre|none|vänster|höger|centrerad|ingen|upright(?:=[\d.]+)?|stående(?:=[\d.]+)?|\d*x?\d+px|link=.*|länk=.*|page=.*|baseline|middle|top|bottom|sub|super)$")
        .expect("valid regex")
});

/// An image line: its file name, alt text and caption. A bare file name
/// has neither; `[[Fil:…|alt=…|Bildtext]]` gives both.
pub fn image_of(text: &str) -> (&str, Option<&str>, Option<&str>) {
    let Some(c) = WIKI_FILE.captures(text) else {
        return (text, None, None);
    };
    let (mut alt, mut caption) = (None, None);
    for option in c
        .get(2)
        .map_or("", |m| m.as_str())
        .split('|')
        .map(str::trim)
    {
        if let Some(a) = option.strip_prefix("alt=") {
            alt = Some(a.trim()).filter(|a| !a.is_empty());
        } else if !option.is_empty() && !WIKI_FILE_OPTION.is_match(option) {
            caption = Some(option);
        }
    }
    let file = c.get(1).map_or(text, |m| m.as_str());
    (file, alt, caption)
}

static EOL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\r\n|\r|\n").expect("valid regex"));
static READ_MORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\*\*|'{2,3})?(?:Läs mer\b|Klicka här\b)").expect("valid regex")
});
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:https?://|www\.)[^\s<>"”]+"#).expect("valid regex"));

/// A "Läs mer" line's web link: the words shown ("Läs mer" when none) and
/// the address, from the line ("Läs mer: URL", "Läs mer på URL") or, when
/// the line has none, `next` (the address alone on the line after).
pub fn web_link(line: &str, next: Option<&str>) -> Option<(String, String)> {
    let (shown, url) = match URL.find(line) {
        Some(m) => (&line[..m.start()], m.as_str()),
        None => (line, next?),
    };
    // The words before the address, without what joined them to it.
    let shown = shown.trim_end().trim_end_matches([':', '-', '–', ' ']);
    let shown = shown.strip_suffix(" på").unwrap_or(shown).trim_end();
    let shown = if shown.is_empty() { "Läs mer" } else { shown };
    let url = url.trim_end_matches(['.', ',', ';', ')', ':']);
    let url = match url.starts_with("www.") {
        true => format!("https://{url}"),
        false => url.to_string(),
    };
    Some((shown.to_string(), url))
}

static URL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<?(?:https?://|www\.)\S+$").expect("valid regex"));

/// The lines of `text`, classified. Windows and old Mac line ends, a byte
/// order mark, non-breaking and zero-width spaces are taken as what they
/// mean; the page footer is chrome where only chrome follows it, the
/// wiki's tagline where it stands under the title.
pub fn classify(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<Line> = EOL
        .split(text)
        .enumerate()
        .map(|(i, raw)| line(i + 1, raw))
        .collect();
    mark_contents(&mut lines);
    for l in lines.iter_mut().rev() {
        match l.kind {
            Kind::Blank | Kind::Chrome => {}
            _ if crate::text::is_footer(l.text) => l.kind = Kind::Chrome,
            _ => break,
        }
    }
    // The wiki's tagline ("Från Mittköping") stands under the title: chrome
    // there, prose anywhere else ("Från Umeå" may begin a line of text).
    let top = lines
        .iter_mut()
        .filter(|l| !matches!(l.kind, Kind::Blank | Kind::Chrome))
        .take(2);
    for l in top {
        if crate::text::tagline(l.text).is_some() {
            l.kind = Kind::Chrome;
        }
    }
    lines
}

static CONTENTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:Innehåll|Innehållsförteckning|Contents)(?:\s*\[(?:dölj|visa|hide|show)\])?$",
    )
    .expect("valid regex")
});
/// An entry of MediaWiki's table of contents: "1 Vad?", "5.1 Botkyrka",
/// its number and its heading.
pub static CONTENTS_ENTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$").expect("valid regex")
});

/// MediaWiki's table of contents ("Innehåll", "[dölj]", "1 Vad?",
/// "1.1 …") is chrome: the heading and the numbered entries under it, once
/// at least one entry follows. A heading "Innehåll" over text stays.
fn mark_contents(lines: &mut [Line]) {
    let mut i = 0;
    while i < lines.len() {
        if !CONTENTS.is_match(lines[i].text) {
            i += 1;
            continue;
        }
        let entry = |l: &Line| {
            CONTENTS_ENTRY.is_match(l.text)
                || matches!(
                    l.kind,
                    Kind::Item {
                        marker: Marker::Number(..),
                        ..
                    }
                )
        };
        let skip = |l: &Line| l.kind == Kind::Blank || l.kind == Kind::Chrome;
        let end = (i + 1..lines.len())
            .find(|&j| !skip(&lines[j]) && !entry(&lines[j]))
            .unwrap_or(lines.len());
        if lines[i + 1..end].iter().any(entry) {
            for l in &mut lines[i..end] {
                if l.kind != Kind::Blank {
                    l.kind = Kind::Chrome;
                }
            }
        }
        i = end.max(i + 1);
    }
}

/// White space around a line, zero-width spaces included.
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

fn indent_of(raw: &str) -> usize {
    raw.chars()
        .take_while(|&c| is_space(c))
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

fn line(no: usize, raw: &str) -> Line<'_> {
    let (raw, chrome) = crate::text::strip_edit_link(raw);
    let text = raw.trim_matches(is_space);
    let indent = indent_of(raw);
    let lead_tabs = raw
        .trim_start_matches(' ')
        .chars()
        .take_while(|&c| c == '\t')
        .count();
    let trail_tabs = raw
        .trim_end_matches(' ')
        .chars()
        .rev()
        .take_while(|&c| c == '\t')
        .count();
    let kind = if text.is_empty() {
        Kind::Blank
    } else if is_chrome(text) {
        Kind::Chrome
    } else if let Some((kind, item)) = item(raw) {
        return Line {
            no,
            text: item,
            kind,
            indent,
            chrome,
            lead_tabs,
            trail_tabs,
        };
    } else if READ_MORE.is_match(text) {
        Kind::ReadMore
    } else if URL_LINE.is_match(text) {
        Kind::Url
    } else if (IMAGE.is_match(text) && glued_image(text).is_none()) || WIKI_FILE.is_match(text) {
        Kind::Image
    } else if crate::text::is_placeholder(text) && text.chars().count() <= 120 {
        Kind::Placeholder
    } else {
        Kind::Text
    };
    Line {
        no,
        text,
        kind,
        indent,
        chrome,
        lead_tabs,
        trail_tabs,
    }
}

fn item(raw: &str) -> Option<(Kind, &str)> {
    let c = ITEM.captures(raw)?;
    let mut indent = indent_of(&c[1]);
    let char_of = |i: usize| c.get(i).and_then(|m| m.as_str().chars().next());
    let marker = if let Some(stars) = c.get(2) {
        // MediaWiki's own markup: `**` is an item under a `*` item.
        indent += 2 * (stars.len() - 1);
        Marker::Bullet('*')
    } else if let Some(glyph) = char_of(3) {
        let prose = PROSE_GLYPHS.contains(&glyph)
            && c.get(8)?.as_str().starts_with(|c: char| c.is_ascii_digit());
        if prose {
            return None;
        }
        Marker::Bullet(glyph)
    } else if let Some(n) = c.get(4) {
        Marker::Number(n.as_str().parse().ok()?, char_of(5)?)
    } else {
        Marker::Letter(char_of(6)?, char_of(7)?)
    };
    // A lettered item keeps its letter as text: `a) Först` → `a) Först`.
    let text = match marker {
        Marker::Letter(..) => raw[c.get(6)?.start()..c.get(8)?.end()].trim(),
        _ => c.get(8)?.as_str(),
    };
    Some((Kind::Item { indent, marker }, text))
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
    // The wiki puts an edit link after headings only.
    let edited =
        line.kind == Kind::Text && line.chrome.is_some() && line.text.chars().count() <= 120;
    edited
        || line.kind == Kind::Text
            && line.indent == 0
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
            "Från Mittköping\n  • Medborgarfokus: Vi\n    1. personal\nMaja Ledarskap.png\nLäs mer..\n\u{a0}\nText.\nBild kommer senare",
        )
        .iter()
        .map(|l| l.kind)
        .collect();
        let item = |indent, marker| Kind::Item { indent, marker };
        assert_eq!(
            kinds,
            [
                Kind::Chrome,
                item(2, Marker::Bullet('•')),
                item(4, Marker::Number(1, '.')),
                Kind::Image,
                Kind::ReadMore,
                Kind::Blank,
                Kind::Text,
                Kind::Placeholder,
            ]
        );
    }

    #[test]
    fn any_bullet_glyph_number_or_letter_makes_an_item() {
        for (raw, marker, text) in [
            ("◦ Under", Marker::Bullet('◦'), "Under"),
            ("  ▪ Tredje", Marker::Bullet('▪'), "Tredje"),
            ("– Streck", Marker::Bullet('–'), "Streck"),
            ("* Stjärna", Marker::Bullet('*'), "Stjärna"),
            ("2) Andra", Marker::Number(2, ')'), "Andra"),
            ("b) Bokstav", Marker::Letter('b', ')'), "b) Bokstav"),
        ] {
            let l = classify(raw)[0];
            assert!(
                matches!(l.kind, Kind::Item { marker: m, .. } if m == marker),
                "{raw}"
            );
            assert_eq!(l.text, text, "{raw}");
        }
        for raw in ["*Se till att", "2017 var året", "1.5 miljoner", "-"] {
            assert!(!matches!(classify(raw)[0].kind, Kind::Item { .. }), "{raw}");
        }
    }

    #[test]
    fn windows_line_ends_and_bom_are_line_ends_and_nothing() {
        let lines = classify("\u{feff}Titel\r\n\r\nText\r\nSlut\rRad");
        let texts: Vec<(usize, &str)> = lines.iter().map(|l| (l.no, l.text)).collect();
        assert_eq!(
            texts,
            [(1, "Titel"), (2, ""), (3, "Text"), (4, "Slut"), (5, "Rad")]
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

//! Text patterns shared by the importer and the linter.

use regex::Regex;
use std::sync::LazyLock;

/// File endings that name an image.
pub const IMAGE_EXT: &str = "png|jpe?g|gif|svg|webp";

static GLUED_IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)[.!?]([^\s.!?][^.!?\n]*\.(?:{IMAGE_EXT}))(?:\s*$|\n)"
    ))
    .expect("valid regex")
});
static MARKDOWN_IMAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"!\[([^\]]*)\]\(<?([^)>]*)>?\)").expect("valid regex"));

/// Whole lines of MediaWiki chrome: navigation and sharing buttons at the
/// top, the page footer and categories at the bottom. Never content.
pub const CHROME_LINES: &str = r"Från Mittköping|Hoppa till:\s*navigering,?\s*sök|facebook\s*twitter\s*mail|\(skillnad\).*|Hämtad från .+|Kategori(?:er)?:.*|Denna sida (?:redigerades senast|har visats) .+|Integritetspolicy|Sekretesspolicy|Om Mittköping|Förbehåll|Mobilvy|Skrivbordsversion|Powered by MediaWiki|Navigeringsmeny|Personliga verktyg|Logga in|Skapa konto|Namnrymder|Visningar|Visa historik|Senaste ändringarna|Slumpsida|Specialsidor|Sidor som länkar hit|Relaterade ändringar|Permanent länk|Sidinformation|Utskriftsvänlig version|Skriv ut/exportera|Ladda ner som PDF";

static CHROME_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i)^(?:{CHROME_LINES})$")).expect("valid regex"));

/// Wiki chrome: a line that is navigation, a footer or a category list.
pub fn is_chrome(line: &str) -> bool {
    CHROME_LINE.is_match(line.trim())
}

/// Editor's notes standing where an illustration belongs.
pub const PLACEHOLDER_TEXT: &str = r"[Hh]är ska (?:illustrationen|bilden|en bild) in|[Bb]ild(?:en)? kommer senare|[Ii]llustration(?:en)? saknas|TODO|[Pp]laceholder";

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(PLACEHOLDER_TEXT).expect("valid regex"));

/// A line that is (or holds) a placeholder for an illustration.
pub fn is_placeholder(line: &str) -> bool {
    PLACEHOLDER.is_match(line)
}

/// Image file names glued to the end of a sentence (`…arena.Introbild.jpg`),
/// as byte ranges of the file name.
pub fn glued_images(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    GLUED_IMAGE
        .captures_iter(text)
        .filter_map(|c| c.get(1))
        .map(|m| (m.start(), m.end()))
}

/// CommonMark images `![alt](<file>)`: (alt, file, byte range of the file).
pub fn markdown_images(text: &str) -> impl Iterator<Item = (&str, &str, (usize, usize))> + '_ {
    MARKDOWN_IMAGE.captures_iter(text).filter_map(|c| {
        let (alt, file) = (c.get(1)?, c.get(2)?);
        Some((alt.as_str(), file.as_str(), (file.start(), file.end())))
    })
}

/// `text` as CommonMark that reads back as exactly this text: characters
/// that would start markup are backslash-escaped, and so is a line start
/// that would open a heading, quote, list, rule or fence.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let alnum = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' => true,
            '_' => !(alnum(i.checked_sub(1)) && alnum(Some(i + 1))),
            '&' => is_entity(&chars[i + 1..]),
            '#' | '>' | '+' | '-' | '~' | '=' => i == 0,
            '.' | ')' => {
                (1..=9).contains(&i)
                    && chars[..i].iter().all(char::is_ascii_digit)
                    && chars.get(i + 1).is_none_or(|c| c.is_whitespace())
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn is_entity(rest: &[char]) -> bool {
    let rest = rest.strip_prefix(&['#']).unwrap_or(rest);
    let n = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    n > 0 && rest.get(n) == Some(&';')
}

/// Undo CommonMark backslash escapes: `\*` → `*`.
pub fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Lower case, letters and digits only, single spaces: for comparing entries.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_image_names_are_found_in_prose() {
        let t = "och diskussionsarena.Introbild-leda-1024px.jpg\n";
        let found: Vec<&str> = glued_images(t).map(|(s, e)| &t[s..e]).collect();
        assert_eq!(found, ["Introbild-leda-1024px.jpg"]);
        assert_eq!(
            glued_images("Läs mer..Kommunernas berättelser.jpg").count(),
            1
        );
        assert_eq!(glued_images("Se bilden nedan.").count(), 0);
    }

    #[test]
    fn chrome_lines_include_the_mediawiki_footer() {
        for line in [
            "Från Mittköping",
            "Hoppa till:navigering, sök",
            "Hämtad från ”https://wiki.example.se/index.php?title=Ledarskap”",
            "Kategori: Nyckelområden",
            "Kategorier: Ledarskap | Skola",
            "Denna sida redigerades senast den 2 augusti 2017 kl. 23.23.",
            "Integritetspolicy",
            "Om Mittköping",
            "Förbehåll",
            "(skillnad) ← Äldre version | Nuvarande version (skillnad)",
        ] {
            assert!(is_chrome(line), "{line}");
        }
        for line in [
            "Om styrkedjan",
            "Kategorisering av ärenden är viktigt.",
            "Verktyg",
        ] {
            assert!(!is_chrome(line), "{line}");
        }
    }

    #[test]
    fn escaped_text_reads_back_as_itself() {
        for line in [
            "# Inte en rubrik",
            "2017. Året",
            "1) inte en lista",
            "- inte en punkt",
            "---",
            "> inget citat",
            "Text med *stjärnor*, _under_, <b>html</b>, `kod`, [länk](x), &amp; och \\",
            "fil_namn_med_understreck.png",
            "1.5 miljoner, 3 % och 20 st.",
        ] {
            let escaped = escape_markdown(line);
            assert_eq!(unescape_markdown(&escaped), line);
            let mut plain = String::new();
            for event in pulldown_cmark::Parser::new(&escaped) {
                match event {
                    pulldown_cmark::Event::Text(t) => plain.push_str(&t),
                    pulldown_cmark::Event::Start(pulldown_cmark::Tag::Paragraph)
                    | pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Paragraph) => {}
                    other => panic!("{escaped:?} reads as {other:?}"),
                }
            }
            assert_eq!(plain, line, "{escaped:?}");
        }
        assert_eq!(
            escape_markdown("fil_namn.png och 1.5"),
            "fil_namn.png och 1.5"
        );
    }

    #[test]
    fn normalize_ignores_case_space_and_punctuation() {
        assert_eq!(
            normalize("  Nyttja  digitaliseringens, Potential! "),
            "nyttja digitaliseringens potential"
        );
    }
}

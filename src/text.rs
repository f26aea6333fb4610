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

/// Whole lines of MediaWiki chrome wherever they stand: navigation and
/// sharing buttons, "Hämtad från" with the page address, the editing
/// notice and category lists (names without sentence punctuation). The
/// wiki's tagline "Från <its name>" is chrome only where it stands (see
/// [`tagline`]): "Från Umeå" is also a line of prose.
pub const CHROME_LINES: &str = r#"Jump to:?\s*(?:navigation|search|content)(?:[\s,]+(?:Jump to:?\s*)?(?:navigation|search|content))*|\(?Redirected from:? [^()]{1,200}\)?|Hoppa till:?\s*(?:navigering|sök|innehåll)(?:[\s,]+(?:Hoppa till:?\s*)?(?:navigering|sök|innehåll))*|\(?Omdirigerad från:? [^()]{1,200}\)?|\[(?:dölj|visa|hide|show)\]|Innehåll\s*\[(?:dölj|visa)\]|facebook\s*twitter\s*mail|\(skillnad\).*|Hämtad från\s*["”“']?https?://\S+|Kategori(?:er)?:\s*[^.!?:]{1,200}|Denna sida redigerades senast den .+|Navigeringsmeny|Personliga verktyg|Logga in|Skapa konto|Namnrymder|Visa historik|Senaste ändringarna|Slumpsida|Specialsidor|Sidor som länkar hit|Relaterade ändringar|Permanent länk|Sidinformation|Utskriftsvänlig version|Skriv ut/exportera|Ladda ner som PDF"#;

/// MediaWiki's section edit link, in the forms its skins and languages
/// print it: "[redigera]", "[redigera | redigera wikitext]", "[edit]",
/// "[edit source]", spaced or not. Glued to a heading, it is still chrome.
pub const EDIT_LINK: &str = r"(?i:\[\s*(?:redigera|edit)(?:\s*(?:\||\s)\s*(?:redigera wikitext|redigera källa|redigera|edit source|edit|source|wikitext))*\s*\])";

static EDIT_LINK_AT_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)\s*(?:{EDIT_LINK})+\s*$")).expect("valid regex"));

/// `line` without the edit links glued to its end, and what they were.
pub fn strip_edit_link(line: &str) -> (&str, Option<&str>) {
    match EDIT_LINK_AT_END.find(line) {
        Some(m) if m.start() > 0 => (&line[..m.start()], Some(m.as_str().trim())),
        _ => (line, None),
    }
}

/// Lines of the page footer: chrome only in the block that ends a page
/// ("Om Mittköping" may be a heading of a page, not in its last lines).
pub const FOOTER_LINES: &str = r"(?:Denna sida|Sidan) har visats [\d  ]+ gånger\.?|Integritetspolicy|Sekretesspolicy|Om (?-i:[A-ZÅÄÖ][A-Za-zÅÄÖåäöéü0-9-]*)|Förbehåll|Ansvarsfriskrivning(?:ar)?|Mobilvy|Skrivbordsversion|Powered by MediaWiki|Kontakt";

/// The wiki's tagline under a page's title: "Från" and its name, one to
/// three capitalised words. Names are matched with Swedish letters, not
/// Unicode classes, which would make the automaton larger.
static TAGLINE: LazyLock<Regex> = LazyLock::new(|| {
    let word = "[A-ZÅÄÖ][A-Za-zÅÄÖåäöéü0-9-]*";
    Regex::new(&format!("^(?:Från|From) ({word}(?: {word}){{0,2}})$")).expect("valid regex")
});

/// The wiki's name, if `line` is a tagline ("Från Mittköping").
pub fn tagline(line: &str) -> Option<&str> {
    TAGLINE
        .captures(line.trim())
        .and_then(|c| c.get(1))
        .map(|m| m.as_str())
}

static CHROME_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("(?i)^(?:{CHROME_LINES}|{EDIT_LINK})$")).expect("valid regex")
});
static FOOTER_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("(?i)^(?:{FOOTER_LINES})$")).expect("valid regex"));

/// Wiki chrome wherever it stands: navigation, the editing notice, categories.
pub fn is_chrome(line: &str) -> bool {
    CHROME_LINE.is_match(line.trim())
}

/// A line of the page footer (chrome when only chrome follows it).
pub fn is_footer(line: &str) -> bool {
    FOOTER_LINE.is_match(line.trim())
}

/// Editor's notes standing where an illustration belongs, as a class: a
/// word for a picture with a word that it is still to come or missing,
/// in either order and with a few words or a colon between ("Bild kommer
/// senare", "BILD: TBD", "(illustration saknas)", "här ska bilden in",
/// "[Bild]"), and "placeholder", "platshållare", "TODO". "Bilden kommer
/// från SCB" is prose: "kommer" counts only before "senare", "snart" or
/// the end of the sentence.
pub const PLACEHOLDER_TEXT: &str = r"(?mi:här ska (?:illustrationen|bilden|en bild|en illustration|figuren|grafiken) in|(?-u:\b)(?:bild|bilden|illustration|illustrationen|figur|figuren|foto|fotot|grafik|grafiken|diagram|diagrammet|image|picture)(?-u:\b)[^\S\n]*[:–-]?[^\S\n]*(?:[^\s.!?]+[^\S\n]+){0,2}?(?:tbd|tba|saknas|fattas|kommer\s+(?:senare|snart|inom kort)|kommer\s*(?:$|[.)!])|läggs in(?:\s+senare)?|infogas\s+senare|ska in|to come|missing|xxx)(?-u:\b)|(?-u:\b)(?:saknad|saknas|ingen|kommande)\s+(?:bild|illustration|figur)(?-u:\b)|\[(?:bild|illustration|figur)\](?:[^(]|$)|placeholder|platshållare)|(?-u:\b)TODO(?-u:\b)";

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(PLACEHOLDER_TEXT).expect("valid regex"));

/// A line that is (or holds) a placeholder for an illustration.
pub fn is_placeholder(line: &str) -> bool {
    PLACEHOLDER.is_match(line)
}

/// Image file names that say the picture is still to come: the words of
/// [`PLACEHOLDER_TEXT`] as a name's parts (`platshallare.png`,
/// `bild_saknas.jpg`, `placeholder-1.png`, `TBD.png`, `no-image.png`),
/// never inside another word (`photodocs.png`).
pub const PLACEHOLDER_FILE: &str = r"(?i)(?:^|[^a-zåäö])(?:todo|tbd|tba|placeholder|platsh[aå]llare|dummy|(?:bild|image|illustration|figur)[-_ ]?(?:saknas|missing|kommer|tbd)|(?:no|ingen|saknad|missing)[-_ ]?(?:image|bild|illustration))(?:[^a-zåäö]|$)";

static PLACEHOLDER_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(PLACEHOLDER_FILE).expect("valid regex"));

/// An image file name that says it is a placeholder.
pub fn is_placeholder_file(name: &str) -> bool {
    PLACEHOLDER_NAME.is_match(name)
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

/// Text as XML (and XHTML, HTML) character data or attribute value:
/// `& < > " '` as entities. Control characters are the caller's to clean.
pub fn escape_xml(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// A link as a URI may hold it (RFC 3986; EPUB and PDF take nothing
/// else): every byte outside printable ASCII, and space `"` `<` `>` `\`
/// `^` `` ` `` `{` `|` `}`, percent-encoded; a `%` that starts no escape
/// as well. `https://x.se/sök på` → `https://x.se/s%C3%B6k%20p%C3%A5`.
pub fn encode_uri(link: &str) -> String {
    let bytes = link.as_bytes();
    let mut out = String::with_capacity(link.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape_start = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        let plain = b.is_ascii_graphic() && !b"\"<>\\^`{|}%".contains(&b);
        if plain || escape_start {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A file path as the path of a URI: like [`encode_uri`], and `%`, `?`,
/// `#`, `[` and `]`, which a file name may hold, encoded too.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3F"),
            '#' => out.push_str("%23"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            c => out.push(c),
        }
    }
    encode_uri(&out)
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

static PROTECTED: LazyLock<Regex> = LazyLock::new(|| {
    // ASCII word boundaries (?-u:\b) keep the fast DFA engine on Swedish
    // text; a Unicode \b made a 15 MB field take seconds.
    Regex::new(r"(?i)(?-u:\b)(?:https?|ftp|file|mailto|javascript):\S+|(?-u:\b)www\.\S+|(?:^|[\s(])(?:\.\.?/|/)\S*|\S+/\S*\.[a-z0-9]{1,5}(?-u:\b)|\]\([^)\n]*\)|<[^>\s]+>|`[^`\n]*`|[\w.+-]+@[\w-]+\.[\w.]+")
        .expect("valid regex")
});

/// Byte ranges of `text` that no text rule reads as prose and no fix may
/// change: URLs, e-mail addresses, file paths, Markdown link destinations
/// and autolinks, inline code.
pub fn protected(text: &str) -> Vec<(usize, usize)> {
    // Most texts have none: a byte scan for what every pattern needs
    // (`:`, `.`, `/`, `<`, `` ` ``, `@`, `]`) skips the regex for them.
    if !text
        .bytes()
        .any(|b| matches!(b, b':' | b'.' | b'/' | b'<' | b'`' | b'@' | b']'))
    {
        return Vec::new();
    }
    // Five rules ask in turn about the same text: keep the last few.
    PROTECTED_CACHE.with_borrow_mut(|cache| {
        if let Some((_, spans)) = cache.iter().find(|(t, _)| t == text) {
            return spans.clone();
        }
        let spans: Vec<(usize, usize)> = PROTECTED
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        if cache.len() == 8 {
            cache.remove(0);
        }
        cache.push((text.to_string(), spans.clone()));
        spans
    })
}

type Spans = Vec<(usize, usize)>;

thread_local! {
    static PROTECTED_CACHE: std::cell::RefCell<Vec<(String, Spans)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether bytes `start..end` touch a protected range.
pub fn touches(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    spans.iter().any(|&(s, e)| start < e && s < end)
}

/// Where a link may lead: the web (`https:`, `http:`), e-mail (`mailto:`),
/// or a page of the guide by its id (`omraden/ledarskap`). Anything else
/// (`javascript:`, `file:`, `data:`, a path out of the book) is unsafe.
pub fn is_safe_link(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    if let Some((scheme, rest)) = lower.split_once(':') {
        let is_scheme = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
        if is_scheme {
            return matches!(scheme, "https" | "http" | "mailto") && !rest.is_empty();
        }
    }
    is_page_id(dest)
}

/// The longest part of a page id handbok gives, in bytes: a file name with
/// room for `.yaml` on every file system.
pub const MAX_ID_PART: usize = 60;

/// A name a new page may take (import, a rename): a page id whose parts
/// are slugs of at most [`MAX_ID_PART`] bytes, no `-` first or last.
pub fn is_new_page_id(s: &str) -> bool {
    is_page_id(s)
        && s.split('/')
            .all(|part| part.len() <= MAX_ID_PART && !part.starts_with('-') && !part.ends_with('-'))
}

/// A page id: lower-case ASCII segments joined by `/`, nothing that climbs.
/// What a link names when it names a page (pages on disk may hold longer
/// parts than [`is_new_page_id`] gives).
pub fn is_page_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('/').all(|seg| {
            !seg.is_empty()
                && seg != ".."
                && seg
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// Markdown link destinations in `text`: (destination, byte range of it).
pub fn markdown_links(text: &str) -> Vec<(String, (usize, usize))> {
    let mut out = Vec::new();
    for (event, range) in pulldown_cmark::Parser::new(text).into_offset_iter() {
        if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) = event {
            let span = &text[range.clone()];
            let at = span
                .rfind(&*dest_url)
                .map_or(range.start, |i| range.start + i);
            out.push((dest_url.to_string(), (at, at + dest_url.len().max(1))));
        }
    }
    out
}

/// Lower case, letters and digits only, single spaces: for comparing entries.
pub fn normalize(text: &str) -> String {
    // Lower-casing the whole text at once takes the ASCII fast path.
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for word in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// A character that has no place in text: C0 controls but tab and line
/// ends, DEL, C1 controls, and Unicode non-characters.
pub fn is_forbidden(c: char) -> bool {
    let n = c as u32;
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || (n & 0xFFFE) == 0xFFFE
}

/// FNV-1a of `bytes`: a short stable digest for ids and fingerprints that
/// must not change between builds or platforms.
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Characters XML does not allow (a control character written as a YAML
/// escape) as U+FFFD, for text epub-builder writes itself (titles).
pub fn xml_clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .map(|c| if is_forbidden(c) { '\u{fffd}' } else { c })
        .collect()
}

/// Text as XHTML: markup characters as entities, forbidden characters as
/// U+FFFD.
pub fn xml_text(s: &str) -> String {
    escape_xml(&xml_clean(s))
}

/// 1-based line and character column of a byte offset.
pub fn line_column(source: &str, at: usize) -> (usize, usize) {
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, source[line_start..at].chars().count() + 1)
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
        for (line, name) in [
            ("Från Mittköping", Some("Mittköping")),
            ("Från Testköping", Some("Testköping")),
            ("Från Wikipedia", Some("Wikipedia")),
            ("Från Region Halland", Some("Region Halland")),
            ("Från idé till genomförande", None),
            ("Från början var det svårt.", None),
        ] {
            assert_eq!(tagline(line), name, "{line}");
        }
        for line in [
            "Hoppa till:navigering, sök",
            "Hämtad från ”https://wiki.example.se/index.php?title=Ledarskap”",
            "Hämtad från \"http://mittkoping.se/wiki/Omvärld\"",
            "Kategori: Nyckelområden",
            "Kategorier: Ledarskap | Skola",
            "Denna sida redigerades senast den 2 augusti 2017 kl. 23.23.",
            "(skillnad) ← Äldre version | Nuvarande version (skillnad)",
            "Hoppa till navigering Hoppa till sök",
            "Hoppa till: navigering, sök, innehåll",
            "Omdirigerad från Styrkedja",
            "[dölj]",
            "Innehåll [visa]",
            "[redigera | redigera wikitext]",
            "[ edit source ]",
        ] {
            assert!(is_chrome(line), "{line}");
        }
        for line in [
            "Om styrkedjan",
            "Hoppa till nästa steg när planen är klar.",
            "Kategorisering av ärenden är viktigt.",
            "Kategori: samverkan mellan förvaltningar är den viktigaste.",
            "Hämtad från Skolverkets rapport 2017: lärarna vill ha mer tid.",
            "Verktyg",
            "Om Mittköping",
            "Från Umeå",
            "Från Mittköping",
        ] {
            assert!(!is_chrome(line), "{line}");
        }
        for line in [
            "Om Mittköping",
            "Om Testköping",
            "Förbehåll",
            "Ansvarsfriskrivning",
            "Integritetspolicy",
            "Sidan har visats 1 234 gånger.",
        ] {
            assert!(is_footer(line), "{line}");
        }
    }

    #[test]
    fn only_web_mail_and_page_links_are_safe() {
        for ok in [
            "https://example.se",
            "HTTP://x.se/a",
            "mailto:a@b.se",
            "omraden/ledarskap",
            "kommuner/umea/ledarskap",
        ] {
            assert!(is_safe_link(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(3)",
            "JavaScript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,x",
            "../hemlig",
            "/etc/passwd",
            "vbscript:x",
            "https:",
        ] {
            assert!(!is_safe_link(bad), "{bad}");
        }
        let t = "Se [klick](javascript:alert(3)) och [sidan](https://example.se).";
        let found: Vec<&str> = markdown_links(t)
            .iter()
            .map(|(_, (s, e))| &t[*s..*e])
            .collect();
        assert_eq!(found, ["javascript:alert(3)", "https://example.se"]);
    }

    #[test]
    fn urls_paths_and_code_are_protected() {
        let t = "Se https://example.se/docs/../rapport.pdf och ../media/bild.png, `a..b`, [x](a..b) och vård/omsorg.";
        let spans = protected(t);
        let covered = |needle: &str| {
            let at = t.find(needle).unwrap();
            touches(&spans, at, at + needle.len())
        };
        assert!(covered("/../rapport"));
        assert!(covered("../media"));
        assert!(covered("a..b`"));
        assert!(covered("(a..b)"));
        assert!(!covered("vård/omsorg."));
    }

    #[test]
    fn placeholders_in_their_usual_forms() {
        for line in [
            "här ska illustrationen in (Littles pyramid).",
            "Bild kommer senare",
            "BILD KOMMER SENARE",
            "Bild saknas",
            "Illustration kommer",
            "[Bild]",
            "TODO: bild",
        ] {
            assert!(is_placeholder(line), "{line}");
        }
        for line in [
            "Bilden kommer från Skolverket.",
            "Todos los días",
            "Illustrationer kommer från bildbanken.",
        ] {
            assert!(!is_placeholder(line), "{line}");
        }
    }

    #[test]
    fn links_are_percent_encoded_once() {
        assert_eq!(
            encode_uri("https://x.se/sök på?a=1&b=\"2\"<x>|{c}"),
            "https://x.se/s%C3%B6k%20p%C3%A5?a=1&b=%222%22%3Cx%3E%7C%7Bc%7D"
        );
        assert_eq!(encode_uri("https://x.se/a%20b%2"), "https://x.se/a%20b%252");
        assert_eq!(encode_uri("mailto:a@b.se"), "mailto:a@b.se");
        assert_eq!(
            encode_path("a b%2C,c:d[1]#?.yaml"),
            "a%20b%252C,c:d%5B1%5D%23%3F.yaml"
        );
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

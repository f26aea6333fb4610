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

/// Wiki chrome: navigation and sharing buttons that are not content.
pub fn is_chrome(text: &str) -> bool {
    text == "Från Mittköping"
        || text.starts_with("Hoppa till:")
        || text.starts_with("(skillnad)")
        || text
            .replace(' ', "")
            .eq_ignore_ascii_case("facebooktwittermail")
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
    fn normalize_ignores_case_space_and_punctuation() {
        assert_eq!(
            normalize("  Nyttja  digitaliseringens, Potential! "),
            "nyttja digitaliseringens potential"
        );
    }
}

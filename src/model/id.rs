//! Page ids and "Läs mer" references.

use std::path::Path;

/// Lower-case ASCII slug: `Umeå` → `umea`, `Hela styrkedjan med` → `hela-styrkedjan-med`.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'å' | 'ä' | 'à' | 'á' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The id of the page stored at `rel` (relative to the content root).
pub fn page_id(rel: &Path) -> String {
    let without_ext = rel.with_extension("");
    without_ext
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The page ids a "Läs mer" target may name, most specific first: the id as
/// written, then the wiki's `kommun/område` convention under `kommuner/`.
pub fn read_more_candidates(target: &str) -> Vec<String> {
    let target = target.trim().trim_matches('/');
    let mut ids = vec![target.to_string()];
    let parts: Vec<&str> = target.split('/').collect();
    if parts.len() == 2 {
        ids.push(format!(
            "kommuner/{}/{}",
            super::kommuner::slug_of(parts[0]),
            slug(parts[1])
        ));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_swedish_letters() {
        assert_eq!(slug("Umeå"), "umea");
        assert_eq!(slug("Hela Styrkedjan med"), "hela-styrkedjan-med");
        assert_eq!(slug("Organisation och kultur"), "organisation-och-kultur");
        assert_eq!(slug("Härryda "), "harryda");
    }

    #[test]
    fn read_more_resolves_kommun_slash_omrade() {
        assert_eq!(
            read_more_candidates("Umeå/Ledarskap"),
            vec!["Umeå/Ledarskap", "kommuner/umea/ledarskap"]
        );
        assert_eq!(
            read_more_candidates("sidor/kungsbackaledaren")[0],
            "sidor/kungsbackaledaren"
        );
        assert_eq!(read_more_candidates("kommuner/umea/ledarskap").len(), 1);
    }

    #[test]
    fn ids_use_forward_slashes_without_extension() {
        assert_eq!(
            page_id(Path::new("kommuner/umea/ledarskap.yaml")),
            "kommuner/umea/ledarskap"
        );
    }
}

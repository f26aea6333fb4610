//! Page ids and "Läs mer" references.

use super::slug::slug;
use std::path::Path;

/// The id of the page stored at `rel` (relative to the content root).
pub fn page_id(rel: &Path) -> String {
    let without_ext = rel.with_extension("");
    without_ext
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The id an old name of the page `id` stands for: the name's slug in the
/// page's folder (`Styrkedja` of `omraden/hela-styrkedjan-med` is
/// `omraden/styrkedja`), where the wiki's page of that name would have gone.
pub fn alias_id(id: &str, name: &str) -> String {
    match id.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{}", slug(name)),
        None => slug(name),
    }
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
    fn an_alias_lives_in_its_pages_folder() {
        assert_eq!(
            alias_id("omraden/hela-styrkedjan-med", "Styrkedja"),
            "omraden/styrkedja"
        );
        assert_eq!(alias_id("start", "Förstasidan"), "forstasidan");
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

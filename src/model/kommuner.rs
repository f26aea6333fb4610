//! Sweden's 290 municipalities (SCB kommunkod and name), compiled into the
//! binary: import recognises municipality names with it, page ids of
//! municipalities stay distinct with it (Håbo ≠ Habo), and lint flags a
//! misspelt name with it.
//!
//! Source: `kommuner.tsv`, from SCB's list as published in
//! github.com/sjbrg/swedish-geodata (CC0), checked against SCB's county counts.

use super::slug::slug;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kommun {
    /// SCB kommunkod, four digits: `0305`.
    pub code: &'static str,
    pub name: &'static str,
    /// Folder name under `kommuner/`, unique among all 290.
    pub slug: String,
}

struct Register {
    all: Vec<Kommun>,
    by_name: HashMap<&'static str, usize>,
}

static REGISTER: LazyLock<Register> = LazyLock::new(|| {
    let rows: Vec<(&str, &str)> = include_str!("kommuner.tsv")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .collect();
    let mut folded: HashMap<String, usize> = HashMap::new();
    for (_, name) in &rows {
        *folded.entry(slug(name)).or_default() += 1;
    }
    // Names that fold to the same slug (Håbo, Habo) both carry their code.
    let all: Vec<Kommun> = rows
        .iter()
        .map(|&(code, name)| {
            let base = slug(name);
            let slug = if folded[&base] > 1 {
                format!("{base}-{code}")
            } else {
                base
            };
            Kommun { code, name, slug }
        })
        .collect();
    let by_name = all.iter().enumerate().map(|(i, k)| (k.name, i)).collect();
    Register { all, by_name }
});

/// All 290, in kommunkod order.
pub fn all() -> &'static [Kommun] {
    &REGISTER.all
}

/// The municipality `name` names, as written or with "kommun"/"stad"/"Region".
pub fn find(name: &str) -> Option<&'static Kommun> {
    let name = name.trim();
    let bare = name
        .strip_suffix(" kommun")
        .or_else(|| name.strip_suffix(" stad"))
        .or_else(|| name.strip_suffix(" Stad"))
        .or_else(|| name.strip_prefix("Region "))
        .unwrap_or(name);
    let reg = &*REGISTER;
    reg.by_name.get(bare).map(|&i| &reg.all[i])
}

/// The folder name of a municipality: unique for the 290, a plain slug for
/// any other name.
pub fn slug_of(name: &str) -> String {
    find(name).map_or_else(|| slug(name), |k| k.slug.clone())
}

/// A known municipality at the start of `text`, followed by the end or a
/// space: `Malmö vård/omsorg` → (Malmö, "vård/omsorg"). The longest wins.
pub fn prefix(text: &str) -> Option<(&'static Kommun, &str)> {
    all()
        .iter()
        .filter(|k| {
            text.strip_prefix(k.name)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
        .max_by_key(|k| k.name.len())
        .map(|k| (k, text[k.name.len()..].trim_start()))
}

/// The municipality a misspelt `name` most likely means.
pub fn suggest(name: &str) -> Option<&'static str> {
    if is_organisation(name) {
        return None;
    }
    let lower = name.trim().to_lowercase();
    let limit = (lower.chars().count() / 4).clamp(1, 3);
    all()
        .iter()
        .map(|k| (strsim::levenshtein(&lower, &k.name.to_lowercase()), k.name))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, n)| n)
}

/// Organisations that give examples and are no municipality: regions and
/// county councils, SKR (SKL before 2019), Inera, Digg and other
/// authorities, municipal federations.
static ORGANISATION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"^(?:Region \p{Lu}\S*(?: \p{Lu}\S*)?|(?:\p{Lu}\S* )?\p{Lu}\S*regionen|Landstinget (?:i )?\p{Lu}\S*(?: \p{Lu}\S*)?|\p{Lu}\S* läns landsting|Inera(?: AB)?|SKL|SKR|Sveriges [Kk]ommuner och (?:[Ll]andsting|[Rr]egioner)|Digg|DIGG|Myndigheten för .+|\p{Lu}\S*myndigheten|Länsstyrelsen .+|\p{Lu}\S*förbundet(?: .+)?|Kommunförbundet .+|\p{Lu}\S* kommunalförbund)$")
        .expect("valid regex")
});

/// Whether `name` is an organisation that is not a municipality.
pub fn is_organisation(name: &str) -> bool {
    find(name).is_none() && ORGANISATION.is_match(name.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisations_are_told_from_municipalities() {
        for org in [
            "Inera",
            "Region Skåne",
            "Västra Götalandsregionen",
            "SKR",
            "Sveriges Kommuner och Landsting",
            "E-hälsomyndigheten",
            "Myndigheten för digital förvaltning",
            "Kommunförbundet Skåne",
        ] {
            assert!(is_organisation(org), "{org}");
        }
        for kommun in ["Umeå", "Region", "Regionala planer", "Botkyrka"] {
            assert!(!is_organisation(kommun), "{kommun}");
        }
    }
    use std::collections::HashSet;

    #[test]
    fn there_are_290_with_unique_codes_names_and_slugs() {
        assert_eq!(all().len(), 290);
        let codes: HashSet<_> = all().iter().map(|k| k.code).collect();
        let slugs: HashSet<_> = all().iter().map(|k| k.slug.as_str()).collect();
        assert_eq!((codes.len(), slugs.len()), (290, 290));
        assert!(all().iter().all(|k| k.code.len() == 4
            && k.slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')));
    }

    #[test]
    fn habo_and_habo_stay_apart() {
        assert_eq!(slug_of("Håbo"), "habo-0305");
        assert_eq!(slug_of("Habo"), "habo-0643");
        assert_eq!(slug_of("Umeå"), "umea");
        assert_eq!(slug_of("Mittköping"), "mittkoping");
    }

    #[test]
    fn names_are_found_with_or_without_suffix() {
        assert_eq!(find("Malmö stad").unwrap().code, "1280");
        assert_eq!(find("Umeå kommun").unwrap().code, "2480");
        assert_eq!(find("Region Gotland").unwrap().code, "0980");
        assert!(find("Mittköping").is_none());
    }

    #[test]
    fn prefixes_and_suggestions() {
        assert_eq!(
            prefix("Malmö vård/omsorg").map(|(k, r)| (k.name, r)),
            Some(("Malmö", "vård/omsorg"))
        );
        assert_eq!(
            prefix("Upplands Väsby").map(|(k, _)| k.name),
            Some("Upplands Väsby")
        );
        assert!(prefix("Malmöhus").is_none());
        assert_eq!(suggest("Linköpping"), Some("Linköping"));
        assert_eq!(suggest("Umea"), Some("Umeå"));
        assert_eq!(suggest("Den gamla statiska listan"), None);
    }
}

//! What kind of page a scraped page is, decided by its structure — never
//! by one line. Key areas have Vad?/Vem?/Hur?, "Så gör …" and "Exempel från
//! kommuner"; municipality pages have "Kommun …"/"Nyckelområde …" lines, a
//! "Kommun - Område" page name and Sammanfattning/Detaljer; the rest is a
//! long-form page. A revision line says nothing about the kind.

use super::lines::{Kind, Line};
use crate::model::kommuner;
use regex::Regex;
use std::sync::LazyLock;

static KOMMUN_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Kommun:?\s+\S").expect("valid regex"));
static OMRADE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Nyckelområde \S").expect("valid regex"));
static DASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*[-–—]\s*").expect("valid regex"));

/// A page name "Kommun - Område" split in two. A dash with spaces around it
/// splits; so does any dash (–, —, or - without spaces) right after a
/// municipality's name ("Umeå-Ledarskap"), but not one inside it
/// ("Malung-Sälen - Ledarskap").
pub fn page_name(name: &str) -> Option<(&str, &str)> {
    let splits: Vec<(&str, &str)> = DASH
        .find_iter(name)
        .filter(|m| m.start() > 0 && m.end() < name.len())
        .map(|m| (&name[..m.start()], &name[m.end()..]))
        .collect();
    splits
        .iter()
        .find(|(k, _)| kommuner::find(k).is_some())
        .or_else(|| {
            splits.iter().find(|(k, a)| {
                let gap = &name[k.len()..name.len() - a.len()];
                gap.starts_with(char::is_whitespace) && gap.ends_with(char::is_whitespace)
            })
        })
        .copied()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decided {
    Area,
    Municipality,
    Article,
}

/// The signs of each kind found on a page, with their weights.
pub struct Evidence {
    area: Vec<(&'static str, u32)>,
    municipality: Vec<(&'static str, u32)>,
    /// A sign says which key area a municipality page would be about.
    names_area: bool,
}

impl Evidence {
    pub fn of(title: &str, body: &[Line]) -> Evidence {
        let text = |t: &str| body.iter().any(|l| l.kind == Kind::Text && l.text == t);
        let starts = |p: &str| {
            body.iter()
                .any(|l| l.kind == Kind::Text && l.text.starts_with(p) && l.text.len() < 80)
        };
        let mut area = Vec::new();
        for mark in ["Vad?", "Vem?", "Hur?"] {
            if text(mark) {
                area.push((mark, 1));
            }
        }
        if starts("Så gör ") {
            area.push(("Så gör …", 1));
        }
        if starts("Exempel från kommuner") {
            area.push(("Exempel från kommuner", 1));
        }
        let mut municipality = Vec::new();
        // A table's "Kommun" column is no fact box.
        let any = |re: &Regex| {
            body.iter()
                .any(|l| !matches!(l.kind, Kind::Row { .. }) && re.is_match(l.text))
        };
        if any(&KOMMUN_LINE) {
            municipality.push(("«Kommun …» line", 2));
        }
        if any(&OMRADE_LINE) {
            municipality.push(("«Nyckelområde …» line", 2));
        }
        if let Some((kommun, _)) = page_name(title) {
            let known = kommuner::find(kommun).is_some();
            municipality.push(if known {
                ("page name «Kommun - Område»", 2)
            } else {
                ("page name «… - …»", 1)
            });
        }
        for mark in ["Sammanfattning", "Detaljer"] {
            if text(mark) {
                municipality.push((mark, 1));
            }
        }
        // A municipality page is one key area's: without a sign of which,
        // a «Kommun …» line is a line of another page.
        let names_area = municipality
            .iter()
            .any(|(sign, _)| sign.starts_with("«Nyckelområde") || sign.starts_with("page name"));
        Evidence {
            area,
            municipality,
            names_area,
        }
    }

    fn score(signs: &[(&str, u32)]) -> u32 {
        signs.iter().map(|s| s.1).sum()
    }

    fn list(signs: &[(&str, u32)]) -> String {
        signs.iter().map(|s| s.0).collect::<Vec<_>>().join(", ")
    }

    /// The kind, and the signs that decided it.
    pub fn decide(&self) -> (Decided, String) {
        let (a, m) = (Self::score(&self.area), Self::score(&self.municipality));
        if a >= 2 && a >= m {
            (
                Decided::Area,
                format!("key area: {}", Self::list(&self.area)),
            )
        } else if m >= 2 && self.names_area {
            (
                Decided::Municipality,
                format!("municipality page: {}", Self::list(&self.municipality)),
            )
        } else {
            (
                Decided::Article,
                "long-form page: no key-area or municipality structure".into(),
            )
        }
    }

    /// What a person should check: signs of another kind than the one
    /// decided, or too few signs to be sure.
    pub fn conflict(&self, decided: Decided) -> Option<String> {
        let (a, m) = (Self::score(&self.area), Self::score(&self.municipality));
        match decided {
            Decided::Area if m > 0 => Some(format!(
                "also has signs of a municipality page ({}); read as a key area",
                Self::list(&self.municipality)
            )),
            Decided::Municipality if a > 0 => Some(format!(
                "also has signs of a key area ({}); read as a municipality page",
                Self::list(&self.area)
            )),
            Decided::Article if a + m > 0 => Some(format!(
                "too few signs to be a key area or a municipality page ({}); read as a long-form page",
                Self::list(&[self.area.as_slice(), self.municipality.as_slice()].concat())
            )),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::lines::classify;

    fn decide(page: &str) -> Decided {
        let lines = classify(page);
        Evidence::of(lines[0].text, &lines[1..]).decide().0
    }

    #[test]
    fn page_names_split_at_the_dash_after_the_municipality() {
        assert_eq!(page_name("Umeå - Ledarskap"), Some(("Umeå", "Ledarskap")));
        assert_eq!(page_name("Umeå-Ledarskap"), Some(("Umeå", "Ledarskap")));
        assert_eq!(page_name("Umeå—Ledarskap"), Some(("Umeå", "Ledarskap")));
        assert_eq!(
            page_name("Malung-Sälen - Hela styrkedjan med"),
            Some(("Malung-Sälen", "Hela styrkedjan med"))
        );
        assert_eq!(
            page_name("Mittköping – Omvärld"),
            Some(("Mittköping", "Omvärld"))
        );
        assert_eq!(page_name("IT-strategi"), None);
        assert_eq!(page_name("Organisation och kultur"), None);
    }

    #[test]
    fn kinds_follow_structure_not_the_revision_line() {
        let rev = "Version från den 2 augusti 2017 kl. 23.23 av Isrjo";
        assert_eq!(
            decide(&format!("Omvärld\n{rev}\nVad?\nText.\nHur?\nText.")),
            Decided::Area
        );
        assert_eq!(
            decide("Omvärld\nVad?\nText.\nExempel från kommuner i Sverige\nLund"),
            Decided::Area
        );
        assert_eq!(
            decide(&format!(
                "Lund - Omvärld\n{rev}\nTitel\nSammanfattning\nText."
            )),
            Decided::Municipality
        );
        assert_eq!(
            decide("Ledarskap\nKommun Lund Till kommunsidan\nNyckelområde Ledarskap\nTitel"),
            Decided::Municipality
        );
        assert_eq!(decide(&format!("Omvärld\n{rev}\nText.")), Decided::Article);
        assert_eq!(
            decide("Hela styrkedjan med\nVad\nText.\nExempel från några kommuner\nLund"),
            Decided::Article
        );
    }
}

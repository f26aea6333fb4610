//! Swedish abbreviations in the form Språkrådet recommends (Svenska
//! skrivregler), the other ways they are written, and finding those.

use regex::Regex;
use std::sync::LazyLock;

/// An abbreviation: the recommended form and a pattern for every way of
/// writing it (the recommended one included), matched where a word starts
/// and not followed by a letter or digit.
pub struct Abbreviation {
    pub form: &'static str,
    pub meaning: &'static str,
    pattern: &'static str,
}

/// Språkrådet's forms. A final full stop is part of the match when it is
/// there.
pub const ABBREVIATIONS: &[Abbreviation] = &[
    Abbreviation {
        form: "t.ex.",
        meaning: "till exempel",
        pattern: r"t(?:\. ?| )ex\.?",
    },
    Abbreviation {
        form: "dvs.",
        meaning: "det vill säga",
        pattern: r"(?:d\. ?v\. ?s|d v s|dvs)\.?",
    },
    Abbreviation {
        form: "bl.a.",
        meaning: "bland annat",
        pattern: r"bl(?:\. ?| )a\.?",
    },
    Abbreviation {
        form: "inkl.",
        meaning: "inklusive",
        pattern: r"inkl\.?",
    },
    Abbreviation {
        form: "m.m.",
        meaning: "med mera",
        pattern: r"m\. ?m\.?",
    },
    Abbreviation {
        form: "osv.",
        meaning: "och så vidare",
        pattern: r"(?:o\. ?s\. ?v|o s v|osv)\.?",
    },
    Abbreviation {
        form: "s.k.",
        meaning: "så kallad",
        pattern: r"s\. ?k\.?",
    },
    Abbreviation {
        form: "fr.o.m.",
        meaning: "från och med",
        pattern: r"fr(?:\. ?| )o(?:\. ?| )m\.?",
    },
    Abbreviation {
        form: "t.o.m.",
        meaning: "till och med",
        pattern: r"t(?:\. ?| )o(?:\. ?| )m\.?",
    },
    Abbreviation {
        form: "p.g.a.",
        meaning: "på grund av",
        pattern: r"(?:p\. ?g\. ?a|p g a|pga)\.?",
    },
    Abbreviation {
        form: "etc.",
        meaning: "et cetera",
        pattern: r"etc\.?",
    },
    Abbreviation {
        form: "resp.",
        meaning: "respektive",
        pattern: r"resp\.?",
    },
    Abbreviation {
        form: "ca",
        meaning: "cirka",
        pattern: r"(?:c:a|ca\.?)",
    },
];

/// One pattern for all of them; the group that matched names the entry.
static ANY: LazyLock<Regex> = LazyLock::new(|| {
    let groups: Vec<String> = ABBREVIATIONS
        .iter()
        .map(|a| format!("({})", a.pattern))
        .collect();
    // No letter or digit right after (`t.exempel`, `inkl2`); the one
    // before is checked in `find`. Unicode `\b` would keep the regex off its
    // fast engine on Swedish text.
    Regex::new(&format!(
        r"(?i)(?:{})(?:$|[^\p{{L}}\p{{N}}])",
        groups.join("|")
    ))
    .expect("valid regex")
});

/// An abbreviation found in a text: which one, and the bytes it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
}

/// Every abbreviation of the table in `text`, however it is written.
pub fn find(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for caps in ANY.captures_iter(text) {
        if let Some((entry, m)) = caps
            .iter()
            .skip(1)
            .enumerate()
            .find_map(|(i, m)| m.map(|m| (i, m)))
        {
            // Only the first letter may be a capital: "100 m. Många" is no
            // "m.m."; and it starts a word ("sätt ex" holds no "t ex").
            let inside_word = text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if inside_word || m.as_str().chars().skip(1).any(char::is_uppercase) {
                continue;
            }
            out.push(Found {
                entry,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    out
}

/// Whether `word` (as [`super::words`] cuts it, without a final stop) is an
/// abbreviation written with a stop after it: `t.ex`, `dvs`, `bl.a`, `nr`.
pub fn is_abbreviation(word: &str) -> bool {
    const SHORT: &[&str] = &[
        "nr", "kap", "jfr", "ang", "tel", "st", "kl", "s", "f", "ff", "vol", "uppl",
    ];
    let lower = word.to_lowercase();
    SHORT.contains(&lower.as_str())
        || lower.chars().count() == 1
        || find(&format!("{lower}.")).iter().any(|f| f.start == 0)
}

/// Whether an abbreviation (as [`super::words`] cuts it) often ends a
/// sentence: a capital after it starts the next one.
pub fn may_end_sentence(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "osv" | "o.s.v" | "etc" | "m.m" | "m.fl" | "mm"
    )
}

/// `preferred` with the capital of `written` kept: "T ex" → "T.ex.".
pub fn in_case_of(written: &str, preferred: &str) -> String {
    if written.starts_with(char::is_uppercase) {
        let mut chars = preferred.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    } else {
        preferred.to_string()
    }
}

/// The entry whose recommended form is `form`.
pub fn by_form(form: &str) -> Option<usize> {
    ABBREVIATIONS.iter().position(|a| a.form == form)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<(&'static str, &str)> {
        find(text)
            .iter()
            .map(|f| (ABBREVIATIONS[f.entry].form, &text[f.start..f.end]))
            .collect()
    }

    #[test]
    fn every_way_of_writing_is_found_as_its_abbreviation() {
        assert_eq!(
            forms("t.ex, t ex och T.ex. samt dvs, d.v.s. och bl.a. inkl moms, c:a 5 osv"),
            [
                ("t.ex.", "t.ex"),
                ("t.ex.", "t ex"),
                ("t.ex.", "T.ex."),
                ("dvs.", "dvs"),
                ("dvs.", "d.v.s."),
                ("bl.a.", "bl.a."),
                ("inkl.", "inkl"),
                ("ca", "c:a"),
                ("osv.", "osv"),
            ]
        );
    }

    #[test]
    fn words_that_only_start_alike_are_not_abbreviations() {
        assert!(forms("text, dvsa, blad, inklusive, cabriolet, sked, texten").is_empty());
        assert!(forms("100 m. Många, sid. 5 s. Kommunen, två sätt ex, tresk a").is_empty());
    }

    #[test]
    fn the_capital_is_kept() {
        assert_eq!(in_case_of("T ex", "t.ex."), "T.ex.");
        assert_eq!(in_case_of("dvs", "dvs."), "dvs.");
    }
}

//! Rule ids as a type: every finding names its rule by a [`RuleId`], and
//! its default severity comes from here, so an id cannot be misspelt and an
//! emitter outside the linter (the loader, suppressions, diff) cannot pick a
//! severity of its own. What a rule finds and its documentation live with
//! its check, in `lint/rules/<id>.rs`.

use super::Severity;
use std::fmt;

macro_rules! rule_ids {
    ($($variant:ident $id:literal $severity:ident,)*) => {
        /// A lint rule, by id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum RuleId {
            $($variant,)*
        }

        impl RuleId {
            /// Every rule, in the order `handbok rules` lists them.
            pub const ALL: &[RuleId] = &[$(RuleId::$variant,)*];

            /// The kebab-case id users write (`double-period`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }

            /// The severity its findings have unless handbok.toml says otherwise.
            pub fn severity(self) -> Severity {
                match self {
                    $(RuleId::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

rule_ids! {
    ParseError "parse-error" Error,
    SchemaViolation "schema-violation" Error,
    ControlCharacter "control-character" Error,
    FileName "file-name" Error,
    DuplicateEntry "duplicate-entry" Error,
    MissingReadMore "missing-read-more" Error,
    PlaceholderIllustration "placeholder-illustration" Error,
    ImageFile "image-file" Error,
    ReadMoreTargetMissing "read-more-target-missing" Warning,
    NearDuplicate "near-duplicate" Warning,
    ImageInProse "image-in-prose" Warning,
    CopySuffixedFile "copy-suffixed-file" Warning,
    WikiChrome "wiki-chrome" Warning,
    WikiMarkup "wiki-markup" Warning,
    DoublePeriod "double-period" Warning,
    QuoteStyle "quote-style" Warning,
    MissingSpace "missing-space" Warning,
    VagueLinkText "vague-link-text" Warning,
    UnsafeLink "unsafe-link" Error,
    ListNumbering "list-numbering" Warning,
    HeadingCase "heading-case" Warning,
    StaleFuture "stale-future" Warning,
    ImageAltMissing "image-alt-missing" Warning,
    EmptySection "empty-section" Warning,
    HeadingOrder "heading-order" Warning,
    AliasClash "alias-clash" Warning,
    TableShape "table-shape" Warning,
    OrphanPage "orphan-page" Warning,
    MissingPart "missing-part" Error,
    SummaryDrift "summary-drift" Warning,
    UnknownMunicipality "unknown-municipality" Warning,
    Spelling "spelling" Warning,
    RepeatedWord "repeated-word" Warning,
    AbbreviationStyle "abbreviation-style" Warning,
    LongSentence "long-sentence" Warning,
    Readability "readability" Warning,
    UnplacedText "unplaced-text" Warning,
    UnusedSuppression "unused-suppression" Warning,
    BareSuppression "bare-suppression" Error,
}

impl RuleId {
    /// The rule named `id`, if there is one.
    pub fn parse(id: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == id)
    }
}

impl RuleId {
    /// The known rule closest to a mistyped id (`quote-stile`) or holding
    /// a part of one (`period`), if there is one.
    pub fn closest(id: &str) -> Option<RuleId> {
        let ids = || RuleId::ALL.iter().copied();
        ids()
            .map(|known| (strsim::jaro_winkler(id, known.as_str()), known))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .filter(|(score, _)| *score > 0.8)
            .map(|(_, known)| known)
            .or_else(|| ids().find(|known| !id.is_empty() && known.as_str().contains(id)))
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for &rule in RuleId::ALL {
            let id = rule.as_str();
            assert!(seen.insert(id), "{id} twice");
            assert!(
                id.split('-')
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
                "{id}"
            );
            assert_eq!(RuleId::parse(id), Some(rule));
        }
        assert_eq!(RuleId::parse("no-such-rule"), None);
    }
}

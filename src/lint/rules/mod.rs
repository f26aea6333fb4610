//! The registry: one line per rule. Adding a rule is adding its file and
//! a line here.

mod abbreviation_style;
mod alias_clash;
mod bare_suppression;
mod control_character;
mod copy_suffixed_file;
mod double_period;
mod duplicate_entry;
mod empty_section;
mod file_name;
mod heading_case;
mod heading_order;
pub(crate) mod image_alt_missing;
mod image_file;
mod image_in_prose;
mod list_numbering;
mod long_sentence;
mod missing_part;
mod missing_read_more;
mod missing_space;
mod near_duplicate;
mod orphan_page;
mod parse_error;
mod placeholder_illustration;
mod quote_style;
mod read_more_target_missing;
mod readability;
mod repeated_word;
mod schema_violation;
pub mod spelling;
mod stale_future;
mod summary_drift;
mod table_shape;
mod unknown_municipality;
mod unplaced_text;
mod unsafe_link;
mod unused_suppression;
mod vague_link_text;
mod wiki_chrome;
mod wiki_markup;

use super::Rule;

pub const RULES: &[&Rule] = &[
    &parse_error::RULE,
    &schema_violation::RULE,
    &control_character::RULE,
    &file_name::RULE,
    &duplicate_entry::RULE,
    &missing_read_more::RULE,
    &placeholder_illustration::RULE,
    &image_file::RULE,
    &read_more_target_missing::RULE,
    &near_duplicate::RULE,
    &image_in_prose::RULE,
    &copy_suffixed_file::RULE,
    &wiki_chrome::RULE,
    &wiki_markup::RULE,
    &double_period::RULE,
    &quote_style::RULE,
    &missing_space::RULE,
    &vague_link_text::RULE,
    &unsafe_link::RULE,
    &list_numbering::RULE,
    &heading_case::RULE,
    &stale_future::RULE,
    &image_alt_missing::RULE,
    &empty_section::RULE,
    &heading_order::RULE,
    &alias_clash::RULE,
    &table_shape::RULE,
    &orphan_page::RULE,
    &missing_part::RULE,
    &summary_drift::RULE,
    &unknown_municipality::RULE,
    &spelling::RULE,
    &repeated_word::RULE,
    &abbreviation_style::RULE,
    &long_sentence::RULE,
    &readability::RULE,
    &unplaced_text::RULE,
    &unused_suppression::RULE,
    &bare_suppression::RULE,
];

/// What every rule file uses.
mod prelude {
    pub use crate::diag::RuleId;
    pub use crate::lint::sink::Sink;
    pub use crate::lint::{Check, Ctx, Rule};
    pub use crate::model::fields::{Field, FieldKind};
    pub use crate::model::{Located, Page, PageBody, Text};
    pub use regex::Regex;
    pub use std::sync::LazyLock;

    /// Compile a pattern known to be valid.
    pub fn re(pattern: &str) -> Regex {
        Regex::new(pattern).expect("rule pattern is valid")
    }

    /// Whether a value is a literal block scalar (`key: |`), whose text the
    /// source holds line for line, so newlines can be inserted safely.
    pub fn is_literal_block(page: &Page, value: &Text) -> bool {
        let line = value.pos().line;
        line > 1
            && page
                .line(line - 1)
                .map(|l| l.split(" #").next().unwrap_or(l).trim_end())
                .is_some_and(|l| l.ends_with('|') || l.ends_with("|-") || l.ends_with("|+"))
    }
}

//! `handbok diff`: what changed between two revisions of the guide, entry by
//! entry and word by word.

pub mod compare;
pub mod entries;
pub mod render;
pub mod source;
pub mod words;

use crate::diag::RuleId;
use crate::Error;
use compare::diff;
pub use compare::Options;
use source::load_sides;
pub use source::Side;
use std::path::Path;

/// Two revisions compared.
#[derive(Debug)]
pub struct Comparison {
    pub changes: Vec<compare::Change>,
    /// LIX before and after of every page with a change.
    pub lix: render::Readability,
}

/// Compare two sides of the content (`path`: the content folder within the
/// repository, for revisions), within `config`'s limits. A file that does
/// not load on either side is an error naming the side.
pub fn compare(
    old: &Side,
    new: &Side,
    path: &Path,
    config: &crate::workspace::Config,
    options: Options,
) -> Result<Comparison, Error> {
    let (old_content, new_content) = load_sides(old, new, path, config.load)?;
    // Say which side a broken file is on: the same path may load on one
    // side and not on the other.
    let side_of = |label: &str, side: &Side, content: &crate::load::Content| -> Vec<String> {
        content
            .diagnostics
            .iter()
            .filter(|d| matches!(d.rule, RuleId::ParseError | RuleId::SchemaViolation))
            .map(|d| {
                format!(
                    "{label} side ({}): {}:{}:{}: {}",
                    side.name(),
                    d.path,
                    d.line,
                    d.column,
                    d.message
                )
            })
            .collect()
    };
    let mut broken = side_of("old", old, &old_content);
    broken.extend(side_of("new", new, &new_content));
    if !broken.is_empty() {
        return Err(Error::new(format!(
            "cannot compare files that do not load:\n  {}",
            broken.join("\n  ")
        )));
    }
    let changes = diff(&old_content.pages, &new_content.pages, options);
    let lix = readability(&changes, &old_content, &new_content);
    Ok(Comparison { changes, lix })
}

/// LIX before and after of every page with a change.
pub fn readability(
    changes: &[compare::Change],
    old: &crate::load::Content,
    new: &crate::load::Content,
) -> render::Readability {
    let lix = |content: &crate::load::Content, id: &str| {
        content
            .page(id)
            .map(crate::lang::page_lix)
            .filter(|l| l.words > 0)
            .map(|l| l.value())
    };
    changes
        .iter()
        .map(|c| (c.page.clone(), (lix(old, &c.page), lix(new, &c.page))))
        .collect()
}

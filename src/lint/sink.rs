//! Where findings are collected, and how a piece of a value is placed in the
//! source: line, column and byte range (for fixes).

use super::Rule;
use crate::diag::{Diagnostic, Fix, Related};
use crate::model::fields::Field;
use crate::model::locate::Place;
use crate::model::{Located, Page, Text};
use std::collections::HashMap;

#[derive(Default)]
pub struct Sink {
    pub diagnostics: Vec<Diagnostic>,
    /// Findings so far per rule and value, to stop at [`PER_VALUE`].
    counts: HashMap<(crate::diag::RuleId, usize), usize>,
    /// Where findings past that go, unseen.
    discarded: Option<Diagnostic>,
}

/// Findings of one rule listed for one value. Placing a finding costs time
/// in proportion to where it is in the value; a hostile 15 MB text with a
/// finding every few words must not make that quadratic.
pub const PER_VALUE: usize = 100;

impl Sink {
    /// Report `rule` on the bytes `start..end` of a field's value.
    pub fn at(
        &mut self,
        rule: &Rule,
        field: &Field,
        start: usize,
        end: usize,
        message: String,
    ) -> &mut Diagnostic {
        self.in_value(rule, field.page, field.value, start, end, message)
    }

    pub fn in_value(
        &mut self,
        rule: &Rule,
        page: &Page,
        value: &Text,
        start: usize,
        end: usize,
        message: String,
    ) -> &mut Diagnostic {
        let seen = self
            .counts
            .entry((rule.id, value as *const Text as usize))
            .or_default();
        *seen += 1;
        if *seen > PER_VALUE {
            if *seen == PER_VALUE + 1 {
                let place = page.locate(value, 0, 0);
                let more = format!(
                    "more than {PER_VALUE} findings of `{}` in this text; the rest are not listed",
                    rule.id
                );
                self.push(rule, page, place, more, None);
            }
            let d = Diagnostic::new(rule.id, "", 1, 1);
            return self.discarded.insert(d);
        }
        let place = page.locate(value, start, end);
        let text = value[start..end].to_string();
        self.push(rule, page, place, message, Some(text))
    }

    /// Report `rule` on a whole value.
    pub fn on(
        &mut self,
        rule: &Rule,
        page: &Page,
        value: &Text,
        message: String,
    ) -> &mut Diagnostic {
        self.in_value(rule, page, value, 0, value.len(), message)
    }

    pub fn push(
        &mut self,
        rule: &Rule,
        page: &Page,
        place: Place,
        message: String,
        text: Option<String>,
    ) -> &mut Diagnostic {
        let path = page.display_path();
        let mut d = Diagnostic::new(rule.id, path, place.line, place.column).message(message);
        d.text = text;
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }
}

impl Related {
    /// The place of `value` on `page`, described by `message`.
    pub fn at(page: &Page, value: &Text, message: &str) -> Related {
        Related {
            path: page.display_path(),
            line: value.pos().line,
            column: value.pos().column,
            message: message.to_string(),
        }
    }
}

impl Diagnostic {
    /// Attach a safe fix that replaces the offending text, if it was found
    /// verbatim in the source.
    pub fn with_fix(
        &mut self,
        page: &Page,
        value: &Text,
        start: usize,
        end: usize,
        replacement: &str,
        description: &str,
    ) {
        // A finding past [`PER_VALUE`] has no path and is never shown.
        if self.path.is_empty() {
            return;
        }
        if let Some((s, e)) = page.locate(value, start, end).range {
            self.fix = Some(Fix {
                start: s,
                end: e,
                replacement: replacement.to_string(),
                description: description.to_string(),
            });
        }
    }
}

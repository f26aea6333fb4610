use super::prelude::*;
use crate::diag::Related;
use crate::lint::fields::examples;
use crate::text::normalize;
use similar::TextDiff;

pub const RULE: Rule = Rule {
    id: "near-duplicate",
    severity: Severity::Warning,
    summary: "two examples in one area whose summaries are at least 90 % alike",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
Two examples on the same page whose summaries are at least 90 % alike word
for word, but not identical (identical ones are `duplicate-entry`).

## Why it matters
Usually one example was copied as a template and not rewritten, or the same
story was entered twice with small edits.

## Example
Two examples whose summaries differ only in one word.

## Use instead
Merge them, or rewrite one so each tells its own story."#,
};

const THRESHOLD: f32 = 0.9;
const MIN_LEN: usize = 40;

fn check(rule: &Rule, page: &Page, _: &Ctx, sink: &mut Sink) {
    let list: Vec<_> = examples(page)
        .into_iter()
        .filter_map(|e| e.summary.as_ref().map(|s| (e, s, normalize(s))))
        .filter(|(_, _, n)| n.len() >= MIN_LEN)
        .collect();
    for (j, (_, later, b)) in list.iter().enumerate() {
        for (_, first, a) in &list[..j] {
            if a == b || !similar_length(a, b) {
                continue;
            }
            let ratio = TextDiff::from_unicode_words(a.as_str(), b.as_str()).ratio();
            if ratio >= THRESHOLD {
                let d = sink.on(
                    rule,
                    page,
                    later,
                    format!(
                        "summary is {:.0} % like an earlier example's",
                        ratio * 100.0
                    ),
                );
                d.related = Some(Related {
                    path: page.path.to_string_lossy().replace('\\', "/"),
                    line: first.pos().line,
                    column: first.pos().column,
                    message: "the earlier summary".into(),
                });
                break;
            }
        }
    }
}

/// Texts whose lengths differ by more than the threshold cannot be that alike.
fn similar_length(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() < b.len() {
        (a.len(), b.len())
    } else {
        (b.len(), a.len())
    };
    short as f32 >= long as f32 * (THRESHOLD - 0.05)
}

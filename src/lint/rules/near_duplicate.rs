use super::prelude::*;
use crate::diag::Related;
use crate::model::fields::examples;
use crate::text::normalize;
use similar::TextDiff;

pub const RULE: Rule = Rule {
    id: RuleId::NearDuplicate,
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
    let list: Vec<(&Text, String)> = examples(page)
        .into_iter()
        .filter_map(|e| e.summary.as_ref().map(|s| (s, normalize(s))))
        .filter(|(_, n)| n.len() >= MIN_LEN)
        .collect();
    let words: Vec<Vec<u64>> = list.iter().map(|(_, n)| sorted_words(n)).collect();
    for (j, (later, b)) in list.iter().enumerate() {
        for (i, (first, a)) in list[..j].iter().enumerate() {
            if a == b || !similar_length(a, b) || ratio_bound(&words[i], &words[j]) < THRESHOLD {
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
                d.related = Some(Related::at(page, first, "the earlier summary"));
                break;
            }
        }
    }
}

/// The words of a normalised text as sorted hashes (comparing numbers is
/// much cheaper than comparing strings; a collision only loosens the bound).
fn sorted_words(normalized: &str) -> Vec<u64> {
    let mut w: Vec<u64> = normalized
        .split(' ')
        .map(|word| {
            word.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            })
        })
        .collect();
    w.sort_unstable();
    w
}

/// An upper bound of `similar`'s word ratio, from the words two normalised
/// texts share: cheap enough to rule out almost every pair before diffing.
/// Tokens are the words and the single spaces between them.
fn ratio_bound(a: &[u64], b: &[u64]) -> f32 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let spaces = a.len().min(b.len()).saturating_sub(1);
    let tokens = (2 * a.len() - 1) + (2 * b.len() - 1);
    2.0 * (shared + spaces) as f32 / tokens.max(1) as f32
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

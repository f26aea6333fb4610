use super::prelude::*;
use crate::diag::Related;
use crate::model::fields::examples;
use crate::text::normalize;
use similar::TextDiff;

pub const RULE: Rule = Rule {
    id: RuleId::SummaryDrift,
    summary: "an example's summary that differs from its municipality page's Sammanfattning",
    fixable: false,
    check: Check::Guide(check),
    doc: r#"## What it finds
An example whose "Läs mer" leads to a municipality page, where the summary
on the key-area page and the page's own `summary` (Sammanfattning) say
different things.

## Why it matters
The two were once the same text; when one is edited and the other is not,
the reader gets two versions of the story.

## Example
The Ledarskap page says "Utbildningar för samtliga förskolechefer" while the
Linköping page's summary was updated to name rektorer as well.

## Use instead
Make both the same, editing the one that is out of date."#,
};

fn check(rule: &Rule, ctx: &Ctx, sink: &mut Sink) {
    for page in &ctx.content.pages {
        for e in examples(page) {
            let (Some(summary), Some(to)) =
                (&e.summary, e.read_more.as_ref().and_then(|r| r.to.as_ref()))
            else {
                continue;
            };
            let Some(target) = ctx.resolve(to) else {
                continue;
            };
            let PageBody::Municipality(m) = &target.body else {
                continue;
            };
            let Some(theirs) = &m.summary else { continue };
            if summary.as_str() == theirs.as_str() {
                continue;
            }
            let (a, b) = (normalize(summary), normalize(theirs));
            if a == b {
                continue;
            }
            let ratio = TextDiff::from_unicode_words(a.as_str(), b.as_str()).ratio();
            let d = sink.on(
                rule,
                page,
                summary,
                format!(
                    "summary differs from the Sammanfattning of {} ({:.0} % alike)",
                    target.id,
                    ratio * 100.0
                ),
            );
            d.related = Some(Related::at(
                target,
                theirs,
                "the municipality page's summary",
            ));
            d.help = Some("make both the same".into());
        }
    }
}

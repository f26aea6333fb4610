use super::prelude::*;
use crate::lang::Lix;
use crate::model::Section;

pub const RULE: Rule = Rule {
    id: RuleId::Readability,
    summary: "a page or section whose LIX (läsbarhetsindex) is over the guide's level (default 50, \"svår\")",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
A page, or a section of a page, whose prose has a LIX above the level set
for the guide (50 by default). LIX = words per sentence + 100 × the share of
words longer than six letters. Under 30 is very easy, 30–40 easy (fiction
for children), 40–50 plain (newspapers), 50–60 hard (official texts), over
60 very hard (legal texts). Texts under 50 words are not measured: a few
sentences say little. `handbok lint --statistics` lists the LIX of every
page. The level is set in handbok.toml:
```toml
[language]
lix = 55
```

## Why it matters
A handbook for everyone in a municipality must be plain Swedish
(språklagen 2009:600, 11 §): long sentences full of long words are where
it stops being that.

## Example
```yaml
vad: |
  Verksamhetsutvecklingsarbetet förutsätter organisationsövergripande samverkansstrukturer och tydliggjorda ansvarsförhållanden avseende informationshanteringen.
```

## Use instead
```yaml
vad: |
  För att utveckla verksamheten behöver alla förvaltningar arbeta ihop. Det ska vara tydligt vem som ansvarar för vilken information.
```"#,
};

/// Fewer words than this give no LIX worth reporting.
pub const MIN_WORDS: usize = 50;

fn check(rule: &Rule, page: &Page, ctx: &Ctx, sink: &mut Sink) {
    let level = ctx.language.lix;
    for section in page.body.sections() {
        let mut lix = Lix::default();
        section_texts(section).for_each(|t| lix.add(t));
        let Some(at) = section
            .heading
            .as_ref()
            .or_else(|| section_texts(section).next())
        else {
            continue;
        };
        report(rule, page, at, &lix, level, "this section", sink);
    }
    let lix = crate::lang::page_lix(page);
    report(rule, page, page.body.title(), &lix, level, "the page", sink);
}

fn report(rule: &Rule, page: &Page, at: &Text, lix: &Lix, level: f64, what: &str, sink: &mut Sink) {
    // Judged as shown: one decimal.
    let value = (lix.value() * 10.0).round() / 10.0;
    if lix.words < MIN_WORDS || value <= level {
        return;
    }
    sink.on(
        rule,
        page,
        at,
        format!(
            "LIX {value:.1} ({}) for {what}: over the guide's level of {level}",
            Lix::label(value)
        ),
    )
    .help = Some(format!(
        "{} words in {} sentences, {:.0} % long words: shorter sentences and plainer words bring it down",
        lix.words,
        lix.sentences,
        100.0 * lix.long_words as f64 / lix.words as f64
    ));
}

fn section_texts(section: &Section) -> impl Iterator<Item = &Text> {
    section.body.iter().filter_map(|b| match b {
        crate::model::Block::Text(t) => Some(t),
        _ => None,
    })
}

use super::prelude::*;
use crate::diag::Related;
use crate::model::fields::examples;
use crate::model::Example;
use crate::text::normalize;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    id: RuleId::DuplicateEntry,
    summary: "the same example listed twice, in one area or across the guide",
    fixable: false,
    check: Check::Guide(check),
    doc: r#"## What it finds
An example with the same municipality and title as an earlier one (ignoring
case, spacing and punctuation), or with the same summary text; a whole list
of examples repeated (the old static list left in place). The finding points
at the repeat and names the first occurrence.

## Why it matters
Readers meet the same story twice and the printed book grows for nothing;
usually one copy gets updated and the other silently goes stale.

## Example
```yaml
examples:
  - municipality: Botkyrka
    title: Nyttja digitaliseringens potential
  - municipality: Botkyrka
    title: Nyttja digitaliseringens potential.
```

## Use instead
Keep one entry and delete the other."#,
};

const MIN_SUMMARY: usize = 40;

struct First<'a> {
    page: &'a Page,
    value: &'a Text,
}

fn check(rule: &Rule, ctx: &Ctx, sink: &mut Sink) {
    let mut by_title: HashMap<String, First> = HashMap::new();
    let mut by_summary: HashMap<String, First> = HashMap::new();
    for page in &ctx.content.pages {
        let mut repeats: Vec<usize> = Vec::new();
        for (i, e) in examples(page).into_iter().enumerate() {
            let Some(who) = e.who_field() else { continue };
            if let Some((first, what)) = earlier(page, e, who, &mut by_title, &mut by_summary) {
                let entry = e.label();
                let related = related_to(&first, what);
                let d = sink.on(
                    rule,
                    page,
                    who,
                    format!("example «{entry}» is listed twice"),
                );
                d.related = Some(related);
                d.help = Some("keep one entry and delete the other".into());
                repeats.push(i);
            }
        }
        mark_repeated_lists(sink, &repeats);
    }
}

fn related_to(first: &First, what: &str) -> Related {
    Related::at(
        first.page,
        first.value,
        &format!("first listed (same {what})"),
    )
}

fn earlier<'a>(
    page: &'a Page,
    e: &'a Example,
    who: &'a Text,
    by_title: &mut HashMap<String, First<'a>>,
    by_summary: &mut HashMap<String, First<'a>>,
) -> Option<(First<'a>, &'static str)> {
    let here = || First { page, value: who };
    let mut found = None;
    if let Some(title) = &e.title {
        let key = format!("{}|{}", normalize(e.who()), normalize(title));
        if let Some(f) = by_title.get(&key) {
            found = Some((
                First {
                    page: f.page,
                    value: f.value,
                },
                "municipality and title",
            ));
        } else {
            by_title.insert(key, here());
        }
    }
    if let Some(summary) = e
        .summary
        .as_ref()
        .map(|s| normalize(s))
        .filter(|s| s.len() >= MIN_SUMMARY)
    {
        match by_summary.get(&summary) {
            Some(f) if found.is_none() => {
                found = Some((
                    First {
                        page: f.page,
                        value: f.value,
                    },
                    "summary",
                ))
            }
            Some(_) => {}
            None => {
                by_summary.insert(summary, here());
            }
        }
    }
    found
}

/// Three or more repeats in a row are a whole list pasted twice: say so on
/// the first of them.
fn mark_repeated_lists(sink: &mut Sink, repeats: &[usize]) {
    let total = sink.diagnostics.len();
    let mut run_start = 0;
    for k in 1..=repeats.len() {
        if k == repeats.len() || repeats[k] != repeats[k - 1] + 1 {
            let len = k - run_start;
            if len >= 3 {
                let d = &mut sink.diagnostics[total - repeats.len() + run_start];
                d.message.push_str(&format!(" (the first of {len} examples repeated in a row: a whole list is listed twice)"));
            }
            run_start = k;
        }
    }
}

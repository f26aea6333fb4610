use super::prelude::*;
use crate::model::fields::examples;
use std::collections::HashSet;

pub const RULE: Rule = Rule {
    id: RuleId::OrphanPage,
    summary: "a municipality page that no \"Läs mer\" link leads to",
    fixable: false,
    check: Check::Guide(check),
    doc: r#"## What it finds
A municipality page that no example's `read_more.to` points at.

## Why it matters
Readers reach municipality pages through the examples of a key area; an
orphan is only found by chance, in print it floats without context.

## Example
`kommuner/umea/ledarskap.yaml` exists, but the Ledarskap page's Umeå example
has no `to: umea/ledarskap`.

## Use instead
Link it from the example of its key area, or remove the page."#,
};

fn check(rule: &Rule, ctx: &Ctx, sink: &mut Sink) {
    // The links in a folder that could not be read are not known.
    if ctx.content.is_partial() {
        return;
    }
    let linked: HashSet<&str> = ctx
        .content
        .pages
        .iter()
        .flat_map(examples)
        .filter_map(|e| e.read_more.as_ref()?.to.as_ref())
        .filter_map(|to| ctx.resolve(to))
        .map(|p| p.id.as_str())
        .collect();
    for page in &ctx.content.pages {
        if let PageBody::Municipality(m) = &page.body {
            if !linked.contains(page.id.as_str()) {
                sink.on(
                    rule,
                    page,
                    &m.title,
                    format!("no example links to this page ({})", page.id),
                )
                .help = Some(format!(
                    "link it from the {} page: to: {}",
                    m.area.as_str(),
                    page.id.trim_start_matches("kommuner/")
                ));
            }
        }
    }
}

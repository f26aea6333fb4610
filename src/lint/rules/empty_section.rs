use super::prelude::*;
use crate::model::Section;

pub const RULE: Rule = Rule {
    id: RuleId::EmptySection,
    summary: "a heading with nothing under it",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
A section with a heading but no text, image or examples, and no
sub-sections after it.

## Why it matters
An empty heading in print looks like a page went missing; in the wiki it was
often a navigation link or the caption of a chart that was not carried over.

## Example
```yaml
sections:
  - heading: Antal ansökningar per kön och åldersgrupp
```

## Use instead
Add the content (the chart, with alt text) or delete the heading."#,
};

fn check(rule: &Rule, page: &Page, _: &Ctx, sink: &mut Sink) {
    let sections = page.body.sections();
    let level = |s: &Section| s.level.as_ref().map_or(2, |l| **l);
    for (i, s) in sections.iter().enumerate() {
        let Some(heading) = &s.heading else { continue };
        let has_sub = sections
            .get(i + 1)
            .is_some_and(|next| level(next) > level(s));
        if s.body.is_empty() && !has_sub {
            sink.on(
                rule,
                page,
                heading,
                format!("section «{}» is empty", heading.as_str()),
            )
            .help = Some("add its content or delete the heading".into());
        }
    }
}

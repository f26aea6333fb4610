use super::prelude::*;
use crate::model::{PageBody, Section};

pub const RULE: Rule = Rule {
    id: RuleId::HeadingOrder,
    summary: "a heading that skips a level",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
A section heading more than one level below the heading before it: a
level 4 straight after a level 2, or an article's first section at level
3 (the page's title is level 1; a key area's and a municipality page's
own headings, such as Vad? and Sammanfattning, are level 2).

## Why it matters
Readers who use a screen reader move through a page by its headings and
take a skipped level for a missing section. The web site's accessibility
statement and the PDF's tags (PDF/UA) promise headings in order.

## Example
```yaml
sections:
  - heading: Styrning
  - heading: Mål för skolan
    level: 4
```

## Use instead
Give the section the level below the one before it (`level: 3`), or
add the missing heading in between."#,
};

fn check(rule: &Rule, page: &Page, _: &Ctx, sink: &mut Sink) {
    let level = |s: &Section| s.level.as_ref().map_or(2, |l| **l);
    // What stands above the first section: the title (1), or the page's
    // own level-2 headings.
    let mut above = match page.body {
        PageBody::Article(_) => 1,
        _ => 2,
    };
    for s in page.body.sections() {
        let Some(heading) = &s.heading else { continue };
        let here = level(s);
        if here > above + 1 {
            let message = format!(
                "heading «{}» is level {here} after level {above}: a level is skipped",
                heading.as_str()
            );
            let d = match &s.level {
                // At the `level:` value itself.
                Some(at) => {
                    let place = crate::model::locate::Place {
                        line: at.pos().line,
                        column: at.pos().column,
                        range: None,
                    };
                    sink.push(rule, page, place, message, Some(here.to_string()))
                }
                None => sink.on(rule, page, heading, message),
            };
            d.help = Some(format!("make it level {}", above + 1));
        }
        above = here;
    }
}

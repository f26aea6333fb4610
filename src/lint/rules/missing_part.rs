use super::prelude::*;
use crate::diag::Diagnostic;

pub const RULE: Rule = Rule {
    id: RuleId::MissingPart,
    summary: "guide.yaml lists a part that is not a page of the guide",
    fixable: false,
    check: Check::Guide(check),
    doc: r#"## What it finds
An entry of `parts:` in `guide.yaml` that names no page: a typo, a page
that was renamed or deleted, or one whose file does not load.

## Why it matters
Export cannot build the book without it; the key area would be missing
from the printed handbook and the e-book.

## Example
```yaml
parts:
  - omraden/ledarskap
  - omraden/ledarskp
```

## Use instead
```yaml
parts:
  - omraden/ledarskap
```"#,
};

fn check(rule: &Rule, ctx: &Ctx, sink: &mut Sink) {
    let Some(guide) = &ctx.content.guide else {
        return;
    };
    for part in &guide.parts {
        // A part in a folder that could not be read is that folder's finding.
        if ctx.content.page(part).is_some() || ctx.content.may_hold(part) {
            continue;
        }
        let at = part.pos();
        let close = ctx
            .content
            .pages
            .iter()
            // Only a name that can be written in guide.yaml is offered.
            .filter(|p| crate::text::is_page_id(&p.id))
            .map(|p| (strsim::levenshtein(&p.id, part), &p.id))
            .filter(|(d, _)| *d <= 3)
            .min();
        let mut d = Diagnostic::new(rule.id, crate::load::GUIDE_FILE, at.line, at.column).message(
            format!("part `{}` is not a page of the guide", part.as_str()),
        );
        d.help = Some(match close {
            Some((_, id)) => format!("did you mean `{id}`?"),
            None => "add the page or remove it from parts".into(),
        });
        d.text = Some(part.to_string());
        sink.diagnostics.push(d);
    }
}

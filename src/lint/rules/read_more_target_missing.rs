use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::ReadMoreTargetMissing,
    summary: "a \"Läs mer\" link to a page that is not in this content set",
    fixable: false,
    check: Check::Field(check),
    doc: r#"## What it finds
A `read_more.to` that names a page (a page id or `kommun/område`) that does
not exist in the content folder.

## Why it matters
The link is dead in the e-book, and the printed cross-reference has no page
number. Often the municipality page has not been imported yet, or the name is
misspelled.

## Example
```yaml
read_more: {text: Läs mer, to: botkyrka/ledarskap}   # no kommuner/botkyrka/ledarskap.yaml
```

## Use instead
Add `kommuner/botkyrka/ledarskap.yaml`, or point the link at a page that
exists or at an `https://` URL."#,
};

fn check(rule: &Rule, field: &Field, ctx: &Ctx, sink: &mut Sink) {
    if field.kind != FieldKind::Target {
        return;
    }
    let target = field.value.as_str();
    if target.starts_with("http://")
        || target.starts_with("https://")
        || ctx.resolve(target).is_some()
        || crate::model::read_more_candidates(target)
            .iter()
            .any(|id| ctx.content.may_hold(id))
    {
        return;
    }
    let tried = crate::model::read_more_candidates(target).join(", ");
    sink.on(
        rule,
        field.page,
        field.value,
        format!("no page `{target}` in this guide (looked for {tried})"),
    )
    .help = Some("add the page, fix the name, or link to a URL".into());
}

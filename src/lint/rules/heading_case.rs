use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::HeadingCase,
    summary: "a heading that differs from the page title only in case",
    fixable: false,
    check: Check::Field(check),
    doc: r#"## What it finds
A heading or display title with the same words as the page title but other
capitals: "Hela Styrkedjan med" on the page "Hela styrkedjan med".

## Why it matters
The table of contents, the running header and the chapter heading disagree.
Swedish titles capitalise only the first word and proper names.

## Example
```yaml
title: Hela styrkedjan med
display_title: Hela Styrkedjan med
```

## Use instead
```yaml
title: Hela styrkedjan med
```"#,
};

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if field.kind != FieldKind::Heading {
        return;
    }
    let title = field.page.body.title();
    let heading = field.value.as_str();
    if heading != title.as_str() && heading.to_lowercase() == title.to_lowercase() {
        sink.on(
            rule,
            field.page,
            field.value,
            format!(
                "«{heading}» differs from the title «{}» only in case",
                title.as_str()
            ),
        )
        .help = Some("use the title's capitalisation".into());
    }
}

use super::prelude::*;
use crate::text::glued_images;

pub const RULE: Rule = Rule {
    id: RuleId::ImageInProse,
    summary: "an image file name glued into text",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
An image file name stuck to the end of a sentence, left over from the wiki's
image markup: `… diskussionsarena.Introbild-leda-1024px.jpg`.

## Why it matters
Readers see a file name instead of a picture, and the picture is missing.

## Example
```yaml
hur: |
  … och diskussionsarena.Introbild-leda-1024px.jpg
```

## Use instead
```yaml
hur: |
  … och diskussionsarena.

  ![](<Introbild-leda-1024px.jpg>)
```
`--fix` moves the name into an image of its own in prose fields."#,
};

fn check(rule: &Rule, field: &Field, ctx: &Ctx, sink: &mut Sink) {
    if !matches!(
        field.kind,
        FieldKind::Prose | FieldKind::LinkText | FieldKind::Heading | FieldKind::Title
    ) {
        return;
    }
    for (s, e) in glued_images(field.value) {
        let file = &field.value[s..e];
        let d = sink.at(
            rule,
            field,
            s,
            e,
            format!("image file name `{file}` glued into the text"),
        );
        d.help = Some("give the image its own line, with alt text".into());
        // Moving the name into an image is safe only for a file that is
        // there; otherwise it would turn this warning into a missing image.
        if !ctx.media.contains(file) {
            d.help = Some(format!(
                "add `{file}` to media/ or delete the name from the text"
            ));
        } else if field.kind == FieldKind::Prose && is_literal_block(field.page, field.value) {
            let indent = indent_at(field.page, d.line);
            let replacement = format!("\n\n{indent}![](<{file}>)");
            d.with_fix(
                field.page,
                field.value,
                s,
                e,
                &replacement,
                "move the image to its own paragraph",
            );
        }
    }
}

fn indent_at(page: &crate::model::Page, line: usize) -> String {
    let text = page.line(line).unwrap_or("");
    text.chars().take_while(|c| *c == ' ').collect()
}

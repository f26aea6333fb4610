use super::prelude::*;
use crate::model::fields::{fields, images};
use crate::text::markdown_images;

pub const RULE: Rule = Rule {
    id: RuleId::ImageAltMissing,
    summary: "an image without alt text",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
An image with no `alt:` (or an empty one), and a CommonMark image `![](…)`
with empty brackets.

## Why it matters
The PDF is tagged for PDF/UA-1 and the EPUB must be accessible: screen
readers announce only the file name, or nothing. The alt text also stands in
if the image cannot be shown. `handbok export` refuses an image without alt
text (with `--force` the file name stands in and the book is a draft). An
ornament that says nothing is marked `decorative: true` instead.

## Example
```yaml
images:
  - file: Maja Ledarskap.png
```

## Use instead
```yaml
images:
  - file: Maja Ledarskap.png
    alt: Maja, chef i Mittköping, leder ett möte
  - file: ornament.png
    decorative: true
```"#,
};

fn check(rule: &Rule, page: &Page, _: &Ctx, sink: &mut Sink) {
    for image in images(page) {
        if !image.decorative && image.alt.as_ref().is_none_or(|a| a.trim().is_empty()) {
            sink.on(
                rule,
                page,
                &image.file,
                format!("image `{}` has no alt text", image.file.as_str()),
            )
            .help = Some(
                "add `alt:` saying what the image shows (or `decorative: true` for an ornament)"
                    .into(),
            );
        }
    }
    for field in fields(page).iter().filter(|f| f.kind == FieldKind::Prose) {
        for (alt, file, (s, e)) in markdown_images(field.value) {
            if alt.trim().is_empty() {
                sink.at(rule, field, s, e, format!("image `{file}` has no alt text"))
                    .help = Some(
                    "write the alt text between the brackets: ![Vad bilden visar](<fil.png>)"
                        .into(),
                );
            }
        }
    }
}

use super::prelude::*;
use crate::model::fields::{fields, images};
use crate::text::markdown_images;

pub const RULE: Rule = Rule {
    id: RuleId::PlaceholderIllustration,
    summary: "placeholder text or a missing file where an illustration belongs",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
Text standing where an illustration belongs, an image file whose name says
it is a placeholder, an image whose file is missing from the media folder,
and an image path that leads outside it or is not written plainly.

Placeholders are found as a class, not a list:
- a word for a picture (bild, illustration, figur, foto, grafik, diagram,
  image) with a word that it is still to come or missing, in either order,
  with a colon or up to two words between: "Bild kommer senare", "BILD:
  TBD", "(illustration saknas)", "bilden läggs in", "saknad bild";
- "här ska bilden in", "[Bild]", "placeholder", "platshållare", "TODO";
- file names made of those words: `platshallare.png`, `bild_saknas.jpg`,
  `placeholder-1.png`, `TBD.png`, `no-image.png`, `dummy.png`, also in a
  wiki's `[[Fil:platshallare.png]]` that import kept as an image.

"Bilden kommer från SCB" is prose: "kommer" counts only before "senare",
"snart", "inom kort" or the end of the sentence.

## Why it matters
The printed book would show a note to the editor, or an empty frame, where
the reader expects a picture.

## Example
```yaml
- text: |
    här ska illustrationen in (Littles pyramid).
```

## Use instead
```yaml
- image:
    file: littles-pyramid.png
    alt: Littles pyramid med styrning, processer, resurser, organisation och kultur
```"#,
};

static PLACEHOLDER_TEXT: LazyLock<Regex> = LazyLock::new(|| re(crate::text::PLACEHOLDER_TEXT));

fn check(rule: &Rule, page: &Page, ctx: &Ctx, sink: &mut Sink) {
    let page_fields = fields(page);
    for field in page_fields.iter().filter(|f| f.is_text()) {
        for m in PLACEHOLDER_TEXT.find_iter(field.value) {
            sink.at(
                rule,
                field,
                m.start(),
                m.end(),
                "placeholder text instead of an illustration".into(),
            )
            .help = Some("add the image (with alt text) or remove the note".into());
        }
        if field.kind == FieldKind::Prose {
            for (_, file, (s, e)) in markdown_images(field.value) {
                check_file(rule, ctx, sink, file, |sink, msg| {
                    sink.at(rule, field, s, e, msg)
                });
            }
        }
    }
    for image in images(page) {
        check_file(rule, ctx, sink, &image.file, |sink, msg| {
            sink.on(rule, page, &image.file, msg)
        });
    }
}

fn check_file<'s>(
    _rule: &Rule,
    ctx: &Ctx,
    sink: &'s mut Sink,
    file: &str,
    report: impl FnOnce(&'s mut Sink, String) -> &'s mut crate::diag::Diagnostic,
) {
    use crate::media::Problem;
    let (message, help) = if crate::text::is_placeholder_file(file) {
        (
            format!("`{file}` is a placeholder image"),
            "replace it with the real illustration",
        )
    } else {
        let Some(problem) = ctx.image_not_found(file) else {
            return;
        };
        let help = match problem {
            Problem::Missing => "add the file to media/ or fix the name",
            _ => "name a file under media/",
        };
        (problem.describe(file), help)
    };
    report(sink, message).help = Some(help.into());
}

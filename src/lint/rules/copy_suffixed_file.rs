use super::prelude::*;
use crate::text::markdown_images;

pub const RULE: Rule = Rule {
    id: RuleId::CopySuffixedFile,
    summary: "an image name with a copy suffix such as \"Botkyrka3 (2).jpg\"",
    fixable: false,
    check: Check::Field(check),
    doc: r#"## What it finds
Image file names that end in a copy marker: ` (2)`, `-copy`, ` kopia`.

## Why it matters
It is a sign the file was uploaded twice; the other copy may be the one that
was meant, and such names break in URLs and on other file systems.

## Example
```yaml
- image: {file: Botkyrka3 (2).jpg}
```

## Use instead
```yaml
- image: {file: botkyrka-styrkedja.jpg}
```"#,
};

static COPY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?:\s*\(\d+\)|[-_ ](?:copy|kopia)(?:[-_ ]?\d+)?)\.(?:{})$",
        crate::text::IMAGE_EXT
    ))
});

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    let report = |sink: &mut Sink, s: usize, e: usize| {
        let file = &field.value[s..e];
        sink.at(
            rule,
            field,
            s,
            e,
            format!("`{file}` looks like a copy of another file"),
        )
        .help = Some("rename the file (and check which copy is the right one)".into());
    };
    match field.kind {
        FieldKind::ImageFile if COPY.is_match(field.value) => report(sink, 0, field.value.len()),
        FieldKind::Prose => {
            for (_, file, (s, e)) in markdown_images(field.value) {
                if COPY.is_match(file) {
                    report(sink, s, e);
                }
            }
        }
        _ => {}
    }
}

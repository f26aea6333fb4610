use super::prelude::*;
use crate::text::{is_safe_link, markdown_links};

pub const RULE: Rule = Rule {
    id: RuleId::UnsafeLink,
    summary: "a link that leads somewhere other than the web, e-mail or a page of the guide",
    fixable: false,
    check: Check::Field(check),
    doc: r#"## What it finds
A link in prose (`[text](destination)`) or a "Läs mer" target whose
destination is not `https:`, `http:`, `mailto:` or a page of the guide:
`javascript:`, `file:`, `data:`, an absolute path or one that climbs out
with `..`.

## Why it matters
In the e-book such a link runs code or opens files on the reader's device;
in a PDF published on a municipality's website it is a security finding.
Export never writes it as a link; the text stays.

## Example
```yaml
vad: |
  Se [planen](file:///G:/Gemensamt/plan.docx).
```

## Use instead
```yaml
vad: |
  Se [planen](https://mittkoping.se/plan).
```"#,
};

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    match field.kind {
        FieldKind::Prose => {
            for (dest, (s, e)) in markdown_links(field.value) {
                if !is_safe_link(&dest) {
                    report(rule, field, sink, &dest, s, e);
                }
            }
        }
        FieldKind::Target if has_scheme(field.value) && !is_safe_link(field.value) => {
            let len = field.value.len();
            report(rule, field, sink, field.value, 0, len);
        }
        _ => {}
    }
}

/// `kommun/område` targets are not URLs; `javascript:…` is.
fn has_scheme(target: &str) -> bool {
    target
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
        || target.starts_with('/')
        || target.contains("..")
}

fn report(rule: &Rule, field: &Field, sink: &mut Sink, dest: &str, s: usize, e: usize) {
    sink.at(
        rule,
        field,
        s,
        e,
        format!("link to «{dest}», which is not a web page, e-mail address or page of the guide"),
    )
    .help = Some(
        "link to an https:// address or a page id; the e-book will show the text without the link"
            .into(),
    );
}

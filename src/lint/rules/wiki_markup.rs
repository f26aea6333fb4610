use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::WikiMarkup,
    summary: "MediaWiki markup such as '''fet''' or [[länk]] left in the text",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
MediaWiki markup that survived the move: bold `'''text'''` (also with
typographic ’’’), italic `''text''`, internal links `[[Sida|text]]` and
headings `== Rubrik ==`.

## Why it matters
The apostrophes and brackets are printed as they are; the emphasis is lost.

## Example
```yaml
title: Ett modigt, engagerat och ’’’tillåtande’’’ ledarskap
```

## Use instead
```yaml
summary: |
  Ett modigt, engagerat och **tillåtande** ledarskap
```
`--fix` rewrites it as CommonMark in prose blocks."#,
};

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?m)(?:'''|’’’)([^'’\n]+)(?:'''|’’’)|(?:''|’’)([^'’\n]+)(?:''|’’)|\\?\[\\?\[(?:[^\]|\n]*\|)?([^\]\n\\]+)\\?\]\\?\]|^=+\s*([^=\n]+?)\s*=+$|(\{\{[^}\n]*\}\})",
    )
});

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if !field.is_text() {
        return;
    }
    let literal = field.kind == FieldKind::Prose && is_literal_block(field.page, field.value);
    for c in MARKUP.captures_iter(field.value) {
        let all = c.get(0).expect("match");
        let replacement = if let Some(b) = c.get(1) {
            format!("**{}**", b.as_str())
        } else if let Some(i) = c.get(2) {
            format!("*{}*", i.as_str())
        } else if let Some(l) = c.get(3) {
            l.as_str().to_string()
        } else if c.get(5).is_some() {
            // A template has no text of its own to keep.
            sink.at(
                rule,
                field,
                all.start(),
                all.end(),
                format!("wiki template «{}»", all.as_str()),
            )
            .help = Some("delete the template or write out what it showed".into());
            continue;
        } else {
            format!("### {}", c.get(4).map_or("", |h| h.as_str()))
        };
        let d = sink.at(
            rule,
            field,
            all.start(),
            all.end(),
            format!("wiki markup «{}»", all.as_str()),
        );
        if literal {
            d.with_fix(
                field.page,
                field.value,
                all.start(),
                all.end(),
                &replacement,
                &format!("write it as «{replacement}»"),
            );
        } else {
            d.help = Some(format!("write «{replacement}» in a prose field"));
        }
    }
}

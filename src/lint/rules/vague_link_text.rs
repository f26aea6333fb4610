use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::VagueLinkText,
    summary: "link text such as \"Klicka här\" that does not say where it leads",
    fixable: false,
    check: Check::Field(check),
    doc: r#"## What it finds
Link text that says nothing about its target: "Klicka här", "Här", "Länk".

## Why it matters
WCAG 2.4.4 (Link Purpose): screen-reader users often list the links of a
page; five links all called "Klicka här" are useless. In print, "click" means
nothing at all.

## Example
```yaml
read_more: {text: Klicka här för att läsa om styrkedjan i Botkyrka.}
```

## Use instead
```yaml
read_more: {text: Styrkedjan i Botkyrka, to: botkyrka/hela-styrkedjan-med}
```"#,
};

static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:klicka här|click here)(?-u:\b)|^(?:här|länk|läs här)\.?$")
});

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if !matches!(field.kind, FieldKind::LinkText | FieldKind::Prose) {
        return;
    }
    for m in VAGUE.find_iter(field.value) {
        sink.at(
            rule,
            field,
            m.start(),
            m.end(),
            format!("link text «{}» does not say where it leads", m.as_str()),
        )
        .help = Some("name the target, e.g. «Styrkedjan i Botkyrka»".into());
    }
}

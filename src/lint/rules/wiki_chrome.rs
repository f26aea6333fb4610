use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::WikiChrome,
    summary: "leftover wiki navigation such as \"Hoppa till:navigering, sök\"",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
Navigation and buttons of the old wiki pasted along with the text:
"Hoppa till:navigering, sök", "facebooktwittermail", "Från Mittköping",
"(Diskussion | bidrag)", "Till kommunsidan", "(skillnad) ← Äldre version",
and the page footer: "Hämtad från …", "Kategori: …", "Denna sida redigerades
senast den …", "Integritetspolicy", "Förbehåll".

## Why it matters
They mean nothing in a book and tell the reader the text was copied.

## Example
```yaml
summary: |
  Hoppa till:navigering, sök
  I Umeå kommun …
```

## Use instead
```yaml
summary: |
  I Umeå kommun …
```
`--fix` deletes the chrome."#,
};

static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?m)^(?:{})$|Hoppa till:\s*navigering,?\s*sök|facebook\s*twitter\s*mail|\(Diskussion \| bidrag\)|\(skillnad\)[^\n]*|Till kommunsidan|Till nyckelområdets huvudsida",
        crate::text::CHROME_LINES
    ))
});

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if !field.is_text() {
        return;
    }
    for m in CHROME.find_iter(field.value) {
        let whole_value = m.start() == 0 && m.end() == field.value.trim_end().len();
        let d = sink.at(
            rule,
            field,
            m.start(),
            m.end(),
            format!("wiki chrome «{}» in the text", m.as_str()),
        );
        if !whole_value {
            d.with_fix(
                field.page,
                field.value,
                m.start(),
                m.end(),
                "",
                "delete the wiki chrome",
            );
        }
    }
}

use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::WikiChrome,
    summary: "leftover wiki navigation such as \"Hoppa till:navigering, sök\"",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
Navigation and buttons of the old wiki pasted along with the text:
"Hoppa till:navigering, sök", "facebooktwittermail", the wiki's tagline
("Från Mittköping", named after the guide),
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
        r"(?m)^(?:{})$|{}|Hoppa till:\s*navigering,?\s*sök|facebook\s*twitter\s*mail|\(Diskussion \| bidrag\)|\(skillnad\)[^\n]*|Till kommunsidan|Till nyckelområdets huvudsida",
        crate::text::CHROME_LINES,
        crate::text::EDIT_LINK
    ))
});

fn check(rule: &Rule, field: &Field, ctx: &Ctx, sink: &mut Sink) {
    if !field.is_text() {
        return;
    }
    let mut found: Vec<(usize, usize)> = CHROME
        .find_iter(field.value)
        .map(|m| (m.start(), m.end()))
        .collect();
    found.extend(taglines(field.value, ctx));
    found.sort_unstable();
    for (start, end) in found {
        let whole_value = start == 0 && end == field.value.trim_end().len();
        let text = &field.value[start..end];
        let d = sink.at(
            rule,
            field,
            start,
            end,
            format!("wiki chrome «{text}» in the text"),
        );
        if !whole_value {
            d.with_fix(
                field.page,
                field.value,
                start,
                end,
                "",
                "delete the wiki chrome",
            );
        }
    }
}

/// Lines that are this guide's wiki tagline, "Från" and the guide's name
/// ("Från Mittköping"): chrome, where "Från Umeå" on a line is prose.
fn taglines<'a>(value: &'a str, ctx: &Ctx) -> impl Iterator<Item = (usize, usize)> + 'a {
    let name = ctx
        .content
        .guide
        .as_ref()
        .map(|g| g.title.trim().to_string());
    let mut at = 0;
    value.split_inclusive('\n').filter_map(move |line| {
        let start = at + (line.len() - line.trim_start().len());
        at += line.len();
        let tagline = crate::text::tagline(line)?;
        (Some(tagline) == name.as_deref()).then(|| (start, start + line.trim().len()))
    })
}

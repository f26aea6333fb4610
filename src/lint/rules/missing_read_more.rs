use super::prelude::*;
use crate::model::fields::{examples, fields};

pub const RULE: Rule = Rule {
    id: RuleId::MissingReadMore,
    summary: "an example or a \"Läs mer om …\" that leads nowhere",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
An example without a "Läs mer" link, a link without a target (`to:`), and a
lead-in in prose ("Läs mer om …", "Se mer på …", "Klicka här för att läsa …")
with no link after it.

## Why it matters
Each example promises the full story on the municipality's page. A link
that goes nowhere is a dead end in the e-book and an empty promise in print.

## Example
```yaml
- municipality: Botkyrka
  read_more:
    text: Klicka här för att läsa om styrkedjan i Botkyrka.
```

## Use instead
```yaml
- municipality: Botkyrka
  read_more:
    text: Styrkedjan i Botkyrka
    to: botkyrka/hela-styrkedjan-med
```"#,
};

static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?m)(?:Läs mer (?:om|på|här)|Se mer på|Klicka här för att läsa)(?:[^\p{L}\p{N}\n\]][^\n\]]*)?$",
    )
});

fn check(rule: &Rule, page: &Page, _: &Ctx, sink: &mut Sink) {
    let model = match &page.body {
        PageBody::Area(a) => a.model.as_ref().filter(|m| m.read_more.is_some()),
        _ => None,
    };
    for e in examples(page).into_iter().chain(model) {
        match &e.read_more {
            None => {
                let Some(who) = e.who_field() else { continue };
                let what = e
                    .title
                    .as_ref()
                    .map_or(String::new(), |t| format!(" «{}»", t.as_str()));
                sink.on(
                    rule,
                    page,
                    who,
                    format!("example{what} has no \"Läs mer\" link"),
                )
                .help = Some("add read_more: {text: Läs mer, to: kommun/område}".into());
            }
            Some(r) if r.to.is_none() => {
                let Some(text) = &r.text else { continue };
                sink.on(
                    rule,
                    page,
                    text,
                    "this link leads nowhere: it has no target".into(),
                )
                .help = Some("add `to:` with a page id, kommun/område or URL".into());
            }
            Some(_) => {}
        }
    }
    for field in fields(page).iter().filter(|f| f.kind == FieldKind::Prose) {
        for m in LEAD_IN.find_iter(field.value) {
            sink.at(
                rule,
                field,
                m.start(),
                m.end(),
                "a \"read more\" lead-in with no link".into(),
            )
            .help = Some(
                "link the text, e.g. [innovationsguiden](https://…), or delete the lead-in".into(),
            );
        }
    }
}

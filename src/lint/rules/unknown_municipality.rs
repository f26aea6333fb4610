use super::prelude::*;
use crate::model::fields::examples;
use crate::model::kommuner;

pub const RULE: Rule = Rule {
    id: RuleId::UnknownMunicipality,
    summary: "a municipality name that is not one of Sweden's 290 municipalities",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
An example, a municipality page or a municipality's own page whose
municipality is not one of Sweden's 290 municipalities (SCB's list, built
into handbok), with the name it most likely means. "Umeå kommun", "Malmö
stad" and "Region Gotland" count as the municipality; the guide's own model
municipality (its title, e.g. Mittköping) is accepted.

## Why it matters
A misspelt name puts the example under a municipality that does not exist:
its "Läs mer" link leads to no page, the index lists it apart, and readers
searching for their municipality do not find it.

## Example
```yaml
examples:
  - municipality: Linköpping
    title: Ledarutbildningar
```

## Use instead
```yaml
examples:
  - municipality: Linköping
    title: Ledarutbildningar
```"#,
};

fn check(rule: &Rule, page: &Page, ctx: &Ctx, sink: &mut Sink) {
    let own = ctx.content.guide.as_ref().map(|g| g.title.as_str());
    let names: Vec<&Text> = match &page.body {
        PageBody::Municipality(m) => vec![&m.municipality],
        PageBody::Article(a) => a.municipality.iter().collect(),
        PageBody::Area(_) => Vec::new(),
    };
    // An organisation's example names no municipality.
    let example_names = examples(page)
        .into_iter()
        .filter_map(|e| e.municipality.as_ref());
    for name in names.into_iter().chain(example_names) {
        if kommuner::find(name).is_some() || Some(name.as_str()) == own {
            continue;
        }
        let d = sink.on(
            rule,
            page,
            name,
            format!(
                "«{}» is not one of Sweden's 290 municipalities",
                name.as_str()
            ),
        );
        d.help = Some(match kommuner::suggest(name) {
            Some(k) => format!("did you mean {k}?"),
            None => "write the municipality's name as SCB lists it, e.g. Umeå".into(),
        });
    }
}

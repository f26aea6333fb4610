use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::StaleFuture,
    summary: "a plan for a year that has already passed (\"Under 2015 kommer vi att …\")",
    fixable: false,
    check: Check::Field(check),
    doc: r#"## What it finds
A future-tense statement about a year before the page's revision date (or,
for pages without one, before this year): "Under 2015 kommer vi att
komplettera introduktionen".

## Why it matters
The plan has happened or been dropped; either way the reader is told
something stale as if it were news.

## Example
```yaml
text: |
  Under 2015 kommer vi att komplettera introduktionen.
```

## Use instead
```yaml
text: |
  Sedan 2015 ingår även vad det innebär att arbeta i en politiskt styrd organisation.
```"#,
};

// No `(?i)` and no Unicode word boundaries: both make the patterns slow to
// build, and Swedish sentences only capitalise the first word.
static YEAR_THEN_FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[\s(])(?:[Uu]nder|[Ii]|[Ff]rån|[Ee]fter|[Tt]ill|[Ii]nför|[Ss]enast|[Vv]åren|[Hh]östen|[Ss]ommaren|[Vv]intern)\s+((?:19|20)\d\d)\s+(?:kommer|ska|skall|planerar|planeras)[\s,.;:]",
    )
});
static FUTURE_THEN_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[\s(])(?:kommer (?:vi |man |de |det )?att|ska|skall|planerar|planeras)\s[^.\n]{0,60}?\s(?:under|i|till|inför|senast)\s+((?:19|20)\d\d)(?:[\s,.;:)]|$)",
    )
});

fn check(rule: &Rule, field: &Field, ctx: &Ctx, sink: &mut Sink) {
    if field.kind != FieldKind::Prose || !has_year(field.value) {
        return;
    }
    let reference = revision_year(field.page).unwrap_or(ctx.this_year);
    for pattern in [&*YEAR_THEN_FUTURE, &*FUTURE_THEN_YEAR] {
        for c in pattern.captures_iter(field.value) {
            let (all, year) = (c.get(0).expect("match"), c.get(1).expect("year"));
            let lead = all.as_str().len()
                - all
                    .as_str()
                    .trim_start_matches([' ', '\n', '\t', '('])
                    .len();
            let end = all.end()
                - all
                    .as_str()
                    .chars()
                    .last()
                    .filter(|c| !c.is_ascii_digit())
                    .map_or(0, char::len_utf8);
            let y: i32 = year.as_str().parse().unwrap_or(reference);
            if y < reference {
                let when = if revision_year(field.page).is_some() {
                    "the page's revision"
                } else {
                    "today"
                };
                sink.at(
                    rule,
                    field,
                    all.start() + lead,
                    end,
                    format!("future plan for {y}, which is past at {when} ({reference})"),
                )
                .help = Some("say what happened, or remove the plan".into());
            }
        }
    }
}

/// A cheap test for a 19xx or 20xx number before the costly patterns run.
fn has_year(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| {
        (w[..2] == *b"19" || w[..2] == *b"20") && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    })
}

fn revision_year(page: &Page) -> Option<i32> {
    page.body.revision()?.date.get(..4)?.parse().ok()
}

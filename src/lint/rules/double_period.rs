use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::DoublePeriod,
    summary: "two full stops in a row, as in \"Läs mer..\"",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
Two full stops in a row that are not an ellipsis: "Läs mer..",
"förändring..".

## Why it matters
It reads as a typo; in "Läs mer.." it is the wiki's habit copied onto every
link of the guide.

## Example
```yaml
read_more: {text: Läs mer.., to: umea/ledarskap}
```

## Use instead
```yaml
read_more: {text: Läs mer., to: umea/ledarskap}
```
`--fix` removes the extra full stop."#,
};

static DOUBLE: LazyLock<Regex> = LazyLock::new(|| re(r"[^.]\.\.(?:[^.]|$)"));

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if !field.is_text() {
        return;
    }
    let protected = crate::text::protected(field.value);
    for m in DOUBLE.find_iter(field.value) {
        let dot = m.start() + m.as_str().find("..").expect("pattern has ..");
        if crate::text::touches(&protected, dot, dot + 2) {
            continue; // `..` in a URL, a path or code is not punctuation
        }
        let d = sink.at(rule, field, dot, dot + 2, "two full stops in a row".into());
        // "..Kommunernas" would become ".Kommunernas", a missing space:
        // glued text needs a person, not this fix.
        if field.value[dot + 2..].starts_with(char::is_alphanumeric) {
            d.help = Some("remove one full stop and see what follows it".into());
            continue;
        }
        d.with_fix(
            field.page,
            field.value,
            dot,
            dot + 2,
            ".",
            "remove the extra full stop",
        );
    }
}

use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::QuoteStyle,
    summary: "English quotation marks “…” in Swedish text",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
English opening quotation marks (“ or ‘) and German low ones („) in the
text. Swedish typography uses the same mark on both sides: ”…” and ’…’.

## Why it matters
Mixed quotation marks look careless in print, and the handbook mixes both
styles today.

## Example
```yaml
summary: |
  Ledningen visar att “vi har bestämt oss”.
```

## Use instead
```yaml
summary: |
  Ledningen visar att ”vi har bestämt oss”.
```
`--fix` replaces the marks."#,
};

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if !field.is_text() {
        return;
    }
    let protected = crate::text::protected(field.value);
    for (i, c) in field.value.char_indices() {
        if crate::text::touches(&protected, i, i + c.len_utf8()) {
            continue; // a URL, a path or code keeps its characters
        }
        let swedish = match c {
            '“' | '„' => "”",
            '‘' | '‚' => "’",
            _ => continue,
        };
        let end = i + c.len_utf8();
        let d = sink.at(
            rule,
            field,
            i,
            end,
            format!("English quotation mark {c} in Swedish text"),
        );
        d.with_fix(
            field.page,
            field.value,
            i,
            end,
            swedish,
            &format!("use {swedish}"),
        );
    }
}

use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::UnusedSuppression,
    summary: "a `# handbok: allow(…)` comment that silences nothing",
    fixable: false,
    check: Check::Builtin,
    doc: r#"## What it finds
An inline suppression that no finding matched: the problem was fixed, the
rule id is misspelled, or the comment is on the wrong line.

## Why it matters
Stale suppressions hide the next real problem at that spot.

## Example
```yaml
# handbok: allow(quote-style) citat från källan
summary: |
  Ledningen visar att ”vi har bestämt oss”.
```

## Use instead
Delete the comment."#,
};

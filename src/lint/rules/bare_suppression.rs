use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::BareSuppression,
    summary: "a suppression comment without a reason, or naming no known rule",
    fixable: false,
    check: Check::Builtin,
    doc: r#"## What it finds
A `# handbok: allow(RULE)` comment with no reason after it, or one that
names a rule that does not exist.

## Why it matters
A finding silenced on purpose must say why, so that the next editor knows
whether it still applies.

## Example
```yaml
# handbok: allow(quote-style)
```

## Use instead
```yaml
# handbok: allow(quote-style) citat återgivet som i källan
```"#,
};

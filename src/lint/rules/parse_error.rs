use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::ParseError,
    summary: "a file that cannot be read as UTF-8 YAML",
    fixable: false,
    check: Check::Builtin,
    doc: r#"## What it finds
A content file that cannot be read: invalid UTF-8, malformed YAML (a missing
closing bracket, a bad indent), a duplicate key, an anchor or a tag.

## Why it matters
Nothing in the file reaches the book. Every other file is still checked.

## Example
```yaml
title: [Ledarskap
```

## Use instead
```yaml
title: Ledarskap
```"#,
};

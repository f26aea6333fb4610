use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::SchemaViolation,
    summary: "a value that breaks the JSON Schema of its file kind",
    fixable: false,
    check: Check::Builtin,
    doc: r#"## What it finds
A file whose content does not match its schema in `schemas/`: an unknown
field (often a typo), a missing required field, a value of the wrong type, or
an unknown `kind:`.

## Why it matters
The file is left out of the book until it is fixed. Editors with the YAML
language server see the same errors as they type.

## Example
```yaml
kind: area
titel: Ledarskap
```

## Use instead
```yaml
kind: area
title: Ledarskap
```"#,
};

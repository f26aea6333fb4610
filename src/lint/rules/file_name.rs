use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::FileName,
    summary: "a page file whose name is not a page id, or that differs from another only in case or Unicode form",
    fixable: false,
    check: Check::Builtin,
    doc: r#"## What it finds
A page file whose name (without `.yaml`) is not a page id: lower-case
letters a–z, digits and `-`, in folders named the same way. Capitals,
spaces, `å ä ö`, underscores and bytes that are not UTF-8 are all found.
Also two files whose names differ only in case or in how a letter is
written in Unicode (`ö` as one character or as `o` and a combining mark).

## Why it matters
A page is linked to by its id ("Läs mer", `guide.yaml`'s parts), and an
id is the file's name: a link cannot name `Ny Sida.yaml`. Two names that
differ only in case are one file on macOS and Windows: checking the guide
out there loses one of the pages, and which one is chance. A name that is
not UTF-8 cannot be shown or linked at all.

## Example
```text
omraden/Ledarskap och styrning.yaml
omraden/ledarskap.yaml
omraden/Ledarskap.yaml
```

## Use instead
```text
omraden/ledarskap-och-styrning.yaml
omraden/ledarskap.yaml
```
Rename the file (`git mv`) and the links to it; in an editor with the
language server, rename the page from any link to it."#,
};

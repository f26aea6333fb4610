use super::prelude::*;
use crate::lang::abbrev::{in_case_of, ABBREVIATIONS};

pub const RULE: Rule = Rule {
    id: RuleId::AbbreviationStyle,
    summary: "an abbreviation written otherwise than the guide's form (\"t ex\", \"dvs\" for \"t.ex.\", \"dvs.\")",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
An abbreviation written in a form other than the guide's: by default
Språkrådet's (Svenska skrivregler), with full stops and no spaces —
"t.ex.", "dvs.", "bl.a.", "inkl.", "m.m.", "osv.", "s.k.", "fr.o.m.",
"t.o.m.", "p.g.a.", "etc.", "resp.", and "ca" without a stop. Found: "t ex",
"t.ex", "T. ex.", "dvs", "d.v.s.", "bl a", "inkl", "c:a", "pga" and the like.

A guide that keeps another form sets it in handbok.toml:
```toml
[language.abbreviations]
"t.ex." = "t ex"
```

## Why it matters
One guide writing "t.ex", "t ex" and "t.ex." looks careless, and the forms
catch the eye more than the text.

## Example
```yaml
hur: |
  Börja t ex med en enkät, dvs en fråga till alla.
```

## Use instead
```yaml
hur: |
  Börja t.ex. med en enkät, dvs. en fråga till alla.
```
`--fix` writes the guide's form, keeping a capital at the start of a
sentence ("T ex" → "T.ex.") and the full stop that ends a sentence."#,
};

fn check(rule: &Rule, field: &Field, ctx: &Ctx, sink: &mut Sink) {
    if !field.is_text() {
        return;
    }
    let value: &str = field.value;
    let protected = crate::text::protected(value);
    for found in crate::lang::abbrev::find(value) {
        if crate::text::touches(&protected, found.start, found.end) {
            continue;
        }
        let written = &value[found.start..found.end];
        let mut want = in_case_of(written, &ctx.language.abbreviations[found.entry]);
        if written.ends_with('.') && !want.ends_with('.') && ends_sentence(&value[found.end..]) {
            want.push('.');
        }
        if written == want {
            continue;
        }
        let d = sink.at(
            rule,
            field,
            found.start,
            found.end,
            format!(
                "`{written}` ({}) is written `{want}` in this guide",
                ABBREVIATIONS[found.entry].meaning
            ),
        );
        d.with_fix(
            field.page,
            field.value,
            found.start,
            found.end,
            &want,
            &format!("write `{want}`"),
        );
    }
}

/// Whether what follows a full stop shows it ends the sentence.
fn ends_sentence(rest: &str) -> bool {
    let next = rest.trim_start_matches([' ', '\t']);
    next.is_empty() || next.starts_with(['\n', '\r']) || next.starts_with(char::is_uppercase)
}

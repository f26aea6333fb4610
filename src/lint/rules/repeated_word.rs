use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::RepeatedWord,
    summary: "the same word twice in a row (\"att att\", \"och och\")",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
A word written twice with only a space or line break between: "att att",
"och och", "i i". Words Swedish may double on purpose ("det det handlar
om", "den den gäller", "var var du", "ha ha", "så så") are left alone.

## Why it matters
It is the typo readers see first and spell-checkers miss: each word is
spelt right.

## Example
```yaml
hur: |
  Det gäller att att skapa tid för för utveckling.
```

## Use instead
```yaml
hur: |
  Det gäller att skapa tid för utveckling.
```
`--fix` removes the second word and the space before it."#,
};

/// Words a Swedish sentence may repeat on purpose.
const MAY_REPEAT: &[&str] = &[
    "det", "den", "de", "dem", "var", "vad", "vem", "hur", "när", "ha", "ja", "nej", "så", "tack",
    "hej",
];

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if !field.is_text() {
        return;
    }
    let value: &str = field.value;
    let words = crate::lang::words(value);
    for pair in words.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let gap = &value[a.end..b.start];
        if a.text.len() != b.text.len() || gap.is_empty() {
            continue;
        }
        let lower = a.text.to_lowercase();
        let doubled = gap.chars().all(|c| c == ' ' || c == '\n')
            && !gap.contains("\n\n")
            && lower == b.text.to_lowercase()
            && !lower.chars().any(char::is_numeric)
            && !MAY_REPEAT.contains(&lower.as_str());
        if !doubled {
            continue;
        }
        // Across a line break, the second word goes with the spaces after
        // it: the edit stays on one line of the source.
        let (start, end) = if gap.contains('\n') {
            let spaces = value[b.end..].len() - value[b.end..].trim_start_matches(' ').len();
            (b.start, b.end + spaces)
        } else {
            (a.end, b.end)
        };
        sink.at(
            rule,
            field,
            b.start,
            b.end,
            format!("`{}` twice in a row", b.text),
        )
        .with_fix(
            field.page,
            field.value,
            start,
            end,
            "",
            &format!("remove the second `{}`", b.text),
        );
    }
}

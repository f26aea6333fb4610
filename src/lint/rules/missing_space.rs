use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::MissingSpace,
    summary: "no space after a full stop or comma",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
A sentence that starts right after the previous one's full stop
("målet.Nästa"), or a word glued to a comma ("bestämts,att"). Abbreviations
(t.ex., d.v.s.), numbers (1,5) and file names are left alone.

## Why it matters
The words run together in print and hyphenation breaks them in odd places.

## Example
```yaml
summary: |
  … följsamhet till det som bestämts,att gå från ord till handling …
```

## Use instead
```yaml
summary: |
  … följsamhet till det som bestämts, att gå från ord till handling …
```
`--fix` inserts the space."#,
};

static FILE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)^[^\s]*\.(?:{}|html?|se|com|org|nu)\b",
        crate::text::IMAGE_EXT
    ))
});

/// Byte offsets of punctuation with no space after it: two lower-case
/// letters, then `.`/`!`/`?` and a capitalised word, or `,` and a word.
fn glued_punctuation(text: &str) -> Vec<usize> {
    // The marks are ASCII, so a byte scan finds them (never inside a
    // longer character); two characters either side decide.
    text.bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'.' | b'!' | b'?' | b','))
        .filter_map(|(at, mark)| {
            let mut before = text[..at].chars().rev();
            let (b1, b2) = (before.next()?, before.next()?);
            let mut rest = text[at + 1..].chars();
            let (next, after) = (rest.next()?, rest.next()?);
            let glued = if mark == b',' {
                next.is_alphabetic() && after.is_alphabetic()
            } else {
                next.is_uppercase() && after.is_lowercase()
            };
            (b1.is_lowercase() && b2.is_lowercase() && glued).then_some(at)
        })
        .collect()
}

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if !matches!(
        field.kind,
        FieldKind::Prose | FieldKind::LinkText | FieldKind::Title | FieldKind::Heading
    ) {
        return;
    }
    let text = field.value.as_str();
    let protected = crate::text::protected(text);
    for punct in glued_punctuation(text) {
        if crate::text::touches(&protected, punct, punct + 1) {
            continue;
        }
        let after = &text[punct + 1..];
        let token_start = text[..punct]
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
        if FILE_AFTER.is_match(&text[token_start..]) || after.starts_with("jpg") {
            continue;
        }
        let mark = &text[punct..punct + 1];
        let d = sink.at(
            rule,
            field,
            punct,
            punct + 1,
            format!("no space after «{mark}»"),
        );
        d.with_fix(
            field.page,
            field.value,
            punct,
            punct + 1,
            &format!("{mark} "),
            "insert a space",
        );
    }
}

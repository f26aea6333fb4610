use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::ControlCharacter,
    summary: "an invisible control character (NUL, ESC, DEL, C1, bidirectional override) or a non-character",
    fixable: true,
    check: Check::Field(check),
    doc: r#"## What it finds
A character that has no place in text: NUL and the other C0 controls (but
tab and line ends), DEL, the C1 controls (U+0080–U+009F) and Unicode
non-characters such as U+FFFE. They come from copying out of other programs
or from a damaged file. Also the bidirectional embeddings, overrides and
isolates (U+202A–U+202E, U+2066–U+2069): a Swedish text has no use for them,
and they make a line read differently from what it holds.

## Why it matters
The YAML parser stops at a NUL and silently drops the rest of the file; an
ESC sequence in a finding can clear a terminal; the e-book is not well-formed
XML with them; the printed book shows nothing where they stand. handbok reads
the file with each of them replaced by U+FFFD, so nothing after it is lost,
and never lets them reach an export.

## Example
```yaml
vad: |
  Text med NUL␀ i mitten.
```

## Use instead
```yaml
vad: |
  Text med NUL i mitten.
```
`--fix` deletes the character. A character written as a YAML escape
(`"\e"`, `"\0"`, `"\x85"`) is found in the value and has no fix: delete the
escape."#,
};

/// Characters the file held as YAML escapes (raw ones are found when the
/// file is read, with a fix), and bidirectional controls, which are valid
/// text but reorder what a reader sees ("Trojan Source").
fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if !may_hold_one(field.value) {
        return;
    }
    let first = field
        .value
        .char_indices()
        .find(|&(_, c)| crate::text::is_forbidden(c));
    if let Some((at, c)) = first {
        sink.at(
            rule,
            field,
            at,
            at + c.len_utf8(),
            format!("control character U+{:04X} written as an escape", c as u32),
        )
        .help = Some("delete the escape: it prints as nothing, or breaks the e-book".into());
    }
    for (at, c) in field
        .value
        .char_indices()
        .filter(|&(_, c)| is_bidi_control(c))
    {
        sink.at(
            rule,
            field,
            at,
            at + c.len_utf8(),
            format!(
                "invisible bidirectional control U+{:04X}: it reorders the text around it",
                c as u32
            ),
        )
        .with_fix(
            field.page,
            field.value,
            at,
            at + c.len_utf8(),
            "",
            "delete the control",
        );
    }
}

/// Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether a byte of `text` could belong to a control, a bidirectional
/// control or a non-character: C0 and DEL, or the lead byte of U+0080–U+00BF
/// (C1), U+2000–U+2FFF (bidi), U+F000–U+FFFF (non-characters) or beyond.
/// Most texts have none, and a byte scan costs a tenth of decoding.
fn may_hold_one(text: &str) -> bool {
    text.bytes().any(|b| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || matches!(b, 0x7f | 0xc2 | 0xe2 | 0xef | 0xf0..)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_byte_scan_lets_no_reported_character_through() {
        let missed: Vec<u32> = (0..=0x10ffff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| crate::text::is_forbidden(c) || is_bidi_control(c))
            .filter(|c| !may_hold_one(&format!("ab{c}cd")))
            .map(|c| c as u32)
            .collect();
        assert_eq!(missed, Vec::<u32>::new());
        assert!(!may_hold_one("Åsa läser boken på Öland, även i år."));
    }
}

use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::ListNumbering,
    summary: "a numbered list that skips a number or lost its numbering",
    fixable: false,
    check: Check::Field(check),
    doc: r#"## What it finds
In prose: a numbered item that lost its full stop ("2 Större test" instead
of "2. Större test", so it is no list item at all), and a numbered list whose
numbers skip or go back (1, 2, 4).

## Why it matters
Steps that the reader is meant to follow in order come out as plain
paragraphs or with a gap, and the order is lost.

## Example
```yaml
text: |
  1. Testat i liten skala

  2 Större test i form av en pilot.

  3. Rutiner börjar ta form.
```

## Use instead
```yaml
text: |
  1. Testat i liten skala
  2. Större test i form av en pilot.
  3. Rutiner börjar ta form.
```"#,
};

static ITEM: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,3})([.)]?) +\S"));

fn check(rule: &Rule, field: &Field, _: &Ctx, sink: &mut Sink) {
    if field.kind != FieldKind::Prose {
        return;
    }
    let mut expected: Option<u32> = None;
    let mut offset = 0;
    for line in field.value.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if line.trim().is_empty() || line.starts_with(' ') {
            continue;
        }
        let Some(c) = ITEM.captures(line) else {
            expected = None;
            continue;
        };
        let n: u32 = c[1].parse().unwrap_or(0);
        let number = c.get(1).expect("group");
        let (s, e) = (
            start + number.start(),
            start + c.get(2).expect("group").end(),
        );
        if c[2].is_empty() {
            sink.at(
                rule,
                field,
                s,
                e,
                format!("«{n}» has lost its full stop: this is not a list item"),
            )
            .help = Some(format!("write «{n}.» to make it item {n} of the list"));
        } else if let Some(want) = expected.filter(|&w| w != n) {
            sink.at(
                rule,
                field,
                s,
                e,
                format!("list jumps from {} to {n}", want - 1),
            )
            .help = Some("renumber the list".into());
        } else if expected.is_none() && n > 1 {
            sink.at(rule, field, s, e, format!("numbered list starts at {n}"))
                .help = Some("an earlier item is missing or lost its number".into());
        }
        expected = Some(n + 1);
    }
}

use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::UnplacedText,
    summary: "text the importer could not place",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
Entries under `unplaced:`: text from the wiki that `handbok import` kept (it
never drops text) but could not fit into the page's structure.

## Why it matters
Unplaced text is not printed. Someone has to decide where it belongs.

## Example
```yaml
unplaced:
  - Ett stycke före rubrikerna.
```

## Use instead
Move the text into the right field (for example `vad:` or a section) and
delete the entry."#,
};

fn check(rule: &Rule, page: &Page, _: &Ctx, sink: &mut Sink) {
    let unplaced = match &page.body {
        PageBody::Area(a) => &a.unplaced,
        PageBody::Municipality(m) => &m.unplaced,
        PageBody::Article(a) => &a.unplaced,
    };
    for text in unplaced {
        sink.on(
            rule,
            page,
            text,
            "text waiting to be placed; it is not printed".into(),
        )
        .help = Some("move it where it belongs and delete it here".into());
    }
}

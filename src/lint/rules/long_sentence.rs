use super::prelude::*;

pub const RULE: Rule = Rule {
    id: RuleId::LongSentence,
    summary: "a sentence of more words than a reader takes in at once (default 35)",
    fixable: false,
    check: Check::Field(check),
    doc: r#"## What it finds
A sentence of prose with more words than the limit, 35 by default. A
sentence ends at ".", "!" or "?" before a capital or a digit (not after an
abbreviation such as "t.ex."), and at a paragraph, heading or list item.
The limit is set in handbok.toml:
```toml
[language]
long-sentence = 30
```

## Why it matters
Swedish public bodies must write "vårdat, enkelt och begripligt"
(språklagen 2009:600, 11 §). Sentences over 25–30 words are where readers,
and readers of a second language most of all, lose the thread.

## Example
```yaml
vad: |
  Kommunen har under flera år och i samarbete med grannkommunerna och regionen arbetat fram en gemensam strategi för digitalisering som ska ge invånarna bättre service och verksamheterna effektivare stöd i det dagliga arbetet med att utveckla välfärden i hela länet.
```

## Use instead
```yaml
vad: |
  Kommunen har i flera år arbetat fram en gemensam strategi för digitalisering, tillsammans med grannkommunerna och regionen. Den ska ge invånarna bättre service. Verksamheterna ska få effektivare stöd när de utvecklar välfärden i länet.
```"#,
};

fn check(rule: &Rule, field: &Field, ctx: &Ctx, sink: &mut Sink) {
    if field.kind != FieldKind::Prose {
        return;
    }
    let limit = ctx.language.long_sentence;
    for s in crate::lang::sentences(field.value) {
        if s.words > limit {
            sink.at(
                rule,
                field,
                s.start,
                s.end,
                format!("a sentence of {} words (more than {limit})", s.words),
            )
            .help = Some("split it where a new thought starts".into());
        }
    }
}

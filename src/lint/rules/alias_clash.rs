use super::prelude::*;
use crate::model::alias_id;
use std::collections::HashMap;

pub const RULE: Rule = Rule {
    id: RuleId::AliasClash,
    summary: "an alias that names another page, or that two pages share",
    fixable: false,
    check: Check::Guide(check),
    doc: r#"## What it finds
An alias (an old name of a page, kept by import from the wiki's
redirects) whose address is another page's own, or that two pages both
carry.

## Why it matters
The web site puts a redirect page at every alias, so an old bookmark
lands on the page. An alias at a page's own address cannot redirect (the
page is there), and one shared by two pages sends every reader to only
one of them.

## Example
```yaml
# omraden/ledarskap.yaml
aliases: [Organisation och kultur]   # omraden/organisation-och-kultur is a page
```

## Use instead
Remove the alias, or keep it on the one page the old name meant."#,
};

fn check(rule: &Rule, ctx: &Ctx, sink: &mut Sink) {
    let pages: HashMap<&str, &Page> = ctx
        .content
        .pages
        .iter()
        .map(|p| (p.id.as_str(), p))
        .collect();
    let mut first: HashMap<String, &Page> = HashMap::new();
    for page in &ctx.content.pages {
        for alias in page.body.aliases() {
            let at = alias_id(&page.id, alias.as_str());
            if let Some(other) = pages.get(at.as_str()).filter(|o| o.id != page.id) {
                sink.on(
                    rule,
                    page,
                    alias,
                    format!(
                        "alias «{}» is the address of the page {}",
                        alias.as_str(),
                        other.id
                    ),
                )
                .help = Some("remove the alias: that page is there already".into());
            } else if let Some(other) = first.get(&at).filter(|o| o.id != page.id) {
                sink.on(
                    rule,
                    page,
                    alias,
                    format!(
                        "alias «{}» is also an alias of {}",
                        alias.as_str(),
                        other.id
                    ),
                )
                .help = Some("keep it on the one page the old name meant".into());
            } else {
                first.entry(at).or_insert(page);
            }
        }
    }
}

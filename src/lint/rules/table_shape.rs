use super::prelude::*;
use crate::model::{Block, Table};

pub const RULE: Rule = Rule {
    id: RuleId::TableShape,
    summary: "a table row with more or fewer cells than the header, or a column without a heading",
    fixable: false,
    check: Check::Page(check),
    doc: r#"## What it finds
A row of a table with more or fewer cells than the header has, and a
header cell that is empty.

## Why it matters
A short row shifts nothing visibly in YAML, but in print every value
after the gap stands under the wrong heading, and a screen reader names
the wrong column for it. A scraped table loses a cell this way when a
cell was empty and only spaces marked the columns. A column without a
heading leaves a screen reader nothing to say about its cells.

## Example
```yaml
- table:
    header: [Kommun, Invånare, Start]
    rows:
      - [Umeå, "130 000", "2015"]
      - [Kiruna, "2016"]
```

## Use instead
Write every cell, an empty one as `""`, and name every column:
```yaml
- table:
    header: [Kommun, Invånare, Start]
    rows:
      - [Umeå, "130 000", "2015"]
      - [Kiruna, "", "2016"]
```"#,
};

fn check(rule: &Rule, page: &Page, _: &Ctx, sink: &mut Sink) {
    let tables = page.body.sections().iter().flat_map(|s| &s.body);
    for table in tables.filter_map(|b| match b {
        Block::Table(t) => Some(t),
        _ => None,
    }) {
        headings(rule, page, table, sink);
        rows(rule, page, table, sink);
    }
}

fn headings(rule: &Rule, page: &Page, table: &Table, sink: &mut Sink) {
    for (n, cell) in table.header.iter().enumerate() {
        if cell.trim().is_empty() {
            sink.on(rule, page, cell, format!("column {} has no heading", n + 1))
                .help = Some("name what the column holds".into());
        }
    }
}

fn rows(rule: &Rule, page: &Page, table: &Table, sink: &mut Sink) {
    let width = table.header.len();
    for (n, row) in table.rows.iter().enumerate() {
        if row.len() == width {
            continue;
        }
        // A row without cells has no place of its own: the header's.
        let Some(at) = row.last().or(table.header.first()) else {
            continue;
        };
        let message = format!(
            "row {} has {} cell{} where the header has {width}",
            n + 1,
            row.len(),
            if row.len() == 1 { "" } else { "s" }
        );
        let help = if row.len() < width {
            "write the missing cells, an empty one as \"\", where they belong"
        } else {
            "add the column's heading to the header, or join the extra cell to its neighbour"
        };
        sink.on(rule, page, at, message).help = Some(help.into());
    }
}

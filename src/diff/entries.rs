//! A page as a list of entries in the guide's own terms — the page itself,
//! "Så gör Mittköping", each section and each example — each with named
//! text fields. Diffing compares entries, not YAML lines.

use crate::model::{Block, Example, Image, Page, PageBody, Section};
use crate::text::normalize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Page,
    Model,
    Section,
    Example,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    /// Identity within the page: municipality + title for an example.
    pub key: String,
    /// How a reader names it: "Exempel › Linköping – Ledarutbildningar".
    pub label: String,
    pub fields: Vec<(&'static str, String)>,
}

impl Entry {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// All of its text, for similarity.
    pub fn text(&self) -> String {
        self.fields
            .iter()
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn push(fields: &mut Vec<(&'static str, String)>, name: &'static str, value: Option<&str>) {
    if let Some(v) = value {
        fields.push((name, v.to_string()));
    }
}

fn images(list: &[Image]) -> Option<String> {
    (!list.is_empty()).then(|| {
        list.iter()
            .map(|i| i.file.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

pub fn entries(page: &Page) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    push(&mut fields, "title", Some(page.body.title()));
    match &page.body {
        PageBody::Area(a) => {
            push(
                &mut fields,
                "display_title",
                a.display_title.as_deref().map(String::as_str),
            );
            push(&mut fields, "images", images(&a.images).as_deref());
            push(&mut fields, "vad", a.vad.as_deref().map(String::as_str));
            push(&mut fields, "vem", a.vem.as_deref().map(String::as_str));
            push(&mut fields, "hur", a.hur.as_deref().map(String::as_str));
            push(&mut fields, "unplaced", joined(&a.unplaced).as_deref());
            out.push(page_entry(fields));
            if let Some(m) = &a.model {
                let mut e = example(m, "");
                e.kind = EntryKind::Model;
                e.key = "model".into();
                e.label = "Så gör Mittköping".into();
                out.push(e);
            }
            out.extend(a.examples.iter().map(|e| example(e, "")));
            sections(&a.sections, &mut out);
        }
        PageBody::Municipality(m) => {
            push(&mut fields, "municipality", Some(&m.municipality));
            push(&mut fields, "area", Some(&m.area));
            if let Some(r) = &m.revision {
                fields.push(("revision", format!("{} av {}", *r.date, *r.author)));
            }
            push(
                &mut fields,
                "summary",
                m.summary.as_deref().map(String::as_str),
            );
            push(
                &mut fields,
                "details",
                m.details.as_deref().map(String::as_str),
            );
            push(&mut fields, "unplaced", joined(&m.unplaced).as_deref());
            out.push(page_entry(fields));
            sections(&m.sections, &mut out);
        }
        PageBody::Article(a) => {
            push(
                &mut fields,
                "display_title",
                a.display_title.as_deref().map(String::as_str),
            );
            push(
                &mut fields,
                "municipality",
                a.municipality.as_deref().map(String::as_str),
            );
            push(&mut fields, "unplaced", joined(&a.unplaced).as_deref());
            out.push(page_entry(fields));
            sections(&a.sections, &mut out);
        }
    }
    out
}

fn joined(texts: &[crate::model::Text]) -> Option<String> {
    (!texts.is_empty()).then(|| {
        texts
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    })
}

fn page_entry(fields: Vec<(&'static str, String)>) -> Entry {
    Entry {
        kind: EntryKind::Page,
        key: String::new(),
        label: String::new(),
        fields,
    }
}

fn example(e: &Example, prefix: &str) -> Entry {
    let mut fields = Vec::new();
    push(
        &mut fields,
        "municipality",
        e.municipality.as_deref().map(String::as_str),
    );
    push(
        &mut fields,
        "organisation",
        e.organisation.as_deref().map(String::as_str),
    );
    push(&mut fields, "title", e.title.as_deref().map(String::as_str));
    push(&mut fields, "images", images(&e.images).as_deref());
    push(
        &mut fields,
        "summary",
        e.summary.as_deref().map(String::as_str),
    );
    if let Some(r) = &e.read_more {
        push(
            &mut fields,
            "read_more.text",
            r.text.as_deref().map(String::as_str),
        );
        push(
            &mut fields,
            "read_more.to",
            r.to.as_deref().map(String::as_str),
        );
    }
    let name = e.label();
    Entry {
        kind: EntryKind::Example,
        key: example_key(e),
        label: format!("{prefix}Exempel › {name}"),
        fields,
    }
}

/// Municipality and title, ignoring case, spacing and punctuation.
pub fn example_key(e: &Example) -> String {
    format!(
        "example:{}|{}",
        normalize(e.who()),
        e.title.as_ref().map(|t| normalize(t)).unwrap_or_default()
    )
}

/// A table as lines of cells, one a row, so that a word diff shows which
/// cell changed.
fn table(t: &crate::model::Table) -> String {
    let row = |cells: &[crate::model::Text]| {
        let cells: Vec<&str> = cells.iter().map(|c| c.as_str()).collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut lines = Vec::new();
    if let Some(c) = &t.caption {
        lines.push(format!("[tabell: {}]", c.as_str()));
    }
    lines.push(row(&t.header));
    lines.extend(t.rows.iter().map(|r| row(r)));
    lines.join("\n")
}

fn sections(list: &[Section], out: &mut Vec<Entry>) {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for s in list {
        let heading = s.heading.as_deref().map_or("(inledning)", String::as_str);
        let n = seen.entry(normalize(heading)).or_default();
        *n += 1;
        let mut body = Vec::new();
        for block in &s.body {
            match block {
                Block::Text(t) => body.push(t.to_string()),
                Block::Image(i) => body.push(format!("[bild: {}]", i.file.as_str())),
                Block::Table(t) => body.push(table(t)),
                Block::Examples(examples) => {
                    let prefix = format!("{heading} › ");
                    out.extend(examples.iter().map(|e| example(e, &prefix)));
                }
            }
        }
        let mut fields = vec![("heading", heading.to_string())];
        if let Some(level) = &s.level {
            fields.push(("level", level.to_string()));
        }
        if !body.is_empty() {
            fields.push(("body", body.join("\n")));
        }
        out.push(Entry {
            kind: EntryKind::Section,
            key: format!("section:{}#{n}", normalize(heading)),
            label: format!("Avsnitt › {heading}"),
            fields,
        });
    }
}

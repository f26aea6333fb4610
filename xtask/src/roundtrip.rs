//! The property that import generalises: every page of a generated guide,
//! varied and written as wiki text, imports back to the same model.

use crate::corpus::in_memory;
use crate::wiki::{wiki_page, Knobs};
use handbok::model::PageBody;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// What the wiki text can carry of a page: alt texts, captions and link
/// targets other than web addresses are not in the scraped text (targets
/// are inferred by convention),
/// and prose is compared as CommonMark reads it.
fn view(body: &PageBody) -> Value {
    let mut v = serde_json::to_value(body).expect("model serializes");
    normalize(&mut v);
    v
}

fn normalize(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove("alt");
            m.remove("caption");
            // A target is inferred by convention, unless the text gives
            // a web address: that must come back as it was.
            if let Some(Value::Object(link)) = m.get_mut("read_more") {
                let url = link["to"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("https://"));
                if !url {
                    link.remove("to");
                }
            }
            m.values_mut().for_each(normalize);
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        Value::String(s) if s.ends_with('\n') => *s = reading(s),
        _ => {}
    }
}

/// CommonMark as a reader meets it: block structure and text.
fn reading(md: &str) -> String {
    let mut out = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Paragraph) => out.push_str("\n¶ "),
            Event::Start(Tag::List(start)) => out.push_str(&format!("\n<list {start:?}>")),
            Event::End(TagEnd::List(_)) => out.push_str("</list>"),
            Event::Start(Tag::Item) => out.push_str("\n• "),
            Event::Start(Tag::Image { dest_url, .. }) => {
                out.push_str(&format!("[image {dest_url}]"))
            }
            Event::Text(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::Start(other) => out.push_str(&format!("<{other:?}>")),
            Event::End(_) => {}
            other => out.push_str(&format!("{other:?}")),
        }
    }
    out
}

/// A page that came back: its kind, how it was written, and whether it
/// holds a table.
struct Trip {
    kind: &'static str,
    knobs: Knobs,
    table: bool,
}

/// One page through vary → render → import; a description of the
/// difference if the model does not come back.
fn round_trip(i: usize, body: &PageBody) -> Result<Trip, String> {
    let (expected, knobs, wiki) = wiki_page(i, body);
    let imported = handbok::import::import_page(&wiki)
        .map_err(|p| format!("page {i}: line {}: {}\n{wiki}", p.line, p.message))?;
    let (want, got) = (view(&expected), view(&imported.body));
    if want != got {
        return Err(format!(
            "page {i} ({knobs:?}) came back different\n--- wiki\n{wiki}\n--- want\n{want:#}\n--- got\n{got:#}"
        ));
    }
    let table = view(&expected).to_string().contains("\"table\":");
    Ok(Trip {
        kind: expected.kind().name(),
        knobs,
        table,
    })
}

#[test]
fn every_generated_page_written_as_wiki_text_imports_back_to_the_same_model() {
    let t = std::time::Instant::now();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let content = in_memory(root, 10_000, 2017).expect("corpus generates");
    eprintln!("generated+loaded in {:?}", t.elapsed());
    assert_eq!(
        content.diagnostics,
        vec![],
        "the generated guide loads clean"
    );
    assert!(content.pages.len() >= 10_000);
    let results: Vec<Result<Trip, String>> = content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| round_trip(i, &p.body))
        .collect();
    eprintln!("round trips in {:?}", t.elapsed());
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} pages did not come back; the first:\n{}",
        failures.len(),
        results.len(),
        failures[0]
    );
    // Every variant really occurred, on every kind of page.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for Trip {
        kind,
        knobs: k,
        table,
    } in results.iter().flatten()
    {
        for variant in [
            kind.to_string(),
            format!("chrome {}", k.chrome),
            format!("footer {}", k.footer),
            format!("glyphs {:?} by glyph {}", k.bullets, k.nest_by_glyph),
            format!("crlf {} bom {}", k.crlf, k.bom),
            format!("toc {} edit links {}", k.toc, k.edit_links),
            format!("url form {}", k.url_form),
            format!("table form {} written {table}", k.table_form),
        ] {
            *seen.entry(variant).or_default() += 1;
        }
    }
    for kind in ["area", "municipality", "article"] {
        assert!(
            seen.get(kind).is_some_and(|&n| n >= 100),
            "{kind}: {seen:?}"
        );
    }
    assert!(seen.len() >= 3 + 3 + 2 + 9 + 4 + 8 + 4 + 8, "{seen:?}");
}

//! Every value loaded from YAML knows its exact 1-based line:column, counted
//! in characters — across files, after block scalars, inside flow
//! collections and after non-ASCII text.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

use handbok::load::load;
use handbok::model::{Block, Located, PageBody, Pos};
use std::path::Path;

fn fixture() -> handbok::load::Content {
    let content = load(Path::new("tests/fixtures/positions")).expect("fixture loads");
    assert_eq!(content.diagnostics, vec![], "fixture is clean");
    content
}

/// The source text from `pos` to the end of its line.
fn at(content: &handbok::load::Content, path: &str, pos: Pos) -> String {
    let source = &content.sources[path];
    let line = source.lines().nth(pos.line - 1).expect("line exists");
    line.chars().skip(pos.column - 1).collect()
}

#[test]
fn guide_values_in_a_flow_sequence() {
    let c = fixture();
    let parts = &c.guide.as_ref().unwrap().parts;
    assert_eq!(parts[0].pos(), Pos::new(5, 9));
    assert_eq!(parts[1].pos(), Pos::new(5, 28));
    assert!(at(&c, "guide.yaml", parts[1].pos()).starts_with("omraden/styrkedjan]"));
}

#[test]
fn area_values_after_block_scalars_and_non_ascii_text() {
    let c = fixture();
    let PageBody::Area(area) = &c.page("omraden/ledarskap").unwrap().body else {
        panic!("area page")
    };
    // Block scalars (literal and folded) point at their first content line.
    assert_eq!(area.vad.as_ref().unwrap().pos(), Pos::new(5, 3));
    assert_eq!(area.vem.as_ref().unwrap().pos(), Pos::new(9, 3));
    // A double-quoted scalar points at its opening quote.
    assert_eq!(area.hur.as_ref().unwrap().pos(), Pos::new(11, 6));
    let [botkyrka, harryda] = &area.examples[..] else {
        panic!("two examples")
    };
    assert_eq!(botkyrka.who_field().unwrap().pos(), Pos::new(13, 19));
    assert_eq!(botkyrka.title.as_ref().unwrap().pos(), Pos::new(14, 12));
    assert_eq!(botkyrka.summary.as_ref().unwrap().pos(), Pos::new(16, 7));
    // In a flow mapping after "Läs mer" (ä counts as one column).
    let to = botkyrka.read_more.as_ref().unwrap().to.as_ref().unwrap();
    assert_eq!(to.pos(), Pos::new(18, 39));
    assert!(at(&c, "omraden/ledarskap.yaml", to.pos()).starts_with("botkyrka/ledarskap }"));
    assert_eq!(harryda.who_field().unwrap().pos(), Pos::new(19, 19));
    assert_eq!(harryda.title.as_ref().unwrap().pos(), Pos::new(20, 12));
    assert_eq!(harryda.images[0].file.pos(), Pos::new(21, 22));
    assert_eq!(harryda.images[1].file.pos(), Pos::new(21, 45));
    let alt = harryda.images[1].alt.as_ref().unwrap();
    assert_eq!(alt.pos(), Pos::new(21, 66));
    assert!(at(&c, "omraden/ledarskap.yaml", alt.pos()).starts_with("Två }]"));
}

#[test]
fn article_values_in_nested_sections() {
    let c = fixture();
    let PageBody::Article(article) = &c.page("omraden/styrkedjan").unwrap().body else {
        panic!("article page")
    };
    let s = &article.sections;
    assert_eq!(s[0].heading.as_ref().unwrap().pos(), Pos::new(4, 14));
    let Block::Text(text) = &s[0].body[0] else {
        panic!("text block")
    };
    assert_eq!(text.pos(), Pos::new(7, 11));
    let Block::Image(image) = &s[0].body[1] else {
        panic!("image block")
    };
    assert_eq!(image.file.pos(), Pos::new(9, 23));
    assert_eq!(image.caption.as_ref().unwrap().pos(), Pos::new(9, 68));
    let level = s[1].level.as_ref().unwrap();
    assert_eq!((level.pos(), **level), (Pos::new(11, 12), 3));
}

#[test]
fn municipality_values_in_a_flow_mapping_and_after_chomped_block() {
    let c = fixture();
    let PageBody::Municipality(m) = &c.page("kommuner/umea/ledarskap").unwrap().body else {
        panic!("municipality page")
    };
    assert_eq!(m.municipality.pos(), Pos::new(2, 15));
    let rev = m.revision.as_ref().unwrap();
    assert_eq!(rev.date.pos(), Pos::new(5, 18));
    assert_eq!(rev.author.pos(), Pos::new(5, 46));
    assert_eq!(m.summary.as_ref().unwrap().pos(), Pos::new(7, 3));
    assert_eq!(m.details.as_ref().unwrap().pos(), Pos::new(9, 3));
}

//! Import is lossless and faithful on every real page: each line of input
//! that is not wiki chrome is found in the imported content, chrome is listed
//! in the report, and the result loads without schema violations.

use handbok::import::{import_page, is_chrome, revision_line, Imported, NoteKind};
use handbok::model::PageBody;
use handbok::text::unescape_markdown;
use std::path::{Path, PathBuf};

fn seeds() -> Vec<PathBuf> {
    let mut seeds: Vec<PathBuf> = std::fs::read_dir("tests/seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    seeds
}

/// Every string value of the imported YAML, as loaded back and read as
/// text (Markdown escapes undone).
fn strings(yaml: &str) -> Vec<String> {
    fn walk(node: &marked_yaml::Node, out: &mut Vec<String>) {
        match node {
            marked_yaml::Node::Scalar(s) => out.push(unescape_markdown(s.as_str())),
            marked_yaml::Node::Sequence(s) => s.iter().for_each(|n| walk(n, out)),
            marked_yaml::Node::Mapping(m) => m.values().for_each(|n| walk(n, out)),
        }
    }
    let node = handbok::load::parse(yaml, "imported.yaml").expect("imported YAML parses");
    let mut out = Vec::new();
    walk(&node, &mut out);
    out
}

/// An old static list's "Kommun: Titel" lines, as the wiki wrote them.
fn kommun_titel_lines(body: &PageBody) -> Vec<String> {
    let PageBody::Area(a) = body else {
        return Vec::new();
    };
    let examples = a
        .sections
        .iter()
        .flat_map(|s| &s.body)
        .flat_map(|b| match b {
            handbok::model::Block::Examples(list) => list.as_slice(),
            _ => &[],
        });
    examples
        .filter_map(|e| {
            let title = e.title.as_ref()?;
            let sep = if title.starts_with(char::is_lowercase) {
                " "
            } else {
                ": "
            };
            Some(format!("{}{sep}{}", *e.municipality, title.as_str()))
        })
        .collect()
}

/// Structural headings become keys of the model rather than text.
const STRUCTURAL: [(&str, &str); 7] = [
    ("Vad?", "vad:"),
    ("Vem?", "vem:"),
    ("Hur?", "hur:"),
    ("Så gör Mittköping", "model:"),
    ("Exempel från kommuner i Sverige", "examples:"),
    ("Sammanfattning", "summary:"),
    ("Detaljer", "details:"),
];

fn has_note(imported: &Imported, line: usize, kind: NoteKind, text: &str) -> bool {
    imported
        .notes
        .iter()
        .any(|n| n.line == line && n.kind == kind && n.text == text)
}

/// Check one line that carries page metadata; true if it was one.
fn metadata_line(imported: &Imported, no: usize, line: &str) -> bool {
    if line.starts_with("Version från den") {
        let written = revision_line(imported.body.revision().expect("revision imported")).unwrap();
        assert_eq!(line, format!("{written} (Diskussion | bidrag)"));
        assert!(has_note(
            imported,
            no,
            NoteKind::Chrome,
            "(Diskussion | bidrag)"
        ));
        return true;
    }
    let PageBody::Municipality(m) = &imported.body else {
        return false;
    };
    if let Some(rest) = line.strip_prefix("Kommun ") {
        assert_eq!(rest, format!("{} Till kommunsidan", *m.municipality));
        assert!(has_note(imported, no, NoteKind::Chrome, "Till kommunsidan"));
    } else if let Some(rest) = line.strip_prefix("Nyckelområde ") {
        assert_eq!(rest, format!("{} Till nyckelområdets huvudsida", *m.area));
        assert!(has_note(
            imported,
            no,
            NoteKind::Chrome,
            "Till nyckelområdets huvudsida"
        ));
    } else if line == format!("{} - {}", *m.municipality, *m.area) {
        // The wiki page name, rebuilt from municipality and area.
    } else {
        return false;
    }
    true
}

/// The wiki shows the page name, then the title again as a heading: both
/// are the title (or the display title where the case differs).
fn repeated_title(body: &PageBody, seen: &mut usize, text: &str) -> bool {
    let (title, display) = match body {
        PageBody::Area(a) => (&a.title, a.display_title.as_ref()),
        PageBody::Article(a) => (&a.title, a.display_title.as_ref()),
        PageBody::Municipality(_) => return false,
    };
    let is_title = text == title.as_str() || display.is_some_and(|d| d.as_str() == text);
    if is_title && *seen < 2 {
        *seen += 1;
        return true;
    }
    false
}

#[test]
fn every_non_chrome_line_of_every_seed_is_in_the_imported_content() {
    for seed in seeds() {
        let raw = std::fs::read_to_string(&seed).unwrap();
        let imported = import_page(&raw).unwrap();
        let yaml = imported.yaml();
        // Each line's text is taken out of the content once, so a line that
        // occurs twice in the input must occur twice in the output.
        let mut values = strings(&yaml);
        values.extend(kommun_titel_lines(&imported.body));
        let mut haystack = values.join("\u{0}");
        let mut titles_seen = 0;
        for (i, line) in raw.lines().enumerate() {
            let (no, text) = (i + 1, line.trim());
            let text = text
                .strip_prefix(['•', '◦', '▪', '–'])
                .or_else(|| {
                    let digits = text.find(|c: char| !c.is_ascii_digit())?;
                    (digits > 0)
                        .then(|| text[digits..].strip_prefix('.'))
                        .flatten()
                })
                .map_or(text, str::trim);
            if text.is_empty() || metadata_line(&imported, no, text) {
                continue;
            }
            if is_chrome(text) {
                assert!(
                    has_note(&imported, no, NoteKind::Chrome, text),
                    "{}:{no}: chrome not reported",
                    seed.display()
                );
                continue;
            }
            if repeated_title(&imported.body, &mut titles_seen, text) {
                continue;
            }
            if let Some((_, key)) = STRUCTURAL.iter().find(|(h, _)| *h == text) {
                assert!(
                    yaml.lines().any(|l| l.trim_start().starts_with(key)),
                    "{key}"
                );
                continue;
            }
            let at = haystack.find(text).unwrap_or_else(|| {
                panic!(
                    "{}:{no}: {text:?} is missing from the import\n{yaml}",
                    seed.display()
                )
            });
            haystack.replace_range(at..at + text.len(), "\u{1}");
        }
    }
}

#[test]
fn imported_seeds_load_without_findings() {
    let dir = tempfile::tempdir().unwrap();
    let outcome = handbok::import::run(dir.path(), &seeds(), &Default::default()).unwrap();
    let content = handbok::load::load(dir.path()).unwrap();
    assert_eq!(content.diagnostics, vec![]);
    assert_eq!(content.pages.len(), outcome.reports.len());
    assert_eq!(
        content
            .guide
            .unwrap()
            .parts
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>(),
        [
            "omraden/ledarskap",
            "omraden/hela-styrkedjan-med",
            "omraden/organisation-och-kultur"
        ]
    );
}

#[test]
fn import_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let seed = [PathBuf::from("tests/seeds/001_dad1b567073bc06f.txt")];
    let force = handbok::import::Options {
        force: true,
        title: None,
    };
    handbok::import::run(dir.path(), &seed, &Default::default()).unwrap();
    let err = handbok::import::run(dir.path(), &seed, &Default::default())
        .err()
        .unwrap();
    assert!(err.to_string().contains("pass --force"), "{err}");
    handbok::import::run(dir.path(), &seed, &force).unwrap();
}

/// The full import of each seed, report and YAML, pinned as snapshots.
#[test]
fn imports_of_the_seeds_match_their_snapshots() {
    for seed in seeds() {
        let raw = std::fs::read_to_string(&seed).unwrap();
        let imported = import_page(&raw).unwrap();
        let report = handbok::import::Report {
            input: PathBuf::from(seed.file_name().unwrap()),
            imported,
        };
        let name = seed.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_snapshot!(name, format!("{report}\n{}", report.imported.yaml()));
    }
}

#[test]
fn pages_of_an_unseen_shape_lose_no_text() {
    let raw = "Organisation och kultur\n\nFrån Mittköping\nHoppa till:navigering, sök\n\
        Organisation och kultur\n\nEtt stycke före rubrikerna.\n\nVad?\n\nKultur.\n\nHur?\n\n  • Punkt ett\n\n\
        Exempel från kommuner i Sverige\n\nLund\n\nDelad kultur\n\nLund delar.\n\nLäs mer..\n\nKiruna\n\nUtan länk\n\nKiruna saknar länk.\n\n\
        Gävle\n\nTredje exemplet\n\nGävle har text.\n\nLäs mer..\n";
    let imported = import_page(raw).unwrap();
    let PageBody::Area(area) = &imported.body else {
        panic!("area")
    };
    assert_eq!(
        area.unplaced.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        ["Ett stycke före rubrikerna."]
    );
    let names: Vec<&str> = area
        .examples
        .iter()
        .map(|e| e.municipality.as_str())
        .collect();
    assert_eq!(names, ["Lund", "Kiruna", "Gävle"]);
    assert!(area.examples[1].read_more.is_none());
    assert_eq!(
        area.examples[2]
            .read_more
            .as_ref()
            .unwrap()
            .to
            .as_deref()
            .map(String::as_str),
        Some("gavle/organisation-och-kultur")
    );
    assert_eq!(
        imported.rel_path,
        Path::new("omraden/organisation-och-kultur.yaml")
    );
}

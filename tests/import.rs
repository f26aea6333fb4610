//! Import is lossless and faithful on every real page: each line of input
//! that is not wiki chrome is found in the imported content, chrome is listed
//! in the report, and the result loads without schema violations.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

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
            Some(format!("{}{sep}{}", e.who(), title.as_str()))
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
            // Chrome anywhere, or where it stands (the wiki's tagline under
            // the title): reported, never silently dropped.
            let noted = has_note(&imported, no, NoteKind::Chrome, text);
            if is_chrome(text) || noted {
                assert!(noted, "{}:{no}: chrome not reported", seed.display());
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
            alias_of: None,
            target_there: None,
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
    let names: Vec<&str> = area.examples.iter().map(|e| e.who()).collect();
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

mod common;
use common::{handbok, stderr};

/// Every file and folder under `dir`, hidden ones included, with contents.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.push((path.clone(), Vec::new()));
            out.extend(tree(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out.sort();
    out
}

fn import_into(out: &Path, inputs: &[&Path], extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", "--out", out.to_str().unwrap()];
    args.extend(extra);
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    handbok(&args)
}

#[test]
fn bad_pages_are_refused_with_file_line_and_reason_and_nothing_is_written() {
    let cases = [
        ("empty.txt", 1, "the page is empty"),
        (
            "chrome-only.txt",
            1,
            "the page has no title: every line is wiki chrome",
        ),
        ("dot-title.txt", 1, "the title «.» gives no file name"),
        ("dotdot-title.txt", 1, "the title «..» gives no file name"),
        (
            "municipality-without-area.txt",
            1,
            "a municipality page needs its key area",
        ),
        (
            "kommun-line-without-name.txt",
            1,
            "a municipality page needs its municipality",
        ),
        ("utf16.txt", 1, "the page is UTF-16"),
        ("nul.txt", 3, "a NUL byte at byte 18"),
        ("latin1.txt", 1, "invalid UTF-8 at byte 3"),
    ];
    let good = Path::new("tests/seeds/000_6525dabd46df8096.txt");
    for (file, line, reason) in cases {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("content");
        let bad = Path::new("tests/bad/import").join(file);
        let o = import_into(&out, &[good, &bad], &[]);
        assert_eq!(o.status.code(), Some(2), "{file}");
        let err = stderr(&o);
        let expected = format!("{}:{line}: {reason}", bad.display());
        assert!(err.contains(&expected), "{file}: {err}");
        assert!(err.contains("nothing was imported"), "{file}: {err}");
        assert!(!out.exists(), "{file}: something was written");
    }
    let dir = tempfile::tempdir().unwrap();
    let o = import_into(&dir.path().join("c"), &[Path::new("tests/bad")], &[]);
    assert!(
        stderr(&o).contains("tests/bad: cannot read: a folder, not a file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn pages_with_revision_lines_import_to_their_own_files() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = [
        Path::new("tests/seeds/001_dad1b567073bc06f.txt"),
        Path::new("tests/seeds/004_69d0df1036f09e75.txt"),
    ];
    let o = import_into(dir.path(), &seeds, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("kommuner/umea/ledarskap.yaml").is_file());
    let area =
        std::fs::read_to_string(dir.path().join("omraden/organisation-och-kultur.yaml")).unwrap();
    assert!(area.contains("kind: area\n"));
    assert!(area.contains("revision:\n  date: \"2017-08-02 23:23\"\n  author: Isrjo\n"));
    assert!(!area.contains("unplaced:"), "{area}");
}

#[test]
fn seed_004_is_a_key_area_with_its_old_list_as_examples() {
    let raw = std::fs::read_to_string("tests/seeds/004_69d0df1036f09e75.txt").unwrap();
    let imported = import_page(&raw).unwrap();
    let PageBody::Area(a) = &imported.body else {
        panic!("004 is a key area")
    };
    assert_eq!(
        imported.rel_path,
        Path::new("omraden/organisation-och-kultur.yaml")
    );
    assert_eq!(a.examples.len(), 22);
    let linkoping = a.examples.iter().filter(|e| e.who() == "Linköping").count();
    assert_eq!(linkoping, 2);
    let model = a.model.as_ref().unwrap();
    assert_eq!(model.who(), "Mittköping");
    assert!(model.read_more.as_ref().unwrap().to.is_none());
    assert_eq!(a.sections.len(), 1);
    assert_eq!(
        a.sections[0].heading.as_deref().map(String::as_str),
        Some("Den gamla statiska listan")
    );
    let handbok::model::Block::Examples(old) = &a.sections[0].body[0] else {
        panic!("the old list is a list of examples")
    };
    let names: Vec<(&str, &str)> = old
        .iter()
        .map(|e| (e.who(), e.title.as_deref().unwrap().as_str()))
        .collect();
    assert_eq!(names.len(), 12);
    assert_eq!(names[3], ("Malmö", "vård/omsorg: Systemspecifika experter"));
    assert_eq!(
        names[0],
        (
            "Botkyrka",
            "Ger förutsättningar för en lärande organisation"
        )
    );
}

#[test]
fn habo_and_habo_are_two_municipalities() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for name in ["Håbo", "Habo"] {
        let page = dir.path().join(format!("{name}.txt"));
        std::fs::write(
            &page,
            format!("{name} - Ledarskap\n\nLedarskap i {name}\n\nSammanfattning\n\nText.\n"),
        )
        .unwrap();
        inputs.push(page);
    }
    let out = dir.path().join("content");
    let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let o = import_into(&out, &refs, &["--title", "Handboken"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("kommuner/habo-0305/ledarskap.yaml").is_file());
    assert!(out.join("kommuner/habo-0643/ledarskap.yaml").is_file());
    let guide = std::fs::read_to_string(out.join("guide.yaml")).unwrap();
    assert!(guide.contains("title: Handboken\n"), "{guide}");
}

#[test]
fn pages_that_collide_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, "Omvärld\n\nText.\n").unwrap();
    std::fs::write(&b, "Omvärld!\n\nAnnan text.\n").unwrap();
    let out = dir.path().join("content");
    let o = import_into(&out, &[&a, &b], &["--title", "T"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("both import to sidor/omvarld.yaml"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // A .yml twin of a target is the same page id.
    std::fs::create_dir_all(out.join("sidor")).unwrap();
    std::fs::write(
        out.join("sidor/omvarld.yml"),
        "kind: article\ntitle: Omvärld\n",
    )
    .unwrap();
    let before = tree(&out);
    let o = import_into(&out, &[&a], &["--title", "T"]);
    assert!(
        stderr(&o).contains("would be a second page with the id sidor/omvarld"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tree(&out), before);
}

#[test]
fn a_write_that_fails_half_way_leaves_the_folder_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("content");
    std::fs::create_dir_all(out.join("kommuner")).unwrap();
    std::fs::write(
        out.join("guide.yaml"),
        "title: Befintlig\nlanguage: sv\nedition: \"1\"\nparts: []\n",
    )
    .unwrap();
    // The second of four outputs needs a folder where a file stands.
    std::fs::write(out.join("kommuner/umea"), "en fil, inte en mapp").unwrap();
    let before = tree(&out);
    let seeds: Vec<PathBuf> = seeds()[..4].to_vec();
    let refs: Vec<&Path> = seeds.iter().map(PathBuf::as_path).collect();
    let o = import_into(&out, &refs, &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("nothing was imported: cannot write"),
        "{}",
        stderr(&o)
    );
    assert_eq!(tree(&out), before, "the folder changed");
}

#[test]
fn a_new_guide_needs_a_title_from_the_option_or_the_wiki() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p.txt");
    std::fs::write(&page, "Omvärld\n\nText.\n").unwrap();
    let out = dir.path().join("content");
    let o = import_into(&out, &[&page], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pass --title"), "{}", stderr(&o));
    assert!(!out.exists());
    let o = import_into(
        &out,
        &[Path::new("tests/seeds/000_6525dabd46df8096.txt")],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    let guide = std::fs::read_to_string(out.join("guide.yaml")).unwrap();
    assert!(
        guide.contains("title: Mittköping\n"),
        "the wiki's name: {guide}"
    );
}

#[test]
fn windows_line_ends_a_bom_and_footers_change_nothing() {
    let raw = std::fs::read_to_string("tests/seeds/004_69d0df1036f09e75.txt").unwrap();
    let plain = import_page(&raw).unwrap().yaml();
    let footer = "\n\nHämtad från ”https://mittkoping.se/index.php?title=Organisation_och_kultur”\nKategori: Nyckelområden\nDenna sida redigerades senast den 2 augusti 2017 kl. 23.23.\nIntegritetspolicy\nOm Mittköping\nFörbehåll\n";
    let windows = format!("\u{feff}{}", format!("{raw}{footer}").replace('\n', "\r\n"));
    let imported = import_page(&windows).unwrap();
    assert_eq!(imported.yaml(), plain);
    let chrome = imported
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Chrome)
        .count();
    assert_eq!(chrome, 3 + 6);
}

#[test]
fn placeholders_stay_text_and_glyphs_keep_lists_nested() {
    let raw = "Omvärld\n\nVad?\n\nText.\n\n• Ett\n◦ Under ett\n▪ Djupast\n• Två\n\nHur?\n\nText.\n\n\
        Så gör Mittköping\n\nBild kommer senare\n\nMittköping\n\nOmvärldsbevakning\n\nI Mittköping bevakar vi.\n\nLäs mer..\n\n\
        Exempel från kommuner i Sverige\n\nLund\n\nBevakar\n\nLund bevakar.\n\nLäs mer..\n";
    let imported = import_page(raw).unwrap();
    let PageBody::Area(a) = &imported.body else {
        panic!("area")
    };
    assert_eq!(
        a.vad.as_deref().map(String::as_str),
        Some("Text.\n\n- Ett\n  - Under ett\n    - Djupast\n- Två\n")
    );
    let model = a.model.as_ref().unwrap();
    assert_eq!(model.who(), "Mittköping");
    assert_eq!(
        model.title.as_deref().map(String::as_str),
        Some("Omvärldsbevakning")
    );
    assert_eq!(
        model.summary.as_deref().map(String::as_str),
        Some("Bild kommer senare\n\nI Mittköping bevakar vi.\n")
    );
    assert_eq!(a.examples.len(), 1);
    assert!(a.unplaced.is_empty());
}

#[test]
fn the_report_names_a_folder_the_shell_can_take_and_refuses_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("min guide");
    let seed = Path::new("tests/seeds/000_6525dabd46df8096.txt");
    let o = import_into(&out, &[seed], &[]);
    assert!(
        stderr(&o).contains(&format!("next: handbok lint '{}' — ", out.display())),
        "{}",
        stderr(&o)
    );
    let file = dir.path().join("fil");
    std::fs::write(&file, "x").unwrap();
    let o = import_into(&file, &[seed], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a folder"), "{}", stderr(&o));
}

fn area_of(raw: &str) -> Box<handbok::model::Area> {
    match import_page(raw).unwrap().body {
        PageBody::Area(a) => a,
        other => panic!("not a key area: {:?}", other.kind()),
    }
}

const AREA_HEAD: &str = "Omvärld\n\nFrån Mittköping\nHoppa till:navigering, sök\n\nVad?\n\nText.\n\nHur?\n\nMer text.\n\n";

#[test]
fn lines_that_only_look_like_chrome_stay_content() {
    let raw = "Styrning\n\nHämtad från Skolverkets rapport 2017: lärarna vill ha mer tid.\n\nKategori: samverkan mellan förvaltningar är den viktigaste.\n\nOm Mittköping\n\nMittköping är en påhittad kommun.\n\nIntegritetspolicy\nOm Mittköping\nFörbehåll\n";
    let imported = import_page(raw).unwrap();
    let yaml = imported.yaml();
    for kept in [
        "Hämtad från Skolverkets rapport",
        "Kategori: samverkan",
        "heading: Om Mittköping",
        "påhittad kommun",
    ] {
        assert!(yaml.contains(kept), "{kept}\n{yaml}");
    }
    let chrome: Vec<&str> = imported
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Chrome)
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(chrome, ["Integritetspolicy", "Om Mittköping", "Förbehåll"]);
}

#[test]
fn decomposed_letters_and_zero_width_spaces_change_nothing() {
    use unicode_normalization::UnicodeNormalization;
    let raw = std::fs::read_to_string("tests/seeds/004_69d0df1036f09e75.txt").unwrap();
    let decomposed: String = raw.nfd().collect();
    assert_ne!(decomposed, raw);
    assert_eq!(
        import_page(&decomposed).unwrap().yaml(),
        import_page(&raw).unwrap().yaml()
    );
    let hidden = raw.replace("Hur?\n", "Hur?\u{200b}\n");
    assert_eq!(
        import_page(&hidden).unwrap().yaml(),
        import_page(&raw).unwrap().yaml()
    );
}

#[test]
fn revision_lines_in_their_variants() {
    for (line, date, author) in [
        (
            "Version från den 3 Maj 2018 kl. 09:05 av Anna",
            "2018-05-03 09:05",
            "Anna",
        ),
        (
            "Nuvarande version från den 3 maj 2018 kl. 9.05 av Anna (Diskussion | bidrag)",
            "2018-05-03 09:05",
            "Anna",
        ),
        (
            "Version från den 3 maj 2018 av 192.168.0.1 (Diskussion)",
            "2018-05-03",
            "192.168.0.1",
        ),
    ] {
        let a =
            area_of(&AREA_HEAD.replace("Från Mittköping\n", &format!("Från Mittköping\n{line}\n")));
        let r = a.revision.as_ref().unwrap_or_else(|| panic!("{line}"));
        assert_eq!(
            (r.date.as_str(), r.author.as_str()),
            (date, author),
            "{line}"
        );
    }
    let bad = "Version från den 31 februari 2018 kl. 25.70 av Anna";
    let imported =
        import_page(&AREA_HEAD.replace("Från Mittköping\n", &format!("Från Mittköping\n{bad}\n")))
            .unwrap();
    assert!(imported.body.revision().is_none());
    assert!(imported.yaml().contains(bad), "kept as text");
    assert!(imported
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::Evidence && n.text.contains("does not exist")));
}

#[test]
fn example_lists_end_where_the_examples_end() {
    let raw = format!(
        "{AREA_HEAD}Exempel från kommuner i Sverige\n\nBorås\n\nSamverkan i Sjuhärad\n\nBorås samarbetar med grannkommunerna:\n\nMark\n\nUlricehamn\n\nLäs mer..\n\n\
        Lund\n\nDigitala ambassadörer.\n\nLund utbildar ambassadörer i varje förvaltning.\n\nLäs mer..\n\n\
        Observera: listan uppdateras varje år.\n\nUmeå: Styrning med tillit\n\nUmeå styr med tillit.\n"
    );
    let a = area_of(&raw);
    let names: Vec<(&str, Option<&str>)> = a
        .examples
        .iter()
        .map(|e| (e.who(), e.title.as_deref().map(String::as_str)))
        .collect();
    assert_eq!(
        names,
        [
            ("Borås", Some("Samverkan i Sjuhärad")),
            ("Lund", Some("Digitala ambassadörer."))
        ]
    );
    assert!(a.examples[0].read_more.is_some(), "Borås keeps its link");
    assert!(a.examples[0]
        .summary
        .as_deref()
        .unwrap()
        .contains("Ulricehamn"));
    assert!(a.examples[1]
        .summary
        .as_deref()
        .unwrap()
        .starts_with("Lund utbildar"));
    let yaml = to_yaml_of(&a);
    assert!(yaml.contains("Observera: listan uppdateras"), "{yaml}");
    let old: Vec<&str> = a
        .sections
        .iter()
        .flat_map(|s| &s.body)
        .filter_map(|b| match b {
            handbok::model::Block::Examples(l) => Some(l.iter().map(|e| e.who())),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(old, ["Umeå"]);
    assert!(a.unplaced.is_empty());
}

fn to_yaml_of(a: &handbok::model::Area) -> String {
    handbok::write::to_yaml(a, None)
}

#[test]
fn municipality_page_names_in_their_variants() {
    let page = |name: &str, extra: &str| {
        let raw =
            format!("{name}\n\nFrån Mittköping\n{extra}\nMin titel\n\nSammanfattning\n\nText.\n");
        match import_page(&raw).unwrap().body {
            PageBody::Municipality(m) => m,
            other => panic!("{name}: {:?}", other.kind()),
        }
    };
    for name in ["Umeå-Ledarskap", "Umeå—Ledarskap", "Umeå – Ledarskap"] {
        let m = page(name, "");
        assert_eq!(
            (m.municipality.as_str(), m.area.as_str()),
            ("Umeå", "Ledarskap"),
            "{name}"
        );
    }
    let m = page(
        "Trendspaning",
        "Kommun Göteborg Till kommunsidan\nNyckelområde Omvärld\n",
    );
    assert_eq!(
        m.title.as_str(),
        "Trendspaning",
        "the page name is not lost"
    );
    assert_eq!(
        m.unplaced.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        ["Min titel"]
    );
}

#[test]
fn a_blank_title_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let o = import_into(
        &dir.path().join("c"),
        &[Path::new("tests/seeds/000_6525dabd46df8096.txt")],
        &["--title", "  "],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--title is empty"), "{}", stderr(&o));
}

#[test]
fn a_second_import_says_which_key_areas_the_guide_does_not_list() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    import_into(
        &out,
        &[Path::new("tests/seeds/000_6525dabd46df8096.txt")],
        &[],
    );
    let o = import_into(
        &out,
        &[Path::new("tests/seeds/004_69d0df1036f09e75.txt")],
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o)
            .contains("note: guide.yaml does not list omraden/organisation-och-kultur in `parts`"),
        "{}",
        stderr(&o)
    );
}

/// Another wiki's tagline is chrome under the title and names the guide;
/// the same words as a line of prose further down are text.
#[test]
fn another_wikis_tagline_names_the_guide_and_prose_stays() {
    let seed = std::fs::read_to_string(&seeds()[0]).unwrap();
    assert!(seed.contains("Från Mittköping"), "the seed has its tagline");
    let page = seed.replace("Mittköping", "Testköping") + "\nFrån Umeå\n";
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("sida.txt");
    std::fs::write(&input, page).unwrap();
    let out = dir.path().join("guide");
    let outcome = handbok::import::run(&out, &[input], &Default::default()).unwrap();
    let guide = std::fs::read_to_string(out.join("guide.yaml")).unwrap();
    assert!(guide.contains("title: Testköping"), "{guide}");
    let imported: String = outcome
        .reports
        .iter()
        .map(|r| std::fs::read_to_string(out.join(&r.imported.rel_path)).unwrap())
        .collect();
    assert!(imported.contains("Från Umeå"), "prose kept: {imported}");
    assert!(!imported.contains("Från Testköping"), "tagline dropped");
}

/// MediaWiki's furniture in its forms: the table of contents, edit links
/// glued to headings or spaced, "Omdirigerad från", "Hoppa till" written
/// out. Headings stay headings, and every piece of furniture is in the
/// report.
#[test]
fn mediawiki_furniture_is_chrome_and_headings_stay_headings() {
    let raw = std::fs::read_to_string("tests/wiki3/toc-and-edit-links.txt").unwrap();
    let imported = import_page(&raw).unwrap();
    let PageBody::Area(a) = &imported.body else {
        panic!("not a key area: {}", imported.evidence)
    };
    assert_eq!(
        a.vad.as_ref().map(|t| t.trim()),
        Some("Styrning handlar om hur kommunen leds.")
    );
    assert_eq!(
        a.vem.as_ref().map(|t| t.trim()),
        Some("Politiker och chefer.")
    );
    assert!(a.unplaced.is_empty(), "{:?}", a.unplaced);
    let model = a.model.as_ref().unwrap();
    assert_eq!(model.who(), "Mittköping");
    let chrome: Vec<&str> = imported
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Chrome)
        .map(|n| n.text.as_str())
        .collect();
    for furniture in [
        "Innehåll [dölj]",
        "1 Vad?",
        "5.2 Umeå",
        "[redigera | redigera wikitext]",
        "[redigera]",
        "[edit]",
        "Omdirigerad från Styrmodell, kept as an alias",
        "Hoppa till navigering Hoppa till sök",
    ] {
        assert!(chrome.contains(&furniture), "{furniture}: {chrome:?}");
    }
    assert!(!imported.yaml().contains("redigera"), "{}", imported.yaml());
}

/// Word's outline bullets ("o", "§") and its symbol-font bullets nest by
/// the order the glyphs first appear; "§ 5" in prose stays prose.
#[test]
fn bullets_of_every_office_suite_nest() {
    let raw = std::fs::read_to_string("tests/wiki3/toc-and-edit-links.txt").unwrap();
    let a = area_of(&raw);
    let hur = a.hur.as_ref().unwrap().as_str();
    for nested in [
        "\n- Mål\n  - Delmål\n    - Aktivitet\n  - Delmål två\n- Mål två\n",
        "\n  - Punkt från Word\n    - Under punkten\n",
    ] {
        assert!(hur.contains(nested), "{hur}");
    }
    let prose = area_of(&format!(
        "{AREA_HEAD}§ 5 kommunallagen gäller.\n\no 2 fall\n"
    ));
    assert!(
        !prose.hur.as_deref().unwrap().contains("- "),
        "{:?}",
        prose.hur
    );
}

/// "Läs mer" in its forms: a web address in the line, on the line after,
/// bold, with "på"; a page named after "om". A web address is never taken
/// for a municipality page.
#[test]
fn read_more_in_all_its_forms() {
    let raw = std::fs::read_to_string("tests/wiki3/toc-and-edit-links.txt").unwrap();
    let a = area_of(&raw);
    let links: Vec<(String, String)> = a
        .examples
        .iter()
        .map(|e| {
            let r = e.read_more.as_ref().unwrap();
            (
                r.text.as_ref().unwrap().to_string(),
                r.to.as_ref().map_or(String::new(), |t| t.to_string()),
            )
        })
        .collect();
    let want = [
        ("Läs mer", "https://www.botkyrka.se/styrning"),
        ("Läs mer", "https://www.umea.se/ledning"),
        ("Läs mer", "https://lund.se/x"),
        (
            "Läs mer om Hela styrkedjan med",
            "omraden/hela-styrkedjan-med",
        ),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(links, want);
    // Prose after "om" names no page.
    let prose = area_of(&format!(
        "{AREA_HEAD}Exempel från kommuner\n\nLund\nLund i fokus\nLund gör.\nLäs mer om hur Lund gör.\n"
    ));
    let to = &prose.examples[0].read_more.as_ref().unwrap().to;
    assert_eq!(to.as_ref().map(|t| t.as_str()), Some("lund/omvarld"));
}

/// Placeholders written otherwise are placeholders, and the wiki's image
/// markup is an image with its alt text and caption; lint finds every
/// planted placeholder on the result and nothing else of the kind.
#[test]
fn placeholders_as_a_class_and_wiki_image_markup() {
    let raw = std::fs::read_to_string("tests/wiki3/placeholders-and-files.txt").unwrap();
    let imported = import_page(&raw).unwrap();
    let yaml = imported.yaml();
    assert!(
        yaml.contains("file: Platshallare.png\n")
            && yaml.contains("alt: Ett organisationsschema\n")
            && yaml.contains("caption: Så ser organisationen ut\n"),
        "{yaml}"
    );
    assert!(yaml.contains("file: Kultur pyramid.png\n"), "{yaml}");
    assert!(!yaml.contains("thumb") && !yaml.contains("[["), "{yaml}");
    let dir = tempfile::tempdir().unwrap();
    let o = common::handbok(&[
        "import",
        "--title",
        "Prov",
        "--out",
        dir.path().to_str().unwrap(),
        "tests/wiki3/placeholders-and-files.txt",
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let lint = common::handbok(&[
        "lint",
        dir.path().to_str().unwrap(),
        "--no-cache",
        "--format",
        "json",
    ]);
    let found: serde_json::Value = serde_json::from_slice(&lint.stdout).unwrap();
    let messages: Vec<String> = found["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "placeholder-illustration")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        messages,
        [
            "placeholder text instead of an illustration",
            "`Platshallare.png` is a placeholder image",
            "placeholder text instead of an illustration",
            "image `Kultur pyramid.png` is missing from media/",
        ],
        "{messages:?}"
    );
}

/// Redirects are no pages: each becomes an alias of its target when the
/// target is imported with it (the report says so), a redirect to a page
/// not imported is a warning, a disambiguation page is left out; links by
/// an old name reach the page.
#[test]
fn redirects_become_aliases_and_links_by_old_names_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("guide");
    let o = handbok(&[
        "import",
        "--title",
        "Prov",
        "--out",
        out.to_str().unwrap(),
        "tests/seeds/003_6a24609920985b27.txt",
        "tests/wiki3/redirect-styrkedja.txt",
        "tests/wiki3/redirect-wikitext.txt",
        "tests/wiki3/redirect-elsewhere.txt",
        "tests/wiki3/disambiguation.txt",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stderr(&o);
    for line in [
        "Styrkedja: redirect to Hela styrkedjan med, kept as an alias of omraden/hela-styrkedjan-med.yaml",
        "Styrmodell: redirect to Hela styrkedjan med, kept as an alias",
        "warning: line 5: Ledning: redirect to Ledarskap i kommunen, which is not in this import; not kept",
        "Styrning: a disambiguation page, not imported (it lists Hela styrkedjan med, nyckelområdet, Styrning och ledning, en artikel)",
        "imported 1 page(s)",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    let page = std::fs::read_to_string(out.join("omraden/hela-styrkedjan-med.yaml")).unwrap();
    assert!(
        page.contains("aliases:\n  - Styrkedja\n  - Styrmodell\n"),
        "{page}"
    );
    let guide = std::fs::read_to_string(out.join("guide.yaml")).unwrap();
    assert!(
        guide.contains("parts:\n  - omraden/hela-styrkedjan-med\n"),
        "{guide}"
    );
    let names: Vec<String> = std::fs::read_dir(out.join("omraden"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["hela-styrkedjan-med.yaml"]);
    // A page that links to the old name reaches the page.
    std::fs::create_dir_all(out.join("sidor")).unwrap();
    std::fs::write(
        out.join("sidor/lankar.yaml"),
        "kind: area\ntitle: Länkar\nexamples:\n  - municipality: Umeå\n    title: Styrning\n    summary: Text.\n    read_more: {text: Läs mer, to: omraden/styrkedja}\n  - municipality: Lund\n    title: Ledning\n    summary: Text.\n    read_more: {text: Läs mer, to: omraden/ledning}\n",
    )
    .unwrap();
    let lint = handbok(&["lint", out.to_str().unwrap(), "--no-cache"]);
    let found = String::from_utf8_lossy(&lint.stdout).to_string();
    assert!(!found.contains("omraden/styrkedja"), "{found}");
    assert!(found.contains("omraden/ledning"), "{found}");
    // A redirect imported later, to a page already in the guide: kept
    // there already, or to be added by hand.
    let redirect = [
        "import",
        "--out",
        out.to_str().unwrap(),
        "tests/wiki3/redirect-styrkedja.txt",
    ];
    let again = handbok(&redirect);
    assert!(
        stderr(&again).contains("Styrkedja: redirect to Hela styrkedjan med, kept as an alias of omraden/hela-styrkedjan-med.yaml"),
        "{}",
        stderr(&again)
    );
    let page = out.join("omraden/hela-styrkedjan-med.yaml");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("  - Styrkedja\n", "")).unwrap();
    let again = handbok(&redirect);
    assert!(
        stderr(&again).contains("redirect to Hela styrkedjan med, which is omraden/hela-styrkedjan-med.yaml already in the guide; add `aliases: [Styrkedja]` to it"),
        "{}",
        stderr(&again)
    );
}

/// "Omdirigerad från …" under a page's title names another name of it.
#[test]
fn a_page_reached_by_a_redirect_keeps_that_name() {
    let raw = std::fs::read_to_string("tests/wiki3/toc-and-edit-links.txt").unwrap();
    let a = area_of(&raw);
    let aliases: Vec<&str> = a.aliases.iter().map(|t| t.as_str()).collect();
    assert_eq!(aliases, ["Styrmodell"]);
}

/// Forms an outsider wrote: English furniture, a question heading with an
/// edit link, "Läs mer om Kommun - Område", examples from organisations
/// that are not municipalities (kept as such, no invented link).
#[test]
fn outsider_forms_english_furniture_organisations_and_named_pages() {
    let raw = std::fs::read_to_string("tests/wiki3/outsider-forms.txt").unwrap();
    let imported = import_page(&raw).unwrap();
    let PageBody::Area(a) = &imported.body else {
        panic!("not a key area: {}", imported.evidence)
    };
    assert!(a.unplaced.is_empty(), "{:?}", a.unplaced);
    assert_eq!(imported.site.as_deref(), Some("Mittköping"));
    let aliases: Vec<&str> = a.aliases.iter().map(|t| t.as_str()).collect();
    assert_eq!(aliases, ["Digitalkompetens"]);
    let headings: Vec<&str> = a
        .sections
        .iter()
        .filter_map(|s| s.heading.as_deref())
        .map(String::as_str)
        .collect();
    assert_eq!(headings, ["Varför innovation?"]);
    let examples: Vec<(Option<&str>, Option<&str>, Option<&str>)> = a
        .examples
        .iter()
        .map(|e| {
            (
                e.municipality.as_deref().map(String::as_str),
                e.organisation.as_deref().map(String::as_str),
                e.read_more
                    .as_ref()
                    .and_then(|r| r.to.as_deref())
                    .map(String::as_str),
            )
        })
        .collect();
    assert_eq!(
        examples,
        [
            (Some("Botkyrka"), None, Some("botkyrka/digital-kompetens")),
            (None, Some("Inera"), None),
            (
                None,
                Some("Region Skåne"),
                Some("https://www.skane.se/digital")
            ),
        ]
    );
    let notes: Vec<String> = imported.notes.iter().map(|n| n.text.clone()).collect();
    assert!(
        notes.contains(
            &"Inera: kept as an organisation's example, with no municipality page".to_string()
        ),
        "{notes:?}"
    );
}

/// The wiki's table of contents gives sub-sections their level.
#[test]
fn the_table_of_contents_gives_heading_levels() {
    let raw = "Kartläggning\n\nFrån Mittköping\n\nInnehåll [dölj]\n1 Så här arbetar vi\n1.1 Steg för steg\n2 Resultat\n\nSå här arbetar vi[redigera]\n\nVi arbetar i steg.\n\nSteg för steg[redigera]\n\nFörst kartlägger vi.\n\nResultat[redigera]\n\nDet blev bra.\n";
    let PageBody::Article(a) = import_page(raw).unwrap().body else {
        panic!("not an article")
    };
    let levels: Vec<(String, u8)> = a
        .sections
        .iter()
        .map(|s| {
            (
                s.heading.as_ref().unwrap().to_string(),
                **s.level.as_ref().unwrap(),
            )
        })
        .collect();
    let want = [
        ("Så här arbetar vi", 2),
        ("Steg för steg", 3),
        ("Resultat", 2),
    ];
    let want: Vec<(String, u8)> = want.iter().map(|(h, l)| (h.to_string(), *l)).collect();
    assert_eq!(levels, want);
}

fn tables_of(body: &PageBody) -> Vec<&handbok::model::Table> {
    let sections = body.sections();
    sections
        .iter()
        .flat_map(|s| &s.body)
        .filter_map(|b| match b {
            handbok::model::Block::Table(t) => Some(&**t),
            _ => None,
        })
        .collect()
}

fn cells(row: &[handbok::model::Text]) -> Vec<&str> {
    row.iter().map(|c| c.as_str()).collect()
}

/// Tables copied from a browser (tabs), typed as text (runs of spaces) and
/// saved as wikitext (`{| |}`) are tables, empty cells and all; the report
/// names each; prose typed with two spaces after a full stop stays prose.
#[test]
fn tables_in_their_three_forms_are_tables() {
    let raw = std::fs::read_to_string("tests/wiki3/tables.txt").unwrap();
    let imported = import_page(&raw).unwrap();
    let tables = tables_of(&imported.body);
    assert_eq!(tables.len(), 3);
    let tabs = tables[0];
    assert_eq!(
        cells(&tabs.header),
        ["Kommun", "E-tjänster", "Start", "Kommentar"]
    );
    let rows: Vec<Vec<&str>> = tabs.rows.iter().map(|r| cells(r)).collect();
    assert_eq!(
        rows,
        [
            vec!["Umeå", "120", "2015", ""],
            vec!["", "Region Västerbotten", "2016", "Delad drift"],
            vec!["Kiruna", "12", "", "Pågår"],
        ]
    );
    let spaces = tables[1];
    assert_eq!(
        cells(&spaces.header),
        ["Kommun", "Invånare", "Andel digitala"]
    );
    assert_eq!(cells(&spaces.rows[1]), ["Kiruna", "23 000", "41 %"]);
    let wiki = tables[2];
    assert_eq!(
        wiki.caption.as_deref().map(String::as_str),
        Some("Budget för digitalisering 2017")
    );
    let rows: Vec<Vec<&str>> = wiki.rows.iter().map(|r| cells(r)).collect();
    assert_eq!(
        rows,
        [
            vec!["Drift", "1,2 mnkr", "IT-enheten"],
            vec!["Utveckling, ej fördelad", "", "Kommunchefen"],
            vec!["Övrigt", "0,3 mnkr", "Ekonomi- enheten"],
        ]
    );
    let notes: Vec<&str> = imported
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Table)
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(
        notes,
        [
            "4 columns, a header and 3 rows (cells split by tabs)",
            "3 columns, a header and 2 rows (cells split by runs of spaces)",
            "3 columns, a header and 3 rows (wikitext {| … |})",
        ]
    );
    let yaml = imported.yaml();
    assert!(yaml.contains("Här samlas siffrorna.  De uppdateras varje år."));
    assert!(
        yaml.contains("- [\"\", Region Västerbotten, \"2016\", Delad drift]"),
        "{yaml}"
    );
    assert!(yaml.contains("Siffrorna gäller i slutet av året."));
}

/// A table in a text field (a municipality page's Detaljer) is a GFM table
/// there, which the books read as a table: no cell lost, nothing else
/// taken for a row.
#[test]
fn a_table_in_a_text_field_is_a_markdown_table_the_books_read_as_one() {
    let raw = std::fs::read_to_string("tests/wiki3/table-in-details.txt").unwrap();
    let imported = import_page(&raw).unwrap();
    let PageBody::Municipality(m) = &imported.body else {
        panic!("municipality: {}", imported.evidence)
    };
    assert_eq!(m.municipality.as_str(), "Kiruna");
    assert_eq!(
        m.details.as_deref().map(String::as_str),
        Some(
            "Så här har det gått:\n\n| År | E-tjänster | Användare |\n| --- | --- | --- |\n| 2016 | 4 | 1 200 |\n| 2017 | 9 | 3 400 |\n\nArbetet fortsätter.\n"
        )
    );
}

/// A header that names a "Kommun" column is a table's, not the wiki's
/// fact box, and does not make the page a municipality page; the fact box
/// itself, split by tabs, is still the page's metadata.
#[test]
fn a_kommun_column_is_no_fact_box_and_the_fact_box_is_no_table() {
    let article = "Siffror\n\nInledning.\n\nKommun\tInvånare\nUmeå\t130 000\nKiruna\t23 000\n";
    let imported = import_page(article).unwrap();
    assert!(
        matches!(imported.body, PageBody::Article(_)),
        "{}",
        imported.evidence
    );
    assert_eq!(tables_of(&imported.body).len(), 1);
    let fact_box = "Umeå - Ledarskap\n\nKommun\tUmeå\tTill kommunsidan\nNyckelområde\tLedarskap\tTill nyckelområdets huvudsida\n\nLedarskap i Umeå\n\nSammanfattning\n\nText.\n";
    let imported = import_page(fact_box).unwrap();
    let PageBody::Municipality(m) = &imported.body else {
        panic!("municipality: {}", imported.evidence)
    };
    assert_eq!(
        (m.municipality.as_str(), m.area.as_str()),
        ("Umeå", "Ledarskap")
    );
    assert!(!imported.notes.iter().any(|n| n.kind == NoteKind::Table));
}

/// Lines that only look like rows stay prose: one line with two spaces
/// in it, sentences split by two spaces, a wikitext table left open keeps
/// its words.
#[test]
fn prose_that_looks_like_a_row_stays_prose_and_an_open_table_loses_nothing() {
    let prose = "Sida\n\nVi började 2015.  Sedan kom fler kommuner med i arbetet.\nDet gick bra för alla.  Alla var nöjda med resultatet.\n\nEn rad  med två mellanslag.\n";
    let imported = import_page(prose).unwrap();
    assert!(tables_of(&imported.body).is_empty(), "{}", imported.yaml());
    let open = "Sida\n\n{| class=\"wikitable\"\n! A !! B\n|-\n| ett || två\ntre\n";
    let imported = import_page(open).unwrap();
    let t = tables_of(&imported.body);
    assert_eq!(cells(&t[0].rows[0]), ["ett", "två tre"]);
}

fn outsider(name: &str) -> Imported {
    let path = format!("tests/wiki3/outsider-tables/{name}.txt");
    import_page(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Two tables in one text field, split by a blank line, stay two tables
/// in every pairing of forms; the report and the Markdown agree.
#[test]
fn outsider_tables_in_a_text_field_stay_apart() {
    let imported = outsider("10-crlf");
    let PageBody::Municipality(m) = &imported.body else {
        panic!("municipality: {}", imported.evidence)
    };
    let details = m.details.as_deref().unwrap();
    let delimiters = details.lines().filter(|l| l.starts_with("| --- |"));
    assert_eq!(delimiters.count(), 2, "{details}");
    assert!(
        !details.contains("{\\|") && !details.contains('\t'),
        "{details}"
    );
    assert!(
        details.ends_with("[Läs mer](<https://www.gavle.se/kompetens>)\n"),
        "{details}"
    );
    let wiki_then_tabs =
        "Sida\n\n{| class=\"wikitable\"\n! A !! B\n|-\n| 1 || 2\n|}\n\nC\tD\n3\t4\n";
    let body = import_page(wiki_then_tabs).unwrap().body;
    assert_eq!(tables_of(&body).len(), 2);
    let two_widths = "Sida\n\nA\tB\n1\t2\n\nC\tD\tE\n3\t4\t5\n";
    let body = import_page(two_widths).unwrap().body;
    let widths: Vec<usize> = tables_of(&body).iter().map(|t| t.header.len()).collect();
    assert_eq!(widths, [2, 3]);
}

/// A `{|` never closed ends at the blank line after it, and says so.
#[test]
fn outsider_tables_an_open_wikitable_ends_at_a_blank_line() {
    let imported = outsider("07-unclosed");
    let yaml = imported.yaml();
    assert!(
        yaml.contains("- text: |\n          Det här stycket står efter tabellen"),
        "{yaml}"
    );
    assert!(imported
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::Table && n.text.contains("no |} closes it")));
}

/// A short row of a table typed with spaces puts each cell under the
/// heading it starts under; wikitext cells lose `&amp;` and `<b>`.
#[test]
fn outsider_tables_cells_go_where_they_stand_and_markup_goes() {
    let typed = "Sida\n\nAktivitet    Start       Slut\nFörstudie    jan 2019    mars 2019\nInförande                2021\n";
    let body = import_page(typed).unwrap().body;
    assert_eq!(
        cells(&tables_of(&body)[0].rows[1]),
        ["Införande", "", "2021"]
    );
    let body = outsider("08-hostile").body;
    let wiki = tables_of(&body)[1];
    let all: Vec<&str> = wiki.rows.iter().flat_map(|r| cells(r)).collect();
    assert!(
        all.contains(&"Habo & Håbo") && all.contains(&"0643 fet"),
        "{all:?}"
    );
}

/// A "Kommun …" line with no key area in sight is a line of a long-form
/// page, not a municipality page that cannot be imported; under a table
/// of contents, only the headings it lists are headings.
#[test]
fn outsider_tables_a_kommun_line_and_a_poem_are_text() {
    let imported = outsider("06-traps");
    assert!(
        matches!(imported.body, PageBody::Article(_)),
        "{}",
        imported.evidence
    );
    let headings: Vec<&str> = imported
        .body
        .sections()
        .iter()
        .filter_map(|s| s.heading.as_deref().map(String::as_str))
        .collect();
    assert_eq!(headings, ["Bakgrund", "Dikt om förändring", "Deltagare"]);
    assert!(tables_of(&imported.body).is_empty());
}

/// Every page the outsider wrote imports, and loses no cell.
#[test]
fn outsider_tables_every_page_imports() {
    for entry in std::fs::read_dir("tests/wiki3/outsider-tables").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let raw = std::fs::read_to_string(&path).unwrap();
            let imported =
                import_page(&raw).unwrap_or_else(|p| panic!("{}: {}", path.display(), p.message));
            let yaml = imported.yaml();
            assert!(
                handbok::load::parse(&yaml, "x.yaml").is_ok(),
                "{}",
                path.display()
            );
        }
    }
}

//! Bad input never panics: each broken file becomes one finding with a
//! position, and every other file is still loaded.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

use handbok::diag::{Diagnostic, Severity};
use handbok::load::load;
use std::fs;

fn content(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in files {
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    dir
}

fn find<'a>(diags: &'a [Diagnostic], path: &str) -> &'a Diagnostic {
    let found: Vec<_> = diags.iter().filter(|d| d.path == path).collect();
    assert_eq!(found.len(), 1, "one finding for {path}: {diags:#?}");
    found[0]
}

fn loc(d: &Diagnostic) -> (&str, usize, usize) {
    (d.rule.as_str(), d.line, d.column)
}

const GOOD: &[u8] = b"kind: area\ntitle: Ledarskap\n";

#[test]
fn each_broken_file_is_one_finding_and_the_rest_still_loads() {
    let dir = content(&[
        ("good.yaml", GOOD),
        ("malformed.yaml", b"kind: area\ntitle: [Ledarskap\nvad: x\n"),
        (
            "wrong_type.yaml",
            b"kind: area\ntitle: Ledarskap\nexamples: inte en lista\n",
        ),
        (
            "unknown_field.yaml",
            b"kind: area\ntitle: Ledarskap\ntitel: Ledarskap\n",
        ),
        (
            "missing.yaml",
            b"kind: municipality\nmunicipality: Ume\xc3\xa5\narea: Ledarskap\n",
        ),
        ("latin1.yaml", b"kind: area\ntitle: Ume\xe5\n"),
        ("duplicate.yaml", b"kind: area\ntitle: A\ntitle: B\n"),
        ("unknown_kind.yaml", b"kind: wiki\ntitle: A\n"),
        (
            "level.yaml",
            b"kind: article\ntitle: A\nsections:\n  - heading: H\n    level: tre\n",
        ),
        (
            "nested/image.yaml",
            b"kind: article\ntitle: A\nsections:\n  - body:\n      - image: {alt: Bild}\n",
        ),
        ("list.yaml", b"- kind\n- area\n"),
        ("empty.yaml", b""),
    ]);
    let c = load(dir.path()).expect("folder loads");
    let d = &c.diagnostics;
    assert!(d.iter().all(|d| d.severity == Severity::Error));

    let malformed = find(d, "malformed.yaml");
    assert_eq!(loc(malformed), ("parse-error", 3, 4));
    assert!(
        malformed.message.starts_with("invalid YAML"),
        "{}",
        malformed.message
    );

    let wrong = find(d, "wrong_type.yaml");
    assert_eq!(loc(wrong), ("schema-violation", 3, 11));
    assert_eq!(
        wrong.message,
        "value is not of type \"array\" in `examples`"
    );

    let unknown = find(d, "unknown_field.yaml");
    assert_eq!(loc(unknown), ("schema-violation", 3, 1));
    assert_eq!(unknown.message, "unknown field `titel`");

    let missing = find(d, "missing.yaml");
    assert_eq!(loc(missing), ("schema-violation", 1, 1));
    assert_eq!(missing.message, "missing required field `title`");

    let latin1 = find(d, "latin1.yaml");
    assert_eq!(loc(latin1), ("parse-error", 2, 11));
    assert_eq!(latin1.message, "invalid UTF-8 (byte 0xe5)");

    let duplicate = find(d, "duplicate.yaml");
    assert_eq!(loc(duplicate), ("parse-error", 3, 1));
    assert_eq!(
        duplicate.message,
        "duplicate key `title` (first set on line 2)"
    );

    let kind = find(d, "unknown_kind.yaml");
    assert_eq!(loc(kind), ("schema-violation", 1, 7));

    let level = find(d, "level.yaml");
    assert_eq!(loc(level), ("schema-violation", 5, 12));
    assert!(
        level.message.ends_with("in `sections[0].level`"),
        "{}",
        level.message
    );

    let image = find(d, "nested/image.yaml");
    assert_eq!(loc(image), ("schema-violation", 5, 17));
    assert_eq!(
        image.message,
        "missing required field `file` in `sections[0].body[0].image`"
    );

    assert_eq!(find(d, "list.yaml").rule.as_str(), "parse-error");
    assert_eq!(find(d, "empty.yaml").rule.as_str(), "schema-violation");

    assert_eq!(
        c.pages.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["good"]
    );
    assert_eq!(d.len(), 11);
}

#[test]
fn a_missing_folder_is_an_error_of_the_tool() {
    let err = load(std::path::Path::new("tests/no-such-folder")).unwrap_err();
    assert!(
        err.to_string().contains("cannot read content folder"),
        "{err}"
    );
}

#[test]
fn the_bundled_content_loads_clean() {
    let c = load(std::path::Path::new("content")).unwrap();
    assert_eq!(c.diagnostics, vec![]);
    assert!(c.guide.is_some());
    assert_eq!(c.pages.len(), 5);
}

/// Loading changes nothing on disk: a left-over of a killed run is noted
/// (`Content::leftovers`), not removed; removing is the caller's choice.
#[test]
fn loading_notes_left_overs_and_removes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("guide.yaml"), "title: T\n").unwrap();
    let dead = dir.path().join(format!(
        "{}aB3xYz",
        handbok::files::tmp::prefix_of(4_000_000_000)
    ));
    std::fs::write(&dead, "half a page").unwrap();
    let content = handbok::load::load(dir.path()).unwrap();
    assert!(dead.exists());
    assert_eq!(
        content.leftovers,
        [std::path::PathBuf::from(format!(
            "{}aB3xYz",
            handbok::files::tmp::prefix_of(4_000_000_000)
        ))]
    );
    handbok::lint::fix::clear_leftovers(&content);
    assert!(!dead.exists());
}

//! `handbok diff` on a real page pair: the seed import and an edited copy
//! (changed summary, retitled example, removed example, example moved within
//! the page and to another area, white-space-only edit, added page, renamed
//! file), from folders and from git revisions.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

mod common;

use common::{copy_tree, handbok, handbok_in, stdout};

use std::path::Path;
use std::process::{Command, Output};

const OLD: &str = "tests/fixtures/diff/old";
const NEW: &str = "tests/fixtures/diff/new";

fn changes(o: &Output) -> Vec<(String, String, String, String)> {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)));
    let s = |x: &serde_json::Value| x.as_str().unwrap_or("").to_string();
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (s(&c["kind"]), s(&c["page"]), s(&c["entry"]), s(&c["field"])))
        .collect()
}

fn expected() -> Vec<(String, String, String, String)> {
    [
        ("moved", "omraden/ledarskap", "Exempel › Umeå – Ledarskap genom medborgarfokus, öppenhet, tillit och ständiga förbättringar", ""),
        ("changed", "omraden/ledarskap", "Exempel › Härryda – Gränsöverskridande samarbete i kommunens ledningsgrupp", "title"),
        ("changed", "omraden/ledarskap", "Exempel › Linköping – Ledarutbildningar", "summary"),
        ("changed", "omraden/hela-styrkedjan-med", "Avsnitt › Medborgarperspektivet", "body"),
        ("moved", "sidor/kungsbacka-ledaren", "", ""),
        ("removed", "omraden/ledarskap", "Exempel › Nordmaling – Situationsanpassat ledarskap", ""),
        ("moved", "omraden/hela-styrkedjan-med", "Exempel från några kommuner › Exempel › Malmö – Stöd för digitalt ledarskap", ""),
        ("added", "kommuner/linkoping/ledarskap", "", ""),
    ]
    .iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect()
}

fn sorted(mut v: Vec<(String, String, String, String)>) -> Vec<(String, String, String, String)> {
    v.sort();
    v
}

#[test]
fn folders_give_exactly_the_expected_changes() {
    let o = handbok(&["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(sorted(changes(&o)), sorted(expected()));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let summary = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "summary")
        .unwrap();
    assert_eq!(
        summary["old"],
        "Utbildningar för samtliga förskolechefer, rektorer och förstelärare.\n"
    );
    let changed: Vec<(&str, &str)> = summary["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["op"] != "equal")
        .map(|w| (w["op"].as_str().unwrap(), w["text"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changed,
        [
            ("delete", "rektorer"),
            ("insert", "skolledare"),
            ("insert", " i hela kommunen")
        ]
    );
    let ws = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "body")
        .unwrap();
    assert_eq!(ws["nature"], "whitespace");
    assert_eq!(v["summary"]["moved"], 3);
}

#[test]
fn every_format_matches_its_snapshot() {
    for format in ["text", "json", "markdown", "html"] {
        let o = handbok(&["diff", OLD, NEW, "--format", format]);
        insta::assert_snapshot!(format!("diff-{format}"), stdout(&o));
    }
    insta::assert_snapshot!("diff-stat", stdout(&handbok(&["diff", OLD, NEW, "--stat"])));
}

#[test]
fn ignore_whitespace_and_exit_code() {
    let o = handbok(&["diff", OLD, NEW, "--format", "json", "--ignore-whitespace"]);
    assert_eq!(changes(&o).len(), expected().len() - 1);
    assert_eq!(
        handbok(&["diff", OLD, NEW, "--exit-code"]).status.code(),
        Some(1)
    );
    let same = handbok(&["diff", OLD, OLD, "--exit-code"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(stdout(&same).ends_with("0 page(s): 0 added, 0 removed, 0 changed, 0 moved\n"));
}

#[test]
fn two_files_and_a_missing_side() {
    let a = format!("{OLD}/omraden/ledarskap.yaml");
    let b = format!("{NEW}/omraden/ledarskap.yaml");
    let o = handbok(&["diff", &a, &b, "--format", "json"]);
    // Without the other area, Malmö's move is a removal here.
    let got = changes(&o);
    assert_eq!(got.iter().filter(|c| c.1 == "ledarskap").count(), 5);
    assert!(got
        .iter()
        .any(|c| c.0 == "removed" && c.2.contains("Malmö")));
    let added = handbok(&["diff", "/dev/null", &b, "--format", "json"]);
    assert_eq!(
        changes(&added),
        [(
            "added".into(),
            "ledarskap".into(),
            String::new(),
            String::new()
        )]
    );
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn git_revisions_and_the_working_tree() {
    let repo = repo_with_old();
    let dir = repo.path();
    std::fs::remove_dir_all(dir.join("content")).unwrap();
    copy_tree(Path::new(NEW), &dir.join("content"));
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "new"]);
    let o = handbok_in(dir, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(sorted(changes(&o)), sorted(expected()));

    // Bare `handbok diff` compares HEAD with the working tree, new files included.
    let clean = handbok_in(dir, &["diff", "--exit-code"]);
    assert_eq!(clean.status.code(), Some(0));
    std::fs::write(
        dir.join("content/sidor/ny.yaml"),
        "kind: article\ntitle: Ny sida\n",
    )
    .unwrap();
    let page = dir.join("content/omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(&page)
        .unwrap()
        .replace("Ledarutbildningar", "Ledarutbildning");
    std::fs::write(&page, text).unwrap();
    let work = handbok_in(dir, &["diff", "--format", "json"]);
    let got = changes(&work);
    assert!(
        got.contains(&(
            "added".into(),
            "sidor/ny".into(),
            String::new(),
            String::new()
        )),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|c| c.0 == "changed" && c.3 == "title" && c.2.contains("Linköping")),
        "{got:?}"
    );
    // From a sub-folder, the content path is still found.
    let sub = handbok_in(
        &dir.join("content"),
        &["diff", "HEAD~1", "HEAD", "--path", ".", "--format", "json"],
    );
    assert_eq!(sorted(changes(&sub)), sorted(expected()));
    // From inside the guide, without --path: the guide it is in.
    let inside = handbok_in(
        &dir.join("content/omraden"),
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    assert_eq!(
        sorted(changes(&inside)),
        sorted(expected()),
        "{}",
        String::from_utf8_lossy(&inside.stderr)
    );
    // In a bare repository, where `HEAD` is a file too, revisions are revisions.
    let bare = tempfile::tempdir().unwrap();
    git(
        bare.path(),
        &["clone", "-q", "--bare", dir.to_str().unwrap(), "b.git"],
    );
    let o = handbok_in(
        &bare.path().join("b.git"),
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    );
    assert_eq!(
        sorted(changes(&o)),
        sorted(expected()),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let unknown = handbok_in(dir, &["diff", "no-such-rev"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("unknown revision or path `no-such-rev`")
    );
}

/// A repository with the old fixture committed, ready for a second commit.
fn repo_with_old() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    copy_tree(Path::new(OLD), &repo.path().join("content"));
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "old"]);
    repo
}

#[test]
fn a_renamed_folder_is_pages_moved_and_names_may_hold_line_breaks() {
    let repo = repo_with_old();
    let dir = repo.path();
    git(dir, &["mv", "content/kommuner", "content/kommunsidor"]);
    std::fs::write(
        dir.join("content/sidor/två\nrader.yaml"),
        "kind: article\ntitle: Två rader\n",
    )
    .unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "moved"]);
    let o = handbok_in(dir, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let got = changes(&o);
    let kinds: Vec<&str> = got.iter().map(|c| c.0.as_str()).collect();
    assert!(kinds.contains(&"moved"), "{got:?}");
    assert!(
        got.iter()
            .any(|c| c.0 == "added" && c.1 == "sidor/två\nrader"),
        "{got:?}"
    );
    assert!(!kinds.contains(&"removed"), "{got:?}");
}

#[test]
fn a_path_in_neither_revision_and_a_broken_side_are_named() {
    let repo = repo_with_old();
    let dir = repo.path();
    let typo = handbok_in(dir, &["diff", "HEAD", "--path", "contnet"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&typo.stderr).contains("no content folder `contnet`"),
        "{}",
        String::from_utf8_lossy(&typo.stderr)
    );
    std::fs::write(dir.join("content/sidor/trasig.yaml"), "kind: [\n").unwrap();
    let broken = handbok_in(dir, &["diff", "HEAD"]);
    assert_eq!(broken.status.code(), Some(2));
    let err = String::from_utf8_lossy(&broken.stderr);
    assert!(
        err.contains("new side (working tree): sidor/trasig.yaml:"),
        "{err}"
    );
}

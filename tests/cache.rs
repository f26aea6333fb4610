//! The load cache (`.handbok_cache/`): a run served from it says exactly
//! what a run that parsed every file says, a changed file is read again,
//! and a cache that is damaged, turned off or cannot be written changes
//! nothing but the time taken.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

mod common;

use common::{copy_tree, handbok_in, stderr, stdout};
use std::path::Path;

/// `handbok lint --format json` of the guide in `dir`, with extra args:
/// the findings, one line each, and the exit code. Spelling suggestions
/// are left out: they are worked out within a time budget, so a loaded
/// machine may give fewer.
fn lint_json(dir: &Path, extra: &[&str]) -> (Vec<String>, Option<i32>) {
    let mut args = vec!["lint", "--format", "json"];
    args.extend_from_slice(extra);
    let out = handbok_in(dir, &args);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if d["rule"] == "spelling" {
                d["help"] = serde_json::Value::Null;
            }
            d.to_string()
        })
        .collect();
    (findings, out.status.code())
}

/// The two runs found the same, or the first difference.
fn same(a: &(Vec<String>, Option<i32>), b: &(Vec<String>, Option<i32>), what: &str) {
    assert_eq!(a.1, b.1, "{what}: exit code");
    assert_eq!(a.0.len(), b.0.len(), "{what}: number of findings");
    if let Some((x, y)) = a.0.iter().zip(&b.0).find(|(x, y)| x != y) {
        panic!("{what}: first difference\n{x}\n{y}");
    }
}

fn guide_copy(from: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(Path::new(from), tmp.path());
    tmp
}

fn shards(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(dir.join(".handbok_cache"))
        .map(|e| e.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "msgpack"));
    found.sort();
    found
}

#[test]
fn a_warm_cache_gives_the_same_findings_at_the_same_places() {
    for (guide, has_findings) in [("content", false), ("tests/fixtures/imported", true)] {
        let tmp = guide_copy(guide);
        let fresh = lint_json(tmp.path(), &["--no-cache"]);
        assert!(shards(tmp.path()).is_empty(), "--no-cache wrote a cache");
        let cold = lint_json(tmp.path(), &[]);
        let written = shards(tmp.path()).len();
        assert!((1..=64).contains(&written), "{guide}: {written} shards");
        let warm = lint_json(tmp.path(), &[]);
        same(&fresh, &cold, &format!("{guide}: cold cache"));
        same(&fresh, &warm, &format!("{guide}: warm cache"));
        assert_eq!(!fresh.0.is_empty(), has_findings, "{guide}");
        let dir = tmp.path().join(".handbok_cache");
        let tag = std::fs::read_to_string(dir.join("CACHEDIR.TAG")).unwrap();
        assert!(tag.starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
        assert!(std::fs::read_to_string(dir.join(".gitignore"))
            .unwrap()
            .contains('*'));
    }
}

#[test]
fn a_changed_file_is_read_again() {
    let tmp = guide_copy("content");
    let page = tmp.path().join("omraden/ledarskap.yaml");
    let before = std::fs::read_to_string(&page).unwrap();
    let clean = lint_json(tmp.path(), &[]);
    assert!(!clean.0.iter().any(|f| f.contains("double-period")));
    // Same length, one character changed: only the text tells.
    let changed = before.replacen("Engagemang", "Engagema..", 1);
    assert_eq!(changed.len(), before.len());
    std::fs::write(&page, &changed).unwrap();
    let found = lint_json(tmp.path(), &[]);
    assert!(found.0.iter().any(|f| f.contains("double-period")));
    same(&found, &lint_json(tmp.path(), &["--no-cache"]), "changed");
    std::fs::write(&page, &before).unwrap();
    same(&lint_json(tmp.path(), &[]), &clean, "changed back");
}

#[test]
fn a_file_that_breaks_is_reported_and_a_deleted_one_forgotten() {
    let tmp = guide_copy("content");
    lint_json(tmp.path(), &[]);
    let page = tmp.path().join("omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("title:", "titel:", 1)).unwrap();
    let broken = lint_json(tmp.path(), &[]);
    assert!(broken.0.iter().any(|f| f.contains("schema-violation")));
    same(&broken, &lint_json(tmp.path(), &["--no-cache"]), "broken");
    std::fs::remove_file(&page).unwrap();
    let gone = lint_json(tmp.path(), &[]);
    assert!(!gone
        .0
        .iter()
        .any(|f| f.contains("omraden/ledarskap.yaml\"")));
    same(&gone, &lint_json(tmp.path(), &["--no-cache"]), "deleted");
}

#[test]
fn a_damaged_cache_is_ignored_and_rewritten() {
    let tmp = guide_copy("tests/fixtures/imported");
    let fresh = lint_json(tmp.path(), &["--no-cache"]);
    lint_json(tmp.path(), &[]);
    let all = shards(tmp.path());
    let biggest = all
        .iter()
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap()
        .clone();
    let whole = std::fs::read(&biggest).unwrap();
    // Cut short, flipped bytes, another shard's (valid) contents, nothing.
    let mut flipped = whole.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    let other = all.iter().find(|p| **p != biggest).unwrap();
    let damages: Vec<Vec<u8>> = vec![
        whole[..whole.len() / 2].to_vec(),
        flipped,
        std::fs::read(other).unwrap(),
        Vec::new(),
        b"not a cache".to_vec(),
    ];
    for damage in damages {
        std::fs::write(&biggest, &damage).unwrap();
        same(&lint_json(tmp.path(), &[]), &fresh, "damaged");
        assert_eq!(std::fs::read(&biggest).unwrap(), whole, "not rewritten");
    }
    // Not a file at all: an endless device, a pipe nobody writes to.
    std::fs::remove_file(&biggest).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &biggest).unwrap();
    same(&lint_json(tmp.path(), &[]), &fresh, "a link to /dev/zero");
    assert_eq!(std::fs::read(&biggest).unwrap(), whole, "not rewritten");
    std::fs::remove_file(&biggest).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&biggest).status();
    if made.is_ok_and(|s| s.success()) {
        same(&lint_json(tmp.path(), &[]), &fresh, "a pipe");
        assert_eq!(std::fs::read(&biggest).unwrap(), whole, "not rewritten");
    }
}

/// A folder of the cache's name that handbok did not make is the user's:
/// it gets no `.gitignore`, no tag and no shards, and linting works as
/// without a cache. One handbok made is used again.
#[test]
fn a_folder_of_the_caches_name_that_handbok_did_not_make_is_left_alone() {
    let tmp = guide_copy("content");
    let dir = tmp.path().join(".handbok_cache");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("anteckning.txt"), "mine\n").unwrap();
    let fresh = lint_json(tmp.path(), &[]);
    assert_eq!(names(&dir), ["anteckning.txt"]);
    std::fs::remove_dir_all(&dir).unwrap();
    same(&lint_json(tmp.path(), &[]), &fresh, "a new cache");
    assert!(dir.join("CACHEDIR.TAG").is_file() && dir.join(".gitignore").is_file());
    let shards = names(&dir).len();
    std::fs::remove_dir_all(tmp.path().join("omraden")).unwrap();
    lint_json(tmp.path(), &[]);
    assert_eq!(
        names(&dir).len(),
        shards,
        "handbok's own folder is used again"
    );
}

fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// What a killed `lint --fix` left beside a page goes with the next run;
/// a user's file that only starts the same way stays.
#[test]
fn left_overs_of_a_killed_fix_go_with_the_next_run() {
    let tmp = guide_copy("content");
    let dead = tmp.path().join(format!(
        "omraden/{}aB3xYz",
        handbok::files::tmp::prefix_of(4_000_000_000)
    ));
    let users = tmp.path().join("omraden/.handbok-anteckningar");
    std::fs::write(&dead, "half a page").unwrap();
    std::fs::write(&users, "mine").unwrap();
    lint_json(tmp.path(), &["--no-cache"]);
    assert!(!dead.exists());
    assert!(users.exists());
}

#[test]
fn a_cache_that_cannot_be_made_is_not_used() {
    let tmp = guide_copy("content");
    let fresh = lint_json(tmp.path(), &["--no-cache"]);
    // A file where the folder would go, then a link to a folder elsewhere.
    std::fs::write(tmp.path().join(".handbok_cache"), "mine").unwrap();
    same(&lint_json(tmp.path(), &[]), &fresh, "a file in the way");
    let out = handbok_in(tmp.path(), &["lint"]);
    assert_eq!(stderr(&out), "");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join(".handbok_cache")).unwrap(),
        "mine"
    );
    std::fs::remove_file(tmp.path().join(".handbok_cache")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), tmp.path().join(".handbok_cache")).unwrap();
    same(&lint_json(tmp.path(), &[]), &fresh, "a link");
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
}

#[test]
fn the_cache_goes_where_it_is_told_or_nowhere() {
    let tmp = guide_copy("content");
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().join("c");
    let fresh = lint_json(tmp.path(), &["--no-cache"]);
    let told = lint_json(tmp.path(), &["--cache-dir", dir.to_str().unwrap()]);
    same(&told, &fresh, "--cache-dir");
    assert!(dir.join("CACHEDIR.TAG").is_file());
    assert!(!tmp.path().join(".handbok_cache").exists());
    let run = |var: &str, value: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_handbok"))
            .args(["lint", "--format", "json"])
            .current_dir(tmp.path())
            .env(var, value)
            .output()
            .unwrap()
    };
    assert_eq!(run("HANDBOK_NO_CACHE", "1").status.code(), fresh.1);
    assert!(!tmp.path().join(".handbok_cache").exists());
    // An empty variable is the default place.
    let out = run("HANDBOK_CACHE_DIR", "");
    assert_eq!(out.status.code(), fresh.1, "{}", stderr(&out));
    assert!(tmp.path().join(".handbok_cache/CACHEDIR.TAG").is_file());
}

#[test]
fn an_export_from_the_cache_is_the_same_book() {
    let tmp = guide_copy("content");
    let book = |out: &str, extra: &[&str]| {
        let mut args = vec!["export", "--out", out];
        args.extend_from_slice(extra);
        let run = handbok_in(tmp.path(), &args);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        let dir = tmp.path().join(out);
        (
            std::fs::read(dir.join("handbok.pdf")).unwrap(),
            std::fs::read(dir.join("handbok.epub")).unwrap(),
        )
    };
    let fresh = book("a", &["--no-cache"]);
    book("b", &[]);
    assert!(!shards(tmp.path()).is_empty());
    assert!(book("c", &[]) == fresh, "the book from the cache differs");
}

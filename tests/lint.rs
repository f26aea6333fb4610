//! The linter on the real pages: the faithful import of the seeds keeps every
//! defect the wiki had, and the bundled content/ is clean.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

mod common;

use common::copy_tree;

use handbok::diag::{Diagnostic, RuleId};
use handbok::lint::fix::fix_in_place;
use handbok::lint::lint_folder;
use handbok::lint::output::Report;
use handbok::workspace::config::Config;
use handbok::workspace::selection::Selection;
use std::path::{Path, PathBuf};

const IMPORTED: &str = "tests/fixtures/imported";

fn imported_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new(IMPORTED), dir.path());
    dir
}

/// Lint `root` with its own handbok.toml, as `handbok lint` does.
fn lint(root: &Path) -> (handbok::load::Content, Vec<Diagnostic>) {
    lint_folder(root, &Config::find(root).unwrap()).unwrap()
}

#[test]
fn the_import_fixture_is_what_import_makes_of_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let mut seeds: Vec<PathBuf> = std::fs::read_dir("tests/seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    handbok::import::run(dir.path(), &seeds, &Default::default()).unwrap();
    assert_eq!(
        tree(dir.path()),
        tree(Path::new(IMPORTED)),
        "re-import the seeds"
    );
}

/// Every file under `dir` (schemas and guide included) with its text; not
/// the load cache a run of `handbok lint` leaves there (git ignores it).
fn tree(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.ends_with(".handbok_cache") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), text));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn lint_reports_the_defects_the_seeds_really_contain() {
    std::env::set_var("SOURCE_DATE_EPOCH", "1795305600"); // 2026-11-22
    let (_, diags) = lint(Path::new(IMPORTED));
    let listing: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} [{}] {}",
                d.path,
                d.line,
                d.column,
                d.severity.name(),
                d.rule,
                d.message
            )
        })
        .collect();
    insta::assert_snapshot!("seed-defects", listing.join("\n"));
}

#[test]
fn the_bundled_content_is_clean() {
    let (content, diags) = lint(Path::new("content"));
    assert_eq!(diags, vec![]);
    for source in content.sources.values() {
        for line in source.lines().filter(|l| l.contains("handbok: allow(")) {
            let reason = line.split(')').nth(1).unwrap_or("").trim();
            assert!(
                reason.len() > 10,
                "suppression without a real reason: {line}"
            );
        }
    }
}

#[test]
fn fix_is_idempotent_and_touches_only_fixable_lines() {
    let dir = imported_copy();
    let (before_content, before) = lint(dir.path());
    let fixed = fix_in_place(dir.path(), &Config::default(), &|_| true).unwrap();
    let (n, files) = (fixed.findings, fixed.files);
    assert!(
        n >= 40 && files == 4 && fixed.refused.is_empty(),
        "fixed {n} in {files} files"
    );
    assert_eq!(
        fix_in_place(dir.path(), &Config::default(), &|_| true).unwrap(),
        Default::default(),
        "second --fix changes nothing"
    );
    for (path, old) in &before_content.sources {
        let new = std::fs::read_to_string(dir.path().join(path)).unwrap();
        let fixable: Vec<usize> = before
            .iter()
            .filter(|d| &d.path == path && d.fix.is_some())
            .map(|d| d.line)
            .collect();
        let diff = similar::TextDiff::from_lines(&**old, new.as_str());
        for change in diff.iter_all_changes() {
            if change.tag() == similar::ChangeTag::Delete {
                let line = change.old_index().unwrap() + 1;
                assert!(
                    fixable.contains(&line),
                    "{path}:{line} changed without a fix: {}",
                    change.value()
                );
            }
        }
    }
    let (_, after) = lint(dir.path());
    assert!(
        after.iter().all(|d| d.fix.is_none()),
        "fixable findings remain"
    );
    assert!(after.len() < before.len());
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    // Schema from the npm package @microsoft/jest-sarif (MIT), lib/schemas/.
    // Its `run.language` pattern has a stray `]` that a strict validator
    // rejects as a regex; that one pattern is mended in memory.
    let text = std::fs::read_to_string("tests/fixtures/sarif-2.1.0-rtm.5.json").unwrap();
    let text = text.replace("-[a-zA-Z]{2}]?$", "-[a-zA-Z]{2}?$");
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options().build(&schema).unwrap();
    let (content, diags) = lint(Path::new(IMPORTED));
    let selection = Selection::new(&[IMPORTED.into()]).unwrap().0.unwrap();
    let report = Report {
        diagnostics: &diags,
        sources: &content.sources,
        files: content.sources.len(),
        selection: &selection,
    };
    let sarif: serde_json::Value = serde_json::from_str(&report.sarif()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        diags.len()
    );
    let first = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(first["region"]["startLine"], diags[0].line);
    let run = &sarif["runs"][0];
    assert!(run["originalUriBaseIds"]["CONTENT"]["uri"]
        .as_str()
        .is_some_and(|u| u.starts_with("file:///") && u.ends_with('/')));
    assert!(run["tool"]["driver"]["informationUri"].is_string());
    for rule in run["tool"]["driver"]["rules"].as_array().unwrap() {
        assert!(
            rule["name"].as_str().is_some_and(|n| n != rule["id"]),
            "{rule}"
        );
    }
    // Every safe fix is carried as a SARIF fix.
    let fixes = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["fixes"].is_array())
        .count();
    assert_eq!(fixes, diags.iter().filter(|d| d.fix.is_some()).count());
}

#[test]
fn github_and_junit_outputs_carry_every_finding() {
    let (content, diags) = lint(Path::new(IMPORTED));
    let selection = Selection::new(&[IMPORTED.into()]).unwrap().0.unwrap();
    let report = Report {
        diagnostics: &diags,
        sources: &content.sources,
        files: content.sources.len(),
        selection: &selection,
    };
    let github = report.github();
    assert_eq!(github.lines().count(), diags.len());
    assert!(github
        .lines()
        .all(|l| l.starts_with("::error file=tests/fixtures/imported/")
            || l.starts_with("::warning file=tests/fixtures/imported/")));
    assert!(github
        .lines()
        .all(|l| l.contains(",endLine=") && l.contains(",endColumn=")));
    let junit = report.junit();
    assert_eq!(junit.matches("<failure ").count(), diags.len());
    assert_eq!(junit.matches("<testsuite ").count(), content.sources.len());
    // A test case per finding, one passing case per clean file.
    let clean = content
        .sources
        .keys()
        .filter(|p| !diags.iter().any(|d| &d.path == *p))
        .count();
    assert_eq!(junit.matches("<testcase ").count(), diags.len() + clean);
}

/// A copy of the seed import with a baseline of its findings, and its
/// ledarskap page (path and text).
fn with_baseline() -> (tempfile::TempDir, PathBuf, PathBuf, String) {
    let dir = imported_copy();
    let (content, before) = lint(dir.path());
    let baseline = dir.path().join("baseline.json");
    handbok::lint::baseline::write(&baseline, &before, &content.sources).unwrap();
    let page = dir.path().join("omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(&page).unwrap();
    (dir, baseline, page, text)
}

#[test]
fn a_baseline_hides_old_findings_even_when_lines_move() {
    let (dir, baseline, page, text) = with_baseline();
    let moved = text.replacen(
        "kind: area\n",
        "kind: area\n# en ny kommentar\n# och en till\n",
        1,
    );
    let added = moved.replacen(
        "Utbildningar för samtliga",
        "Utbildningar för “alla” samtliga",
        1,
    );
    std::fs::write(&page, added).unwrap();
    let (content, after) = lint(dir.path());
    let new = handbok::lint::baseline::filter(&baseline, after, &content.sources).unwrap();
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(
        (new[0].rule.as_str(), new[0].text.as_deref()),
        ("quote-style", Some("“"))
    );
}

/// A new `..` is reported where it is, not taken for an old `Läs mer..`
/// further down the same file (a baseline matching by text alone did).
#[test]
fn a_baseline_reports_a_new_finding_where_it_is() {
    let (dir, baseline, page, text) = with_baseline();
    assert!(
        text.contains("Läs mer.."),
        "the seed has an old `Läs mer..`"
    );
    let planted = text.replacen("vem: |\n", "vem: |\n  Vi gör det här..\n", 1);
    std::fs::write(&page, planted).unwrap();
    let (content, after) = lint(dir.path());
    let new = handbok::lint::baseline::filter(&baseline, after, &content.sources).unwrap();
    let shown: Vec<_> = new.iter().map(|d| (d.rule.as_str(), d.line)).collect();
    let planted_line = std::fs::read_to_string(&page)
        .unwrap()
        .lines()
        .position(|l| l.contains("Vi gör det här.."))
        .unwrap()
        + 1;
    assert_eq!(shown, [("double-period", planted_line)], "{new:#?}");
}

/// Twenty identical `text: Läs mer..` lines share a fingerprint: a new one
/// inserted among them is still reported where it is, not at the last old one.
#[test]
fn a_baseline_tells_a_new_finding_among_identical_old_ones() {
    let (dir, baseline, _, _) = with_baseline();
    let page = dir.path().join("omraden/organisation-och-kultur.yaml");
    let text = std::fs::read_to_string(&page).unwrap();
    let example = "  - municipality: Kalix\n    title: Nytt exempel\n    summary: |\n      Text.\n    read_more:\n      text: Läs mer..\n      to: kalix/organisation-och-kultur\n";
    let at = text.find("  - municipality: Göteborg\n").unwrap();
    std::fs::write(&page, format!("{}{example}{}", &text[..at], &text[at..])).unwrap();
    let (content, after) = lint(dir.path());
    let new = handbok::lint::baseline::filter(&baseline, after, &content.sources).unwrap();
    let line = text[..at].lines().count() + 6;
    let periods: Vec<_> = new
        .iter()
        .filter(|d| d.rule == RuleId::DoublePeriod)
        .map(|d| (d.path.as_str(), d.line))
        .collect();
    assert_eq!(
        periods,
        [("omraden/organisation-och-kultur.yaml", line)],
        "{new:#?}"
    );
}

//! Every rule has a fixture folder `tests/fixtures/rules/<id>/`: its findings
//! must all be in files named `bad*` (true positives, many taken from the
//! seeds) or whose first line is a `# bad` comment (`guide.yaml`), none in
//! `good*` (true negatives), and they are pinned in a snapshot.

use handbok::lint::config::Config;
use handbok::lint::rules::RULES;
use handbok::lint::{check, suppress};
use std::path::Path;

fn findings(rule: &str) -> Vec<handbok::diag::Diagnostic> {
    let root = Path::new("tests/fixtures/rules").join(rule);
    let content = handbok::load::load(&root).unwrap_or_else(|e| panic!("{rule}: {e}"));
    let config = Config::default();
    let all = check(&content, &config, 2026);
    let mut all = suppress::apply(&content.sources, all, |id| config.enabled(id));
    all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    all.into_iter().filter(|d| d.rule == rule).collect()
}

#[test]
fn every_rule_has_a_fixture_with_positives_only_in_bad_files() {
    for rule in RULES {
        let found = findings(rule.id);
        assert!(!found.is_empty(), "{}: no finding in its fixture", rule.id);
        for d in &found {
            let file = Path::new(&d.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            let root = Path::new("tests/fixtures/rules").join(rule.id);
            let first = std::fs::read_to_string(root.join(&d.path)).unwrap_or_default();
            assert!(
                file.starts_with("bad") || first.starts_with("# bad"),
                "{}: false alarm in {}:{}: {}",
                rule.id,
                d.path,
                d.line,
                d.message
            );
        }
        let lines: Vec<String> = found
            .iter()
            .map(|d| {
                let fix = d
                    .fix
                    .as_ref()
                    .map_or(String::new(), |f| format!(" [fix: {:?}]", f.replacement));
                format!(
                    "{}:{}:{} {} {}{fix}",
                    d.path,
                    d.line,
                    d.column,
                    d.severity.name(),
                    d.message
                )
            })
            .collect();
        insta::assert_snapshot!(format!("rule-{}", rule.id), lines.join("\n"));
    }
}

#[test]
fn every_rule_is_documented_with_example_and_fix() {
    for rule in RULES {
        for section in [
            "## What it finds",
            "## Why it matters",
            "## Example",
            "## Use instead",
        ] {
            assert!(
                rule.doc.contains(section),
                "{}: doc lacks {section}",
                rule.id
            );
        }
        assert!(!rule.summary.is_empty());
        assert!(
            rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is kebab-case",
            rule.id
        );
        let folder = Path::new("tests/fixtures/rules").join(rule.id);
        assert!(folder.is_dir(), "{}: no fixture folder", rule.id);
    }
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len(), "rule ids are unique");
}

#[test]
fn the_contract_rule_ids_are_errors() {
    for id in [
        "duplicate-entry",
        "missing-read-more",
        "placeholder-illustration",
        "parse-error",
        "schema-violation",
    ] {
        let rule = handbok::lint::rule(id).unwrap_or_else(|| panic!("{id} exists"));
        assert_eq!(rule.severity, handbok::diag::Severity::Error, "{id}");
    }
}

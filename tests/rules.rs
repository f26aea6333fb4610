//! Every rule has a fixture folder `tests/fixtures/rules/<id>/`: its findings
//! must all be in files named `bad*` (true positives, many taken from the
//! seeds) or whose first line is a `# bad` comment (`guide.yaml`), none in
//! `good*` (true negatives), and they are pinned in a snapshot.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

use handbok::diag::RuleId;
use handbok::lint::rules::RULES;
use handbok::lint::{check, suppress};
use handbok::workspace::config::Config;
use std::path::Path;

fn findings(rule: RuleId) -> Vec<handbok::diag::Diagnostic> {
    let root = Path::new("tests/fixtures/rules").join(rule.as_str());
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
            let root = Path::new("tests/fixtures/rules").join(rule.id.as_str());
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
            rule.id
                .as_str()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'),
            "{} is kebab-case",
            rule.id
        );
        let folder = Path::new("tests/fixtures/rules").join(rule.id.as_str());
        assert!(folder.is_dir(), "{}: no fixture folder", rule.id);
    }
    let ids: Vec<RuleId> = RULES.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        RuleId::ALL,
        "the registry has each rule id once, in the same order"
    );
}

/// `fixable` is what the check does: a fixable rule's fixture has a finding
/// with a fix, and no finding of any other rule ever carries one (in the
/// fixtures or the seed import).
#[test]
fn fixable_says_whether_the_check_makes_fixes() {
    let seeds = handbok::load::load(Path::new("tests/fixtures/imported")).unwrap();
    let seed_findings = check(&seeds, &Config::default(), 2026);
    for rule in RULES {
        let found = findings(rule.id);
        let fixed = found.iter().any(|d| d.fix.is_some());
        if rule.fixable {
            assert!(
                fixed,
                "{}: fixable, but no finding in its fixture has a fix",
                rule.id
            );
        } else {
            let in_seeds = seed_findings.iter().filter(|d| d.rule == rule.id);
            assert!(
                !fixed && in_seeds.clone().all(|d| d.fix.is_none()),
                "{}: not fixable, but a finding has a fix",
                rule.id
            );
        }
    }
}

/// Suppression findings go through the settings like every other finding:
/// `[lint] ignore` and `[lint.severity]` apply to them (they did not).
#[test]
fn settings_apply_to_findings_about_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let fixture = Path::new("tests/fixtures/rules/unused-suppression");
    for file in handbok::load::content_files(fixture).unwrap() {
        std::fs::create_dir_all(root.join(&file).parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(&file), root.join(&file)).unwrap();
    }
    let lint = |toml: &str| {
        std::fs::write(root.join("handbok.toml"), toml).unwrap();
        let config = Config::find(root).unwrap();
        let (_, diags) = handbok::lint::lint_folder(root, &config).unwrap();
        diags
            .into_iter()
            .filter(|d| d.rule == RuleId::UnusedSuppression)
            .map(|d| d.severity)
            .collect::<Vec<_>>()
    };
    use handbok::diag::Severity;
    let found = lint("");
    assert!(!found.is_empty() && found.iter().all(|s| *s == Severity::Warning));
    let raised = lint("[lint.severity]\nunused-suppression = \"error\"\n");
    assert!(raised.len() == found.len() && raised.iter().all(|s| *s == Severity::Error));
    assert_eq!(lint("[lint]\nignore = [\"unused-suppression\"]\n"), []);
    let per_path = "[lint.per-path-ignores]\n\"**\" = [\"unused-suppression\"]\n";
    assert_eq!(lint(per_path), []);
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
        let id = RuleId::parse(id).unwrap_or_else(|| panic!("{id} exists"));
        assert_eq!(
            handbok::lint::rule(id).severity(),
            handbok::diag::Severity::Error,
            "{id}"
        );
    }
}

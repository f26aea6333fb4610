//! The property that fixes are safe: on the seed import and on a generated
//! guide, every fix, applied alone, gives a file that still parses, changes
//! only the bytes it names, and adds no finding to the file.

use handbok::diag::{Diagnostic, RuleId};
use handbok::workspace::config::Config;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (rule, message) → how many, for one file linted on its own (with the
/// guide's media folder, so image fixes are judged as lint judged them).
fn findings(root: &Path, rel: &str, text: &str) -> BTreeMap<(String, String), usize> {
    let content =
        handbok::load::load_bytes(root, vec![(PathBuf::from(rel), text.as_bytes().to_vec())]);
    let mut out = BTreeMap::new();
    // LIX measures the whole page: any edit moves it, and its finding is
    // not at the fixed span.
    for d in handbok::lint::check(&content, &Config::default(), 2026)
        .into_iter()
        .filter(|d| d.rule != RuleId::Readability)
    {
        *out.entry((d.rule.to_string(), d.message)).or_default() += 1;
    }
    out
}

fn check_fixes(root: &Path) -> usize {
    let content = handbok::load::load(root).expect("content loads");
    let diags = handbok::lint::check(&content, &Config::default(), 2026);
    let mut checked = 0;
    let mut before_cache: BTreeMap<String, BTreeMap<(String, String), usize>> = BTreeMap::new();
    for d in diags.iter().filter(|d| d.fix.is_some()) {
        let fix = d.fix.as_ref().expect("filtered");
        let source = &content.sources[&d.path];
        let fixed = handbok::lint::fix::apply(source, &[fix]);
        let what = format!(
            "{}:{}:{} [{}] {}",
            d.path, d.line, d.column, d.rule, d.message
        );
        assert!(
            handbok::load::parse(&fixed, &d.path).is_ok(),
            "{what}: the fixed file does not parse"
        );
        let tail = source.len() - fix.end;
        assert_eq!(
            &fixed[..fix.start],
            &source[..fix.start],
            "{what}: changed before its span"
        );
        assert_eq!(
            &fixed[fixed.len() - tail..],
            &source[fix.end..],
            "{what}: changed after its span"
        );
        let before = before_cache
            .entry(d.path.clone())
            .or_insert_with(|| findings(root, &d.path, source))
            .clone();
        let after = findings(root, &d.path, &fixed);
        for (key, n) in &after {
            let had = before.get(key).copied().unwrap_or(0);
            assert!(
                *n <= had,
                "{what}: the fix adds «{}: {}»\n{}",
                key.0,
                key.1,
                excerpt(&fixed, d)
            );
        }
        checked += 1;
    }
    checked
}

fn excerpt(text: &str, d: &Diagnostic) -> String {
    text.lines()
        .skip(d.line.saturating_sub(2))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_fix_on_the_seed_import_and_a_generated_guide_is_safe() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace");
    let seeds = check_fixes(&workspace.join("tests/fixtures/imported"));
    assert!(seeds >= 40, "{seeds} fixes on the seed import");
    let out = std::env::temp_dir().join(format!("handbok-fixes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    crate::corpus::generate_to(workspace, 700, &out, 11).expect("corpus generates");
    let generated = check_fixes(&out);
    std::fs::remove_dir_all(&out).expect("clean up");
    assert!(generated >= 10, "{generated} fixes on the generated guide");
}

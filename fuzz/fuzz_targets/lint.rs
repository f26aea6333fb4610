//! Lint and --fix: never a panic, and applying every fix gives a file that
//! still parses.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

fuzz_target!(|data: &[u8]| {
    // Suggestions take up to a second a run: the fuzzer wants thousands.
    handbok::lang::suggest::set_suggestion_time(std::time::Duration::ZERO);
    let content = handbok::load::load_bytes(
        Path::new("fuzz"),
        vec![(PathBuf::from("omraden/a.yaml"), data.to_vec())],
    );
    let config = handbok::workspace::config::Config::default();
    let diags = handbok::lint::check(&content, &config, 2026);
    for (path, (_, after)) in handbok::lint::fix::fixed_files(&content.sources, &diags) {
        assert!(
            handbok::load::parse(&after, &path).is_ok(),
            "a fixed file does not parse"
        );
    }
    for d in &diags {
        let source = content
            .sources
            .get(&d.path)
            .map(|s| handbok::diag::Source::new(s));
        let _ =
            handbok::diag::render_human(d, source.as_ref(), handbok::diag::Style { color: false });
    }
});

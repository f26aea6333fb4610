//! Wiki text → YAML: import never panics, and what it writes loads back.
#![no_main]
use handbok::diag::RuleId;
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(imported) = handbok::import::import_page(text) {
        let yaml = imported.yaml();
        let content = handbok::load::load_bytes(
            Path::new("fuzz"),
            vec![(PathBuf::from(&imported.rel_path), yaml.into_bytes())],
        );
        let broken: Vec<_> = content
            .diagnostics
            .iter()
            .filter(|d| matches!(d.rule, RuleId::ParseError | RuleId::SchemaViolation))
            .collect();
        assert!(broken.is_empty(), "imported YAML does not load: {broken:?}");
    }
});

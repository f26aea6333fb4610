//! Bytes → model: loading never panics, whatever the file holds.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

fuzz_target!(|data: &[u8]| {
    let content = handbok::load::load_bytes(
        Path::new("fuzz"),
        vec![(PathBuf::from("omraden/a.yaml"), data.to_vec())],
    );
    // A file either loads as a page or is a finding.
    assert!(content.pages.len() + content.diagnostics.len() >= 1);
});

//! Diff of two versions of a file: never a panic, and every format renders.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

fuzz_target!(|data: &[u8]| {
    let cut = data
        .iter()
        .position(|&b| b == 0xff)
        .unwrap_or(data.len() / 2);
    let (old, new) = data.split_at(cut);
    let load = |bytes: &[u8]| {
        handbok::load::load_bytes(
            Path::new("fuzz"),
            vec![(PathBuf::from("omraden/a.yaml"), bytes.to_vec())],
        )
    };
    let (old, new) = (load(old), load(new.get(1..).unwrap_or_default()));
    let changes = handbok::diff::compare::diff(
        &old.pages,
        &new.pages,
        handbok::diff::compare::Options {
            ignore_whitespace: false,
        },
    );
    let lix = handbok::diff::readability(&changes, &old, &new);
    let _ = handbok::diff::render::json(&changes, &lix);
    let _ = handbok::diff::render::markdown(&changes, &lix, "old", "new");
    let _ = handbok::diff::render::html(&changes, &lix, "old", "new");
    let _ = handbok::diff::render::text(
        &changes,
        &lix,
        false,
        handbok::diag::Style { color: false },
    );
});

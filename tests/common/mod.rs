//! Helpers shared by the integration tests: running the binary and copying
//! fixture folders.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures
#![allow(dead_code)] // each test binary uses a different subset

use std::path::Path;
use std::process::{Command, Output};

/// Run `handbok` in `dir` with colour off.
pub fn handbok_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

/// Run `handbok` in the repository root.
pub fn handbok(args: &[&str]) -> Output {
    handbok_in(Path::new("."), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copy a folder tree (fixtures into temporary folders), without the load
/// cache earlier runs left in it.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == ".handbok_cache" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The text of every XHTML file in an EPUB.
pub fn zip_text(epub: &Path) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        if f.name().ends_with(".xhtml") {
            std::io::Read::read_to_string(&mut f, &mut all).unwrap();
        }
    }
    all
}

/// The names of the files in an EPUB.
pub fn zip_names(epub: &Path) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::fs::File::open(epub).unwrap()).unwrap();
    archive.file_names().map(str::to_string).collect()
}

/// The text of every page of a PDF, with single spaces.
pub fn pdf_text(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap_or_default();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

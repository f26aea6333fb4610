//! `handbok init [DIR]`: a new guide that lints clean and exports, with the
//! schemas for editors, settings, a word list, a pre-commit configuration
//! and an empty media folder. Nothing that exists is ever overwritten.

use crate::files::read;
use crate::files::stage::{self, Output};
use crate::load::{GUIDE_FILE, SCHEMA_FILES};
use crate::model::MEDIA_DIR;
use crate::Error;
use std::path::{Path, PathBuf};

/// The first key area of a new guide.
pub const AREA: &str = "omraden/ledarskap.yaml";

/// Write a new guide titled `title` into `dir` (made if missing): the
/// files written, in order. Refused when any of them is there already.
pub fn create(dir: &Path, title: &str) -> Result<Vec<PathBuf>, Error> {
    let title = title.trim();
    if title.is_empty() || title.contains(['\n', '\r']) {
        return Err(Error::new("the title needs one line of text"));
    }
    let files = files(title);
    let taken: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| read::entry(p) != read::Entry::Missing)
        .map(|p| p.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(Error::new(format!(
            "{} already there; init writes only into a new guide",
            taken.join(", ")
        )));
    }
    // All or nothing: the files, the empty media folder (kept by a
    // `.gitkeep`, as git keeps no empty folder) and `dir` itself if it is new.
    let mut outputs: Vec<Output> = files
        .iter()
        .map(|(name, text)| Output {
            rel: name.into(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    outputs.push(Output {
        rel: Path::new(MEDIA_DIR).join(".gitkeep"),
        bytes: Vec::new(),
    });
    stage::commit(dir, &outputs)
        .map_err(|e| Error::new(format!("nothing was written: cannot write {e}")))?;
    Ok(files.iter().map(|(name, _)| dir.join(name)).collect())
}

/// The files of a new guide: relative path and text.
fn files(title: &str) -> Vec<(String, String)> {
    let quoted = serde_json::to_string(title).expect("a string serializes");
    let mut files = vec![
        (
            GUIDE_FILE.to_string(),
            format!(
                "# yaml-language-server: $schema=schemas/guide.schema.json\n\
                 title: {quoted}\nlanguage: sv\nedition: \"1\"\nparts:\n  - omraden/ledarskap\n"
            ),
        ),
        (
            AREA.to_string(),
            "# yaml-language-server: $schema=../schemas/area.schema.json\n\
             kind: area\ntitle: Ledarskap\n\
             vad: |\n  Ledningen visar vart organisationen är på väg och varför.\n\
             vem: |\n  Chefer på alla nivåer, med stöd av politiken.\n\
             hur: |\n  Ledningen sätter mål, följer upp dem och visar själv vägen.\n"
                .to_string(),
        ),
        (
            crate::workspace::config::FILE_NAME.to_string(),
            "# handbok settings: `handbok rules` lists the rules, README.md tells the rest.\n\
             [lint]\nselect = [\"ALL\"]\n\
             [export]\nformats = [\"pdf\", \"epub\", \"html\"]\nout = \"dist\"\n"
                .to_string(),
        ),
        (
            "ordlista.txt".to_string(),
            "# Words the spelling rule accepts, one a line: names and terms of this guide.\n"
                .to_string(),
        ),
        (
            ".pre-commit-config.yaml".to_string(),
            "# pre-commit (https://pre-commit.com) runs handbok on the files of each commit.\n\
             repos:\n  - repo: local\n    hooks:\n      - id: handbok-lint\n        \
             name: handbok lint\n        entry: handbok lint --strict\n        language: system\n        \
             files: '(\\.ya?ml|/handbok\\.toml|/ordlista\\.txt)$'\n        require_serial: true\n"
                .to_string(),
        ),
    ];
    files.extend(
        SCHEMA_FILES
            .iter()
            .map(|(name, text)| (format!("schemas/{name}"), text.to_string())),
    );
    files
}

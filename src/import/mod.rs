//! `handbok import`: raw wiki page text → content files.
//!
//! Import is faithful: it places text, it does not repair it (that is the
//! linter's job). Wiki chrome is left out and listed in the report; text it
//! cannot place is kept under `unplaced:` and listed too.

mod lines;
mod markdown;
mod parse;

pub use lines::is_chrome;
pub use parse::revision_line;

use crate::model::{slug, PageBody};
use crate::write::{to_yaml, write_atomic};
use crate::Error;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteKind {
    /// Wiki navigation left out of the content.
    Chrome,
    /// An image name glued into prose, kept as it is.
    GluedImage,
    /// A "Läs mer" target filled in from the wiki's naming convention.
    InferredLink,
    /// Text kept under `unplaced:`.
    Unplaced,
}

impl NoteKind {
    fn label(self) -> &'static str {
        match self {
            NoteKind::Chrome => "left out (wiki chrome)",
            NoteKind::GluedImage => "image name glued into text",
            NoteKind::InferredLink => "Läs mer target inferred",
            NoteKind::Unplaced => "kept under unplaced",
        }
    }
}

/// Something the importer did that a person should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub kind: NoteKind,
    pub text: String,
}

/// One imported page: where it goes and what it holds.
#[derive(Debug)]
pub struct Imported {
    /// Path under the content root, e.g. `omraden/ledarskap.yaml`.
    pub rel_path: PathBuf,
    pub body: PageBody,
    pub notes: Vec<Note>,
}

impl Imported {
    /// The file's text, starting with the schema line for editors.
    pub fn yaml(&self) -> String {
        let depth = self.rel_path.components().count();
        let header = format!(
            "yaml-language-server: $schema={}schemas/{}.schema.json",
            "../".repeat(depth),
            self.body.kind().name()
        );
        to_yaml(&self.body, Some(&header))
    }
}

/// Import one page from its text.
pub fn import_page(raw: &str) -> Imported {
    let (body, mut notes, from_wiki) = parse::Parser::new(lines::classify(raw)).parse();
    notes.sort_by_key(|n| n.line);
    let title_slug = slug(body.title());
    let rel_path = match &body {
        PageBody::Municipality(m) => PathBuf::from(format!(
            "kommuner/{}/{}.yaml",
            slug(&m.municipality),
            slug(&m.area)
        )),
        PageBody::Area(_) => PathBuf::from(format!("omraden/{title_slug}.yaml")),
        PageBody::Article(_) if from_wiki => PathBuf::from(format!("omraden/{title_slug}.yaml")),
        PageBody::Article(_) => PathBuf::from(format!("sidor/{title_slug}.yaml")),
    };
    Imported {
        rel_path,
        body,
        notes,
    }
}

/// What `handbok import` did with one input file.
pub struct Report {
    pub input: PathBuf,
    pub imported: Imported,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.imported;
        writeln!(
            f,
            "{} → {} ({})",
            self.input.display(),
            i.rel_path.display(),
            summary(&i.body)
        )?;
        for n in &i.notes {
            writeln!(f, "  line {:>3}: {}: {}", n.line, n.kind.label(), n.text)?;
        }
        Ok(())
    }
}

fn summary(body: &PageBody) -> String {
    match body {
        PageBody::Area(a) => format!(
            "key area, {} examples{}",
            a.examples.len(),
            if a.model.is_some() {
                ", Så gör Mittköping"
            } else {
                ""
            }
        ),
        PageBody::Municipality(m) => format!("municipality page {} – {}", *m.municipality, *m.area),
        PageBody::Article(a) => format!("long-form page, {} sections", a.sections.len()),
    }
}

/// Import `files` into the content folder `out`. Existing files are kept
/// unless `force`; a missing `guide.yaml` is created listing the key areas.
pub fn run(out: &Path, files: &[PathBuf], force: bool) -> Result<Vec<Report>, Error> {
    let mut reports = Vec::new();
    for input in files {
        let bytes = std::fs::read(input)
            .map_err(|e| Error::new(format!("cannot read {}: {e}", input.display())))?;
        let raw = String::from_utf8(bytes).map_err(|e| {
            Error::new(format!(
                "{}: invalid UTF-8 at byte {}; convert the page to UTF-8 first",
                input.display(),
                e.utf8_error().valid_up_to()
            ))
        })?;
        let imported = import_page(&raw);
        let target = out.join(&imported.rel_path);
        if target.exists() && !force {
            return Err(Error::new(format!(
                "{} exists; pass --force to overwrite it",
                target.display()
            )));
        }
        if reports
            .iter()
            .any(|r: &Report| r.imported.rel_path == imported.rel_path)
        {
            return Err(Error::new(format!(
                "{} and another input both import to {}",
                input.display(),
                imported.rel_path.display()
            )));
        }
        reports.push(Report {
            input: input.clone(),
            imported,
        });
    }
    for r in &reports {
        let target = out.join(&r.imported.rel_path);
        write_atomic(&target, r.imported.yaml().as_bytes())
            .map_err(|e| Error::new(format!("cannot write {}: {e}", target.display())))?;
    }
    write_guide(out, &reports)?;
    Ok(reports)
}

fn write_guide(out: &Path, reports: &[Report]) -> Result<(), Error> {
    let path = out.join(crate::load::GUIDE_FILE);
    if path.exists() {
        return Ok(());
    }
    let parts: Vec<String> = reports
        .iter()
        .filter(|r| r.imported.rel_path.starts_with("omraden"))
        .map(|r| crate::model::page_id(&r.imported.rel_path))
        .collect();
    let guide = serde_json::json!({
        "title": "Mittköping",
        "subtitle": "En handbok om digitalisering i kommuner",
        "language": "sv",
        "edition": "1",
        "parts": parts,
    });
    let yaml = to_yaml(
        &guide,
        Some("yaml-language-server: $schema=../schemas/guide.schema.json"),
    );
    write_atomic(&path, yaml.as_bytes())
        .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))
}

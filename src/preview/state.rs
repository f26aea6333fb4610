//! What the preview shows at one moment: the book as the guide on disk
//! makes it, the findings of each file, and what does not load. Made by
//! the watching thread after each change and swapped in whole, so a
//! request always reads one consistent build.

use crate::diag::{Diagnostic, Severity};
use crate::export::html::Html;
use crate::export::ir::Book;
use crate::workspace::Workspace;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One build of the preview.
pub struct Built {
    /// Counts the builds: what the open tabs compare to know theirs is old.
    pub generation: u64,
    /// The book, or why none can be made (guide.yaml does not load, a
    /// part names no page).
    pub book: Arc<Result<Book, String>>,
    pub html: Html,
    /// Each file's findings (relative path → findings, sorted).
    pub findings: HashMap<String, Vec<Diagnostic>>,
    /// The text of each file, to show a finding's line.
    pub sources: BTreeMap<String, Arc<str>>,
    /// Files that do not load, by the site path their page would have.
    pub broken: HashMap<String, String>,
    /// Why handbok.toml is not in force, when it is broken.
    pub settings: Option<String>,
    /// lint's notes on the guide as a whole (a word list not used).
    pub notes: Vec<String>,
    /// Absolute folder of the guide, for the editor's links.
    pub root: std::path::PathBuf,
    /// What the links open, as `[serve] editor` says (else vscode).
    pub editor: super::Editor,
    /// How many times a file other than a page (media/, the logo) has
    /// changed: a page's images ask for `?v=` it, so an open tab fetches
    /// a changed image, whose name in the site follows its path, not its
    /// bytes.
    pub media: u64,
}

impl Built {
    /// The workspace as it is, with its `book`, and `findings` and `notes`
    /// of a check.
    pub fn new(
        generation: u64,
        ws: &Workspace,
        book: Arc<Result<Book, String>>,
        (findings, notes): (Vec<Diagnostic>, Vec<String>),
        settings: Option<String>,
    ) -> Built {
        let content = &ws.content;
        Built {
            generation,
            book,
            html: Html {
                books: Vec::new(),
                settings: ws.config.export.site.clone(),
            },
            findings: by_file(findings),
            sources: content.sources.clone(),
            broken: broken(ws),
            settings,
            notes,
            root: ws.root.clone(),
            editor: editor(&ws.config),
            media: 0,
        }
    }

    /// The findings of `file`.
    pub fn of(&self, file: &str) -> &[Diagnostic] {
        self.findings.get(file).map_or(&[], Vec::as_slice)
    }
}

/// The book of the workspace's content, as a draft: what cannot be
/// shown (an image missing) has a stand-in, as `export --force` makes it.
pub fn book(ws: &Workspace, images: &crate::media::Checks) -> Arc<Result<Book, String>> {
    let book = crate::export::ir::build_with(&ws.content, true, images)
        .map(|(book, _drafts)| book)
        .map_err(|e| e.to_string());
    Arc::new(book)
}

fn editor(config: &crate::workspace::Config) -> super::Editor {
    let name = config.serve.editor.as_deref().unwrap_or("vscode");
    let pattern = crate::workspace::config::editor_pattern(name);
    super::Editor(pattern.unwrap_or_default())
}

fn by_file(findings: Vec<Diagnostic>) -> HashMap<String, Vec<Diagnostic>> {
    let mut out: HashMap<String, Vec<Diagnostic>> = HashMap::new();
    for d in findings {
        out.entry(d.path.clone()).or_default().push(d);
    }
    out
}

/// The content files with a load error and no page: their site path
/// (the page id the file would give) → the file.
fn broken(ws: &Workspace) -> HashMap<String, String> {
    let content = &ws.content;
    let loaded: std::collections::HashSet<String> =
        content.pages.iter().map(|p| p.display_path()).collect();
    content
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && !loaded.contains(&d.path))
        .filter(|d| d.path != crate::load::GUIDE_FILE)
        .map(|d| {
            let id = crate::model::page_id(std::path::Path::new(&d.path));
            (id, d.path.clone())
        })
        .collect()
}

/// The findings of a full pass, with those of `files` replaced by a
/// quicker pass over just them (`fresh`): what is shown while the full
/// pass runs.
pub fn merged(old: &Built, files: &[String], fresh: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = old
        .findings
        .iter()
        .filter(|(file, _)| !files.contains(file))
        .flat_map(|(_, list)| list.iter().cloned())
        .collect();
    out.extend(fresh);
    out
}

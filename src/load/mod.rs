//! Load a content folder into the model: find the files, read them in
//! parallel, parse YAML with positions, validate against the JSON Schemas
//! and deserialize into typed values. A file that fails at any step becomes a
//! finding and every other file is still loaded.

mod cache;
mod read;
mod schema;
mod yaml;

pub use cache::{Cache, CACHE_DIR};
pub use read::{Limits, MAX_FILE_SIZE};
pub use schema::{schema_text, SCHEMA_FILES};
pub use yaml::parse;

use crate::diag::{Diagnostic, RuleId};
use crate::model::{Guide, Located, Page, PageBody, PageKind, Text};
use crate::Error;
use marked_yaml::Node;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The name of the file that describes the book as a whole.
pub const GUIDE_FILE: &str = "guide.yaml";

/// Everything loaded from one content folder.
#[derive(Debug, Default)]
pub struct Content {
    pub root: PathBuf,
    /// The limits it was loaded with, kept for reading files again.
    pub limits: Limits,
    pub guide: Option<Guide>,
    /// Loaded pages, sorted by id.
    pub pages: Vec<Page>,
    /// The text of every file read, by relative path, for showing findings.
    pub sources: BTreeMap<String, Arc<str>>,
    /// Where each file of `sources` is, relative to the root: its own name,
    /// which need not be UTF-8 (the key is only how it is shown).
    pub files: BTreeMap<String, PathBuf>,
    /// Findings from loading: `parse-error` and `schema-violation`.
    pub diagnostics: Vec<Diagnostic>,
    /// Files named like handbok's temporary files (`.handbok-…`), relative
    /// to the root: perhaps left by a run that was killed. Loading only
    /// notes them; `tmp::remove_if_stale` decides and removes.
    pub leftovers: Vec<PathBuf>,
}

impl Content {
    /// Replace one file (relative to the root) with what `bytes` hold, an
    /// editor's unsaved text: its page or guide, its text and its load
    /// findings. The rest of the guide stays as loaded.
    pub fn replace_file(&mut self, rel: &Path, bytes: Vec<u8>) {
        let one = load_bytes(&self.root, vec![(rel.to_path_buf(), bytes)]);
        self.put(rel, one);
    }

    /// Put what one file loaded to in the place of what it held.
    fn put(&mut self, rel: &Path, mut one: Content) {
        self.remove_file(rel);
        if display_path(rel) == GUIDE_FILE {
            self.guide = one.guide.take();
        }
        self.merge(one);
    }

    /// Take in the pages, sources and findings of `one`, kept in order.
    fn merge(&mut self, one: Content) {
        self.pages.extend(one.pages);
        self.pages
            .sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));
        self.sources.extend(one.sources);
        self.files.extend(one.files);
        self.diagnostics.extend(one.diagnostics);
        self.diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    /// Read one file (relative to the root) again from disk, as loading
    /// reads it (no links, pipes or devices, the size limit); a file that is
    /// gone is forgotten.
    pub fn reload_file(&mut self, rel: &Path) {
        // Gone, not merely unreadable (a folder without search permission):
        // what cannot be read is reported, as a first load reports it.
        if crate::files::read::gone(&self.root.join(rel)) {
            return self.remove_file(rel);
        }
        let text = read::read_file(&self.root, rel, self.limits.max_file_size);
        let one = load_file(rel, text, None);
        let one = assemble(&self.root, self.limits, vec![one]);
        self.put(rel, one);
    }

    /// Read a folder (relative to the root; empty: the root) again from
    /// disk as loading walks it: what was under it is forgotten, what is
    /// there now is loaded, with a finding for a folder that cannot be
    /// read and for each link, as a first load has.
    pub fn reload_folder(&mut self, rel: &Path) {
        let exact = display_path(rel);
        let prefix = format!("{exact}/");
        let under = |p: &str| exact.is_empty() || p == exact || p.starts_with(&prefix);
        self.sources.retain(|p, _| !under(p));
        self.files.retain(|p, _| !under(p));
        self.pages.retain(|p| !under(&p.display_path()));
        self.diagnostics.retain(|d| !under(&d.path));
        let mut scanned = Scanned::default();
        let walked = walk(&self.root, rel, &mut scanned);
        let folder = crate::files::read::entry(&self.root.join(rel));
        if let (Err(e), crate::files::read::Entry::Folder) = (&walked, folder) {
            scanned.unreadable.push(unreadable_folder(rel, e));
        }
        // All at once, as a first load reads them: a replaced guide of
        // thousands of pages is not taken in a file and a sort at a time.
        let mut one = load_scanned(&self.root, self.limits, scanned, None);
        if exact.is_empty() {
            self.guide = one.guide.take();
        }
        self.merge(one);
    }

    /// Forget one file (relative to the root): deleted, or renamed away.
    pub fn remove_file(&mut self, rel: &Path) {
        let path = display_path(rel);
        self.pages.retain(|p| p.display_path() != path);
        self.diagnostics.retain(|d| d.path != path);
        self.sources.remove(&path);
        self.files.remove(&path);
        if path == GUIDE_FILE {
            self.guide = None;
        }
    }

    /// Folders that could not be read (each is a `parse-error` finding).
    fn unreadable(&self) -> impl Iterator<Item = &str> {
        self.diagnostics
            .iter()
            .filter(|d| d.rule == RuleId::ParseError && d.path.ends_with('/'))
            .map(|d| d.path.as_str())
    }

    /// Whether some folder could not be read: what links to what is then
    /// not fully known.
    pub fn is_partial(&self) -> bool {
        self.unreadable().next().is_some()
    }

    /// Whether page `id` may be in a folder that could not be read.
    pub fn may_hold(&self, id: &str) -> bool {
        self.unreadable().any(|folder| id.starts_with(folder))
    }

    /// The page a "Läs mer" target or page link leads to (see
    /// [`crate::model::read_more_candidates`]).
    pub fn resolve(&self, target: &str) -> Option<&Page> {
        let candidates = crate::model::read_more_candidates(target);
        candidates
            .iter()
            .find_map(|id| self.page(id))
            .or_else(|| candidates.iter().find_map(|id| self.by_alias(id)))
    }

    /// The page that has `id` among its aliases' ids. A scan: it is asked
    /// only for a link that names no page, which few do.
    pub fn by_alias(&self, id: &str) -> Option<&Page> {
        self.pages.iter().find(|p| {
            p.body
                .aliases()
                .iter()
                .any(|a| crate::model::alias_id(&p.id, a) == id)
        })
    }

    pub fn page(&self, id: &str) -> Option<&Page> {
        self.pages
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.pages[i])
    }
}

enum Loaded {
    Guide(Box<Guide>),
    Page(Page),
}

struct FileOutcome {
    rel: String,
    path: PathBuf,
    source: Option<Arc<str>>,
    loaded: Option<Loaded>,
    diagnostics: Vec<Diagnostic>,
}

/// Load every `.yaml`/`.yml` file under `root`.
///
/// Only a root that cannot be read is an error; problems inside files are
/// findings in [`Content::diagnostics`].
pub fn load(root: &Path) -> Result<Content, Error> {
    load_with(root, Limits::default(), None)
}

/// Like [`load`], within `limits`, and through the cache in `cache_dir`
/// when there is one: files whose text is what the cache holds are not
/// parsed again, and the cache is brought up to date afterwards.
pub fn load_with(root: &Path, limits: Limits, cache_dir: Option<&Path>) -> Result<Content, Error> {
    let Some(dir) = cache_dir else {
        return Ok(load_scanned(root, limits, scan(root)?, None));
    };
    let (cache, scanned) = rayon::join(|| Cache::open(dir), || scan(root));
    let content = load_scanned(root, limits, scanned?, Some(&cache));
    cache.save(&content);
    Ok(content)
}

/// What a walk of the content folder found.
#[derive(Default)]
struct Scanned {
    files: Vec<PathBuf>,
    /// A finding for each folder that cannot be read.
    unreadable: Vec<FileOutcome>,
    /// Names of the shape of handbok's temporary files (see [`Content::leftovers`]).
    leftovers: Vec<PathBuf>,
}

fn load_scanned(root: &Path, limits: Limits, scanned: Scanned, cache: Option<&Cache>) -> Content {
    let Scanned {
        files,
        unreadable,
        leftovers,
    } = scanned;
    let mut outcomes: Vec<FileOutcome> = files
        .par_iter()
        .map(|rel| {
            let text = read::read_file(root, rel, limits.max_file_size);
            load_file(rel, text, cache)
        })
        .collect();
    outcomes.extend(unreadable);
    let mut content = assemble(root, limits, outcomes);
    content.leftovers = leftovers;
    content
}

/// Load content files given as bytes (for example from git), by path
/// relative to the content root.
pub fn load_bytes(root: &Path, files: Vec<(PathBuf, Vec<u8>)>) -> Content {
    let outcomes: Vec<FileOutcome> = files
        .into_par_iter()
        .map(|(rel, bytes)| {
            let text = read::decode(bytes, &display_path(&rel));
            load_file(&rel, text, None)
        })
        .collect();
    assemble(root, Limits::default(), outcomes)
}

fn assemble(root: &Path, limits: Limits, outcomes: Vec<FileOutcome>) -> Content {
    let mut content = Content {
        root: root.to_path_buf(),
        limits,
        ..Content::default()
    };
    for outcome in outcomes {
        content.diagnostics.extend(outcome.diagnostics);
        if let Some(source) = outcome.source {
            content.files.insert(outcome.rel.clone(), outcome.path);
            content.sources.insert(outcome.rel, source);
        }
        match outcome.loaded {
            Some(Loaded::Guide(g)) => content.guide = Some(*g),
            Some(Loaded::Page(p)) => content.pages.push(p),
            None => {}
        }
    }
    content
        .pages
        .sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));
    twins(&mut content);
    names(&mut content);
    content
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    content
}

/// A page whose file name is not a page id, or that another page's name
/// equals but for case or Unicode form, is a `file-name` finding; the page
/// still loads.
fn names(content: &mut Content) {
    use unicode_normalization::UnicodeNormalization;
    let stem =
        |shown: &str| -> String { shown.rsplit_once('.').map_or(shown, |(s, _)| s).to_string() };
    let finding = |shown: &str, message: String| {
        Diagnostic::new(RuleId::FileName, shown, 1, 1).message(message)
    };
    let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut found = Vec::new();
    for page in &content.pages {
        let shown = page.display_path();
        let stem = stem(&shown);
        let lower_ext = shown.ends_with(".yaml") || shown.ends_with(".yml");
        if !crate::text::is_page_id(&stem) || !lower_ext {
            found.push(
                finding(&shown, format!(
                    "`{shown}` is not a page id: links cannot name it (lower-case a–z, digits and `-`)"
                ))
                .help(format!("rename it, for example to `{}.yaml`", id_like(&stem))),
            );
        }
        let folded: String = stem.nfc().collect::<String>().to_lowercase();
        match seen.get(&folded) {
            // Of two such names at most one is a page id: the other is told.
            Some(first) => {
                let (culprit, other) = if crate::text::is_page_id(&stem) {
                    (first.clone(), shown.clone())
                } else {
                    (shown.clone(), first.clone())
                };
                found.push(finding(&culprit, format!(
                    "`{culprit}` and `{other}` differ only in case or Unicode form: on macOS and Windows they are one file, and one page is lost"
                )));
            }
            None => {
                seen.insert(folded, shown);
            }
        }
    }
    content.diagnostics.extend(found);
}

/// A page id near `stem`, part by part.
fn id_like(stem: &str) -> String {
    let part = |p: &str| match crate::model::slug(p) {
        s if s.is_empty() => "sida".to_string(),
        s => s,
    };
    stem.split('/').map(part).collect::<Vec<_>>().join("/")
}

/// `x.yaml` and `x.yml` are one page id: the second is a finding and is
/// left out, so nothing is silently replaced.
fn twins(content: &mut Content) {
    let mut kept: Vec<Page> = Vec::with_capacity(content.pages.len());
    for page in std::mem::take(&mut content.pages) {
        match kept.last() {
            Some(first) if first.id == page.id => content.diagnostics.push(
                Diagnostic::new(RuleId::ParseError, page.display_path(), 1, 1)
                    .message(format!(
                        "same page id `{}` as {}: one of the two files would be lost",
                        page.id,
                        first.display_path()
                    ))
                    .help("rename or delete one of them"),
            ),
            _ => kept.push(page),
        }
    }
    content.pages = kept;
}

/// Content files under `root`, relative and sorted. Hidden folders and the
/// media folder are skipped, and so are links, which could lead outside.
pub fn content_files(root: &Path) -> Result<Vec<PathBuf>, Error> {
    scan(root).map(|s| s.files)
}

/// Content files under `root`, and a finding for each sub-folder that
/// cannot be read (its pages are missing; the rest of the guide is not).
fn scan(root: &Path) -> Result<Scanned, Error> {
    let meta = std::fs::metadata(root).map_err(|e| {
        Error::new(format!(
            "cannot read content folder {}: {e}",
            root.display()
        ))
    })?;
    if !meta.is_dir() {
        return Err(Error::new(format!("{} is not a folder", root.display())));
    }
    let mut scanned = Scanned::default();
    walk(root, Path::new(""), &mut scanned)
        .map_err(|e| Error::new(format!("cannot read folder {}: {e}", root.display())))?;
    scanned.files.sort();
    Ok(scanned)
}

fn walk(root: &Path, rel: &Path, found: &mut Scanned) -> std::io::Result<()> {
    use crate::files::read::{entry, try_list, Entry};
    for path in try_list(&root.join(rel))? {
        let Some(name) = path.file_name() else {
            continue;
        };
        let name_str = name.to_string_lossy();
        let kind = entry(&path);
        let child = rel.join(name);
        let yaml = is_yaml(&name_str);
        if name_str.starts_with(".handbok-") {
            // Perhaps what a killed `--fix` left beside the page it was
            // writing: noted, not removed (loading changes nothing).
            found.leftovers.push(child.clone());
        }
        if name_str.starts_with('.')
            || (rel.as_os_str().is_empty() && name_str == crate::model::MEDIA_DIR)
        {
            continue;
        }
        if kind == Entry::Folder {
            if let Err(e) = walk(root, &child, found) {
                found.unreadable.push(unreadable_folder(&child, &e));
            }
        } else if yaml || kind == Entry::Link {
            // Links, pipes and devices too: reading reports them (never
            // following a link out of the folder, never opening a pipe).
            found.files.push(child);
        }
    }
    Ok(())
}

fn is_yaml(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// Whether `rel` (relative to the root, `/`-separated) names a file the
/// loader reads: YAML, outside hidden folders and the media folder.
pub fn is_content_file(rel: &str) -> bool {
    is_yaml(rel)
        && !rel.split('/').any(|part| part.starts_with('.'))
        && !rel.starts_with(&format!("{}/", crate::model::MEDIA_DIR))
}

fn unreadable_folder(rel: &Path, e: &std::io::Error) -> FileOutcome {
    let path = rel.to_path_buf();
    let rel = format!("{}/", display_path(rel));
    let d = Diagnostic::new(RuleId::ParseError, rel.as_str(), 1, 1)
        .message(format!("cannot read this folder ({e}); the pages in it are left out"))
        .help("give the folder read and search permission (chmod u+rx), or move it out of the content folder");
    FileOutcome {
        rel,
        path,
        source: None,
        loaded: None,
        diagnostics: vec![d],
    }
}

fn display_path(rel: &Path) -> String {
    crate::model::slash_path(rel)
}

fn load_file(
    rel: &Path,
    text: Result<String, Box<Diagnostic>>,
    cache: Option<&Cache>,
) -> FileOutcome {
    let rel_str = display_path(rel);
    let mut outcome = FileOutcome {
        rel: rel_str.clone(),
        path: rel.to_path_buf(),
        source: None,
        loaded: None,
        diagnostics: Vec::new(),
    };
    let source: Arc<str> = match text {
        Ok(text) => text.into(),
        Err(d) => {
            outcome.diagnostics.push(*d);
            return outcome;
        }
    };
    outcome.source = Some(source.clone());
    if let Some(loaded) = cache.and_then(|c| c.take(&rel_str, &source)) {
        outcome.loaded = Some(loaded);
        return outcome;
    }
    if let Some(d) = read::too_deep(&source, &rel_str) {
        outcome.diagnostics.push(d);
        return outcome;
    }
    let (found, sanitized) = read::check(&source, &rel_str);
    outcome.diagnostics.extend(found);
    let node = match yaml::parse(sanitized.as_deref().unwrap_or(&source), &rel_str) {
        Ok(node) => node,
        Err(d) => {
            outcome.diagnostics.push(*d);
            return outcome;
        }
    };
    let kind = if rel_str == GUIDE_FILE {
        Ok(PageKind::Guide)
    } else {
        schema::page_kind(&node, &rel_str)
    };
    let result = kind.and_then(|kind| {
        let problems = schema::check(kind, &node, &rel_str);
        if problems.is_empty() {
            typed(kind, &node, rel, source.clone()).map_err(|d| vec![*d])
        } else {
            Err(problems)
        }
    });
    match result {
        Ok(loaded) => outcome.loaded = Some(loaded),
        Err(problems) => outcome.diagnostics.extend(problems),
    }
    outcome
}

fn typed(
    kind: PageKind,
    node: &Node,
    rel: &Path,
    source: Arc<str>,
) -> Result<Loaded, Box<Diagnostic>> {
    let path = display_path(rel);
    let page = |body: PageBody| {
        Loaded::Page(Page {
            id: crate::model::page_id(rel),
            path: rel.to_path_buf(),
            source: source.clone(),
            body,
            lines: Default::default(),
        })
    };
    let body = match kind {
        PageKind::Guide => return Ok(Loaded::Guide(yaml::typed(node, &path)?)),
        PageKind::Area => PageBody::Area(yaml::typed(node, &path)?),
        PageKind::Municipality => PageBody::Municipality(yaml::typed(node, &path)?),
        PageKind::Article => PageBody::Article(yaml::typed(node, &path)?),
    };
    if let Some(r) = body.revision() {
        real_date(&r.date, &path)?;
    }
    Ok(page(body))
}

/// A revision date the calendar has (the schema checks only its shape).
fn real_date(date: &Text, path: &str) -> Result<(), Box<Diagnostic>> {
    let day = date.get(..10).unwrap_or(date);
    if chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok() {
        return Ok(());
    }
    let at = date.pos();
    Err(Box::new(
        Diagnostic::new(RuleId::SchemaViolation, path, at.line, at.column)
            .message(format!("`{day}` is not a date in the calendar"))
            .help("write the revision date as YYYY-MM-DD"),
    ))
}

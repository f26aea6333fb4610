//! `handbok export`: the handbook as PDF and EPUB 3, every target (format ×
//! booklet) built concurrently from one document IR. Each format is a
//! [`Renderer`]: it reads the IR and puts its files into a [`Sink`]; adding
//! a format is a renderer and a [`Format`] variant.

pub mod epub;
pub mod html;
pub mod ir;
mod ledger;
pub mod pdf;
pub mod xhtml;

use ledger::Ledger;

use crate::diag::{Diagnostic, RuleId, Severity};
use crate::load::Content;
use crate::workspace::Config;
use crate::Error;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Pdf,
    Epub,
    Html,
}

impl Format {
    /// This format's renderer, for a book on `paper`; the site links
    /// `books`, the other books of the export.
    fn renderer(self, paper: pdf::Paper, options: &Options, books: &[String]) -> Box<dyn Renderer> {
        match self {
            Format::Pdf => Box::new(pdf::Pdf { paper }),
            Format::Epub => Box::new(epub::Epub),
            Format::Html => Box::new(html::Html {
                books: books.to_vec(),
                settings: options.site.clone(),
            }),
        }
    }

    /// Whether the format makes a book of each key area too (`--split`).
    fn splits(self) -> bool {
        self != Format::Html
    }

    /// The default formats: the books and the site.
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Epub, Format::Html];
}

/// A way of writing the book.
pub trait Renderer: Sync + Send {
    /// The name in the output folder of what it makes from `stem`
    /// (`handbok` → `handbok.pdf`): known before anything is rendered, so
    /// that a file of the user's by that name stops the export at once.
    fn entry(&self, stem: &str) -> String;

    /// Write `book` into `sink` under [`Renderer::entry`].
    fn render(&self, book: &ir::Book, stem: &str, sink: &mut dyn Sink) -> Result<(), Error>;
}

/// Where a renderer puts what it makes: files by name in the output folder.
/// (Books are single files; a renderer that makes a tree brings the
/// publishing of a tree with it.)
pub trait Sink {
    fn file(&mut self, path: String, bytes: Vec<u8>);
}

/// Files by path relative to the output folder, with their bytes.
pub type Files = Vec<(String, Vec<u8>)>;

/// Files kept in memory, in the order they were made.
impl Sink for Files {
    fn file(&mut self, path: String, bytes: Vec<u8>) {
        self.push((path, bytes));
    }
}

/// One book to make: a format of the whole book or of a booklet.
struct Target {
    name: String,
    renderer: Box<dyn Renderer>,
    book: ir::Book,
}

pub fn parse_formats(list: &str) -> Result<Vec<Format>, Error> {
    let mut out = Vec::new();
    for f in list.split(',').map(str::trim).filter(|f| !f.is_empty()) {
        let format = match f {
            "pdf" => Format::Pdf,
            "epub" => Format::Epub,
            "html" => Format::Html,
            other => {
                return Err(Error::new(format!(
                    "unknown format `{other}`: use pdf, epub, html or a list such as pdf,html"
                )))
            }
        };
        if !out.contains(&format) {
            out.push(format);
        }
    }
    if out.is_empty() {
        return Err(Error::new("no format given"));
    }
    Ok(out)
}

/// What to export, settled from the command's options and handbok.toml.
#[derive(Debug, Clone)]
pub struct Options {
    pub formats: Vec<Format>,
    /// The folder the books go into.
    pub out: PathBuf,
    /// Also a booklet per key area (A5 for PDF).
    pub split: bool,
    /// The whole book's paper.
    pub paper: pdf::Paper,
    /// A draft even when the content has errors.
    pub force: bool,
    /// The web site's settings (`[export.html]`).
    pub site: html::Settings,
}

/// What an export came to, and what the user should know of it.
#[derive(Debug)]
pub struct Exported {
    pub export: Export,
    /// Checks the gate could not make (no dictionary, say).
    pub notes: Vec<String>,
}

/// Refused, or the books written.
#[derive(Debug)]
pub enum Export {
    /// The content has errors (and no `force`): nothing was written.
    Refused {
        errors: Vec<Diagnostic>,
        /// The content the errors are in, to show them with their lines.
        content: Box<Content>,
    },
    /// The books were written.
    Written {
        /// Each book's path and size in bytes.
        books: Vec<(PathBuf, usize)>,
        /// Books of an earlier export this one no longer makes, removed.
        removed: Vec<PathBuf>,
        /// What a draft let through; empty when the books can be published.
        drafts: Vec<ir::Draft>,
    },
}

/// Lint the guide at `root`, and unless that refuses it, build every book
/// (format × booklet) concurrently and write them into `options.out` as
/// one set. `done` is called as each book is built.
pub fn build(
    root: &Path,
    config: &Config,
    options: &Options,
    done: &(dyn Fn(usize) + Sync),
) -> Result<Exported, Error> {
    // A failed export leaves no new, empty folder behind.
    let new_out: Vec<PathBuf> = options
        .out
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && read::entry(d) == read::Entry::Missing)
        .map(Path::to_path_buf)
        .collect();
    // Nor does an interrupted one, until the books are in it.
    let made = new_out.last().map(|top| crate::files::tmp::register(top));
    let built = build_into(root, config, options, made, done);
    if built.is_err() {
        for dir in &new_out {
            let _ = write::remove_folder(dir);
        }
    }
    built
}

fn build_into(
    root: &Path,
    config: &Config,
    options: &Options,
    made: Option<crate::files::tmp::Guard>,
    done: &(dyn Fn(usize) + Sync),
) -> Result<Exported, Error> {
    let out = &options.out;
    if out.exists() && !out.is_dir() {
        return Err(Error::new(format!(
            "{} is not a folder: the books go into a folder",
            out.display()
        )));
    }
    let linted = crate::lint::lint_folder_with(root, config, &[RuleId::ImageAltMissing])?;
    let errors = gate(&linted);
    let notes = linted.notes;
    let images = linted.images;
    let content = linted.content;
    if !errors.is_empty() && !options.force {
        let export = Export::Refused {
            errors,
            content: Box::new(content),
        };
        return Ok(Exported { export, notes });
    }
    let (book, mut drafts) = ir::build_with(&content, options.force, &images)?;
    if !errors.is_empty() {
        drafts.push(ir::Draft {
            at: String::new(),
            message: format!(
                "{} error(s) in the content were let through (`handbok lint` lists them)",
                errors.len()
            ),
        });
    }
    // The book holds all it needs; the model and its sources can go.
    drop((content, errors, images));
    let targets = targets(&book, options);
    let names: Vec<String> = targets.iter().map(|t| t.renderer.entry(&t.name)).collect();
    // Two exports into one folder would mix their sets of books.
    let _held = write::lock(out)
        .map_err(|e| Error::new(format!("cannot write into {}: {e}", out.display())))?;
    refuse_others(out, &names)?;
    let total = targets.len();
    let built: Vec<Result<Files, Error>> = targets
        .par_iter()
        .map(|t| {
            let mut files = Vec::new();
            let made = t.renderer.render(&t.book, &t.name, &mut files);
            done(total);
            made.map(|()| files)
        })
        .collect();
    let mut files = Vec::new();
    for made in built {
        files.extend(made?);
    }
    with_books_in_site(&mut files, &names);
    let stray = |name: &str| !names.iter().any(|n| n == entry_of(name)) || !is_plain(name);
    if let Some((name, _)) = files.iter().find(|(name, _)| stray(name)) {
        return Err(Error::new(format!(
            "a renderer made {name}, not the book it named; nothing was written"
        )));
    }
    let removed = publish(out, &files, made)?;
    let built = sizes(out, &files);
    let books = built;
    let export = Export::Written {
        books,
        removed,
        drafts,
    };
    Ok(Exported { export, notes })
}

/// The findings that stop an export: every error, and every image without
/// alt text, silenced or not (the PDF is tagged for PDF/UA, which needs
/// one). A file that did not load is left out of the book, so it stops the
/// export even where handbok.toml silences or softens the finding.
fn gate(linted: &crate::lint::Linted) -> Vec<Diagnostic> {
    let mut errors: Vec<Diagnostic> = linted
        .findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .chain(&linted.content.diagnostics)
        .chain(&linted.unsilenced)
        .filter(|d| d.severity == Severity::Error || d.rule == RuleId::ImageAltMissing)
        .cloned()
        .map(|mut d| {
            d.severity = Severity::Error;
            d
        })
        .collect();
    errors.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    errors.dedup_by(|a, b| a.sort_key() == b.sort_key());
    errors
}

use crate::files::{read, write};

/// The whole book's PDF and EPUB of this run, copied into the site as
/// well, so the site links them and still works when it alone is
/// published. (`names[0]`s are the whole book's; booklets stay out.)
fn with_books_in_site(files: &mut Files, names: &[String]) {
    if !names.iter().any(|n| n == html::FOLDER) {
        return;
    }
    let books: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter(|(name, _)| html::links_book(name))
        .map(|(name, bytes)| (format!("{}/{name}", html::FOLDER), bytes.clone()))
        .collect();
    files.extend(books);
}

/// The book (a file, or the site's folder) a file of a renderer's is in:
/// the first part of its path.
fn entry_of(name: &str) -> &str {
    name.split('/').next().unwrap_or(name)
}

/// A path of plain names inside `--out`, never leading out of it.
fn is_plain(name: &str) -> bool {
    name.split('/')
        .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'))
}

/// Each book's path in `out` and its size (a folder's: all its files).
fn sizes(out: &Path, files: &Files) -> Vec<(PathBuf, usize)> {
    let mut books: Vec<(PathBuf, usize)> = Vec::new();
    for (name, bytes) in files {
        let path = out.join(entry_of(name));
        match books.iter_mut().find(|(p, _)| *p == path) {
            Some((_, size)) => *size += bytes.len(),
            None => books.push((path, bytes.len())),
        }
    }
    books
}

/// Each book's name and digest: a file's bytes, a folder's files.
fn digests(files: &Files) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = Vec::new();
    for (name, bytes) in files {
        let entry = entry_of(name);
        if out.iter().any(|(n, _)| n == entry) {
            continue;
        }
        let digest = if entry == name {
            ledger::of_file(bytes)
        } else {
            let prefix = format!("{entry}/");
            ledger::of_folder(
                files
                    .iter()
                    .filter_map(|(n, b)| Some((n.strip_prefix(&prefix)?, b.as_slice()))),
            )
        };
        out.push((entry.to_string(), digest));
    }
    out
}

/// Replace the books in `out` as a set: all are written into a staging
/// folder inside `out`, then moved into place one by one without being
/// interrupted (the web site as one folder, the old one moved aside
/// first), and the books of the last export that this one did not make
/// are removed. Only a crash in that last step (a few renames) can leave
/// old and new books side by side.
/// `new_out`: the output folder's registration for removal on a signal,
/// if this export made it; dropped once the books are in it.
fn publish(
    out: &Path,
    files: &Files,
    new_out: Option<crate::files::tmp::Guard>,
) -> Result<Vec<PathBuf>, Error> {
    let fail = |what: &Path, e: std::io::Error| {
        Error::new(format!("cannot write {}: {e}", what.display()))
    };
    let staging = crate::files::tmp::staging(out).map_err(|e| fail(out, e))?;
    for (name, bytes) in files {
        crate::files::tmp::stop_if_interrupted();
        let file = staging.path().join(name);
        let written = match name.contains('/') {
            true => write::staged(&file, bytes),
            false => write::file(&file, bytes),
        };
        written.map_err(|e| fail(&out.join(name), e))?;
    }
    let written = digests(files);
    let mut staged: Vec<(PathBuf, PathBuf)> = written
        .iter()
        .map(|(name, _)| (staging.path().join(name), out.join(name)))
        .collect();
    // Only books of the formats made now are replaced: `--format epub`
    // leaves the PDFs of an earlier run alone.
    let ext = |name: &str| name.rsplit('.').next().unwrap_or_default().to_string();
    let made: HashSet<String> = written.iter().map(|(n, _)| ext(n)).collect();
    let old = Ledger::read(out);
    let (gone, kept): (Vec<_>, Vec<_>) = old
        .books()
        .iter()
        .filter(|(n, _)| !written.iter().any(|(new, _)| new == n))
        // A book the user has removed meanwhile is forgotten.
        .filter(|(n, _)| read::entry(&out.join(n)) != read::Entry::Missing)
        .partition(|(n, _)| made.contains(&ext(n)));
    let ledger = Ledger::of(&written, &kept);
    let manifest = staging.path().join(ledger::FILE);
    write::file(&manifest, ledger.text().as_bytes())
        .map_err(|e| fail(&out.join(ledger::FILE), e))?;
    staged.push((manifest, out.join(ledger::FILE)));
    let moved = crate::files::tmp::critical(|| {
        for (file, path) in &staged {
            // A folder is not replaced by a rename: the old one steps
            // aside into the staging folder, which takes it away.
            if read::entry(path) == read::Entry::Folder {
                let aside = staging.path().join(".old");
                write::rename(path, &aside).map_err(|e| fail(path, e))?;
            }
            write::rename(file, path).map_err(|e| fail(path, e))?;
        }
        drop(new_out);
        Ok(gone
            .iter()
            .filter_map(|(n, _)| ledger::remove_old_book(out, &old, n))
            .collect())
    });
    drop(staging);
    moved
}

/// Refuse to write over a file in `out` that handbok did not make there:
/// a file of a book's name that the folder's ledger does not name, or that
/// changed since the export that wrote it, is the user's.
fn refuse_others(out: &Path, names: &[String]) -> Result<(), Error> {
    let ledger = Ledger::read(out);
    let theirs = names
        .iter()
        .filter(|n| read::entry(&out.join(n)) != read::Entry::Missing)
        .find(|n| !ledger.owns(out, n));
    match theirs {
        None => Ok(()),
        Some(name) => Err(Error::new(format!(
            "{} exists and was not made by an export into this folder (or was changed since{}); move it away or choose another --out",
            out.join(name).display(),
            match read::entry(&out.join(name)) {
                read::Entry::Folder => ": a file in it was changed, added or removed",
                _ => "",
            }
        ))),
    }
}

/// The books to make: each format of the whole book, and of each booklet
/// (on A5) when split.
fn targets(book: &ir::Book, options: &Options) -> Vec<Target> {
    let names = book_names(book, options.split);
    let books: Vec<String> = options
        .formats
        .iter()
        .filter(|&&f| f != Format::Html)
        .map(|f| f.renderer(options.paper, options, &[]).entry(&names[0]))
        .collect();
    let mut out = Vec::new();
    for &format in &options.formats {
        out.push(Target {
            name: names[0].clone(),
            renderer: format.renderer(options.paper, options, &books),
            book: book.clone(),
        });
        if options.split && format.splits() {
            for (name, booklet) in names[1..].iter().zip(book.booklets()) {
                out.push(Target {
                    name: name.clone(),
                    renderer: format.renderer(pdf::Paper::A5, options, &[]),
                    book: booklet,
                });
            }
        }
    }
    out
}

/// File names of the book and its booklets, never the same twice (a key
/// area called "Handbok" must not overwrite the book; names are compared
/// without case, as some file systems do).
fn book_names(book: &ir::Book, split: bool) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    let mut names = Vec::new();
    let wanted = std::iter::once("handbok")
        .chain(book.parts.iter().filter(|_| split).map(|p| p.id.as_str()));
    for want in wanted {
        // A real file name whatever the part is called ("???", "...").
        let want = match crate::model::slug(&want.replace('/', "-")) {
            s if s.is_empty() => "del".to_string(),
            s => s,
        };
        let mut name = want.clone();
        let mut n = 2;
        while !taken.insert(name.to_lowercase()) {
            name = format!("{want}-{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

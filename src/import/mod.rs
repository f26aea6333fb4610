//! `handbok import`: raw wiki page text → content files.
//!
//! Import is faithful: it places text, it does not repair it (that is the
//! linter's job). Wiki chrome is left out and listed in the report; text it
//! cannot place is kept under `unplaced:` and listed too. Every output is
//! planned before anything is written, and written all or nothing.

mod evidence;
mod lines;
mod markdown;
mod parse;
mod table;

pub use lines::is_chrome;
pub use parse::{revision_line, NotAPage};

use crate::files::stage::{self, Output};
use crate::model::{kommuner, page_id, slug, PageBody};
use crate::text::MAX_ID_PART;
use crate::write::to_yaml;
use crate::Error;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Longest file name slug; longer titles are cut at a word.

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
    /// A municipality name that is not one of Sweden's 290.
    UnknownMunicipality,
    /// The page's structure points at more than one kind, or too weakly.
    Evidence,
    /// An example from an organisation that is not a municipality.
    Organisation,
    /// Rows read as a table.
    Table,
}

impl NoteKind {
    fn label(self) -> &'static str {
        match self {
            NoteKind::Chrome => "left out (wiki chrome)",
            NoteKind::GluedImage => "image name glued into text",
            NoteKind::InferredLink => "Läs mer target inferred",
            NoteKind::Unplaced => "kept under unplaced",
            NoteKind::UnknownMunicipality => "not a Swedish municipality",
            NoteKind::Evidence => "check the page kind",
            NoteKind::Organisation => "not a municipality",
            NoteKind::Table => "read as a table",
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

/// Why a page cannot be imported: the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// One imported page: where it goes and what it holds.
#[derive(Debug)]
pub struct Imported {
    /// Path under the content root, e.g. `omraden/ledarskap.yaml`.
    pub rel_path: PathBuf,
    pub body: PageBody,
    pub notes: Vec<Note>,
    /// The structure that decided the kind.
    pub evidence: String,
    /// The wiki's name, from its "Från …" line.
    pub site: Option<String>,
    /// A redirect or disambiguation page: no page of the guide.
    pub not_a_page: Option<NotAPage>,
}

impl Imported {
    /// The file's text, its schema line pointing at `schemas/` beside the
    /// content folder (the repository layout).
    pub fn yaml(&self) -> String {
        self.yaml_with_schemas("../schemas")
    }

    /// The file's text, its schema line pointing at `schemas` (relative to
    /// the content root).
    pub fn yaml_with_schemas(&self, schemas: &str) -> String {
        let up = "../".repeat(self.rel_path.components().count() - 1);
        let header = format!(
            "yaml-language-server: $schema={up}{schemas}/{}.schema.json",
            self.body.kind().name()
        );
        to_yaml(&self.body, Some(&header))
    }
}

/// Import one page from its text. Text is taken in composed form (NFC):
/// macOS and some editors write "å" as "a" and a combining ring.
pub fn import_page(raw: &str) -> Result<Imported, Problem> {
    let composed: String;
    let raw = if unicode_normalization::is_nfc_quick(raw.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        raw
    } else {
        composed = raw.nfc().collect();
        &composed
    };
    let parsed = parse::Parser::new(lines::classify(raw)).parse()?;
    let mut notes = parsed.notes;
    notes.sort_by_key(|n| n.line);
    let rel_path = path_of(&parsed.body, parsed.from_wiki).map_err(|message| Problem {
        line: parsed.title_line,
        message,
    })?;
    Ok(Imported {
        rel_path,
        body: parsed.body,
        notes,
        evidence: parsed.evidence,
        site: parsed.site,
        not_a_page: parsed.not_a_page,
    })
}

/// Where a page goes: key areas (and long-form pages of the wiki) under
/// `omraden/`, municipality pages under `kommuner/KOMMUN/`, other pages under
/// `sidor/`.
fn path_of(body: &PageBody, from_wiki: bool) -> Result<PathBuf, String> {
    let named = |what: &str, value: &str| {
        let s = short_slug(value);
        debug_assert!(s.is_empty() || crate::text::is_new_page_id(&s), "{s}");
        if s.is_empty() {
            Err(format!(
                "the {what} «{value}» gives no file name: file names are made of the letters a–z (å, ä, ö become a, a, o) and digits, and it has none"
            ))
        } else {
            Ok(s)
        }
    };
    Ok(match body {
        PageBody::Municipality(m) => {
            let kommun = kommuner::slug_of(&m.municipality);
            let kommun = named("municipality", &kommun)?;
            PathBuf::from(format!(
                "kommuner/{kommun}/{}.yaml",
                named("key area", &m.area)?
            ))
        }
        PageBody::Area(_) => {
            PathBuf::from(format!("omraden/{}.yaml", named("title", body.title())?))
        }
        PageBody::Article(_) if from_wiki => {
            PathBuf::from(format!("omraden/{}.yaml", named("title", body.title())?))
        }
        PageBody::Article(_) => {
            PathBuf::from(format!("sidor/{}.yaml", named("title", body.title())?))
        }
    })
}

/// A slug of at most [`crate::text::MAX_ID_PART`] bytes, cut at a word where possible.
fn short_slug(s: &str) -> String {
    let full = slug(s);
    if full.len() <= MAX_ID_PART {
        return full;
    }
    let cut = &full[..MAX_ID_PART];
    cut.rfind('-')
        .filter(|&i| i >= MAX_ID_PART / 2)
        .map_or(cut, |i| &cut[..i])
        .to_string()
}

/// What `handbok import` did with one input file.
pub struct Report {
    pub input: PathBuf,
    pub imported: Imported,
    /// A redirect's target page among the imported ones.
    pub alias_of: Option<PathBuf>,
    /// A redirect's target page already in the content folder, which
    /// import does not change.
    pub target_there: Option<PathBuf>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.imported;
        if let Some(not) = &i.not_a_page {
            return writeln!(f, "{}: {}", self.input.display(), self.kept_as(not));
        }
        writeln!(
            f,
            "{} → {} ({})",
            self.input.display(),
            i.rel_path.display(),
            summary(&i.body)
        )?;
        writeln!(f, "  read as {}", i.evidence)?;
        for n in &i.notes {
            writeln!(f, "  line {:>3}: {}: {}", n.line, n.kind.label(), n.text)?;
        }
        Ok(())
    }
}

impl Report {
    /// What became of a page that is no page: a redirect kept as an alias
    /// of its target (or not, and why), a disambiguation page left out.
    fn kept_as(&self, not: &NotAPage) -> String {
        let title = self.imported.body.title().as_str();
        match (not, &self.alias_of) {
            (NotAPage::Redirect { to, .. }, Some(target)) => format!(
                "{title}: redirect to {to}, kept as an alias of {}",
                slash(target)
            ),
            (NotAPage::Redirect { to, line }, None) if self.target_there.is_some() => format!(
                "warning: line {line}: {title}: redirect to {to}, which is {} already in the guide; add `aliases: [{title}]` to it (import changes no page it does not write)",
                slash(self.target_there.as_deref().unwrap_or(Path::new("")))
            ),
            (NotAPage::Redirect { to, line }, None) => format!(
                "warning: line {line}: {title}: redirect to {to}, which is not in this import; not kept (import it together with {to}, or add `aliases: [{title}]` to its page)"
            ),
            (NotAPage::Disambiguation { names }, _) => format!(
                "{title}: a disambiguation page, not imported{}",
                if names.is_empty() {
                    String::new()
                } else {
                    format!(" (it lists {})", names.join(", "))
                }
            ),
        }
    }
}

fn slash(path: &Path) -> String {
    crate::model::slash_path(path)
}

fn summary(body: &PageBody) -> String {
    let revision = body.revision().map_or(String::new(), |r| {
        format!(", revision {} by {}", *r.date, *r.author)
    });
    let what = match body {
        PageBody::Area(a) => format!(
            "key area, {} examples{}",
            a.examples.len(),
            a.model
                .as_ref()
                .map_or(String::new(), |m| format!(", Så gör {}", m.who().trim()))
        ),
        PageBody::Municipality(m) => format!("municipality page {} – {}", *m.municipality, *m.area),
        PageBody::Article(a) => format!("long-form page, {} sections", a.sections.len()),
    };
    format!("{what}{revision}")
}

/// How to import.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Replace content files that exist.
    pub force: bool,
    /// The guide's title, for a new `guide.yaml`.
    pub title: Option<String>,
}

/// What an import wrote, for the report.
pub struct Outcome {
    pub reports: Vec<Report>,
    /// Redirects and disambiguation pages: read, reported, no page.
    pub others: Vec<Report>,
    /// Files written besides the pages (`guide.yaml`, schemas).
    pub extra: Vec<PathBuf>,
    /// Key areas imported that the existing `guide.yaml` does not list.
    pub unlisted: Vec<String>,
}

/// Import `files` into the content folder `out`, all or nothing: every
/// problem with any input is reported before anything is written.
pub fn run(out: &Path, files: &[PathBuf], options: &Options) -> Result<Outcome, Error> {
    let read: Vec<Result<Imported, String>> = files.par_iter().map(|f| read_page(f)).collect();
    let mut problems = Vec::new();
    let mut reports = Vec::new();
    for (input, page) in files.iter().zip(read) {
        match page {
            Ok(imported) => reports.push(Report {
                input: input.clone(),
                imported,
                alias_of: None,
                target_there: None,
            }),
            Err(p) => problems.push(p),
        }
    }
    if options
        .title
        .as_deref()
        .is_some_and(|t| t.trim().is_empty())
    {
        problems.push("--title is empty: give the guide a title".into());
    }
    if out.exists() && !out.is_dir() {
        problems.push(format!(
            "{}: is not a folder; --out names the content folder",
            out.display()
        ));
    }
    keep_redirects(&mut reports);
    find_targets_there(out, &mut reports);
    let (pages, others): (Vec<Report>, Vec<Report>) = reports
        .into_iter()
        .partition(|r| r.imported.not_a_page.is_none());
    let reports = pages;
    problems.extend(collisions(out, &reports, options.force));
    if !problems.is_empty() {
        return Err(Error::new(format!(
            "nothing was imported:\n{}",
            problems.join("\n")
        )));
    }
    let schemas = schemas_dir(out);
    let mut outputs: Vec<Output> = reports
        .iter()
        .map(|r| Output {
            rel: r.imported.rel_path.clone(),
            bytes: r.imported.yaml_with_schemas(&schemas).into_bytes(),
        })
        .collect();
    let mut extra = Vec::new();
    let unlisted = unlisted_parts(out, &reports);
    if !out.join(crate::load::GUIDE_FILE).exists() {
        // The wiki's name from any page read, a redirect's included.
        let site = reports
            .iter()
            .chain(&others)
            .find_map(|r| r.imported.site.as_deref());
        let title = options
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let guide = guide_yaml(&reports, title.or(site), &schemas)?;
        extra.push(PathBuf::from(crate::load::GUIDE_FILE));
        outputs.push(Output {
            rel: crate::load::GUIDE_FILE.into(),
            bytes: guide.into_bytes(),
        });
    }
    if schemas == "schemas" && !out.join("schemas").exists() {
        for (name, text) in crate::load::SCHEMA_FILES {
            extra.push(Path::new("schemas").join(name));
            outputs.push(Output {
                rel: Path::new("schemas").join(name),
                bytes: text.as_bytes().to_vec(),
            });
        }
    }
    stage::commit(out, &outputs)
        .map_err(|e| Error::new(format!("nothing was imported: cannot write {e}")))?;
    Ok(Outcome {
        reports,
        others,
        extra,
        unlisted,
    })
}

/// Each redirect becomes an alias of its target when the target is among
/// the pages imported (by title or the title the page showed, in any
/// case, `_` read as a space, as the wiki matches names).
fn keep_redirects(reports: &mut [Report]) {
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        if r.imported.not_a_page.is_some() {
            continue;
        }
        for name in wiki_names(&r.imported.body) {
            by_name.entry(name).or_insert(i);
        }
    }
    for i in 0..reports.len() {
        let Some(NotAPage::Redirect { to, .. }) = &reports[i].imported.not_a_page else {
            continue;
        };
        let Some(&target) = by_name.get(&wiki_key(to)) else {
            continue;
        };
        let name = reports[i].imported.body.title().clone();
        let aliases = reports[target].imported.body.aliases_mut();
        if !aliases.iter().any(|a| a.as_str() == name.as_str()) {
            aliases.push(name);
        }
        reports[i].alias_of = Some(reports[target].imported.rel_path.clone());
    }
}

/// The pages already in `out` that redirects left unresolved lead to.
fn find_targets_there(out: &Path, reports: &mut [Report]) {
    let unresolved = |r: &Report| {
        matches!(r.imported.not_a_page, Some(NotAPage::Redirect { .. })) && r.alias_of.is_none()
    };
    if !reports.iter().any(unresolved) || !out.join(crate::load::GUIDE_FILE).is_file() {
        return;
    }
    let Ok(there) = crate::load::load(out) else {
        return;
    };
    for r in reports.iter_mut().filter(|r| unresolved(r)) {
        let Some(NotAPage::Redirect { to, .. }) = &r.imported.not_a_page else {
            continue;
        };
        let to = wiki_key(to);
        let page = there
            .pages
            .iter()
            .find(|p| wiki_names(&p.body).any(|name| name == to));
        let title = wiki_key(r.imported.body.title());
        match page {
            // Kept there already, by an earlier import or by hand.
            Some(p) if p.body.aliases().iter().any(|a| wiki_key(a) == title) => {
                r.alias_of = Some(p.path.clone())
            }
            _ => r.target_there = page.map(|p| p.path.clone()),
        }
    }
}

/// A page name as the wiki matches names: case, `_` for a space and
/// surrounding space do not count.
fn wiki_key(name: &str) -> String {
    name.replace('_', " ").trim().to_lowercase()
}

/// The names a page answers to, as [`wiki_key`]s: its title and the title
/// it showed.
fn wiki_names(body: &PageBody) -> impl Iterator<Item = String> + '_ {
    let shown = match body {
        PageBody::Area(a) => a.display_title.as_ref(),
        PageBody::Article(a) => a.display_title.as_ref(),
        PageBody::Municipality(_) => None,
    };
    std::iter::once(body.title())
        .chain(shown)
        .map(|t| wiki_key(t))
}

fn read_page(input: &Path) -> Result<Imported, String> {
    let at = |line: usize, message: String| format!("{}:{line}: {message}", input.display());
    let fail = |message: String| format!("{}: {message}", input.display());
    // A file named on the command line may be a link the user chose; what
    // it leads to must be a plain file of a wiki page's size.
    let real = crate::files::read::real(input).unwrap_or_else(|| input.to_path_buf());
    let bytes = crate::files::read::bytes(&real, crate::files::read::Kind::WikiPage)
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    let raw = decode(&bytes).map_err(|(line, m)| at(line, m))?;
    import_page(&raw).map_err(|p| at(p.line, p.message))
}

/// The page's text: UTF-8 (with or without a byte order mark). Anything else
/// is refused, at the line where it goes wrong, with what it looks like.
fn decode(bytes: &[u8]) -> Result<String, (usize, String)> {
    let line_of = |at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err((
            1,
            "the page is UTF-16; convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)".into(),
        ));
    }
    let text = String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        (
            line_of(at),
            format!("invalid UTF-8 at byte {at}; convert the page to UTF-8 first"),
        )
    })?;
    if let Some(at) = text.find('\0') {
        return Err((
            line_of(at),
            format!("a NUL byte at byte {at}: this is not a text page"),
        ));
    }
    Ok(text)
}

/// Outputs that would land on each other or on files already there.
fn collisions(out: &Path, reports: &[Report], force: bool) -> Vec<String> {
    let mut problems = Vec::new();
    let mut by_path: BTreeMap<&Path, &Path> = BTreeMap::new();
    for r in reports {
        let rel = r.imported.rel_path.as_path();
        if let Some(first) = by_path.insert(rel, &r.input) {
            problems.push(if first == r.input {
                format!("{} is given twice", first.display())
            } else {
                format!(
                    "{} and {} both import to {}; rename one of the pages",
                    first.display(),
                    r.input.display(),
                    rel.display()
                )
            });
        }
        let target = out.join(rel);
        if target.symlink_metadata().is_ok() && !force {
            problems.push(format!(
                "{}: {} exists; pass --force to replace it",
                r.input.display(),
                target.display()
            ));
        }
        let twin = target.with_extension("yml");
        if twin.symlink_metadata().is_ok() {
            problems.push(format!(
                "{}: {} exists, and {} would be a second page with the id {}; remove or rename {} first (--force replaces only files of the same name)",
                r.input.display(),
                twin.display(),
                target.display(),
                page_id(rel),
                twin.display()
            ));
        }
    }
    problems
}

/// Key areas among the imported pages that an existing `guide.yaml` does
/// not list in `parts` (import does not rewrite a guide a person wrote).
fn unlisted_parts(out: &Path, reports: &[Report]) -> Vec<String> {
    let path = out.join(crate::load::GUIDE_FILE);
    let Ok(text) = crate::files::read::text(&path, crate::files::read::Kind::Content(u64::MAX))
    else {
        return Vec::new();
    };
    let listed: Vec<String> = crate::load::parse(&text, crate::load::GUIDE_FILE)
        .ok()
        .and_then(|node| {
            let parts = node.as_mapping()?.get_sequence("parts")?;
            Some(
                parts
                    .iter()
                    .filter_map(|p| Some(p.as_scalar()?.as_str().to_string()))
                    .collect(),
            )
        })
        .unwrap_or_default();
    reports
        .iter()
        .filter(|r| r.imported.rel_path.starts_with("omraden"))
        .map(|r| page_id(&r.imported.rel_path))
        .filter(|id| !listed.contains(id))
        .collect()
}

/// Where the schema lines point, relative to the content root: a `schemas/`
/// beside the content folder (this repository's layout) or inside it.
fn schemas_dir(out: &Path) -> String {
    let has = |dir: &Path| dir.join("guide.schema.json").is_file();
    if !has(&out.join("schemas")) && out.parent().is_some_and(|p| has(&p.join("schemas"))) {
        "../schemas".into()
    } else {
        "schemas".into()
    }
}

/// A new `guide.yaml`: the title from `--title` or the wiki's name, the key
/// areas in the order given.
fn guide_yaml(reports: &[Report], title: Option<&str>, schemas: &str) -> Result<String, Error> {
    let title = title.ok_or_else(|| {
        Error::new("nothing was imported: the guide needs a title and the pages do not name their wiki; pass --title")
    })?;
    let parts: Vec<String> = reports
        .iter()
        .filter(|r| r.imported.rel_path.starts_with("omraden"))
        .map(|r| page_id(&r.imported.rel_path))
        .collect();
    let guide = serde_json::json!({
        "title": title,
        "language": "sv",
        "edition": "1",
        "parts": parts,
    });
    Ok(to_yaml(
        &guide,
        Some(&format!(
            "yaml-language-server: $schema={schemas}/guide.schema.json"
        )),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let title = "Ett mycket långt sidnamn som fortsätter och fortsätter långt bortom vad en filnamn behöver";
        let s = short_slug(title);
        assert!(s.len() <= MAX_ID_PART, "{s}");
        assert!(!s.ends_with('-'));
        assert_eq!(s, "ett-mycket-langt-sidnamn-som-fortsatter-och-fortsatter");
        assert_eq!(short_slug(&"x".repeat(100)).len(), MAX_ID_PART);
    }

    #[test]
    fn pages_without_a_usable_name_are_refused() {
        for (page, why) in [
            ("", "empty"),
            (
                "\n\nFrån Mittköping\nHoppa till:navigering, sök\n",
                "chrome",
            ),
            ("..\n\nText.", "gives no file name"),
            ("Lund - ...\nSammanfattning\nText.", "needs its key area"),
        ] {
            let err = import_page(page).unwrap_err();
            assert!(err.message.contains(why), "{page:?}: {}", err.message);
        }
    }
}

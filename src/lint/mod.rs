//! The linter: rules over the loaded model. One rule is one file under
//! `rules/` with its id, default severity, documentation and check; the
//! registry in `rules/mod.rs` lists them.

pub mod baseline;
pub mod fix;
pub mod output;
pub mod rules;
pub mod sink;
pub mod statistics;
pub mod suppress;

use crate::diag::{Diagnostic, RuleId, Severity};
use crate::lang::speller::{self, Speller};
use crate::load::Content;
use crate::model::fields::{fields, Field};
use crate::model::Page;
use crate::model::MEDIA_DIR;
use rayon::prelude::*;
use sink::Sink;
use std::collections::HashSet;

/// One lint rule. Its documentation is the text `handbok explain` prints.
pub struct Rule {
    pub id: RuleId,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Markdown: what it finds, why it matters, an example and the fix.
    pub doc: &'static str,
    /// Whether `--fix` can repair its findings.
    pub fixable: bool,
    pub check: Check,
}

impl Rule {
    /// Its findings' severity unless handbok.toml says otherwise.
    pub fn severity(&self) -> Severity {
        self.id.severity()
    }
}

pub enum Check {
    /// Reported while loading (parse errors, schema violations) or while
    /// applying suppressions.
    Builtin,
    /// Runs on every text value.
    Field(fn(&Rule, &Field, &Ctx, &mut Sink)),
    /// Runs on every page.
    Page(fn(&Rule, &Page, &Ctx, &mut Sink)),
    /// Runs once over the whole guide.
    Guide(fn(&Rule, &Ctx, &mut Sink)),
}

/// What rules may look at besides a single page.
pub struct Ctx<'a> {
    pub content: &'a Content,
    /// Entries of the media folder (files, links, pipes, folders), relative to it, with `/` separators.
    pub media: HashSet<String>,
    /// The year statements are judged against when a page has no revision.
    pub this_year: i32,
    /// Settings of the language rules.
    pub language: &'a crate::workspace::config::Language,
    /// What `crate::media` found of each image file, checked once (and
    /// handed on to export with the findings).
    pub images: crate::media::Checks,
    /// The dictionary, loaded by the first text that needs it, or why
    /// there is none.
    speller: std::sync::OnceLock<Result<Speller, String>>,
    /// Why the word list could not be read, if it could not.
    word_list_note: std::sync::Mutex<Option<String>>,
}

impl<'a> Ctx<'a> {
    pub fn new(
        content: &'a Content,
        language: &'a crate::workspace::config::Language,
        this_year: i32,
    ) -> Self {
        Ctx {
            content,
            media: media_files(&content.root),
            this_year,
            language,
            images: crate::media::Checks::new(&content.root),
            speller: Default::default(),
            word_list_note: Default::default(),
        }
    }

    /// The speller with the guide's own words, or `None` when no
    /// dictionary is found (see [`Ctx::notes`]).
    pub fn speller(&self) -> Option<&Speller> {
        self.speller
            .get_or_init(|| {
                let found =
                    speller::locate(self.language.dictionary.as_deref(), &self.content.root);
                let loaded = match found {
                    Ok(Some(at)) => Speller::load(&at),
                    Ok(None) => Err(format!(
                        "no {}.aff/.dic found (see `handbok explain spelling`)",
                        speller::LANGUAGE
                    )),
                    Err(e) => Err(e),
                };
                loaded.map(|mut s| {
                    self.guide_words(&mut s);
                    s
                })
            })
            .as_ref()
            .ok()
    }

    /// What the user should know of the run: a check that could not be made.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = match self.speller.get() {
            Some(Err(e)) => vec![format!("spelling is not checked: {e}")],
            _ => Vec::new(),
        };
        if let Ok(Some(note)) = self.word_list_note.lock().map(|n| n.clone()) {
            notes.push(note);
        }
        notes
    }

    /// Names the guide uses legitimately: municipalities, its title and the
    /// word list. (Not the words of page titles: a misspelt title would
    /// then pass everywhere.)
    fn guide_words(&self, s: &mut Speller) {
        crate::model::kommuner::all()
            .iter()
            .for_each(|k| s.accept_name(k.name));
        if let Some(g) = &self.content.guide {
            s.accept_name(&g.title);
        }
        let list = self
            .language
            .word_list
            .clone()
            .unwrap_or_else(|| self.content.root.join(speller::WORD_LIST));
        use crate::files::read::{text, Kind, Refused};
        match text(&list, Kind::WordList) {
            Ok(text) => speller::read_word_list(&text).for_each(|w| s.accept_word(w)),
            // The guide need not have a word list of its own.
            Err(Refused::Missing) if self.language.word_list.is_none() => {}
            Err(e) => {
                if let Ok(mut note) = self.word_list_note.lock() {
                    *note = Some(format!("the word list {} is not used: {e}", list.display()));
                }
            }
        }
    }

    /// Why export could not use the media file `file`, if it is there and
    /// cannot be used (a missing file is `placeholder-illustration`'s).
    pub fn image_problem(&self, file: &str) -> Option<String> {
        use crate::media::Problem;
        match self.images.get(file) {
            // Told by `placeholder-illustration`.
            Ok(_) | Err(Problem::Missing | Problem::Escapes | Problem::Unplain(_)) => None,
            Err(p) => Some(p.describe(file)),
        }
    }

    /// Why `file` names no file of media/: a name that leads out or is not
    /// written plainly, or no such file (a link or a folder in the way is
    /// there, and unusable: `image-file` says why).
    pub fn image_not_found(&self, file: &str) -> Option<crate::media::Problem> {
        use crate::media::Problem;
        match self.images.get(file) {
            Err(p @ (Problem::Missing | Problem::Escapes | Problem::Unplain(_))) => Some(p),
            _ => None,
        }
    }

    /// The page a "Läs mer" target leads to, if it is in this content set.
    pub fn resolve(&self, target: &str) -> Option<&'a Page> {
        self.content.resolve(target)
    }
}

fn media_files(root: &std::path::Path) -> HashSet<String> {
    fn walk(dir: &std::path::Path, prefix: &str, out: &mut HashSet<String>) {
        use crate::files::read::{entry, list, Entry};
        for path in list(dir) {
            let Some(name) = path.file_name() else {
                continue;
            };
            let name = name.to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            // Every entry, links, pipes and folders too: an image named
            // after one is there but unusable (`image-file` says why), not
            // missing.
            if entry(&path) == Entry::Folder {
                walk(&path, &rel, out);
            }
            out.insert(rel);
        }
    }
    let mut out = HashSet::new();
    walk(&root.join(MEDIA_DIR), "", &mut out);
    out
}

/// Which rules run.
fn enabled(rule: &Rule, config: &crate::workspace::Config) -> bool {
    config.enabled(rule.id)
}

/// Run every enabled rule over loaded content, with the settings applied
/// but no suppression comment. Load findings are included; findings are
/// sorted by file and position.
pub fn check(
    content: &Content,
    config: &crate::workspace::Config,
    this_year: i32,
) -> Vec<Diagnostic> {
    run(
        content,
        config,
        this_year,
        &content.pages,
        |_| true,
        None,
        Extra::NONE,
    )
    .findings
}

/// Like [`check`] for one file (`path` relative to the root), suppressions
/// applied: its page's rules, and what the guide-wide rules find in it,
/// against the rest of the guide as loaded. What an editor needs after
/// each keystroke.
pub fn check_file(
    content: &Content,
    config: &crate::workspace::Config,
    this_year: i32,
    path: &str,
) -> Vec<Diagnostic> {
    file_pass(content, config, this_year, path).findings
}

fn file_pass(
    content: &Content,
    config: &crate::workspace::Config,
    this_year: i32,
    path: &str,
) -> Pass {
    let page = content.pages.iter().position(|p| p.display_path() == path);
    let pages = page.map_or(&content.pages[..0], |i| &content.pages[i..=i]);
    let source: Sources = content
        .sources
        .get_key_value(path)
        .map(|(k, v)| (k.clone(), v.clone()))
        .into_iter()
        .collect();
    let keep = |d: &Diagnostic| d.path == path;
    run(
        content,
        config,
        this_year,
        pages,
        keep,
        Some(&source),
        Extra::NONE,
    )
}

/// What a pass may do beyond the settings: run the rules of `always`
/// whatever they say (their findings kept apart, unsilenced), and stop
/// early when `stop` says so.
#[derive(Clone, Copy)]
struct Extra<'s> {
    always: &'s [RuleId],
    stop: &'s (dyn Fn() -> bool + Sync),
}

impl Extra<'_> {
    const NONE: Extra<'static> = Extra {
        always: &[],
        stop: &never,
    };
}

fn never() -> bool {
    false
}

type Sources = std::collections::BTreeMap<String, std::sync::Arc<str>>;

/// What one pass of the rules over loaded content gives.
pub struct Pass {
    /// The findings as `handbok lint` reports them, sorted.
    pub findings: Vec<Diagnostic>,
    pub unsilenced: Vec<Diagnostic>,
    /// Checks that could not be made.
    pub notes: Vec<String>,
    /// The image files the rules checked, for the IR to build from.
    pub images: crate::media::Checks,
}

/// The page rules over `pages` and the guide-wide rules, with the load
/// findings, those that `keep` keeps; then, over every finding, the
/// suppression comments of `suppress_in` (findings about suppressions
/// included) and last the settings, so that they apply to all of them.
/// The rules of `always` run too whatever the settings say: their findings
/// as the rules made them are kept apart.
fn run(
    content: &Content,
    config: &crate::workspace::Config,
    this_year: i32,
    pages: &[Page],
    keep: impl Fn(&Diagnostic) -> bool,
    suppress_in: Option<&Sources>,
    extra: Extra,
) -> Pass {
    let Extra { always, stop } = extra;
    let ctx = Ctx::new(content, &config.language, this_year);
    let rules: Vec<&Rule> = rules::RULES
        .iter()
        .copied()
        .filter(|r| enabled(r, config) || always.contains(&r.id))
        .collect();
    // Guide-wide rules run beside the page pass: they share nothing but
    // the read-only context.
    let (per_page, guide) = rayon::join(
        || page_findings(pages, &rules, &ctx, stop),
        || guide_findings(&rules, &ctx),
    );
    let mut all: Vec<Diagnostic> = content
        .diagnostics
        .iter()
        .filter(|d| config.enabled(d.rule))
        .cloned()
        .chain(per_page)
        .chain(guide)
        .filter(|d| keep(d))
        .collect();
    let unsilenced = all
        .iter()
        .filter(|d| always.contains(&d.rule))
        .cloned()
        .collect();
    if let Some(sources) = suppress_in {
        all = suppress::apply(sources, all, |id| config.enabled(id));
    }
    config.apply(&mut all, &content.root);
    all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    if config.enabled(rules::spelling::RULE.id) {
        rules::spelling::add_suggestions(&ctx, &mut all);
    }
    Pass {
        findings: all,
        unsilenced,
        notes: ctx.notes(),
        images: ctx.images,
    }
}

fn page_findings(
    pages: &[Page],
    rules: &[&Rule],
    ctx: &Ctx,
    stop: &(dyn Fn() -> bool + Sync),
) -> Vec<Diagnostic> {
    pages
        .par_iter()
        .flat_map_iter(|page| {
            let mut sink = Sink::default();
            if stop() {
                return sink.diagnostics;
            }
            // Field by field, every rule in turn: a text's words are cut
            // once (see `lang::words`) and stay in cache.
            for field in fields(page) {
                for rule in rules {
                    if let Check::Field(f) = rule.check {
                        f(rule, &field, ctx, &mut sink);
                    }
                }
            }
            for rule in rules {
                if let Check::Page(f) = rule.check {
                    f(rule, page, ctx, &mut sink);
                }
            }
            sink.diagnostics
        })
        .collect()
}

fn guide_findings(rules: &[&Rule], ctx: &Ctx) -> Vec<Diagnostic> {
    rules
        .par_iter()
        .flat_map_iter(|rule| {
            let mut sink = Sink::default();
            if let Check::Guide(f) = rule.check {
                f(rule, ctx, &mut sink);
            }
            sink.diagnostics
        })
        .collect()
}

/// The rule with this id (every id has one: `rules::tests`).
pub fn rule(id: RuleId) -> &'static Rule {
    rules::RULES
        .iter()
        .copied()
        .find(|r| r.id == id)
        .expect("every rule id is in the registry")
}

/// One lint pass over a guide.
#[derive(Debug)]
pub struct Linted {
    pub content: Content,
    /// The findings as `handbok lint` reports them.
    pub findings: Vec<Diagnostic>,
    /// The findings of the rules asked for, run whatever the settings say
    /// and never silenced (a tagged PDF needs every image's alt text).
    pub unsilenced: Vec<Diagnostic>,
    /// What the user should know: checks that could not be made.
    pub notes: Vec<String>,
    /// How long loading and the rules took, for `HANDBOK_TIMINGS`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// The image files the rules checked, for export to build from.
    pub images: crate::media::Checks,
}

/// [`lint_folder`], in the same pass running the rules of `always` whatever
/// the settings say and keeping their findings unsilenced.
pub fn lint_folder_with(
    root: &std::path::Path,
    config: &crate::workspace::Config,
    always: &[RuleId],
) -> Result<Linted, crate::Error> {
    lint_loaded(root, config, |content, year| {
        let sources = Some(&content.sources);
        run(
            content,
            config,
            year,
            &content.pages,
            |_| true,
            sources,
            Extra {
                always,
                ..Extra::NONE
            },
        )
    })
}

/// Load and lint a content folder, suppressions applied.
pub fn lint_folder(
    root: &std::path::Path,
    config: &crate::workspace::Config,
) -> Result<(Content, Vec<Diagnostic>), crate::Error> {
    let linted = lint_folder_with(root, config, &[])?;
    Ok((linted.content, linted.findings))
}

/// Lint content already loaded (perhaps changed in memory since), as
/// [`lint_folder`] lints a folder: suppressions and settings applied.
pub fn lint_content(content: &Content, config: &crate::workspace::Config) -> Vec<Diagnostic> {
    check_content(content, config).findings
}

/// [`lint_content`], with the notes and the image files checked.
pub fn check_content(content: &Content, config: &crate::workspace::Config) -> Pass {
    check_content_until(content, config, &never).unwrap_or_else(|| Pass {
        findings: Vec::new(),
        unsilenced: Vec::new(),
        notes: Vec::new(),
        images: crate::media::Checks::new(&content.root),
    })
}

/// [`check_content`], given up (`None`) as soon as `stop` says so: the
/// preview's check of the whole guide, when the next save is in.
pub fn check_content_until(
    content: &Content,
    config: &crate::workspace::Config,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Pass> {
    let sources = Some(&content.sources);
    let pass = run(
        content,
        config,
        this_year(),
        &content.pages,
        |_| true,
        sources,
        Extra {
            stop,
            ..Extra::NONE
        },
    );
    (!stop()).then_some(pass)
}

/// Load a guide and lint a few of its files (relative to the root): each
/// file's page rules and what the guide-wide rules find in it, suppressions
/// applied. Cheaper than [`lint_folder`] when the guide is large.
pub fn lint_files(
    root: &std::path::Path,
    config: &crate::workspace::Config,
    files: &[String],
) -> Result<Linted, crate::Error> {
    lint_loaded(root, config, |content, year| {
        check_files_in(content, config, year, files)
    })
}

/// [`lint_files`] over content already loaded.
pub fn check_files(content: &Content, config: &crate::workspace::Config, files: &[String]) -> Pass {
    check_files_in(content, config, this_year(), files)
}

fn check_files_in(
    content: &Content,
    config: &crate::workspace::Config,
    year: i32,
    files: &[String],
) -> Pass {
    let passes: Vec<Pass> = files
        .par_iter()
        .map(|f| file_pass(content, config, year, f))
        .collect();
    let mut all = Pass {
        findings: Vec::new(),
        unsilenced: Vec::new(),
        notes: Vec::new(),
        images: crate::media::Checks::new(&content.root),
    };
    for pass in passes {
        all.findings.extend(pass.findings);
        for note in pass.notes {
            if !all.notes.contains(&note) {
                all.notes.push(note);
            }
        }
    }
    all.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    all
}

/// Load the guide at `root` and make `pass` over it, timing both.
fn lint_loaded(
    root: &std::path::Path,
    config: &crate::workspace::Config,
    pass: impl FnOnce(&Content, i32) -> Pass,
) -> Result<Linted, crate::Error> {
    let start = std::time::Instant::now();
    let content = load(root, config)?;
    let loaded = start.elapsed();
    let pass = pass(&content, this_year());
    Ok(Linted {
        timings: vec![("load", loaded), ("rules", start.elapsed() - loaded)],
        findings: pass.findings,
        unsilenced: pass.unsilenced,
        notes: pass.notes,
        images: pass.images,
        content,
    })
}

/// The guide, loaded while the speller loads beside it (when spelling is on).
fn load(
    root: &std::path::Path,
    config: &crate::workspace::Config,
) -> Result<Content, crate::Error> {
    if config.enabled(RuleId::Spelling) {
        crate::lang::speller::preload(config.language.dictionary.as_deref(), root);
    }
    crate::workspace::load_content(root, config)
}

/// Seconds since 1970 (see [`crate::workspace::now`]).
pub use crate::workspace::now;

/// The current year (see [`now`]).
pub fn this_year() -> i32 {
    year_of_day(now().div_euclid(86_400))
}

/// Civil year of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn year_of_day(days: i64) -> i32 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_days() {
        assert_eq!(year_of_day(0), 1970);
        assert_eq!(year_of_day(20_414), 2025); // 2025-11-22
        assert_eq!(year_of_day(20_454), 2026); // 2026-01-01
        assert_eq!(year_of_day(20_453), 2025); // 2025-12-31
    }
}

//! `handbok.toml`: which rules run, at what severity, and where not.
//!
//! ```toml
//! [lint]
//! select = ["ALL"]                 # or a list of rule ids
//! ignore = ["image-alt-missing"]
//! [lint.severity]
//! quote-style = "error"
//! [lint.per-path-ignores]
//! "sidor/**" = ["orphan-page"]
//! [load]
//! max-file-size = "64 MB"          # default 16 MB; or a number of bytes
//! [language]
//! dictionary = "../dictionaries/sv_SE"   # default: searched, see lang::speller
//! word-list = "ordlista.txt"       # default: ordlista.txt in the content folder
//! long-sentence = 35               # words
//! lix = 50                         # readability level reported above
//! [language.abbreviations]
//! "t.ex." = "t ex"                 # the guide's form of an abbreviation
//! ```

use crate::diag::{Diagnostic, RuleId, Severity};
use crate::Error;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "handbok.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    #[serde(default)]
    lint: LintShape,
    #[serde(default)]
    load: LoadShape,
    #[serde(default)]
    language: LanguageShape,
    #[serde(default)]
    export: ExportShape,
    #[serde(default)]
    diff: Diff,
    #[serde(default)]
    serve: Serve,
}

/// `[serve]`: what `handbok serve` does when its options are not given.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Serve {
    /// The editor a finding's link opens: a name of [`EDITORS`] or a URL
    /// pattern with `{path}`, `{line}` and `{column}`.
    pub editor: Option<String>,
}

/// Editors a finding's link can open, and the URL that opens a file at
/// a line and column in each.
pub const EDITORS: &[(&str, &str)] = &[
    ("vscode", "vscode://file{path}:{line}:{column}"),
    ("vscodium", "vscodium://file{path}:{line}:{column}"),
    ("cursor", "cursor://file{path}:{line}:{column}"),
    ("zed", "zed://file{path}:{line}:{column}"),
    (
        "idea",
        "idea://open?file={path}&line={line}&column={column}",
    ),
    (
        "sublime",
        "subl://open?url=file://{path}&line={line}&column={column}",
    ),
    (
        "textmate",
        "txmt://open?url=file://{path}&line={line}&column={column}",
    ),
    ("none", ""),
];

/// The URL pattern of `editor`: a name of [`EDITORS`], or a pattern of
/// the user's (`scheme:…{path}…{line}…`); `None` for anything else. An
/// empty pattern: no links. A guide's handbok.toml is not to send a
/// reader's file paths away or run a script when a finding is clicked:
/// a web address must be this machine's, and `javascript:`, `data:` and
/// `vbscript:` are no editors.
pub fn editor_pattern(editor: &str) -> Option<String> {
    if let Some((_, pattern)) = EDITORS.iter().find(|(name, _)| *name == editor) {
        return Some(pattern.to_string());
    }
    let (scheme, rest) = editor.split_once(':')?;
    let named = scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    let scheme = scheme.to_ascii_lowercase();
    let runs = ["javascript", "data", "vbscript"].contains(&scheme.as_str());
    let web = ["http", "https", "ws", "wss", "ftp"].contains(&scheme.as_str());
    let local = || {
        // A browser ends the host at a backslash too.
        let host = rest
            .trim_start_matches(['/', '\\'])
            .split(['/', '\\', '?', '#'])
            .next();
        let host = host
            .unwrap_or_default()
            .rsplit_once('@')
            .map_or(host.unwrap_or_default(), |(_, h)| h);
        let name = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => host.split(':').next().unwrap_or_default(),
        };
        name.eq_ignore_ascii_case("localhost")
            || name
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    };
    let places = editor.contains("{path}") && editor.contains("{line}");
    (named && !runs && (!web || local()) && places).then(|| editor.to_string())
}

/// What `--editor` and `[serve] editor` take, for messages.
pub fn editor_names() -> String {
    let names: Vec<&str> = EDITORS.iter().map(|(n, _)| *n).collect();
    format!(
        "{} or a URL pattern with {{path}} and {{line}} (and {{column}}), to an editor or this machine",
        names.join(", ")
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ExportShape {
    formats: Option<Vec<String>>,
    out: Option<PathBuf>,
    split: Option<Split>,
    paper: Option<Paper>,
    #[serde(default)]
    html: HtmlShape,
}

/// `[export.html]`: the web site's settings.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct HtmlShape {
    base_url: Option<String>,
    accent: Option<String>,
    logo: Option<PathBuf>,
    css: Option<PathBuf>,
    organisation: Option<String>,
    contact: Option<String>,
    reviewed: Option<Day>,
    compliance: Option<String>,
}

/// A day as TOML writes it (`2026-11-30`) or as a string (`"2026-11-30"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Day {
    Text(String),
    Date(toml::value::Datetime),
}

impl Day {
    fn text(&self) -> String {
        match self {
            Day::Text(t) => t.clone(),
            Day::Date(d) => d.to_string(),
        }
    }
}

/// Today (UTC), by [`super::now`].
fn today() -> chrono::NaiveDate {
    let days = super::now().div_euclid(86_400).max(0) as u64;
    chrono::NaiveDate::default() + chrono::Days::new(days)
}

/// `[export]`: what `handbok export` does when its options are not given.
#[derive(Debug, Clone, Default)]
pub struct Export {
    /// `pdf`, `epub`.
    pub formats: Option<Vec<String>>,
    /// Relative to the settings file.
    pub out: Option<PathBuf>,
    pub split: Option<Split>,
    pub paper: Option<Paper>,
    /// `[export.html]`: the web site's settings, files relative to this
    /// file.
    pub site: Site,
}

/// `[export.html]`: the web site's settings, files made absolute.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// Where the site is published, for canonical links and the sitemap.
    pub base_url: Option<String>,
    /// `#rrggbb`: links, frames and headings of boxes.
    pub accent: Option<String>,
    /// The folder of handbok.toml, which `logo` and `css` are in.
    pub dir: PathBuf,
    /// A PNG or JPEG shown before the guide's name in every page's banner.
    pub logo: Option<PathBuf>,
    /// A stylesheet added after handbok's.
    pub css: Option<PathBuf>,
    /// Who stands behind the site, for the accessibility statement.
    pub organisation: Option<String>,
    /// Where readers report what they cannot use (e-mail or web address).
    pub contact: Option<String>,
    /// The day the accessibility statement was last reviewed.
    pub reviewed: Option<String>,
    /// How far the site complies with the law, as a review found it:
    /// `helt`, `delvis` or `inte` (förenlig).
    pub compliance: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    /// One booklet per key area.
    Area,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    A4,
    A5,
}

/// `[diff]`: what `handbok diff` does when its options are not given.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Diff {
    pub ignore_whitespace: Option<bool>,
    /// The content folder within the repository (from its root), for
    /// revisions.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LanguageShape {
    dictionary: Option<PathBuf>,
    word_list: Option<PathBuf>,
    long_sentence: Option<usize>,
    lix: Option<f64>,
    #[serde(default)]
    abbreviations: BTreeMap<String, String>,
}

/// Settings of the language rules.
#[derive(Debug, Clone)]
pub struct Language {
    /// The Hunspell dictionary named by `--dictionary` or handbok.toml.
    pub dictionary: Option<PathBuf>,
    /// The word list, if not `ordlista.txt` in the content folder.
    pub word_list: Option<PathBuf>,
    /// Words a sentence may have before `long-sentence` reports it.
    pub long_sentence: usize,
    /// The LIX above which `readability` reports a text.
    pub lix: f64,
    /// The form each abbreviation of [`crate::lang::abbrev::ABBREVIATIONS`]
    /// is written in, by index.
    pub abbreviations: Vec<String>,
}

impl Default for Language {
    fn default() -> Self {
        Language {
            dictionary: None,
            word_list: None,
            long_sentence: 35,
            lix: 50.0,
            abbreviations: crate::lang::abbrev::ABBREVIATIONS
                .iter()
                .map(|a| a.form.to_string())
                .collect(),
        }
    }
}

impl LanguageShape {
    /// The settings, with paths taken relative to the settings file's folder.
    fn resolve(self, dir: &Path, file: &Path) -> Result<Language, Error> {
        let mut language = Language {
            dictionary: self.dictionary.map(|p| dir.join(p)),
            word_list: self.word_list.map(|p| dir.join(p)),
            ..Language::default()
        };
        if let Some(d) = &language.dictionary {
            if crate::lang::speller::pair(d).is_none() {
                return Err(Error::new(format!(
                    "{}: [language] dictionary: no sv_SE.aff and sv_SE.dic at {}",
                    file.display(),
                    d.display()
                )));
            }
        }
        if let Some(list) = &language.word_list {
            use crate::files::read::{entry, Entry};
            let why = match entry(list) {
                Entry::File(_) => None,
                Entry::Missing => Some("no such file"),
                Entry::Folder => Some("a folder, not a file"),
                Entry::Link => Some("a symbolic link; handbok reads plain files only"),
                Entry::Special => Some("not a plain file (a pipe, device or socket)"),
            };
            if let Some(why) = why {
                return Err(Error::new(format!(
                    "{}: [language] word-list: {}: {why}",
                    file.display(),
                    list.display()
                )));
            }
        }
        if let Some(n) = self.long_sentence {
            if n == 0 {
                return Err(Error::new(format!(
                    "{}: [language] long-sentence must be 1 or more words (to turn the rule off: [lint] ignore = [\"long-sentence\"])",
                    file.display()
                )));
            }
            language.long_sentence = n;
        }
        if let Some(lix) = self.lix {
            language.lix = lix;
        }
        for (form, preferred) in self.abbreviations {
            let entry = crate::lang::abbrev::by_form(&form).ok_or_else(|| {
                let known: Vec<&str> = crate::lang::abbrev::ABBREVIATIONS
                    .iter()
                    .map(|a| a.form)
                    .collect();
                Error::new(format!(
                    "{}: `{form}` under [language.abbreviations] is not one of {}",
                    file.display(),
                    known.join(", ")
                ))
            })?;
            if preferred.trim().is_empty() || preferred.trim() != preferred {
                return Err(Error::new(format!(
                    "{}: [language.abbreviations] `{form}` needs a form to write, without spaces around it, not {preferred:?}",
                    file.display()
                )));
            }
            language.abbreviations[entry] = preferred;
        }
        Ok(language)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LoadShape {
    max_file_size: Option<toml::Value>,
}

/// `16777216`, `"64 MB"`, `"512 kB"`, `"1 GB"` as a number of bytes.
fn byte_size(value: &toml::Value) -> Option<u64> {
    if let Some(n) = value.as_integer() {
        return u64::try_from(n).ok().filter(|&n| n > 0);
    }
    let text = value.as_str()?.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let scale: u64 = match unit.trim() {
        "" | "B" => 1,
        "kB" | "KB" | "KiB" => 1 << 10,
        "MB" | "MiB" => 1 << 20,
        "GB" | "GiB" => 1 << 30,
        _ => return None,
    };
    number
        .parse::<u64>()
        .ok()?
        .checked_mul(scale)
        .filter(|&n| n > 0)
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct LintShape {
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    #[serde(default)]
    per_path_ignores: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Default)]
pub struct Config {
    /// The file the settings came from, if any.
    pub path: Option<PathBuf>,
    pub language: Language,
    select: Option<HashSet<RuleId>>,
    ignore: HashSet<RuleId>,
    severity: HashMap<RuleId, Severity>,
    /// Globs relative to the settings file's folder, and the rules they
    /// silence there (`None`: all).
    per_path: Vec<(globset::GlobMatcher, Option<Vec<RuleId>>)>,
    /// The settings file's folder, absolute.
    dir: Option<PathBuf>,
    pub export: Export,
    pub diff: Diff,
    pub serve: Serve,
    /// `[load]`: how much the loader reads.
    pub load: crate::load::Limits,
    /// The load cache's folder (see [`crate::load::Cache`]); none by
    /// default, set by the commands that load a guide again and again.
    pub cache: Option<PathBuf>,
}

/// How a settings file is read: from the guide, or as the user named it.
type ReadText = fn(&Path, crate::files::read::Kind) -> Result<String, crate::files::read::Refused>;

impl Config {
    /// The nearest `handbok.toml` in `start` or a folder above it, up to
    /// the root of the git repository `start` is in; outside a repository,
    /// only `start`'s own. No further: a file in a home folder or `/tmp` is
    /// not the guide's.
    pub fn find(start: &Path) -> Result<Config, Error> {
        use crate::files::read::{entry, Entry};
        let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        let repo = start
            .ancestors()
            .position(|d| entry(&d.join(".git")) != Entry::Missing);
        let searched = repo.map_or(1, |top| top + 1);
        for dir in start.ancestors().take(searched) {
            let candidate = dir.join(FILE_NAME);
            if entry(&candidate) != Entry::Missing {
                return Config::read(&candidate);
            }
        }
        Ok(Config::default())
    }

    /// The settings file the guide has (no link, a plain file).
    pub fn read(path: &Path) -> Result<Config, Error> {
        Config::read_by(path, crate::files::read::text)
    }

    /// The settings file named on the command line (`--config`): a link
    /// the user gave is followed, `<(command)` read.
    pub fn read_named(path: &Path) -> Result<Config, Error> {
        Config::read_by(path, crate::files::read::named_text)
    }

    fn read_by(path: &Path, read: ReadText) -> Result<Config, Error> {
        let text = read(path, crate::files::read::Kind::Settings)
            .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
        Config::parse(path, &text)
    }

    fn parse(path: &Path, text: &str) -> Result<Config, Error> {
        let shape: FileShape =
            toml::from_str(text).map_err(|e| Error::new(format!("{}: {e}", path.display())))?;
        let mut load = crate::load::Limits::default();
        if let Some(value) = &shape.load.max_file_size {
            load.max_file_size = byte_size(value).ok_or_else(|| {
                Error::new(format!(
                    "{}: `max-file-size` takes a size such as \"64 MB\" or a number of bytes, not {}",
                    path.display(),
                    value.as_str().map_or_else(|| format!("{value:?}"), |s| format!("\"{s}\""))
                ))
            })?;
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let language = shape.language.resolve(dir, path)?;
        let lint = shape.lint;
        let all_ids = lint
            .select
            .iter()
            .flatten()
            .filter(|id| *id != "ALL")
            .chain(&lint.ignore)
            .chain(lint.severity.keys())
            .chain(
                lint.per_path_ignores
                    .values()
                    .flatten()
                    .filter(|id| *id != "ALL"),
            );
        let mut unknown: Vec<String> = Vec::new();
        for id in all_ids.filter(|id| RuleId::parse(id).is_none()) {
            let line = unknown_rule(path, text, id);
            if !unknown.contains(&line) {
                unknown.push(line);
            }
        }
        if !unknown.is_empty() {
            return Err(Error::new(unknown.join("\n")));
        }
        if let Some(editor) = &shape.serve.editor {
            if editor_pattern(editor).is_none() {
                return Err(Error::new(format!(
                    "{}: [serve] editor: `{editor}` is not {}",
                    at(path, text, editor),
                    editor_names()
                )));
            }
        }
        for format in shape.export.formats.iter().flatten() {
            if !matches!(format.as_str(), "pdf" | "epub" | "html") {
                return Err(Error::new(format!(
                    "{}: [export] formats: `{format}` is not pdf, epub or html",
                    at(path, text, format)
                )));
            }
        }
        let html = &shape.export.html;
        if let Some(base) = &html.base_url {
            let web = base.starts_with("https://") || base.starts_with("http://");
            // A user and password would be published in every canonical
            // link; other letters than ASCII must be written encoded.
            let host = base.split('/').nth(2).unwrap_or_default();
            if !web
                || base.contains(char::is_whitespace)
                || base.contains(['"', '<', '>', '?', '#'])
                || host.contains('@')
                || !base.is_ascii()
            {
                return Err(Error::new(format!(
                    "{}: [export.html] base-url: `{base}` is not a web address (https://…, no user or password, other letters than ASCII encoded)",
                    at(path, text, base)
                )));
            }
        }
        if let Some(accent) = &html.accent {
            if let Err(why) = super::colour::check_accent(accent) {
                return Err(Error::new(format!(
                    "{}: [export.html] accent: {why}",
                    at(path, text, accent)
                )));
            }
        }
        for (key, file) in [("logo", &html.logo), ("css", &html.css)] {
            let Some(file) = file else { continue };
            if crate::files::read::inside(dir, file).is_err() {
                let shown = file.display().to_string();
                return Err(Error::new(format!(
                    "{}: [export.html] {key}: `{shown}` leads outside the folder of handbok.toml; keep the site's files beside the guide",
                    at(path, text, &shown)
                )));
            }
        }
        if let Some(contact) = &html.contact {
            let web = contact.starts_with("https://") || contact.starts_with("http://");
            let mail = contact.contains('@') && !contact.contains(char::is_whitespace);
            let plain = !contact.contains(['"', '<', '>', ' ']);
            if !(web || mail) || !plain {
                return Err(Error::new(format!(
                    "{}: [export.html] contact: `{contact}` is not an e-mail or web address readers can use",
                    at(path, text, contact)
                )));
            }
        }
        if let Some(org) = html.organisation.as_ref().filter(|o| o.trim().is_empty()) {
            return Err(Error::new(format!(
                "{}: [export.html] organisation is empty; name who stands behind the site, or leave the line out",
                at(path, text, &format!("\"{org}\""))
            )));
        }
        if let Some(c) = html
            .compliance
            .as_ref()
            .filter(|c| !matches!(c.as_str(), "helt" | "delvis" | "inte"))
        {
            return Err(Error::new(format!(
                "{}: [export.html] compliance: `{c}` is not helt, delvis or inte (förenlig with the law, as a review found)",
                at(path, text, c)
            )));
        }
        if let (Some(c), None) = (&html.compliance, &html.reviewed) {
            return Err(Error::new(format!(
                "{}: [export.html] compliance says what a review found; give the day of that review too (reviewed = YYYY-MM-DD)",
                at(path, text, c)
            )));
        }
        if let Some(day) = html.reviewed.as_ref().map(Day::text) {
            let Ok(date) = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d") else {
                return Err(Error::new(format!(
                    "{}: [export.html] reviewed: `{day}` is not a date (YYYY-MM-DD)",
                    at(path, text, &day)
                )));
            };
            if date > today() {
                return Err(Error::new(format!(
                    "{}: [export.html] reviewed: {day} is still to come; the statement gives the day of the last review",
                    at(path, text, &day)
                )));
            }
        }
        let mut per_path = Vec::new();
        for (pattern, ids) in lint.per_path_ignores {
            let glob = globset::GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| {
                    Error::new(format!(
                        "{}: [lint.per-path-ignores] `{pattern}` is not a glob: {e}",
                        at(path, text, &pattern)
                    ))
                })?;
            let rules = (!ids.iter().any(|id| id == "ALL")).then(|| parse_ids(&ids));
            per_path.push((glob.compile_matcher(), rules));
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            language,
            select: lint
                .select
                .filter(|s| !s.iter().any(|id| id == "ALL"))
                .map(|s| parse_ids(&s).into_iter().collect()),
            ignore: parse_ids(&lint.ignore).into_iter().collect(),
            severity: lint
                .severity
                .into_iter()
                .filter_map(|(id, s)| Some((RuleId::parse(&id)?, s)))
                .collect(),
            per_path,
            dir: std::fs::canonicalize(dir).ok(),
            export: Export {
                formats: shape.export.formats,
                out: shape.export.out.map(|o| dir.join(o)),
                split: shape.export.split,
                paper: shape.export.paper,
                site: Site {
                    base_url: shape.export.html.base_url,
                    accent: shape.export.html.accent,
                    dir: dir.to_path_buf(),
                    logo: shape.export.html.logo,
                    css: shape.export.html.css,
                    organisation: shape.export.html.organisation,
                    contact: shape.export.html.contact,
                    reviewed: shape.export.html.reviewed.as_ref().map(Day::text),
                    compliance: shape.export.html.compliance,
                },
            },
            diff: shape.diff,
            serve: shape.serve,
            load,
            cache: None,
        })
    }

    /// Settings that run one rule, at its default severity.
    pub fn only(id: RuleId) -> Config {
        Config {
            select: Some(HashSet::from([id])),
            ..Config::default()
        }
    }

    pub fn enabled(&self, id: RuleId) -> bool {
        self.select.as_ref().is_none_or(|s| s.contains(&id)) && !self.ignore.contains(&id)
    }

    /// Apply the settings to every finding: rules turned off, per-path
    /// ignores and severity overrides (`root`: the content folder the
    /// findings' paths are relative to).
    pub fn apply(&self, diags: &mut Vec<Diagnostic>, root: &Path) {
        diags.retain(|d| self.enabled(d.rule));
        let base = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let from_settings = |file: &str| -> PathBuf {
            let full = base.join(file);
            match &self.dir {
                Some(dir) => full
                    .strip_prefix(dir)
                    .map_or(full.clone(), Path::to_path_buf),
                None => PathBuf::from(file),
            }
        };
        diags.retain(|d| {
            let ignored_here = |(glob, ids): &(globset::GlobMatcher, Option<Vec<RuleId>>)| {
                ids.as_ref().is_none_or(|ids| ids.contains(&d.rule))
                    && glob.is_match(from_settings(&d.path))
            };
            !self.per_path.iter().any(ignored_here)
        });
        for d in diags.iter_mut() {
            if let Some(s) = self.severity.get(&d.rule) {
                d.severity = *s;
            }
        }
    }
}

/// Rule ids already checked to be known.
fn parse_ids(ids: &[String]) -> Vec<RuleId> {
    ids.iter().filter_map(|id| RuleId::parse(id)).collect()
}

/// An unknown rule id, with where it is in the settings file and the
/// closest known id.
fn unknown_rule(path: &Path, text: &str, id: &str) -> String {
    let closest =
        RuleId::closest(id).map_or(String::new(), |near| format!("; did you mean `{near}`?"));
    format!(
        "{}: unknown rule `{id}`{closest} (`handbok rules` lists them)",
        at(path, text, id)
    )
}

/// `file:line:column` of the first quoted or bare `word` in the settings.
fn at(path: &Path, text: &str, word: &str) -> String {
    let found = [format!("\"{word}\""), format!("'{word}'"), word.to_string()]
        .iter()
        .find_map(|w| {
            text.find(w.as_str())
                .map(|i| i + usize::from(w.len() > word.len()))
        });
    match found {
        Some(i) => {
            let (line, column) = crate::text::line_column(text, i);
            format!("{}:{line}:{column}", path.display())
        }
        None => path.display().to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[test]
    fn an_editor_pattern_opens_an_editor_or_this_machine_only() {
        for ok in [
            "vscode",
            "none",
            "myed://open?f={path}&l={line}",
            "emacs:{path}:{line}:{column}",
            "http://localhost:8080/open?file={path}&line={line}",
            "http://127.0.0.1:63342/api/file/{path}:{line}",
            "https://[::1]/{path}#{line}",
        ] {
            assert!(editor_pattern(ok).is_some(), "{ok}");
        }
        for bad in [
            "vim",
            "http://evil.example/?{path}&{line}",
            "https://localhost.evil.example/{path}{line}",
            "http://user@evil.example/{path}{line}",
            "http://evil.example\\@localhost/{path}{line}",
            "data:text/html,{path}{line}",
            "JavaScript:alert('{path}{line}')",
            "vbscript:{path}{line}",
            "myed://{line}",
            "myed://{path}",
            "{path}:{line}",
        ] {
            assert!(editor_pattern(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn settings_are_read_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            "[lint]\nignore = [\"quote-style\"]\n[lint.severity]\ndouble-period = \"error\"\n",
        )
        .unwrap();
        let c = Config::read(&path).unwrap();
        assert!(!c.enabled(RuleId::QuoteStyle) && c.enabled(RuleId::DoublePeriod));
        std::fs::write(&path, "[lint]\nignore = [\"no-such-rule\"]\n").unwrap();
        assert!(Config::read(&path)
            .unwrap_err()
            .to_string()
            .contains("unknown rule `no-such-rule`"));
        std::fs::write(
            &path,
            "[lint]\nselect = [\"ALL\"]\nignore = [\"quote-stile\"]\n",
        )
        .unwrap();
        let e = Config::read(&path).unwrap_err().to_string();
        assert!(
            e.ends_with(&format!(
                "{}:3:12: unknown rule `quote-stile`; did you mean `quote-style`? (`handbok rules` lists them)",
                path.display()
            )),
            "{e}"
        );
        std::fs::write(
            &path,
            "[lint]\nignore = [\"quote-stile\", \"nope\"]\n[lint.severity]\nnope = \"error\"\n",
        )
        .unwrap();
        let e = Config::read(&path).unwrap_err().to_string();
        let lines: Vec<&str> = e.lines().collect();
        assert_eq!(lines.len(), 2, "{e}");
        assert!(
            lines[0].contains(":2:12: unknown rule `quote-stile`"),
            "{e}"
        );
        assert!(lines[1].contains(":2:27: unknown rule `nope`"), "{e}");
    }
}

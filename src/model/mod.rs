//! The guide's content as typed values. Every value read from YAML carries
//! the position it came from (see [`Located`]); values built in memory (by the
//! importer) carry a blank position.

pub mod fields;
mod id;
pub mod kommuner;
pub mod locate;
mod slug;
mod spanned;

pub use id::{alias_id, page_id, read_more_candidates};
pub use slug::slug;
pub use spanned::Spanned;

/// The folder of a guide that holds its images.
pub const MEDIA_DIR: &str = "media";

use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

/// A string from a content file, with its position.
pub type Text = Spanned<String>;

/// 1-based line and column (columns count characters, not bytes).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// Anything that knows where in its file it was read from.
pub trait Located {
    fn pos(&self) -> Pos;
}

/// A relative path with `/` between its parts on every system. On Unix a
/// `\\` is part of a file's name, not a separator, and stays.
pub fn slash_path(path: &std::path::Path) -> String {
    let text = shown(path);
    if cfg!(windows) {
        text.replace('\\', "/")
    } else {
        text
    }
}

/// A path as text; a byte that is not UTF-8 is shown as `\xNN`, so two
/// names that differ only there are never shown as one.
#[cfg(unix)]
fn shown(path: &std::path::Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in path.as_os_str().as_bytes().utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn shown(path: &std::path::Path) -> String {
    path.to_string_lossy().into_owned()
}

/// A string with no source position, for content built in memory.
pub fn text(s: impl Into<String>) -> Text {
    Spanned::blank(s.into())
}

/// `guide.yaml`: what the book is and the order of its parts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Guide {
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<Text>,
    pub language: Text,
    pub edition: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Text>,
    /// Page ids of the key areas, in reading order.
    pub parts: Vec<Text>,
}

/// One content file other than `guide.yaml`.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the content root with `/` separators and no
    /// extension, e.g. `kommuner/umea/ledarskap`.
    pub id: String,
    /// Path relative to the content root, as found on disk.
    pub path: PathBuf,
    pub source: Arc<str>,
    pub body: PageBody,
    /// Where the lines of `source` start, made when first asked for.
    pub lines: std::sync::OnceLock<locate::Lines>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum PageBody {
    Area(Box<Area>),
    Municipality(Box<Municipality>),
    Article(Box<Article>),
}

impl Page {
    /// The path relative to the content root, with `/` separators.
    pub fn display_path(&self) -> String {
        slash_path(&self.path)
    }

    /// Where bytes `start..end` of `value` are in this page's source.
    pub fn locate(&self, value: &Text, start: usize, end: usize) -> locate::Place {
        locate::locate(&self.source, self.index(), value, start, end)
    }

    /// Line `n` (1-based) of the source, read through the index: a rule
    /// asking for each value's line never reads the file from its start.
    pub fn line(&self, n: usize) -> Option<&str> {
        self.index().line(&self.source, n)
    }

    fn index(&self) -> &locate::Lines {
        self.lines.get_or_init(|| locate::Lines::new(&self.source))
    }
}

impl PageBody {
    pub fn title(&self) -> &Text {
        match self {
            PageBody::Area(a) => &a.title,
            PageBody::Municipality(m) => &m.title,
            PageBody::Article(a) => &a.title,
        }
    }

    /// The page's sections, on any kind of page.
    pub fn sections(&self) -> &[Section] {
        match self {
            PageBody::Area(a) => &a.sections,
            PageBody::Municipality(m) => &m.sections,
            PageBody::Article(a) => &a.sections,
        }
    }

    pub fn aliases(&self) -> &[Text] {
        match self {
            PageBody::Area(a) => &a.aliases,
            PageBody::Municipality(m) => &m.aliases,
            PageBody::Article(a) => &a.aliases,
        }
    }

    pub fn aliases_mut(&mut self) -> &mut Vec<Text> {
        match self {
            PageBody::Area(a) => &mut a.aliases,
            PageBody::Municipality(m) => &mut m.aliases,
            PageBody::Article(a) => &mut a.aliases,
        }
    }

    pub fn revision(&self) -> Option<&Revision> {
        match self {
            PageBody::Area(a) => a.revision.as_ref(),
            PageBody::Municipality(m) => m.revision.as_ref(),
            PageBody::Article(a) => a.revision.as_ref(),
        }
    }

    pub fn kind(&self) -> PageKind {
        match self {
            PageBody::Area(_) => PageKind::Area,
            PageBody::Municipality(_) => PageKind::Municipality,
            PageBody::Article(_) => PageKind::Article,
        }
    }
}

/// The kinds of content file; the `kind:` field names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Guide,
    Area,
    Municipality,
    Article,
}

impl PageKind {
    pub const ALL: [PageKind; 4] = [
        PageKind::Guide,
        PageKind::Area,
        PageKind::Municipality,
        PageKind::Article,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PageKind::Guide => "guide",
            PageKind::Area => "area",
            PageKind::Municipality => "municipality",
            PageKind::Article => "article",
        }
    }

    pub fn from_name(name: &str) -> Option<PageKind> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// A key-area page (nyckelområde): Vad?/Vem?/Hur?, "Så gör Mittköping" and
/// examples from Swedish municipalities.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub kind: Text,
    pub title: Text,
    /// The heading as the page showed it, where it differs from the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_title: Option<Text>,
    /// Other names the page is known by: the wiki's redirects to it and
    /// its names before a rename. Links by an old name reach it, and the
    /// site serves each old name as a redirect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Text>,
    /// Wiki revision metadata, on any kind of page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vad: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vem: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hur: Option<Text>,
    /// "Så gör Mittköping": how the model municipality does it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Example>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Text the importer could not place; kept so nothing is lost.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<Text>,
}

/// One municipality's example: municipality → title → summary → "Läs mer".
/// An example from an organisation that is not a municipality (Inera, a
/// region, SKR) names its `organisation` instead; the schema takes exactly
/// one of the two.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_more: Option<ReadMore>,
}

impl Example {
    /// Whose example it is: the municipality or the organisation (empty
    /// only in a file that breaks the schema, which says so).
    pub fn who(&self) -> &str {
        self.municipality
            .as_ref()
            .or(self.organisation.as_ref())
            .map_or("", |t| t.as_str())
    }

    /// "Umeå – Titel", as findings and diffs name the example.
    pub fn label(&self) -> String {
        match &self.title {
            Some(t) => format!("{} – {}", self.who(), t.as_str()),
            None => self.who().to_string(),
        }
    }

    /// The field that names whose example it is, for positions.
    pub fn who_field(&self) -> Option<&Text> {
        self.municipality.as_ref().or(self.organisation.as_ref())
    }
}

/// A "Läs mer" link: its text as shown, and where it leads — a page id, a
/// `kommun/område` reference, or an external URL.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReadMore {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Text>,
}

impl ReadMore {
    pub fn is_url(&self) -> bool {
        self.to
            .as_ref()
            .is_some_and(|t| t.starts_with("http://") || t.starts_with("https://"))
    }
}

/// An illustration: a file in the media folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    pub file: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Text>,
    /// Ornament only: no alt text wanted, an artifact in the tagged PDF.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decorative: bool,
}

/// A municipality page ("Umeå - Ledarskap").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub kind: Text,
    pub municipality: Text,
    /// The key area (nyckelområde) by name.
    pub area: Text,
    pub title: Text,
    /// Other names the page is known by: the wiki's redirects to it and
    /// its names before a rename. Links by an old name reach it, and the
    /// site serves each old name as a redirect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<Text>,
}

/// Wiki revision metadata: "Version från den 16 oktober 2017 kl. 17.24 av Frick".
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    /// `YYYY-MM-DD HH:MM`.
    pub date: Text,
    pub author: Text,
}

/// A long-form page: headings with text, lists, images and examples.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub kind: Text,
    pub title: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_title: Option<Text>,
    /// Other names the page is known by: the wiki's redirects to it and
    /// its names before a rename. Links by an old name reach it, and the
    /// site serves each old name as a redirect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Text>,
    /// Wiki revision metadata, on any kind of page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    /// The municipality whose own site the page comes from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<Text>,
}

/// A heading and what follows it, in order. A section without a heading is
/// the text before the first heading.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<Text>,
    /// 2 for a section, 3 for a sub-section (Vad/Hur under a section).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Spanned<u8>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<Block>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Block {
    /// CommonMark prose: paragraphs, lists, emphasis.
    Text(Text),
    Image(Box<Image>),
    Examples(Vec<Example>),
    Table(Box<Table>),
}

/// A table: a header row naming the columns, then rows of cells. Every row
/// has as many cells as the header (the `table-shape` rule says when not).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Text>,
    pub header: Vec<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<Vec<Text>>,
}

impl Table {
    /// Columns a renderer gives the table: the header's, or a longer row's.
    pub fn width(&self) -> usize {
        self.rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0)
    }
}

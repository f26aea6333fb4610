//! The document IR both renderers read: book → parts (key areas) →
//! chapters → blocks. Built once from the loaded content; renderers never
//! look at YAML or the file system except through resolved image paths.

use crate::load::Content;
use crate::model::{Block as ModelBlock, Example, Image, Page, PageBody, Section, Text};
use crate::text::fnv;
use crate::text::normalize;
use crate::Error;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct Book {
    pub title: String,
    pub subtitle: Option<String>,
    pub edition: String,
    pub author: String,
    /// The newest revision date in the content, `YYYY-MM-DD`: the book's date,
    /// so that rebuilding gives the same files (2000-01-01 in metadata
    /// when the content has no revision).
    pub date: String,
    /// Whether `date` is the content's own, to be shown to readers.
    pub dated: bool,
    pub parts: Vec<Part>,
    /// A hash of the whole content, for identifiers.
    pub fingerprint: u64,
}

#[derive(Debug, Clone)]
pub struct Part {
    pub id: String,
    pub title: String,
    pub chapters: Vec<Chapter>,
}

#[derive(Debug, Clone)]
pub struct Chapter {
    /// Unique in the book, usable as a file name.
    pub id: String,
    /// The page id it comes from.
    pub page: String,
    pub title: String,
    pub blocks: Vec<Block>,
    /// The page ids its other names would have (the wiki's redirects):
    /// the site answers each with a redirect to this chapter.
    pub aliases: Vec<String>,
    /// The source file, as findings name it (`omraden/ledarskap.yaml`).
    pub file: String,
    /// The source line each of `blocks` starts at, for a preview to put
    /// a finding where it is rendered.
    pub lines: Vec<usize>,
}

/// A chapter's blocks as they are built, each with its source line.
#[derive(Default)]
struct Blocks {
    list: Vec<Block>,
    lines: Vec<usize>,
}

impl Blocks {
    fn push(&mut self, line: usize, block: Block) {
        self.list.push(block);
        self.lines.push(line);
    }

    fn extend(&mut self, blocks: Vec<(usize, Block)>) {
        for (line, block) in blocks {
            self.push(line, block);
        }
    }
}

/// The line a value starts at.
fn line_of(value: &Text) -> usize {
    crate::model::Located::pos(value).line
}

/// The line an example starts at: its first field.
fn example_line(e: &Example) -> usize {
    let texts = [&e.municipality, &e.organisation, &e.title, &e.summary];
    let images = e.images.iter().map(|i| line_of(&i.file));
    let link = e.read_more.iter().flat_map(|r| r.to.iter().chain(&r.text));
    texts
        .into_iter()
        .flatten()
        .map(line_of)
        .chain(images)
        .chain(link.map(line_of))
        .min()
        .unwrap_or(1)
}

/// The line a table starts at: its caption or its header.
fn table_line(t: &crate::model::Table) -> usize {
    let caption = t.caption.iter().map(line_of);
    let cells = t.header.iter().chain(t.rows.iter().flatten()).map(line_of);
    caption.chain(cells).min().unwrap_or(1)
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, String),
    Para(Vec<Inline>),
    /// The facts under a municipality page's title.
    Meta(Meta),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    /// Vad? / Vem? / Hur?, set apart.
    Summary(Vec<(String, Vec<Block>)>),
    Example(ExampleBlock),
    Image(ImageRef),
    Table(TableBlock),
}

/// A table with every row as wide as the widest: a row the editor left
/// short (lint says so) gets empty cells at its end.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableBlock {
    pub caption: Option<String>,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl TableBlock {
    fn from_model(t: &crate::model::Table) -> TableBlock {
        let row = |cells: &[Text]| cells.iter().map(|c| c.to_string()).collect();
        TableBlock {
            caption: t.caption.as_ref().map(|c| c.to_string()),
            header: row(&t.header),
            rows: t.rows.iter().map(|r| row(r)).collect(),
        }
        .squared()
    }

    /// Every row, the header's included, as wide as the widest.
    fn squared(mut self) -> TableBlock {
        let width = self
            .rows
            .iter()
            .map(Vec::len)
            .chain([self.header.len()])
            .max()
            .unwrap_or(0);
        for row in std::iter::once(&mut self.header).chain(&mut self.rows) {
            row.resize(width, String::new());
        }
        self
    }
}

/// What a municipality page is about, and which wiki revision it is: fields,
/// each renderer setting them as it sees fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    pub municipality: String,
    pub area: String,
    /// The revision's day (`YYYY-MM-DD`) and author.
    pub revision: Option<(String, String)>,
}

impl Meta {
    /// The facts as one line: `Umeå · Ledarskap · version 2017-10-16 av Frick`.
    pub fn line(&self) -> String {
        let mut line = format!("{} · {}", self.municipality, self.area);
        if let Some((day, author)) = &self.revision {
            line.push_str(&format!(" · version {day} av {author}"));
        }
        line
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExampleBlock {
    /// The municipality or organisation the example is from.
    pub who: String,
    pub title: Option<String>,
    pub blocks: Vec<Block>,
    pub link: Option<Link>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub text: String,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A chapter of this book, by chapter id.
    Chapter(String),
    Url(String),
    None,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImageRef {
    pub source: Source,
    /// `path:line:column` of the file name in the content, for a renderer
    /// that finds the file cannot be decoded after all.
    pub at: String,
    /// File name inside the book (EPUB), unique.
    pub name: String,
    /// What the image shows; `None` for an ornament (`decorative: true`).
    pub alt: Option<String>,
    pub caption: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// The checked file (see [`crate::media`]) and its pixels, decoded by
    /// the first renderer that draws them, once for every book made from
    /// this IR (an EPUB takes the file as it is). The file is read when
    /// the book is rendered.
    File {
        media: crate::media::Media,
        pixels: Pixels,
    },
    /// No usable file (`export --force`): a framed box with the file name
    /// stands in.
    Placeholder(String),
}

/// An image's pixels, decoded when first asked for (8-bit RGB on white,
/// as the PDF takes them) and shared by the clones of a book.
#[derive(Debug, Clone, Default)]
pub struct Pixels(
    Arc<std::sync::OnceLock<Result<Arc<image::DynamicImage>, crate::media::Problem>>>,
);

impl Pixels {
    pub fn get(
        &self,
        media: &crate::media::Media,
    ) -> Result<Arc<image::DynamicImage>, crate::media::Problem> {
        self.0
            .get_or_init(|| crate::media::decode_opaque(media).map(Arc::new))
            .clone()
    }
}

/// The pixels are the file's: two sources are equal by their files.
impl PartialEq for Pixels {
    fn eq(&self, _: &Pixels) -> bool {
        true
    }
}

/// Something `export --force` let through: the book it is in is a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// `path:line:column` of the value, relative to the content folder.
    pub at: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// Where it leads: a chapter of the book or a URL (only safe
    /// destinations, see [`crate::text::is_safe_link`]); each renderer makes
    /// its own href.
    pub link: Option<Target>,
}

impl Book {
    /// "Utgåva 2 · 2017-10-16", without a date the content does not give.
    pub fn edition_line(&self) -> String {
        match self.dated {
            true => format!("Utgåva {} · {}", self.edition, self.date),
            false => format!("Utgåva {}", self.edition),
        }
    }

    pub fn chapters(&self) -> impl Iterator<Item = &Chapter> {
        self.parts.iter().flat_map(|p| &p.chapters)
    }

    /// Every image, once, in reading order.
    pub fn images(&self) -> Vec<&ImageRef> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a ImageRef>) {
            for b in blocks {
                match b {
                    Block::Image(i) if !out.iter().any(|o| o.name == i.name) => out.push(i),
                    Block::List { items, .. } => items.iter().for_each(|i| walk(i, out)),
                    Block::Summary(parts) => parts.iter().for_each(|(_, b)| walk(b, out)),
                    Block::Example(e) => walk(&e.blocks, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        self.chapters().for_each(|c| walk(&c.blocks, &mut out));
        out
    }

    /// One booklet per part. A link to a chapter the booklet leaves out
    /// leads nowhere in it: its text stays, unlinked.
    pub fn booklets(&self) -> Vec<Book> {
        self.parts
            .iter()
            .map(|p| {
                let mut part = p.clone();
                let inside: HashSet<String> = p.chapters.iter().map(|c| c.id.clone()).collect();
                for c in &mut part.chapters {
                    unlink_outside(&mut c.blocks, &inside);
                }
                Book {
                    title: format!("{} – {}", self.title, p.title),
                    parts: vec![part],
                    fingerprint: self.fingerprint ^ fnv(p.id.as_bytes()),
                    ..self.clone()
                }
            })
            .collect()
    }
}

fn unlink_outside(blocks: &mut [Block], inside: &HashSet<String>) {
    for b in blocks {
        match b {
            Block::Para(inlines) => {
                for i in inlines {
                    if matches!(&i.link, Some(Target::Chapter(id)) if !inside.contains(id)) {
                        i.link = None;
                    }
                }
            }
            Block::List { items, .. } => items.iter_mut().for_each(|i| unlink_outside(i, inside)),
            Block::Summary(parts) => parts
                .iter_mut()
                .for_each(|(_, b)| unlink_outside(b, inside)),
            Block::Example(e) => {
                unlink_outside(&mut e.blocks, inside);
                if let Some(link) = &mut e.link {
                    if matches!(&link.target, Target::Chapter(id) if !inside.contains(id)) {
                        link.target = Target::None;
                    }
                }
                e.link = e.link.take().and_then(Link::shown);
            }
            _ => {}
        }
    }
}

impl Link {
    /// The link as the book shows it: one that leads nowhere keeps named
    /// text ("Styrkedjan i Västerås" says what the page would be), a bare
    /// "Läs mer" is left out (lint reports the missing target).
    fn shown(self) -> Option<Link> {
        let bare = self
            .text
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
            .split_whitespace()
            .eq(["läs", "mer"]);
        (self.target != Target::None || !bare).then_some(self)
    }
}

/// Build the book from loaded content. An image that is missing, damaged
/// or without alt text is an error, or with `force` a [`Draft`] note (a
/// placeholder, or the file name as alt text).
pub fn build(content: &Content, force: bool) -> Result<(Book, Vec<Draft>), Error> {
    build_with(content, force, &crate::media::Checks::new(&content.root))
}

/// [`build`], with the image files as a lint pass checked them.
pub fn build_with(
    content: &Content,
    force: bool,
    images: &crate::media::Checks,
) -> Result<(Book, Vec<Draft>), Error> {
    let guide = content.guide.as_ref().ok_or_else(|| {
        let there = content.sources.contains_key(crate::load::GUIDE_FILE);
        Error::new(if there {
            "guide.yaml does not load (`handbok lint` shows why); the book needs its title and parts"
        } else {
            "the content has no guide.yaml"
        })
    })?;
    let common = Common {
        content,
        chapter_ids: chapter_ids(content),
        force,
        images,
        pixels: std::sync::Mutex::new(HashMap::new()),
    };
    let (plan, mut drafts) = plan(content, &guide.parts, force)?;
    // The chapters are built in parallel; what they hold and the first
    // error in reading order are the same as one by one.
    let built: Vec<Vec<Result<Drafted, Error>>> = plan
        .par_iter()
        .map(|(_, pages)| {
            pages
                .par_iter()
                .map(|p| Builder::new(&common, p).chapter(p))
                .collect()
        })
        .collect();
    let mut parts = Vec::new();
    for ((title, _), chapters) in plan.iter().zip(built) {
        let mut part = Part {
            id: match title.as_str() {
                FLER => "fler-sidor".to_string(),
                _ => crate::model::slug(title),
            },
            title: title.clone(),
            chapters: Vec::new(),
        };
        for chapter in chapters {
            let (chapter, notes) = chapter?;
            for note in notes {
                if !drafts.contains(&note) {
                    drafts.push(note);
                }
            }
            part.chapters.push(chapter);
        }
        parts.push(part);
    }
    let fingerprint = content.sources.iter().fold(0u64, |h, (path, text)| {
        h.rotate_left(5) ^ fnv(path.as_bytes()) ^ fnv(text.as_bytes())
    });
    let newest = newest_revision(content);
    let book = Book {
        title: guide.title.to_string(),
        subtitle: guide.subtitle.as_ref().map(|s| s.to_string()),
        edition: guide.edition.to_string(),
        // A blank author is none: the guide's title stands in.
        author: guide
            .author
            .as_deref()
            .map(|a| a.trim())
            .filter(|a| !a.is_empty())
            .map_or_else(|| guide.title.trim().to_string(), str::to_string),
        dated: newest.is_some(),
        date: newest.unwrap_or_else(|| "2000-01-01".to_string()),
        parts,
        fingerprint,
    };
    Ok((book, drafts))
}

/// A chapter, and the draft notes of what it let through.
type Drafted = (Chapter, Vec<Draft>);

/// Each part's title and pages, in reading order.
type Plan<'c> = Vec<(String, Vec<&'c Page>)>;

/// The title of the part of pages that no part of guide.yaml holds.
const FLER: &str = "Fler sidor";

/// Which pages each part holds, in reading order: a part's own page and
/// the municipality pages of its area (by title), then a part "Fler
/// sidor" of every other page. A part guide.yaml names that is no page
/// is an error, or with `force` left out with a draft note.
fn plan<'c>(
    content: &'c Content,
    named: &[Text],
    force: bool,
) -> Result<(Plan<'c>, Vec<Draft>), Error> {
    // Each area's municipality pages, found once (not once an area).
    let mut by_area: HashMap<String, Vec<&Page>> = HashMap::new();
    for p in &content.pages {
        if let PageBody::Municipality(m) = &p.body {
            by_area.entry(normalize(&m.area)).or_default().push(p);
        }
    }
    let mut placed: HashSet<&str> = HashSet::new();
    let mut plan = Vec::new();
    let mut drafts = Vec::new();
    for id in named {
        let Some(page) = content.page(id) else {
            let message = format!(
                "guide.yaml names part `{}`, which is not a page",
                id.as_str()
            );
            if !force {
                return Err(Error::new(message));
            }
            // A draft leaves the part out (a page that does not load).
            drafts.push(Draft {
                at: crate::load::GUIDE_FILE.to_string(),
                message: format!("{message}; the part is left out"),
            });
            continue;
        };
        if !placed.insert(&page.id) {
            continue; // named twice, or a municipality page already in its area
        }
        let title = page.body.title().to_string();
        let mut pages = vec![page];
        let mut municipalities: Vec<&Page> = by_area
            .get(&normalize(&title))
            .into_iter()
            .flatten()
            .copied()
            .filter(|p| !placed.contains(p.id.as_str()))
            .collect();
        municipalities.sort_by_key(|p| p.body.title().to_string());
        for p in municipalities {
            placed.insert(&p.id);
            pages.push(p);
        }
        plan.push((title, pages));
    }
    let rest: Vec<&Page> = content
        .pages
        .iter()
        .filter(|p| !placed.contains(p.id.as_str()))
        .collect();
    if !rest.is_empty() {
        plan.push((FLER.to_string(), rest));
    }
    Ok((plan, drafts))
}

/// The newest revision date in the content.
fn newest_revision(content: &Content) -> Option<String> {
    content
        .pages
        .iter()
        .filter_map(|p| p.body.revision()?.date.get(..10).map(str::to_string))
        .max()
}

/// A file name for every page's chapter: its id with `/` as `-`, as a slug
/// (an id comes from a file name and may hold anything). Two pages that
/// would meet (`a-b.yaml` and `a/b.yaml`) are numbered, the natural names
/// handed out first so that numbering never takes another page's name.
/// File names the renderers use for themselves, never a chapter's: the
/// EPUB's title page, navigation, table of contents, package, stylesheet
/// and cover, and the site's start page, search and error pages. `part-N`
/// (the EPUB's part pages) is reserved too ([`is_reserved`]).
pub const RESERVED: &[&str] = &[
    "title",
    "nav",
    "toc",
    "content",
    "stylesheet",
    "cover",
    "index",
    "search",
    "404",
    "sok",
    "assets",
    "images",
    "media",
];

/// Whether a chapter may not be called `name`.
pub fn is_reserved(name: &str) -> bool {
    RESERVED.contains(&name)
        || name
            .strip_prefix("part-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn chapter_ids(content: &Content) -> HashMap<String, String> {
    let mut pages: Vec<&str> = content.pages.iter().map(|p| p.id.as_str()).collect();
    pages.sort_unstable();
    let natural = |id: &str| match crate::model::slug(&id.replace('/', "-")) {
        s if s.is_empty() => "sida".to_string(),
        s => s,
    };
    let mut taken = HashSet::new();
    let mut ids = HashMap::new();
    for id in &pages {
        if !is_reserved(&natural(id)) && taken.insert(natural(id)) {
            ids.insert(id.to_string(), natural(id));
        }
    }
    let rest: Vec<&str> = pages
        .into_iter()
        .filter(|id| !ids.contains_key(*id))
        .collect();
    for id in rest {
        let base = natural(id);
        let name = (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|name| !taken.contains(name) && !is_reserved(name))
            .unwrap_or_default();
        taken.insert(name.clone());
        ids.insert(id.to_string(), name);
    }
    ids
}

/// What every chapter's builder shares.
struct Common<'a> {
    content: &'a Content,
    chapter_ids: HashMap<String, String>,
    force: bool,
    images: &'a crate::media::Checks,
    /// One [`Pixels`] a file, shared by every place the book shows it.
    pixels: std::sync::Mutex<HashMap<String, Pixels>>,
}

/// Builds one page's chapter.
struct Builder<'a> {
    common: &'a Common<'a>,
    content: &'a Content,
    force: bool,
    images: &'a crate::media::Checks,
    /// The page being built, and its path as diagnostics name it.
    page: &'a Page,
    path: String,
    /// What a draft of this page lets through.
    drafts: RefCell<Vec<Draft>>,
}

impl<'a> Builder<'a> {
    fn new(common: &'a Common<'a>, page: &'a Page) -> Builder<'a> {
        Builder {
            common,
            content: common.content,
            force: common.force,
            images: common.images,
            page,
            path: page.display_path(),
            drafts: RefCell::new(Vec::new()),
        }
    }

    fn chapter_id(&self, page_id: &str) -> String {
        self.common
            .chapter_ids
            .get(page_id)
            .cloned()
            .unwrap_or_default()
    }

    /// The page's chapter, and the draft notes of what it let through.
    fn chapter(&self, page: &Page) -> Result<Drafted, Error> {
        let mut blocks = Blocks::default();
        let title = match &page.body {
            PageBody::Area(a) => {
                for i in &a.images {
                    blocks.push(line_of(&i.file), self.image(i)?);
                }
                let mut summary = Vec::new();
                let mut first = None;
                for (label, text) in [("Vad?", &a.vad), ("Vem?", &a.vem), ("Hur?", &a.hur)] {
                    if let Some(t) = text {
                        first.get_or_insert(line_of(t));
                        summary.push((label.to_string(), self.markdown(t)?));
                    }
                }
                if let Some(line) = first {
                    blocks.push(line, Block::Summary(summary));
                }
                if let Some(m) = &a.model {
                    // The guide's own model municipality, whatever it is called.
                    let heading = format!("Så gör {}", m.who().trim());
                    blocks.push(example_line(m), Block::Heading(2, heading));
                    blocks.push(example_line(m), self.example(m)?);
                }
                if let Some(e) = a.examples.first() {
                    let heading = "Exempel från kommuner i Sverige".into();
                    blocks.push(example_line(e), Block::Heading(2, heading));
                    for e in &a.examples {
                        blocks.push(example_line(e), self.example(e)?);
                    }
                }
                self.sections(&a.sections, &mut blocks)?;
                a.title.to_string()
            }
            PageBody::Municipality(m) => {
                blocks.push(
                    line_of(&m.municipality),
                    Block::Meta(Meta {
                        municipality: m.municipality.to_string(),
                        area: m.area.to_string(),
                        revision: m.revision.as_ref().map(|r| {
                            let day = r.date.get(..10).unwrap_or(&r.date);
                            (day.to_string(), r.author.to_string())
                        }),
                    }),
                );
                if let Some(s) = &m.summary {
                    blocks.push(line_of(s), Block::Heading(2, "Sammanfattning".into()));
                    blocks.extend(self.markdown_at(s)?);
                }
                if let Some(d) = &m.details {
                    blocks.push(line_of(d), Block::Heading(2, "Detaljer".into()));
                    blocks.extend(self.markdown_at(d)?);
                }
                self.sections(&m.sections, &mut blocks)?;
                format!("{}: {}", *m.municipality, *m.title)
            }
            PageBody::Article(a) => {
                self.sections(&a.sections, &mut blocks)?;
                a.title.to_string()
            }
        };
        let aliases = page
            .body
            .aliases()
            .iter()
            .map(|a| crate::model::alias_id(&page.id, a))
            .collect();
        let chapter = Chapter {
            id: self.chapter_id(&page.id),
            page: page.id.clone(),
            title,
            blocks: blocks.list,
            aliases,
            file: self.path.clone(),
            lines: blocks.lines,
        };
        Ok((chapter, self.drafts.take()))
    }

    fn sections(&self, sections: &[Section], out: &mut Blocks) -> Result<(), Error> {
        for s in sections {
            if let Some(h) = &s.heading {
                let level = s.level.as_ref().map_or(2, |l| **l).clamp(2, 4);
                out.push(line_of(h), Block::Heading(level, h.to_string()));
            }
            for b in &s.body {
                match b {
                    ModelBlock::Text(t) => out.extend(self.markdown_at(t)?),
                    ModelBlock::Image(i) => out.push(line_of(&i.file), self.image(i)?),
                    ModelBlock::Table(t) => {
                        out.push(table_line(t), Block::Table(TableBlock::from_model(t)))
                    }
                    ModelBlock::Examples(list) => {
                        for e in list {
                            out.push(example_line(e), self.example(e)?);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn example(&self, e: &Example) -> Result<Block, Error> {
        let mut blocks = Vec::new();
        for i in &e.images {
            blocks.push(self.image(i)?);
        }
        if let Some(s) = &e.summary {
            blocks.extend(self.markdown(s)?);
        }
        let link = e.read_more.as_ref().and_then(|r| {
            Link {
                text: r
                    .text
                    .as_deref()
                    .map_or("Läs mer", String::as_str)
                    .to_string(),
                target: match r.to.as_deref().map(String::as_str) {
                    Some(t) if t.starts_with("http://") || t.starts_with("https://") => {
                        Target::Url(t.to_string())
                    }
                    Some(t) if !crate::text::is_safe_link(t) && t.contains(':') => Target::None,
                    Some(t) => self
                        .content
                        .resolve(t)
                        .map_or(Target::None, |p| Target::Chapter(self.chapter_id(&p.id))),
                    None => Target::None,
                },
            }
            .shown()
        });
        Ok(Block::Example(ExampleBlock {
            who: e.who().to_string(),
            title: e.title.as_ref().map(|t| t.to_string()),
            blocks,
            link,
        }))
    }

    fn image(&self, i: &Image) -> Result<Block, Error> {
        let at = self.place(&i.file, &i.file);
        let alt = match i.alt.as_deref().filter(|a| !a.trim().is_empty()) {
            _ if i.decorative => None,
            Some(alt) => Some(alt.clone()),
            None => Some(self.missing_alt(&i.file, &at)?),
        };
        Ok(Block::Image(self.image_ref(
            &i.file,
            &at,
            alt,
            i.caption.as_ref().map(|c| c.to_string()),
        )?))
    }

    /// A tagged PDF needs a text for every image that says something.
    fn missing_alt(&self, file: &str, at: &str) -> Result<String, Error> {
        let message = format!("image `{file}` has no alt text");
        if !self.force {
            return Err(Error::new(format!(
                "{at}: {message}; a tagged PDF (PDF/UA) needs one: add `alt:`, or `decorative: true` for an ornament"
            )));
        }
        self.draft(at, format!("{message}; its file name stands in"));
        Ok(file.to_string())
    }

    /// A media file, checked as lint checks it (`crate::media`).
    fn image_ref(
        &self,
        file: &str,
        at: &str,
        alt: Option<String>,
        caption: Option<String>,
    ) -> Result<ImageRef, Error> {
        let source = match self.checked(file) {
            Ok(source) => source,
            Err(p) if self.force => {
                self.draft(at, format!("{}; a placeholder stands in", p.describe(file)));
                Source::Placeholder(file.to_string())
            }
            Err(p) => return Err(Error::new(format!("{at}: {}", p.describe(file)))),
        };
        let ext = match &source {
            Source::File { media, .. } => media.kind.ext(),
            Source::Placeholder(_) => "none",
        };
        Ok(ImageRef {
            source,
            at: at.to_string(),
            name: format!("img-{:016x}.{ext}", fnv(file.as_bytes())),
            alt,
            caption,
        })
    }

    /// The file as checked, with pixels shared however often the book
    /// shows it.
    fn checked(&self, file: &str) -> Result<Source, crate::media::Problem> {
        let media = self.images.get(file)?;
        let pixels = match self.common.pixels.lock() {
            Ok(mut all) => all.entry(file.to_string()).or_default().clone(),
            Err(_) => Pixels::default(),
        };
        Ok(Source::File { media, pixels })
    }

    /// `path:line:column` of `part` in `value`, as lint reports it.
    fn place(&self, value: &Text, part: &str) -> String {
        let start = value.find(part).unwrap_or_default();
        let end = (start + part.len()).min(value.len());
        let at = self.page.locate(value, start, end);
        format!("{}:{}:{}", self.path, at.line, at.column)
    }

    fn draft(&self, at: &str, message: String) {
        let draft = Draft {
            at: at.to_string(),
            message,
        };
        let mut drafts = self.drafts.borrow_mut();
        if !drafts.contains(&draft) {
            drafts.push(draft);
        }
    }

    /// Where a link in prose may lead in the book: the web, e-mail or a
    /// chapter; anything else is no link at all (the text stays).
    fn target(&self, dest: &str) -> Option<Target> {
        if !crate::text::is_safe_link(dest) {
            return None;
        }
        if !crate::text::is_page_id(dest) {
            return Some(Target::Url(dest.to_string()));
        }
        self.content
            .resolve(dest)
            .map(|p| Target::Chapter(self.chapter_id(&p.id)))
    }

    fn markdown(&self, text: &Text) -> Result<Vec<Block>, Error> {
        let blocks = self.markdown_offsets(text)?;
        Ok(blocks.into_iter().map(|(_, b)| b).collect())
    }

    /// [`Builder::markdown`], each block with the source line it starts at:
    /// the text's first line, found once, and the lines of the text
    /// before the block (exact for a block scalar, whose lines are the
    /// source's).
    fn markdown_at(&self, text: &Text) -> Result<Vec<(usize, Block)>, Error> {
        let blocks = self.markdown_offsets(text)?;
        let first = text.split('\n').next().unwrap_or_default();
        let mut line = self.page.locate(text, 0, first.len()).line;
        let mut counted = 0;
        let mut out = Vec::with_capacity(blocks.len());
        for (offset, block) in blocks {
            let offset = offset.clamp(counted, text.len());
            line += text.as_bytes()[counted..offset]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted = offset;
            out.push((line, block));
        }
        Ok(out)
    }

    /// The blocks of a text, each with its byte offset in the text.
    fn markdown_offsets(&self, text: &Text) -> Result<Vec<(usize, Block)>, Error> {
        let mut md = Md {
            text,
            builder: self,
            stack: vec![Frame::Root(Vec::new())],
            style: (false, false),
            link: None,
            offset: 0,
            starts: Vec::new(),
        };
        for (event, range) in Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter() {
            md.offset = range.start;
            md.event(event)?;
        }
        Ok(md.finish())
    }
}

/// CommonMark to blocks with a stack of open containers.
struct Md<'a, 'b> {
    /// The field: images in it are reported where they are in it.
    text: &'a Text,
    builder: &'a Builder<'b>,
    stack: Vec<Frame>,
    style: (bool, bool),
    link: Option<Target>,
    /// The byte offset of the event being read.
    offset: usize,
    /// Where each block at the root starts.
    starts: Vec<usize>,
}

/// Lists nest at most this deep in the book; deeper items are printed as
/// paragraphs of the deepest item (the layout engine recurses per level,
/// and 1,000 levels in a hostile file would overflow its stack).
const MAX_LIST_DEPTH: usize = 6;

enum Frame {
    Root(Vec<Block>),
    /// A list too deep to nest: its items' blocks go to the enclosing item.
    Flat,
    Para(Vec<Inline>),
    Heading(u8, Vec<Inline>),
    List(Option<u64>, Vec<Vec<Block>>),
    Item(Vec<Block>),
    Image(String, String),
    /// A GFM table (an import writes one where a text field held rows),
    /// its open row, and its open cell.
    Table(TableBlock),
    Row(Vec<String>),
    Cell(String),
}

impl Md<'_, '_> {
    /// Put a finished block into the innermost item, else the root (and
    /// note where a root block starts).
    fn put(&mut self, block: Block) {
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Item(b) => return b.push(block),
                Frame::Root(b) => {
                    self.starts.push(self.offset);
                    return b.push(block);
                }
                _ => {}
            }
        }
        unreachable!("the root frame is never popped")
    }

    fn inline(&mut self, text: &str) {
        match self.stack.last_mut() {
            Some(Frame::Para(i) | Frame::Heading(_, i)) => i.push(Inline {
                text: text.to_string(),
                bold: self.style.0,
                italic: self.style.1,
                link: self.link.clone(),
            }),
            Some(Frame::Image(_, alt) | Frame::Cell(alt)) => alt.push_str(text),
            // Tight list items hold text without a paragraph.
            Some(Frame::Item(_)) => {
                self.stack.push(Frame::Para(Vec::new()));
                self.inline(text);
            }
            _ => {}
        }
    }

    fn close_loose_para(&mut self) {
        if matches!(self.stack.last(), Some(Frame::Para(_))) {
            if let Some(Frame::Para(i)) = self.stack.pop() {
                self.put(Block::Para(i));
            }
        }
    }

    fn event(&mut self, event: Event) -> Result<(), Error> {
        match event {
            Event::Start(Tag::Paragraph) => self.stack.push(Frame::Para(Vec::new())),
            Event::Start(Tag::Heading { level, .. }) => self
                .stack
                .push(Frame::Heading((level as u8).clamp(2, 4), Vec::new())),
            Event::Start(Tag::List(start)) => {
                self.close_loose_para();
                let depth = self
                    .stack
                    .iter()
                    .filter(|f| matches!(f, Frame::List(..)))
                    .count();
                self.stack.push(if depth < MAX_LIST_DEPTH {
                    Frame::List(start, Vec::new())
                } else {
                    Frame::Flat
                });
            }
            Event::Start(Tag::Item) => self.stack.push(Frame::Item(Vec::new())),
            Event::Start(Tag::Emphasis) => self.style.1 = true,
            Event::Start(Tag::Strong) => self.style.0 = true,
            Event::Start(Tag::Link { dest_url, .. }) => self.link = self.builder.target(&dest_url),
            Event::Start(Tag::Image { dest_url, .. }) => self
                .stack
                .push(Frame::Image(dest_url.to_string(), String::new())),
            Event::Start(Tag::Table(_)) => {
                self.close_loose_para();
                self.stack.push(Frame::Table(TableBlock::default()));
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => self.stack.push(Frame::Row(Vec::new())),
            Event::Start(Tag::TableCell) => self.stack.push(Frame::Cell(String::new())),
            Event::End(TagEnd::TableCell) => {
                if let Some(Frame::Cell(c)) = self.stack.pop() {
                    if let Some(Frame::Row(r)) = self.stack.last_mut() {
                        r.push(c);
                    }
                }
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                if let Some(Frame::Row(r)) = self.stack.pop() {
                    if let Some(Frame::Table(t)) = self.stack.last_mut() {
                        match t.header.is_empty() {
                            true => t.header = r,
                            false => t.rows.push(r),
                        }
                    }
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(Frame::Table(t)) = self.stack.pop() {
                    self.put(Block::Table(t.squared()));
                }
            }
            Event::End(TagEnd::Paragraph) => self.close_loose_para(),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(Frame::Heading(l, i)) = self.stack.pop() {
                    let text: String = i.iter().map(|x| x.text.as_str()).collect();
                    self.put(Block::Heading(l, text));
                }
            }
            Event::End(TagEnd::Item) => {
                self.close_loose_para();
                if let Some(Frame::Item(b)) = self.stack.pop() {
                    match self.stack.last_mut() {
                        Some(Frame::List(_, items)) => items.push(b),
                        _ => b.into_iter().for_each(|block| self.put(block)),
                    }
                }
            }
            Event::End(TagEnd::List(_)) => match self.stack.pop() {
                Some(Frame::List(start, items)) => self.put(Block::List { start, items }),
                Some(Frame::Flat) | None => {}
                Some(other) => self.stack.push(other),
            },
            Event::End(TagEnd::Emphasis) => self.style.1 = false,
            Event::End(TagEnd::Strong) => self.style.0 = false,
            Event::End(TagEnd::Link) => self.link = None,
            Event::End(TagEnd::Image) => {
                if let Some(Frame::Image(file, alt)) = self.stack.pop() {
                    let at = self.builder.place(self.text, &file);
                    let alt = match alt.trim() {
                        "" => self.builder.missing_alt(&file, &at)?,
                        _ => alt,
                    };
                    let image = self.builder.image_ref(&file, &at, Some(alt), None)?;
                    // An image ends the paragraph it sits in.
                    let para = match self.stack.last_mut() {
                        Some(Frame::Para(i)) => Some(std::mem::take(i)),
                        _ => None,
                    };
                    if let Some(i) = para.filter(|i| !i.is_empty()) {
                        self.put(Block::Para(i));
                    }
                    self.put(Block::Image(image));
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => self.inline(&t),
            // Scraped or hand-written HTML is shown as the text it is, never
            // dropped (a `<!--` would otherwise hide the rest of the field).
            Event::Html(t) => {
                if !matches!(self.stack.last(), Some(Frame::Para(_))) {
                    self.stack.push(Frame::Para(Vec::new()));
                }
                self.inline(t.trim_end_matches('\n'));
                self.inline(" ");
            }
            Event::End(TagEnd::HtmlBlock) => self.close_loose_para(),
            Event::SoftBreak | Event::HardBreak => self.inline(" "),
            _ => {}
        }
        Ok(())
    }

    fn finish(mut self) -> Vec<(usize, Block)> {
        while self.stack.len() > 1 {
            self.close_loose_para();
            if self.stack.len() > 1 {
                self.stack.pop();
            }
        }
        match self.stack.pop() {
            Some(Frame::Root(b)) => self
                .starts
                .into_iter()
                .zip(b)
                .filter(|(_, b)| !matches!(b, Block::Para(i) if i.is_empty()))
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(text: &str, target: Target) -> Link {
        Link {
            text: text.to_string(),
            target,
        }
    }

    #[test]
    fn a_bare_read_more_that_leads_nowhere_is_left_out_in_any_spelling() {
        for bare in [
            "Läs mer",
            "läs mer.",
            "LÄS MER!",
            "Läs mer »",
            "  Läs  mer …",
            "Läs mer:",
        ] {
            assert_eq!(link(bare, Target::None).shown(), None, "{bare}");
        }
        let named = link("Styrkedjan i Västerås", Target::None);
        assert_eq!(named.clone().shown(), Some(named));
        let url = link("Läs mer", Target::Url("https://x.se".into()));
        assert_eq!(url.clone().shown(), Some(url));
        let longer = link("Läs mer om Umeå", Target::None);
        assert_eq!(longer.clone().shown(), Some(longer));
    }
}

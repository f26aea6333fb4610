//! The web site: the same book as HTML pages in a folder `site/`. Each
//! chapter is a page at a path that mirrors its page id
//! (`omraden/ledarskap/`), with a start page, a page for each
//! municipality the book names, redirect pages at the wiki's old names,
//! a 404 page and, with a base URL, a sitemap. Links between pages are
//! relative, so the folder works from any static server and any sub-path;
//! nothing is fetched from elsewhere and nothing needs JavaScript.

mod page;
pub mod search;
mod statement;
mod theme;

pub use theme::Settings;

use super::ir::{Block, Book, Chapter, Source, Target};
use super::xhtml::{esc, Hrefs};
use crate::Error;
use page::{Crumb, Shell};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// The site's folder in the output folder.
pub const FOLDER: &str = "site";

/// Whether the site links the book `name` of the same export (and gets
/// a copy of it): the whole book's PDF and EPUB, not the booklets.
pub fn links_book(name: &str) -> bool {
    matches!(name, "handbok.pdf" | "handbok.epub")
}

/// The web site renderer.
pub struct Html {
    /// The other books of this export (`handbok.pdf`), linked from every
    /// page's footer.
    pub books: Vec<String>,
    /// `[export.html]`: base URL, theme, the statement's facts.
    pub settings: Settings,
}

impl super::Renderer for Html {
    fn entry(&self, _stem: &str) -> String {
        FOLDER.to_string()
    }

    fn render(&self, book: &Book, _stem: &str, sink: &mut dyn super::Sink) -> Result<(), Error> {
        let site = Site::new(book, self);
        for (path, bytes) in site.files()? {
            sink.file(format!("{FOLDER}/{path}"), bytes);
        }
        Ok(())
    }
}

impl Html {
    /// The site of `book`, each file made when asked for (a preview).
    pub fn site<'a>(&'a self, book: &'a Book) -> Site<'a> {
        Site::new(book, self)
    }
}

/// A file of the site, made when asked for.
pub struct Served<'a> {
    pub bytes: Vec<u8>,
    /// For a chapter's page: the chapter, and where in `bytes` its title
    /// and then each of its blocks were written.
    pub chapter: Option<(&'a Chapter, Vec<Range<usize>>)>,
}

impl Served<'_> {
    fn file(bytes: Vec<u8>) -> Self {
        Served {
            bytes,
            chapter: None,
        }
    }

    fn page(html: String) -> Self {
        Served::file(html.into_bytes())
    }
}

/// A chapter's place: its path in the site and its part.
struct Place<'a> {
    path: String,
    part: usize,
    chapter: &'a Chapter,
}

/// A municipality the book names: its own pages and the examples from it.
#[derive(Default)]
struct Kommun<'a> {
    name: String,
    pages: Vec<&'a Chapter>,
    examples: Vec<(&'a Chapter, Option<&'a str>)>,
}

/// The site of a book: its pages' paths, and every page and file made
/// from them.
pub struct Site<'a> {
    book: &'a Book,
    html: &'a Html,
    /// Chapters in reading order.
    order: Vec<Place<'a>>,
    /// Chapter id → index in `order`.
    by_id: HashMap<&'a str, usize>,
    /// Site path → index in `order`.
    by_path: HashMap<String, usize>,
    /// Municipality folder (`kommuner/umea`) → what the book says of it.
    kommuner: BTreeMap<String, Kommun<'a>>,
}

impl<'a> Site<'a> {
    fn new(book: &'a Book, html: &'a Html) -> Site<'a> {
        let mut order = Vec::new();
        for (part, p) in book.parts.iter().enumerate() {
            for chapter in &p.chapters {
                // A page id is a path already; anything else (a file name
                // lint warns of) takes the chapter's file-safe id.
                let path = match crate::text::is_page_id(&chapter.page) {
                    true => chapter.page.clone(),
                    false => chapter.id.clone(),
                };
                order.push(Place {
                    path,
                    part,
                    chapter,
                });
            }
        }
        let by_id = order
            .iter()
            .enumerate()
            .map(|(i, p)| (p.chapter.id.as_str(), i))
            .collect();
        let by_path = order
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();
        let mut site = Site {
            book,
            html,
            order,
            by_id,
            by_path,
            kommuner: BTreeMap::new(),
        };
        site.kommuner = site.municipalities();
        site
    }

    /// Every municipality of Sweden's register the book has a page of or
    /// an example from, at `kommuner/<slug>` unless a page is there.
    fn municipalities(&self) -> BTreeMap<String, Kommun<'a>> {
        let mut out: BTreeMap<String, Kommun<'a>> = BTreeMap::new();
        let taken: std::collections::HashSet<&str> =
            self.order.iter().map(|p| p.path.as_str()).collect();
        let mut add = |name: &str, f: &mut dyn FnMut(&mut Kommun<'a>)| {
            let Some(k) = crate::model::kommuner::find(name) else {
                return;
            };
            let path = format!("kommuner/{}", k.slug);
            if taken.contains(path.as_str()) {
                return;
            }
            let entry = out.entry(path).or_default();
            entry.name = k.name.to_string();
            f(entry);
        };
        for place in &self.order {
            let chapter = place.chapter;
            for block in &chapter.blocks {
                match block {
                    Block::Meta(m) => add(&m.municipality, &mut |k| k.pages.push(chapter)),
                    Block::Example(e) => add(&e.who, &mut |k| {
                        k.examples.push((chapter, e.title.as_deref()))
                    }),
                    _ => {}
                }
            }
        }
        out
    }

    /// The municipalities in Swedish alphabetical order (å, ä, ö after z).
    fn kommuner_in_order(&self) -> Vec<(&String, &Kommun<'a>)> {
        let mut list: Vec<(&String, &Kommun)> = self.kommuner.iter().collect();
        list.sort_by_key(|(_, k)| swedish(&k.name));
        list
    }

    fn files(&self) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let theme = theme::Theme::of(&self.html.settings)?;
        let mut out = vec![("handbok.css".to_string(), theme.css.clone().into_bytes())];
        out.extend(theme.logo.clone());
        out.push(("index.html".into(), self.start().into_bytes()));
        out.push((
            index(statement::PATH),
            statement::page(self, &self.html.settings).into_bytes(),
        ));
        let searched = self.searched();
        let pages: Vec<(&str, &str)> = searched
            .iter()
            .map(|(path, html)| (path.as_str(), html.as_str()))
            .collect();
        let search = search::index(&pages)?;
        out.extend(searched.into_iter().map(|(p, html)| (p, html.into_bytes())));
        out.push((
            index(search::PATH),
            self.search_page(&search.more).into_bytes(),
        ));
        out.extend(search.files);
        out.extend(self.redirects());
        out.push(("404.html".into(), self.not_found(&theme.css).into_bytes()));
        if let Some(base) = &self.html.settings.base_url {
            out.push(("sitemap.xml".into(), self.sitemap(base).into_bytes()));
        }
        if let Some(robots) = self.robots() {
            out.push(("robots.txt".into(), robots.into_bytes()));
        }
        out.extend(self.images()?);
        Ok(out)
    }

    /// The pages the search covers, every chapter and municipality, in
    /// reading order: (path in the site, HTML).
    pub fn searched(&self) -> Vec<(String, String)> {
        use rayon::prelude::*;
        let chapters = (0..self.order.len()).into_par_iter().map(|i| {
            let html = self.chapter(i).0;
            (index(&self.order[i].path), html)
        });
        let mut out: Vec<(String, String)> = chapters.collect();
        for (path, k) in &self.kommuner {
            out.push((index(path), self.kommun(path, k)));
        }
        out
    }

    /// The file at `path` in the site (`""` or `omraden/ledarskap/`: a
    /// page), made now; `more` names the search's shards after the first.
    /// `None`: the site has no such file.
    pub fn get(&self, path: &str, more: &[String]) -> Result<Option<Served<'a>>, Error> {
        let file = match path.is_empty() || path.ends_with('/') {
            true => format!("{path}index.html"),
            false => path.to_string(),
        };
        let page = file
            .strip_suffix("index.html")
            .map(|p| p.trim_end_matches('/'));
        let served = match (file.as_str(), page) {
            ("index.html", _) => Served::page(self.start()),
            ("404.html", _) => Served::page(self.not_found_page()?),
            ("handbok.css", _) => {
                Served::file(theme::Theme::of(&self.html.settings)?.css.into_bytes())
            }
            ("sitemap.xml", _) => match &self.html.settings.base_url {
                Some(base) => Served::page(self.sitemap(base)),
                None => return Ok(None),
            },
            ("robots.txt", _) => match self.robots() {
                Some(robots) => Served::file(robots.into_bytes()),
                None => return Ok(None),
            },
            (f, _) if f == search::SCRIPT => Served::file(search::script().1),
            (_, Some(statement::PATH)) => Served::page(statement::page(self, &self.html.settings)),
            (_, Some(search::PATH)) => Served::page(self.search_page(more)),
            (_, Some(page)) => match self.page(page) {
                Some(served) => served,
                None => return Ok(None),
            },
            (f, None) => match self.file(f)? {
                Some(bytes) => Served::file(bytes),
                None => return Ok(None),
            },
        };
        Ok(Some(served))
    }

    /// robots.txt, when the site has a base URL at a host's root: crawlers
    /// read it there only.
    fn robots(&self) -> Option<String> {
        let base = self.html.settings.base_url.as_ref()?;
        (base.trim_end_matches('/').matches('/').count() == 2).then(|| {
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
                url(base, "")
            )
        })
    }

    /// The page of a chapter, a municipality or an old name at `path`.
    fn page(&self, path: &str) -> Option<Served<'a>> {
        if let Some(&i) = self.by_path.get(path) {
            let (html, ranges) = self.chapter(i);
            return Some(Served {
                bytes: html.into_bytes(),
                chapter: Some((self.order[i].chapter, ranges)),
            });
        }
        if let Some(k) = self.kommuner.get(path) {
            return Some(Served::page(self.kommun(path, k)));
        }
        self.redirects()
            .into_iter()
            .find(|(p, _)| *p == index(path))
            .map(|(_, bytes)| Served::file(bytes))
    }

    /// The logo or an image at `name`.
    fn file(&self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        let theme = theme::Theme::of(&self.html.settings)?;
        if let Some((_, bytes)) = theme.logo.filter(|(logo, _)| logo == name) {
            return Ok(Some(bytes));
        }
        let Some(name) = name.strip_prefix("bilder/") else {
            return Ok(None);
        };
        let images = self.book.images();
        let image = images.into_iter().find(|i| i.name == name);
        image.and_then(|i| published(i).transpose()).transpose()
    }

    /// The page served at a path the site does not have.
    pub fn not_found_page(&self) -> Result<String, Error> {
        Ok(self.not_found(&theme::Theme::of(&self.html.settings)?.css))
    }

    /// The book's images, without their metadata, under `bilder/`.
    fn images(&self) -> Result<Vec<(String, Vec<u8>)>, Error> {
        let mut out = Vec::new();
        for image in self.book.images() {
            if let Some(bytes) = published(image)? {
                out.push((format!("bilder/{}", image.name), bytes));
            }
        }
        Ok(out)
    }

    fn shell(&self, path: &str) -> Shell<'_> {
        Shell {
            guide: &self.book.title,
            depth: depth(path),
            canonical: self.html.settings.base_url.as_ref().map(|b| url(b, path)),
            logo: theme::logo_name(&self.html.settings),
            title: String::new(),
            description: None,
            crumbs: Vec::new(),
            main: String::new(),
            pager: (None, None),
            footer: self.footer(&up(depth(path))),
            refresh: None,
            root: None,
            indexed: false,
            search_box: true,
            script: None,
            style: None,
        }
    }

    /// The footer, its links starting from `root` (the site's root as
    /// the page reaches it).
    fn footer(&self, root: &str) -> String {
        let mut out = format!(
            "{} · {} · <a href=\"{}{}/\">Tillgänglighet</a>",
            esc(&self.book.title),
            esc(&self.book.edition_line().to_lowercase()),
            esc(root),
            statement::PATH
        );
        let books: Vec<String> = self
            .html
            .books
            .iter()
            .filter(|b| links_book(b))
            .map(|b| {
                let kind = if b.ends_with(".pdf") {
                    "PDF"
                } else {
                    "e-bok (EPUB)"
                };
                format!(
                    "<a href=\"{}{}\">Hela handboken som {kind}</a>",
                    esc(root),
                    esc(b)
                )
            })
            .collect();
        if !books.is_empty() {
            out.push_str(&format!(
                "<br/><span class=\"books\">{}</span>",
                books.join(" · ")
            ));
        }
        out
    }

    /// The start page: the cover's words, the books, the contents.
    fn start(&self) -> String {
        let mut shell = self.shell("");
        shell.title = self.book.title.clone();
        shell.description = self.book.subtitle.clone();
        let mut main = format!("<h1>{}</h1>\n", esc(&self.book.title));
        if let Some(s) = &self.book.subtitle {
            main.push_str(&format!("<p class=\"subtitle\">{}</p>\n", esc(s)));
        }
        main.push_str(&format!(
            "<p class=\"meta\">{}</p>\n",
            esc(&self.book.edition_line())
        ));
        main.push_str("<nav class=\"contents\" aria-labelledby=\"innehall-rubrik\">\n<h2 id=\"innehall-rubrik\">Innehåll</h2>\n<ul>\n");
        for (n, part) in self.book.parts.iter().enumerate() {
            main.push_str(&format!("<li>{}\n<ul>\n", esc(&part.title)));
            for place in self.order.iter().filter(|p| p.part == n) {
                main.push_str(&format!(
                    "<li><a href=\"{}/\">{}</a></li>\n",
                    esc(&place.path),
                    esc(&place.chapter.title)
                ));
            }
            main.push_str("</ul>\n</li>\n");
        }
        main.push_str("</ul>\n</nav>\n");
        if !self.kommuner.is_empty() {
            main.push_str("<h2>Kommuner</h2>\n<ul>\n");
            for (path, k) in self.kommuner_in_order() {
                main.push_str(&format!(
                    "<li><a href=\"{}/\">{}</a></li>\n",
                    esc(path),
                    esc(&k.name)
                ));
            }
            main.push_str("</ul>\n");
        }
        shell.main = main;
        shell.render()
    }

    /// A chapter's page, and where its title and each block are in it.
    fn chapter(&self, i: usize) -> (String, Vec<Range<usize>>) {
        let place = &self.order[i];
        let chapter = place.chapter;
        let mut shell = self.shell(&place.path);
        let hrefs = PageHrefs {
            site: self,
            depth: shell.depth,
        };
        shell.title = chapter.title.clone();
        shell.description = description(&chapter.blocks);
        shell.indexed = true;
        // Start › the key area (its first page) › this page.
        shell.crumbs = vec![Crumb::link("Start", hrefs.to(""))];
        let first = self.order.iter().find(|p| p.part == place.part);
        if let Some(first) = first.filter(|p| p.chapter.id != chapter.id) {
            shell.crumbs.push(Crumb::link(
                &self.book.parts[place.part].title,
                hrefs.to(&first.path),
            ));
        }
        let mut main = format!("<h1>{}</h1>\n", esc(&chapter.title));
        let title = 0..main.len();
        let mut ranges = vec![title];
        for block in &chapter.blocks {
            let start = main.len();
            hrefs.block(block, &mut main);
            ranges.push(start..main.len());
        }
        shell.main = main;
        let near = |j: Option<usize>| {
            let p = &self.order[j?];
            Some((hrefs.to(&p.path), p.chapter.title.clone()))
        };
        shell.pager = (
            near(i.checked_sub(1)),
            near(Some(i + 1).filter(|&j| j < self.order.len())),
        );
        let html = shell.render();
        let at = html
            .find(page::MAIN)
            .map_or(0, |m| m + html[m..].find('\n').map_or(0, |n| n + 1));
        let ranges = ranges
            .into_iter()
            .map(|r| r.start + at..r.end + at)
            .collect();
        (html, ranges)
    }

    /// A municipality's page: its own pages and the examples from it.
    fn kommun(&self, path: &str, k: &Kommun) -> String {
        let mut shell = self.shell(path);
        let hrefs = PageHrefs {
            site: self,
            depth: shell.depth,
        };
        shell.title = k.name.clone();
        shell.indexed = true;
        shell.description = Some(format!(
            "{}: kommunens sidor och exempel i {}.",
            k.name, self.book.title
        ));
        shell.crumbs = vec![Crumb::link("Start", hrefs.to(""))];
        let mut main = format!("<h1>{}</h1>\n", esc(&k.name));
        let link = |c: &Chapter| {
            let place = &self.order[self.by_id[c.id.as_str()]];
            format!(
                "<a href=\"{}\">{}</a>",
                esc(&hrefs.to(&place.path)),
                esc(&c.title)
            )
        };
        if !k.pages.is_empty() {
            main.push_str("<h2>Kommunens sidor</h2>\n<ul>\n");
            for c in &k.pages {
                main.push_str(&format!("<li>{}</li>\n", link(c)));
            }
            main.push_str("</ul>\n");
        }
        if !k.examples.is_empty() {
            main.push_str("<h2>Exempel i handboken</h2>\n<ul>\n");
            for (c, title) in &k.examples {
                let title = title.map_or(String::new(), |t| format!("{}, ", esc(t)));
                main.push_str(&format!("<li>{title}i {}</li>\n", link(c)));
            }
            main.push_str("</ul>\n");
        }
        shell.main = main;
        shell.render()
    }

    /// The search page: its own search box, the hits, and the script
    /// that finds them.
    fn search_page(&self, more: &[String]) -> String {
        let mut shell = self.shell(search::PATH);
        shell.title = "Sök".into();
        shell.description = Some(format!("Sök i {}.", self.book.title));
        shell.crumbs = vec![Crumb::link("Start", up(shell.depth))];
        shell.search_box = false;
        shell.script = Some(search::SCRIPT);
        shell.main = search::page(&up(shell.depth), more);
        shell.render()
    }

    /// A page at each old name, sending the reader to the page now.
    fn redirects(&self) -> Vec<(String, Vec<u8>)> {
        let mut taken: std::collections::HashSet<String> =
            self.order.iter().map(|p| p.path.clone()).collect();
        taken.extend(self.kommuner.keys().cloned());
        let mut out = Vec::new();
        for place in &self.order {
            for alias in &place.chapter.aliases {
                if !crate::text::is_page_id(alias) || !taken.insert(alias.clone()) {
                    continue;
                }
                let mut shell = self.shell(alias);
                let hrefs = PageHrefs {
                    site: self,
                    depth: shell.depth,
                };
                let to = hrefs.to(&place.path);
                shell.canonical = self
                    .html
                    .settings
                    .base_url
                    .as_ref()
                    .map(|b| url(b, &place.path));
                shell.refresh = Some(to.clone());
                shell.title = place.chapter.title.clone();
                shell.main = format!(
                    "<h1>{}</h1>\n<p>Sidan har flyttat till <a href=\"{}\">{}</a>.</p>\n",
                    esc(&place.chapter.title),
                    esc(&to),
                    esc(&place.chapter.title)
                );
                out.push((index(alias), shell.render().into_bytes()));
            }
        }
        out
    }

    /// Served at any missing path, so its links start from the site's
    /// root: the base URL, else `/` (a site under a sub-path needs its
    /// base URL). Its style is inline, as no relative link would reach it.
    fn not_found(&self, css: &str) -> String {
        let root = self
            .html
            .settings
            .base_url
            .as_deref()
            .map_or("/".to_string(), |b| url(b, ""));
        let mut shell = self.shell("");
        shell.root = Some(root.clone());
        shell.style = Some(css.to_string());
        if self.html.settings.base_url.is_none() {
            shell.logo = None;
        }
        shell.footer = self.footer(&root);
        shell.canonical = None;
        shell.title = "Sidan finns inte".into();
        shell.main = format!(
            "<h1>Sidan finns inte</h1>\n<p>Sidan du sökte finns inte här. Börja om från <a href=\"{}\">startsidan</a>.</p>\n",
            esc(&root)
        );
        shell.render()
    }

    fn sitemap(&self, base: &str) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        let paths = std::iter::once("")
            .chain(self.order.iter().map(|p| p.path.as_str()))
            .chain(self.kommuner.keys().map(String::as_str))
            .chain([statement::PATH]);
        for path in paths {
            out.push_str(&format!(
                "<url><loc>{}</loc></url>\n",
                esc(&url(base, path))
            ));
        }
        out.push_str("</urlset>\n");
        out
    }
}

/// Where links and images lead from a page `depth` folders deep.
struct PageHrefs<'s, 'a> {
    site: &'s Site<'a>,
    depth: usize,
}

impl PageHrefs<'_, '_> {
    /// The relative href of the page at `path` (`""`: the start page).
    fn to(&self, path: &str) -> String {
        match path {
            "" if self.depth == 0 => "./".to_string(),
            "" => up(self.depth),
            _ => format!("{}{path}/", up(self.depth)),
        }
    }
}

impl Hrefs for PageHrefs<'_, '_> {
    fn target(&self, target: &Target) -> Option<String> {
        match target {
            Target::Chapter(id) => {
                let i = *self.site.by_id.get(id.as_str())?;
                Some(self.to(&self.site.order[i].path))
            }
            Target::Url(u) => Some(u.clone()),
            Target::None => None,
        }
    }

    fn image(&self, name: &str) -> String {
        format!("{}bilder/{name}", up(self.depth))
    }
}

/// A sort key for Swedish names: å, ä, ö come after z, accents count as
/// their letter, case does not count.
fn swedish(name: &str) -> Vec<u32> {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' => 'z' as u32 + 1,
            'ä' | 'æ' => 'z' as u32 + 2,
            'ö' | 'ø' => 'z' as u32 + 3,
            'é' | 'è' => 'e' as u32,
            'ü' => 'y' as u32,
            c => c as u32,
        })
        .collect()
}

/// An image's file as the site publishes it, without its metadata; none
/// for a placeholder.
fn published(image: &super::ir::ImageRef) -> Result<Option<Vec<u8>>, Error> {
    let Source::File { media, .. } = &image.source else {
        return Ok(None);
    };
    crate::media::published(media)
        .map(Some)
        .map_err(|p| Error::new(format!("{}: {}", image.at, p.describe(&media.file))))
}

/// `../` for each folder a page is down.
fn up(depth: usize) -> String {
    "../".repeat(depth)
}

/// Folders down from the site's root: `omraden/ledarskap` is 2.
fn depth(path: &str) -> usize {
    if path.is_empty() {
        0
    } else {
        path.split('/').count()
    }
}

fn index(path: &str) -> String {
    format!("{path}/index.html")
}

/// The absolute URL of `path` under `base`.
fn url(base: &str, path: &str) -> String {
    let base = base.trim_end_matches('/');
    match path {
        "" => format!("{base}/"),
        _ => format!("{base}/{path}/"),
    }
}

/// The first paragraph of `blocks`, inside Vad?/Vem?/Hur?, a list or an
/// example too.
fn first_paragraph(blocks: &[Block]) -> Option<&[super::ir::Inline]> {
    blocks.iter().find_map(|b| match b {
        Block::Para(inlines) => Some(inlines.as_slice()),
        Block::Summary(parts) => parts.iter().find_map(|(_, b)| first_paragraph(b)),
        Block::List { items, .. } => items.iter().find_map(|b| first_paragraph(b)),
        Block::Example(e) => first_paragraph(&e.blocks),
        _ => None,
    })
}

/// A page's description for search engines: the start of its first
/// paragraph, at most 160 characters, cut at a word.
fn description(blocks: &[Block]) -> Option<String> {
    let first = first_paragraph(blocks)?;
    let text: String = first.iter().map(|i| i.text.as_str()).collect();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= 160 {
        return Some(text);
    }
    let cut: String = text.chars().take(157).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    Some(format!("{cut} …"))
}

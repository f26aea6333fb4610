//! Recognising the page kinds of the wiki and placing every line.

use super::lines::{glued_image, is_heading, is_name, is_title, Kind, Line};
use super::markdown::Markdown;
use super::{Note, NoteKind};
use crate::model::{
    slug, text, Area, Article, Block, Example, Image, Municipality, PageBody, ReadMore, Revision,
    Section, Text,
};
use marked_yaml::{Span, Spanned};
use regex::Regex;
use std::sync::LazyLock;

static KOMMUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Kommun (.+?)(?: (Till kommunsidan))?$").expect("valid regex"));
static OMRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Nyckelområde (.+?)(?: (Till nyckelområdets huvudsida))?$").expect("valid regex")
});
static REVISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Version från den (\d{1,2}) (\p{L}+) (\d{4}) kl\. (\d{1,2})\.(\d{2}) av (.+?)(?: (\(Diskussion \| bidrag\)))?$")
        .expect("valid regex")
});
static PAGE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+?) - (.+)$").expect("valid regex"));

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The page read so far and what was noticed on the way.
pub struct Parser<'a> {
    lines: Vec<Line<'a>>,
    pub notes: Vec<Note>,
    /// The page is a page of the wiki (it carries "Från Mittköping").
    pub from_wiki: bool,
}

impl<'a> Parser<'a> {
    pub fn new(lines: Vec<Line<'a>>) -> Self {
        Parser {
            lines,
            notes: Vec::new(),
            from_wiki: false,
        }
    }

    fn note(&mut self, line: usize, kind: NoteKind, text: impl Into<String>) {
        self.notes.push(Note {
            line,
            kind,
            text: text.into(),
        });
    }

    /// Split off chrome and the title; note glued images.
    fn body(&mut self) -> (String, Vec<Line<'a>>) {
        let mut title = String::new();
        let mut body = Vec::new();
        for line in std::mem::take(&mut self.lines) {
            match line.kind {
                Kind::Chrome => {
                    self.from_wiki |= line.text == "Från Mittköping";
                    self.note(line.no, NoteKind::Chrome, line.text);
                }
                Kind::Blank if title.is_empty() => {}
                _ if title.is_empty() => title = line.text.to_string(),
                _ => {
                    if let Some(img) = glued_image(line.text) {
                        self.note(line.no, NoteKind::GluedImage, img);
                    }
                    body.push(line);
                }
            }
        }
        (title, body)
    }

    pub fn parse(mut self) -> (PageBody, Vec<Note>, bool) {
        let (title, body) = self.body();
        let has = |t: &str| body.iter().any(|l| l.kind == Kind::Text && l.text == t);
        let page = if body
            .iter()
            .any(|l| REVISION.is_match(l.text) || KOMMUN.is_match(l.text))
            || (PAGE_NAME.is_match(&title) && has("Sammanfattning"))
        {
            PageBody::Municipality(Box::new(self.municipality(&title, body)))
        } else if has("Vad?") && has("Hur?") {
            PageBody::Area(Box::new(self.area(&title, body)))
        } else {
            PageBody::Article(Box::new(self.article(&title, body)))
        };
        (page, self.notes, self.from_wiki)
    }

    fn unplaced(&mut self, lines: &[Line]) -> Vec<Text> {
        lines
            .iter()
            .filter(|l| l.kind != Kind::Blank)
            .map(|l| {
                self.note(l.no, NoteKind::Unplaced, l.text);
                text(l.text)
            })
            .collect()
    }

    /// Take a repeated title heading off the front; keep it if its case differs.
    fn display_title(title: &str, body: &mut Vec<Line>) -> Option<Text> {
        let first = body.iter().position(|l| l.kind != Kind::Blank)?;
        let line = body[first];
        if line.kind == Kind::Text && line.text.to_lowercase() == title.to_lowercase() {
            body.drain(..=first);
            (line.text != title).then(|| text(line.text))
        } else {
            None
        }
    }

    fn area(&mut self, title: &str, mut body: Vec<Line>) -> Area {
        let display_title = Self::display_title(title, &mut body);
        let marks = ["Vad?", "Vem?", "Hur?", "Så gör", "Exempel från"];
        let starts: Vec<(usize, usize)> = body
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let m = marks.iter().position(|m| {
                    l.kind == Kind::Text && (l.text == *m || (m.len() > 4 && l.text.starts_with(m)))
                })?;
                Some((i, m))
            })
            .collect();
        let mut area = Area {
            kind: text("area"),
            title: text(title),
            display_title,
            images: Vec::new(),
            vad: None,
            vem: None,
            hur: None,
            model: None,
            examples: Vec::new(),
            sections: Vec::new(),
            unplaced: Vec::new(),
        };
        let intro_end = starts.first().map_or(body.len(), |s| s.0);
        for line in &body[..intro_end] {
            match line.kind {
                Kind::Image => area.images.push(image(line.text)),
                Kind::Blank => {}
                _ => area.unplaced.extend(self.unplaced(&[*line])),
            }
        }
        for (n, &(start, mark)) in starts.iter().enumerate() {
            let end = starts.get(n + 1).map_or(body.len(), |s| s.0);
            let region = &body[start + 1..end];
            match mark {
                0 => area.vad = markdown(region),
                1 => area.vem = markdown(region),
                2 => area.hur = markdown(region),
                3 => {
                    let (leftover, mut found) = self.examples(region, None);
                    area.unplaced.extend(self.unplaced(&leftover));
                    if !found.is_empty() {
                        area.model = Some(found.remove(0));
                    }
                    for extra in found {
                        area.examples.push(extra);
                    }
                }
                _ => {
                    let (leftover, found) = self.examples(region, Some(title));
                    area.unplaced.extend(self.unplaced(&leftover));
                    area.examples.extend(found);
                }
            }
        }
        area
    }

    /// Examples in `lines`: a name line, a title, a summary and a "Läs mer"
    /// line. Lines before the first example are returned unplaced.
    fn examples<'l>(
        &mut self,
        lines: &[Line<'l>],
        area: Option<&str>,
    ) -> (Vec<Line<'l>>, Vec<Example>) {
        let mut leftover = Vec::new();
        let mut done = Vec::new();
        let mut current: Option<(Example, Markdown)> = None;
        for (i, line) in lines.iter().enumerate() {
            let starts_new = is_name(line)
                && match &current {
                    None => true,
                    Some((ex, md)) => {
                        ex.read_more.is_some() || (!md.is_empty() && next_is_title(&lines[i + 1..]))
                    }
                };
            if starts_new {
                if let Some(c) = current.take() {
                    done.push(finish(c));
                }
                current = Some((example(line.text), Markdown::default()));
                continue;
            }
            let Some((ex, md)) = current.as_mut() else {
                if line.kind != Kind::Blank {
                    leftover.push(*line);
                }
                continue;
            };
            match line.kind {
                Kind::ReadMore if ex.read_more.is_none() => {
                    let to = area.filter(|_| line.text.starts_with("Läs mer")).map(|a| {
                        let target = format!("{}/{}", slug(&ex.municipality), slug(a));
                        self.notes.push(Note {
                            line: line.no,
                            kind: NoteKind::InferredLink,
                            text: format!(
                                "{target} (wiki convention «{} - {a}»)",
                                *ex.municipality
                            ),
                        });
                        text(target)
                    });
                    ex.read_more = Some(ReadMore {
                        text: Some(text(line.text)),
                        to,
                    });
                }
                Kind::Image if md.is_empty() => ex.images.push(image(line.text)),
                Kind::Text if ex.title.is_none() && md.is_empty() && is_title(line) => {
                    ex.title = Some(text(line.text));
                }
                _ => md.push(line),
            }
        }
        if let Some(c) = current {
            done.push(finish(c));
        }
        (leftover, done)
    }

    fn municipality(&mut self, page_name: &str, body: Vec<Line>) -> Municipality {
        let (mut kommun, mut omrade) = PAGE_NAME
            .captures(page_name)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .unwrap_or_default();
        let mut revision = None;
        let mut rest = Vec::new();
        for line in body {
            if let Some(c) = KOMMUN.captures(line.text) {
                kommun = c[1].to_string();
                self.chrome_suffix(line.no, c.get(2));
            } else if let Some(c) = OMRADE.captures(line.text) {
                omrade = c[1].to_string();
                self.chrome_suffix(line.no, c.get(2));
            } else if let Some(c) = REVISION.captures(line.text).filter(|_| revision.is_none()) {
                revision = parse_revision(&c);
                if revision.is_none() {
                    rest.push(line);
                }
                self.chrome_suffix(line.no, c.get(7));
            } else {
                rest.push(line);
            }
        }
        let find = |t: &str| {
            rest.iter()
                .position(|l| l.kind == Kind::Text && l.text == t)
        };
        let (sam, det) = (find("Sammanfattning"), find("Detaljer"));
        let head_end = sam.or(det).unwrap_or(rest.len());
        let mut head = rest[..head_end].iter().filter(|l| l.kind != Kind::Blank);
        let title = head
            .next()
            .map(|l| l.text.to_string())
            .unwrap_or_else(|| page_name.to_string());
        let head_rest: Vec<Line> = head.copied().collect();
        let unplaced = self.unplaced(&head_rest);
        let summary =
            sam.and_then(|s| markdown(&rest[s + 1..det.filter(|&d| d > s).unwrap_or(rest.len())]));
        let details =
            det.and_then(|d| markdown(&rest[d + 1..sam.filter(|&s| s > d).unwrap_or(rest.len())]));
        let sections = if sam.is_none() && det.is_none() {
            self.sections(&rest[head_end..])
        } else {
            Vec::new()
        };
        Municipality {
            kind: text("municipality"),
            municipality: text(kommun),
            area: text(omrade),
            title: text(title),
            revision,
            summary,
            details,
            sections,
            unplaced,
        }
    }

    fn chrome_suffix(&mut self, line: usize, m: Option<regex::Match>) {
        if let Some(m) = m {
            self.note(line, NoteKind::Chrome, m.as_str());
        }
    }

    fn article(&mut self, title: &str, mut body: Vec<Line>) -> Article {
        let display_title = Self::display_title(title, &mut body);
        let sections = self.sections(&body);
        Article {
            kind: text("article"),
            title: text(title),
            display_title,
            municipality: None,
            sections,
            unplaced: Vec::new(),
        }
    }

    /// Headings split the lines into sections; an "Exempel från …" section
    /// holds examples and runs to the end, since each example starts with a
    /// line (the municipality) that looks like a heading.
    fn sections(&mut self, lines: &[Line]) -> Vec<Section> {
        let mut bounds: Vec<usize> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if is_heading(line) {
                bounds.push(i);
                if is_examples_heading(line.text) {
                    break;
                }
            }
        }
        if bounds.first() != Some(&0) {
            bounds.insert(0, usize::MAX);
        }
        let mut sections = Vec::new();
        for (n, &start) in bounds.iter().enumerate() {
            let end = bounds.get(n + 1).copied().unwrap_or(lines.len());
            let (heading, region) = if start == usize::MAX {
                (None, &lines[..end])
            } else {
                (Some(lines[start].text), &lines[start + 1..end])
            };
            if heading.is_none() && region.iter().all(|l| l.kind == Kind::Blank) {
                continue;
            }
            let body = if heading.is_some_and(is_examples_heading) {
                self.example_blocks(region)
            } else {
                blocks(region)
            };
            let level = heading.map(|h| {
                if matches!(h, "Vad" | "Vem" | "Hur") {
                    3
                } else {
                    2
                }
            });
            sections.push(Section {
                heading: heading.map(text),
                level: level.map(|l| Spanned::new(Span::new_blank(), l)),
                body,
            });
        }
        sections
    }

    fn example_blocks(&mut self, region: &[Line]) -> Vec<Block> {
        let (leftover, examples) = self.examples(region, None);
        let mut body = blocks(&leftover);
        if !examples.is_empty() {
            body.push(Block::Examples(examples));
        }
        body
    }
}

fn is_examples_heading(text: &str) -> bool {
    text.starts_with("Exempel från")
}

fn next_is_title(lines: &[Line]) -> bool {
    lines
        .iter()
        .find(|l| l.kind != Kind::Blank)
        .is_some_and(|l| l.kind == Kind::ReadMore || is_title(l))
}

fn example(municipality: &str) -> Example {
    Example {
        municipality: text(municipality),
        title: None,
        images: Vec::new(),
        summary: None,
        read_more: None,
    }
}

fn finish((mut ex, md): (Example, Markdown)) -> Example {
    ex.summary = md.finish().map(text);
    ex
}

fn image(file: &str) -> Image {
    Image {
        file: text(file),
        alt: None,
        caption: None,
    }
}

fn markdown(lines: &[Line]) -> Option<Text> {
    let mut md = Markdown::default();
    lines.iter().for_each(|l| md.push(l));
    md.finish().map(text)
}

/// Text and image blocks, in order.
fn blocks(lines: &[Line]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut md = Markdown::default();
    for line in lines {
        if line.kind == Kind::Image {
            if let Some(t) = std::mem::take(&mut md).finish() {
                out.push(Block::Text(text(t)));
            }
            out.push(Block::Image(Box::new(image(line.text))));
        } else {
            md.push(line);
        }
    }
    if let Some(t) = md.finish() {
        out.push(Block::Text(text(t)));
    }
    out
}

fn parse_revision(c: &regex::Captures) -> Option<Revision> {
    let month = MONTHS.iter().position(|m| *m == &c[2])? + 1;
    let day: u32 = c[1].parse().ok()?;
    let hour: u32 = c[4].parse().ok()?;
    Some(Revision {
        date: text(format!("{}-{month:02}-{day:02} {hour:02}:{}", &c[3], &c[5])),
        author: text(&c[6]),
    })
}

/// The revision as the wiki wrote it: `Version från den 16 oktober 2017 kl. 17.24 av Frick`.
pub fn revision_line(r: &Revision) -> Option<String> {
    let (date, time) = r.date.split_once(' ')?;
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let month = MONTHS.get(m.parse::<usize>().ok()?.checked_sub(1)?)?;
    let (h, min) = time.split_once(':')?;
    Some(format!(
        "Version från den {} {month} {y} kl. {}.{min} av {}",
        d.trim_start_matches('0'),
        h.parse::<u32>().ok()?,
        *r.author
    ))
}

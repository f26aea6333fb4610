//! Recognising the page kinds of the wiki and placing every line.

use super::evidence::{page_name, Decided, Evidence};
use super::lines::{
    glued_image, is_heading, is_name, is_title, Kind, Line, TableForm, CONTENTS_ENTRY,
};
use super::markdown::Markdown;
use super::{Note, NoteKind, Problem};
use crate::model::kommuner;
use crate::model::Spanned;
use crate::model::{
    slug, text, Area, Article, Block, Example, Image, Municipality, PageBody, ReadMore, Revision,
    Section, Text,
};
use regex::Regex;
use std::sync::LazyLock;

static KOMMUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Kommun:?\s+(.+?)(?:\s+(Till kommunsidan))?$").expect("valid regex")
});
static OMRADE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Nyckelområde:?\s+(.+?)(?:\s+(Till nyckelområdets huvudsida))?$")
        .expect("valid regex")
});
/// "Version från den 16 oktober 2017 kl. 17.24 av Frick (Diskussion |
/// bidrag)", also as "Nuvarande version …", with `17:24`, without a time,
/// or by an anonymous editor ("av 192.168.0.1 (Diskussion)").
static REVISION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Nuvarande v|V)ersion från den (\d{1,2}) (\p{L}+) (\d{4})(?:,? kl\.? (\d{1,2})[.:](\d{2}))? av (.+?)(?: (\((?i:diskussion)(?: \| (?i:bidrag))?\)))?$")
        .expect("valid regex")
});
/// "Omdirigerad från Styrmodell": the page was reached by another name.
static REDIRECTED_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?(?:Omdirigerad från|Redirected from):? (.+?)\)?$").expect("valid regex")
});
/// A redirect page as the wiki shows it ("Omdirigering till:" and the
/// target, on one line or two) or as wikitext (`#OMDIRIGERING [[…]]`).
static REDIRECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:#(?:redirect|omdirigering)\s*\[\[([^\]|#]+)[^\]]*\]\]|(?:omdirigering|omdirigerar|redirect|vidarebefordran) (?:till|to):?\s*(.*))$")
        .expect("valid regex")
});
/// A disambiguation page's opening: "Styrning kan syfta på:".
static DISAMBIGUATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:kan (?:syfta på|avse|betyda)|may refer to):?$|^(?:denna sida är en |detta är en )?(?:förgreningssida|särskiljningssida)")
        .expect("valid regex")
});
/// "Kommun: Titel", a line of the old static example lists.
static KOMMUN_TITEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([^:]{2,60}): (\S.*)$").expect("valid regex"));

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
    revision: Option<Revision>,
    /// The wiki's name, from its "Från …" line: the guide's model municipality.
    site: Option<&'a str>,
    /// Names the page was reached by ("Omdirigerad från Styrmodell").
    aliases: Vec<Text>,
    /// Heading levels the wiki's table of contents gives ("2.1 Steg" is
    /// a level-3 heading "Steg").
    levels: std::collections::HashMap<&'a str, u8>,
}

/// A page, read: what it is, why, and what was noticed.
pub struct Parsed {
    pub body: PageBody,
    pub notes: Vec<Note>,
    pub from_wiki: bool,
    /// The structure that decided the page's kind, for the report.
    pub evidence: String,
    /// The line of the page name.
    pub title_line: usize,
    /// The wiki's name, from its "Från …" line.
    pub site: Option<String>,
    /// Not a page but a redirect to the page of this name, or a
    /// disambiguation page.
    pub not_a_page: Option<NotAPage>,
}

/// A wiki page that is no page of the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAPage {
    /// "Omdirigering till: Hela styrkedjan med", `#REDIRECT [[…]]`: the
    /// target's name and the line that names it.
    Redirect { to: String, line: usize },
    /// "Styrning kan syfta på:": the names it lists.
    Disambiguation { names: Vec<String> },
}

impl<'a> Parser<'a> {
    /// A parser of classified lines; rows that form a table are marked
    /// as such first.
    pub fn new(mut lines: Vec<Line<'a>>) -> Self {
        super::table::mark(&mut lines);
        Parser {
            lines,
            notes: Vec::new(),
            from_wiki: false,
            revision: None,
            site: None,
            aliases: Vec::new(),
            levels: Default::default(),
        }
    }

    fn note(&mut self, line: usize, kind: NoteKind, text: impl Into<String>) {
        self.notes.push(Note {
            line,
            kind,
            text: text.into(),
        });
    }

    /// Split off chrome, the title (the page name) and the revision line,
    /// which is metadata on every kind of page; note glued images.
    fn body(&mut self) -> (Option<Line<'a>>, Vec<Line<'a>>) {
        let mut title = None;
        let mut body = Vec::new();
        for line in std::mem::take(&mut self.lines) {
            if let Some(glued) = line.chrome {
                self.note(line.no, NoteKind::Chrome, glued);
            }
            match line.kind {
                Kind::Chrome => {
                    if let Some(c) = REDIRECTED_FROM.captures(line.text) {
                        self.aliases.push(text(c[1].trim()));
                        let kept = format!("{}, kept as an alias", line.text);
                        self.note(line.no, NoteKind::Chrome, kept);
                        continue;
                    }
                    if let Some(c) = CONTENTS_ENTRY.captures(line.text) {
                        let depth = c[1].split('.').filter(|p| !p.is_empty()).count();
                        let level = (depth + 1).min(4) as u8;
                        self.levels
                            .insert(c.get(2).map_or("", |m| m.as_str()), level);
                    }
                    if let Some(site) = crate::text::tagline(line.text) {
                        self.from_wiki = true;
                        self.site.get_or_insert(site);
                    }
                    self.note(line.no, NoteKind::Chrome, line.text);
                }
                Kind::Blank if title.is_none() => {}
                _ if title.is_none() => title = Some(line),
                _ => {
                    if self.revision.is_none() {
                        if let Some(c) = REVISION.captures(line.text) {
                            self.revision = parse_revision(&c);
                            if self.revision.is_some() {
                                self.from_wiki = true;
                                self.chrome_suffix(line.no, c.get(7));
                                continue;
                            }
                            self.note(
                                line.no,
                                NoteKind::Evidence,
                                "a revision line with a date that does not exist; kept as text",
                            );
                        }
                    }
                    if let Some(img) = glued_image(line.text) {
                        self.note(line.no, NoteKind::GluedImage, img);
                    }
                    body.push(line);
                }
            }
        }
        (title, body)
    }

    pub fn parse(mut self) -> Result<Parsed, Problem> {
        let (title_line, body) = self.body();
        let title_line = title_line.ok_or_else(|| Problem {
            line: 1,
            message: if self.notes.is_empty() {
                "the page is empty".into()
            } else {
                "the page has no title: every line is wiki chrome".into()
            },
        })?;
        let title = title_line.text;
        self.note_tables(&body);
        if let Some(not_a_page) = not_a_page(&body) {
            return Ok(Parsed {
                body: PageBody::Article(Box::new(self.article(title, Vec::new()))),
                notes: self.notes,
                from_wiki: self.from_wiki,
                evidence: "not a page".into(),
                title_line: title_line.no,
                site: self.site.map(str::to_string),
                not_a_page: Some(not_a_page),
            });
        }
        let evidence = Evidence::of(title, &body);
        let (kind, why) = evidence.decide();
        if let Some(conflict) = evidence.conflict(kind) {
            self.note(title_line.no, NoteKind::Evidence, conflict);
        }
        let body = match kind {
            Decided::Municipality => {
                PageBody::Municipality(Box::new(self.municipality(title_line, body)?))
            }
            Decided::Area => PageBody::Area(Box::new(self.area(title, body))),
            Decided::Article => PageBody::Article(Box::new(self.article(title, body))),
        };
        Ok(Parsed {
            body,
            notes: self.notes,
            from_wiki: self.from_wiki,
            evidence: why,
            title_line: title_line.no,
            site: self.site.map(str::to_string),
            not_a_page: None,
        })
    }

    /// A heading of this page: where the wiki printed its table of
    /// contents, a line it lists (or one with an edit link); else a line
    /// that looks like one. A short line of a poem or a "Kommun Umeå"
    /// line under a listed heading is text.
    fn is_heading(&self, line: &Line) -> bool {
        if self.levels.is_empty() {
            return is_heading(line);
        }
        line.kind == Kind::Text
            && (self.levels.contains_key(line.text) || (line.chrome.is_some() && is_heading(line)))
    }

    /// Each table in the report: its size and how its cells were told
    /// apart, so the editor can check a table that was not meant as one.
    fn note_tables(&mut self, body: &[Line]) {
        let mut i = 0;
        while i < body.len() {
            let Kind::Row { form, .. } = body[i].kind else {
                i += 1;
                continue;
            };
            let run = super::table::run_at(body, i);
            let t = super::table::table(run);
            let how = match form {
                TableForm::Tabs => "cells split by tabs",
                TableForm::Spaces => "cells split by runs of spaces",
                TableForm::Wiki => "wikitext {| … |}",
            };
            let mut what = format!(
                "{} columns, a header and {} rows ({how})",
                t.header.len(),
                t.rows.len()
            );
            if t.width() > t.header.len() {
                what.push_str(&format!("; a row has {} cells", t.width()));
            }
            if form == TableForm::Wiki && !super::table::is_closed(run) {
                let next = body
                    .get(i + run.len())
                    .map_or("the page's end".into(), |l| format!("line {}", l.no));
                what.push_str(&format!("; no |}} closes it: it ends before {next}"));
            }
            self.note(body[i].no, NoteKind::Table, what);
            i += run.len();
        }
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

    /// Take the title shown as a heading off the front ("Organisation och
    /// kultur – sammanfattning"); keep it where it differs from the title.
    fn display_title(title: &str, body: &mut Vec<Line>) -> Option<Text> {
        let first = body.iter().position(|l| l.kind != Kind::Blank)?;
        let line = body[first];
        let (shown, lower) = (line.text.to_lowercase(), title.to_lowercase());
        let repeats =
            shown == lower || (shown.starts_with(&lower) && is_heading(&line) && !is_name(&line));
        if line.kind == Kind::Text && repeats {
            body.drain(..=first);
            (line.text != title).then(|| text(line.text))
        } else {
            None
        }
    }

    fn area(&mut self, title: &str, mut body: Vec<Line>) -> Area {
        let display_title = Self::display_title(title, &mut body);
        let marks = ["Vad?", "Vem?", "Hur?", "Så gör ", "Exempel från"];
        let starts: Vec<(usize, usize)> = body
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                let m = marks.iter().position(|m| {
                    l.kind == Kind::Text && (l.text == *m || (m.len() > 4 && l.text.starts_with(m)))
                });
                // Another heading the wiki gave an edit link: a section.
                let section = (is_heading(l) && l.chrome.is_some()).then_some(marks.len());
                Some((i, m.or(section)?))
            })
            .collect();
        let mut area = Area {
            kind: text("area"),
            title: text(title),
            display_title,
            aliases: std::mem::take(&mut self.aliases),
            revision: self.revision.take(),
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
                    let who = body[start].text["Så gör ".len()..].trim();
                    let mut found = self.examples(region, None, Some(who));
                    area.unplaced.extend(self.unplaced(&found.before));
                    if !found.list.is_empty() {
                        area.model = Some(found.list.remove(0));
                    }
                    area.examples.extend(found.list);
                    area.unplaced.extend(self.unplaced(&found.after));
                }
                5 => area.sections.extend(self.sections(&body[start..end])),
                _ => {
                    // An old "Kommun: Titel" list after the examples, and
                    // text after the last one, are sections of their own.
                    let split = (0..region.len())
                        .find(|&i| {
                            starts_old_list(&region[i..])
                                || old_list_follows_example(region, i)
                                || starts_table_section(&region[i..])
                        })
                        .unwrap_or(region.len());
                    let found = self.examples(&region[..split], Some(title), None);
                    area.unplaced.extend(self.unplaced(&found.before));
                    area.examples.extend(found.list);
                    let mut rest = found.after;
                    rest.extend_from_slice(&region[split..]);
                    area.sections.extend(self.sections(&rest));
                }
            }
        }
        area
    }

    /// Examples in `lines`: a name line, a title, a summary and a "Läs mer"
    /// line. Lines before the first example and after the last complete one
    /// come back apart. `model` names the municipality of "Så gör …", whose
    /// name line may be missing.
    fn examples<'l>(
        &mut self,
        lines: &[Line<'l>],
        area: Option<&str>,
        model: Option<&str>,
    ) -> Examples<'l> {
        let mut out = Examples::default();
        let mut current = model.map(Current::new);
        // Images and placeholders between a complete example and the next.
        let mut pending: Vec<Line> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if let Some(c) = current.as_mut() {
                if c.is_fresh() && line.kind == Kind::Text && line.text == c.ex.who() {
                    continue; // the name line of "Så gör Mittköping"
                }
            }
            let complete = current.as_ref().is_some_and(|c| c.ex.read_more.is_some());
            if starts_example(lines, i, current.as_ref()) {
                out.list.extend(current.take().map(Current::finish));
                self.check_municipality(line);
                let mut c = Current::new(line.text);
                for p in pending.drain(..) {
                    c.take(self, &p, area, lines, i);
                }
                current = Some(c);
                continue;
            }
            if line.kind == Kind::Url && follows_read_more(lines, i) {
                continue; // the target of the "Läs mer" above
            }
            if complete && line.kind != Kind::Blank {
                if matches!(line.kind, Kind::Image | Kind::Placeholder) {
                    pending.push(*line);
                    continue;
                }
                // Text after a finished example is not part of it.
                out.after = pending
                    .drain(..)
                    .chain(lines[i..].iter().copied())
                    .collect();
                break;
            }
            match current.as_mut() {
                Some(c) => c.take(self, line, area, lines, i),
                None if line.kind != Kind::Blank => out.before.push(*line),
                None => {}
            }
        }
        out.list.extend(current.map(Current::finish));
        out.after.splice(0..0, pending);
        out
    }

    /// "Läs mer" under an example leads, by the wiki's convention, to the
    /// page «Kommun - Område».
    fn inferred_target(&mut self, line: usize, municipality: &str, area: &str) -> Text {
        let target = convention_target(municipality, area);
        let convention = format!("{target} (wiki convention «{municipality} - {area}»)");
        self.note(line, NoteKind::InferredLink, convention);
        text(target)
    }

    /// Note a municipality name that is not one of Sweden's 290, and an
    /// organisation's example.
    fn check_municipality(&mut self, line: &Line) {
        if kommuner::find(line.text).is_some() || self.site == Some(line.text) {
            return;
        }
        if kommuner::is_organisation(line.text) {
            let why = format!(
                "{}: kept as an organisation's example, with no municipality page",
                line.text
            );
            self.note(line.no, NoteKind::Organisation, why);
            return;
        }
        let hint =
            kommuner::suggest(line.text).map_or(String::new(), |k| format!(" (did you mean {k}?)"));
        self.note(
            line.no,
            NoteKind::UnknownMunicipality,
            format!("{}{hint}", line.text),
        );
    }

    /// Examples of an old static list: "Kommun: Titel" lines, each followed
    /// by its text.
    fn old_list(&mut self, lines: &[Line]) -> Vec<Example> {
        let mut done = Vec::new();
        let mut current: Option<Current> = None;
        for (i, line) in lines.iter().enumerate() {
            if let Some((municipality, title)) = kommun_titel(line) {
                done.extend(current.take().map(Current::finish));
                let mut c = Current::new(&municipality);
                c.ex.title = Some(text(title));
                current = Some(c);
                continue;
            }
            let Some(c) = current.as_mut() else { continue };
            match line.kind {
                Kind::ReadMore if c.ex.read_more.is_none() => {
                    c.ex.read_more = Some(read_more(line, &lines[i + 1..]).0);
                }
                Kind::Url if follows_read_more(lines, i) => {}
                Kind::Image if !c.prose => c.ex.images.push(image(line.text)),
                _ => {
                    c.prose |= !matches!(line.kind, Kind::Blank | Kind::Placeholder);
                    c.md.push(line);
                }
            }
        }
        done.extend(current.map(Current::finish));
        done
    }

    fn municipality(&mut self, name: Line, body: Vec<Line>) -> Result<Municipality, Problem> {
        let split = page_name(name.text);
        let (mut kommun, mut omrade) = split
            .map(|(k, a)| (k.to_string(), a.to_string()))
            .unwrap_or_default();
        let mut rest = Vec::new();
        for line in body {
            if matches!(line.kind, Kind::Row { .. }) {
                rest.push(line);
            } else if let Some(c) = KOMMUN.captures(line.text) {
                kommun = c[1].to_string();
                self.chrome_suffix(line.no, c.get(2));
            } else if let Some(c) = OMRADE.captures(line.text) {
                omrade = c[1].to_string();
                self.chrome_suffix(line.no, c.get(2));
            } else {
                rest.push(line);
            }
        }
        for (value, what) in [(&kommun, "municipality"), (&omrade, "key area")] {
            if slug(value).is_empty() {
                return Err(Problem {
                    line: name.no,
                    message: format!(
                        "a municipality page needs its {what}: no «{}» line, and the page name «{}» is not «Kommun - Område»",
                        if what == "municipality" { "Kommun …" } else { "Nyckelområde …" },
                        name.text
                    ),
                });
            }
        }
        self.check_municipality(&Line {
            text: &kommun,
            ..name
        });
        let find = |t: &str| {
            rest.iter()
                .position(|l| l.kind == Kind::Text && l.text == t)
        };
        let (sam, det) = (find("Sammanfattning"), find("Detaljer"));
        let head_end = sam.or(det).unwrap_or(rest.len());
        let mut head: Vec<Line> = rest[..head_end]
            .iter()
            .filter(|l| l.kind != Kind::Blank)
            .copied()
            .collect();
        // A page name that is not «Kommun - Område» is the title, or kept.
        if split.is_none() {
            head.insert(0, name);
        }
        let title = if head.is_empty() {
            name.text.to_string()
        } else {
            head.remove(0).text.to_string()
        };
        let unplaced = self.unplaced(&head);
        let summary =
            sam.and_then(|s| markdown(&rest[s + 1..det.filter(|&d| d > s).unwrap_or(rest.len())]));
        let details =
            det.and_then(|d| markdown(&rest[d + 1..sam.filter(|&s| s > d).unwrap_or(rest.len())]));
        let sections = if sam.is_none() && det.is_none() {
            self.sections(&rest[head_end..])
        } else {
            Vec::new()
        };
        Ok(Municipality {
            kind: text("municipality"),
            municipality: text(kommun),
            area: text(omrade),
            title: text(title),
            aliases: std::mem::take(&mut self.aliases),
            revision: self.revision.take(),
            summary,
            details,
            sections,
            unplaced,
        })
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
            aliases: std::mem::take(&mut self.aliases),
            revision: self.revision.take(),
            municipality: None,
            sections,
            unplaced: Vec::new(),
        }
    }

    /// Headings split the lines into sections. An "Exempel från …" section
    /// holds examples and runs until an old "Kommun: Titel" list, since each
    /// example starts with a line (the municipality) that looks like a
    /// heading; "Kommun: Titel" lines are never headings.
    fn sections(&mut self, lines: &[Line]) -> Vec<Section> {
        let mut bounds: Vec<usize> = Vec::new();
        let mut in_examples = false;
        for (i, line) in lines.iter().enumerate() {
            if kommun_titel(line).is_some() {
                continue;
            }
            if in_examples {
                if starts_old_list(&lines[i..]) || starts_table_section(&lines[i..]) {
                    bounds.push(i);
                    in_examples = false;
                }
            } else if self.is_heading(line) {
                bounds.push(i);
                in_examples = is_examples_heading(line.text);
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
            let list_at = region.iter().position(|l| kommun_titel(l).is_some());
            let body = if heading.is_some_and(is_examples_heading) {
                self.example_blocks(region)
            } else if let Some(k) = list_at {
                // Text, then an old "Kommun: Titel" list to the section's end.
                let mut body = blocks(&region[..k]);
                body.push(Block::Examples(self.old_list(&region[k..])));
                body
            } else {
                blocks(region)
            };
            let level = heading.map(|h| match self.levels.get(h) {
                Some(&level) => level,
                None if matches!(h, "Vad" | "Vem" | "Hur") => 3,
                None => 2,
            });
            sections.push(Section {
                heading: heading.map(text),
                level: level.map(Spanned::blank),
                body,
            });
        }
        sections
    }

    fn example_blocks(&mut self, region: &[Line]) -> Vec<Block> {
        let found = self.examples(region, None, None);
        let mut body = blocks(&found.before);
        if !found.list.is_empty() {
            body.push(Block::Examples(found.list));
        }
        body.extend(blocks(&found.after));
        body
    }
}

/// "Läs mer om Styrkedjan": a page named after "om" (a capital: a page
/// name, where "om hur …" is prose).
static ABOUT_PAGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Läs mer om (\p{Lu}[^.!?:]{1,80}?)[.!]*$").expect("valid regex"));

/// A "Läs mer" line as a link: the words shown, and where it leads when
/// the line says so. A web address in the line or alone on the next line
/// is the target, never a municipality page ("Läs mer: https://…", "Läs
/// mer på https://…"); "Läs mer om Styrkedjan" leads to that page (its
/// name comes back too, for the report).
fn read_more(line: &Line, rest: &[Line]) -> (ReadMore, Option<String>) {
    let bare = line.text.trim_matches(|c| c == '*' || c == '\'').trim();
    let next_url = rest
        .iter()
        .find(|l| l.kind != Kind::Blank)
        .filter(|l| l.kind == Kind::Url)
        .map(|l| l.text.trim_matches(['<', '>']));
    if let Some((shown, url)) = super::lines::web_link(bare, next_url) {
        return (
            ReadMore {
                text: Some(text(shown)),
                to: Some(text(url)),
            },
            None,
        );
    }
    let shown = bare;
    let named = ABOUT_PAGE.captures(shown).map(|c| c[1].trim().to_string());
    // «Kommun - Område» names a municipality page, by the wiki's convention.
    let to = named.as_deref().map(|name| match page_name(name) {
        Some((kommun, area)) if kommuner::find(kommun).is_some() => {
            text(convention_target(kommun, area))
        }
        _ => text(format!("omraden/{}", slug(name))),
    });
    (
        ReadMore {
            text: Some(text(shown)),
            to,
        },
        named,
    )
}

/// The page «Kommun - Område» by the wiki's convention: `kommun/område`.
fn convention_target(municipality: &str, area: &str) -> String {
    format!("{}/{}", kommuner::slug_of(municipality), slug(area))
}

/// Line `i` is a web address right under a "Läs mer" line: its target.
fn follows_read_more(lines: &[Line], i: usize) -> bool {
    lines[i].kind == Kind::Url
        && lines[..i]
            .iter()
            .rev()
            .find(|l| l.kind != Kind::Blank)
            .is_some_and(|l| {
                l.kind == Kind::ReadMore && super::lines::web_link(l.text, None).is_none()
            })
}

/// A redirect or disambiguation page, told by its first line of text.
fn not_a_page(body: &[Line]) -> Option<NotAPage> {
    let mut lines = body.iter().filter(|l| l.kind != Kind::Blank);
    let first = lines.next()?;
    if let Some(c) = REDIRECT.captures(first.text) {
        let named = c
            .get(1)
            .or(c.get(2))
            .map(|m| m.as_str().trim())
            .filter(|t| !t.is_empty());
        let (to, line) = match named {
            Some(to) => (to, first.no),
            None => lines.next().map(|l| (l.text, l.no))?,
        };
        let to = to
            .trim_start_matches("[[")
            .trim_end_matches("]]")
            .replace('_', " ");
        return Some(NotAPage::Redirect {
            to: to.trim().to_string(),
            line,
        });
    }
    DISAMBIGUATION
        .is_match(first.text)
        .then(|| NotAPage::Disambiguation {
            names: lines
                .filter(|l| matches!(l.kind, Kind::Item { .. }))
                .map(|l| l.text.to_string())
                .collect(),
        })
}

/// A heading over a table: no example holds a table, so among examples
/// it starts a section of its own.
fn starts_table_section(lines: &[Line]) -> bool {
    let mut rest = lines.iter().filter(|l| l.kind != Kind::Blank);
    rest.next().is_some_and(is_heading)
        && rest
            .next()
            .is_some_and(|l| matches!(l.kind, Kind::Row { .. }))
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

/// A "Kommun: Titel" line right after a finished example ("Läs mer")
/// opens an old static list without a heading.
fn old_list_follows_example(lines: &[Line], i: usize) -> bool {
    kommun_titel(&lines[i]).is_some()
        && lines[..i]
            .iter()
            .rev()
            .find(|l| l.kind != Kind::Blank)
            .is_some_and(|l| l.kind == Kind::ReadMore)
}

/// A heading followed by a "Kommun: Titel" line opens an old static list.
fn starts_old_list(lines: &[Line]) -> bool {
    // The list starts at the heading itself, never at a blank line before it.
    let Some((heading, rest)) = lines.split_first() else {
        return false;
    };
    is_heading(heading)
        && kommun_titel(heading).is_none()
        && rest
            .iter()
            .find(|l| l.kind != Kind::Blank)
            .is_some_and(|l| kommun_titel(l).is_some())
}

/// "Botkyrka: Ger förutsättningar …" → (Botkyrka, Ger förutsättningar …);
/// "Malmö vård/omsorg: Systemspecifika experter" → (Malmö, vård/omsorg:
/// Systemspecifika experter). The name must be a municipality (or close
/// to one, so a misspelt name is still listed and lint can point at it).
fn kommun_titel(line: &Line) -> Option<(String, String)> {
    if line.kind != Kind::Text || line.text.ends_with('.') || line.text.chars().count() > 160 {
        return None;
    }
    let c = KOMMUN_TITEL.captures(line.text)?;
    let (name, title) = (&c[1], &c[2]);
    if kommuner::find(name).is_some() {
        return Some((name.to_string(), title.to_string()));
    }
    if let Some((k, qualifier)) = kommuner::prefix(name) {
        if qualifier.starts_with(char::is_lowercase) {
            return Some((k.name.to_string(), format!("{qualifier}: {title}")));
        }
    }
    let name_like = name.split_whitespace().count() <= 3 && name.starts_with(char::is_uppercase);
    (name_like && kommuner::suggest(name).is_some()).then(|| (name.to_string(), title.to_string()))
}

/// What a run of lines holds of examples: lines before the first, the
/// examples, and lines after the last complete one.
#[derive(Default)]
struct Examples<'l> {
    before: Vec<Line<'l>>,
    list: Vec<Example>,
    after: Vec<Line<'l>>,
}

/// Line `i` starts a new example: a name, when nothing is open, when the
/// open example is complete, or when it has text and a title follows —
/// but never in a run of names after a line that ends with a colon, which
/// introduces a list ("… med grannkommunerna:", "Mark", "Ulricehamn").
fn starts_example(lines: &[Line], i: usize, current: Option<&Current>) -> bool {
    let line = &lines[i];
    let after_colon = lines[..i]
        .iter()
        .rev()
        .find(|l| l.kind != Kind::Blank && !is_name(l))
        .is_some_and(|l| l.text.ends_with(':'));
    is_name(line)
        && !after_colon
        && current
            .is_none_or(|c| c.ex.read_more.is_some() || (c.prose && next_is_title(&lines[i + 1..])))
}

/// An example's title: a short line without closing punctuation, or a
/// short sentence that more text follows (a one-sentence title).
fn is_example_title(line: &Line, rest: &[Line]) -> bool {
    if is_title(line) {
        return true;
    }
    let next = rest.iter().find(|l| l.kind != Kind::Blank);
    line.kind == Kind::Text
        && line.text.ends_with('.')
        && !line.text.ends_with("..")
        && line.text.chars().count() <= 100
        && line.text.split_whitespace().count() <= 12
        && next.is_some_and(|l| matches!(l.kind, Kind::Text | Kind::Item { .. }) && !is_name(l))
}

/// The example being read: the example, its prose so far, and whether any
/// of that prose is more than placeholders and blank lines.
struct Current {
    ex: Example,
    md: Markdown,
    prose: bool,
}

impl Current {
    /// An example of `who`: a municipality, or an organisation that is not
    /// one (Inera, a region), never given a municipality's link.
    fn new(who: &str) -> Current {
        let organisation = kommuner::is_organisation(who);
        Current {
            ex: Example {
                municipality: (!organisation).then(|| text(who)),
                organisation: organisation.then(|| text(who)),
                title: None,
                images: Vec::new(),
                summary: None,
                read_more: None,
            },
            md: Markdown::default(),
            prose: false,
        }
    }

    /// Place one line of the example's body.
    fn take(
        &mut self,
        parser: &mut Parser,
        line: &Line,
        area: Option<&str>,
        lines: &[Line],
        i: usize,
    ) {
        match line.kind {
            Kind::ReadMore if self.ex.read_more.is_none() => {
                let (mut link, named) = read_more(line, &lines[i + 1..]);
                if let (Some(name), Some(to)) = (named, &link.to) {
                    let why = format!("{} (the page «{name}»)", to.as_str());
                    parser.note(line.no, NoteKind::InferredLink, why);
                } else if link.to.is_none() {
                    let municipality = self.ex.municipality.as_ref();
                    link.to = area
                        .filter(|_| line.text.starts_with("Läs mer"))
                        .zip(municipality)
                        .map(|(a, m)| parser.inferred_target(line.no, m, a));
                }
                self.ex.read_more = Some(link);
            }
            Kind::Url if follows_read_more(lines, i) => {}
            Kind::Image if !self.prose => self.ex.images.push(image(line.text)),
            Kind::Text
                if self.ex.title.is_none()
                    && !self.prose
                    && is_example_title(line, &lines[i + 1..]) =>
            {
                self.ex.title = Some(text(line.text));
            }
            Kind::Placeholder | Kind::Blank => self.md.push(line),
            _ => {
                self.prose = true;
                self.md.push(line);
            }
        }
    }

    /// Nothing read yet but the municipality (and placeholders).
    fn is_fresh(&self) -> bool {
        self.ex.title.is_none() && !self.prose && self.ex.images.is_empty()
    }

    fn finish(mut self) -> Example {
        self.ex.summary = self.md.finish().map(text);
        self.ex
    }
}

/// The image of an image line (a file name, or the wiki's `[[Fil:…]]`).
fn image(line: &str) -> Image {
    let (file, alt, caption) = super::lines::image_of(line);
    Image {
        file: text(file),
        alt: alt.map(text),
        caption: caption.map(text),
        decorative: false,
    }
}

fn markdown(lines: &[Line]) -> Option<Text> {
    let mut md = Markdown::default();
    lines.iter().for_each(|l| md.push(l));
    md.finish().map(text)
}

/// Text, image and table blocks, in order.
fn blocks(lines: &[Line]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut md = Markdown::default();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let block = match line.kind {
            Kind::Image => Block::Image(Box::new(image(line.text))),
            Kind::Row { .. } => {
                let run = super::table::run_at(lines, i);
                i += run.len() - 1;
                Block::Table(Box::new(super::table::table(run)))
            }
            _ => {
                md.push(line);
                i += 1;
                continue;
            }
        };
        if let Some(t) = std::mem::take(&mut md).finish() {
            out.push(Block::Text(text(t)));
        }
        if !matches!(&block, Block::Table(t) if t.header.is_empty()) {
            out.push(block);
        }
        i += 1;
    }
    if let Some(t) = md.finish() {
        out.push(Block::Text(text(t)));
    }
    out
}

/// The revision a line names, if it names a real moment.
fn parse_revision(c: &regex::Captures) -> Option<Revision> {
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(&c[2].to_lowercase()))?
        + 1;
    let day: u32 = c[1].parse().ok()?;
    let year: i32 = c[3].parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(year, month as u32, day)?;
    let date = format!("{year:04}-{month:02}-{day:02}");
    let date = match (c.get(4), c.get(5)) {
        (Some(h), Some(m)) => {
            let (h, m): (u32, u32) = (h.as_str().parse().ok()?, m.as_str().parse().ok()?);
            chrono::NaiveTime::from_hms_opt(h, m, 0)?;
            format!("{date} {h:02}:{m:02}")
        }
        _ => date,
    };
    Some(Revision {
        date: text(date),
        author: text(&c[6]),
    })
}

/// The revision as the wiki wrote it: `Version från den 16 oktober 2017 kl. 17.24 av Frick`.
pub fn revision_line(r: &Revision) -> Option<String> {
    let (date, time) = r
        .date
        .split_once(' ')
        .map_or((r.date.as_str(), None), |(d, t)| (d, Some(t)));
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let month = MONTHS.get(m.parse::<usize>().ok()?.checked_sub(1)?)?;
    let at = match time {
        Some(t) => {
            let (h, min) = t.split_once(':')?;
            format!(" kl. {}.{min}", h.parse::<u32>().ok()?)
        }
        None => String::new(),
    };
    Some(format!(
        "Version från den {} {month} {y}{at} av {}",
        d.trim_start_matches('0'),
        *r.author
    ))
}

//! The XHTML of a chapter's blocks, shared by the EPUB and the web site:
//! one writer, each format saying only where links and images lead.

use super::ir::{Block, ExampleBlock, Inline, Source, TableBlock, Target};

/// Text as XHTML (see [`crate::text::xml_text`]).
pub fn esc(s: &str) -> String {
    crate::text::xml_text(s)
}

/// A chapter's blocks as XHTML. A format implements `target` and `image`
/// and takes the rest.
pub trait Hrefs {
    /// The href of a link's target, or none when it leads nowhere.
    fn target(&self, target: &Target) -> Option<String>;

    /// The src of an image stored under `name`.
    fn image(&self, name: &str) -> String;

    /// `list` written out to `out`.
    fn blocks(&self, list: &[Block], out: &mut String) {
        for b in list {
            self.block(b, out);
        }
    }

    fn block(&self, b: &Block, out: &mut String) {
        match b {
            Block::Heading(level, text) => {
                out.push_str(&format!("<h{level}>{}</h{level}>\n", esc(text)))
            }
            Block::Para(inlines) => out.push_str(&format!("<p>{}</p>\n", self.inline(inlines))),
            Block::Meta(meta) => {
                out.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(&meta.line())))
            }
            Block::List { start, items } => {
                let (open, close) = match start {
                    Some(1) => ("<ol>".to_string(), "</ol>"),
                    Some(n) => (format!("<ol start=\"{n}\">"), "</ol>"),
                    None => ("<ul>".to_string(), "</ul>"),
                };
                out.push_str(&open);
                out.push('\n');
                for item in items {
                    out.push_str("<li>");
                    match item.as_slice() {
                        [Block::Para(i)] => out.push_str(&self.inline(i)),
                        _ => self.blocks(item, out),
                    }
                    out.push_str("</li>\n");
                }
                out.push_str(close);
                out.push('\n');
            }
            Block::Summary(parts) => {
                out.push_str("<div class=\"summary\">\n");
                for (label, body) in parts {
                    out.push_str(&format!("<h2>{}</h2>\n", esc(label)));
                    self.blocks(body, out);
                }
                out.push_str("</div>\n");
            }
            Block::Example(e) => self.example(e, out),
            Block::Table(t) => table(t, out),
            Block::Image(i) => {
                out.push_str("<figure>\n");
                match &i.source {
                    Source::File { .. } => out.push_str(&format!(
                        "<img src=\"{}\" alt=\"{}\"/>\n",
                        esc(&self.image(&i.name)),
                        esc(i.alt.as_deref().unwrap_or_default())
                    )),
                    Source::Placeholder(file) => out.push_str(&format!(
                        "<p class=\"placeholder\">Bild saknas: {}</p>\n",
                        esc(file)
                    )),
                }
                if let Some(c) = &i.caption {
                    out.push_str(&format!("<figcaption>{}</figcaption>\n", esc(c)));
                }
                out.push_str("</figure>\n");
            }
        }
    }

    fn example(&self, e: &ExampleBlock, out: &mut String) {
        out.push_str("<div class=\"example\">\n");
        // Whose example it is, in its heading: a reader moving from
        // heading to heading hears it.
        match &e.title {
            Some(t) => out.push_str(&format!(
                "<h3><span class=\"municipality\">{}</span> {}</h3>\n",
                esc(&e.who),
                esc(t)
            )),
            None => out.push_str(&format!("<p class=\"municipality\">{}</p>\n", esc(&e.who))),
        }
        self.blocks(&e.blocks, out);
        if let Some(link) = &e.link {
            match self.target(&link.target) {
                Some(h) => out.push_str(&format!(
                    "<p class=\"more\"><a href=\"{}\">{}</a></p>\n",
                    esc(&h),
                    esc(&link.text)
                )),
                // Named text that leads nowhere (the IR left out a bare
                // "Läs mer").
                None => out.push_str(&format!("<p>{}</p>\n", esc(&link.text))),
            }
        }
        out.push_str("</div>\n");
    }

    fn inline(&self, list: &[Inline]) -> String {
        let mut out = String::new();
        for i in list {
            let mut text = esc(&i.text);
            if i.italic {
                text = format!("<em>{text}</em>");
            }
            if i.bold {
                text = format!("<strong>{text}</strong>");
            }
            if let Some(href) = i.link.as_ref().and_then(|t| self.target(t)) {
                text = format!("<a href=\"{}\">{text}</a>", esc(&href));
            }
            out.push_str(&text);
        }
        out
    }
}

/// A table with its header cells marked as column headers, so a screen
/// reader names the column of each cell it reads. It sits in a region of
/// its own that scrolls sideways on a narrow screen (the page does not),
/// which the keyboard can reach and a screen reader names.
fn table(t: &TableBlock, out: &mut String) {
    let name = t.caption.as_deref().unwrap_or("Tabell");
    out.push_str(&format!(
        "<div class=\"table\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n<table>\n",
        esc(name)
    ));
    if let Some(c) = &t.caption {
        out.push_str(&format!("<caption>{}</caption>\n", esc(c)));
    }
    // A cell a line: a search index or a text browser reading the
    // markup keeps the cells' words apart.
    out.push_str("<thead>\n<tr>\n");
    for cell in &t.header {
        out.push_str(&format!("<th scope=\"col\">{}</th>\n", esc(cell)));
    }
    out.push_str("</tr>\n</thead>\n");
    if !t.rows.is_empty() {
        out.push_str("<tbody>\n");
        for row in &t.rows {
            out.push_str("<tr>\n");
            for cell in row {
                out.push_str(&format!("<td>{}</td>\n", esc(cell)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</div>\n");
}

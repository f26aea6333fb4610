//! The same book as Markdown for pandoc, as an mdBook project (a Markdown
//! file per chapter) and as Typst markup for typst, written from handbok's
//! own document IR, so that `bench export` compares like with like.

use handbok::export::ir::{Block, Book, ImageRef, Inline, Source};
use std::fmt::Write as _;

pub fn markdown(book: &Book) -> String {
    let mut out = format!(
        "---\ntitle: \"{}\"\nlang: sv\n---\n\n",
        book.title.replace('"', "'")
    );
    for part in &book.parts {
        for chapter in &part.chapters {
            let _ = writeln!(out, "# {}\n", chapter.title);
            md_blocks(&chapter.blocks, &mut out, "");
        }
    }
    out
}

/// The book as an mdBook project in `dir`: book.toml, src/SUMMARY.md with
/// the parts and their chapters, and one Markdown file per chapter.
pub fn mdbook(book: &Book, dir: &std::path::Path) -> std::io::Result<()> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src)?;
    let toml = format!(
        "[book]\ntitle = \"{}\"\nlanguage = \"sv\"\n\n[output.html]\n",
        book.title.replace('"', "'")
    );
    std::fs::write(dir.join("book.toml"), toml)?;
    let mut summary = String::from("# Summary\n\n");
    let mut n = 0;
    for part in &book.parts {
        let _ = writeln!(summary, "\n# {}\n", part.title.replace('\n', " "));
        for chapter in &part.chapters {
            n += 1;
            let name = format!("kapitel-{n:05}.md");
            let title = chapter.title.replace(['[', ']'], "");
            let _ = writeln!(summary, "- [{title}]({name})");
            let mut text = format!("# {}\n\n", chapter.title);
            md_blocks(&chapter.blocks, &mut text, "");
            std::fs::write(src.join(name), text)?;
        }
    }
    std::fs::write(src.join("SUMMARY.md"), summary)
}

/// A list item: the marker on its first line, the rest hung under it.
fn list_item(out: &mut String, indent: &str, marker: &str, body: &str, hang: &str) {
    let mut lines = body.trim_end().lines();
    let _ = writeln!(out, "{indent}{marker} {}", lines.next().unwrap_or(""));
    for l in lines {
        let _ = writeln!(out, "{indent}{hang}{l}");
    }
}

fn md_inline(list: &[Inline]) -> String {
    list.iter()
        .map(|i| {
            let t = i.text.replace('*', "\\*").replace('_', "\\_");
            match (i.bold, i.italic) {
                (true, _) => format!("**{t}**"),
                (_, true) => format!("*{t}*"),
                _ => t,
            }
        })
        .collect()
}

fn md_blocks(blocks: &[Block], out: &mut String, indent: &str) {
    for b in blocks {
        match b {
            Block::Heading(l, t) => {
                let _ = writeln!(out, "{} {t}\n", "#".repeat(usize::from(*l)));
            }
            Block::Para(i) => {
                let _ = writeln!(out, "{indent}{}\n", md_inline(i));
            }
            Block::Meta(m) => {
                let _ = writeln!(out, "*{}*\n", m.line());
            }
            Block::List { start, items } => {
                for (k, item) in items.iter().enumerate() {
                    let marker = start.map_or("-".to_string(), |s| format!("{}.", s + k as u64));
                    let mut inner = String::new();
                    md_blocks(item, &mut inner, "");
                    list_item(out, indent, &marker, &inner, "   ");
                }
                out.push('\n');
            }
            Block::Summary(parts) => {
                for (label, body) in parts {
                    let _ = writeln!(out, "**{label}**\n");
                    md_blocks(body, out, indent);
                }
            }
            Block::Example(e) => {
                let _ = writeln!(
                    out,
                    "### {}{}\n",
                    e.who,
                    e.title
                        .as_ref()
                        .map_or(String::new(), |t| format!(" – {t}"))
                );
                md_blocks(&e.blocks, out, indent);
                if let Some(l) = &e.link {
                    let _ = writeln!(out, "*{}*\n", l.text);
                }
            }
            Block::Image(i) => {
                if let Some(path) = file(i) {
                    let _ = writeln!(out, "![{}]({})\n", label(i), path.display());
                }
            }
            Block::Table(t) => {
                let row = |cells: &[String]| {
                    let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
                    format!("| {} |", cells.join(" | "))
                };
                if let Some(c) = &t.caption {
                    let _ = writeln!(out, "*{c}*\n");
                }
                let _ = writeln!(out, "{}", row(&t.header));
                let _ = writeln!(out, "|{}", " --- |".repeat(t.header.len()));
                for r in &t.rows {
                    let _ = writeln!(out, "{}", row(r));
                }
                out.push('\n');
            }
        }
    }
}

fn ty_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\#*_$@<>[]`~/=+-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn typst(book: &Book) -> String {
    let mut out = format!(
        "#set document(title: \"{}\")\n#set page(paper: \"a4\", numbering: \"1\")\n#set text(lang: \"sv\", hyphenate: true)\n#set par(justify: false)\n#outline()\n\n",
        book.title.replace('"', "'")
    );
    for part in &book.parts {
        for chapter in &part.chapters {
            let _ = writeln!(out, "#pagebreak()\n= {}\n", ty_escape(&chapter.title));
            ty_blocks(&chapter.blocks, &mut out, "");
        }
    }
    out
}

fn ty_inline(list: &[Inline]) -> String {
    list.iter()
        .map(|i| {
            let t = ty_escape(&i.text);
            match (i.bold, i.italic) {
                (true, _) => format!("*{t}*"),
                (_, true) => format!("_{t}_"),
                _ => t,
            }
        })
        .collect()
}

fn ty_blocks(blocks: &[Block], out: &mut String, indent: &str) {
    for b in blocks {
        match b {
            Block::Heading(l, t) => {
                let _ = writeln!(out, "{} {}\n", "=".repeat(usize::from(*l)), ty_escape(t));
            }
            Block::Para(i) => {
                let _ = writeln!(out, "{indent}{}\n", ty_inline(i));
            }
            Block::Meta(m) => {
                let _ = writeln!(out, "_{}_\n", ty_escape(&m.line()));
            }
            Block::List { start, items } => {
                for item in items {
                    let mut inner = String::new();
                    ty_blocks(item, &mut inner, "");
                    let marker = if start.is_some() { "+" } else { "-" };
                    list_item(out, indent, marker, &inner, "  ");
                }
                out.push('\n');
            }
            Block::Summary(parts) => {
                out.push_str("#block(stroke: 0.5pt, inset: 8pt)[\n");
                for (label, body) in parts {
                    let _ = writeln!(out, "*{}*\n", ty_escape(label));
                    ty_blocks(body, out, indent);
                }
                out.push_str("]\n\n");
            }
            Block::Example(e) => {
                let _ = writeln!(
                    out,
                    "#block(stroke: 0.5pt, inset: 8pt)[\n*{}*\n",
                    ty_escape(&e.who)
                );
                if let Some(t) = &e.title {
                    let _ = writeln!(out, "*{}*\n", ty_escape(t));
                }
                ty_blocks(&e.blocks, out, indent);
                if let Some(l) = &e.link {
                    let _ = writeln!(out, "_{}_", ty_escape(&l.text));
                }
                out.push_str("]\n\n");
            }
            Block::Image(i) => {
                if let Some(path) = file(i) {
                    let _ = writeln!(
                        out,
                        "#figure(image(\"{}\", width: 100%, alt: \"{}\"), caption: [{}])\n",
                        path.display(),
                        i.alt
                            .as_deref()
                            .unwrap_or_default()
                            .replace(['"', '\\'], ""),
                        ty_escape(label(i))
                    );
                }
            }
            Block::Table(t) => {
                let cells: Vec<String> = std::iter::once(&t.header)
                    .chain(&t.rows)
                    .flatten()
                    .map(|c| format!("[{}]", ty_escape(c)))
                    .collect();
                let _ = writeln!(
                    out,
                    "#table(columns: {}, {})\n",
                    t.header.len(),
                    cells.join(", ")
                );
            }
        }
    }
}

/// The image file, if there is one (not a draft's placeholder).
fn file(i: &ImageRef) -> Option<&std::path::Path> {
    match &i.source {
        Source::File { media, .. } => Some(&media.path),
        Source::Placeholder(_) => None,
    }
}

fn label(i: &ImageRef) -> &str {
    i.caption
        .as_deref()
        .or(i.alt.as_deref())
        .unwrap_or_default()
}

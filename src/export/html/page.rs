//! The frame every page of the site shares: the head, a skip link, the
//! banner, breadcrumbs, the main text, previous/next, the footer. Every
//! text is escaped here or by the XHTML writer; nothing is fetched.

use crate::export::xhtml::esc;

/// One step of the breadcrumbs: a link, or the page the reader is on.
pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

impl Crumb {
    pub fn link(label: &str, href: String) -> Crumb {
        Crumb {
            label: label.to_string(),
            href: Some(href),
        }
    }
}

/// How the main text opens: what comes after it, on the next line, is
/// the page's own content.
pub const MAIN: &str = "<main id=\"innehall\"";

/// A page linked from another: its href and its title.
pub type Link = (String, String);

/// A page of the site, before it is written.
pub struct Shell<'a> {
    /// The guide's title: the banner, and the end of every page title.
    pub guide: &'a str,
    /// Folders down from the site's root, for relative links.
    pub depth: usize,
    pub canonical: Option<String>,
    /// The logo's file name in the site's root, if it has one.
    pub logo: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub crumbs: Vec<Crumb>,
    /// The page's own content, headed by its `<h1>`.
    pub main: String,
    /// The previous and next pages: href and title.
    pub pager: (Option<Link>, Option<Link>),
    pub footer: String,
    /// Where the page sends the reader at once (a redirect page).
    pub refresh: Option<String>,
    /// The site's root when relative links cannot be used (the 404 page).
    pub root: Option<String>,
    /// Whether the search covers this page.
    pub indexed: bool,
    /// Whether the banner holds the search box (not on the search page,
    /// which has its own).
    pub search_box: bool,
    /// A script of the site's root that this page loads (the search page's).
    pub script: Option<&'static str>,
    /// The stylesheet itself, for a page that cannot link it (404).
    pub style: Option<String>,
}

impl Shell<'_> {
    /// The page's title, "Page – Guide" (the start page: the guide's).
    fn full_title(&self) -> String {
        if self.title == self.guide {
            self.guide.to_string()
        } else {
            format!("{} – {}", self.title, self.guide)
        }
    }

    fn root(&self) -> String {
        match &self.root {
            Some(r) => r.clone(),
            None if self.depth == 0 => "./".into(),
            None => "../".repeat(self.depth),
        }
    }

    /// The href of a file in the site's root.
    fn asset(&self, name: &str) -> String {
        match &self.root {
            Some(r) => format!("{r}{name}"),
            None => format!("{}{name}", "../".repeat(self.depth)),
        }
    }

    pub fn render(&self) -> String {
        let root = self.root();
        let mut out = String::from("<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n");
        out.push_str(&format!("<title>{}</title>\n", esc(&self.full_title())));
        if let Some(d) = &self.description {
            out.push_str(&format!(
                "<meta name=\"description\" content=\"{}\"/>\n",
                esc(d)
            ));
        }
        if let Some(c) = &self.canonical {
            out.push_str(&format!("<link rel=\"canonical\" href=\"{}\"/>\n", esc(c)));
        }
        if let Some(to) = &self.refresh {
            out.push_str(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={}\"/>\n",
                esc(to)
            ));
        }
        // No icon of its own: an empty one, so no browser asks for one.
        out.push_str("<link rel=\"icon\" href=\"data:,\"/>\n");
        match &self.style {
            // `</` cannot end the style element early; `<\/` means the
            // same to CSS.
            Some(style) => out.push_str(&format!(
                "<style>\n{}</style>\n",
                style.replace("</", "<\\/")
            )),
            None => out.push_str(&format!(
                "<link rel=\"stylesheet\" href=\"{}\"/>\n",
                esc(&self.asset("handbok.css"))
            )),
        }
        out.push_str("</head>\n<body>\n");
        out.push_str("<a class=\"skip\" href=\"#innehall\">Hoppa till innehållet</a>\n");
        // The logo says nothing the name beside it does not: alt="".
        let logo = self.logo.as_ref().map_or(String::new(), |l| {
            format!("<img src=\"{}\" alt=\"\"/> ", esc(&self.asset(l)))
        });
        out.push_str(&format!(
            "<header class=\"site\"><a class=\"brand\" href=\"{}\">{logo}{}</a>{}</header>\n",
            esc(&root),
            esc(self.guide),
            self.search_box()
        ));
        self.crumbs(&mut out);
        let indexed = if self.indexed {
            " data-pagefind-body"
        } else {
            ""
        };
        out.push_str(&format!("{MAIN}{indexed}>\n{}</main>\n", self.main));
        self.pager(&mut out);
        out.push_str(&format!(
            "<footer class=\"site\"><p>{}</p></footer>\n",
            self.footer
        ));
        if let Some(script) = self.script {
            out.push_str(&format!(
                "<script type=\"module\" src=\"{}\"></script>\n",
                esc(&self.asset(script))
            ));
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The banner's search box: a plain form that opens the search page,
    /// so it works before (and without) any script.
    fn search_box(&self) -> String {
        if !self.search_box {
            return String::new();
        }
        format!(
            "\n<form class=\"search\" role=\"search\" action=\"{}{}/\" method=\"get\">\
             <label class=\"hidden\" for=\"sok\">Sök i handboken</label>\
             <input id=\"sok\" type=\"search\" name=\"q\" autocomplete=\"off\"/>\
             <button type=\"submit\">Sök</button></form>\n",
            esc(&self.root()),
            super::search::PATH
        )
    }

    fn crumbs(&self, out: &mut String) {
        if self.crumbs.is_empty() {
            return;
        }
        out.push_str("<nav class=\"crumbs\" aria-label=\"Brödsmulor\">\n<ol>\n");
        for c in &self.crumbs {
            match &c.href {
                Some(h) => out.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    esc(h),
                    esc(&c.label)
                )),
                None => out.push_str(&format!("<li>{}</li>\n", esc(&c.label))),
            }
        }
        out.push_str(&format!(
            "<li aria-current=\"page\">{}</li>\n</ol>\n</nav>\n",
            esc(&self.title)
        ));
    }

    fn pager(&self, out: &mut String) {
        let (prev, next) = &self.pager;
        if prev.is_none() && next.is_none() {
            return;
        }
        out.push_str("<nav class=\"pager\" aria-label=\"Föregående och nästa sida\">\n");
        if let Some((href, title)) = prev {
            out.push_str(&format!(
                "<a rel=\"prev\" href=\"{}\">← {}</a>\n",
                esc(href),
                esc(title)
            ));
        }
        if let Some((href, title)) = next {
            out.push_str(&format!(
                "<a rel=\"next\" href=\"{}\">{} →</a>\n",
                esc(href),
                esc(title)
            ));
        }
        out.push_str("</nav>\n");
    }
}

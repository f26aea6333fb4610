//! `handbok export --format html`: the web site. Every page whole and
//! linked, every text escaped, old names redirected, municipalities given
//! pages of their own, and the same bytes on every build.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

mod common;

use common::{copy_tree, handbok, stderr};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The site of `content` (with `extra` options), as path → text.
fn site(content: &Path, extra: &[&str]) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "export",
        content.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend(extra);
    let o = handbok(&args);
    // 3: written as a draft (`--force` over an error).
    assert!(matches!(o.status.code(), Some(0 | 3)), "{}", stderr(&o));
    let mut files = BTreeMap::new();
    walk(&out.path().join("site"), "", &mut files);
    (out, files)
}

fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let name = format!("{prefix}{}", path.file_name().unwrap().to_str().unwrap());
        if path.is_dir() {
            walk(&path, &format!("{name}/"), out);
        } else {
            out.insert(name, std::fs::read(&path).unwrap());
        }
    }
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

/// A copy of the bundled guide with `settings` as its handbok.toml.
fn guide_with(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("content"), dir.path());
    std::fs::write(dir.path().join("handbok.toml"), settings).unwrap();
    dir
}

/// `handbok export DIR --format html --out OUT`.
fn export_html(dir: &Path, out: &Path) -> std::process::Output {
    handbok(&[
        "export",
        dir.to_str().unwrap(),
        "--format",
        "html",
        "--out",
        out.to_str().unwrap(),
    ])
}

/// Where `href` on the page at `page` leads: a file of the site and a
/// fragment, or none for a link off the site.
fn resolve(page: &str, href: &str) -> Option<(String, Option<String>)> {
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with("data:") {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    let mut file = parts.join("/");
    if path.ends_with('/') || path == "." {
        file = if file.is_empty() {
            "index.html".into()
        } else {
            format!("{file}/index.html")
        };
    }
    Some((file, fragment))
}

#[test]
fn every_link_and_fragment_of_the_bundled_site_resolves() {
    let (_dir, files) = site(Path::new("content"), &["--format", "html"]);
    let href = Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    let id = Regex::new(r#"\bid="([^"]*)""#).unwrap();
    let mut checked = 0;
    for (page, bytes) in files
        .iter()
        .filter(|(p, _)| p.ends_with(".html") && *p != "404.html")
    {
        let html = String::from_utf8(bytes.clone()).unwrap();
        for c in href.captures_iter(&html) {
            let Some((file, fragment)) = resolve(page, &c[1].replace("&amp;", "&")) else {
                continue;
            };
            let target = files
                .get(&file)
                .unwrap_or_else(|| panic!("{page}: {} leads to {file}, which is not there", &c[1]));
            if let Some(f) = fragment {
                let target = String::from_utf8_lossy(target);
                assert!(
                    id.captures_iter(&target).any(|i| i[1] == f),
                    "{page}: #{f} not in {file}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked}");
}

#[test]
fn pages_are_where_their_ids_say_with_landmarks_titles_and_order() {
    let (_dir, files) = site(Path::new("content"), &["--format", "html"]);
    for page in [
        "index.html",
        "omraden/ledarskap/index.html",
        "kommuner/umea/ledarskap/index.html",
        "sidor/kungsbackaledaren/index.html",
        "kommuner/umea/index.html",
        "404.html",
        "handbok.css",
    ] {
        assert!(files.contains_key(page), "{page}");
    }
    let page = text(&files, "omraden/ledarskap/index.html");
    for part in [
        "<html lang=\"sv\">",
        "<title>Ledarskap – Mittköping</title>",
        "<meta name=\"description\" content=\"Engagemang runt gemensamma mål",
        "<a class=\"skip\" href=\"#innehall\">",
        "<header class=\"site\">",
        "<nav class=\"crumbs\" aria-label=\"Brödsmulor\">",
        "<main id=\"innehall\" data-pagefind-body>\n<h1>Ledarskap</h1>",
        "<footer class=\"site\">",
        "rel=\"next\"",
    ] {
        assert!(page.contains(part), "{part}\n{page}");
    }
    // Headings never skip a level up from the page's h1.
    let levels: Vec<u8> = Regex::new(r"<h([1-6])")
        .unwrap()
        .captures_iter(&page)
        .map(|c| c[1].parse().unwrap())
        .collect();
    assert_eq!(levels[0], 1);
    assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{levels:?}");
    // No request leaves the site.
    let fetched = Regex::new(r#"(?:src|href)="(?:https?:)?//[^"]*\.(?:css|js|woff2?)"#).unwrap();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(!fetched.is_match(&String::from_utf8_lossy(bytes)), "{path}");
    }
    let css = text(&files, "handbok.css");
    assert!(!css.contains("url(") && !css.contains("@import"), "{css}");
}

/// A municipality's page lists its own pages and the examples from it.
#[test]
fn a_municipality_page_lists_its_pages_and_its_examples() {
    let (_dir, files) = site(Path::new("content"), &["--format", "html"]);
    let umea = text(&files, "kommuner/umea/index.html");
    assert!(umea.contains("<h1>Umeå</h1>"), "{umea}");
    assert!(
        umea.contains("href=\"../../kommuner/umea/ledarskap/\""),
        "{umea}"
    );
    assert!(umea.contains("Exempel i handboken"), "{umea}");
    assert!(text(&files, "index.html").contains("href=\"kommuner/umea/\""));
}

/// Old names answer with a redirect; every text is escaped; the site is
/// the same bytes twice; a base URL gives canonical links and a sitemap.
#[test]
fn redirects_escaping_base_url_and_the_same_bytes_twice() {
    let dir = guide_with("[export.html]\nbase-url = \"https://guide.example.se/mittkoping/\"\n");
    let page = dir.path().join("sidor/kungsbackaledaren.yaml");
    let yaml = std::fs::read_to_string(&page).unwrap().replacen(
        "title: Kungsbackaledaren",
        "title: \"Kungsbackaledaren\\a\\u202Ebakvänd <script>alert(1)</script>\"\naliases: [Ledare i Kungsbacka]",
        1,
    );
    std::fs::write(&page, yaml).unwrap();
    let (_a, first) = site(dir.path(), &["--format", "html", "--force"]);
    let (_b, second) = site(dir.path(), &["--format", "html", "--force"]);
    assert_eq!(first, second, "two builds differ");
    let redirect = text(&first, "sidor/ledare-i-kungsbacka/index.html");
    assert!(
        redirect.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../../sidor/kungsbackaledaren/\"/>"
        ),
        "{redirect}"
    );
    assert!(redirect.contains("<link rel=\"canonical\" href=\"https://guide.example.se/mittkoping/sidor/kungsbackaledaren/\"/>"), "{redirect}");
    let page = text(&first, "sidor/kungsbackaledaren/index.html");
    assert!(!page.contains("<script>"), "{page}");
    // Bidirectional overrides go, a control character shows as U+FFFD.
    let h1 = page.lines().find(|l| l.starts_with("<h1>")).unwrap();
    assert!(h1.contains("Kungsbackaledaren\u{fffd}bakvänd"), "{h1}");
    assert!(
        !page.contains('\u{202e}') && !page.contains('\u{7}'),
        "{page}"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    // Crawlers read robots.txt at a host's root, not under a sub-path.
    assert!(!first.contains_key("robots.txt"));
    let sitemap = text(&first, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://guide.example.se/mittkoping/omraden/ledarskap/</loc>"),
        "{sitemap}"
    );
    // Served at any depth: its style inline, its links absolute.
    let missing = text(&first, "404.html");
    assert!(missing.contains("<style>\n"), "{missing}");
    assert!(!missing.contains("handbok.css"), "{missing}");
    assert!(
        missing.contains("href=\"https://guide.example.se/mittkoping/\">startsidan</a>"),
        "{missing}"
    );
    assert!(
        missing.contains("action=\"https://guide.example.se/mittkoping/sok/\""),
        "{missing}"
    );
}

/// Every chapter and municipality page is in the search index; every
/// other page but the search page has a search box leading to it.
#[test]
fn every_chapter_and_municipality_is_searched_from_a_box_on_every_page() {
    let (_dir, files) = site(Path::new("content"), &["--format", "html"]);
    let pages: Vec<&String> = files
        .keys()
        .filter(|p| p.ends_with("index.html") && !p.starts_with("pagefind/"))
        .collect();
    let indexed: Vec<&&String> = pages
        .iter()
        .filter(|p| text(&files, p).contains("<main id=\"innehall\" data-pagefind-body>"))
        .collect();
    // 4 chapters, 20 municipalities named by the book.
    let kommuner = indexed
        .iter()
        .filter(|p| p.starts_with("kommuner/"))
        .count();
    assert_eq!((indexed.len(), kommuner), (24, 20), "{indexed:?}");
    let entry = text(&files, "pagefind/pagefind-entry.json");
    assert!(entry.contains("\"sv\":{\"hash\""), "{entry}");
    assert!(entry.contains("\"page_count\":24"), "{entry}");
    for needed in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/wasm.sv.pagefind",
        "sok.js",
    ] {
        assert!(files.contains_key(needed), "no {needed}");
    }
    assert!(
        files
            .keys()
            .all(|f| !f.contains("-ui.") && !f.contains("wasm.unknown")),
        "Pagefind's own interfaces are not needed"
    );
    for page in &pages {
        let html = text(&files, page);
        let depth = page.matches('/').count();
        let action = format!(
            "action=\"{}sok/\"",
            if depth == 0 {
                "./".into()
            } else {
                "../".repeat(depth)
            }
        );
        assert_eq!(html.contains(&action), *page != "sok/index.html", "{page}");
    }
    // The search page and its script name the same elements.
    let search = text(&files, "sok/index.html");
    let script = text(&files, "sok.js");
    for id in ["sok-fraga", "sok-status", "sok-traffar"] {
        assert!(search.contains(&format!("id=\"{id}\"")), "{id}");
        assert!(script.contains(&format!("\"{id}\"")), "{id}");
    }
    assert!(search.contains("<script type=\"module\" src=\"../sok.js\"></script>"));
    assert!(search.contains("<noscript>"));
    // Only the search page runs a script.
    let scripted: Vec<&&String> = pages
        .iter()
        .filter(|p| text(&files, p).contains("<script"))
        .collect();
    assert_eq!(scripted, [&&"sok/index.html".to_string()]);
}

/// Extra CSS cannot end the 404 page's inline style early.
#[test]
fn extra_css_cannot_break_out_of_the_404_pages_style() {
    let dir = guide_with("[export.html]\ncss = \"profil.css\"\n");
    std::fs::write(
        dir.path().join("profil.css"),
        "a::after { content: \"</style><script>alert(1)</script>\"; }\n",
    )
    .unwrap();
    let (_out, files) = site(dir.path(), &["--format", "html"]);
    let missing = text(&files, "404.html");
    assert!(!missing.contains("</style><script>"), "{missing}");
    assert!(
        missing.contains("<\\/style><script>alert(1)<\\/script>"),
        "{missing}"
    );
    assert_eq!(missing.matches("</style>").count(), 1, "{missing}");
}

/// A bad base URL is a settings error at its place in handbok.toml.
#[test]
fn a_base_url_that_is_no_web_address_is_refused_where_it_is_written() {
    let dir = guide_with("[export.html]\nbase-url = \"javascript:alert(1)\"\n");
    let out = dir.path().join("ut");
    let o = export_html(dir.path(), &out);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("handbok.toml:2:13: [export.html] base-url"),
        "{}",
        stderr(&o)
    );
    assert!(!PathBuf::from(&out).exists());
}

/// The site is replaced as a whole: a page gone from the guide is gone
/// from the site, and a site changed by hand is not written over.
#[test]
fn the_site_is_replaced_whole_and_a_changed_one_is_left_alone() {
    let dir = guide_with("");
    let out = tempfile::tempdir().unwrap();
    let run = || export_html(dir.path(), out.path());
    assert!(run().status.success());
    assert!(out
        .path()
        .join("site/sidor/kungsbackaledaren/index.html")
        .exists());
    std::fs::remove_file(dir.path().join("sidor/kungsbackaledaren.yaml")).unwrap();
    let o = run();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.path().join("site/sidor/kungsbackaledaren").exists());
    std::fs::write(out.path().join("site/egen.html"), "min sida").unwrap();
    let o = run();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("site exists and was not made by an export"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("site/egen.html")).unwrap(),
        "min sida"
    );
}

/// A municipality's graphic profile: accent, logo, extra CSS; a colour
/// too light for links is refused where it is written; the statement
/// names who to contact and what the build checked.
#[test]
fn a_graphic_profile_is_applied_and_a_colour_without_contrast_refused() {
    let dir = guide_with("");
    std::fs::copy(
        "content/media/littles-pyramid.png",
        dir.path().join("logo.png"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("profil.css"),
        "h1 { letter-spacing: .01em; }\n",
    )
    .unwrap();
    let settings = |accent: &str| {
        format!(
            "[export.html]\naccent = \"{accent}\"\nlogo = \"logo.png\"\ncss = \"profil.css\"\norganisation = \"Mittköpings kommun\"\ncontact = \"webb@mittkoping.se\"\nreviewed = \"2026-11-30\"\ncompliance = \"helt\"\n"
        )
    };
    std::fs::write(dir.path().join("handbok.toml"), settings("#ffcc00")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = handbok(&[
        "export",
        dir.path().to_str().unwrap(),
        "--format",
        "html",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("handbok.toml:2:11: [export.html] accent: `#ffcc00` has a contrast of 1.")
            && stderr(&o).contains("at least 4.5:1"),
        "{}",
        stderr(&o)
    );
    std::fs::write(dir.path().join("handbok.toml"), settings("#0b5394")).unwrap();
    let (_out, files) = site(dir.path(), &["--format", "html"]);
    let css = text(&files, "handbok.css");
    assert!(css.contains("--accent: #0b5394;") && css.ends_with("h1 { letter-spacing: .01em; }\n"));
    assert!(files.contains_key("logo.png"));
    let start = text(&files, "index.html");
    assert!(
        start.contains("<img src=\"logo.png\" alt=\"\"/> Mittköping</a>"),
        "{start}"
    );
    let page = text(&files, "omraden/ledarskap/index.html");
    assert!(
        page.contains("<img src=\"../../logo.png\" alt=\"\"/>"),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../tillganglighet/\">Tillgänglighet</a>"),
        "{page}"
    );
    let statement = text(&files, "tillganglighet/index.html");
    for part in [
        "<h1>Tillgänglighet för Mittköping</h1>",
        "Mittköpings kommun står bakom den här webbplatsen.",
        "<a href=\"mailto:webb@mittkoping.se\">webb@mittkoping.se</a>",
        "https://www.digg.se/tdosanmalan",
        "Redogörelsen granskades senast 2026-11-30.",
        "Vi känner inte till några brister",
        "Webbplatsen är helt förenlig med lagen",
    ] {
        assert!(statement.contains(part), "{part}\n{statement}");
    }
    std::fs::write(
        dir.path().join("profil.css"),
        "@import url(https://cdn.example/x.css);\n",
    )
    .unwrap();
    let o = export_html(dir.path(), out.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("it has an @import; the site fetches nothing from elsewhere"),
        "{}",
        stderr(&o)
    );
}

/// A table scrolls in a region of its own, named for a screen reader.
#[test]
fn a_table_is_a_named_region_that_scrolls_alone() {
    let (_dir, files) = site(Path::new("content"), &["--format", "html"]);
    let page = text(&files, "sidor/kungsbackaledaren/index.html");
    assert!(
        page.contains("<div class=\"table\" role=\"region\" tabindex=\"0\" aria-label=\"Kungsbackaledaren i siffror, ur texten ovan\">\n<table>"),
        "{page}"
    );
    assert!(page.contains("<th scope=\"col\">Insats</th>"), "{page}");
}

/// The books of the same run are in the site too, linked from every
/// footer, so the site alone can be published; municipalities are in
/// Swedish order; no page asks for an icon.
#[test]
fn the_books_are_in_the_site_and_municipalities_in_swedish_order() {
    let (_dir, files) = site(Path::new("content"), &[]);
    assert!(files.contains_key("handbok.pdf") && files.contains_key("handbok.epub"));
    let page = text(&files, "omraden/ledarskap/index.html");
    assert!(page.contains("<a href=\"../../handbok.pdf\">Hela handboken som PDF</a> · <a href=\"../../handbok.epub\">Hela handboken som e-bok (EPUB)</a>"), "{page}");
    assert!(
        page.contains("<link rel=\"icon\" href=\"data:,\"/>"),
        "{page}"
    );
    let start = text(&files, "index.html");
    let at = |name: &str| {
        start
            .find(&format!(">{name}</a>"))
            .unwrap_or_else(|| panic!("{name}"))
    };
    assert!(
        at("Helsingborg") < at("Härryda") && at("Västerås") < at("Östersund"),
        "{start}"
    );
}

/// Settings that would publish a file from elsewhere, fetch from another
/// server or leave readers without a contact are refused where written.
#[test]
fn settings_that_leak_or_fetch_are_refused_where_written() {
    for (settings, expected) in [
        ("[export.html]\ncss = \"/etc/passwd\"\n", "handbok.toml:2:8: [export.html] css: `/etc/passwd` leads outside the folder of handbok.toml"),
        ("[export.html]\nlogo = \"../logo.png\"\n", "handbok.toml:2:9: [export.html] logo: `../logo.png` leads outside"),
        ("[export.html]\ncontact = \"javascript:alert(1)\"\n", "handbok.toml:2:12: [export.html] contact: `javascript:alert(1)` is not an e-mail or web address"),
        ("[export.html]\nbase-url = \"https://x.se/?q=1#a\"\n", "[export.html] base-url: `https://x.se/?q=1#a` is not a web address"),
        ("[export.html]\ncompliance = \"ja\"\n", "[export.html] compliance: `ja` is not helt, delvis or inte"),
        ("[export.html]\nbase-url = \"https://u:hemligt@guide.se/\"\n", "[export.html] base-url: `https://u:hemligt@guide.se/` is not a web address (https://…, no user or password"),
        ("[export.html]\nbase-url = \"https://exämpel.se/\"\n", "other letters than ASCII encoded"),
        ("[export.html]\norganisation = \"  \"\n", "handbok.toml:2:16: [export.html] organisation is empty"),
        ("[export.html]\ncompliance = \"helt\"\n", "handbok.toml:2:15: [export.html] compliance says what a review found; give the day"),
        ("[export.html]\nreviewed = 2999-01-01\n", "handbok.toml:2:12: [export.html] reviewed: 2999-01-01 is still to come"),
        ("[export.html]\nreviewed = 2026-11-30T10:00:00\n", "handbok.toml:2:12: [export.html] reviewed: `2026-11-30T10:00:00` is not a date"),
    ] {
        let dir = guide_with(settings);
        let out = tempfile::tempdir().unwrap();
        let o = export_html(dir.path(), out.path());
        assert_eq!(o.status.code(), Some(2), "{settings}: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{settings}: {}", stderr(&o));
    }
    // A day as TOML writes it, unquoted, is a day; a mailto: is kept once.
    let dir = guide_with(
        "[export.html]\nreviewed = 2026-11-30\ncontact = \"mailto:webb@mittkoping.se\"\n",
    );
    let (_out, files) = site(dir.path(), &["--format", "html"]);
    let statement = text(&files, "tillganglighet/index.html");
    assert!(statement.contains("2026-11-30"), "{statement}");
    assert!(
        statement.contains("<a href=\"mailto:webb@mittkoping.se\">webb@mittkoping.se</a>"),
        "{statement}"
    );
    let dir = guide_with("[export.html]\ncss = \"profil.css\"\n");
    std::fs::write(
        dir.path().join("profil.css"),
        ".x { background: u\\72l(http://evil.example/x.png) }\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = export_html(dir.path(), out.path());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("it names a web address to load from"),
        "{}",
        stderr(&o)
    );
}

/// A re-export interrupted at any moment leaves the old site or the new
/// one, whole, and no temporary folder; the next run replaces it. An
/// interrupted first export leaves no folder it made.
#[test]
fn an_interrupted_export_leaves_a_whole_site_and_nothing_else() {
    let dir = guide_with("");
    let page = std::fs::read_to_string(dir.path().join("sidor/kungsbackaledaren.yaml")).unwrap();
    for n in 0..120 {
        let copy = page.replacen("title: Kungsbackaledaren", &format!("title: Ledare {n}"), 1);
        std::fs::write(dir.path().join(format!("sidor/ledare-{n}.yaml")), copy).unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let out_path = out.path().to_str().unwrap().to_string();
    let export = |out: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_handbok"))
            .args([
                "export",
                dir.path().to_str().unwrap(),
                "--format",
                "html",
                "--out",
                out,
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let start = std::time::Instant::now();
    assert!(export(&out_path).wait().unwrap().success());
    let whole = start.elapsed();
    let pages = |out: &Path| std::fs::read_dir(out.join("site/sidor")).map_or(0, |d| d.count());
    assert_eq!(pages(out.path()), 121);
    for (i, share) in [0.2, 0.5, 0.7, 0.85, 0.95, 1.05].into_iter().enumerate() {
        let edited = dir.path().join("sidor/ledare-0.yaml");
        let text = std::fs::read_to_string(&edited).unwrap();
        std::fs::write(&edited, format!("{text}# ändring {i}\n")).unwrap();
        let mut child = export(&out_path);
        std::thread::sleep(whole.mul_f64(share));
        let _ = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        assert!(matches!(status.code(), Some(0 | 130)), "{status:?}");
        assert_eq!(pages(out.path()), 121, "after {share} of a run");
        let hidden: Vec<String> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".handbok-") && n != ".handbok-books")
            .collect();
        assert!(hidden.is_empty(), "after {share} of a run: {hidden:?}");
    }
    assert!(
        export(&out_path).wait().unwrap().success(),
        "the next run replaces it"
    );
    // A first export into a folder it makes, interrupted before the end.
    let fresh = out.path().join("ny/djup");
    let mut child = export(fresh.to_str().unwrap());
    std::thread::sleep(whole.mul_f64(0.5));
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    if child.wait().unwrap().code() == Some(130) {
        assert!(
            !out.path().join("ny").exists(),
            "the folder it made is gone"
        );
    }
}

//! `handbok serve` over real HTTP on a loopback port: pages, edits and
//! their findings, the reload event, broken files, and every way a
//! request may try to reach what it should not.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A preview of a copy of the bundled guide, stopped when dropped.
struct Preview {
    child: Child,
    url: String,
    port: u16,
    dir: tempfile::TempDir,
}

impl Preview {
    fn start() -> Preview {
        let dir = tempfile::tempdir().unwrap();
        common::copy_tree(Path::new("content"), dir.path());
        Preview::start_in(dir)
    }

    fn start_in(dir: tempfile::TempDir) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbok"))
            .args(["serve", "--port", "0"])
            .arg(dir.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Preview {
            child,
            url,
            port,
            dir,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Status and body of a GET.
    fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let mut answer = agent.get(format!("{}{path}", self.url)).call().unwrap();
        let status = answer.status().as_u16();
        (
            status,
            answer.body_mut().read_to_string().unwrap_or_default(),
        )
    }

    /// A request as written, on a raw connection: the whole answer.
    fn raw(&self, request: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    fn raw_get(&self, target: &str) -> String {
        self.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    /// Wait until the page at `path` holds `text` (at most `limit`).
    fn until(&self, path: &str, text: &str, limit: Duration) -> String {
        let start = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if body.contains(text) {
                return body;
            }
            assert!(
                start.elapsed() < limit,
                "no `{text}` in {path} after {limit:?}:\n{body}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The server-sent events, as they come.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let request = format!(
            "GET /_handbok/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
            self.port
        );
        stream.write_all(request.as_bytes()).unwrap();
        BufReader::new(stream)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next `change` event's data (a generation).
fn next_change(events: &mut BufReader<TcpStream>) -> u64 {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            events.read_line(&mut line).unwrap() > 0,
            "the event stream ended"
        );
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim().parse().unwrap();
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const AREA: &str = "omraden/ledarskap.yaml";
const PAGE: &str = "omraden/ledarskap/";

#[test]
fn a_saved_edit_shows_its_change_and_its_finding_marked_within_a_second() {
    let p = Preview::start();
    let (status, page) = p.get(PAGE);
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Ledarskap</h1>"), "{page}");
    assert!(page.contains("hb-panel") && page.contains("/_handbok/live.js"));
    let mut events = p.events();
    let first = next_change(&mut events);
    let saved = Instant::now();
    edit(
        &p.path(AREA),
        "Förmåga att strategiskt leda",
        "Förmåga att strategiskt leda Läs mer.. kvitterbart",
    );
    let next = next_change(&mut events);
    assert!(next > first, "{next} after {first}");
    let page = p.until(PAGE, "kvitterbart", Duration::from_secs(1));
    assert!(
        saved.elapsed() < Duration::from_secs(1),
        "{:?}",
        saved.elapsed()
    );
    // The finding in the panel, with its place and the editor's link, and
    // its text marked in the rendered paragraph.
    assert!(page.contains("<code>double-period</code>"), "{page}");
    let line = std::fs::read_to_string(p.path(AREA))
        .unwrap()
        .lines()
        .position(|l| l.contains("Läs mer.. kvitterbart"))
        .unwrap()
        + 1;
    assert!(
        page.contains(&format!("omraden/ledarskap.yaml:{line}:")),
        "{page}"
    );
    assert!(page.contains("href=\"vscode://file/"), "{page}");
    assert!(
        page.contains("Läs mer<mark class=\"hb-mark hb-warning\" id=\"hb-fynd-1\">..</mark>"),
        "{page}"
    );
}

#[test]
fn a_broken_file_shows_its_load_error_and_its_page_comes_back_when_fixed() {
    let p = Preview::start();
    let good = std::fs::read_to_string(p.path(AREA)).unwrap();
    std::fs::write(
        p.path(AREA),
        good.replacen("title: Ledarskap", "title: [Ledarskap", 1),
    )
    .unwrap();
    let page = p.until(PAGE, "Sidan kan inte visas", Duration::from_secs(2));
    assert!(
        page.contains("<code>parse-error</code>") && page.contains("omraden/ledarskap.yaml:4:"),
        "{page}"
    );
    assert!(page.contains("hb-source"), "the line with a caret: {page}");
    // The rest of the guide is still served.
    assert_eq!(p.get("").0, 200);
    std::fs::write(p.path(AREA), &good).unwrap();
    p.until(PAGE, "<h1>Ledarskap</h1>", Duration::from_secs(2));
}

#[test]
fn a_broken_guide_yaml_shows_why_on_every_page_until_it_is_fixed() {
    let p = Preview::start();
    let good = std::fs::read_to_string(p.path("guide.yaml")).unwrap();
    std::fs::write(p.path("guide.yaml"), "title: [\n").unwrap();
    let page = p.until(PAGE, "Handboken kan inte byggas", Duration::from_secs(2));
    assert!(page.contains("guide.yaml"), "{page}");
    std::fs::write(p.path("guide.yaml"), &good).unwrap();
    p.until(PAGE, "<h1>Ledarskap</h1>", Duration::from_secs(2));
}

#[test]
fn a_new_page_appears_and_a_deleted_one_disappears() {
    let p = Preview::start();
    let new = "kind: article\ntitle: Ny sida\nsections:\n  - heading: Om\n    body:\n      - text: Helt ny text.\n";
    std::fs::write(p.path("sidor/ny-sida.yaml"), new).unwrap();
    p.until("sidor/ny-sida/", "Helt ny text.", Duration::from_secs(2));
    p.until("", "sidor/ny-sida/", Duration::from_secs(2));
    std::fs::remove_file(p.path("sidor/ny-sida.yaml")).unwrap();
    let start = Instant::now();
    while p.get("sidor/ny-sida/").0 != 404 {
        assert!(start.elapsed() < Duration::from_secs(2), "the page stayed");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// What a first load finds of folders and links, the running preview
/// finds as they come and go.
#[cfg(unix)]
#[test]
fn a_link_to_a_folder_outside_is_a_finding_while_it_is_there() {
    let p = Preview::start();
    std::os::unix::fs::symlink("/etc", p.path("sidor/etc")).unwrap();
    p.until("", "sidor/etc: 1 fel", Duration::from_secs(2));
    assert!(
        !p.get("sidor/etc/").1.contains("root:"),
        "a link was followed"
    );
    std::fs::remove_file(p.path("sidor/etc")).unwrap();
    let start = Instant::now();
    while p.get("").1.contains("sidor/etc") {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the link stayed listed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(p.get("sidor/etc/").0, 404);
}

/// `rm -rf content && handbok import … --out content`: a new folder.
#[test]
fn a_guide_folder_deleted_and_made_again_is_followed() {
    let p = Preview::start();
    let folder = p.dir.path();
    std::fs::remove_dir_all(folder).unwrap();
    p.until(PAGE, "Handboken kan inte byggas", Duration::from_secs(3));
    common::copy_tree(Path::new("content"), folder);
    p.until(PAGE, "<h1>Ledarskap</h1>", Duration::from_secs(3));
    edit(
        &p.path("omraden/ledarskap.yaml"),
        "title: Ledarskap",
        "title: Ledarskap igen",
    );
    p.until(PAGE, "<h1>Ledarskap igen</h1>", Duration::from_secs(2));
}

/// A page of megabytes with hundreds of findings: the first of them
/// listed and marked, and the number of the rest.
#[test]
fn a_huge_page_lists_and_marks_its_first_findings_and_counts_the_rest() {
    let p = Preview::start();
    let words = ["och", "det", "att", "kommun", "digitalisering", "ledarskap"];
    let mut page = String::from("kind: article\ntitle: Stor sida\nsections:\n");
    for s in 0..60 {
        page.push_str(&format!(
            "  - heading: Avsnitt {s}\n    body:\n      - text: |\n"
        ));
        for n in 0..10 {
            let text: Vec<&str> = (0..400)
                .map(|i| words[(i * 7 + n * 3 + s) % words.len()])
                .collect();
            page.push_str(&format!("          {}.\n\n", text.join(" ")));
        }
    }
    std::fs::write(p.path("sidor/stor.yaml"), &page).unwrap();
    // Functional, not timed: before, such a page took minutes.
    let shown = p.until(
        "sidor/stor/",
        "fynd till; <code>handbok lint sidor/stor.yaml</code>",
        Duration::from_secs(30),
    );
    assert_eq!(shown.matches("<li id=\"hb-anm-").count(), 500);
    assert!(shown.contains("id=\"hb-fynd-500\"") && !shown.contains("id=\"hb-fynd-501\""));
}

#[test]
fn paths_outside_the_site_are_not_found() {
    let p = Preview::start();
    // A link in the guide's folder that leads out of it.
    std::os::unix::fs::symlink("/etc", p.path("media/etc")).unwrap();
    for target in [
        "/../guide.yaml",
        "/%2e%2e/guide.yaml",
        "/%2E%2E%2Fguide.yaml",
        "/omraden/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc/passwd",
        "/..%5c..%5cguide.yaml",
        "/guide.yaml",
        "/handbok.toml",
        "/omraden/ledarskap.yaml",
        "/media/littles-pyramid.png",
        "/media/etc/passwd",
        "/bilder/../guide.yaml",
        "/etc/passwd",
        "//etc/passwd",
        "/omraden%2fledarskap/",
        "/_handbok/../guide.yaml",
        "/_handbok/state",
        &format!("http://127.0.0.1:{}/../guide.yaml", p.port),
    ] {
        let answer = p.raw_get(target);
        assert!(
            answer.starts_with("HTTP/1.1 404") || answer.starts_with("HTTP/1.1 400"),
            "{target}: {answer}"
        );
        assert!(
            !answer.contains("parts:") && !answer.contains("root:x"),
            "{target}: {answer}"
        );
    }
}

#[test]
fn another_host_name_is_refused_and_only_get_and_head_are_answered() {
    let p = Preview::start();
    let evil = p.raw(&format!(
        "GET / HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n",
        p.port
    ));
    assert!(evil.starts_with("HTTP/1.1 403"), "{evil}");
    assert!(!evil.contains("Ledarskap"), "{evil}");
    let none = p.raw("GET / HTTP/1.0\r\n\r\n");
    assert!(
        none.starts_with("HTTP/1.0 403") || none.starts_with("HTTP/1.1 403"),
        "{none}"
    );
    let local = p.raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        p.port
    ));
    assert!(local.starts_with("HTTP/1.1 200"), "{local}");
    // Two Host headers, or another address in the request line: which
    // one a proxy or browser believes is not to be guessed.
    let port = p.port;
    let twice = p.raw(&format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    ));
    assert!(twice.starts_with("HTTP/1.1 400"), "{twice}");
    let absolute = p.raw(&format!(
        "GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert!(absolute.starts_with("HTTP/1.1 403"), "{absolute}");
    let post = p.raw(&format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        p.port
    ));
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
    assert!(post.to_lowercase().contains("allow: get, head"), "{post}");
    let head = p.raw(&format!(
        "HEAD /omraden/ledarskap/ HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
        p.port
    ));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(!head.contains("<html"), "{head}");
}

#[test]
fn a_folder_without_its_slash_is_redirected_and_a_missing_page_is_the_sites_404() {
    let p = Preview::start();
    let answer = p.raw_get("/omraden/ledarskap?q=digital%20tj");
    assert!(answer.starts_with("HTTP/1.1 308"), "{answer}");
    assert!(
        answer
            .to_lowercase()
            .contains("location: /omraden/ledarskap/?q=digital%20tj"),
        "{answer}"
    );
    let (status, page) = p.get("omraden/finns-inte/");
    assert_eq!(status, 404);
    assert!(page.contains("Sidan finns inte"), "{page}");
}

#[test]
fn a_port_in_use_is_an_error_that_names_it() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = common::handbok(&["serve", "content", "--port", &port]);
    assert_eq!(out.status.code(), Some(2), "{}", common::stderr(&out));
    assert!(
        common::stderr(&out).contains(&format!("port {port}")),
        "{}",
        common::stderr(&out)
    );
}

#[test]
fn a_signal_stops_it_with_the_shells_code_and_leaves_no_temporary_file() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        let mut p = Preview::start();
        assert_eq!(p.get("").0, 200);
        let killed = Command::new("kill")
            .args([&format!("-{signal}"), &p.child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = p.child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{signal}");
        let left: Vec<_> = walk(p.dir.path())
            .into_iter()
            .filter(|f| f.to_string_lossy().contains(".handbok-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

#[test]
fn many_saves_in_a_row_leave_it_answering_with_the_last() {
    let p = Preview::start();
    let path = p.path(AREA);
    let good = std::fs::read_to_string(&path).unwrap();
    for n in 0..200 {
        let text = good.replacen("title: Ledarskap", &format!("title: Ledarskap {n}"), 1);
        std::fs::write(&path, text).unwrap();
    }
    p.until(PAGE, "<h1>Ledarskap 199</h1>", Duration::from_secs(5));
}

#[test]
fn the_exported_site_has_no_trace_of_the_preview() {
    let out = tempfile::tempdir().unwrap();
    let dist = out.path().to_str().unwrap();
    let made = common::handbok(&["export", "content", "--format", "html", "--out", dist]);
    assert!(made.status.success(), "{}", common::stderr(&made));
    for file in walk(&out.path().join("site")) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for trace in ["_handbok", "hb-panel", "handbok-generation", "EventSource"] {
            assert!(!text.contains(trace), "{trace} in {}", file.display());
        }
    }
}

/// The preview and the export make one site: every file the export
/// writes (with a base URL, so sitemap.xml and robots.txt too) the
/// preview serves, and every file but a page with the same bytes.
#[test]
fn the_preview_serves_every_file_the_export_writes() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("content"), dir.path());
    let settings = dir.path().join("handbok.toml");
    let mut toml = std::fs::read_to_string(&settings).unwrap();
    toml.push_str("\n[export.html]\nbase-url = \"https://guide.example.se/\"\n");
    std::fs::write(&settings, toml).unwrap();
    let out = tempfile::tempdir().unwrap();
    let guide = dir.path().to_str().unwrap();
    let dist = out.path().to_str().unwrap();
    let made = common::handbok(&["export", guide, "--format", "html", "--out", dist]);
    assert!(made.status.success(), "{}", common::stderr(&made));
    let p = Preview::start_in(dir);
    let site = out.path().join("site");
    let files = walk(&site);
    assert!(files.iter().any(|f| f.ends_with("robots.txt")));
    // Its 404 leads within the preview, not to the published site.
    let (status, missing) = p.get("finns-inte/");
    assert_eq!(status, 404);
    assert!(!missing.contains("https://guide.example.se/"), "{missing}");
    for file in files {
        let rel = file.strip_prefix(&site).unwrap().to_string_lossy();
        let rel = rel.replace('\\', "/");
        let path = rel.strip_suffix("index.html").unwrap_or(&rel);
        // The search index is made in the background.
        let start = Instant::now();
        let (status, body) = loop {
            let (status, body) = p.get(path);
            if status == 200 || start.elapsed() > Duration::from_secs(20) {
                break (status, body);
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert_eq!(status, 200, "{rel}");
        if !rel.ends_with(".html") && std::str::from_utf8(&std::fs::read(&file).unwrap()).is_ok() {
            assert_eq!(body, std::fs::read_to_string(&file).unwrap(), "{rel}");
        }
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_word_list_and_the_settings_are_followed_and_broken_settings_are_shown() {
    let p = Preview::start();
    edit(
        &p.path(AREA),
        "Förmåga att strategiskt leda",
        "Förmåga att strategiskt leda kvitterbart",
    );
    p.until(
        PAGE,
        "`kvitterbart` is not in the Swedish dictionary",
        Duration::from_secs(3),
    );
    // The word accepted: its finding goes, though no page was saved.
    let list = std::fs::read_to_string(p.path("ordlista.txt")).unwrap();
    std::fs::write(p.path("ordlista.txt"), format!("{list}\nkvitterbart\n")).unwrap();
    let start = Instant::now();
    while p.get(PAGE).1.contains("`kvitterbart` is not") {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "the accepted word is still a finding"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Broken settings: said on every page; the last good ones stay.
    let settings = std::fs::read_to_string(p.path("handbok.toml")).unwrap();
    std::fs::write(p.path("handbok.toml"), format!("{settings}\n[lint\n")).unwrap();
    let page = p.until("", "handbok.toml gäller inte", Duration::from_secs(3));
    assert!(page.contains("role=\"alert\""), "{page}");
    p.until(PAGE, "handbok.toml gäller inte", Duration::from_secs(1));
    std::fs::write(p.path("handbok.toml"), &settings).unwrap();
    let start = Instant::now();
    while p.get(PAGE).1.contains("handbok.toml gäller inte") {
        assert!(start.elapsed() < Duration::from_secs(3), "the alert stayed");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The editor the links open is a setting like the others.
    edit(&p.path(AREA), "kvitterbart", "kviterbart");
    p.until(PAGE, "href=\"vscode://file", Duration::from_secs(3));
    let zed = format!("{settings}\n[serve]\neditor = \"zed\"\n");
    std::fs::write(p.path("handbok.toml"), zed).unwrap();
    p.until(PAGE, "href=\"zed://file", Duration::from_secs(3));
    // A word list lint cannot use is said on every page, as lint says it.
    #[cfg(unix)]
    {
        std::fs::remove_file(p.path("ordlista.txt")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", p.path("ordlista.txt")).unwrap();
        p.until("", "ordlista.txt is not used", Duration::from_secs(3));
        p.until(PAGE, "ordlista.txt is not used", Duration::from_secs(1));
    }
}

#[test]
fn an_editors_save_by_rename_with_crlf_and_a_bom_is_shown() {
    let p = Preview::start();
    let text = std::fs::read_to_string(p.path(AREA)).unwrap();
    let saved = format!(
        "\u{feff}{}",
        text.replacen("title: Ledarskap", "title: Ledarskap sparad", 1)
            .replace('\n', "\r\n")
    );
    let temp = p.path("omraden/.ledarskap.yaml.swp");
    std::fs::write(&temp, saved).unwrap();
    std::fs::rename(&temp, p.path(AREA)).unwrap();
    p.until(PAGE, "<h1>Ledarskap sparad</h1>", Duration::from_secs(2));
}

#[test]
fn a_missing_image_is_a_finding_and_a_placeholder_and_its_return_is_seen() {
    let p = Preview::start();
    let image = p.path("media/littles-pyramid.png");
    let bytes = std::fs::read(&image).unwrap();
    std::fs::remove_file(&image).unwrap();
    let start = Instant::now();
    let with_image = loop {
        let found = walk_pages(&p)
            .into_iter()
            .find(|(_, body)| body.contains("Bild saknas"));
        if let Some(found) = found {
            break found;
        }
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "no placeholder for the removed image"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        with_image
            .1
            .contains("image `littles-pyramid.png` is missing from media/"),
        "{}",
        with_image.1
    );
    std::fs::write(&image, &bytes).unwrap();
    let start = Instant::now();
    while p.get(&with_image.0).1.contains("Bild saknas") {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "the image did not come back"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Its name in the site follows its path: an open tab holding the old
    // picture is made to ask again by a new version.
    let page = p.get(&with_image.0).1;
    let src = page.split("<img src=\"").nth(1).unwrap();
    let src = &src[..src.find('"').unwrap()];
    assert!(src.contains("bilder/") && src.contains("?v="), "{src}");
    std::fs::write(&image, &bytes).unwrap();
    let next = format!(
        "?v={}",
        src.rsplit('=').next().unwrap().parse::<u64>().unwrap() + 1
    );
    p.until(&with_image.0, &next, Duration::from_secs(3));
}

/// Every chapter page the start page links, with its body.
fn walk_pages(p: &Preview) -> Vec<(String, String)> {
    let (_, start) = p.get("");
    start
        .split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| h.ends_with('/') && !h.starts_with("http") && !h.starts_with('/') && *h != "./")
        .map(|h| (h.to_string(), p.get(h).1))
        .collect()
}

#[test]
fn every_finding_on_the_imported_seeds_is_marked_where_the_panel_says() {
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<String> = std::fs::read_dir("tests/seeds")
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["import", "--out", dir.path().to_str().unwrap()];
    args.extend(seeds.iter().map(String::as_str));
    let imported = common::handbok(&args);
    assert!(imported.status.success(), "{}", common::stderr(&imported));
    let p = Preview::start_in(dir);
    let pages = walk_pages(&p);
    assert!(pages.len() >= 5, "{pages:?}");
    let mut findings = 0;
    for (path, body) in &pages {
        for n in 1.. {
            if !body.contains(&format!("id=\"hb-anm-{n}\"")) {
                break;
            }
            findings += 1;
            // Each finding of the panel is in the text: marked, or a note.
            assert!(
                body.contains(&format!("id=\"hb-fynd-{n}\"")),
                "{path}: finding {n}\n{body}"
            );
        }
    }
    assert!(findings >= 5, "the seeds have findings: {findings}");
    let marked = pages
        .iter()
        .map(|(_, b)| b.matches("<mark class=\"hb-mark").count())
        .sum::<usize>();
    assert!(
        marked * 2 >= findings,
        "{marked} of {findings} findings marked in their text"
    );
}

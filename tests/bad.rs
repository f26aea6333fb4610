//! Hostile and broken input (`tests/bad/`): every case gets its exact
//! finding and exit code, nothing panics, and what should survive does.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

mod common;
use common::{copy_tree, handbok, pdf_text, stderr, stdout, zip_names, zip_text};
use std::os::unix::fs::FileTypeExt;
use std::path::Path;

const GUIDE: &str = "title: Mittköping\nlanguage: sv\nedition: \"1\"\nparts: []\n";

/// Make a named pipe at `path`.
fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

/// A guide holding `files` (relative path, bytes).
fn guide_with(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("guide.yaml"), GUIDE).unwrap();
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// `handbok export DIR --out TMP EXTRA…`, and the output folder.
fn export(dir: &Path, extra: &[&str]) -> (std::process::Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let mut args = vec![
        "export",
        dir.to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ];
    args.extend(extra);
    (handbok(&args), out)
}

fn bad(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("tests/bad/load").join(name)).unwrap()
}

/// (rule, line, column) of every finding of `handbok lint --format json`,
/// and the exit code. Never a panic, never a hang.
fn lint_json(dir: &Path) -> (Vec<(String, u64, u64)>, Option<i32>) {
    let o = handbok(&["lint", dir.to_str().unwrap(), "--format", "json"]);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    let found = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    (found, o.status.code())
}

fn finding(rule: &str, line: u64, column: u64) -> (String, u64, u64) {
    (rule.to_string(), line, column)
}

/// A finding expected: rule, line, column.
type Expected = (&'static str, u64, u64);

#[test]
fn each_broken_file_gets_its_finding() {
    let cases: [(&str, &[Expected]); 10] = [
        ("nul.yaml", &[("control-character", 4, 15)]),
        (
            "escape-sequences.yaml",
            &[
                ("control-character", 6, 17),
                ("control-character", 6, 23),
                ("control-character", 6, 38),
                ("control-character", 6, 44),
            ],
        ),
        ("two-documents.yaml", &[("parse-error", 3, 1)]),
        ("after-end.yaml", &[("parse-error", 4, 1)]),
        ("utf16.yaml", &[("parse-error", 1, 1)]),
        ("utf16le-no-bom.yaml", &[("parse-error", 1, 1)]),
        ("utf16be-no-bom.yaml", &[("parse-error", 1, 1)]),
        ("kind-list.yaml", &[("schema-violation", 1, 7)]),
        ("deep-line.yaml", &[("parse-error", 4, 1)]),
        ("deep-flow.yaml", &[("parse-error", 3, 1)]),
    ];
    for (file, expected) in cases {
        let dir = guide_with(&[(&format!("sidor/{file}"), bad(file))]);
        let (found, code) = lint_json(dir.path());
        let expected: Vec<_> = expected.iter().map(|&(r, l, c)| finding(r, l, c)).collect();
        let relevant: Vec<_> = found
            .iter()
            .filter(|f| {
                ["control-character", "parse-error", "schema-violation"].contains(&f.0.as_str())
            })
            .cloned()
            .collect();
        assert_eq!(relevant, expected, "{file}");
        assert_eq!(code, Some(1), "{file}");
    }
}

#[test]
fn utf16_and_utf32_are_named_with_or_without_a_byte_order_mark() {
    for (file, named) in [
        ("utf16.yaml", "UTF-16"),
        ("utf16le-no-bom.yaml", "UTF-16"),
        ("utf16be-no-bom.yaml", "UTF-16"),
        ("utf32.yaml", "UTF-32"),
    ] {
        let dir = guide_with(&[(&format!("sidor/{file}"), bad(file))]);
        let o = handbok(&["lint", dir.path().to_str().unwrap()]);
        let expected = format!("the file is {named}; content files are UTF-8");
        assert!(stdout(&o).contains(&expected), "{file}: {}", stdout(&o));
    }
}

#[test]
fn a_bom_is_not_a_problem() {
    let dir = guide_with(&[("sidor/bom.yaml", bad("bom.yaml"))]);
    let content = handbok::load::load(dir.path()).unwrap();
    assert_eq!(content.diagnostics, vec![]);
    assert_eq!(content.pages[0].body.title().as_str(), "Med BOM");
}

#[test]
fn a_nul_byte_loses_nothing_after_it() {
    let dir = guide_with(&[("omraden/ledarskap.yaml", bad("nul.yaml"))]);
    let content = handbok::load::load(dir.path()).unwrap();
    let handbok::model::PageBody::Area(a) = &content.pages[0].body else {
        panic!("the page loads")
    };
    assert_eq!(
        a.vad.as_deref().map(String::as_str),
        Some("Text med NUL\u{fffd} i mitten.\n")
    );
    assert!(a.hur.is_some());
    assert_eq!(a.examples.len(), 2);
    // --fix deletes the character and the file then lints clean of it.
    let o = handbok(&["lint", dir.path().to_str().unwrap(), "--fix"]);
    assert!(!stderr(&o).contains("panicked"));
    let fixed = std::fs::read_to_string(dir.path().join("omraden/ledarskap.yaml")).unwrap();
    assert!(fixed.contains("Text med NUL i mitten."), "{fixed}");
}

#[test]
fn files_that_are_not_plain_or_too_big_are_findings_not_hangs() {
    let dir = guide_with(&[]);
    let fifo = dir.path().join("pipe.yaml");
    mkfifo(&fifo);
    std::fs::write(dir.path().join("stor.yaml"), article_of(17 << 20)).unwrap();
    let (found, code) = lint_json(dir.path());
    assert_eq!(
        found,
        [finding("parse-error", 1, 1), finding("parse-error", 1, 1)]
    );
    assert_eq!(code, Some(1));
}

/// An article whose one text holds at least `bytes` bytes.
fn article_of(bytes: usize) -> Vec<u8> {
    let mut text = b"kind: article\ntitle: Stor\nsections:\n  - body:\n      - text: |\n".to_vec();
    while text.len() <= bytes {
        text.extend_from_slice("          En rad text som upprepas.\n".as_bytes());
    }
    text
}

#[test]
fn the_file_size_limit_is_set_in_handbok_toml() {
    let dir = guide_with(&[("sidor/stor.yaml", article_of(4096))]);
    let toml = dir.path().join("handbok.toml");
    std::fs::write(&toml, "[load]\nmax-file-size = \"2 kB\"\n").unwrap();
    let o = handbok(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("more than the 2048 a content file may hold"));
    assert!(stdout(&o).contains("raise `max-file-size` under `[load]`"));
    std::fs::write(&toml, "[load]\nmax-file-size = 8192\n").unwrap();
    assert_eq!(lint_json(dir.path()), (vec![], Some(0)));
    std::fs::write(&toml, "[load]\nmax-file-size = \"lots\"\n").unwrap();
    let o = handbok(&["lint", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`max-file-size` takes a size such as \"64 MB\""));
    assert!(stderr(&o).contains("not \"lots\""));
}

#[test]
fn a_settings_file_that_is_a_pipe_is_refused_not_waited_for() {
    let dir = guide_with(&[]);
    let fifo = dir.path().join("inst.toml");
    mkfifo(&fifo);
    let o = handbok(&[
        "lint",
        dir.path().to_str().unwrap(),
        "--config",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("inst.toml: not a plain file (a pipe, device or socket)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn diff_of_two_files_reads_no_more_than_a_content_file_may_hold() {
    let dir = guide_with(&[
        ("a.yaml", article_of(100)),
        ("b.yaml", article_of(17 << 20)),
    ]);
    let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
    let o = handbok(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "b.yaml: the file is 17825822 bytes, more than the 16777216 a content file may hold"
        ),
        "{}",
        stderr(&o)
    );
    // A pipe (`<(command)`) that never ends is cut at the limit too.
    let script = format!(
        "exec '{}' diff '{}' <(yes a)",
        env!("CARGO_BIN_EXE_handbok"),
        a.display()
    );
    let o = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("it holds more than the 16777216 bytes a content file may hold"),
        "{}",
        stderr(&o)
    );
    // A named pipe may never get a writer: refused, not waited for.
    let fifo = dir.path().join("rör");
    mkfifo(&fifo);
    let o = handbok(&["diff", a.to_str().unwrap(), fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a plain file"), "{}", stderr(&o));
}

#[test]
fn nesting_thousands_deep_is_refused_without_overflowing_the_stack() {
    let deep: String = (0..2500)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let seq: String = (0..2500).map(|i| format!("{}-\n", " ".repeat(i))).collect();
    let dir = guide_with(&[
        (
            "sidor/djup.yaml",
            format!("kind: article\ntitle: Djup\nx:\n{deep}").into_bytes(),
        ),
        (
            "sidor/lista.yaml",
            format!("kind: article\ntitle: Lista\nx:\n{seq}").into_bytes(),
        ),
    ]);
    let (found, code) = lint_json(dir.path());
    assert_eq!(
        found.iter().filter(|f| f.0 == "parse-error").count(),
        2,
        "{found:?}"
    );
    assert_eq!(code, Some(1));
    // diff reads both sides on the main thread.
    let o = handbok(&[
        "diff",
        dir.path().to_str().unwrap(),
        dir.path().to_str().unwrap(),
    ]);
    assert!(
        !stderr(&o).contains("panicked") && o.status.code() != Some(134),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_yaml_and_a_yml_with_one_id_are_a_finding() {
    let page = |t: &str| format!("kind: article\ntitle: {t}\n").into_bytes();
    let dir = guide_with(&[
        ("sidor/a.yaml", page("Först")),
        ("sidor/a.yml", page("Sedan")),
    ]);
    let content = handbok::load::load(dir.path()).unwrap();
    assert_eq!(content.pages.len(), 1);
    assert_eq!(content.pages[0].body.title().as_str(), "Först");
    assert_eq!(content.diagnostics.len(), 1);
    assert_eq!(content.diagnostics[0].path, "sidor/a.yml");
    assert!(content.diagnostics[0]
        .message
        .contains("same page id `sidor/a`"));
}

#[test]
fn a_reader_that_goes_away_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    // Enough findings to fill the pipe: the tool must notice the reader left.
    let page: String = (0..3000)
        .map(|i| format!("      - text: |\n          Rad {i}.. med två punkter..\n"))
        .collect();
    let dir = guide_with(&[(
        "sidor/a.yaml",
        format!("kind: article\ntitle: A\nsections:\n  - body:\n{page}").into_bytes(),
    )]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args(["lint", dir.path().to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(first.starts_with("warning[double-period]"), "{first}");
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_full_stderr_does_not_stop_an_export() {
    let out = tempfile::tempdir().unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args([
            "export",
            "content",
            "--out",
            out.path().to_str().unwrap(),
            "--split",
            "area",
        ])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let books = names_in(out.path());
    let books: Vec<&String> = books.iter().filter(|n| !n.starts_with('.')).collect();
    // The book and 4 booklets in each format, and the site.
    assert_eq!(books.len(), 11, "every book written: {books:?}");
    assert!(books.iter().any(|b| *b == "site"), "{books:?}");
}

fn hidden_entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".handbok-books")
        .collect()
}

#[test]
fn booklet_names_never_overwrite_the_book() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("content"), dir.path());
    let ledarskap = dir.path().join("omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(&ledarskap)
        .unwrap()
        .replace("title: Ledarskap\n", "title: Handbok\n");
    std::fs::write(dir.path().join("omraden/handbok.yaml"), text).unwrap();
    std::fs::remove_file(&ledarskap).unwrap();
    let guide = std::fs::read_to_string(dir.path().join("guide.yaml"))
        .unwrap()
        .replace("omraden/ledarskap", "omraden/handbok");
    std::fs::write(dir.path().join("guide.yaml"), guide).unwrap();
    let (o, out) = export(
        dir.path(),
        &["--split", "area", "--format", "epub", "--force"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names.contains(&"handbok.epub".to_string())
            && names.contains(&"handbok-2.epub".to_string()),
        "{names:?}"
    );
}

#[test]
fn export_refuses_an_out_that_is_a_file_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bok");
    std::fs::write(&file, "x").unwrap();
    let o = handbok(&["export", "content", "--out", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a folder"), "{}", stderr(&o));
}

#[test]
fn an_interrupted_export_leaves_no_temporary_files_and_the_next_run_clears_old_ones() {
    let out = tempfile::tempdir().unwrap();
    // What a run killed outright (SIGKILL) left behind.
    std::fs::create_dir(out.path().join(format!(
        "{}abcOLD",
        handbok::files::tmp::prefix_of(4_000_000_000)
    )))
    .unwrap();
    for delay in [50, 200, 400, 800] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_handbok"))
            .args([
                "export",
                "content",
                "--out",
                out.path().to_str().unwrap(),
                "--split",
                "area",
            ])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        assert!(matches!(status.code(), Some(0) | Some(143)), "{status:?}");
        assert_eq!(
            hidden_entries(out.path())
                .iter()
                .filter(|n| !n.ends_with("-abcOLD"))
                .count(),
            0,
            "after {delay} ms"
        );
    }
    let o = handbok(&["export", "content", "--out", out.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        hidden_entries(out.path()),
        Vec::<String>::new(),
        "the killed run's folder is gone"
    );
}

const FIXABLE: &str = "kind: article\ntitle: Fixbar\nsections:\n  - body:\n      - text: |\n          Text med två punkter.. i mitten.\n";

#[test]
fn fix_leaves_a_read_only_file_alone_and_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let dir = guide_with(&[("sidor/a.yaml", FIXABLE.as_bytes().to_vec())]);
    let file = dir.path().join("sidor/a.yaml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = handbok(&["lint", dir.path().to_str().unwrap(), "--fix"]);
    assert!(
        stderr(&o).contains("not fixed:") && stderr(&o).contains("read-only"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), FIXABLE);
    assert_eq!(o.status.code(), Some(2), "a fix not written fails the run");
}

#[test]
fn fix_writes_a_file_whose_name_is_not_utf8_under_its_own_name() {
    use std::os::unix::ffi::OsStrExt;
    let dir = guide_with(&[]);
    let name = std::ffi::OsStr::from_bytes(b"sida\xff.yaml");
    std::fs::create_dir_all(dir.path().join("sidor")).unwrap();
    std::fs::write(dir.path().join("sidor").join(name), FIXABLE).unwrap();
    for _ in 0..2 {
        let o = handbok(&["lint", dir.path().to_str().unwrap(), "--fix"]);
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
    let names: Vec<_> = std::fs::read_dir(dir.path().join("sidor"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [name.to_os_string()], "no second file");
    let text = std::fs::read_to_string(dir.path().join("sidor").join(name)).unwrap();
    assert!(text.contains("två punkter. i mitten"), "{text}");
}

#[test]
fn image_bombs_and_links_out_of_media_stop_an_export_or_become_placeholders_in_a_draft() {
    let fixture = Path::new("tests/fixtures/rules/image-file");
    for (file, expected) in [
        ("bomb.png", "is 100000×100000 pixels"),
        ("skiss.png", "is BMP"),
        ("trasig.jpg", "cannot be decoded"),
        ("saknas.png", "is missing from media/"),
    ] {
        let dir = guide_with(&[(
            "sidor/a.yaml",
            format!("kind: article\ntitle: A\nsections:\n  - body:\n      - image: {{file: {file}, alt: Bild}}\n").into_bytes(),
        )]);
        copy_tree(&fixture.join("media"), &dir.path().join("media"));
        let (o, _) = export(dir.path(), &[]);
        assert_eq!(o.status.code(), Some(1), "{file}: {}", stderr(&o));
        assert!(stderr(&o).contains(file), "{file}: {}", stderr(&o));
        let (o, out) = export(dir.path(), &["--force"]);
        assert_eq!(o.status.code(), Some(3), "{file}: a draft: {}", stderr(&o));
        let said = stderr(&o);
        assert!(
            said.contains(&format!("sidor/a.yaml:5:23: image `{file}` {expected}"))
                && said.contains("a placeholder stands in"),
            "{file}: {said}"
        );
        let pdf = pdf_text(&out.path().join("handbok.pdf"));
        assert!(
            pdf.contains(&format!("Bild saknas: {file}")),
            "{file}: {pdf}"
        );
        let xhtml = zip_text(&out.path().join("handbok.epub"));
        assert!(xhtml.contains(&format!("Bild saknas: {file}")), "{file}");
        assert!(!zip_names(&out.path().join("handbok.epub"))
            .iter()
            .any(|n| n.starts_with("OEBPS/images/")));
    }
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        "content/media/littles-pyramid.png",
        outside.path().join("hemlig.png"),
    )
    .unwrap();
    let dir = guide_with(&[(
        "sidor/a.yaml",
        b"kind: article\ntitle: A\nsections:\n  - body:\n      - image: {file: ut/hemlig.png, alt: Bild}\n".to_vec(),
    )]);
    std::fs::create_dir_all(dir.path().join("media")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("media/ut")).unwrap();
    let (o, out) = export(dir.path(), &["--force"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o)
            .contains("is reached through the symbolic link media/ut, which may lead anywhere"),
        "{}",
        stderr(&o)
    );
    let epub = std::fs::read(out.path().join("handbok.epub")).unwrap();
    let secret = std::fs::read(outside.path().join("hemlig.png")).unwrap();
    assert!(
        !epub.windows(64).any(|w| w == &secret[..64]),
        "the file outside stays out"
    );
}

#[test]
fn unsafe_links_and_control_characters_never_reach_the_e_book() {
    let bad = std::fs::read("tests/fixtures/rules/unsafe-link/bad.yaml").unwrap();
    let mut page = bad.clone();
    page.extend_from_slice(b"hur: |\n  ESC\x1b[2J och NUL\x00 och BEL\x07.\n");
    let dir = guide_with(&[("omraden/farlig.yaml", page)]);
    let (o, out) = export(dir.path(), &["--format", "epub", "--force"]);
    assert_eq!(o.status.code(), Some(3), "a draft: {}", stderr(&o));
    let xhtml = zip_text(&out.path().join("handbok.epub"));
    for never in [
        "javascript:",
        "file:",
        "data:",
        "../../hemlig",
        "\u{1b}",
        "\u{0}",
        "\u{7}",
    ] {
        assert!(!xhtml.contains(never), "{never:?} in the e-book");
    }
    assert!(
        xhtml.contains("klick") && xhtml.contains("filen"),
        "the link texts stay"
    );
}

#[test]
fn the_markdown_diff_shows_content_as_text_never_as_html() {
    let page = |t: &str| {
        format!(
            "kind: article\ntitle: Sida\nsections:\n  - body:\n      - text: |\n          {t}\n"
        )
        .into_bytes()
    };
    let old = guide_with(&[("sidor/a.yaml", page("Vanlig text."))]);
    let new = guide_with(&[(
        "sidor/a.yaml",
        page("Ny <script>alert(1)</script> och [länk](javascript:x) text."),
    )]);
    let o = handbok(&[
        "diff",
        old.path().to_str().unwrap(),
        new.path().to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    let md = stdout(&o);
    assert!(!md.contains("<script>"), "{md}");
    assert!(!md.contains("[länk](javascript"), "{md}");
    assert!(md.contains("\\<script\\>"), "{md}");
}

#[test]
fn lists_nested_a_hundred_deep_are_printed_flatter_not_crashed_on() {
    let list: String = (0..100)
        .map(|i| format!("{}- nivå {i}\n", "  ".repeat(i)))
        .collect();
    let block: String = list.lines().map(|l| format!("  {l}\n")).collect();
    let dir = guide_with(&[(
        "omraden/djup.yaml",
        format!("kind: area\ntitle: Djup\nvad: |\n{block}").into_bytes(),
    )]);
    let (o, out) = export(dir.path(), &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let xhtml = zip_text(&out.path().join("handbok.epub"));
    assert!(xhtml.contains("nivå 99"), "nothing lost");
    assert!(xhtml.matches("<ul>").count() <= 7, "nesting is capped");
}

/// Every input the fuzzers ever found (`cargo xtask fuzz` copies them here)
/// goes through the binary again: a finding or a refusal, never a panic.
#[test]
fn inputs_the_fuzzers_found_are_handled() {
    let root = Path::new("tests/bad/fuzz");
    let files = |target: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(root.join(target))
            .map(|d| d.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default()
    };
    for target in ["load", "lint", "diff"] {
        for input in files(target) {
            let bytes = std::fs::read(&input).unwrap();
            let dir = guide_with(&[("omraden/a.yaml", bytes)]);
            let (_, code) = lint_json(dir.path());
            assert!(
                matches!(code, Some(0) | Some(1)),
                "{}: exit {code:?}",
                input.display()
            );
        }
    }
    for input in files("media") {
        let bytes = std::fs::read(&input).unwrap();
        // What it found is beside the point: it must not panic.
        let _ = handbok::media::inspect(&bytes);
    }
    for input in files("import") {
        let out = tempfile::tempdir().unwrap();
        let folder = out.path().join("c");
        let o = handbok(&[
            "import",
            "--title",
            "T",
            "--out",
            folder.to_str().unwrap(),
            input.to_str().unwrap(),
        ]);
        assert!(
            !stderr(&o).contains("panicked") && matches!(o.status.code(), Some(0) | Some(2)),
            "{}: {}",
            input.display(),
            stderr(&o)
        );
        if o.status.success() {
            // What import wrote must load.
            let (found, _) = lint_json(&folder);
            let broken: Vec<_> = found
                .iter()
                .filter(|f| matches!(f.0.as_str(), "parse-error" | "schema-violation"))
                .collect();
            assert!(broken.is_empty(), "{}: {broken:?}", input.display());
        }
    }
}

#[test]
fn control_characters_written_as_yaml_escapes_are_found_and_kept_out() {
    let page = b"kind: area\ntitle: \"Ledar\\e[31mskap\\a\\x85\"\nvad: |\n  Text.\n".to_vec();
    let dir = guide_with(&[("omraden/a.yaml", page)]);
    let (found, code) = lint_json(dir.path());
    assert!(
        found.iter().any(|f| f.0 == "control-character" && f.1 == 2),
        "{found:?}"
    );
    assert_eq!(code, Some(1));
    let (o, out) = export(dir.path(), &["--format", "epub", "--force"]);
    assert_eq!(o.status.code(), Some(3), "a draft: {}", stderr(&o));
    let xhtml = zip_text(&out.path().join("handbok.epub"));
    assert!(
        !xhtml.chars().any(handbok::text::is_forbidden),
        "control characters in the e-book"
    );
}

#[test]
fn html_in_prose_is_shown_as_text_not_dropped() {
    let page = b"kind: area\ntitle: A\nvem: |\n  <!-- kommentar --> F\xc3\xb6rm\xc3\xa5ga att leda.\n\n  <div>Ett block</div>\n\n  Efter.\n".to_vec();
    let dir = guide_with(&[("omraden/a.yaml", page)]);
    let (o, out) = export(dir.path(), &["--format", "epub", "--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let xhtml = zip_text(&out.path().join("handbok.epub"));
    for kept in ["Förmåga att leda.", "Ett block", "Efter."] {
        assert!(xhtml.contains(kept), "{kept} dropped");
    }
}

#[test]
fn a_linked_page_is_a_finding_and_its_target_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("hemlig.yaml"),
        "kind: article\ntitle: Hemlig\n",
    )
    .unwrap();
    let dir = guide_with(&[]);
    std::fs::create_dir_all(dir.path().join("sidor")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("hemlig.yaml"),
        dir.path().join("sidor/lank.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("kommuner")).unwrap();
    let content = handbok::load::load(dir.path()).unwrap();
    assert!(content.pages.is_empty());
    let messages: Vec<&str> = content
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains("symbolic link"))
            .count(),
        2,
        "{messages:?}"
    );
}

#[test]
fn parse_errors_stop_the_export_even_when_handbok_toml_ignores_them() {
    let dir = guide_with(&[("sidor/trasig.yaml", b"kind: [\n".to_vec())]);
    std::fs::write(
        dir.path().join("handbok.toml"),
        "[lint]\nignore = [\"parse-error\"]\n",
    )
    .unwrap();
    let (o, _out) = export(dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("parse-error"), "{}", stderr(&o));
}

#[test]
fn writing_never_replaces_a_device_or_pipe_and_fix_keeps_a_bom() {
    let dir = guide_with(&[("sidor/a.yaml", format!("\u{feff}{FIXABLE}").into_bytes())]);
    let fifo = dir.path().join("baslinje.json");
    mkfifo(&fifo);
    let o = handbok(&[
        "lint",
        dir.path().to_str().unwrap(),
        "--write-baseline",
        fifo.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo(),
        "still a pipe"
    );
    handbok(&["lint", dir.path().to_str().unwrap(), "--fix"]);
    let fixed = std::fs::read(dir.path().join("sidor/a.yaml")).unwrap();
    assert!(fixed.starts_with("\u{feff}".as_bytes()), "the BOM stays");
    assert!(String::from_utf8(fixed)
        .unwrap()
        .contains("två punkter. i mitten"));
}

#[test]
fn pages_whose_chapter_names_would_meet_get_one_chapter_each() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("content"), dir.path());
    // `omraden-ledarskap.yaml` beside `omraden/ledarskap.yaml`, a file name
    // with a space, and a part that names a municipality page its area
    // already holds.
    let article = "kind: article\ntitle: Samma namn\nsections:\n  - body:\n      - text: Text.\n";
    std::fs::write(dir.path().join("omraden-ledarskap.yaml"), article).unwrap();
    std::fs::write(dir.path().join("sidor/Min sida.yaml"), article).unwrap();
    let guide = std::fs::read_to_string(dir.path().join("guide.yaml")).unwrap();
    let guide = guide.replace("parts:\n", "parts:\n  - kommuner/umea/ledarskap\n");
    std::fs::write(dir.path().join("guide.yaml"), guide).unwrap();
    let (o, out) = export(dir.path(), &["--format", "epub", "--force"]);
    // `Min sida.yaml` is no page id (`file-name`): a draft.
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let file = std::fs::File::open(out.path().join("handbok.epub")).unwrap();
    let archive = zip::ZipArchive::new(file).unwrap();
    let mut chapters: Vec<&str> = archive
        .file_names()
        .filter(|n| n.ends_with(".xhtml") && !n.contains("part-") && !n.contains("nav"))
        .collect();
    chapters.sort_unstable();
    let expected = [
        "OEBPS/kommuner-umea-ledarskap.xhtml",
        "OEBPS/omraden-hela-styrkedjan-med.xhtml",
        "OEBPS/omraden-ledarskap-2.xhtml",
        "OEBPS/omraden-ledarskap.xhtml",
        "OEBPS/omraden-organisation-och-kultur.xhtml",
        "OEBPS/sidor-kungsbackaledaren.xhtml",
        "OEBPS/sidor-min-sida.xhtml",
        "OEBPS/title.xhtml",
    ];
    assert_eq!(chapters, expected, "one file per page, none twice");
}

#[test]
fn an_unreadable_sub_folder_is_one_finding_and_the_rest_is_checked() {
    use std::os::unix::fs::PermissionsExt;
    let page = std::fs::read("tests/fixtures/rules/double-period/bad.yaml").unwrap();
    let dir = guide_with(&[("sidor/a.yaml", page.clone()), ("lasta/b.yaml", page)]);
    let mode = |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    mode(dir.path(), 0o755).unwrap();
    mode(&dir.path().join("lasta"), 0o000).unwrap();
    let o = handbok_as_nobody(&["lint", dir.path().to_str().unwrap(), "--format", "json"]);
    mode(&dir.path().join("lasta"), 0o755).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    let found: Vec<(&str, &str)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert!(found.contains(&("lasta/", "parse-error")), "{found:?}");
    assert!(
        found.contains(&("sidor/a.yaml", "double-period")),
        "{found:?}"
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn machine_formats_never_carry_control_characters_from_file_names() {
    let page = std::fs::read("tests/fixtures/rules/double-period/bad.yaml").unwrap();
    let name = "sidor/titel\u{1b}]0;hej\u{7}\u{1b}[2J\u{7f}\u{9b}\u{202e}\nrad\t.yaml";
    let dir = guide_with(&[(name, page)]);
    for format in ["junit", "github", "human", "json", "sarif"] {
        let o = handbok(&["lint", dir.path().to_str().unwrap(), "--format", format]);
        // The name is no page id (`file-name`), and that is all.
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        let out = stdout(&o);
        let bad: Vec<char> = out
            .chars()
            .filter(|&c| {
                (c.is_control() && c != '\n' && c != '\t')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            })
            .collect();
        assert!(bad.is_empty(), "{format}: {bad:?} in\n{out}");
        assert!(
            !out.lines().any(|l| l.starts_with("rad")),
            "{format}: a path split a line:\n{out}"
        );
        if !matches!(format, "json" | "sarif") {
            assert!(out.contains("titel␛]0;hej␇␛[2J␡"), "{format}: {out}");
        }
    }
}

/// File names in `dir`, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_export_replaces_the_books_it_made_last_time_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("content"), dir.path());
    // A folder an export never wrote into: a file of a book's name is kept.
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("handbok.pdf"), "mine").unwrap();
    let o = handbok(&[
        "export",
        dir.path().to_str().unwrap(),
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("handbok.pdf exists and was not made by an export"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("handbok.pdf")).unwrap(),
        "mine"
    );
    assert_eq!(names_in(out.path()), ["handbok.pdf"]);
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("anteckningar.epub"), "mine").unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["export", dir.path().to_str().unwrap(), "--out"];
        args.push(out.path().to_str().unwrap());
        args.extend(extra);
        let o = handbok(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        o
    };
    run(&["--split", "area", "--format", "epub", "--force"]);
    assert!(names_in(out.path()).contains(&"ledarskap.epub".to_string()));
    // The key area is renamed: its old booklet is no longer made.
    let page = dir.path().join("omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("title: Ledarskap\n", "title: Ledning\n"),
    )
    .unwrap();
    let o = run(&["--split", "area", "--format", "epub", "--force"]);
    assert!(
        stderr(&o).contains("ledarskap.epub (no longer made)"),
        "{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    let names = names_in(out.path());
    assert!(!names.contains(&"ledarskap.epub".to_string()), "{names:?}");
    assert!(names.contains(&"ledning.epub".to_string()), "{names:?}");
    // Another format leaves these alone; a file handbok did not write stays.
    run(&["--format", "pdf", "--force"]);
    let names = names_in(out.path());
    for kept in [
        "anteckningar.epub",
        "handbok.epub",
        "handbok.pdf",
        "ledning.epub",
    ] {
        assert!(names.contains(&kept.to_string()), "{kept}: {names:?}");
    }
    // Without --split the booklets of that format go.
    run(&["--format", "epub", "--force"]);
    let names = names_in(out.path());
    assert!(!names.contains(&"ledning.epub".to_string()), "{names:?}");
    assert_eq!(
        std::fs::read_to_string(out.path().join("anteckningar.epub")).unwrap(),
        "mine"
    );
    // A file of the user's that a new booklet would be named like is refused.
    std::fs::write(out.path().join("ledning.epub"), "mine too").unwrap();
    let mut args = vec!["export", dir.path().to_str().unwrap(), "--out"];
    args.push(out.path().to_str().unwrap());
    args.extend(["--split", "area", "--format", "epub", "--force"]);
    let o = handbok(&args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ledning.epub exists and was not made by an export"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.path().join("ledning.epub")).unwrap(),
        "mine too"
    );
}

/// `handbok ARGS` as user nobody when the tests run as root (root reads
/// any folder), else as this user.
fn handbok_as_nobody(args: &[&str]) -> std::process::Output {
    let bin = env!("CARGO_BIN_EXE_handbok");
    let id = std::process::Command::new("id").arg("-u").output().unwrap();
    let mut cmd = if String::from_utf8_lossy(&id.stdout).trim() == "0" {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", bin]);
        c
    } else {
        std::process::Command::new(bin)
    };
    cmd.args(args).output().unwrap()
}

#[test]
fn an_unreadable_folder_of_parts_brings_no_follow_on_findings() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("content"), dir.path());
    let mode = |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    for entry in walk(dir.path()) {
        mode(&entry, if entry.is_dir() { 0o755 } else { 0o644 }).unwrap();
    }
    mode(dir.path(), 0o755).unwrap();
    mode(&dir.path().join("omraden"), 0o000).unwrap();
    let o = handbok_as_nobody(&["lint", dir.path().to_str().unwrap(), "--format", "json"]);
    mode(&dir.path().join("omraden"), 0o755).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    let found: Vec<(&str, &str)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("omraden/", "parse-error")]);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn links_pipes_and_folders_in_media_are_image_file_findings_not_missing_images() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(Path::new("content"), dir.path());
    let image = dir.path().join("media/littles-pyramid.png");
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::copy(&image, outside.path()).unwrap();
    for (make, expected) in [
        ("link", "is a symbolic link, which may lead anywhere"),
        ("pipe", "is not a regular file"),
        ("folder", "is not a regular file"),
    ] {
        let _ = std::fs::remove_file(&image);
        let _ = std::fs::remove_dir(&image);
        match make {
            "link" => std::os::unix::fs::symlink(outside.path(), &image).unwrap(),
            "pipe" => mkfifo(&image),
            _ => std::fs::create_dir(&image).unwrap(),
        }
        let o = handbok(&["lint", dir.path().to_str().unwrap()]);
        let out = stdout(&o);
        assert!(
            out.contains("error[image-file]") && out.contains(expected),
            "{make}: {out}"
        );
        assert!(!out.contains("placeholder-illustration"), "{make}: {out}");
    }
}

#[test]
fn language_settings_that_would_do_harm_are_refused() {
    let dir = guide_with(&[]);
    let toml = dir.path().join("handbok.toml");
    for (settings, expected) in [
        (
            "[language.abbreviations]\n\"t.ex.\" = \"\"\n",
            "needs a form to write",
        ),
        (
            "[language]\nword-list = \"saknas.txt\"\n",
            "saknas.txt: no such file",
        ),
        (
            "[language]\nword-list = \"/dev/zero\"\n",
            "word-list: /dev/zero: not a plain file",
        ),
        (
            "[language]\nlong-sentence = 0\n",
            "long-sentence must be 1 or more",
        ),
        (
            "[language]\ndictionary = \"saknas\"\n",
            "no sv_SE.aff and sv_SE.dic",
        ),
    ] {
        std::fs::write(&toml, settings).unwrap();
        let o = handbok(&["lint", dir.path().to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{settings}");
        assert!(stderr(&o).contains(expected), "{settings}: {}", stderr(&o));
    }
}

/// An image whose structure is whole but whose data does not decode (made
/// by a broken program: every checksum right) passes lint, which decodes
/// no pixel; the e-book takes it as it is; the PDF, which draws its pixels,
/// stops with the image's place and writes nothing.
#[test]
fn an_image_that_is_whole_but_does_not_decode_stops_the_pdf_with_its_place() {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut sum = crc32fast::Hasher::new();
        sum.update(kind);
        sum.update(data);
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&sum.finalize().to_be_bytes());
        out
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &[0, 0, 0, 9, 0, 0, 0, 9, 8, 2, 0, 0, 0]));
    png.extend(chunk(b"IDAT", b"\0\0\0\0not deflate"));
    png.extend(chunk(b"IEND", b""));
    let dir = guide_with(&[
        (
            "sidor/a.yaml",
            b"kind: article\ntitle: A\nsections:\n  - body:\n      - image: {file: tyst.png, alt: Bild}\n".to_vec(),
        ),
        ("media/tyst.png", png),
    ]);
    let (found, code) = lint_json(dir.path());
    assert_eq!((found.len(), code), (0, Some(0)), "{found:?}");
    let (o, out) = export(dir.path(), &["--format", "epub"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(zip_names(&out.path().join("handbok.epub"))
        .iter()
        .any(|n| n.starts_with("OEBPS/images/")));
    let (o, out) = export(dir.path(), &["--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("sidor/a.yaml:5:23: image `tyst.png` cannot be decoded"),
        "{}",
        stderr(&o)
    );
    assert!(!out.path().join("handbok.pdf").exists());
}

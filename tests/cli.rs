//! The `handbok` binary: exit codes, output formats and messages.
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

mod common;

use common::{handbok, stderr, stdout};

use std::path::Path;

#[test]
fn lint_on_the_bundled_content_exits_zero() {
    let o = handbok(&["lint"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("6 file(s) checked: 0 error(s)"));
}

#[test]
fn findings_exit_one_with_rustc_style_and_json_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "kind: area\ntitle: Ledarskap\nexempel: []\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.yaml"), "kind: area\ntitle: Ledarskap\n").unwrap();
    let path = dir.path().to_str().unwrap();

    // Run from inside the guide: paths are shown from there.
    let human = common::handbok_in(dir.path(), &["lint", "."]);
    assert_eq!(human.status.code(), Some(1));
    assert_eq!(
        stdout(&human),
        "error[schema-violation]: unknown field `exempel`\n --> a.yaml:3:1\n  |\n3 | exempel: []\n  | ^^^^^^^^^^^\n  \
         = help: see schemas/area.schema.json\n\n2 file(s) checked: 1 error(s), 0 warning(s)\n"
    );
    // From elsewhere, a guide beside the current folder is shown absolute.
    let real = std::fs::canonicalize(dir.path()).unwrap();
    let beside = handbok(&["lint", path]);
    assert!(
        stdout(&beside).contains(&format!(" --> {}/a.yaml:3:1\n", real.display())),
        "{}",
        stdout(&beside)
    );

    let json = handbok(&["lint", path, "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "schema-violation");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["path"], "a.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["files"], 2);
}

#[test]
fn tool_failures_exit_two() {
    let o = handbok(&["lint", "no/such/folder"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: cannot read content folder or file no/such/folder"),
        "{}",
        stderr(&o)
    );
    assert_eq!(handbok(&["lint", "--format", "xml"]).status.code(), Some(2));
    let export = handbok(&["export", "no/such/folder"]);
    assert_eq!(export.status.code(), Some(2));
    assert!(stderr(&export).contains("cannot read content folder"));
    let format = handbok(&["export", "--format", "docx", "--out", "/tmp/handbok-never"]);
    assert_eq!(format.status.code(), Some(2));
    assert!(stderr(&format).contains("unknown format `docx`"));
}

#[test]
fn import_writes_content_and_reports_what_it_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("content");
    let seed = Path::new("tests/seeds/001_dad1b567073bc06f.txt");
    let o = handbok(&[
        "import",
        "--out",
        out.to_str().unwrap(),
        seed.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = stderr(&o);
    assert!(report.contains(
        "→ kommuner/umea/ledarskap.yaml (municipality page Umeå – Ledarskap, revision 2017-10-16 17:24 by Frick)"
    ));
    assert!(report.contains("line   6: left out (wiki chrome): Hoppa till:navigering, sök"));
    let next = format!(
        "next: handbok lint {} — 0 error(s), 3 warning(s), 2 fixable with --fix\n",
        out.display()
    );
    assert!(report.ends_with(&next), "{report}");
    // A new folder gets its own schemas, and the schema line leads to them.
    let yaml = std::fs::read_to_string(out.join("kommuner/umea/ledarskap.yaml")).unwrap();
    assert!(yaml
        .starts_with("# yaml-language-server: $schema=../../schemas/municipality.schema.json\n"));
    let schema = out.join("kommuner/umea/../../schemas/municipality.schema.json");
    assert_eq!(
        std::fs::read_to_string(schema).unwrap(),
        handbok::load::schema_text("municipality.schema.json").unwrap()
    );
    assert_eq!(
        handbok(&["lint", out.to_str().unwrap()]).status.code(),
        Some(0)
    );
}

#[test]
fn import_of_invalid_utf8_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    std::fs::write(&page, b"Ume\xe5 - Ledarskap\n").unwrap();
    let o = handbok(&[
        "import",
        "--out",
        dir.path().to_str().unwrap(),
        page.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid UTF-8 at byte 3"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn rules_and_explain_come_from_the_rule_files() {
    let rules = stdout(&handbok(&["rules"]));
    assert_eq!(rules.lines().count(), handbok::lint::rules::RULES.len());
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&handbok(&["rules", "--format", "json"]))).unwrap();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let known: Vec<&str> = handbok::lint::rules::RULES
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(ids, known);
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["doc"].as_str().is_some_and(|d| d.contains("## Example"))));
    assert!(rules
        .lines()
        .any(|l| l.starts_with("duplicate-entry") && l.contains("error")));
    assert!(rules
        .lines()
        .any(|l| l.starts_with("double-period") && l.contains("fix")));
    let explain = handbok(&["explain", "quote-style"]);
    assert_eq!(explain.status.code(), Some(0));
    let text = stdout(&explain);
    assert!(text.starts_with("# quote-style (warning by default; --fix repairs it)"));
    assert!(text.contains("## Why it matters") && text.contains("”vi har bestämt oss”"));
    let unknown = handbok(&["explain", "quote"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `quote-style`?"));
}

#[test]
fn machine_formats_on_the_seed_import() {
    let sarif = handbok(&["lint", "tests/fixtures/imported", "--format", "sarif"]);
    assert_eq!(sarif.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let github = stdout(&handbok(&[
        "lint",
        "tests/fixtures/imported",
        "--format",
        "github",
    ]));
    assert!(github.contains("::error file=tests/fixtures/imported/omraden/hela-styrkedjan-med.yaml,line=101,endLine=101,col=11,endColumn=36,title=placeholder-illustration::"), "{github}");
    let junit = stdout(&handbok(&[
        "lint",
        "tests/fixtures/imported",
        "--format",
        "junit",
    ]));
    assert!(junit.starts_with("<?xml") && junit.contains("<failure type=\"double-period\""));
}

#[test]
fn handbok_toml_changes_severities_and_selection() {
    let dir = tempfile::tempdir().unwrap();
    // Settings are looked for up to the repository's root, no further.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("a.yaml"),
        "kind: area\ntitle: Ledarskap\nvad: |\n  Chefer leder..\n",
    )
    .unwrap();
    let path = content.to_str().unwrap();
    assert_eq!(
        handbok(&["lint", path]).status.code(),
        Some(0),
        "a warning alone passes"
    );
    std::fs::write(
        dir.path().join("handbok.toml"),
        "[lint.severity]\ndouble-period = \"error\"\n",
    )
    .unwrap();
    assert_eq!(
        handbok(&["lint", path]).status.code(),
        Some(1),
        "found upward from PATH"
    );
    std::fs::write(
        dir.path().join("handbok.toml"),
        "[lint]\nignore = [\"double-period\"]\n",
    )
    .unwrap();
    let quiet = handbok(&["lint", path]);
    assert!(stdout(&quiet).contains("0 error(s), 0 warning(s)"));
    // Globs are relative to the settings file, as in ruff: this one is
    // above the content folder.
    std::fs::write(
        dir.path().join("handbok.toml"),
        "[lint.per-path-ignores]\n\"*.yaml\" = [\"double-period\"]\n",
    )
    .unwrap();
    assert!(stdout(&handbok(&["lint", path])).contains("1 warning(s)"));
    std::fs::write(
        dir.path().join("handbok.toml"),
        "[lint.per-path-ignores]\n\"content/{a,b}.yaml\" = [\"double-period\"]\n",
    )
    .unwrap();
    assert!(stdout(&handbok(&["lint", path])).contains("0 warning(s)"));
    // Outside a repository, a settings file above the guide is not its.
    std::fs::remove_dir(dir.path().join(".git")).unwrap();
    assert!(stdout(&handbok(&["lint", path])).contains("1 warning(s)"));
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join("handbok.toml"),
        "[lint]\nignore = [\"dubbel\"]\n",
    )
    .unwrap();
    let bad = handbok(&["lint", path]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("unknown rule `dubbel`"));
}

#[test]
fn diff_shows_fixes_without_writing_and_fix_writes_them() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    let before = "kind: area\ntitle: Ledarskap\n# en kommentar som ska stå kvar\nvad: |\n  Ledningen visar att “vi har bestämt oss”..\n";
    std::fs::write(&file, before).unwrap();
    let path = dir.path().to_str().unwrap();
    let diff = handbok(&["lint", path, "--diff"]);
    assert_eq!(diff.status.code(), Some(1));
    assert!(stdout(&diff).contains("-  Ledningen visar att “vi har bestämt oss”..\n+  Ledningen visar att ”vi har bestämt oss”.\n"), "{}", stdout(&diff));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    let fix = handbok(&["lint", path, "--fix"]);
    assert_eq!(fix.status.code(), Some(0));
    assert!(stderr(&fix).contains("fixed 2 finding(s) in 1 file(s)"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "kind: area\ntitle: Ledarskap\n# en kommentar som ska stå kvar\nvad: |\n  Ledningen visar att ”vi har bestämt oss”.\n"
    );
}

/// `handbok lint PATH...` as pre-commit calls it: files and folders of a
/// guide, found from each path upward; the guide is linted whole (no false
/// "target missing" for a page that is not among the paths), findings are
/// reported for the paths, shown from the current folder.
#[test]
fn files_and_folders_of_a_guide_are_linted_in_their_guide() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("guide");
    common::copy_tree(Path::new("tests/fixtures/imported"), &guide);
    std::fs::write(dir.path().join("README.yaml"), "not: content\n").unwrap();
    let json = |args: &[&str], cwd: &Path| {
        let mut all = vec!["lint", "--format", "json"];
        all.extend(args);
        let o = common::handbok_in(cwd, &all);
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        let files: std::collections::BTreeSet<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap().to_string())
            .collect();
        (o.status.code(), files, v)
    };
    let (code, files, whole) = json(&["guide"], dir.path());
    assert_eq!(code, Some(1));
    assert!(files.len() > 2, "{files:?}");
    let (_, files, one) = json(&["guide/omraden/ledarskap.yaml", "README.yaml"], dir.path());
    assert_eq!(files, ["guide/omraden/ledarskap.yaml".to_string()].into());
    let in_file = |v: &serde_json::Value| {
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == "omraden/ledarskap.yaml")
            .count()
    };
    assert_eq!(
        in_file(&one),
        in_file(&whole),
        "the same findings as in the whole guide"
    );
    assert_eq!(one["summary"]["files"], 1);
    // From inside a sub-folder, without a path: that folder, shown from there.
    let (_, files, _) = json(&[], &guide.join("omraden"));
    assert!(files.iter().all(|f| !f.contains('/')), "{files:?}");
    assert!(files.contains("ledarskap.yaml"), "{files:?}");
    // Only files outside any guide: nothing to lint.
    let o = common::handbok_in(dir.path(), &["lint", "README.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("README.yaml is in no guide"),
        "{}",
        stderr(&o)
    );
    // Warnings fail with --strict, or past --max-warnings.
    let clean = dir.path().join("clean");
    common::copy_tree(Path::new("content"), &clean);
    let page = clean.join("omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replacen("vad: |\n", "vad: |\n  Vi gör det här..\n", 1),
    )
    .unwrap();
    let code = |args: &[&str]| {
        let mut all = vec!["lint", "clean"];
        all.extend(args);
        common::handbok_in(dir.path(), &all).status.code()
    };
    assert_eq!(code(&[]), Some(0));
    assert_eq!(code(&["--strict"]), Some(1));
    assert_eq!(code(&["--max-warnings", "1"]), Some(0));
    assert_eq!(code(&["--max-warnings", "0"]), Some(1));
}

/// `handbok init` makes a guide that lints clean and exports, and never
/// writes over one; completions come from the command-line definition.
#[test]
fn init_starts_a_guide_and_completions_know_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("ny guide");
    let made = handbok(&[
        "init",
        guide.to_str().unwrap(),
        "--title",
        "Mittköping: \"ny\"",
    ]);
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    for file in [
        "guide.yaml",
        "omraden/ledarskap.yaml",
        "handbok.toml",
        "ordlista.txt",
        ".pre-commit-config.yaml",
        "schemas/area.schema.json",
        "media",
    ] {
        assert!(guide.join(file).exists(), "{file}");
    }
    let lint = common::handbok_in(&guide, &["lint", "--strict"]);
    assert_eq!(lint.status.code(), Some(0), "{}", stdout(&lint));
    let export = common::handbok_in(&guide, &["export", "."]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    assert!(guide.join("dist/handbok.pdf").exists() && guide.join("dist/handbok.epub").exists());
    // A new guide gets the site too, the default formats' third; with no
    // revision in it, no date is made up for readers.
    let start = std::fs::read_to_string(guide.join("dist/site/index.html")).unwrap();
    assert!(start.contains("<p class=\"meta\">Utgåva 1</p>"), "{start}");
    let statement =
        std::fs::read_to_string(guide.join("dist/site/tillganglighet/index.html")).unwrap();
    assert!(
        !start.contains("2000-01-01") && !statement.contains("2000-01-01"),
        "{statement}"
    );
    let before = std::fs::read(guide.join("guide.yaml")).unwrap();
    let again = handbok(&["init", guide.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already there"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(guide.join("guide.yaml")).unwrap(), before);
    let bash = stdout(&handbok(&["completions", "bash"]));
    for word in [
        "lint",
        "export",
        "--max-warnings",
        "--strict",
        "init",
        "--no-cache",
    ] {
        assert!(bash.contains(word), "{word}");
    }
    // `handbok explain <TAB>` offers the rule ids.
    let explain = bash
        .split("handbok__subcmd__explain)")
        .nth(1)
        .expect("a case for explain");
    let explain = &explain[..explain.find(";;").unwrap()];
    assert!(explain.contains("double-period quote-style"), "{explain}");
}

/// `lint --watch` lints again when a file of the guide changes.
#[test]
fn watch_lints_again_when_a_file_changes() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("content"), dir.path());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args(["lint", "--watch"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if line.contains("file(s) checked") && tx.send(line).is_err() {
                break;
            }
        }
    });
    let wait = std::time::Duration::from_secs(60);
    let first = rx.recv_timeout(wait).expect("a first run");
    assert!(first.contains("0 error(s), 0 warning(s)"), "{first}");
    let page = dir.path().join("omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replacen("vad: |\n", "vad: |\n  Vi gör det här..\n", 1),
    )
    .unwrap();
    let second = rx.recv_timeout(wait).expect("a run after the change");
    let _ = child.kill();
    let _ = child.wait();
    assert!(second.contains("1 warning(s)"), "{second}");
}

/// From inside a guide, `export` needs no path; SARIF writes a file name
/// with `%` so that it decodes back to the name.
#[test]
fn export_finds_its_guide_and_sarif_paths_decode_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("content"), dir.path());
    let inside = dir.path().join("omraden");
    let o = common::handbok_in(&inside, &["export", "--format", "epub", "--out", "../ut"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(dir.path().join("ut/handbok.epub").exists());
    std::fs::write(
        dir.path().join("sidor/a b%2C[1].yaml"),
        "kind: article\ntitle: A\nsections:\n  - body:\n      - text: |\n          Klart..\n",
    )
    .unwrap();
    let o = common::handbok_in(dir.path(), &["lint", "--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let uris: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains(&"sidor/a%20b%252C%5B1%5D.yaml"), "{uris:?}");
}

/// On Unix a `\` is part of a file's name: such a file is linted when named
/// and shown as it is called.
#[cfg(unix)]
#[test]
fn a_backslash_in_a_file_name_is_part_of_the_name() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(Path::new("content"), dir.path());
    let text = std::fs::read_to_string(dir.path().join("omraden/ledarskap.yaml")).unwrap();
    let odd = dir.path().join("omraden/a\\b.yaml");
    std::fs::write(&odd, text.replacen("Engagemang", "Engagemang..", 1)).unwrap();
    let out = common::handbok_in(dir.path(), &["lint", "omraden/a\\b.yaml"]);
    let shown = stdout(&out);
    assert!(shown.contains("--> omraden/a\\b.yaml:5:"), "{shown}");
    assert!(shown.contains("double-period"), "{shown}");
}

/// A guide reached through a link is shown by the path given, not by
/// where the link leads.
#[cfg(unix)]
#[test]
fn a_linked_guide_is_shown_by_the_path_given() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    common::copy_tree(Path::new("content"), &real);
    let page = real.join("omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("Engagemang", "Engagemang..", 1)).unwrap();
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    std::os::unix::fs::symlink(&real, project.join("content")).unwrap();
    for args in [&["lint", "content/omraden/ledarskap.yaml"][..], &["lint"]] {
        let shown = stdout(&common::handbok_in(&project, args));
        assert!(
            shown.contains("--> content/omraden/ledarskap.yaml:5:13"),
            "{args:?}: {shown}"
        );
    }
}

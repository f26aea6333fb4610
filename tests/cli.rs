//! The `handbok` binary: exit codes, output formats and messages.

use std::path::Path;
use std::process::{Command, Output};

fn handbok(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_handbok"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn lint_on_the_bundled_content_exits_zero() {
    let o = handbok(&["lint"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("5 file(s) checked: 0 error(s)"));
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

    let human = handbok(&["lint", path]);
    assert_eq!(human.status.code(), Some(1));
    assert_eq!(
        stdout(&human),
        "error[schema-violation]: unknown field `exempel`\n --> a.yaml:3:1\n  |\n3 | exempel: []\n  | ^^^^^^^^^^^\n  \
         = help: see schemas/area.schema.json\n\n2 file(s) checked: 1 error(s), 0 warning(s)\n"
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
    assert!(stderr(&o).starts_with("error: cannot read content folder no/such/folder"));
    assert_eq!(handbok(&["lint", "--format", "xml"]).status.code(), Some(2));
    let diff = handbok(&["diff"]);
    assert_eq!(diff.status.code(), Some(2));
    assert!(stderr(&diff).contains("not yet available"));
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
    assert!(report.contains("→ kommuner/umea/ledarskap.yaml (municipality page Umeå – Ledarskap)"));
    assert!(report.contains("line   6: left out (wiki chrome): Hoppa till:navigering, sök"));
    let yaml = std::fs::read_to_string(out.join("kommuner/umea/ledarskap.yaml")).unwrap();
    assert!(yaml.starts_with(
        "# yaml-language-server: $schema=../../../schemas/municipality.schema.json\n"
    ));
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

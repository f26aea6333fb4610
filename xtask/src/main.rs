//! Developer tasks: `cargo xtask <task>`.
//!
//! - `gen-corpus --pages N --out DIR [--seed S]`: a deterministic synthetic
//!   guide shaped like the real one, with a known sprinkling of defects.
//! - `gen-wiki --pages N --out DIR [--seed S]`: the same guide's pages as
//!   scraped wiki text, varied the way real pages are (see `wiki.rs`).
//! - `bench import [--pages N] [--runs R]`: time `handbok import` of those pages.
//! - `fuzz [--seconds N] [TARGET...]`: run the cargo-fuzz targets (load,
//!   import, lint, diff, media) on the stable toolchain, each for N seconds,
//!   seeded from the seeds, the bundled content and its images; crashes are copied to
//!   `tests/bad/fuzz/TARGET/`, where `tests/bad.rs` replays them.
//! - `bench load|lint [PATH | --pages N] [--file REL] [--runs R]`: build
//!   handbok in release mode and time `handbok lint` of the guide (or of
//!   one file of it) end to end, wall time and peak memory: without the
//!   load cache, with a cold one and with a warm one.
//! - `bench diff [--pages N] [--runs R]`: commit a generated guide to a git
//!   repository, change 1 % of its pages in a second commit and rename
//!   `kommuner/` in a third, and time `handbok diff` over each.
//! - `bench preview [PATH | --pages N] [--saves S] [--burst B] [--rounds R]`:
//!   start `handbok serve` on a copy of the guide and time the first page,
//!   each save to its reload event and to its page, and R bursts of B saves
//!   in a row with the server's memory when idle (see `preview.rs`).
//! - `bench big [--mb N]`: lint and export of the bundled guide with one
//!   field of N MB of prose (default 15): wall time and peak memory.
//! - `bench export [--pages N] [--runs R] [--python PY]`: time `handbok export` (PDF +
//!   EPUB) on a generated guide beside pandoc (Markdown → EPUB) and typst
//!   (Typst → PDF, through the PyPI package, run with PY) on the same book.
//! - `vendor [--check | --write NAME] [CRATE...]`: the vendored crates are
//!   their crates.io release + the series in `vendor/CRATE/patches/`.
//! - `layers [SRC] [--print]`: the import graph of `src/` has no circles and
//!   no upward imports (`layers.rs` names the layers).

// Developer tasks read and write their own files (corpora, patches,
// pages); the doors of `handbok::files` are for the tool's users' files.
#![allow(clippy::disallowed_methods)]

mod big;
mod corpus;
#[cfg(test)]
mod fixes;
mod layers;
mod peers;
mod png;
mod preview;
#[cfg(test)]
mod roundtrip;
mod server;
mod vendor;
mod wiki;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["gen-corpus", rest @ ..] => gen_corpus(rest),
        ["gen-wiki", rest @ ..] => gen_wiki(rest).map(|n| println!("wrote {n} wiki pages")),
        ["bench", "import", rest @ ..] => bench_import(rest),
        ["fuzz", rest @ ..] => fuzz(rest),
        ["bench", "load" | "lint", rest @ ..] => bench_lint(rest),
        ["bench", "diff", rest @ ..] => bench_diff(rest),
        ["bench", "export", rest @ ..] => bench_export(rest),
        ["bench", "big", rest @ ..] => big::bench(rest),
        ["man", rest @ ..] => man(rest),
        ["layers", rest @ ..] => layers::run(rest),
        ["vendor", rest @ ..] => vendor::run(rest),
        ["bench", "server", rest @ ..] => server::bench(rest),
        ["bench", "preview", rest @ ..] => preview::bench(rest),
        _ => Err(usage()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::from(2)
        }
    }
}

fn usage() -> String {
    "usage:\n  cargo xtask gen-corpus --pages N --out DIR [--seed S]\n  cargo xtask gen-wiki --pages N --out DIR [--seed S]\n  cargo xtask bench import [--pages N] [--runs R]\n  cargo xtask fuzz [--seconds N] [TARGET...]\n  cargo xtask bench lint [PATH | --pages N] [--file REL] [--runs R]\n  cargo xtask bench diff [--pages N] [--runs R]\n  cargo xtask bench export [--pages N] [--runs R] [--python PY] [--pdfua PDFUA]\n  cargo xtask bench big [--mb N]\n  cargo xtask man [--out DIR]\n  cargo xtask layers [SRC] [--print]\n  cargo xtask vendor [--check | --write NAME] [CRATE...]\n  cargo xtask bench server [PATH | --pages N] [--changes C]\n  cargo xtask bench preview [PATH | --pages N] [--saves S] [--burst B] [--rounds R]".to_string()
}

/// Man pages from the command-line definition: `handbok.1` and one page a
/// command (`handbok-lint.1`, …), in `target/man` unless `--out DIR`.
fn man(args: &[&str]) -> Result<(), String> {
    use clap::CommandFactory;
    let (named, _) = options(args)?;
    let out = named
        .iter()
        .find(|(n, _)| *n == "out")
        .map_or_else(|| root().join("target/man"), |(_, v)| PathBuf::from(v));
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let cli = handbok::cli::Cli::command();
    let mut pages = vec![("handbok".to_string(), cli.clone())];
    for sub in cli.get_subcommands() {
        let name = format!("handbok-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    for (name, command) in pages {
        let mut page = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut page)
            .map_err(|e| format!("{name}: {e}"))?;
        let path = out.join(format!("{name}.1"));
        std::fs::write(&path, page).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// `--name value` pairs, and bare words.
type Options<'a> = (Vec<(&'a str, &'a str)>, Vec<&'a str>);

fn options<'a>(args: &[&'a str]) -> Result<Options<'a>, String> {
    let mut named = Vec::new();
    let mut bare = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        if let Some(name) = arg.strip_prefix("--") {
            named.push((
                name,
                *it.next()
                    .ok_or_else(|| format!("--{name} needs a value\n{}", usage()))?,
            ));
        } else {
            bare.push(*arg);
        }
    }
    Ok((named, bare))
}

fn number(named: &[(&str, &str)], name: &str, default: usize) -> Result<usize, String> {
    named
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(Ok(default), |(_, v)| {
            v.parse()
                .map_err(|_| format!("--{name} takes a whole number"))
        })
}

/// `--pages N --out DIR [--seed S]`, as the generators take them.
fn generator_options(args: &[&str]) -> Result<(usize, PathBuf, u64), String> {
    let (named, _) = options(args)?;
    let pages = number(&named, "pages", 1000)?;
    let seed = number(&named, "seed", 2017)? as u64;
    let out = named
        .iter()
        .find(|(n, _)| *n == "out")
        .map(|(_, v)| PathBuf::from(v))
        .ok_or_else(usage)?;
    Ok((pages, out, seed))
}

fn gen_corpus(args: &[&str]) -> Result<(), String> {
    let (pages, out, seed) = generator_options(args)?;
    if out.exists() {
        std::fs::remove_dir_all(&out)
            .map_err(|e| format!("cannot clear {}: {e}", out.display()))?;
    }
    let start = Instant::now();
    let defects = corpus::generate_to(&root(), pages, &out, seed)?;
    println!(
        "wrote a {pages}-page guide to {} in {:.2} s",
        out.display(),
        start.elapsed().as_secs_f64()
    );
    for (rule, n) in defects {
        println!("  {n:>5} × {rule}");
    }
    Ok(())
}

/// Write the generated guide's pages as wiki text, one file a page. The
/// guide repeats municipality pages under the same wiki name ("Umeå -
/// Ledarskap" for `umea/ledarskap` and `umea/ledarskap-2`), which one
/// import refuses as a collision: a page goes into the first `part-K/`
/// where nothing else imports to the same file.
fn gen_wiki(args: &[&str]) -> Result<usize, String> {
    let (pages, out, seed) = generator_options(args)?;
    let content = corpus::in_memory(&root(), pages, seed)?;
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut taken: Vec<std::collections::HashSet<PathBuf>> = Vec::new();
    for (i, page) in content.pages.iter().enumerate() {
        let (_, _, text) = wiki::wiki_page(i, &page.body);
        let target = handbok::import::import_page(&text)
            .map_err(|p| format!("page {i}: line {}: {}", p.line, p.message))?
            .rel_path;
        let k = taken
            .iter()
            .position(|t| !t.contains(&target))
            .unwrap_or(taken.len());
        if k == taken.len() {
            taken.push(std::collections::HashSet::new());
        }
        taken[k].insert(target);
        let part = out.join(format!("part-{}", k + 1));
        std::fs::create_dir_all(&part)
            .map_err(|e| format!("cannot create {}: {e}", part.display()))?;
        let path = part.join(format!("{i:05}.txt"));
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(content.pages.len())
}

/// Time `handbok import` of N generated wiki pages into a fresh folder.
fn bench_import(args: &[&str]) -> Result<(), String> {
    let (named, _) = options(args)?;
    let pages = number(&named, "pages", 10_000)?;
    let runs = number(&named, "runs", 3)?.max(1);
    let dir = root().join(format!("target/wiki-{pages}"));
    let _ = std::fs::remove_dir_all(&dir);
    let written = gen_wiki(&[
        "--pages",
        &pages.to_string(),
        "--out",
        dir.to_str().expect("UTF-8 path"),
    ])?;
    let bin = release_binary()?;
    let mut parts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    parts.sort();
    let mut walls = Vec::new();
    let mut peak = None;
    for _ in 0..runs {
        let mut wall = Duration::ZERO;
        for part in &parts {
            let out = root().join(format!("target/wiki-{pages}-imported"));
            let _ = std::fs::remove_dir_all(&out);
            let mut inputs: Vec<String> = std::fs::read_dir(part)
                .map_err(|e| e.to_string())?
                .filter_map(|e| e.ok().map(|e| e.path().display().to_string()))
                .collect();
            inputs.sort();
            let out_str = out.display().to_string();
            let mut cmd = vec![
                bin.to_str().expect("UTF-8 path"),
                "import",
                "--title",
                "Mittköping",
                "--out",
                &out_str,
            ];
            cmd.extend(inputs.iter().map(String::as_str));
            let (w, p) = measure(&cmd, &root())?;
            wall += w;
            peak = peak.max(p);
            let _ = std::fs::remove_dir_all(&out);
        }
        walls.push(wall);
    }
    walls.sort();
    println!(
        "handbok import of {written} wiki pages in {} calls — {runs} runs: median {:.2} s, peak memory {}",
        parts.len(),
        walls[runs / 2].as_secs_f64(),
        peak.map_or("?".into(), |kb| format!("{:.0} MB", kb as f64 / 1024.0))
    );
    Ok(())
}

const FUZZ_TARGETS: [&str; 5] = ["load", "import", "lint", "diff", "media"];

/// Run the fuzz targets; installs cargo-fuzz from crates.io if it is missing.
fn fuzz(args: &[&str]) -> Result<(), String> {
    let (named, bare) = options(args)?;
    let seconds = number(&named, "seconds", 60)?;
    let targets: Vec<&str> = if bare.is_empty() {
        FUZZ_TARGETS.to_vec()
    } else {
        bare
    };
    let have = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !have {
        let ok = Command::new("cargo")
            .args(["install", "cargo-fuzz", "--locked"])
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !ok.success() {
            return Err("cargo install cargo-fuzz failed".into());
        }
    }
    let fuzz_dir = root().join("fuzz");
    for target in targets {
        let corpus = fuzz_dir.join("corpus").join(target);
        seed_corpus(target, &corpus)?;
        // Earlier finds are in tests/bad/fuzz already: count only this run's.
        let _ = std::fs::remove_dir_all(fuzz_dir.join("artifacts").join(target));
        let status = Command::new("cargo")
            .args(["fuzz", "run", "--sanitizer", "none", "--fuzz-dir"])
            .arg(&fuzz_dir)
            .arg(target)
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg("-print_final_stats=1")
            .current_dir(root())
            .status()
            .map_err(|e| format!("cannot run cargo fuzz: {e}"))?;
        let crashes = keep_crashes(target)?;
        if !status.success() || crashes > 0 {
            return Err(format!(
                "fuzz target {target}: {crashes} crash(es), copied to tests/bad/fuzz/{target}/"
            ));
        }
    }
    Ok(())
}

/// Start a target's corpus from real inputs: the wiki pages for import,
/// the images of the bundled guide and the fixtures for media, content
/// files for the others.
fn seed_corpus(target: &str, corpus: &Path) -> Result<(), String> {
    std::fs::create_dir_all(corpus).map_err(|e| e.to_string())?;
    let sources: Vec<PathBuf> = if target == "import" {
        files_under(&root().join("tests/seeds"))
    } else if target == "media" {
        let mut f = files_under(&root().join("content/media"));
        f.extend(files_under(&root().join("tests/fixtures")));
        f.retain(|p| p.extension().is_some_and(|e| e == "png" || e == "jpg"));
        f
    } else {
        let mut f = files_under(&root().join("content"));
        f.extend(files_under(&root().join("tests/fixtures/imported")));
        f.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
        f
    };
    for (i, src) in sources.iter().enumerate() {
        std::fs::copy(src, corpus.join(format!("seed-{i}"))).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Copy what libFuzzer found into the regression corpus.
fn keep_crashes(target: &str) -> Result<usize, String> {
    let found = files_under(&root().join("fuzz/artifacts").join(target));
    let keep = root().join("tests/bad/fuzz").join(target);
    for f in &found {
        std::fs::create_dir_all(&keep).map_err(|e| e.to_string())?;
        std::fs::copy(f, keep.join(f.file_name().expect("a file"))).map_err(|e| e.to_string())?;
    }
    Ok(found.len())
}

fn release_binary() -> Result<PathBuf, String> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "--bin", "handbok"])
        .current_dir(root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("release build failed".into());
    }
    Ok(root().join("target/release/handbok"))
}

fn git(dir: &Path, args: &[&str]) -> Result<(), String> {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=handbok bench",
            "-c",
            "user.email=bench@handbok.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A repository with the generated guide in one commit and 1 % of its
/// municipality pages edited in the next.
fn diff_repo(pages: &str) -> Result<PathBuf, String> {
    let repo = root().join(format!("target/diff-bench-v2-{pages}"));
    if repo.join(".git").exists() {
        return Ok(repo);
    }
    let content = repo.join("content");
    gen_corpus(&[
        "--pages",
        pages,
        "--out",
        content.to_str().expect("UTF-8 path"),
    ])?;
    git(&repo, &["init", "-q"])?;
    git(&repo, &["add", "-A"])?;
    git(&repo, &["commit", "-q", "-m", "generated guide"])?;
    let mut files: Vec<PathBuf> = Vec::new();
    for dir in std::fs::read_dir(content.join("kommuner")).map_err(|e| e.to_string())? {
        for f in
            std::fs::read_dir(dir.map_err(|e| e.to_string())?.path()).map_err(|e| e.to_string())?
        {
            files.push(f.map_err(|e| e.to_string())?.path());
        }
    }
    files.sort();
    let total: usize = pages
        .parse()
        .map_err(|_| "--pages takes a whole number".to_string())?;
    let step = files.len() / (total / 100).max(1);
    for f in files.iter().step_by(step.max(1)).take(total / 100) {
        let text = std::fs::read_to_string(f).map_err(|e| e.to_string())?;
        std::fs::write(
            f,
            text.replacen(" arbetar med ", " arbetar målmedvetet med ", 1),
        )
        .map_err(|e| e.to_string())?;
    }
    git(&repo, &["commit", "-q", "-am", "edit 1 % of the pages"])?;
    git(&repo, &["mv", "content/kommuner", "content/kommunsidor"])?;
    git(
        &repo,
        &[
            "commit",
            "-q",
            "-m",
            "rename kommuner/: every municipality page moves",
        ],
    )?;
    Ok(repo)
}

fn bench_diff(args: &[&str]) -> Result<(), String> {
    let (named, _) = options(args)?;
    let runs = number(&named, "runs", 10)?.max(1);
    let pages = named
        .iter()
        .find(|(n, _)| *n == "pages")
        .map_or("10000", |(_, v)| v);
    let repo = diff_repo(pages)?;
    let bin = release_binary()?;
    for (old, new, what) in [
        ("HEAD~2", "HEAD~1", "1 % of pages edited"),
        (
            "HEAD~1",
            "HEAD",
            "kommuner/ renamed, every municipality page moved",
        ),
    ] {
        let mut walls = Vec::new();
        let mut changes = String::new();
        for _ in 0..runs {
            let start = Instant::now();
            let out = Command::new(&bin)
                .args(["diff", old, new, "--format", "json"])
                .current_dir(&repo)
                .output()
                .map_err(|e| format!("cannot run handbok: {e}"))?;
            walls.push(start.elapsed());
            if !out.status.success() {
                return Err(String::from_utf8_lossy(&out.stderr).into_owned());
            }
            let text = String::from_utf8_lossy(&out.stdout);
            changes = text
                .rsplit("\"summary\":")
                .next()
                .unwrap_or("")
                .trim_end_matches(['}', '\n'])
                .to_string();
        }
        walls.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "handbok diff {old} {new} on a {pages}-page guide, {what} — {runs} runs: median {:.1} ms, min {:.1} ms, max {:.1} ms; summary {changes}}}",
            ms(walls[runs / 2]),
            ms(walls[0]),
            ms(walls[runs - 1])
        );
    }
    Ok(())
}

/// Run a command in `dir`: its wall time, its peak memory (kB, where
/// /usr/bin/time can tell) and its output.
fn run_timed(cmd: &[&str], dir: &Path) -> Result<(Duration, Option<u64>, Output), String> {
    let time = Path::new("/usr/bin/time");
    let mut c = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "%M"]).args(cmd);
        c
    } else {
        let mut c = Command::new(cmd[0]);
        c.args(&cmd[1..]);
        c
    };
    let start = Instant::now();
    let out = c
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", cmd[0]))?;
    let wall = start.elapsed();
    let peak = String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok());
    Ok((wall, peak, out))
}

/// Wall time and peak memory of a command that must succeed.
fn measure(cmd: &[&str], dir: &Path) -> Result<(Duration, Option<u64>), String> {
    let (wall, peak, out) = run_timed(cmd, dir)?;
    // A draft (`handbok export --force` over defects) is a finished run.
    let draft = out.status.code() == Some(i32::from(handbok::cli::export::DRAFT));
    if !out.status.success() && !draft {
        return Err(format!(
            "{} failed: {}",
            cmd[..cmd.len().min(4)].join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok((wall, peak))
}

/// The median wall time and the highest peak memory of `runs` runs.
fn measure_runs(cmd: &[&str], dir: &Path, runs: usize) -> Result<(Duration, Option<u64>), String> {
    let all = repeat(runs, || measure(cmd, dir))?;
    Ok((all.walls[runs / 2], all.peak_kb))
}

fn bench_export(args: &[&str]) -> Result<(), String> {
    let (named, _) = options(args)?;
    let runs = number(&named, "runs", 3)?.max(1);
    let pages = named
        .iter()
        .find(|(n, _)| *n == "pages")
        .map_or("1000", |(_, v)| v);
    let python = named
        .iter()
        .find(|(n, _)| *n == "python")
        .map_or("python3", |(_, v)| v);
    let corpus = root().join(format!("target/corpus-{pages}"));
    if !corpus.join("guide.yaml").exists() {
        gen_corpus(&[
            "--pages",
            pages,
            "--out",
            corpus.to_str().expect("UTF-8 path"),
        ])?;
    }
    let bin = release_binary()?;
    let work = root().join("target/bench-export");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    let content = handbok::load::load(&corpus).map_err(|e| e.to_string())?;
    let (book, _) = handbok::export::ir::build(&content, true).map_err(|e| e.to_string())?;
    std::fs::write(work.join("book.md"), peers::markdown(&book)).map_err(|e| e.to_string())?;
    std::fs::write(work.join("book.typ"), peers::typst(&book)).map_err(|e| e.to_string())?;
    let pdfua = named
        .iter()
        .find(|(n, _)| *n == "pdfua")
        .map_or("pdfua", |(_, v)| v);
    let mut rows: Vec<(String, Duration, Option<u64>, Option<&str>)> = Vec::new();
    // All three formats as the README's command makes them, then each alone.
    for (name, formats, pdf) in [
        (
            "PDF + EPUB + site",
            "pdf,epub,html",
            Some("handbok-out/handbok.pdf"),
        ),
        ("PDF", "pdf", None),
        ("EPUB", "epub", None),
        ("site", "html", None),
    ] {
        let out = format!("out-{}", formats.replace(',', "-"));
        let (wall, peak) = measure_runs(
            &[
                bin.to_str().expect("UTF-8 path"),
                "export",
                corpus.to_str().expect("UTF-8 path"),
                "--out",
                if pdf.is_some() { "handbok-out" } else { &out },
                "--format",
                formats,
                "--force",
            ],
            &work,
            runs,
        )?;
        rows.push((format!("handbok export ({name})"), wall, peak, pdf));
    }
    match measure_runs(&["pandoc", "book.md", "-o", "pandoc.epub"], &work, runs) {
        Ok((w, p)) => rows.push(("pandoc (EPUB)".into(), w, p, None)),
        Err(e) => eprintln!("pandoc left out: {e}"),
    }
    match mdbook() {
        Ok(mdbook) => {
            peers::mdbook(&book, &work.join("mdbook")).map_err(|e| e.to_string())?;
            let cmd = [
                mdbook.as_str(),
                "build",
                "mdbook",
                "--dest-dir",
                "mdbook-site",
            ];
            match measure_runs(&cmd, &work, runs) {
                Ok((w, p)) => rows.push(("mdBook (site with search)".into(), w, p, None)),
                Err(e) => eprintln!("mdBook left out: {e}"),
            }
        }
        Err(e) => eprintln!("mdBook left out: {e}"),
    }
    let script = "import typst; typst.compile('book.typ', output='typst.pdf', root='/')";
    match measure_runs(&[python, "-c", script], &work, runs) {
        Ok((w, p)) => rows.push(("typst via PyPI (PDF)".into(), w, p, Some("typst.pdf"))),
        Err(e) => eprintln!("typst left out: {e}"),
    }
    let base = rows[0].1.as_secs_f64();
    let wall_of = |name: &str| {
        rows.iter()
            .find(|r| r.0.contains(name))
            .map(|r| r.1.as_secs_f64())
    };
    let site_vs_mdbook = wall_of("export (site)").zip(wall_of("mdBook"));
    println!(
        "{pages}-page generated guide ({} chapters, {} images), median of {runs} runs",
        book.chapters().count(),
        book.images().len()
    );
    println!(
        "| tool | wall | peak memory | per guide page | × handbok | PDF/UA ({pdfua}) |\n|---|---:|---:|---:|---:|---|"
    );
    let guide_pages = pages.parse::<f64>().unwrap_or(1.0).max(1.0);
    for (name, wall, peak, pdf) in rows {
        let (memory, per_page) = peak.map_or(("?".to_string(), "?".to_string()), |kb| {
            let mb = kb as f64 / 1024.0;
            (format!("{mb:.0} MB"), format!("{:.2} MB", mb / guide_pages))
        });
        let checked = pdf.map_or("–".to_string(), |f| pdfua_findings(pdfua, &work.join(f)));
        println!(
            "| {name} | {:.2} s | {memory} | {per_page} | {:.1} | {checked} |",
            wall.as_secs_f64(),
            wall.as_secs_f64() / base
        );
    }
    if let Some((site, mdbook)) = site_vs_mdbook {
        println!(
            "\nThe site beside mdBook's: mdBook takes {:.1} × handbok's time.",
            mdbook / site
        );
    }
    Ok(())
}

/// mdBook, the peer of the site: on PATH, in cargo's bin folder, or
/// installed there (`cargo install --locked mdbook`, a few minutes once).
fn mdbook() -> Result<String, String> {
    let found = |p: &str| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if found("mdbook") {
        return Ok("mdbook".into());
    }
    let home = std::env::var("CARGO_HOME")
        .or_else(|_| std::env::var("HOME").map(|h| format!("{h}/.cargo")))
        .map_err(|e| e.to_string())?;
    let installed = format!("{home}/bin/mdbook");
    if !found(&installed) {
        eprintln!("installing mdBook: cargo install --locked mdbook");
        let status = Command::new("cargo")
            .args(["install", "--locked", "mdbook"])
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("cargo install --locked mdbook: {status}"));
        }
    }
    Ok(installed)
}

/// What `pdfua check` (PyPI) finds in a PDF: "0 errors, 0 warnings", or
/// why it could not tell.
fn pdfua_findings(pdfua: &str, pdf: &Path) -> String {
    let out = match Command::new(pdfua).arg("check").arg(pdf).output() {
        Ok(out) => out,
        Err(e) => return format!("not run: {pdfua}: {e}"),
    };
    let report = String::from_utf8_lossy(&out.stdout);
    let count = |what: &str| {
        report
            .split_whitespace()
            .find_map(|w| w.strip_prefix(what)?.parse::<u64>().ok())
    };
    match (count("errors="), count("warnings=")) {
        (Some(e), Some(w)) => format!("{e} errors, {w} warnings"),
        _ => format!("no verdict: {}", report.lines().last().unwrap_or_default()),
    }
}

fn bench_lint(args: &[&str]) -> Result<(), String> {
    let (named, bare) = options(args)?;
    let runs = number(&named, "runs", 10)?.max(1);
    let guide = match (bare.first(), named.iter().find(|(n, _)| *n == "pages")) {
        (Some(p), _) => PathBuf::from(p),
        (None, Some((_, pages))) => {
            let dir = root().join(format!("target/corpus-{pages}"));
            if !dir.join("guide.yaml").exists() {
                gen_corpus(&["--pages", pages, "--out", dir.to_str().expect("UTF-8 path")])?;
            }
            dir
        }
        (None, None) => root().join("content"),
    };
    let path = match named.iter().find(|(n, _)| *n == "file") {
        Some((_, file)) => guide.join(file),
        None => guide.clone(),
    };
    let bin = release_binary()?;
    let cache = std::env::temp_dir().join(format!("handbok-bench-cache-{}", std::process::id()));
    let lint = |extra: &[&str]| {
        let mut args = vec!["lint", "--format", "json"];
        args.extend_from_slice(extra);
        args.push(path.to_str().expect("UTF-8 path"));
        timed(&bin, &args)
    };
    let cache_dir = cache.to_str().expect("UTF-8 path");
    let fresh = repeat(runs, || lint(&["--no-cache"]))?;
    let _ = std::fs::remove_dir_all(&cache);
    let cold = lint(&["--cache-dir", cache_dir])?;
    let warm = repeat(runs, || lint(&["--cache-dir", cache_dir]))?;
    let _ = std::fs::remove_dir_all(&cache);
    println!("handbok lint {} — {runs} runs each", path.display());
    println!("  no cache:   {}", fresh.summary());
    println!(
        "  cold cache: {:.1} ms (parses all, writes the cache)",
        ms(cold.0)
    );
    println!("  warm cache: {}", warm.summary());
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// One `handbok lint`: wall time and peak memory. Exit 1 is findings;
/// exit 2 (a usage or I/O error) fails the bench.
fn timed(bin: &Path, args: &[&str]) -> Result<(Duration, Option<u64>), String> {
    let mut cmd = vec![bin.to_str().expect("UTF-8 path")];
    cmd.extend_from_slice(args);
    let (wall, peak, out) = run_timed(&cmd, Path::new("."))?;
    if out.status.code() == Some(2) {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok((wall, peak))
}

/// Wall times of several runs, sorted, and the highest peak memory.
struct Runs {
    walls: Vec<Duration>,
    peak_kb: Option<u64>,
}

fn repeat(
    runs: usize,
    mut run: impl FnMut() -> Result<(Duration, Option<u64>), String>,
) -> Result<Runs, String> {
    let mut all = Runs {
        walls: Vec::new(),
        peak_kb: None,
    };
    for _ in 0..runs {
        let (wall, kb) = run()?;
        all.walls.push(wall);
        all.peak_kb = all.peak_kb.max(kb);
    }
    all.walls.sort();
    Ok(all)
}

impl Runs {
    fn summary(&self) -> String {
        let n = self.walls.len();
        let memory = self.peak_kb.map_or(String::new(), |kb| {
            format!(", peak memory {:.0} MB", kb as f64 / 1024.0)
        });
        format!(
            "median {:.1} ms, min {:.1} ms, max {:.1} ms{memory}",
            ms(self.walls[n / 2]),
            ms(self.walls[0]),
            ms(self.walls[n - 1])
        )
    }
}

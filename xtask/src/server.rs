//! `cargo xtask bench server [PATH | --pages N]`: how long an editor waits
//! for findings after a keystroke, on a guide (a generated one by default) — `handbok server` (release) is
//! started on it, one page is opened and changed C times, and the time from
//! each change to its published diagnostics is measured. Also times a
//! one-file `handbok lint` of that page, for comparison.

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::io::BufReader;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn bench(args: &[&str]) -> Result<(), String> {
    let (named, bare) = super::options(args)?;
    let pages = super::number(&named, "pages", 10_000)?;
    let changes = super::number(&named, "changes", 20)?.max(1);
    let corpus = match bare.first() {
        Some(path) => std::path::PathBuf::from(path),
        None => super::root().join(format!("target/corpus-{pages}")),
    };
    if bare.is_empty() && !corpus.join("guide.yaml").exists() {
        let out = corpus.to_str().expect("UTF-8 path").to_string();
        super::gen_corpus(&["--pages", &pages.to_string(), "--out", &out])?;
    }
    let corpus = std::fs::canonicalize(&corpus).map_err(|e| e.to_string())?;
    let bin = super::release_binary()?;
    let page = first_area(&corpus)?;
    let text = std::fs::read_to_string(corpus.join(&page)).map_err(|e| e.to_string())?;
    let uri = format!("file://{}", corpus.join(&page).display());

    let started = Instant::now();
    let mut child = Command::new(&bin)
        .arg("server")
        .current_dir(&corpus)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let mut input = child.stdin.take().expect("piped");
    let mut output = BufReader::new(child.stdout.take().expect("piped"));
    let mut send = |m: Message| m.write(&mut input).map_err(|e| e.to_string());
    let init = json!({ "processId": null, "rootUri": format!("file://{}", corpus.display()), "capabilities": {} });
    send(Request::new(RequestId::from(1), "initialize".into(), init).into())?;
    wait(&mut output, |m| matches!(m, Message::Response(_)))?;
    send(Notification::new("initialized".into(), json!({})).into())?;
    let open =
        json!({ "textDocument": { "uri": uri, "languageId": "yaml", "version": 0, "text": text } });
    send(Notification::new("textDocument/didOpen".into(), open).into())?;
    wait(&mut output, is_diagnostics)?;
    let ready = started.elapsed();
    let mut times = Vec::new();
    for version in 1..=changes {
        // A keystroke: the page with one more line in `vad`.
        let edited = text.replacen(
            "vad: |
",
            &format!(
                "vad: |
  Det är klart här, version {version}.
"
            ),
            1,
        );
        let change = json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": edited }] });
        let at = Instant::now();
        send(Notification::new("textDocument/didChange".into(), change).into())?;
        wait(&mut output, is_diagnostics)?;
        times.push(at.elapsed());
    }
    send(Request::new(RequestId::from(2), "shutdown".into(), Value::Null).into())?;
    wait(&mut output, |m| matches!(m, Message::Response(_)))?;
    send(Notification::new("exit".into(), Value::Null).into())?;
    let _ = child.wait();
    times.sort();

    let lint_started = Instant::now();
    Command::new(&bin)
        .args(["lint", "--format", "json"])
        .arg(corpus.join(&page))
        .stdout(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    let one_file = lint_started.elapsed();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("guide {}, page {page}", corpus.display());
    println!(
        "start to first findings (guide loaded and checked): {:.0} ms",
        ms(ready)
    );
    println!(
        "diagnostics after a change: median {:.1} ms, max {:.1} ms ({changes} changes)",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
    println!(
        "`handbok lint {page}` (one file, whole guide loaded): {:.0} ms",
        ms(one_file)
    );
    Ok(())
}

fn is_diagnostics(m: &Message) -> bool {
    matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics")
}

fn wait(
    output: &mut BufReader<std::process::ChildStdout>,
    wanted: impl Fn(&Message) -> bool,
) -> Result<Message, String> {
    loop {
        match Message::read(output).map_err(|e| e.to_string())? {
            Some(m) if wanted(&m) => return Ok(m),
            Some(_) => {}
            None => return Err("the server stopped".into()),
        }
    }
}

/// The first key-area page of the guide.
fn first_area(corpus: &std::path::Path) -> Result<String, String> {
    let mut areas: Vec<String> = std::fs::read_dir(corpus.join("omraden"))
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| format!("omraden/{}", e.file_name().to_string_lossy()))
        .collect();
    areas.sort();
    areas
        .into_iter()
        .next()
        .ok_or_else(|| "no key area in the guide".into())
}

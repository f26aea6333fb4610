//! `cargo xtask bench preview [PATH | --pages N] [--saves S] [--burst B] [--rounds R]`:
//! how fast `handbok serve` (release) follows an editor. On a copy of the
//! guide (the bundled `content` by default, a generated one with
//! `--pages`), with its load cache warm: the time from starting it to the
//! first page served; then S saves of one page, each timed from the file
//! written to the reload event and to the page showing the change; then B
//! saves in a row, R times (3 by default), with the server's memory once
//! it is idle after each burst (its checks and search index done).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub fn bench(args: &[&str]) -> Result<(), String> {
    let (named, bare) = super::options(args)?;
    let saves = super::number(&named, "saves", 20)?.max(1);
    let burst = super::number(&named, "burst", 1000)?;
    let rounds = super::number(&named, "rounds", 3)?;
    let source = match (bare.first(), named.iter().any(|(n, _)| *n == "pages")) {
        (Some(path), _) => PathBuf::from(path),
        (None, true) => {
            let pages = super::number(&named, "pages", 10_000)?;
            let corpus = super::root().join(format!("target/corpus-{pages}"));
            if !corpus.join("guide.yaml").exists() {
                let out = corpus.to_str().expect("UTF-8 path").to_string();
                super::gen_corpus(&["--pages", &pages.to_string(), "--out", &out])?;
            }
            corpus
        }
        (None, false) => super::root().join("content"),
    };
    let guide = super::root().join("target/preview-bench");
    let _ = std::fs::remove_dir_all(&guide);
    copy(&source, &guide)?;
    let bin = super::release_binary()?;
    // A warm load cache, as an editor's second start has.
    Command::new(&bin)
        .arg("lint")
        .arg(&guide)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| e.to_string())?;
    let page = first_area(&guide)?;
    let site_path = format!("/{}/", page.trim_end_matches(".yaml"));

    let started = Instant::now();
    let mut child = Command::new(&bin)
        .args(["serve", "--port", "0"])
        .arg(&guide)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let port: u16 = line
        .trim()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .ok_or_else(|| format!("no address in {line:?}"))?;
    let (status, _) = get(port, &site_path)?;
    let first_page = started.elapsed();
    if status != 200 {
        return Err(format!("{site_path}: status {status}"));
    }

    let file = guide.join(&page);
    let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    if !text.contains("vad: |\n") {
        return Err(format!("{page} has no `vad: |` to edit"));
    }
    let mut events = events(port)?;
    let settle = Duration::from_millis(300).max(first_page / 2);
    let (mut to_event, mut to_page) = (Vec::new(), Vec::new());
    for n in 1..=saves {
        // The last save's full pass is done: its event is not this one's.
        std::thread::sleep(settle);
        let shown = generation(&get(port, &site_path)?.1);
        let marker = format!("Sparad version {n} här.");
        let edited = text.replacen("vad: |\n", &format!("vad: |\n  {marker}\n"), 1);
        std::fs::write(&file, edited).map_err(|e| e.to_string())?;
        let saved = Instant::now();
        while next_event(&mut events)? <= shown {}
        to_event.push(saved.elapsed());
        while !get(port, &site_path)?.1.contains(&marker) {}
        to_page.push(saved.elapsed());
    }
    idle(child.id());
    let rss_start = rss(child.id());
    let mut bursts = Vec::new();
    for round in 0..rounds {
        let at = Instant::now();
        for n in 0..burst {
            let marker = format!("Skur {round} spar {n}.");
            let edited = text.replacen("vad: |\n", &format!("vad: |\n  {marker}\n"), 1);
            std::fs::write(&file, edited).map_err(|e| e.to_string())?;
        }
        let last = format!("Skur {round} spar {}.", burst.saturating_sub(1));
        while !get(port, &site_path)?.1.contains(&last) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let shown = at.elapsed();
        idle(child.id());
        bursts.push((shown, rss(child.id())));
    }
    let answering = get(port, "/")?.0 == 200;
    let _ = child.kill();
    let _ = child.wait();

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        (ms(v[v.len() / 2]), ms(v[v.len() - 1]))
    };
    let (event_median, event_max) = median(&mut to_event);
    let (page_median, page_max) = median(&mut to_page);
    println!(
        "guide {} (copy of {}), page {page}",
        guide.display(),
        source.display()
    );
    println!(
        "start to first page served (warm load cache): {:.0} ms",
        ms(first_page)
    );
    println!(
        "save → reload event: median {event_median:.1} ms, max {event_max:.1} ms ({saves} saves)"
    );
    println!("save → page shows it: median {page_median:.1} ms, max {page_max:.1} ms");
    println!(
        "memory after the first saves (idle): {} MB",
        rss_start / 1024
    );
    for (n, (time, memory)) in bursts.iter().enumerate() {
        println!(
            "{burst} saves in a row (burst {}): last shown after {:.0} ms, memory when idle {} MB",
            n + 1,
            ms(*time),
            memory / 1024
        );
    }
    println!("still answering: {answering}");
    Ok(())
}

/// The server's resident memory in kB (Linux).
/// Wait until the process `pid` has used no CPU for 300 ms (at most a
/// minute): its full check and search index after a change are done.
fn idle(pid: u32) {
    let cpu = || {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        // utime and stime: fields 14 and 15, counted after the `(name)`.
        let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
        let fields: Vec<&str> = after.split_whitespace().collect();
        let tick = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        };
        tick(11) + tick(12)
    };
    let until = Instant::now() + Duration::from_secs(60);
    let mut last = cpu();
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(300));
        let now = cpu();
        if now == last {
            return;
        }
        last = now;
    }
}

fn rss(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

/// The build a page was made from.
fn generation(page: &str) -> u64 {
    page.split("name=\"handbok-generation\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next()?.parse().ok())
        .unwrap_or(0)
}

fn get(port: u16, path: &str) -> Result<(u16, String), String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    let status = answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, answer))
}

fn events(port: u16) -> Result<BufReader<TcpStream>, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    let request = format!("GET /_handbok/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(BufReader::new(stream))
}

fn next_event(events: &mut BufReader<TcpStream>) -> Result<u64, String> {
    let mut line = String::new();
    loop {
        line.clear();
        if events.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("the event stream ended".into());
        }
        if let Some(data) = line.strip_prefix("data: ") {
            return data.trim().parse().map_err(|_| format!("event {data:?}"));
        }
    }
}

/// The first key-area page of the guide with a `vad:` block (relative
/// path).
fn first_area(guide: &Path) -> Result<String, String> {
    let dir = guide.join("omraden");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .filter(|n| std::fs::read_to_string(dir.join(n)).is_ok_and(|t| t.contains("vad: |\n")))
        .collect();
    names.sort();
    names
        .first()
        .map(|n| format!("omraden/{n}"))
        .ok_or_else(|| "no key area with `vad: |` in omraden/".to_string())
}

fn copy(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
            copy(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

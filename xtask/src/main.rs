//! Developer tasks: `cargo xtask <task>`.
//!
//! - `bench load [PATH] [--runs N]`: build handbok in release mode and time
//!   `handbok lint PATH` (load, validate, report) end to end.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["bench", "load", rest @ ..] => bench_load(rest),
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
    "usage: cargo xtask bench load [PATH] [--runs N]".to_string()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
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

fn bench_load(args: &[&str]) -> Result<(), String> {
    let mut path = root().join("content");
    let mut runs = 20usize;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match *arg {
            "--runs" => {
                runs = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or_else(usage)?;
            }
            p => path = PathBuf::from(p),
        }
    }
    let bin = release_binary()?;
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let out = Command::new(&bin)
            .args(["lint", "--format", "json"])
            .arg(&path)
            .output()
            .map_err(|e| format!("cannot run handbok: {e}"))?;
        times.push(start.elapsed());
        if out.status.code() == Some(2) {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned());
        }
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "handbok lint {} — {runs} runs: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        path.display(),
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1])
    );
    Ok(())
}

//! `cargo xtask vendor [--check | --write] [CRATE...]`: the vendored crates
//! against their upstream release.
//!
//! Each crate in `vendor/` is its crates.io release (fetched from
//! static.crates.io into `target/vendor-pristine/`) with `handbok.patch`
//! applied; `PATCHES.md` says what each change is and why. `--check` applies
//! the patch to the release and fails unless it gives the vendored files
//! exactly; `--write` makes the patch again after a vendored file was
//! edited; no flag prints what each patch touches.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The vendored crates and the upstream release each one is.
const CRATES: &[(&str, &str)] = &[("genpdf", "0.2.0"), ("printpdf", "0.3.4")];

/// Our files beside the upstream ones: not part of the patch.
const OURS: &[&str] = &["PATCHES.md", "handbok.patch"];

pub fn run(args: &[&str]) -> Result<(), String> {
    let named: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with("--"))
        .collect();
    let chosen = CRATES
        .iter()
        .filter(|(name, _)| named.is_empty() || named.contains(name));
    for &(name, version) in chosen {
        let upstream = pristine(name, version)?;
        let vendored = crate::root().join("vendor").join(name);
        if args.contains(&"--write") {
            let patch = make_patch(&upstream, &vendored)?;
            std::fs::write(vendored.join("handbok.patch"), &patch)
                .map_err(|e| format!("cannot write the patch of {name}: {e}"))?;
            println!(
                "{name}: wrote handbok.patch ({} lines)",
                patch.lines().count()
            );
        } else if args.contains(&"--check") {
            check(name, &upstream, &vendored)?;
            println!("{name} {version}: the crates.io release + handbok.patch = vendor/{name}");
        } else {
            summary(name, version, &vendored)?;
        }
    }
    Ok(())
}

/// The release as published, unpacked once into `target/vendor-pristine`.
fn pristine(name: &str, version: &str) -> Result<PathBuf, String> {
    let parent = crate::root().join("target/vendor-pristine");
    let dir = parent.join(format!("{name}-{version}"));
    if dir.join("Cargo.toml").is_file() {
        return Ok(dir);
    }
    std::fs::create_dir_all(&parent).map_err(|e| e.to_string())?;
    let url = format!("https://static.crates.io/crates/{name}/{name}-{version}.crate");
    let script = format!("curl -sSfL '{url}' | tar -xzf - -C '{}'", parent.display());
    let status = Command::new("sh").args(["-c", &script]).status();
    match status {
        Ok(s) if s.success() && dir.join("Cargo.toml").is_file() => Ok(dir),
        _ => Err(format!("cannot fetch {url}")),
    }
}

/// Files of a tree, relative to it, sorted.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Our vendored files, without our own notes.
fn vendored_files(vendored: &Path) -> Vec<PathBuf> {
    files(vendored)
        .into_iter()
        .filter(|f| !OURS.iter().any(|o| f == Path::new(o)))
        .collect()
}

/// A unified diff (`a/…`, `b/…`) of every vendored file that differs from
/// the release or is not in it.
fn make_patch(upstream: &Path, vendored: &Path) -> Result<String, String> {
    let work = tempfile_dir()?;
    let link = |name: &str, to: &Path| {
        std::os::unix::fs::symlink(to, work.join(name)).map_err(|e| e.to_string())
    };
    link("a", upstream)?;
    link("b", vendored)?;
    let mut patch = String::new();
    for rel in vendored_files(vendored) {
        let old = if upstream.join(&rel).is_file() {
            Path::new("a").join(&rel)
        } else {
            PathBuf::from("/dev/null")
        };
        let out = Command::new("git")
            .current_dir(&work)
            .args(["diff", "--no-index", "--no-prefix", "--no-color", "--"])
            .arg(&old)
            .arg(Path::new("b").join(&rel))
            .output()
            .map_err(|e| format!("git diff: {e}"))?;
        patch.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    let _ = std::fs::remove_dir_all(&work);
    Ok(patch)
}

/// The release with the patch applied must be the vendored tree, file for
/// file and byte for byte.
fn check(name: &str, upstream: &Path, vendored: &Path) -> Result<(), String> {
    let work = tempfile_dir()?;
    let copy = work.join(name);
    let status = Command::new("cp")
        .arg("-R")
        .arg(upstream)
        .arg(&copy)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        return Err(format!("cannot copy the {name} release"));
    }
    let out = Command::new("git")
        .current_dir(&copy)
        .args(["apply", "-p1", "--whitespace=nowarn"])
        .arg(vendored.join("handbok.patch"))
        .output()
        .map_err(|e| format!("git apply: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{name}: handbok.patch does not apply to the release: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let differ: Vec<String> = vendored_files(vendored)
        .into_iter()
        .filter(|rel| std::fs::read(copy.join(rel)).ok() != std::fs::read(vendored.join(rel)).ok())
        .map(|rel| rel.display().to_string())
        .collect();
    let _ = std::fs::remove_dir_all(&work);
    if differ.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name}: vendored files differ from the release + handbok.patch: {} (edited without `cargo xtask vendor --write`?)",
            differ.join(", ")
        ))
    }
}

/// What the patch of a crate touches.
fn summary(name: &str, version: &str, vendored: &Path) -> Result<(), String> {
    let patch = std::fs::read_to_string(vendored.join("handbok.patch"))
        .map_err(|e| format!("{name}: no handbok.patch: {e}"))?;
    println!("{name} {version}:");
    for file in patch
        .split("\ndiff --git ")
        .filter(|f| !f.trim().is_empty())
    {
        let head = file
            .trim_start_matches("diff --git ")
            .lines()
            .next()
            .unwrap_or("");
        let added = file
            .lines()
            .filter(|l| l.starts_with('+') && !l.starts_with("+++"))
            .count();
        let removed = file
            .lines()
            .filter(|l| l.starts_with('-') && !l.starts_with("---"))
            .count();
        let path = head
            .rsplit(' ')
            .next()
            .unwrap_or(head)
            .trim_start_matches("b/");
        println!("  {path}: +{added} -{removed}");
    }
    Ok(())
}

fn tempfile_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!(
        "handbok-vendor-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}

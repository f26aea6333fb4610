//! `cargo xtask vendor [--check | --write NAME] [CRATE...]`: the vendored
//! crates against their upstream release.
//!
//! Each crate in `vendor/` is its crates.io release (fetched from
//! static.crates.io into `target/vendor-pristine/`) with the patches of
//! `vendor/CRATE/patches/` applied in the order of their names, one patch a
//! change; `PATCHES.md` says what each change is and why. Every patch
//! applied in turn builds (checked when the series was made), so one can be
//! dropped or updated on its own. `--check` applies the series to the
//! release and fails unless it gives the vendored files exactly; `--write
//! NAME` records what the vendored files change beyond the series as a new
//! last patch `NN-NAME.patch`; no flag lists each patch and what it touches.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The vendored crates and the upstream release each one is.
const CRATES: &[(&str, &str)] = &[("genpdf", "0.2.0"), ("printpdf", "0.3.4")];

/// Our files beside the upstream ones: not part of any patch.
const OURS: &[&str] = &["PATCHES.md", "patches"];

pub fn run(args: &[&str]) -> Result<(), String> {
    let write = args
        .iter()
        .position(|a| *a == "--write")
        .map(|i| args.get(i + 1).copied().ok_or("--write needs a NAME"))
        .transpose()?;
    let named: Vec<&str> = args
        .iter()
        .copied()
        .filter(|a| !a.starts_with("--") && Some(*a) != write)
        .collect();
    if let Some(unknown) = named.iter().find(|n| !CRATES.iter().any(|(c, _)| c == *n)) {
        return Err(format!("no vendored crate {unknown}"));
    }
    let chosen = CRATES
        .iter()
        .filter(|(name, _)| named.is_empty() || named.contains(name));
    for &(name, version) in chosen {
        let upstream = pristine(name, version)?;
        let vendored = crate::root().join("vendor").join(name);
        if let Some(slug) = write {
            write_patch(name, &upstream, &vendored, slug)?;
        } else if args.contains(&"--check") {
            let work = tempfile_dir()?;
            let result = check(name, &upstream, &vendored, &work);
            let _ = std::fs::remove_dir_all(&work);
            let count = result?;
            say(&format!(
                "{name} {version}: the crates.io release + {count} patches = vendor/{name}"
            ));
        } else {
            summary(name, version, &vendored)?;
        }
    }
    Ok(())
}

/// A line on stdout; a closed pipe (`| head`) ends the listing quietly.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
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

/// The patches of a crate, in the order they apply.
fn series(vendored: &Path) -> Vec<PathBuf> {
    let mut patches: Vec<PathBuf> = std::fs::read_dir(vendored.join("patches"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "patch"))
        .collect();
    patches.sort();
    patches
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

/// Our vendored files, without our own notes and patches.
fn vendored_files(vendored: &Path) -> Vec<PathBuf> {
    files(vendored)
        .into_iter()
        .filter(|f| !OURS.iter().any(|o| f.starts_with(o)))
        .collect()
}

/// A copy of the release with the whole series applied, in `work`. The
/// number of patches, or which one does not apply.
fn patched(name: &str, upstream: &Path, vendored: &Path, work: &Path) -> Result<PathBuf, String> {
    let copy = work.join(name);
    let status = Command::new("cp")
        .arg("-R")
        .arg(upstream)
        .arg(&copy)
        .status();
    if !status.is_ok_and(|s| s.success()) {
        return Err(format!("cannot copy the {name} release"));
    }
    for patch in series(vendored) {
        let out = Command::new("git")
            .current_dir(&copy)
            .args(["apply", "-p1", "--whitespace=nowarn"])
            .arg(&patch)
            .output()
            .map_err(|e| format!("git apply: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "{name}: {} does not apply after the patches before it: {}",
                patch.display(),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    Ok(copy)
}

/// Vendored files that the patched release does not give byte for byte.
fn differing(copy: &Path, vendored: &Path) -> Vec<PathBuf> {
    vendored_files(vendored)
        .into_iter()
        .filter(|rel| std::fs::read(copy.join(rel)).ok() != std::fs::read(vendored.join(rel)).ok())
        .collect()
}

/// The release with the series applied must be the vendored tree, file for
/// file and byte for byte. The number of patches.
fn check(name: &str, upstream: &Path, vendored: &Path, work: &Path) -> Result<usize, String> {
    let count = series(vendored).len();
    if count == 0 {
        return Err(format!("{name}: no patches in vendor/{name}/patches"));
    }
    let copy = patched(name, upstream, vendored, work)?;
    let differ: Vec<String> = differing(&copy, vendored)
        .iter()
        .map(|rel| rel.display().to_string())
        .collect();
    if differ.is_empty() {
        Ok(count)
    } else {
        Err(format!(
            "{name}: vendored files differ from the release + its patches: {} (edited without `cargo xtask vendor --write NAME`?)",
            differ.join(", ")
        ))
    }
}

/// What the vendored files change beyond the series, as its next patch.
fn write_patch(name: &str, upstream: &Path, vendored: &Path, slug: &str) -> Result<(), String> {
    if slug.is_empty() || !slug.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!(
            "a patch name is letters, digits and '-', not {slug:?}"
        ));
    }
    let work = tempfile_dir()?;
    let result = patched(name, upstream, vendored, &work)
        .and_then(|copy| unified_diff(&copy, vendored, &differing(&copy, vendored), &work));
    let _ = std::fs::remove_dir_all(&work);
    let patch = result?;
    if patch.is_empty() {
        say(&format!(
            "{name}: the vendored files are the release + its patches; nothing to write"
        ));
        return Ok(());
    }
    let folder = vendored.join("patches");
    std::fs::create_dir_all(&folder).map_err(|e| e.to_string())?;
    let file = folder.join(format!("{:02}-{slug}.patch", series(vendored).len() + 1));
    std::fs::write(&file, &patch).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    say(&format!(
        "{name}: wrote {} ({} lines); say why in vendor/{name}/PATCHES.md",
        file.display(),
        patch.lines().count()
    ));
    Ok(())
}

/// A unified diff (`a/…`, `b/…`) of `files` from `old` to `new`.
fn unified_diff(old: &Path, new: &Path, files: &[PathBuf], work: &Path) -> Result<String, String> {
    let link = |name: &str, to: &Path| {
        std::os::unix::fs::symlink(to, work.join(name)).map_err(|e| e.to_string())
    };
    link("a", old)?;
    link("b", new)?;
    let mut patch = String::new();
    for rel in files {
        let from = if old.join(rel).is_file() {
            Path::new("a").join(rel)
        } else {
            PathBuf::from("/dev/null")
        };
        let out = Command::new("git")
            .current_dir(work)
            .args(["diff", "--no-index", "--no-prefix", "--no-color", "--"])
            .arg(&from)
            .arg(Path::new("b").join(rel))
            .output()
            .map_err(|e| format!("git diff: {e}"))?;
        patch.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    Ok(patch)
}

/// Each patch of a crate and what it touches.
fn summary(name: &str, version: &str, vendored: &Path) -> Result<(), String> {
    say(&format!("{name} {version}:"));
    for file in series(vendored) {
        let patch = std::fs::read_to_string(&file)
            .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        say(&format!("  {stem}"));
        for part in patch.split("diff --git ").filter(|f| !f.trim().is_empty()) {
            say(&format!("    {}", touched(part)));
        }
    }
    Ok(())
}

/// "path: +added -removed" of one file's part of a patch.
fn touched(part: &str) -> String {
    let head = part.lines().next().unwrap_or("");
    let path = head
        .rsplit(' ')
        .next()
        .unwrap_or(head)
        .trim_start_matches("b/");
    let count = |sign: char, header: &str| {
        part.lines()
            .filter(|l| l.starts_with(sign) && !l.starts_with(header))
            .count()
    };
    format!("{path}: +{} -{}", count('+', "+++"), count('-', "---"))
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

//! Where the two sides of a diff come from: content folders, single files,
//! or git revisions of the repository the command runs in. Revisions are
//! read with the `git` binary: `git diff --name-status` names the changed
//! files and one `git cat-file --batch` streams them, so only changed files
//! are read and parsed.

use crate::files::read::{self, Kind};
use crate::load::{load_bytes, load_with, Content, Limits};

use crate::Error;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// A content folder on disk.
    Folder(PathBuf),
    /// One content file on disk.
    File(PathBuf),
    /// A git revision.
    Rev(String),
    /// The working tree of the git repository.
    WorkTree,
}

impl Side {
    /// An existing folder, a content file (`.yaml`, `.yml`) or a pipe is
    /// that; anything else a revision (in a bare repository `HEAD` is a
    /// file too, and a revision).
    pub fn from_arg(arg: &str) -> Side {
        let path = Path::new(arg);
        let yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if path.is_dir() {
            Side::Folder(path.to_path_buf())
        } else if (path.is_file() && yaml) || is_pipe(path) || arg == NULL {
            Side::File(path.to_path_buf())
        } else {
            Side::Rev(arg.to_string())
        }
    }

    pub fn name(&self) -> String {
        match self {
            Side::Folder(p) | Side::File(p) => p.display().to_string(),
            Side::Rev(r) => r.clone(),
            Side::WorkTree => "working tree".into(),
        }
    }
}

/// Load both sides. With a git side, only the files that differ are loaded.
/// Every file is read within `limits` (`[load]` of handbok.toml).
pub fn load_sides(
    old: &Side,
    new: &Side,
    content: &Path,
    limits: Limits,
) -> Result<(Content, Content), Error> {
    let limit = limits.max_file_size;
    match (old, new) {
        (Side::Folder(a), Side::Folder(b)) => {
            Ok((load_with(a, limits, None)?, load_with(b, limits, None)?))
        }
        (Side::File(a), Side::File(b)) => {
            // The page is named after a real file: not /dev/null, nor the
            // /dev/fd/63 of `<(git show …)`.
            let named = [b, a]
                .into_iter()
                .find(|p| *p != Path::new(NULL) && !is_pipe(p))
                .unwrap_or(b);
            let rel = PathBuf::from(named.file_name().unwrap_or_default());
            Ok((load_one(a, &rel, limit)?, load_one(b, &rel, limit)?))
        }
        (Side::Rev(_) | Side::WorkTree, Side::Rev(_) | Side::WorkTree) => {
            git_sides(old, new, content, limit)
        }
        _ => Err(Error::new(format!(
            "cannot compare {} with {}: give two folders, two files or two revisions",
            old.name(),
            new.name()
        ))),
    }
}

/// `<(git show REV:file)` hands over a pipe.
fn is_pipe(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// What git passes for the missing side of an added or deleted file.
const NULL: &str = "/dev/null";

fn load_one(path: &Path, rel: &Path, limit: u64) -> Result<Content, Error> {
    if path == Path::new(NULL) {
        return Ok(Content::default());
    }
    // A pipe is fine here (`<(git show …)`): the limit is on what is read.
    let bytes = read::named(path, Kind::Content(limit))
        .map_err(|e| Error::new(format!("cannot read {}: {e}", path.display())))?;
    Ok(load_bytes(Path::new("."), vec![(rel.to_path_buf(), bytes)]))
}

fn git(args: &[&str]) -> Result<Vec<u8>, Error> {
    let out = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| Error::new(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        return Err(Error::new(format!(
            "git {}: {}",
            args.join(" "),
            msg.trim()
        )));
    }
    Ok(out.stdout)
}

fn verify(rev: &str) -> Result<(), Error> {
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ])
    .map(|_| ())
    .map_err(|_| Error::new(format!("unknown revision or path `{rev}`")))
}

fn is_yaml(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

fn git_sides(
    old: &Side,
    new: &Side,
    content: &Path,
    limit: u64,
) -> Result<(Content, Content), Error> {
    let prefix = String::from_utf8_lossy(&git(&["rev-parse", "--show-prefix"])?)
        .trim()
        .to_string();
    let dir = content.to_string_lossy().trim_end_matches('/').to_string();
    // The content folder from the repository's root: `..` worked out, as
    // git names no path with it (diff run from inside the guide).
    let from_top = read::lexical(&Path::new(&prefix).join(content))
        .ok_or_else(|| Error::new(format!("{dir} leads out of the repository")))?;
    let parts: Vec<String> = from_top
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let repo_dir: String = parts.iter().map(|p| format!("{p}/")).collect();
    // Exact renames (-M100%) are found by git from object ids: such a file is
    // read once and stands on both sides, so moving thousands of pages costs
    // one read each instead of two.
    let mut args = vec!["diff", "--name-status", "-M100%", "-z"];
    let revs: Vec<&str> = [old, new]
        .iter()
        .filter_map(|s| match s {
            Side::Rev(r) => Some(r.as_str()),
            _ => None,
        })
        .collect();
    for r in &revs {
        verify(r)?;
    }
    let here = |side: &Side| match side {
        Side::Rev(r) => git(&[
            "cat-file",
            "-e",
            &format!("{r}:{}", repo_dir.trim_end_matches('/')),
        ])
        .is_ok(),
        _ => content.exists(),
    };
    if !here(old) && !here(new) {
        return Err(Error::new(format!(
            "no content folder `{}` in {} or {}; check --path",
            content.display(),
            old.name(),
            new.name()
        )));
    }
    args.extend(&revs);
    args.extend(["--", dir.as_str()]);
    let listing = git(&args)?;
    let mut old_files = Vec::new();
    let mut new_files = Vec::new();
    // (old path, index of the same bytes among new_files)
    let mut renamed: Vec<(String, usize)> = Vec::new();
    let mut fields = listing.split(|b| *b == 0).filter(|f| !f.is_empty());
    while let (Some(status), Some(path)) = (fields.next(), fields.next()) {
        let path = String::from_utf8_lossy(path).to_string();
        if status.starts_with(b"R") {
            let Some(to) = fields
                .next()
                .map(|t| String::from_utf8_lossy(t).to_string())
            else {
                break;
            };
            match (is_yaml(&path), is_yaml(&to)) {
                (true, true) => {
                    renamed.push((path, new_files.len()));
                    new_files.push(to);
                }
                (true, false) => old_files.push(path),
                (false, true) => new_files.push(to),
                (false, false) => {}
            }
            continue;
        }
        if !is_yaml(&path) {
            continue;
        }
        if status != b"A" {
            old_files.push(path.clone());
        }
        if status != b"D" {
            new_files.push(path);
        }
    }
    if *new == Side::WorkTree {
        let untracked = git(&[
            "ls-files",
            "-z",
            "--others",
            "--exclude-standard",
            "--",
            &dir,
        ])?;
        for p in untracked.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            let p = format!("{prefix}{}", String::from_utf8_lossy(p));
            if is_yaml(&p) {
                new_files.push(p);
            }
        }
    }
    let strip = |p: &str| PathBuf::from(p.strip_prefix(&repo_dir).unwrap_or(p));
    let read = |side: &Side, files: &[String]| -> Result<Vec<Vec<u8>>, Error> {
        match side {
            Side::Rev(r) => cat_files(r, files, limit),
            _ => {
                let top = String::from_utf8_lossy(&git(&["rev-parse", "--show-toplevel"])?)
                    .trim()
                    .to_string();
                files
                    .iter()
                    .map(|f| read_worktree_file(&Path::new(&top).join(f), side, limit))
                    .collect()
            }
        }
    };
    let new_list: Vec<(PathBuf, Vec<u8>)> = new_files
        .iter()
        .map(|f| strip(f))
        .zip(read(new, &new_files)?)
        .collect();
    let old_list = old_files
        .iter()
        .map(|f| strip(f))
        .zip(read(old, &old_files)?)
        .collect();
    let new_content = load_bytes(content, new_list);
    let mut old_content = load_bytes(content, old_list);
    // A renamed file is the same page under its old name.
    for (from, i) in &renamed {
        let (from, to) = (strip(from), crate::model::page_id(&strip(&new_files[*i])));
        if let Some(page) = new_content.page(&to) {
            let mut page = page.clone();
            page.id = crate::model::page_id(&from);
            page.path = from;
            old_content
                .sources
                .insert(page.display_path(), page.source.clone());
            old_content.pages.push(page);
        }
    }
    old_content.pages.sort_by(|a, b| a.id.cmp(&b.id));
    Ok((old_content, new_content))
}

/// A file of the working tree: a plain file, never a link (it could lead
/// out of the repository) and never more than a content file may hold.
fn read_worktree_file(path: &Path, side: &Side, limit: u64) -> Result<Vec<u8>, Error> {
    let fail = |why: String| {
        Error::new(format!(
            "cannot read {} in {}: {why}",
            path.display(),
            side.name()
        ))
    };
    read::bytes(path, Kind::Content(limit)).map_err(|e| fail(e.to_string()))
}

/// The contents of `files` at `rev`, through one `git cat-file --batch`.
fn cat_files(rev: &str, files: &[String], limit: u64) -> Result<Vec<Vec<u8>>, Error> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch", "-Z"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| Error::new(format!("cannot run git: {e}")))?;
    let mut stdin = child.stdin.take().expect("piped");
    // NUL-separated (-Z): a file name may hold a line break.
    let requests: String = files.iter().map(|f| format!("{rev}:{f}\0")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(requests.as_bytes()));
    let mut out = BufReader::new(child.stdout.take().expect("piped"));
    let mut blobs = Vec::with_capacity(files.len());
    for f in files {
        let mut header = Vec::new();
        out.read_until(0, &mut header)
            .map_err(|e| Error::new(format!("git cat-file: {e}")))?;
        let header = String::from_utf8_lossy(&header);
        let header = header.trim_end_matches('\0');
        let size: u64 = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                Error::new(format!("git cannot read {f} in {rev} ({})", header.trim()))
            })?;
        let blob = read::announced(&mut out, size, Kind::Content(limit))
            .map_err(|e| Error::new(format!("cannot read {f} in {rev}: {e}")))?;
        // The blob ends with the separator of the next.
        out.read_exact(&mut [0])
            .map_err(|e| Error::new(format!("git cat-file: {e}")))?;
        blobs.push(blob);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok(blobs)
}

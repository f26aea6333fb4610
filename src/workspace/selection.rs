//! What `handbok lint PATH...` looks at: the guide the paths are in (the
//! nearest folder at or above them holding `guide.yaml`), linted whole so
//! that guide-wide rules see every page, and the files whose findings are
//! reported. Paths are shown relative to the current directory, so that a
//! terminal click or `vim +14 path` finds the file.

use crate::load::GUIDE_FILE;
use crate::Error;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The guide's folder, as a path from the current directory.
    pub root: PathBuf,
    /// Files and folders to report on, relative to the root with `/`
    /// separators; empty: the whole guide.
    only: Vec<String>,
    /// The guide's folder and the current one, absolute.
    real_root: PathBuf,
    cwd: PathBuf,
    /// The guide's folder as the paths given reach it (through a link to
    /// it, say), when they do.
    given_root: Option<PathBuf>,
}

impl Selection {
    /// The selection for the paths given on the command line; none: the
    /// guide the current directory is in, or `content`. A file in no guide
    /// (a CI workflow a pre-commit hook passes along) is left out and
    /// returned beside it; `None` when nothing is left.
    pub fn new(paths: &[PathBuf]) -> Result<(Option<Selection>, Vec<PathBuf>), Error> {
        let cwd = std::env::current_dir()
            .and_then(std::fs::canonicalize)
            .map_err(|e| Error::new(format!("cannot tell the current folder: {e}")))?;
        let paths = match paths {
            [] => vec![default_path(&cwd)],
            given => given.to_vec(),
        };
        let mut roots = Vec::new();
        let mut only = Vec::new();
        let mut given_roots = Vec::new();
        let mut outside = Vec::new();
        for path in &paths {
            let real = std::fs::canonicalize(path).map_err(|e| {
                Error::new(format!(
                    "cannot read content folder or file {}: {e}",
                    path.display()
                ))
            })?;
            let Some(root) = guide_root(&real) else {
                outside.push(path.clone());
                continue;
            };
            let inside = real.strip_prefix(&root).unwrap_or(Path::new(""));
            only.push(slashed(inside));
            given_roots.extend(given_root(path, &root));
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
        if roots.is_empty() {
            return Ok((None, outside));
        }
        let [root] = roots.as_slice() else {
            return Err(Error::new(format!(
                "the paths are in {} guides ({}); lint one guide at a time",
                roots.len(),
                roots
                    .iter()
                    .map(|r| r.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let relative = relative_to(root, &cwd);
        if only.iter().any(String::is_empty) {
            only.clear();
        }
        Ok((
            Some(Selection {
                root: if relative.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    relative
                },
                only,
                real_root: root.clone(),
                cwd,
                given_root: given_roots.into_iter().next(),
            }),
            outside,
        ))
    }

    /// Whether findings in `file` (relative to the root) are reported.
    pub fn contains(&self, file: &str) -> bool {
        self.only.is_empty()
            || self.only.iter().any(|p| {
                file == p
                    || file
                        .strip_prefix(p.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            })
    }

    /// The files chosen, when only files are (no folder, not the guide).
    pub fn files(&self) -> Option<&[String]> {
        let files =
            !self.only.is_empty() && self.only.iter().all(|f| self.real_root.join(f).is_file());
        files.then_some(self.only.as_slice())
    }

    /// `file` (relative to the root) as a path from the current directory
    /// when the guide and the current directory are one inside the other;
    /// else as the paths given reach it (`link/omraden/x.yaml`, through a
    /// link to the guide); else as an absolute path (no `../../tmp/…`).
    pub fn display(&self, file: &str) -> String {
        let path = self.real_root.join(file);
        if self.real_root.starts_with(&self.cwd) || self.cwd.starts_with(&self.real_root) {
            slashed(&relative_to(&path, &self.cwd))
        } else if let Some(root) = &self.given_root {
            slashed(&root.join(file))
        } else {
            path.display().to_string()
        }
    }

    /// The guide's folder as an absolute `file://` URI ending in `/`.
    pub fn root_uri(&self) -> String {
        let path = slashed(&self.real_root);
        let path = path.trim_start_matches('/');
        format!("file:///{}/", crate::text::encode_path(path))
    }
}

/// The folder among `path` and the folders it names on the way (read as
/// written, links not followed) that is the guide at `real_root`.
fn given_root(path: &Path, real_root: &Path) -> Option<PathBuf> {
    path.ancestors()
        .filter(|a| !a.as_os_str().is_empty() && a.join(GUIDE_FILE).is_file())
        .find(|a| std::fs::canonicalize(a).is_ok_and(|r| r == real_root))
        .map(Path::to_path_buf)
}

/// With no path: the current folder when it is in a guide, else `content`.
fn default_path(cwd: &Path) -> PathBuf {
    match cwd.ancestors().find(|d| d.join(GUIDE_FILE).is_file()) {
        Some(_) => PathBuf::from("."),
        None => PathBuf::from("content"),
    }
}

/// The nearest folder at or above `path` holding `guide.yaml`; a folder
/// without one above it is a guide of its own (its pages still load), a
/// file without one is in no guide.
pub fn guide_root(path: &Path) -> Option<PathBuf> {
    let folder = path.is_dir();
    let start = if folder {
        path
    } else {
        path.parent().unwrap_or(path)
    };
    match start.ancestors().find(|d| d.join(GUIDE_FILE).is_file()) {
        Some(root) => Some(root.to_path_buf()),
        None => folder.then(|| start.to_path_buf()),
    }
}

/// `path` as seen from `base` (both absolute): `../guide`, `content`, or
/// empty when they are the same folder.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in &path[common..] {
        out.push(c);
    }
    out
}

/// `path` with `/` between its parts; an absolute path keeps one `/` at
/// its start (the root is a part of its own, not a name to join).
fn slashed(path: &Path) -> String {
    let mut out = String::new();
    for c in path.components() {
        if !out.is_empty() && !out.ends_with('/') {
            out.push('/');
        }
        match c {
            Component::RootDir => out.push('/'),
            c => out.push_str(&c.as_os_str().to_string_lossy()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_folders() {
        let rel = |a: &str, b: &str| slashed(&relative_to(Path::new(a), Path::new(b)));
        assert_eq!(rel("/r/content", "/r"), "content");
        assert_eq!(rel("/r/content", "/r/content/omraden"), "..");
        assert_eq!(rel("/r/content", "/r/content"), "");
        assert_eq!(rel("/a/guide", "/b/c"), "../../a/guide");
        assert_eq!(
            slashed(Path::new("/tmp/g/omraden/x.yaml")),
            "/tmp/g/omraden/x.yaml"
        );
    }

    #[test]
    fn a_file_selects_itself_and_a_folder_what_is_under_it() {
        let s = Selection {
            root: PathBuf::from("content"),
            only: vec!["omraden".into(), "sidor/a.yaml".into()],
            real_root: PathBuf::from("/r/content"),
            cwd: PathBuf::from("/r"),
            given_root: None,
        };
        assert!(s.contains("omraden/ledarskap.yaml"));
        assert!(s.contains("sidor/a.yaml"));
        assert!(!s.contains("sidor/a.yaml.bak") && !s.contains("omraden2/x.yaml"));
        assert!(!s.contains("guide.yaml"));
        assert_eq!(s.display("omraden/x.yaml"), "content/omraden/x.yaml");
        let inside = Selection {
            cwd: PathBuf::from("/r/content/omraden"),
            ..s
        };
        assert_eq!(inside.display("omraden/x.yaml"), "x.yaml");
        assert_eq!(inside.display("guide.yaml"), "../guide.yaml");
        let beside = Selection {
            cwd: PathBuf::from("/elsewhere"),
            ..inside
        };
        assert_eq!(beside.display("guide.yaml"), "/r/content/guide.yaml");
    }
}

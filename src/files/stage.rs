//! All or nothing: every output is written into a staging folder inside the
//! target first, then moved into place; if any step fails, what was moved is
//! moved back and the target folder is exactly as it was, or not there at
//! all if this made it.

// The door itself: the only place the file system is read and written.
#![allow(clippy::disallowed_methods)]

use super::write;
use std::path::{Path, PathBuf};

/// A file to write, relative to the target folder.
pub struct Output {
    pub rel: PathBuf,
    pub bytes: Vec<u8>,
}

/// Write `outputs` under `root`. Existing files are replaced (the caller
/// decided that they may be).
pub fn commit(root: &Path, outputs: &[Output]) -> std::io::Result<()> {
    let made: Vec<PathBuf> = root
        .ancestors()
        .take_while(|d| super::read::entry(d) == super::read::Entry::Missing)
        .map(Path::to_path_buf)
        .collect();
    let result = commit_into(root, outputs);
    if result.is_err() {
        // Innermost first; a folder that is not empty is not removed.
        for dir in &made {
            let _ = write::remove_folder(dir);
        }
    }
    result
}

fn commit_into(root: &Path, outputs: &[Output]) -> std::io::Result<()> {
    let staging = crate::files::tmp::staging(root).map_err(|e| with_path(e, root))?;
    for (i, out) in outputs.iter().enumerate() {
        let file = staging.path().join(format!("{i}.new"));
        write::scratch(&file, &out.bytes)
            .and_then(|_| set_default_permissions(&file))
            .map_err(|e| with_path(e, &root.join(&out.rel)))?;
    }
    crate::files::tmp::critical(|| {
        let mut done = Done::default();
        for (i, out) in outputs.iter().enumerate() {
            if let Err(e) = done.place(root, staging.path(), i, &out.rel) {
                done.undo();
                return Err(with_path(e, &root.join(&out.rel)));
            }
        }
        Ok(())
    })
}

/// What has been moved into place so far, to undo it.
#[derive(Default)]
struct Done {
    /// (target, backup of the file it replaced)
    placed: Vec<(PathBuf, Option<PathBuf>)>,
    /// Folders created, outermost first.
    created: Vec<PathBuf>,
}

impl Done {
    fn place(&mut self, root: &Path, staging: &Path, i: usize, rel: &Path) -> std::io::Result<()> {
        // Never through a linked folder inside the target: it would lead the
        // page out of it.
        let target = write::inside(root, rel)?;
        if let Some(parent) = target.parent() {
            self.create_dirs(parent)?;
        }
        let backup = if target.symlink_metadata().is_ok() {
            let b = staging.join(format!("{i}.old"));
            write::rename(&target, &b)?;
            Some(b)
        } else {
            None
        };
        let result = write::rename(&staging.join(format!("{i}.new")), &target);
        self.placed.push((target, backup));
        result
    }

    fn create_dirs(&mut self, dir: &Path) -> std::io::Result<()> {
        let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
        for d in missing.into_iter().rev() {
            write::new_folder(d)?;
            self.created.push(d.to_path_buf());
        }
        Ok(())
    }

    /// Best effort: put every replaced file back and remove what was added.
    fn undo(self) {
        for (target, backup) in self.placed.into_iter().rev() {
            match backup {
                Some(b) => {
                    let _ = write::rename(&b, &target);
                }
                None => {
                    let _ = write::remove_file(&target);
                }
            }
        }
        for dir in self.created.into_iter().rev() {
            let _ = write::remove_folder(&dir);
        }
    }
}

fn with_path(e: std::io::Error, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

#[cfg(unix)]
fn set_default_permissions(file: &Path) -> std::io::Result<()> {
    write::set_mode(file, 0o644)
}

#[cfg(not(unix))]
fn set_default_permissions(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(rel: &str, text: &str) -> Output {
        Output {
            rel: rel.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// Every file under `dir` with its text, hidden ones included.
    fn tree(dir: &Path) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for entry in walk(dir) {
            let text = std::fs::read_to_string(&entry).unwrap_or_default();
            found.push((entry.strip_prefix(dir).unwrap().display().to_string(), text));
        }
        found.sort();
        found
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            out.push(p.clone());
            if p.is_dir() {
                out.extend(walk(&p));
            }
        }
        out
    }

    #[test]
    fn a_failed_move_leaves_the_folder_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "old a").unwrap();
        // The third output's folder is a file: its move fails.
        std::fs::write(dir.path().join("blocked"), "a file").unwrap();
        let before = tree(dir.path());
        let outputs = [
            out("a.yaml", "new a"),
            out("ny/b.yaml", "b"),
            out("blocked/c.yaml", "c"),
        ];
        let err = commit(dir.path(), &outputs).unwrap_err();
        assert!(err.to_string().contains("blocked"), "{err}");
        assert_eq!(tree(dir.path()), before);
    }

    #[test]
    fn all_outputs_are_written() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "old a").unwrap();
        commit(
            dir.path(),
            &[out("a.yaml", "new a"), out("x/y/b.yaml", "b")],
        )
        .unwrap();
        assert_eq!(
            tree(dir.path()),
            [
                ("a.yaml".into(), "new a".into()),
                ("x".into(), String::new()),
                ("x/y".into(), String::new()),
                ("x/y/b.yaml".into(), "b".into())
            ]
        );
    }
}

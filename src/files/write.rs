//! The one door out: every file handbok writes is written here. A file is
//! written to a temporary file beside it and renamed into place, so no one
//! ever sees half of it and a failure (disk full, read-only, a signal)
//! leaves what was there; at its real path (`Path`, never a display
//! string, so a name that is not UTF-8 is the name written); never through
//! a symbolic link inside the folder it is written in; never over a file
//! that is not a plain file this user may change; and, when handbok read
//! the file before, only if it still holds what was read ([`replace`]).

// The door itself: the only place the file system is read and written.
#![allow(clippy::disallowed_methods)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::read::{self, Refused};

fn refused(kind: std::io::ErrorKind, why: impl Into<String>) -> std::io::Error {
    std::io::Error::new(kind, why.into())
}

/// The message of a file that changed while handbok worked on it.
pub const CHANGED: &str =
    "the file changed on disk while handbok worked on it; it was left as it is now";

/// [`file`], once the file still holds `was`, the bytes handbok read and
/// worked from: an editor that saved it meanwhile keeps its text (the
/// error says so, [`CHANGED`]).
pub fn replace(path: &Path, bytes: &[u8], was: &[u8]) -> std::io::Result<()> {
    atomic(path, bytes, Some(was)).map_err(plain)
}

/// Whether `path` still holds `was`, read through the one reader.
fn unchanged(path: &Path, was: &[u8]) -> std::io::Result<()> {
    let now = read::bytes(path, read::Kind::Content(u64::MAX)).map_err(|e| match e {
        Refused::Io(e) => e,
        other => refused(std::io::ErrorKind::Other, other.to_string()),
    })?;
    if now != was {
        return Err(refused(std::io::ErrorKind::Other, CHANGED));
    }
    Ok(())
}

/// [`file`] at `rel` inside `root`, once no folder on the way from `root`
/// is a symbolic link (which would lead the file out of it). The path
/// written.
pub fn file_in(root: &Path, rel: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let path = inside(root, rel)?;
    file(&path, bytes)?;
    Ok(path)
}

/// `root/rel`, refused when it leads out of `root` or through a link.
pub fn inside(root: &Path, rel: &Path) -> std::io::Result<PathBuf> {
    read::inside(root, rel)
        .map_err(|e| refused(std::io::ErrorKind::PermissionDenied, e.to_string()))
}

/// A folder handbok writes a set of files into, held by this run alone
/// until the value is dropped.
#[derive(Debug)]
pub struct Lock(#[allow(dead_code)] std::fs::File);

/// Take `folder` (made if missing) for this run: another run writing into
/// it holds it, and this one is refused rather than mixing the two sets.
/// The lock is on the folder itself, so nothing is left in it.
pub fn lock(folder: &Path) -> std::io::Result<Lock> {
    std::fs::create_dir_all(folder)?;
    if read::entry(folder) != read::Entry::Folder {
        return Err(refused(
            std::io::ErrorKind::PermissionDenied,
            "not a folder (a link?); give a folder to write into",
        ));
    }
    let dir = std::fs::File::open(folder)?;
    match dir.try_lock() {
        Ok(()) => Ok(Lock(dir)),
        Err(std::fs::TryLockError::WouldBlock) => Err(refused(
            std::io::ErrorKind::WouldBlock,
            "another handbok run is writing into it; wait for it to finish",
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

/// A folder and the folders above it that are missing.
pub fn folder(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)
}

/// A new folder; an error if it is there.
pub fn new_folder(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir(path)
}

/// Remove a file (not a folder, not through a link).
pub fn remove_file(path: &Path) -> std::io::Result<()> {
    std::fs::remove_file(path)
}

/// Remove an empty folder.
pub fn remove_folder(path: &Path) -> std::io::Result<()> {
    std::fs::remove_dir(path)
}

/// Remove a folder handbok made, with what is in it.
pub fn remove_tree(path: &Path) -> std::io::Result<()> {
    std::fs::remove_dir_all(path)
}

/// Move a file handbok made into place.
pub fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::rename(from, to)
}

/// Give a file the permissions `mode` (Unix) says.
#[cfg(unix)]
pub fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// Write `bytes` to `path` through a temporary file in the same folder and a
/// rename, so readers never see a half-written file. A file that is
/// read-only, or owned by someone else, is refused: the rename would
/// replace it although its permissions say it may not be changed.
pub fn file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    atomic(path, bytes, None).map_err(plain)
}

/// The system's own error, without the temporary file's name that
/// tempfile adds (the caller names the file being written).
fn plain(e: std::io::Error) -> std::io::Error {
    e.raw_os_error()
        .map_or(e, std::io::Error::from_raw_os_error)
}

/// The write of [`file`] and [`replace`]: with `was`, the file is compared
/// with it at the last moment, after the new text is on disk and just
/// before the rename, so an editor's save is not lost to a slow disk.
fn atomic(path: &Path, bytes: &[u8], was: Option<&[u8]>) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        may_replace(&meta)?;
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let (mut tmp, _live) = temp_file_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    // Temporary files are private (0600); the result gets the permissions
    // the file had, or the usual ones for a new file.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(tmp.as_file())?,
    };
    tmp.as_file().set_permissions(permissions)?;
    if let Some(was) = was {
        unchanged(path, was)?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Write a file of a folder being staged, its folders made on the way:
/// nobody sees it before the whole folder is moved into place, so it needs
/// no temporary file of its own, nor a wait for the disk (a site of ten
/// thousand pages is not ten thousand flushes).
pub fn staged(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, bytes)
}

/// Write `bytes` to `path` through a temporary file and a rename, without
/// waiting for the disk: for files that may be lost (a cache), never seen
/// half-written.
pub fn scratch(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let (mut tmp, _live) = temp_file_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file in `dir`, registered for removal on a signal.
fn temp_file_in(
    dir: &Path,
) -> std::io::Result<(tempfile::NamedTempFile, crate::files::tmp::Guard)> {
    crate::files::tmp::made(
        || {
            tempfile::Builder::new()
                .prefix(&crate::files::tmp::prefix())
                .tempfile_in(dir)
        },
        |t| t.path(),
    )
}

fn may_replace(meta: &std::fs::Metadata) -> std::io::Result<()> {
    let refuse = |why: &str| {
        Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            why.to_string(),
        ))
    };
    if !meta.is_file() {
        return refuse("not a plain file (a device, pipe, link or folder); give a file to write");
    }
    if meta.permissions().readonly() {
        return refuse("the file is read-only");
    }
    if !owned_by_me(meta) {
        return refuse("the file belongs to another user");
    }
    Ok(())
}

#[cfg(unix)]
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // The owner of a file this process creates is this process's user.
    let probe = tempfile::tempfile().and_then(|f| f.metadata());
    probe.map_or(true, |p| p.uid() == meta.uid())
}

#[cfg(not(unix))]
fn owned_by_me(_: &std::fs::Metadata) -> bool {
    true
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.yaml");
        file(&path, b"one").unwrap();
        file(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(
            std::fs::read_dir(path.parent().unwrap()).unwrap().count(),
            1
        );
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "editor's text").unwrap();
        let e = replace(&path, b"fixed", b"what was read").unwrap_err();
        assert_eq!(e.to_string(), CHANGED);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "editor's text");
        replace(&path, b"fixed", b"editor's text").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "fixed");
    }

    #[test]
    fn nothing_is_written_through_a_linked_folder() {
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("omraden")).unwrap();
        let e = file_in(root.path(), Path::new("omraden/a.yaml"), b"x").unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_second_run_cannot_take_a_folder_held_by_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock(dir.path()).unwrap();
        let e = lock(dir.path()).unwrap_err();
        assert!(e.to_string().contains("another handbok run"), "{e}");
        drop(first);
        lock(dir.path()).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_is_the_name_written() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"sida-\xe5.yaml");
        let path = dir.path().join(name);
        std::fs::write(&path, "old").unwrap();
        replace(&path, b"new", b"old").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [name.to_os_string()]);
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }
}

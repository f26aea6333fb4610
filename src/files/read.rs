//! The one door in: every file handbok reads is read here, and this module
//! alone decides what may be read. A file is read only if it is a plain
//! file (not a pipe, which would block, a device, which may never end, a
//! socket or a folder), no symbolic link leads to it from inside the folder
//! it is read from (a linked `media/` or page folder included), and it is
//! no larger than its [`Kind`] allows. The size is checked before the file
//! is opened and again while it is read, so a file that grows cannot slip
//! past it.

// The door itself: the only place the file system is read and written.
#![allow(clippy::disallowed_methods)]

use std::fmt;
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

const KB: u64 = 1024;
const MB: u64 = 1024 * KB;

/// What a file is to handbok, which sets how large it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A content page or guide.yaml: `[load] max-file-size` (the limit
    /// passed in), 16 MB by default.
    Content(u64),
    /// handbok.toml.
    Settings,
    /// The guide's own words (`ordlista.txt`, `[language] word-list`).
    WordList,
    /// A hunspell .aff or .dic file.
    Dictionary,
    /// A baseline written by `lint --write-baseline`.
    Baseline,
    /// An image of `media/`.
    Media,
    /// A raw wiki page given to `import`.
    WikiPage,
    /// A file handbok wrote for itself (a cache shard, a manifest).
    Own,
    /// An LSP message body.
    Message,
}

impl Kind {
    /// The largest file of this kind, in bytes.
    pub const fn limit(self) -> u64 {
        match self {
            Kind::Content(limit) => limit,
            Kind::Settings => MB,
            Kind::WordList => 8 * MB,
            Kind::Dictionary => 64 * MB,
            Kind::Baseline => 256 * MB,
            // 40 megapixels as an uncompressed 16-bit RGBA PNG, and more.
            Kind::Media => 512 * MB,
            // A wiki page is a few hundred kB at most.
            Kind::WikiPage => 16 * MB,
            Kind::Own => 256 * MB,
            Kind::Message => 64 * MB,
        }
    }

    /// What the file is, in a message.
    pub fn what(self) -> &'static str {
        match self {
            Kind::Content(_) => "a content file",
            Kind::Settings => "a settings file",
            Kind::WordList => "a word list",
            Kind::Dictionary => "a dictionary file",
            Kind::Baseline => "a baseline",
            Kind::Media => "an image",
            Kind::WikiPage => "a wiki page",
            Kind::Own => "a file handbok wrote",
            Kind::Message => "a message",
        }
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refused {
    Missing,
    Io(std::io::Error),
    /// The file itself is a symbolic link.
    Link,
    /// A folder on the way to it, inside the folder it is read from, is a
    /// symbolic link: the path of that folder.
    LinkOnTheWay(PathBuf),
    /// A name that leads out of the folder it is read from (`..`, `/`).
    Escapes,
    Folder,
    /// A pipe, device or socket.
    Special,
    TooBig {
        len: u64,
        kind: Kind,
    },
    Grew {
        kind: Kind,
    },
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Missing => write!(f, "no such file"),
            Refused::Io(e) => write!(f, "{e}"),
            Refused::Link => write!(f, "a symbolic link; handbok reads plain files only"),
            Refused::LinkOnTheWay(dir) => write!(
                f,
                "`{}` on the way to it is a symbolic link; handbok reads nothing through links",
                dir.display()
            ),
            Refused::Escapes => write!(f, "the name leads out of its folder"),
            Refused::Folder => write!(f, "a folder, not a file"),
            Refused::Special => write!(
                f,
                "not a plain file (a pipe, device or socket); handbok reads plain files only"
            ),
            Refused::TooBig { len, kind } => write!(
                f,
                "the file is {len} bytes, more than the {} {} may hold",
                kind.limit(),
                kind.what()
            ),
            // A file that grew while it was read, or a pipe without end.
            Refused::Grew { kind } => write!(
                f,
                "it holds more than the {} bytes {} may hold",
                kind.limit(),
                kind.what()
            ),
        }
    }
}

/// What is at a path, without following a link or opening anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Missing,
    File(u64),
    Folder,
    Link,
    Special,
}

/// What is at `path` (a link is a link, whatever it leads to).
pub fn entry(path: &Path) -> Entry {
    match std::fs::symlink_metadata(path) {
        Err(_) => Entry::Missing,
        Ok(m) if m.file_type().is_symlink() => Entry::Link,
        Ok(m) if m.is_dir() => Entry::Folder,
        Ok(m) if m.is_file() => Entry::File(m.len()),
        Ok(_) => Entry::Special,
    }
}

/// Whether nothing is at `path` (nor at a folder on the way to it), as
/// against something there that cannot be looked at.
pub fn gone(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_err_and(|e| {
        matches!(
            e.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        )
    })
}

/// The bytes of the plain file `path`, of at most `kind`'s size.
pub fn bytes(path: &Path, kind: Kind) -> Result<Vec<u8>, Refused> {
    let (file, len) = open_plain(path, kind)?;
    within(file, len, kind)
}

/// All of `from`, refused once it holds more than `kind` may: a file that
/// grows while it is read, or a pipe without end, stops at the limit.
fn within(from: impl std::io::Read, expected: u64, kind: Kind) -> Result<Vec<u8>, Refused> {
    let mut out = Vec::with_capacity(expected.min(kind.limit()) as usize);
    from.take(kind.limit().saturating_add(1))
        .read_to_end(&mut out)
        .map_err(Refused::Io)?;
    if out.len() as u64 > kind.limit() {
        return Err(Refused::Grew { kind });
    }
    Ok(out)
}

/// The next `len` bytes of a stream that announced them (a git blob of
/// `git cat-file --batch`), refused before anything is read when `len` is
/// more than `kind` may hold: the announced size is never allocated
/// blindly.
pub fn announced(from: &mut impl std::io::Read, len: u64, kind: Kind) -> Result<Vec<u8>, Refused> {
    if len > kind.limit() {
        return Err(Refused::TooBig { len, kind });
    }
    let mut out = Vec::new();
    from.take(len).read_to_end(&mut out).map_err(Refused::Io)?;
    if (out.len() as u64) < len {
        return Err(Refused::Io(std::io::ErrorKind::UnexpectedEof.into()));
    }
    Ok(out)
}

/// The first `n` bytes of `rel` inside `root` (checked as [`bytes_in`]
/// checks): enough to tell what a file is before reading all of it.
pub fn head_in(root: &Path, rel: &Path, n: u64, kind: Kind) -> Result<Vec<u8>, Refused> {
    let (file, _) = open_plain(&inside(root, rel)?, kind)?;
    let mut out = Vec::new();
    file.take(n).read_to_end(&mut out).map_err(Refused::Io)?;
    Ok(out)
}

/// `path` opened, once it is a plain file of at most `kind`'s size; its
/// length.
fn open_plain(path: &Path, kind: Kind) -> Result<(std::fs::File, u64), Refused> {
    // Look before opening: opening a FIFO blocks until someone writes to
    // it, and reading a device may never end.
    let len = match entry(path) {
        Entry::Missing => {
            return Err(match std::fs::symlink_metadata(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Refused::Io(e),
                _ => Refused::Missing,
            })
        }
        Entry::Link => return Err(Refused::Link),
        Entry::Folder => return Err(Refused::Folder),
        Entry::Special => return Err(Refused::Special),
        Entry::File(len) => len,
    };
    if len > kind.limit() {
        return Err(Refused::TooBig { len, kind });
    }
    let file = std::fs::File::open(path).map_err(Refused::Io)?;
    // The file may have been swapped for a pipe between the look and the
    // open: what was opened is checked again.
    let opened = file.metadata().map_err(Refused::Io)?;
    if !opened.is_file() {
        return Err(Refused::Special);
    }
    Ok((file, opened.len()))
}

/// The bytes of a file or a pipe the user named on the command line (as
/// `<(git show REV:page.yaml)` does), of at most `kind`'s size: a link the
/// user gave is followed, a device, folder or named pipe (`mkfifo`, which
/// may never get a writer) is refused, and a pipe is read only up to the
/// limit.
pub fn named(path: &Path, kind: Kind) -> Result<Vec<u8>, Refused> {
    use std::os::unix::fs::FileTypeExt;
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Refused::Missing,
        _ => Refused::Io(e),
    })?;
    if meta.is_dir() {
        return Err(Refused::Folder);
    }
    // A pipe the shell made for `<(command)` has a writer; a named pipe
    // may never get one, and opening it would wait for ever.
    let shell_pipe = path.starts_with("/dev/fd") || path.starts_with("/proc");
    let piped = meta.file_type().is_fifo() && shell_pipe;
    if !(meta.is_file() || piped) {
        return Err(Refused::Special);
    }
    if meta.is_file() && meta.len() > kind.limit() {
        return Err(Refused::TooBig {
            len: meta.len(),
            kind,
        });
    }
    let file = std::fs::File::open(path).map_err(Refused::Io)?;
    within(file, meta.len(), kind)
}

/// [`named`] as UTF-8 text (a byte order mark dropped).
pub fn named_text(path: &Path, kind: Kind) -> Result<String, Refused> {
    decode(named(path, kind)?)
}

/// [`bytes`] of `rel` inside `root`: no `..`, and no symbolic link on the
/// way from `root` (a linked sub-folder would lead anywhere).
pub fn bytes_in(root: &Path, rel: &Path, kind: Kind) -> Result<Vec<u8>, Refused> {
    let path = inside(root, rel)?;
    bytes(&path, kind)
}

/// `root/rel` once no part of `rel` leads out of `root` and no folder of
/// it is a symbolic link. The file itself is not looked at.
pub fn inside(root: &Path, rel: &Path) -> Result<PathBuf, Refused> {
    let mut path = root.to_path_buf();
    let parts: Vec<Component> = rel.components().collect();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Component::Normal(name) => path.push(name),
            Component::CurDir => continue,
            _ => return Err(Refused::Escapes),
        }
        if i + 1 < parts.len() && entry(&path) == Entry::Link {
            return Err(Refused::LinkOnTheWay(path));
        }
    }
    Ok(path)
}

/// The text of a plain file as UTF-8 (a byte order mark dropped).
pub fn text(path: &Path, kind: Kind) -> Result<String, Refused> {
    decode(bytes(path, kind)?)
}

/// `bytes` as UTF-8 text, a byte order mark dropped.
fn decode(bytes: Vec<u8>) -> Result<String, Refused> {
    let bytes = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .map(<[u8]>::to_vec)
        .unwrap_or(bytes);
    String::from_utf8(bytes).map_err(|e| {
        Refused::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (byte {} is not valid)",
                e.utf8_error().valid_up_to()
            ),
        ))
    })
}

/// The entries of a folder, sorted by name; nothing when it cannot be read.
pub fn list(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .collect();
    out.sort();
    out
}

/// The entries of a folder, or why it cannot be read.
pub fn try_list(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        out.push(e?.path());
    }
    out.sort();
    Ok(out)
}

/// `path` with `.` and `..` worked out from the text alone, so that
/// `/guide/../etc/passwd` is not taken for a file of `/guide`; `None` when
/// `..` climbs above where the path starts.
pub fn lexical(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// The path with every link followed and `..` resolved, when it exists.
pub fn real(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_a_device_a_folder_and_a_link_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        assert!(std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success());
        assert!(matches!(
            bytes(&fifo, Kind::Baseline),
            Err(Refused::Special)
        ));
        assert!(matches!(
            bytes(Path::new("/dev/zero"), Kind::Baseline),
            Err(Refused::Special)
        ));
        assert!(matches!(
            bytes(dir.path(), Kind::Settings),
            Err(Refused::Folder)
        ));
        std::fs::write(dir.path().join("a"), "a").unwrap();
        std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("b")).unwrap();
        assert!(matches!(
            bytes(&dir.path().join("b"), Kind::Settings),
            Err(Refused::Link)
        ));
        assert!(matches!(
            bytes(&dir.path().join("c"), Kind::Settings),
            Err(Refused::Missing)
        ));
    }

    #[test]
    fn a_file_larger_than_its_kind_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("ordlista.txt");
        let file = std::fs::File::create(&big).unwrap();
        file.set_len(100 * MB).unwrap();
        let Err(refused) = bytes(&big, Kind::WordList) else {
            panic!("read");
        };
        assert_eq!(
            refused.to_string(),
            "the file is 104857600 bytes, more than the 8388608 a word list may hold"
        );
        assert_eq!(
            bytes(&big, Kind::Content(100 * MB)).unwrap().len() as u64,
            100 * MB
        );
    }

    #[test]
    fn a_linked_folder_on_the_way_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("hemlig.png"), "x").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("media")).unwrap();
        let Err(Refused::LinkOnTheWay(at)) =
            bytes_in(root.path(), Path::new("media/hemlig.png"), Kind::Media)
        else {
            panic!("read through a link");
        };
        assert_eq!(at, root.path().join("media"));
        assert!(matches!(
            bytes_in(root.path(), Path::new("../x"), Kind::Media),
            Err(Refused::Escapes)
        ));
    }

    #[test]
    fn an_announced_length_is_checked_before_it_is_read() {
        let mut stream: &[u8] = b"hello\0next";
        assert_eq!(announced(&mut stream, 5, Kind::Settings).unwrap(), b"hello");
        assert_eq!(stream, b"\0next");
        let mut endless = std::io::repeat(b'a');
        let huge = announced(&mut endless, u64::MAX, Kind::Settings);
        assert!(matches!(huge, Err(Refused::TooBig { .. })));
        let mut short: &[u8] = b"abc";
        assert!(matches!(
            announced(&mut short, 5, Kind::Settings),
            Err(Refused::Io(_))
        ));
    }

    #[test]
    fn lexical_works_out_dots_and_never_climbs_above_the_start() {
        let l = |p: &str| lexical(Path::new(p)).map(|p| p.display().to_string());
        assert_eq!(l("/guide/../etc/passwd").as_deref(), Some("/etc/passwd"));
        assert_eq!(l("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(l("a/../.."), None);
        assert_eq!(l("/.."), None);
    }

    #[test]
    fn text_drops_a_byte_order_mark_and_names_bad_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t");
        std::fs::write(&file, b"\xef\xbb\xbfhej").unwrap();
        assert_eq!(text(&file, Kind::Settings).unwrap(), "hej");
        std::fs::write(&file, b"ok\xff").unwrap();
        assert!(text(&file, Kind::Settings)
            .unwrap_err()
            .to_string()
            .contains("byte 2"));
    }
}

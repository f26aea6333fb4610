//! The books an export wrote into its `--out`, kept there as
//! `.handbok-books`: one line a book, its name and a digest of its bytes
//! (of a folder's files, by name, for the web site).
//! A file of a book's name is handbok's to replace or remove only if the
//! ledger names it and it still holds those bytes; anything else there is
//! the user's (a file they put in, or a book they changed since).

use crate::files::{read, write};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::xxh3_64;

/// The ledger's file name in `--out`.
pub const FILE: &str = ".handbok-books";

#[derive(Debug, Default)]
pub struct Ledger {
    /// Book name and, since the ledger carries them, its digest.
    books: Vec<(String, Option<u64>)>,
}

impl Ledger {
    /// The ledger in `out` (empty if there is none or it is not one).
    pub fn read(out: &Path) -> Ledger {
        let text = read::text(&out.join(FILE), read::Kind::Own).unwrap_or_default();
        let books = text
            .lines()
            .filter(|l| !l.is_empty())
            .map(|line| match line.split_once('\t') {
                Some((name, hex)) => (name.to_string(), u64::from_str_radix(hex, 16).ok()),
                // A ledger of an earlier handbok: names only.
                None => (line.to_string(), None),
            })
            .collect();
        Ledger { books }
    }

    /// The ledger of `books` (name and digest) and of the books of `kept`.
    pub fn of(books: &[(String, u64)], kept: &[&(String, Option<u64>)]) -> Ledger {
        let mut all: Vec<(String, Option<u64>)> = books
            .iter()
            .map(|(name, digest)| (name.clone(), Some(*digest)))
            .collect();
        all.extend(kept.iter().map(|&b| b.clone()));
        Ledger { books: all }
    }

    pub fn text(&self) -> String {
        self.books
            .iter()
            .map(|(name, digest)| match digest {
                Some(d) => format!("{name}\t{d:016x}\n"),
                None => format!("{name}\n"),
            })
            .collect()
    }

    pub fn books(&self) -> &[(String, Option<u64>)] {
        &self.books
    }

    /// Whether the file `name` in `out` is a book this ledger says handbok
    /// wrote, unchanged since.
    pub fn owns(&self, out: &Path, name: &str) -> bool {
        match self.books.iter().find(|(n, _)| n == name) {
            None => false,
            Some((_, None)) => true,
            Some((_, Some(digest))) => on_disk(&out.join(name)) == Some(*digest),
        }
    }
}

/// The digest of a book's bytes.
pub fn of_file(bytes: &[u8]) -> u64 {
    xxh3_64(bytes)
}

/// The digest of a folder's files: each one's path inside it and bytes,
/// in the order of their paths.
pub fn of_folder<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> u64 {
    let mut files: Vec<(&str, &[u8])> = files.into_iter().collect();
    files.sort();
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (path, bytes) in files {
        hasher.update(path.as_bytes());
        hasher.update(&[0]);
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.digest()
}

/// The digest of what is at `path`: a book's bytes, or a folder's files
/// (none when a file in it cannot be read, or a link or a special file is
/// in it: then it is not what handbok wrote).
fn on_disk(path: &Path) -> Option<u64> {
    match read::entry(path) {
        read::Entry::File(_) => read::bytes(path, read::Kind::Own).ok().map(|b| of_file(&b)),
        read::Entry::Folder => {
            let mut files = Vec::new();
            collect(path, "", &mut files)?;
            Some(of_folder(
                files.iter().map(|(p, b)| (p.as_str(), b.as_slice())),
            ))
        }
        _ => None,
    }
}

fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> Option<()> {
    for path in read::try_list(dir).ok()? {
        let name = path.file_name()?.to_str()?;
        let rel = format!("{prefix}{name}");
        match read::entry(&path) {
            read::Entry::File(_) => out.push((rel, read::bytes(&path, read::Kind::Own).ok()?)),
            read::Entry::Folder => collect(&path, &format!("{rel}/"), out)?,
            _ => return None,
        }
    }
    Some(())
}

/// Remove a book the last export wrote, if the name is one handbok gives
/// (a plain `name.pdf` or `name.epub`), it is still a plain file and still
/// the book written: its path, when removed.
pub fn remove_old_book(out: &Path, ledger: &Ledger, name: &str) -> Option<PathBuf> {
    let plain = !name.starts_with('.') && !name.contains(['/', '\\']);
    let book = name.ends_with(".pdf") || name.ends_with(".epub");
    let path = out.join(name);
    let file = matches!(read::entry(&path), read::Entry::File(_));
    let ours = plain && book && file && ledger.owns(out, name);
    (ours && write::remove_file(&path).is_ok()).then_some(path)
}

//! The preview's search index, kept up to date off the reload's path:
//! after a build, the pages are rendered again and only the shards whose
//! pages changed are indexed again (a shard is 2,000 pages in reading
//! order, as the export makes them).

use super::Shared;
use crate::export::html::search::{more, shard_files, SHARD};
use std::collections::HashMap;
use std::sync::Arc;

/// The index's files by path in the site, and the shards to merge.
#[derive(Default)]
pub struct Files {
    pub files: HashMap<String, Vec<u8>>,
    pub more: Vec<String>,
    /// A digest of each shard's pages, to tell which changed.
    digests: Vec<u64>,
}

/// The thread that indexes; told by [`Indexer::wanted`].
pub struct Indexer {
    wanted: crossbeam_channel::Sender<()>,
}

impl Indexer {
    pub fn start(shared: Arc<Shared>) -> Indexer {
        let (wanted, asked) = crossbeam_channel::unbounded::<()>();
        std::thread::spawn(move || {
            // One thread: the other cores stay free to show the next save.
            let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().ok();
            while asked.recv().is_ok() {
                // Many builds in a row: index the last.
                while asked.try_recv().is_ok() {}
                let files = match &pool {
                    Some(pool) => pool.install(|| update(&shared)),
                    None => update(&shared),
                };
                if let Some(files) = files {
                    match shared.search.write() {
                        Ok(mut s) => *s = Arc::new(files),
                        Err(e) => *e.into_inner() = Arc::new(files),
                    }
                }
            }
        });
        Indexer { wanted }
    }

    /// Index the current build when the thread is free.
    pub fn wanted(&self) {
        let _ = self.wanted.send(());
    }
}

/// The index of the current build, from the last one: `None` when there
/// is no book or nothing changed.
fn update(shared: &Shared) -> Option<Files> {
    let built = shared.built();
    let book = built.book.as_ref().as_ref().ok()?;
    let pages = built.html.site(book).searched();
    let old = shared.search();
    let mut out = Files {
        files: old.files.clone(),
        more: more(pages.len().div_ceil(SHARD)),
        digests: Vec::new(),
    };
    for (n, chunk) in pages.chunks(SHARD).enumerate() {
        let digest = chunk.iter().fold(0u64, |h, (path, html)| {
            h.rotate_left(7) ^ crate::text::fnv(path.as_bytes()) ^ crate::text::fnv(html.as_bytes())
        });
        out.digests.push(digest);
        if old.digests.get(n) == Some(&digest) {
            continue;
        }
        let refs: Vec<(&str, &str)> = chunk
            .iter()
            .map(|(p, h)| (p.as_str(), h.as_str()))
            .collect();
        // A shard that fails keeps its last index.
        if let Ok(files) = shard_files(n, &refs[..]) {
            let folder = format!("{}/", folder_of(&files));
            out.files.retain(|path, _| !path.starts_with(&folder));
            out.files.extend(files);
        }
    }
    // Shards past the last are gone.
    let shards = out.digests.len();
    out.files
        .retain(|path, _| shard_of(path).is_none_or(|n| n < shards));
    (out.digests != old.digests).then_some(out)
}

/// The folder the files of one shard are in.
fn folder_of(files: &[(String, Vec<u8>)]) -> &str {
    files
        .first()
        .and_then(|(p, _)| p.split('/').next())
        .unwrap_or("pagefind")
}

/// The shard (from 0) a file of the index is in.
fn shard_of(path: &str) -> Option<usize> {
    let folder = path.split('/').next()?;
    match folder.strip_prefix("pagefind") {
        Some("") => Some(0),
        Some(n) => n.strip_prefix('-')?.parse::<usize>().ok().map(|n| n - 1),
        None => None,
    }
}

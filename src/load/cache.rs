//! The load cache: pages as loaded, keyed by file path and a hash of the
//! file's text, so that a run after a small change parses only the files
//! that changed. Parsing and validating YAML is most of what loading a
//! large guide costs; reading and hashing the files is a small part.
//!
//! The cache is a folder (`.handbok_cache/` in the content folder, or
//! `HANDBOK_CACHE_DIR`) of 64 shard files; a page's shard is picked by its
//! path, so a change rewrites one shard, not the whole cache. A shard is
//! MessagePack behind a checksum and a key naming the program that wrote
//! it: a shard written by another build, cut short or damaged is ignored
//! and rewritten. Only files that loaded without a finding are kept, so a
//! file with a problem is always read afresh and its findings are exact.
//! The cache is never needed: a folder that cannot be written is simply
//! not used.

use super::{Content, Loaded, GUIDE_FILE};
use crate::model::{Area, Article, Guide, Municipality, Page, PageBody};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

/// The cache folder's name inside the content folder. Hidden: the loader
/// skips it.
pub const CACHE_DIR: &str = ".handbok_cache";
const SHARDS: usize = 64;

pub struct Cache {
    dir: PathBuf,
    key: String,
    shards: Vec<Mutex<Shard>>,
}

#[derive(Default)]
struct Shard {
    /// What the shard file holds and no lookup has taken yet.
    stored: HashMap<String, ([u64; 2], Stored)>,
    /// Paths served from the shard.
    hits: HashSet<String>,
    /// The file could not be read as a shard of this build.
    stale: bool,
}

/// A loaded file as the cache keeps it (written from references, read
/// back owned; the variant names are the format).
#[derive(Serialize)]
enum StoredRef<'a> {
    Guide(&'a Guide),
    Area(&'a Area),
    Municipality(&'a Municipality),
    Article(&'a Article),
}

#[derive(Deserialize)]
enum Stored {
    Guide(Box<Guide>),
    Area(Box<Area>),
    Municipality(Box<Municipality>),
    Article(Box<Article>),
}

#[derive(Serialize)]
struct ShardOut<'a> {
    key: &'a str,
    entries: Vec<(&'a str, [u64; 2], &'a StoredRef<'a>)>,
}

#[derive(Deserialize)]
struct ShardIn {
    key: String,
    entries: Vec<(String, [u64; 2], Stored)>,
}

impl Cache {
    /// The cache in `dir`, its shards read in parallel. Missing or unusable
    /// shards are empty.
    pub fn open(dir: &Path) -> Cache {
        let key = build_key();
        let shards = (0..SHARDS)
            .into_par_iter()
            .map(|i| Mutex::new(read_shard(&shard_path(dir, i), &key)))
            .collect();
        Cache {
            dir: dir.to_path_buf(),
            key,
            shards,
        }
    }

    /// The file at `rel` as loaded before, if its text is what it was.
    pub(super) fn take(&self, rel: &str, text: &Arc<str>) -> Option<Loaded> {
        let hash = text_hash(text);
        let mut shard = self.shard(rel).lock().ok()?;
        if shard.stored.get(rel)?.0 != hash {
            return None;
        }
        let (_, stored) = shard.stored.remove(rel)?;
        shard.hits.insert(rel.to_string());
        Some(stored.into_loaded(rel, text.clone()))
    }

    /// Write the shards whose files changed since they were read. Only
    /// files that loaded without a finding are kept. A folder that cannot
    /// be written is left as it is.
    pub fn save(&self, content: &Content) {
        let with_findings: HashSet<&str> = content
            .diagnostics
            .iter()
            .map(|d| d.path.as_str())
            .collect();
        let mut by_shard: Vec<Vec<Entry>> = (0..SHARDS).map(|_| Vec::new()).collect();
        let pages = content
            .pages
            .iter()
            .map(|p| (p.display_path(), p.body.stored()));
        let guide = content
            .guide
            .as_ref()
            .map(|g| (GUIDE_FILE.to_string(), StoredRef::Guide(g)));
        for (path, stored) in pages.chain(guide) {
            let Some(text) = content.sources.get(&path) else {
                continue;
            };
            if !with_findings.contains(path.as_str()) {
                by_shard[shard_of(&path)].push((path, text, stored));
            }
        }
        let changed: Vec<(usize, Vec<Entry>)> = by_shard
            .into_iter()
            .enumerate()
            .filter(|(i, entries)| self.changed(*i, entries))
            .collect();
        if changed.is_empty() || !self.prepare() {
            return;
        }
        changed
            .into_par_iter()
            .for_each(|(i, entries)| self.write(i, &entries));
    }

    fn shard(&self, rel: &str) -> &Mutex<Shard> {
        &self.shards[shard_of(rel)]
    }

    /// Whether shard `i` should now hold other entries than it does.
    fn changed(&self, i: usize, entries: &[Entry]) -> bool {
        let Ok(shard) = self.shards[i].lock() else {
            return false;
        };
        shard.stale
            || !shard.stored.is_empty()
            || entries.len() != shard.hits.len()
            || entries
                .iter()
                .any(|(path, _, _)| !shard.hits.contains(path))
    }

    fn write(&self, i: usize, entries: &[Entry]) {
        let out = ShardOut {
            key: &self.key,
            entries: entries
                .iter()
                .map(|(path, text, stored)| (path.as_str(), text_hash(text), stored))
                .collect(),
        };
        let Ok(payload) = rmp_serde::to_vec_named(&out) else {
            return;
        };
        let mut bytes = xxh3_64(&payload).to_le_bytes().to_vec();
        bytes.extend_from_slice(&payload);
        let _ = crate::files::write::scratch(&shard_path(&self.dir, i), &bytes);
    }

    /// Make the folder, marked as a cache (CACHEDIR.TAG) that git ignores.
    /// A folder that is there already is used only if handbok made it (its
    /// CACHEDIR.TAG says so): a user's folder named as the cache never gets
    /// a `.gitignore`, a tag or shards. False when it cannot be used.
    fn prepare(&self) -> bool {
        use crate::files::read::{entry, Entry};
        match entry(&self.dir) {
            Entry::Folder if self.is_ours() => {
                crate::files::tmp::clean_stale(&self.dir);
                return true;
            }
            Entry::Missing => {}
            _ => return false,
        }
        if crate::files::write::folder(&self.dir).is_err() {
            return false;
        }
        let files: [(&str, &str); 2] = [
            (
                ".gitignore",
                "# A cache made by handbok; safe to delete.\n*\n",
            ),
            ("CACHEDIR.TAG", TAG),
        ];
        let marked = files.iter().all(|(name, text)| {
            crate::files::write::scratch(&self.dir.join(name), text.as_bytes()).is_ok()
        });
        if !marked {
            // A folder without the tag would pass for a user's from now on.
            let _ = crate::files::write::remove_tree(&self.dir);
        }
        marked
    }

    /// Whether the folder holds the tag handbok writes when it makes one.
    fn is_ours(&self) -> bool {
        crate::files::read::bytes(
            &self.dir.join("CACHEDIR.TAG"),
            crate::files::read::Kind::Own,
        )
        .is_ok_and(|t| t == TAG.as_bytes())
    }
}

/// The cache tag (https://bford.info/cachedir/) of a folder handbok made.
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
                   # This file is a cache tag created by handbok.\n\
                   # For information about cache directory tags see https://bford.info/cachedir/\n";

/// A file to keep: its path, its text and what it loaded to.
type Entry<'a> = (String, &'a Arc<str>, StoredRef<'a>);

impl PageBody {
    fn stored(&self) -> StoredRef<'_> {
        match self {
            PageBody::Area(a) => StoredRef::Area(a),
            PageBody::Municipality(m) => StoredRef::Municipality(m),
            PageBody::Article(a) => StoredRef::Article(a),
        }
    }
}

impl Stored {
    fn into_loaded(self, rel: &str, source: Arc<str>) -> Loaded {
        let page = |body| {
            let path = PathBuf::from(rel);
            Loaded::Page(Page {
                id: crate::model::page_id(&path),
                path,
                source,
                body,
                lines: Default::default(),
            })
        };
        match self {
            Stored::Guide(g) => Loaded::Guide(g),
            Stored::Area(a) => page(PageBody::Area(a)),
            Stored::Municipality(m) => page(PageBody::Municipality(m)),
            Stored::Article(a) => page(PageBody::Article(a)),
        }
    }
}

/// What a shard file holds, if it is whole and of this build.
fn read_shard(path: &Path, key: &str) -> Shard {
    let stale = Shard {
        stale: true,
        ..Shard::default()
    };
    let bytes = match crate::files::read::bytes(path, crate::files::read::Kind::Own) {
        Ok(bytes) => bytes,
        // No file is an empty shard, not a stale one: empty shards are
        // never written.
        Err(crate::files::read::Refused::Missing) => return Shard::default(),
        Err(_) => return stale,
    };
    let Some((sum, payload)) = bytes.split_first_chunk::<8>() else {
        return stale;
    };
    if u64::from_le_bytes(*sum) != xxh3_64(payload) {
        return stale;
    }
    match rmp_serde::from_slice::<ShardIn>(payload) {
        Ok(shard) if shard.key == key => Shard {
            stored: shard
                .entries
                .into_iter()
                .map(|(path, hash, stored)| (path, (hash, stored)))
                .collect(),
            ..Shard::default()
        },
        _ => stale,
    }
}

fn shard_path(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("pages-{i:02}.msgpack"))
}

fn shard_of(rel: &str) -> usize {
    (xxh3_64(rel.as_bytes()) % SHARDS as u64) as usize
}

fn text_hash(text: &str) -> [u64; 2] {
    let h = xxh3_128(text.as_bytes());
    [(h >> 64) as u64, h as u64]
}

/// This program, as exactly as can be told cheaply: its version and the
/// size and time of its executable, so that a rebuilt handbok (whose model
/// may read differently) never trusts an older build's shards.
fn build_key() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let time = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {time}", m.len())
        })
        .unwrap_or_default();
    format!("handbok {} {exe}", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_come_back_with_their_positions_for_this_build_only() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("cache");
        let content = crate::load::load(Path::new("content")).unwrap();
        let cache = Cache::open(&dir);
        cache.save(&content);
        let again = Cache::open(&dir);
        let page = content.page("omraden/ledarskap").unwrap();
        let rel = page.display_path();
        let Some(Loaded::Page(back)) = again.take(&rel, &page.source) else {
            panic!("not in the cache");
        };
        let title = |p: &Page| {
            let t = p.body.title();
            (t.to_string(), crate::model::Located::pos(t))
        };
        assert_eq!(title(&back), title(page));
        assert_eq!(back.id, page.id);
        let shard = shard_path(&dir, shard_of(&rel));
        assert!(!read_shard(&shard, &again.key).stale);
        assert!(read_shard(&shard, "handbok 0.0.0 another build").stale);
        let other: Arc<str> = format!("{} ", page.source).into();
        assert!(again.take("omraden/ledarskap.yaml", &other).is_none());
    }
}

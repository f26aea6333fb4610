//! The workspace: one guide as every command sees it. Where its root is
//! (`guide.yaml`), its settings (`handbok.toml`, read into a plain value),
//! its content as loaded within those settings, and how it follows the disk.
//! `lint`, `export`, the language server and the preview share it, as
//! rust-analyzer's and ruff's servers share one session type.

pub mod colour;
pub mod config;
pub mod rename;
pub mod selection;
pub mod watch;

pub use config::Config;

use crate::load::Content;
use crate::Error;
use std::path::{Path, PathBuf};

/// A guide, its settings and its content.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub config: Config,
    pub content: Content,
}

impl Workspace {
    /// The settings of the guide at `root`: the file given, else the nearest
    /// handbok.toml at or above it, else the defaults.
    pub fn config(root: &Path, settings: Option<&Path>) -> Result<Config, Error> {
        match settings {
            Some(path) => Config::read_named(path),
            None => Config::find(root),
        }
    }

    /// Load the guide at `root` with `config` (its limits and cache).
    pub fn load(root: &Path, config: Config) -> Result<Workspace, Error> {
        let content = load_content(root, &config)?;
        Ok(Workspace {
            root: root.to_path_buf(),
            config,
            content,
        })
    }

    /// Read the nearest handbok.toml again (it changed): every setting from
    /// it, none kept from before (the cache's place is no setting of the
    /// file and stays). A broken file leaves the last good settings in
    /// force and says why. New limits load the content again from disk, so
    /// none outlives the file that set it: `Ok(true)`, and text that only
    /// an editor holds must be put back (`Content::replace_file`).
    pub fn reload_config(&mut self) -> Result<bool, Error> {
        let mut config = Config::find(&self.root)?;
        config.cache = self.config.cache.take();
        let reload = config.load != self.config.load;
        self.config = config;
        if reload {
            self.content = load_content(&self.root, &self.config)?;
        }
        Ok(reload)
    }

    /// Follow a change on disk at `rel` (relative to the root; empty: the
    /// root itself, replaced): a content file read again or forgotten; a
    /// folder, a link or anything gone that was no content file read
    /// again as loading walks it.
    pub fn follow(&mut self, rel: &Path) {
        let slashed = crate::model::slash_path(rel);
        if slashed == crate::model::MEDIA_DIR
            || slashed.starts_with(&format!("{}/", crate::model::MEDIA_DIR))
        {
            return;
        }
        let meta = std::fs::symlink_metadata(self.root.join(rel));
        let content_file = crate::load::is_content_file(&slashed);
        match meta {
            // A link is read as a file: reading it says it is one.
            Ok(m) if m.is_symlink() => self.content.reload_file(rel),
            Ok(m) if m.is_dir() => self.content.reload_folder(rel),
            Ok(_) if content_file => self.content.reload_file(rel),
            Ok(_) => {}
            Err(_) if content_file => self.content.reload_file(rel),
            Err(_) => self.content.reload_folder(rel),
        }
    }
}

/// Seconds since 1970: now, or `SOURCE_DATE_EPOCH` when it is set, so that
/// runs can be reproduced.
pub fn now() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

/// Where the cache of loaded pages is kept (see [`crate::load::Cache`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CachePlace {
    /// No cache: every file is parsed again.
    Off,
    /// `.handbok_cache` in the guide's folder.
    #[default]
    InGuide,
    /// A folder of the user's choice.
    At(PathBuf),
}

impl CachePlace {
    /// The cache folder for the guide at `root`, unless turned off.
    pub fn dir(&self, root: &Path) -> Option<PathBuf> {
        match self {
            CachePlace::Off => None,
            CachePlace::InGuide => Some(root.join(crate::load::CACHE_DIR)),
            CachePlace::At(dir) => Some(dir.clone()),
        }
    }
}

/// The content of the guide at `root`, within `config`'s limits, through
/// its cache when it has one.
pub fn load_content(root: &Path, config: &Config) -> Result<Content, Error> {
    crate::load::load_with(root, config.load, config.cache.as_deref())
}

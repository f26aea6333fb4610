//! Following the disk by polling: what `lint --watch` waits on. Polling,
//! not file events: it works the same on every file system (network
//! folders, containers), and a guide of thousands of files is walked in
//! milliseconds.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// What was seen of a guide: every file with its size and time of change.
pub type Snapshot = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// How often `--watch` looks at the files.
const INTERVAL: std::time::Duration = std::time::Duration::from_millis(250);

/// What `--watch` compares: every file under the guide (content, settings,
/// word list) with its size and time of change.
pub fn snapshot(root: &Path) -> Snapshot {
    let mut out = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for path in crate::files::read::list(&folder) {
            let hidden = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            let Ok(meta) = path.symlink_metadata() else {
                continue;
            };
            if hidden {
                continue;
            }
            if meta.is_dir() {
                folders.push(path);
            } else {
                out.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}

/// Wait until something under `root` differs from `seen` and the writes
/// have settled; `seen` is then what is there.
pub fn next_change(root: &Path, seen: &mut Snapshot) {
    while snapshot(root) == *seen {
        std::thread::sleep(INTERVAL);
    }
    loop {
        std::thread::sleep(INTERVAL);
        let now = snapshot(root);
        if now == *seen {
            break;
        }
        *seen = now;
    }
}

/// The changes under a guide's folder, as the system reports them
/// (inotify, FSEvents, ReadDirectoryChangesW through `notify`), else by
/// polling: what `handbok serve` follows.
pub struct Events {
    changes: crossbeam_channel::Receiver<PathBuf>,
    /// Kept alive while events are wanted; made anew when the folder is
    /// replaced.
    _watcher: Slot,
}

type Slot = Arc<Mutex<Option<notify::RecommendedWatcher>>>;

/// How long a batch of changes waits for more: an editor's save is often
/// a write, a rename and a change of time in a row.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(15);

/// How often the fallback looks, where no file events can be had.
const POLL: std::time::Duration = std::time::Duration::from_millis(100);

impl Events {
    /// Follow every change under `root` from now on.
    pub fn start(root: &Path) -> Events {
        let (tx, changes) = crossbeam_channel::unbounded();
        let lost = Arc::new(AtomicBool::new(false));
        let watcher = system_events(root, tx.clone(), lost.clone());
        let polled = watcher.is_none();
        let slot: Slot = Arc::new(Mutex::new(watcher));
        let root = root.to_path_buf();
        match polled {
            true => std::thread::spawn(move || poll(&root, &tx)),
            false => {
                let slot = Arc::downgrade(&slot);
                std::thread::spawn(move || guard(&root, &tx, &slot, &lost))
            }
        };
        Events {
            changes,
            _watcher: slot,
        }
    }

    /// The next batch of changed paths, relative to `root` and sorted,
    /// leaving out hidden files and folders (caches, `.git`, editors'
    /// swap files), waiting at most `wait` (`None`: as long as it takes)
    /// for the batch to start.
    pub fn next_within(&self, root: &Path, wait: Option<std::time::Duration>) -> Next {
        loop {
            let first = match wait {
                None => self.changes.recv().map_err(|_| Next::Closed),
                Some(wait) => self.changes.recv_timeout(wait).map_err(|e| match e {
                    crossbeam_channel::RecvTimeoutError::Timeout => Next::Quiet,
                    crossbeam_channel::RecvTimeoutError::Disconnected => Next::Closed,
                }),
            };
            let mut batch = match first {
                Ok(path) => vec![path],
                Err(next) => return next,
            };
            while let Ok(path) = self.changes.recv_timeout(SETTLE) {
                batch.push(path);
            }
            let mut out: Vec<PathBuf> = batch
                .into_iter()
                .filter_map(|p| relative(root, &p))
                .collect();
            out.sort();
            out.dedup();
            if !out.is_empty() {
                return Next::Changes(out);
            }
        }
    }

    /// Whether a change is waiting to be taken.
    pub fn waiting(&self) -> bool {
        !self.changes.is_empty()
    }
}

/// What [`Events::next_within`] saw.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Changed paths, relative to the root.
    Changes(Vec<PathBuf>),
    /// Nothing within the time.
    Quiet,
    /// The watcher is gone.
    Closed,
}

/// `path` relative to `root` (empty: the root itself), unless it is
/// hidden or outside.
fn relative(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    (!hidden).then(|| rel.to_path_buf())
}

/// How often the guard looks whether the folder was replaced.
const GUARD: std::time::Duration = std::time::Duration::from_millis(250);

/// The folder's identity on disk, if it is there.
fn identity(root: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(root).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        Some((
            0,
            meta.created().map_or(0, |t| {
                t.duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64)
            }),
        ))
    }
}

/// A folder deleted and made again (`rm -rf content && import`) is a new
/// folder the system's events do not follow: watch it anew and report the
/// root as changed, until the events are no longer wanted. Its identity
/// tells it, or (a new folder can get the old one's inode) the event of
/// its removal.
fn guard(
    root: &Path,
    tx: &crossbeam_channel::Sender<PathBuf>,
    slot: &std::sync::Weak<Mutex<Option<notify::RecommendedWatcher>>>,
    lost: &Arc<AtomicBool>,
) {
    let mut known = identity(root);
    loop {
        std::thread::sleep(GUARD);
        let Some(slot) = slot.upgrade() else {
            return;
        };
        let now = identity(root);
        let back = now.is_some() && lost.load(Ordering::SeqCst);
        if now == known && !back {
            continue;
        }
        if now.is_some() {
            lost.store(false, Ordering::SeqCst);
        }
        known = now;
        let watcher = now.and_then(|_| system_events(root, tx.clone(), lost.clone()));
        match slot.lock() {
            Ok(mut s) => *s = watcher,
            Err(e) => *e.into_inner() = watcher,
        }
        if tx.send(root.to_path_buf()).is_err() {
            return;
        }
    }
}

/// The system's events under `root`; `lost` is set when the folder
/// itself is removed.
fn system_events(
    root: &Path,
    tx: crossbeam_channel::Sender<PathBuf>,
    lost: Arc<AtomicBool>,
) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let folder = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if event.kind.is_remove() && event.paths.contains(&folder) {
                lost.store(true, Ordering::SeqCst);
            }
            if !event.kind.is_access() {
                event.paths.into_iter().for_each(|p| {
                    let _ = tx.send(p);
                });
            }
        }
    })
    .ok()?;
    watcher.watch(root, notify::RecursiveMode::Recursive).ok()?;
    Some(watcher)
}

/// Polling: every file whose size or time changed, or that came or went.
fn poll(root: &Path, tx: &crossbeam_channel::Sender<PathBuf>) {
    let mut seen = snapshot(root);
    loop {
        std::thread::sleep(POLL);
        let now = snapshot(root);
        let before: std::collections::HashMap<&PathBuf, _> = seen
            .iter()
            .map(|(p, size, time)| (p, (size, time)))
            .collect();
        let after: std::collections::HashMap<&PathBuf, _> = now
            .iter()
            .map(|(p, size, time)| (p, (size, time)))
            .collect();
        let changed = after
            .iter()
            .filter(|(p, v)| before.get(*p) != Some(v))
            .map(|(p, _)| *p)
            .chain(before.keys().filter(|p| !after.contains_key(*p)).copied());
        for path in changed {
            if tx.send(path.clone()).is_err() {
                return;
            }
        }
        seen = now;
    }
}

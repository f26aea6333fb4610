//! Following the disk by polling: what `lint --watch` waits on. Polling,
//! not file events: it works the same on every file system (network
//! folders, containers), and a guide of thousands of files is walked in
//! milliseconds.

use std::path::{Path, PathBuf};
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

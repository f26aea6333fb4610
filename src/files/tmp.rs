//! Temporary files and folders that never outlive the run: every one is
//! registered while it exists, removed when the run is interrupted
//! (SIGINT, SIGTERM, SIGHUP), and left-overs of a run that was killed
//! outright (SIGKILL, power loss) are removed by the next run. Their names
//! carry the process id (`.handbok-<pid>-…`), so a run never removes the
//! files of another run that is still going.

// The door itself: the only place the file system is read and written.
#![allow(clippy::disallowed_methods)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Held while files are moved into place, and by the signal handler while
/// it removes the temporary files: the two never overlap, so a handler
/// never empties a folder that is being renamed into place.
static MOVING: Mutex<()> = Mutex::new(());
/// The signal that interrupted the run, 0 while none has.
static SIGNAL: AtomicI32 = AtomicI32::new(0);

/// The name prefix of this run's temporary files.
pub fn prefix() -> String {
    prefix_of(std::process::id())
}

/// The name prefix of the temporary files of process `pid`:
/// `.handbok-<pid>-<seal>-`, the seal a digest of the pid that only
/// handbok writes, so that a name proves who made the file. A user's
/// `.handbok-2024-utkast` is never taken for a left-over.
pub fn prefix_of(pid: u32) -> String {
    format!(".handbok-{pid}-{:08x}-", seal(pid))
}

fn seal(pid: u32) -> u32 {
    let digest = crate::text::fnv(format!("handbok temporary file of {pid}").as_bytes());
    (digest >> 32) as u32 ^ digest as u32
}

/// Remove the registered files when the run is interrupted, then exit
/// with 128 + the signal's number, as a shell would report it (130 for
/// SIGINT, 143 for SIGTERM, 129 for SIGHUP).
pub fn clean_on_signal() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    on_signal(signal);
                }
            });
        }
    }
    #[cfg(not(unix))]
    let _ = ctrlc::set_handler(|| on_signal(2));
}

fn on_signal(signal: i32) {
    SIGNAL.store(signal, Ordering::SeqCst);
    // Files being moved into place: `critical` exits when it is done.
    // Otherwise the lock, held until the exit, keeps `critical` out.
    if let Ok(_moving) = MOVING.try_lock() {
        remove_live();
        std::process::exit(128 + signal);
    }
}

/// Run `f` (moving finished files into place) without being cut off by an
/// interruption, which takes effect when `f` is done.
pub fn critical<T>(f: impl FnOnce() -> T) -> T {
    let moving = MOVING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Interrupted before the move began: nothing is moved.
    exit_if_interrupted();
    let result = f();
    exit_if_interrupted();
    drop(moving);
    result
}

fn exit_if_interrupted() {
    let signal = SIGNAL.load(Ordering::SeqCst);
    if signal != 0 {
        remove_live();
        std::process::exit(128 + signal);
    }
}

/// Register `path`, which may not exist yet (an output folder an export
/// is about to make), for removal on a signal while the guard lives.
pub fn register(path: &Path) -> Guard {
    let mut live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    live.push(path.to_path_buf());
    Guard(path.to_path_buf())
}

/// Stop here if the run has been interrupted, so a long loop of writes
/// does not race the removal of its files: whoever holds the lock first,
/// the handler or this thread, removes them and exits; the other waits.
pub fn stop_if_interrupted() {
    if SIGNAL.load(Ordering::SeqCst) != 0 {
        let _moving = MOVING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        exit_if_interrupted();
    }
}

fn remove_live() {
    let paths = LIVE.lock().map(|l| l.clone()).unwrap_or_default();
    for p in paths {
        // A file written meanwhile makes a folder's removal fail: again.
        for _ in 0..5 {
            match std::fs::remove_dir_all(&p).or_else(|_| std::fs::remove_file(&p)) {
                Err(_) if p.exists() => std::thread::sleep(Duration::from_millis(20)),
                _ => break,
            }
        }
    }
}

/// Keeps `path` registered for removal on a signal while it lives.
pub struct Guard(PathBuf);

/// Make a temporary file or folder (`make`, named by `path`) and register
/// it in one step: the signal handler takes the same lock, so a signal
/// between the two cannot leave it behind unregistered.
pub fn made<T>(
    make: impl FnOnce() -> std::io::Result<T>,
    path: impl Fn(&T) -> &Path,
) -> std::io::Result<(T, Guard)> {
    let mut live = LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let made = make()?;
    let path = path(&made).to_path_buf();
    live.push(path.clone());
    Ok((made, Guard(path)))
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock() {
            live.retain(|p| p != &self.0);
        }
    }
}

/// A staging folder inside `dir` (created if missing): left-overs of
/// killed runs there are cleared first, and the folder is removed on a
/// signal and when the returned values are dropped.
pub fn staging(dir: &Path) -> std::io::Result<Staging> {
    std::fs::create_dir_all(dir)?;
    clean_stale(dir);
    let (dir, guard) = made(
        || tempfile::Builder::new().prefix(&prefix()).tempdir_in(dir),
        |t| t.path(),
    )?;
    Ok(Staging { dir, _guard: guard })
}

/// A staging folder, registered until it is gone: the folder is removed
/// first (fields drop in order), so an interruption while an old tree in
/// it is being removed still removes the rest.
pub struct Staging {
    dir: tempfile::TempDir,
    _guard: Guard,
}

impl Staging {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// Remove `.handbok-<pid>-<6 letters>` left-overs in `dir` whose process
/// is gone. Only that exact shape (what [`prefix`] and tempfile make) is
/// touched, so a user's file that merely starts with `.handbok-` stays.
pub fn clean_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        remove_if_stale(&entry.path());
    }
}

/// Remove `path` if it is a left-over of a run that has ended: its name has
/// exactly the shape of handbok's temporary files, and its process is gone.
pub fn remove_if_stale(path: &Path) {
    let name = path.file_name().and_then(|n| n.to_str());
    let Some(pid) = name.and_then(stale_pid) else {
        return;
    };
    let ended = if Path::new("/proc/self").exists() {
        pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
    } else {
        older_than(path, Duration::from_secs(24 * 3600))
    };
    if ended {
        let _ = std::fs::remove_dir_all(path).or_else(|_| std::fs::remove_file(path));
    }
}

/// The process id in the name of a temporary file handbok made: its
/// prefix ([`prefix_of`]) with the right seal, then the six letters
/// tempfile adds.
fn stale_pid(name: &str) -> Option<u32> {
    let (pid, rest) = name.strip_prefix(".handbok-")?.split_once('-')?;
    let pid: u32 = pid
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| pid.parse().ok())??;
    let random = name.strip_prefix(&prefix_of(pid))?;
    let ours = random.len() == 6 && random.bytes().all(|b| b.is_ascii_alphanumeric());
    (ours && rest.len() == 8 + 1 + 6).then_some(pid)
}

fn older_than(path: &Path, age: Duration) -> bool {
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|d| d > age)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_overs_of_ended_runs_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dir
            .path()
            .join(format!("{}aB3xYz", prefix_of(4_000_000_000)));
        let mine = dir.path().join(format!("{}aB3xYz", prefix()));
        let other = dir.path().join("bok.pdf");
        let users = [
            ".handbok-4000000000-mina-anteckningar",
            ".handbok-2024-utkast",
            ".handbok-4000000000-00000000-aB3xYz",
            ".handbok-books",
            ".handbok-x-aB3xYz",
        ];
        for p in [&dead, &mine, &other] {
            std::fs::write(p, "x").unwrap();
        }
        for name in users {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        clean_stale(dir.path());
        assert!(!dead.exists());
        assert!(mine.exists() && other.exists());
        for name in users {
            assert!(dir.path().join(name).exists(), "{name}");
        }
    }
}

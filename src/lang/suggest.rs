//! The dictionary's suggestions for unknown words, worked out on a thread of
//! their own while the pages are still being checked: one long compound
//! costs up to ~200 ms, and left to the end it would be a serial tail.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Suggestions take up to ~200 ms a word; a guide full of unknown words
/// gets them for this many distinct words, and for [`SUGGESTION_MS`] in
/// all, the rest are reported without.
pub const SUGGESTION_BUDGET: usize = 100;
/// Milliseconds a run may spend suggesting (a fuzzer sets 0).
static SUGGESTION_MS: AtomicU64 = AtomicU64::new(1000);

/// How long one run may spend on suggestions in all.
pub fn set_suggestion_time(limit: Duration) {
    SUGGESTION_MS.store(limit.as_millis() as u64, Ordering::Relaxed);
}

type Found = HashMap<String, Vec<String>>;

/// Words asked about so far, and the thread suggesting for them.
#[derive(Default)]
pub struct Suggestions {
    asked: Mutex<HashSet<String>>,
    worker: Mutex<Option<Worker>>,
    stop: Arc<AtomicBool>,
    /// When the run's time for suggestions is up, from the first word.
    deadline: OnceLock<Instant>,
}

struct Worker {
    words: Sender<String>,
    done: JoinHandle<Found>,
}

impl Suggestions {
    /// Start on `word` in the background, once per word and up to the
    /// budget.
    pub fn ask(&self, dict: &Arc<spellbook::Dictionary>, word: &str) {
        let Ok(mut asked) = self.asked.lock() else {
            return;
        };
        if asked.len() >= SUGGESTION_BUDGET || !asked.insert(word.to_string()) {
            return;
        }
        let Ok(mut worker) = self.worker.lock() else {
            return;
        };
        let worker = worker.get_or_insert_with(|| self.spawn(dict.clone()));
        let _ = worker.words.send(word.to_string());
    }

    fn spawn(&self, dict: Arc<spellbook::Dictionary>) -> Worker {
        let (words, queue) = channel::<String>();
        let stop = self.stop.clone();
        let deadline = self.deadline();
        let done = std::thread::spawn(move || {
            let mut found = Found::new();
            for word in queue {
                if stop.load(Ordering::Relaxed) || Instant::now() >= deadline {
                    break;
                }
                let suggested = suggest(&dict, &word);
                found.insert(word, suggested);
            }
            found
        });
        Worker { words, done }
    }

    /// The suggestions for `words`, in their order: what the background
    /// thread found, and, for a word it did not get to, what the time left
    /// allows. Only the first [`SUGGESTION_BUDGET`] words get any.
    pub fn collect(&self, dict: &spellbook::Dictionary, words: &[&str]) -> Vec<Vec<String>> {
        let worker = self.worker.lock().ok().and_then(|mut w| w.take());
        let found = worker
            .map(|w| {
                drop(w.words);
                w.done.join().unwrap_or_default()
            })
            .unwrap_or_default();
        let deadline = self.deadline();
        words
            .iter()
            .enumerate()
            .map(|(i, word)| match found.get(*word) {
                Some(s) => s.clone(),
                None if i < SUGGESTION_BUDGET && Instant::now() < deadline => suggest(dict, word),
                None => Vec::new(),
            })
            .collect()
    }
}

impl Suggestions {
    fn deadline(&self) -> Instant {
        *self.deadline.get_or_init(|| {
            Instant::now() + Duration::from_millis(SUGGESTION_MS.load(Ordering::Relaxed))
        })
    }
}

impl Drop for Suggestions {
    /// A run that never collects leaves no thread working for nothing.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Up to three suggestions from the dictionary.
pub fn suggest(dict: &spellbook::Dictionary, word: &str) -> Vec<String> {
    // Suggesting costs time that grows with the length; past 30 letters
    // the dictionary has nothing useful to say.
    if word.chars().count() > 30 {
        return Vec::new();
    }
    let mut found = Vec::new();
    // The n-gram pass costs ~100 ms a word and offers strangers
    // ("learning" → "Arninge"); edits and compound splits suffice.
    dict.suggester()
        .with_ngram_suggestions(false)
        .suggest(word, &mut found);
    // "Hörnstens modellen" is särskrivning, not a correction.
    found.retain(|s| !s.contains(' ') || word.contains(' '));
    found.truncate(3);
    found
}

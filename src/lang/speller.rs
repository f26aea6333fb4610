//! Spelling with a Hunspell dictionary (spellbook), read at run time from
//! files handbok does not compile in (the Swedish one is LGPL), plus the
//! words a guide uses legitimately: Sweden's municipalities and their
//! genitives, the guide's own names, and its word list.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::suggest::Suggestions;

/// The dictionary's file stem.
pub const LANGUAGE: &str = "sv_SE";
/// The guide's word list, in its content folder: one word a line.
pub const WORD_LIST: &str = "ordlista.txt";
/// Where the dictionary was looked for and found.
pub struct Located {
    pub aff: PathBuf,
    pub dic: PathBuf,
}

/// `sv_SE.aff` and `sv_SE.dic` in `path` (a folder), or beside `path`
/// (either file, or their common stem).
pub fn pair(path: &Path) -> Option<Located> {
    let stem = if path.is_dir() {
        path.join(LANGUAGE)
    } else {
        path.with_extension("")
    };
    let located = Located {
        aff: stem.with_extension("aff"),
        dic: stem.with_extension("dic"),
    };
    (located.aff.is_file() && located.dic.is_file()).then_some(located)
}

/// The places a dictionary is looked for when none is named: beside the
/// binary, in a `dictionaries/` folder of the repository holding the
/// content (or the one handbok was built from), then the system's.
pub fn search_path(content_root: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        dirs.push(exe_dir.join("dictionaries"));
        dirs.push(exe_dir.join("../share/handbok/dictionaries"));
    }
    let root = std::fs::canonicalize(content_root).unwrap_or_else(|_| content_root.to_path_buf());
    dirs.extend(root.ancestors().map(|a| a.join("dictionaries")));
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries"));
    let mut out: Vec<PathBuf> = dirs.into_iter().map(|d| d.join(LANGUAGE)).collect();
    out.push("/usr/share/hunspell".into());
    out.push("/usr/share/myspell".into());
    out
}

/// Find the dictionary: `named` if given (an error if it is not there),
/// else the first on the [`search_path`].
pub fn locate(named: Option<&Path>, content_root: &Path) -> Result<Option<Located>, String> {
    if let Some(path) = named {
        return pair(path)
            .map(Some)
            .ok_or_else(|| format!("no {LANGUAGE}.aff and {LANGUAGE}.dic at {}", path.display()));
    }
    Ok(search_path(content_root).iter().find_map(|p| pair(p)))
}

/// Dictionaries read in this process, by their .aff file: reading one
/// takes ~0.1 s, and a server or a fuzzer lints many times.
static LOADED: Mutex<Vec<(PathBuf, Arc<spellbook::Dictionary>)>> = Mutex::new(Vec::new());

fn dictionary(at: &Located) -> Result<Arc<spellbook::Dictionary>, String> {
    let mut loaded = LOADED.lock().map_err(|e| e.to_string())?;
    if let Some((_, d)) = loaded.iter().find(|(aff, _)| *aff == at.aff) {
        return Ok(d.clone());
    }
    let read = |p: &Path| {
        crate::files::read::text(p, crate::files::read::Kind::Dictionary)
            .map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    let dict = spellbook::Dictionary::new(&read(&at.aff)?, &read(&at.dic)?)
        .map_err(|e| format!("{}: {e}", at.aff.display()))?;
    let dict = Arc::new(dict);
    loaded.push((at.aff.clone(), dict.clone()));
    Ok(dict)
}

/// Start reading the dictionary `locate` finds, on another thread, so it
/// is ready when the first text is checked (reading takes ~0.1 s).
pub fn preload(named: Option<&Path>, content_root: &Path) {
    if let Ok(Some(at)) = locate(named, content_root) {
        std::thread::spawn(move || {
            let _ = dictionary(&at);
        });
    }
}

/// Each speller's number, so that a thread's cache of checked words
/// belongs to one speller (one guide's accepted words).
static SPELLERS: AtomicU64 = AtomicU64::new(0);

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

thread_local! {
    /// Words this thread checked, and for which speller: a guide repeats
    /// its words, and a lock around one shared cache cost more than it saved.
    static CHECKED: std::cell::RefCell<(u64, FastMap<String, bool>)> =
        std::cell::RefCell::new((u64::MAX, FastMap::default()));
}

pub struct Speller {
    dict: Arc<spellbook::Dictionary>,
    id: u64,
    /// Words accepted as written, and (for the word list) in lower case.
    accepted: HashSet<String, foldhash::fast::RandomState>,
    suggestions: Suggestions,
}

impl Speller {
    pub fn load(at: &Located) -> Result<Speller, String> {
        Ok(Speller {
            dict: dictionary(at)?,
            id: SPELLERS.fetch_add(1, Ordering::Relaxed),
            accepted: HashSet::default(),
            suggestions: Suggestions::default(),
        })
    }

    /// Accept a name as written, and its genitive (Umeå → Umeås; a name
    /// ending in s, x or z is its own genitive).
    pub fn accept_name(&mut self, name: &str) {
        for word in name.split(|c: char| c.is_whitespace() || c == '/') {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if word.is_empty() {
                continue;
            }
            self.accepted.insert(word.to_string());
            if !word.ends_with(['s', 'x', 'z']) {
                self.accepted.insert(format!("{word}s"));
            }
        }
    }

    /// Accept a word of the word list: as written, and in lower case when
    /// it is written in lower case (it may start a sentence).
    pub fn accept_word(&mut self, word: &str) {
        self.accepted.insert(word.to_string());
        if word.chars().all(|c| !c.is_uppercase()) {
            let mut chars = word.chars();
            if let Some(c) = chars.next() {
                self.accepted
                    .insert(c.to_uppercase().chain(chars).collect());
            }
        }
    }

    /// Whether `word` (as [`super::words`] cuts it) is spelt right, or is
    /// not a word to check: numbers, single letters, abbreviations,
    /// acronyms (all capitals), words with an apostrophe.
    pub fn is_correct(&self, word: &str) -> bool {
        let known = CHECKED.with_borrow_mut(|(id, checked)| {
            if *id != self.id {
                *id = self.id;
                checked.clear();
            }
            checked.get(word).copied()
        });
        if let Some(known) = known {
            return known;
        }
        let ok = !needs_checking(word) || self.accepted.contains(word) || self.check(word);
        CHECKED.with_borrow_mut(|(_, checked)| checked.insert(word.to_string(), ok));
        ok
    }

    fn check(&self, word: &str) -> bool {
        if self.dict.check(word) {
            return true;
        }
        // "SKR:s", "Mittköpings": the part before the colon or the genitive s.
        if let Some((base, "s")) = word.rsplit_once(':') {
            return self.is_correct(base);
        }
        if let Some(base) = word
            .strip_suffix('s')
            .filter(|b| self.accepted.contains(*b))
        {
            return !base.is_empty();
        }
        // "Mittköping-modellen": each part known on its own.
        word.contains('-')
            && word.split('-').all(|part| {
                part.is_empty()
                    || !needs_checking(part)
                    || self.accepted.contains(part)
                    || self.dict.check(part)
            })
    }

    /// Start working out suggestions for an unknown word, in the
    /// background.
    pub fn ask_suggestions(&self, word: &str) {
        self.suggestions.ask(&self.dict, word);
    }

    /// Up to three suggestions for each of `words` (distinct, in the order
    /// a reader meets them); see [`Suggestions::collect`].
    pub fn suggest_all(&self, words: &[&str]) -> Vec<Vec<String>> {
        self.suggestions.collect(&self.dict, words)
    }

    /// Up to three suggestions from the dictionary.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        super::suggest::suggest(&self.dict, word)
    }
}

/// Longer than any Swedish word in use (the longest compounds in running
/// text are ~40 letters): a hash, an id or garbage, and Hunspell's
/// compounding takes time that grows fast with the length.
const LONGEST_WORD: usize = 50;

fn needs_checking(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (2..=LONGEST_WORD).contains(&letters)
        && word.len() <= 4 * LONGEST_WORD
        && !word
            .chars()
            .any(|c| c.is_numeric() || matches!(c, '.' | '\'' | '’'))
        && !word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
}

/// The words of a word list: one a line, `#` starts a comment.
pub fn read_word_list(text: &str) -> impl Iterator<Item = &str> {
    text.trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speller() -> Speller {
        let at = pair(&Path::new(env!("CARGO_MANIFEST_DIR")).join("dictionaries/sv_SE"))
            .expect("the repository's dictionary");
        let mut s = Speller::load(&at).unwrap();
        s.accept_name("Mittköping");
        s.accept_word("klarspråksgrupp");
        s
    }

    #[test]
    fn swedish_words_compounds_names_and_acronyms_pass() {
        let s = speller();
        for word in [
            "kommunövergripande",
            "e-tjänster",
            "Umeås",
            "Skellefteås",
            "digitaliseringsresa",
            "Mittköping",
            "Mittköpings",
            "Mittköping-modellen",
            "GDPR",
            "SKR:s",
            "2017",
            "IKT-strateg",
            "Klarspråksgrupp",
            "klarspråksgrupp",
        ] {
            assert!(s.is_correct(word), "{word}");
        }
    }

    #[test]
    fn misspellings_are_found_with_the_dictionarys_suggestion() {
        let s = speller();
        assert!(!s.is_correct("succesivt"));
        assert_eq!(
            s.suggest("succesivt").first().map(String::as_str),
            Some("successivt")
        );
        assert!(!s.is_correct("kommunn"));
    }

    #[test]
    fn word_lists_skip_comments_and_blank_lines() {
        let words: Vec<&str> = read_word_list("# namn\nInera\n\n  Kivra  # tjänst\n").collect();
        assert_eq!(words, ["Inera", "Kivra"]);
    }
}

//! Swedish text as the language rules read it: words (outside URLs, paths
//! and code), sentences, and LIX. `speller` checks words against a Hunspell
//! dictionary; `abbrev` knows Språkrådet's abbreviations.

pub mod abbrev;
pub mod speller;
pub mod suggest;

/// A word of a text, by byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

impl Word<'_> {
    /// More than six letters: a long word in LIX.
    pub fn is_long(&self) -> bool {
        self.text.chars().filter(|c| c.is_alphabetic()).count() > 6
    }
}

/// Characters that join two parts of one word: `e-tjänster`, `IT:s`,
/// `t.ex`, `o'boy`.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '‑' | ':' | '.' | '\'' | '’' | '\u{ad}')
}

/// Texts cut into words kept per thread: a page's texts, read by one rule
/// after another (spelling, repeated words, sentences, LIX).
const CACHED: usize = 64;

/// A text as the rules read it: its words' byte ranges, and its sentences
/// once asked for.
struct Cut {
    text: String,
    words: Vec<(usize, usize)>,
    sentences: Option<Vec<Sentence>>,
}

thread_local! {
    static CUT: std::cell::RefCell<Vec<Cut>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// `f` of the cached cut of `text`, cutting it first if it is not cached.
fn with_cut<T>(text: &str, f: impl FnOnce(&mut Cut) -> T) -> T {
    CUT.with_borrow_mut(|cache| {
        let at = match cache
            .iter()
            .position(|c| c.text.len() == text.len() && c.text == text)
        {
            Some(at) => at,
            None => {
                if cache.len() == CACHED {
                    cache.remove(0);
                }
                cache.push(Cut {
                    text: text.to_string(),
                    words: cut(text),
                    sentences: None,
                });
                cache.len() - 1
            }
        };
        f(&mut cache[at])
    })
}

/// The words of `text` outside URLs, e-mail addresses, paths, link
/// destinations and code (see [`crate::text::protected`]).
pub fn words(text: &str) -> Vec<Word<'_>> {
    with_cut(text, |c| c.words.clone())
        .into_iter()
        .map(|(start, end)| Word {
            start,
            end,
            text: &text[start..end],
        })
        .collect()
}

fn cut(text: &str) -> Vec<(usize, usize)> {
    let protected = crate::text::protected(text);
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !c.is_alphanumeric() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() {
                end = i + c.len_utf8();
                chars.next();
            } else if is_joiner(c) && text[i + c.len_utf8()..].starts_with(char::is_alphanumeric) {
                chars.next();
            } else {
                break;
            }
        }
        if !crate::text::touches(&protected, start, end) {
            out.push((start, end));
        }
    }
    out
}

/// A sentence of a text: its byte range and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub words: usize,
    pub long_words: usize,
}

/// The sentences of `text`, which may be CommonMark: a sentence ends at
/// `.`, `!` or `?` before a capital or a digit (not after an abbreviation
/// such as "t.ex."), and at a paragraph, heading or list item.
pub fn sentences(text: &str) -> Vec<Sentence> {
    if let Some(known) = with_cut(text, |c| c.sentences.clone()) {
        return known;
    }
    let found = find_sentences(text);
    with_cut(text, |c| c.sentences = Some(found.clone()));
    found
}

fn find_sentences(text: &str) -> Vec<Sentence> {
    let words = words(text);
    let mut out = Vec::new();
    let mut first = 0;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1);
        let gap = &text[w.end..next.map_or(text.len(), |n| n.start)];
        if next.is_none() || ends_sentence(w, gap, next) {
            let part = &words[first..=i];
            out.push(Sentence {
                start: part[0].start,
                end: w.end + gap.find(['.', '!', '?']).map_or(0, |p| p + 1),
                words: part.len(),
                long_words: part.iter().filter(|w| w.is_long()).count(),
            });
            first = i + 1;
        }
    }
    out
}

fn ends_sentence(word: &Word, gap: &str, next: Option<&Word>) -> bool {
    let new_block = gap.contains("\n\n")
        || gap
            .split('\n')
            .skip(1)
            .any(|line| starts_block(line.trim_start()));
    if new_block {
        return true;
    }
    let stop = gap.trim_start_matches(['*', '_', ')', '”', '"', '’']);
    let Some(mark) = stop.chars().next().filter(|c| matches!(c, '.' | '!' | '?')) else {
        return false;
    };
    // "t.ex. Umeå" goes on; "… osv. Sedan" ends, as do etc. and m.m.
    if mark == '.' && abbrev::is_abbreviation(word.text) && !abbrev::may_end_sentence(word.text) {
        return false;
    }
    next.is_some_and(|n| {
        n.text
            .starts_with(|c: char| c.is_uppercase() || c.is_numeric())
    })
}

/// A line that starts a CommonMark block: a heading, list item or quote.
fn starts_block(line: &str) -> bool {
    line.starts_with(['#', '>', '-', '*', '+'])
        || line
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// LIX of a page's prose: the texts a reader reads as running text.
pub fn page_lix(page: &crate::model::Page) -> Lix {
    let mut lix = Lix::default();
    crate::model::fields::fields(page)
        .iter()
        .filter(|f| f.kind == crate::model::fields::FieldKind::Prose)
        .for_each(|f| lix.add(f.value));
    lix
}

/// Läsbarhetsindex: words per sentence plus the share of long words in
/// per cent. Under 30 very easy, 40 plain prose, 50 hard, over 60 very hard.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Lix {
    pub words: usize,
    pub sentences: usize,
    pub long_words: usize,
}

impl Lix {
    pub fn of(text: &str) -> Lix {
        let mut lix = Lix::default();
        lix.add(text);
        lix
    }

    pub fn add(&mut self, text: &str) {
        for s in sentences(text) {
            self.words += s.words;
            self.long_words += s.long_words;
            self.sentences += 1;
        }
    }

    pub fn value(&self) -> f64 {
        if self.words == 0 {
            return 0.0;
        }
        self.words as f64 / self.sentences.max(1) as f64
            + 100.0 * self.long_words as f64 / self.words as f64
    }

    /// Språkrådet's words for a LIX level.
    pub fn label(value: f64) -> &'static str {
        match value {
            v if v < 30.0 => "mycket lätt",
            v if v < 40.0 => "lätt",
            v if v < 50.0 => "medelsvår",
            v if v < 60.0 => "svår",
            _ => "mycket svår",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        words(text).iter().map(|w| w.text).collect()
    }

    #[test]
    fn words_keep_inner_joiners_and_skip_links_and_code() {
        assert_eq!(
            texts("Läs e-tjänster, IT:s råd t.ex. på https://skr.se/a.pdf och `kod`."),
            ["Läs", "e-tjänster", "IT:s", "råd", "t.ex", "på", "och"]
        );
        assert_eq!(texts("[länk](omraden/ledarskap) slut"), ["länk", "slut"]);
    }

    #[test]
    fn sentences_end_at_stops_before_capitals_not_after_abbreviations() {
        let s = sentences(
            "Vi gör t.ex. så. Sedan dvs. Nästa steg! Och 2 till.\n\n- punkt ett\n- punkt två",
        );
        let n: Vec<usize> = s.iter().map(|s| s.words).collect();
        assert_eq!(n, [4, 4, 3, 2, 2]);
    }

    #[test]
    fn lix_of_a_plain_text() {
        // 7 words, 2 sentences, 3 long words (kommunen, arbetar, digitalisering).
        let lix = Lix::of("Kommunen arbetar med digitalisering. Det går bra.");
        assert_eq!((lix.words, lix.sentences, lix.long_words), (7, 2, 3));
        assert!((lix.value() - (3.5 + 300.0 / 7.0)).abs() < 1e-9);
        assert_eq!(Lix::label(lix.value()), "medelsvår");
    }
}

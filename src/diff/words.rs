//! Word-level differences within prose, with `similar`: Swedish words with
//! å, ä, ö are single tokens; changes that touch only white space or only
//! punctuation are told apart.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    pub op: Op,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

/// What sort of change a text change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Nature {
    Words,
    Punctuation,
    Whitespace,
}

pub fn spans(old: &str, new: &str) -> Vec<Span> {
    let diff = TextDiff::from_unicode_words(old, new);
    let mut out: Vec<Span> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => Op::Equal,
            ChangeTag::Delete => Op::Delete,
            ChangeTag::Insert => Op::Insert,
        };
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => out.push(Span {
                op,
                text: change.value().to_string(),
            }),
        }
    }
    out
}

pub fn nature(old: &str, new: &str) -> Nature {
    let squash =
        |s: &str, keep: fn(char) -> bool| s.chars().filter(|c| keep(*c)).collect::<String>();
    if squash(old, |c| !c.is_whitespace()) == squash(new, |c| !c.is_whitespace()) {
        Nature::Whitespace
    } else if squash(old, char::is_alphanumeric) == squash(new, char::is_alphanumeric) {
        Nature::Punctuation
    } else {
        Nature::Words
    }
}

/// How alike two texts are, 0 to 1, word by word.
pub fn ratio(old: &str, new: &str) -> f32 {
    TextDiff::from_unicode_words(old, new).ratio()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_words_are_single_tokens() {
        let s = spans(
            "förskolechefer, rektorer och förstelärare",
            "förskolechefer, skolledare och förstelärare",
        );
        let changed: Vec<(Op, &str)> = s
            .iter()
            .filter(|s| s.op != Op::Equal)
            .map(|s| (s.op, s.text.as_str()))
            .collect();
        assert_eq!(
            changed,
            [(Op::Delete, "rektorer"), (Op::Insert, "skolledare")]
        );
        let s = spans("Umeå växer", "Umeå växte");
        assert!(s.iter().any(|s| s.op == Op::Delete && s.text == "växer"));
    }

    #[test]
    fn natures() {
        assert_eq!(nature("Läs mer..", "Läs mer."), Nature::Punctuation);
        assert_eq!(nature("a  b\n", "a b"), Nature::Whitespace);
        assert_eq!(nature("a b", "a c"), Nature::Words);
    }
}

//! Baselines: record today's findings, then report only new ones. A finding
//! is known by its fingerprint: rule, file, offending text, the words
//! around it on its line and the lines above and below — not by line
//! number, so edits elsewhere in a file do not bring old findings back, and
//! a new `..` is not taken for an old `Läs mer..` further down. An edit
//! right next to an old finding makes it new again.

use crate::diag::Diagnostic;
use crate::model::locate::Indexed;
use crate::Error;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// Characters of context kept on each side of the offending text.
const CONTEXT: usize = 24;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Hash, Clone, PartialOrd, Ord)]
struct Entry {
    rule: String,
    path: String,
    text: String,
    /// Absent in version 1 files, which matched by rule, path and text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fingerprint: Option<String>,
    /// Where it was when recorded: tells apart findings whose fingerprints
    /// are the same (ten identical `Läs mer..` lines). Not part of the key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

type Sources = BTreeMap<String, Arc<str>>;

/// A finding's fingerprint: a hash of its rule, file, offending text and
/// the text around it on its line, white space collapsed.
pub fn fingerprint(d: &Diagnostic, files: &Indexed) -> String {
    let text = d.text.as_deref().unwrap_or(&d.message);
    // The lines around it too: ten identical `text: Läs mer..` lines are
    // told apart by the `to:` under each.
    let nth = |n: usize| files.line(&d.path, n).unwrap_or_default();
    let line = nth(d.line);
    let above = nth(d.line.saturating_sub(1)).trim();
    let below = nth(d.line + 1).trim();
    let chars: Vec<char> = line.chars().collect();
    let start = (d.column - 1).min(chars.len());
    let end = (start + text.lines().next().unwrap_or_default().chars().count()).min(chars.len());
    let squeeze = |s: &[char]| {
        s.iter()
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let before = squeeze(&chars[start.saturating_sub(CONTEXT)..start]);
    let after = squeeze(&chars[end..(end + CONTEXT).min(chars.len())]);
    let key = [
        d.rule.as_str(),
        &d.path,
        text,
        &before,
        &after,
        above,
        below,
    ]
    .join("\0");
    format!("{:016x}", crate::text::fnv(key.as_bytes()))
}

fn entry(d: &Diagnostic, files: &Indexed) -> Entry {
    Entry {
        rule: d.rule.to_string(),
        path: d.path.clone(),
        text: d.text.clone().unwrap_or_else(|| d.message.clone()),
        fingerprint: Some(fingerprint(d, files)),
        line: Some(d.line),
    }
}

pub fn write(path: &Path, diags: &[Diagnostic], sources: &Sources) -> Result<(), Error> {
    let files = Indexed::new(sources, diags.iter().map(|d| d.path.as_str()));
    let mut findings: Vec<Entry> = diags.iter().map(|d| entry(d, &files)).collect();
    findings.sort();
    let json = serde_json::to_string_pretty(&File {
        version: 2,
        findings,
    })
    .expect("serializable");
    crate::files::write::file(path, format!("{json}\n").as_bytes())
        .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))
}

/// Findings not in the baseline. Each baseline entry absorbs one finding;
/// among findings of one fingerprint, the new ones are those that break
/// the recorded lines' order (see [`unmatched`]).
pub fn filter(
    path: &Path,
    diags: Vec<Diagnostic>,
    sources: &Sources,
) -> Result<Vec<Diagnostic>, Error> {
    // Named on the command line: a link the user gave is followed.
    let bytes = crate::files::read::named(path, crate::files::read::Kind::Baseline)
        .map_err(|e| Error::new(format!("cannot read baseline {}: {e}", path.display())))?;
    let text = String::from_utf8_lossy(&bytes);
    let file: File = serde_json::from_str(&text)
        .map_err(|e| Error::new(format!("{} is not a handbok baseline: {e}", path.display())))?;
    let key = |mut e: Entry| {
        e.line = None;
        if file.version < 2 {
            e.fingerprint = None;
        }
        e
    };
    let mut recorded: HashMap<Entry, Vec<usize>> = HashMap::new();
    for e in file.findings {
        let line = e.line.unwrap_or(0);
        recorded.entry(key(e)).or_default().push(line);
    }
    let mut found: HashMap<Entry, Vec<usize>> = HashMap::new();
    let files = Indexed::new(sources, diags.iter().map(|d| d.path.as_str()));
    for (i, d) in diags.iter().enumerate() {
        found.entry(key(entry(d, &files))).or_default().push(i);
    }
    let mut new = vec![false; diags.len()];
    for (k, indexes) in found {
        let mut old = recorded.remove(&k).unwrap_or_default();
        old.sort_unstable();
        let lines: Vec<usize> = indexes.iter().map(|&i| diags[i].line).collect();
        for at in unmatched(&lines, &old) {
            new[indexes[at]] = true;
        }
    }
    Ok(diags
        .into_iter()
        .zip(new)
        .filter_map(|(d, new)| new.then_some(d))
        .collect())
}

/// Which of a fingerprint's findings (`lines`, in file order) are new,
/// given the lines its recorded findings had (`old`, sorted): those that,
/// left out, let the rest line up with the old ones shifted by as few
/// distinct amounts, and as little, as can be (an edit moves what follows
/// it by one amount). Beyond a few hundred such findings, the last ones
/// are new.
fn unmatched(lines: &[usize], old: &[usize]) -> Vec<usize> {
    let extra = lines.len().saturating_sub(old.len());
    let mut left: Vec<usize> = (0..lines.len()).collect();
    if lines.len() > 300 {
        return left.split_off(old.len().min(lines.len()));
    }
    // Fewest distinct shifts, then the least moved: an old finding that
    // did not move stays old.
    let shifts = |kept: &[usize]| {
        let mut d: Vec<i64> = kept
            .iter()
            .zip(old)
            .map(|(&i, &o)| lines[i] as i64 - o as i64)
            .collect();
        let moved: i64 = d.iter().map(|s| s.abs()).sum();
        d.sort_unstable();
        d.dedup();
        (d.len(), moved)
    };
    let mut out = Vec::new();
    for _ in 0..extra {
        let best = (0..left.len())
            .min_by_key(|&drop| {
                let kept: Vec<usize> = left
                    .iter()
                    .copied()
                    .enumerate()
                    .filter(|(j, _)| *j != drop)
                    .map(|(_, i)| i)
                    .collect();
                shifts(&kept)
            })
            .expect("more findings than recorded");
        out.push(left.remove(best));
    }
    out
}

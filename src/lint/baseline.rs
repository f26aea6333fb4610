//! Baselines: record today's findings, then report only new ones. A finding
//! is known by its fingerprint: rule, file, offending text and the words
//! around it on its line — not by line number, so edits elsewhere in a file
//! do not bring old findings back, and a new `..` is not taken for an old
//! `Läs mer..` further down.

use crate::diag::Diagnostic;
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
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

type Sources = BTreeMap<String, Arc<str>>;

/// A finding's fingerprint: a hash of its rule, file, offending text and
/// the text around it on its line, white space collapsed.
pub fn fingerprint(d: &Diagnostic, sources: &Sources) -> String {
    let text = d.text.as_deref().unwrap_or(&d.message);
    let line = sources
        .get(&d.path)
        .and_then(|s| s.lines().nth(d.line.saturating_sub(1)))
        .unwrap_or_default();
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
    let key = [d.rule, &d.path, text, &before, &after].join("\0");
    format!("{:016x}", crate::export::ir::fnv(key.as_bytes()))
}

fn entry(d: &Diagnostic, sources: &Sources) -> Entry {
    Entry {
        rule: d.rule.to_string(),
        path: d.path.clone(),
        text: d.text.clone().unwrap_or_else(|| d.message.clone()),
        fingerprint: Some(fingerprint(d, sources)),
    }
}

pub fn write(path: &Path, diags: &[Diagnostic], sources: &Sources) -> Result<(), Error> {
    let mut findings: Vec<Entry> = diags.iter().map(|d| entry(d, sources)).collect();
    findings.sort();
    let json = serde_json::to_string_pretty(&File {
        version: 2,
        findings,
    })
    .expect("serializable");
    crate::write::write_atomic(path, format!("{json}\n").as_bytes())
        .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))
}

/// Findings not in the baseline. Each baseline entry absorbs one finding.
pub fn filter(
    path: &Path,
    diags: Vec<Diagnostic>,
    sources: &Sources,
) -> Result<Vec<Diagnostic>, Error> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::new(format!("cannot read baseline {}: {e}", path.display())))?;
    let file: File = serde_json::from_str(&text)
        .map_err(|e| Error::new(format!("{} is not a handbok baseline: {e}", path.display())))?;
    let mut left: HashMap<Entry, usize> = HashMap::new();
    for e in file.findings {
        *left.entry(e).or_default() += 1;
    }
    Ok(diags
        .into_iter()
        .filter(|d| {
            let mut known = entry(d, sources);
            if file.version < 2 {
                known.fingerprint = None;
            }
            match left.get_mut(&known) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        })
        .collect())
}

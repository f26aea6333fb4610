//! Baselines: record today's findings, then report only new ones. Findings
//! are matched by rule, file and offending text — not by line — so edits
//! elsewhere in a file do not bring old findings back.

use crate::diag::Diagnostic;
use crate::Error;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, Hash, Clone, PartialOrd, Ord)]
struct Entry {
    rule: String,
    path: String,
    text: String,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

fn entry(d: &Diagnostic) -> Entry {
    Entry {
        rule: d.rule.to_string(),
        path: d.path.clone(),
        text: d.text.clone().unwrap_or_else(|| d.message.clone()),
    }
}

pub fn write(path: &Path, diags: &[Diagnostic]) -> Result<(), Error> {
    let mut findings: Vec<Entry> = diags.iter().map(entry).collect();
    findings.sort();
    let json = serde_json::to_string_pretty(&File {
        version: 1,
        findings,
    })
    .expect("serializable");
    crate::write::write_atomic(path, format!("{json}\n").as_bytes())
        .map_err(|e| Error::new(format!("cannot write {}: {e}", path.display())))
}

/// Findings not in the baseline. Each baseline entry absorbs one finding.
pub fn filter(path: &Path, diags: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Error> {
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
        .filter(|d| match left.get_mut(&entry(d)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect())
}

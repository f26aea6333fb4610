//! Finding formats: human (rustc-style), JSON, SARIF 2.1.0, GitHub workflow
//! annotations and JUnit XML.

use super::rules::RULES;
use super::selection::Selection;
use crate::diag::{render_human, Diagnostic, Severity, Source, Style};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

pub struct Report<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub sources: &'a BTreeMap<String, Arc<str>>,
    /// How many files were checked and reported on.
    pub files: usize,
    /// Where paths are shown from (see [`Selection::display`]).
    pub selection: &'a Selection,
}

impl Report<'_> {
    /// The finding with its paths as seen from the current directory.
    fn shown(&self, d: &Diagnostic) -> Diagnostic {
        let mut shown = d.clone();
        shown.path = self.selection.display(&d.path);
        if let Some(r) = &mut shown.related {
            r.path = self.selection.display(&r.path);
        }
        shown
    }

    fn counts(&self) -> (usize, usize) {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        (errors, self.diagnostics.len() - errors)
    }

    pub fn human(&self, style: Style) -> String {
        let mut out = String::new();
        let mut files: std::collections::HashMap<&str, Source> = Default::default();
        for d in self.diagnostics {
            if !files.contains_key(d.path.as_str()) {
                if let Some(text) = self.sources.get(&d.path) {
                    files.insert(&d.path, Source::new(text));
                }
            }
            let shown = self.shown(d);
            out.push_str(&render_human(&shown, files.get(d.path.as_str()), style));
            out.push('\n');
        }
        let (errors, warnings) = self.counts();
        let fixable = self.diagnostics.iter().filter(|d| d.fix.is_some()).count();
        out.push_str(&format!(
            "{} file(s) checked: {errors} error(s), {warnings} warning(s)",
            self.files
        ));
        if fixable > 0 {
            out.push_str(&format!("; {fixable} fixable with --fix"));
        }
        out.push('\n');
        out
    }

    pub fn json(&self) -> String {
        let (errors, warnings) = self.counts();
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for d in self.diagnostics {
            *by_rule.entry(d.rule).or_default() += 1;
        }
        // `path` stays relative to the guide (the contract); `file` is the
        // path from the current directory.
        let diagnostics: Vec<Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                let mut v = json!(d);
                v["file"] = json!(self.selection.display(&d.path));
                v
            })
            .collect();
        let json = json!({
            "diagnostics": diagnostics,
            "summary": {
                "files": self.files,
                "errors": errors,
                "warnings": warnings,
                "fixable": self.diagnostics.iter().filter(|d| d.fix.is_some()).count(),
                "by_rule": by_rule,
            },
        })
        .to_string();
        crate::diag::json_safe(json)
    }

    pub fn sarif(&self) -> String {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.summary },
                    "help": { "text": r.doc, "markdown": r.doc },
                    "defaultConfiguration": { "level": level(r.severity) },
                })
            })
            .collect();
        let results: Vec<Value> = self.diagnostics.iter().map(sarif_result).collect();
        let sarif = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "handbok",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "originalUriBaseIds": { "CONTENT": { "uri": self.selection.root_uri() } },
                "results": results,
            }],
        });
        crate::diag::json_safe(serde_json::to_string_pretty(&sarif).expect("JSON values serialize"))
    }

    pub fn github(&self) -> String {
        let mut out = String::new();
        for d in self.diagnostics {
            let kind = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let path = self.selection.display(&d.path);
            out.push_str(&format!(
                "::{kind} file={},line={},col={},title={}::{}\n",
                escape_property(&path),
                d.line,
                d.column,
                escape_property(d.rule),
                escape_data(&d.message)
            ));
        }
        out
    }

    pub fn junit(&self) -> String {
        let (errors, warnings) = self.counts();
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(&format!(
            "<testsuites name=\"handbok lint\" tests=\"{}\" failures=\"{}\">\n",
            self.sources.len().max(1),
            errors + warnings
        ));
        let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
        for path in self.sources.keys() {
            by_file.entry(path).or_default();
        }
        for d in self.diagnostics {
            by_file.entry(&d.path).or_default().push(d);
        }
        for (path, diags) in by_file {
            out.push_str(&format!(
                "  <testsuite name=\"{}\" tests=\"1\" failures=\"{}\">\n    <testcase name=\"lint\" classname=\"{}\">\n",
                xml(path),
                diags.len(),
                xml(path)
            ));
            for d in diags {
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}:{}:{} {}: {}</failure>\n",
                    d.rule,
                    xml(&d.message),
                    xml(path),
                    d.line,
                    d.column,
                    d.severity.name(),
                    xml(&d.message)
                ));
            }
            out.push_str("    </testcase>\n  </testsuite>\n");
        }
        out.push_str("</testsuites>\n");
        out
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn sarif_result(d: &Diagnostic) -> Value {
    let mut result = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [location(&d.path, d.line, d.column, d.text.as_deref())],
        "partialFingerprints": { "handbok/v1": format!("{}:{}:{}", d.rule, d.path, d.text.as_deref().unwrap_or(&d.message)) },
    });
    if let Some(r) = &d.related {
        result["relatedLocations"] = json!([{
            "id": 0,
            "physicalLocation": location(&r.path, r.line, r.column, None)["physicalLocation"].clone(),
            "message": { "text": r.message },
        }]);
    }
    result
}

fn location(path: &str, line: usize, column: usize, text: Option<&str>) -> Value {
    let mut region = json!({ "startLine": line, "startColumn": column });
    if let Some(t) = text
        .and_then(|t| t.lines().next())
        .filter(|t| !t.is_empty())
    {
        region["endColumn"] = json!(column + t.chars().count());
    }
    json!({ "physicalLocation": {
        "artifactLocation": { "uri": path, "uriBaseId": "CONTENT" },
        "region": region,
    }})
}

fn escape_data(s: &str) -> String {
    // A CI log is a terminal too: no escape sequences from file names.
    crate::diag::printable(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Text as XML 1.0 character data, where control characters cannot be
/// written even as references: they are shown as their visible symbols.
fn xml(s: &str) -> String {
    crate::diag::printable_line(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

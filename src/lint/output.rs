//! Finding formats: human (rustc-style), JSON, SARIF 2.1.0, GitHub workflow
//! annotations and JUnit XML.

use super::rules::RULES;
use crate::diag::{render_human, Diagnostic, Severity, Source, Style};
use crate::model::locate::Indexed;
use crate::workspace::selection::Selection;
use quick_xml::events::BytesText;
use quick_xml::Writer;
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

impl<'a> Report<'a> {
    /// The sources of the findings, their lines indexed.
    fn indexed(&self) -> Indexed<'a> {
        Indexed::new(
            self.sources,
            self.diagnostics.iter().map(|d| d.path.as_str()),
        )
    }

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
        let mut out = self.findings(style);
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

    /// Each finding with its source lines, as rustc shows them.
    pub fn findings(&self, style: Style) -> String {
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
        out
    }

    pub fn json(&self) -> String {
        let (errors, warnings) = self.counts();
        let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
        for d in self.diagnostics {
            *by_rule.entry(d.rule.as_str()).or_default() += 1;
        }
        // `path` stays relative to the guide (the contract); `file` is the
        // path from the current directory.
        let files = self.indexed();
        let diagnostics: Vec<Value> = self
            .diagnostics
            .iter()
            .map(|d| {
                let mut v = json!(d);
                v["file"] = json!(self.selection.display(&d.path));
                let (end_line, end_column) = d.end();
                v["end_line"] = json!(end_line);
                v["end_column"] = json!(end_column);
                if let (Some(fix), Some((source, lines))) = (&d.fix, files.get(&d.path)) {
                    let at = |offset: usize| {
                        let (line, column) = lines.line_column(source, offset);
                        json!({ "line": line, "column": column })
                    };
                    v["fix"]["start"] = at(fix.start);
                    v["fix"]["end"] = at(fix.end);
                }
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
                    "name": pascal_case(r.id.as_str()),
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.summary },
                    "help": { "text": r.doc, "markdown": r.doc },
                    "defaultConfiguration": { "level": level(r.severity()) },
                })
            })
            .collect();
        let files = self.indexed();
        let results: Vec<Value> = self
            .diagnostics
            .iter()
            .map(|d| sarif_result(d, &files, super::baseline::fingerprint(d, &files)))
            .collect();
        let sarif = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "handbok",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": information_uri(),
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
            let (end_line, end_column) = d.end();
            out.push_str(&format!(
                "::{kind} file={},line={},endLine={end_line},col={},endColumn={end_column},title={}::{}\n",
                escape_property(&path),
                d.line,
                d.column,
                escape_property(d.rule.as_str()),
                escape_data(&d.message)
            ));
        }
        out
    }

    /// JUnit XML as the Ant schema has it: a test suite per file, a test
    /// case per finding (a failure), one passing case for a clean file.
    pub fn junit(&self) -> String {
        let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
        for path in self.sources.keys().filter(|p| self.selection.contains(p)) {
            by_file.entry(path).or_default();
        }
        for d in self.diagnostics {
            by_file.entry(&d.path).or_default().push(d);
        }
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        let stamp = timestamp();
        let written = w.create_element("testsuites").write_inner_content(|w| {
            for (id, (path, diags)) in by_file.into_iter().enumerate() {
                let file = xml_text(&self.selection.display(path));
                let tests = diags.len().max(1).to_string();
                let failures = diags.len().to_string();
                let id = id.to_string();
                w.create_element("testsuite")
                    .with_attributes([
                        ("name", file.as_str()),
                        ("package", "handbok.lint"),
                        ("id", id.as_str()),
                        ("timestamp", stamp.as_str()),
                        ("hostname", "localhost"),
                        ("tests", tests.as_str()),
                        ("failures", failures.as_str()),
                        ("errors", "0"),
                        ("time", "0"),
                    ])
                    .write_inner_content(|w| {
                        w.create_element("properties").write_inner_content(|w| {
                            w.create_element("property")
                                .with_attributes([
                                    ("name", "handbok.version"),
                                    ("value", env!("CARGO_PKG_VERSION")),
                                ])
                                .write_empty()?;
                            Ok(())
                        })?;
                        if diags.is_empty() {
                            case(w, "lint", &file)?.write_empty()?;
                        }
                        for d in diags {
                            let name = format!("{} at {}:{}", d.rule, d.line, d.column);
                            let message = xml_text(&d.message);
                            let body = format!(
                                "{file}:{}:{} {}[{}]: {message}",
                                d.line,
                                d.column,
                                d.severity.name(),
                                d.rule
                            );
                            case(w, &name, &file)?.write_inner_content(|w| {
                                w.create_element("failure")
                                    .with_attributes([
                                        ("type", d.rule.as_str()),
                                        ("message", message.as_str()),
                                    ])
                                    .write_text_content(BytesText::new(&body))?;
                                Ok(())
                            })?;
                        }
                        w.create_element("system-out").write_empty()?;
                        w.create_element("system-err").write_empty()?;
                        Ok(())
                    })?;
            }
            Ok(())
        });
        written.expect("writing to memory does not fail");
        let body = String::from_utf8(w.into_inner()).expect("UTF-8 in, UTF-8 out");
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n")
    }
}

/// A test case of a file's suite, to be given its content.
fn case<'a>(
    w: &'a mut Writer<Vec<u8>>,
    name: &'a str,
    file: &'a str,
) -> std::io::Result<quick_xml::writer::ElementWriter<'a, Vec<u8>>> {
    Ok(w.create_element("testcase").with_attributes([
        ("name", name),
        ("classname", file),
        ("time", "0"),
    ]))
}

/// When the report was made (`SOURCE_DATE_EPOCH` when set, for
/// reproducible runs), as the Ant schema writes it: no time zone.
fn timestamp() -> String {
    chrono::DateTime::from_timestamp(super::now(), 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Where handbok is documented: the package's `homepage` when it has one,
/// else the README of the source it was built from.
fn information_uri() -> String {
    match option_env!("CARGO_PKG_HOMEPAGE").filter(|h| !h.is_empty()) {
        Some(home) => home.to_string(),
        None => crate::text::encode_uri(&format!(
            "file://{}/README.md",
            env!("CARGO_MANIFEST_DIR").replace('\\', "/")
        )),
    }
}

/// `double-period` → `DoublePeriod`, the "friendly name" SARIF asks for
/// (which must differ from the id: `spelling` → `SpellingCheck`).
fn pascal_case(id: &str) -> String {
    let name: String = id
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect();
    if name.eq_ignore_ascii_case(id) {
        name + "Check"
    } else {
        name
    }
}

fn sarif_result(d: &Diagnostic, files: &Indexed, fingerprint: String) -> Value {
    let mut result = json!({
        "ruleId": d.rule,
        "level": level(d.severity),
        "message": { "text": d.message },
        "locations": [location(d, files)],
        "partialFingerprints": { "handbok/v2": fingerprint },
    });
    if let (Some(fix), Some((source, lines))) = (&d.fix, files.get(&d.path)) {
        let at = |offset: usize| lines.line_column(source, offset);
        let ((start_line, start_column), (end_line, end_column)) = (at(fix.start), at(fix.end));
        result["fixes"] = json!([{
            "description": { "text": fix.description },
            "artifactChanges": [{
                "artifactLocation": artifact(&d.path),
                "replacements": [{
                    "deletedRegion": {
                        "startLine": start_line, "startColumn": start_column,
                        "endLine": end_line, "endColumn": end_column,
                    },
                    "insertedContent": { "text": fix.replacement },
                }],
            }],
        }]);
    }
    if let Some(r) = &d.related {
        result["relatedLocations"] = json!([{
            "id": 0,
            "physicalLocation": {
                "artifactLocation": artifact(&r.path),
                "region": { "startLine": r.line, "startColumn": r.column },
            },
            "message": { "text": r.message },
        }]);
    }
    result
}

fn artifact(path: &str) -> Value {
    json!({ "uri": crate::text::encode_path(path), "uriBaseId": "CONTENT" })
}

/// Where the finding is: its region with the offending text as snippet,
/// and the whole line as context.
fn location(d: &Diagnostic, files: &Indexed) -> Value {
    let (end_line, end_column) = d.end();
    let mut region = json!({
        "startLine": d.line, "startColumn": d.column,
        "endLine": end_line, "endColumn": end_column,
    });
    if let Some(t) = &d.text {
        region["snippet"] = json!({ "text": t });
    }
    let mut location = json!({ "physicalLocation": {
        "artifactLocation": artifact(&d.path),
        "region": region,
    }});
    // The whole line as context, when the finding lies within it.
    let line = files.line(&d.path, d.line);
    if let Some(line) = line.filter(|l| end_line == d.line && end_column <= l.chars().count() + 1) {
        location["physicalLocation"]["contextRegion"] = json!({
            "startLine": d.line,
            "snippet": { "text": line },
        });
    }
    location
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

/// Text as XML 1.0 can hold it: control characters, which cannot be
/// written even as references, shown as their visible symbols (quick-xml
/// escapes the rest).
fn xml_text(s: &str) -> String {
    crate::diag::printable_line(s)
}

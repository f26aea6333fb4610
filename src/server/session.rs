//! The language server's session: the guide as a [`Workspace`], the files
//! open in the editor with their unsaved text, and what the client can do.
//! Notifications change it; requests (`handlers`) only read it.

use super::position::{path_of, uri_of, Lines};
use crate::diag::{Diagnostic, Severity};
use crate::model::fields::{fields, Field};
use crate::workspace::{CachePlace, Workspace};
use crate::Error;
use lsp_server::{Message, Notification};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::{ClientCapabilities, NumberOrString, Position, ResourceOperationKind, Uri};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file open in the editor: its version as the editor counts them, and
/// the findings last published for it.
#[derive(Default)]
pub struct Open {
    pub version: i32,
    /// The editor's text: put back whenever the guide is read from disk again.
    text: String,
    pub findings: Vec<Diagnostic>,
}

pub struct Session {
    pub ws: Workspace,
    year: i32,
    /// The open files (relative to the root).
    pub open: HashMap<String, Open>,
    /// Open files not checked since another file changed.
    stale: Vec<String>,
    /// The client can rename files as part of an edit (a page's id is its
    /// file's path).
    pub renames_files: bool,
    /// The client watches files for us when asked to.
    pub watches_files: bool,
}

impl Session {
    /// Load the guide the client's folder is in (the nearest `guide.yaml`
    /// at or above it).
    pub fn start(params: &Value, cache: &CachePlace) -> Result<Session, Error> {
        let folder = params["workspaceFolders"][0]["uri"]
            .as_str()
            .or(params["rootUri"].as_str())
            .and_then(path_of)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let folder = std::fs::canonicalize(&folder).unwrap_or(folder);
        // A folder in no guide (`/`, a home folder) would have every YAML
        // file under it read and a cache written into it.
        let in_guide = folder.ancestors().any(|d| {
            crate::files::read::entry(&d.join(crate::load::GUIDE_FILE))
                != crate::files::read::Entry::Missing
        });
        if !in_guide {
            return Err(Error::new(format!(
                "{} is in no guide (no guide.yaml in it or above it); open a guide's folder",
                folder.display()
            )));
        }
        let root = crate::workspace::selection::guide_root(&folder).unwrap_or(folder);
        let mut config = Workspace::config(&root, None)?;
        config.cache = cache.dir(&root);
        // A client that says little about itself can do little.
        let can: ClientCapabilities =
            serde_json::from_value(params["capabilities"].clone()).unwrap_or_default();
        let workspace = can.workspace.unwrap_or_default();
        let edit = workspace.workspace_edit.unwrap_or_default();
        Ok(Session {
            ws: Workspace::load(&root, config)?,
            year: crate::lint::this_year(),
            open: HashMap::new(),
            stale: Vec::new(),
            renames_files: edit.document_changes == Some(true)
                && edit
                    .resource_operations
                    .is_some_and(|ops| ops.contains(&ResourceOperationKind::Rename)),
            watches_files: workspace
                .did_change_watched_files
                .and_then(|w| w.dynamic_registration)
                == Some(true),
        })
    }

    /// The file a URI names, relative to the guide's root, if it is in it.
    pub fn relative(&self, uri: &str) -> Option<String> {
        let path = crate::files::read::lexical(&path_of(uri)?)?;
        let rel = path.strip_prefix(&self.ws.root).ok()?;
        Some(crate::model::slash_path(rel))
    }

    pub fn uri(&self, rel: &str) -> Uri {
        uri_of(&self.ws.root.join(rel))
    }

    pub fn source(&self, rel: &str) -> &str {
        self.ws.content.sources.get(rel).map_or("", |s| s)
    }

    /// What a notification changes, and the diagnostics to publish.
    pub fn notification(&mut self, note: Notification) -> Vec<Message> {
        match note.method.as_str() {
            DidChangeWatchedFiles::METHOD => parse(note.params)
                .map(|p: lsp_types::DidChangeWatchedFilesParams| self.files_changed(&p.changes))
                .unwrap_or_default(),
            DidOpenTextDocument::METHOD => parse(note.params)
                .map(|p: lsp_types::DidOpenTextDocumentParams| {
                    let d = p.text_document;
                    self.edited(d.uri.as_str(), d.version, d.text, true)
                })
                .unwrap_or_default(),
            // Full-text sync: the last change is the whole text.
            DidChangeTextDocument::METHOD => parse(note.params)
                .and_then(|p: lsp_types::DidChangeTextDocumentParams| {
                    let text = p.content_changes.into_iter().last()?.text;
                    let d = p.text_document;
                    Some(self.edited(d.uri.as_str(), d.version, text, false))
                })
                .unwrap_or_default(),
            DidCloseTextDocument::METHOD => parse(note.params)
                .map(|p: lsp_types::DidCloseTextDocumentParams| {
                    self.closed(p.text_document.uri.as_str())
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The editor's text of a file, opened or changed (only an open file
    /// changes in the editor): it replaces the file's page, and the file is
    /// checked against the rest of the guide.
    fn edited(&mut self, uri: &str, version: i32, text: String, opened: bool) -> Vec<Message> {
        let Some(rel) = self.relative(uri) else {
            return Vec::new();
        };
        if !opened && !self.open.contains_key(&rel) {
            return Vec::new();
        }
        self.ws
            .content
            .replace_file(Path::new(&rel), text.clone().into_bytes());
        let open = self.open.entry(rel.clone()).or_default();
        open.version = version;
        open.text = text;
        self.stale = self.open.keys().filter(|f| **f != rel).cloned().collect();
        vec![self.check(rel)]
    }

    /// Back to the file as saved; its findings leave the editor.
    fn closed(&mut self, uri: &str) -> Vec<Message> {
        let Some(rel) = self.relative(uri).filter(|r| self.open.contains_key(r)) else {
            return Vec::new();
        };
        self.ws.content.reload_file(Path::new(&rel));
        self.open.remove(&rel);
        self.stale = self.open.keys().cloned().collect();
        vec![publish(self.uri(&rel), None, Vec::new())]
    }

    /// Check an open file and keep its findings: what to publish.
    fn check(&mut self, rel: String) -> Message {
        let found = crate::lint::check_file(&self.ws.content, &self.ws.config, self.year, &rel);
        let lines = Lines::new(self.source(&rel));
        let shown = found.iter().map(|d| lsp_diagnostic(d, &lines)).collect();
        let uri = self.uri(&rel);
        let open = self.open.entry(rel).or_default();
        open.findings = found;
        publish(uri, Some(open.version), shown)
    }

    /// An open file not checked since another one changed (what links
    /// where may have changed with it), checked.
    pub fn check_next_stale(&mut self) -> Option<Message> {
        while let Some(rel) = self.stale.pop() {
            if self.open.contains_key(&rel) {
                return Some(self.check(rel));
            }
        }
        None
    }

    /// Files and folders changed on disk, not in the editor (a checkout, a
    /// rename the editor carried out, another program): the guide follows,
    /// read as loading reads it, settings included, and the open files are
    /// checked again. An open file's text is the editor's, not the disk's.
    fn files_changed(&mut self, changes: &[lsp_types::FileEvent]) -> Vec<Message> {
        for change in changes {
            let uri = change.uri.as_str();
            if uri.ends_with(&format!("/{}", crate::workspace::config::FILE_NAME)) {
                // A broken file leaves the last good settings in force.
                if self.ws.reload_config().unwrap_or(false) {
                    self.put_back_open_text();
                }
            }
            let Some(rel) = self.relative(uri).filter(|r| !r.is_empty()) else {
                continue;
            };
            if !self.open.contains_key(&rel) {
                self.ws.follow(Path::new(&rel));
            }
        }
        self.stale.clear();
        let open: Vec<String> = self.open.keys().cloned().collect();
        open.into_iter().map(|rel| self.check(rel)).collect()
    }

    /// The guide was read from disk again: the open files are what the
    /// editor holds, not what is saved.
    fn put_back_open_text(&mut self) {
        for (rel, open) in &self.open {
            let text = open.text.clone().into_bytes();
            self.ws.content.replace_file(Path::new(rel), text);
        }
    }

    /// The findings of `rel` that touch bytes `from..=to`.
    pub fn findings_in(&self, rel: &str, from: usize, to: usize) -> Vec<&Diagnostic> {
        let lines = Lines::new(self.source(rel));
        self.open
            .get(rel)
            .into_iter()
            .flat_map(|o| &o.findings)
            .filter(|d| {
                let (start, end) = lines.span(d);
                start <= to && from <= end
            })
            .collect()
    }

    /// The key and value under the cursor: from the model's positions when
    /// the page loads, else as the line is written (a page that does not
    /// load while it is being edited, the cursor after the value).
    pub fn entry_at(&self, rel: &str, at: Position) -> (&str, String) {
        match self.field_at(rel, at) {
            Some(f) => (f.key, f.value.to_string()),
            None => {
                let (key, value) = line_entry(self.source(rel), at);
                (key, value.to_string())
            }
        }
    }

    /// The value of the page in `rel` under the cursor, found through the
    /// model's positions: the value that holds the cursor, else the next
    /// one on its line (the cursor on the key before it).
    fn field_at(&self, rel: &str, at: Position) -> Option<Field<'_>> {
        let page = self
            .ws
            .content
            .pages
            .iter()
            .find(|p| p.display_path() == rel)?;
        let source = self.source(rel);
        let lines = Lines::new(source);
        let cursor = lines.offset_of(at);
        let line = at.line as usize + 1;
        let placed = fields(page).into_iter().filter_map(|f| {
            let place = page.locate(f.value, 0, f.value.len());
            place.range.map(|r| (f, place.line, r))
        });
        let mut next = None;
        for (field, on, (start, end)) in placed {
            if start <= cursor && cursor <= end {
                return Some(field);
            }
            if on == line && start > cursor && next.is_none() {
                next = Some(field);
            }
        }
        next
    }
}

/// The YAML key and value (unquoted) of the entry under the cursor, as the
/// line is written: a block entry (`  to: umea/x # a comment`,
/// `- municipality: Umeå`) or an entry of a flow mapping (`read_more:
/// {text: Läs mer, to: umea/x}`).
pub fn line_entry(source: &str, at: Position) -> (&str, &str) {
    let lines = Lines::new(source);
    let line = source.lines().nth(at.line as usize).unwrap_or_default();
    let cursor = lines.offset_of(at) - lines.offset_of(Position::new(at.line, 0));
    if let Some(entry) = flow_entry(line, cursor) {
        return entry;
    }
    let line = line.trim_start().trim_start_matches("- ");
    match line.split_once(':') {
        Some((key, value)) => {
            // A comment after the value is not part of it.
            let value = value.split(" #").next().unwrap_or_default();
            (key.trim(), unquote(value))
        }
        None => ("", ""),
    }
}

/// The entry of a flow mapping that byte `cursor` of `line` is on.
fn flow_entry(line: &str, cursor: usize) -> Option<(&str, &str)> {
    let open = line.find('{')?;
    let close = line.rfind('}').filter(|&c| c > open).unwrap_or(line.len());
    if cursor <= open || cursor > close {
        return None;
    }
    let mut start = open + 1;
    for entry in line[start..close].split(',') {
        let end = start + entry.len();
        if cursor <= end {
            let (key, value) = entry.split_once(':')?;
            return Some((key.trim(), unquote(value)));
        }
        start = end + 1;
    }
    None
}

fn unquote(value: &str) -> &str {
    value.trim().trim_matches(['"', '\''])
}

/// Parameters that do not parse are a notification to pass over.
fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Option<T> {
    serde_json::from_value(params).ok()
}

fn publish(uri: Uri, version: Option<i32>, diagnostics: Vec<lsp_types::Diagnostic>) -> Message {
    let params = lsp_types::PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    Message::Notification(Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        params,
    ))
}

/// A finding as LSP shows it: its help after the message.
pub fn lsp_diagnostic(d: &Diagnostic, lines: &Lines) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => lsp_types::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp_types::DiagnosticSeverity::WARNING,
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\n{help}"));
    }
    lsp_types::Diagnostic {
        range: lines.finding(d),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.to_string())),
        source: Some("handbok".to_string()),
        message,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_under_the_cursor_in_block_and_flow_style() {
        let source = "read_more:\n  to: umea/ledarskap # en kommentar\nx: {text: \"Läs mer\", to: 'umea/ledarskap'}\n- municipality: \n";
        let at = |line, character| Position::new(line, character);
        assert_eq!(line_entry(source, at(1, 8)), ("to", "umea/ledarskap"));
        assert_eq!(line_entry(source, at(2, 30)), ("to", "umea/ledarskap"));
        assert_eq!(line_entry(source, at(2, 6)), ("text", "Läs mer"));
        assert_eq!(line_entry(source, at(2, 1)).0, "x");
        assert_eq!(line_entry(source, at(3, 16)), ("municipality", ""));
    }
}

//! `handbok server`: the linter in the editor, over the Language Server
//! Protocol on stdio. The guide is loaded once; an open file's unsaved text
//! replaces its page, and its findings are worked out against the rest of
//! the guide as on disk (`lint::check_file`). Code actions apply the safe
//! fixes or silence a finding with a reason; hover explains a finding's
//! rule; go-to-definition and completion know the guide's pages (`to:` of a
//! "Läs mer") and Sweden's municipalities (`municipality:`); renaming a page
//! from a `to:` renames its file and rewrites every link to it. Files that
//! change on disk (the client watches them when asked) are read again.

mod position;
mod transport;

use crate::diag::{Diagnostic, Severity};
use crate::load::GUIDE_FILE;
use crate::workspace::{CachePlace, Workspace};
use crate::Error;
use lsp_server::{Connection, Message, Notification, Request, Response};
use position::{lsp_position, lsp_range, offset_of, Lines};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Run the server on stdin and stdout until the client says `exit`: true
/// when it said `shutdown` first, as the protocol asks.
pub fn run(cache: &CachePlace) -> Result<bool, Error> {
    let (connection, threads) = transport::stdio();
    let fail = |e: &dyn std::fmt::Display| Error::new(format!("language server: {e}"));
    let params = connection
        .initialize(capabilities())
        .map_err(|e| fail(&e))?;
    let mut server = Server::start(&params, cache)?;
    // `initialize` has waited for the client's `initialized`: the time to
    // register for more.
    if server.watches_files {
        send(&connection, watch_request());
    }
    let mut shutting_down = false;
    loop {
        // Other open files are checked again, one at a time, when nothing
        // else waits: a keystroke is never kept waiting for all of them.
        if connection.receiver.is_empty() {
            if let Some(out) = server.check_next_stale() {
                send(&connection, out);
                continue;
            }
        }
        let Ok(message) = connection.receiver.recv() else {
            break;
        };
        match message {
            Message::Request(req) if shutting_down => send(
                &connection,
                Message::Response(Response::new_err(
                    req.id,
                    lsp_server::ErrorCode::InvalidRequest as i32,
                    "the server is shutting down; only `exit` is answered".to_string(),
                )),
            ),
            Message::Request(req) if req.method == "shutdown" => {
                shutting_down = true;
                send(&connection, Message::Response(Response::new_ok(req.id, ())));
            }
            Message::Request(req) => send(&connection, Message::Response(server.request(&req))),
            // `exit` before `shutdown`: the protocol's exit status is 1.
            Message::Notification(note) if note.method == "exit" => {
                return Ok(shutting_down);
            }
            Message::Notification(_) if shutting_down => {}
            Message::Notification(note) => {
                for out in server.notification(&note) {
                    send(&connection, out);
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(connection);
    // The reader ends at `exit` or the end of input, the writer when the
    // last message is out.
    for thread in threads {
        thread
            .join()
            .map_err(|_| fail(&"a transport thread failed"))?;
    }
    Ok(true)
}

fn send(connection: &Connection, message: Message) {
    // The client has gone: the loop ends when the receiver does.
    let _ = connection.sender.send(message);
}

fn capabilities() -> Value {
    json!({
        "textDocumentSync": { "openClose": true, "change": 1, "save": false },
        "codeActionProvider": { "codeActionKinds": ["quickfix"] },
        "hoverProvider": true,
        "definitionProvider": true,
        "completionProvider": { "triggerCharacters": [" ", "/"] },
        "renameProvider": true,
    })
}

/// A file open in the editor: its version as the editor counts them, and
/// the findings last published for it.
#[derive(Default)]
struct Open {
    version: i64,
    findings: Vec<Diagnostic>,
}

struct Server {
    ws: Workspace,
    year: i32,
    /// The open files (relative to the root).
    open: HashMap<String, Open>,
    /// Open files not checked since another file changed.
    stale: Vec<String>,
    /// The client can rename files as part of an edit (a page's id is its
    /// file's path).
    renames_files: bool,
    /// The client watches files for us when asked to.
    watches_files: bool,
}

impl Server {
    /// Load the guide the client's folder is in (the nearest `guide.yaml`
    /// at or above it).
    fn start(params: &Value, cache: &CachePlace) -> Result<Server, Error> {
        let folder = params["workspaceFolders"][0]["uri"]
            .as_str()
            .or(params["rootUri"].as_str())
            .and_then(position::path_of)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let folder = std::fs::canonicalize(&folder).unwrap_or(folder);
        let root = crate::workspace::selection::guide_root(&folder).unwrap_or(folder);
        let mut config = Workspace::config(&root, None)?;
        config.cache = cache.dir(&root);
        Ok(Server {
            ws: Workspace::load(&root, config)?,
            year: crate::lint::this_year(),
            open: HashMap::new(),
            stale: Vec::new(),
            renames_files: renames_files(&params["capabilities"]),
            watches_files: params["capabilities"]["workspace"]["didChangeWatchedFiles"]
                ["dynamicRegistration"]
                == true,
        })
    }

    /// The file a URI names, relative to the guide's root, if it is in it.
    fn relative(&self, uri: &str) -> Option<String> {
        let path = position::path_of(uri)?;
        let rel = path.strip_prefix(&self.ws.root).ok()?;
        Some(crate::model::slash_path(rel))
    }

    fn uri(&self, rel: &str) -> String {
        position::uri_of(&self.ws.root.join(rel))
    }

    fn source(&self, rel: &str) -> &str {
        self.ws.content.sources.get(rel).map_or("", |s| s)
    }

    fn notification(&mut self, note: &Notification) -> Vec<Message> {
        if note.method == "workspace/didChangeWatchedFiles" {
            return self.files_changed(&note.params);
        }
        let document = &note.params["textDocument"];
        let Some(rel) = document["uri"].as_str().and_then(|u| self.relative(u)) else {
            return Vec::new();
        };
        let open = self.open.contains_key(&rel);
        let text = match note.method.as_str() {
            "textDocument/didOpen" => document["text"].as_str(),
            // Only an open file changes in the editor.
            "textDocument/didChange" if open => note.params["contentChanges"]
                .as_array()
                .and_then(|c| c.last())
                .and_then(|c| c["text"].as_str()),
            "textDocument/didClose" if open => {
                // Back to the file as saved; its findings leave the editor.
                self.ws.content.reload_file(Path::new(&rel));
                self.open.remove(&rel);
                self.stale = self.open.keys().cloned().collect();
                return vec![publish(&self.uri(&rel), None, Vec::new())];
            }
            _ => None,
        };
        let Some(text) = text else {
            return Vec::new();
        };
        self.open.entry(rel.clone()).or_default().version =
            document["version"].as_i64().unwrap_or(0);
        self.ws
            .content
            .replace_file(Path::new(&rel), text.as_bytes().to_vec());
        self.stale = self.open.keys().filter(|f| **f != rel).cloned().collect();
        vec![self.check(rel)]
    }

    /// Check an open file and keep its findings: what to publish.
    fn check(&mut self, rel: String) -> Message {
        let found = crate::lint::check_file(&self.ws.content, &self.ws.config, self.year, &rel);
        let lines = Lines::new(self.source(&rel));
        let shown = found.iter().map(|d| lsp_diagnostic(d, &lines)).collect();
        let uri = self.uri(&rel);
        let open = self.open.entry(rel).or_default();
        open.findings = found;
        publish(&uri, Some(open.version), shown)
    }

    /// An open file not checked since another one changed (what links
    /// where may have changed with it), checked.
    fn check_next_stale(&mut self) -> Option<Message> {
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
    fn files_changed(&mut self, params: &Value) -> Vec<Message> {
        let changes = params["changes"].as_array().map_or(&[][..], Vec::as_slice);
        for change in changes {
            let Some(uri) = change["uri"].as_str() else {
                continue;
            };
            if uri.ends_with(&format!("/{}", crate::workspace::config::FILE_NAME)) {
                self.reload_config();
            }
            let Some(rel) = self.relative(uri).filter(|r| !r.is_empty()) else {
                continue;
            };
            if self.open.contains_key(&rel) {
                continue;
            }
            self.ws.follow(Path::new(&rel));
        }
        self.stale.clear();
        let open: Vec<String> = self.open.keys().cloned().collect();
        open.into_iter().map(|rel| self.check(rel)).collect()
    }

    /// handbok.toml changed: its settings from now on (a broken one leaves
    /// the last good settings in force).
    fn reload_config(&mut self) {
        let _ = self.ws.reload_config();
    }

    fn request(&self, req: &Request) -> Response {
        let p = &req.params;
        let at = &p["position"];
        match req.method.as_str() {
            "textDocument/codeAction" => {
                self.on_file(req, |uri, rel| Ok(self.code_actions(uri, rel, &p["range"])))
            }
            "textDocument/hover" => self.on_file(req, |_, rel| Ok(self.hover(rel, at))),
            "textDocument/definition" => self.on_file(req, |_, rel| Ok(self.definition(rel, at))),
            "textDocument/completion" => self.on_file(req, |_, rel| Ok(self.completion(rel, at))),
            "textDocument/rename" => self.on_file(req, |_, rel| {
                self.rename(rel, at, p["newName"].as_str().unwrap_or_default())
            }),
            "initialize" => Response::new_err(
                req.id.clone(),
                lsp_server::ErrorCode::InvalidRequest as i32,
                "the server is initialized already".to_string(),
            ),
            other => Response::new_err(
                req.id.clone(),
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("handbok does not answer {other}"),
            ),
        }
    }

    /// The answer to a request about a file (`textDocument.uri`): `answer`
    /// given the URI and the file relative to the root; nothing for a file
    /// outside the guide; an error for a request without a file or one
    /// `answer` refuses.
    fn on_file(
        &self,
        req: &Request,
        answer: impl FnOnce(&str, &str) -> Result<Value, String>,
    ) -> Response {
        let id = req.id.clone();
        let invalid = |why: String| {
            Response::new_err(id.clone(), lsp_server::ErrorCode::InvalidParams as i32, why)
        };
        let Some(uri) = req.params["textDocument"]["uri"].as_str() else {
            return invalid("textDocument.uri is missing".into());
        };
        match self.relative(uri) {
            None => Response::new_ok(id.clone(), Value::Null),
            Some(rel) => match answer(uri, &rel) {
                Ok(value) => Response::new_ok(id.clone(), value),
                Err(why) => invalid(why),
            },
        }
    }

    /// The findings of `rel` that touch the LSP `range`.
    fn findings_in(&self, rel: &str, range: &Value) -> Vec<&Diagnostic> {
        let lines = Lines::new(self.source(rel));
        let (from, to) = (
            offset_of(&lines, &range["start"]),
            offset_of(&lines, &range["end"]),
        );
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

    /// The safe fix of each finding in range, and silencing it with a reason.
    fn code_actions(&self, uri: &str, rel: &str, range: &Value) -> Value {
        let source = self.source(rel);
        let lines = Lines::new(source);
        let mut actions = Vec::new();
        for d in self.findings_in(rel, range) {
            let diagnostic = lsp_diagnostic(d, &lines);
            if let Some(fix) = &d.fix {
                let range = json!({
                    "start": lsp_position(&lines, fix.start),
                    "end": lsp_position(&lines, fix.end),
                });
                actions.push(json!({
                    "title": format!("Fix: {}", fix.description),
                    "kind": "quickfix",
                    "isPreferred": true,
                    "diagnostics": [diagnostic],
                    "edit": { "changes": { uri: [{ "range": range, "newText": fix.replacement }] } },
                }));
            }
            let (line, indent) = silence_at(source, d.line);
            actions.push(json!({
                "title": format!("Silence {} here (write why)", d.rule),
                "kind": "quickfix",
                "diagnostics": [diagnostic],
                "edit": { "changes": { uri: [{
                    "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
                    "newText": format!("{indent}# handbok: allow({}) skäl: \n", d.rule),
                }] } },
            }));
        }
        Value::Array(actions)
    }

    /// What the rule of a finding under the cursor finds, and why.
    fn hover(&self, rel: &str, at: &Value) -> Value {
        let range = json!({ "start": at, "end": at });
        let Some(d) = self.findings_in(rel, &range).into_iter().next() else {
            return Value::Null;
        };
        let rule = crate::lint::rule(d.rule);
        json!({ "contents": { "kind": "markdown", "value": format!(
            "**{}** ({}) — {}\n\n{}", rule.id, rule.severity().name(), rule.summary, rule.doc
        ) } })
    }

    /// The page a `to:` leads to, or a municipality's pages.
    fn definition(&self, rel: &str, at: &Value) -> Value {
        let (key, value) = key_value(self.source(rel), at);
        let pages: Vec<&crate::model::Page> = match key {
            "to" => self.ws.content.resolve(value).into_iter().collect(),
            "municipality" => {
                let slug = crate::model::kommuner::find(value)
                    .map_or_else(|| crate::model::slug(value), |k| k.slug.clone());
                let folder = format!("kommuner/{slug}/");
                self.ws
                    .content
                    .pages
                    .iter()
                    .filter(|p| p.id.starts_with(&folder))
                    .collect()
            }
            _ => Vec::new(),
        };
        let start =
            json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } });
        Value::Array(
            pages
                .iter()
                .map(|p| json!({ "uri": self.uri(&p.display_path()), "range": start }))
                .collect(),
        )
    }

    /// Page ids after `to:`, municipality names after `municipality:`.
    fn completion(&self, rel: &str, at: &Value) -> Value {
        let (key, _) = key_value(self.source(rel), at);
        let items: Vec<Value> = match key {
            "to" => self
                .ws
                .content
                .pages
                .iter()
                .map(|p| json!({ "label": p.id, "kind": 17, "detail": p.body.title().to_string() }))
                .collect(),
            "municipality" => crate::model::kommuner::all()
                .iter()
                .map(|k| json!({ "label": k.name, "kind": 12 }))
                .collect(),
            _ => Vec::new(),
        };
        json!({ "isIncomplete": false, "items": items })
    }
}

impl Server {
    /// Rename the page a `to:` leads to: its file, and every link to it
    /// (every `to:` that leads there, and `parts` in guide.yaml).
    ///
    /// The new name is read the way the `to:` under the cursor is written:
    /// after `to: umea/ledarskap`, `umea/ledning` means
    /// `kommuner/umea/ledning`. Each link keeps its form: short links get
    /// the short name, full ones the full id.
    fn rename(&self, rel: &str, at: &Value, new: &str) -> Result<Value, String> {
        let (key, value) = key_value(self.source(rel), at);
        if key != "to" {
            return Err("rename a page from a `to:` that leads to it".into());
        }
        let page = self
            .ws
            .content
            .resolve(value)
            .ok_or_else(|| format!("no page `{value}` in this guide"))?;
        if !self.renames_files {
            return Err(format!(
                "this editor cannot rename files through a language server (it declares no \
                 workspaceEdit resourceOperation `rename`), and a page's id is its file's \
                 path: rename {} by hand and fix the links `handbok lint` then reports",
                page.display_path()
            ));
        }
        let old = page.id.as_str();
        let typed = new.trim();
        let short = |link: &str| id_form(link) != old;
        let new_id = if short(value) && typed.split('/').count() == 2 {
            crate::model::read_more_candidates(typed)
                .pop()
                .unwrap_or_default()
        } else {
            typed.to_string()
        };
        self.may_take(old, typed, &new_id)?;
        let new_short = if new_id == typed {
            short_form(&new_id)
        } else {
            Some(typed.to_string())
        };
        let from = page.display_path();
        let ext = from.rsplit('.').next().unwrap_or("yaml");
        let to = format!("{new_id}.{ext}");
        let mut edits: std::collections::BTreeMap<String, Vec<Value>> = Default::default();
        for p in &self.ws.content.pages {
            let targets = crate::model::fields::fields(p)
                .into_iter()
                .filter(|f| f.kind == crate::model::fields::FieldKind::Target)
                .filter(|f| {
                    self.ws
                        .content
                        .resolve(f.value)
                        .is_some_and(|p| p.id == old)
                });
            for field in targets {
                let text = match &new_short {
                    Some(s) if short(field.value) => s,
                    _ => &new_id,
                };
                self.edit(&mut edits, &p.display_path(), field.value, text);
            }
        }
        if let Some(guide) = &self.ws.content.guide {
            for part in guide.parts.iter().filter(|id| id.as_str() == old) {
                self.edit(&mut edits, GUIDE_FILE, part, &new_id);
            }
        }
        // The file first, never over another: if the editor cannot, no
        // link has been changed. The page's own links are edited where it
        // has gone.
        let mut changes = vec![json!({
            "kind": "rename",
            "oldUri": self.uri(&from),
            "newUri": self.uri(&to),
            "options": { "overwrite": false, "ignoreIfExists": false },
        })];
        changes.extend(edits.into_iter().map(|(file, edits)| {
            let version = self.open.get(&file).map(|o| o.version);
            let uri = self.uri(if file == from { &to } else { &file });
            json!({ "textDocument": { "uri": uri, "version": version }, "edits": edits })
        }));
        Ok(json!({ "documentChanges": changes }))
    }

    /// Whether page `old` may be called `new_id` (typed as `typed`): a
    /// page id of slugs, not the page's own, no other page's, no file's.
    fn may_take(&self, old: &str, typed: &str, new_id: &str) -> Result<(), String> {
        let slugs = |id: &str| {
            crate::text::is_page_id(id)
                && id
                    .split('/')
                    .all(|part| part.len() <= 60 && !part.starts_with('-') && !part.ends_with('-'))
        };
        if !slugs(typed) || !slugs(new_id) {
            return Err(format!(
                "`{typed}` cannot be a page id: write a-z, 0-9 and - between slashes \
                 (at most 60 characters a part, no - first or last)"
            ));
        }
        if new_id == old {
            return Err(format!("`{old}` is the page's id already"));
        }
        // Anything on disk by that name, known to the guide or not (a
        // broken file, a folder, guide.yaml itself).
        let taken = [format!("{new_id}.yaml"), format!("{new_id}.yml")]
            .into_iter()
            .find(|f| std::fs::symlink_metadata(self.ws.root.join(f)).is_ok());
        let other = self
            .ws
            .content
            .resolve(typed)
            .or(self.ws.content.page(new_id));
        match (other, taken) {
            (Some(p), _) => Err(format!(
                "`{typed}` leads to another page already ({})",
                p.display_path()
            )),
            (None, Some(file)) => Err(format!("{file} is there already")),
            (None, None) => Ok(()),
        }
    }

    /// Replace `value` (as found in `file`) with `text`.
    fn edit(
        &self,
        edits: &mut std::collections::BTreeMap<String, Vec<Value>>,
        file: &str,
        value: &crate::model::Text,
        text: &str,
    ) {
        let source = self.source(file);
        let place = crate::lint::sink::locate(source, value, 0, value.len());
        if let Some((start, end)) = place.range {
            let lines = Lines::new(source);
            let range =
                json!({ "start": lsp_position(&lines, start), "end": lsp_position(&lines, end) });
            edits
                .entry(file.to_string())
                .or_default()
                .push(json!({ "range": range, "newText": text }));
        }
    }
}

/// Ask the client to tell us when files change on disk.
fn watch_request() -> Message {
    // Everything: pages, images (lint checks them), settings, the word
    // list, and folders that go or come whole.
    let watchers = json!([{ "globPattern": "**/*" }]);
    Message::Request(Request::new(
        lsp_server::RequestId::from("handbok-watch".to_string()),
        "client/registerCapability".to_string(),
        json!({ "registrations": [{
            "id": "handbok-content-files",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": { "watchers": watchers },
        }] }),
    ))
}

/// The short form of a municipality page's id (`kommuner/umea/x` →
/// `umea/x`), when it leads back to it.
fn short_form(id: &str) -> Option<String> {
    let rest = id.strip_prefix("kommuner/")?;
    let back = crate::model::read_more_candidates(rest);
    (rest.split('/').count() == 2 && back.last().is_some_and(|b| b == id)).then(|| rest.to_string())
}

/// A link as a page id: `/omraden/x/` → `omraden/x`.
fn id_form(link: &str) -> &str {
    link.trim().trim_matches('/')
}

/// Whether the client's capabilities let an edit rename files.
fn renames_files(capabilities: &Value) -> bool {
    let edit = &capabilities["workspace"]["workspaceEdit"];
    edit["documentChanges"] == true
        && edit["resourceOperations"]
            .as_array()
            .is_some_and(|ops| ops.iter().any(|o| o == "rename"))
}

fn publish(uri: &str, version: Option<i64>, diagnostics: Vec<Value>) -> Message {
    let mut params = json!({ "uri": uri, "diagnostics": diagnostics });
    if let Some(v) = version {
        params["version"] = json!(v);
    }
    Message::Notification(Notification::new(
        "textDocument/publishDiagnostics".to_string(),
        params,
    ))
}

fn lsp_diagnostic(d: &Diagnostic, lines: &Lines) -> Value {
    let severity = match d.severity {
        Severity::Error => 1,
        Severity::Warning => 2,
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\n{help}"));
    }
    json!({
        "range": lsp_range(lines, d),
        "severity": severity,
        "code": d.rule,
        "source": "handbok",
        "message": message,
    })
}

/// The YAML key of the line under the cursor and its value (unquoted).
fn key_value<'a>(source: &'a str, at: &Value) -> (&'a str, &'a str) {
    let line = at["line"].as_u64().unwrap_or(0) as usize;
    let text = source.lines().nth(line).unwrap_or_default();
    let lines = Lines::new(source);
    let cursor = offset_of(&lines, at) - offset_of(&lines, &json!({ "line": line }));
    if let Some(entry) = flow_entry(text, cursor) {
        return entry;
    }
    let text = text.trim_start().trim_start_matches("- ");
    match text.split_once(':') {
        Some((key, value)) => {
            // A comment after the value is not part of it.
            let value = value.split(" #").next().unwrap_or_default();
            (
                key.trim(),
                value.trim().trim_matches(|c| c == '"' || c == '\''),
            )
        }
        None => ("", ""),
    }
}

/// The key and value of the entry of a flow mapping (`read_more: {text:
/// Läs mer, to: umea/x}`) that byte `cursor` of `line` is on.
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
            return Some((key.trim(), value.trim().trim_matches(['"', '\''])));
        }
        start = end + 1;
    }
    None
}

/// Where a suppression comment for a finding on `line` (1-based) goes
/// (0-based line, indentation): above the line, or above the key of the
/// `|` block it is in, since a comment covers what is indented under it.
fn silence_at(source: &str, line: usize) -> (usize, String) {
    let lines: Vec<&str> = source.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let at = line.saturating_sub(1).min(lines.len().saturating_sub(1));
    let own = lines.get(at).map_or(0, |l| indent(l));
    let block = (0..at).rev().find(|&k| {
        let l = lines[k].trim_end();
        !l.trim().is_empty() && indent(lines[k]) < own
    });
    let target = match block {
        Some(k) if lines[k].trim_end().ends_with(['|', '>']) || lines[k].contains(": |") => k,
        _ => at,
    };
    let text = lines.get(target).copied().unwrap_or_default();
    (target, text[..indent(text)].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_under_the_cursor_in_block_and_flow_style() {
        let source = "read_more:\n  to: umea/ledarskap # en kommentar\nx: {text: \"Läs mer\", to: 'umea/ledarskap'}\n";
        let at = |line: u64, character: u64| json!({ "line": line, "character": character });
        assert_eq!(key_value(source, &at(1, 8)), ("to", "umea/ledarskap"));
        assert_eq!(key_value(source, &at(2, 30)), ("to", "umea/ledarskap"));
        assert_eq!(key_value(source, &at(2, 6)), ("text", "Läs mer"));
        assert_eq!(key_value(source, &at(2, 1)).0, "x");
    }
}

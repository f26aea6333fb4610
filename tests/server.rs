//! `handbok server` driven over stdio by a JSON-RPC client, as an editor
//! would: initialize, open, change, code actions, hover, definition,
//! completion, rename, shutdown. The latency of diagnostics after a change is
//! printed (`cargo test --test server -- --nocapture`).
#![allow(clippy::disallowed_methods)] // tests make their own fixtures

mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

struct Client {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next_id: u64,
}

impl Client {
    /// A server on the bundled guide, initialized by a client that says
    /// nothing of its capabilities.
    fn on_bundled_guide() -> Client {
        let mut client = Client::start(Path::new("content"));
        client.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri(Path::new("content")), "capabilities": {} }),
        );
        client.notify("initialized", json!({}));
        client
    }

    /// Open `page` in the editor with `text`: its URI.
    fn open(&mut self, page: &Path, text: &str) -> String {
        let page_uri = uri(&std::fs::canonicalize(page).unwrap());
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": page_uri, "languageId": "yaml", "version": 1, "text": text } }),
        );
        page_uri
    }

    /// Shut the server down as the protocol asks; it exits with success.
    fn stop(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        assert!(self.child.wait().unwrap().success());
    }

    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_handbok"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server starts");
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Client {
            child,
            input,
            output,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        self.send_raw(&message.to_string());
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.input.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.output.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        self.output.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    /// The answer to a request: its result or its error.
    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            assert_eq!(message["jsonrpc"], "2.0", "{message}");
            if message["id"] == id {
                return message;
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let answer = self.call(method, params);
        assert!(answer["error"].is_null(), "{answer}");
        answer["result"].clone()
    }

    /// The error a request is answered with.
    fn request_error(&mut self, method: &str, params: Value) -> Value {
        self.call(method, params)["error"].clone()
    }

    /// The answer to renaming, from the `to:` on `line` of `uri`, the page
    /// it leads to.
    fn rename(&mut self, uri: &str, line: usize, name: &str) -> Value {
        self.call(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 12 }, "newName": name }),
        )
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

fn uri(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap();
    format!("file://{}", path.display()).replace(' ', "%20")
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

#[test]
fn an_editor_session() {
    let dir = tempfile::tempdir().unwrap();
    let guide = dir.path().join("min guide");
    common::copy_tree(Path::new("content"), &guide);
    let mut client = Client::start(&guide);
    let edits = json!({ "workspace": {
        "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] },
        "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let init = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(&guide), "capabilities": edits }),
    );
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    client.notify("initialized", json!({}));
    // The server asks to hear of content files changed on disk.
    let register = client.receive();
    assert_eq!(
        register["method"], "client/registerCapability",
        "{register}"
    );
    let registration = &register["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(
        registration["registerOptions"]["watchers"][0]["globPattern"],
        "**/*"
    );
    client.send(&json!({ "jsonrpc": "2.0", "id": register["id"], "result": null }));
    // A message that is not JSON-RPC gets a parse error; the server goes on.
    client.send_raw(r#"{"jsonrpc":"2.0","id":99,"method":"textDocument/hover","#);
    let reply = client.receive();
    assert_eq!(reply["error"]["code"], -32700, "{reply}");
    let unknown = client.request_error("foo/bar", json!({}));
    assert_eq!(unknown["code"], -32601);

    let page = guide.join("omraden/ledarskap.yaml");
    let page_uri = uri(&page);
    let saved = std::fs::read_to_string(&page).unwrap();
    let text = saved.replacen("vad: |\n", "vad: |\n  Vi gör det här..\n", 1);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": page_uri, "languageId": "yaml", "version": 1, "text": text } }),
    );
    let found = client.diagnostics(&page_uri);
    assert_eq!(codes(&found), ["double-period"], "{found:?}");
    let range = found[0]["range"].clone();
    assert_eq!(range["start"], json!({ "line": 4, "character": 16 }));

    // Unsaved text, as typed: the finding goes, and comes back.
    let started = Instant::now();
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": page_uri, "version": 2 }, "contentChanges": [{ "text": saved }] }),
    );
    assert_eq!(codes(&client.diagnostics(&page_uri)), Vec::<&str>::new());
    eprintln!("diagnostics after a change: {:?}", started.elapsed());
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": page_uri, "version": 3 }, "contentChanges": [{ "text": text }] }),
    );
    assert_eq!(codes(&client.diagnostics(&page_uri)), ["double-period"]);

    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": page_uri }, "range": range, "context": { "diagnostics": [] } }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(
        titles[0].starts_with("Fix: ") && titles[1] == "Silence double-period here (write why)"
    );
    let fix = &actions[0]["edit"]["changes"][&page_uri][0];
    assert_eq!(fix["range"]["start"], json!({ "line": 4, "character": 16 }));
    let silence = &actions[1]["edit"]["changes"][&page_uri][0];
    assert_eq!(
        silence["range"]["start"],
        json!({ "line": 3, "character": 0 }),
        "above `vad: |`"
    );
    assert_eq!(
        silence["newText"],
        "# handbok: allow(double-period) skäl: \n"
    );

    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": page_uri }, "position": range["start"] }),
    );
    assert!(hover["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("**double-period**"));

    // `to: umea/ledarskap` leads to the municipality page.
    let line = text
        .lines()
        .position(|l| l.trim() == "to: umea/ledarskap")
        .unwrap();
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": page_uri }, "position": { "line": line, "character": 12 } }),
    );
    assert_eq!(
        definition[0]["uri"],
        uri(&guide.join("kommuner/umea/ledarskap.yaml"))
    );

    let line = text
        .lines()
        .position(|l| l.contains("municipality: Botkyrka"))
        .unwrap();
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": page_uri }, "position": { "line": line, "character": 18 } }),
    );
    let labels: Vec<&str> = completion["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), 290);
    assert!(labels.contains(&"Umeå") && labels.contains(&"Östersund"));

    // Renaming the page `to: umea/ledarskap` leads to: its file, and the link.
    let line = text
        .lines()
        .position(|l| l.trim() == "to: umea/ledarskap")
        .unwrap();
    let renamed = client.rename(&page_uri, line, "kommuner/umea/ledning")["result"].clone();
    let changes = renamed["documentChanges"].as_array().unwrap();
    let edit = changes
        .iter()
        .find(|c| c["textDocument"]["uri"] == page_uri)
        .expect("the link is rewritten");
    // The link is in the short form, and stays in it.
    assert_eq!(edit["edits"][0]["newText"], "umea/ledning");
    assert_eq!(
        edit["edits"][0]["range"]["start"],
        json!({ "line": line, "character": 10 })
    );
    let file = changes
        .iter()
        .find(|c| c["kind"] == "rename")
        .expect("the file is renamed");
    assert_eq!(
        file["oldUri"],
        uri(&guide.join("kommuner/umea/ledarskap.yaml"))
    );
    assert!(file["newUri"]
        .as_str()
        .unwrap()
        .ends_with("/kommuner/umea/ledning.yaml"));
    // A new name in the short form the link is written in means the same
    // page; the link keeps its form.
    let renamed = client.rename(&page_uri, line, "umea/ledning")["result"].clone();
    let changes = renamed["documentChanges"].as_array().unwrap();
    let edit = changes
        .iter()
        .find(|c| c["textDocument"]["uri"] == page_uri)
        .unwrap();
    assert_eq!(edit["edits"][0]["newText"], "umea/ledning");
    let file = changes.iter().find(|c| c["kind"] == "rename").unwrap();
    assert!(file["newUri"]
        .as_str()
        .unwrap()
        .ends_with("/kommuner/umea/ledning.yaml"));
    // Names that are no page id, the page's own, or another's: refused.
    let refusals = [
        ("Umea/Ledning", "cannot be a page id"),
        ("umea/led ning", "cannot be a page id"),
        ("umea/ledning.yaml", "cannot be a page id"),
        ("umea/ledarskap", "is the page's id already"),
        ("sidor/kungsbackaledaren", "leads to another page already"),
        ("guide", "guide.yaml is there already"),
    ];
    for (name, why) in refusals {
        let refused = client.rename(&page_uri, line, name)["error"].clone();
        let message = refused["message"].as_str().unwrap_or_default();
        assert!(message.contains(why), "{name}: {refused}");
    }

    // The page the link leads to is deleted on disk (a checkout, another
    // program): the open page's link is now missing; back, it is not.
    let target = guide.join("kommuner/umea/ledarskap.yaml");
    let kept = std::fs::read(&target).unwrap();
    let target_uri = uri(&target);
    std::fs::remove_file(&target).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": target_uri, "type": 3 }] }),
    );
    let found = client.diagnostics(&page_uri);
    assert!(
        codes(&found).contains(&"read-more-target-missing"),
        "{found:?}"
    );
    std::fs::write(&target, kept).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": target_uri, "type": 1 }] }),
    );
    assert_eq!(codes(&client.diagnostics(&page_uri)), ["double-period"]);
    // A whole folder goes, and comes back.
    let folder = guide.join("kommuner/umea");
    let folder_uri = uri(&folder);
    let aside = dir.path().join("umea");
    std::fs::rename(&folder, &aside).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": folder_uri, "type": 3 }] }),
    );
    let found = client.diagnostics(&page_uri);
    assert!(
        codes(&found).contains(&"read-more-target-missing"),
        "{found:?}"
    );
    std::fs::rename(&aside, &folder).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": folder_uri, "type": 1 }] }),
    );
    assert_eq!(codes(&client.diagnostics(&page_uri)), ["double-period"]);
    // A pipe and a link to an endless device named like pages are reported
    // as lint reports them; the server goes on answering.
    let fifo = guide.join("kommuner/fifo.yaml");
    let zero = guide.join("kommuner/zero.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let mut changes = vec![json!({ "uri": uri(&zero), "type": 1 })];
    if made.is_ok_and(|s| s.success()) {
        changes.push(json!({ "uri": uri(&fifo), "type": 1 }));
    }
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": changes }),
    );
    assert_eq!(codes(&client.diagnostics(&page_uri)), ["double-period"]);
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": page_uri }, "position": range["start"] }),
    );
    assert!(!hover.is_null());

    // New `[load]` limits read the guide again from disk; the open page
    // is still what the editor holds (its planted `..` is still found).
    let settings = guide.join("handbok.toml");
    let mut toml = std::fs::read_to_string(&settings).unwrap_or_default();
    toml.push_str("\n[load]\nmax-file-size = \"32 MB\"\n");
    std::fs::write(&settings, toml).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&settings), "type": 2 }] }),
    );
    assert_eq!(codes(&client.diagnostics(&page_uri)), ["double-period"]);

    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": page_uri } }),
    );
    assert!(client.diagnostics(&page_uri).is_empty());
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    // After shutdown only `exit` counts: a request is refused, not fatal.
    let late = client.request_error("textDocument/hover", json!({}));
    assert_eq!(late["code"], -32600, "{late}");
    client.notify("textDocument/didOpen", json!({}));
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}

/// `exit` without `shutdown` first ends the server with status 1, as the
/// protocol asks.
#[test]
fn exit_without_shutdown_is_status_one() {
    let mut client = Client::on_bundled_guide();
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().unwrap().code(), Some(1));
}

/// A client that cannot rename files is told so, and gets no edits.
#[test]
fn a_client_that_cannot_rename_files_is_told_so() {
    let mut client = Client::on_bundled_guide();
    let page = Path::new("content/omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(page).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim() == "to: umea/ledarskap")
        .unwrap();
    let page_uri = client.open(page, &text);
    let refused = client.rename(&page_uri, line, "umea/ledning")["error"].clone();
    let message = refused["message"].as_str().unwrap();
    assert!(message.contains("cannot rename files"), "{message}");
    client.stop();
}

/// Go-to-definition works in a page that does not load while it is being
/// edited: the entry under the cursor is then read from the line.
#[test]
fn definition_in_a_page_that_does_not_load() {
    let mut client = Client::on_bundled_guide();
    let page = Path::new("content/omraden/ledarskap.yaml");
    let text = std::fs::read_to_string(page).unwrap() + "oavslutad: [\n";
    let line = text
        .lines()
        .position(|l| l.trim() == "to: umea/ledarskap")
        .unwrap();
    let page_uri = client.open(page, &text);
    assert_eq!(codes(&client.diagnostics(&page_uri)), ["parse-error"]);
    // The cursor after the value, past its end.
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": page_uri }, "position": { "line": line, "character": 40 } }),
    );
    let target = std::fs::canonicalize("content/kommuner/umea/ledarskap.yaml").unwrap();
    assert_eq!(definition[0]["uri"], uri(&target), "{definition}");
    client.stop();
}

/// A folder in no guide (`/`, a home folder) is refused: nothing under it
/// is read and no cache is written there. The server ends with exit 2 and
/// one line.
#[test]
fn a_workspace_in_no_guide_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("annat.yaml"), "kind: article\ntitle: X\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbok"))
        .arg("server")
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let body = json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": { "processId": null, "rootUri": uri(dir.path()), "capabilities": {} } })
    .to_string();
    write!(input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    input.flush().unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("is in no guide") && said.lines().count() == 1,
        "{said}"
    );
    let answer = String::from_utf8_lossy(&out.stdout);
    assert!(
        answer.contains("\"error\"") && answer.contains("is in no guide"),
        "{answer}"
    );
    assert!(
        !dir.path().join(".handbok_cache").exists(),
        "no cache written"
    );
}

/// A URI that climbs out of the guide with `..` is not a file of it.
#[test]
fn a_uri_that_climbs_out_of_the_guide_is_not_in_it() {
    let mut client = Client::on_bundled_guide();
    let root = std::fs::canonicalize("content").unwrap();
    let out = format!("{}/omraden/../../Cargo.toml", uri(&root));
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": out, "languageId": "yaml", "version": 1, "text": "x: [" } }),
    );
    // Only the page opened next gets diagnostics: nothing was published
    // for the file outside (`diagnostics` would have returned it first).
    let page = client.open(
        Path::new("content/omraden/ledarskap.yaml"),
        "kind: area\ntitle: [\n",
    );
    let mut seen = Vec::new();
    loop {
        let message = client.receive();
        if message["method"] == "textDocument/publishDiagnostics" {
            seen.push(message["params"]["uri"].as_str().unwrap().to_string());
            if seen.last() == Some(&page) {
                break;
            }
        }
    }
    assert!(!seen.contains(&out), "{seen:?}");
    client.stop();
}

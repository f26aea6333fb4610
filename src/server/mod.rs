//! `handbok server`: the linter in the editor, over the Language Server
//! Protocol on stdio. The guide is loaded once; an open file's unsaved text
//! replaces its page, and its findings are worked out against the rest of
//! the guide as on disk (`lint::check_file`). Code actions apply the safe
//! fixes or silence a finding with a reason; hover explains a finding's
//! rule; go-to-definition and completion know the guide's pages (`to:` of a
//! "Läs mer") and Sweden's municipalities (`municipality:`); renaming a page
//! from a `to:` renames its file and rewrites every link to it. Files that
//! change on disk (the client watches them when asked) are read again.
//!
//! `session.rs` holds the state and takes the notifications; `handlers/`
//! answers the requests, one file each, over `lsp-types`.

mod handlers;
mod position;
mod session;
mod transport;

use crate::workspace::CachePlace;
use crate::Error;
use lsp_server::{Connection, ErrorCode, Message, Request, RequestId, Response};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, Initialize, RegisterCapability,
    Rename, Request as _, Shutdown,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, OneOf, Registration, RegistrationParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions,
};
use session::Session;

/// Run the server on stdin and stdout until the client says `exit`: true
/// when it said `shutdown` first, as the protocol asks.
pub fn run(cache: &CachePlace) -> Result<bool, Error> {
    let (connection, threads, broken) = transport::stdio();
    let fail = |e: &dyn std::fmt::Display| Error::new(format!("language server: {e}"));
    let capabilities = serde_json::to_value(capabilities()).expect("capabilities serialize");
    let (id, params) = connection.initialize_start().map_err(|e| fail(&e))?;
    let mut session = match Session::start(&params, cache) {
        Ok(session) => session,
        Err(e) => {
            // The client hears why before the server ends.
            let [_, writer] = threads;
            send(
                &connection,
                Message::Response(Response::new_err(
                    id,
                    ErrorCode::InvalidParams as i32,
                    e.to_string(),
                )),
            );
            drop(connection);
            let _ = writer.join();
            return Err(e);
        }
    };
    connection
        .initialize_finish(id, serde_json::json!({ "capabilities": capabilities }))
        .map_err(|e| fail(&e))?;
    // `initialize` has waited for the client's `initialized`: the time to
    // register for more.
    if session.watches_files {
        send(&connection, watch_request());
    }
    let mut shutting_down = false;
    // A message taken from the queue while looking for newer changes.
    let mut next: Option<Message> = None;
    loop {
        // Other open files are checked again, one at a time, when nothing
        // else waits: a keystroke is never kept waiting for all of them.
        if next.is_none() && connection.receiver.is_empty() {
            if let Some(out) = session.check_next_stale() {
                send(&connection, out);
                continue;
            }
        }
        let Some(message) = next.take().or_else(|| connection.receiver.recv().ok()) else {
            break;
        };
        let message = newest_change(message, &connection.receiver, &mut next);
        match message {
            Message::Request(req) if shutting_down => send(
                &connection,
                Message::Response(Response::new_err(
                    req.id,
                    ErrorCode::InvalidRequest as i32,
                    "the server is shutting down; only `exit` is answered".to_string(),
                )),
            ),
            Message::Request(req) if req.method == Shutdown::METHOD => {
                shutting_down = true;
                send(&connection, Message::Response(Response::new_ok(req.id, ())));
            }
            Message::Request(req) => send(&connection, Message::Response(request(&session, req))),
            Message::Notification(note) if note.method == "exit" => return Ok(shutting_down),
            Message::Notification(_) if shutting_down => {}
            Message::Notification(note) => {
                for out in session.notification(note) {
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
    if let Some(why) = broken.lock().ok().and_then(|mut b| b.take()) {
        return Err(fail(&why));
    }
    Ok(true)
}

/// Of a queue of changes to one document, the newest: the text is sent
/// whole with each, so only the last is checked. The first other message
/// found is kept in `next`.
fn newest_change(
    message: Message,
    queue: &crossbeam_channel::Receiver<Message>,
    next: &mut Option<Message>,
) -> Message {
    use lsp_types::notification::{DidChangeTextDocument, Notification as _};
    let document = |m: &Message| match m {
        Message::Notification(n) if n.method == DidChangeTextDocument::METHOD => {
            n.params["textDocument"]["uri"].as_str().map(String::from)
        }
        _ => None,
    };
    let Some(uri) = document(&message) else {
        return message;
    };
    let mut newest = message;
    while let Ok(queued) = queue.try_recv() {
        if document(&queued).as_deref() == Some(uri.as_str()) {
            newest = queued;
        } else {
            *next = Some(queued);
            break;
        }
    }
    newest
}

/// The answer to a request, by its handler.
fn request(session: &Session, req: Request) -> Response {
    use handlers::{code_action, completion, definition, hover, on_file, rename};
    match req.method.as_str() {
        CodeActionRequest::METHOD => {
            on_file::<CodeActionRequest>(session, req, code_action::handle)
        }
        HoverRequest::METHOD => on_file::<HoverRequest>(session, req, hover::handle),
        GotoDefinition::METHOD => on_file::<GotoDefinition>(session, req, definition::handle),
        Completion::METHOD => on_file::<Completion>(session, req, completion::handle),
        Rename::METHOD => on_file::<Rename>(session, req, rename::handle),
        Initialize::METHOD => Response::new_err(
            req.id,
            ErrorCode::InvalidRequest as i32,
            "the server is initialized already".to_string(),
        ),
        other => Response::new_err(
            req.id.clone(),
            ErrorCode::MethodNotFound as i32,
            format!("handbok does not answer {other}"),
        ),
    }
}

fn send(connection: &Connection, message: Message) {
    // The client has gone: the loop ends when the receiver does.
    let _ = connection.sender.send(message);
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(false)),
                ..Default::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![" ".to_string(), "/".to_string()]),
            ..Default::default()
        }),
        rename_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// Ask the client to tell us when files change on disk.
fn watch_request() -> Message {
    // Everything: pages, images (lint checks them), settings, the word
    // list, and folders that go or come whole.
    let options = DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/*".to_string()),
            kind: None,
        }],
    };
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "handbok-content-files".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: Some(serde_json::to_value(options).expect("options serialize")),
        }],
    };
    Message::Request(Request::new(
        RequestId::from("handbok-watch".to_string()),
        RegisterCapability::METHOD.to_string(),
        params,
    ))
}

#[cfg(test)]
mod queue_tests {
    use super::*;
    use lsp_server::Notification;

    fn change(uri: &str, version: i32) -> Message {
        Message::Notification(Notification::new(
            "textDocument/didChange".into(),
            serde_json::json!({ "textDocument": { "uri": uri, "version": version },
                                "contentChanges": [{ "text": format!("v{version}") }] }),
        ))
    }

    /// Keystrokes that queued up while a check ran are checked once, for
    /// the newest text; a change to another file waits its turn.
    #[test]
    fn a_queue_of_changes_to_one_document_is_checked_once_for_the_newest() {
        let (send, queue) = crossbeam_channel::unbounded();
        for v in 2..=4 {
            send.send(change("file:///g/a.yaml", v)).unwrap();
        }
        send.send(change("file:///g/b.yaml", 1)).unwrap();
        let mut next = None;
        let newest = newest_change(change("file:///g/a.yaml", 1), &queue, &mut next);
        let version = |m: &Message| match m {
            Message::Notification(n) => (
                n.params["textDocument"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                n.params["textDocument"]["version"].as_i64().unwrap(),
            ),
            _ => panic!("a notification"),
        };
        assert_eq!(version(&newest), ("file:///g/a.yaml".into(), 4));
        assert_eq!(version(&next.unwrap()), ("file:///g/b.yaml".into(), 1));
        assert!(queue.is_empty());
    }
}

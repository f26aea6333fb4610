//! `textDocument/rename` from a `to:`: the page it leads to is renamed (see
//! [`crate::workspace::rename`]), as one workspace edit: the file first,
//! never over another, then the links, each with the open file's version.

use super::Answer;
use crate::server::position::Lines;
use crate::server::session::Session;
use lsp_types::request::Rename;
use lsp_types::{
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    RenameFile, RenameFileOptions, RenameParams, ResourceOp, TextDocumentEdit, TextEdit,
    WorkspaceEdit,
};

pub fn handle(session: &Session, rel: &str, params: RenameParams) -> Answer<Rename> {
    let at = params.text_document_position.position;
    let (key, link) = session.entry_at(rel, at);
    if key != "to" {
        return Err("rename a page from a `to:` that leads to it".into());
    }
    let content = &session.ws.content;
    let page = content
        .resolve(&link)
        .ok_or_else(|| format!("no page `{link}` in this guide"))?;
    if !session.renames_files {
        return Err(format!(
            "this editor cannot rename files through a language server (it declares no \
             workspaceEdit resourceOperation `rename`), and a page's id is its file's \
             path: rename {} by hand and fix the links `handbok lint` then reports",
            page.display_path()
        ));
    }
    let plan = crate::workspace::rename::plan(content, &session.ws.root, &link, &params.new_name)?;
    let mut changes = vec![DocumentChangeOperation::Op(ResourceOp::Rename(
        RenameFile {
            old_uri: session.uri(&plan.from),
            new_uri: session.uri(&plan.to),
            options: Some(RenameFileOptions {
                overwrite: Some(false),
                ignore_if_exists: Some(false),
            }),
            annotation_id: None,
        },
    ))];
    for (file, edits) in &plan.edits {
        let lines = Lines::new(session.source(file));
        let edits = edits
            .iter()
            .map(|e| OneOf::Left(TextEdit::new(lines.range(e.start, e.end), e.text.clone())))
            .collect();
        // The page's own links are edited where it has gone.
        let at = if *file == plan.from { &plan.to } else { file };
        changes.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: session.uri(at),
                version: session.open.get(file).map(|o| o.version),
            },
            edits,
        }));
    }
    Ok(Some(WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(changes)),
        ..Default::default()
    }))
}

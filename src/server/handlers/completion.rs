//! `textDocument/completion`: page ids after `to:`, municipality names
//! after `municipality:`.
//!
//! The key is read from the line as typed, not from the model: an entry
//! being written (`to: ` and nothing yet) is no value of a page that
//! loads, and this is exactly when completion is asked for.

use super::Answer;
use crate::server::session::{line_entry, Session};
use lsp_types::request::Completion;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
};

pub fn handle(session: &Session, rel: &str, params: CompletionParams) -> Answer<Completion> {
    let at = params.text_document_position.position;
    let items = match line_entry(session.source(rel), at).0 {
        "to" => session
            .ws
            .content
            .pages
            .iter()
            .map(|p| CompletionItem {
                label: p.id.clone(),
                kind: Some(CompletionItemKind::FILE),
                detail: Some(p.body.title().to_string()),
                ..Default::default()
            })
            .collect(),
        "municipality" => crate::model::kommuner::all()
            .iter()
            .map(|k| CompletionItem {
                label: k.name.to_string(),
                kind: Some(CompletionItemKind::VALUE),
                ..Default::default()
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items,
    })))
}

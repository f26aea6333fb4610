//! `textDocument/completion`: page ids after `to:`, municipality names
//! after `municipality:`.
//!
//! The key is read from the line as typed, not from the model: an entry
//! being written (`to: ` and nothing yet) is no value of a page that
//! loads, and this is exactly when completion is asked for.

use super::Answer;
use crate::server::position::Lines;
use crate::server::session::Session;
use lsp_types::request::Completion;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionParams, CompletionResponse,
    Position,
};

pub fn handle(session: &Session, rel: &str, params: CompletionParams) -> Answer<Completion> {
    let at = params.text_document_position.position;
    let items = match key_at(session.source(rel), at) {
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

/// The YAML key of the entry under the cursor, as the line is written: a
/// block entry (`  to: umea/x`, `- municipality: Umeå`) or an entry of a
/// flow mapping (`read_more: {text: Läs mer, to: umea/x}`).
fn key_at(source: &str, at: Position) -> &str {
    let lines = Lines::new(source);
    let line = source.lines().nth(at.line as usize).unwrap_or_default();
    let cursor = lines.offset_of(at) - lines.offset_of(Position::new(at.line, 0));
    if let Some(key) = flow_key(line, cursor) {
        return key;
    }
    let line = line.trim_start().trim_start_matches("- ");
    line.split_once(':').map_or("", |(key, _)| key.trim())
}

/// The key of the flow-mapping entry that byte `cursor` of `line` is on.
fn flow_key(line: &str, cursor: usize) -> Option<&str> {
    let open = line.find('{')?;
    let close = line.rfind('}').filter(|&c| c > open).unwrap_or(line.len());
    if cursor <= open || cursor > close {
        return None;
    }
    let mut start = open + 1;
    for entry in line[start..close].split(',') {
        let end = start + entry.len();
        if cursor <= end {
            return entry.split_once(':').map(|(key, _)| key.trim());
        }
        start = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_under_the_cursor_in_block_and_flow_style() {
        let source = "read_more:\n  to: umea/ledarskap # en kommentar\nx: {text: \"Läs mer\", to: 'umea/ledarskap'}\n- municipality: \n";
        let at = |line, character| Position::new(line, character);
        assert_eq!(key_at(source, at(1, 8)), "to");
        assert_eq!(key_at(source, at(2, 30)), "to");
        assert_eq!(key_at(source, at(2, 6)), "text");
        assert_eq!(key_at(source, at(2, 1)), "x");
        assert_eq!(key_at(source, at(3, 16)), "municipality");
    }
}

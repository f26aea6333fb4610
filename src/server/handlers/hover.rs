//! `textDocument/hover`: what the rule of a finding under the cursor finds,
//! and why (the text of `handbok explain`).

use super::Answer;
use crate::server::position::Lines;
use crate::server::session::Session;
use lsp_types::request::HoverRequest;
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

pub fn handle(session: &Session, rel: &str, params: HoverParams) -> Answer<HoverRequest> {
    let at = params.text_document_position_params.position;
    let cursor = Lines::new(session.source(rel)).offset_of(at);
    let Some(d) = session.findings_in(rel, cursor, cursor).into_iter().next() else {
        return Ok(None);
    };
    let rule = crate::lint::rule(d.rule);
    let value = format!(
        "**{}** ({}) — {}\n\n{}",
        rule.id,
        rule.severity().name(),
        rule.summary,
        rule.doc
    );
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    }))
}

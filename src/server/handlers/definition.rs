//! `textDocument/definition`: the page a `to:` leads to, or the pages of a
//! `municipality:`.

use super::Answer;
use crate::model::Page;
use crate::server::session::Session;
use lsp_types::request::GotoDefinition;
use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, Range};

pub fn handle(
    session: &Session,
    rel: &str,
    params: GotoDefinitionParams,
) -> Answer<GotoDefinition> {
    let at = params.text_document_position_params.position;
    let content = &session.ws.content;
    let (key, value) = session.entry_at(rel, at);
    let pages: Vec<&Page> = match key {
        "to" => content.resolve(&value).into_iter().collect(),
        "municipality" => {
            let slug = crate::model::kommuner::find(&value)
                .map_or_else(|| crate::model::slug(&value), |k| k.slug.clone());
            let folder = format!("kommuner/{slug}/");
            content
                .pages
                .iter()
                .filter(|p| p.id.starts_with(&folder))
                .collect()
        }
        _ => Vec::new(),
    };
    let locations = pages
        .iter()
        .map(|p| Location::new(session.uri(&p.display_path()), Range::default()))
        .collect();
    Ok(Some(GotoDefinitionResponse::Array(locations)))
}

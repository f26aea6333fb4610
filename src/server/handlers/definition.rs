//! `textDocument/definition`: the page a `to:` leads to, or the pages of a
//! `municipality:`.

use super::Answer;
use crate::model::fields::FieldKind;
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
    let pages: Vec<&Page> = match session.field_at(rel, at) {
        Some(f) if f.kind == FieldKind::Target => content.resolve(f.value).into_iter().collect(),
        Some(f) if f.key == "municipality" => {
            let slug = crate::model::kommuner::find(f.value)
                .map_or_else(|| crate::model::slug(f.value), |k| k.slug.clone());
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

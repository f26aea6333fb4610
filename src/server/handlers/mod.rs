//! One handler per request, as ruff_server's `api/requests/`: each takes
//! the session, the file the request is about (relative to the guide's
//! root) and the request's typed parameters, and gives its typed answer or
//! why it cannot.

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod hover;
pub mod rename;

use super::session::Session;
use lsp_server::{ErrorCode, Request, Response};
use lsp_types::request::Request as LspRequest;

/// What a handler answers: the result, or why the request is refused.
pub type Answer<R> = Result<<R as LspRequest>::Result, String>;

/// Answer `req` with `handle` for a file of the guide (`textDocument.uri`):
/// null for a file outside it; invalid params for a request without a file,
/// with parameters that do not parse, or one the handler refuses.
pub fn on_file<R: LspRequest>(
    session: &Session,
    req: Request,
    handle: fn(&Session, &str, R::Params) -> Answer<R>,
) -> Response {
    let id = req.id.clone();
    let invalid = |why: String| Response::new_err(id.clone(), ErrorCode::InvalidParams as i32, why);
    let Some(uri) = req.params["textDocument"]["uri"].as_str() else {
        return invalid("textDocument.uri is missing".into());
    };
    let Some(rel) = session.relative(uri) else {
        return Response::new_ok(id, serde_json::Value::Null);
    };
    let params = match serde_json::from_value::<R::Params>(req.params) {
        Ok(params) => params,
        Err(e) => return invalid(format!("{}: {e}", R::METHOD)),
    };
    match handle(session, &rel, params) {
        Ok(result) => Response::new_ok(id, result),
        Err(why) => invalid(why),
    }
}

//! The preview over HTTP (axum): GET and HEAD only, for the address it
//! was started on only (a page of another site that a DNS name points
//! at the preview cannot read it), and only what the site holds: every
//! answer is made from the build in memory, never from a path on disk.

use super::annotate::{self, PREFIX};
use super::Shared;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::sync::Arc;

/// Answer requests on `listener` until the process ends.
pub fn serve(listener: std::net::TcpListener, shared: Arc<Shared>) -> Result<(), crate::Error> {
    let failed = |e: std::io::Error| crate::Error::new(format!("the preview stopped: {e}"));
    listener.set_nonblocking(true).map_err(failed)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(failed)?;
    runtime
        .block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            let app = axum::Router::new().fallback(answer).with_state(shared);
            axum::serve(listener, app).await
        })
        .map_err(failed)
}

async fn answer(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if request.headers().get_all(header::HOST).iter().count() > 1 {
        return plain(StatusCode::BAD_REQUEST, "more than one Host header\n");
    }
    // The address asked for: a request line's own (`GET http://…/`)
    // before the Host header, as HTTP/1.1 says.
    let host = match request.uri().authority() {
        Some(authority) => Some(authority.as_str()),
        None => request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok()),
    };
    if !host.is_some_and(|h| allowed(h, shared.port)) {
        return plain(
            StatusCode::FORBIDDEN,
            "refused: the Host header is not the address this preview serves\n",
        );
    }
    let Some(path) = decode(request.uri().path()) else {
        return missing(&shared);
    };
    match path.strip_prefix(PREFIX) {
        Some("events") => events(&shared).into_response(),
        Some("live.js") => file("live.js", include_bytes!("live.js").to_vec()),
        Some("preview.css") => file("preview.css", include_bytes!("preview.css").to_vec()),
        Some(_) => missing(&shared),
        None => {
            let rel = path.trim_start_matches('/').to_string();
            let query = request.uri().query().map(str::to_string);
            let page = tokio::task::spawn_blocking(move || site(&shared, &rel, query)).await;
            page.unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "the page failed\n"))
        }
    }
}

/// Whether a request's `Host` names the preview: an IP address or
/// `localhost`, at the port served. A DNS name is refused: a page of
/// another site that points its own name at this address (DNS
/// rebinding) would send that name.
fn allowed(host: &str, port: u16) -> bool {
    let (name, given) = match host.rsplit_once(':') {
        Some((name, p)) if !name.ends_with(':') && !p.contains(']') => {
            (name, p.parse::<u16>().ok())
        }
        _ => (host, Some(80)),
    };
    let address = name
        .strip_prefix('[')
        .and_then(|n| n.strip_suffix(']'))
        .map_or_else(
            || name.parse::<std::net::Ipv4Addr>().is_ok(),
            |v6| v6.parse::<std::net::Ipv6Addr>().is_ok(),
        );
    given == Some(port) && (address || name.eq_ignore_ascii_case("localhost"))
}

/// Each build's generation as a server-sent event, the current one first.
fn events(shared: &Shared) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let changes = shared.changes.subscribe();
    let first = *changes.borrow();
    let stream =
        futures_util::stream::unfold((changes, Some(first)), |(mut changes, first)| async move {
            let generation = match first {
                Some(g) => g,
                None => {
                    changes.changed().await.ok()?;
                    *changes.borrow_and_update()
                }
            };
            let event = Event::default()
                .event("change")
                .data(generation.to_string());
            Some((Ok(event), (changes, None)))
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The site's file at `rel`, with the preview's additions on its pages.
/// `query`: kept when a folder is redirected to its slash.
fn site(shared: &Shared, rel: &str, query: Option<String>) -> Response {
    let built = shared.built();
    let search = shared.search();
    if rel.starts_with("pagefind") {
        return match search.files.get(rel) {
            Some(bytes) => file(rel, bytes.clone()),
            None => missing(shared),
        };
    }
    let page = rel.trim_end_matches("index.html").trim_end_matches('/');
    if let Some(file) = built.broken.get(page) {
        let why =
            format!("{file} kan inte läsas. Rätta felet nedan och spara, så visas sidan igen.");
        let page = annotate::error_page(
            "Sidan kan inte visas",
            &why,
            Some(file),
            &built,
            editor(shared, &built),
        );
        return html(StatusCode::OK, page);
    }
    let book = match built.book.as_ref() {
        Ok(book) => book,
        Err(why) => {
            let page = annotate::error_page(
                "Handboken kan inte byggas",
                why,
                Some(crate::load::GUIDE_FILE),
                &built,
                editor(shared, &built),
            );
            return html(StatusCode::OK, page);
        }
    };
    let site = built.html.site(book);
    match site.get(rel, &search.more) {
        Ok(Some(served)) if is_page(rel) => {
            let bytes = String::from_utf8_lossy(&served.bytes);
            let start = rel.is_empty() || rel == "index.html";
            let page = annotate::page(
                &bytes,
                served.chapter,
                &built,
                editor(shared, &built),
                start,
            );
            html(StatusCode::OK, page)
        }
        Ok(Some(served)) => file(rel, served.bytes),
        // `omraden/ledarskap` is the folder `omraden/ledarskap/`.
        Ok(None) if !rel.is_empty() && matches!(site.get(&format!("{rel}/"), &[]), Ok(Some(_))) => {
            let mut r = plain(StatusCode::PERMANENT_REDIRECT, "");
            // Already percent-encoded, as the request line had it.
            let query = query.map(|q| format!("?{q}")).unwrap_or_default();
            let to = format!("/{}/{query}", encode(rel));
            if let Ok(to) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, to);
            }
            r
        }
        Ok(None) => missing(shared),
        Err(e) => {
            let page = annotate::error_page(
                "Sidan kan inte visas",
                &e.to_string(),
                None,
                &built,
                editor(shared, &built),
            );
            html(StatusCode::OK, page)
        }
    }
}

/// What a finding's link opens: `--editor`, else `[serve] editor` of the
/// settings in force.
fn editor<'a>(shared: &'a Shared, built: &'a super::state::Built) -> &'a super::Editor {
    shared.editor.as_ref().unwrap_or(&built.editor)
}

/// The site's 404 page.
fn missing(shared: &Shared) -> Response {
    let built = shared.built();
    // Without the base URL: the export's 404 links to the published
    // site, which the preview is not (and may not be yet).
    let mut settings = built.html.settings.clone();
    settings.base_url = None;
    let site = crate::export::html::Html {
        books: Vec::new(),
        settings,
    };
    let page = match built.book.as_ref() {
        Ok(book) => site.site(book).not_found_page().ok(),
        Err(_) => None,
    };
    let page = page.unwrap_or_else(|| "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"/><title>Sidan finns inte</title></head><body><main><h1>Sidan finns inte</h1></main></body></html>\n".into());
    let page = annotate::page(&page, None, &built, editor(shared, &built), false);
    html(StatusCode::NOT_FOUND, page)
}

fn is_page(rel: &str) -> bool {
    rel.is_empty() || rel.ends_with('/') || rel.ends_with(".html")
}

fn html(status: StatusCode, page: String) -> Response {
    respond(status, "text/html; charset=utf-8", page.into_bytes())
}

fn plain(status: StatusCode, text: &str) -> Response {
    respond(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

fn file(name: &str, bytes: Vec<u8>) -> Response {
    respond(StatusCode::OK, content_type(name), bytes)
}

fn respond(status: StatusCode, kind: &'static str, bytes: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = status;
    let headers = r.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // Always the build of now; nothing of the guide kept elsewhere.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
             script-src 'self' 'wasm-unsafe-eval'; frame-ancestors 'none'",
        ),
    );
    r
}

fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// A request's path as text: percent-decoded, UTF-8, and with no segment
/// that climbs (`..`, also as `%2e%2e`), no encoded slash, no backslash
/// and no NUL; else `None`, answered as missing.
fn decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                let byte = u8::from_str_radix(hex, 16).ok()?;
                // An encoded slash names no file of the site: refused,
                // not served one folder too shallow.
                if byte == b'/' {
                    return None;
                }
                out.push(byte);
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(out).ok()?;
    let bad = path.contains(['\\', '\0'])
        || !path.starts_with('/')
        || path.contains("//")
        || path.split('/').any(|s| s == ".." || s == ".");
    (!bad).then_some(path)
}

/// A path for a Location header: percent-encoded where a header needs it.
fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        match b {
            b'!'..=b'~' if b != b'%' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_address_or_localhost_at_the_port_is_a_host() {
        for ok in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST:3000",
            "[::1]:3000",
            "192.168.1.20:3000",
        ] {
            assert!(allowed(ok, 3000), "{ok}");
        }
        for bad in [
            "evil.example:3000",
            "127.0.0.1:3001",
            "127.0.0.1",
            "localhost",
            "127.0.0.1.nip.io:3000",
            "[::1]",
            "::1:3000",
            "",
            "127.0.0.1:3000:3000",
        ] {
            assert!(!allowed(bad, 3000), "{bad}");
        }
        assert!(allowed("127.0.0.1", 80) && allowed("localhost", 80));
    }

    #[test]
    fn paths_that_climb_or_hide_are_refused() {
        assert_eq!(
            decode("/omraden/ledarskap/").as_deref(),
            Some("/omraden/ledarskap/")
        );
        assert_eq!(
            decode("/kommuner/ume%C3%A5/").as_deref(),
            Some("/kommuner/umeå/")
        );
        for bad in [
            "/../guide.yaml",
            "/%2e%2e/guide.yaml",
            "/%2E%2E%2fguide.yaml",
            "/a/%2e%2e/%2e%2e/etc/passwd",
            "/..%5cguide.yaml",
            "//etc/passwd",
            "/a%00b",
            "/%ff",
            "/%zz",
            "/%2",
            "/./a",
            "/sidor%2fkungsbackaledaren/",
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
    }
}

//! HTTP: the site in memory, served as it is (the reload script added to HTML pages); never a
//! path outside the site — request paths are checked and looked up among the built files only,
//! and a copied file is read only when it really lies inside the site's folder.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::build::session::url_of;
use crate::output::Body as OutputBody;
use crate::serve::Shared;
use crate::serve::livereload::{self, EVENTS_PATH, MAX_LISTENERS, SCRIPT_PATH};

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(site_file)
        .with_state(shared)
}

async fn events(State(shared): State<Arc<Shared>>) -> Response {
    let served = shared.served.read().await;
    let (build, problems) = (served.build, served.current_problems());
    drop(served);
    match shared.hub.listen(build, problems) {
        Some(events) => events.into_response(),
        None => {
            let message = format!(
                "too many pages are listening for reloads (at most {MAX_LISTENERS}); close some of the site's tabs\n"
            );
            let mut response = (StatusCode::SERVICE_UNAVAILABLE, message).into_response();
            let retry = HeaderValue::from_static("10");
            response.headers_mut().insert(header::RETRY_AFTER, retry);
            response
        }
    }
}

async fn script() -> Response {
    let mut response = livereload::SCRIPT.into_response();
    set_type(&mut response, "text/javascript; charset=utf-8");
    response
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refused;

/// The output path a request path names (`/articles/x/` → `articles/x/index.html`), once
/// percent-decoded; refused when any part of it is `.`, `..`, empty, or could mean a folder
/// elsewhere (`\`, a NUL byte, a drive letter).
pub(crate) fn output_path(request_path: &str) -> Result<String, Refused> {
    let decoded = percent_decode(request_path).ok_or(Refused)?;
    let relative = decoded.strip_prefix('/').ok_or(Refused)?;
    let mut parts: Vec<&str> = relative.split('/').collect();
    let folder = parts.last() == Some(&"");
    if folder {
        parts.pop();
    }
    for part in &parts {
        let unsafe_part =
            part.is_empty() || *part == "." || *part == ".." || part.contains(['\\', '\0', ':']);
        if unsafe_part {
            return Err(Refused);
        }
    }
    let mut path = parts.join("/");
    if folder || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Ok(path)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Ok(path) = output_path(uri.path()) else {
        return (
            StatusCode::BAD_REQUEST,
            "refused: the path leaves the site\n",
        )
            .into_response();
    };
    let served = shared.served.read().await;
    let files = &served.session.output().files;
    let (status, key) = if files.contains_key(&path) {
        (StatusCode::OK, path)
    } else if files.contains_key(&format!("{path}/index.html")) {
        let target = format!("{}/", uri.path());
        let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
        if let Ok(location) = HeaderValue::from_str(&target) {
            response.headers_mut().insert(header::LOCATION, location);
        }
        return response;
    } else {
        (StatusCode::NOT_FOUND, "404.html".to_string())
    };
    let bytes = match files.get(&key) {
        Some(body) => read_inside(body, &shared.root),
        None => None,
    };
    drop(served);
    let Some(bytes) = bytes else {
        let page = b"<!doctype html><title>Not found</title><h1>Not found</h1><p>The site has no page here (yet).</p>";
        let html = livereload::inject(page, "/404.html");
        return respond(StatusCode::NOT_FOUND, "404.html", html, &method);
    };
    let bytes = if key.ends_with(".html") {
        livereload::inject(&bytes, &url_of(&key))
    } else {
        bytes
    };
    respond(status, &key, bytes, &method)
}

/// A built file's bytes; a copied file only when it (after following links) is in the site.
fn read_inside(body: &OutputBody, root: &Path) -> Option<Vec<u8>> {
    match body {
        OutputBody::Bytes(bytes) => Some(bytes.clone()),
        OutputBody::Copy(source) => {
            let real = source.canonicalize().ok()?;
            if !real.starts_with(root) {
                eprintln!(
                    "warning: not serving {}: it leads outside the site, to {}",
                    source.display(),
                    real.display()
                );
                return None;
            }
            crate::output::read_copied(&real).ok()
        }
    }
}

fn respond(status: StatusCode, key: &str, bytes: Vec<u8>, method: &Method) -> Response {
    let length = bytes.len();
    let body = if method == Method::HEAD {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    let mut response = (status, body).into_response();
    set_type(&mut response, &content_type(key));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

fn set_type(response: &mut Response, content_type: &str) {
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
}

/// The content type of an output path, with the character set of text types.
pub(crate) fn content_type(path: &str) -> String {
    let guess = mime_guess::from_path(path).first_or_octet_stream();
    let textual = guess.type_() == "text"
        || matches!(
            guess.subtype().as_str(),
            "javascript" | "json" | "xml" | "svg"
        )
        || guess
            .suffix()
            .is_some_and(|suffix| suffix == "xml" || suffix == "json");
    if textual {
        format!("{guess}; charset=utf-8")
    } else {
        guess.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_name_built_files() {
        assert_eq!(output_path("/"), Ok("index.html".into()));
        assert_eq!(
            output_path("/articles/x/"),
            Ok("articles/x/index.html".into())
        );
        assert_eq!(output_path("/style.css"), Ok("style.css".into()));
        assert_eq!(
            output_path("/tags/caf%C3%A9/"),
            Ok("tags/café/index.html".into())
        );
    }

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for path in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "//etc/passwd",
            "/a//b",
            "/./x",
            "/..%5c..%5cwindows",
            "/C:/windows",
            "/%00",
            "/%zz",
            "relative",
        ] {
            assert_eq!(output_path(path), Err(Refused), "{path}");
        }
    }

    #[test]
    fn text_types_carry_their_character_set() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("quiz.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("photo.jpg"), "image/jpeg");
    }
}

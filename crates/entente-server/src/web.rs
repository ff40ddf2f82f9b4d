//! The web page built into the binary: the files of `web/dist/` as they were when the server was
//! compiled (or a placeholder page when they were absent; see `build.rs`), served under `/` with
//! their content type. Paths that name no file and look like a page of the application (no
//! extension) get `index.html`, so links into the page work.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::Response;
use include_dir::{Dir, include_dir};

use crate::http::Failure;

static WEB: Dir<'static> = include_dir!("$ENTENTE_WEB_DIR");

/// The content type of a file, by its extension.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "toml" => "application/toml",
        _ => "application/octet-stream",
    }
}

/// Serve a file of the page (GET and HEAD).
pub async fn file(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let found = WEB.get_file(path).map(|f| (path, f)).or_else(|| {
        let last = path.rsplit('/').next().unwrap_or("");
        if last.contains('.') {
            None
        } else {
            WEB.get_file("index.html").map(|f| ("index.html", f))
        }
    });
    let Some((name, f)) = found else {
        return axum::response::IntoResponse::into_response(Failure::new(
            StatusCode::NOT_FOUND,
            entente_api::ApiError::usage("not-found", format!("there is no file `/{path}`")),
        ));
    };
    let mut r = Response::new(Body::from(f.contents()));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    // Built assets carry a hash in their name; everything else is checked on every load.
    let cache = if name.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    r
}

/// Whether the page built in is the placeholder (`web/dist/` was absent at build time).
pub fn is_placeholder() -> bool {
    WEB.get_file("index.html")
        .and_then(|f| f.contents_utf8())
        .is_some_and(|t| t.contains("was built without its web page"))
}

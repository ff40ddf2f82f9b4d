//! The request log: one JSON line per request on stderr, written when the response is ready:
//! method, path (without the query), status, milliseconds, and the bytes of the response body.

use std::time::Instant;

use axum::body::HttpBody as _;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use crate::routes::State;

/// Log a request (when the server's `log` is on).
pub async fn log(
    axum::extract::State(st): axum::extract::State<State>,
    req: Request,
    next: Next,
) -> Response {
    if !st.config.log {
        return next.run(req).await;
    }
    let start = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_string();
    let r = next.run(req).await;
    let bytes = r.body().size_hint().exact();
    let line = serde_json::json!({
        "method": method,
        "path": path,
        "status": r.status().as_u16(),
        "ms": (start.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
        "bytes": bytes,
    });
    eprintln!("{line}");
    r
}

//! The HTTP side of answers: the status of an `ApiError` (from its kind), JSON responses, and
//! reading a request body under the size limit and the read timeout into a JSON value with
//! bounded nesting. Every failure here is an `ApiError` JSON, like the questions' own errors.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use entente_api::{ApiError, ErrorKind};
use serde::Serialize;

/// An error answer: an `ApiError` with the status it is sent with.
#[derive(Debug)]
pub struct Failure {
    /// The HTTP status.
    pub status: StatusCode,
    /// The body.
    pub error: ApiError,
    /// Seconds after which a retry may succeed (503 when busy).
    pub retry_after: Option<u32>,
}

impl Failure {
    /// An error sent with an explicit status.
    pub fn new(status: StatusCode, error: ApiError) -> Self {
        Failure {
            status,
            error,
            retry_after: None,
        }
    }

    /// Ask the client to retry after some seconds.
    pub fn retry_after(mut self, seconds: u32) -> Self {
        self.retry_after = Some(seconds);
        self
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure::new(status_of(&error), error)
    }
}

/// The status an `ApiError` is sent with: usage 400 (404 for an unknown question or scenario),
/// scenario, input and unsupported 422.
pub fn status_of(e: &ApiError) -> StatusCode {
    match e.kind {
        ErrorKind::Usage if e.code == "unknown-question" || e.code == "unknown-scenario" => {
            StatusCode::NOT_FOUND
        }
        ErrorKind::Usage => StatusCode::BAD_REQUEST,
        _ => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let mut r = json(self.status, &self.error);
        if let Some(s) = self.retry_after {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        r
    }
}

/// A JSON response.
pub fn json<T: Serialize + ?Sized>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(bytes) => json_bytes(status, bytes.into()),
        Err(e) => {
            let fallback = format!(
                "{{\"kind\":\"unsupported\",\"code\":\"answer-not-json\",\"message\":{}}}",
                serde_json::Value::String(format!("the answer has no JSON form: {e}"))
            );
            json_bytes(StatusCode::INTERNAL_SERVER_ERROR, fallback.into())
        }
    }
}

/// A response of JSON already serialised.
pub fn json_bytes(status: StatusCode, bytes: Bytes) -> Response {
    let mut r = Response::new(Body::from(bytes));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// Refuse a body that is not declared JSON: a browser cannot send `application/json` to another
/// origin without asking first, so this keeps other web pages from posting to a local server.
pub fn require_json(req: &Request<Body>) -> Result<(), Failure> {
    let ok = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            let essence = v.split(';').next().unwrap_or("").trim();
            essence.eq_ignore_ascii_case("application/json")
        })
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(Failure::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::usage("not-json", "the request body must be JSON")
                .with_hint("send the header `Content-Type: application/json`"),
        ))
    }
}

fn too_large(limit: usize) -> Failure {
    Failure::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        ApiError::usage(
            "body-too-large",
            format!("the request body is larger than {limit} bytes"),
        )
        .with_hint("send a smaller query or scenario"),
    )
}

/// Read a request's body: at most `limit` bytes (413 beyond, at once when `Content-Length` says
/// so), sent within `timeout` (408 otherwise).
pub async fn read_body(
    req: Request<Body>,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, Failure> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    match tokio::time::timeout(timeout, axum::body::to_bytes(req.into_body(), limit)).await {
        Err(_) => Err(Failure::new(
            StatusCode::REQUEST_TIMEOUT,
            ApiError::usage(
                "too-slow",
                format!(
                    "the request body was not received within {} ms",
                    timeout.as_millis()
                ),
            ),
        )),
        Ok(Ok(b)) => Ok(b),
        Ok(Err(e)) => {
            if is_length_limit(&e) {
                Err(too_large(limit))
            } else {
                Err(Failure::new(
                    StatusCode::BAD_REQUEST,
                    ApiError::usage(
                        "bad-body",
                        format!("the request body could not be read: {e}"),
                    ),
                ))
            }
        }
    }
}

fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        if s.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = s.source();
    }
    false
}

/// Parse a body as JSON (an empty body is `{}`). Malformed JSON, and JSON nested deeper than
/// serde_json's recursion limit (128), are 400.
pub fn parse_json(body: &[u8]) -> Result<serde_json::Value, Failure> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    serde_json::from_slice(body).map_err(|e| {
        let nested = e.to_string().contains("recursion limit");
        Failure::new(
            StatusCode::BAD_REQUEST,
            ApiError::usage(
                if nested { "too-deep" } else { "bad-json" },
                format!("the request body is not valid JSON: {e}"),
            )
            .with_hint(if nested {
                "no query nests that deep"
            } else {
                "send the question's Query as a JSON object"
            }),
        )
    })
}

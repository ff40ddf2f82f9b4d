//! The routes and what they do: the question endpoints, uploads, the OpenAPI document and the
//! web page, with the layers every request goes through (the `Host` check, security headers, a
//! panic turned into a 500 answer, the request log). Computations go through [`State::compute`]:
//! a bounded number at once, each on a blocking thread under the time budget.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use entente_api::{ApiError, Session, Source};
use tokio::sync::Semaphore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::Config;
use crate::http::{Failure, json, json_bytes, parse_json, read_body, require_json};
use crate::store::Store;
use crate::upload::{Upload, UploadAnswer};

/// What every request shares.
#[derive(Debug)]
pub struct Shared {
    pub config: Config,
    default: Arc<Session>,
    uploads: Mutex<Store>,
    heavy: Arc<Semaphore>,
    openapi: Bytes,
}

/// The shared state, cheap to clone.
pub type State = Arc<Shared>;

/// Make the state of a server.
pub fn new_state(config: Config, session: Session) -> State {
    let openapi = serde_json::to_vec_pretty(&crate::openapi::openapi())
        .unwrap_or_default()
        .into();
    Arc::new(Shared {
        uploads: Mutex::new(Store::new(
            config.max_uploads,
            config.max_upload_bytes_total,
        )),
        heavy: Arc::new(Semaphore::new(config.max_heavy.max(1))),
        default: Arc::new(session),
        openapi,
        config,
    })
}

impl Shared {
    /// The session a request names with `?scenario=ID`, or the default one.
    fn session(&self, req: &Request) -> Result<Arc<Session>, Failure> {
        let id = req.uri().query().and_then(|q| {
            q.split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == "scenario")
                .map(|(_, v)| v.to_string())
        });
        let Some(id) = id.filter(|s| !s.is_empty()) else {
            return Ok(self.default.clone());
        };
        self.uploads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
            .ok_or_else(|| {
                ApiError::usage(
                    "unknown-scenario",
                    format!("no uploaded scenario has the id `{}`", id.escape_debug()),
                )
                .with_hint(
                    "uploads are dropped, oldest first, when too many are kept; upload it again",
                )
                .into()
            })
    }

    /// Run a computation: wait (at most `heavy_wait`) for a free place among `max_heavy`, then
    /// run it on a blocking thread for at most `time_budget`. Past the budget the request is
    /// answered 503 at once; the computation finishes in the background, holding its place, and
    /// its result is dropped.
    async fn compute<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Failure> {
        let busy = || {
            Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ApiError::unsupported(
                    "busy",
                    format!(
                        "the server is computing {} answers already",
                        self.config.max_heavy
                    ),
                )
                .with_hint("retry in a moment"),
            )
            .retry_after(1)
        };
        let permit =
            match tokio::time::timeout(self.config.heavy_wait, self.heavy.clone().acquire_owned())
                .await
            {
                Ok(Ok(p)) => p,
                _ => return Err(busy()),
            };
        let task = tokio::task::spawn_blocking(move || {
            let out = f();
            drop(permit);
            out
        });
        match tokio::time::timeout(self.config.time_budget, task).await {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(_)) => Err(Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ApiError::unsupported("internal", "the computation failed unexpectedly")
                    .with_hint("this is a bug in entente; please report the query"),
            )),
            Err(_) => Err(Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ApiError::unsupported(
                    "over-time-budget",
                    format!(
                        "the answer took longer than the time budget of {} ms",
                        self.config.time_budget.as_millis()
                    ),
                )
                .with_hint("ask a smaller question (fewer members, a sampling method), or raise the server's --time-budget"),
            )),
        }
    }
}

/// The router of a server.
pub fn router(state: State) -> Router {
    let api = Router::new()
        .route("/openapi.json", get(openapi))
        .route("/scenarios", post(upload))
        .route("/scenarios/default", get(default_files))
        .route("/scenarios/{id}", delete(forget))
        .route("/{question}", post(question))
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state.clone());
    Router::new()
        .nest("/api", api)
        .fallback(web)
        .layer(CatchPanicLayer::custom(|_| {
            Failure::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ApiError::unsupported("internal", "the request failed unexpectedly")
                    .with_hint("this is a bug in entente; please report the request"),
            )
            .into_response()
        }))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
                 font-src 'self' data:; worker-src 'self' blob:; object-src 'none'; \
                 frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .layer(middleware::from_fn_with_state(state, crate::log::log))
}

async fn openapi(axum::extract::State(st): axum::extract::State<State>) -> Response {
    json_bytes(StatusCode::OK, st.openapi.clone())
}

async fn question(
    axum::extract::State(st): axum::extract::State<State>,
    Path(name): Path<String>,
    req: Request,
) -> Result<Response, Failure> {
    let Some(&name) = entente_api::QUESTIONS.iter().find(|q| **q == name) else {
        return Err(ApiError::usage(
            "unknown-question",
            format!("there is no question `{}`", name.escape_debug()),
        )
        .with_hint(format!("one of: {}", entente_api::QUESTIONS.join(", ")))
        .into());
    };
    require_json(&req)?;
    let session = st.session(&req)?;
    let body = read_body(req, st.config.max_body, st.config.read_timeout).await?;
    let query = parse_json(&body)?;
    let answerer = st.config.answerer.clone();
    let answer = st
        .compute(move || {
            answerer(&session, name, query).and_then(|v| {
                serde_json::to_vec(&v).map_err(|e| {
                    ApiError::unsupported(
                        "answer-not-json",
                        format!("the answer has no JSON form: {e}"),
                    )
                })
            })
        })
        .await??;
    Ok(json_bytes(StatusCode::OK, answer.into()))
}

async fn upload(
    axum::extract::State(st): axum::extract::State<State>,
    req: Request,
) -> Result<Response, Failure> {
    require_json(&req)?;
    let body = read_body(req, st.config.max_body, st.config.read_timeout).await?;
    let value = parse_json(&body)?;
    let up: Upload = serde_json::from_value(value).map_err(|e| {
        ApiError::usage("bad-query", format!("the upload is not understood: {e}"))
            .with_hint("send {\"files\": {\"scenario.toml\": \"...\"}}")
    })?;
    let bytes = up.validate(st.config.max_upload_files)?;
    let (check, session) = st
        .compute(move || {
            let source = Source::Files(up.files);
            let check = entente_api::check::check(&source);
            let session = if check.ok {
                Session::open(&source).ok()
            } else {
                None
            };
            (check, session)
        })
        .await?;
    let id = session.map(|s| {
        st.uploads
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(Arc::new(s), bytes)
    });
    Ok(json(StatusCode::OK, &UploadAnswer { id, check }))
}

async fn default_files(axum::extract::State(st): axum::extract::State<State>) -> Response {
    if st.config.default_files.is_empty() {
        return Failure::new(
            StatusCode::NOT_FOUND,
            ApiError::usage(
                "no-files",
                "the text of the default scenario's files is not available",
            ),
        )
        .into_response();
    }
    json(
        StatusCode::OK,
        &Upload {
            files: st.config.default_files.clone(),
        },
    )
}

async fn forget(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    let removed = st
        .uploads
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&id);
    if removed {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NO_CONTENT;
        Ok(r)
    } else {
        Err(ApiError::usage(
            "unknown-scenario",
            format!("no uploaded scenario has the id `{}`", id.escape_debug()),
        )
        .into())
    }
}

/// The path a request was sent to (routes nested under `/api` see the rest only).
fn full_path(req: &Request) -> String {
    req.extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| req.uri().path().to_string(), |u| u.path().to_string())
}

async fn api_not_found(req: Request) -> Failure {
    Failure::new(
        StatusCode::NOT_FOUND,
        ApiError::usage(
            "not-found",
            format!(
                "there is no endpoint `{} {}`",
                req.method(),
                full_path(&req)
            ),
        )
        .with_hint("see /api/openapi.json"),
    )
}

async fn method_not_allowed(req: Request) -> Failure {
    Failure::new(
        StatusCode::METHOD_NOT_ALLOWED,
        ApiError::usage(
            "method-not-allowed",
            format!(
                "`{}` is not accepted on `{}`",
                req.method(),
                full_path(&req)
            ),
        )
        .with_hint("questions are asked with POST; see /api/openapi.json"),
    )
}

async fn web(req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return method_not_allowed(req).await.into_response();
    }
    crate::web::file(req.uri().clone()).await
}

/// Whether a `Host` header names this machine's loopback interface.
fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// On a loopback server, refuse requests for another host name: a web page on another site
/// cannot then reach the server by pointing its own name at 127.0.0.1.
async fn check_host(
    axum::extract::State(st): axum::extract::State<State>,
    req: Request,
    next: Next,
) -> Response {
    if st.config.loopback_hosts_only {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()))
            .unwrap_or("");
        if !loopback_host(host) {
            return Failure::new(
                StatusCode::MISDIRECTED_REQUEST,
                ApiError::usage(
                    "bad-host",
                    format!(
                        "this server answers for loopback names only, not `{}`",
                        host.escape_debug()
                    ),
                )
                .with_hint("use http://127.0.0.1:PORT/ or http://localhost:PORT/"),
            )
            .into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::loopback_host;

    #[test]
    fn loopback_names() {
        for ok in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:1",
            "127.1.2.3",
            "[::1]:80",
            "app.localhost",
        ] {
            assert!(loopback_host(ok), "{ok}");
        }
        for bad in [
            "",
            "example.org",
            "evil.test:8080",
            "10.0.0.1",
            "[fe80::1]:80",
            "localhost.evil.test",
        ] {
            assert!(!loopback_host(bad), "{bad}");
        }
    }
}

//! entente's HTTP API: every `entente-api` question as `POST /api/<question>` (the Query JSON in,
//! the Answer JSON out, an `ApiError` JSON with a status from its kind otherwise), scenario
//! uploads held in memory (`POST /api/scenarios`), an OpenAPI 3.1 document generated from the
//! questions' JSON Schemas (`GET /api/openapi.json`), and the web page built into the binary.
//!
//! The server is careful about its inputs: bodies are bounded in size and in the time a client
//! takes to send them, JSON nesting is bounded, every computation runs on a blocking thread under
//! a time budget and a bound on how many run at once, uploads are bounded in number and size and
//! never read a file outside themselves. [`Config`] holds every limit; [`serve`] runs the server
//! until a shutdown future resolves, and [`run`] is what `entente serve` calls.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use entente_api::{ApiError, Session};

mod conn;
mod http;
mod log;
mod openapi;
mod routes;
mod store;
mod upload;
mod web;

pub use openapi::openapi;
pub use upload::{Upload, UploadAnswer};
pub use web::is_placeholder as page_is_placeholder;

/// The function that answers a question by name: `entente_api::ask`, unless a test puts another
/// in its place (a slow one, to see the time budget and the concurrency bound at work).
pub type Answerer = Arc<
    dyn Fn(&Session, &str, serde_json::Value) -> Result<serde_json::Value, ApiError> + Send + Sync,
>;

/// Every limit of the server.
#[derive(Clone)]
pub struct Config {
    /// Largest request body, in bytes; larger ones are answered 413.
    pub max_body: usize,
    /// How long a client may take to send a request's headers, and then its body; slower ones
    /// are answered 408. Also how long an idle kept-alive connection stays open.
    pub read_timeout: Duration,
    /// How long one computation may take before the request is answered 503. The computation
    /// itself cannot be stopped: it finishes in the background and its result is dropped, but it
    /// keeps its place among the `max_heavy` until then.
    pub time_budget: Duration,
    /// How many computations (questions and uploads) run at once.
    pub max_heavy: usize,
    /// How long a request waits for a free place among the `max_heavy` before it is answered
    /// 503 with `Retry-After`.
    pub heavy_wait: Duration,
    /// How many uploaded scenarios are kept; the oldest is dropped to make room.
    pub max_uploads: usize,
    /// The total size (bytes of text) of the uploaded scenarios kept; the oldest are dropped to
    /// stay under it.
    pub max_upload_bytes_total: usize,
    /// How many files one upload may hold.
    pub max_upload_files: usize,
    /// How many open connections are served at once; more are closed at once.
    pub max_connections: usize,
    /// How long shutdown waits for requests under way.
    pub grace: Duration,
    /// Write one JSON line per request on stderr.
    pub log: bool,
    /// Refuse requests whose `Host` is not a loopback name (a defence against DNS rebinding);
    /// [`run`] sets it when the server listens on a loopback address.
    pub loopback_hosts_only: bool,
    /// The text of the default scenario's files, by path relative to its entry file's folder,
    /// as `GET /api/scenarios/default` answers them (for an editor to start from). Empty: that
    /// endpoint answers 404.
    pub default_files: std::collections::BTreeMap<String, String>,
    /// What answers the questions.
    pub answerer: Answerer,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            max_body: 2 * 1024 * 1024,
            read_timeout: Duration::from_secs(10),
            time_budget: Duration::from_secs(30),
            max_heavy: cores.max(2),
            heavy_wait: Duration::from_secs(2),
            max_uploads: 16,
            max_upload_bytes_total: 16 * 1024 * 1024,
            max_upload_files: 64,
            max_connections: 1024,
            grace: Duration::from_secs(10),
            log: true,
            loopback_hosts_only: false,
            default_files: Default::default(),
            answerer: Arc::new(entente_api::ask),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("max_body", &self.max_body)
            .field("read_timeout", &self.read_timeout)
            .field("time_budget", &self.time_budget)
            .field("max_heavy", &self.max_heavy)
            .field("heavy_wait", &self.heavy_wait)
            .field("max_uploads", &self.max_uploads)
            .field("max_upload_bytes_total", &self.max_upload_bytes_total)
            .field("max_upload_files", &self.max_upload_files)
            .field("max_connections", &self.max_connections)
            .field("grace", &self.grace)
            .field("log", &self.log)
            .field("loopback_hosts_only", &self.loopback_hosts_only)
            .field("default_files", &self.default_files.len())
            .finish_non_exhaustive()
    }
}

/// Serve on a bound listener until `shutdown` resolves; then stop accepting, let the requests
/// under way finish (at most `config.grace`) and return. `session` is the scenario questions
/// are asked of when they name no upload.
pub async fn serve(
    listener: tokio::net::TcpListener,
    config: Config,
    session: Session,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let state = routes::new_state(config, session);
    conn::accept_loop(listener, state, shutdown).await
}

/// Run the server on `addr` until SIGINT or SIGTERM: what `entente serve` does. `ready` is
/// called with the address actually bound (the port may have been 0).
pub fn run(
    addr: SocketAddr,
    mut config: Config,
    session: Session,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let served = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        config.loopback_hosts_only = local.ip().is_loopback();
        ready(local);
        serve(listener, config, session, shutdown_signal()).await
    });
    // A computation past its time budget may still be running; it is not waited for.
    rt.shutdown_timeout(Duration::from_millis(500));
    served
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

//! Connections: the accept loop, HTTP/1.1 on each connection with a header read timeout, a bound
//! on open connections, and graceful shutdown (stop accepting, let requests under way finish
//! within the grace period).
//!
//! A client that starts a request and then sends its headers too slowly is answered 408 before
//! the connection is closed: the connection's socket is shared between hyper and this module
//! ([`Tracked`]), which remembers whether a request was begun and not answered, so the 408 can
//! still be written once hyper gives the connection up. An idle kept-alive connection is closed
//! silently after the same time. Every connection ends with a lingering close (the end of the
//! stream is sent, then what the client still sends is read and dropped for a moment), so a
//! client that is still sending a body the server refused (413) receives the answer rather
//! than a reset connection.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use crate::routes::{State, router};

/// A TCP stream shared between hyper and the accept loop, which knows whether a request has been
/// begun (bytes read) and not yet answered (no byte written since).
#[derive(Debug, Clone)]
struct Tracked {
    stream: Arc<TcpStream>,
    begun: Arc<AtomicBool>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        loop {
            ready!(self.stream.poll_read_ready(cx))?;
            match self.stream.try_read(buf.initialize_unfilled()) {
                Ok(n) => {
                    buf.advance(n);
                    if n > 0 {
                        self.begun.store(true, Ordering::Relaxed);
                    }
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        loop {
            ready!(self.stream.poll_write_ready(cx))?;
            match self.stream.try_write(buf) {
                Ok(n) => {
                    self.begun.store(false, Ordering::Relaxed);
                    return Poll::Ready(Ok(n));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    /// Send the end of the stream; the socket itself is closed by [`Tracked::close`].
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(self.shutdown_write())
    }
}

impl Tracked {
    fn shutdown_write(&self) -> io::Result<()> {
        match socket2::SockRef::from(&*self.stream).shutdown(std::net::Shutdown::Write) {
            Err(e) if e.kind() != io::ErrorKind::NotConnected => Err(e),
            _ => Ok(()),
        }
    }

    /// Close after the answer: send the end of the stream, then read and drop what the client
    /// still sends (a body the answer did not need, as after a 413) until it closes its side,
    /// for at most `linger` and `max_bytes`. Closing a socket with unread data would reset the
    /// connection, and the client could lose the answer.
    async fn close(self, linger: std::time::Duration, max_bytes: usize) {
        let _ = self.shutdown_write();
        let mut seen = 0usize;
        let mut buf = vec![0u8; 16 * 1024];
        let _ = tokio::time::timeout(linger, async {
            while seen <= max_bytes {
                if self.stream.readable().await.is_err() {
                    return;
                }
                match self.stream.try_read(&mut buf) {
                    Ok(0) => return,
                    Ok(n) => seen += n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(_) => return,
                }
            }
        })
        .await;
    }
}

/// The answer to a client too slow to send its request's headers, and the size of its body.
fn timeout_response(ms: u128) -> (Vec<u8>, usize) {
    let body = serde_json::to_vec(&entente_api::ApiError::usage(
        "too-slow",
        format!("the request headers were not received within {ms} ms"),
    ))
    .unwrap_or_default();
    let mut out = format!(
        "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    (out, body.len())
}

/// Accept connections until `shutdown` resolves, then drain.
pub async fn accept_loop(
    listener: TcpListener,
    state: State,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let config = state.config.clone();
    let app = router(state);
    let graceful = GracefulShutdown::new();
    let open = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.read_timeout)
        .half_close(true)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(x) => x,
                Err(_) => {
                    // Out of file descriptors or a connection reset before it was accepted:
                    // wait a moment rather than spin.
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let io = Tracked {
            stream: Arc::new(stream),
            begun: Arc::new(AtomicBool::new(false)),
        };
        let service = TowerToHyperService::new(app.clone());
        let conn = graceful.watch(http.serve_connection(TokioIo::new(io.clone()), service));
        let ms = config.read_timeout.as_millis();
        let log = config.log;
        let linger = config.read_timeout.min(std::time::Duration::from_secs(2));
        let drain = config.max_body.saturating_mul(2);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                if e.is_timeout() && io.begun.load(Ordering::Relaxed) {
                    let mut w = io.clone();
                    let (answer, bytes) = timeout_response(ms);
                    let _ = tokio::io::AsyncWriteExt::write_all(&mut w, &answer).await;
                    if log {
                        // The request never reached the router: its method and path are unknown.
                        eprintln!(
                            "{}",
                            serde_json::json!({
                                "method": null, "path": null, "status": 408,
                                "ms": ms, "bytes": bytes,
                            })
                        );
                    }
                }
            }
            io.close(linger, drain).await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        _ = graceful.shutdown() => {},
        _ = tokio::time::sleep(config.grace) => {},
    }
    Ok(())
}

//! A small load client for `entente serve`, used by `bench/serve/run.sh` (not part of
//! `cargo test`). It opens one kept-alive connection per simulated client, sends a fixed query to
//! one endpoint until a number of requests or a number of seconds is reached, and prints one JSON
//! line: requests per second, p50 and p99 latency, and how many answers had each status.
//!
//! It refuses any address that is not on this machine's loopback interface.
//!
//! ```text
//! cargo run -p entente-server --example bench -- --addr 127.0.0.1:8080 --path /api/power \
//!     --body '{"institution": "eu_council"}' --clients 10 --requests 2000 --seconds 30
//! ```

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;

#[derive(Debug)]
struct Options {
    addr: SocketAddr,
    path: String,
    body: String,
    clients: usize,
    requests: usize,
    seconds: f64,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        addr: "127.0.0.1:8080".parse().map_err(|e| format!("{e}"))?,
        path: "/api/check".into(),
        body: "{}".into(),
        clients: 1,
        requests: 1000,
        seconds: 30.0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut v = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--addr" => o.addr = v()?.parse().map_err(|e| format!("--addr: {e}"))?,
            "--path" => o.path = v()?,
            "--body" => o.body = v()?,
            "--body-file" => {
                let p = v()?;
                o.body = std::fs::read_to_string(&p).map_err(|e| format!("{p}: {e}"))?;
            }
            "--clients" => o.clients = v()?.parse().map_err(|e| format!("--clients: {e}"))?,
            "--requests" => o.requests = v()?.parse().map_err(|e| format!("--requests: {e}"))?,
            "--seconds" => o.seconds = v()?.parse().map_err(|e| format!("--seconds: {e}"))?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    if !o.addr.ip().is_loopback() {
        return Err(format!("{} is not a loopback address", o.addr));
    }
    if o.clients == 0
        || o.clients > 1000
        || o.requests > 1_000_000
        || !o.seconds.is_finite()
        || o.seconds <= 0.0
    {
        return Err("clients 1..=1000, requests at most 10^6, seconds > 0".into());
    }
    Ok(o)
}

/// What one client saw.
#[derive(Debug, Default)]
struct Tally {
    latencies: Vec<Duration>,
    statuses: BTreeMap<u16, usize>,
    failures: usize,
    first_error: Option<String>,
}

async fn client(o: Arc<Options>, left: Arc<AtomicUsize>, deadline: Instant) -> Tally {
    let mut t = Tally::default();
    let mut sender = None;
    while Instant::now() < deadline {
        if left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_err()
        {
            break;
        }
        if sender.is_none() {
            match connect(o.addr).await {
                Ok(s) => sender = Some(s),
                Err(e) => {
                    t.failures += 1;
                    t.first_error.get_or_insert(e);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            }
        }
        let Some(s) = sender.as_mut() else { continue };
        let req = hyper::Request::post(o.path.as_str())
            .header("host", o.addr.to_string())
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(o.body.clone())))
            .expect("a valid request");
        let started = Instant::now();
        let outcome = tokio::time::timeout(Duration::from_secs(60), async {
            s.ready().await.map_err(|e| e.to_string())?;
            let r = s.send_request(req).await.map_err(|e| e.to_string())?;
            let status = r.status().as_u16();
            let close = r
                .headers()
                .get("connection")
                .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"close"));
            r.into_body().collect().await.map_err(|e| e.to_string())?;
            Ok::<_, String>((status, close))
        })
        .await
        .unwrap_or_else(|_| Err("no answer within 60 s".to_string()));
        match outcome {
            Ok((status, close)) => {
                t.latencies.push(started.elapsed());
                *t.statuses.entry(status).or_default() += 1;
                if close {
                    sender = None;
                }
            }
            Err(e) => {
                t.failures += 1;
                t.first_error.get_or_insert(e);
                sender = None;
            }
        }
    }
    t
}

type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

async fn connect(addr: SocketAddr) -> Result<Sender, String> {
    let stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    let _ = stream.set_nodelay(true);
    let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(conn);
    Ok(sender)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

fn main() {
    let o = match options() {
        Ok(o) => Arc::new(o),
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(2);
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(o.seconds);
    let left = Arc::new(AtomicUsize::new(o.requests));
    let tallies: Vec<Tally> = rt.block_on(async {
        let tasks: Vec<_> = (0..o.clients)
            .map(|_| tokio::spawn(client(o.clone(), left.clone(), deadline)))
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap_or_default());
        }
        out
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut all: Vec<Duration> = tallies.iter().flat_map(|t| t.latencies.clone()).collect();
    all.sort();
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for t in &tallies {
        for (s, n) in &t.statuses {
            *statuses.entry(s.to_string()).or_default() += n;
        }
    }
    let failures: usize = tallies.iter().map(|t| t.failures).sum();
    let line = serde_json::json!({
        "path": o.path,
        "clients": o.clients,
        "answered": all.len(),
        "failures": failures,
        "first_failure": tallies.iter().find_map(|t| t.first_error.clone()),
        "statuses": statuses,
        "seconds": (elapsed * 1000.0).round() / 1000.0,
        "rps": ((all.len() as f64 / elapsed) * 10.0).round() / 10.0,
        "p50_ms": (percentile(&all, 0.50) * 1000.0).round() / 1000.0,
        "p99_ms": (percentile(&all, 0.99) * 1000.0).round() / 1000.0,
    });
    println!("{line}");
}

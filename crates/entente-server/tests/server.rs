//! The server from outside, over real loopback connections: every question answers what
//! `entente-api` answers, the OpenAPI document lists them all, uploads are checked and never read
//! outside themselves, and every limit answers its status with an `ApiError` JSON. Each test
//! starts its own server on 127.0.0.1 port 0 and stops it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use entente_api::Session;
use entente_server::Config;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A server under test.
struct Server {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(config: Config) -> Server {
        Self::start_with(config, Session::bundled().unwrap()).await
    }

    async fn start_with(config: Config, session: Session) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(entente_server::serve(listener, config, session, async {
            let _ = stopped.await;
        }));
        Server { addr, stop, task }
    }

    async fn shutdown(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(15), self.task)
            .await
            .expect("the server stops")
            .unwrap()
            .unwrap();
    }

    async fn post(&self, path: &str, body: &str) -> Reply {
        self.send("POST", path, Some("application/json"), body.as_bytes())
            .await
    }

    async fn send(&self, method: &str, path: &str, ctype: Option<&str>, body: &[u8]) -> Reply {
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        if let Some(c) = ctype {
            head.push_str(&format!("Content-Type: {c}\r\n"));
        }
        head.push_str("\r\n");
        let mut s = TcpStream::connect(self.addr).await.unwrap();
        s.write_all(head.as_bytes()).await.unwrap();
        // The server may answer (413) before reading everything: write concurrently.
        let (mut r, mut w) = s.into_split();
        let body = body.to_vec();
        let writer = tokio::spawn(async move {
            let _ = w.write_all(&body).await;
        });
        let reply = read_reply(&mut r).await;
        drop(writer);
        reply
    }
}

/// A response as read off the wire.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// An `ApiError` with this status and code.
    fn assert_error(&self, status: u16, code: &str) -> Value {
        let v = self.json();
        assert_eq!(self.status, status, "{v}");
        assert_eq!(v["code"], code, "{v}");
        assert!(v["kind"].is_string() && v["message"].is_string(), "{v}");
        v
    }
}

async fn read_reply(r: &mut (impl AsyncReadExt + Unpin)) -> Reply {
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), r.read_to_end(&mut raw))
        .await
        .expect("the server answers in time")
        .expect("the connection reads");
    parse_reply(&raw)
}

fn parse_reply(raw: &[u8]) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    assert!(
        !headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("transfer-encoding")),
        "answers have a known length"
    );
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn quiet() -> Config {
    Config {
        log: false,
        loopback_hosts_only: true,
        ..Default::default()
    }
}

/// A question that takes `delay` to answer `check`, and answers the others as the API does.
fn slow(delay: Duration) -> entente_server::Answerer {
    Arc::new(move |s: &Session, name: &str, q: Value| {
        std::thread::sleep(delay);
        entente_api::ask(s, name, q)
    })
}

#[tokio::test]
async fn every_question_answers_what_the_api_answers() {
    let server = Server::start(quiet()).await;
    let session = Session::bundled().unwrap();
    for q in entente_api::QUESTIONS {
        let reply = server.post(&format!("/api/{q}"), "{}").await;
        let got = reply.json();
        match entente_api::ask(&session, q, json!({})) {
            Ok(want) => {
                assert_eq!(reply.status, 200, "{q}: {got}");
                // An answer that carries a measured time differs from one call to the next:
                // then only its shape is compared.
                if entente_api::ask(&session, q, json!({})).ok().as_ref() == Some(&want) {
                    assert_eq!(got, want, "{q}");
                } else {
                    let keys =
                        |v: &Value| v.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>());
                    assert_eq!(keys(&got), keys(&want), "{q}");
                }
            }
            Err(e) => {
                let want_status = match e.kind {
                    entente_api::ErrorKind::Usage => 400,
                    _ => 422,
                };
                assert_eq!(reply.status, want_status, "{q}: {got}");
                assert_eq!(got, serde_json::to_value(&e).unwrap(), "{q}");
            }
        }
        assert_eq!(reply.header("content-type"), Some("application/json"));
    }
    // The two questions answered today, with values from the bundled scenario (the same as the
    // golden pair tests/golden/check/bundled of entente-api).
    let check = server.post("/api/check", "").await;
    assert_eq!(check.status, 200);
    let check = check.json();
    assert_eq!(check["ok"], true);
    assert_eq!(check["name"], "European security architecture");
    let report = server.post("/api/report", "{}").await;
    assert_eq!(report.status, 200);
    assert!(report.json()["plan"]["events"].is_array());
    server.shutdown().await;
}

#[tokio::test]
async fn unknown_question_and_endpoint_are_404() {
    let server = Server::start(quiet()).await;
    server
        .post("/api/nope", "{}")
        .await
        .assert_error(404, "unknown-question");
    server
        .post("/api/a/b", "{}")
        .await
        .assert_error(404, "not-found");
    server
        .send("GET", "/api/check", None, b"")
        .await
        .assert_error(405, "method-not-allowed");
    server
        .post("/api/check?scenario=s0000", "{}")
        .await
        .assert_error(404, "unknown-scenario");
    server.shutdown().await;
}

#[tokio::test]
async fn openapi_lists_every_question() {
    let server = Server::start(quiet()).await;
    let reply = server.send("GET", "/api/openapi.json", None, b"").await;
    assert_eq!(reply.status, 200);
    let doc = reply.json();
    assert_eq!(doc["openapi"], "3.1.0");
    for q in entente_api::QUESTIONS {
        let op = &doc["paths"][format!("/api/{q}")]["post"];
        assert_eq!(op["operationId"], *q, "{q}");
        let query = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap();
        let answer = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap();
        for r in [query, answer] {
            assert!(doc.pointer(r.trim_start_matches('#')).is_some(), "{q}: {r}");
        }
    }
    assert!(doc["paths"]["/api/scenarios"]["post"].is_object());
    assert!(doc["components"]["schemas"]["ApiError"].is_object());
    server.shutdown().await;
}

/// The scenario of entente-api's golden pair `check/unknown-id`: a member id that names no actor.
const UNKNOWN_MEMBER: &str = r#"# A member id that names no actor: located, with a did-you-mean.
[scenario]
name = "Unknown member"
as_of = 2024-01-01

[actor.POL]
name = "Poland"

[actor.DEU]
name = "Germany"

[institution.club]
name = "A two-member club"
members = [{ id = "POL", joined = 1999-03-12 }, { id = "DEV" }]

[institution.club.decision.consensus]
rule = "consensus"
"#;

#[tokio::test]
async fn upload_with_an_error_shows_the_located_diagnostic() {
    let server = Server::start(quiet()).await;
    let body = json!({ "files": { "scenario.toml": UNKNOWN_MEMBER } }).to_string();
    let reply = server.post("/api/scenarios", &body).await;
    assert_eq!(reply.status, 200);
    let v = reply.json();
    assert_eq!(v["id"], Value::Null, "a scenario with errors is not kept");
    assert_eq!(v["check"]["ok"], false);
    let d = &v["check"]["diagnostics"][0];
    // As in entente-api's tests/golden/check/unknown-id.answer.json, with the uploaded name.
    assert_eq!(d["code"], "unknown-actor");
    assert_eq!(d["file"], "scenario.toml");
    assert_eq!(d["line"], 14);
    assert_eq!(d["column"], 57);
    assert_eq!(d["hint"], "did you mean `DEU`?");
    server.shutdown().await;
}

#[tokio::test]
async fn uploaded_scenario_is_asked_by_its_id_and_forgotten() {
    let server = Server::start(quiet()).await;
    let fixed = UNKNOWN_MEMBER
        .replace("DEV", "DEU")
        .replace("Unknown member", "Two members");
    let body = json!({ "files": { "scenario.toml": fixed } }).to_string();
    let v = server.post("/api/scenarios", &body).await.json();
    assert_eq!(v["check"]["ok"], true, "{v}");
    let id = v["id"].as_str().expect("an id").to_string();
    let check = server
        .post(&format!("/api/check?scenario={id}"), "{}")
        .await;
    assert_eq!(check.status, 200);
    let check = check.json();
    assert_eq!(check["name"], "Two members");
    assert_eq!(check["counts"]["actors"], 2);
    let gone = server
        .send("DELETE", &format!("/api/scenarios/{id}"), None, b"")
        .await;
    assert_eq!(gone.status, 204);
    server
        .post(&format!("/api/check?scenario={id}"), "{}")
        .await
        .assert_error(404, "unknown-scenario");
    server.shutdown().await;
}

#[tokio::test]
async fn uploads_are_bounded_oldest_first() {
    let server = Server::start(Config {
        max_uploads: 2,
        ..quiet()
    })
    .await;
    let fixed = UNKNOWN_MEMBER.replace("DEV", "DEU");
    let body = json!({ "files": { "scenario.toml": fixed } }).to_string();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let v = server.post("/api/scenarios", &body).await.json();
        ids.push(v["id"].as_str().unwrap().to_string());
    }
    server
        .post(&format!("/api/check?scenario={}", ids[0]), "{}")
        .await
        .assert_error(404, "unknown-scenario");
    for id in &ids[1..] {
        let r = server
            .post(&format!("/api/check?scenario={id}"), "{}")
            .await;
        assert_eq!(r.status, 200);
    }
    // Too many files in one upload.
    let files: serde_json::Map<String, Value> = (0..100)
        .map(|i| (format!("f{i}.toml"), Value::String(String::new())))
        .collect();
    server
        .post("/api/scenarios", &json!({ "files": files }).to_string())
        .await
        .assert_error(400, "too-many-files");
    server.shutdown().await;
}

#[tokio::test]
async fn upload_never_reads_outside_itself() {
    let server = Server::start(quiet()).await;
    // Paths on the server's disk, relative and absolute, and a device that never ends.
    let toml = format!(
        "[scenario]\nname = \"Escape\"\ninclude = [\"/etc/passwd\", \"../../Cargo.toml\", \"../x.toml\", \"/dev/zero\", \"{}\"]\n",
        concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")
    );
    let body =
        json!({ "files": { "scenario.toml": toml, "x.toml": "[actor.POL]\nname = \"Poland\"\n" } })
            .to_string();
    let started = Instant::now();
    let reply = server.post("/api/scenarios", &body).await;
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(reply.status, 200);
    let text = String::from_utf8_lossy(&reply.body).to_string();
    for leaked in ["root:", "[workspace]", "[package]", "Poland"] {
        assert!(!text.contains(leaked), "`{leaked}` read: {text}");
    }
    let v = reply.json();
    assert_eq!(v["check"]["ok"], false);
    assert_eq!(v["check"]["files"], json!(["scenario.toml"]), "{v}");
    let located = v["check"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "scenario.toml" && d["line"] == 3)
        .count();
    assert_eq!(located, 5, "one diagnostic per include: {v}");
    // File names themselves cannot climb out either.
    for name in ["../x.toml", "/etc/passwd", "a/../../b.toml", "dev\\null"] {
        let body = json!({ "files": { name: "" } }).to_string();
        server
            .post("/api/scenarios", &body)
            .await
            .assert_error(400, "bad-file-name");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_body_is_413() {
    let server = Server::start(Config {
        max_body: 64 * 1024,
        ..quiet()
    })
    .await;
    let big = format!(
        "{{\"files\": {{\"a.toml\": \"{}\"}}}}",
        "x".repeat(200 * 1024)
    );
    server
        .post("/api/scenarios", &big)
        .await
        .assert_error(413, "body-too-large");
    server
        .post("/api/check", &big)
        .await
        .assert_error(413, "body-too-large");
    // The server still answers afterwards.
    assert_eq!(server.post("/api/check", "{}").await.status, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn oversized_chunked_body_is_413() {
    let server = Server::start(Config {
        max_body: 64 * 1024,
        ..quiet()
    })
    .await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        server.addr
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let (mut r, mut w) = s.into_split();
    let writer = tokio::spawn(async move {
        let chunk = format!("{:x}\r\n{}\r\n", 16 * 1024, " ".repeat(16 * 1024));
        for _ in 0..16 {
            if w.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
        }
        let _ = w.write_all(b"0\r\n\r\n").await;
    });
    read_reply(&mut r).await.assert_error(413, "body-too-large");
    drop(writer);
    server.shutdown().await;
}

#[tokio::test]
async fn malformed_unknown_and_deep_json_are_400() {
    let server = Server::start(quiet()).await;
    server
        .post("/api/check", "{\"x\":")
        .await
        .assert_error(400, "bad-json");
    server
        .post("/api/check", "not json")
        .await
        .assert_error(400, "bad-json");
    server
        .post("/api/check", "{\"x\": 1}")
        .await
        .assert_error(400, "bad-query");
    server
        .post("/api/scenarios", "{\"files\": {}, \"more\": 1}")
        .await
        .assert_error(400, "bad-query");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    server
        .post("/api/check", &deep)
        .await
        .assert_error(400, "too-deep");
    let deep = format!("{}1{}", "{\"a\":".repeat(1000), "}".repeat(1000));
    server
        .post("/api/report", &deep)
        .await
        .assert_error(400, "too-deep");
    // Declared as something else than JSON.
    server
        .send("POST", "/api/check", Some("text/plain"), b"{}")
        .await
        .assert_error(415, "not-json");
    server
        .send("POST", "/api/check", None, b"{}")
        .await
        .assert_error(415, "not-json");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_time_budget_is_503() {
    let server = Server::start(Config {
        time_budget: Duration::from_millis(100),
        answerer: slow(Duration::from_secs(2)),
        ..quiet()
    })
    .await;
    let started = Instant::now();
    let reply = server.post("/api/check", "{}").await;
    assert!(
        started.elapsed() < Duration::from_millis(1800),
        "answered at once"
    );
    reply.assert_error(503, "over-time-budget");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_computations_at_once_is_503() {
    let server = Arc::new(
        Server::start(Config {
            max_heavy: 1,
            heavy_wait: Duration::ZERO,
            answerer: slow(Duration::from_millis(1200)),
            ..quiet()
        })
        .await,
    );
    let first = {
        let s = server.clone();
        tokio::spawn(async move { s.post("/api/check", "{}").await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let second = server.post("/api/check", "{}").await;
    second.assert_error(503, "busy");
    assert_eq!(second.header("retry-after"), Some("1"));
    assert_eq!(first.await.unwrap().status, 200);
    // Once the first is done, there is room again.
    assert_eq!(server.post("/api/check", "{}").await.status, 200);
    Arc::into_inner(server).unwrap().shutdown().await;
}

#[tokio::test]
async fn slow_body_is_408() {
    let server = Server::start(Config {
        read_timeout: Duration::from_millis(300),
        ..quiet()
    })
    .await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    let head = format!(
        "POST /api/check HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{  ",
        server.addr
    );
    s.write_all(head.as_bytes()).await.unwrap();
    read_reply(&mut s).await.assert_error(408, "too-slow");
    server.shutdown().await;
}

#[tokio::test]
async fn slow_headers_are_408() {
    let server = Server::start(Config {
        read_timeout: Duration::from_millis(300),
        ..quiet()
    })
    .await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(b"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    read_reply(&mut s).await.assert_error(408, "too-slow");
    // An idle connection is closed without an answer.
    let mut idle = TcpStream::connect(server.addr).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), idle.read_to_end(&mut raw))
        .await
        .expect("closed")
        .unwrap();
    assert!(raw.is_empty());
    server.shutdown().await;
}

#[tokio::test]
async fn other_host_names_are_refused() {
    let server = Server::start(quiet()).await;
    let mut s = TcpStream::connect(server.addr).await.unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: attacker.test\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    read_reply(&mut s).await.assert_error(421, "bad-host");
    server.shutdown().await;
}

#[tokio::test]
async fn the_page_is_served() {
    let server = Server::start(quiet()).await;
    for path in ["/", "/index.html", "/map"] {
        let r = server.send("GET", path, None, b"").await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").unwrap().starts_with("text/html"));
        assert!(String::from_utf8_lossy(&r.body).contains("<html"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    server
        .send("GET", "/missing.js", None, b"")
        .await
        .assert_error(404, "not-found");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_requests_under_way_finish() {
    // The answer starts (and says so) before the server is told to stop, whatever the load on
    // the machine: a fixed pause could let the stop overtake the request.
    let started = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = started.clone();
    let answerer: entente_server::Answerer = Arc::new(move |s: &Session, name: &str, q: Value| {
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(500));
        entente_api::ask(s, name, q)
    });
    let server = Server::start(Config {
        answerer,
        ..quiet()
    })
    .await;
    let addr = server.addr;
    let under_way = tokio::spawn(async move {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let req = format!(
            "POST /api/check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
        );
        s.write_all(req.as_bytes()).await.unwrap();
        read_reply(&mut s).await
    });
    let t0 = std::time::Instant::now();
    while !started.load(std::sync::atomic::Ordering::SeqCst) {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the request never started"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.shutdown().await;
    assert_eq!(under_way.await.unwrap().status, 200);
    // Nothing listens any more.
    assert!(TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn default_files_round_trip_through_an_upload() {
    let server = Server::start(quiet()).await;
    server
        .send("GET", "/api/scenarios/default", None, b"")
        .await
        .assert_error(404, "no-files");
    server.shutdown().await;

    let fixed = UNKNOWN_MEMBER.replace("DEV", "DEU");
    let server = Server::start(Config {
        default_files: [("scenario.toml".to_string(), fixed.clone())].into(),
        ..quiet()
    })
    .await;
    let files = server
        .send("GET", "/api/scenarios/default", None, b"")
        .await;
    assert_eq!(files.status, 200);
    let files = files.json();
    assert_eq!(files["files"]["scenario.toml"], fixed);
    let up = server
        .post("/api/scenarios", &files.to_string())
        .await
        .json();
    assert_eq!(up["check"]["ok"], true, "{up}");
    assert!(up["id"].is_string());
    server.shutdown().await;
}

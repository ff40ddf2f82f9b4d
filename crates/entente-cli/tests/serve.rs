//! `entente serve` from the command line: it listens on loopback, answers a question, stops
//! cleanly on SIGTERM with exit 0, refuses a scenario with errors (exit 1) and a port already
//! taken (exit 2).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{entente, root};

#[cfg(unix)]
#[test]
fn serves_on_loopback_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["serve", "--port", "0", "--quiet"])
        .current_dir(root())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the entente binary runs");
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");

    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "POST /api/check HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    )
    .unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(
        reply.contains("\"name\":\"European security architecture\""),
        "{reply}"
    );

    // The page's editor starts from the default scenario's files.
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET /api/scenarios/default HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    for file in ["\"scenario.toml\"", "\"nato.toml\"", "\"data/states.csv\""] {
        assert!(reply.contains(file), "{file} in {reply}");
    }

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let started = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "stops in time");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    let mut rest = String::new();
    err.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("stopped"), "{rest}");
}

#[test]
fn a_scenario_with_errors_is_refused() {
    let (code, _, err) = entente(&[
        "serve",
        "--port",
        "0",
        "-s",
        "scenarios/err/unknown-attribute.toml",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("unknown-attribute") || err.contains("problem"),
        "{err}"
    );
}

#[test]
fn a_port_already_taken_is_a_usage_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (code, _, err) = entente(&["serve", "--port", &port]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("cannot serve"), "{err}");
}

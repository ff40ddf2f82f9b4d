//! Every command of the README's tour runs, as written, against the built binary and exits 0.
//! Commands that read third-party material in ../shared are skipped with a notice when it is
//! absent, and fail instead when the environment variable CI is `true`.

mod common;

use std::process::Command;

/// The tour's command lines: every line of a fenced block under "## A short tour" that starts
/// with `entente `, without its trailing comment or output redirection.
fn tour() -> Vec<String> {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let start = readme
        .find("## A short tour")
        .expect("the README has a tour");
    let rest = &readme[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    let mut out = Vec::new();
    let mut in_block = false;
    for line in rest[..end].lines() {
        if line.starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if !in_block || !line.starts_with("entente ") {
            continue;
        }
        let line = line.split("  #").next().unwrap_or(line);
        let line = line.split(" > ").next().unwrap_or(line);
        out.push(line.trim().to_string());
    }
    out
}

/// Split a command line into words, honouring double quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[test]
fn every_tour_command_runs_as_written() {
    let cmds = tour();
    assert!(cmds.len() >= 15, "the tour lost its commands: {cmds:?}");
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let shared = common::root().join("../shared/data").is_dir();
    let out_dir = std::env::temp_dir().join(format!("entente-tour-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    for line in &cmds {
        // A server runs until it is stopped: `entente serve` is tested by entente-server's tests
        // and the browser tests, which start and stop it.
        if line.starts_with("entente serve") {
            continue;
        }
        if line.contains("../shared") && !shared {
            assert!(
                !ci,
                "CI=true but ../shared/data is absent: `{line}` cannot run"
            );
            println!("notice: ../shared/data is absent; skipped `{line}`");
            continue;
        }
        let w = words(line);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente"));
        cmd.args(&w[1..]).current_dir(common::root());
        if w.get(1).is_some_and(|c| c == "report") {
            cmd.arg("--out").arg(out_dir.join("report.html"));
        }
        let out = cmd.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "`{line}` failed: {err}");
        assert!(!out.stdout.is_empty(), "`{line}` printed nothing");
    }
    let _ = std::fs::remove_dir_all(&out_dir);
}

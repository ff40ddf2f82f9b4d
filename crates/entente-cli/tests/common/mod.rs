//! What every command-line test needs: the repository root, and the `entente` binary run from it
//! with its exit code, stdout and stderr.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root (scenario paths in tests are relative to it).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `entente ARGS` in the repository root: (exit code, stdout, stderr).
pub fn entente(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the entente binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Run `entente ARGS`, require success, and parse its stdout as JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    let (code, out, err) = entente(args);
    assert_eq!(code, 0, "entente {args:?} failed: {err}");
    serde_json::from_str(&out).expect("JSON on stdout")
}

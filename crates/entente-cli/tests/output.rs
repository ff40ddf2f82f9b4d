//! Writing the output: a reader that closes the pipe early ends the output quietly (exit 0, no
//! panic), and a full device is an error with exit code 1, never a panic (exit 101).

mod common;

use std::process::{Command, Stdio};

/// Regression: `entente check … | head -1` panicked on the broken pipe (exit 101).
#[test]
fn closed_pipe_ends_the_output_quietly() {
    for args in [&["schema"][..], &["show", "--format", "json"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_entente"))
            .args(args)
            .current_dir(common::root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the read end before the program writes: every write then fails with EPIPE.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
    }
}

/// Regression: writing to a full device panicked; it is an error with exit code 1.
#[test]
fn full_device_is_an_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        println!("notice: /dev/full is absent here; the full-device test is skipped");
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["schema"])
        .current_dir(common::root())
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot write"), "{err}");
}

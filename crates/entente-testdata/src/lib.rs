//! Where tests find the third-party test material (negotiation domains, forecasting inputs, DEU
//! III): `../shared/data` beside the repository, read in place and never copied into it. A clean
//! clone has no such folder: a test that needs it is then skipped with a printed notice, except
//! under `CI=true`, where its absence is a failure, so that CI always runs those tests.
//! `ENTENTE_SHARED_DIR` names another folder instead (to check the skipping without moving the
//! material).

use std::path::PathBuf;

/// The folder of the third-party material (`../shared` beside the repository, or
/// `ENTENTE_SHARED_DIR`).
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("ENTENTE_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared")),
    }
}

/// Whether the test `name` must be skipped because the material is absent: prints a notice and
/// answers `true`; under `CI=true` it fails the test instead.
pub fn skip_without_shared(name: &str) -> bool {
    let data = shared_dir().join("data");
    if data.is_dir() {
        return false;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but the third-party test material is absent ({}): {name} cannot run",
            data.display()
        );
    }
    // Written to stderr directly, not through `println!`, which the test harness captures: the
    // notice shows whatever the harness does with a passing test's output.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!("notice: ../shared/data is absent: {name} is skipped\n").as_bytes(),
    );
    true
}

/// A path under the material's `data/` folder.
pub fn data(rel: &str) -> PathBuf {
    shared_dir().join("data").join(rel)
}

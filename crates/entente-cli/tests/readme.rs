//! The README's two commands are the ones a new user and CI rely on: the first builds and runs
//! `entente report` on the bundled scenario, the second is the test command `.ci/run` executes
//! (CI extracts it from the README, with the same pattern as here).

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(rel),
    )
    .unwrap()
}

fn readme_commands() -> Vec<String> {
    read("README.md")
        .lines()
        .filter_map(|l| l.strip_prefix("$ "))
        .map(str::to_string)
        .collect()
}

#[test]
fn readme_has_exactly_the_two_commands() {
    let cmds = readme_commands();
    assert_eq!(
        cmds.len(),
        2,
        "README must show exactly two `$ ` commands: {cmds:?}"
    );
    assert!(
        cmds[0].starts_with("cargo run --release") && cmds[0].ends_with("-- report"),
        "{}",
        cmds[0]
    );
    assert!(cmds[1].starts_with("cargo test "), "{}", cmds[1]);
}

#[test]
fn ci_runs_the_readme_test_command() {
    let ci = read(".ci/run");
    // .ci/run takes the first README line of the form `$ cargo test ...`.
    assert!(
        ci.contains(r"sed -n 's/^\$ \(cargo test .*\)$/\1/p' README.md"),
        "CI no longer reads the README"
    );
    let test_cmd = readme_commands()
        .into_iter()
        .find(|c| c.starts_with("cargo test "))
        .unwrap();
    assert_eq!(test_cmd, "cargo test --workspace");
    assert!(ci.contains("cargo fmt --all -- --check"));
    assert!(ci.contains("cargo clippy --workspace --all-targets -- -D warnings"));
}

#[test]
fn readme_build_command_names_the_binary_package() {
    let cmds = readme_commands();
    assert!(cmds[0].contains("-p entente-cli"), "{}", cmds[0]);
    let manifest = read("crates/entente-cli/Cargo.toml");
    assert!(
        manifest.contains("name = \"entente\""),
        "the binary must be called entente"
    );
}

/// One seam: the command line reaches the engines only through entente-api (and formats with
/// entente-report, serves with entente-server). No engine crate is a dependency of it, nor of
/// the report, the server or the Python package.
#[test]
fn front_ends_depend_on_no_engine_crate() {
    const ENGINES: &[&str] = &[
        "entente-rules",
        "entente-games",
        "entente-scenario",
        "entente-power",
        "entente-decide",
        "entente-ledger",
        "entente-bargain",
        "entente-forecast",
    ];
    for krate in [
        "entente-cli",
        "entente-report",
        "entente-server",
        "entente-py",
    ] {
        let manifest = read(&format!("crates/{krate}/Cargo.toml"));
        for line in manifest.lines() {
            let name = line.split(['=', '.', ' ']).next().unwrap_or("").trim();
            assert!(
                !ENGINES.contains(&name),
                "{krate} depends on the engine crate {name}: reach it through entente-api"
            );
        }
    }
}

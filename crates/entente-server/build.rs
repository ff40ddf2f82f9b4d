//! Chooses the web page built into the server: the built page in the repository's `web/dist/`
//! when it exists, else the placeholder page of this crate, so that a plain `cargo build` works
//! without node. The choice is passed to `include_dir!` as `ENTENTE_WEB_DIR`.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dist = manifest.join("../../web/dist");
    let placeholder = manifest.join("placeholder");
    // Rebuild when the built page changes, goes, or appears. Cargo reruns a build script at
    // every build while a watched path is missing, so a missing `web/dist` is watched through
    // `web/` (where it will appear); a tree without `web/` watches only the placeholder.
    let web = manifest.join("../../web");
    if dist.is_dir() {
        println!("cargo:rerun-if-changed={}", dist.display());
    } else if web.is_dir() {
        println!("cargo:rerun-if-changed={}", web.display());
    }
    println!("cargo:rerun-if-changed={}", placeholder.display());
    println!("cargo:rerun-if-changed=build.rs");
    let dir = if dist.join("index.html").is_file() {
        dist
    } else {
        placeholder
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    println!("cargo:rustc-env=ENTENTE_WEB_DIR={}", dir.display());
}

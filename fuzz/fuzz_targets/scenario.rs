//! Fuzz the whole scenario reader and checker on one in-memory file: whatever the bytes, reading
//! returns diagnostics and never panics.
#![no_main]

use std::path::PathBuf;

use entente_scenario::load::InMemory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = InMemory { files: vec![("s.toml".into(), text.to_string())] };
    let loaded = entente_scenario::load_with(&[PathBuf::from("s.toml")], &files);
    for d in &loaded.diagnostics {
        let _ = d.render();
    }
});

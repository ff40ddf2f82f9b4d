//! The reader never panics: arbitrary text, and fixtures with bytes deleted or replaced, always
//! give a scenario plus diagnostics. (The fuzz targets in `fuzz/` push this much further.)

use std::path::PathBuf;

use entente_scenario::load::InMemory;
use proptest::prelude::*;

fn read(text: &str) -> entente_scenario::Loaded {
    let files = InMemory {
        files: vec![("s.toml".into(), text.to_string())],
    };
    entente_scenario::load_with(&[PathBuf::from("s.toml")], &files)
}

const SEED: &str = include_str!("../../../scenarios/ok/split/bodies.toml");

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let loaded = read(&text);
        for d in &loaded.diagnostics {
            let _ = d.render();
        }
    }

    #[test]
    fn damaged_fixture_never_panics(cut in 0usize..SEED.len(), len in 0usize..40, with in "[\\[\\]\"=.,{}a-z0-9 \n-]{0,6}") {
        let start = SEED.floor_char_boundary(cut);
        let end = SEED.floor_char_boundary((start + len).min(SEED.len()));
        let text = format!("[scenario]\nname = \"x\"\n{}{}{}", &SEED[..start], with, &SEED[end..]);
        let loaded = read(&text);
        for d in &loaded.diagnostics {
            prop_assert!(d.line <= text.lines().count() + 1);
            let _ = d.render();
        }
    }
}

#[test]
fn huge_input_is_refused_not_read() {
    let dir = std::env::temp_dir().join(format!("entente-huge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.toml");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(entente_scenario::load::MAX_FILE_BYTES + 1)
        .unwrap();
    let loaded = entente_scenario::load(std::slice::from_ref(&path));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(loaded.has_errors());
    assert!(
        loaded.diagnostics[0].message.contains("at most"),
        "{}",
        loaded.diagnostics[0].message
    );
}

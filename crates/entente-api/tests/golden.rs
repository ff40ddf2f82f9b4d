//! Golden tests of every question: `tests/golden/<question>/<case>.query.json` beside
//! `<case>.answer.json`. A case runs on the bundled scenario, or on the scenario folder
//! `<case>.scenario/` when there is one. The answer file holds `{"answer": …}` or
//! `{"error": …}`. Re-bless every expectation with `ENTENTE_BLESS=1 cargo test -p entente-api`.

use std::path::PathBuf;

use entente_api::{Session, Source};
use serde_json::{Value, json};

/// The one place that calls the API for a golden case.
fn check(question: &str, scenario: Option<PathBuf>, query: Value) -> Value {
    let source = match scenario {
        Some(p) => Source::Paths(vec![p]),
        None => Source::Bundled,
    };
    if question == "check" {
        let a = entente_api::check::check(&source);
        return json!({ "answer": a });
    }
    let session = match Session::open(&source) {
        Ok(s) => s,
        Err(e) => return json!({ "error": e }),
    };
    match entente_api::ask(&session, question, query) {
        Ok(a) => json!({ "answer": a }),
        Err(e) => json!({ "error": e }),
    }
}

fn root() -> PathBuf {
    // Relative to the crate folder (where cargo runs tests), so file names in answers carry no
    // machine path.
    PathBuf::from("tests/golden")
}

#[test]
fn every_golden_case() {
    let bless = std::env::var_os("ENTENTE_BLESS").is_some();
    let mut failures = Vec::new();
    let mut ran = 0;
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let question = dir.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            entente_api::QUESTIONS.contains(&question.as_str()),
            "golden folder `{question}` names no question"
        );
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".query.json"))
            .collect();
        cases.sort();
        for q in cases {
            let name = q
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace(".query.json", "");
            let query: Value = serde_json::from_str(&std::fs::read_to_string(&q).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", q.display()));
            let scen = dir.join(format!("{name}.scenario"));
            let got = check(&question, scen.is_dir().then_some(scen), query);
            let got_text = serde_json::to_string_pretty(&got).unwrap() + "\n";
            let want_path = dir.join(format!("{name}.answer.json"));
            ran += 1;
            if bless {
                std::fs::write(&want_path, &got_text).unwrap();
                continue;
            }
            match std::fs::read_to_string(&want_path) {
                Ok(want) if want == got_text => {}
                Ok(_) => failures.push(format!("{question}/{name}: answer differs")),
                Err(_) => failures.push(format!("{question}/{name}: no answer file")),
            }
        }
    }
    assert!(ran > 0, "no golden case ran");
    assert!(
        failures.is_empty(),
        "{} golden case(s) differ (re-bless with ENTENTE_BLESS=1 after checking the change):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every question has at least one golden pair.
#[test]
fn every_question_has_a_golden_pair() {
    for q in entente_api::QUESTIONS {
        let dir = root().join(q);
        let has = dir.is_dir()
            && std::fs::read_dir(&dir).unwrap().any(|e| {
                e.unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".query.json")
            });
        assert!(
            has,
            "question `{q}` has no golden case in tests/golden/{q}/"
        );
    }
}

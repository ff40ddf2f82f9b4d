//! Legal bases with consequences (M34): an enforcement competence of a Chapter VIII arrangement
//! must name the decision that authorises it (UN Charter Art. 53(1)); without one, a located
//! warning; with one that names no decision, a located error.

use std::path::PathBuf;

use entente_scenario::load::InMemory;

const BASE: &str = "[scenario]\nname = \"fixture\"\n\n[actor.POL]\nname = \"Poland\"\n\n[institution.pact]\nname = \"A regional arrangement\"\nlegal_bases = [\"chapter_viii\"]\nmembers = [{ id = \"POL\" }]\n\n[institution.pact.competence.enforcement]\ndescription = \"Measures of force against a member\"\nenforcement = true\n";

fn load(text: &str) -> entente_scenario::Loaded {
    let files = InMemory {
        files: vec![("scenario.toml".into(), text.into())],
    };
    entente_scenario::load_with(&[PathBuf::from("scenario.toml")], &files)
}

#[test]
fn enforcement_by_a_chapter_viii_body_without_authorisation_is_warned_about() {
    let l = load(BASE);
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.code == "missing-authorisation")
        .expect("a warning");
    assert_eq!(d.severity, entente_scenario::Severity::Warning);
    assert!(d.message.contains("Art. 53(1)"), "{}", d.message);
    assert!(d.line > 0);
}

#[test]
fn an_authorisation_that_names_no_decision_is_an_error() {
    let l = load(&format!("{BASE}authorised_by = \"unsc.nothing\"\n"));
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-decision")
        .expect("an error");
    assert!(d.message.contains("unsc.nothing"), "{}", d.message);
}

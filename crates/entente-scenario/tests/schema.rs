//! The committed JSON Schema (`docs/scenario.schema.json`) must be the one the raw types
//! generate, so that editors validate against the format as it is. Regenerate it with
//! `ENTENTE_BLESS=1 cargo test -p entente-scenario --test schema` (or `entente schema`).

use std::path::Path;

#[test]
fn committed_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario.schema.json");
    let fresh = serde_json::to_string_pretty(&entente_scenario::schema()).unwrap() + "\n";
    if std::env::var_os("ENTENTE_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/scenario.schema.json is stale: regenerate it with \
         `ENTENTE_BLESS=1 cargo test -p entente-scenario --test schema`"
    );
}

#[test]
fn schema_describes_the_main_tables() {
    let s = entente_scenario::schema();
    let props = s["properties"].as_object().unwrap();
    for key in [
        "scenario",
        "actors_csv",
        "actor",
        "zone",
        "institution",
        "agreement",
        "timeline",
        "settlement",
        "forecast",
    ] {
        assert!(props.contains_key(key), "schema lacks `{key}`");
    }
}

/// Regression: the schema's list of strengths omitted `monitor`. The closed vocabularies are
/// enums now, and the schema lists every word of each, so editors complete them.
#[test]
fn the_schema_lists_every_word_of_the_vocabularies() {
    use entente_scenario::vocab::{
        AgreementKind, AgreementStatus, LegalForm, ObligationKind, Strength, Trigger,
    };
    let text = serde_json::to_string(&entente_scenario::schema()).unwrap();
    let words = [
        AgreementKind::WORDS,
        AgreementStatus::WORDS,
        LegalForm::WORDS,
        ObligationKind::WORDS,
        Strength::WORDS,
        Trigger::WORDS,
    ];
    for list in words {
        for w in list {
            assert!(
                text.contains(&format!("\"const\":\"{w}\"")),
                "{w} is not in the schema"
            );
        }
    }
    assert!(Strength::WORDS.contains(&"monitor"));
}

/// One word for the guarantee: the agreement kind is `guarantee`, as the obligation kind; the
/// older `security_guarantee` is still read, with a warning that names the new word.
#[test]
fn one_word_for_the_guarantee() {
    let files = entente_scenario::load::InMemory {
        files: vec![(
            "scenario.toml".into(),
            "[scenario]\nname = \"x\"\n\n[actor.AAA]\nname = \"A\"\n\n[agreement.g]\nname = \"g\"\nkind = \"security_guarantee\"\nparties = [\"AAA\"]\n".into(),
        )],
    };
    let l = entente_scenario::load_with(&[std::path::PathBuf::from("scenario.toml")], &files);
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.code == "deprecated-word")
        .expect("a warning");
    assert!(d.hint.as_deref().unwrap().contains("guarantee"));
    assert_eq!(
        l.scenario.agreements[0].kind,
        entente_scenario::AgreementKind::Guarantee
    );
}

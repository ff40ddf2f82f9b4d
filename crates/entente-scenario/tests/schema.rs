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

//! Areas as places of their own: `within` may name states or zones, the states of a zone named
//! are the area's too, a cycle through `within` is refused, and `Scenario::lies_within` nests only
//! where declared. Expected values follow the bundled zone `ukraine_dmz` (zones.toml: an area
//! within Ukraine and Russia) and ISO 3166-1 (UKR, RUS, POL).

use std::path::PathBuf;

use entente_scenario::load::InMemory;

fn load(text: &str) -> entente_scenario::Loaded {
    let files = InMemory {
        files: vec![("s/scenario.toml".into(), text.into())],
    };
    entente_scenario::load_with(&[PathBuf::from("s/scenario.toml")], &files)
}

const BASE: &str = r#"
[scenario]
name = "areas"
[actor.UKR]
[actor.RUS]
[actor.POL]
[zone.ukraine]
members = ["UKR"]
[zone.east]
members = ["POL", "RUS", "UKR"]
[zone.dmz]
kind = "area"
within = ["UKR", "RUS"]
[zone.dmz_north]
kind = "area"
within = ["dmz"]
[zone.kharkiv]
kind = "area"
within = ["UKR"]
"#;

#[test]
fn within_names_states_or_zones_and_nests_only_where_declared() {
    let l = load(BASE);
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    let sc = l.scenario;
    let north = sc.zone("dmz_north").unwrap();
    assert_eq!(north.within, ["dmz"]);
    assert_eq!(
        north.members,
        ["RUS", "UKR"],
        "the states of the zone it lies in"
    );
    assert!(sc.lies_within("dmz_north", "dmz"));
    assert!(sc.lies_within("dmz_north", "east"));
    assert!(sc.lies_within("kharkiv", "ukraine"));
    // Not declared: a state, a region or a neighbouring area is not inside an area.
    assert!(!sc.lies_within("UKR", "dmz"));
    assert!(!sc.lies_within("ukraine", "dmz"));
    assert!(!sc.lies_within("kharkiv", "dmz"));
    assert!(!sc.lies_within("dmz", "dmz_north"));
    // The DMZ lies on Russia's territory too: not within Ukraine alone.
    assert!(!sc.lies_within("dmz", "ukraine"));
}

#[test]
fn a_cycle_through_within_is_refused() {
    let l = load(&format!(
        "{BASE}\n[zone.a]\nkind = \"area\"\nwithin = [\"b\"]\n[zone.b]\nkind = \"area\"\nwithin = [\"a\"]\n"
    ));
    let codes: Vec<&str> = l.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"zone-cycle"), "{codes:?}");
    let l = load(&format!(
        "{BASE}\n[zone.c]\nkind = \"area\"\nwithin = [\"nowhere\"]\n"
    ));
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.code == "unknown-actor")
        .expect("an unknown place is reported");
    // Located at the id in the added zone's `within`.
    let r = d.render();
    assert!(r.contains("within = [\"nowhere\"]"), "{r}");
    assert_eq!(d.column, 12, "{r}");
}

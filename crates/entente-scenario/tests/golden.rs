//! Golden tests of the checker: every fixture under `scenarios/err` must produce its diagnostics
//! exactly as recorded beside it (`NAME.expected`), including an error whose code is the
//! fixture's name; every fixture under `scenarios/ok` must load without errors. Re-bless the
//! expectations with `ENTENTE_BLESS=1 cargo test -p entente-scenario --test golden`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use entente_scenario::load::Files;
use entente_scenario::{Severity, load_with};

/// Files on disk below the repository root, named to the user relative to it.
struct Rooted(PathBuf);

impl Files for Rooted {
    fn read(&self, path: &Path) -> Result<String, String> {
        entente_scenario::load::Disk.read(&self.0.join(path))
    }
    fn is_dir(&self, path: &Path) -> bool {
        self.0.join(path).is_dir()
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "toml"))
        .map(|p| Path::new(dir).join(p.file_name().unwrap()))
        .collect();
    out.sort();
    out
}

#[test]
fn error_fixtures_match_their_expected_diagnostics() {
    let files = Rooted(root());
    let bless = std::env::var_os("ENTENTE_BLESS").is_some();
    let mut codes = BTreeSet::new();
    let mut failures = Vec::new();
    for fx in fixtures("scenarios/err") {
        let name = fx.file_stem().unwrap().to_string_lossy().to_string();
        let loaded = load_with(std::slice::from_ref(&fx), &files);
        let rendered: String = loaded.diagnostics.iter().map(|d| d.render()).collect();
        assert!(loaded.has_errors(), "{name}: no error reported");
        assert!(
            loaded
                .diagnostics
                .iter()
                .any(|d| d.code == name && d.severity == Severity::Error),
            "{name}: no error with code `{name}`:\n{rendered}"
        );
        codes.extend(loaded.diagnostics.iter().map(|d| d.code));
        let expected_path = root()
            .join("scenarios/err")
            .join(format!("{name}.expected"));
        if bless {
            std::fs::write(&expected_path, &rendered).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != rendered {
            failures.push(format!(
                "--- {name}: expected\n{expected}--- got\n{rendered}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        codes.len() >= 25,
        "only {} distinct diagnostic codes: {codes:?}",
        codes.len()
    );
}

#[test]
fn ok_fixtures_load_cleanly() {
    let files = Rooted(root());
    for fx in fixtures("scenarios/ok") {
        let loaded = load_with(std::slice::from_ref(&fx), &files);
        let rendered: String = loaded.diagnostics.iter().map(|d| d.render()).collect();
        assert!(
            loaded.diagnostics.is_empty(),
            "{}:\n{rendered}",
            fx.display()
        );
    }
}

#[test]
fn split_fixture_resolves_zones_csv_rules_and_phases() {
    let loaded = load_with(&[PathBuf::from("scenarios/ok/split")], &Rooted(root()));
    let s = &loaded.scenario;
    assert_eq!(s.actors.len(), 7);
    // Unknown cells stay unknown, never zero.
    assert!(
        !s.actor("UKR")
            .unwrap()
            .attributes
            .contains_key("population")
    );
    assert_eq!(s.zone("v4").unwrap().members, ["CZE", "HUN", "POL", "SVK"]);
    assert_eq!(
        s.zone("east").unwrap().members,
        ["BLR", "CZE", "HUN", "POL", "RUS", "SVK", "UKR"]
    );
    let date = jiff::civil::date(2024, 1, 1);
    let (rule, body) = s.voting_body("v4_council", "majority", date).unwrap();
    assert_eq!(rule.to_string(), "yes >= 3 and yes.population >= 50%");
    assert_eq!(body.len(), 4);
    // Poland (36.6 M of 62.5 M) with Czechia and Hungary: 3 members, 57% of the population.
    let bound = rule.bind(&body).unwrap();
    assert_eq!(body.members(), ["CZE", "HUN", "POL", "SVK"]);
    assert!(bound.wins(&[true, true, true, false]));
    // Without Poland, the three others hold 25.9 M (41%): not enough.
    assert!(!bound.wins(&[true, true, false, true]));
    let pact = s.agreement("pact").unwrap();
    assert_eq!(pact.phases.len(), 2);
    assert_eq!(
        pact.phases[0].opens_when.as_ref().unwrap().to_string(),
        "verified(RUS withdraws nonstrategic_nuclear from BLR) and after(2026-01-01)"
    );
    let t = s.timeline("history").unwrap();
    assert_eq!(t.events.len(), 3);
    assert_eq!(t.events[1].actor.as_deref(), Some("POL"));
}

#[test]
fn agreement_status_follows_its_dates() {
    use entente_scenario::resolve::parse_date;
    let loaded = entente_scenario::bundled();
    assert!(!loaded.has_errors());
    let s = &loaded.scenario;
    let d = |x: &str| parse_date(x).unwrap().0;
    // The UK–Ukraine agreement was signed in Kyiv on 2024-01-12 and applies from signature
    // (../shared/data/ukraine_security_agreements.csv; gov.uk 2024-01-12).
    let a = s
        .agreement("ukr_gbr_2024")
        .expect("bundled agreement ukr_gbr_2024");
    assert_eq!(a.status_on(d("2024-01-11")), "not_yet");
    assert_eq!(a.status_on(d("2024-01-12")), "in_force");
    // The North Atlantic Treaty entered into force on 1949-08-24.
    let nat = s.agreement("north_atlantic_treaty").unwrap();
    assert_eq!(nat.status_on(d("2025-06-30")), "in_force");
}

/// Regression: `decide -i european_security_organisation -d peace_operation` failed because the
/// Holy See has no population figure (the World Bank publishes none), while `check` said the
/// scenario was fine. `check` now warns at the rule, naming the member.
#[test]
fn check_reports_a_rule_some_member_cannot_be_evaluated_under() {
    let l = entente_scenario::bundled();
    let d = l
        .diagnostics
        .iter()
        .find(|d| d.code == "undecidable-rule")
        .expect("a warning for the peace operation rule");
    assert!(
        d.message
            .contains("european_security_organisation.peace_operation"),
        "{}",
        d.message
    );
    assert!(d.message.contains("VAT"), "{}", d.message);
    assert!(d.file.ends_with("proposals.toml") && d.line > 0);
    assert!(!l.has_errors());
}

//! The report on a scenario that is not the bundled one: every section filled, none failed, from
//! a `[report]` section that names little (the rest derived from the scenario). Expected values:
//! the Treaty of Rome's Council (Art. 148(2)) gives Luxembourg 1 of 17 weighted votes with 12 to
//! pass, which makes it a dummy (Felsenthal & Machover 1998, ch. 1; Banzhaf 0).

use entente_api::report::{Origin, Query, answer};
use entente_api::{Session, Source};

fn brussels() -> Session {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/brussels");
    Session::open(&Source::Paths(vec![dir])).unwrap()
}

#[test]
fn report_on_a_non_europe_scenario_fills_every_section() {
    let s = brussels();
    let a = answer(&s, &Query::default()).unwrap();
    // Derived: an attack by the named adversary on each state, every institution's decisions.
    assert_eq!(a.plan.events_from, Origin::Derived);
    assert_eq!(a.plan.events.len(), 7);
    assert_eq!(a.plan.power_from, Origin::Derived);
    assert_eq!(a.plan.timelines, vec!["crisis".to_string()]);
    assert_eq!(a.plan.settlement.as_deref(), Some("saar"));
    assert_eq!(a.plan.forecast.as_deref(), Some("integration"));
    let sections = entente_report::sections(&a);
    let ids: Vec<&str> = sections.iter().map(|s| s.id).collect();
    assert_eq!(
        ids,
        [
            "overview",
            "decisions",
            "commitments",
            "settlement",
            "forecast"
        ]
    );
    for s in &sections {
        assert!(!s.title.contains("failed"), "{}: {}", s.title, s.text);
        assert!(!s.text.contains("could not be computed"), "{}", s.text);
        assert!(!s.text.trim().is_empty(), "{} is empty", s.id);
    }
    let commitments = &sections[2].text;
    // An attack on the Netherlands sets off the Brussels Treaty's automatic defence by the six
    // other members of the Western European Union.
    assert!(
        commitments.contains("SUN attacks NLD (1958-06-30): collective defence yes"),
        "{commitments}"
    );
    assert!(
        commitments.contains("defence/automatic by 6"),
        "{commitments}"
    );
    let decisions = &sections[1].text;
    assert!(decisions.contains("LUX: Banzhaf 0.00%"), "{decisions}");
    // Banzhaf shares of the 1958 Council: France, Germany, Italy 5/21 each, Belgium and the
    // Netherlands 3/21 each (Felsenthal & Machover 1998, table 1.1): 23.81% and 14.29%.
    assert!(decisions.contains("FRA: Banzhaf 23.81%"), "{decisions}");
    assert!(decisions.contains("NLD: Banzhaf 14.29%"), "{decisions}");
    let page = entente_report::html(&a, &sections);
    assert!(page.contains("Western Europe, 1958"));
    assert!(!page.contains("http://") || page.contains("http://www.w3.org/2000/svg"));
}

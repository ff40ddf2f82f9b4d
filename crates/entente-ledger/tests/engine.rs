//! The ledger's engine tests over the fixture scenario in `tests/fixtures` (57 OSCE states, NATO
//! with its accession dates from the reference data, Art. 4/5/6 of the North Atlantic Treaty,
//! two of Ukraine's bilateral agreements, a hypothetical phased pact). Every expected value
//! names its source.

use std::path::PathBuf;

use entente_ledger::quantities;
use entente_ledger::{
    Change, ErrorKind, Incident, IncidentKind, Index, Options, Truth, World, coverage, replay,
    who_must_act,
};
use entente_scenario::{Event, Precision, Scenario, Timeline};
use jiff::civil::{Date, date};

fn fixture() -> Scenario {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenario.toml");
    let loaded = entente_scenario::load(&[p]);
    for d in &loaded.diagnostics {
        eprint!("{}", d.render());
    }
    assert!(!loaded.has_errors(), "the fixture must load cleanly");
    loaded.scenario
}

/// Distinct bearers of one obligation that apply (true) for an incident.
fn bearers(sc: &Scenario, inc: &Incident, d: Date, ag: &str, ob: &str) -> Vec<String> {
    let a = who_must_act(sc, inc, d);
    let mut v: Vec<String> = a
        .duties
        .iter()
        .filter(|x| x.agreement == ag && x.obligation == ob && x.applies == Truth::True)
        .map(|x| x.bearer.clone())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn art5_attack_on_poland_obliges_the_31_other_allies() {
    let sc = fixture();
    let inc = Incident::parse(&sc, "RUS attacks POL", None).unwrap();
    let b = bearers(
        &sc,
        &inc,
        date(2025, 6, 30),
        "north_atlantic_treaty",
        "collective_defence",
    );
    // 32 allies since Sweden's accession on 2024-03-07 (NATO, facts.md §4), less Poland itself.
    assert_eq!(b.len(), 31);
    assert!(!b.contains(&"POL".to_string()));
    let a = who_must_act(&sc, &inc, date(2025, 6, 30));
    assert!(a.collective_defence);
    // Art. 4: consult whenever a party is threatened; the same 31 bear it.
    let c = bearers(
        &sc,
        &inc,
        date(2025, 6, 30),
        "north_atlantic_treaty",
        "consult",
    );
    assert_eq!(c.len(), 31);
}

#[test]
fn finland_is_covered_from_its_accession_on_2023_04_04() {
    let sc = fixture();
    let inc = Incident::attack("RUS", "FIN");
    // Finland joined NATO on 2023-04-04 (NATO, facts.md §4): the day before, no ally is bound.
    let before = bearers(
        &sc,
        &inc,
        date(2023, 4, 3),
        "north_atlantic_treaty",
        "collective_defence",
    );
    assert_eq!(before.len(), 0);
    // On the day: 31 members, Finland included, so 30 others.
    let on = bearers(
        &sc,
        &inc,
        date(2023, 4, 4),
        "north_atlantic_treaty",
        "collective_defence",
    );
    assert_eq!(on.len(), 30);
}

#[test]
fn sweden_is_covered_from_2024_03_07() {
    let sc = fixture();
    let inc = Incident::attack("RUS", "SWE");
    // Sweden joined NATO on 2024-03-07 (NATO, facts.md §4).
    assert_eq!(
        bearers(
            &sc,
            &inc,
            date(2024, 3, 6),
            "north_atlantic_treaty",
            "collective_defence"
        )
        .len(),
        0
    );
    assert_eq!(
        bearers(
            &sc,
            &inc,
            date(2024, 3, 7),
            "north_atlantic_treaty",
            "collective_defence"
        )
        .len(),
        31
    );
}

#[test]
fn an_attack_on_ukraine_sets_off_no_collective_defence_but_the_bilateral_agreements_by_strength() {
    let sc = fixture();
    let inc = Incident::attack("RUS", "UKR");
    let a = who_must_act(&sc, &inc, date(2025, 6, 30));
    assert!(!a.collective_defence);
    let got: Vec<(String, String, Option<String>)> = a
        .duties
        .iter()
        .map(|d| {
            (
                d.bearer.clone(),
                d.kind.to_string(),
                d.strength.map(|s| s.to_string()),
            )
        })
        .collect();
    // UK-Ukraine agreement of 12 January 2024: assist, and consult; Germany-Ukraine of 16
    // February 2024: consult (funding is standing, not set off by an attack).
    assert_eq!(
        got,
        vec![
            ("GBR".into(), "assistance".into(), Some("assist".into())),
            ("DEU".into(), "consultation".into(), Some("consult".into())),
            ("GBR".into(), "consultation".into(), Some("consult".into())),
        ]
    );
}

#[test]
fn an_attack_on_forces_south_of_the_tropic_of_cancer_is_outside_art6() {
    let sc = fixture();
    let inc = Incident::parse(&sc, "RUS attacks USA forces in south_atlantic", None).unwrap();
    assert_eq!(inc.kind, IncidentKind::AttackOnForcesAbroad);
    let a = who_must_act(&sc, &inc, date(2025, 6, 30));
    // Art. 6: only forces in the area north of the Tropic of Cancer count for Art. 5.
    assert!(
        !a.duties
            .iter()
            .any(|d| d.obligation == "collective_defence")
    );
    let n = a
        .not_applying
        .iter()
        .find(|n| n.obligation == "collective_defence")
        .expect("Art. 5 is listed with its reason");
    assert!(
        n.checks
            .iter()
            .any(|c| c.what == "zone" && c.holds == Truth::False)
    );
    // Forces attacked in a Baltic state are inside the area.
    let inc = Incident::parse(&sc, "RUS attacks USA forces in baltic_states", None).unwrap();
    let b = bearers(
        &sc,
        &inc,
        date(2025, 6, 30),
        "north_atlantic_treaty",
        "collective_defence",
    );
    assert_eq!(b.len(), 31);
}

#[test]
fn a_hybrid_attack_sets_off_consultation_and_leaves_art5_to_judgement() {
    let sc = fixture();
    let inc = Incident::parse(&sc, "RUS attacks EST", Some(IncidentKind::HybridAttack)).unwrap();
    let a = who_must_act(&sc, &inc, date(2025, 6, 30));
    let art5: Vec<Truth> = a
        .duties
        .iter()
        .filter(|d| d.obligation == "collective_defence")
        .map(|d| d.applies)
        .collect();
    assert_eq!(art5.len(), 31);
    assert!(art5.iter().all(|t| *t == Truth::Unknown));
    assert!(!a.collective_defence);
    assert!(
        a.duties
            .iter()
            .any(|d| d.obligation == "consult" && d.applies == Truth::True)
    );
}

#[test]
fn unknown_ids_in_an_event_are_refused_with_a_suggestion() {
    let sc = fixture();
    let e = Incident::parse(&sc, "RUS attacks PLO", None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownId);
    assert!(e.to_string().contains("PLO"));
    let e = Incident::parse(&sc, "rus attacks POL", None).unwrap_err();
    assert!(e.to_string().contains("did you mean `RUS`"), "{e}");
    let e = Incident::parse(&sc, "RUS invades POL", None).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Syntax);
}

#[test]
fn a_party_bound_to_defend_and_not_to_attack_the_attacker_is_in_conflict() {
    let mut sc = fixture();
    // Suppose the hypothetical pact were in force: allies bound not to attack Russia, and by
    // Art. 5 to assist Poland against it.
    let p = sc.agreements.iter_mut().find(|a| a.id == "pact").unwrap();
    p.status = entente_scenario::AgreementStatus::InForce;
    let inc = Incident::attack("RUS", "POL");
    let a = who_must_act(&sc, &inc, date(2026, 6, 30));
    let d = a
        .duties
        .iter()
        .find(|d| d.obligation == "collective_defence" && d.bearer == "DEU")
        .unwrap();
    assert_eq!(d.conflicts.len(), 1);
    assert_eq!(d.conflicts[0].agreement, "pact");
    assert_eq!(d.conflicts[0].kind, "non_aggression");
}

#[test]
fn kleene_truth_tables() {
    use Truth::*;
    let all = [False, Unknown, True];
    // Strong Kleene logic (Kleene 1938): rows a, columns b, in the order F, U, T.
    let and = [
        [False, False, False],
        [False, Unknown, Unknown],
        [False, Unknown, True],
    ];
    let or = [
        [False, Unknown, True],
        [Unknown, Unknown, True],
        [True, True, True],
    ];
    for (i, a) in all.iter().enumerate() {
        for (j, b) in all.iter().enumerate() {
            assert_eq!(a.and(*b), and[i][j], "{a} and {b}");
            assert_eq!(a.or(*b), or[i][j], "{a} or {b}");
        }
    }
    assert_eq!(False.not(), True);
    assert_eq!(Unknown.not(), Unknown);
    assert_eq!(True.not(), False);
}

#[test]
fn a_phase_never_opens_on_unknown() {
    let mut sc = fixture();
    let p = sc.agreements.iter_mut().find(|a| a.id == "pact").unwrap();
    p.status = entente_scenario::AgreementStatus::InForce;
    let ix = Index::new(&sc);
    let w = World::at(&ix, date(2026, 1, 1));
    let pa = ix.agreement("pact").unwrap();
    // Nothing verified: the central phase stays closed, and so does the one after it.
    assert_eq!(w.phase(pa, 0), entente_ledger::world::PhaseState::Closed);
    assert_eq!(w.phase(pa, 1), entente_ledger::world::PhaseState::Closed);
    // Poland's restraint waits on the unknown verification (M8): neither in force nor not.
    assert_eq!(w.obligation(&ix, pa, 1, None), Truth::Unknown);
}

#[test]
fn replaying_the_pact_opens_phases_on_verification_and_traces_the_breach() {
    let sc = fixture();
    let tl = sc.timeline("pact_walk").unwrap();
    let r = replay(&sc, tl, Options { snapshots: true }).unwrap();
    assert_eq!(r.steps.len(), 4);
    let s1 = &r.steps[0];
    assert!(
        s1.changes
            .iter()
            .any(|c| matches!(c, Change::Pending { obligation, .. } if obligation == "restraint"))
    );
    assert!(s1.state.as_ref().unwrap().phases_open.is_empty());
    let s2 = &r.steps[1];
    let opened: Vec<&str> = s2
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::PhaseOpened { phase, .. } => Some(phase.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(opened, ["central", "baltic"]);
    assert!(
        s2.changes
            .iter()
            .any(|c| matches!(c, Change::InForce { obligation, .. } if obligation == "restraint"))
    );
    // US troops in eastern Poland exceed the limit of no foreign troops: Poland's breach.
    let s3 = &r.steps[2];
    let b = s3
        .changes
        .iter()
        .find_map(|c| match c {
            Change::Breach {
                obligation,
                clause,
                by,
                ..
            } => Some((obligation, clause, by)),
            _ => None,
        })
        .expect("a breach");
    assert_eq!(b.0, "restraint");
    assert_eq!(b.1.as_deref(), Some("restraint"));
    assert_eq!(b.2, "POL");
    // The breach closes the Arctic-Baltic phase (closes_when = breached(pact)).
    assert!(
        s3.changes
            .iter()
            .any(|c| matches!(c, Change::PhaseClosed { phase, .. } if phase == "baltic"))
    );
}

fn event(d: Date, kind: &str) -> Event {
    Event {
        date: d,
        precision: Precision::Day,
        order: 0,
        kind: kind.into(),
        actor: None,
        subject: None,
        institution: None,
        decision: None,
        agreement: None,
        step: None,
        zone: None,
        action: None,
        status: None,
        quantity: Default::default(),
        note: None,
        source: None,
    }
}

#[test]
fn timelines_out_of_order_or_naming_unknown_ids_are_refused() {
    let sc = fixture();
    let tl = Timeline {
        id: "bad".into(),
        name: "bad".into(),
        description: None,
        kind: "scenario".into(),
        events: vec![
            event(date(2026, 2, 1), "statement"),
            event(date(2026, 1, 1), "statement"),
        ],
        source: None,
    };
    let e = replay(&sc, &tl, Options::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeline);
    assert!(e.to_string().contains("event 2"), "{e}");
    let mut ev = event(date(2026, 1, 1), "entry_into_force");
    ev.agreement = Some("no_such_pact".into());
    let tl = Timeline {
        events: vec![ev],
        ..tl
    };
    let e = replay(&sc, &tl, Options::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownId);
    assert!(e.to_string().contains("event 1"), "{e}");
}

#[test]
fn coverage_and_the_grey_zone() {
    let sc = fixture();
    let c = coverage(&sc, date(2025, 6, 30), None);
    let get = |id: &str| c.states.iter().find(|s| s.state == id).unwrap();
    let pol = get("POL");
    assert!(!pol.grey_zone);
    let s = pol.strongest.as_ref().unwrap();
    assert_eq!(s.agreement, "north_atlantic_treaty");
    assert_eq!(s.guarantors.len(), 31);
    // USA 5,177, GBR 225, FRA 290 warheads (SIPRI Yearbook 2025).
    let nuclear: Vec<&str> = s.nuclear_guarantors.iter().map(|g| &**g).collect();
    assert_eq!(nuclear, ["FRA", "GBR", "USA"]);
    assert!(pol.nuclear_guarantor);
    let ukr = get("UKR");
    assert!(ukr.grey_zone);
    let kinds: Vec<(&str, &str)> = ukr
        .commitments
        .iter()
        .map(|c| (c.agreement.as_str(), c.obligation.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("ukr_gbr", "assist"),
            ("ukr_deu", "fund"),
            // Between equal consultations, the nuclear-armed guarantor first (GBR: 225
            // warheads, SIPRI Yearbook 2025).
            ("ukr_gbr", "consult"),
            ("ukr_deu", "consult"),
        ]
    );
    assert!(get("MDA").commitments.is_empty());
    assert!(get("GEO").grey_zone);
    // Finland before its accession (2023-04-04) held nothing in this fixture.
    let c = coverage(&sc, date(2023, 4, 3), None);
    assert!(
        c.states
            .iter()
            .find(|s| s.state == "FIN")
            .unwrap()
            .grey_zone
    );
}

#[test]
fn territory_projection_reproduces_118_0_and_115_9_years() {
    let mut a = event(date(2024, 12, 31), "territory");
    a.actor = Some("RUS".into());
    a.subject = Some("UKR".into());
    // Ukraine 603,628 km2; occupied end-2024 111,878 km2 (DeepStateMap polygons); ISW 2024 gain
    // 4,168 km2 (facts.md §1, §2b, §2a).
    a.quantity = [
        ("area_km2".into(), 603_628.0),
        ("held_km2".into(), 111_878.0),
        ("gain_km2".into(), 4_168.0),
    ]
    .into();
    let mut b = a.clone();
    b.quantity = [("held_share_assumed".into(), 0.20)].into();
    let tl = Timeline {
        id: "t".into(),
        name: "t".into(),
        description: None,
        kind: "history".into(),
        events: vec![a, b],
        source: None,
    };
    let (_, p) = quantities::territory(&tl);
    assert_eq!(p.len(), 2);
    // facts.md §2c: 491,750 / 4,168 = 118.0 years measured; 482,902 / 4,168 = 115.9 under 20%.
    assert_eq!(format!("{:.1}", p[0].years), "118.0");
    assert!(p[0].basis.starts_with("measured"));
    assert_eq!(format!("{:.1}", p[1].years), "115.9");
    assert_eq!(p[1].basis, "assumed share 20%");
}

#[test]
fn an_accession_against_a_non_enlargement_pledge_is_a_breach_by_the_institution() {
    // M16: the hypothetical pact's members pledge to admit neither Georgia nor Ukraine.
    let sc = fixture();
    let tl = sc.timeline("pledge_walk").unwrap();
    let r = replay(&sc, tl, Options::default()).unwrap();
    let s = &r.steps[1];
    assert!(s.changes.iter().any(|c| matches!(
        c,
        Change::Membership { institution, actor, status: Some(st) }
            if institution == "nato" && actor == "UKR" && st == "member"
    )));
    let b = s
        .changes
        .iter()
        .find_map(|c| match c {
            Change::Breach {
                agreement,
                obligation,
                by,
                ..
            } => Some((agreement.as_str(), obligation.as_str(), by.as_str())),
            _ => None,
        })
        .expect("the accession breaks the pledge");
    assert_eq!(b, ("pact", "no_enlargement", "nato"));
}

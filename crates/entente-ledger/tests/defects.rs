//! Regression tests for defects found in the ledger, each named after what was wrong, on the
//! bundled Europe scenario (with an agreement put in force where the defect needs one). The
//! expected values cite the scenario's files: `proposals.toml` (the settlement's agreements, all
//! only proposed), `budapest.toml` (the Budapest Memorandum's six paragraphs) and the
//! `assistance` timeline with Ukraine's bilateral agreements.

use entente_ledger::quantities;
use entente_ledger::{Change, Incident, Options, Truth, coverage, replay, who_must_act};
use entente_scenario::Scenario;
use entente_scenario::{ObligationKind, Strength};
use jiff::civil::date;

fn bundled() -> Scenario {
    let loaded = entente_scenario::bundled();
    assert!(!loaded.has_errors(), "the bundled scenario loads cleanly");
    loaded.scenario
}

/// The bundled scenario with these agreements in force (they are only proposed there).
fn with_in_force(ids: &[&str]) -> Scenario {
    let mut sc = bundled();
    for id in ids {
        let a = sc
            .agreements
            .iter_mut()
            .find(|a| a.id == *id)
            .unwrap_or_else(|| panic!("no agreement {id}"));
        a.status = entente_scenario::AgreementStatus::InForce;
        a.dates.clear();
    }
    sc
}

#[test]
fn coverage_skipped_guarantees_set_off_by_a_ceasefire_violation() {
    // proposals.toml: ceasefire_ukraine.guarantee_defender, USA GBR FRA guarantee Ukraine "as
    // deemed necessary" if the ceasefire is violated, in a treaty. With the ceasefire in force it
    // is a binding defence commitment, so Ukraine leaves the grey zone (docs/commitments.md:
    // commitments set off by a ceasefire violation count).
    let sc = with_in_force(&["ceasefire_ukraine"]);
    let c = coverage(&sc, date(2025, 6, 30), None);
    let ukr = c.states.iter().find(|s| s.state == "UKR").unwrap();
    let g = ukr
        .commitments
        .iter()
        .find(|c| c.agreement == "ceasefire_ukraine" && c.obligation == "guarantee_defender")
        .expect("the guarantee is listed");
    assert!(g.binding_defence);
    let by: Vec<&str> = g.guarantors.iter().map(|x| &**x).collect();
    assert_eq!(by, ["USA", "GBR", "FRA"]);
    assert!(!ukr.grey_zone);
    assert_eq!(
        ukr.strongest.as_ref().map(|s| s.agreement.as_str()),
        Some("ceasefire_ukraine")
    );
    // Without the ceasefire in force Ukraine stays in the grey zone.
    let c = coverage(&bundled(), date(2025, 6, 30), None);
    assert!(
        c.states
            .iter()
            .find(|s| s.state == "UKR")
            .unwrap()
            .grey_zone
    );
}

#[test]
fn a_breach_of_an_agreement_only_proposed_was_reported_as_broken() {
    // proposals.toml: nato_russia_pact has status "proposed"; it binds no one.
    let sc = bundled();
    let inc = Incident::parse(&sc, "RUS breaches nato_russia_pact", None).unwrap();
    let a = who_must_act(&sc, &inc, date(2025, 6, 30));
    assert!(a.broken.is_empty(), "{:?}", a.broken);
    assert!(a.duties.is_empty());
    assert!(
        a.notes.iter().any(|n| n.contains("nato_russia_pact")),
        "{:?}",
        a.notes
    );
    let inc = Incident::parse(&sc, "RUS violates ceasefire_ukraine", None).unwrap();
    assert!(who_must_act(&sc, &inc, date(2025, 6, 30)).broken.is_empty());
    // In force, the same breach is recorded.
    let sc = with_in_force(&["nato_russia_pact"]);
    let inc = Incident::parse(&sc, "RUS breaches nato_russia_pact", None).unwrap();
    let a = who_must_act(&sc, &inc, date(2025, 6, 30));
    assert_eq!(a.broken.len(), 1);
    assert_eq!(a.broken[0].agreement, "nato_russia_pact");
    assert!(a.notes.is_empty());
}

#[test]
fn a_conventional_attack_broke_every_non_aggression_clause_even_no_nuclear_use() {
    // budapest.toml: para. 1 (respect the borders) and para. 2 (no threat or use of force) are
    // broken by an armed attack; para. 3 (no economic coercion) and para. 5 (no use of nuclear
    // weapons) are not.
    let sc = bundled();
    let a = who_must_act(&sc, &Incident::attack("RUS", "UKR"), date(2025, 6, 30));
    let broken: Vec<&str> = a
        .broken
        .iter()
        .filter(|b| b.agreement == "budapest_memorandum")
        .map(|b| b.obligation.as_str())
        .collect();
    assert_eq!(broken, ["respect_borders", "no_force"]);
}

#[test]
fn every_art5_duty_was_flagged_as_conflicting_with_the_pact_the_attacker_broke() {
    // With the NATO-Russia pact in force (proposals.toml: allies and Russia bound not to attack
    // each other), Russia attacking Poland breaks the pact's rus_no_aggression; the allies'
    // restraint towards Russia no longer binds, so Art. 5 collides with nothing.
    let sc = with_in_force(&["nato_russia_pact"]);
    let a = who_must_act(&sc, &Incident::attack("RUS", "POL"), date(2025, 6, 30));
    assert!(
        a.broken
            .iter()
            .any(|b| b.agreement == "nato_russia_pact" && b.obligation == "rus_no_aggression")
    );
    let art5: Vec<_> = a
        .duties
        .iter()
        .filter(|d| d.agreement == "north_atlantic_treaty" && d.obligation == "art5")
        .collect();
    assert_eq!(art5.len(), 31);
    assert!(art5.iter().all(|d| d.conflicts.is_empty()));
    assert!(a.duties.iter().all(|d| d.conflicts.is_empty()));
}

#[test]
fn conflicts_are_reported_only_where_duties_really_collide() {
    // Both the ceasefire and the pact in force; Russia violates the ceasefire (not the pact).
    // USA, GBR and FRA must guarantee Ukraine "as deemed necessary" (ceasefire_ukraine
    // guarantee_defender) and are bound by the pact not to attack Russia: a real collision. The
    // snapback (sanctions) collides with no non-aggression clause.
    let sc = with_in_force(&["nato_russia_pact", "ceasefire_ukraine"]);
    let inc = Incident::parse(&sc, "RUS violates the ceasefire", None).unwrap();
    let a = who_must_act(&sc, &inc, date(2025, 6, 30));
    let g: Vec<_> = a
        .duties
        .iter()
        .filter(|d| d.obligation == "guarantee_defender")
        .collect();
    assert!(!g.is_empty());
    for d in &g {
        assert_eq!(d.conflicts.len(), 1, "{}", d.bearer);
        assert_eq!(d.conflicts[0].agreement, "nato_russia_pact");
    }
    assert!(
        a.duties
            .iter()
            .filter(|d| d.kind != ObligationKind::Guarantee)
            .all(|d| d.conflicts.is_empty())
    );
    // Non-aggression does not forbid consulting or assisting: no conflict for such duties.
    assert!(!entente_ledger::obligations::collides(
        ObligationKind::NonAggression,
        ObligationKind::Assistance,
        Some(Strength::Assist)
    ));
    assert!(entente_ledger::obligations::collides(
        ObligationKind::NonAggression,
        ObligationKind::Defence,
        Some(Strength::AsDeemedNecessary)
    ));
    assert!(entente_ledger::obligations::collides(
        ObligationKind::Neutrality,
        ObligationKind::Supply,
        Some(Strength::Supply)
    ));
}

#[test]
fn after_a_breach_in_a_replay_the_breaker_releases_the_others() {
    // A replay records who broke what. With the pact and the ceasefire in force, Russia first
    // breaks the pact, then violates the ceasefire: the guarantors of the ceasefire (USA, GBR,
    // FRA) are no longer held back by the pact Russia broke, so the guarantee collides with
    // nothing (compare the test above, where Russia had not broken the pact).
    let sc = with_in_force(&["nato_russia_pact", "ceasefire_ukraine"]);
    let event = |d, kind: &str, agreement: Option<&str>| entente_scenario::Event {
        date: d,
        precision: entente_scenario::Precision::Day,
        order: 0,
        kind: kind.into(),
        actor: Some("RUS".into()),
        subject: None,
        institution: None,
        decision: None,
        agreement: agreement.map(String::from),
        step: None,
        zone: None,
        action: None,
        status: None,
        quantity: Default::default(),
        note: None,
        source: None,
    };
    let mut tl = sc.timeline("settlement").unwrap().clone();
    tl.id = "breach_then_violation".into();
    tl.events = vec![
        event(date(2026, 1, 1), "breach", Some("nato_russia_pact")),
        event(
            date(2026, 2, 1),
            "ceasefire_violation",
            Some("ceasefire_ukraine"),
        ),
    ];
    let r = replay(&sc, &tl, Options::default()).unwrap();
    let guarantee = r.steps[1]
        .changes
        .iter()
        .find_map(|c| match c {
            Change::Triggered {
                obligation,
                conflicts,
                applies: Truth::True,
                ..
            } if obligation == "guarantee_defender" => Some(conflicts),
            _ => None,
        })
        .expect("the guarantee is set off");
    assert!(guarantee.is_empty(), "{guarantee:?}");
}

#[test]
fn replay_dropped_the_agreements_amounts() {
    // ukraine-agreements.toml: the UK's agreement of 2024-01-12 states GBP 2.5 bn for 2024 (UK
    // Prime Minister's Office). The `assistance` timeline records contributions, so the amounts
    // of the agreements are listed beside them.
    let sc = bundled();
    let tl = sc.timeline("assistance").unwrap();
    let q = quantities::quantities(Some(&sc), tl);
    let gbr = q
        .contributions
        .iter()
        .find(|c| c.from == "agreement ukr_gbr_2024")
        .expect("the UK's amount is listed");
    assert_eq!((gbr.year, gbr.currency.as_str()), (2024, "GBP"));
    assert_eq!(gbr.value_bn, Some(2.5));
    // A timeline without contributions lists none.
    let tl = sc.timeline("finland_accession").unwrap();
    assert!(
        quantities::quantities(Some(&sc), tl)
            .contributions
            .is_empty()
    );
}

#[test]
fn an_expiry_was_reported_at_the_next_events_date_not_the_day_the_term_ends() {
    // proposals.toml: freeze_and_relief's phase `freeze` lasts 20 years (WSJ report of
    // 2024-11-06). In force on 2026-01-01, it ends 20 x 365.25 = 7,305 days later, on
    // 2046-01-01, not on the date of the next event (2050-06-01).
    let sc = bundled();
    let event = |d, kind: &str, agreement: Option<&str>| entente_scenario::Event {
        date: d,
        precision: entente_scenario::Precision::Day,
        order: 0,
        kind: kind.into(),
        actor: None,
        subject: None,
        institution: None,
        decision: None,
        agreement: agreement.map(String::from),
        step: None,
        zone: None,
        action: None,
        status: None,
        quantity: Default::default(),
        note: None,
        source: None,
    };
    let mut tl = sc.timeline("settlement").unwrap().clone();
    tl.id = "freeze_runs_out".into();
    tl.events = vec![
        event(
            date(2026, 1, 1),
            "entry_into_force",
            Some("freeze_and_relief"),
        ),
        event(date(2050, 6, 1), "statement", None),
    ];
    let r = replay(&sc, &tl, Options { snapshots: true }).unwrap();
    let closed = |c: &Change| matches!(c, Change::PhaseClosed { phase, .. } if phase == "freeze");
    assert!(
        r.steps[0]
            .changes
            .iter()
            .any(|c| matches!(c, Change::PhaseOpened { phase, .. } if phase == "freeze"))
    );
    let expiry = r
        .steps
        .iter()
        .find(|s| s.changes.iter().any(closed))
        .expect("the freeze closes");
    assert_eq!(expiry.date, date(2046, 1, 1));
    assert_eq!((expiry.index, expiry.kind.as_str()), (0, "expiry"));
    assert!(
        expiry.event.contains("freeze_and_relief.freeze"),
        "{}",
        expiry.event
    );
    assert!(expiry.changes.iter().any(|c| matches!(
        c,
        Change::Ended { obligation, .. } if obligation == "no_accession"
    )));
    let last = r.steps.last().unwrap();
    assert_eq!((last.index, last.date), (2, date(2050, 6, 1)));
    assert!(!last.changes.iter().any(closed));
    // Steps stay in date order.
    assert!(r.steps.windows(2).all(|w| w[0].date <= w[1].date));
}

/// The bundled scenario read with one more file (`extra.toml`, included by the entry file).
fn load_bundled_with(extra: &str) -> entente_scenario::Loaded {
    let mut files: Vec<(String, String)> = entente_scenario::bundled_files()
        .iter()
        .map(|(p, t)| {
            let t = if *p == "europe/scenario.toml" {
                t.replacen("include = [", "include = [\n  \"extra.toml\",", 1)
            } else {
                t.to_string()
            };
            (format!("scenarios/{p}"), t)
        })
        .collect();
    files.push(("scenarios/europe/extra.toml".into(), extra.into()));
    entente_scenario::load_with(
        &[std::path::PathBuf::from("scenarios/europe/scenario.toml")],
        &entente_scenario::load::InMemory { files },
    )
}

/// The bundled scenario with one more file, which must load cleanly.
fn bundled_with(extra: &str) -> Scenario {
    let loaded = load_bundled_with(extra);
    for d in &loaded.diagnostics {
        eprint!("{}", d.render());
    }
    assert!(!loaded.has_errors(), "the scenario loads cleanly");
    loaded.scenario
}

/// Areas of Ukraine and a limit on one of them, for the area defect. The protection zone around
/// the Zaporizhzhia nuclear power plant is the one the IAEA Director General proposed (IAEA,
/// "Nuclear Safety, Security and Safeguards in Ukraine", second summary report, 2022-09-06);
/// that it forbids any troops or heavy weapons is the analyst's assumption for the test. Force
/// levels are the analyst's illustration.
const AREAS: &str = r#"
[zone.kharkiv_oblast]
name = "Kharkiv oblast"
kind = "area"
within = ["UKR"]

[zone.znpp_protection_zone]
name = "Protection zone around the Zaporizhzhia nuclear power plant"
kind = "area"
within = ["UKR"]

[zone.dmz_north]
name = "Northern sector of the demilitarised zone"
kind = "area"
within = ["ukraine_dmz"]

[agreement.znpp_zone]
name = "Protection zone around the Zaporizhzhia plant"
kind = "demilitarised_zone"
parties = ["RUS", "UKR"]
status = "proposed"

[[agreement.znpp_zone.obligation]]
id = "no_forces"
bearer = ["RUS", "UKR"]
kind = "no_deployment"
zone = "znpp_protection_zone"
limit = { troops = 0, heavy_weapons = 0 }
strength = "limit"

[timeline.areas]
kind = "scenario"

[[timeline.areas.event]]
date = 2026-03-01
kind = "ceasefire"
agreement = "ceasefire_ukraine"

[[timeline.areas.event]]
date = 2026-03-01
order = 2
kind = "entry_into_force"
agreement = "znpp_zone"

[[timeline.areas.event]]
date = 2026-03-02
kind = "force_level"
actor = "UKR"
zone = "ukraine"
quantity = { troops = 1000 }

[[timeline.areas.event]]
date = 2026-03-03
kind = "force_level"
actor = "RUS"
zone = "kharkiv_oblast"
quantity = { troops = 500 }

[[timeline.areas.event]]
date = 2026-03-04
kind = "force_level"
actor = "RUS"
zone = "dmz_north"
quantity = { troops = 100 }
"#;

#[test]
fn an_area_inside_a_state_counted_as_the_whole_state() {
    // zones.toml: ukraine_dmz is an area within UKR and RUS; proposals.toml:
    // ceasefire_ukraine.dmz keeps both parties' troops and heavy weapons out of it (limit 0,
    // Korean Armistice Agreement Art. I as model). Before the fix, forces recorded anywhere in
    // Ukraine counted in the demilitarised zone, and troops in Kharkiv oblast breached the limit
    // on the plant's protection zone, because both areas list UKR.
    let sc = bundled_with(AREAS);
    let tl = sc.timeline("areas").unwrap();
    let r = replay(&sc, tl, Options::default()).unwrap();
    let breaches = |i: usize| -> Vec<(String, String, String)> {
        r.steps[i]
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::Breach {
                    agreement,
                    obligation,
                    by,
                    ..
                } => Some((agreement.clone(), obligation.clone(), by.clone())),
                _ => None,
            })
            .collect()
    };
    // Step 3: Ukraine's troops in Ukraine (the region) are not in the DMZ, and no limit is on them.
    assert_eq!(r.steps[2].kind, "force_level");
    assert!(breaches(2).is_empty(), "{:?}", r.steps[2].changes);
    assert!(r.steps[2].changes.iter().any(|c| matches!(
        c,
        Change::ForceLevel { zone, limit: None, limited_by: None, .. } if zone == "ukraine"
    )));
    // Step 4: Russian troops in Kharkiv oblast are neither in the plant's zone nor in the DMZ.
    assert!(breaches(3).is_empty(), "{:?}", r.steps[3].changes);
    // Step 5: the northern sector is declared within the DMZ: its troops count there.
    assert_eq!(
        breaches(4),
        [("ceasefire_ukraine".into(), "dmz".into(), "RUS".into())]
    );
    // The accessor the other engines read: forces of an actor in a zone of a kind on a date.
    let f = entente_ledger::timeline_forces(tl, date(2026, 3, 4));
    assert_eq!(f.in_zone(&sc, "RUS", "ukraine_dmz", "troops"), Some(100.0));
    assert_eq!(
        f.in_zone(&sc, "RUS", "znpp_protection_zone", "troops"),
        None
    );
    assert_eq!(f.in_zone(&sc, "UKR", "ukraine_dmz", "troops"), None);
    // An area of Ukraine lies within the region of Ukraine; the DMZ, on Russia's too, does not.
    assert_eq!(f.in_zone(&sc, "RUS", "ukraine", "troops"), Some(500.0));
    assert_eq!(
        f.foreign_in_zone(&sc, "UKR", "eastern_europe", "troops"),
        Some(600.0)
    );
    // `check` warns where forces are recorded in a region that an area with a limit lies on.
    let loaded = load_bundled_with(AREAS);
    let w: Vec<&entente_scenario::Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == "force-outside-area")
        .collect();
    assert_eq!(
        w.len(),
        1,
        "only the level recorded in the region `ukraine`"
    );
    assert_eq!(w[0].severity, entente_scenario::Severity::Warning);
    assert!(
        w[0].render().contains("zone = \"ukraine\""),
        "{}",
        w[0].render()
    );
    assert!(
        w[0].message
            .contains("`ceasefire_ukraine.dmz` on `ukraine_dmz`")
            && w[0]
                .message
                .contains("`znpp_zone.no_forces` on `znpp_protection_zone`"),
        "{}",
        w[0].message
    );
    assert!(sc.lies_within("dmz_north", "eastern_europe"));
    assert!(!sc.lies_within("UKR", "ukraine_dmz"));
    assert!(!sc.lies_within("kharkiv_oblast", "znpp_protection_zone"));
}

/// A walk through the written pledge's ratification, out of order on purpose: Poland (not a
/// party) ratifies, the entry into force comes before the parties' ratifications, then the five
/// parties ratify. Dates are the analyst's illustration.
const RATIFY: &str = r#"
[timeline.ratify]
kind = "scenario"

[[timeline.ratify.event]]
date = 2026-04-01
kind = "signature"
agreement = "non_enlargement_pledge"

[[timeline.ratify.event]]
date = 2026-04-02
kind = "ratification"
actor = "POL"
agreement = "non_enlargement_pledge"

[[timeline.ratify.event]]
date = 2026-04-03
kind = "entry_into_force"
agreement = "non_enlargement_pledge"

[[timeline.ratify.event]]
date = 2026-04-10
kind = "ratification"
actor = "USA"
agreement = "non_enlargement_pledge"

[[timeline.ratify.event]]
date = 2026-04-20
kind = "ratification"
actor = "DEU"
agreement = "non_enlargement_pledge"

[[timeline.ratify.event]]
date = 2026-04-30
kind = "ratification"
actor = "FRA"
agreement = "non_enlargement_pledge"

[[timeline.ratify.event]]
date = 2026-05-05
kind = "ratification"
actor = "GBR"
agreement = "non_enlargement_pledge"

[[timeline.ratify.event]]
date = 2026-05-06
kind = "ratification"
actor = "RUS"
agreement = "non_enlargement_pledge"

[[timeline.ratify.event]]
date = 2026-05-07
kind = "entry_into_force"
agreement = "north_atlantic_treaty"
"#;

#[test]
fn ratification_true_was_never_read() {
    // proposals.toml: non_enlargement_pledge is a treaty with `ratification = true` among USA,
    // GBR, FRA, DEU and RUS (the Russian draft of 2021-12-17 asked for a legally binding, written
    // guarantee). Before the fix the entry into force of step 3 put it in force with no
    // ratification at all, and Poland's "ratification" passed without a word.
    let sc = bundled_with(RATIFY);
    let r = replay(&sc, sc.timeline("ratify").unwrap(), Options::default()).unwrap();
    let status_changes = |i: usize| -> Vec<String> {
        r.steps[i]
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::AgreementStatus { agreement, status }
                    if agreement == "non_enlargement_pledge" =>
                {
                    Some(status.clone())
                }
                _ => None,
            })
            .collect()
    };
    // Poland is no party: its ratification counts for nothing.
    assert!(r.steps[1].changes.iter().any(|c| matches!(
        c,
        Change::Ratification { actor, party: false, .. } if actor == "POL"
    )));
    // The entry into force waits for all five parties.
    assert_eq!(
        r.steps[2].changes,
        [Change::AwaitingRatification {
            agreement: "non_enlargement_pledge".into(),
            outstanding: ["DEU", "FRA", "GBR", "RUS", "USA"]
                .map(String::from)
                .to_vec(),
        }]
    );
    assert!(status_changes(2).is_empty());
    // Four ratifications later, Russia's is still outstanding and the pledge is not in force.
    assert!(r.steps[6].changes.iter().any(|c| matches!(
        c,
        Change::Ratification { actor, party: true, outstanding, .. }
            if actor == "GBR" && outstanding == &["RUS".to_string()]
    )));
    assert!((3..7).all(|i| status_changes(i).is_empty()));
    // The last ratification puts it in force, and its obligation with it.
    assert_eq!(status_changes(7), ["in_force"]);
    assert!(r.steps[7].changes.iter().any(|c| matches!(
        c,
        Change::InForce { obligation, .. } if obligation == "no_enlargement"
    )));
    // nato.toml: the North Atlantic Treaty needs ratification too, but its entry into force is
    // recorded (1949-08-24): an event naming it waits for nothing.
    assert!(
        !r.steps[8]
            .changes
            .iter()
            .any(|c| matches!(c, Change::AwaitingRatification { .. }))
    );
    // `check` says both, at the events.
    let loaded = load_bundled_with(RATIFY);
    let warning = |code: &str| {
        loaded
            .diagnostics
            .iter()
            .find(|d| d.code == code)
            .unwrap_or_else(|| panic!("no {code} warning"))
    };
    let d = warning("ratification-by-non-party");
    assert_eq!(d.severity, entente_scenario::Severity::Warning);
    assert_eq!(
        (d.file.as_str(), d.line),
        ("scenarios/europe/extra.toml", 13)
    );
    let d = warning("entry-before-ratification");
    assert_eq!(d.severity, entente_scenario::Severity::Warning);
    assert_eq!(d.line, 19);
    assert!(
        d.message.contains("DEU, FRA, GBR, RUS, USA"),
        "{}",
        d.message
    );
    // The bundled settlement records every party's ratification first: no such warning.
    assert!(
        !entente_scenario::bundled()
            .diagnostics
            .iter()
            .any(|d| d.code.contains("ratification")),
    );
}

#[test]
fn force_posture_of_an_architecture_counts_per_area() {
    // An architecture sets Russia's troops in the northern sector of the DMZ (declared within
    // ukraine_dmz) and halves them later; the levels are the analyst's illustration. The posture
    // counts in the sector and in the DMZ, never in the protection zone of the plant, another
    // area of Ukraine.
    let extra = format!(
        "{AREAS}\n{}",
        r#"
[architecture.sector_posture]
name = "Russian troops in the northern sector"
as_of = 2026-06-30

[[architecture.sector_posture.forces]]
actor = "RUS"
zone = "dmz_north"
force = "troops"
level = 300
date = 2026-01-01
assumption = true

[[architecture.sector_posture.forces]]
actor = "RUS"
zone = "dmz_north"
force = "troops"
scale = 0.5
date = 2026-06-01
assumption = true

[[architecture.sector_posture.forces]]
actor = "UKR"
zone = "kharkiv_oblast"
force = "troops"
scale = 0.5
assumption = true
"#
    );
    let sc = bundled_with(&extra);
    let w = entente_scenario::architecture::apply(&sc, "sector_posture").unwrap();
    let before = entente_ledger::forces_on(&w, date(2026, 5, 31));
    assert_eq!(
        before.in_zone(&w, "RUS", "ukraine_dmz", "troops"),
        Some(300.0)
    );
    let after = entente_ledger::forces_on(&w, date(2026, 6, 30));
    assert_eq!(after.in_zone(&w, "RUS", "dmz_north", "troops"), Some(150.0));
    assert_eq!(
        after.in_zone(&w, "RUS", "ukraine_dmz", "troops"),
        Some(150.0)
    );
    assert_eq!(
        after.in_zone(&w, "RUS", "znpp_protection_zone", "troops"),
        None
    );
    // Scaling a level never recorded leaves it unknown, not zero.
    assert_eq!(after.recorded("UKR", "kharkiv_oblast", "troops"), None);
    // Replayed in that world, the posture is there from the first event: when the ceasefire puts
    // the DMZ's limit in force, the troops in the northern sector breach it.
    let r = replay(&w, w.timeline("areas").unwrap(), Options::default()).unwrap();
    let first = &r.steps[0].changes;
    assert!(
        first.iter().any(|c| matches!(
            c,
            Change::ForceLevel { actor, zone, level, limited_by: Some(by), .. }
                if actor == "RUS" && zone == "dmz_north" && *level == 300.0 && by == "ceasefire_ukraine.dmz"
        )),
        "{first:?}"
    );
    assert!(first.iter().any(|c| matches!(
        c,
        Change::Breach { obligation, by, .. } if obligation == "dmz" && by == "RUS"
    )));
    // The scenario as written records no posture.
    assert!(
        entente_ledger::forces_on(&sc, date(2026, 6, 30))
            .records()
            .is_empty()
    );
}

//! The data horizon and dated statuses on the bundled scenario: a question asked past the day up
//! to which the data are recorded warns and says what it assumes; a body with fewer members
//! recorded than its seats is an error, not a verdict; applicant and observer statuses hold only
//! from their dates.

use entente_api::Session;
use entente_api::{decide, power, show};

fn bundled() -> Session {
    Session::bundled().unwrap()
}

fn verdict(q: &decide::Query) -> Box<entente_api::types::Verdict> {
    match decide::answer(&bundled(), q).unwrap() {
        decide::Answer::Verdict(v) => v,
        decide::Answer::Replay(_) => panic!("expected a verdict"),
    }
}

fn unsc(as_of: &str) -> decide::Query {
    decide::Query {
        institution: "unsc".into(),
        decision: "substantive".into(),
        as_of: Some(as_of.into()),
        ..decide::Query::default()
    }
}

#[test]
fn unsc_past_the_horizon_is_an_error_not_a_verdict() {
    // UN Charter Art. 23(1): fifteen seats. The members elected in June 2026 for 2027-2028 are
    // not recorded, so on 2027-06-01 only the five permanent members and the five elected for
    // 2026-2027 (General Assembly election of 2025-06-03) are: ten.
    let e = decide::answer(&bundled(), &unsc("2027-06-01")).unwrap_err();
    assert_eq!(e.code, "short-of-seats");
    assert_eq!(e.exit_code(), 2);
    assert!(e.message.contains("15 seats"), "{}", e.message);
    assert!(e.message.contains("10 voting members"), "{}", e.message);
    assert!(
        e.message.contains("2026-12-31"),
        "the horizon's day: {}",
        e.message
    );
    // The same holds for voting power over the Council.
    let q: power::Query = serde_json::from_value(serde_json::json!({
        "institution": "unsc", "decision": "substantive", "as_of": "2027-06-01"
    }))
    .unwrap();
    let e = power::answer(&bundled(), &q).unwrap_err();
    assert_eq!(e.code, "short-of-seats");
}

#[test]
fn unsc_elected_members_of_2026_and_2027_are_recorded() {
    // UN General Assembly election of 2025-06-03 (Anadolu Agency, 2025-06-03): Bahrain,
    // Colombia, the DR Congo, Latvia and Liberia for 2026-2027, beside Denmark, Greece,
    // Pakistan, Panama and Somalia (election of 2024-06-06, 2025-2026).
    let v = verdict(&unsc("2026-06-01"));
    let mut members = v.swing.clone();
    members.sort();
    assert_eq!(
        members,
        [
            "BHR", "CHN", "COD", "COL", "DNK", "FRA", "GBR", "GRC", "LBR", "LVA", "PAK", "PAN",
            "RUS", "SOM", "USA"
        ]
    );
    assert_eq!(v.veto_players, ["CHN", "FRA", "GBR", "RUS", "USA"]);
    // Within the Council's horizon (2026-12-31) but past the scenario's (2025-06-30): no
    // warning about the Council, whose own horizon holds.
    assert!(v.warnings.is_empty(), "{:?}", v.warnings);
}

#[test]
fn a_question_past_the_horizon_warns_and_says_what_it_assumes() {
    // The scenario's data are recorded up to 2025-06-30 ([scenario] horizon).
    let q = decide::Query {
        institution: "nato".into(),
        decision: "consensus".into(),
        as_of: Some("2026-06-01".into()),
        ..decide::Query::default()
    };
    let v = verdict(&q);
    assert_eq!(v.warnings.len(), 1, "{:?}", v.warnings);
    let w = &v.warnings[0];
    assert!(
        w.contains("2025-06-30") && w.contains("assumed to continue"),
        "{w}"
    );
    // Within the horizon: no warning, and the JSON answer has no `warnings` key.
    let q = decide::Query {
        as_of: Some("2025-06-30".into()),
        ..q
    };
    let v = verdict(&q);
    assert!(v.warnings.is_empty());
    let json = serde_json::to_value(&*v).unwrap();
    assert!(json.get("warnings").is_none());
}

#[test]
fn applicant_and_observer_statuses_carry_their_dates() {
    let view = |d: &str| {
        show::answer(
            &bundled(),
            &show::Query {
                as_of: Some(d.into()),
            },
        )
        .unwrap()
    };
    let inst =
        |a: &show::Answer, id: &str| a.institutions.iter().find(|i| i.id == id).unwrap().clone();
    // Kosovo applied to join the EU on 2022-12-15 (Reuters, 2022-12-15); Serbia's parliament
    // became an observer in the CSTO Parliamentary Assembly in 2013 (TASS, 2022-12-04).
    let early = view("1991-12-31");
    assert!(!inst(&early, "eu").applicants.contains(&"XKX".to_string()));
    assert!(!inst(&early, "csto").observers.contains(&"SRB".to_string()));
    let before = view("2022-12-14");
    assert!(!inst(&before, "eu").applicants.contains(&"XKX".to_string()));
    let after = view("2022-12-15");
    assert!(inst(&after, "eu").applicants.contains(&"XKX".to_string()));
    assert!(inst(&view("2012-12-31"), "csto").observers.is_empty());
    assert_eq!(inst(&view("2013-06-01"), "csto").observers, ["SRB"]);
    // A proposed body's members are not dated: the view says so.
    assert!(
        early
            .warnings
            .iter()
            .any(|w| w.contains("european_security_organisation") && w.contains("proposed")),
        "{:?}",
        early.warnings
    );
}

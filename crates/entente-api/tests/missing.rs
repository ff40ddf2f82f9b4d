//! A member without a value for an attribute a rule sums: `decide` refuses and says how to go
//! on (`missing`, as `power` has it), answers with the value given and a warning naming it, and
//! the lists of who can block what keep the decision with why it cannot be judged.

use entente_api::{Session, decide};

fn peace_operation(missing: Option<f64>) -> decide::Query {
    decide::Query {
        institution: "european_security_organisation".into(),
        decision: "peace_operation".into(),
        missing,
        ..decide::Query::default()
    }
}

#[test]
fn decide_takes_missing_as_power_does() {
    // The World Bank publishes no population for the Holy See (../shared/data/states.csv,
    // row VAT), so the proposed body's double-majority rule over population has no value there.
    let session = Session::bundled().unwrap();
    let e = decide::answer(&session, &peace_operation(None)).unwrap_err();
    assert_eq!(e.code, "rule-does-not-apply");
    assert!(e.message.contains("VAT"), "{}", e.message);
    assert!(
        e.hint.as_deref().unwrap_or("").contains("--missing"),
        "{e:?}"
    );
    let v = match decide::answer(&session, &peace_operation(Some(0.0))).unwrap() {
        decide::Answer::Verdict(v) => v,
        decide::Answer::Replay(_) => panic!("expected a verdict"),
    };
    assert_eq!(v.warnings.len(), 1, "{:?}", v.warnings);
    assert!(v.warnings[0].contains("`VAT` has no `population`"));
    let bad = decide::answer(&session, &peace_operation(Some(f64::NAN))).unwrap_err();
    assert_eq!(bad.code, "bad-missing");
}

#[test]
fn who_can_block_keeps_a_decision_it_cannot_judge_with_why() {
    // In the world where the inclusive body is established, its peace-operation rule cannot be
    // applied over the Holy See: the list says so instead of leaving the decision out.
    let session = Session::bundled().unwrap();
    let w = entente_api::world::world(&session, Some("inclusive_body")).unwrap();
    let date = session.as_of(None);
    let b = entente_decide::blocking(&w, date);
    let p = b
        .iter()
        .find(|b| {
            b.institution == "european_security_organisation" && b.decision == "peace_operation"
        })
        .expect("the peace-operation decision is listed");
    assert!(
        p.unavailable.as_deref().unwrap_or("").contains("VAT"),
        "{p:?}"
    );
    assert!(p.veto_players.is_empty());
}

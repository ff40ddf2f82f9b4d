//! M1 by kind: an agreement put to an institution (`decide --agreement`), or a matter in words
//! that names a kind of agreement, is judged by its kind against the kinds of agreement the
//! institution's competences list, never by words it happens to share with a competence.

use entente_decide::{Outcome, Proposal, decide, decide_agreement, matter_kind};
use entente_scenario::{AgreementKind, Scenario};
use jiff::civil::{Date, date};

fn europe() -> Scenario {
    let loaded = entente_scenario::bundled();
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.scenario
}

const MID_2025: Date = date(2025, 6, 30);

fn nato(matter: Option<&str>) -> Proposal {
    Proposal {
        institution: "nato".into(),
        decision: "consensus".into(),
        subject: Some("RUS".into()),
        date: MID_2025,
        positions: vec![],
        competence: None,
        matter: matter.map(str::to_string),
    }
}

/// The North Atlantic Treaty's articles that give NATO its competences (Washington, 1949).
const TREATY_ARTICLES: [&str; 4] = ["art4", "art5", "art10", "art13"];

#[test]
fn a_non_aggression_partnership_with_russia_is_outside_nato_competence() {
    // The words share "partnership" with NATO's cooperative-security competence, but the matter
    // is a non-aggression agreement, a kind no competence of NATO covers: the North Atlantic
    // Treaty (Arts. 1-14) gives the Organization no power to conclude one for its members.
    let s = europe();
    let v = decide(&s, &nato(Some("non-aggression partnership with Russia"))).unwrap();
    assert_eq!(v.verdict, Outcome::OutsideCompetence, "{:?}", v.reasons);
    assert!(v.reasons[0].contains("non_aggression"), "{:?}", v.reasons);
    for art in TREATY_ARTICLES {
        let c = v.clauses.iter().find(|c| c.id == art).expect(art);
        assert!(
            c.source
                .as_deref()
                .is_some_and(|s| s.starts_with("North Atlantic Treaty, Washington 1949")),
            "{c:?}"
        );
    }
    // A ceasefire is a kind NATO has concluded under crisis management (the Military Technical
    // Agreement, Kumanovo, 1999-06-09); an accession names no kind and is matched as before.
    let v = decide(&s, &nato(Some("a ceasefire in Kosovo"))).unwrap();
    assert_eq!(v.competence.unwrap().id, "crisis_management");
    let v = decide(&s, &nato(Some("admit Ukraine to NATO"))).unwrap();
    assert_eq!(v.competence.unwrap().id, "accession");
}

#[test]
fn the_nato_russia_pact_is_judged_by_its_kind_and_parties() {
    let s = europe();
    let v = decide_agreement(&s, &nato(None), "nato_russia_pact").unwrap();
    assert_eq!(v.verdict, Outcome::OutsideCompetence);
    let a = v.agreement.as_ref().unwrap();
    assert_eq!(a.kind, "non_aggression");
    assert!(a.institution_is_party, "parties = [\"nato\", \"RUS\"]");
    assert_eq!(a.parties, ["nato", "RUS"]);
    assert!(
        TREATY_ARTICLES
            .iter()
            .all(|art| v.clauses.iter().any(|c| c.id == *art))
    );
    // --matter stays consistent with --agreement: the agreement's kind in words gives the same.
    let m = decide(
        &s,
        &nato(Some("non-aggression pact between NATO and Russia")),
    )
    .unwrap();
    assert_eq!(m.verdict, v.verdict);
    assert_eq!(m.competences_given, v.competences_given);
    // An unknown agreement is a usage error with a suggestion.
    let e = decide_agreement(&s, &nato(None), "nato_russia_pakt").unwrap_err();
    assert!(e.to_string().contains("nato_russia_pact"), "{e}");
}

#[test]
fn kinds_are_read_from_everyday_words() {
    for (text, kind) in [
        ("non-aggression pact", Some(AgreementKind::NonAggression)),
        ("Nonaggression treaty", Some(AgreementKind::NonAggression)),
        ("a mutual defence treaty", Some(AgreementKind::Defence)),
        ("an alliance with Japan", Some(AgreementKind::Defence)),
        ("arms control with Russia", Some(AgreementKind::ForceLimit)),
        (
            "permanent neutrality of Ukraine",
            Some(AgreementKind::Neutrality),
        ),
        (
            "cease-fire along the line of contact",
            Some(AgreementKind::Ceasefire),
        ),
        ("accession of Ukraine", None),
        ("renew the sanctions on Russia", None),
    ] {
        assert_eq!(matter_kind(text), kind, "{text}");
    }
}

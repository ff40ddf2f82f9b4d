//! Linked negotiations (M30): the bundled New START successor track (`us_russia_arms`) is
//! conditioned by the outcome of the Ukraine settlement. The treaty figures must be in the data
//! with their sources; the counts of acceptable packages with and without the linkages are
//! checked against a brute-force count written here from the definitions (every package,
//! utilities summed from the value tables, conditions evaluated directly), not through the
//! engine.

use entente_api::{Session, Source, negotiate};
use entente_scenario::settlement::{Cond, Op, Pref, Settlement, SettlementParty, When};

fn session() -> Session {
    Session::open(&Source::Bundled).expect("the bundled scenario loads")
}

fn settlement<'s>(session: &'s Session, id: &str) -> &'s Settlement {
    session
        .scenario()
        .settlements
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("settlement {id}"))
}

/// Every package, as value indices, first issue most significant.
fn packages(st: &Settlement) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    for issue in &st.issues {
        out = out
            .into_iter()
            .flat_map(|p| {
                (0..issue.labels.len()).map(move |v| {
                    let mut q = p.clone();
                    q.push(v);
                    q
                })
            })
            .collect();
    }
    out
}

fn holds(st: &Settlement, c: &Cond, pk: &[usize]) -> bool {
    match c {
        Cond::Cmp { issue, op, value } => {
            let x = st.issues[*issue].numbers[pk[*issue]];
            match op {
                Op::Eq => x == *value,
                Op::Ne => x != *value,
                Op::Lt => x < *value,
                Op::Le => x <= *value,
                Op::Gt => x > *value,
                Op::Ge => x >= *value,
            }
        }
        Cond::In { issue, values } => values.contains(&pk[*issue]),
        Cond::And(xs) => xs.iter().all(|x| holds(st, x, pk)),
        Cond::Or(xs) => xs.iter().any(|x| holds(st, x, pk)),
        Cond::Not(x) => !holds(st, x, pk),
    }
}

fn utility(st: &Settlement, p: &SettlementParty, pk: &[usize]) -> f64 {
    let mut u = 0.0;
    for pref in &p.prefs {
        match pref {
            Pref::Table {
                issue,
                weight,
                values,
                ..
            } => u += weight * values[pk[*issue]],
            Pref::Ideal {
                issue,
                ideal,
                salience,
                ..
            } => {
                let ns = &st.issues[*issue].numbers;
                let range = ns[ns.len() - 1] - ns[0];
                let x = ns[pk[*issue]];
                u += salience * (1.0 - (x - ideal).abs() / range);
            }
        }
    }
    for t in &p.interactions {
        if pk[t.a.0] == t.a.1 && pk[t.b.0] == t.b.1 {
            u += t.value;
        }
    }
    u
}

/// Packages every party accepts, with extra red lines (party, condition) and changed no-deal
/// values (party, value).
fn brute_force(st: &Settlement, extra: &[(&str, &Cond)], no_deal: &[(&str, f64)]) -> u64 {
    let mut n = 0;
    for pk in packages(st) {
        let valid = st.links.iter().all(|l| holds(st, &l.cond, &pk));
        let ok = valid
            && st.parties.iter().all(|p| {
                let nd = no_deal
                    .iter()
                    .find(|(a, _)| *a == p.actor)
                    .map_or(p.no_deal, |x| x.1);
                p.red_lines.iter().all(|r| holds(st, &r.cond, &pk))
                    && extra
                        .iter()
                        .filter(|(a, _)| *a == p.actor)
                        .all(|(_, c)| holds(st, c, &pk))
                    && utility(st, p, &pk) >= nd
            });
        n += u64::from(ok);
    }
    n
}

#[test]
fn the_treaty_figures_are_in_the_data_with_their_sources() {
    let s = session();
    let st = settlement(&s, "us_russia_arms");
    let issue = |id: &str| st.issues.iter().find(|i| i.id == id).unwrap();
    let (w, l, i, d) = (
        issue("warheads"),
        issue("launchers"),
        issue("inspections"),
        issue("duration"),
    );
    assert!(w.numbers.contains(&1550.0), "{:?}", w.numbers);
    assert!(l.numbers.contains(&700.0) && l.numbers.contains(&800.0));
    assert!(i.numbers.contains(&18.0) && i.numbers.contains(&0.0));
    let src = |x: &entente_scenario::settlement::Issue| x.source.clone().unwrap_or_default();
    assert!(src(w).contains("1,550") && src(w).contains("Art. II(1)(b)"));
    assert!(src(l).contains("Art. II(1)(a)") && src(l).contains("Art. II(1)(c)"));
    assert!(src(i).contains("18") && src(i).contains("Protocol, Part Five"));
    assert!(src(d).contains("2011-02-05") && src(d).contains("2026-02-05"));
    for x in [w, l, i, d] {
        assert!(src(x).contains("fact sheet") || src(x).contains("New START Art."));
    }
    // The judgements say they are judgements.
    for p in &st.parties {
        assert!(
            p.source
                .as_deref()
                .unwrap()
                .contains("analyst's assumption"),
            "{}",
            p.actor
        );
        for pref in &p.prefs {
            let Pref::Table { source, .. } = pref else {
                panic!("value tables only")
            };
            assert!(source.as_deref().unwrap().contains("Analyst's assumption"));
        }
    }
    // Russia's suspension, the linkage the first linkage rests on.
    let lk = &st.linkages[0];
    assert_eq!(
        (lk.id.as_str(), lk.settlement.as_str()),
        ("no-inspections-while-at-war", "ukraine")
    );
    assert!(
        lk.red_lines[0]
            .line
            .source
            .as_deref()
            .unwrap()
            .contains("2023-02-21")
    );
    // The default settlement stays the Ukraine one.
    let a = negotiate::answer(&s, &negotiate::Query::default()).unwrap();
    assert_eq!(a.parties, ["RUS", "UKR", "USA", "EUU", "GBR"]);
    assert_eq!((a.outcomes, a.acceptable), (34_992, 0));
    assert!(a.linked_to.is_empty() && a.linked.is_none());
}

#[test]
fn acceptable_counts_with_and_without_the_linkages_match_a_brute_force_count() {
    let s = session();
    let st = settlement(&s, "us_russia_arms");
    let ukraine = settlement(&s, "ukraine");
    // The Ukraine settlement's outcome, by brute force: nothing is acceptable to all five
    // parties, so there is no Nash package and no agreement.
    assert_eq!(brute_force(ukraine, &[], &[]), 0);
    let [no_inspections, eases] = st.linkages.as_slice() else {
        panic!("two linkages")
    };
    assert_eq!(no_inspections.when, When::NoAgreement);
    assert_eq!(eases.when, When::Agreement);
    let rl = &no_inspections.red_lines[0];
    let rus_no_deal = eases.no_deal[0].clone();
    assert_eq!(rus_no_deal, ("RUS".to_string(), 0.47));

    let unlinked = brute_force(st, &[], &[]);
    let at_war = brute_force(st, &[(rl.party.as_str(), &rl.line.cond)], &[]);
    let settled = brute_force(st, &[], &[("RUS", 0.47)]);
    assert_eq!((unlinked, at_war, settled), (39, 0, 44));

    let q = negotiate::Query {
        settlement: Some("us_russia_arms".into()),
        linked: true,
        ..Default::default()
    };
    let a = negotiate::answer(&s, &q).unwrap();
    assert_eq!(a.outcomes, 81);
    assert_eq!(a.acceptable, unlinked);
    assert_eq!(a.linked_to, ["ukraine"]);
    let l = a.linked.as_ref().unwrap();
    assert_eq!(l.acceptable_unlinked, unlinked);
    assert_eq!(l.acceptable_linked, at_war);
    assert_eq!(l.analysis.acceptable, at_war);
    let uses: Vec<(bool, bool)> = l
        .linkages
        .iter()
        .map(|u| (u.agreement, u.applies))
        .collect();
    assert_eq!(uses, [(false, true), (false, false)]);
    assert_eq!(l.linkages[0].outcome_rule, "nash");
    // Without the linkages the Nash package is New START's ceilings and inspections, for five
    // years; with them there is none, and the collision is Russia's red line against the
    // United States' no-deal value.
    let nash = a.nash.as_ref().unwrap();
    assert_eq!(nash.outcome["warheads"], "1550");
    assert_eq!(nash.outcome["launchers"], "700");
    assert_eq!(nash.outcome["inspections"], "18");
    assert_eq!(nash.outcome["duration"], "five_years");
    assert!(l.analysis.nash.is_none() && !l.solutions[0].same);
    let e = l.analysis.explanation.as_deref().unwrap();
    assert!(
        e.contains("no-inspections") && e.contains("utility(USA) >= 0.63"),
        "{e}"
    );

    // Assume instead that the Ukraine settlement agrees (its Nash package once the first
    // proposed concession is made): the other linkage applies.
    let q = negotiate::Query {
        settlement: Some("us_russia_arms".into()),
        linked_outcome: vec!["ukraine:nash_after_concession".into()],
        ..Default::default()
    };
    let a = negotiate::answer(&s, &q).unwrap();
    let l = a.linked.as_ref().unwrap();
    assert!(l.linkages.iter().all(|u| u.assumed && u.agreement));
    let uses: Vec<bool> = l.linkages.iter().map(|u| u.applies).collect();
    assert_eq!(uses, [false, true]);
    assert_eq!(l.acceptable_linked, settled);
    // `none` is the outcome the linkages' own rule gives.
    let q = negotiate::Query {
        settlement: Some("us_russia_arms".into()),
        linked_outcome: vec!["ukraine:none".into()],
        ..Default::default()
    };
    let a = negotiate::answer(&s, &q).unwrap();
    assert_eq!(a.linked.unwrap().acceptable_linked, at_war);
}

#[test]
fn both_tracks_can_be_mediated() {
    let s = session();
    let q = negotiate::Query {
        settlement: Some("us_russia_arms".into()),
        linked: true,
        mediator: Some("USA".into()),
        ..Default::default()
    };
    let a = negotiate::answer(&s, &q).unwrap();
    // Unlinked, the US text (its best package) is accepted at once.
    let m = a.mediation.as_ref().unwrap();
    assert!(m.text.agreed);
    let l = a.linked.as_ref().unwrap();
    // The Ukraine track, mediated by the same party: no text can succeed there.
    let um = l.linkages[0].mediation.as_ref().unwrap();
    assert!(!um.text.agreed && um.acceptable == 0);
    assert!(
        l.linkages[1].mediation.is_none(),
        "shown once per settlement"
    );
    // With the linkage, the arms-control text stalls: Russia rejects it.
    let lm = l.analysis.mediation.as_ref().unwrap();
    assert!(!lm.text.agreed);
    assert_eq!(lm.text.drafts.last().unwrap().rejecting, ["RUS"]);
}

#[test]
fn linked_questions_that_cannot_be_answered_are_usage_errors() {
    let s = session();
    let ask = |q: negotiate::Query| negotiate::answer(&s, &q).unwrap_err();
    let e = ask(negotiate::Query {
        linked: true,
        ..Default::default()
    });
    assert_eq!(e.code, "not-linked");
    assert!(e.hint.as_deref().unwrap().contains("us_russia_arms"));
    for bad in [
        "ukraine",
        "ukrain:nash",
        "ukraine:99999999",
        "us_russia_arms:nash",
    ] {
        let e = ask(negotiate::Query {
            settlement: Some("us_russia_arms".into()),
            linked_outcome: vec![bad.into()],
            ..Default::default()
        });
        assert_eq!(e.code, "bad-linked-outcome", "{bad}");
    }
}

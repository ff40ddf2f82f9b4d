//! Proposals decided over the bundled Europe scenario and over small hand-made scenarios: the
//! reference rules with known votes (M1, M2), observers, suspended members and opt-outs never
//! counting (M27, M31), `outside competence` (M1), and the three-valued search against brute
//! force over every completion of small bodies.

use entente_decide::{Outcome, Proposal, Verdict, blocking, decide, three};
use entente_rules::{Body, Vote, parse};
use entente_scenario::Scenario;
use jiff::civil::{Date, date};
use proptest::prelude::*;

use Vote::{Absent, Abstain, No, Yes};

fn europe() -> Scenario {
    let loaded = entente_scenario::bundled();
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.scenario
}

fn ask(s: &Scenario, inst: &str, dec: &str, d: Date, pos: &[(&str, Vote)]) -> Verdict {
    decide(
        s,
        &Proposal {
            institution: inst.into(),
            decision: dec.into(),
            subject: None,
            date: d,
            positions: pos.iter().map(|(i, v)| (i.to_string(), *v)).collect(),
            competence: None,
            matter: None,
        },
    )
    .unwrap()
}

const MID_2025: Date = date(2025, 6, 30);

#[test]
fn nato_consensus_one_objection_blocks() {
    // M1: NATO decides by consensus; one objecting ally blocks (NATO, "Consensus
    // decision-making at NATO"). 32 allies on 2025-06-30 (memberships.csv).
    let s = europe();
    let v = ask(&s, "nato", "consensus", MID_2025, &[("HUN", No)]);
    assert_eq!(v.verdict, Outcome::Fail);
    assert_eq!(v.veto_players, ["HUN"]);
    assert_eq!(v.votes_needed, None);
    assert_eq!(v.voting_members.len(), 32);
    // An abstention does not block a consensus.
    let mut pos: Vec<(&str, Vote)> = Vec::new();
    let members = v.voting_members.clone();
    for m in &members {
        pos.push((m.as_str(), if m == "HUN" { Abstain } else { Yes }));
    }
    let v = ask(&s, "nato", "consensus", MID_2025, &pos);
    assert_eq!(v.verdict, Outcome::Pass);
    assert_eq!(v.votes_needed, Some(0));
}

#[test]
fn nato_consensus_nothing_known_every_ally_can_block() {
    let s = europe();
    let v = ask(&s, "nato", "consensus", MID_2025, &[]);
    assert_eq!(v.verdict, Outcome::Undecided);
    // Every one of the 32 allies can block alone and could swing it (memberships.csv).
    assert_eq!(v.veto_players.len(), 32);
    assert_eq!(v.swing.len(), 32);
    // With the unknown allies voting yes or no, all 32 must say yes.
    assert_eq!(v.votes_needed, Some(32));
    // The decision's source is cited.
    assert!(v.source.as_deref().unwrap_or("").contains("Consensus"));
}

#[test]
fn nato_accession_invitation_needs_every_ally_and_cites_article_10() {
    // Art. 10: invitation by unanimous agreement. In 1991 NATO had 16 members (facts.md §4).
    let s = europe();
    let v = ask(&s, "nato", "accession", date(1991, 12, 31), &[]);
    assert_eq!(v.voting_members.len(), 16);
    assert_eq!(v.veto_players.len(), 16);
    assert!(v.clauses.iter().any(|c| c.id == "art10"
        && c.source.as_deref() == Some("North Atlantic Treaty, Washington 1949, Art. 10")));
    assert_eq!(
        v.competence.as_ref().map(|c| c.id.as_str()),
        Some("accession")
    );
}

#[test]
fn un_security_council_permanent_member_veto_and_abstention() {
    // UN Charter Art. 27(3): nine affirmative votes including the concurring votes of the
    // permanent members; by practice an abstaining permanent member does not block.
    let s = europe();
    let v = ask(&s, "unsc", "substantive", MID_2025, &[("RUS", No)]);
    assert_eq!(v.verdict, Outcome::Fail);
    assert_eq!(v.veto_players, ["RUS"]);
    // Nothing known: exactly the five permanent members can block alone.
    let v = ask(&s, "unsc", "substantive", MID_2025, &[]);
    assert_eq!(v.veto_players, ["CHN", "FRA", "GBR", "RUS", "USA"]);
    assert_eq!(v.voting_members.len(), 15);
    assert_eq!(v.votes_needed, Some(9));
    // Fourteen yes and Russia abstaining: it passes.
    let members = v.voting_members.clone();
    let pos: Vec<(&str, Vote)> = members
        .iter()
        .map(|m| (m.as_str(), if m == "RUS" { Abstain } else { Yes }))
        .collect();
    assert_eq!(
        ask(&s, "unsc", "substantive", MID_2025, &pos).verdict,
        Outcome::Pass
    );
    // A procedural vote (Art. 27(2)): nine of any members, no veto.
    let v = ask(
        &s,
        "unsc",
        "procedural",
        MID_2025,
        &[("RUS", No), ("CHN", No)],
    );
    assert_eq!(v.verdict, Outcome::Undecided);
    assert!(v.veto_players.is_empty());
}

#[test]
fn eu_council_qualified_majority_and_the_blocking_minority_of_four() {
    // TEU Art. 16(4): 55% of the members comprising 65% of the population; a blocking minority
    // must include at least four members. Populations: World Bank 2024 (states.csv).
    let s = europe();
    let v = ask(&s, "eu_council", "qmv", MID_2025, &[]);
    assert_eq!(v.voting_members.len(), 27);
    assert!(v.veto_players.is_empty(), "no member blocks QMV alone");
    // Germany, France and Italy hold over 35% of the EU's population, but three members are not
    // a blocking minority: if the other 24 vote yes it passes, so it is still open.
    let three = [("DEU", No), ("FRA", No), ("ITA", No)];
    let v = ask(&s, "eu_council", "qmv", MID_2025, &three);
    assert_eq!(v.verdict, Outcome::Undecided);
    assert_eq!(v.votes_needed, Some(24));
    // Spain joining them makes four members and over 35%: it fails whatever the others do.
    let four = [("DEU", No), ("FRA", No), ("ITA", No), ("ESP", No)];
    assert_eq!(
        ask(&s, "eu_council", "qmv", MID_2025, &four).verdict,
        Outcome::Fail
    );
    // Unanimity for sanctions (TEU Art. 31(1)): one member blocks.
    let v = ask(&s, "eu_council", "sanctions", MID_2025, &[("HUN", No)]);
    assert_eq!(v.verdict, Outcome::Fail);
    assert_eq!(v.veto_players, ["HUN"]);
}

#[test]
fn suspended_and_observer_positions_never_count() {
    // M27: Armenia froze its CSTO participation in February 2024 (recorded as suspended from
    // 2024-02-22); Serbia is an observer (csto.toml and their sources).
    let s = europe();
    let v = ask(
        &s,
        "csto",
        "consensus",
        MID_2025,
        &[("ARM", No), ("SRB", No)],
    );
    assert!(!v.voting_members.contains(&"ARM".to_string()));
    assert!(v.positions.is_empty(), "neither position counts");
    assert_ne!(v.verdict, Outcome::Fail);
    let arm = v.non_voting.iter().find(|n| n.id == "ARM").unwrap();
    assert_eq!((arm.status.as_str(), arm.position), ("suspended", Some(No)));
    let srb = v.non_voting.iter().find(|n| n.id == "SRB").unwrap();
    assert_eq!(srb.status, "observer");
    // Before the freeze Armenia's objection would have blocked.
    let v = ask(&s, "csto", "consensus", date(2023, 6, 30), &[("ARM", No)]);
    assert_eq!(v.verdict, Outcome::Fail);
    assert_eq!(v.veto_players, ["ARM"]);
}

const BODY_WITH_OPT_OUTS: &str = r#"
[scenario]
name = "an inclusive regional body"
[actor.AAA]
name = "A"
[actor.BBB]
name = "B"
[actor.CCC]
name = "C"
[actor.DDD]
name = "D"
[zone.region]
name = "the region"
members = ["AAA", "BBB", "CCC"]
[institution.body]
name = "Regional collective security body"
membership_rule = { zone = "region", from = 2030-01-01, opt_outs = ["CCC"], source = "hypothetical charter, Art. 3" }
members = [{ id = "DDD", status = "observer", joined = 2030-01-01 }]
[institution.body.competence.peacekeeping]
description = "Peacekeeping in the region"
[institution.body.decision.consensus]
rule = "no == 0"
competence = "peacekeeping"
"#;

fn in_memory(text: &str) -> Scenario {
    let files = entente_scenario::load::InMemory {
        files: vec![("s/scenario.toml".to_string(), text.to_string())],
    };
    let loaded = entente_scenario::load_with(&["s/scenario.toml".into()], &files);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.scenario
}

#[test]
fn opted_out_states_are_not_members_and_observers_do_not_vote() {
    // M31: every state of the region is a member unless it opted out; M27: an observer speaks
    // but has no vote.
    let s = in_memory(BODY_WITH_OPT_OUTS);
    let d = date(2031, 1, 1);
    let v = ask(
        &s,
        "body",
        "consensus",
        d,
        &[("CCC", No), ("DDD", No), ("AAA", Yes)],
    );
    assert_eq!(v.voting_members, ["AAA", "BBB"]);
    assert_eq!(v.verdict, Outcome::Undecided);
    // AAA said yes but could still block by saying no; BBB is unknown.
    assert_eq!(v.veto_players, ["AAA", "BBB"]);
    assert_eq!(v.swing, ["BBB"]);
    let ccc = v.non_voting.iter().find(|n| n.id == "CCC").unwrap();
    assert_eq!(ccc.status, "opted_out");
    let ddd = v.non_voting.iter().find(|n| n.id == "DDD").unwrap();
    assert_eq!(ddd.status, "observer");
}

#[test]
fn a_nato_non_aggression_pact_is_outside_competence() {
    // M1: the North Atlantic Treaty gives NATO no power to conclude a pact on the members'
    // behalf; the answer cites what it does give (Arts. 4, 5, 10, 13).
    let s = europe();
    let mut p = Proposal {
        institution: "nato".into(),
        decision: "consensus".into(),
        subject: Some("RUS".into()),
        date: MID_2025,
        positions: vec![],
        competence: None,
        matter: Some("sign a non-aggression pact with Russia".into()),
    };
    let v = decide(&s, &p).unwrap();
    assert_eq!(v.verdict, Outcome::OutsideCompetence);
    assert_eq!(v.verdict.as_str(), "outside competence");
    assert!(
        v.competences_given
            .iter()
            .any(|c| c.id == "collective_defence")
    );
    for art in ["art4", "art5", "art10", "art13"] {
        assert!(v.clauses.iter().any(|c| c.id == art), "{art} cited");
    }
    assert!(v.veto_players.is_empty());
    // Naming the members does not make it an accession.
    p.matter = Some("non-aggression pact between the members and Russia".into());
    assert_eq!(decide(&s, &p).unwrap().verdict, Outcome::OutsideCompetence);
    p.matter = None;
    p.competence = Some("non_aggression_pact".into());
    assert_eq!(decide(&s, &p).unwrap().verdict, Outcome::OutsideCompetence);
    // Admitting a state is within Art. 10 (accession), in the treaty's words or in everyday ones.
    p.competence = None;
    for matter in [
        "accession of Ukraine",
        "admit Ukraine to NATO",
        "Ukraine joins NATO",
    ] {
        p.matter = Some(matter.into());
        let v = decide(&s, &p).unwrap();
        assert_eq!(v.verdict, Outcome::Undecided, "{matter}");
        assert_eq!(v.competence.unwrap().id, "accession", "{matter}");
    }
    // An EU sanctions renewal is within the Council's sanctions competence (TEU Art. 29; TFEU
    // Art. 215); one member objecting blocks it (unanimity, TEU Art. 31(1)).
    let v = decide(
        &s,
        &Proposal {
            institution: "eu_council".into(),
            decision: "sanctions".into(),
            subject: Some("RUS".into()),
            date: MID_2025,
            positions: vec![("HUN".into(), No)],
            competence: None,
            matter: Some("renew the sanctions on Russia".into()),
        },
    )
    .unwrap();
    assert_eq!(v.verdict, Outcome::Fail);
    assert_eq!(v.competence.unwrap().id, "sanctions");
}

#[test]
fn bad_queries_are_errors_that_name_the_problem() {
    let s = europe();
    let p = |inst: &str, dec: &str, pos: Vec<(String, Vote)>| Proposal {
        institution: inst.into(),
        decision: dec.into(),
        subject: None,
        date: MID_2025,
        positions: pos,
        competence: None,
        matter: None,
    };
    let e = decide(&s, &p("natto", "consensus", vec![])).unwrap_err();
    assert!(e.to_string().contains("nato"), "{e}");
    let e = decide(&s, &p("nato", "qmv", vec![])).unwrap_err();
    assert!(e.to_string().contains("consensus"), "{e}");
    let e = decide(&s, &p("nato", "consensus", vec![("XXY".into(), Yes)])).unwrap_err();
    assert!(e.to_string().contains("XXY"), "{e}");
    let twice = vec![("FRA".into(), Yes), ("FRA".into(), No)];
    let e = decide(&s, &p("nato", "consensus", twice)).unwrap_err();
    assert!(e.to_string().contains("more than one"), "{e}");
}

#[test]
fn who_can_block_what_in_every_bundled_institution() {
    let s = europe();
    let b = blocking(&s, MID_2025);
    let row = |i: &str, d: &str| {
        b.iter()
            .find(|r| r.institution == i && r.decision == d)
            .unwrap()
    };
    assert_eq!(row("nato", "consensus").veto_players.len(), 32);
    assert_eq!(row("unsc", "substantive").veto_players.len(), 5);
    assert!(row("eu_council", "qmv").veto_players.is_empty());
    assert_eq!(row("eu_council", "sanctions").veto_players.len(), 27);
}

// ---- the three-valued search against brute force ----

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..6u8).prop_map(|k| format!("yes >= {k}")),
        (0..6u8).prop_map(|k| format!("no < {k}")),
        (0..4u8).prop_map(|k| format!("abstain == {k}")),
        (0..4u8).prop_map(|k| format!("absent <= {k}")),
        (0..20u8).prop_map(|k| format!("yes.w >= {k}")),
        (0..20u8).prop_map(|k| format!("no.w > {k}")),
        (0..100u8).prop_map(|k| format!("yes >= {k}%")),
        Just("yes == all".to_string()),
        Just("no == 0".to_string()),
        Just("no != 1".to_string()),
        Just("veto(M0, M2)".to_string()),
        Just("veto(M1)".to_string()),
    ]
}

fn rule() -> impl Strategy<Value = String> {
    leaf().prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or ({b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

fn vote_of(k: u8) -> Option<Vote> {
    match k {
        0 => Some(Yes),
        1 => Some(No),
        2 => Some(Abstain),
        3 => Some(Absent),
        _ => None,
    }
}

fn completions(known: &[Option<Vote>]) -> Vec<Vec<Vote>> {
    let mut out = vec![Vec::new()];
    for k in known {
        let opts: Vec<Vote> = match k {
            Some(v) => vec![*v],
            None => vec![Yes, No, Abstain, Absent],
        };
        out = out
            .into_iter()
            .flat_map(|c| {
                opts.iter().map(move |v| {
                    let mut c = c.clone();
                    c.push(*v);
                    c
                })
            })
            .collect();
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]
    #[test]
    fn three_valued_answers_match_brute_force(
        rule in rule(),
        weights in proptest::collection::vec(-3..8i8, 3..=6),
        known_raw in proptest::collection::vec(0..7u8, 6),
    ) {
        // Weights may be negative: the interval bounds must hold for any attribute.
        let n = weights.len();
        let mut body = Body::new((0..n).map(|i| format!("M{i}")).collect());
        body.set_attribute("w", weights.iter().map(|&w| Some(f64::from(w))).collect());
        let bound = parse(&rule).unwrap().bind(&body).unwrap();
        let known: Vec<Option<Vote>> = known_raw[..n].iter().map(|&k| vote_of(k)).collect();

        let all = completions(&known);
        let can_pass = all.iter().any(|c| bound.passes(c));
        let can_fail = all.iter().any(|c| !bound.passes(c));
        prop_assert_eq!(three::outlook(&bound, &known), Ok((can_pass, can_fail)));
        if let Ok(Some(c)) = three::completion(&bound, &known, true) {
            prop_assert!(bound.passes(&c));
        }

        // Swing: an unknown member whose vote changes the outcome in some completion.
        let swing: Vec<usize> = (0..n)
            .filter(|&m| known[m].is_none())
            .filter(|&m| {
                all.iter().any(|c| {
                    let outs: Vec<bool> = [Yes, No, Abstain, Absent]
                        .iter()
                        .map(|&v| {
                            let mut c = c.clone();
                            c[m] = v;
                            bound.passes(&c)
                        })
                        .collect();
                    outs.iter().any(|&o| o != outs[0])
                })
            })
            .collect();
        prop_assert_eq!(three::swings(&bound, &known), Ok(swing));

        // Veto players: free, it can pass; saying no, it cannot.
        let veto: Vec<usize> = (0..n)
            .filter(|&m| {
                let mut k = known.clone();
                k[m] = None;
                let free = completions(&k).iter().any(|c| bound.passes(c));
                k[m] = Some(No);
                let blocked = !completions(&k).iter().any(|c| bound.passes(c));
                free && blocked
            })
            .collect();
        prop_assert_eq!(three::veto_players(&bound, &known), Ok(veto));

        // Votes needed: the fewest unknown members voting yes, the rest no, that pass.
        let unknown: Vec<usize> = (0..n).filter(|&i| known[i].is_none()).collect();
        let mut best: Option<usize> = None;
        for mask in 0u32..(1 << unknown.len()) {
            let mut c: Vec<Vote> = known.iter().map(|v| v.unwrap_or(No)).collect();
            for (b, &i) in unknown.iter().enumerate() {
                if mask & (1 << b) != 0 {
                    c[i] = Yes;
                }
            }
            if bound.passes(&c) {
                let k = mask.count_ones() as usize;
                best = Some(best.map_or(k, |b: usize| b.min(k)));
            }
        }
        prop_assert_eq!(three::votes_needed(&bound, &known), Ok(best));
    }
}

const UNANIMITY_AND_WEIGHTS: &str = r#"
[scenario]
name = "reference rules"
[actor.AAA]
attributes = { weight = 4 }
[actor.BBB]
attributes = { weight = 4 }
[actor.CCC]
attributes = { weight = 4 }
[actor.DDD]
attributes = { weight = 2 }
[actor.EEE]
attributes = { weight = 2 }
[actor.FFF]
attributes = { weight = 1 }
[institution.body]
members = [{ id = "AAA" }, { id = "BBB" }, { id = "CCC" }, { id = "DDD" }, { id = "EEE" }, { id = "FFF" }]
[institution.body.decision.unanimity]
rule = "yes == all"
[institution.body.decision.weighted]
rule = "yes.weight >= 12"
"#;

#[test]
fn unanimity_and_a_weighted_game_with_known_votes() {
    // The rule language's reference rules (crates/entente-rules): under `yes == all` an
    // abstention blocks, unlike consensus; the weighted game [12; 4, 4, 4, 2, 2, 1] is the
    // hand-made example of the rule language's tests.
    let s = in_memory(UNANIMITY_AND_WEIGHTS);
    let d = date(2025, 1, 1);
    let v = ask(&s, "body", "unanimity", d, &[("DDD", Abstain)]);
    assert_eq!(v.verdict, Outcome::Fail);
    assert_eq!(v.veto_players, ["DDD"]);
    let all: Vec<(&str, Vote)> = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"]
        .iter()
        .map(|m| (*m, Yes))
        .collect();
    assert_eq!(ask(&s, "body", "unanimity", d, &all).verdict, Outcome::Pass);
    // Weighted: the three 4s make 12 and pass whatever the others do.
    let v = ask(
        &s,
        "body",
        "weighted",
        d,
        &[("AAA", Yes), ("BBB", Yes), ("CCC", Yes)],
    );
    assert_eq!(v.verdict, Outcome::Pass);
    // Total weight 17: a no from one of the 4s leaves 13, still enough; two 4s against leave 9.
    let v = ask(&s, "body", "weighted", d, &[("AAA", No)]);
    assert_eq!(v.verdict, Outcome::Undecided);
    assert_eq!(v.votes_needed, Some(4)); // 4 + 4 + 2 + 2 = 12, or 4 + 4 + 2 + 2 + 1 = 13
    // With AAA against, any other no but FFF's leaves less than 12 (e.g. 4 + 2 + 2 + 1 = 9).
    assert_eq!(v.veto_players, ["BBB", "CCC", "DDD", "EEE"]);
    let v = ask(&s, "body", "weighted", d, &[("AAA", No), ("BBB", No)]);
    assert_eq!(v.verdict, Outcome::Fail);
    // Nothing known: no member alone can block (17 − 4 = 13 ≥ 12); FFF is never pivotal
    // (a dummy): every winning coalition wins without it.
    let v = ask(&s, "body", "weighted", d, &[]);
    assert!(v.veto_players.is_empty());
    assert!(!v.swing.contains(&"FFF".to_string()));
    assert_eq!(v.swing.len(), 5);
}

#[test]
fn the_bundled_inclusive_body_does_not_count_turkmenistan_which_opted_out() {
    // M31: in the proposed European Security Organisation every OSCE-area state is a member
    // unless it opts out; Turkmenistan is shown opting out (proposals.toml, citing UN General
    // Assembly resolution 50/80 on its permanent neutrality). 57 OSCE states less one: 56.
    let s = europe();
    let v = ask(
        &s,
        "european_security_organisation",
        "consensus",
        MID_2025,
        &[("TKM", No)],
    );
    assert_eq!(v.voting_members.len(), 56);
    assert!(!v.voting_members.contains(&"TKM".to_string()));
    assert_ne!(v.verdict, Outcome::Fail);
    let tkm = v.non_voting.iter().find(|n| n.id == "TKM").unwrap();
    assert_eq!((tkm.status.as_str(), tkm.position), ("opted_out", Some(No)));
    assert!(v.reasons.iter().any(|r| r.contains("M31")));
    assert!(v.reasons.iter().any(|r| r.contains("proposed body")));
}

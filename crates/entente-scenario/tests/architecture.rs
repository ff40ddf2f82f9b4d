//! Architectures of the bundled scenario applied to the model: each world differs from the
//! scenario as it is exactly by its changes. Expected values: NATO has had 32 members since
//! Sweden's accession on 2024-03-07 (NATO, "Sweden officially joins NATO", 7 March 2024); the
//! proposals are `proposed` in the scenario as it is (scenarios/europe/proposals.toml).

use entente_scenario::architecture::{STATUS_QUO, apply, chain};
use jiff::civil::date;

fn europe() -> entente_scenario::Scenario {
    let l = entente_scenario::bundled();
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    l.scenario
}

#[test]
fn status_quo_is_the_scenario_as_it_is() {
    let s = europe();
    let w = apply(&s, STATUS_QUO).unwrap();
    let d = date(2026, 6, 30);
    assert_eq!(
        w.institution("nato").unwrap().members_on(d).len(),
        32,
        "NATO's 32 members since 2024-03-07"
    );
    assert!(w.world.applied.is_empty());
}

#[test]
fn ukraine_in_nato_adds_ukraine_from_its_date_only() {
    let s = europe();
    let w = apply(&s, "ukraine_in_nato").unwrap();
    let nato = w.institution("nato").unwrap();
    assert_eq!(nato.members_on(date(2026, 6, 30)).len(), 33);
    assert!(nato.members_on(date(2026, 6, 30)).contains(&"UKR"));
    // Before the change Ukraine is what the scenario records: an applicant since 2022-09-30.
    assert!(!nato.members_on(date(2025, 12, 31)).contains(&"UKR"));
    assert_eq!(w.as_of, Some(date(2026, 6, 30)));
    assert_eq!(w.world.applied, vec!["ukraine_in_nato".to_string()]);
}

#[test]
fn the_pledge_enters_into_force_only_in_its_world() {
    let s = europe();
    let d = date(2026, 6, 30);
    let pledge = |sc: &entente_scenario::Scenario| {
        sc.agreements
            .iter()
            .find(|a| a.id == "non_enlargement_pledge")
            .unwrap()
            .status_on(d)
            .to_string()
    };
    assert_eq!(pledge(&s), "proposed");
    assert_eq!(pledge(&apply(&s, "pledge").unwrap()), "in_force");
}

#[test]
fn a_proposed_body_is_established_only_where_an_architecture_creates_it() {
    let s = europe();
    let esc = |sc: &entente_scenario::Scenario| {
        sc.institution("european_security_organisation")
            .unwrap()
            .status
            .clone()
    };
    assert_eq!(esc(&s), "proposed");
    assert_eq!(esc(&apply(&s, "inclusive_body").unwrap()), "existing");
}

#[test]
fn verified_actions_and_posture_are_kept_for_the_engines() {
    let s = europe();
    let w = apply(&s, "nrnap").unwrap();
    assert_eq!(w.world.changes.len(), 1);
    let w = apply(&s, "us_drawdown_cee").unwrap();
    assert_eq!(w.world.changes.len(), 1);
    let w = apply(&s, "settlement").unwrap();
    assert_eq!(w.world.timelines[0].timeline, "settlement");
}

#[test]
fn an_unknown_architecture_is_named_with_a_suggestion() {
    let s = europe();
    let e = chain(&s, "pledg").unwrap_err();
    assert!(e.contains("unknown architecture `pledg`"), "{e}");
    assert!(e.contains("did you mean `pledge`"), "{e}");
}

#[test]
fn every_bundled_architecture_applies() {
    let s = europe();
    assert!(s.architectures.len() >= 7);
    for a in &s.architectures {
        apply(&s, &a.id).unwrap();
    }
}

#[test]
fn the_osce_merged_into_the_inclusive_body_takes_every_member_and_competence() {
    // The 57 OSCE participating States (data/memberships.csv; Mongolia the 57th since
    // 2012-11-21) are the union: the inclusive body's 56 (every OSCE-area state but
    // Turkmenistan, which opts out) are among them, and Turkmenistan stays in through the OSCE.
    let s = europe();
    let w = apply(&s, "osce_merged").unwrap();
    let d = date(2026, 6, 30);
    let eso = w.institution("european_security_organisation").unwrap();
    assert_eq!(eso.status, "existing");
    assert_eq!(eso.members_on(d).len(), 57);
    assert!(eso.members_on(d).contains(&"TKM"));
    // The OSCE ends on the date of the merge; before it, it is as recorded.
    let osce = w.institution("osce").unwrap();
    assert!(osce.members_on(d).is_empty());
    assert_eq!(osce.members_on(date(2025, 12, 31)).len(), 57);
    // Five competences of the OSCE and three of the inclusive body; the four stated rules.
    assert_eq!(eso.competences.len(), 8);
    let rules: Vec<(&str, String)> = eso
        .decisions
        .iter()
        .map(|x| match &x.procedure {
            entente_scenario::Procedure::Rule(r) => (x.id.as_str(), r.text.clone()),
            _ => (x.id.as_str(), String::new()),
        })
        .collect();
    assert_eq!(rules[0], ("consensus", "no == 0".to_string()));
    assert_eq!(rules.len(), 4);
    // The bodies as they were are kept for vetoes before and after.
    assert_eq!(w.world.merges.len(), 1);
    assert_eq!(w.world.merges[0].before.len(), 2);
}

fn load(text: &str) -> entente_scenario::Loaded {
    let files = entente_scenario::load::InMemory {
        files: vec![("s/scenario.toml".into(), text.into())],
    };
    entente_scenario::load_with(&[std::path::PathBuf::from("s/scenario.toml")], &files)
}

#[test]
fn a_bad_merge_is_refused_at_each_place_with_a_suggestion() {
    let text = r#"[scenario]
name = "merge"
[actor.AAA]
[actor.BBB]
[institution.one]
members = [{ id = "AAA" }]
[institution.one.competence.talks]
description = "t"
[institution.two]
members = [{ id = "BBB" }]

[architecture.m]
as_of = 2026-01-01
[[architecture.m.merge]]
institutions = ["one", "twoo"]
into = "onee"
members = "unio"
competences = ["talk"]
assumption = true
[[architecture.m.merge.decision]]
id = "d"
competence = "talks"
rule = "no ==="
"#;
    let l = load(text);
    let got: Vec<(String, &str, usize, Option<String>)> = l
        .diagnostics
        .iter()
        .map(|d| (d.message.clone(), d.code, d.line, d.hint.clone()))
        .collect();
    let has = |code: &str, line: usize, hint: &str| {
        got.iter().any(|(_, c, l, h)| {
            *c == code && *l == line && h.as_deref().unwrap_or("").contains(hint)
        })
    };
    assert!(has("unknown-institution", 15, "`two`"), "{got:?}");
    assert!(has("unknown-institution", 16, "`one`"), "{got:?}");
    assert!(has("unknown-word", 17, "`union`"), "{got:?}");
    assert!(has("unknown-competence", 18, "`talks`"), "{got:?}");
    assert!(got.iter().any(|(_, _, l, _)| *l == 23), "the rule: {got:?}");
    assert!(l.has_errors());

    // Without decision rules, and with `actors` but not `members = "stated"`.
    let text = text
        .replace("[\"one\", \"twoo\"]", "[\"one\", \"two\"]")
        .replace("\"onee\"", "\"one\"")
        .replace("\"unio\"", "\"union\"\nactors = [\"AAA\"]")
        .replace("[\"talk\"]", "[\"talks\"]");
    let text = &text[..text.find("[[architecture.m.merge.decision]]").unwrap()];
    let l = load(text);
    let codes: Vec<&str> = l.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"missing-key"), "{:?}", l.diagnostics);
    assert!(codes.contains(&"unused-key"), "{:?}", l.diagnostics);
}

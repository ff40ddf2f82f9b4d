//! The Finland (2022–23) and Sweden (2022–24) accessions to NATO replayed day by day over the
//! bundled scenario (M3, M4). Every expected date is the date of a sourced event; the source is
//! named beside it (the same sources are in the timeline files).

use entente_decide::{Replay, ReplayQuery, replay};
use entente_scenario::Scenario;
use jiff::civil::{Date, date};

fn europe() -> Scenario {
    let loaded = entente_scenario::bundled();
    assert!(
        !loaded.has_errors(),
        "the bundled scenario must load: {:?}",
        loaded.diagnostics
    );
    loaded.scenario
}

fn at(s: &Scenario, subject: &str, d: Date) -> Replay {
    replay(
        s,
        &ReplayQuery {
            institution: "nato".into(),
            decision: "accession".into(),
            subject: subject.into(),
            date: d,
        },
    )
    .unwrap()
}

#[test]
fn finland_before_application_waits_for_the_invitation() {
    let s = europe();
    // Application handed over on 2022-05-18 (NATO PA tracker); the invitation came at the
    // Madrid summit on 2022-06-29 (NATO PA tracker).
    let r = at(&s, "FIN", date(2022, 6, 28));
    assert_eq!(r.stage, "invitation");
    assert_eq!(r.effective, None);
    let r = at(&s, "FIN", date(2022, 6, 29));
    assert_eq!(r.stage, "protocol");
}

#[test]
fn finland_protocol_signed_on_5_july_2022_then_thirty_allies_ratify() {
    let s = europe();
    // Protocols signed 2022-07-05 (US Mission to NATO, 2022-07-05).
    let r = at(&s, "FIN", date(2022, 7, 5));
    assert_eq!(r.stage, "ratification");
    let rat = r.stages.iter().find(|s| s.id == "ratification").unwrap();
    // The 30 allies of 2022 are asked (memberships.csv: NATO had 30 members until 2023-04-03).
    assert_eq!(rat.members.len(), 30);
    // Canada, Iceland, Norway and Denmark ended their parliamentary procedures the same day
    // (NATO PA tracker): 26 allies remain.
    assert_eq!(r.holding_up.len(), 26);
    assert!(!r.holding_up.contains(&"CAN".to_string()));
    // After Slovakia's vote on 2022-09-27 (TASR), only Hungary and Türkiye remain (NATO PA
    // tracker; TASR).
    let r = at(&s, "FIN", date(2022, 9, 27));
    assert_eq!(r.holding_up, ["HUN", "TUR"]);
    let r = at(&s, "FIN", date(2022, 9, 26));
    assert_eq!(r.holding_up, ["HUN", "SVK", "TUR"]);
}

#[test]
fn finland_hungary_then_turkey_in_march_2023() {
    let s = europe();
    // Hungary's parliament voted on 2023-03-27 (Budapest Times); the President signed on
    // 2023-03-28 (Helsingin Sanomat): Hungary is still outstanding on the 27th.
    let r = at(&s, "FIN", date(2023, 3, 27));
    assert_eq!(r.holding_up, ["HUN", "TUR"]);
    let r = at(&s, "FIN", date(2023, 3, 28));
    assert_eq!(r.holding_up, ["TUR"]);
    // Türkiye's parliament on 2023-03-30 (Bloomberg), the President's approval dated 2023-03-31
    // (Official Gazette, via Helsingin Sanomat/Anadolu).
    let r = at(&s, "FIN", date(2023, 3, 30));
    assert_eq!(r.holding_up, ["TUR"]);
    let tur = r.stages[2].members.iter().find(|m| m.id == "TUR").unwrap();
    assert_eq!(tur.outstanding, ["head_of_state"]);
    // Every ally's national procedure is then complete; the protocol awaits the last
    // instrument's deposit (Protocol, Art. II): Türkiye's, on 2023-04-04.
    // Hungary deposited on 2023-03-31 (Helsingin Sanomat via Pledge Times, 2023-04-01), so from
    // that day Türkiye's deposit is the one awaited, until 2023-04-04.
    let r = at(&s, "FIN", date(2023, 3, 31));
    assert_eq!(r.stage, "protocol_in_force");
    assert_eq!(r.holding_up, ["TUR"]);
    let r = at(&s, "FIN", date(2023, 4, 1));
    assert_eq!(r.holding_up, ["TUR"]);
    let r = at(&s, "FIN", date(2023, 3, 30));
    assert_eq!(r.stage, "ratification");
}

#[test]
fn finland_effective_4_april_2023_not_covered_on_3_april() {
    let s = europe();
    // Finland deposited its instrument of accession on 2023-04-04, after Türkiye's deposit the
    // same day (US Embassy in Türkiye, 2023-04-04; NATO PA: 31st member as of 4 April 2023).
    let r = at(&s, "FIN", date(2023, 4, 3));
    assert_eq!(r.effective, None);
    assert!(!r.complete);
    let r = at(&s, "FIN", date(2023, 4, 4));
    assert!(r.complete);
    assert_eq!(r.effective, Some(date(2023, 4, 4)));
    // ATOP-style dating: the protocol's signature, 2022-07-05 (US Mission to NATO).
    assert_eq!(r.effective_signature, Some(date(2022, 7, 5)));
    assert!(r.holding_up.is_empty());
    // The events of that day replay in their recorded order: Türkiye's deposit (order 1), the
    // protocol's entry into force (2), Finland's deposit (3).
    let tur = r.stages[2].members.iter().find(|m| m.id == "TUR").unwrap();
    assert_eq!(tur.other[0].step, "deposit");
    assert_eq!(
        (
            tur.other.last().unwrap().date,
            tur.other.last().unwrap().order
        ),
        (Some(date(2023, 4, 4)), 1)
    );
    let eif = &r.stages[3].steps[0];
    assert_eq!((eif.date, eif.order), (Some(date(2023, 4, 4)), 2));
    let fin = &r.stages[4].steps[0];
    assert_eq!((fin.date, fin.order), (Some(date(2023, 4, 4)), 3));
    // The scenario's memberships agree: a member from 2023-04-04, not on 2023-04-03.
    let nato = s.institution("nato").unwrap();
    assert!(nato.members_on(date(2023, 4, 4)).contains(&"FIN"));
    assert!(!nato.members_on(date(2023, 4, 3)).contains(&"FIN"));
}

#[test]
fn atop_date_is_known_only_for_an_accession_that_completes() {
    let s = europe();
    // On 2023-01-01 Finland was not yet a member, but the recorded accession completes later, so
    // ATOP-style dating puts its entry at the signature, 2022-07-05 (US Mission to NATO).
    let r = at(&s, "FIN", date(2023, 1, 1));
    assert_eq!(r.effective, None);
    assert_eq!(r.effective_signature, Some(date(2022, 7, 5)));
    // Before the signature there is nothing to date.
    let r = at(&s, "FIN", date(2022, 7, 4));
    assert_eq!(r.effective_signature, None);
}

#[test]
fn sweden_held_up_by_turkey_and_hungary_on_1_january_2024() {
    let s = europe();
    // On 2024-01-01 only Türkiye (parliament 2024-01-23, TASS) and Hungary (parliament
    // 2024-02-26, Reuters) had not ratified Sweden's protocol.
    let r = at(&s, "SWE", date(2024, 1, 1));
    assert_eq!(r.stage, "ratification");
    assert_eq!(r.holding_up, ["HUN", "TUR"]);
    assert_eq!(r.effective, None);
    // Finland, a member since 2023-04-04, was not a party to the protocol signed on 2022-07-05.
    let rat = r.stages.iter().find(|s| s.id == "ratification").unwrap();
    assert_eq!(rat.members.len(), 30);
    assert!(rat.members.iter().all(|m| m.id != "FIN"));
}

#[test]
fn sweden_held_up_by_hungary_alone_from_25_january_2024() {
    let s = europe();
    // Türkiye's parliament voted on 2024-01-23 (TASS); the President's approval was published
    // on 2024-01-25 (AFP via A News; TASS).
    let r = at(&s, "SWE", date(2024, 1, 24));
    assert_eq!(r.holding_up, ["HUN", "TUR"]);
    let r = at(&s, "SWE", date(2024, 1, 25));
    assert_eq!(r.holding_up, ["HUN"]);
    // Hungary's parliament on 2024-02-26, President Sulyok's signature on 2024-03-05 (Reuters).
    let r = at(&s, "SWE", date(2024, 3, 4));
    assert_eq!(r.holding_up, ["HUN"]);
    // Every national procedure is then complete; the protocol waits on Hungary's deposit of
    // 2024-03-07 (MTI via Budapest Times).
    let r = at(&s, "SWE", date(2024, 3, 5));
    assert_eq!(r.stage, "protocol_in_force");
    assert_eq!(r.holding_up, ["HUN"]);
}

#[test]
fn sweden_effective_7_march_2024() {
    let s = europe();
    // Hungary's instrument reached the State Department at 2 pm on 2024-03-07 (MTI via Budapest
    // Times); Sweden deposited later that day and became the 32nd member (NATO PA tracker).
    let r = at(&s, "SWE", date(2024, 3, 6));
    assert_eq!(r.effective, None);
    let r = at(&s, "SWE", date(2024, 3, 7));
    assert!(r.complete);
    assert_eq!(r.effective, Some(date(2024, 3, 7)));
    assert_eq!(r.effective_signature, Some(date(2022, 7, 5)));
    let nato = s.institution("nato").unwrap();
    assert_eq!(nato.members_on(date(2024, 3, 7)).len(), 32);
}

#[test]
fn replay_of_a_decision_without_stages_is_refused_with_a_hint() {
    let s = europe();
    let e = replay(
        &s,
        &ReplayQuery {
            institution: "nato".into(),
            decision: "consensus".into(),
            subject: "UKR".into(),
            date: date(2025, 1, 1),
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("not by stages"), "{e}");
}

#[test]
fn ukraine_has_no_recorded_accession_steps() {
    let s = europe();
    // No event of the bundled timelines concerns a Ukrainian accession: the procedure waits for
    // an invitation and nobody is recorded as objecting.
    let r = at(&s, "UKR", date(2025, 6, 30));
    assert_eq!(r.stage, "invitation");
    assert!(r.holding_up.is_empty());
    assert_eq!(r.effective, None);
    assert_eq!(r.effective_signature, None);
}

#[test]
fn both_replays_day_by_day_as_in_the_documentation_table() {
    // The table of docs/decisions.md. Sources: NATO PA tracker (application 2022-05-18,
    // invitation 2022-06-29, parliamentary procedures, 31st member 2023-04-04, 32nd member
    // 2024-03-07); US Mission to NATO (signature 2022-07-05); TASR (Slovakia 2022-09-27);
    // Helsingin Sanomat (Hungary's President for Finland 2023-03-28; Türkiye's President
    // 2023-03-31); AFP and TASS (Türkiye's President for Sweden 2024-01-25); Reuters (Hungary's
    // President for Sweden 2024-03-05).
    let s = europe();
    let held = |r: &Replay| -> String {
        if r.complete {
            "effective".to_string()
        } else if r.stage != "ratification" && r.stage != "candidate_accession" {
            if r.holding_up.is_empty() {
                r.stage.clone()
            } else {
                format!("{}: {}", r.stage, r.holding_up.join(", "))
            }
        } else if r.holding_up.len() > 5 {
            format!("{} holding up", r.holding_up.len())
        } else {
            r.holding_up.join(", ")
        }
    };
    let table = [
        ("2022-06-28", "invitation", "invitation"),
        ("2022-07-05", "26 holding up", "26 holding up"),
        ("2022-09-27", "HUN, TUR", "HUN, TUR"),
        ("2023-03-28", "TUR", "HUN, TUR"),
        ("2023-03-31", "protocol_in_force: TUR", "HUN, TUR"),
        ("2023-04-04", "effective", "HUN, TUR"),
        ("2024-01-01", "effective", "HUN, TUR"),
        ("2024-01-25", "effective", "HUN"),
        ("2024-03-05", "effective", "protocol_in_force: HUN"),
        ("2024-03-07", "effective", "effective"),
    ];
    for (d, fin, swe) in table {
        let d: Date = d.parse().unwrap();
        assert_eq!(held(&at(&s, "FIN", d)), fin, "Finland on {d}");
        assert_eq!(held(&at(&s, "SWE", d)), swe, "Sweden on {d}");
    }
}

#[test]
fn turkey_held_up_the_invitation_from_18_may_to_28_june_2022() {
    // Türkiye blocked the North Atlantic Council's decision to start the process on the day of
    // the applications, 2022-05-18 (dpa; Financial Times), and lifted its objection with the
    // trilateral memorandum of 2022-06-28 (Atlantic Council tracker); the invitation followed
    // at Madrid on 2022-06-29 (NATO PA tracker).
    let s = europe();
    for subject in ["FIN", "SWE"] {
        let r = at(&s, subject, date(2022, 5, 17));
        assert!(r.holding_up.is_empty());
        let r = at(&s, subject, date(2022, 5, 18));
        assert_eq!(
            (r.stage.as_str(), r.holding_up.clone()),
            ("invitation", vec!["TUR".to_string()])
        );
        let r = at(&s, subject, date(2022, 6, 27));
        assert_eq!(r.holding_up, ["TUR"]);
        let r = at(&s, subject, date(2022, 6, 28));
        assert_eq!(r.stage, "invitation");
        assert!(r.holding_up.is_empty());
    }
}

const SPARSE: &str = r#"
[scenario]
name = "a sparsely recorded accession"
[actor.AAA]
[actor.BBB]
[actor.CCC]
[institution.club]
members = [{ id = "AAA", joined = 2000-01-01 }, { id = "BBB", joined = 2000-01-01 }, { id = "CCC", joined = 2030-06-01 }]
[institution.club.decision.accession]
stages = [
  { id = "invitation", kind = "vote", rule = "no == 0", event = "invitation" },
  { id = "ratification", kind = "each_member", steps = ["parliament", "deposit"] },
  { id = "candidate_accession", kind = "candidate", steps = ["deposit"] },
]
[timeline.t]
[[timeline.t.event]]
date = 2030-01-10
kind = "invitation"
actor = "club"
subject = "CCC"
institution = "club"
decision = "accession"
[[timeline.t.event]]
date = 2030-02-01
kind = "deposit"
actor = "AAA"
subject = "CCC"
institution = "club"
decision = "accession"
step = "deposit"
[[timeline.t.event]]
date = 2030-06-01
kind = "deposit"
actor = "CCC"
subject = "CCC"
institution = "club"
decision = "accession"
step = "deposit"
"#;

fn sparse() -> Scenario {
    let files = entente_scenario::load::InMemory {
        files: vec![("s/scenario.toml".to_string(), SPARSE.to_string())],
    };
    let loaded = entente_scenario::load_with(&["s/scenario.toml".into()], &files);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.scenario
}

fn club(s: &Scenario, d: Date) -> Replay {
    replay(
        s,
        &ReplayQuery {
            institution: "club".into(),
            decision: "accession".into(),
            subject: "CCC".into(),
            date: d,
        },
    )
    .unwrap()
}

#[test]
fn a_recorded_step_implies_the_earlier_ones_without_a_date() {
    // Hand-made: AAA's deposit is recorded, its parliament vote is not.
    let s = sparse();
    let r = club(&s, date(2030, 3, 1));
    let rat = &r.stages[1];
    let aaa = rat.members.iter().find(|m| m.id == "AAA").unwrap();
    assert_eq!(aaa.done[0].step, "parliament");
    assert!(aaa.done[0].implied);
    assert_eq!(aaa.done[0].date, None, "never an invented date");
    assert_eq!(aaa.complete, Some(date(2030, 2, 1)));
    // BBB has nothing recorded: it holds the procedure up.
    assert_eq!(r.holding_up, ["BBB"]);
    assert!(r.notes.iter().any(|n| n.contains("AAA")));
}

#[test]
fn a_recorded_later_stage_implies_the_earlier_one() {
    // The candidate's deposit presupposes every member's ratification: the stage is done,
    // implied, without a date, and the accession is effective on the deposit.
    let s = sparse();
    let r = club(&s, date(2030, 6, 1));
    assert!(r.complete);
    assert_eq!(r.effective, Some(date(2030, 6, 1)));
    assert!(r.stages[1].implied);
    assert_eq!(r.stages[1].completed, None);
    assert!(r.holding_up.is_empty());
    // No signature act in this procedure: no ATOP-style date.
    assert_eq!(r.effective_signature, None);
}

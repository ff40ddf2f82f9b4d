//! `entente decide` from the command line, on the bundled Europe scenario: the accession replay
//! the issue asks for, a consensus blocked by one ally (M1), `outside competence` (M1), a
//! suspended member not counted (M27), and usage errors.

mod common;

use common::{entente, json};

#[test]
fn sweden_on_new_year_2024_is_held_up_by_hungary_and_turkey() {
    // Türkiye ratified on 2024-01-23/25 (TASS; AFP), Hungary on 2024-02-26/03-05 (Reuters):
    // both were outstanding on 2024-01-01.
    let v = json(&[
        "decide",
        "--institution",
        "nato",
        "--decision",
        "accession",
        "--subject",
        "SWE",
        "--as-of",
        "2024-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(v["stage"], "ratification");
    assert_eq!(v["holding_up"], serde_json::json!(["HUN", "TUR"]));
    assert!(v["effective"].is_null());
    // ATOP-style date: the protocol's signature on 2022-07-05 (US Mission to NATO).
    assert_eq!(v["effective_signature"], "2022-07-05");
}

#[test]
fn sweden_effective_on_7_march_2024_and_finland_on_4_april_2023() {
    // NATO PA tracker: Finland the 31st member as of 4 April 2023, Sweden the 32nd as of
    // 7 March 2024.
    let v = json(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "accession",
        "--subject",
        "SWE",
        "--as-of",
        "2024-03-07",
        "--format",
        "json",
    ]);
    assert_eq!(v["effective"], "2024-03-07");
    assert_eq!(v["holding_up"], serde_json::json!([]));
    let v = json(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "accession",
        "--subject",
        "FIN",
        "--as-of",
        "2023-04-03",
        "--format",
        "json",
    ]);
    assert!(v["effective"].is_null());
    let v = json(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "accession",
        "--subject",
        "FIN",
        "--as-of",
        "2023-04-04",
        "--format",
        "json",
    ]);
    assert_eq!(v["effective"], "2023-04-04");
}

#[test]
fn one_objecting_ally_blocks_a_nato_consensus() {
    // M1: consensus, one objection blocks (NATO, consensus decision-making).
    let v = json(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "consensus",
        "--no",
        "HUN",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(v["verdict"], "fail");
    assert_eq!(v["veto_players"], serde_json::json!(["HUN"]));
    assert!(v["votes_needed"].is_null());
    assert!(v["swing"].as_array().unwrap().is_empty());
    assert!(v["clauses"].is_array());
}

#[test]
fn a_non_aggression_pact_is_outside_nato_competence() {
    let (code, out, _) = entente(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "consensus",
        "--matter",
        "non-aggression pact with Russia",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("verdict: outside competence"), "{out}");
    // It cites what the treaty does give, e.g. Art. 5 (collective defence).
    assert!(
        out.contains("North Atlantic Treaty, Washington 1949, Art. 5"),
        "{out}"
    );
    let v = json(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "consensus",
        "--competence",
        "non_aggression_pact",
        "--format",
        "json",
    ]);
    assert_eq!(v["verdict"], "outside_competence");
}

#[test]
fn a_suspended_members_objection_is_not_counted() {
    // M27: Armenia's CSTO participation frozen since 2024-02-22 (csto.toml).
    let v = json(&[
        "decide",
        "-i",
        "csto",
        "-d",
        "consensus",
        "--no",
        "ARM",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(v["verdict"], "undecided");
    let arm = v["non_voting"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "ARM")
        .unwrap()
        .clone();
    assert_eq!(arm["status"], "suspended");
    assert_eq!(arm["position"], "no");
}

#[test]
fn usage_errors_exit_with_2_and_name_the_problem() {
    let (code, _, err) = entente(&["decide", "-i", "natto", "-d", "consensus"]);
    assert_eq!(code, 2);
    assert!(err.contains("no institution `natto`"), "{err}");
    let (code, _, err) = entente(&["decide", "-i", "nato", "-d", "consensus", "--yes", "ZZZ"]);
    assert_eq!(code, 2);
    assert!(err.contains("ZZZ"), "{err}");
}

#[test]
fn help_has_examples() {
    let (code, out, _) = entente(&["decide", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Examples:"));
    assert!(out.contains("--subject SWE --as-of 2024-01-01"));
}

#[test]
fn csv_lists_every_members_recorded_steps_with_sources() {
    // Hungary's parliament approved Sweden's protocol on 2024-02-26 (Reuters).
    let (code, out, err) = entente(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "accession",
        "--subject",
        "SWE",
        "--as-of",
        "2024-03-07",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("subject,as_of,stage,actor,step,date,order,implied,source"));
    assert!(
        out.contains("SWE,2024-03-07,ratification,HUN,parliament,2024-02-26,"),
        "{out}"
    );
    assert!(out.contains("SWE,2024-03-07,candidate_accession,SWE,deposit,2024-03-07,3,"));
}

#[test]
fn the_report_has_a_decisions_section_with_both_accessions() {
    // Finland effective 2023-04-04, Sweden 2024-03-07 (NATO PA tracker); the Security Council's
    // five permanent members can each block a substantive decision (UN Charter Art. 27(3)).
    let (code, out, err) = entente(&["report", "--no-html"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Who can block what"), "{out}");
    assert!(out.contains("unsc.substantive"), "{out}");
    assert!(out.contains("CHN FRA GBR RUS USA"), "{out}");
    assert!(out.contains("nato accession of FIN"), "{out}");
    assert!(out.contains("effective 2023-04-04"), "{out}");
    assert!(out.contains("effective 2024-03-07"), "{out}");
    // The bodies come from the scenario's [report] section (scenarios/europe/report.toml).
    assert!(
        out.contains("Power in the Council of the European Union under Qualified majority"),
        "{out}"
    );
}

#[test]
fn vote_decides_the_invitation_stage_of_an_accession() {
    // North Atlantic Treaty Art. 10: an invitation needs the unanimous agreement of the parties;
    // 32 allies on 2025-06-30 (memberships.csv).
    let v = json(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "accession",
        "--subject",
        "UKR",
        "--vote",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(v["verdict"], "undecided");
    assert_eq!(v["veto_players"].as_array().unwrap().len(), 32);
    assert_eq!(v["rule"], "no == 0");
    let v = json(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "accession",
        "--subject",
        "UKR",
        "--no",
        "HUN",
        "--format",
        "json",
    ]);
    assert_eq!(v["verdict"], "fail");
}

#[test]
fn an_agreement_is_judged_by_its_kind_in_the_world_that_brings_it_into_force() {
    // The `nrnap` architecture brings the NATO-Russia non-aggression pact into force; NATO is a
    // party, yet no article of the North Atlantic Treaty (Washington, 1949) gives the
    // Organization a non-aggression competence: outside competence, citing Arts. 4, 5, 10, 13.
    let v = json(&[
        "--architecture",
        "nrnap",
        "decide",
        "-i",
        "nato",
        "-d",
        "consensus",
        "--agreement",
        "nato_russia_pact",
        "--format",
        "json",
    ]);
    assert_eq!(v["verdict"], "outside_competence", "{v}");
    assert_eq!(v["agreement"]["kind"], "non_aggression");
    assert_eq!(v["agreement"]["status"], "in_force");
    assert_eq!(v["agreement"]["institution_is_party"], true);
    let cited: Vec<&str> = v["clauses"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["source"].as_str())
        .collect();
    assert!(
        cited.contains(&"North Atlantic Treaty, Washington 1949, Art. 5"),
        "{cited:?}"
    );
    let (code, out, _) = entente(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "consensus",
        "--agreement",
        "nato_russia_pact",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("agreement: nato_russia_pact"), "{out}");
    assert!(out.contains("verdict: outside competence"), "{out}");
    // An agreement and a matter together are refused.
    let (code, _, _) = entente(&[
        "decide",
        "-i",
        "nato",
        "-d",
        "consensus",
        "--agreement",
        "nato_russia_pact",
        "--matter",
        "x",
    ]);
    assert_eq!(code, 2);
}

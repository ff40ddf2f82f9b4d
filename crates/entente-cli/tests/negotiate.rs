//! `entente negotiate` from the command line: GENIUS files (the standard domains read in place
//! from `../shared/data/negotiation-domains`), the bundled scenario's settlement, the JSON field
//! names scripts rely on, exit codes, and reproducible negotiations.

mod common;

use common::entente;

use serde_json::Value;

const DOMAINS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/negotiation-domains"
);

fn party2(extra: &[&str]) -> (i32, String, String) {
    let d = format!("{DOMAINS}/Party2/party_domain.xml");
    let p1 = format!("{DOMAINS}/Party2/party1_utility.xml");
    let p2 = format!("{DOMAINS}/Party2/party2_utility.xml");
    let mut args = vec!["negotiate", "--genius", &d, &p1, &p2];
    args.extend_from_slice(extra);
    entente(&args)
}

#[test]
fn genius_party_domain_as_json() {
    if entente_testdata::skip_without_shared("genius_party_domain_as_json") {
        return;
    }
    let (code, out, err) = party2(&["--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    // Expected values: NegMAS 0.16.0 on the same files with GENIUS's per-issue normalisation
    // (bench/negotiate/reference.py): 3072 outcomes, 11 frontier points, Nash (0.785, 0.92857).
    assert_eq!(v["outcomes"], 3072);
    assert_eq!(v["acceptable"], 3072);
    let pareto = v["pareto"].as_array().unwrap();
    assert_eq!(pareto.len(), 11);
    assert_eq!(pareto[0]["utilities"].as_array().unwrap().len(), 2);
    assert!(pareto[0]["outcome"]["Food"].is_string());
    let nash = v["nash"]["utilities"].as_array().unwrap();
    assert!((nash[0].as_f64().unwrap() - 0.785).abs() < 1e-9);
    assert!((nash[1].as_f64().unwrap() - 0.928_565_472_394_850_9).abs() < 1e-9);
    for key in ["kalai_smorodinsky", "egalitarian", "utilitarian"] {
        assert!(v[key]["utilities"].is_array(), "{key}");
        assert!(v[key]["outcome"].is_object(), "{key}");
    }
    // GENIUS's rule: the reservation values (0 in these profiles).
    assert_eq!(v["disagreement"], serde_json::json!([0.0, 0.0]));
}

#[test]
fn disagreement_point_is_selectable() {
    if entente_testdata::skip_without_shared("disagreement_point_is_selectable") {
        return;
    }
    let (code, out, _) = party2(&["--format", "json", "--disagreement", "zero"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["disagreement_rule"], "zero");
}

#[test]
fn malformed_car_profile_reads_with_a_located_warning() {
    if entente_testdata::skip_without_shared("malformed_car_profile_reads_with_a_located_warning") {
        return;
    }
    let d = format!("{DOMAINS}/Car2011/adg.xml");
    let p1 = format!("{DOMAINS}/Car2011/adg_deal.xml");
    let p2 = format!("{DOMAINS}/Car2011/adg_deal2.xml");
    let (code, out, err) = entente(&["negotiate", "--genius", &d, &p1, &p2, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("adg_deal.xml:46:58: warning: not well-formed XML"),
        "{err}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["outcomes"], 15625);
}

#[test]
fn a_broken_file_is_a_located_problem() {
    if entente_testdata::skip_without_shared("a_broken_file_is_a_located_problem") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("entente-negotiate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.xml");
    std::fs::write(&bad, "<utility_space>\n<objective>\n<issue name=\"a\" type=\"discrete\">\n<item value=\"x\"></issue>\n").unwrap();
    let p1 = format!("{DOMAINS}/Party2/party1_utility.xml");
    let (code, _, err) = entente(&["negotiate", "--genius", bad.to_str().unwrap(), &p1, &p1]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("bad.xml:"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bundled_settlement_explains_why_no_deal() {
    let (code, out, err) = entente(&["negotiate", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["acceptable"], 0);
    let collision = v["no_deal"]["collision"].as_array().unwrap();
    let ids: Vec<(&str, &str)> = collision
        .iter()
        .map(|c| (c["party"].as_str().unwrap(), c["id"].as_str().unwrap()))
        .collect();
    // "No written pledge, no peace" against "the open door is non-negotiable" (M17).
    assert!(ids.contains(&("RUS", "written-pledge")), "{ids:?}");
    assert!(ids.iter().any(|(_, id)| *id == "open-door"), "{ids:?}");
    assert!(collision.iter().all(|c| c["source"].is_string()));
    assert!(
        v["explanation"]
            .as_str()
            .unwrap()
            .contains("Smallest concessions")
    );
}

#[test]
fn negotiation_is_reproducible_from_its_seed() {
    if entente_testdata::skip_without_shared("negotiation_is_reproducible_from_its_seed") {
        return;
    }
    let args = [
        "--format",
        "json",
        "--simulate",
        "--agents",
        "boulware,conceder",
        "--rounds",
        "50",
        "--seed",
        "7",
    ];
    let (c1, a, _) = party2(&args);
    let (c2, b, _) = party2(&args);
    assert_eq!((c1, c2), (0, 0));
    assert_eq!(a, b);
    let v: Value = serde_json::from_str(&a).unwrap();
    let sim = &v["simulation"];
    assert!(sim["agreement"].is_object(), "{sim}");
    assert!(sim["distance_to_frontier"].as_f64().unwrap() >= 0.0);
}

#[test]
fn help_has_examples() {
    let (code, out, _) = entente(&["negotiate", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Examples:"));
    assert!(out.contains("--genius"));
}

#[test]
fn a_deadline_beyond_the_cap_is_refused_before_anything_runs() {
    let (code, _, err) = entente(&["negotiate", "--simulate", "--rounds", "100000000"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("at most"), "{err}");
}

#[test]
fn the_bundled_settlement_names_the_concessions_in_the_table() {
    let (code, out, err) = entente(&["negotiate"]);
    assert_eq!(code, 0, "{err}");
    // The colliding red line of the JSON test above, now in the human answer.
    assert!(out.contains("written-pledge"), "{out}");
    assert!(out.contains("Smallest concessions"), "{out}");
}

#[test]
fn a_defection_is_the_same_space_analysed_without_the_defector() {
    // M13: in the bundled settlement no package is acceptable to all five parties; without
    // Russia its red lines (a written pledge; no Western troops in Ukraine) leave with it.
    let (code, out, err) = entente(&["negotiate", "--without", "RUS", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let d = &v["defection"];
    assert_eq!(d["without"], serde_json::json!(["RUS"]));
    assert_eq!(
        d["remaining"],
        serde_json::json!(["UKR", "USA", "EUU", "GBR"])
    );
    assert_eq!(d["acceptable_with"], v["acceptable"]);
    assert_eq!(d["acceptable_with"], 0);
    assert!(d["acceptable_without"].as_u64().unwrap() > 0);
    assert_eq!(d["acceptable_without"], d["analysis"]["acceptable"]);
    // Without Russia, Ukraine's NATO membership is on the table at the Nash solution.
    assert_eq!(d["analysis"]["nash"]["outcome"]["alliance"], "member");
    let nash = &d["solutions"][0];
    assert_eq!(nash["solution"], "nash");
    assert!(nash["with"].is_null() && !nash["survives"].as_bool().unwrap());
    // A party that is not in the space is a usage error naming the parties.
    let (code, _, err) = entente(&["negotiate", "--without", "XXX"]);
    assert_eq!(code, 2);
    assert!(err.contains("UKR"), "{err}");
}

#[test]
fn the_united_states_mediating_shows_that_no_text_can_succeed() {
    // M30: in the bundled settlement the US drafts its best package that leaves every party at
    // or above its no-deal value; Russia rejects it on its red line (a written pledge), no
    // revision answers that without costing another party, and no package is acceptable to
    // all: the single text cannot succeed, and alternating offers on the same space fail too.
    let (code, out, err) = entente(&["negotiate", "--mediator", "USA", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let m = &v["mediation"];
    assert_eq!(m["mediator"], "USA");
    assert_eq!(m["agreed"], false);
    assert_eq!(m["acceptable"], 0);
    let last = m["drafts"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["rejecting"], serde_json::json!(["RUS"]));
    assert!(
        m["conclusion"]
            .as_str()
            .unwrap()
            .contains("no text can succeed")
    );
    assert!(m["alternating_offers"]["agreement"].is_null());
    let (code, _, err) = entente(&["negotiate", "--mediator", "XXX"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a party"), "{err}");
}

#[test]
fn the_arms_control_track_with_and_without_its_linkage_to_ukraine() {
    // M30, linked negotiations: the bundled New START successor track. As written, 39 of its 81
    // packages are acceptable to both parties; the Ukraine settlement reaches no agreement (no
    // Nash package), so Russia's linkage applies (no inspections while at war) and none is.
    // tests/linked.rs in entente-api checks these counts by brute force.
    let (code, out, err) = entente(&[
        "negotiate",
        "--settlement",
        "us_russia_arms",
        "--linked",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["outcomes"].as_u64(), v["acceptable"].as_u64()),
        (Some(81), Some(39))
    );
    assert_eq!(v["linked_to"], serde_json::json!(["ukraine"]));
    let l = &v["linked"];
    assert_eq!(l["acceptable_unlinked"], 39);
    assert_eq!(l["acceptable_linked"], 0);
    assert_eq!(l["analysis"]["acceptable"], 0);
    let first = &l["linkages"][0];
    assert_eq!(first["settlement"], "ukraine");
    assert_eq!(first["outcome_rule"], "nash");
    assert_eq!(first["agreement"], false);
    assert!(first["package"].is_null());
    assert_eq!(first["applies"], true);
    assert_eq!(l["solutions"][0]["solution"], "nash");
    assert_eq!(l["solutions"][0]["unlinked"], 43);
    assert!(l["solutions"][0]["linked"].is_null());

    // The same in words, and a note when the linkage is not applied.
    let (code, out, err) = entente(&["negotiate", "--settlement", "us_russia_arms", "--linked"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("outcome of ukraine (nash): no agreement"),
        "{out}"
    );
    assert!(
        out.contains("acceptable to all: 39 without the linkages, 0 with them"),
        "{out}"
    );
    assert!(out.contains("RUS relaxes `no-inspections`"), "{out}");
    let (_, out, _) = entente(&["negotiate", "--settlement", "us_russia_arms"]);
    assert!(out.contains("Linked to: ukraine"), "{out}");
    assert!(!out.contains("Linked negotiations"), "{out}");

    // Assuming the Ukraine settlement agrees instead, the other linkage applies: 44.
    let (code, out, err) = entente(&[
        "negotiate",
        "--settlement",
        "us_russia_arms",
        "--linked-outcome",
        "ukraine:nash_after_concession",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["linked"]["acceptable_linked"], 44);
    assert_eq!(v["linked"]["linkages"][1]["applies"], true);

    // Both tracks mediated by the United States.
    let (code, out, err) = entente(&[
        "negotiate",
        "--settlement",
        "us_russia_arms",
        "--linked",
        "--mediator",
        "USA",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ukraine mediated by USA"), "{out}");
    assert!(out.contains("no text can succeed"), "{out}");

    // The default settlement stays the Ukraine one, with nothing linked.
    let (_, out, _) = entente(&["negotiate", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["outcomes"], 34_992);
    assert!(v.get("linked_to").is_none() && v.get("linked").is_none());
    // A settlement without linkages, or a bad assumed outcome, is a usage error.
    let (code, _, err) = entente(&["negotiate", "--linked"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no linkage") && err.contains("us_russia_arms"),
        "{err}"
    );
    let (code, _, err) = entente(&[
        "negotiate",
        "--settlement",
        "us_russia_arms",
        "--linked-outcome",
        "ukrane:nash",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `ukraine`"), "{err}");
}

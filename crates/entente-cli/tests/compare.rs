//! `entente compare`: worlds side by side. Expected values: NATO has 32 members since Sweden's
//! accession on 2024-03-07 (NATO, 7 March 2024), 33 with Ukraine in the `ukraine_in_nato`
//! world; Art. 5 (North Atlantic Treaty) binds the 31 other allies when one is attacked, so an
//! attack on Ukraine sets off collective defence only in the world where Ukraine is an ally.

mod common;

use common::{entente, json};

#[test]
fn compare_puts_worlds_side_by_side_with_the_promised_fields() {
    let v = json(&[
        "compare",
        "status_quo",
        "ukraine_in_nato",
        "--format",
        "json",
    ]);
    assert_eq!(
        v["architectures"],
        serde_json::json!(["status_quo", "ukraine_in_nato"])
    );
    let sq = &v["by_architecture"]["status_quo"];
    let un = &v["by_architecture"]["ukraine_in_nato"];
    assert_eq!(sq["members"]["nato"].as_array().unwrap().len(), 32);
    assert_eq!(un["members"]["nato"].as_array().unwrap().len(), 33);
    // Ukraine leaves the grey zone only where it is an ally.
    let grey = |w: &serde_json::Value| {
        w["grey_zone"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "UKR")
    };
    assert!(grey(sq));
    assert!(!grey(un));
    assert!(sq["coverage"].is_object());
    assert!(sq["red_lines"].is_array());
    let attack_on_ukraine = |w: &serde_json::Value| {
        w["who_must_act"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["target"] == "UKR")
            .unwrap()["collective_defence"]
            .as_bool()
            .unwrap()
    };
    assert!(!attack_on_ukraine(sq));
    assert!(attack_on_ukraine(un));
}

/// Regression: the proposed inclusive body was charted as existing, with 56 members, in the
/// scenario as it is. It exists only in the architecture that establishes it.
#[test]
fn proposed_institution_exists_only_where_established() {
    let v = json(&[
        "compare",
        "status_quo",
        "inclusive_body",
        "--format",
        "json",
    ]);
    let esc = "european_security_organisation";
    assert!(v["by_architecture"]["status_quo"]["members"][esc].is_null());
    // 57 OSCE participating States less Turkmenistan, which opts out (proposals.toml).
    assert_eq!(
        v["by_architecture"]["inclusive_body"]["members"][esc]
            .as_array()
            .unwrap()
            .len(),
        56
    );
}

#[test]
fn compare_csv_gives_tidy_rows() {
    let (code, out, err) = entente(&["compare", "status_quo", "pledge", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("architecture,question,subject,value"));
    assert!(out.lines().any(|l| l.starts_with("pledge,grey_zone,UKR,")));
    assert!(out.lines().all(|l| l.split(',').count() >= 4));
}

#[test]
fn an_unknown_architecture_is_a_usage_error_with_a_suggestion() {
    let (code, _, err) = entente(&["compare", "pledg"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `pledge`"), "{err}");
}

/// `--architecture` works on every question: an attack on Ukraine sets off Art. 5 (the 32 other
/// allies) only in the world where Ukraine is an ally.
#[test]
fn architecture_flag_asks_any_question_of_that_world() {
    let count = |arch: &str| {
        let v = json(&[
            "obligations",
            "--event",
            "RUS attacks UKR",
            "--architecture",
            arch,
            "--format",
            "json",
        ]);
        v.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["agreement"] == "north_atlantic_treaty" && d["kind"] == "defence")
            .count()
    };
    assert_eq!(count("status_quo"), 0);
    assert_eq!(count("ukraine_in_nato"), 32);
    let v = json(&[
        "show",
        "--architecture",
        "inclusive_body",
        "--format",
        "json",
    ]);
    let esc = v["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "european_security_organisation")
        .unwrap()
        .clone();
    assert_eq!(esc["status"], "existing");
}

/// M35: the OSCE merged into the inclusive body (`osce_merged`). The table of blockers shows
/// the OSCE's consensus, which each of its 57 participating States can block alone
/// (data/memberships.csv; Final Recommendations of the Helsinki Consultations, 1973, para. 69),
/// giving way to the merged body, whose norm-setting keeps consensus (57 can block it) and whose
/// conflict prevention by consensus minus one no one can block alone.
#[test]
fn compare_shows_who_can_block_alone_before_and_after_a_merge() {
    let (code, out, err) = entente(&["compare", "status_quo", "osce_merged"]);
    assert_eq!(code, 0, "{err}");
    let row = |name: &str| {
        out.lines()
            .find(|l| l.contains(&format!(" {name} ")))
            .unwrap_or_else(|| panic!("no row {name}:\n{out}"))
            .split('┆')
            .map(|c| {
                c.trim_matches(|c: char| c == '│' || c.is_whitespace())
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(row("osce.consensus")[1..], ["57", "0"]);
    assert_eq!(
        row("european_security_organisation.consensus")[1..],
        ["—", "57"]
    );
    assert_eq!(
        row("european_security_organisation.conflict_prevention")[1..],
        ["—", "0"]
    );
}

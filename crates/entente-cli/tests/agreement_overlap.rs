//! `entente agreement` and `entente overlap` from the command line: the shared flags (scenario,
//! format, date, architecture), the exit codes of a bad id, and the values the API answers
//! (sources beside each).

mod common;

use common::{entente, json};

/// Both commands take `-s`, `--format table|json|csv`, `--as-of` and the global `--architecture`.
#[test]
fn agreement_and_overlap_take_the_shared_flags() {
    for args in [
        &["agreement", "assurances_1990"][..],
        &["overlap", "nato", "eu"][..],
    ] {
        for format in ["table", "json", "csv"] {
            let mut full = args.to_vec();
            full.extend([
                "-s",
                "scenarios/europe",
                "--as-of",
                "2024-03-07",
                "--format",
                format,
            ]);
            let (code, out, err) = entente(&full);
            assert_eq!(code, 0, "{full:?}: {err}");
            assert!(!out.is_empty(), "{full:?}");
        }
        let mut arch = vec!["--architecture", "inclusive_body"];
        arch.extend(args);
        let (code, _, err) = entente(&arch);
        assert_eq!(code, 0, "{arch:?}: {err}");
    }
}

/// Luxembourg's agreement with Ukraine, signed at the NATO summit in Washington on 2024-07-10
/// and awaiting the approval of Luxembourg's parliament (data/ukraine_security_agreements.csv,
/// row 22): shown as signed, not binding, waiting for ratification.
#[test]
fn agreement_shows_what_a_signed_agreement_waits_for() {
    let v = json(&["agreement", "ukr_lux_2024", "--format", "json"]);
    assert_eq!(v["status"], "signed");
    assert_eq!(v["binding"], false);
    assert_eq!(v["dates"]["signed"], "2024-07-10");
    assert!(v["waits_for"].as_str().unwrap().starts_with("ratification"));
    let (code, out, _) = entente(&["agreement", "ukr_lux_2024"]);
    assert_eq!(code, 0);
    assert!(out.contains("waits for ratification"), "{out}");
}

/// A bad id is a usage error (exit 2) with a did-you-mean; an overlap of one body is refused.
#[test]
fn bad_ids_are_usage_errors() {
    let (code, _, err) = entente(&["agreement", "asurances_1990"]);
    assert_eq!(code, 2);
    assert!(err.contains("assurances_1990"), "{err}");
    let (code, _, err) = entente(&["overlap", "nato", "eu_counsil"]);
    assert_eq!(code, 2);
    assert!(err.contains("eu_council"), "{err}");
    let (code, _, err) = entente(&["overlap", "nato"]);
    assert_eq!(code, 2, "{err}");
}

/// NATO and the EU share 23 members on 2025-06-30 (NATO's 32 allies, the EU's 27; Austria,
/// Cyprus, Ireland and Malta are in the EU only).
#[test]
fn overlap_of_nato_and_the_eu() {
    let v = json(&[
        "overlap",
        "nato",
        "eu",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    ]);
    let p = &v["pairs"][0];
    assert_eq!(p["shared"].as_array().unwrap().len(), 23);
    assert_eq!(p["only_b"], serde_json::json!(["AUT", "CYP", "IRL", "MLT"]));
    let (_, out, _) = entente(&["overlap", "nato", "eu", "--format", "csv"]);
    assert!(
        out.lines().any(|l| l == "nato,eu,member,only_b,MLT"),
        "{out}"
    );
}

/// The report shows, beside coverage, the neutrality states wrote into their constitutions (Austria:
/// Federal Constitutional Law of 1955-10-26, Art. I) and the agreements signed but not in force
/// (Luxembourg's with Ukraine, signed 2024-07-10).
#[test]
fn the_report_shows_own_neutrality_and_pending_agreements() {
    let (code, out, err) = entente(&["report", "--no-html"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("AUT binds itself in its own law: neutrality (neutrality_aut Article I(1))"),
        "{out}"
    );
    assert!(
        out.contains("Pending, binds no one yet: ukr_lux_2024 waits for ratification"),
        "{out}"
    );
}

/// M35: the OSCE merged into the inclusive body (`osce_merged`, an architecture's `merge`).
/// Before, the OSCE decides every matter by consensus (Final Recommendations of the Helsinki
/// Consultations, 1973, para. 69; OSCE Rules of Procedure, MC.DOC/1/06, 2006), so each of its 57
/// participating States (data/memberships.csv) can block every decision alone. After, under the
/// rules the change states (analyst's assumptions), each still blocks norm-setting (consensus)
/// but no one blocks conflict prevention or enforcement (consensus minus one, CSCE Prague
/// Document 1992, para. 16) or peace operations (three quarters): all 57 lose their general veto.
#[test]
fn a_merge_shows_who_can_block_each_decision_before_and_after() {
    let v = json(&[
        "--architecture",
        "osce_merged",
        "overlap",
        "osce",
        "european_security_organisation",
        "--format",
        "json",
    ]);
    let m = &v["merges"][0];
    assert_eq!(m["into"], "european_security_organisation");
    assert_eq!(m["date"], "2026-01-01");
    // The inclusive body was only proposed before: the OSCE is the one body before.
    let before = m["before"].as_array().unwrap();
    assert_eq!(before.len(), 1);
    assert_eq!(before[0]["institution"], "osce");
    assert_eq!(before[0]["members"].as_array().unwrap().len(), 57);
    assert_eq!(before[0]["general_vetoes"].as_array().unwrap().len(), 57);
    let after = &m["after"];
    assert_eq!(after["members"].as_array().unwrap().len(), 57);
    let blockers = |id: &str| {
        after["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["decision"] == id)
            .unwrap()["veto_players"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(blockers("consensus"), 57);
    assert_eq!(blockers("conflict_prevention"), 0);
    assert_eq!(blockers("enforcement_action"), 0);
    assert_eq!(blockers("peace_operation"), 0);
    assert_eq!(m["veto_lost"].as_array().unwrap().len(), 57);
    assert!(m["veto_gained"].as_array().unwrap().is_empty());
    assert!(m["joined"].as_array().unwrap().is_empty());
    assert_eq!(m["competences"].as_array().unwrap().len(), 8);
    let (code, out, err) = entente(&[
        "--architecture",
        "osce_merged",
        "overlap",
        "osce",
        "european_security_organisation",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Merge of osce and european_security_organisation into european_security_organisation on 2026-01-01"),
        "{out}"
    );
}

/// M35, conflicting competences: sanctions are decided both by the EU Council, by unanimity
/// (TEU Art. 29 and 31(1); TFEU Art. 215), and by the UN Security Council, by nine votes with
/// no veto of a permanent member (UN Charter Art. 41 and 27(3)). The same matter under different
/// rules: the EU adopted restrictive measures over Crimea (Council Decision 2014/145/CFSP,
/// 2014-03-17) two days after Russia vetoed the Council draft S/2014/189 (2014-03-15).
#[test]
fn sanctions_are_a_conflicting_competence_of_the_eu_council_and_the_security_council() {
    let v = json(&[
        "overlap",
        "eu_council",
        "unsc",
        "--as-of",
        "2025-06-30",
        "--format",
        "json",
    ]);
    let p = &v["pairs"][0];
    assert_eq!(
        p["conflicting_competences"],
        serde_json::json!(["sanctions"])
    );
    let c = &p["shared_competences"][0];
    assert_eq!(c["id"], "sanctions");
    assert_eq!(c["rules_a"], serde_json::json!(["sanctions: no == 0"]));
    assert_eq!(
        c["rules_b"],
        serde_json::json!(["sanctions: yes >= 9 and veto(USA, GBR, FRA, RUS, CHN)"])
    );
    let (code, out, _) = entente(&["overlap", "eu_council", "unsc"]);
    assert_eq!(code, 0);
    assert!(out.contains("(conflicting rules)"), "{out}");
}

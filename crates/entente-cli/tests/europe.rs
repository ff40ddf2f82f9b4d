//! The bundled Europe scenario through the command line: it checks clean, and `entente show`
//! gives the membership counts the reference data record (M4), both from the folder on disk and
//! from the copy compiled into the binary.

mod common;

use common::entente;

/// Full members of each institution as of `date`, from `entente show --format json`
/// (`institutions[].id` and `.members`). `path` None means the bundled scenario.
fn members(path: Option<&str>, date: &str) -> Vec<(String, u64)> {
    let mut args = vec!["show"];
    args.extend(path);
    args.extend(["--as-of", date, "--format", "json"]);
    let (code, out, err) = entente(&args);
    assert_eq!(code, 0, "entente {args:?} failed: {err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("show prints JSON");
    v["institutions"]
        .as_array()
        .expect("institutions is a list")
        .iter()
        .map(|i| {
            (
                i["id"].as_str().expect("id").to_string(),
                i["members"].as_u64().expect("members is a count"),
            )
        })
        .collect()
}

fn count(path: Option<&str>, date: &str, institution: &str) -> u64 {
    let all = members(path, date);
    all.iter()
        .find(|(id, _)| id == institution)
        .unwrap_or_else(|| panic!("no institution `{institution}` in {all:?}"))
        .1
}

#[test]
fn europe_checks_clean() {
    let (code, out, err) = entente(&["check", "scenarios/europe"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.lines().last().unwrap_or("").starts_with("ok:"), "{out}");
    // Two warnings, both true of the scenario, in file order:
    // - M1: the proposed NATO-Russia pact names NATO itself as a party, and the North Atlantic
    //   Treaty gives the Organization no power to conclude a non-aggression pact (or any
    //   treaty) on behalf of its members: Arts. 1-14 create no such competence (Art. 4 gives
    //   consultation, Art. 5 the parties' own collective defence, Art. 10 accession by
    //   invitation), so a pact would bind the members one by one (scenarios/europe/nato.toml).
    // - a real gap in the data: the World Bank publishes no population for the Holy See, so the
    //   proposed body's peace-operation rule cannot be evaluated over it.
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("warning[")).collect();
    assert_eq!(warnings.len(), 2, "{out}");
    assert!(
        warnings[0]
            .starts_with("warning[outside-competence]: `nato` is a party to `nato_russia_pact`"),
        "{out}"
    );
    assert!(
        warnings[1].starts_with("warning[undecidable-rule]"),
        "{out}"
    );
}

#[test]
fn nato_membership_by_date() {
    // M4. Expected numbers: ../shared/data/memberships.csv (NATO rows, accession dates) and
    // facts.md section 4 (NATO membership by year).
    for path in [Some("scenarios/europe"), None] {
        // 12 founders: the Treaty entered into force on 1949-08-24.
        assert_eq!(count(path, "1949-08-24", "nato"), 12);
        // 16 in 1991: Spain (1982-05-30) was the 16th; German reunification added no member.
        assert_eq!(count(path, "1991-12-31", "nato"), 16);
        // 30 after North Macedonia (2020-03-27), the day before Finland joined.
        assert_eq!(count(path, "2023-04-03", "nato"), 30);
        // 31: Finland, 2023-04-04.
        assert_eq!(count(path, "2023-04-04", "nato"), 31);
        // 32: Sweden, 2024-03-07.
        assert_eq!(count(path, "2024-03-07", "nato"), 32);
    }
}

#[test]
fn eu_and_osce_membership_on_the_scenario_date() {
    // facts.md section 5: the EU has 27 members (the United Kingdom left on 2020-01-31, its
    // last day as a member); the OSCE has 57 participating States (Mongolia, the 57th, joined
    // 2012-11-21). Rows: ../shared/data/memberships.csv (EU and OSCE).
    for path in [Some("scenarios/europe"), None] {
        assert_eq!(count(path, "2025-06-30", "eu"), 27);
        assert_eq!(count(path, "2025-06-30", "eu_council"), 27);
        assert_eq!(count(path, "2025-06-30", "osce"), 57);
    }
    // The UK was still a member on its last day, 2020-01-31 (28), not on 2020-02-01 (27).
    assert_eq!(count(Some("scenarios/europe"), "2020-01-31", "eu"), 28);
    assert_eq!(count(Some("scenarios/europe"), "2020-02-01", "eu"), 27);
    // Mongolia joined the OSCE on 2012-11-21.
    assert_eq!(count(Some("scenarios/europe"), "2012-11-20", "osce"), 56);
}

#[test]
fn csto_counts_armenia_as_suspended() {
    // facts.md section 5: CSTO members RU, BY, KZ, KG, TJ, AM; Armenia froze its participation
    // in February 2024 without withdrawing, so it no longer counts as a voting member.
    assert_eq!(count(Some("scenarios/europe"), "2024-01-01", "csto"), 6);
    assert_eq!(count(Some("scenarios/europe"), "2025-06-30", "csto"), 5);
}

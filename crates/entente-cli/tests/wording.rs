//! Regression tests of wording and domain slips: every message speaks the scenario's language
//! (its ids, statuses and words), never the code's (Rust type and enum names), and says a thing
//! where it is news rather than at every step.

mod common;

use common::entente;

#[test]
fn a_conventional_attack_does_not_break_the_nuclear_assurance() {
    // Budapest Memorandum, 1994-12-05: para. 1 (borders) and 2 (no threat or use of force) are
    // broken by an armed attack; the negative security assurance (no use of nuclear weapons,
    // para. 5) is not broken by a conventional one.
    let (code, out, err) = entente(&["obligations", "--event", "RUS attacks UKR"]);
    assert_eq!(code, 0, "{err}");
    let broken: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("Broken by the event"))
        .collect();
    assert!(
        broken.iter().any(|l| l.contains("respect_borders")),
        "{out}"
    );
    assert!(
        !broken.iter().any(|l| l.contains("no_nuclear_use")),
        "{out}"
    );
}

#[test]
fn a_suspended_member_is_called_a_suspended_member() {
    // Armenia froze its participation in the CSTO in February 2024 (csto.toml): its vote is
    // recorded and does not count, and the sentence names its status in words.
    let (code, out, err) = entente(&["decide", "-i", "csto", "-d", "consensus", "--yes", "ARM"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("`ARM` is a suspended member of `csto`"),
        "{out}"
    );
    assert!(!out.contains("a (suspended)"), "{out}");
}

#[test]
fn breached_so_far_is_said_when_it_changes_not_at_every_step() {
    // The settlement walk: the Budapest Memorandum is breached from the start (2014), the
    // ceasefire from the violation of 2027-03-01; each is news once.
    let (code, out, err) = entente(&["replay", "settlement"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("breached so far"))
        .collect();
    assert_eq!(
        lines,
        [
            "  breached so far: budapest_memorandum",
            "  breached so far: budapest_memorandum, ceasefire_ukraine"
        ],
        "{out}"
    );
}

#[test]
fn a_bare_id_in_a_membership_list_is_explained_in_the_format_words() {
    let dir = std::env::temp_dir().join(format!("entente-wording-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.toml");
    std::fs::write(
        &file,
        "[scenario]\nname = \"t\"\n[actor.POL]\nname = \"Poland\"\n[institution.x]\nname = \"X\"\nmembers = [\"POL\"]\n",
    )
    .unwrap();
    let (code, out, err) = entente(&["check", file.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains("not a bare id"), "{all}");
    assert!(
        !all.contains("RawMember") && !all.contains("expected struct"),
        "{all}"
    );
}

#[test]
fn validate_table_speaks_the_query_words_not_rust_names() {
    if entente_testdata::skip_without_shared("validate_table_speaks_the_query_words_not_rust_names")
    {
        return;
    }
    let f = entente_testdata::data("forecast-cases/eum/deu3.csv");
    let (code, out, err) = entente(&[
        "validate",
        "deu3",
        f.to_str().unwrap(),
        "--protocol",
        "fixed",
        "--rounds",
        "0",
        "--capabilities",
        "council-power",
        "--variant",
        "scholz-replication",
        "--split",
        "even",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("variant scholz-replication")
            && out.contains("capabilities council-power")
            && out.contains("issues: even"),
        "{out}"
    );
    for rust in ["Paper", "ScholzReplication", "CouncilPower", "Mean", "Even"] {
        assert!(!out.contains(rust), "`{rust}` in {out}");
    }
    // 0 rounds: the answer says plainly that the bargaining model was not run.
    assert!(out.contains("note: ") && out.contains("0 rounds"), "{out}");
}

#[test]
fn nato_article_4_is_listed_once_for_a_hybrid_attack_on_estonia() {
    // North Atlantic Treaty, Art. 4: consultation when a party's security is threatened; the
    // scenario writes it as two obligations (any threat; a hybrid attack). One event, one clause:
    // one row.
    let (code, out, err) = entente(&[
        "obligations",
        "--event",
        "RUS attacks EST",
        "--kind",
        "hybrid_attack",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // One row per bearer; the obligations behind Art. 4 rows must be one.
    let mut art4: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["agreement"] == "north_atlantic_treaty" && d["clause"] == "art4")
        .filter_map(|d| d["obligation"].as_str())
        .collect();
    art4.sort_unstable();
    art4.dedup();
    assert_eq!(art4, ["art4_hybrid"]);
}

#[test]
fn replay_dates_a_change_on_its_own_day_not_the_next_event() {
    // The Netherlands-Ukraine security agreement is in force from 2024-03-01
    // (scenarios/europe/data/ukraine_security_agreements.csv); the Sweden accession timeline
    // has no event that day, so the change is reported on its own day, not under the next
    // event (Hungary's ratification of 2024-03-05).
    let (code, out, err) = entente(&["replay", "sweden_accession"]);
    assert_eq!(code, 0, "{err}");
    let block = out
        .split("\n\n")
        .find(|b| b.contains("ukr_nld_2024 is now in_force"))
        .expect("the change is reported");
    assert!(block.starts_with("#- 2024-03-01"), "{block}");
}

#[test]
fn unsc_term_ends_are_not_reported_inside_a_ceasefire_breach() {
    // Denmark, Greece, Pakistan, Panama and Somalia sit until 2026-12-31 (UN General Assembly
    // election of 2024-06-06); the settlement walk's ceasefire violation is on 2027-03-01.
    let (code, out, err) = entente(&["replay", "settlement"]);
    assert_eq!(code, 0, "{err}");
    let breach = out
        .split("\n\n")
        .find(|b| b.contains("ceasefire_violation"))
        .expect("the violation");
    assert!(!breach.contains("unsc"), "{breach}");
    let terms = out
        .split("\n\n")
        .find(|b| b.contains("DNK is no longer a full member of unsc"))
        .expect("the term end");
    assert!(terms.starts_with("#- 2027-01-01"), "{terms}");
}

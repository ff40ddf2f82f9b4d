//! M1 in `entente check`: an institution made a party to an agreement of a kind none of its
//! competences covers is a warning at the party, judged by kind exactly as `decide --agreement`
//! judges it (`Institution::competence_for_kind`). A body whose competences list no kinds of
//! agreement is not judged.

use std::path::PathBuf;

fn load(text: &str) -> entente_scenario::Loaded {
    let files = entente_scenario::load::InMemory {
        files: vec![("s/scenario.toml".into(), text.into())],
    };
    entente_scenario::load_with(&[PathBuf::from("s/scenario.toml")], &files)
}

const BASE: &str = r#"[scenario]
name = "competence"
as_of = 2024-01-01
[actor.AAA]
[actor.RUS]
[institution.alliance]
members = [{ id = "AAA" }]
[institution.alliance.competence.consultation]
description = "Consult together."
agreement_kinds = ["consultation"]
[institution.forum]
members = [{ id = "AAA" }]
[institution.forum.competence.talks]
description = "Talk."
[agreement.pact]
kind = "non_aggression"
parties = ["alliance", "RUS"]
[agreement.talks]
kind = "consultation"
parties = ["alliance", "RUS"]
[agreement.forum_pact]
kind = "non_aggression"
parties = ["forum", "RUS"]
"#;

#[test]
fn a_party_outside_its_competence_is_a_warning_at_the_party() {
    let l = load(BASE);
    assert!(!l.has_errors(), "{:?}", l.diagnostics);
    let w: Vec<_> = l
        .diagnostics
        .iter()
        .filter(|d| d.code == "outside-competence")
        .collect();
    // Only the pact of the alliance: its consultation arrangement is within its competence, and
    // the forum lists no kinds of agreement, so it is not judged.
    assert_eq!(w.len(), 1, "{:?}", l.diagnostics);
    assert_eq!((w[0].line, w[0].column), (17, 13));
    assert!(
        w[0].message.contains("`alliance` is a party to `pact`"),
        "{}",
        w[0].message
    );
    assert!(
        w[0].message.contains("consultation (consultation)"),
        "{}",
        w[0].message
    );
    assert!(
        w[0].hint
            .as_deref()
            .unwrap()
            .contains("members of alliance")
    );
}

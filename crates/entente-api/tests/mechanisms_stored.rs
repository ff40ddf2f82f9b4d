//! Mechanisms the bundled scenario stores, each answered by a question through the API and
//! pinned against a sourced value (one test per item: M22 assurances, M33 peace force, M34 legal
//! bases, M35 overlapping bodies, M18 neutrality, M10 the conditional offer, and the data on
//! deposits and pending agreements). The source of every expected value is named beside it.

use entente_api::{Session, agreement, coverage, decide, obligations, overlap, show};
use serde_json::json;

fn bundled() -> Session {
    Session::bundled().expect("the bundled scenario loads")
}

/// M22: `entente agreement assurances_1990` answers what was promised and in what form: spoken
/// on 1990-02-09 by Baker to Gorbachev, a verbal assurance, never codified, never binding.
/// Source: National Security Archive, Briefing Book 613 (2017-12-12), documents 05 and 06.
#[test]
fn item_3_m22_the_1990_assurances_are_verbal_and_never_codified() {
    let s = bundled();
    let a = agreement::answer(
        &s,
        &agreement::Query {
            id: "assurances_1990".into(),
            as_of: Some("2025-06-30".into()),
        },
    )
    .unwrap();
    assert_eq!(a.legal_form.unwrap().as_str(), "verbal_assurance");
    assert_eq!(a.status, "proposed");
    assert!(!a.binding);
    assert!(a.dates.is_empty(), "never signed, never in force");
    assert!(a.note.as_deref().unwrap().contains("1990-02-09"));
    assert!(a.note.as_deref().unwrap().contains("Never codified"));
    assert!(a.source.as_deref().unwrap().contains("Briefing Book 613"));
    assert_eq!(a.obligations[0].kind.as_str(), "no_enlargement");
    // An unknown id is a usage error with a did-you-mean.
    let e = agreement::answer(
        &s,
        &agreement::Query {
            id: "asurances_1990".into(),
            as_of: None,
        },
    )
    .unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(e.hint.as_deref().unwrap().contains("assurances_1990"));
}

/// M22: replaying an eastward accession (Finland's, effective 2023-04-04: NATO, "Finland joins
/// NATO as 31st Ally") surfaces the 1990 assurances borne by an ally (the United States, a member
/// since 1949), with their legal form: verbal, not binding.
#[test]
fn item_3_m22_replaying_an_eastward_accession_surfaces_the_1990_assurances() {
    let s = bundled();
    let a = decide::answer(
        &s,
        &decide::Query {
            institution: "nato".into(),
            decision: "accession".into(),
            subject: Some("FIN".into()),
            as_of: Some("2023-04-04".into()),
            ..decide::Query::default()
        },
    )
    .unwrap();
    let decide::Answer::Replay(r) = a else {
        panic!("a replay")
    };
    assert_eq!(
        r.effective.map(|d| d.to_string()).as_deref(),
        Some("2023-04-04")
    );
    let a = r
        .assurances
        .iter()
        .find(|x| x.agreement == "assurances_1990")
        .expect("the 1990 assurances are surfaced");
    assert_eq!(a.legal_form.unwrap().as_str(), "verbal_assurance");
    assert!(!a.binding);
    assert_eq!(a.bearers, ["USA"]);
    assert!(a.source.as_deref().unwrap().contains("1990-02-09"));
}

/// M33: the peace force's contingents are numbers per contributor: pooled 9,000 troops, Germany
/// and France one third each, a shortfall of 1,000 against the 10,000 required. The figures are
/// the analyst's illustrative assumptions (proposals.toml says so beside each); the test pins the
/// arithmetic over them (3,000 + 3,000 + 2,000 + 1,000 = 9,000; 10,000 - 9,000 = 1,000).
#[test]
fn item_5_m33_peace_force_pooled_capability_burden_shares_and_shortfall() {
    let s = bundled();
    let a = agreement::answer(
        &s,
        &agreement::Query {
            id: "peace_force".into(),
            as_of: None,
        },
    )
    .unwrap();
    let p = &a.contributions[0];
    assert_eq!(p.quantity, "troops");
    assert_eq!(p.total, 9000.0);
    assert_eq!(p.requirement, Some(10000.0));
    assert_eq!(p.shortfall, Some(1000.0));
    let share = |c: &str| p.shares.iter().find(|s| s.contributor == c).unwrap();
    assert_eq!(share("DEU").value, 3000.0);
    assert!((share("DEU").share.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert!((share("KAZ").share.unwrap() - 1.0 / 9.0).abs() < 1e-12);
    assert!(
        share("TUR")
            .source
            .as_deref()
            .unwrap()
            .contains("Analyst's assumption")
    );
    assert!(
        p.requirement_source
            .as_deref()
            .unwrap()
            .contains("Analyst's assumption")
    );
}

/// M34: legal bases are a vocabulary, shown for agreements as well as institutions. The North
/// Atlantic Treaty's Art. 5 invokes "the right of individual or collective self-defence
/// recognised by Article 51 of the Charter of the United Nations"; the proposed organisation and
/// its peace force rest on Chapter VIII, as the CSCE declared itself a regional arrangement in
/// the Helsinki Document 1992.
#[test]
fn item_6_m34_legal_bases_are_a_vocabulary_shown_for_agreements() {
    let s = bundled();
    let nat = agreement::answer(
        &s,
        &agreement::Query {
            id: "north_atlantic_treaty".into(),
            as_of: None,
        },
    )
    .unwrap();
    assert_eq!(
        nat.legal_bases
            .iter()
            .map(|b| b.as_str())
            .collect::<Vec<_>>(),
        ["art_51"]
    );
    let pf = agreement::answer(
        &s,
        &agreement::Query {
            id: "peace_force".into(),
            as_of: None,
        },
    )
    .unwrap();
    assert_eq!(
        pf.legal_bases
            .iter()
            .map(|b| b.as_str())
            .collect::<Vec<_>>(),
        ["chapter_viii"]
    );
    let eso = s
        .scenario()
        .institution("european_security_organisation")
        .unwrap();
    assert_eq!(eso.legal_bases[0].as_str(), "chapter_viii");
    assert_eq!(
        entente_api::types::LegalBasis::WORDS,
        ["art_51", "chapter_vii", "chapter_viii", "treaty_based"]
    );
}

/// M35: NATO and the EU on 2025-06-30. 23 states are in both; the 9 allies outside the EU are
/// Albania, Canada, Iceland, Montenegro, North Macedonia, Norway, Türkiye, the United Kingdom and
/// the United States; the 4 EU members outside NATO are Austria, Cyprus, Ireland and Malta
/// (NATO's 32 members after Sweden's accession of 2024-03-07; the EU's 27).
#[test]
fn item_7_m35_nato_and_the_eu_share_23_members() {
    let s = bundled();
    let a = overlap::answer(
        &s,
        &overlap::Query {
            institutions: vec!["nato".into(), "eu".into()],
            as_of: Some("2025-06-30".into()),
        },
    )
    .unwrap();
    let p = &a.pairs[0];
    assert_eq!(p.shared.len(), 23);
    assert_eq!(
        p.only_a,
        [
            "ALB", "CAN", "GBR", "ISL", "MKD", "MNE", "NOR", "TUR", "USA"
        ]
    );
    assert_eq!(p.only_b, ["AUT", "CYP", "IRL", "MLT"]);
    // NATO decides by consensus (NATO, "Consensus decision-making at NATO"): every ally can
    // block every decision alone.
    assert_eq!(p.vetoes_a.len(), 32);
}

/// M35: the OSCE merged into the inclusive body (architecture `inclusive_body`): the body's
/// members are the OSCE's 57 participating States but Turkmenistan, which opts out; the OSCE
/// decides by consensus (OSCE Rules of Procedure, 2006), the body adds decisions by consensus
/// minus one (CSCE Prague Document 1992), so its 56 members lose the general veto they hold in
/// the OSCE.
#[test]
fn item_7_m35_a_merge_is_an_architecture_and_shows_who_loses_a_veto() {
    let s = bundled();
    let v = entente_api::ask(
        &s,
        "overlap",
        json!({
            "institutions": ["osce", "european_security_organisation"],
            "architecture": "inclusive_body"
        }),
    )
    .unwrap();
    let p = &v["pairs"][0];
    assert_eq!(p["only_a"], json!(["TKM"]));
    assert_eq!(p["only_b"], json!([]));
    assert_eq!(p["shared"].as_array().unwrap().len(), 56);
    assert_eq!(p["vetoes_a"].as_array().unwrap().len(), 57);
    assert_eq!(p["vetoes_b"], json!([]));
    assert_eq!(p["veto_lost"].as_array().unwrap().len(), 56);
}

/// M18: the neutrality commitments the bundled scenario records, each with its constitutional
/// article: Austria (Federal Constitutional Law on the Neutrality of Austria, 1955-10-26, Art.
/// I), Switzerland (Federal Constitution Art. 185(1)), Moldova (Constitution Art. 11), Malta
/// (Constitution Art. 1(3)) and Ireland (Constitution Art. 29.4.9°). They show in coverage, and
/// in obligations beside a neutral state's duty.
#[test]
fn item_9_m18_neutrality_in_the_constitutions_shows_in_coverage_and_obligations() {
    let s = bundled();
    let c = coverage::answer(
        &s,
        &coverage::Query {
            as_of: Some("2025-06-30".into()),
            ..coverage::Query::default()
        },
    )
    .unwrap();
    let own = |state: &str| -> Vec<String> {
        c.own_restraints
            .iter()
            .filter(|r| r.state == state)
            .map(|r| format!("{} {}", r.kind, r.clause_title.clone().unwrap_or_default()))
            .collect()
    };
    assert_eq!(
        own("AUT"),
        ["neutrality Article I(1)", "non_accession Article I(2)"]
    );
    assert_eq!(own("CHE"), ["neutrality Article 185(1)"]);
    assert_eq!(
        own("MDA"),
        ["neutrality Article 11", "no_deployment Article 11"]
    );
    assert_eq!(
        own("MLT"),
        ["neutrality Article 1(3)", "non_accession Article 1(3)"]
    );
    assert_eq!(own("IRL"), ["non_accession Article 29.4.9°"]);
    assert!(c.own_restraints.iter().all(|r| r.broken_by.is_empty()));
    assert!(
        c.own_restraints
            .iter()
            .all(|r| r.legal_form.unwrap().as_str() == "constitutional_law")
    );
    // Before the law of 1955-10-26, Austria had bound itself to nothing.
    let before = coverage::answer(
        &s,
        &coverage::Query {
            as_of: Some("1955-10-25".into()),
            state: vec!["AUT".into()],
            ..coverage::Query::default()
        },
    )
    .unwrap();
    assert!(before.own_restraints.is_empty());
    // Austria, an EU member, bears the duty of Art. 42(7) TEU when Russia attacks Poland; its
    // neutrality is shown beside the duty, not as a conflict with another state.
    let o = obligations::answer(
        &s,
        &obligations::Query {
            event: "RUS attacks POL".into(),
            as_of: Some("2025-06-30".into()),
            ..obligations::Query::default()
        },
    )
    .unwrap();
    let states: Vec<&str> = o.own_restraints.iter().map(|r| r.state.as_str()).collect();
    assert_eq!(states, ["AUT", "MLT"]);
    assert!(o.conflicts.is_empty());
}

/// M18: an accession breaks a constitutional neutrality. Replayed: Austria accedes to NATO
/// (a hypothetical event) and the replay records the breach of Art. I of the law of 1955.
#[test]
fn item_9_m18_an_accession_breaks_austrias_neutrality() {
    let s = bundled();
    let file = "[timeline.aut_joins]\nname = \"Austria joins NATO (hypothesis)\"\nkind = \"scenario\"\n\n[[timeline.aut_joins.event]]\ndate = 2026-01-01\nkind = \"accession\"\nactor = \"AUT\"\nsubject = \"AUT\"\ninstitution = \"nato\"\nsource = \"hypothesis for the test\"\n";
    let v = entente_api::ask(
        &s,
        "replay",
        json!({ "timeline": "aut_joins", "files": { "aut-joins.toml": file } }),
    )
    .unwrap();
    let changes = &v["replay"]["steps"][0]["changes"];
    let breaches: Vec<String> = changes
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "breach")
        .map(|c| {
            format!(
                "{}.{}",
                c["agreement"].as_str().unwrap(),
                c["obligation"].as_str().unwrap()
            )
        })
        .collect();
    assert!(
        breaches.contains(&"neutrality_aut.no_alliance".to_string()),
        "{breaches:?}"
    );
    assert!(
        breaches.contains(&"neutrality_aut.neutrality".to_string()),
        "{breaches:?}"
    );
}

/// M10: the conditional offer of the Istanbul communique (2022-03-29: non-alignment in exchange
/// for guarantees, consultations within three days, then assistance): with the application
/// suspended, Ukraine holds a binding guarantee; with the treaty in force but no suspension, the
/// guarantee, conditional on it, does not apply and Ukraine stays in the grey zone.
#[test]
fn item_10_m10_a_suspended_application_in_exchange_for_guarantees() {
    let s = bundled();
    let cov = |arch: &str| {
        let v = entente_api::ask(
            &s,
            "coverage",
            json!({ "state": ["UKR"], "architecture": arch }),
        )
        .unwrap();
        v["states"][0].clone()
    };
    let with = cov("application_for_guarantees");
    assert_eq!(with["grey_zone"], false);
    assert_eq!(with["strongest"]["agreement"], "application_for_guarantees");
    assert_eq!(with["strongest"]["obligation"], "guarantee");
    let without = cov("application_unsuspended");
    assert_eq!(without["grey_zone"], true);
    // The application's status is `suspended` in that world.
    let v = entente_api::ask(
        &s,
        "show",
        json!({ "architecture": "application_for_guarantees" }),
    )
    .unwrap();
    let nato = v["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "nato")
        .unwrap()
        .clone();
    assert_eq!(nato["suspended"], json!(["UKR"]));
    assert_eq!(nato["applicants"], json!([]));
    // As the scenario stands, Ukraine is an applicant (application of 2022-09-30).
    let now = show::answer(&s, &show::Query::default()).unwrap();
    let nato = now.institutions.iter().find(|i| i.id == "nato").unwrap();
    assert_eq!(nato.applicants, ["UKR"]);
}

/// Data: the dates allies' instruments of ratification of Finland's accession protocol reached
/// the depositary. Greece's on 2022-10-14 (Iltalehti, March 2023); Hungary's on 2023-03-31
/// (Verkkouutiset and Helsingin Sanomat, 2023-03-31/04-01); Türkiye's on 2023-04-04, minutes
/// before Finland's own deposit the same day (US Department of State, 2023-04-04). On
/// 2023-04-01 only Türkiye's instrument was missing.
#[test]
fn item_12_deposits_of_finlands_accession_reach_the_depositary() {
    let s = bundled();
    let at = |d: &str| {
        let a = decide::answer(
            &s,
            &decide::Query {
                institution: "nato".into(),
                decision: "accession".into(),
                subject: Some("FIN".into()),
                as_of: Some(d.into()),
                ..decide::Query::default()
            },
        )
        .unwrap();
        match a {
            decide::Answer::Replay(r) => r,
            decide::Answer::Verdict(_) => panic!("a replay"),
        }
    };
    let deposit_of = |r: &entente_api::types::ProcedureReplay, id: &str| -> Option<(String, i64)> {
        let m = r
            .stages
            .iter()
            .flat_map(|st| st.members.iter())
            .find(|m| m.id == id)?;
        let d = m
            .done
            .iter()
            .chain(&m.other)
            .find(|x| x.step == "deposit")?;
        Some((d.date?.to_string(), d.order))
    };
    // On 2023-04-01 every parliament and head of state had approved; the protocol waited for its
    // entry into force, and of the two last allies only Hungary's instrument had reached the
    // depositary: Türkiye's had not.
    let r = at("2023-04-01");
    assert_eq!(r.stage, "protocol_in_force");
    assert_eq!(
        deposit_of(&r, "HUN").map(|d| d.0).as_deref(),
        Some("2023-03-31")
    );
    assert_eq!(deposit_of(&r, "TUR"), None);
    let r = at("2023-04-04");
    let deposit = |id: &str| -> (String, i64) {
        let m = r
            .stages
            .iter()
            .flat_map(|st| st.members.iter())
            .find(|m| m.id == id)
            .unwrap_or_else(|| panic!("{id} has no progress"));
        let d = m
            .done
            .iter()
            .chain(&m.other)
            .find(|x| x.step == "deposit")
            .unwrap_or_else(|| panic!("{id} has no deposit"));
        (d.date.unwrap().to_string(), d.order)
    };
    assert_eq!(deposit("GRC").0, "2022-10-14");
    assert_eq!(deposit("HUN").0, "2023-03-31");
    assert_eq!(deposit("TUR"), ("2023-04-04".to_string(), 1));
    let cand = r
        .stages
        .iter()
        .find(|s| s.id == "candidate_accession")
        .unwrap();
    let d = cand.steps.iter().find(|x| x.step == "deposit").unwrap();
    let fin = (d.date.unwrap().to_string(), d.order);
    assert_eq!(
        fin,
        ("2023-04-04".to_string(), 3),
        "after Türkiye's, the same day"
    );
}

/// Data: agreements signed but not in force appear as pending, with what they wait for.
/// Luxembourg's agreement with Ukraine (signed 2024-07-10, needs the approval of Luxembourg's
/// parliament: Obozrevatel via the project's table) and Greece's (signed 2024-10-17, ratification
/// pending: Ukrinform) — data/ukraine_security_agreements.csv rows 22 and 27.
#[test]
fn item_12_luxembourgs_and_greeces_agreements_are_pending_not_absent() {
    let s = bundled();
    let o = obligations::answer(
        &s,
        &obligations::Query {
            event: "RUS attacks UKR".into(),
            as_of: Some("2025-06-30".into()),
            ..obligations::Query::default()
        },
    )
    .unwrap();
    let mut pending: Vec<(&str, String)> = o
        .pending
        .iter()
        .map(|p| (p.agreement.as_str(), p.signed.unwrap().to_string()))
        .collect();
    pending.dedup();
    assert_eq!(
        pending,
        [
            ("ukr_grc_2024", "2024-10-17".to_string()),
            ("ukr_lux_2024", "2024-07-10".to_string())
        ]
    );
    assert!(
        o.pending
            .iter()
            .all(|p| p.waits_for.starts_with("ratification"))
    );
    assert!(!o.duties.iter().any(|d| d.agreement == "ukr_lux_2024"));
    let c = coverage::answer(
        &s,
        &coverage::Query {
            state: vec!["UKR".into()],
            ..coverage::Query::default()
        },
    )
    .unwrap();
    assert!(c.pending.iter().any(|p| p.agreement == "ukr_lux_2024"));
    assert!(c.pending.iter().any(|p| p.agreement == "ukr_grc_2024"));
}

/// M34: legal bases have consequences. Enforcement action by the proposed organisation, a
/// Chapter VIII arrangement, needs the Security Council's authorisation (UN Charter Art. 53(1)),
/// a substantive decision in which each of the five permanent members (China, France, Russia,
/// the United Kingdom, the United States: Art. 23(1)) can veto alone (Art. 27(3)).
#[test]
fn item_6_m34_enforcement_by_a_chapter_viii_body_runs_through_the_security_council() {
    let s = bundled();
    let v = entente_api::ask(
        &s,
        "decide",
        json!({
            "institution": "european_security_organisation",
            "decision": "enforcement_action",
            "architecture": "inclusive_body"
        }),
    )
    .unwrap();
    let a = &v["authorisation"];
    assert_eq!(a["institution"], "unsc");
    assert_eq!(a["decision"], "regional_enforcement");
    assert_eq!(
        a["veto_players"],
        json!(["CHN", "FRA", "GBR", "RUS", "USA"])
    );
    assert!(a["why"].as_str().unwrap().contains("Art. 53(1)"));
    // A consultation of the same body is no enforcement action: no authorisation.
    let v = entente_api::ask(
        &s,
        "decide",
        json!({
            "institution": "european_security_organisation",
            "decision": "consensus",
            "architecture": "inclusive_body"
        }),
    )
    .unwrap();
    assert!(v.get("authorisation").is_none());
}

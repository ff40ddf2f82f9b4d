//! `entente check`, `show` and `schema` from the command line: exit codes scripts rely on,
//! diagnostics as data, and what `show` reports of a scenario as of a date.

mod common;

use common::entente;

#[test]
fn clean_scenario_exits_zero() {
    let (code, out, _) = entente(&["check", "scenarios/ok/split"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("ok: `Split`"), "{out}");
}

#[test]
fn problems_exit_one_with_located_diagnostics_as_json() {
    let (code, out, _) = entente(&[
        "check",
        "scenarios/err/unknown-attribute.toml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "unknown-attribute");
    assert_eq!(d["file"], "scenarios/err/unknown-attribute.toml");
    assert_eq!(d["line"], 15);
    assert_eq!(d["column"], 28);
    assert_eq!(d["hint"], "did you mean `population`?");
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(entente(&["check", "--frobnicate"]).0, 2);
    assert_eq!(entente(&["show", "--as-of", "2023-02-30"]).0, 2);
    assert_eq!(entente(&["no-such-command"]).0, 2);
}

#[test]
fn missing_file_is_a_problem_not_a_crash() {
    let (code, out, _) = entente(&["check", "scenarios/does-not-exist.toml"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[missing-file]"), "{out}");
}

#[test]
fn show_counts_members_as_of_a_date() {
    // scenarios/ok/split/bodies.toml: Czechia and Slovakia join on 1993-01-01 (the date both
    // states came into being), Poland and Hungary on 1991-02-15.
    for (date, n) in [("1992-12-31", 2), ("1993-01-01", 4)] {
        let (code, out, err) = entente(&[
            "show",
            "scenarios/ok/split",
            "--as-of",
            date,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let inst = v["institutions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "v4_council")
            .unwrap();
        assert_eq!(inst["members"], n, "{date}");
    }
}

#[test]
fn show_refuses_a_scenario_with_errors() {
    let (code, _, err) = entente(&["show", "scenarios/err/unknown-actor.toml"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown actor `POLL`"), "{err}");
}

#[test]
fn schema_is_json() {
    let (code, out, _) = entente(&["schema"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["properties"]["institution"].is_object());
}

/// Shared flags: every command that reads a scenario takes `-s/--scenario`, and `--format json`
/// gives JSON on each of them.
#[test]
fn every_scenario_command_takes_the_shared_flags() {
    let cases: &[&[&str]] = &[
        &["check"],
        &["show"],
        &["decide", "-i", "nato", "-d", "consensus"],
        &["power", "--institution", "eu_council", "--decision", "qmv"],
        &["obligations", "--event", "RUS attacks POL"],
        &["coverage", "--state", "UKR"],
        &["replay", "settlement"],
        &["negotiate"],
        &["forecast"],
        &["compare", "status_quo"],
    ];
    for args in cases {
        let mut full: Vec<&str> = args.to_vec();
        full.extend(["-s", "scenarios/europe", "--format", "json"]);
        let (code, out, err) = common::entente(&full);
        assert_eq!(code, 0, "{full:?}: {err}");
        assert!(
            serde_json::from_str::<serde_json::Value>(&out).is_ok(),
            "{full:?} printed no JSON"
        );
    }
}

/// Expected conveniences: `entente list` to discover ids, shell completions, a manual page, and
/// `--output FILE` on every data command. Values: NATO has the decision types the bundled
/// scenario gives it (nato.toml); the architectures are those of architectures.toml.
#[test]
fn expected_conveniences_list_completions_man_and_output() {
    let v: serde_json::Value = {
        let (code, out, err) = entente(&["list", "institutions", "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let nato = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "nato")
        .unwrap()
        .clone();
    assert!(
        nato["detail"].as_str().unwrap().contains("accession"),
        "{nato}"
    );
    let (_, out, _) = entente(&["list", "architectures", "--format", "csv"]);
    assert!(out.contains("architecture,status_quo,"), "{out}");
    assert!(out.contains("architecture,ukraine_in_nato,"), "{out}");
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, err) = entente(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(
            out.contains("compare") && out.contains("obligations"),
            "{shell}"
        );
    }
    let (code, out, _) = entente(&["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH entente 1") && out.contains("entente\\-obligations"));
    let dir = std::env::temp_dir().join(format!("entente-output-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("show.json");
    let (code, out, err) = entente(&[
        "show",
        "--format",
        "json",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "the answer went to the file, not stdout");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(written["institutions"].is_array());
    let _ = std::fs::remove_dir_all(&dir);
}

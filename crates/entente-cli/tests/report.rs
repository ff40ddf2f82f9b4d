//! `entente report` — the main job — on the bundled scenario: every engine's section is there,
//! the HTML is one self-contained file (no external scripts, styles or images), and the same
//! input gives the same bytes.

use std::path::PathBuf;
use std::process::Command;

fn run_report(out: &PathBuf) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_entente"))
        .args(["report", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn report_has_every_section_and_is_self_contained() {
    let dir = std::env::temp_dir().join(format!("entente-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("report.html");
    let text = run_report(&out);
    for title in [
        "Overview",
        "Decisions",
        "Commitments",
        "Architectures compared",
        "Deterrence",
        "Settlement",
        "Forecast",
    ] {
        assert!(
            text.contains(&format!("== {title} ==")),
            "terminal summary lacks {title}"
        );
    }
    assert!(!text.contains("(failed)"), "a section failed:\n{text}");
    let html = std::fs::read_to_string(&out).unwrap();
    for id in [
        "overview",
        "decisions",
        "commitments",
        "architectures",
        "deterrence",
        "settlement",
        "forecast",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{id}\">")),
            "HTML lacks section {id}"
        );
    }
    assert!(html.contains("<svg"), "no chart");
    // The written non-enlargement pledge (bundled architecture `pledge`) closes the open door
    // that the EU and the UK hold as a red line; the pledge's own clause is named as the cause.
    let arch = text
        .split("== Architectures compared ==")
        .nth(1)
        .and_then(|t| t.split("\n== ").next())
        .unwrap();
    assert!(
        arch.contains("pledge: EUU `open-door` broken")
            && arch.contains("non_enlargement_pledge.no_enlargement"),
        "{arch}"
    );
    for external in ["<script src", "<link ", "<img src=\"http", "url(http"] {
        assert!(
            !html.contains(external),
            "report loads an external resource: {external}"
        );
    }
    // Determinism: the same scenario gives the same bytes.
    let out2 = dir.join("again.html");
    run_report(&out2);
    assert_eq!(html, std::fs::read_to_string(&out2).unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}

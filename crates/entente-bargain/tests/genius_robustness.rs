//! The GENIUS reader on damaged input: every standard file cut at many places must give a
//! result or a located error, never a panic; and a real-valued issue (none of the standard
//! domains has one) is discretised and evaluated as GENIUS's linear real evaluator
//! (`parameter0 + parameter1 × x`).

use entente_bargain::genius::{read_domain, read_profile, to_space};
use entente_bargain::{Disagreement, Model, analyse};

const ROOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/negotiation-domains"
);

#[test]
fn truncated_standard_files_never_panic() {
    if entente_testdata::skip_without_shared("truncated_standard_files_never_panic") {
        return;
    }
    for dir in std::fs::read_dir(ROOT).unwrap() {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            let text = std::fs::read_to_string(&f).unwrap();
            let name = f.display().to_string();
            let step = (text.len() / 37).max(1);
            let mut cut = 0;
            while cut < text.len() {
                if text.is_char_boundary(cut) {
                    let part = &text[..cut];
                    if let Err(e) = read_domain(part, &name) {
                        assert_eq!(e.file(), Some(name.as_str()));
                    }
                    if let Err(e) = read_profile(part, &name) {
                        assert_eq!(e.file(), Some(name.as_str()));
                    }
                }
                cut += step;
            }
        }
    }
}

#[test]
fn real_issues_are_discretised_and_linear() {
    let domain = r#"<negotiation_template><utility_space number_of_issues="1">
<objective index="0" name="d" type="objective" etype="objective">
<issue index="1" name="price" type="real" etype="real" vtype="real" lowerbound="0" upperbound="10"/>
</objective></utility_space></negotiation_template>"#;
    let profile = r#"<utility_space><objective index="0" name="d" type="objective" etype="objective">
<issue index="1" name="price" type="real" etype="real" vtype="real" lowerbound="0" upperbound="10">
<evaluator ftype="linear" parameter0="1.0" parameter1="-0.08"/>
</issue>
<weight index="1" value="1.0"/>
</objective><reservation value="0.3"/><discount_factor value="0.9"/></utility_space>"#;
    let (d, w) = read_domain(domain, "d.xml").unwrap();
    assert!(w.is_empty());
    let (p, _) = read_profile(profile, "p.xml").unwrap();
    assert_eq!(p.reservation(), 0.3);
    assert_eq!(p.discount(), Some(0.9));
    let space = to_space(&d, &[("p".into(), p)], 4).unwrap();
    // 4 steps over [0, 10]: 0, 2.5, 5, 7.5, 10.
    assert_eq!(space.issues[0].numbers, vec![0.0, 2.5, 5.0, 7.5, 10.0]);
    let model = Model::new(&space).unwrap();
    let mut u = [0.0];
    model.utilities(&[4], &mut u);
    // 1.0 − 0.08 × 10 = 0.2
    assert!((u[0] - 0.2).abs() < 1e-12);
    // Acceptable: utility at least the reservation 0.3 → x in {0, 2.5, 5, 7.5} (0.4 at 7.5).
    assert_eq!(
        analyse(&space, Disagreement::Reservation)
            .unwrap()
            .acceptable,
        4
    );
}

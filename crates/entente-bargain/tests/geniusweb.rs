//! GeniusWeb JSON profiles: discrete and number value-set utilities, the reservation bid, and
//! located errors. Expected utilities are worked by hand from GeniusWeb's definitions
//! (`LinearAdditiveUtilitySpace`: Σ weight × issue utility; `NumberValueSetUtilities`: linear
//! between (lowValue, lowUtility) and (highValue, highUtility), 0 outside).

use entente_bargain::geniusweb::{read_profile, to_space};
use entente_bargain::{Disagreement, Model, analyse};

const A: &str = r#"{"LinearAdditiveUtilitySpace": {
  "name": "a",
  "domain": {"name": "d", "issuesValues": {
      "colour": {"values": ["red", "blue"]},
      "price": {"range": [0, 10, 5]}}},
  "issueWeights": {"colour": 0.4, "price": 0.6},
  "issueUtilities": {
      "colour": {"DiscreteValueSetUtilities": {"valueUtilities": {"red": 1, "blue": 0.25}}},
      "price": {"NumberValueSetUtilities": {"lowValue": 0, "lowUtility": 1, "highValue": 10, "highUtility": 0}}},
  "reservationBid": {"issuevalues": {"colour": "blue", "price": 5}}
}}"#;

const B: &str = r#"{"LinearAdditiveUtilitySpace": {
  "name": "b",
  "domain": {"name": "d", "issuesValues": {
      "colour": {"values": ["red", "blue"]},
      "price": {"range": {"low": 0, "high": 10, "step": 5}}}},
  "issueWeights": {"colour": 0.5, "price": 0.5},
  "issueUtilities": {
      "colour": {"discreteutils": {"valueUtilities": {"red": 0, "blue": 1}}},
      "price": {"numberutils": {"lowValue": 0, "lowUtility": 0, "highValue": 10, "highUtility": 1}}}
}}"#;

#[test]
fn utilities_follow_geniusweb() {
    let a = read_profile(A, "a.json").unwrap();
    let b = read_profile(B, "b.json").unwrap();
    let space = to_space(&[("a".into(), a), ("b".into(), b)]).unwrap();
    // Issues in alphabetical order: colour (red, blue), price (0, 5, 10).
    assert_eq!(space.issues[1].labels, vec!["0", "5", "10"]);
    let model = Model::new(&space).unwrap();
    let mut u = vec![0.0; 2];
    // red, price 0: a = 0.4·1 + 0.6·1 = 1.0; b = 0.5·0 + 0.5·0 = 0.
    model.utilities(&[0, 0], &mut u);
    assert_eq!(u, vec![1.0, 0.0]);
    // blue, price 5: a = 0.4·0.25 + 0.6·0.5 = 0.4; b = 0.5·1 + 0.5·0.5 = 0.75.
    model.utilities(&[1, 1], &mut u);
    assert!((u[0] - 0.4).abs() < 1e-12 && (u[1] - 0.75).abs() < 1e-12);
    // Reservation bid (blue, 5) is worth 0.4 to a: a's no-deal value.
    assert!((space.parties[0].no_deal - 0.4).abs() < 1e-12);
    assert_eq!(space.parties[1].no_deal, 0.0);
    let an = analyse(&space, Disagreement::NoDeal).unwrap();
    // a accepts u_a >= 0.4: red with any price (1.0, 0.7, 0.4) and blue with price 0 (0.7)
    // or 5 (0.4): 5 of 6 packages.
    assert_eq!(an.acceptable, 5);
}

#[test]
fn errors_are_located() {
    let e = read_profile(
        "{\n  \"LinearAdditiveUtilitySpace\": {\n    \"name\": ,\n",
        "bad.json",
    )
    .unwrap_err();
    assert_eq!((e.file(), e.line()), (Some("bad.json"), Some(3)));
    let e = read_profile("{\"Other\": {}}", "other.json").unwrap_err();
    assert!(e.to_string().contains("LinearAdditiveUtilitySpace"), "{e}");
}

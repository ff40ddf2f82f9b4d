//! The compiled utilities of the preference forms the scenario language offers, checked against
//! their definitions in docs/settlements.md: an ideal point with salience contributes
//! `salience × (1 − |x − ideal| / range)`; an interaction adds its value when both of its
//! `issue=value` conditions hold; red lines written as comparisons on ordinal issues follow the
//! issue's order.

use entente_bargain::{
    CmpOp, Disagreement, Expr, Interaction, Issue, IssuePreference, Model, Party, RedLine, Space,
    analyse,
};

fn space() -> Space {
    let troops = Issue::numeric("troops", 0.0, 10.0, 5.0).unwrap();
    let pledge = Issue::ordinal("pledge", &["none", "political", "treaty"]);
    let mut a = Party::new("a", 2);
    a.preferences[0] = Some(IssuePreference::Ideal {
        ideal: 10.0,
        salience: 0.5,
    });
    a.preferences[1] = Some(IssuePreference::Table {
        weight: 0.5,
        values: vec![0.0, 0.5, 1.0],
    });
    a.interactions.push(Interaction {
        a: 0,
        va: 0,
        b: 1,
        vb: 2,
        value: 0.25,
        source: None,
    });
    let mut b = Party::new("b", 2);
    b.preferences[0] = Some(IssuePreference::Ideal {
        ideal: 0.0,
        salience: 1.0,
    });
    b.red_lines.push(RedLine {
        id: "at-most-political".into(),
        expr: Expr::Cmp {
            issue: 1,
            op: CmpOp::Le,
            value: 1.0,
        },
        source: None,
    });
    Space {
        name: "t".into(),
        issues: vec![troops, pledge],
        parties: vec![a, b],
        links: vec![],
    }
}

#[test]
fn ideal_points_and_interactions() {
    let s = space();
    let m = Model::new(&s).unwrap();
    let mut u = [0.0; 2];
    // troops = 5, pledge = political: a = 0.5·(1 − 5/10) + 0.5·0.5 = 0.5; b = 1·(1 − 5/10) = 0.5.
    m.utilities(&[1, 1], &mut u);
    assert_eq!(u, [0.5, 0.5]);
    // troops = 0, pledge = treaty: a = 0 + 0.5 + 0.25 (interaction) = 0.75; b = 1.
    m.utilities(&[0, 2], &mut u);
    assert_eq!(u, [0.75, 1.0]);
}

#[test]
fn ordinal_red_line_follows_the_order() {
    let a = analyse(&space(), Disagreement::Zero).unwrap();
    // b's red line `pledge <= political` removes the 3 packages with pledge = treaty.
    assert_eq!(a.acceptable, 6);
    // Frontier: (troops 0, political) gives (0.25, 1); (5, political) (0.5, 0.5);
    // (10, political) (0.75, 0). None dominates another; pledge = none is dominated.
    let idx: Vec<u64> = a.pareto.iter().map(|p| p.index).collect();
    assert_eq!(idx, vec![1, 4, 7]);
}

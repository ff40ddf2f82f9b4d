//! The single negotiating text (M30) on a space small enough to follow by hand: every revision
//! answers a rejecting party's criticism without costing anyone, and the text ends agreed,
//! or stalled with the reason.

use entente_bargain::{Expr, Issue, IssuePreference, Model, Party, RedLine, Space, single_text};

fn party(id: &str, tables: [(f64, [f64; 2]); 2]) -> Party {
    let mut p = Party::new(id, 2);
    for (i, (weight, values)) in tables.into_iter().enumerate() {
        p.preferences[i] = Some(IssuePreference::Table {
            weight,
            values: values.to_vec(),
        });
    }
    p
}

/// Issues `border` {a, b} and `verification` {x, y}. The mediator M cares only for
/// verification x; P needs border b (a red line); Q is indifferent to the border unless
/// `q_border` says otherwise.
fn space(q_border: [f64; 2]) -> Space {
    let mut p = party("P", [(1.0, [0.0, 1.0]), (0.0, [0.0, 0.0])]);
    p.red_lines.push(RedLine {
        id: "border-b".into(),
        expr: Expr::In {
            issue: 0,
            values: vec![1],
        },
        source: None,
    });
    Space {
        name: "toy".into(),
        issues: vec![
            Issue::categorical("border", &["a", "b"]),
            Issue::categorical("verification", &["x", "y"]),
        ],
        parties: vec![
            party("M", [(0.0, [0.0, 0.0]), (1.0, [1.0, 0.0])]),
            p,
            party("Q", [(1.0, q_border), (0.0, [0.0, 0.0])]),
        ],
        links: vec![],
    }
}

#[test]
fn the_text_is_revised_until_every_party_accepts_it() {
    let s = space([1.0, 1.0]);
    let model = Model::new(&s).unwrap();
    let t = single_text(&s, &model, "M").unwrap();
    // First draft: M's best package, (a, x) (index 0, the smallest of M's ties); P rejects it
    // (its red line). Revising the border to b costs M and Q nothing and meets P: (b, x),
    // index 2 (first issue most significant), accepted by all.
    let idx: Vec<u64> = t.drafts.iter().map(|d| d.index).collect();
    assert_eq!(idx, [0, 2]);
    assert_eq!(t.drafts[0].rejecting, ["P"]);
    assert_eq!(t.drafts[1].changed.as_deref(), Some("border"));
    assert!(t.agreed && t.drafts[1].rejecting.is_empty());
}

#[test]
fn a_text_that_cannot_be_revised_without_a_loss_stalls() {
    // Q now loses everything with border b: no revision helps P without hurting Q.
    let s = space([1.0, 0.0]);
    let model = Model::new(&s).unwrap();
    let t = single_text(&s, &model, "M").unwrap();
    assert_eq!(t.drafts.len(), 1);
    assert!(!t.agreed);
    assert_eq!(t.drafts[0].rejecting, ["P"]);
    let e = single_text(&s, &model, "X").unwrap_err();
    assert!(e.to_string().contains("not a party"), "{e}");
}

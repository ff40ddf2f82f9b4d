//! Fearon's risk–return bargain: the closed forms and their corners. Expected values are computed
//! by hand from Fearon (1995), "Rationalist Explanations for War", International Organization
//! 49(3): with the target's cost uniform on [0, c̄], x* = p + (c̄ − c_A)/2 and
//! P(war) = 1/2 − c_A/(2c̄).

use entente_deter::{Corner, bargain};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

#[test]
fn interior_closed_form() {
    // p = 0.5, c_A = 0.1, c̄ = 0.4: x* = 0.5 + 0.15 = 0.65; P(war) = 0.5 − 0.1/0.8 = 0.375.
    let b = bargain(0.5, 0.1, 0.4).unwrap();
    assert_eq!(b.corner, Corner::Interior);
    close(b.x_star, 0.65);
    close(b.p_war, 0.375);
    // Costless war for the challenger: P(war) = 1/2 whatever p (Fearon's limiting case).
    let b = bargain(0.2, 0.0, 0.3).unwrap();
    close(b.p_war, 0.5);
    close(b.x_star, 0.35);
}

#[test]
fn war_probability_does_not_depend_on_p_inside() {
    for p in [0.0, 0.1, 0.3, 0.55] {
        let b = bargain(p, 0.05, 0.2).unwrap();
        assert_eq!(b.corner, Corner::Interior);
        close(b.p_war, 0.5 - 0.05 / 0.4);
    }
}

#[test]
fn corner_challenger_cost_above_target_range() {
    // c_A > c̄: the interior demand would lie below p; the challenger demands p, no war.
    let b = bargain(0.4, 0.5, 0.3).unwrap();
    assert_eq!(b.corner, Corner::CostlyWar);
    close(b.x_star, 0.4);
    close(b.p_war, 0.0);
    // c_A = c̄ is the edge of both cases: P(war) = 0 either way.
    let b = bargain(0.4, 0.3, 0.3).unwrap();
    close(b.p_war, 0.0);
}

#[test]
fn corner_demand_above_one() {
    // p = 0.9, c_A = 0, c̄ = 0.4: x* = 1.1 > 1, so x = 1 and P(war) = (1 − 0.9)/0.4 = 0.25.
    let b = bargain(0.9, 0.0, 0.4).unwrap();
    assert_eq!(b.corner, Corner::DemandCapped);
    close(b.x_star, 1.0);
    close(b.p_war, 0.25);
    // Continuity at the corner: x* = 1 exactly gives the interior value.
    let b = bargain(0.85, 0.1, 0.4).unwrap();
    close(b.x_star, 1.0);
    close(b.p_war, 0.5 - 0.1 / 0.8);
    close((1.0 - 0.85) / 0.4, 0.375);
}

#[test]
fn out_of_domain_is_refused() {
    assert!(bargain(1.2, 0.1, 0.3).is_none());
    assert!(bargain(0.5, -0.1, 0.3).is_none());
    assert!(bargain(0.5, 0.1, 0.0).is_none());
    assert!(bargain(f64::NAN, 0.1, 0.3).is_none());
}

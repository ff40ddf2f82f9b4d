//! Voting power: published values (each with its source beside it), and every exact method
//! against a brute-force oracle written from the definitions on random games, with the axioms
//! (efficiency, symmetry, null player) and invariance under member order.

use entente_power::{Analysis, MethodChoice, Options, analyse, read_members};
use entente_rules::{Body, Bound, parse};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use proptest::prelude::*;

fn weighted_body(weights: &[u64]) -> Body {
    let ids: Vec<String> = (0..weights.len()).map(|i| format!("P{}", i + 1)).collect();
    let mut b = Body::new(ids);
    b.set_attribute("weight", weights.iter().map(|&w| Some(w as f64)).collect());
    b
}

fn run(rule: &str, body: &Body, method: MethodChoice) -> Analysis {
    let bound = parse(rule).unwrap().bind(body).unwrap();
    let opts = Options {
        method,
        ..Options::default()
    };
    analyse(&bound, body.members(), &opts).unwrap()
}

fn q(n: i64, d: i64) -> BigRational {
    BigRational::new(n.into(), d.into())
}

fn exact(a: &Analysis, i: usize, index: &str) -> BigRational {
    let m = &a.indices[i];
    let e = match index {
        "banzhaf" => &m.banzhaf,
        "penrose" => &m.penrose,
        "shapley_shubik" => &m.shapley_shubik,
        "coleman_prevent" => &m.coleman_prevent,
        "coleman_initiate" => &m.coleman_initiate,
        "holler" => &m.holler,
        "deegan_packel" => &m.deegan_packel,
        "johnston" => &m.johnston,
        _ => unreachable!(),
    };
    e.as_ref().unwrap().exact.clone().unwrap()
}

const EXACT: [MethodChoice; 2] = [MethodChoice::Profiles, MethodChoice::Enumeration];

#[test]
fn un_security_council() {
    // Five permanent members with a veto, ten elected, nine votes needed (UN Charter Art. 27(3)).
    let mut ids: Vec<String> = ["USA", "GBR", "FRA", "RUS", "CHN"]
        .map(String::from)
        .to_vec();
    ids.extend((1..=10).map(|i| format!("E{i}")));
    let body = Body::new(ids);
    let rule = "yes >= 9 and veto(USA, GBR, FRA, RUS, CHN)";
    for m in EXACT {
        let a = run(rule, &body, m);
        // Shapley–Shubik: permanent ≈ 0.1963, elected 4/2145 ≈ 0.001865 (Shapley & Shubik
        // 1954, "A method for evaluating the distribution of power in a committee system",
        // APSR 48, for the nine-vote Council; the 4/2145 derivation is also in Straffin, Game
        // Theory and Strategy, 1993). DIFFERENCE: the permanent member's value is often quoted
        // as "421/1430"; that fraction is 0.2944. The value ≈ 0.1963 is 421/2145, which is also
        // what efficiency requires: 5 × 421/2145 + 10 × 4/2145 = 1.
        assert_eq!(exact(&a, 0, "shapley_shubik"), q(421, 2145));
        assert_eq!(exact(&a, 7, "shapley_shubik"), q(4, 2145));
        // Banzhaf: a permanent member swings in every winning coalition (five permanent plus at
        // least four of ten elected: C(10,4)+…+C(10,10) = 848); an elected member when it is one
        // of exactly four elected (C(9,3) = 84). Normalised 848/5080 ≈ 0.1669 and
        // 84/5080 ≈ 0.0165, the values in Brams, Game Theory and Politics (1975), ch. 5, and
        // Straffin (1993); Penrose 848/2^14 ≈ 0.0518 and 84/2^14 ≈ 0.0051.
        assert_eq!(a.indices[0].banzhaf_raw, Some(848));
        assert_eq!(a.indices[9].banzhaf_raw, Some(84));
        assert_eq!(exact(&a, 0, "banzhaf"), q(848, 5080));
        assert_eq!(exact(&a, 9, "banzhaf"), q(84, 5080));
        assert_eq!(exact(&a, 0, "penrose"), q(848, 16384));
        assert_eq!(a.veto_players, vec![0, 1, 2, 3, 4]);
        // Coleman's power to act: 848 winning coalitions of 2^15.
        assert_eq!(a.winning_coalitions, Some(848));
        // Minimal winning: the five permanent members and any four elected: C(10,4) = 210.
        assert_eq!(a.minimal_winning_coalitions, Some(210));
        // Minimal blocking: any one permanent member, or any seven elected: 5 + C(10,7) = 125.
        assert_eq!(a.minimal_blocking_coalitions, Some(125));
        assert_eq!(a.smallest_minimal_blocking[0], vec![0]);
    }
}

#[test]
fn eec_council_of_1958() {
    // Treaty of Rome Art. 148: France, Germany, Italy 4; Belgium, Netherlands 2; Luxembourg 1;
    // qualified majority 12 of 17.
    let body = weighted_body(&[4, 4, 4, 2, 2, 1]);
    for m in [
        MethodChoice::Profiles,
        MethodChoice::Enumeration,
        MethodChoice::WeightedDp,
    ] {
        let a = run("yes.weight >= 12", &body, m);
        // Shapley–Shubik 14/60, 14/60, 14/60, 9/60, 9/60, 0 and normalised Banzhaf 5/21 (0.238),
        // 3/21 (0.143), 0: Felsenthal & Machover (1998), The Measurement of Voting Power,
        // Table 5.3.1 (EEC 1958); Luxembourg is a dummy.
        let ss = [14, 14, 14, 9, 9, 0];
        let bz = [5, 5, 5, 3, 3, 0];
        for i in 0..6 {
            assert_eq!(exact(&a, i, "shapley_shubik"), q(ss[i], 60), "{m:?}");
            assert_eq!(exact(&a, i, "banzhaf"), q(bz[i], 21), "{m:?}");
        }
        assert_eq!(a.dummies, vec![5]);
    }
}

#[test]
fn nassau_county_board_1964() {
    // Banzhaf (1965), "Weighted voting doesn't work", Rutgers Law Review 19: the 1964 Nassau
    // County Board [58; 31, 31, 28, 21, 2, 2] (Hempstead 1 and 2, North Hempstead, Oyster Bay,
    // Glen Cove, Long Beach): Oyster Bay, Glen Cove and Long Beach have no power at all; the
    // three others have a third each (also Taylor & Pacelli, Mathematics and Politics, 2008, §4.2).
    let body = weighted_body(&[31, 31, 28, 21, 2, 2]);
    for m in [
        MethodChoice::Profiles,
        MethodChoice::Enumeration,
        MethodChoice::WeightedDp,
    ] {
        let a = run("yes.weight >= 58", &body, m);
        for i in 0..3 {
            assert_eq!(exact(&a, i, "banzhaf"), q(1, 3));
            assert_eq!(exact(&a, i, "shapley_shubik"), q(1, 3));
        }
        assert_eq!(a.dummies, vec![3, 4, 5]);
    }
}

#[test]
fn deegan_packel_and_holler_textbook_example() {
    // [16; 10, 9, 6, 5]: minimal winning coalitions {1,2}, {1,3}, {2,3,4}; Deegan–Packel
    // 1/3, 5/18, 5/18, 1/9; Banzhaf and Shapley–Shubik 0.4167, 0.25, 0.25, 0.0833; members of
    // 2, 2, 2, 1 minimal winning coalitions, so Holler 2/7, 2/7, 2/7, 1/7
    // (A. McAndrew, "Voting power (5): The Deegan-Packel and Holler power indices",
    // numbersandshapes.net, 2021).
    let body = weighted_body(&[10, 9, 6, 5]);
    let a = run("yes.weight >= 16", &body, MethodChoice::Profiles);
    let dp = [q(1, 3), q(5, 18), q(5, 18), q(1, 9)];
    let bz = [q(5, 12), q(1, 4), q(1, 4), q(1, 12)];
    let h = [q(2, 7), q(2, 7), q(2, 7), q(1, 7)];
    for i in 0..4 {
        assert_eq!(exact(&a, i, "deegan_packel"), dp[i]);
        assert_eq!(exact(&a, i, "banzhaf"), bz[i]);
        assert_eq!(exact(&a, i, "shapley_shubik"), bz[i]);
        assert_eq!(exact(&a, i, "holler"), h[i]);
    }
    assert_eq!(a.minimal_winning_coalitions, Some(3));
    assert_eq!(
        a.smallest_minimal_winning,
        vec![vec![0, 1], vec![0, 2], vec![1, 2, 3]]
    );
}

#[test]
fn equal_power_despite_unequal_weights() {
    // [51; 49, 48, 3]: any two of three win, so all three have equal power (Banzhaf and
    // Shapley–Shubik 1/3 each) — the standard textbook example (Taylor & Pacelli, Mathematics
    // and Politics, 2008, ch. 4).
    let body = weighted_body(&[49, 48, 3]);
    let a = run("yes.weight >= 51", &body, MethodChoice::Profiles);
    for i in 0..3 {
        assert_eq!(exact(&a, i, "banzhaf"), q(1, 3));
        assert_eq!(exact(&a, i, "shapley_shubik"), q(1, 3));
        assert_eq!(exact(&a, i, "johnston"), q(1, 3));
    }
}

fn eu27() -> Body {
    let csv = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/eu27_2024.csv"
    ))
    .unwrap();
    read_members(&csv, "eu27_2024.csv").unwrap()
}

const QMV: &str = "yes >= 55% and yes.population >= 65% or no < 4";

#[test]
fn eu27_council_qualified_majority_with_2024_populations() {
    // TEU Art. 16(4) with World Bank 2024 populations; exact by meet in the middle.
    let body = eu27();
    assert_eq!(body.len(), 27);
    let a = run(QMV, &body, MethodChoice::WeightedDp);
    // Germany, the most populous, has the largest Banzhaf index; Malta the smallest.
    let deu = body.index_of("DEU").unwrap();
    let mlt = body.index_of("MLT").unwrap();
    let bz = |i: usize| a.indices[i].banzhaf.as_ref().unwrap().value;
    assert!((0..27).all(|i| bz(i) <= bz(deu) && bz(i) >= bz(mlt)));
    // Coleman's power to act under the Lisbon rule is about 13% (Baldwin & Widgrén, "Winners and
    // losers under various dual-majority voting rules for the EU's Council of Ministers", CEPS
    // 2004, give 12.9% for EU-27 with the populations of their time): with 2024 populations it
    // must still lie between 12% and 14%.
    let act = a.coleman_act.value;
    assert!((0.12..0.14).contains(&act), "{act}");
    assert!(a.veto_players.is_empty());
}

#[test]
fn meet_in_the_middle_equals_enumeration_on_real_populations() {
    // The 18 most populous EU members (2^18 coalitions: quick to enumerate) under the same rule.
    let all = eu27();
    let pop = all.attribute("population").unwrap();
    let mut order: Vec<usize> = (0..27).collect();
    order.sort_by(|&a, &b| pop[b].partial_cmp(&pop[a]).unwrap());
    order.truncate(18);
    let mut body = Body::new(order.iter().map(|&i| all.members()[i].clone()).collect());
    body.set_attribute("population", order.iter().map(|&i| pop[i]).collect());
    let full = run(QMV, &body, MethodChoice::Enumeration);
    let split = run(QMV, &body, MethodChoice::WeightedDp);
    for i in 0..18 {
        assert_eq!(full.indices[i].banzhaf_raw, split.indices[i].banzhaf_raw);
        assert_eq!(
            exact(&full, i, "shapley_shubik"),
            exact(&split, i, "shapley_shubik")
        );
    }
    assert_eq!(full.winning_coalitions, split.winning_coalitions);
    assert_eq!(
        full.minimal_winning_coalitions,
        split.minimal_winning_coalitions
    );
    assert_eq!(
        full.minimal_blocking_coalitions,
        split.minimal_blocking_coalitions
    );
    assert_eq!(
        full.smallest_minimal_winning,
        split.smallest_minimal_winning
    );
    assert_eq!(
        full.smallest_minimal_blocking,
        split.smallest_minimal_blocking
    );
    for i in 0..18 {
        assert_eq!(exact(&full, i, "holler"), exact(&split, i, "holler"));
        assert_eq!(
            exact(&full, i, "deegan_packel"),
            exact(&split, i, "deegan_packel")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Brute-force oracle: the definitions, coalition by coalition, through `Bound::wins` only.

struct Oracle {
    swings: Vec<u128>,
    ss: Vec<BigRational>,
    wins: u128,
    mwc: u128,
    holler: Vec<u128>,
    dp: Vec<BigRational>,
    johnston: Vec<BigRational>,
    mbc: u128,
}

fn fact(n: usize) -> BigInt {
    (1..=n).fold(BigInt::one(), |a, k| a * BigInt::from(k))
}

fn oracle(b: &Bound) -> Option<Oracle> {
    let n = b.len();
    let all = 1usize << n;
    let flags = |s: usize| (0..n).map(|i| s >> i & 1 == 1).collect::<Vec<_>>();
    let win: Vec<bool> = (0..all).map(|s| b.wins(&flags(s))).collect();
    // Monotone?
    for s in 0..all {
        for i in 0..n {
            if win[s] && !win[s | 1 << i] {
                return None;
            }
        }
    }
    let mut o = Oracle {
        swings: vec![0; n],
        ss: vec![BigRational::zero(); n],
        wins: 0,
        mwc: 0,
        holler: vec![0; n],
        dp: vec![BigRational::zero(); n],
        johnston: vec![BigRational::zero(); n],
        mbc: 0,
    };
    // Shapley–Shubik weight of a swing in a coalition of size s: (s−1)!(n−s)!/n!.
    let ss_weight: Vec<BigRational> = (0..=n)
        .map(|s| {
            if s == 0 {
                BigRational::zero()
            } else {
                BigRational::new(fact(s - 1) * fact(n - s), fact(n))
            }
        })
        .collect();
    let mut ss_count = vec![vec![0u64; n + 1]; n];
    let mut dp_count = vec![vec![0u64; n + 1]; n];
    let mut j_count = vec![vec![0u64; n + 1]; n];
    for s in 0..all {
        let size = s.count_ones() as usize;
        if win[s] {
            o.wins += 1;
            let crit: Vec<usize> = (0..n)
                .filter(|&i| s >> i & 1 == 1 && !win[s & !(1 << i)])
                .collect();
            for &i in &crit {
                o.swings[i] += 1;
                ss_count[i][size] += 1;
                j_count[i][crit.len()] += 1;
            }
            if crit.len() == size {
                o.mwc += 1;
                for &i in &crit {
                    o.holler[i] += 1;
                    dp_count[i][size] += 1;
                }
            }
        } else if (0..n).all(|j| s >> j & 1 == 1 || win[s | 1 << j]) {
            o.mbc += 1;
        }
    }
    let frac = |x: u64, d: usize| BigRational::new(BigInt::from(x), BigInt::from(d));
    for i in 0..n {
        for k in 1..=n {
            o.ss[i] += &ss_weight[k] * BigInt::from(ss_count[i][k]);
            o.dp[i] += frac(dp_count[i][k], k);
            o.johnston[i] += frac(j_count[i][k], k);
        }
    }
    Some(o)
}

fn check_against_oracle(a: &Analysis, o: &Oracle, n: usize) -> Result<(), TestCaseError> {
    let total: u128 = o.swings.iter().sum();
    let h_total: u128 = o.holler.iter().sum();
    let j_total = o.johnston.iter().fold(BigRational::zero(), |x, y| x + y);
    prop_assert_eq!(a.winning_coalitions, Some(o.wins));
    let get = |e: &Option<entente_power::Estimate>| e.as_ref().and_then(|e| e.exact.clone());
    for i in 0..n {
        let m = &a.indices[i];
        prop_assert_eq!(m.banzhaf_raw, Some(o.swings[i]));
        let r =
            |x: u128, d: u128| (d > 0).then(|| BigRational::new(BigInt::from(x), BigInt::from(d)));
        prop_assert_eq!(get(&m.banzhaf), r(o.swings[i], total));
        prop_assert_eq!(get(&m.penrose), r(o.swings[i], 1 << (n - 1)));
        prop_assert_eq!(get(&m.shapley_shubik), Some(o.ss[i].clone()));
        prop_assert_eq!(get(&m.coleman_prevent), r(o.swings[i], o.wins));
        prop_assert_eq!(get(&m.coleman_initiate), r(o.swings[i], (1 << n) - o.wins));
        if m.holler.is_some() || a.minimal_winning_coalitions.is_some() {
            prop_assert_eq!(get(&m.holler), r(o.holler[i], h_total));
            let dp = (o.mwc > 0).then(|| &o.dp[i] / BigRational::from(BigInt::from(o.mwc)));
            prop_assert_eq!(get(&m.deegan_packel), dp);
            let j = (!j_total.is_zero()).then(|| &o.johnston[i] / &j_total);
            prop_assert_eq!(get(&m.johnston), j);
        }
    }
    if a.minimal_winning_coalitions.is_some() {
        prop_assert_eq!(a.minimal_winning_coalitions, Some(o.mwc));
        prop_assert_eq!(a.minimal_blocking_coalitions, Some(o.mbc));
    }
    Ok(())
}

/// Random rules: a weighted quota, optionally with a count condition, a blocking clause or a
/// veto, over weights that repeat often enough to form symmetry classes.
fn arb_game() -> impl Strategy<Value = (Vec<u64>, String)> {
    (1usize..=12)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(0u64..8, n),
                0u32..=100,
                0usize..=n,
                0usize..=n,
                prop::collection::vec(any::<bool>(), n),
                0u8..5,
                any::<bool>(),
            )
        })
        .prop_map(|(w, pct, k, m, veto, shape, big)| {
            // Large weights (like populations) take the meet-in-the-middle path.
            let w: Vec<u64> = if big {
                w.iter().map(|x| x * 100_000_007 + x % 3).collect()
            } else {
                w
            };
            let total: u64 = w.iter().sum();
            let quota = (total * u64::from(pct)).div_ceil(100);
            let vetoes: Vec<String> = veto
                .iter()
                .enumerate()
                .filter(|(_, v)| **v)
                .map(|(i, _)| format!("P{}", i + 1))
                .collect();
            let rule = match shape {
                0 => format!("yes.weight >= {quota}"),
                1 => format!("yes.weight >= {quota} and yes >= {k}"),
                2 => format!("yes.weight >= {quota} and yes >= {k} or no < {m}"),
                3 if !vetoes.is_empty() => {
                    format!("yes.weight >= {quota} and veto({})", vetoes.join(", "))
                }
                _ => format!("yes >= {pct}% or yes.weight > {quota}"),
            };
            (w, rule)
        })
}

/// Rules of the EU Council's family: a size threshold and a weight threshold, or a larger
/// size on its own; weights with many ties, or large like populations.
fn arb_double_majority() -> impl Strategy<Value = (Vec<u64>, String)> {
    (1usize..=12)
        .prop_flat_map(|n| {
            (
                prop::collection::vec(0u64..6, n),
                0u32..=100,
                0usize..=n,
                0usize..=n + 1,
                any::<bool>(),
                any::<bool>(),
            )
        })
        .prop_map(|(w, pct, a, b, big, as_no)| {
            let n = w.len();
            let w: Vec<u64> = if big {
                w.iter().map(|x| x * 100_000_007 + x % 3).collect()
            } else {
                w
            };
            let total: u64 = w.iter().sum();
            let quota = (total * u64::from(pct)).div_ceil(100);
            let b = b.max(a + 1);
            // "or yes >= b" is "or no < n - b + 1" (the EU's blocking-minority clause).
            let or = if as_no {
                format!("no < {}", n + 1 - b.min(n + 1))
            } else {
                format!("yes >= {b}")
            };
            (w, format!("yes >= {a} and yes.weight >= {quota} or {or}"))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn johnston_without_enumeration_matches_the_oracle((w, rule) in arb_double_majority()) {
        let body = weighted_body(&w);
        let bound = parse(&rule).unwrap().bind(&body).unwrap();
        let o = oracle(&bound).expect("these rules are monotone");
        for m in [MethodChoice::WeightedDp, MethodChoice::Auto] {
            let opts = Options { method: m, ..Options::default() };
            let a = analyse(&bound, body.members(), &opts).unwrap();
            if m == MethodChoice::WeightedDp {
                prop_assert!(a.indices.iter().all(|x| x.johnston.is_some() || o.johnston.iter().all(|j| j.is_zero())));
            }
            check_against_oracle(&a, &o, w.len())?;
        }
    }

    #[test]
    fn every_method_matches_the_oracle((w, rule) in arb_game()) {
        let body = weighted_body(&w);
        let bound = parse(&rule).unwrap().bind(&body).unwrap();
        let o = oracle(&bound).expect("these rules are monotone");
        let n = w.len();
        let mut methods = vec![MethodChoice::Profiles, MethodChoice::WeightedDp, MethodChoice::Auto];
        if n >= 6 {
            methods.push(MethodChoice::Enumeration);
        }
        for m in methods {
            let opts = Options { method: m, ..Options::default() };
            match analyse(&bound, body.members(), &opts) {
                Ok(a) => check_against_oracle(&a, &o, n)?,
                Err(e) => prop_assert!(m == MethodChoice::WeightedDp, "{m:?}: {e}"),
            }
        }
    }

    #[test]
    fn axioms_and_member_order((w, rule) in arb_game(), rot in 0usize..12) {
        let body = weighted_body(&w);
        let a = run(&rule, &body, MethodChoice::Auto);
        let n = w.len();
        // Efficiency: Shapley–Shubik always sums to 1 when some coalition wins and the empty
        // one does not; normalised indices sum to 1 whenever defined.
        if a.winning_coalitions.unwrap() > 0 && a.coleman_act.value < 1.0 {
            let s = (0..n).fold(BigRational::zero(), |x, i| x + exact(&a, i, "shapley_shubik"));
            prop_assert_eq!(s, BigRational::one());
            let s = (0..n).fold(BigRational::zero(), |x, i| x + exact(&a, i, "banzhaf"));
            prop_assert_eq!(s, BigRational::one());
        }
        // Null player: a dummy has zero Shapley–Shubik and Holler index.
        for &d in &a.dummies {
            prop_assert!(a.indices[d].shapley_shubik.as_ref().unwrap().value == 0.0);
        }
        // Symmetry: members with the same weight (and veto status) have equal indices.
        let vetoed = |i: usize| rule.contains(&format!("P{},", i + 1)) || rule.contains(&format!("P{})", i + 1));
        for i in 0..n {
            for j in 0..n {
                if w[i] == w[j] && vetoed(i) == vetoed(j) {
                    prop_assert_eq!(&a.indices[i].shapley_shubik, &a.indices[j].shapley_shubik);
                    prop_assert_eq!(a.indices[i].banzhaf_raw, a.indices[j].banzhaf_raw);
                }
            }
        }
        // Member order: rotating the member list (ids follow their weights) rotates the answer.
        let r = rot % n;
        let ids: Vec<String> = (0..n).map(|i| format!("P{}", (i + r) % n + 1)).collect();
        let mut b2 = Body::new(ids);
        b2.set_attribute("weight", (0..n).map(|i| Some(w[(i + r) % n] as f64)).collect());
        let a2 = run(&rule, &b2, MethodChoice::Auto);
        for i in 0..n {
            let j = (i + r) % n;
            prop_assert_eq!(&a2.indices[i].id, &a.indices[j].id);
            prop_assert_eq!(&a2.indices[i].shapley_shubik, &a.indices[j].shapley_shubik);
            prop_assert_eq!(&a2.indices[i].johnston, &a.indices[j].johnston);
            prop_assert_eq!(a2.indices[i].banzhaf_raw, a.indices[j].banzhaf_raw);
        }
    }
}

#[test]
fn non_monotone_rules_are_refused_with_a_witness() {
    let body = weighted_body(&[1, 1, 1, 1, 1, 1]);
    let bound = parse("yes == 3").unwrap().bind(&body).unwrap();
    for m in [
        MethodChoice::Profiles,
        MethodChoice::Enumeration,
        MethodChoice::WeightedDp,
        MethodChoice::MonteCarlo,
    ] {
        let opts = Options {
            method: m,
            samples: 20_000,
            ..Options::default()
        };
        let e = analyse(&bound, body.members(), &opts).unwrap_err();
        assert_eq!(e.kind(), &entente_power::ErrorKind::NotMonotone, "{m:?}");
        assert!(e.to_string().contains("not monotone"), "{e}");
    }
}

#[test]
fn monte_carlo_is_reproducible_and_close() {
    let body = weighted_body(&[4, 4, 4, 2, 2, 1]);
    let bound = parse("yes.weight >= 12").unwrap().bind(&body).unwrap();
    let opts = Options {
        method: MethodChoice::MonteCarlo,
        samples: 50_000,
        seed: 7,
        ..Options::default()
    };
    let a = analyse(&bound, body.members(), &opts).unwrap();
    let b = analyse(&bound, body.members(), &opts).unwrap();
    assert_eq!(a, b);
    // Within a few half-widths of the exact EEC values (Felsenthal & Machover 1998, as above):
    // Shapley–Shubik 14/60 and Penrose 10/32 for France.
    let ss = a.indices[0].shapley_shubik.as_ref().unwrap();
    assert!((ss.value - 14.0 / 60.0).abs() < 3.0 * ss.half_width.unwrap());
    let pz = a.indices[0].penrose.as_ref().unwrap();
    assert!((pz.value - 10.0 / 32.0).abs() < 3.0 * pz.half_width.unwrap());
}

#[test]
fn members_csv_errors_name_the_place() {
    let e = read_members("id,pop\nA,1\nB,x\n", "m.csv").unwrap_err();
    assert!(e.to_string().starts_with("m.csv:3:2:"), "{e}");
    let e = read_members("id,pop\nA,1\nA,2\n", "m.csv").unwrap_err();
    assert!(
        e.to_string().contains("duplicate id `A` (first on line 2)"),
        "{e}"
    );
    let e = read_members("ident,pop\nA,1\n", "m.csv").unwrap_err();
    assert!(e.to_string().contains("no `id` column"), "{e}");
    let e = read_members("id,pop\nA,1,3\n", "m.csv").unwrap_err();
    assert!(e.to_string().starts_with("m.csv:2"), "{e}");
    let b = read_members("id,name,pop\nA,Alpha,1\nB,Beta,\n", "m.csv").unwrap();
    assert_eq!(b.attribute("pop").unwrap(), &[Some(1.0), None]);
    assert!(b.attribute("name").is_none());
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    // Monte Carlo draws chunk k from stream k and enumeration tallies integers: one thread and
    // two threads give identical answers.
    let body = weighted_body(&[9, 8, 7, 6, 5, 4, 3, 2, 1, 1, 1, 1]);
    let bound = parse("yes.weight >= 30 and yes >= 5")
        .unwrap()
        .bind(&body)
        .unwrap();
    let answer = |threads: usize, method: MethodChoice| {
        let opts = Options {
            method,
            samples: 30_000,
            seed: 42,
            ..Options::default()
        };
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| analyse(&bound, body.members(), &opts).unwrap())
    };
    for m in [MethodChoice::MonteCarlo, MethodChoice::Enumeration] {
        assert_eq!(answer(1, m), answer(2, m), "{m:?}");
    }
}

#[test]
fn combined_method_equals_full_enumeration() {
    // 23 EU members (too many distinct members for profiles): `auto` takes every index,
    // Johnston's included, from meet in the middle without looking at every coalition; the answer
    // must be the full enumeration's, fraction for fraction.
    let all = eu27();
    let pop = all.attribute("population").unwrap();
    let keep: Vec<usize> = (0..23).collect();
    let mut body = Body::new(keep.iter().map(|&i| all.members()[i].clone()).collect());
    body.set_attribute("population", keep.iter().map(|&i| pop[i]).collect());
    let auto = run(QMV, &body, MethodChoice::Auto);
    assert_eq!(auto.method, entente_power::Method::WeightedDp);
    let full = run(QMV, &body, MethodChoice::Enumeration);
    assert_eq!(auto.indices, full.indices);
    assert_eq!(auto.coleman_act, full.coleman_act);
    assert_eq!(
        auto.minimal_winning_coalitions,
        full.minimal_winning_coalitions
    );
    assert_eq!(
        auto.smallest_minimal_blocking,
        full.smallest_minimal_blocking
    );
}

/// The EU-27 with populations in thousands (World Bank 2024, rounded): small enough for the
/// generating function, which must give the same numbers as enumerating every coalition.
fn eu27_thousands() -> Body {
    let persons = eu27();
    let pop = persons.attribute("population").unwrap();
    let mut b = Body::new(persons.members().to_vec());
    b.set_attribute(
        "population",
        pop.iter()
            .map(|x| x.map(|x| (x / 1000.0).round()))
            .collect(),
    );
    b
}

#[test]
fn generating_function_equals_enumeration_on_the_eu27_in_thousands() {
    // TEU Art. 16(4) over World Bank 2024 populations in thousands.
    let body = eu27_thousands();
    let gf = run(QMV, &body, MethodChoice::WeightedDp);
    let all = run(QMV, &body, MethodChoice::Enumeration);
    assert!(gf.rounding.is_none());
    assert_eq!(gf.winning_coalitions, all.winning_coalitions);
    for i in 0..27 {
        assert_eq!(gf.indices[i].banzhaf_raw, all.indices[i].banzhaf_raw);
        for k in ["banzhaf", "shapley_shubik", "coleman_prevent"] {
            assert_eq!(exact(&gf, i, k), exact(&all, i, k), "{k} of member {i}");
        }
        let d = gf.indices[i].banzhaf.as_ref().unwrap().value
            - all.indices[i].banzhaf.as_ref().unwrap().value;
        assert!(d.abs() < 1e-12);
    }
}

#[test]
fn a_body_too_large_to_split_is_counted_exactly_with_rounded_populations() {
    // Two copies of the EU-27 (54 members, populations in persons) under a double majority of
    // 75% of members and 65% of population: too many members to split, populations too fine for a
    // table, so they are rounded to thousands and the rounding's reach is reported.
    let one = eu27();
    let pop = one.attribute("population").unwrap().to_vec();
    let mut ids: Vec<String> = one.members().to_vec();
    ids.extend(one.members().iter().map(|m| format!("{m}2")));
    let mut body = Body::new(ids);
    body.set_attribute("population", pop.iter().chain(&pop).copied().collect());
    let a = run(
        "yes >= 75% and yes.population >= 65%",
        &body,
        MethodChoice::Auto,
    );
    assert_eq!(a.method.name(), "weighted-dp");
    let r = a.rounding.as_ref().expect("rounded");
    assert_eq!(r.unit, 1000.0);
    assert!(r.largest_change <= 500.0);
    assert!(r.uncertain_share < 1e-6, "{}", r.uncertain_share);
    // The copies are interchangeable, and the most populous member (Germany, World Bank 2024)
    // swings more often than the least populous (Malta) by far more than the rounding could move.
    let deu = body.index_of("DEU").unwrap();
    let mlt = body.index_of("MLT").unwrap();
    let raw = |i: usize| a.indices[i].banzhaf_raw.unwrap();
    assert_eq!(raw(deu), raw(deu + 27));
    assert!(raw(deu) - raw(mlt) > 2 * r.uncertain_coalitions);
    // Efficiency of the Shapley-Shubik index.
    let ss: f64 = a
        .indices
        .iter()
        .map(|m| m.shapley_shubik.as_ref().unwrap().value)
        .sum();
    assert!((ss - 1.0).abs() < 1e-9, "{ss}");
}

#[test]
fn a_run_stopped_once_ranked_is_the_fixed_run_of_the_samples_it_drew() {
    // Three classes of weight: the ranking (three groups, members of a class equal by symmetry)
    // is stable after the first round of 16 chunks. Stopping early changes nothing but the
    // number of samples: the answer is that of a fixed run of exactly those samples.
    let weights: Vec<u64> = [vec![5; 10], vec![3; 10], vec![1; 20]].concat();
    let body = weighted_body(&weights);
    let bound = parse("yes.weight >= 50%").unwrap().bind(&body).unwrap();
    let opts = Options {
        method: MethodChoice::MonteCarlo,
        coalitions: false,
        johnston: false,
        seed: 9,
        ..Options::default()
    };
    let ranked = analyse(&bound, body.members(), &opts).unwrap();
    let drawn = 16 * entente_power::CHUNK;
    assert_eq!(
        ranked.method,
        entente_power::Method::MonteCarlo {
            samples: drawn,
            seed: 9
        }
    );
    let r = ranked.ranking.as_ref().unwrap();
    assert!(r.stable && r.until_ranked && r.paired);
    assert_eq!(r.groups.len(), 3);
    assert_eq!(r.groups[0], (0..10).collect::<Vec<_>>());
    let fixed = analyse(
        &bound,
        body.members(),
        &Options {
            samples: drawn,
            until_ranked: false,
            ..opts.clone()
        },
    )
    .unwrap();
    assert_eq!(ranked.indices, fixed.indices);
    assert_eq!(ranked.coleman_act, fixed.coleman_act);
    assert_eq!(
        ranked.ranking.as_ref().unwrap().steps,
        fixed.ranking.unwrap().steps
    );
}

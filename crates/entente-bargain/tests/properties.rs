//! Properties of the settlements engine against a brute-force oracle on random small spaces:
//! the frontier (both algorithms) is exactly the set of undominated acceptable packages; the
//! Nash solution is invariant to positive affine rescaling of any party's utility and
//! independent of irrelevant alternatives; the explained collision of red lines is really
//! infeasible and minimal; each proposed concession really opens the packages it says.
//!
//! Numbers are multiples of 1/4 so that every sum is exact and ties are frequent (the oracle
//! sums in its own order; exact arithmetic makes the comparison meaningful).

use entente_bargain::frontier::{frontier_separable, frontier_streaming};
use entente_bargain::{
    Concession, ConstraintRef, Disagreement, Expr, Interaction, Issue, IssuePreference, Link,
    Model, Party, RedLine, Space, analyse, dominates, solutions,
};
use proptest::prelude::*;

/// The oracle's utilities, summed straight from the space.
fn utility(space: &Space, p: usize, values: &[usize]) -> f64 {
    let party = &space.parties[p];
    let mut u = 0.0;
    for (i, pref) in party.preferences.iter().enumerate() {
        if let Some(IssuePreference::Table { weight, values: t }) = pref {
            u += weight * t[values[i]];
        }
    }
    for t in &party.interactions {
        if values[t.a] == t.va && values[t.b] == t.vb {
            u += t.value;
        }
    }
    u
}

fn all_packages(space: &Space) -> Vec<Vec<usize>> {
    let mut out = vec![vec![]];
    for issue in &space.issues {
        out = out
            .into_iter()
            .flat_map(|p| {
                (0..issue.len()).map(move |v| {
                    let mut q = p.clone();
                    q.push(v);
                    q
                })
            })
            .collect();
    }
    out
}

fn valid(space: &Space, pkg: &[usize]) -> bool {
    space.links.iter().all(|l| l.expr.eval(space, pkg))
}

fn acceptable(space: &Space, pkg: &[usize]) -> bool {
    valid(space, pkg)
        && space.parties.iter().enumerate().all(|(p, party)| {
            utility(space, p, pkg) >= party.no_deal
                && party.red_lines.iter().all(|r| r.expr.eval(space, pkg))
        })
}

/// Brute-force frontier: indices of undominated acceptable packages.
fn oracle_frontier(space: &Space) -> (u64, Vec<u64>) {
    let acc: Vec<(u64, Vec<f64>)> = all_packages(space)
        .into_iter()
        .filter(|p| acceptable(space, p))
        .map(|p| {
            let u = (0..space.parties.len())
                .map(|i| utility(space, i, &p))
                .collect();
            (space.encode(&p), u)
        })
        .collect();
    let mut front: Vec<u64> = acc
        .iter()
        .filter(|(_, u)| !acc.iter().any(|(_, v)| dominates(v, u)))
        .map(|(i, _)| *i)
        .collect();
    front.sort_unstable();
    (acc.len() as u64, front)
}

fn quarter() -> impl Strategy<Value = f64> {
    (0i32..=8).prop_map(|x| f64::from(x) / 4.0)
}

#[derive(Debug, Clone)]
struct Params {
    sizes: Vec<usize>,
    parties: usize,
    tables: Vec<Vec<Vec<f64>>>,
    weights: Vec<Vec<f64>>,
    no_deal: Vec<f64>,
    interactions: Vec<(usize, usize, usize, usize, usize, f64)>,
    red_lines: Vec<(usize, usize, Vec<usize>, bool)>,
    links: Vec<(usize, usize, usize, usize)>,
}

fn params(constrained: bool) -> impl Strategy<Value = Params> {
    (prop::collection::vec(1usize..=4, 1..=4), 2usize..=4).prop_flat_map(move |(sizes, parties)| {
        let n = sizes.len();
        let tables = prop::collection::vec(
            sizes
                .iter()
                .map(|s| prop::collection::vec(quarter(), *s))
                .collect::<Vec<_>>(),
            parties,
        );
        let weights = prop::collection::vec(prop::collection::vec(quarter(), n), parties);
        let no_deal = prop::collection::vec((0i32..=6).prop_map(|x| f64::from(x) / 4.0), parties);
        let k = if constrained { 3 } else { 0 };
        let interactions = prop::collection::vec(
            (0..parties, 0..n, 0usize..4, 0..n, 0usize..4, quarter()),
            0..=k,
        );
        let red_lines = prop::collection::vec(
            (
                0..parties,
                0..n,
                prop::collection::vec(0usize..4, 1..=3),
                any::<bool>(),
            ),
            0..=(if constrained { k + 1 } else { 0 }),
        );
        let links = prop::collection::vec((0..n, 0usize..4, 0..n, 0usize..4), 0..=(k / 2));
        (
            Just(sizes),
            Just(parties),
            tables,
            weights,
            no_deal,
            interactions,
            red_lines,
            links,
        )
            .prop_map(
                |(sizes, parties, tables, weights, no_deal, interactions, red_lines, links)| {
                    Params {
                        sizes,
                        parties,
                        tables,
                        weights,
                        no_deal,
                        interactions,
                        red_lines,
                        links,
                    }
                },
            )
    })
}

fn build(p: &Params) -> Space {
    let issues: Vec<Issue> = p
        .sizes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let labels: Vec<String> = (0..*s).map(|v| format!("v{v}")).collect();
            let refs: Vec<&str> = labels.iter().map(String::as_str).collect();
            Issue::categorical(format!("i{i}"), &refs)
        })
        .collect();
    let n = issues.len();
    let mut parties: Vec<Party> = (0..p.parties)
        .map(|q| {
            let mut party = Party::new(format!("p{q}"), n);
            for i in 0..n {
                party.preferences[i] = Some(IssuePreference::Table {
                    weight: p.weights[q][i],
                    values: p.tables[q][i].clone(),
                });
            }
            party.no_deal = p.no_deal[q];
            party
        })
        .collect();
    for &(q, a, va, b, vb, value) in &p.interactions {
        if a != b && va < p.sizes[a] && vb < p.sizes[b] {
            parties[q].interactions.push(Interaction {
                a,
                va,
                b,
                vb,
                value,
                source: None,
            });
        }
    }
    for (j, (q, i, vals, negate)) in p.red_lines.iter().enumerate() {
        let values: Vec<usize> = vals.iter().copied().filter(|v| *v < p.sizes[*i]).collect();
        let e = Expr::In { issue: *i, values };
        let expr = if *negate { Expr::Not(Box::new(e)) } else { e };
        parties[*q].red_lines.push(RedLine {
            id: format!("r{j}"),
            expr,
            source: Some(format!("s{j}")),
        });
    }
    let links = p
        .links
        .iter()
        .enumerate()
        .filter(|(_, (a, va, b, vb))| a != b && *va < p.sizes[*a] && *vb < p.sizes[*b])
        .map(|(j, (a, va, b, vb))| Link {
            id: format!("l{j}"),
            // "if a = va then b = vb"
            expr: Expr::Or(vec![
                Expr::Not(Box::new(Expr::is(*a, *va))),
                Expr::is(*b, *vb),
            ]),
            source: None,
        })
        .collect();
    Space {
        name: "random".into(),
        issues,
        parties,
        links,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn frontier_is_exactly_the_undominated_acceptable_set(p in params(true)) {
        let space = build(&p);
        let model = Model::new(&space).unwrap();
        let (acc, front) = oracle_frontier(&space);
        let f = frontier_streaming(&model);
        prop_assert_eq!(f.acceptable, acc);
        let got: Vec<u64> = f.points.iter().map(|q| q.index).collect();
        prop_assert_eq!(&got, &front);
        for q in &f.points {
            let vals = space.decode(q.index);
            for (i, u) in q.utilities.iter().enumerate() {
                prop_assert_eq!(*u, utility(&space, i, &vals));
            }
        }
    }

    #[test]
    fn separable_frontier_matches_the_oracle(p in params(false)) {
        let space = build(&p);
        let model = Model::new(&space).unwrap();
        prop_assert!(model.separable());
        let (acc, front) = oracle_frontier(&space);
        let f = frontier_separable(&model);
        prop_assert_eq!(f.acceptable, acc);
        let got: Vec<u64> = f.points.iter().map(|q| q.index).collect();
        prop_assert_eq!(got, front);
    }

    #[test]
    fn nash_is_invariant_to_positive_affine_rescaling(
        p in params(true),
        who in 0usize..4,
        a in prop::sample::select(vec![0.5, 2.0, 4.0]),
        b in prop::sample::select(vec![-1.0, 0.5, 3.0]),
    ) {
        let space = build(&p);
        let who = who % space.parties.len();
        let before = analyse(&space, Disagreement::NoDeal).unwrap().solutions.nash.map(|x| x.index);
        let mut s2 = space.clone();
        let party = &mut s2.parties[who];
        for pref in party.preferences.iter_mut().flatten() {
            if let IssuePreference::Table { values, .. } = pref {
                values.iter_mut().for_each(|v| *v *= a);
            }
        }
        for t in &mut party.interactions {
            t.value *= a;
        }
        // Add b through an extra constant issue with one value.
        s2.issues.push(Issue::categorical("constant", &["only"]));
        for (q, pp) in s2.parties.iter_mut().enumerate() {
            let v = if q == who { b } else { 0.0 };
            pp.preferences.push(Some(IssuePreference::Table { weight: 1.0, values: vec![v] }));
        }
        s2.parties[who].no_deal = a * s2.parties[who].no_deal + b;
        let after = analyse(&s2, Disagreement::NoDeal).unwrap().solutions.nash.map(|x| x.index);
        // Package indices are unchanged by a trailing one-value issue.
        prop_assert_eq!(before, after);
    }

    #[test]
    fn nash_is_independent_of_irrelevant_alternatives(p in params(true), cut in 0usize..4, val in 0usize..4) {
        let space = build(&p);
        let Some(nash) = analyse(&space, Disagreement::NoDeal).unwrap().solutions.nash else {
            return Ok(());
        };
        let vals = space.decode(nash.index);
        let cut = cut % space.issues.len();
        let val = val % space.issues[cut].len();
        prop_assume!(vals[cut] != val);
        // Remove every package with issue `cut` = `val` (the Nash package stays).
        let mut s2 = space.clone();
        s2.links.push(Link { id: "cut".into(), expr: Expr::Not(Box::new(Expr::is(cut, val))), source: None });
        let after = analyse(&s2, Disagreement::NoDeal).unwrap().solutions.nash.map(|x| x.index);
        prop_assert_eq!(after, Some(nash.index));
    }

    #[test]
    fn the_collision_is_infeasible_and_minimal(p in params(true)) {
        let space = build(&p);
        let a = analyse(&space, Disagreement::NoDeal).unwrap();
        let Some(no) = a.no_deal else {
            prop_assert!(a.acceptable > 0);
            return Ok(());
        };
        prop_assert_eq!(a.acceptable, 0);
        let pkgs: Vec<Vec<usize>> = all_packages(&space).into_iter().filter(|x| valid(&space, x)).collect();
        let holds = |c: &ConstraintRef, x: &[usize]| match *c {
            ConstraintRef::RedLine { party, line } => space.parties[party].red_lines[line].expr.eval(&space, x),
            ConstraintRef::NoDeal { party } => utility(&space, party, x) >= space.parties[party].no_deal,
        };
        let set: Vec<ConstraintRef> = no.collision.iter().map(|c| c.constraint).collect();
        // Infeasible: no valid package meets them all.
        prop_assert!(!pkgs.iter().any(|x| set.iter().all(|c| holds(c, x))));
        // Minimal: without any one, some package meets the rest (and the witness is one).
        for (i, c) in no.collision.iter().enumerate() {
            let rest: Vec<&ConstraintRef> = set.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, c)| c).collect();
            prop_assert!(pkgs.iter().any(|x| rest.iter().all(|c| holds(c, x))));
            let w = space.decode(c.witness.unwrap());
            prop_assert!(rest.iter().all(|c| holds(c, &w)));
            prop_assert!(!holds(&c.constraint, &w));
        }
        // Every red-line concession opens exactly what it says.
        for con in &no.concessions {
            if let Concession::RelaxRedLines { parties, red_lines, opens } = con {
                let mut s2 = space.clone();
                for (pid, rid) in parties.iter().zip(red_lines) {
                    let party = s2.parties.iter_mut().find(|q| &q.id == pid).unwrap();
                    party.red_lines.retain(|r| &r.id != rid);
                }
                prop_assert_eq!(oracle_frontier(&s2).0, *opens);
            }
            if let Concession::LowerNoDeal { party, to, .. } = con {
                let mut s2 = space.clone();
                s2.parties.iter_mut().find(|q| &q.id == party).unwrap().no_deal = *to;
                prop_assert!(oracle_frontier(&s2).0 > 0);
            }
        }
    }
}

#[test]
fn solutions_on_a_textbook_frontier() {
    // Two parties splitting 4 units (u1 = x, u2 = 4 - x) with disagreement (0, 0): Nash, KS,
    // egalitarian all give the equal split (Nash 1950; Kalai & Smorodinsky 1975).
    let pts: Vec<entente_bargain::Point> = (0..=4)
        .map(|x| entente_bargain::Point {
            index: x,
            utilities: vec![x as f64, 4.0 - x as f64],
        })
        .collect();
    let s = solutions::solve(&pts, 2, &[0.0, 0.0]);
    assert_eq!(s.nash.unwrap().index, 2);
    assert_eq!(s.kalai_smorodinsky.unwrap().index, 2);
    assert_eq!(s.egalitarian.unwrap().index, 2);
    // Every point has welfare 4: the smallest index wins the tie.
    assert_eq!(s.utilitarian.unwrap().index, 0);
}

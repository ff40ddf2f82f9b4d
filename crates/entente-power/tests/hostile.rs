//! Hostile inputs to the power engine, one test per thing that once went wrong: weights too large
//! for floating point called exact, a Monte Carlo run of zero samples, members files whose bad
//! cells were taken for a text column, duplicate headers, `auto` refusing large bodies of
//! interchangeable members, Monte Carlo work growing with the square of the body, and time limits.

use entente_power::{ErrorKind, MethodChoice, Options, analyse, read_members};
use entente_rules::{Body, parse};

fn weighted(weights: &[f64]) -> Body {
    let ids: Vec<String> = (0..weights.len()).map(|i| format!("P{}", i + 1)).collect();
    let mut b = Body::new(ids);
    b.set_attribute("weight", weights.iter().map(|&w| Some(w)).collect());
    b
}

fn opts(method: MethodChoice) -> Options {
    Options {
        method,
        ..Options::default()
    }
}

#[test]
fn weights_above_2_pow_53_are_not_reported_exact() {
    // 2^53 + 1 is not a double: sums of such weights round, so nothing may be called exact.
    let big = 9_007_199_254_740_993_f64;
    let body = weighted(&[big, big, 1.0]);
    let bound = parse("yes.weight >= 50%").unwrap().bind(&body).unwrap();
    let a = analyse(&bound, body.members(), &opts(MethodChoice::Auto)).unwrap();
    assert!(!a.exact, "{:?}", a.method);
    assert!(a.coleman_act.exact.is_none());
    assert!(
        a.indices
            .iter()
            .all(|m| m.banzhaf.as_ref().is_none_or(|e| e.exact.is_none()))
    );
    assert!(a.veto_players.is_empty() && a.dummies.is_empty());
    assert!(
        a.notes.iter().any(|n| n.starts_with("not exact")),
        "{:?}",
        a.notes
    );
}

#[test]
fn weights_near_1e308_that_overflow_are_refused() {
    let body = weighted(&[1e308, 1e308, 1.0]);
    let bound = parse("yes.weight >= 1").unwrap().bind(&body).unwrap();
    let e = analyse(&bound, body.members(), &opts(MethodChoice::Auto)).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::TooLarge);
    assert!(e.to_string().contains("`weight`"), "{e}");
}

#[test]
fn small_integer_weights_stay_exact() {
    let body = weighted(&[4.0, 4.0, 4.0, 2.0, 2.0, 1.0]);
    let bound = parse("yes.weight >= 12").unwrap().bind(&body).unwrap();
    let a = analyse(&bound, body.members(), &opts(MethodChoice::Auto)).unwrap();
    assert!(a.exact);
    // Decimal weights such as 0.1 are not sums floating point can do exactly.
    let body = weighted(&[0.1, 0.2, 0.3, 0.4]);
    let bound = parse("yes.weight >= 0.6").unwrap().bind(&body).unwrap();
    let a = analyse(&bound, body.members(), &opts(MethodChoice::Auto)).unwrap();
    assert!(!a.exact);
}

#[test]
fn zero_monte_carlo_samples_is_an_error_not_one_sample() {
    let body = weighted(&[1.0, 2.0, 3.0]);
    let bound = parse("yes.weight >= 4").unwrap().bind(&body).unwrap();
    let o = Options {
        method: MethodChoice::MonteCarlo,
        samples: 0,
        ..Options::default()
    };
    assert!(analyse(&bound, body.members(), &o).is_err());
}

#[test]
fn members_csv_whose_first_cell_is_n_a_is_a_located_error() {
    let e = read_members("id,population\nA,n/a\nB,20\nC,30\n", "m.csv").unwrap_err();
    assert!(e.to_string().starts_with("m.csv:2:2: `n/a`"), "{e}");
    let p = e.place().unwrap();
    assert_eq!((p.file.as_str(), p.line, p.column), ("m.csv", 2, Some(2)));
}

#[test]
fn members_csv_whose_first_cell_is_1e400_is_a_located_error() {
    let e = read_members("id,population\nA,1e400\nB,20\n", "m.csv").unwrap_err();
    assert!(e.to_string().starts_with("m.csv:2:2: `1e400`"), "{e}");
    assert!(e.to_string().contains("too large"), "{e}");
    for bad in ["NaN", "inf"] {
        let e = read_members(&format!("id,population\nA,1\nB,{bad}\n"), "m.csv").unwrap_err();
        assert!(e.to_string().starts_with("m.csv:3:2:"), "{e}");
    }
}

#[test]
fn members_csv_with_a_duplicate_header_is_an_error() {
    let e = read_members("id,population,population\nA,1,2\n", "m.csv").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("m.csv:1:3: duplicate column `population`"),
        "{e}"
    );
}

#[test]
fn members_csv_text_columns_are_still_ignored() {
    let b = read_members(
        "id,name,population,source\nA,Alpha,1,census 2021\nB,Beta 2,2,\nC,3rd,3,x\n",
        "m.csv",
    )
    .unwrap();
    let names: Vec<&str> = b.attribute_names().collect();
    assert_eq!(names, ["population"]);
}

fn interchangeable(n: usize) -> Body {
    Body::new((0..n).map(|i| format!("M{i}")).collect())
}

#[test]
fn auto_falls_back_to_monte_carlo_on_127_to_668_interchangeable_members() {
    for n in [127, 300, 668] {
        let body = interchangeable(n);
        let rule = format!("yes >= {}", n / 2 + 1);
        let bound = parse(&rule).unwrap().bind(&body).unwrap();
        let o = Options {
            samples: 64,
            ..Options::default()
        };
        let a = analyse(&bound, body.members(), &o).unwrap_or_else(|e| panic!("{n}: {e}"));
        assert_eq!(a.method.name(), "monte-carlo", "{n}");
        assert!(!a.exact);
    }
}

/// Seconds a Monte Carlo run of `samples` takes on `n` members with a veto list of half of them
/// and a distinct weight each (the fastest of three runs).
fn monte_carlo_seconds(n: usize, samples: u64) -> f64 {
    let ids: Vec<String> = (0..n).map(|i| format!("M{i}")).collect();
    let mut body = Body::new(ids.clone());
    body.set_attribute("w", (0..n).map(|i| Some(i as f64 + 1.0)).collect());
    let vetoes: Vec<&str> = ids.iter().step_by(2).map(String::as_str).collect();
    let rule = format!("yes.w >= 50% and veto({})", vetoes.join(", "));
    let bound = parse(&rule).unwrap().bind(&body).unwrap();
    let o = Options {
        method: MethodChoice::MonteCarlo,
        samples,
        coalitions: false,
        johnston: false,
        ..Options::default()
    };
    (0..3)
        .map(|_| {
            let t = std::time::Instant::now();
            analyse(&bound, body.members(), &o).unwrap();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

#[test]
fn monte_carlo_work_is_linear_in_members_not_quadratic() {
    // Four times the members: a linear sample takes about four times as long, a quadratic one
    // sixteen times. Allow a wide margin for a busy machine.
    let small = monte_carlo_seconds(1500, 32);
    let large = monte_carlo_seconds(6000, 32);
    assert!(
        large < 10.0 * small,
        "1500 members: {small:.3} s, 6000 members: {large:.3} s"
    );
}

#[test]
fn max_seconds_gives_a_partial_answer_labelled_partial_and_reproducible() {
    let body = interchangeable(3000);
    let bound = parse("yes >= 1501").unwrap().bind(&body).unwrap();
    let o = Options {
        method: MethodChoice::MonteCarlo,
        samples: u64::MAX / 2,
        max_seconds: Some(0.2),
        ..Options::default()
    };
    let t = std::time::Instant::now();
    let a = analyse(&bound, body.members(), &o).unwrap();
    assert!(t.elapsed().as_secs_f64() < 30.0);
    assert!(a.partial);
    assert!(
        a.notes.iter().any(|n| n.starts_with("partial")),
        "{:?}",
        a.notes
    );
    let entente_power::Method::MonteCarlo { samples, .. } = a.method else {
        panic!("{:?}", a.method)
    };
    assert!(samples > 0 && samples < u64::MAX / 2);
    // The partial answer is the full answer of the samples it reports.
    let full = analyse(
        &bound,
        body.members(),
        &Options {
            samples,
            max_seconds: None,
            ..o
        },
    )
    .unwrap();
    assert!(!full.partial);
    assert_eq!(full.indices, a.indices);
    assert_eq!(full.coleman_act, a.coleman_act);
}

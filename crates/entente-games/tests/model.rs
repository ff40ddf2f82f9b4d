//! Checks of the estimator that need no third-party material: the analytic gradient and Hessian
//! against central differences of the log-likelihood and of the gradient in all three forms, `games`' naming and factor
//! coding (levels sorted, the first dropped, unused levels dropped after missing rows go), the
//! formula reader's located errors, and a seeded mutation run over data and formulas that must
//! end in an answer or an error, never a panic.

use entente_games::data::read_csv;
use entente_games::design::design;
use entente_games::egame12::{Model, names};
use entente_games::formula::parse;
use entente_games::{ErrorKind, Form, Link, estimate};

/// Twelve invented rows: two outcome dummies, two numbers, a factor with a level (`zz`) only on
/// the row whose `x` is missing.
const DATA: &str = "esc,war,x,z,g
0,0,0.5,0.1,b
1,0,-0.2,0.7,a
1,1,0.9,-0.4,c
0,1,0.3,0.2,a
1,1,-0.8,-0.9,b
1,0,0.1,0.5,c
0,0,0.7,0.3,b
1,1,-0.5,-0.1,a
NA,0,0.2,0.2,a
1,0,,0.8,zz
0,0,0.6,-0.3,c
1,1,-0.3,-0.6,b
";

#[test]
fn gradient_is_the_derivative_of_the_log_likelihood() {
    let frame = read_csv("t.csv", DATA).unwrap();
    let f = parse("esc + war ~ x | 0 | g | z").unwrap();
    let d = design(&frame, &f).unwrap();
    for (link, form) in [
        (Link::Probit, Form::Agent),
        (Link::Logit, Form::Agent),
        (Link::Probit, Form::Private),
    ] {
        let m = Model {
            link,
            form,
            widths: std::array::from_fn(|k| d.equations[k].width()),
        };
        let k = m.parameters();
        let b: Vec<f64> = (0..k).map(|i| 0.3 - 0.17 * i as f64).collect();
        let mut g = vec![0.0; k];
        m.log_likelihood(&b, &d, Some(&mut g));
        for i in 0..k {
            let h = 1e-6;
            let mut bp = b.clone();
            bp[i] += h;
            let mut bm = b.clone();
            bm[i] -= h;
            let num =
                (m.log_likelihood(&bp, &d, None) - m.log_likelihood(&bm, &d, None)) / (2.0 * h);
            assert!(
                (num - g[i]).abs() < 1e-6 * (1.0 + num.abs()),
                "{link:?} {form:?} parameter {i}: analytic {} numeric {num}",
                g[i]
            );
        }
    }
}

#[test]
fn hessian_is_the_derivative_of_the_gradient() {
    let frame = read_csv("t.csv", DATA).unwrap();
    let f = parse("esc + war ~ x | 0 | g | z").unwrap();
    let d = design(&frame, &f).unwrap();
    for (link, form) in [
        (Link::Probit, Form::Agent),
        (Link::Logit, Form::Agent),
        (Link::Probit, Form::Private),
    ] {
        let m = Model {
            link,
            form,
            widths: std::array::from_fn(|k| d.equations[k].width()),
        };
        let k = m.parameters();
        let b: Vec<f64> = (0..k).map(|i| 0.3 - 0.17 * i as f64).collect();
        let h = m.hessian(&b, &d);
        let fd = entente_games::optim::hessian(&b, &mut |x: &[f64], g: &mut [f64]| {
            m.log_likelihood(x, &d, Some(g));
        });
        for i in 0..k * k {
            assert!(
                (h[i] - fd[i]).abs() < 1e-6 * (1.0 + fd[i].abs()),
                "{link:?} {form:?} entry {i}: analytic {} numeric {}",
                h[i],
                fd[i]
            );
        }
    }
}

#[test]
fn names_and_factor_coding_follow_games() {
    let frame = read_csv("t.csv", DATA).unwrap();
    let f = parse("esc + war ~ x | 0 | g | z").unwrap();
    let d = design(&frame, &f).unwrap();
    // Rows with a missing esc (line 10) or x (line 11) are dropped; `zz` occurs only there, so
    // it is no level (R's drop.unused.levels); `a` is the first level and has no dummy.
    assert_eq!(d.dropped, 2);
    assert_eq!(d.y.len(), 10);
    assert_eq!(
        names(&d),
        [
            "u1(~esc):(Intercept)",
            "u1(~esc):x",
            "u1(esc,war):(Intercept)",
            "u1(esc,war):gb",
            "u1(esc,war):gc",
            "u2(esc,war):(Intercept)",
            "u2(esc,war):z",
        ]
    );
    assert_eq!(d.outcomes, ["~esc", "esc,~war", "esc,war"]);
    // Line 2 is the status quo (its war = 0 is ignored), line 5 too (war = 1 without esc).
    assert_eq!(d.lines[0], 2);
    assert_eq!(d.y[0], 0);
    assert_eq!(d.y[3], 0);
    assert_eq!(d.y[2], 2);
    // No intercept with `0 +`, a constant alone with `1`.
    let f = parse("esc + war ~ 0 + x | 0 | 1 | z - 1").unwrap();
    let d = design(&frame, &f).unwrap();
    assert_eq!(
        names(&d),
        ["u1(~esc):x", "u1(esc,war):(Intercept)", "u2(esc,war):z"]
    );
}

#[test]
fn formula_errors_are_located() {
    let at = |f: &str| {
        let e = parse(f).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Formula);
        e.column().unwrap()
    };
    assert_eq!(at("esc + war ~ x:z | 0 | 1 | z"), 14);
    assert_eq!(at("esc + war ~ x | | 1 | z"), 17);
    assert_eq!(at("esc + war ~ x + + z"), 17);
    assert_eq!(at("esc + war ~ x z"), 15);
    assert_eq!(at("esc + war ~ `x"), 13);
    assert_eq!(at("esc + war"), 10);
    // An unknown column: located, with a did-you-mean.
    let e = estimate(
        "t.csv",
        DATA,
        "esc + war ~ xx | 0 | g | z",
        Link::Probit,
        Form::Agent,
    )
    .unwrap_err();
    assert_eq!(e.column(), Some(13));
    assert_eq!(e.hint(), Some("did you mean `x`?"));
    // A regressor in all three of player 1's utilities is not identified (games refuses it).
    let e = estimate(
        "t.csv",
        DATA,
        "esc + war ~ x | x | x | z",
        Link::Probit,
        Form::Agent,
    )
    .unwrap_err();
    assert!(e.message().contains("not identified"), "{e}");
}

#[test]
fn csv_errors_are_located() {
    let e = read_csv("d.csv", "a,b\n1,2\n3\n").unwrap_err();
    assert_eq!((e.kind(), e.line()), (ErrorKind::Csv, Some(3)));
    let e = read_csv("d.csv", "a,a\n1,2\n").unwrap_err();
    assert_eq!(e.line(), Some(1));
    let e = read_csv("d.csv", "a,b\n1,inf\n").unwrap_err();
    assert_eq!(e.line(), Some(2));
    let e = estimate(
        "d.csv",
        "esc,war,x\n1,2,3\n",
        "esc + war ~ x | 0 | 1 | 1",
        Link::Probit,
        Form::Agent,
    )
    .unwrap_err();
    assert_eq!((e.kind(), e.line()), (ErrorKind::Data, Some(2)));
}

/// A seeded mutation run: every mutant of the data and of the formula ends in a fit or an
/// error, never a panic.
#[test]
fn mutants_never_panic() {
    let formula = "esc + war ~ x | 0 | g | z";
    let pieces = [
        ",", "\n", "\"", "NA", "1e308", "-", "|", "~", "+", "0", "`", " ", "é", "x", ":", "",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..300 {
        let mut data: Vec<char> = DATA.chars().collect();
        let mut f: Vec<char> = formula.chars().collect();
        for _ in 0..1 + next(3) {
            let target = if next(2) == 0 { &mut data } else { &mut f };
            let at = next(target.len() + 1);
            let piece = pieces[next(pieces.len())];
            if next(2) == 0 && at < target.len() {
                target.remove(at);
            }
            for (j, c) in piece.chars().enumerate() {
                target.insert(at + j, c);
            }
        }
        let data: String = data.into_iter().collect();
        let f: String = f.into_iter().collect();
        for (link, form) in [(Link::Probit, Form::Agent), (Link::Logit, Form::Private)] {
            let _ = estimate("m.csv", &data, &f, link, form);
        }
    }
}

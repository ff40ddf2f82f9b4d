//! Hostile rules: nesting far beyond anything real and chains of tens of thousands of terms.
//! Each test is named after what used to break (a stack overflow); all run on the test
//! harness's ordinary 2 MiB thread stack.

use entente_rules::{Body, MAX_DEPTH, Vote, parse};

fn body(n: usize) -> Body {
    Body::new((0..n).map(|i| format!("M{i}")).collect())
}

#[test]
fn six_thousand_nested_parentheses_are_a_located_error_not_a_stack_overflow() {
    let src = format!("{}yes >= 1{}", "(".repeat(6000), ")".repeat(6000));
    let e = parse(&src).unwrap_err();
    assert!(e.message.contains("nested too deeply"), "{e}");
    assert_eq!(
        e.span.start, MAX_DEPTH,
        "points at the first parenthesis past the limit"
    );
}

#[test]
fn a_not_chain_of_100000_is_a_located_error() {
    let src = format!("{}yes >= 1", "not ".repeat(100_000));
    let e = parse(&src).unwrap_err();
    assert!(e.message.contains("nested too deeply"), "{e}");
    assert_eq!(e.span.start, 4 * MAX_DEPTH);
}

#[test]
fn nesting_up_to_the_limit_still_parses() {
    let src = format!("{}yes >= 1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
    assert!(parse(&src).is_ok());
    let src = format!("{}yes >= 1", "not ".repeat(MAX_DEPTH));
    let r = parse(&src).unwrap();
    // An even number of negations: passes exactly when `yes >= 1` does.
    let b = r.bind(&body(2)).unwrap();
    assert!(b.passes(&[Vote::Yes, Vote::No]));
    assert!(!b.passes(&[Vote::No, Vote::No]));
}

#[test]
fn an_or_chain_of_40000_terms_parses_binds_evaluates_and_prints() {
    let src = (0..40_000)
        .map(|i| format!("yes >= {}", i + 1))
        .collect::<Vec<_>>()
        .join(" or ");
    let r = parse(&src).unwrap();
    assert!(r.depth() <= 2);
    let printed = r.to_string();
    assert_eq!(printed, src);
    assert_eq!(parse(&printed).unwrap(), r);
    let b = r.bind(&body(3)).unwrap();
    assert!(b.passes(&[Vote::Yes, Vote::No, Vote::No]));
    assert!(!b.passes(&[Vote::No, Vote::No, Vote::No]));
    assert!(b.wins(&[true, false, false]));
}

#[test]
fn an_and_chain_of_40000_terms_evaluates() {
    let src = (0..40_000)
        .map(|i| format!("no <= {}", i))
        .collect::<Vec<_>>()
        .join(" and ");
    let b = parse(&src).unwrap().bind(&body(2)).unwrap();
    assert!(b.passes(&[Vote::Yes, Vote::Yes]));
    assert!(!b.passes(&[Vote::Yes, Vote::No]));
}

#[test]
fn a_veto_list_of_50000_unknown_members_reports_without_overflow() {
    let ids: Vec<String> = (0..50_000).map(|i| format!("X{i}")).collect();
    let src = format!("veto({})", ids.join(", "));
    let errs = parse(&src).unwrap().bind(&body(3)).unwrap_err();
    assert_eq!(errs.len(), 50_000);
}

#[test]
fn a_hand_built_rule_deeper_than_the_limit_is_refused_by_bind_and_elided_by_print() {
    let mut r = parse("yes >= 1").unwrap();
    for _ in 0..100_000 {
        let span = r.span();
        r = entente_rules::Rule::Not(Box::new(r), span);
    }
    assert!(r.bind(&body(1)).is_err());
    assert!(r.to_string().contains("(...)"));
    // Dropping a deep tree is recursive in Rust: leak it rather than overflow in the test.
    std::mem::forget(r);
}

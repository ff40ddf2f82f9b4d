//! A bounded, seeded, stable-Rust stand-in for the `rule` fuzz target (which needs nightly):
//! the seeds of `fuzz/seeds/rule` and the rules of the documentation are mutated byte by byte
//! and token by token, a fixed number of times from a fixed seed, and every result must either
//! fail with an error inside the text or parse into a rule whose canonical print parses back to
//! the same rule, binds and evaluates without panicking.

use std::time::{Duration, Instant};

use entente_rules::{Body, Vote, parse};

/// Cases per run and the wall-clock bound (whichever comes first).
const CASES: usize = 20_000;
const TIME: Duration = Duration::from_secs(20);

/// xorshift64*: small, seeded, the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const TOKENS: &[&str] = &[
    "(",
    ")",
    " and ",
    " or ",
    "not ",
    "veto(",
    ", ",
    "%",
    "yes",
    "no",
    "abstain",
    "absent",
    ".population",
    ".weight",
    "==",
    ">=",
    "<=",
    "!=",
    ">",
    "<",
    "=",
    "!",
    "all",
    "consensus",
    "unanimity",
    "0",
    "9",
    "100",
    "55.5",
    "1e3",
    "_",
    "-",
    " ",
    "\n",
    "\t",
    "\u{1b}",
    "é",
    "≥",
    "((((((((((",
    "))))))))))",
    "not not not not ",
];

fn mutate(rng: &mut Rng, seeds: &[String], s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            1 if !b.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(b.len());
                b.drain(at.min(end)..end);
            }
            2 | 3 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                b.splice(at..at, t.bytes());
            }
            4 if !b.is_empty() => {
                let start = rng.below(b.len());
                let end = (start + 1 + rng.below(16)).min(b.len());
                let piece = b[start..end].to_vec();
                b.splice(at..at, piece);
            }
            _ => {
                let other = &seeds[rng.below(seeds.len())];
                let cut = rng.below(other.len() + 1);
                b.truncate(at);
                b.extend_from_slice(&other.as_bytes()[cut..]);
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

fn seeds() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/rule");
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .collect()
        })
        .unwrap_or_default();
    out.extend(
        [
            "no == 0",
            "yes == all",
            "yes >= 55% and yes.population >= 65% or no < 4",
            "yes >= 9 and veto(USA, GBR, FRA, RUS, CHN)",
            "yes.weight >= 12",
            "not (yes >= 2 or no >= 2) and consensus",
        ]
        .map(String::from),
    );
    out
}

fn body() -> Body {
    let mut b = Body::new(
        ["USA", "GBR", "FRA", "RUS", "CHN"]
            .map(String::from)
            .to_vec(),
    );
    b.set_attribute(
        "population",
        vec![Some(3.0), Some(1.0), Some(1.0), Some(2.0), Some(4.0)],
    );
    b.set_attribute(
        "weight",
        vec![Some(5.0), Some(4.0), Some(3.0), Some(2.0), Some(1.0)],
    );
    b
}

#[test]
fn mutated_rules_fail_in_place_or_round_trip_and_evaluate() {
    let seeds = seeds();
    let body = body();
    let mut rng = Rng(0x5EED_0F20_2600);
    let start = Instant::now();
    let mut parsed = 0;
    for case in 0..CASES {
        if start.elapsed() > TIME {
            break;
        }
        let base = seeds[rng.below(seeds.len())].clone();
        let text = mutate(&mut rng, &seeds, &base);
        match parse(&text) {
            Err(e) => assert!(
                e.span.start <= e.span.end && e.span.end <= text.len(),
                "case {case}: error outside {text:?}: {e:?}"
            ),
            Ok(rule) => {
                parsed += 1;
                let printed = rule.to_string();
                let again = parse(&printed)
                    .unwrap_or_else(|e| panic!("case {case}: {printed:?} does not parse: {e}"));
                assert_eq!(rule, again, "case {case}: {text:?} -> {printed:?}");
                if let Ok(bound) = rule.bind(&body) {
                    let votes = [Vote::Yes, Vote::No, Vote::Abstain, Vote::Absent, Vote::Yes];
                    let _ = bound.passes(&votes);
                    let _ = bound.wins(&[true, false, true, false, true]);
                }
            }
        }
    }
    assert!(
        parsed > 0,
        "no mutated rule parsed: the mutations are too destructive"
    );
}

//! A bounded, seeded, stable-Rust stand-in for the `condition` and `scenario` fuzz targets
//! (which need nightly): seeds are mutated byte by byte and token by token, a fixed number of
//! times from a fixed seed and within a time bound. A condition either fails inside its text or
//! prints to text that reads back to the same text; a scenario always reads into diagnostics
//! that point inside their file and render without a raw control character.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use entente_scenario::load::InMemory;

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

fn mutate(rng: &mut Rng, tokens: &[&str], seeds: &[String], s: &str) -> String {
    let mut b = s.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            1 if !b.is_empty() => {
                let end = (at + 1 + rng.below(12)).min(b.len());
                b.drain(at.min(end)..end);
            }
            2 | 3 => {
                let t = tokens[rng.below(tokens.len())];
                b.splice(at..at, t.bytes());
            }
            4 if !b.is_empty() => {
                let start = rng.below(b.len());
                let end = (start + 1 + rng.below(32)).min(b.len());
                let piece = b[start..end].to_vec();
                b.splice(at..at, piece);
            }
            _ => {
                let other = &seeds[rng.below(seeds.len())];
                let cut = rng.below(other.len() + 1);
                let keep = rng.below(64);
                let end = (cut + keep).min(other.len());
                b.splice(at..at, other.as_bytes()[cut..end].iter().copied());
            }
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_in(dir: &Path, ext: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_in(&p, ext, out);
        } else if ext.is_empty() || p.extension().is_some_and(|x| x == ext) {
            if let Ok(t) = std::fs::read_to_string(&p) {
                out.push(t);
            }
        }
    }
}

const CONDITION_TOKENS: &[&str] = &[
    "(",
    ")",
    " and ",
    " or ",
    "not ",
    ",",
    "verified(",
    "in_force(",
    "breached(",
    "phase(",
    "member(",
    "after(",
    "true",
    "false",
    ".",
    "2026-02-30",
    "RUS",
    " from ",
    "\u{1b}",
    "é",
    "((((((((",
    "))))))))",
    "not not not ",
];

#[test]
fn mutated_conditions_fail_in_place_or_print_stably() {
    let mut seeds = Vec::new();
    files_in(&root().join("fuzz/seeds/condition"), "", &mut seeds);
    seeds.push("in_force(pact) and (breached(other) or not phase(p.q))".into());
    let mut rng = Rng(0xC04D_1710_4E00);
    let start = Instant::now();
    let mut parsed = 0;
    for case in 0..20_000 {
        if start.elapsed() > TIME {
            break;
        }
        let base = seeds[rng.below(seeds.len())].clone();
        let text = mutate(&mut rng, CONDITION_TOKENS, &seeds, &base);
        match entente_scenario::cond::parse(&text) {
            Err(e) => assert!(
                e.span.start <= e.span.end && e.span.end <= text.len(),
                "case {case}: error outside {text:?}: {e:?}"
            ),
            Ok(c) => {
                parsed += 1;
                let printed = c.to_string();
                let again = entente_scenario::cond::parse(&printed)
                    .unwrap_or_else(|e| panic!("case {case}: {printed:?} does not parse: {e:?}"));
                assert_eq!(printed, again.to_string(), "case {case}: {text:?}");
            }
        }
    }
    assert!(parsed > 0);
}

const SCENARIO_TOKENS: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]",
    "=",
    "\"",
    "'",
    "\"\"\"",
    ",",
    "{",
    "}",
    ".",
    "\n",
    "\r\n",
    "#",
    "\u{0}",
    "\u{1b}[31m",
    "\u{feff}",
    "\u{202e}",
    "[actor.",
    "[institution.",
    "[agreement.",
    "[zone.",
    "include = [\"../x.toml\"]",
    "include = [\"/etc/passwd\"]",
    "rule = \"",
    "when = \"",
    "members = [\"AAA\"]",
    "2026-02-30",
    "9999999999999999999",
    "nan",
    "inf",
    "true",
    "é",
];

#[test]
fn mutated_scenarios_read_into_located_escaped_diagnostics() {
    let mut seeds = Vec::new();
    files_in(&root().join("scenarios/ok"), "toml", &mut seeds);
    files_in(&root().join("scenarios/err"), "toml", &mut seeds);
    assert!(!seeds.is_empty());
    let mut rng = Rng(0x5CE4_A210);
    let start = Instant::now();
    for case in 0..3_000 {
        if start.elapsed() > TIME {
            break;
        }
        let base = seeds[rng.below(seeds.len())].clone();
        let text = mutate(&mut rng, SCENARIO_TOKENS, &seeds, &base);
        let files = InMemory {
            files: vec![("m/scenario.toml".into(), text.clone())],
        };
        let loaded = entente_scenario::load_with(&[PathBuf::from("m/scenario.toml")], &files);
        let lines = text.split('\n').count();
        for d in &loaded.diagnostics {
            assert!(d.line <= lines, "case {case}: line {} of {lines}", d.line);
            let shown = d.render();
            assert!(
                !shown.chars().any(|c| c.is_control() && c != '\n'),
                "case {case}: raw control character in {shown:?}"
            );
            assert!(
                !d.code.is_empty(),
                "case {case}: a diagnostic without a code"
            );
        }
    }
}

//! Benchmark of reading a large scenario: generates one file of N actors (default 100 000)
//! with an institution over all of them, reads and checks it in memory, and prints the time.
//! Reading must be linear: `cargo run --release -p entente-scenario --example many_actors`
//! should take well under a second.

use std::path::PathBuf;
use std::time::Instant;

use entente_scenario::load::InMemory;

/// Three upper-case letters for state `i` (17 576 of them), then organisations.
fn id(i: usize) -> (String, &'static str) {
    if i < 26 * 26 * 26 {
        let b = |k: usize| (b'A' + (k % 26) as u8) as char;
        (format!("{}{}{}", b(i / 676), b(i / 26), b(i)), "state")
    } else {
        (format!("Org-{i}"), "organisation")
    }
}

/// The text of a scenario with `n` actors.
pub fn scenario(n: usize) -> String {
    let mut s = String::from("[scenario]\nname = \"many actors\"\n\n");
    for i in 0..n {
        let (id, kind) = id(i);
        s.push_str(&format!("[actor.\"{id}\"]\nkind = \"{kind}\"\n"));
    }
    s.push_str("\n[institution.club]\nname = \"Club\"\nmembers = [\n");
    for i in 0..n {
        s.push_str(&format!(
            "  {{ id = \"{}\", joined = \"2000-01-01\" }},\n",
            id(i).0
        ));
    }
    s.push_str("]\n[institution.club.decision.any]\nrule = \"yes >= 50%\"\n");
    s
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let text = scenario(n);
    let files = InMemory {
        files: vec![("many/scenario.toml".into(), text)],
    };
    let start = Instant::now();
    let loaded = entente_scenario::load_with(&[PathBuf::from("many/scenario.toml")], &files);
    let took = start.elapsed();
    println!(
        "{n} actors: {} actors, {} diagnostics, read and checked in {:.3} s",
        loaded.scenario.actors.len(),
        loaded.diagnostics.len(),
        took.as_secs_f64()
    );
    for d in loaded.diagnostics.iter().take(3) {
        print!("{}", d.render());
    }
}

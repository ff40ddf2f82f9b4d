//! The engines' in-process time in Rust: open the bundled scenario once, then answer one question
//! by name several times, and print the best time in seconds of two ways to get its JSON text:
//! `entente_api::ask` then the JSON value written out (what the server does), and
//! `entente_api::ask_typed` then the typed answer written out indented (what the command line
//! does with `--format json`, in memory rather than to standard output). `bench/python/run.sh`
//! compares them with the same call from Python.
//! Usage: `inprocess QUESTION QUERY.json [REPEATS]`.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: inprocess QUESTION QUERY.json [REPEATS]");
        std::process::exit(2);
    }
    let query: serde_json::Value = match std::fs::read_to_string(&args[2])
        .map_err(|e| e.to_string())
        .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(q) => q,
        Err(e) => {
            eprintln!("{}: {e}", args[2]);
            std::process::exit(2);
        }
    };
    let repeats: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(5);
    let session = match entente_api::Session::open(&entente_api::Source::Bundled) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let repeats = repeats.max(1);
    let value = best_of(repeats, || {
        entente_api::ask(&session, &args[1], query.clone())
            .map(|a| serde_json::to_string(&a).unwrap_or_default())
    });
    let typed = best_of(repeats, || {
        entente_api::ask_typed(&session, &args[1], query.clone())
            .map(|a| serde_json::to_string_pretty(&a).unwrap_or_default())
    });
    println!("{value:.6} {typed:.6}");
}

/// The best time of `repeats` calls of `f` (each makes the answer's JSON text), in seconds.
fn best_of(repeats: usize, f: impl Fn() -> Result<String, entente_api::ApiError>) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..repeats {
        let t = Instant::now();
        match f() {
            Ok(text) => {
                std::hint::black_box(text);
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

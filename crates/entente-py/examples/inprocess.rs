//! The engines' in-process time, as the command line spends it: open the bundled scenario once,
//! then answer one question by name (`entente_api::ask`, JSON in and out) several times and print
//! the best time in seconds. `bench/python/run.sh` compares it with the same call from Python.
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
    let mut best = f64::INFINITY;
    for _ in 0..repeats.max(1) {
        let t = Instant::now();
        match entente_api::ask(&session, &args[1], query.clone()) {
            Ok(a) => {
                let text = serde_json::to_string(&a).unwrap_or_default();
                std::hint::black_box(text);
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!("{best:.6}");
}

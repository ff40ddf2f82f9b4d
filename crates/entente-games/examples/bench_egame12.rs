//! Timing of the egame12 fit in process, for `bench/estimate/run.sh`: reads a CSV file once,
//! then fits the formula N times with each of agent probit, agent logit and private probit,
//! and prints the seconds per fit and the log-likelihood of each (`FORM LINK seconds_per_fit
//! LL`). Usage: `bench_egame12 FILE.csv FORMULA N`.

use std::time::Instant;

use entente_games::{Form, Link, estimate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        return Err("usage: bench_egame12 FILE.csv FORMULA N".into());
    }
    let text = std::fs::read_to_string(&args[1])?;
    let n: usize = args[3].parse()?;
    for (form, link, label) in [
        (Form::Agent, Link::Probit, "agent probit"),
        (Form::Agent, Link::Logit, "agent logit"),
        (Form::Private, Link::Probit, "private probit"),
    ] {
        let mut ll = 0.0;
        let t = Instant::now();
        for _ in 0..n.max(1) {
            ll = estimate(&args[1], &text, &args[2], link, form)?.log_likelihood;
        }
        let per = t.elapsed().as_secs_f64() / n.max(1) as f64;
        println!("{label} {per:.9} {ll:.10}");
    }
    Ok(())
}

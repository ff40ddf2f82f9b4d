//! Timing of the egame12 fit in process, for `bench/estimate/run.sh`: reads a CSV file and
//! times reading it, then times N fits of the formula from the table in memory (reading the
//! formula, building the matrices, maximising, standard errors, probabilities — what R's
//! `games::egame12` does given a data frame) with each of agent probit, agent logit and private
//! probit. Prints `csv seconds_per_read` and `FORM LINK seconds_per_fit LL` lines.
//! Usage: `bench_egame12 FILE.csv FORMULA N`.

use std::time::Instant;

use entente_games::{Form, Link, data, design, egame12, formula};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        return Err("usage: bench_egame12 FILE.csv FORMULA N".into());
    }
    let text = std::fs::read_to_string(&args[1])?;
    let n: usize = args[3].parse::<usize>()?.max(1);
    let t = Instant::now();
    for _ in 0..n {
        data::read_csv(&args[1], &text)?;
    }
    println!("csv {:.9}", t.elapsed().as_secs_f64() / n as f64);
    let frame = data::read_csv(&args[1], &text)?;
    for (form, link, label) in [
        (Form::Agent, Link::Probit, "agent probit"),
        (Form::Agent, Link::Logit, "agent logit"),
        (Form::Private, Link::Probit, "private probit"),
    ] {
        let mut ll = 0.0;
        let t = Instant::now();
        for _ in 0..n {
            let f = formula::parse(&args[2])?;
            let d = design::design(&frame, &f)?;
            ll = egame12::fit(&d, link, form)?.log_likelihood;
        }
        let per = t.elapsed().as_secs_f64() / n as f64;
        println!("{label} {per:.9} {ll:.10}");
    }
    Ok(())
}

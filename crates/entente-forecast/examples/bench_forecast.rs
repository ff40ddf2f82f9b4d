//! Timing harness for bench/forecast/run.sh (not part of the library): runs one model on one
//! peer input file, prints the wall time per run on stderr and the trajectory as JSON on stdout
//! so the script can compare it with the peer program's.
//!
//! Usage:
//!   bench_forecast smp FILE.csv [REPEAT]          KTAB's spatial model on a KTAB CSV
//!   bench_forecast eum FILE.csv ROUNDS [REPEAT]   expected-utility model (replication variant)
//!   bench_forecast mc FILE.csv ROUNDS RUNS        Monte Carlo of the expected-utility model

use std::time::Instant;

use entente_forecast::eum::{EuOptions, EuVariant, run_eu};
use entente_forecast::montecarlo::{McOptions, Uncertainty, monte_carlo_eu};
use entente_forecast::read::{read_eum_csv, read_ktab_csv};
use entente_forecast::smp::{SmpOptions, run_smp};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: bench_forecast smp|eum|mc FILE [ROUNDS] [REPEAT|RUNS]";
    let (mode, file) = (args.get(1).ok_or(usage)?, args.get(2).ok_or(usage)?);
    let content = std::fs::read_to_string(file)?;
    match mode.as_str() {
        "smp" => {
            let repeat: usize = args.get(3).map_or(Ok(1), |s| s.parse())?;
            let sc = read_ktab_csv(&content, file)?;
            let t0 = Instant::now();
            let mut run = None;
            for _ in 0..repeat {
                run = Some(run_smp(&sc.actors, &SmpOptions::default())?);
            }
            let dt = t0.elapsed().as_secs_f64() / repeat as f64;
            eprintln!("seconds_per_run {dt:.6}");
            let run = run.ok_or("REPEAT must be at least 1")?;
            let positions: Vec<_> = run.turns.iter().map(|t| &t.positions).collect();
            let win: Vec<_> = run.turns.iter().map(|t| &t.win_probability).collect();
            println!(
                "{}",
                serde_json::json!({"positions": positions, "win_probability": win})
            );
        }
        "eum" => {
            let rounds: usize = args.get(3).ok_or(usage)?.parse()?;
            let repeat: usize = args.get(4).map_or(Ok(1), |s| s.parse())?;
            let actors = read_eum_csv(&content, file)?;
            let opts = EuOptions {
                rounds,
                variant: EuVariant::ScholzReplication,
                q: 1.0,
            };
            let t0 = Instant::now();
            let mut run = None;
            for _ in 0..repeat {
                run = Some(run_eu(&actors, &opts)?);
            }
            let dt = t0.elapsed().as_secs_f64() / repeat as f64;
            eprintln!("seconds_per_run {dt:.9}");
            let run = run.ok_or("REPEAT must be at least 1")?;
            let positions: Vec<_> = run.turns.iter().map(|t| &t.positions).collect();
            println!("{}", serde_json::json!({"positions": positions}));
        }
        "mc" => {
            let rounds: usize = args.get(3).ok_or(usage)?.parse()?;
            let runs: usize = args.get(4).ok_or(usage)?.parse()?;
            let actors = read_eum_csv(&content, file)?;
            let opts = EuOptions {
                rounds,
                variant: EuVariant::Paper,
                q: 1.0,
            };
            let u = Uncertainty {
                position_sd: 0.5,
                salience_sd: 0.05,
                capability_cv: 0.1,
            };
            let mc = McOptions {
                runs,
                seed: 1,
                band: None,
            };
            let t0 = Instant::now();
            let s = monte_carlo_eu(&actors, &opts, &u, &mc, &|| {})?;
            eprintln!(
                "seconds_total {:.6} threads {}",
                t0.elapsed().as_secs_f64(),
                rayon::current_num_threads()
            );
            println!("{}", serde_json::json!({"forecast_mean": s.forecast_mean}));
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}

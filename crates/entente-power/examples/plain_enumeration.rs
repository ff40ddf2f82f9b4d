//! Baseline for the benchmark: the EU Council's qualified majority (55% of members, 65% of the
//! population, or fewer than four against) analysed by plain enumeration — every one of the 2^n
//! coalitions visited in Gray-code order (one member in or out at each step, so the population
//! sum is updated, not recomputed), its verdict stored in a bitmap, then every member of every
//! winning coalition tested for a swing by looking up the coalition without it — as a reference
//! point for `entente power`. Reads a members CSV (`id`, `population`) and prints the Banzhaf
//! swing counts and Shapley–Shubik indices as JSON, with its own elapsed time on stderr.
//!
//! Usage: `cargo run --release -p entente-power --example plain_enumeration -- FILE.csv`

use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: plain_enumeration FILE.csv");
    let text = std::fs::read_to_string(&path).expect("readable members file");
    let body = entente_power::read_members(&text, &path).expect("a valid members file");
    let pop: Vec<u64> = body
        .attribute("population")
        .expect("a population column")
        .iter()
        .map(|v| v.expect("every population known") as u64)
        .collect();
    let n = pop.len();
    let total: u64 = pop.iter().sum();
    let start = Instant::now();
    // 55% of members and 65% of the population, compared by multiplication as the rule does.
    let wins =
        |c: u64, w: u64| (c * 100 >= 55 * n as u64 && w * 100 >= 65 * total) || n as u64 - c < 4;
    let mut bitmap = vec![0u64; (1usize << n).div_ceil(64)];
    let (mut mask, mut w) = (0u64, 0u64);
    for step in 0u64..1 << n {
        if step > 0 {
            let i = step.trailing_zeros() as usize;
            mask ^= 1 << i;
            if mask >> i & 1 == 1 {
                w += pop[i];
            } else {
                w -= pop[i];
            }
        }
        if wins(u64::from(mask.count_ones()), w) {
            bitmap[(mask >> 6) as usize] |= 1 << (mask & 63);
        }
    }
    let won = |s: u64| bitmap[(s >> 6) as usize] >> (s & 63) & 1 == 1;
    let mut swings = vec![vec![0u64; n + 1]; n];
    for mask in 0u64..1 << n {
        if !won(mask) {
            continue;
        }
        let size = mask.count_ones() as usize;
        for (i, row) in swings.iter_mut().enumerate() {
            if mask >> i & 1 == 1 && !won(mask & !(1 << i)) {
                row[size] += 1;
            }
        }
    }
    // Shapley–Shubik from swings by size: (s-1)!(n-s)!/n!, in f64.
    let mut ss = vec![0.0f64; n];
    for (i, row) in swings.iter().enumerate() {
        for (s, &count) in row.iter().enumerate().skip(1) {
            let mut wgt = 1.0f64 / n as f64;
            // (s-1)!(n-s)!/n! = 1 / (n * C(n-1, s-1))
            let mut binom = 1.0f64;
            for k in 0..s - 1 {
                binom = binom * (n - 1 - k) as f64 / (k + 1) as f64;
            }
            wgt /= binom;
            ss[i] += count as f64 * wgt;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    eprintln!("timing: {elapsed:.6} s (plain enumeration, {n} members)");
    let raw: Vec<u64> = swings.iter().map(|r| r.iter().sum()).collect();
    let ids = body.members();
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"id\": \"{}\", \"banzhaf_raw\": {}, \"shapley_shubik\": {}}}",
                ids[i], raw[i], ss[i]
            )
        })
        .collect();
    println!("[{}]", items.join(", "));
}

//! Times the frontier and the solutions on GeniusWeb profiles given on the command line
//! (development aid for the benchmark in `bench/negotiate`).

use entente_bargain::{Disagreement, Model, frontier, geniusweb, solve};

fn main() {
    let profiles: Vec<_> = std::env::args()
        .skip(1)
        .map(|f| {
            let t = std::fs::read_to_string(&f).unwrap();
            (f.clone(), geniusweb::read_profile(&t, &f).unwrap())
        })
        .collect();
    let space = geniusweb::to_space(&profiles).unwrap();
    let model = Model::new(&space).unwrap();
    let t = std::time::Instant::now();
    let f = frontier(&model);
    let s = solve(&f.points, model.k, &Disagreement::Reservation.point(&model));
    println!(
        "{} packages, {} acceptable, frontier {}, nash {:?}, {:.3} s",
        model.count,
        f.acceptable,
        f.points.len(),
        s.nash.map(|p| p.utilities),
        t.elapsed().as_secs_f64()
    );
}

//! Red lines written twice agree: every bundled party's red line is written over the
//! settlement's packages (`holds`) and over a world (`world`). A package is also a world (what
//! each of its values `implies`), so on every package of the bundled settlement both readings
//! must give the same verdict. A disagreement means an `implies` entry or a world condition says
//! something other than the red line's source does.

use entente_api::{Session, Source, compare, negotiate, world};

#[test]
fn red_lines_over_packages_and_over_worlds_agree_on_every_package() {
    let session = Session::open(&Source::Bundled).expect("the bundled scenario loads");
    let sc = session.scenario();
    let st = sc
        .settlements
        .iter()
        .find(|s| s.id == "ukraine")
        .expect("the bundled settlement");
    let count: u64 = st.issues.iter().map(|i| i.labels.len() as u64).product();
    assert_eq!(count, 34_992, "3 x 4 x 3 x 4 x 3 x 3 x 3 x 3 x 3 packages");
    let with_world: usize = st
        .parties
        .iter()
        .flat_map(|p| &p.red_lines)
        .filter(|r| r.world.is_some())
        .count();
    let all: usize = st.parties.iter().map(|p| p.red_lines.len()).sum();
    assert_eq!(
        with_world, all,
        "every bundled red line is written over worlds too"
    );
    // Every 7th package by default (about 5,000 worlds, 20 s unoptimised); every package with
    // ENTENTE_ALL_PACKAGES=1 (about 35,000 worlds: run it with --release).
    let stride = if std::env::var_os("ENTENTE_ALL_PACKAGES").is_some() {
        1
    } else {
        STRIDE
    };
    let mut checked = 0;
    let mut i = 0u64;
    while i < count {
        let id = format!("package:ukraine:{i}");
        let w = world::package_world(&session, &id).expect("a package is a world");
        let date = w.as_of.expect("the scenario's date");
        let over_world = compare::red_lines(&w, &[], date);
        for p in &st.parties {
            for r in &p.red_lines {
                let on_package = negotiate::holds_on(st, &r.cond, i);
                let found = over_world
                    .iter()
                    .find(|x| x.party == p.actor && x.id == r.id)
                    .expect("every red line is evaluated");
                assert_ne!(
                    found.holds, "unknown",
                    "{} `{}` is unknown over package {i}: {}",
                    p.actor, r.id, found.because
                );
                assert_eq!(
                    found.holds == "true",
                    on_package,
                    "{} `{}` on package {i} ({:?}): over the package {on_package}, over the world {} ({})",
                    p.actor,
                    r.id,
                    world::package(&session, &format!("ukraine:{i}")).map(|x| x.outcome),
                    found.holds,
                    found.because
                );
            }
        }
        checked += 1;
        i += stride;
    }
    assert!(checked > 4000, "{checked} packages checked");
}

/// 7 is coprime to every issue's size (3 and 4), so the packages visited cover every value of
/// every issue, and every pair of values of the two fastest-varying issues.
const STRIDE: u64 = 7;

//! Check scenario files without the CLI: `cargo run -p entente-scenario --example check -- PATH...`
//! (no path: the bundled scenario). Prints every diagnostic and the membership counts of every
//! institution as of the dates given with `--as-of` (repeatable).

use std::path::PathBuf;

fn main() {
    let mut paths = Vec::new();
    let mut dates = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--as-of" {
            if let Some(d) = args.next() {
                dates.push(d);
            }
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    let loaded = if paths.is_empty() {
        entente_scenario::bundled()
    } else {
        entente_scenario::load(&paths)
    };
    for d in &loaded.diagnostics {
        eprint!("{}", d.render());
    }
    let s = &loaded.scenario;
    println!(
        "{}: {} actors, {} zones, {} institutions, {} agreements, {} timelines, {} problems",
        s.name,
        s.actors.len(),
        s.zones.len(),
        s.institutions.len(),
        s.agreements.len(),
        s.timelines.len(),
        loaded.diagnostics.len()
    );
    for d in dates {
        let Ok((date, _)) = entente_scenario::resolve::parse_date(&d) else {
            eprintln!("bad date {d}");
            continue;
        };
        for i in &s.institutions {
            println!("{date} {} {}", i.id, i.members_on(date).len());
        }
    }
    std::process::exit(i32::from(loaded.has_errors()));
}

//! Regression tests for hostile scenarios, each named after what broke: reads outside the
//! scenario's folder, devices and FIFOs, keys located by searching the text, quadratic checks,
//! raw control characters and empty hints in messages, deep and long conditions.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use entente_scenario::load::{InMemory, normalise};

fn read(text: &str) -> entente_scenario::Loaded {
    let files = InMemory {
        files: vec![("s/scenario.toml".into(), text.to_string())],
    };
    entente_scenario::load_with(&[PathBuf::from("s/scenario.toml")], &files)
}

fn codes(l: &entente_scenario::Loaded) -> Vec<(&str, usize, usize)> {
    l.diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect()
}

const HEAD: &str = "[scenario]\nname = \"h\"\n";

#[test]
fn normalise_no_longer_pops_a_parent_folder_step() {
    // `../..` used to normalise to nothing, letting `../../etc/passwd` pass as `etc/passwd`.
    assert_eq!(
        normalise(Path::new("../../etc/passwd")),
        Path::new("../../etc/passwd")
    );
    assert_eq!(normalise(Path::new("a/../../b")), Path::new("../b"));
    assert_eq!(normalise(Path::new("/../etc")), Path::new("/etc"));
    assert_eq!(normalise(Path::new("a/./b/../c")), Path::new("a/c"));
}

#[test]
fn includes_outside_the_root_are_refused_in_memory_too() {
    for inc in [
        "/etc/passwd",
        "../other/scenario.toml",
        "a/../../x.toml",
        "/dev/zero",
    ] {
        let l = read(&format!("{HEAD}include = [\"{inc}\"]\n"));
        assert_eq!(codes(&l), vec![("include-outside-root", 3, 13)], "{inc}");
    }
}

#[test]
fn an_entry_that_is_a_device_is_not_read() {
    let l = entente_scenario::load(&[PathBuf::from("/dev/zero")]);
    assert_eq!(codes(&l), vec![("not-a-file", 0, 0)]);
}

#[cfg(unix)]
#[test]
fn a_fifo_entry_is_refused_without_waiting_for_a_writer() {
    let dir = std::env::temp_dir().join(format!("entente-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("pipe.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let start = Instant::now();
        let l = entente_scenario::load(std::slice::from_ref(&fifo));
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(l.diagnostics[0].code, "not-a-file");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn non_utf8_files_have_their_own_code_not_missing_file() {
    let dir = std::env::temp_dir().join(format!("entente-latin1-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("scenario.toml"),
        format!("{HEAD}include = [\"l.toml\"]\n"),
    )
    .unwrap();
    std::fs::write(dir.join("l.toml"), b"[actor.AAA]\nname = \"Fran\xe7ois\"\n").unwrap();
    let l = entente_scenario::load(std::slice::from_ref(&dir));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(codes(&l), vec![("not-utf8", 3, 13)]);
    assert!(
        l.diagnostics[0].message.contains("offset 24"),
        "{}",
        l.diagnostics[0].message
    );
}

#[test]
fn quoted_keys_are_located_where_they_are_written_not_at_one_one() {
    let l = read(&format!(
        "{HEAD}[actor.AAA]\nkind = \"state\"\n\n[institution.\"Club-2\"]\nname = \"C\"\n"
    ));
    assert_eq!(codes(&l), vec![("bad-id", 6, 15)]);
    let l = read(&format!("{HEAD}\n[actor.\"\"]\nkind = \"state\"\n"));
    assert_eq!(codes(&l), vec![("bad-state-id", 4, 9)]);
}

#[test]
fn a_key_whose_name_also_appears_earlier_is_located_at_its_own_header() {
    // Searching the text found the first `[zone.north` — here inside a comment.
    let l = read(&format!(
        "{HEAD}# see [zone.North] below\n[actor.AAA]\nkind = \"state\"\n[zone.North]\nmembers = [\"AAA\"]\n"
    ));
    assert_eq!(codes(&l), vec![("bad-id", 6, 7)]);
}

#[test]
fn control_characters_in_ids_are_escaped_in_every_message() {
    let l = read(&format!(
        "{HEAD}[actor.\"A\\u001b[31mA\"]\nkind = \"state\"\n[zone.\"z\\u0007\"]\nmembers = [\"\\u202eX\"]\n"
    ));
    assert!(!l.diagnostics.is_empty());
    for d in &l.diagnostics {
        for text in [Some(&d.message), d.hint.as_ref(), d.expected.as_ref()]
            .into_iter()
            .flatten()
        {
            assert!(
                !text.chars().any(|c| c.is_control() || c == '\u{202e}'),
                "{text:?}"
            );
        }
        let shown = d.render();
        assert!(
            !shown
                .chars()
                .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202e}')
        );
    }
}

#[test]
fn hints_are_never_empty_or_dangling() {
    let l = read(&format!(
        "{HEAD}[zone.\"\"]\nmembers = []\n[actor.\"\"]\nkind = \"state\"\n"
    ));
    for d in &l.diagnostics {
        for text in [d.hint.as_ref(), d.expected.as_ref()].into_iter().flatten() {
            assert!(
                !text.contains("``") && !text.trim_end().ends_with(':'),
                "{text:?}"
            );
        }
    }
}

#[test]
fn a_bare_id_in_a_member_list_says_what_to_write() {
    let l = read(&format!(
        "{HEAD}[actor.AAA]\nkind = \"state\"\n[institution.club]\nname = \"C\"\nmembers = [\"AAA\"]\n"
    ));
    let d = &l.diagnostics[0];
    assert!(!d.message.contains("RawMember"), "{}", d.message);
    assert!(
        d.hint.as_deref().unwrap().contains("{ id = \"AAA\" }"),
        "{:?}",
        d.hint
    );
}

fn many_actors(n: usize) -> String {
    let mut s = HEAD.to_string();
    for i in 0..n {
        s.push_str(&format!("[actor.org_{i}]\nkind = \"organisation\"\n"));
    }
    s.push_str("[institution.club]\nname = \"C\"\nmembers = [");
    for i in 0..n {
        s.push_str(&format!("{{ id = \"org_{i}\" }}, "));
    }
    s.push_str("]\n");
    s
}

#[test]
fn twenty_thousand_actors_no_longer_take_quadratic_time() {
    // Keys used to be located by searching the file for each one, and memberships compared
    // pairwise: 20 000 actors took seconds in an optimised build. Now: linear.
    let text = many_actors(20_000);
    let start = Instant::now();
    let l = read(&text);
    let took = start.elapsed();
    assert!(!l.has_errors(), "{:?}", l.diagnostics.first());
    assert_eq!(l.scenario.actors.len(), 20_000);
    assert!(took < Duration::from_secs(30), "{took:?}");
}

#[test]
fn thousands_of_errors_are_capped_with_a_count() {
    let mut s = HEAD.to_string();
    for i in 0..3000 {
        s.push_str(&format!("[actor.bad{i}]\nkind = \"state\"\n"));
    }
    let l = read(&s);
    assert!(l.diagnostics.len() <= 1001);
    assert!(l.diagnostics.iter().any(|d| d.code == "too-many-problems"));
}

#[test]
fn locations_on_a_line_of_megabytes_are_found_without_rescanning_it() {
    let long = "\"t\", ".repeat(1 << 20);
    let text = format!("{HEAD}[actor.AAA]\nkind = \"state\"\ntags = [{long}1]\n");
    let l = read(&text);
    let d = &l.diagnostics[0];
    assert_eq!(d.line, 5);
    assert!(d.column > 5 << 20, "{}", d.column);
    assert!(
        d.render().len() < 2000,
        "the snippet is a window, not the whole line"
    );
}

#[test]
fn a_condition_and_chain_of_15000_terms_no_longer_overflows_the_stack() {
    let chain = vec!["in_force(pact)"; 15_000].join(" and ");
    let c = entente_scenario::cond::parse(&chain).unwrap();
    assert!(c.depth() < 20, "{}", c.depth());
    assert_eq!(c.to_string(), chain);
    let text = format!(
        "{HEAD}[actor.AAA]\nkind = \"state\"\n[agreement.pact]\nname = \"P\"\nkind = \"consultation\"\n\
         parties = [\"AAA\"]\n[[agreement.pact.obligation]]\nkind = \"consultation\"\nbearer = [\"AAA\"]\nwhen = \"{chain}\"\n"
    );
    assert!(!read(&text).has_errors());
}

#[test]
fn a_condition_not_chain_of_100000_is_a_located_error() {
    let text = format!("{}true", "not ".repeat(100_000));
    let e = entente_scenario::cond::parse(&text).unwrap_err();
    assert_eq!(e.span.start, 4 * entente_scenario::cond::MAX_DEPTH);
    let text = format!("{}true{}", "(".repeat(6000), ")".repeat(6000));
    let e = entente_scenario::cond::parse(&text).unwrap_err();
    assert_eq!(e.span.start, entente_scenario::cond::MAX_DEPTH);
}

#[test]
fn a_long_chain_of_zones_within_zones_is_refused_not_a_stack_overflow() {
    // 20 000 areas, each declared within the next: resolving them recursed once per link.
    let n = 20_000;
    let mut t = format!("{HEAD}[actor.AAA]\nkind = \"state\"\n");
    for i in 0..n {
        t.push_str(&format!(
            "[zone.z{i:05}]\nkind = \"area\"\nwithin = [\"z{:05}\"]\n",
            i + 1
        ));
    }
    t.push_str(&format!("[zone.z{n:05}]\nmembers = [\"AAA\"]\n"));
    let start = Instant::now();
    let l = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || read(&t))
        .unwrap()
        .join()
        .expect("resolving a long chain of zones does not overflow a 2 MiB stack");
    assert!(codes(&l).iter().any(|(c, _, _)| *c == "zone-too-deep"));
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

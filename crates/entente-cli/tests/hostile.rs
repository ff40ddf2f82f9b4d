//! Hostile input, end to end: the built `entente` binary is run on a corpus of malicious and
//! malformed scenarios and rules, each under a wall-clock timeout (the child is killed when it
//! runs over) and an address-space limit (`prlimit`, where the system has it). Every case checks
//! the exit code, the diagnostic code and where it points, and that nothing panicked.
//!
//! The corpus is `tests/hostile/`: a `NAME.toml` file is checked as a scenario, a `NAME/` folder
//! as a scenario folder (its `scenario.toml` is the entry), a `NAME.rule` file is given to
//! `entente power --rule`. Each names what it expects in a line
//! `# expect: exit=N code=CODE at=LINE:COLUMN` (`code=-` for none, `at` optional). Cases that
//! cannot be committed as files (devices, FIFOs, links out of the folder, inputs of many
//! megabytes) are generated here into a temporary folder. `ENTENTE_BLESS=1` rewrites the expect
//! lines of the corpus files from what the binary does: review the diff before committing.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Wall-clock limit per case (the test binary is unoptimised and the machine may be busy).
const TIME_CAP: Duration = Duration::from_secs(60);

/// Address-space limit per case.
const MEMORY_CAP: u64 = 3 << 30;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// What a case expects.
#[derive(Debug, Clone, PartialEq)]
struct Expect {
    exit: i32,
    code: Option<String>,
    at: Option<(usize, usize)>,
}

impl Expect {
    fn parse(line: &str) -> Expect {
        let mut e = Expect {
            exit: 0,
            code: None,
            at: None,
        };
        for word in line.split_whitespace() {
            if let Some(v) = word.strip_prefix("exit=") {
                e.exit = v.parse().expect("exit=N");
            } else if let Some(v) = word.strip_prefix("code=") {
                e.code = (v != "-").then(|| v.to_string());
            } else if let Some(v) = word.strip_prefix("at=") {
                let (l, c) = v.split_once(':').expect("at=LINE:COLUMN");
                e.at = Some((l.parse().unwrap(), c.parse().unwrap()));
            }
        }
        e
    }

    fn line(&self) -> String {
        let mut s = format!(
            "# expect: exit={} code={}",
            self.exit,
            self.code.as_deref().unwrap_or("-")
        );
        if let Some((l, c)) = self.at {
            s.push_str(&format!(" at={l}:{c}"));
        }
        s
    }
}

/// What a run gave.
#[derive(Debug)]
struct Outcome {
    exit: i32,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Run `entente ARGS` in `dir` under the time and memory caps.
fn run(dir: &Path, args: &[String]) -> Outcome {
    let bin = env!("CARGO_BIN_EXE_entente");
    let prlimit = Path::new("/usr/bin/prlimit").exists();
    let mut cmd = if prlimit {
        let mut c = Command::new("/usr/bin/prlimit");
        c.arg(format!("--as={MEMORY_CAP}")).arg("--").arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("the entente binary starts");
    // Drain the pipes on threads so a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for entente") {
            break s;
        }
        if start.elapsed() > TIME_CAP {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "entente {args:?} in {} ran over {TIME_CAP:?}",
                dir.display()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = start.elapsed();
    Outcome {
        exit: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&t_out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&t_err.join().unwrap()).into_owned(),
        took,
    }
}

/// The diagnostics of `entente check --format json` output: (code, line, column).
fn diagnostics(stdout: &str) -> Vec<(String, usize, usize)> {
    let v: serde_json::Value = match serde_json::from_str(stdout) {
        Ok(v) => v,
        Err(_) => return Vec::new(),
    };
    v["diagnostics"]
        .as_array()
        .map(|ds| {
            ds.iter()
                .map(|d| {
                    (
                        d["code"].as_str().unwrap_or("").to_string(),
                        d["line"].as_u64().unwrap_or(0) as usize,
                        d["column"].as_u64().unwrap_or(0) as usize,
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The column a rule error points at, from `entente power`'s message (`... at column N; ...`).
fn rule_column(stderr: &str) -> Option<usize> {
    let i = stderr.find(" at column ")?;
    let rest = &stderr[i + " at column ".len()..];
    let end = rest.find(|c: char| !c.is_ascii_digit())?;
    rest[..end].parse().ok()
}

/// What the run did, in the terms of an `Expect` (the first error's code and place).
fn observed(o: &Outcome, rule: bool) -> Expect {
    if rule {
        return Expect {
            exit: o.exit,
            code: None,
            at: rule_column(&o.stderr).map(|c| (1, c)),
        };
    }
    let ds = diagnostics(&o.stdout);
    let first = ds.first();
    Expect {
        exit: o.exit,
        code: first.map(|d| d.0.clone()),
        at: first.and_then(|d| (d.1 > 0).then_some((d.1, d.2))),
    }
}

/// Check one run against what the case expects; `Err` says what differs.
fn check(name: &str, o: &Outcome, want: &Expect, rule: bool) -> Result<(), String> {
    let mut problems = Vec::new();
    if o.exit == 101 || o.stderr.contains("panicked") {
        problems.push(format!("it panicked: {}", o.stderr));
    }
    if o.exit != want.exit {
        problems.push(format!("exit {} (expected {})", o.exit, want.exit));
    }
    if rule {
        if let Some((_, c)) = want.at {
            if rule_column(&o.stderr) != Some(c) {
                problems.push(format!(
                    "the rule error is not at column {c}: {:.300}",
                    o.stderr
                ));
            }
        }
    } else {
        let ds = diagnostics(&o.stdout);
        if want.exit != 2 && serde_json::from_str::<serde_json::Value>(&o.stdout).is_err() {
            problems.push(format!("stdout is not JSON: {:.300}", o.stdout));
        }
        match &want.code {
            None => {
                if ds.iter().any(|d| !d.0.is_empty()) && want.exit == 0 {
                    // Warnings are allowed on a clean scenario; nothing to check.
                }
            }
            Some(code) => {
                let hit = ds
                    .iter()
                    .any(|d| &d.0 == code && want.at.is_none_or(|(l, c)| d.1 == l && d.2 == c));
                if !hit {
                    problems.push(format!("no diagnostic {code} at {:?}; got {ds:?}", want.at));
                }
            }
        }
        // Nothing from outside the scenario's folder may be echoed.
        for secret in ["root:x:0:0", "PATH=/", "HOME=/"] {
            if o.stdout.contains(secret) || o.stderr.contains(secret) {
                problems.push(format!(
                    "echoed `{secret}` from a file outside the scenario"
                ));
            }
        }
        // No raw control character (an ANSI escape above all) reaches the terminal.
        if o.stderr.contains('\u{1b}') {
            problems.push("a raw escape character on stderr".into());
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{name} ({:.1} s): {}",
            o.took.as_secs_f64(),
            problems.join("; ")
        ))
    }
}

fn check_args(entry: &str) -> Vec<String> {
    vec![
        "check".into(),
        entry.into(),
        "--format".into(),
        "json".into(),
    ]
}

fn rule_args(rule: &str) -> Vec<String> {
    [
        "power",
        "--rule",
        rule,
        "--members",
        "members.csv",
        "--format",
        "json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The expect line of a corpus file.
fn expect_of(bytes: &[u8]) -> Option<(usize, usize, Expect)> {
    let text = String::from_utf8_lossy(bytes);
    let at = text.find("# expect:")?;
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    // Offsets in the lossy text equal byte offsets only up to the first invalid byte; corpus
    // files keep the expect line first.
    Some((at, end, Expect::parse(&text[at + "# expect:".len()..end])))
}

#[test]
fn corpus_files_never_panic_hang_or_escape() {
    let bless = std::env::var_os("ENTENTE_BLESS").is_some();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let (file, rule) = if path.is_dir() {
            (path.join("scenario.toml"), false)
        } else if name.ends_with(".rule") {
            (path.clone(), true)
        } else if name.ends_with(".toml") {
            (path.clone(), false)
        } else {
            continue;
        };
        let bytes = std::fs::read(&file).unwrap();
        let Some((start, end, want)) = expect_of(&bytes) else {
            failures.push(format!("{name}: no `# expect:` line"));
            continue;
        };
        count += 1;
        let args = if rule {
            let text = String::from_utf8_lossy(&bytes);
            let body: String = text
                .lines()
                .filter(|l| !l.starts_with("# expect:"))
                .collect::<Vec<_>>()
                .join("\n");
            rule_args(&body)
        } else {
            check_args(&name)
        };
        let o = run(&corpus(), &args);
        if bless {
            let got = observed(&o, rule);
            if got != want {
                let mut new = bytes[..start].to_vec();
                new.extend_from_slice(got.line().as_bytes());
                new.extend_from_slice(&bytes[end..]);
                std::fs::write(&file, new).unwrap();
            }
            continue;
        }
        if let Err(e) = check(&name, &o, &want, rule) {
            failures.push(e);
        }
    }
    assert!(count >= 100, "the corpus has {count} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A generated case: files to write into a fresh folder, then what to run and expect.
struct Generated {
    name: &'static str,
    files: Vec<(&'static str, Vec<u8>)>,
    /// Extra set-up in the folder (links, FIFOs).
    setup: fn(&Path),
    args: Vec<String>,
    rule: bool,
    want: Expect,
}

fn nothing(_: &Path) {}

fn expect(exit: i32, code: &str, at: Option<(usize, usize)>) -> Expect {
    Expect {
        exit,
        code: (code != "-").then(|| code.to_string()),
        at,
    }
}

fn scenario_with(body: &str) -> Vec<u8> {
    format!("[scenario]\nname = \"generated\"\n{body}").into_bytes()
}

fn include_of(target: &str) -> Vec<u8> {
    scenario_with(&format!("include = [\"{target}\"]\n"))
}

/// An institution over ISO-like actors with one decision rule.
fn with_rule(rule: &str) -> Vec<u8> {
    scenario_with(&format!(
        "[actor.AAA]\nkind = \"state\"\n[actor.BBB]\nkind = \"state\"\n\
         [institution.club]\nname = \"Club\"\nmembers = [{{ id = \"AAA\" }}, {{ id = \"BBB\" }}]\n\
         [institution.club.decision.any]\nrule = \"{rule}\"\n"
    ))
}

/// An agreement whose one obligation applies under `cond`.
fn with_condition(cond: &str) -> Vec<u8> {
    scenario_with(&format!(
        "[actor.AAA]\nkind = \"state\"\n[actor.BBB]\nkind = \"state\"\n\
         [agreement.pact]\nname = \"Pact\"\nkind = \"consultation\"\nparties = [\"AAA\", \"BBB\"]\n\
         [[agreement.pact.obligation]]\nid = \"o\"\nkind = \"consultation\"\nbearer = [\"AAA\"]\nwhen = \"{cond}\"\n"
    ))
}

fn actors(n: usize) -> Vec<u8> {
    let mut s = String::from("[scenario]\nname = \"many\"\n");
    for i in 0..n {
        let b = |k: usize| (b'A' + (k % 26) as u8) as char;
        if i < 17_576 {
            s.push_str(&format!(
                "[actor.{}{}{}]\nkind = \"state\"\n",
                b(i / 676),
                b(i / 26),
                b(i)
            ));
        } else {
            s.push_str(&format!("[actor.org_{i}]\nkind = \"organisation\"\n"));
        }
    }
    s.into_bytes()
}

fn fifo(dir: &Path) {
    let ok = Command::new("mkfifo")
        .arg(dir.join("pipe.toml"))
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo");
}

#[cfg(unix)]
fn link_out(dir: &Path) {
    std::os::unix::fs::symlink("/etc/passwd", dir.join("passwd.toml")).unwrap();
}

#[cfg(unix)]
fn link_dir_out(dir: &Path) {
    std::os::unix::fs::symlink("/etc", dir.join("etc")).unwrap();
}

#[cfg(unix)]
fn link_in(dir: &Path) {
    std::os::unix::fs::symlink("part.toml", dir.join("alias.toml")).unwrap();
}

fn huge_sparse(dir: &Path) {
    let f = std::fs::File::create(dir.join("huge.toml")).unwrap();
    f.set_len(64 * 1024 * 1024 + 1).unwrap();
}

/// Four files of exactly the per-file cap (one TOML comment each, cheap to parse), which together
/// reach the cap of the whole scenario, and a fifth, small one that is then refused.
fn five_big_files(dir: &Path) {
    use std::io::Write as _;
    for i in 0..4 {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(dir.join(format!("big{i}.toml"))).unwrap(),
        );
        f.write_all(b"#").unwrap();
        let line = vec![b'x'; 1 << 20];
        for _ in 0..64 {
            f.write_all(&line).unwrap();
        }
    }
    // Exactly the per-file cap: drop the byte the `#` added.
    for i in 0..4 {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(dir.join(format!("big{i}.toml")))
            .unwrap();
        f.set_len(64 << 20).unwrap();
    }
    std::fs::write(dir.join("big4.toml"), b"# small\n").unwrap();
}

fn nested_folder(dir: &Path) {
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/inner.toml"), include_of("../../escape.toml")).unwrap();
}

fn generated() -> Vec<Generated> {
    let check = |name: &'static str, files: Vec<(&'static str, Vec<u8>)>, want: Expect| Generated {
        name,
        files,
        setup: nothing,
        args: check_args("scenario.toml"),
        rule: false,
        want,
    };
    let with_setup = |name: &'static str,
                      files: Vec<(&'static str, Vec<u8>)>,
                      setup: fn(&Path),
                      entry: &str,
                      want: Expect| Generated {
        name,
        files,
        setup,
        args: check_args(entry),
        rule: false,
        want,
    };
    let rule = |name: &'static str, r: String, exit: i32| Generated {
        name,
        files: vec![("members.csv", b"id,weight\nP1,1\nP2,2\nP3,3\n".to_vec())],
        setup: nothing,
        args: rule_args(&r),
        rule: true,
        want: expect(exit, "-", None),
    };
    let chain = |n: usize, op: &str, term: &str| vec![term; n].join(&format!(" {op} "));
    let mut cases = vec![
        // File access.
        check(
            "include_of_etc_passwd_is_refused_unread",
            vec![("scenario.toml", include_of("/etc/passwd"))],
            expect(1, "include-outside-root", Some((3, 13))),
        ),
        check(
            "include_of_proc_self_environ_is_refused_unread",
            vec![("scenario.toml", include_of("/proc/self/environ"))],
            expect(1, "include-outside-root", Some((3, 13))),
        ),
        check(
            "include_of_dev_zero_is_refused",
            vec![("scenario.toml", include_of("/dev/zero"))],
            expect(1, "include-outside-root", Some((3, 13))),
        ),
        check(
            "include_of_dev_urandom_is_refused",
            vec![("scenario.toml", include_of("/dev/urandom"))],
            expect(1, "include-outside-root", Some((3, 13))),
        ),
        check(
            "include_climbing_out_with_dotdot_is_refused",
            vec![("scenario.toml", include_of("../../../../../../etc/passwd"))],
            expect(1, "include-outside-root", Some((3, 13))),
        ),
        check(
            "include_dotdot_back_into_the_folder_is_allowed",
            vec![
                ("scenario.toml", include_of("sub/../part.toml")),
                ("part.toml", b"[actor.AAA]\nkind = \"state\"\n".to_vec()),
            ],
            expect(0, "-", None),
        ),
        with_setup(
            "included_folder_escaping_by_dotdot_is_refused",
            vec![("scenario.toml", include_of("sub/inner.toml"))],
            nested_folder,
            "scenario.toml",
            expect(1, "include-outside-root", Some((3, 13))),
        ),
        with_setup(
            "include_of_a_fifo_does_not_hang",
            vec![("scenario.toml", include_of("pipe.toml"))],
            fifo,
            "scenario.toml",
            expect(1, "not-a-file", Some((3, 13))),
        ),
        with_setup(
            "entry_that_is_a_fifo_does_not_hang",
            vec![],
            fifo,
            "pipe.toml",
            expect(1, "not-a-file", None),
        ),
        with_setup(
            "entry_dev_zero_is_not_read",
            vec![],
            nothing,
            "/dev/zero",
            expect(1, "not-a-file", None),
        ),
        with_setup(
            "entry_dev_urandom_is_not_read",
            vec![],
            nothing,
            "/dev/urandom",
            expect(1, "not-a-file", None),
        ),
        with_setup(
            "include_of_a_file_larger_than_the_cap_is_refused",
            vec![("scenario.toml", include_of("huge.toml"))],
            huge_sparse,
            "scenario.toml",
            expect(1, "file-too-large", Some((3, 13))),
        ),
        with_setup(
            "includes_totalling_more_than_the_scenario_cap_are_refused",
            vec![(
                "scenario.toml",
                scenario_with(
                    "include = [\"big0.toml\", \"big1.toml\", \"big2.toml\", \"big3.toml\", \"big4.toml\"]\n",
                ),
            )],
            five_big_files,
            "scenario.toml",
            expect(1, "scenario-too-large", Some((3, 65))),
        ),
        with_setup(
            "entry_larger_than_the_cap_is_refused",
            vec![],
            huge_sparse,
            "huge.toml",
            expect(1, "file-too-large", None),
        ),
        check(
            "include_of_a_folder_is_not_a_file",
            vec![
                ("scenario.toml", include_of("data.toml")),
                ("data.toml/x.toml", b"".to_vec()),
            ],
            expect(1, "not-a-file", Some((3, 13))),
        ),
        check(
            "non_utf8_include_has_its_own_code",
            vec![
                ("scenario.toml", include_of("latin1.toml")),
                (
                    "latin1.toml",
                    b"[actor.AAA]\nname = \"Fran\xe7ois\"\n".to_vec(),
                ),
            ],
            expect(1, "not-utf8", Some((3, 13))),
        ),
        check(
            "non_utf8_csv_has_its_own_code",
            vec![
                (
                    "scenario.toml",
                    scenario_with("[[actors_csv]]\nfile = \"a.csv\"\n"),
                ),
                ("a.csv", b"id,kind\nAAA,st\xffte\n".to_vec()),
            ],
            expect(1, "not-utf8", Some((4, 9))),
        ),
        check(
            "csv_outside_the_folder_is_refused",
            vec![(
                "scenario.toml",
                scenario_with("[[actors_csv]]\nfile = \"/etc/passwd\"\n"),
            )],
            expect(1, "include-outside-root", Some((4, 9))),
        ),
        check(
            "csv_climbing_out_is_refused",
            vec![(
                "scenario.toml",
                scenario_with("[[actors_csv]]\nfile = \"../x.csv\"\n"),
            )],
            expect(1, "include-outside-root", Some((4, 9))),
        ),
        check(
            "include_of_a_csv_file_is_refused_unread",
            vec![
                ("scenario.toml", include_of("secret.csv")),
                ("secret.csv", b"password,hunter2\n".to_vec()),
            ],
            expect(1, "include-not-toml", Some((3, 13))),
        ),
        check(
            "include_chain_deeper_than_the_limit_is_refused",
            {
                let mut v = vec![("scenario.toml", include_of("f0.toml"))];
                for i in 0..80 {
                    let name: &'static str = Box::leak(format!("f{i}.toml").into_boxed_str());
                    v.push((
                        name,
                        format!("[scenario]\ninclude = [\"f{}.toml\"]\n", i + 1).into_bytes(),
                    ));
                }
                v.push(("f80.toml", b"".to_vec()));
                v
            },
            expect(1, "include-too-deep", Some((2, 13))),
        ),
        // Huge inputs: linear time.
        check(
            "twenty_thousand_actors_are_read_in_linear_time",
            vec![("scenario.toml", actors(20_000))],
            expect(0, "-", None),
        ),
        check(
            "a_string_of_ten_megabytes_is_read",
            vec![(
                "scenario.toml",
                scenario_with(&format!(
                    "[actor.AAA]\nkind = \"state\"\nname = \"{}\"\n",
                    "x".repeat(10 << 20)
                )),
            )],
            expect(0, "-", None),
        ),
        check(
            "an_id_of_a_megabyte_is_reported_without_quadratic_suggestions",
            vec![(
                "scenario.toml",
                scenario_with(&format!(
                    "[actor.AAA]\nkind = \"state\"\n[institution.club]\nname = \"C\"\nmembers = [{{ id = \"{}\" }}]\n",
                    "Q".repeat(1 << 20)
                )),
            )],
            expect(1, "unknown-actor", Some((7, 20))),
        ),
        check(
            "a_line_of_ten_megabytes_with_an_error_at_its_end",
            vec![(
                "scenario.toml",
                scenario_with(&format!(
                    "[actor.AAA]\nkind = \"state\"\ntags = [{}\"x\", 1]\n",
                    "\"t\", ".repeat(2 << 20)
                )),
            )],
            expect(1, "invalid-type", None),
        ),
        check(
            "ten_thousand_errors_are_capped",
            vec![(
                "scenario.toml",
                scenario_with(
                    &(0..10_000)
                        .map(|i| format!("[actor.bad{i}]\nkind = \"state\"\n"))
                        .collect::<String>(),
                ),
            )],
            expect(1, "too-many-problems", None),
        ),
        check(
            "a_member_listed_thousands_of_times_is_checked_in_linear_time",
            vec![(
                "scenario.toml",
                scenario_with(&format!(
                    "[actor.AAA]\nkind = \"state\"\n[institution.club]\nname = \"C\"\nmembers = [{}]\n",
                    (0..5000)
                        .map(|y| format!(
                            "{{ id = \"AAA\", joined = \"{}-01-01\", left = \"{}-01-01\" }}",
                            2000 + y % 8000,
                            2001 + y % 8000
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )],
            expect(0, "-", None),
        ),
        // Deep and long rules and conditions inside a scenario.
        check(
            "six_thousand_parentheses_in_a_scenario_rule",
            vec![(
                "scenario.toml",
                with_rule(&format!("{}yes >= 1{}", "(".repeat(6000), ")".repeat(6000))),
            )],
            expect(1, "rule-syntax", Some((11, 109))),
        ),
        check(
            "an_or_chain_of_40000_terms_in_a_scenario_rule",
            vec![("scenario.toml", with_rule(&chain(40_000, "or", "yes >= 1")))],
            expect(0, "-", None),
        ),
        check(
            "a_not_chain_of_100000_in_a_scenario_rule",
            vec![(
                "scenario.toml",
                with_rule(&format!("{}yes >= 1", "not ".repeat(100_000))),
            )],
            expect(1, "rule-syntax", None),
        ),
        check(
            "an_and_chain_of_15000_terms_in_a_condition",
            vec![(
                "scenario.toml",
                with_condition(&chain(15_000, "and", "in_force(pact)")),
            )],
            expect(0, "-", None),
        ),
        check(
            "an_or_chain_of_40000_terms_in_a_condition",
            vec![(
                "scenario.toml",
                with_condition(&chain(40_000, "or", "after(2020-01-01)")),
            )],
            expect(0, "-", None),
        ),
        check(
            "a_not_chain_of_100000_in_a_condition",
            vec![(
                "scenario.toml",
                with_condition(&format!("{}true", "not ".repeat(100_000))),
            )],
            expect(1, "condition-syntax", None),
        ),
        check(
            "six_thousand_parentheses_in_a_condition",
            vec![(
                "scenario.toml",
                with_condition(&format!("{}true{}", "(".repeat(6000), ")".repeat(6000))),
            )],
            expect(1, "condition-syntax", None),
        ),
        check(
            "toml_nested_arrays_ten_thousand_deep",
            vec![(
                "scenario.toml",
                scenario_with(&format!(
                    "x = {}{}\n",
                    "[".repeat(10_000),
                    "]".repeat(10_000)
                )),
            )],
            expect(1, "-", None),
        ),
        check(
            "toml_nested_inline_tables_ten_thousand_deep",
            vec![(
                "scenario.toml",
                scenario_with(&format!(
                    "x = {}{}\n",
                    "{ a = ".repeat(10_000),
                    "}".repeat(10_000)
                )),
            )],
            expect(1, "-", None),
        ),
        // Rules given on the command line.
        rule(
            "power_rule_with_6000_parentheses",
            format!("{}yes >= 1{}", "(".repeat(6000), ")".repeat(6000)),
            2,
        ),
        rule(
            "power_rule_not_chain_of_20000",
            format!("{}yes >= 1", "not ".repeat(20_000)),
            2,
        ),
        rule(
            "power_rule_or_chain_of_10000",
            chain(10_000, "or", "yes >= 2"),
            0,
        ),
        rule(
            "power_rule_and_chain_of_10000",
            chain(10_000, "and", "yes >= 2"),
            0,
        ),
        rule(
            "power_rule_mixed_chain_of_8000",
            chain(4000, "or", "yes >= 2 and no <= 1"),
            0,
        ),
    ];
    #[cfg(unix)]
    {
        cases.push(with_setup(
            "include_of_a_link_out_of_the_folder_is_refused",
            vec![("scenario.toml", include_of("passwd.toml"))],
            link_out,
            "scenario.toml",
            expect(1, "include-outside-root", Some((3, 13))),
        ));
        cases.push(with_setup(
            "include_through_a_linked_folder_out_of_the_root_is_refused",
            vec![("scenario.toml", include_of("etc/passwd"))],
            link_dir_out,
            "scenario.toml",
            expect(1, "include-outside-root", Some((3, 13))),
        ));
        cases.push(with_setup(
            "include_of_a_link_inside_the_folder_is_allowed",
            vec![
                ("scenario.toml", include_of("alias.toml")),
                ("part.toml", b"[actor.AAA]\nkind = \"state\"\n".to_vec()),
            ],
            link_in,
            "scenario.toml",
            expect(0, "-", None),
        ));
    }
    cases
}

#[test]
fn generated_cases_never_panic_hang_or_escape() {
    let base = std::env::temp_dir().join(format!("entente-hostile-{}", std::process::id()));
    let mut failures = Vec::new();
    let cases = generated();
    assert!(cases.len() >= 40, "{} generated cases", cases.len());
    for case in cases {
        let dir = base.join(case.name);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in &case.files {
            let p = dir.join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, bytes).unwrap();
        }
        (case.setup)(&dir);
        let o = run(&dir, &case.args);
        if let Err(e) = check(case.name, &o, &case.want, case.rule) {
            failures.push(e);
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn terminal_output_never_carries_raw_control_characters() {
    // Ids, keys and cells carrying ANSI escapes, bells, NULs and bidirectional overrides, shown
    // as text: every one must come out escaped.
    let mut names: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            ["escape", "ansi", "bidi", "bell", "control", "nul_"]
                .iter()
                .any(|k| n.contains(k))
                && !n.ends_with(".rule")
        })
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    let mut failures = Vec::new();
    for name in names {
        let o = run(&corpus(), &["check".to_string(), name.clone()]);
        let shown = format!("{}{}", o.stdout, o.stderr);
        if o.exit == 101 || shown.contains("panicked") {
            failures.push(format!("{name}: panicked"));
        }
        if let Some(c) = shown
            .chars()
            .find(|&c| (c.is_control() && c != '\n') || ('\u{202A}'..='\u{202E}').contains(&c))
        {
            failures.push(format!("{name}: raw {c:?} in the terminal output"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! `entente serve`: the HTTP API and the web page, on loopback unless told otherwise. Opens the
//! scenario the server answers for by default (a scenario with errors is refused, as by every
//! question), then hands over to `entente-server` until SIGINT or SIGTERM.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use crate::output::exit;

/// Arguments of `entente serve`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente serve                          the bundled scenario on http://127.0.0.1:8080/
  entente serve --port 9000 -s my.toml   another port, another scenario
  entente serve --bind 0.0.0.0           reachable from other machines (no authentication!)

Endpoints: POST /api/<question> (the question's Query JSON in, its Answer JSON out),
POST /api/scenarios (upload a scenario), GET /api/openapi.json (every endpoint and schema).
One JSON line per request is written on stderr. Stop with Ctrl-C (or SIGTERM).

Exit status: 0 stopped by a signal, 1 the scenario has errors, 2 usage error (e.g. port taken).")]
pub struct Args {
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// The address to listen on. The default answers this machine only.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Scenario files or folders the questions are asked of by default (the bundled Europe
    /// scenario when none).
    #[arg(long = "scenario", short = 's', value_name = "PATH")]
    pub scenario: Vec<PathBuf>,
    /// Seconds one answer may take before the request is refused with 503.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub time_budget: f64,
    /// How many answers are computed at once (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub max_heavy: Option<usize>,
    /// Seconds a client may take to send a request's headers, and then its body (408 beyond).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub read_timeout: f64,
    /// Largest request body, in KiB.
    #[arg(long, value_name = "KIB", default_value_t = 2048)]
    pub max_body: usize,
    /// Do not write the request log on stderr.
    #[arg(long)]
    pub quiet: bool,
}

/// Run `entente serve`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    for (flag, v) in [
        ("--time-budget", args.time_budget),
        ("--read-timeout", args.read_timeout),
    ] {
        if !(v.is_finite() && v > 0.0 && v < 1e6) {
            anyhow::bail!("{flag} must be a positive number of seconds");
        }
    }
    let session = match crate::scenario::session(&args.scenario) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let name = session.scenario().name.clone();
    let mut config = entente_server::Config {
        time_budget: Duration::from_secs_f64(args.time_budget),
        read_timeout: Duration::from_secs_f64(args.read_timeout),
        max_body: args.max_body.saturating_mul(1024),
        log: !args.quiet,
        ..Default::default()
    };
    config.default_files = scenario_files(&args.scenario);
    if let Some(n) = args.max_heavy {
        config.max_heavy = n.max(1);
    }
    let addr = SocketAddr::new(args.bind, args.port);
    let loopback = args.bind.is_loopback();
    let served = entente_server::run(addr, config, session, |local| {
        eprintln!("entente serve: `{name}` on http://{local}/ (Ctrl-C to stop)");
        if entente_server::page_is_placeholder() {
            eprintln!(
                "note: this entente was built without its web page (web/dist); the API works"
            );
        }
        if !loopback {
            eprintln!(
                "warning: listening on {}, reachable from other machines, without authentication",
                local.ip()
            );
        }
    });
    match served {
        Ok(()) => {
            eprintln!("entente serve: stopped");
            Ok(ExitCode::from(exit::OK))
        }
        Err(e) => {
            eprintln!("error: cannot serve on {addr}: {e}");
            Ok(ExitCode::from(exit::USAGE))
        }
    }
}

/// Most files, and most bytes, of the default scenario offered to an editor.
const EDITOR_FILES: usize = 64;
const EDITOR_BYTES: usize = 2 * 1024 * 1024;

/// The text of the default scenario's files, by path relative to its entry file's folder, for
/// the page's editor (`GET /api/scenarios/default`): the bundled files, or the `.toml` and
/// `.csv` files under the folder of the first scenario path (at most 64 files and 2 MiB; none
/// when there are more, so that an editor never starts from half a scenario).
fn scenario_files(paths: &[PathBuf]) -> BTreeMap<String, String> {
    let Some(first) = paths.first() else {
        return entente_api::bundled_files()
            .iter()
            .filter_map(|(p, t)| Some((p.strip_prefix("europe/")?.to_string(), t.to_string())))
            .collect();
    };
    let base = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    let mut out = BTreeMap::new();
    let mut bytes = 0usize;
    let mut stack = vec![(base.clone(), 0u32)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let Ok(kind) = e.file_type() else { continue };
            if kind.is_dir() && depth < 4 {
                stack.push((path, depth + 1));
            } else if kind.is_file()
                && matches!(
                    path.extension().and_then(|x| x.to_str()),
                    Some("toml" | "csv")
                )
            {
                let Ok(rel) = path.strip_prefix(&base) else {
                    continue;
                };
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                bytes += text.len();
                if out.len() >= EDITOR_FILES || bytes > EDITOR_BYTES {
                    return BTreeMap::new();
                }
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.insert(rel.join("/"), text);
            }
        }
    }
    out
}

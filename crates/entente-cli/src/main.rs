//! The `entente` command-line tool: parses arguments, loads a scenario (the bundled Europe
//! scenario when none is given), calls one engine and formats its answer. No engine logic lives
//! here; each subcommand is one module under `cmd/`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;
mod output;
mod scenario;
mod table;

/// entente: a security architecture you can check, query, replay and negotiate over.
#[derive(Debug, Parser)]
#[command(name = "entente", version, about, long_about = None, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Tables with every row on one line, whatever the terminal's width.
    #[arg(long, global = true)]
    wide: bool,
    /// Write the answer to this file instead of standard output.
    #[arg(long, global = true, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
    /// Ask the question of this architecture's world (a change of the scenario, see `entente
    /// compare`); `status_quo` is the scenario as it is.
    #[arg(long, global = true, value_name = "ID")]
    architecture: Option<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check scenario files and report every problem at once.
    Check(cmd::check::Args),
    /// Show what a scenario holds as of a date.
    Show(cmd::show::Args),
    /// Print the JSON Schema of the scenario format.
    Schema(cmd::schema::Args),
    /// Write the full report (terminal summary and a self-contained report.html).
    Report(cmd::report::Args),
    /// Evaluate a proposal in an institution, or replay a staged procedure.
    Decide(cmd::decide::Args),
    /// A priori voting power of a decision rule.
    Power(cmd::power::Args),
    /// Who is obliged to act when an event happens.
    Obligations(cmd::obligations::Args),
    /// Replay a timeline of events over the scenario.
    Replay(cmd::replay::Args),
    /// Defence coverage of every state, and the grey zone.
    Coverage(cmd::coverage::Args),
    /// Analyse a settlement space: acceptable packages, frontier, solutions.
    Negotiate(cmd::negotiate::Args),
    /// Forecast how positions move (spatial model, expected-utility model).
    Forecast(cmd::forecast::Args),
    /// Score a forecasting model against what happened.
    Validate(cmd::validate::Args),
    /// Fit a crisis-bargaining game to data by maximum likelihood (games' egame12).
    Estimate(cmd::estimate::Args),
    /// Put architectures (worlds that might be) side by side.
    Compare(cmd::compare::Args),
    /// One agreement: its text, legal form, status, obligations, contributions and sources.
    Agreement(cmd::agreement::Args),
    /// Overlapping institutions: members, competences and vetoes of each pair.
    Overlap(cmd::overlap::Args),
    /// Whether commitments deter: attack probabilities per state, attacker and architecture.
    Deter(cmd::deter::Args),
    /// List the ids a scenario defines (actors, institutions, agreements, timelines, ...).
    List(cmd::list::Args),
    /// Merge the shards of a sweep (`--shard K/N`) into the answer of one unsharded run.
    Merge(cmd::merge::Args),
    /// Print shell completions (bash, zsh, fish, ...).
    Completions(cmd::completions::Args),
    /// Print the manual page (roff).
    Man(cmd::completions::ManArgs),
    /// Serve the HTTP API and the web page (loopback only unless --bind says otherwise).
    Serve(cmd::serve::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    table::init(cli.wide);
    if let Some(path) = &cli.output {
        if let Err(e) = output::to_file(path) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(output::exit::USAGE);
        }
    }
    scenario::set_architecture(cli.architecture.clone());
    let result = match cli.command {
        Command::Check(a) => cmd::check::run(a),
        Command::Show(a) => cmd::show::run(a),
        Command::Schema(a) => cmd::schema::run(a),
        Command::Report(a) => cmd::report::run(a),
        Command::Decide(a) => cmd::decide::run(a),
        Command::Power(a) => cmd::power::run(a),
        Command::Obligations(a) => cmd::obligations::run(a),
        Command::Replay(a) => cmd::replay::run(a),
        Command::Coverage(a) => cmd::coverage::run(a),
        Command::Negotiate(a) => cmd::negotiate::run(a),
        Command::Forecast(a) => cmd::forecast::run(a),
        Command::Validate(a) => cmd::validate::run(a),
        Command::Estimate(a) => cmd::estimate::run(a),
        Command::Compare(a) => cmd::compare::run(a),
        Command::Deter(a) => cmd::deter::run(a),
        Command::List(a) => cmd::list::run(a),
        Command::Agreement(a) => cmd::agreement::run(a),
        Command::Overlap(a) => cmd::overlap::run(a),
        Command::Merge(a) => cmd::merge::run(a),
        Command::Completions(a) => cmd::completions::run(a),
        Command::Man(a) => cmd::completions::man(a),
        Command::Serve(a) => cmd::serve::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if output::io_cause(&e) == Some(std::io::ErrorKind::BrokenPipe) {
                // The reader closed the pipe: the output ends quietly.
                return ExitCode::from(output::exit::OK);
            }
            eprintln!("error: {e:#}");
            ExitCode::from(output::exit::USAGE)
        }
    }
}

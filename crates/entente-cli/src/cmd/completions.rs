//! `entente completions SHELL` and `entente man`: shell completions and the manual page, both
//! generated from the command line's own definition so they never drift from it.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::output::{Out, exit};

/// Arguments of `entente completions`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  entente completions bash > ~/.local/share/bash-completion/completions/entente
  entente completions zsh > ~/.zfunc/_entente
  entente completions fish > ~/.config/fish/completions/entente.fish")]
pub struct Args {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `entente man`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  entente man > entente.1 && man ./entente.1")]
pub struct ManArgs {}

/// Run `entente completions`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut cmd = crate::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "entente", &mut Out);
    Ok(ExitCode::from(exit::OK))
}

/// Run `entente man`: the manual page (roff) of the tool and its subcommands.
pub fn man(_args: ManArgs) -> anyhow::Result<ExitCode> {
    let cmd = crate::Cli::command();
    let mut out = Out;
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands() {
        let name: &'static str = Box::leak(format!("entente-{}", sub.get_name()).into_boxed_str());
        clap_mangen::Man::new(sub.clone().name(name)).render(&mut out)?;
    }
    Ok(ExitCode::from(exit::OK))
}

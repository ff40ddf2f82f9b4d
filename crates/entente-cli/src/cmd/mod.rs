//! One module per subcommand. Each exposes `Args` (clap) and `run(Args) -> Result<ExitCode>`.

pub mod agreement;
pub mod check;
pub mod compare;
pub mod completions;
pub mod coverage;
pub mod decide;
pub mod deter;
pub mod estimate;
pub mod forecast;
pub mod list;
pub mod merge;
pub mod negotiate;
pub mod obligations;
pub mod overlap;
pub mod power;
pub mod replay;
pub mod report;
pub mod schema;
pub mod serve;
pub mod show;
pub mod validate;

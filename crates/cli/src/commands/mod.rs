//! One module per subcommand.

mod ingest;
mod sample;

use crate::cli::{Cli, Command};
use crate::exit::Failure;

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Ingest(args) => ingest::run(args),
        Command::Sample(args) => sample::run(args),
    }
}

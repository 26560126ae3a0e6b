//! One module per subcommand.

mod admin;
mod boundaries;
mod geocoder;
mod ingest;
mod provider;
mod sample;
mod service;

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::exit::Failure;

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli) -> Result<(), Failure> {
    let data_dir = cli.data_dir.unwrap_or_else(default_data_dir);
    match cli.command {
        Command::Ingest(args) => ingest::run(args, &data_dir),
        Command::Sample(args) => sample::run(args),
        Command::Geocoder(command) => geocoder::run(command, &data_dir),
        Command::Boundaries(command) => boundaries::run(command, &data_dir),
        Command::Serve(args) => service::serve(args, &data_dir),
        Command::Worker(args) => service::worker(args, &data_dir),
        Command::Migrate(args) => service::migrate(args, &data_dir),
        Command::Admin(command) => admin::run(command, &data_dir),
    }
}

/// `$XDG_DATA_HOME/honeygrid`, else `~/.local/share/honeygrid`, else
/// `./honeygrid-data`.
fn default_data_dir() -> PathBuf {
    let xdg = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty());
    let home = std::env::var_os("HOME").filter(|v| !v.is_empty());
    match (xdg, home) {
        (Some(xdg), _) => PathBuf::from(xdg).join("honeygrid"),
        (None, Some(home)) => {
            PathBuf::from(home).join(".local/share/honeygrid")
        }
        (None, None) => PathBuf::from("honeygrid-data"),
    }
}

/// Where the address points live in the data directory.
fn geocoder_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("geocoder")
}

//! The `honeygrid` command line: argument parsing, the subcommands, and
//! the exit codes.
//!
//! Exit codes: 0 success, 1 a failure to read or write, 2 a usage
//! error, 3 an input that was refused (the message says why and what to
//! do about it).

mod atomic;
mod cli;
mod commands;
mod exit;
mod progress;
mod summary_text;

use std::process::ExitCode;

use clap::Parser;

pub use exit::Failure;

/// Parses the process arguments and runs the chosen command.
pub fn run() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; errors exit 2.
            let _ = e.print();
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    init_tracing();
    match commands::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("honeygrid: {}", failure.message());
            ExitCode::from(failure.code())
        }
    }
}

/// Logs go to stderr; `HONEYGRID_LOG` (or `RUST_LOG`) sets the level.
fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = std::env::var("HONEYGRID_LOG")
        .ok()
        .and_then(|v| EnvFilter::try_new(v).ok())
        .or_else(|| EnvFilter::try_from_default_env().ok())
        .unwrap_or_else(|| EnvFilter::new("warn"))
        // The HTTP client logs whole request URLs at debug and trace,
        // and a geocoding URL holds a customer's address and a key.
        .add_directive("ureq=warn".parse().expect("a valid directive"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

//! `honeygrid sample`: a realistic customer file to try HoneyGrid on.

use std::io::{self, Write};

use anyhow::Context;
use honeygrid_sample::{SampleLocation, SampleOptions, write_sample};

use crate::cli::{self, SampleArgs};
use crate::exit::Failure;

/// Writes the sample to the output file or standard output.
pub fn run(args: SampleArgs) -> Result<(), Failure> {
    let options = SampleOptions {
        rows: args.rows,
        seed: args.seed,
        location: match args.location {
            cli::SampleLocation::Coordinates => SampleLocation::Coordinates,
            cli::SampleLocation::Zip => SampleLocation::Zip,
        },
    };
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot create {}", path.display()))?;
            write_sample(file, &options)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => {
            let result = write_sample(io::stdout().lock(), &options);
            // A closed pipe (`| head`) is the reader's choice, not an error.
            match result {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
                other => other.context("cannot write to standard output")?,
            }
            let _ = io::stdout().flush();
        }
    }
    Ok(())
}

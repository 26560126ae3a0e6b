//! `honeygrid geocoder`: importing address points and showing them.

use std::path::Path;

use anyhow::Context;
use honeygrid_geocode::PointStore;
use honeygrid_geocode::points::{
    ColumnMap, ImportOptions, SourceFormat, Written,
};
use indicatif::HumanCount;

use super::geocoder_dir;
use crate::cli::{GeocoderCommand, ImportArgs};
use crate::exit::Failure;

/// Runs a geocoder subcommand against the data directory.
pub fn run(command: GeocoderCommand, data_dir: &Path) -> Result<(), Failure> {
    let store = PointStore::new(geocoder_dir(data_dir));
    match command {
        GeocoderCommand::Import(args) => import(&store, &args),
        GeocoderCommand::Status => status(&store),
    }
}

fn import(store: &PointStore, args: &ImportArgs) -> Result<(), Failure> {
    let options = import_options(args)?;
    for file in &args.files {
        let started = std::time::Instant::now();
        let done = store
            .import_file(file, &options)
            .map_err(|e| Failure::Refused(e.to_string()))?;
        let secs = started.elapsed().as_secs_f64();
        let report = &done.report;
        let what = match done.written {
            Written::New(_) => "imported",
            Written::AlreadyImported(_) => "already imported, nothing added",
            Written::Empty => "no usable point, nothing added",
        };
        println!(
            "{}: {} points {what} in {secs:.1} s, {} rows skipped",
            file.display(),
            HumanCount(report.points),
            HumanCount(report.total_skipped()),
        );
        for (reason, count, rows) in report.reasons() {
            println!(
                "  skipped, {}: {} (rows {rows:?})",
                reason.label(),
                count
            );
        }
    }
    Ok(())
}

fn import_options(args: &ImportArgs) -> Result<ImportOptions, Failure> {
    let format = match &args.columns {
        Some(spec) => SourceFormat::Columns(
            ColumnMap::parse_spec(spec)
                .map_err(|e| Failure::Usage(e.to_string()))?,
        ),
        None => SourceFormat::OpenAddresses,
    };
    let options = ImportOptions::new(format);
    match &args.state {
        Some(state) => options
            .with_default_state(state)
            .map_err(|e| Failure::Usage(e.to_string())),
        None => Ok(options),
    }
}

fn status(store: &PointStore) -> Result<(), Failure> {
    let segments =
        store.segments().context("cannot list the address points")?;
    if segments.is_empty() {
        println!(
            "No address points in {}; import some with \
             `honeygrid geocoder import FILE`.",
            store.dir().display()
        );
        return Ok(());
    }
    println!("Address points in {}:", store.dir().display());
    let mut total = 0_u64;
    for s in &segments {
        total += u64::from(s.points);
        println!(
            "  {} points from {} ({} bytes)",
            HumanCount(u64::from(s.points)),
            s.source,
            HumanCount(s.bytes),
        );
    }
    println!("{} points in all.", HumanCount(total));
    Ok(())
}

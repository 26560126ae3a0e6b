//! `honeygrid ingest`: a customer file in, per-cell metrics out.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use h3o::Resolution;
use honeygrid_core::Precision;
use honeygrid_geocode::{AddressIndex, PointStore};
use honeygrid_ingest::output::{self, OutputFormat};
use honeygrid_ingest::{
    IngestOptions, Outcome, Source, Summary, ingest, load_mapping,
};
use indicatif::HumanCount;

use crate::cli::IngestArgs;
use crate::exit::Failure;
use crate::progress::CliObserver;

/// Runs an ingest and writes its result, report and summary.
pub fn run(args: IngestArgs, data_dir: &Path) -> Result<(), Failure> {
    let mut options = options(&args)?;
    if !args.no_address_points {
        options.address_points = load_address_points(data_dir, args.quiet)?;
    }
    let source = Source::open(&args.file)?;
    let report = args.report.as_deref().map(create).transpose()?;
    let mut observer = CliObserver::new(!args.quiet, source.len, report);
    tracing::info!(input = %source.name, resolution = args.resolution, "ingest started");
    let outcome = ingest(source, &options, &mut observer);
    let report_rows = observer
        .finish()
        .context("cannot write the failed-rows report")?;
    let Outcome { sums, summary } = outcome?;
    tracing::info!(
        rows = summary.rows_read,
        cells = summary.cells,
        elapsed_ms = summary.elapsed_ms,
        "ingest finished"
    );
    write_output(&args, |out| {
        output::write(&sums, OutputFormat::from(args.format), out)
    })?;
    if let Some(path) = &args.summary_json {
        write_atomically(path, |out| {
            serde_json::to_writer_pretty(&mut *out, &summary)?;
            out.write_all(b"\n")
        })?;
    }
    if !args.quiet {
        eprint!("{}", human_summary(&summary, &args, report_rows));
    }
    Ok(())
}

fn options(args: &IngestArgs) -> Result<IngestOptions, Failure> {
    let mapping = match &args.columns {
        Some(spec) => {
            load_mapping(spec).map_err(|e| Failure::Usage(e.to_string()))?
        }
        None => Default::default(),
    };
    let resolution = Resolution::try_from(args.resolution).map_err(|_| {
        Failure::Usage(format!("no H3 resolution {}", args.resolution))
    })?;
    Ok(IngestOptions {
        resolution,
        mapping,
        threads: args.threads,
        chunk_size: args.chunk_size.max(1),
        max_size: Some(args.max_size),
        address_points: None,
        min_precision: args.min_precision.unwrap_or(Precision::Unknown),
    })
}

/// The imported address points, if any.
fn load_address_points(
    data_dir: &Path,
    quiet: bool,
) -> Result<Option<Arc<AddressIndex>>, Failure> {
    let store = PointStore::new(super::geocoder_dir(data_dir));
    let segments =
        store.segments().context("cannot list the address points")?;
    if segments.is_empty() {
        return Ok(None);
    }
    let started = std::time::Instant::now();
    let index = store.load().map_err(|e| Failure::Failed(e.into()))?;
    if !quiet {
        eprintln!(
            "Loaded {} address points in {:.1} s.",
            HumanCount(index.len() as u64),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(Some(Arc::new(index)))
}

fn create(path: &Path) -> Result<File, Failure> {
    File::create(path)
        .with_context(|| format!("cannot create {}", path.display()))
        .map_err(Failure::from)
}

/// Writes the result to `-o` (atomically) or standard output.
fn write_output(
    args: &IngestArgs,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    match &args.output {
        Some(path) => write_atomically(path, write),
        None => {
            let mut stdout = io::stdout().lock();
            match write(&mut stdout).and_then(|()| stdout.flush()) {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => Ok(other.context("cannot write to standard output")?),
            }
        }
    }
}

/// Writes to a temporary file beside `path`, then renames it, so a
/// failed run never leaves half a file behind.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Failure> {
    let tmp = temp_path(path);
    let result = File::create(&tmp).and_then(|file| {
        let mut out = io::BufWriter::new(file);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()
    });
    let result = result.and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(result.with_context(|| format!("cannot write {}", path.display()))?)
}

fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

/// The summary printed on stderr.
fn human_summary(
    s: &Summary,
    args: &IngestArgs,
    report_rows: Option<u64>,
) -> String {
    let secs = s.elapsed_ms as f64 / 1000.0;
    let rate = s.rows_read as f64 / secs.max(1e-3);
    let mut out = format!(
        "Read {} rows from {} in {secs:.2} s ({}/s), {} blank skipped.\n",
        HumanCount(s.rows_read),
        s.input,
        HumanCount(rate as u64),
        HumanCount(s.rows_skipped),
    );
    out.push_str("Placed by:\n");
    for line in s.precision_lines() {
        out.push_str(&format!("{line}\n"));
    }
    for (reason, n) in &s.unknown_reasons {
        out.push_str(&format!("  unknown, {reason}: {}\n", HumanCount(*n)));
    }
    out.push_str(&format!(
        "{} cells at resolution {}; metrics: {}.\n",
        HumanCount(s.cells),
        s.resolution,
        list_or_none(&s.metrics),
    ));
    let ignored: Vec<String> = s
        .ignored_columns
        .iter()
        .map(|c| format!("{} ({})", c.column, c.reason))
        .collect();
    if !ignored.is_empty() {
        out.push_str(&format!("Ignored columns: {}.\n", ignored.join(", ")));
    }
    for (column, list) in &s.warnings.non_numeric {
        out.push_str(&format!(
            "Warning: {} values of {column} are not numbers and count 0 (rows {}).\n",
            HumanCount(list.count),
            rows(&list.first_rows),
        ));
    }
    if s.warnings.long_rows.count > 0 {
        out.push_str(&format!(
            "Warning: {} rows have more fields than the header (rows {}).\n",
            HumanCount(s.warnings.long_rows.count),
            rows(&s.warnings.long_rows.first_rows),
        ));
    }
    if let (Some(n), Some(path)) = (report_rows, &args.report) {
        out.push_str(&format!(
            "{} rows in the report {}.\n",
            HumanCount(n),
            path.display()
        ));
    }
    if let Some(path) = &args.output {
        out.push_str(&format!("Wrote {}.\n", path.display()));
    }
    out
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

fn rows(first: &[u64]) -> String {
    let list: Vec<String> = first.iter().map(u64::to_string).collect();
    list.join(", ")
        + if first.len() == honeygrid_ingest::stats::FIRST_ROWS {
            ", ..."
        } else {
            ""
        }
}

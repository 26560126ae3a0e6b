//! `honeygrid ingest`: a customer file in, per-cell metrics out.

use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use h3o::Resolution;
use honeygrid_core::Precision;
use honeygrid_geocode::{AddressIndex, PointStore};
use honeygrid_ingest::output::{self, OutputFormat};
use honeygrid_ingest::{
    CacheStats, IngestOptions, Outcome, Source, ingest, load_mapping,
};
use indicatif::HumanCount;

use super::provider::{ProviderLink, build as build_provider};
use crate::atomic::{PendingFile, write_atomically};
use crate::cli::{IngestArgs, ProviderKind};
use crate::exit::Failure;
use crate::progress::CliObserver;
use crate::summary_text::summary_text;

/// Runs an ingest and writes its result, report and summary.
pub fn run(args: IngestArgs, data_dir: &Path) -> Result<(), Failure> {
    let mut options = options(&args)?;
    if !args.no_address_points {
        options.address_points = load_address_points(data_dir, args.quiet)?;
    }
    let provider = match args.provider {
        Some(kind) => Some(provider_link(&args, kind, &options, data_dir)?),
        None => None,
    };
    options.provider = provider.as_ref().map(|p| p.resolver.clone());
    let source = Source::open(&args.file)?;
    let report = args
        .report
        .as_deref()
        .map(PendingFile::create)
        .transpose()?;
    let report_file = report.as_ref().map(PendingFile::file).transpose()?;
    let mut observer = CliObserver::new(!args.quiet, source.len, report_file);
    let rows_out = args
        .rows_out
        .as_deref()
        .map(PendingFile::create)
        .transpose()?;
    if let Some(pending) = &rows_out {
        observer = observer
            .with_rows_out(pending.file()?)
            .context("cannot write the per-row output")?;
    }
    tracing::info!(input = %source.name, resolution = args.resolution, "ingest started");
    let outcome = ingest(source, &options, &mut observer);
    let report_rows = observer
        .finish()
        .context("cannot write the failed-rows report")?;
    let Outcome { sums, mut summary } = outcome?;
    if let Some(cache) = provider.as_ref().and_then(|p| p.cache.as_ref()) {
        cache.flush().context("cannot write the geocode cache")?;
        let (lookups, hits) = cache.stats();
        summary.geocode_cache = Some(CacheStats { lookups, hits });
    }
    if let Some(e) = provider.as_ref().and_then(|p| p.fatal.get()) {
        // Its rows would have fallen back to ZIP centroids unnoticed.
        let name = provider.as_ref().map_or("", |p| p.name);
        return Err(Failure::Failed(anyhow::anyhow!(
            "geocoding with {name} stopped, nothing was written: {e}"
        )));
    }
    for pending in [report, rows_out].into_iter().flatten() {
        pending.keep()?;
    }
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
        eprint!("{}", summary_text(&summary, &args, report_rows));
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
        provider: None,
        min_precision: args.min_precision.unwrap_or(Precision::Unknown),
    })
}

/// The external geocoder, behind its cache unless that is turned off.
fn provider_link(
    args: &IngestArgs,
    kind: ProviderKind,
    options: &IngestOptions,
    data_dir: &Path,
) -> Result<ProviderLink, Failure> {
    let url = args.provider_url.as_deref();
    let link = build_provider(kind, url, options.resolution)?;
    if args.no_geocode_cache {
        return Ok(link);
    }
    link.with_cache(&data_dir.join("geocode-cache.tsv"))
}

/// The imported address points, if any.
pub(super) fn load_address_points(
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

//! The ingest pipeline: a file in, per-cell sums and a summary out.
//!
//! [`ingest`] opens the input ([`open`]), reads its header
//! ([`crate::head`]) and hands every chunk to [`crate::process`].

use std::io::{Cursor as Bytes, Read};
use std::sync::Arc;
use std::time::Instant;

use h3o::Resolution as H3Resolution;
use honeygrid_core::{
    CellSums, ColumnMapping, ColumnPlan, Precision, Resolver,
};
use honeygrid_geocode::AddressIndex;

use crate::chunks::ChunkReader;
use crate::decode::utf8_reader;
use crate::error::IngestError;
use crate::head::read_head;
use crate::process::{Job, process};
use crate::report::{FailedRow, PlacedRow};
use crate::segment::Cursor;
use crate::sniff::{FileKind, InputFormat, TextEncoding, sniff};
use crate::source::Source;
use crate::summary::{Parts, Summary};
use crate::xlsx::first_sheet_as_csv;

/// How an ingest runs.
#[derive(Clone)]
pub struct IngestOptions {
    /// H3 resolution of the cells.
    pub resolution: H3Resolution,
    /// Column roles given by the user.
    pub mapping: ColumnMapping,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Bytes per chunk of work.
    pub chunk_size: usize,
    /// Refuse inputs larger than this many bytes.
    pub max_size: Option<u64>,
    /// Address points for street-level geocoding, when imported.
    pub address_points: Option<Arc<AddressIndex>>,
    /// An external geocoding service, tried after the address points
    /// and before the ZIP centroid.
    pub provider: Option<Arc<dyn Resolver>>,
    /// Rows placed less precisely than this go to `unknown`
    /// ([`Precision::Unknown`], the default, keeps every placement).
    pub min_precision: Precision,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            resolution: H3Resolution::Ten,
            mapping: ColumnMapping::default(),
            threads: 0,
            chunk_size: 1 << 20,
            max_size: None,
            address_points: None,
            provider: None,
            min_precision: Precision::Unknown,
        }
    }
}

/// Hears about an ingest while it runs. Every method has a default that
/// does nothing.
pub trait Observer {
    /// The columns are known; the rows are about to be read.
    fn started(&mut self, _plan: &ColumnPlan) {}

    /// Progress: input bytes consumed and data rows counted so far.
    fn progress(&mut self, _bytes: u64, _rows: u64) {}

    /// A failed row, in file order. Only called when
    /// [`Observer::wants_failed_rows`] says so.
    fn failed_row(&mut self, _row: &FailedRow) -> std::io::Result<()> {
        Ok(())
    }

    /// True when failed rows should be collected for this observer.
    fn wants_failed_rows(&self) -> bool {
        false
    }

    /// Where a row went, for every row, in file order. Only called when
    /// [`Observer::wants_placed_rows`] says so.
    fn placed_row(&mut self, _row: &PlacedRow) -> std::io::Result<()> {
        Ok(())
    }

    /// True when every row's placement should be collected.
    fn wants_placed_rows(&self) -> bool {
        false
    }
}

/// An observer that ignores everything.
impl Observer for () {}

/// The result of an ingest.
#[derive(Debug)]
pub struct Outcome {
    /// Per-cell sums.
    pub sums: CellSums,
    /// What happened.
    pub summary: Summary,
}

/// How many bytes of the file are looked at to tell what it is.
pub(crate) const SNIFF_BYTES: u64 = 64 * 1024;

/// Reads `source` whole and sums its rows per cell.
pub fn ingest(
    source: Source,
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<Outcome, IngestError> {
    let started = Instant::now();
    let input = open(source, options.max_size)?;
    let mut chunks = ChunkReader::new(input.reader, b',');
    let head = read_head(&mut chunks, &input.name, options)?;
    observer.started(&head.plan);
    let job = Job {
        chunks: &mut chunks,
        first: Some(head.first),
        plan: &head.plan,
        delimiter: head.delimiter,
        name: &input.name,
        from: Cursor::START,
        budget: u64::MAX,
    };
    let run = process(job, options, observer)?;
    let sums = run.aggregate.finish()?;
    let summary = Summary::build(Parts {
        plan: &head.plan,
        sums: &sums,
        stats: &run.stats,
        input: input.name,
        format: input.format.label(),
        encoding: input.encoding.label(),
        delimiter: head.delimiter,
        resolution: options.resolution,
        elapsed: started.elapsed(),
    });
    Ok(Outcome { sums, summary })
}

/// An input whose kind is known, as a stream of UTF-8 text.
pub(crate) struct Opened {
    pub reader: Box<dyn Read + Send>,
    pub name: String,
    pub format: InputFormat,
    pub encoding: TextEncoding,
}

/// Tells what the input is from its first bytes, refusing what is not
/// a customer file or is larger than `max_size`, and decodes it.
pub(crate) fn open(
    source: Source,
    max_size: Option<u64>,
) -> Result<Opened, IngestError> {
    let name = source.name.clone();
    let mut raw = source.into_reader(max_size)?;
    let mut head = Vec::new();
    (&mut raw)
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(|e| IngestError::io(format!("cannot read {name}"), e))?;
    let rest = Bytes::new(head.clone()).chain(raw);
    let opened = match sniff(&head)? {
        FileKind::Xlsx => Opened {
            reader: Box::new(Bytes::new(first_sheet_as_csv(rest)?)),
            name,
            format: InputFormat::Xlsx,
            encoding: TextEncoding::Utf8,
        },
        FileKind::Text(encoding) => Opened {
            reader: utf8_reader(rest, encoding),
            name,
            format: InputFormat::Csv,
            encoding,
        },
    };
    Ok(opened)
}

//! The ingest pipeline: a file in, per-cell sums and a summary out.
//!
//! One thread reads the input and cuts it into chunks of whole records;
//! worker threads parse, place and sum the chunks, each into its own
//! [`Aggregate`]; the calling thread puts the chunks' counts and failed
//! rows back in file order as they come. Memory holds the sums (one
//! entry per distinct cell) and a few chunks in flight, never the file.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crossbeam_channel::{Receiver, Sender, bounded};
use h3o::Resolution as H3Resolution;
use honeygrid_core::plan::SampleStats;
use honeygrid_core::{
    Aggregate, CellSums, ColumnMapping, ColumnPlan, Precision, Resolver,
};
use honeygrid_geocode::{AddressIndex, Chain};

use crate::chunks::{Chunk, ChunkReader};
use crate::decode::{field_text, utf8_reader};
use crate::dialect::detect_delimiter;
use crate::error::IngestError;
use crate::records::Records;
use crate::report::{FailedRow, PlacedRow};
use crate::sniff::{FileKind, TextEncoding, sniff};
use crate::source::Source;
use crate::stats::RowStats;
use crate::summary::Summary;
use crate::worker::{ChunkResult, Worker, is_blank};
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
const SNIFF_BYTES: u64 = 64 * 1024;

/// The first chunk holds the header and the rows sampled for roles.
const FIRST_CHUNK: usize = 4 << 20;

/// Reads `source` whole and sums its rows per cell.
pub fn ingest(
    source: Source,
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<Outcome, IngestError> {
    let started = Instant::now();
    let mut run = Run::start(open(source, options)?, options)?;
    observer.started(&run.plan);
    let (sums, stats) = run.process(options, observer)?;
    let summary = run.summary(&sums, &stats, started, options);
    Ok(Outcome { sums, summary })
}

/// An input whose kind is known, as a stream of UTF-8 text.
struct Opened {
    reader: Box<dyn Read + Send>,
    name: String,
    format: &'static str,
    encoding: TextEncoding,
}

/// Tells what the input is from its first bytes, refusing what is not
/// a customer file, and decodes it.
fn open(
    source: Source,
    options: &IngestOptions,
) -> Result<Opened, IngestError> {
    let name = source.name.clone();
    let mut raw = source.into_reader(options.max_size)?;
    let mut head = Vec::new();
    (&mut raw)
        .take(SNIFF_BYTES)
        .read_to_end(&mut head)
        .map_err(|e| IngestError::io(format!("cannot read {name}"), e))?;
    let rest = Cursor::new(head.clone()).chain(raw);
    let opened = match sniff(&head)? {
        FileKind::Xlsx => Opened {
            reader: Box::new(Cursor::new(first_sheet_as_csv(rest)?)),
            name,
            format: "xlsx",
            encoding: TextEncoding::Utf8,
        },
        FileKind::Text(encoding) => Opened {
            reader: utf8_reader(rest, encoding),
            name,
            format: "csv",
            encoding,
        },
    };
    Ok(opened)
}

/// A file whose header has been read and whose columns are planned.
struct Run {
    chunks: ChunkReader<Box<dyn Read + Send>>,
    first: Chunk,
    delimiter: u8,
    plan: ColumnPlan,
    name: String,
    format: &'static str,
    encoding: TextEncoding,
}

impl Run {
    fn start(
        input: Opened,
        options: &IngestOptions,
    ) -> Result<Run, IngestError> {
        let name = input.name;
        let context = || format!("cannot read {name}");
        let mut chunks = ChunkReader::new(input.reader, b',');
        let head = chunks
            .peek(64 * 1024)
            .map_err(|e| IngestError::io(context(), e))?;
        let delimiter = detect_delimiter(head);
        chunks.set_delimiter(delimiter);
        let first = chunks
            .next_chunk(FIRST_CHUNK, None)
            .map_err(|e| IngestError::io(context(), e))?
            .ok_or(IngestError::Empty)?;
        let (headers, header_end, sample) =
            read_header(&first.data, delimiter)?;
        let streets =
            options.address_points.is_some() || options.provider.is_some();
        let plan =
            ColumnPlan::build(&headers, &options.mapping, &sample, streets)?;
        let first = Chunk {
            start: header_end,
            ..first
        };
        Ok(Run {
            chunks,
            first,
            delimiter,
            plan,
            name,
            format: input.format,
            encoding: input.encoding,
        })
    }
}

impl Run {
    /// Reads, places and sums every row.
    fn process(
        &mut self,
        options: &IngestOptions,
        observer: &mut dyn Observer,
    ) -> Result<(CellSums, RowStats), IngestError> {
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let chain = Chain::build(
            options.resolution,
            options.address_points.clone(),
            options.provider.clone(),
        );
        let stop = AtomicBool::new(false);
        let (work_tx, work_rx) = bounded::<Chunk>(threads * 2);
        let (done_tx, done_rx) = bounded::<ChunkResult>(threads * 4);
        // Buffers of processed chunks go back to the reader for reuse.
        let (free_tx, free_rx) = bounded::<Vec<u8>>(threads * 2 + 2);
        let first = std::mem::replace(&mut self.first, Chunk::empty());
        let (chunks, plan, name) = (&mut self.chunks, &self.plan, &self.name);
        let (delimiter, chain) = (self.delimiter, &chain);
        let (collect_failed, collect_placed) =
            (observer.wants_failed_rows(), observer.wants_placed_rows());
        let new_worker = || Worker {
            plan,
            chain,
            delimiter,
            collect_failed,
            collect_placed,
            min_precision: options.min_precision,
            aggregate: Aggregate::new(plan.metric_names()),
        };
        std::thread::scope(|scope| {
            let stop = &stop;
            let reader = scope.spawn(move || {
                let size = options.chunk_size;
                let queues = Queues {
                    work: work_tx,
                    free: free_rx,
                };
                read_chunks(chunks, first, &queues, stop, size, name)
            });
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    let (rx, tx) = (work_rx.clone(), done_tx.clone());
                    let free = free_tx.clone();
                    let worker = new_worker();
                    scope.spawn(move || work(worker, rx, tx, free))
                })
                .collect();
            drop((done_tx, work_rx, free_tx));
            let mut collector = Collector::new(observer, plan, stop);
            for result in done_rx {
                collector.accept(result);
            }
            let read = reader.join().expect("the reader thread does not panic");
            let mut parts = workers.into_iter().map(|handle| {
                handle.join().expect("worker threads do not panic")
            });
            let mut total = parts.next().expect("at least one worker");
            for part in parts {
                total.merge(&part);
            }
            read?;
            let stats = collector.finish()?;
            Ok((total.finish()?, stats))
        })
    }

    fn summary(
        &self,
        sums: &CellSums,
        stats: &RowStats,
        started: Instant,
        options: &IngestOptions,
    ) -> Summary {
        Summary::build(crate::summary::Parts {
            plan: &self.plan,
            sums,
            stats,
            input: self.name.clone(),
            format: self.format,
            encoding: self.encoding.label(),
            delimiter: self.delimiter,
            resolution: options.resolution,
            elapsed: started.elapsed(),
        })
    }
}

/// The reader thread: sends chunks until the input ends or `stop`.
/// A zero byte anywhere means the file is not text after all (the
/// first bytes looked like text).
fn read_chunks(
    chunks: &mut ChunkReader<Box<dyn Read + Send>>,
    first: Chunk,
    queues: &Queues,
    stop: &AtomicBool,
    size: usize,
    name: &str,
) -> Result<(), IngestError> {
    let mut next = Some(first);
    while let Some(chunk) = next {
        if memchr::memchr(0, &chunk.data).is_some() {
            let kind = "a binary file (it has zero bytes)";
            return Err(IngestError::NotText(kind));
        }
        if queues.work.send(chunk).is_err() || stop.load(Ordering::Relaxed) {
            break;
        }
        next = chunks
            .next_chunk(size, queues.free.try_recv().ok())
            .map_err(|e| IngestError::io(format!("cannot read {name}"), e))?;
    }
    Ok(())
}

/// The reader's channels: chunks out, spent buffers back.
struct Queues {
    work: Sender<Chunk>,
    free: Receiver<Vec<u8>>,
}

/// A worker thread: processes chunks until there are no more, and
/// returns its sums.
fn work(
    mut worker: Worker<'_>,
    chunks: Receiver<Chunk>,
    done: Sender<ChunkResult>,
    free: Sender<Vec<u8>>,
) -> Aggregate {
    for chunk in chunks {
        if done.send(worker.process(&chunk)).is_err() {
            break;
        }
        // When the reader has spares enough, the buffer is just freed.
        let _ = free.try_send(chunk.data);
    }
    worker.aggregate
}

/// Puts chunk results back in file order and turns chunk-relative line
/// numbers into file row numbers.
struct Collector<'a> {
    observer: &'a mut dyn Observer,
    plan: &'a ColumnPlan,
    stop: &'a AtomicBool,
    pending: BTreeMap<usize, ChunkResult>,
    next: usize,
    lines: u64,
    bytes: u64,
    stats: RowStats,
    error: Option<IngestError>,
}

impl<'a> Collector<'a> {
    fn new(
        observer: &'a mut dyn Observer,
        plan: &'a ColumnPlan,
        stop: &'a AtomicBool,
    ) -> Self {
        Collector {
            observer,
            plan,
            stop,
            pending: BTreeMap::new(),
            next: 0,
            lines: 0,
            bytes: 0,
            stats: RowStats::new(plan.metrics.len()),
            error: None,
        }
    }

    fn accept(&mut self, result: ChunkResult) {
        self.pending.insert(result.index, result);
        while let Some(result) = self.pending.remove(&self.next) {
            self.next += 1;
            if self.error.is_none() {
                self.apply(result);
            }
        }
    }

    fn apply(&mut self, result: ChunkResult) {
        let offset = self.lines + result.lead_newlines;
        self.stats.append(&result.stats, offset);
        for mut row in result.failed {
            row.row += offset;
            if let Err(e) = self.observer.failed_row(&row) {
                return self.fail(IngestError::io(
                    "cannot write the failed-rows report",
                    e,
                ));
            }
        }
        for mut row in result.placed {
            row.row += offset;
            if let Err(e) = self.observer.placed_row(&row) {
                let what = "cannot write the per-row output";
                return self.fail(IngestError::io(what, e));
            }
        }
        if let Some((line, metric)) = result.out_of_range {
            let column = self.plan.metrics[metric].name.clone();
            return self.fail(IngestError::ValueOutOfRange {
                column,
                row: offset + line,
            });
        }
        self.lines += result.newlines;
        self.bytes += result.bytes;
        self.observer.progress(self.bytes, self.stats.rows);
    }

    fn fail(&mut self, error: IngestError) {
        self.error = Some(error);
        self.stop.store(true, Ordering::Relaxed);
    }

    fn finish(self) -> Result<RowStats, IngestError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.stats),
        }
    }
}

/// Reads the header and samples the first rows for column roles.
/// Returns the header names, where the header ends in `data`, and the
/// sample's statistics.
fn read_header(
    data: &[u8],
    delimiter: u8,
) -> Result<(Vec<String>, usize, SampleStats), IngestError> {
    let mut records = Records::new(data, delimiter);
    if !records.advance() {
        return Err(IngestError::Empty);
    }
    let headers: Vec<String> =
        records.iter().map(|f| field_text(f).into_owned()).collect();
    let header_end = records.offset();
    let mut sample = SampleStats::new(headers.len());
    while sample.wants_more() && records.advance() {
        if !is_blank(&records) {
            sample.observe(records.iter());
        }
    }
    Ok((headers, header_end, sample))
}

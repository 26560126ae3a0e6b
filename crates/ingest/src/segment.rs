//! A long ingest in segments, each of which can be checkpointed, so a
//! run that stops resumes from the last finished segment.
//!
//! 1. [`normalize`] decodes the input once into a text file;
//! 2. [`prepare`] reads its header and plans its columns (the same file
//!    and options always give the same plan, so it can run again on
//!    resume);
//! 3. [`ingest_segment`] processes rows from a [`Cursor`] (first
//!    [`Cursor::START`]) for about a budget of bytes, and says where the
//!    next segment starts;
//! 4. the segments' results are merged in file order:
//!    [`Aggregate::merge`] then [`Aggregate::finish`] for the sums
//!    ([`Aggregate::encode`] keeps them between runs, exact),
//!    [`RowStats::append`] with an offset of 0 for the counts;
//! 5. [`summarize`] gives the summary of the whole file.
//!
//! The result is exactly that of [`crate::ingest`] on the whole input:
//! the same sums, counts, warnings, failed rows (with file row numbers)
//! and errors. Failed rows of each segment can go to a report part
//! written with [`crate::FailedRowsWriter::continuing`].

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::Duration;

use honeygrid_core::{Aggregate, CellSums, ColumnPlan};
use serde::{Deserialize, Serialize};

use crate::chunks::ChunkReader;
use crate::error::IngestError;
use crate::head::read_head;
use crate::pipeline::{IngestOptions, Observer, SNIFF_BYTES, open};
use crate::process::{Job, check_text, process};
use crate::sniff::{FileKind, InputFormat, TextEncoding, sniff};
use crate::source::Source;
use crate::stats::RowStats;
use crate::summary::{Parts, Summary};
use crate::worker::count_newlines;

/// What [`normalize`] found and wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Normalized {
    /// CSV or xlsx.
    pub format: InputFormat,
    /// The input's text encoding (UTF-8 for a workbook).
    pub encoding: TextEncoding,
    /// Bytes written.
    pub bytes: u64,
}

/// Decodes `source` (any input [`crate::ingest`] takes: UTF-8, UTF-16
/// or Windows-1252 CSV, or xlsx) into the text that [`crate::ingest`]
/// parses, written whole to `spool`: UTF-8, except that the fields of
/// a UTF-8 file that are not valid UTF-8 are kept as they were (they
/// are read as Windows-1252). Inputs are refused with the errors
/// [`crate::ingest`] gives. `spool` is not synced to disk.
pub fn normalize(
    source: Source,
    max_size: Option<u64>,
    spool: &Path,
) -> Result<Normalized, IngestError> {
    let input = open(source, max_size)?;
    let context = || format!("cannot write {}", spool.display());
    let file =
        File::create(spool).map_err(|e| IngestError::io(context(), e))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let bytes = copy(input.reader, &mut out, &input.name, spool)?;
    out.flush().map_err(|e| IngestError::io(context(), e))?;
    Ok(Normalized {
        format: input.format,
        encoding: input.encoding,
        bytes,
    })
}

/// [`normalize`] for a file that may be moved: a UTF-8 CSV without a
/// byte-order mark is already what `normalize` would write, so it is
/// renamed to `spool` instead of copied (`path` is gone afterwards).
/// Anything else is decoded as [`normalize`] does.
pub fn normalize_file(
    path: &Path,
    name: &str,
    spool: &Path,
) -> Result<Normalized, IngestError> {
    let context = || format!("cannot read {name}");
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut head))
        .map_err(|e| IngestError::io(context(), e))?;
    let plain = matches!(sniff(&head)?, FileKind::Text(TextEncoding::Utf8))
        && !head.starts_with(b"\xEF\xBB\xBF");
    if !plain {
        let mut source = Source::open(path)?;
        source.name = name.to_owned();
        return normalize(source, None, spool);
    }
    std::fs::rename(path, spool).map_err(|e| {
        IngestError::io(format!("cannot move {name} to {}", spool.display()), e)
    })?;
    let bytes = std::fs::metadata(spool)
        .map_err(|e| IngestError::io(context(), e))?
        .len();
    Ok(Normalized {
        format: InputFormat::Csv,
        encoding: TextEncoding::Utf8,
        bytes,
    })
}

/// Copies `from` to `to`, telling read errors from write errors.
fn copy(
    mut from: impl Read,
    to: &mut impl Write,
    name: &str,
    spool: &Path,
) -> Result<u64, IngestError> {
    let mut buf = vec![0; 256 * 1024];
    let mut total = 0;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(IngestError::io(format!("cannot read {name}"), e));
            }
        };
        to.write_all(&buf[..n]).map_err(|e| {
            IngestError::io(format!("cannot write {}", spool.display()), e)
        })?;
        total += n as u64;
    }
}

/// A normalized file whose header is read and whose columns are planned.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The roles of the columns.
    pub plan: ColumnPlan,
    /// The delimiter found.
    pub delimiter: u8,
    /// The input's name, for messages and the summary.
    pub name: String,
    /// Where the first data row starts (just after the header).
    pub body: Cursor,
}

/// Reads the header of the normalized file at `path` and plans its
/// columns, as [`crate::ingest`] does (`name` is the input's name).
/// Deterministic: the same file and options always give the same plan.
pub fn prepare(
    path: &Path,
    name: &str,
    options: &IngestOptions,
) -> Result<Prepared, IngestError> {
    let mut chunks = ChunkReader::new(open_at(path, name, 0)?, b',');
    let head = read_head(&mut chunks, name, options)?;
    check_text(&head.first.data)?;
    let header = &head.first.data[..head.first.start];
    Ok(Prepared {
        plan: head.plan,
        delimiter: head.delimiter,
        name: name.to_owned(),
        body: Cursor {
            offset: header.len() as u64,
            lines: count_newlines(header),
        },
    })
}

/// Where a segment starts: a record boundary of the normalized file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cursor {
    /// Bytes before it.
    pub offset: u64,
    /// Line feeds before it (so row numbers stay those of the file).
    pub lines: u64,
}

impl Cursor {
    /// The start of the file: the first segment starts here, and skips
    /// the header ([`Prepared::body`]).
    pub const START: Cursor = Cursor {
        offset: 0,
        lines: 0,
    };
}

/// What one segment gave.
#[derive(Debug)]
pub struct SegmentResult {
    /// Its sums, exact (not yet checked against the 64-bit range).
    pub aggregate: Aggregate,
    /// Its counts, with file row numbers.
    pub stats: RowStats,
    /// Where the next segment starts.
    pub next: Cursor,
    /// True when the file ends here (a segment from `next` would have
    /// no row).
    pub done: bool,
}

/// Processes the rows of the normalized file at `path` from `from`
/// (which must be [`Cursor::START`] or the `next` of a segment of the
/// same file), until at least `budget` bytes are read or the file ends.
/// A segment ends at a chunk boundary (`options.chunk_size`) and reads
/// at least one chunk, so it may read a chunk more than `budget`.
///
/// The observer hears [`Observer::started`] first; failed and placed
/// rows have file row numbers; progress counts file bytes and this
/// segment's rows. A value out of range, a zero byte or a failing
/// observer stop the segment with the error [`crate::ingest`] gives.
pub fn ingest_segment(
    path: &Path,
    prepared: &Prepared,
    from: Cursor,
    budget: u64,
    options: &IngestOptions,
    observer: &mut dyn Observer,
) -> Result<SegmentResult, IngestError> {
    let from = match from {
        Cursor::START => prepared.body,
        from => from,
    };
    let file = open_at(path, &prepared.name, from.offset)?;
    let mut chunks = ChunkReader::new(file, prepared.delimiter);
    observer.started(&prepared.plan);
    let job = Job {
        chunks: &mut chunks,
        first: None,
        plan: &prepared.plan,
        delimiter: prepared.delimiter,
        name: &prepared.name,
        from,
        budget,
    };
    process(job, options, observer)
}

/// The file at `path`, read from `offset`.
fn open_at(
    path: &Path,
    name: &str,
    offset: u64,
) -> Result<Box<dyn Read + Send>, IngestError> {
    let context = || format!("cannot read {name}");
    let mut file =
        File::open(path).map_err(|e| IngestError::io(context(), e))?;
    file.seek(SeekFrom::Start(offset))
        .map_err(|e| IngestError::io(context(), e))?;
    Ok(Box::new(file))
}

/// The summary of the whole file, from the sums and counts of all its
/// segments, as [`crate::ingest`] gives it (`elapsed` is the caller's).
pub fn summarize(
    prepared: &Prepared,
    normalized: &Normalized,
    sums: &CellSums,
    stats: &RowStats,
    resolution: h3o::Resolution,
    elapsed: Duration,
) -> Summary {
    Summary::build(Parts {
        plan: &prepared.plan,
        sums,
        stats,
        input: prepared.name.clone(),
        format: normalized.format.label(),
        encoding: normalized.encoding.label(),
        delimiter: prepared.delimiter,
        resolution,
        elapsed,
    })
}

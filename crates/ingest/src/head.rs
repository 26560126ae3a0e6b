//! The start of a file: its delimiter, its header, and the plan of its
//! columns, from the first chunk.

use std::io::Read;

use honeygrid_core::ColumnPlan;
use honeygrid_core::plan::SampleStats;

use crate::chunks::{Chunk, ChunkReader};
use crate::decode::field_text;
use crate::dialect::detect_delimiter;
use crate::error::IngestError;
use crate::pipeline::IngestOptions;
use crate::records::Records;
use crate::worker::is_blank;

/// The first chunk holds the header and the rows sampled for roles.
const FIRST_CHUNK: usize = 4 << 20;

/// How many bytes the delimiter is guessed from.
const DIALECT_BYTES: usize = 64 * 1024;

/// A file whose header has been read and whose columns are planned.
pub(crate) struct Head {
    /// The first chunk, its records starting after the header.
    pub first: Chunk,
    pub delimiter: u8,
    pub plan: ColumnPlan,
}

/// Reads the first chunk of `chunks` (which then reads on with the
/// delimiter found) and plans the columns. The same bytes and options
/// always give the same head.
pub(crate) fn read_head<R: Read>(
    chunks: &mut ChunkReader<R>,
    name: &str,
    options: &IngestOptions,
) -> Result<Head, IngestError> {
    let context = || format!("cannot read {name}");
    let head = chunks
        .peek(DIALECT_BYTES)
        .map_err(|e| IngestError::io(context(), e))?;
    let delimiter = detect_delimiter(head);
    chunks.set_delimiter(delimiter);
    let first = chunks
        .next_chunk(FIRST_CHUNK, None)
        .map_err(|e| IngestError::io(context(), e))?
        .ok_or(IngestError::Empty)?;
    let (headers, header_end, sample) = read_header(&first.data, delimiter)?;
    let streets =
        options.address_points.is_some() || options.provider.is_some();
    let plan = ColumnPlan::build(&headers, &options.mapping, &sample, streets)?;
    let first = Chunk {
        start: header_end,
        ..first
    };
    Ok(Head {
        first,
        delimiter,
        plan,
    })
}

/// Reads the header and samples the first rows for column roles.
/// Returns the header names, where the header ends in `data`, and the
/// sample's statistics.
pub(crate) fn read_header(
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

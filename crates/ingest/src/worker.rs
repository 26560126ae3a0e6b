//! Parsing one chunk: every row placed, valued and counted.

use honeygrid_core::value::{ValueError, parse_metric, trim};
use honeygrid_core::{
    Aggregate, CellKey, ColumnPlan, Miss, Precision, Resolution,
};
use honeygrid_geocode::Chain;

use crate::batch::{Batch, PendingRow};
use crate::chunks::Chunk;
use crate::decode::field_text;
use crate::records::Records;
use crate::report::{FailedRow, PlacedRow};
use crate::stats::RowStats;

/// What one chunk gave, with row numbers counted from the chunk's start
/// (line 1 is the chunk's first line).
#[derive(Debug)]
pub(crate) struct ChunkResult {
    pub index: usize,
    pub bytes: u64,
    /// Line feeds before the chunk's records (the header's, in the
    /// first chunk).
    pub lead_newlines: u64,
    /// Line feeds in the whole chunk.
    pub newlines: u64,
    pub stats: RowStats,
    pub failed: Vec<FailedRow>,
    pub placed: Vec<PlacedRow>,
    /// A value out of the 64-bit range: (line, metric position).
    pub out_of_range: Option<(u64, usize)>,
}

/// The per-thread state: the plan, the chain and this thread's sums.
pub(crate) struct Worker<'a> {
    pub plan: &'a ColumnPlan,
    pub chain: &'a Chain,
    pub delimiter: u8,
    pub collect_failed: bool,
    pub collect_placed: bool,
    pub min_precision: Precision,
    pub aggregate: Aggregate,
}

impl Worker<'_> {
    /// Processes every record of a chunk: reads them all, places them
    /// in one batch, then counts them in order.
    pub fn process(&mut self, chunk: &Chunk) -> ChunkResult {
        let data = &chunk.data[chunk.start..];
        let mut result = ChunkResult {
            index: chunk.index,
            bytes: chunk.data.len() as u64,
            lead_newlines: count_newlines(&chunk.data[..chunk.start]),
            newlines: count_newlines(&chunk.data),
            stats: RowStats::new(self.plan.metrics.len()),
            failed: Vec::new(),
            placed: Vec::new(),
            out_of_range: None,
        };
        let mut batch = Batch::new(self.plan.metrics.len());
        let mut records = Records::new(data, self.delimiter);
        while records.advance() {
            if let Err(metric) = self.read(&records, &mut batch, &mut result) {
                result.out_of_range = Some((records.line(), metric));
                return result;
            }
        }
        let placed = self.chain.resolve_batch(&batch.locations());
        for (i, place) in placed.into_iter().enumerate() {
            self.count(&mut batch, i, place, data, &mut result);
        }
        result
    }

    /// Reads one record into the batch; `Err` carries the metric out of
    /// range.
    fn read(
        &self,
        record: &Records<'_>,
        batch: &mut Batch,
        out: &mut ChunkResult,
    ) -> Result<(), usize> {
        if is_blank(record) {
            out.stats.skipped += 1;
            return Ok(());
        }
        out.stats.rows += 1;
        let (row, values) = batch.push(record, self.plan);
        self.read_metrics(record, values, out, &mut row.reasons)?;
        let width = self.plan.width();
        if record.len() > width {
            out.stats.long_rows.push(record.line());
            let fields = record.len();
            let why = format!("{fields} fields, the header has {width}");
            row.reasons.push(why);
        }
        Ok(())
    }

    /// Counts row `i` of the batch under the cell it was placed in.
    fn count(
        &mut self,
        batch: &mut Batch,
        i: usize,
        place: Resolution,
        data: &[u8],
        out: &mut ChunkResult,
    ) {
        let place = place.and_then(|p| {
            let coarse = p.precision > self.min_precision;
            if coarse { Err(Miss::TooCoarse) } else { Ok(p) }
        });
        let (key, precision) = match place {
            Ok(p) => {
                out.stats.placed(p.precision);
                (CellKey::Cell(p.cell), p.precision)
            }
            Err(miss) => {
                out.stats.missed(miss);
                let reasons = &mut batch.rows[i].reasons;
                reasons.insert(0, miss.reason().to_owned());
                (CellKey::Unknown, Precision::Unknown)
            }
        };
        if self.collect_placed {
            out.placed.push(self.placed_row(batch, i, key, precision));
        }
        let row = &batch.rows[i];
        if self.collect_failed && !row.reasons.is_empty() {
            out.failed.push(failed_row(data, row, self.delimiter));
        }
        self.aggregate.add_row(key, batch.values(i));
    }

    /// Where row `i` went, for `--rows-out`.
    fn placed_row(
        &self,
        batch: &Batch,
        i: usize,
        key: CellKey,
        precision: Precision,
    ) -> PlacedRow {
        let matched = match key {
            CellKey::Cell(_) => {
                self.chain.describe(&batch.location_of(i), precision)
            }
            CellKey::Unknown => None,
        };
        PlacedRow {
            row: batch.rows[i].line,
            id: batch.id(i).into_owned(),
            key,
            precision,
            matched: matched.unwrap_or_default(),
        }
    }

    /// Reads every metric value; a non-number counts 0 and is noted.
    fn read_metrics(
        &self,
        record: &Records<'_>,
        values: &mut [i64],
        out: &mut ChunkResult,
        reasons: &mut Vec<String>,
    ) -> Result<(), usize> {
        for (k, metric) in self.plan.metrics.iter().enumerate() {
            let raw = record.get(metric.index).unwrap_or(b"");
            values[k] = match parse_metric(raw) {
                Ok(v) => v,
                Err(ValueError::NotANumber) => {
                    out.stats.non_numeric[k].push(record.line());
                    reasons.push(format!("not a number in {}", metric.name));
                    0
                }
                Err(ValueError::OutOfRange) => return Err(k),
            };
        }
        Ok(())
    }
}

/// The failed-rows entry of a row, its fields read again from the chunk.
fn failed_row(data: &[u8], row: &PendingRow, delimiter: u8) -> FailedRow {
    let mut record = Records::new(&data[row.span.clone()], delimiter);
    record.advance();
    FailedRow {
        row: row.line,
        reason: row.reasons.join("; "),
        fields: record.iter().map(|f| field_text(f).into_owned()).collect(),
    }
}

pub(crate) fn is_blank(record: &Records<'_>) -> bool {
    record.iter().all(|f| trim(f).is_empty())
}

/// Line feeds in `data`, for turning chunk lines into file lines.
pub(crate) fn count_newlines(data: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', data).count() as u64
}

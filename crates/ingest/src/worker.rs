//! Parsing one chunk: every row placed, valued and counted.

use honeygrid_core::plan::LocationColumns;
use honeygrid_core::value::{ValueError, parse_metric, trim};
use honeygrid_core::{
    Aggregate, CellKey, ColumnPlan, LocationFields, Miss, Precision, Resolution,
};
use honeygrid_geocode::Chain;

use crate::chunks::Chunk;
use crate::decode::field_text;
use crate::records::Records;
use crate::report::FailedRow;
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
    /// A value out of the 64-bit range: (line, metric position).
    pub out_of_range: Option<(u64, usize)>,
}

/// The per-thread state: the plan, the chain and this thread's sums.
pub(crate) struct Worker<'a> {
    pub plan: &'a ColumnPlan,
    pub chain: &'a Chain,
    pub delimiter: u8,
    pub collect_failed: bool,
    pub min_precision: Precision,
    pub aggregate: Aggregate,
}

impl Worker<'_> {
    /// A worker with the same settings and empty sums.
    pub fn fork(&self) -> Self {
        Worker {
            aggregate: Aggregate::new(self.plan.metric_names()),
            ..*self
        }
    }

    /// Processes every record of a chunk.
    pub fn process(&mut self, chunk: &Chunk) -> ChunkResult {
        let data = &chunk.data[chunk.start..];
        let mut result = ChunkResult {
            index: chunk.index,
            bytes: chunk.data.len() as u64,
            lead_newlines: count_newlines(&chunk.data[..chunk.start]),
            newlines: count_newlines(&chunk.data),
            stats: RowStats::new(self.plan.metrics.len()),
            failed: Vec::new(),
            out_of_range: None,
        };
        let mut records = Records::new(data, self.delimiter);
        let mut values = vec![0_i64; self.plan.metrics.len()];
        while records.advance() {
            if let Err(metric) = self.row(&records, &mut values, &mut result) {
                result.out_of_range = Some((records.line(), metric));
                break;
            }
        }
        result
    }

    /// Counts one record; `Err` carries the metric out of range.
    fn row(
        &mut self,
        record: &Records<'_>,
        values: &mut [i64],
        out: &mut ChunkResult,
    ) -> Result<(), usize> {
        if is_blank(record) {
            out.stats.skipped += 1;
            return Ok(());
        }
        out.stats.rows += 1;
        let mut reasons: Vec<String> = Vec::new();
        let key = match self.place(record) {
            Ok(p) => {
                out.stats.placed(p.precision);
                CellKey::Cell(p.cell)
            }
            Err(miss) => {
                out.stats.missed(miss);
                reasons.push(miss.reason().to_owned());
                CellKey::Unknown
            }
        };
        self.read_metrics(record, values, out, &mut reasons)?;
        self.aggregate.add_row(key, values);
        let width = self.plan.width();
        if record.len() > width {
            out.stats.long_rows.push(record.line());
            let fields = record.len();
            reasons.push(format!("{fields} fields, the header has {width}"));
        }
        if self.collect_failed && !reasons.is_empty() {
            out.failed.push(failed_row(record, &reasons));
        }
        Ok(())
    }

    /// Places a row, refusing placements coarser than the minimum.
    fn place(&self, record: &Records<'_>) -> Resolution {
        let fields = location(&self.plan.location, record);
        let placed = self.chain.resolve(&fields)?;
        if placed.precision > self.min_precision {
            return Err(Miss::TooCoarse);
        }
        Ok(placed)
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

fn failed_row(record: &Records<'_>, reasons: &[String]) -> FailedRow {
    FailedRow {
        row: record.line(),
        reason: reasons.join("; "),
        fields: record.iter().map(|f| field_text(f).into_owned()).collect(),
    }
}

pub(crate) fn is_blank(record: &Records<'_>) -> bool {
    record.iter().all(|f| trim(f).is_empty())
}

fn location<'r>(
    cols: &LocationColumns,
    record: &'r Records<'_>,
) -> LocationFields<'r> {
    let field = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or(b"");
    LocationFields {
        address1: field(cols.address1),
        address2: field(cols.address2),
        city: field(cols.city),
        state: field(cols.state),
        zip: field(cols.zip),
        country: field(cols.country),
        lat: field(cols.lat),
        lng: field(cols.lng),
    }
}

/// Line feeds in `data`, for turning chunk lines into file lines.
pub(crate) fn count_newlines(data: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', data).count() as u64
}

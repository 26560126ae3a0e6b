//! Putting chunk results back in file order, on the calling thread.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use honeygrid_core::ColumnPlan;

use crate::error::IngestError;
use crate::pipeline::Observer;
use crate::segment::Cursor;
use crate::stats::RowStats;
use crate::worker::ChunkResult;

/// Puts chunk results back in file order and turns chunk-relative line
/// numbers into file row numbers.
pub(crate) struct Collector<'a> {
    observer: &'a mut dyn Observer,
    plan: &'a ColumnPlan,
    stop: &'a AtomicBool,
    pending: BTreeMap<usize, ChunkResult>,
    next: usize,
    /// Line feeds before the next chunk, in the file.
    lines: u64,
    /// Where the next chunk starts in the file.
    bytes: u64,
    stats: RowStats,
    error: Option<IngestError>,
}

impl<'a> Collector<'a> {
    /// A collector of chunks numbered from 0, the first one starting
    /// at `from` in the file.
    pub fn new(
        observer: &'a mut dyn Observer,
        plan: &'a ColumnPlan,
        stop: &'a AtomicBool,
        from: Cursor,
    ) -> Self {
        Collector {
            observer,
            plan,
            stop,
            pending: BTreeMap::new(),
            next: 0,
            lines: from.lines,
            bytes: from.offset,
            stats: RowStats::new(plan.metrics.len()),
            error: None,
        }
    }

    /// Takes a chunk's result, in any order.
    pub fn accept(&mut self, result: ChunkResult) {
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

    /// The counts of every chunk, and where the chunks ended.
    pub fn finish(self) -> Result<(RowStats, Cursor), IngestError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok((
                self.stats,
                Cursor {
                    offset: self.bytes,
                    lines: self.lines,
                },
            )),
        }
    }
}

//! The `aggregate#N` steps: the decoded file, one segment at a time.
//! Each segment's partial sums and failed rows are kept in the object
//! store and its counts in the journal, so a run that stops loses at
//! most the segment it was in.

use std::path::PathBuf;

use bytes::Bytes;
use honeygrid_core::ColumnPlan;
use honeygrid_ingest::{
    Cursor, FailedRow, FailedRowsWriter, Observer, RowStats, ingest_segment,
    prepare,
};
use honeygrid_workflow::{Ctx, StepError, WorkflowError};
use serde::{Deserialize, Serialize};

use super::job::Job;
use super::spool::{self, Spooled, blocking, classify_objects};
use crate::{App, keys};

/// What one segment gave, as journaled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    /// Its number, from 0.
    pub n: u64,
    /// Where the next segment starts.
    pub next: Cursor,
    /// True for the last segment.
    pub done: bool,
    /// Its counts, with file row numbers.
    pub stats: RowStats,
    /// Failed rows kept in its report part.
    pub failed_rows: u64,
}

/// Runs every segment, in order, each as a step.
pub async fn run_all(
    app: &App,
    ctx: &Ctx,
    job: &Job,
    spooled: &Spooled,
) -> Result<Vec<Part>, WorkflowError> {
    let mut parts: Vec<Part> = Vec::new();
    let mut from = Cursor::START;
    for n in 0.. {
        let name = format!("aggregate#{n}");
        let part: Part = ctx
            .step(&name, super::io_policy(), || {
                segment(app, ctx, job, spooled, n, from)
            })
            .await?;
        from = part.next;
        let done = part.done;
        parts.push(part);
        if done {
            break;
        }
    }
    Ok(parts)
}

/// One segment: sums and failed rows to the object store.
async fn segment(
    app: &App,
    ctx: &Ctx,
    job: &Job,
    spooled: &Spooled,
    n: u64,
    from: Cursor,
) -> Result<Part, StepError> {
    let path = spool::ensure(app, ctx, job, spooled).await?;
    let options = spool::options(app, job)?;
    let budget = app.config.segment_bytes;
    let name = job.file_name.clone();
    let (result, failed) = blocking(move || {
        let prepared = prepare(&path, &name, &options)?;
        let mut failed = FailedPart::new();
        let result = ingest_segment(
            &path,
            &prepared,
            from,
            budget,
            &options,
            &mut failed,
        )?;
        Ok((result, failed))
    })
    .await?;
    let run = ctx.run_id();
    let sums = Bytes::from(result.aggregate.encode());
    put(app, &keys::segment_sums(run, n), sums).await?;
    let failed_rows = failed.writer.rows();
    if failed_rows > 0 {
        let report = failed.writer.finish().map_err(StepError::retryable)?;
        put(app, &keys::segment_failed(run, n), report.into()).await?;
    }
    Ok(Part {
        n,
        next: result.next,
        done: result.done,
        stats: result.stats,
        failed_rows,
    })
}

async fn put(app: &App, key: &str, data: Bytes) -> Result<(), StepError> {
    app.objects
        .put(key, data)
        .await
        .map_err(|e| classify_objects(&e))
}

/// Collects one segment's failed rows, with no header line.
struct FailedPart {
    writer: FailedRowsWriter<Vec<u8>>,
}

impl FailedPart {
    fn new() -> FailedPart {
        FailedPart {
            writer: FailedRowsWriter::continuing(Vec::new()),
        }
    }
}

impl Observer for FailedPart {
    fn started(&mut self, _plan: &ColumnPlan) {}

    fn failed_row(&mut self, row: &FailedRow) -> std::io::Result<()> {
        self.writer.write(row).map_err(std::io::Error::other)
    }

    fn wants_failed_rows(&self) -> bool {
        true
    }
}

/// The local file's path, for the steps after the segments.
pub async fn local_file(
    app: &App,
    ctx: &Ctx,
    job: &Job,
    spooled: &Spooled,
) -> Result<PathBuf, StepError> {
    spool::ensure(app, ctx, job, spooled).await
}

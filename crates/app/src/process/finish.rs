//! The steps after the segments: the aggregate is merged and stored,
//! the version becomes ready, grids are found, scratch is cleaned.

use std::time::Duration;

use bytes::Bytes;
use honeygrid_core::CellSums;
use honeygrid_ingest::output::write_json;
use honeygrid_ingest::{FailedRowsWriter, RowStats, prepare, summarize};
use honeygrid_store::{ReadyVersion, now_ms};
use honeygrid_workflow::{Ctx, StepError};
use serde::{Deserialize, Serialize};

use super::job::Job;
use super::segments::{Part, local_file};
use super::spool::{self, Spooled, blocking, classify_objects};
use crate::{App, keys};

/// What the aggregate step found, as journaled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ready {
    /// Cells in the aggregate.
    pub total_cells: i64,
    /// The processing summary.
    pub metadata: serde_json::Value,
}

/// Merges the segments' sums into the aggregate and stores it, with
/// the failed-rows report.
pub async fn store(
    app: &App,
    ctx: &Ctx,
    job: &Job,
    spooled: &Spooled,
    parts: &[Part],
) -> Result<Ready, StepError> {
    let clock = std::time::Instant::now();
    let path = local_file(app, ctx, job, spooled).await?;
    let options = spool::options(app, job)?;
    let name = job.file_name.clone();
    let prepared = blocking(move || prepare(&path, &name, &options)).await?;
    let prepared_ms = clock.elapsed().as_millis();
    let mut encoded = Vec::with_capacity(parts.len());
    let mut stats = RowStats::new(prepared.plan.metrics.len());
    for part in parts {
        let key = keys::segment_sums(ctx.run_id(), part.n);
        encoded.push(get(app, &key).await?);
        stats.append(&part.stats, 0);
    }
    let metrics = prepared.plan.metric_names();
    let sums = tokio::task::spawn_blocking(move || merge(metrics, &encoded))
        .await
        .map_err(|e| StepError::retryable(format!("worker thread: {e}")))??;
    let merged_ms = clock.elapsed().as_millis();
    let resolution =
        h3o::Resolution::try_from(job.resolution).map_err(StepError::fatal)?;
    let elapsed = Duration::from_millis((now_ms() - job.started_ms) as u64);
    let summary = summarize(
        &prepared,
        &spooled.normalized,
        &sums,
        &stats,
        resolution,
        elapsed,
    );
    let mut json = Vec::with_capacity(sums.len() * 64);
    write_json(&sums, &mut json).map_err(StepError::fatal)?;
    let json_ms = clock.elapsed().as_millis();
    let key = keys::aggregate(&job.data_source_id, &job.version_id);
    put(app, &key, json.into()).await?;
    let put_ms = clock.elapsed().as_millis();
    let report = failed_report(app, ctx, &prepared.plan.headers, parts);
    let key = keys::failed_rows(&job.data_source_id, &job.version_id);
    put(app, &key, report.await?.into()).await?;
    let metadata = serde_json::to_value(&summary).map_err(StepError::fatal)?;
    tracing::info!(
        prepared_ms,
        merged_ms,
        json_ms,
        put_ms,
        took_ms = clock.elapsed().as_millis(),
        "aggregate stored"
    );
    Ok(Ready {
        total_cells: sums.cell_count() as i64,
        metadata,
    })
}

/// The segments' partial sums added up, in key order.
fn merge(
    metrics: Vec<String>,
    encoded: &[Bytes],
) -> Result<CellSums, StepError> {
    let parts: Vec<&[u8]> = encoded.iter().map(|b| b.as_ref()).collect();
    honeygrid_core::merge_sorted(metrics, &parts).map_err(StepError::fatal)
}

/// The whole failed-rows report: its header, then each segment's part.
async fn failed_report(
    app: &App,
    ctx: &Ctx,
    headers: &[String],
    parts: &[Part],
) -> Result<Vec<u8>, StepError> {
    let header = FailedRowsWriter::new(Vec::new(), headers)
        .and_then(|w| Ok(w.finish()?))
        .map_err(StepError::fatal)?;
    let mut report = header;
    for part in parts.iter().filter(|p| p.failed_rows > 0) {
        let key = keys::segment_failed(ctx.run_id(), part.n);
        report.extend_from_slice(&get(app, &key).await?);
    }
    Ok(report)
}

/// Makes the version ready and its data source's current version.
pub async fn mark_ready(
    app: &App,
    job: &Job,
    ready: &Ready,
) -> Result<(), StepError> {
    let ready = ReadyVersion {
        total_cells: ready.total_cells,
        metadata: ready.metadata.clone(),
    };
    app.db
        .mark_ready(
            &job.workspace_id,
            &job.data_source_id,
            &job.version_id,
            &ready,
        )
        .await
        .map_err(StepError::retryable)
}

/// Brings every grid that uses the data source up to the new version:
/// its pending version pins it and is materialised, and promoted with
/// auto-update. Returns the grids' ids.
pub async fn grids(app: &App, job: &Job) -> Result<Vec<String>, StepError> {
    let grids = app
        .follow_data_source(
            &job.workspace_id,
            &job.data_source_id,
            &job.version_id,
        )
        .await
        .map_err(StepError::retryable)?;
    tracing::info!(
        data_source.id = %job.data_source_id,
        grids = grids.len(),
        "grids brought up to the new version"
    );
    Ok(grids)
}

/// Deletes the run's partial results and local files.
pub async fn cleanup(app: &App, ctx: &Ctx) -> Result<(), StepError> {
    app.objects
        .delete_prefix(&keys::run_scratch(ctx.run_id()))
        .await
        .map_err(|e| classify_objects(&e))?;
    let dir = spool::run_dir(app, ctx);
    match tokio::fs::remove_dir_all(&dir).await {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(StepError::retryable(format!("scratch folder: {e}")))
        }
        _ => Ok(()),
    }
}

async fn get(app: &App, key: &str) -> Result<Bytes, StepError> {
    app.objects.get(key).await.map_err(|e| classify_objects(&e))
}

async fn put(app: &App, key: &str, data: Bytes) -> Result<(), StepError> {
    app.objects
        .put(key, data)
        .await
        .map_err(|e| classify_objects(&e))
}

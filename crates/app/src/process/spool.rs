//! The `read-upload` step: the upload is copied from the object store
//! and decoded into a local text file that the segments read. From a
//! local folder the copy is a hard link, and a UTF-8 file needs no
//! decoding, so a large upload costs no copying at all.
//!
//! The local file is scratch: a worker that takes a run over on
//! another machine, or after its disk was wiped, makes it again from
//! the upload (decoding is deterministic), so it is never journaled.

use std::path::PathBuf;
use std::sync::Arc;

use honeygrid_ingest::{
    IngestError, IngestOptions, Normalized, normalize_file,
};
use honeygrid_workflow::{Ctx, StepError};
use serde::{Deserialize, Serialize};

use super::job::Job;
use crate::App;
use crate::data_sources::mapping_from_json;

/// What the step found: the decoded file's kind and size.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Spooled {
    /// The input's format and encoding, and the decoded size.
    pub normalized: Normalized,
}

/// The scratch folder of a run.
pub fn run_dir(app: &App, ctx: &Ctx) -> PathBuf {
    app.config.scratch_dir().join(ctx.run_id())
}

fn text_path(app: &App, ctx: &Ctx) -> PathBuf {
    run_dir(app, ctx).join("normalized.csv")
}

/// Copies and decodes the upload.
pub async fn run(
    app: &App,
    ctx: &Ctx,
    job: &Job,
) -> Result<Spooled, StepError> {
    let dir = run_dir(app, ctx);
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| StepError::retryable(format!("scratch folder: {e}")))?;
    let raw = dir.join("upload");
    app.objects
        .download(&job.file_key, &raw)
        .await
        .map_err(|e| classify_objects(&e))?;
    let text = text_path(app, ctx);
    let name = job.file_name.clone();
    let normalized = blocking(move || {
        let normalized = normalize_file(&raw, &name, &text);
        let _ = std::fs::remove_file(&raw);
        normalized
    })
    .await?;
    Ok(Spooled { normalized })
}

/// The local decoded file, made again when missing.
pub async fn ensure(
    app: &App,
    ctx: &Ctx,
    job: &Job,
    spooled: &Spooled,
) -> Result<PathBuf, StepError> {
    let path = text_path(app, ctx);
    let size = tokio::fs::metadata(&path).await.map(|m| m.len()).ok();
    if size != Some(spooled.normalized.bytes) {
        tracing::info!(
            workflow.run_id = %ctx.run_id(),
            "local copy of the upload missing; reading it again"
        );
        run(app, ctx, job).await?;
    }
    Ok(path)
}

/// The ingest settings of a job.
pub fn options(app: &App, job: &Job) -> Result<IngestOptions, StepError> {
    let mapping = mapping_from_json(job.column_mapping.as_ref())
        .map_err(StepError::fatal)?;
    let resolution = h3o::Resolution::try_from(job.resolution)
        .map_err(|e| StepError::fatal(format!("resolution: {e}")))?;
    Ok(IngestOptions {
        resolution,
        mapping,
        threads: app.config.threads,
        address_points: app.address_points.clone(),
        ..IngestOptions::default()
    })
}

/// Runs ingest work off the async threads; a refused input is fatal
/// (the same file is refused every time), an I/O error retryable.
pub async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, IngestError> + Send + 'static,
) -> Result<T, StepError> {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(classify_ingest(&e)),
        Err(e) => Err(StepError::retryable(format!("worker thread: {e}"))),
    }
}

fn classify_ingest(e: &IngestError) -> StepError {
    if matches!(e, IngestError::Io { .. }) {
        StepError::retryable(e)
    } else {
        StepError::fatal(e)
    }
}

/// Object store errors: transient ones are retried.
pub fn classify_objects(e: &honeygrid_objects::ObjectsError) -> StepError {
    if e.is_retryable() {
        StepError::retryable(e)
    } else {
        StepError::fatal(e)
    }
}

/// Keeps the address index type in one place for [`App`].
pub type AddressPoints = Option<Arc<honeygrid_geocode::AddressIndex>>;

//! The `setup` step: the version is marked `processing` and its file
//! and settings are read.

use honeygrid_workflow::StepError;

use super::job::{Input, Job};
use crate::App;

/// Reads the version and marks it `processing`.
pub async fn run(app: &App, input: &Input) -> Result<Job, StepError> {
    let db = &app.db;
    let ws = &input.workspace_id;
    let gone = || {
        StepError::fatal(
            "the data source or version was deleted before processing",
        )
    };
    let source = db
        .data_source(ws, &input.data_source_id)
        .await
        .map_err(StepError::retryable)?
        .ok_or_else(gone)?;
    let version = db
        .version(ws, &source.id, &input.version_id)
        .await
        .map_err(StepError::retryable)?
        .ok_or_else(gone)?;
    db.mark_processing(ws, &source.id, &version.id)
        .await
        .map_err(StepError::retryable)?;
    Ok(Job {
        workspace_id: ws.clone(),
        data_source_id: source.id,
        version_id: version.id,
        file_key: version.file_path.ok_or_else(gone)?,
        file_name: version.file_name.unwrap_or_else(|| "upload".into()),
        resolution: u8::try_from(source.resolution).unwrap_or(10),
        column_mapping: source.column_mapping,
        started_ms: honeygrid_store::now_ms(),
    })
}

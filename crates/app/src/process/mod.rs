//! The CreateDataSourceVersion workflow: what turns an uploaded file
//! into a ready version.
//!
//! Steps, each journaled so a restarted or other worker goes on from
//! the last one done:
//!
//! 1. `setup`: the version is marked `processing`; its file and
//!    settings are read (`setup`);
//! 2. `read-upload`: the upload is copied from the object store and
//!    decoded into a local text file (`spool`);
//! 3. `aggregate#N`: one segment of that file is geocoded and summed;
//!    its partial sums and failed rows go to the object store
//!    (`segments`), so a crash in a large file loses one segment's
//!    work at most;
//! 4. `store-aggregate`: the segments are merged into the aggregate,
//!    stored under `datasource:{id}/version/{vid}` with the failed-rows
//!    report (`finish`);
//! 5. `update-version`: the version becomes `ready` and its data
//!    source's current version;
//! 6. `notify-grids`: the grids that use the data source are found;
//! 7. `cleanup`: the run's partial results are deleted.
//!
//! When a step fails for good, a compensation step, `mark-failed`,
//! marks the version and its data source `failed` with the step's
//! message (see `Ctx::compensate`).

mod finish;
mod job;
mod segments;
mod setup;
mod spool;

use futures::future::BoxFuture;
use honeygrid_workflow::{
    Ctx, Registry, RetryPolicy, StepError, Workflow, WorkflowError,
};
use serde_json::Value;

use crate::App;

pub use job::{Input, Job};
pub use spool::AddressPoints;

/// The workflow's kind, as stored with its runs.
pub const KIND: &str = "create_data_source_version";

/// Adds the workflow to a worker's registry.
pub fn register(app: &App, registry: &mut Registry) {
    registry.register(KIND, CreateVersion { app: app.clone() });
}

/// The workflow, with the adapters its steps use.
struct CreateVersion {
    app: App,
}

impl Workflow for CreateVersion {
    fn run(
        &self,
        ctx: Ctx,
        input: Value,
    ) -> BoxFuture<'_, Result<Value, WorkflowError>> {
        Box::pin(async move {
            let input: Input = serde_json::from_value(input)?;
            match self.steps(&ctx, &input).await {
                Err(WorkflowError::Failed(message)) => {
                    self.fail(&ctx, &input, &message).await?;
                    Err(WorkflowError::Failed(message))
                }
                other => other,
            }
        })
    }
}

impl CreateVersion {
    async fn steps(
        &self,
        ctx: &Ctx,
        input: &Input,
    ) -> Result<Value, WorkflowError> {
        let app = &self.app;
        let job: Job = ctx
            .step("setup", db_policy(), || setup::run(app, input))
            .await?;
        let spooled = ctx
            .step("read-upload", io_policy(), || spool::run(app, ctx, &job))
            .await?;
        let parts = segments::run_all(app, ctx, &job, &spooled).await?;
        let ready = ctx
            .step("store-aggregate", io_policy(), || {
                finish::store(app, ctx, &job, &spooled, &parts)
            })
            .await?;
        let () = ctx
            .step("update-version", db_policy(), || {
                finish::mark_ready(app, &job, &ready)
            })
            .await?;
        let grids: Vec<String> = ctx
            .step("notify-grids", db_policy(), || finish::grids(app, &job))
            .await?;
        let () = ctx
            .step("cleanup", db_policy(), || finish::cleanup(app, ctx))
            .await?;
        Ok(serde_json::json!({
            "version_id": job.version_id,
            "total_cells": ready.total_cells,
            "grids": grids,
        }))
    }

    /// Marks the version failed, as a compensation step so it is done
    /// once even if the worker dies while doing it.
    async fn fail(
        &self,
        ctx: &Ctx,
        input: &Input,
        message: &str,
    ) -> Result<(), WorkflowError> {
        let app = &self.app;
        ctx.compensate("mark-failed", db_policy(), || async move {
            app.db
                .mark_failed(
                    &input.workspace_id,
                    &input.data_source_id,
                    &input.version_id,
                    message,
                )
                .await
                .map_err(StepError::retryable)?;
            let _ = finish::cleanup(app, ctx).await;
            Ok(())
        })
        .await
    }
}

/// Database steps: quick, retried a few times.
fn db_policy() -> RetryPolicy {
    RetryPolicy {
        attempts: 5,
        ..RetryPolicy::default()
    }
}

/// Steps that move or process files: retried, with a long timeout.
fn io_policy() -> RetryPolicy {
    RetryPolicy {
        attempts: 4,
        timeout: std::time::Duration::from_secs(3600),
        ..RetryPolicy::default()
    }
}

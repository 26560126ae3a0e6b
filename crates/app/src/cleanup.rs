//! The daily workflow that deletes grid versions idle for two years
//! (730 days without a promotion or a configuration change). Active and
//! pending versions are never deleted.

use futures::future::BoxFuture;
use honeygrid_workflow::{
    Ctx, Registry, RetryPolicy, StepError, Workflow, WorkflowError,
};
use serde_json::{Value, json};

use crate::App;

/// The workflow's kind.
pub const KIND: &str = "cleanup_grid_versions";
/// Its schedule's name.
pub const SCHEDULE: &str = "grid-version-cleanup";
/// Every day at 04:00 UTC.
pub const CRON: &str = "0 4 * * *";
/// How long a version may stay idle.
pub const IDLE_MS: i64 = 730 * 24 * 3600 * 1000;

/// Adds the workflow to a registry.
pub fn register(app: &App, registry: &mut Registry) {
    registry.register(KIND, Cleanup { app: app.clone() });
}

/// Makes sure the daily schedule exists (safe from every process).
pub async fn ensure_schedule(app: &App) -> Result<(), WorkflowError> {
    app.engine
        .ensure_schedule(SCHEDULE, CRON, KIND, json!({}))
        .await
}

struct Cleanup {
    app: App,
}

impl Workflow for Cleanup {
    fn run(
        &self,
        ctx: Ctx,
        _input: Value,
    ) -> BoxFuture<'_, Result<Value, WorkflowError>> {
        Box::pin(async move {
            let app = &self.app;
            let policy = RetryPolicy::default();
            let deleted: usize =
                ctx.step("delete-idle", policy, || delete_idle(app)).await?;
            Ok(json!({ "deleted": deleted }))
        })
    }
}

/// Deletes the idle versions and their stored cells.
pub async fn delete_idle(app: &App) -> Result<usize, StepError> {
    let cutoff = app.engine.now() - IDLE_MS;
    let doomed = app
        .db
        .delete_idle_versions(cutoff)
        .await
        .map_err(StepError::retryable)?;
    for (grid, version) in &doomed {
        let key = crate::keys::grid_version(grid, version);
        if let Err(e) = app.objects.delete_prefix(&key).await {
            tracing::warn!(object.key = %key, error = %e,
                "cannot delete the cells of a deleted grid version");
        }
    }
    tracing::info!(deleted = doomed.len(), "idle grid versions deleted");
    Ok(doomed.len())
}

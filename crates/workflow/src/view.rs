//! What the API and the UI show of a run: [`RunView`] and its steps.

use chrono::{DateTime, SecondsFormat};
use honeygrid_store::on_db;
use serde::Serialize;
use serde_json::Value;

use crate::{Engine, WorkflowError};

/// A run as shown to users: no inputs or outputs, which may hold
/// customer data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunView {
    /// The run's id.
    pub id: String,
    /// The workflow it runs.
    pub kind: String,
    /// The workspace it belongs to, if any.
    pub workspace_id: Option<String>,
    /// `queued`, `running`, `completed` or `failed`.
    pub status: String,
    /// Why it failed.
    pub error: Option<String>,
    /// When it was queued (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
    /// When it completed or failed (RFC 3339).
    pub finished_at: Option<String>,
    /// When a queued run may be claimed (RFC 3339).
    pub run_at: String,
    /// How many times a worker claimed it.
    pub claims: i64,
    /// Its steps, in the order they first ran.
    pub steps: Vec<StepView>,
}

/// One journaled step of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepView {
    /// The step's name.
    pub name: String,
    /// `running`, `waiting`, `completed` or `failed`.
    pub status: String,
    /// Attempts begun so far.
    pub attempts: i64,
    /// The last attempt's error.
    pub last_error: Option<String>,
    /// When it first started (RFC 3339).
    pub started_at: String,
    /// When it completed or failed (RFC 3339).
    pub finished_at: Option<String>,
    /// How long its last attempt took.
    pub duration_ms: Option<i64>,
}

type RunRow = (
    String,
    String,
    Option<String>,
    String,
    Option<String>,
    i64,
    i64,
    Option<i64>,
    i64,
    i64,
);

type StepRow = (
    String,
    String,
    i64,
    Option<String>,
    i64,
    Option<i64>,
    Option<i64>,
);

const RUN: &str = "SELECT id, kind, workspace_id, status, error, \
    created_at, updated_at, finished_at, run_at, claims \
    FROM workflow_runs \
    WHERE id = $1 AND ($2 IS NULL OR workspace_id = $2)";

const STEPS: &str = "SELECT name, status, attempts, last_error, \
    started_at, finished_at, duration_ms \
    FROM workflow_steps WHERE run_id = $1 ORDER BY seq";

const OUTPUT: &str = "SELECT output FROM workflow_runs \
    WHERE id = $1 AND ($2 IS NULL OR workspace_id = $2)";

const COUNTS: &str = "SELECT kind, status, COUNT(*) FROM workflow_runs \
    GROUP BY kind, status ORDER BY kind, status";

impl Engine {
    /// How many runs there are of each kind in each status, for
    /// metrics: `(kind, status, count)`.
    pub async fn run_counts(
        &self,
    ) -> Result<Vec<(String, String, i64)>, WorkflowError> {
        Ok(on_db!(self.db(), pool => {
            sqlx::query_as(COUNTS).fetch_all(pool).await?
        }))
    }

    /// The run `run_id` with its steps, or `None` when there is no such
    /// run. With `Some(workspace_id)`, only that workspace's runs.
    pub async fn run_view(
        &self,
        run_id: &str,
        workspace_id: Option<&str>,
    ) -> Result<Option<RunView>, WorkflowError> {
        let row: Option<RunRow> = on_db!(self.db(), pool => {
            sqlx::query_as(RUN)
                .bind(run_id)
                .bind(workspace_id)
                .fetch_optional(pool)
                .await?
        });
        let Some(row) = row else { return Ok(None) };
        let steps: Vec<StepRow> = on_db!(self.db(), pool => {
            sqlx::query_as(STEPS).bind(run_id).fetch_all(pool).await?
        });
        let mut view = run_view(row);
        view.steps = steps.into_iter().map(step_view).collect();
        Ok(Some(view))
    }

    /// The output of a completed run (`Some(Value::Null)` while it has
    /// none), or `None` when there is no such run.
    pub async fn run_output(
        &self,
        run_id: &str,
        workspace_id: Option<&str>,
    ) -> Result<Option<Value>, WorkflowError> {
        let row: Option<(Option<String>,)> = on_db!(self.db(), pool => {
            sqlx::query_as(OUTPUT)
                .bind(run_id)
                .bind(workspace_id)
                .fetch_optional(pool)
                .await?
        });
        match row {
            None => Ok(None),
            Some((None,)) => Ok(Some(Value::Null)),
            Some((Some(text),)) => Ok(Some(serde_json::from_str(&text)?)),
        }
    }
}

fn run_view(row: RunRow) -> RunView {
    let (id, kind, workspace_id, status, error) =
        (row.0, row.1, row.2, row.3, row.4);
    let (created, updated, finished, run_at, claims) =
        (row.5, row.6, row.7, row.8, row.9);
    RunView {
        id,
        kind,
        workspace_id,
        status,
        error,
        created_at: rfc3339(created),
        updated_at: rfc3339(updated),
        finished_at: finished.map(rfc3339),
        run_at: rfc3339(run_at),
        claims,
        steps: Vec::new(),
    }
}

fn step_view(row: StepRow) -> StepView {
    let (name, status, attempts, last_error, started, finished, took) = row;
    StepView {
        name,
        status,
        attempts,
        last_error,
        started_at: rfc3339(started),
        finished_at: finished.map(rfc3339),
        duration_ms: took,
    }
}

/// `ms` since the Unix epoch as an RFC 3339 time in UTC.
pub(crate) fn rfc3339(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

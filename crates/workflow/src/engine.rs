//! The [`Engine`]: the database, the clock and the wake-up signal, and
//! starting runs.

use std::sync::Arc;

use honeygrid_store::{Clock, Db, on_db};
use serde_json::Value;
use tokio::sync::Notify;

use crate::WorkflowError;

/// The PostgreSQL channel on which started and released runs are
/// announced.
pub const CHANNEL: &str = "honeygrid_workflows";

/// The workflow engine: starts runs, shows them, and serves workers.
/// Cheap to clone; clones share one wake-up signal.
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    db: Db,
    clock: Clock,
    notify: Notify,
}

const INSERT_RUN: &str = "INSERT INTO workflow_runs \
    (id, workspace_id, kind, input, status, run_at, dedupe_key, \
     created_at, updated_at) \
    VALUES ($1, $2, $3, $4, 'queued', $5, $6, $5, $5) \
    ON CONFLICT (dedupe_key) DO NOTHING";

const RUN_BY_KEY: &str = "SELECT id FROM workflow_runs WHERE dedupe_key = $1";

impl Engine {
    /// An engine on `db` (migrated), telling time by `clock`.
    pub fn new(db: Db, clock: Clock) -> Engine {
        let inner = Inner {
            db,
            clock,
            notify: Notify::new(),
        };
        Engine {
            inner: Arc::new(inner),
        }
    }

    /// The database.
    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    /// The clock.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// Now, in ms since the Unix epoch, by the engine's clock.
    pub fn now(&self) -> i64 {
        self.inner.clock.now()
    }

    /// Queues a run of workflow `kind` and returns its id.
    pub async fn start(
        &self,
        kind: &str,
        workspace_id: Option<&str>,
        input: Value,
    ) -> Result<String, WorkflowError> {
        let (id, _) = self.insert(kind, workspace_id, &input, None).await?;
        Ok(id)
    }

    /// Queues a run unless one with `dedupe_key` exists, and returns the
    /// id of the new or the existing run.
    pub async fn start_once(
        &self,
        kind: &str,
        workspace_id: Option<&str>,
        input: Value,
        dedupe_key: &str,
    ) -> Result<String, WorkflowError> {
        let key = Some(dedupe_key);
        let (id, _) = self.insert(kind, workspace_id, &input, key).await?;
        Ok(id)
    }

    /// Inserts a run; returns its id and whether it is new.
    pub(crate) async fn insert(
        &self,
        kind: &str,
        workspace_id: Option<&str>,
        input: &Value,
        dedupe_key: Option<&str>,
    ) -> Result<(String, bool), WorkflowError> {
        let id = uuid::Uuid::new_v4().to_string();
        let text = serde_json::to_string(input)?;
        let now = self.now();
        let inserted = on_db!(self.db(), pool => {
            sqlx::query(INSERT_RUN)
                .bind(&id)
                .bind(workspace_id)
                .bind(kind)
                .bind(&text)
                .bind(now)
                .bind(dedupe_key)
                .execute(pool)
                .await?
                .rows_affected()
        });
        if inserted == 1 {
            tracing::info!(
                workflow.run_id = %id,
                workflow.kind = %kind,
                "workflow run queued"
            );
            self.wake().await;
            return Ok((id, true));
        }
        let key = dedupe_key.unwrap_or_default();
        let existing: String = on_db!(self.db(), pool => {
            sqlx::query_scalar(RUN_BY_KEY)
                .bind(key)
                .fetch_one(pool)
                .await?
        });
        Ok((existing, false))
    }

    /// Wakes the workers: those of this process at once, and on
    /// PostgreSQL those of every process (NOTIFY). Call it after moving
    /// a test clock.
    pub async fn wake(&self) {
        self.wake_local();
        if let Db::Postgres(pool) = self.db() {
            let sent = sqlx::query("SELECT pg_notify($1, '')")
                .bind(CHANNEL)
                .execute(pool)
                .await;
            if let Err(e) = sent {
                tracing::warn!(error = %e, "cannot notify workers");
            }
        }
    }

    /// Wakes the workers of this process.
    pub(crate) fn wake_local(&self) {
        self.inner.notify.notify_waiters();
    }

    /// The signal workers of this process wait on.
    pub(crate) fn notify(&self) -> &Notify {
        &self.inner.notify
    }
}

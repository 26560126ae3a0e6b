//! Claiming runs and holding them: the claim, the lease heartbeat, and
//! releasing or finishing a run. Every write after the claim is fenced
//! by the claim number, so a worker that lost its lease changes
//! nothing.

use honeygrid_store::{Backend, on_db};
use sqlx::AssertSqlSafe;

use crate::WorkflowError;
use crate::engine::Engine;
use crate::journal::Lease;

/// A run a worker has just claimed.
#[derive(Debug, Clone)]
pub(crate) struct Claimed {
    pub lease: Lease,
    pub kind: String,
    pub workspace_id: Option<String>,
    pub input: String,
}

type ClaimRow = (String, String, Option<String>, String, i64);

/// Which runs a claim may take, with `$1` = now.
const DUE: &str = "((status = 'queued' AND run_at <= $1) \
    OR (status = 'running' AND lease_until < $1))";

const RENEW: &str = "UPDATE workflow_runs SET lease_until = $1 \
    WHERE id = $2 AND claims = $3 AND status = 'running'";

const RELEASE: &str = "UPDATE workflow_runs SET status = 'queued', \
    run_at = $1, updated_at = $2, lease_owner = NULL, lease_until = NULL \
    WHERE id = $3 AND claims = $4 AND status = 'running'";

const FINISH: &str = "UPDATE workflow_runs SET status = $1, output = $2, \
    error = $3, finished_at = $4, updated_at = $4, \
    lease_owner = NULL, lease_until = NULL \
    WHERE id = $5 AND claims = $6 AND status = 'running'";

/// The SQL a worker claims and plans its wake-ups with, for the kinds
/// it runs.
#[derive(Debug, Clone)]
pub(crate) struct ClaimSql {
    claim: String,
    next_due: String,
    kinds: Vec<String>,
}

/// `$first, $first+1, ...` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    let marks: Vec<String> =
        (first..first + n).map(|i| format!("${i}")).collect();
    marks.join(", ")
}

impl ClaimSql {
    /// The SQL for `kinds` on `backend`.
    pub fn new(backend: Backend, kinds: Vec<String>) -> ClaimSql {
        let lock = match backend {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let claim_kinds = placeholders(4, kinds.len().max(1));
        let claim = format!(
            "UPDATE workflow_runs SET status = 'running', \
             lease_owner = $2, lease_until = $3, claims = claims + 1, \
             updated_at = $1 \
             WHERE id = (SELECT id FROM workflow_runs \
             WHERE {DUE} AND kind IN ({claim_kinds}) \
             ORDER BY run_at LIMIT 1{lock}) AND {DUE} \
             RETURNING id, kind, workspace_id, input, claims"
        );
        let due_kinds = placeholders(2, kinds.len().max(1));
        let next_due = format!(
            "SELECT (SELECT MIN(run_at) FROM workflow_runs \
             WHERE status = 'queued' AND kind IN ({due_kinds})), \
             (SELECT MIN(lease_until) FROM workflow_runs \
             WHERE status = 'running' AND lease_owner <> $1 \
             AND kind IN ({due_kinds}))"
        );
        ClaimSql {
            claim,
            next_due,
            kinds,
        }
    }

    /// The kinds bound to the placeholders (one that matches nothing
    /// when there are none).
    fn kinds(&self) -> Vec<&str> {
        if self.kinds.is_empty() {
            return vec![""];
        }
        self.kinds.iter().map(String::as_str).collect()
    }

    /// Claims one due run for `owner` until `lease_until`, if any.
    pub async fn claim(
        &self,
        engine: &Engine,
        owner: &str,
        lease_until: i64,
    ) -> Result<Option<Claimed>, WorkflowError> {
        let now = engine.now();
        let row: Option<ClaimRow> = on_db!(engine.db(), pool => {
            let mut query = sqlx::query_as(AssertSqlSafe(&*self.claim))
                .bind(now)
                .bind(owner)
                .bind(lease_until);
            for kind in self.kinds() {
                query = query.bind(kind);
            }
            query.fetch_optional(pool).await?
        });
        Ok(
            row.map(|(run_id, kind, workspace_id, input, claim)| Claimed {
                lease: Lease { run_id, claim },
                kind,
                workspace_id,
                input,
            }),
        )
    }

    /// The earliest time a run may become claimable: the first queued
    /// run_at or another worker's lease expiry.
    pub async fn next_due(
        &self,
        engine: &Engine,
        owner: &str,
    ) -> Result<Option<i64>, WorkflowError> {
        let row: (Option<i64>, Option<i64>) = on_db!(engine.db(), pool => {
            let mut query =
                sqlx::query_as(AssertSqlSafe(&*self.next_due)).bind(owner);
            for kind in self.kinds() {
                query = query.bind(kind);
            }
            query.fetch_one(pool).await?
        });
        Ok(match row {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        })
    }
}

/// Extends the lease on a run; false when it was lost.
pub(crate) async fn renew(
    engine: &Engine,
    lease: &Lease,
    until: i64,
) -> Result<bool, WorkflowError> {
    let changed = on_db!(engine.db(), pool => {
        sqlx::query(RENEW)
            .bind(until)
            .bind(&lease.run_id)
            .bind(lease.claim)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(changed == 1)
}

/// Puts a run back in the queue until `run_at`; false when the lease
/// was lost.
pub(crate) async fn release(
    engine: &Engine,
    lease: &Lease,
    run_at: i64,
) -> Result<bool, WorkflowError> {
    let now = engine.now();
    let changed = on_db!(engine.db(), pool => {
        sqlx::query(RELEASE)
            .bind(run_at)
            .bind(now)
            .bind(&lease.run_id)
            .bind(lease.claim)
            .execute(pool)
            .await?
            .rows_affected()
    });
    engine.wake().await;
    Ok(changed == 1)
}

/// How a run ended.
#[derive(Debug)]
pub(crate) enum End<'a> {
    /// With this output (JSON).
    Completed(&'a str),
    /// With this error.
    Failed(&'a str),
}

/// Marks a run completed or failed; false when the lease was lost.
pub(crate) async fn finish(
    engine: &Engine,
    lease: &Lease,
    end: End<'_>,
) -> Result<bool, WorkflowError> {
    let (status, output, error) = match end {
        End::Completed(output) => ("completed", Some(output), None),
        End::Failed(error) => ("failed", None, Some(error)),
    };
    let now = engine.now();
    let changed = on_db!(engine.db(), pool => {
        sqlx::query(FINISH)
            .bind(status)
            .bind(output)
            .bind(error)
            .bind(now)
            .bind(&lease.run_id)
            .bind(lease.claim)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(changed == 1)
}

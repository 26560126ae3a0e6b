//! The step journal: reading a step's record and the fenced writes
//! that move it on. Every write runs in a transaction that first
//! touches the run's row under the claim number it was claimed with,
//! so a worker that lost its lease writes nothing.

use honeygrid_store::on_db;

use crate::WorkflowError;
use crate::engine::Engine;

/// A claim on a run: its id and the claim number, the fencing token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lease {
    /// The run.
    pub run_id: String,
    /// `workflow_runs.claims` as this worker's claim left it.
    pub claim: i64,
}

/// A step's journal record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StepRecord {
    pub status: String,
    pub output: Option<String>,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub wake_at: Option<i64>,
}

type StepRow = (String, Option<String>, i64, Option<String>, Option<i64>);

const FENCE: &str = "UPDATE workflow_runs SET updated_at = $1 \
    WHERE id = $2 AND claims = $3 AND status = 'running'";

const LOOKUP: &str = "SELECT status, output, attempts, last_error, \
    wake_at FROM workflow_steps WHERE run_id = $1 AND name = $2";

const MAX_SEQ: &str = "SELECT COALESCE(MAX(seq), 0) \
    FROM workflow_steps WHERE run_id = $1";

const BEGIN: &str = "INSERT INTO workflow_steps \
    (run_id, name, seq, status, attempts, started_at) \
    VALUES ($1, $2, $3, 'running', 1, $4) \
    ON CONFLICT (run_id, name) DO UPDATE SET status = 'running', \
    attempts = workflow_steps.attempts + 1, wake_at = NULL \
    RETURNING attempts";

const COMPLETE: &str = "UPDATE workflow_steps SET status = 'completed', \
    output = $3, finished_at = $4, duration_ms = $5, wake_at = NULL \
    WHERE run_id = $1 AND name = $2";

const WAIT: &str = "UPDATE workflow_steps SET status = 'waiting', \
    last_error = $3, wake_at = $4, duration_ms = $5 \
    WHERE run_id = $1 AND name = $2";

const FAIL: &str = "UPDATE workflow_steps SET status = 'failed', \
    last_error = $3, finished_at = $4, duration_ms = $5, wake_at = NULL \
    WHERE run_id = $1 AND name = $2";

const SLEEP: &str = "INSERT INTO workflow_steps \
    (run_id, name, seq, status, attempts, wake_at, started_at) \
    VALUES ($1, $2, $3, 'waiting', 0, $4, $5) \
    ON CONFLICT (run_id, name) DO NOTHING";

/// Runs `$body` in a transaction on `$tx` once the fence holds;
/// returns [`WorkflowError::LeaseLost`] from the function otherwise.
macro_rules! fenced {
    ($engine:expr, $lease:expr, $tx:ident => $body:expr) => {
        on_db!($engine.db(), pool => {
            let mut $tx = pool.begin().await?;
            let held = sqlx::query(FENCE)
                .bind($engine.now())
                .bind(&$lease.run_id)
                .bind($lease.claim)
                .execute(&mut *$tx)
                .await?
                .rows_affected();
            if held != 1 {
                $tx.rollback().await?;
                return Err(WorkflowError::LeaseLost);
            }
            let out = $body;
            $tx.commit().await?;
            out
        })
    };
}

/// The journal record of step `name`, if it ever began.
pub(crate) async fn lookup(
    engine: &Engine,
    run_id: &str,
    name: &str,
) -> Result<Option<StepRecord>, WorkflowError> {
    let row: Option<StepRow> = on_db!(engine.db(), pool => {
        sqlx::query_as(LOOKUP)
            .bind(run_id)
            .bind(name)
            .fetch_optional(pool)
            .await?
    });
    Ok(row.map(
        |(status, output, attempts, last_error, wake_at)| StepRecord {
            status,
            output,
            attempts,
            last_error,
            wake_at,
        },
    ))
}

/// The highest step sequence number of a run so far.
pub(crate) async fn max_seq(
    engine: &Engine,
    run_id: &str,
) -> Result<i64, WorkflowError> {
    Ok(on_db!(engine.db(), pool => {
        sqlx::query_scalar(MAX_SEQ).bind(run_id).fetch_one(pool).await?
    }))
}

/// Records that an attempt of `name` begins; returns its number.
pub(crate) async fn begin_attempt(
    engine: &Engine,
    lease: &Lease,
    name: &str,
    seq: i64,
) -> Result<i64, WorkflowError> {
    let now = engine.now();
    let attempts: i64 = fenced!(engine, lease, tx => {
        sqlx::query_scalar(BEGIN)
            .bind(&lease.run_id)
            .bind(name)
            .bind(seq)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
    });
    Ok(attempts)
}

/// Journals the output of `name`: from now on the step is done.
pub(crate) async fn complete(
    engine: &Engine,
    lease: &Lease,
    name: &str,
    output: &str,
    took_ms: i64,
) -> Result<(), WorkflowError> {
    let now = engine.now();
    fenced!(engine, lease, tx => {
        sqlx::query(COMPLETE)
            .bind(&lease.run_id)
            .bind(name)
            .bind(output)
            .bind(now)
            .bind(took_ms)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

/// Records that `name` waits until `wake_at` (after `error`, if any).
pub(crate) async fn wait(
    engine: &Engine,
    lease: &Lease,
    name: &str,
    error: Option<&str>,
    wake_at: i64,
    took_ms: Option<i64>,
) -> Result<(), WorkflowError> {
    fenced!(engine, lease, tx => {
        sqlx::query(WAIT)
            .bind(&lease.run_id)
            .bind(name)
            .bind(error)
            .bind(wake_at)
            .bind(took_ms)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

/// Records that `name` failed for good with `error`.
pub(crate) async fn fail(
    engine: &Engine,
    lease: &Lease,
    name: &str,
    error: &str,
    took_ms: Option<i64>,
) -> Result<(), WorkflowError> {
    let now = engine.now();
    fenced!(engine, lease, tx => {
        sqlx::query(FAIL)
            .bind(&lease.run_id)
            .bind(name)
            .bind(error)
            .bind(now)
            .bind(took_ms)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

/// Records a durable sleep `name` until `wake_at`, unless recorded.
pub(crate) async fn begin_sleep(
    engine: &Engine,
    lease: &Lease,
    name: &str,
    seq: i64,
    wake_at: i64,
) -> Result<(), WorkflowError> {
    let now = engine.now();
    fenced!(engine, lease, tx => {
        sqlx::query(SLEEP)
            .bind(&lease.run_id)
            .bind(name)
            .bind(seq)
            .bind(wake_at)
            .bind(now)
            .execute(&mut *tx)
            .await?;
    });
    Ok(())
}

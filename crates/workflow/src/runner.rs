//! Running one claimed run: the workflow code beside the lease
//! heartbeat, then settling the run by the outcome.

use std::panic::AssertUnwindSafe;
use std::time::Duration;

use futures::FutureExt as _;
use serde_json::Value;
use tokio_util::sync::CancellationToken;
use tracing::Instrument as _;

use crate::claim::{self, Claimed, End};
use crate::ctx::{CtxParts, Halt};
use crate::engine::Engine;
use crate::journal::Lease;
use crate::{Ctx, Registry, WorkflowError};

/// After an engine error, the run is tried again this much later.
const ERROR_PAUSE_MS: i64 = 5_000;

/// How a run's turn on a worker ended.
#[derive(Debug)]
enum Outcome {
    Completed(Value),
    Failed(String),
    Suspended(i64),
    Lost,
    Error(WorkflowError),
}

/// What a run needs from its worker.
#[derive(Debug, Clone)]
pub(crate) struct RunEnv {
    pub engine: Engine,
    pub registry: Registry,
    pub lease: Duration,
    pub drain: CancellationToken,
}

/// Runs a claimed run to its next stop and records the outcome.
pub(crate) async fn execute(env: RunEnv, run: Claimed) {
    let span = tracing::info_span!(
        "workflow_run",
        workflow.run_id = %run.lease.run_id,
        workflow.kind = %run.kind,
    );
    async move {
        tracing::info!(claim = run.lease.claim, "workflow run claimed");
        let lease = run.lease.clone();
        let outcome = run_code(&env, run).await;
        settle(&env.engine, &lease, outcome).await;
    }
    .instrument(span)
    .await
}

/// Runs the workflow code while the heartbeat keeps the lease.
async fn run_code(env: &RunEnv, run: Claimed) -> Outcome {
    let Some(workflow) = env.registry.get(&run.kind) else {
        return Outcome::Failed(format!("no workflow {:?}", run.kind));
    };
    let input: Value = match serde_json::from_str(&run.input) {
        Ok(input) => input,
        Err(e) => return Outcome::Failed(format!("unreadable input: {e}")),
    };
    let lost = CancellationToken::new();
    let parts = CtxParts {
        engine: env.engine.clone(),
        lease: run.lease.clone(),
        kind: run.kind,
        workspace_id: run.workspace_id,
        lost: lost.clone(),
        drain: env.drain.clone(),
    };
    let ctx = match Ctx::new(parts).await {
        Ok(ctx) => ctx,
        Err(e) => return Outcome::Error(e),
    };
    let code = AssertUnwindSafe(workflow.run(ctx.clone(), input));
    let beat = heartbeat(&env.engine, &run.lease, env.lease, &lost);
    let result = tokio::select! {
        result = code.catch_unwind() => result,
        () = beat => return Outcome::Lost,
    };
    match (ctx.halted(), result) {
        (Some(halt), _) => halt_outcome(halt),
        (None, Ok(result)) => result_outcome(result),
        (None, Err(_)) => Outcome::Failed("the workflow panicked".into()),
    }
}

fn halt_outcome(halt: Halt) -> Outcome {
    match halt {
        Halt::Failed(m) => Outcome::Failed(m),
        Halt::Suspended(t) => Outcome::Suspended(t),
        Halt::Lost => Outcome::Lost,
    }
}

fn result_outcome(result: Result<Value, WorkflowError>) -> Outcome {
    match result {
        Ok(value) => Outcome::Completed(value),
        Err(WorkflowError::Failed(m)) => Outcome::Failed(m),
        Err(WorkflowError::Suspended(s)) => Outcome::Suspended(s.until_ms()),
        Err(WorkflowError::LeaseLost) => Outcome::Lost,
        Err(e @ (WorkflowError::Db(_) | WorkflowError::Store(_))) => {
            Outcome::Error(e)
        }
        Err(e) => Outcome::Failed(e.to_string()),
    }
}

/// Renews the lease every third of its length; returns (and fires
/// `lost`) once it is lost, or has run out without a renewal.
async fn heartbeat(
    engine: &Engine,
    lease: &Lease,
    length: Duration,
    lost: &CancellationToken,
) {
    let length_ms = i64::try_from(length.as_millis()).unwrap_or(i64::MAX);
    let mut held_until = engine.now() + length_ms;
    loop {
        tokio::time::sleep(length / 3).await;
        let until = engine.now() + length_ms;
        match claim::renew(engine, lease, until).await {
            Ok(true) => held_until = until,
            Ok(false) => break,
            Err(e) => {
                tracing::warn!(error = %e, "cannot renew the lease");
                if engine.now() >= held_until {
                    break;
                }
            }
        }
    }
    tracing::warn!("workflow run lease lost");
    lost.cancel();
}

/// Records the outcome of a run's turn.
async fn settle(engine: &Engine, lease: &Lease, outcome: Outcome) {
    let recorded = match &outcome {
        Outcome::Completed(value) => complete(engine, lease, value).await,
        Outcome::Failed(m) => {
            claim::finish(engine, lease, End::Failed(m)).await
        }
        Outcome::Suspended(at) => claim::release(engine, lease, *at).await,
        Outcome::Lost => Ok(false),
        Outcome::Error(_) => {
            let at = engine.now() + ERROR_PAUSE_MS;
            claim::release(engine, lease, at).await
        }
    };
    log_outcome(&outcome, recorded);
}

async fn complete(
    engine: &Engine,
    lease: &Lease,
    value: &Value,
) -> Result<bool, WorkflowError> {
    let text = serde_json::to_string(value)?;
    claim::finish(engine, lease, End::Completed(&text)).await
}

fn log_outcome(outcome: &Outcome, recorded: Result<bool, WorkflowError>) {
    match recorded {
        Err(e) => tracing::error!(error = %e, "cannot record the run"),
        Ok(false) if !matches!(outcome, Outcome::Lost) => {
            tracing::warn!("run taken over before it was recorded");
        }
        Ok(_) => match outcome {
            Outcome::Completed(_) => tracing::info!("workflow run completed"),
            Outcome::Failed(m) => {
                tracing::info!(error = %m, "workflow run failed");
            }
            Outcome::Suspended(at) => {
                tracing::debug!(until_ms = at, "workflow run suspended");
            }
            Outcome::Lost => tracing::warn!("workflow run given up"),
            Outcome::Error(e) => {
                tracing::error!(error = %e, "workflow run hit an error");
            }
        },
    }
}

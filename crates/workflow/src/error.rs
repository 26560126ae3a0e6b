//! Why a step or a run did not go on: [`StepError`] is what step code
//! returns, [`WorkflowError`] what the engine and workflow code return.

use std::fmt;

use honeygrid_store::StoreError;

/// How a step's attempt failed, which decides whether it is retried.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// A transient failure (a timeout, HTTP 429 or 5xx, a lost
    /// connection): retried while the policy has attempts left.
    #[error("{0}")]
    Retryable(String),
    /// A permanent failure (bad credentials, malformed input): the run
    /// fails at once.
    #[error("{0}")]
    Fatal(String),
}

impl StepError {
    /// A transient failure with this message.
    pub fn retryable(message: impl fmt::Display) -> StepError {
        StepError::Retryable(message.to_string())
    }

    /// A permanent failure with this message.
    pub fn fatal(message: impl fmt::Display) -> StepError {
        StepError::Fatal(message.to_string())
    }

    /// The message, whichever the kind.
    pub fn message(&self) -> &str {
        match self {
            StepError::Retryable(m) | StepError::Fatal(m) => m,
        }
    }
}

/// A run put aside to go on later (a retry's backoff or a durable
/// sleep). Workflow code passes it on unchanged; the worker releases
/// the run until [`Suspension::until_ms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Suspension {
    pub(crate) until_ms: i64,
}

impl Suspension {
    /// When the run may go on, in ms since the Unix epoch.
    pub fn until_ms(&self) -> i64 {
        self.until_ms
    }
}

/// An engine or database error, or the signal that a run must stop now.
#[derive(Debug, thiserror::Error)]
pub enum WorkflowError {
    /// The run fails with this message (a fatal step error, attempts
    /// exhausted, or workflow code giving up).
    #[error("{0}")]
    Failed(String),
    /// The run was released to go on later: not a failure.
    #[error("the run is suspended until {}", .0.until_ms)]
    Suspended(Suspension),
    /// Another worker took the run over: stop without writing.
    #[error("the run's lease was lost to another worker")]
    LeaseLost,
    /// No run with this id (in this workspace).
    #[error("no workflow run {0}")]
    NotFound(String),
    /// A cron expression that cannot be parsed.
    #[error("invalid cron expression {expr:?}: {reason}")]
    Cron {
        /// The expression.
        expr: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A journaled document could not be encoded or decoded.
    #[error("cannot encode or decode a workflow document: {0}")]
    Json(#[from] serde_json::Error),
    /// The database failed.
    #[error("workflow database error: {0}")]
    Db(#[from] sqlx::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl WorkflowError {
    /// A run failure with this message, for workflow code.
    pub fn failed(message: impl fmt::Display) -> WorkflowError {
        WorkflowError::Failed(message.to_string())
    }

    /// True for the signals that tell workflow code to return at once
    /// (suspension, lost lease, failure) rather than for an error of
    /// the engine itself.
    pub fn is_stop(&self) -> bool {
        matches!(
            self,
            WorkflowError::Failed(_)
                | WorkflowError::Suspended(_)
                | WorkflowError::LeaseLost
        )
    }
}

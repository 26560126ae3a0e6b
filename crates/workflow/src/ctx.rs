//! [`Ctx`]: what workflow code runs its steps and sleeps through.
//! A step that is journaled as completed returns its recorded output;
//! any other step runs, and its attempts, errors and output are
//! journaled.

use std::future::Future;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio_util::sync::CancellationToken;

use crate::engine::Engine;
use crate::error::Suspension;
use crate::journal::{self, Lease, StepRecord};
use crate::{RetryPolicy, StepError, WorkflowError};

/// Backoff waits up to this long are slept in memory; longer ones
/// release the run.
const SHORT_WAIT: Duration = Duration::from_secs(1);

/// Why a run stopped: kept so that workflow code that swallows the
/// error cannot go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Halt {
    /// The run fails with this message.
    Failed(String),
    /// The run goes on after this time (ms).
    Suspended(i64),
    /// Another worker holds the run.
    Lost,
}

impl Halt {
    fn error(&self) -> WorkflowError {
        match self {
            Halt::Failed(m) => WorkflowError::Failed(m.clone()),
            Halt::Suspended(t) => {
                WorkflowError::Suspended(Suspension { until_ms: *t })
            }
            Halt::Lost => WorkflowError::LeaseLost,
        }
    }
}

/// The context of one claimed run, handed to workflow code. Cheap to
/// clone.
#[derive(Debug, Clone)]
pub struct Ctx {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    engine: Engine,
    lease: Lease,
    kind: String,
    workspace_id: Option<String>,
    seq: AtomicI64,
    halt: Mutex<Option<Halt>>,
    /// Fired when the lease is lost: stop at once.
    lost: CancellationToken,
    /// Fired when the worker shuts down: stop before the next step.
    drain: CancellationToken,
}

/// What the worker hands to [`Ctx::new`].
pub(crate) struct CtxParts {
    pub engine: Engine,
    pub lease: Lease,
    pub kind: String,
    pub workspace_id: Option<String>,
    pub lost: CancellationToken,
    pub drain: CancellationToken,
}

impl Ctx {
    /// The context of a run just claimed.
    pub(crate) async fn new(parts: CtxParts) -> Result<Ctx, WorkflowError> {
        let seq = journal::max_seq(&parts.engine, &parts.lease.run_id).await?;
        let inner = Inner {
            engine: parts.engine,
            lease: parts.lease,
            kind: parts.kind,
            workspace_id: parts.workspace_id,
            seq: AtomicI64::new(seq),
            halt: Mutex::new(None),
            lost: parts.lost,
            drain: parts.drain,
        };
        Ok(Ctx {
            inner: Arc::new(inner),
        })
    }

    /// The run's id.
    pub fn run_id(&self) -> &str {
        &self.inner.lease.run_id
    }

    /// The workflow's kind.
    pub fn kind(&self) -> &str {
        &self.inner.kind
    }

    /// The workspace the run belongs to.
    pub fn workspace_id(&self) -> Option<&str> {
        self.inner.workspace_id.as_deref()
    }

    /// The engine, to start further runs.
    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    /// Why the run stopped, once a step stopped it.
    pub(crate) fn halted(&self) -> Option<Halt> {
        self.halt_slot().clone()
    }

    fn halt_slot(&self) -> std::sync::MutexGuard<'_, Option<Halt>> {
        self.inner
            .halt
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops the run for `halt` and returns the error to pass on.
    fn stop<T>(&self, halt: Halt) -> Result<T, WorkflowError> {
        let error = halt.error();
        let mut slot = self.halt_slot();
        if slot.is_none() {
            *slot = Some(halt);
        }
        Err(error)
    }

    /// Turns the lease-lost error of a journal write into a halt.
    fn fence<T>(
        &self,
        r: Result<T, WorkflowError>,
    ) -> Result<T, WorkflowError> {
        match r {
            Err(WorkflowError::LeaseLost) => self.stop(Halt::Lost),
            other => other,
        }
    }

    fn next_seq(&self) -> i64 {
        self.inner.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    fn lease(&self) -> &Lease {
        &self.inner.lease
    }

    /// Runs step `name`: returns its journaled output when it completed
    /// before, and otherwise runs `f` under `policy`, journaling each
    /// attempt and, on success, the output.
    ///
    /// A retryable error with attempts left waits out the backoff: in
    /// memory when short, otherwise by releasing the run until then
    /// (the returned [`WorkflowError::Suspended`] must be passed on).
    /// A fatal error, or the last attempt failing, fails the run.
    /// Names must be unique within a run; for long work, loop over
    /// numbered steps (`"aggregate#17"`), each its own checkpoint.
    pub async fn step<T, F, Fut>(
        &self,
        name: &str,
        policy: RetryPolicy,
        mut f: F,
    ) -> Result<T, WorkflowError>
    where
        T: Serialize + DeserializeOwned,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, StepError>>,
    {
        let record = self.prelude(name).await?;
        if let Some(output) = self.replay(name, record.as_ref())? {
            return Ok(output);
        }
        match &record {
            Some(record) => self.check_resumable(name, record, &policy).await?,
            None => self.check_drain()?,
        }
        let seq = self.next_seq();
        loop {
            let begun =
                journal::begin_attempt(self.engine(), self.lease(), name, seq)
                    .await;
            let attempt = self.fence(begun)?;
            tracing::debug!(workflow.step = %name, attempt, "step begins");
            let started = Instant::now();
            let result = self.attempt(&policy, &mut f).await?;
            let took = elapsed_ms(started);
            match result {
                Ok(value) => return self.succeed(name, value, took).await,
                Err(StepError::Fatal(m)) => {
                    let message = format!("step {name} failed: {m}");
                    return self.give_up(name, &m, message, took).await;
                }
                Err(StepError::Retryable(m)) => {
                    self.retry_later(name, &policy, attempt, &m, took).await?;
                }
            }
        }
    }

    /// Runs step `name` after an earlier step failed the run: the one
    /// kind of step allowed then, to record or undo the failure (mark
    /// a record failed, remove temporary files). The run still fails
    /// with the first message. A compensation cut off by a lost lease
    /// or a long backoff runs again when the run resumes, since the
    /// failed step fails it again on replay.
    pub async fn compensate<T, F, Fut>(
        &self,
        name: &str,
        policy: RetryPolicy,
        f: F,
    ) -> Result<T, WorkflowError>
    where
        T: Serialize + DeserializeOwned,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, StepError>>,
    {
        let failed = match self.halted() {
            Some(Halt::Failed(message)) => message,
            Some(halt) => return Err(halt.error()),
            None => return self.step(name, policy, f).await,
        };
        *self.halt_slot() = None;
        let result = self.step(name, policy, f).await;
        let mut slot = self.halt_slot();
        if matches!(*slot, None | Some(Halt::Failed(_))) {
            *slot = Some(Halt::Failed(failed));
        }
        result
    }

    /// Checks that the run may go on and reads the step's record.
    async fn prelude(
        &self,
        name: &str,
    ) -> Result<Option<StepRecord>, WorkflowError> {
        if let Some(halt) = self.halted() {
            return Err(halt.error());
        }
        if self.inner.lost.is_cancelled() {
            return self.stop(Halt::Lost);
        }
        journal::lookup(self.engine(), self.run_id(), name).await
    }

    /// The journaled output of a completed step.
    fn replay<T: DeserializeOwned>(
        &self,
        name: &str,
        record: Option<&StepRecord>,
    ) -> Result<Option<T>, WorkflowError> {
        let Some(record) = record else {
            return Ok(None);
        };
        if record.status != "completed" {
            return Ok(None);
        }
        let text = record.output.as_deref().unwrap_or("null");
        match serde_json::from_str(text) {
            Ok(value) => {
                tracing::debug!(workflow.step = %name, "step replayed");
                Ok(Some(value))
            }
            Err(e) => self.stop(Halt::Failed(format!(
                "the journaled output of step {name} cannot be read: {e}"
            ))),
        }
    }

    /// Decides whether a step that began before may have another go.
    async fn check_resumable(
        &self,
        name: &str,
        record: &StepRecord,
        policy: &RetryPolicy,
    ) -> Result<(), WorkflowError> {
        let error = record.last_error.as_deref().unwrap_or("unknown error");
        match record.status.as_str() {
            "failed" => {
                self.stop(Halt::Failed(format!("step {name} failed: {error}")))
            }
            "waiting" => self.check_wake(record.wake_at),
            "running" if record.attempts >= policy.max_attempts() => {
                let m = format!(
                    "attempt {} was cut off (its worker stopped)",
                    record.attempts
                );
                let message = format!(
                    "step {name} failed after {} attempts: {m}",
                    record.attempts
                );
                self.give_up(name, &m, message, 0).await
            }
            _ => self.check_drain(),
        }
    }

    /// Suspends until `wake_at` unless that time has come.
    fn check_wake(&self, wake_at: Option<i64>) -> Result<(), WorkflowError> {
        match wake_at {
            Some(at) if at > self.engine().now() => {
                self.stop(Halt::Suspended(at))
            }
            _ => self.check_drain(),
        }
    }

    /// Suspends at once when the worker shuts down.
    fn check_drain(&self) -> Result<(), WorkflowError> {
        if self.inner.drain.is_cancelled() {
            return self.stop(Halt::Suspended(self.engine().now()));
        }
        Ok(())
    }

    /// One attempt under the policy's timeout; stops if the lease is
    /// lost meanwhile.
    async fn attempt<T, F, Fut>(
        &self,
        policy: &RetryPolicy,
        f: &mut F,
    ) -> Result<Result<T, StepError>, WorkflowError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, StepError>>,
    {
        let timed = tokio::time::timeout(policy.timeout, f());
        tokio::select! {
            result = timed => Ok(result.unwrap_or_else(|_| {
                Err(StepError::Retryable(format!(
                    "timed out after {} ms",
                    policy.timeout.as_millis()
                )))
            })),
            () = self.inner.lost.cancelled() => self.stop(Halt::Lost),
        }
    }

    /// Journals a step's output and returns it.
    async fn succeed<T: Serialize>(
        &self,
        name: &str,
        value: T,
        took: i64,
    ) -> Result<T, WorkflowError> {
        let text = match serde_json::to_string(&value) {
            Ok(text) => text,
            Err(e) => {
                let m = format!("its output cannot be journaled: {e}");
                let message = format!("step {name} failed: {m}");
                return self.give_up(name, &m, message, took).await;
            }
        };
        let done =
            journal::complete(self.engine(), self.lease(), name, &text, took)
                .await;
        self.fence(done)?;
        tracing::debug!(workflow.step = %name, took_ms = took, "step done");
        Ok(value)
    }

    /// Journals a step's failure and fails the run with `message`.
    async fn give_up<T>(
        &self,
        name: &str,
        error: &str,
        message: String,
        took: i64,
    ) -> Result<T, WorkflowError> {
        let took = (took > 0).then_some(took);
        let failed =
            journal::fail(self.engine(), self.lease(), name, error, took).await;
        self.fence(failed)?;
        tracing::debug!(workflow.step = %name, "step failed");
        self.stop(Halt::Failed(message))
    }

    /// After a retryable error: fails the run when no attempts are
    /// left, otherwise waits out the backoff (returns `Ok` to go on in
    /// memory, or the suspension).
    async fn retry_later(
        &self,
        name: &str,
        policy: &RetryPolicy,
        attempt: i64,
        error: &str,
        took: i64,
    ) -> Result<(), WorkflowError> {
        if attempt >= policy.max_attempts() {
            let message =
                format!("step {name} failed after {attempt} attempts: {error}");
            return self.give_up(name, error, message, took).await;
        }
        let n = u32::try_from(attempt).unwrap_or(u32::MAX);
        let delay = policy.delay_after(n);
        let wake_at = self.engine().now() + millis(delay);
        let waited = journal::wait(
            self.engine(),
            self.lease(),
            name,
            Some(error),
            wake_at,
            Some(took),
        )
        .await;
        self.fence(waited)?;
        tracing::debug!(
            workflow.step = %name,
            attempt,
            delay_ms = millis(delay),
            "step will be retried"
        );
        if delay > SHORT_WAIT {
            return self.stop(Halt::Suspended(wake_at));
        }
        self.nap(delay, wake_at).await
    }

    /// Sleeps a short backoff in memory, unless the run must stop.
    async fn nap(
        &self,
        delay: Duration,
        wake_at: i64,
    ) -> Result<(), WorkflowError> {
        tokio::select! {
            () = tokio::time::sleep(delay) => Ok(()),
            () = self.inner.lost.cancelled() => self.stop(Halt::Lost),
            () = self.inner.drain.cancelled() => {
                self.stop(Halt::Suspended(wake_at))
            }
        }
    }

    /// A durable sleep: journals the wake time, releases the run, and
    /// returns once a worker resumes it after `duration`. Names must be
    /// unique within a run, as for steps.
    pub async fn sleep(
        &self,
        name: &str,
        duration: Duration,
    ) -> Result<(), WorkflowError> {
        let record = self.prelude(name).await?;
        if self.replay::<()>(name, record.as_ref())?.is_some() {
            return Ok(());
        }
        let Some(record) = record else {
            let wake_at = self.engine().now() + millis(duration);
            let seq = self.next_seq();
            let slept = journal::begin_sleep(
                self.engine(),
                self.lease(),
                name,
                seq,
                wake_at,
            )
            .await;
            self.fence(slept)?;
            tracing::debug!(workflow.step = %name, "durable sleep begins");
            return self.stop(Halt::Suspended(wake_at));
        };
        if let Some(at) = record.wake_at.filter(|&at| at > self.engine().now())
        {
            return self.stop(Halt::Suspended(at));
        }
        let done =
            journal::complete(self.engine(), self.lease(), name, "null", 0)
                .await;
        self.fence(done)?;
        tracing::debug!(workflow.step = %name, "durable sleep over");
        Ok(())
    }
}

fn elapsed_ms(started: Instant) -> i64 {
    i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX)
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

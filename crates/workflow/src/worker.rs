//! The [`Worker`]: claims due runs up to its concurrency, runs them,
//! fires due schedules, and sleeps until the next known due time or a
//! wake-up (NOTIFY on PostgreSQL, the engine's signal in-process).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::claim::{self, ClaimSql, Claimed};
use crate::engine::Engine;
use crate::journal::Lease;
use crate::runner::{self, RunEnv};
use crate::{Registry, WorkflowError, wake};

/// Waits are never shorter than this, so a run that is due but not
/// claimable (locked by another worker) does not make a busy loop.
const MIN_WAIT: Duration = Duration::from_millis(20);

/// After a database error, the loop pauses this long.
const ERROR_WAIT: Duration = Duration::from_secs(1);

/// How a [`Worker`] behaves.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Unique per process, e.g. `host:pid:uuid` (see
    /// [`WorkerOptions::unique_name`]).
    pub name: String,
    /// Runs executed at once.
    pub concurrency: usize,
    /// How long a claim holds without a heartbeat; renewed every
    /// third of it.
    pub lease: Duration,
    /// The longest wait between looks at the database, a safety net
    /// behind the wake-ups.
    pub poll_fallback: Duration,
    /// On shutdown, how long running runs get to reach a step boundary
    /// before they are cut off and released.
    pub shutdown_grace: Duration,
    /// Whether this worker also fires due schedules.
    pub schedules: bool,
}

impl Default for WorkerOptions {
    fn default() -> WorkerOptions {
        WorkerOptions {
            name: WorkerOptions::unique_name(),
            concurrency: 4,
            lease: Duration::from_secs(30),
            poll_fallback: Duration::from_secs(10),
            shutdown_grace: Duration::from_secs(30),
            schedules: true,
        }
    }
}

impl WorkerOptions {
    /// `host:pid:uuid`, unique to this worker.
    pub fn unique_name() -> String {
        let host = std::env::var("HOSTNAME")
            .ok()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "localhost".to_owned());
        let id = uuid::Uuid::new_v4().simple();
        format!("{host}:{}:{id}", std::process::id())
    }
}

/// The runs a worker holds, to release them when cut off.
type Held = Arc<Mutex<HashMap<String, i64>>>;

/// Executes the runs of the kinds in its [`Registry`].
#[derive(Debug, Clone)]
pub struct Worker {
    engine: Engine,
    registry: Registry,
    options: WorkerOptions,
    sql: ClaimSql,
}

impl Worker {
    /// A worker running `registry`'s workflows on `engine`.
    pub fn new(
        engine: Engine,
        registry: Registry,
        options: WorkerOptions,
    ) -> Worker {
        let sql = ClaimSql::new(engine.db().backend(), registry.kinds());
        Worker {
            engine,
            registry,
            options,
            sql,
        }
    }

    /// The worker's name.
    pub fn name(&self) -> &str {
        &self.options.name
    }

    /// Runs until `shutdown` fires, then lets running runs reach a step
    /// boundary (up to the grace period) and returns.
    pub async fn run(
        &self,
        shutdown: CancellationToken,
    ) -> Result<(), WorkflowError> {
        let _listener = wake::listen(&self.engine).await;
        tracing::info!(worker = %self.options.name, "workflow worker up");
        let schedules = async {
            if self.options.schedules {
                self.schedule_loop(&shutdown).await;
            }
        };
        tokio::join!(self.claim_loop(&shutdown), schedules);
        tracing::info!(worker = %self.options.name, "workflow worker down");
        Ok(())
    }

    /// Claims and runs runs until shutdown, then drains.
    async fn claim_loop(&self, shutdown: &CancellationToken) {
        let drain = CancellationToken::new();
        let held: Held = Arc::default();
        let mut tasks = JoinSet::new();
        loop {
            let notified = self.engine.notify().notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if shutdown.is_cancelled() {
                break;
            }
            let filled = self.fill(&mut tasks, &drain, &held).await;
            let wait = match filled {
                Ok(()) => self.wait_time(tasks.len()).await,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot claim runs");
                    ERROR_WAIT
                }
            };
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = &mut notified => {}
                () = tokio::time::sleep(wait) => {}
                Some(done) = tasks.join_next(), if !tasks.is_empty() => {
                    log_join(done);
                }
            }
        }
        drain.cancel();
        self.drain(tasks, &held).await;
    }

    /// Claims due runs while there is room.
    async fn fill(
        &self,
        tasks: &mut JoinSet<()>,
        drain: &CancellationToken,
        held: &Held,
    ) -> Result<(), WorkflowError> {
        while let Some(done) = tasks.try_join_next() {
            log_join(done);
        }
        while tasks.len() < self.options.concurrency.max(1) {
            let until = self.engine.now() + millis(self.options.lease);
            let claimed = self
                .sql
                .claim(&self.engine, &self.options.name, until)
                .await?;
            let Some(run) = claimed else { break };
            self.spawn(tasks, drain, held, run);
        }
        Ok(())
    }

    fn spawn(
        &self,
        tasks: &mut JoinSet<()>,
        drain: &CancellationToken,
        held: &Held,
        run: Claimed,
    ) {
        let env = RunEnv {
            engine: self.engine.clone(),
            registry: self.registry.clone(),
            lease: self.options.lease,
            drain: drain.clone(),
        };
        let lease = run.lease.clone();
        hold(held).insert(lease.run_id.clone(), lease.claim);
        let held = held.clone();
        tasks.spawn(async move {
            runner::execute(env, run).await;
            hold(&held).remove(&lease.run_id);
        });
    }

    /// How long to sleep before looking again.
    async fn wait_time(&self, running: usize) -> Duration {
        let fallback = self.options.poll_fallback;
        if running >= self.options.concurrency.max(1) {
            return fallback;
        }
        let next = self.sql.next_due(&self.engine, &self.options.name).await;
        match next {
            Ok(Some(at)) => until(&self.engine, at, fallback),
            Ok(None) => fallback,
            Err(e) => {
                tracing::warn!(error = %e, "cannot plan the next claim");
                ERROR_WAIT
            }
        }
    }

    /// Waits for running runs up to the grace period, then cuts the
    /// rest off and releases them for another worker.
    async fn drain(&self, mut tasks: JoinSet<()>, held: &Held) {
        let grace = self.options.shutdown_grace;
        let all = async {
            while let Some(done) = tasks.join_next().await {
                log_join(done);
            }
        };
        if tokio::time::timeout(grace, all).await.is_ok() {
            return;
        }
        tasks.shutdown().await;
        let left: Vec<(String, i64)> = hold(held).drain().collect();
        for (run_id, claim) in left {
            let lease = Lease { run_id, claim };
            let now = self.engine.now();
            if let Err(e) = claim::release(&self.engine, &lease, now).await {
                tracing::warn!(error = %e, "cannot release a run");
            }
        }
    }

    /// Fires due schedules until shutdown.
    async fn schedule_loop(&self, shutdown: &CancellationToken) {
        loop {
            let notified = self.engine.notify().notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let wait = match self.fire_schedules().await {
                Ok(wait) => wait,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot fire schedules");
                    ERROR_WAIT
                }
            };
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = &mut notified => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Fires due schedules; returns how long until the next tick.
    async fn fire_schedules(&self) -> Result<Duration, WorkflowError> {
        self.engine.fire_due_schedules().await?;
        let fallback = self.options.poll_fallback;
        Ok(match self.engine.next_schedule_tick().await? {
            Some(at) => until(&self.engine, at, fallback),
            None => fallback,
        })
    }
}

fn hold(held: &Held) -> std::sync::MutexGuard<'_, HashMap<String, i64>> {
    held.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The wait until `at` by the engine's clock, within bounds.
fn until(engine: &Engine, at: i64, fallback: Duration) -> Duration {
    let ms = u64::try_from(at - engine.now()).unwrap_or(0);
    Duration::from_millis(ms).clamp(MIN_WAIT, fallback.max(MIN_WAIT))
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

fn log_join(done: Result<(), tokio::task::JoinError>) {
    if let Err(e) = done
        && e.is_panic()
    {
        tracing::error!("a workflow run task panicked");
    }
}

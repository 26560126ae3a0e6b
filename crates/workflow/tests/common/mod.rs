//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use honeygrid_store::testing::TestDb;
use honeygrid_store::{Backend, Clock, Db};
use honeygrid_workflow::{Engine, Registry, RunView, Worker, WorkerOptions};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// A fresh database and an engine on it.
pub async fn setup(backend: Backend) -> (TestDb, Engine) {
    let test = TestDb::new(backend).await.expect("test database");
    let engine = Engine::new(test.db.clone(), Clock::system());
    (test, engine)
}

/// Another engine on the same database, with its own pool (as another
/// process would have), sharing `clock`.
pub async fn other_engine(test: &TestDb, clock: &Clock) -> Engine {
    let db = Db::connect(&test.url).await.expect("second pool");
    Engine::new(db, clock.clone())
}

/// Options for fast tests: short leases, no schedules.
pub fn options(name: &str) -> WorkerOptions {
    WorkerOptions {
        name: format!("{name}:{}", uuid::Uuid::new_v4().simple()),
        concurrency: 4,
        lease: Duration::from_millis(500),
        poll_fallback: Duration::from_secs(5),
        shutdown_grace: Duration::from_secs(2),
        schedules: false,
    }
}

/// A worker running in the background.
pub struct Running {
    pub shutdown: CancellationToken,
    pub task: JoinHandle<()>,
}

impl Running {
    /// Stops the worker gracefully.
    pub async fn stop(self) {
        self.shutdown.cancel();
        self.task.await.expect("worker task");
    }
}

/// Starts a worker in the background.
pub fn spawn(
    engine: &Engine,
    registry: &Registry,
    opts: WorkerOptions,
) -> Running {
    let worker = Worker::new(engine.clone(), registry.clone(), opts);
    let shutdown = CancellationToken::new();
    let token = shutdown.clone();
    let task = tokio::spawn(async move {
        worker.run(token).await.expect("worker runs");
    });
    Running { shutdown, task }
}

/// Waits until `pred` holds for the run's view.
pub async fn wait_for(
    engine: &Engine,
    run_id: &str,
    what: &str,
    pred: impl Fn(&RunView) -> bool,
) -> RunView {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let view = engine
            .run_view(run_id, None)
            .await
            .expect("view")
            .expect("run exists");
        if pred(&view) {
            return view;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}: {view:#?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until the run completed or failed.
pub async fn wait_done(engine: &Engine, run_id: &str) -> RunView {
    wait_for(engine, run_id, "the run to finish", |v| {
        v.status == "completed" || v.status == "failed"
    })
    .await
}

/// Counts calls by name, shared by workflow code and the test.
#[derive(Clone, Default)]
pub struct Counter(Arc<Mutex<HashMap<String, usize>>>);

impl Counter {
    /// Counts one call of `name`; returns the count so far.
    pub fn hit(&self, name: &str) -> usize {
        let mut map = self.0.lock().expect("counter");
        let n = map.entry(name.to_owned()).or_default();
        *n += 1;
        *n
    }

    /// Calls of `name` so far.
    pub fn get(&self, name: &str) -> usize {
        let map = self.0.lock().expect("counter");
        map.get(name).copied().unwrap_or(0)
    }

    /// All counts.
    pub fn all(&self) -> HashMap<String, usize> {
        self.0.lock().expect("counter").clone()
    }
}

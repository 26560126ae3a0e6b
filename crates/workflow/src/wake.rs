//! Wake-ups across processes: on PostgreSQL a task LISTENs on
//! [`CHANNEL`](crate::engine::CHANNEL) and wakes this process's
//! workers for each NOTIFY. On SQLite (one process) the engine's
//! in-process signal is enough.

use std::time::Duration;

use honeygrid_store::Db;
use sqlx::postgres::PgListener;
use tokio::task::JoinHandle;

use crate::engine::{CHANNEL, Engine};

/// Stops the listener when dropped.
#[derive(Debug)]
pub(crate) struct Listener(Option<JoinHandle<()>>);

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(task) = self.0.take() {
            task.abort();
        }
    }
}

/// Starts listening, on PostgreSQL; the fallback poll covers a failure.
pub(crate) async fn listen(engine: &Engine) -> Listener {
    let Db::Postgres(pool) = engine.db() else {
        return Listener(None);
    };
    let mut listener = match PgListener::connect_with(pool).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::warn!(error = %e, "cannot LISTEN for workflow wake-ups");
            return Listener(None);
        }
    };
    if let Err(e) = listener.listen(CHANNEL).await {
        tracing::warn!(error = %e, "cannot LISTEN for workflow wake-ups");
        return Listener(None);
    }
    let engine = engine.clone();
    Listener(Some(tokio::spawn(relay(listener, engine))))
}

/// Wakes the local workers for each notification.
async fn relay(mut listener: PgListener, engine: Engine) {
    loop {
        match listener.recv().await {
            Ok(_) => engine.wake_local(),
            Err(e) => {
                tracing::warn!(error = %e, "workflow LISTEN failed");
                engine.wake_local();
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

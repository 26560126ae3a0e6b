//! `honeygrid serve`, `worker` and `migrate`: the service's processes.

use std::sync::Arc;

use anyhow::Context as _;
use honeygrid_app::{App, Config};
use honeygrid_workflow::{Worker, WorkerOptions};
use tokio_util::sync::CancellationToken;

use crate::cli::{ServeArgs, ServiceArgs};
use crate::exit::Failure;

/// The settings of a service process from its arguments.
pub fn config(args: &ServiceArgs, data_dir: &std::path::Path) -> Config {
    let mut config = Config::embedded(data_dir.to_path_buf());
    if let Some(url) = &args.database_url {
        config.database_url = url.clone();
    }
    if let Some(url) = &args.storage_url {
        config.storage_url = url.clone();
    }
    config.max_upload_bytes = args.max_upload_bytes;
    config.segment_bytes = args.segment_bytes;
    config
}

/// Opens the app, with the imported address points and boundaries
/// if any.
pub async fn open(
    args: &ServiceArgs,
    data_dir: &std::path::Path,
) -> Result<App, Failure> {
    let mut app = App::open(config(args, data_dir))
        .await
        .context("cannot start the service")?;
    app.address_points = super::ingest::load_address_points(data_dir, true)?;
    app.boundaries = Arc::new(super::boundaries::load(data_dir)?);
    Ok(app)
}

/// A multi-threaded runtime for the service commands.
pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?)
}

/// `honeygrid serve`: the API and, unless `--no-workers`, workers and
/// the scheduler, in one process.
pub fn serve(
    args: ServeArgs,
    data_dir: &std::path::Path,
) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let app = open(&args.service, data_dir).await?;
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let address = listener.local_addr().context("no local address")?;
        let base = args.public_url.clone();
        let base = base.unwrap_or_else(|| format!("http://{address}"));
        println!("HoneyGrid is listening on {base}");
        super::admin::first_start(&app, &base).await?;
        let shutdown = shutdown_token();
        let workers = (!args.no_workers)
            .then(|| spawn_worker(&app, args.concurrency, shutdown.clone()));
        let stop = shutdown.clone();
        honeygrid_http::serve(
            app,
            listener,
            async move { stop.cancelled().await },
        )
        .await
        .context("the HTTP server failed")?;
        shutdown.cancel();
        if let Some(workers) = workers {
            let _ = workers.await;
        }
        Ok(())
    })
}

/// `honeygrid worker`: runs workflows and schedules, no API.
pub fn worker(
    args: crate::cli::WorkerArgs,
    data_dir: &std::path::Path,
) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let app = open(&args.service, data_dir).await?;
        let shutdown = shutdown_token();
        let task = spawn_worker(&app, args.concurrency, shutdown);
        task.await.context("the worker stopped unexpectedly")?;
        Ok(())
    })
}

/// `honeygrid migrate`: brings the database schema up to date.
pub fn migrate(
    args: ServiceArgs,
    data_dir: &std::path::Path,
) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let app = open(&args, data_dir).await?;
        app.db.close().await;
        println!("The database schema is up to date.");
        Ok(())
    })
}

fn spawn_worker(
    app: &App,
    concurrency: usize,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    let mut options = WorkerOptions {
        concurrency,
        ..WorkerOptions::default()
    };
    if let Some(lease) = lease_from_env() {
        options.lease = lease;
    }
    let worker =
        Arc::new(Worker::new(app.engine.clone(), app.registry(), options));
    tokio::spawn(async move {
        if let Err(e) = worker.run(shutdown).await {
            tracing::error!(error = %e, "the workflow worker failed");
        }
    })
}

/// `HONEYGRID_WORKER_LEASE_MS`: how long a worker's claim on a run
/// holds without a heartbeat (default 30 s). Short leases let tests
/// see a killed worker's run taken over quickly.
fn lease_from_env() -> Option<std::time::Duration> {
    let value = std::env::var("HONEYGRID_WORKER_LEASE_MS").ok()?;
    match value.trim().parse::<u64>() {
        Ok(ms) if ms > 0 => Some(std::time::Duration::from_millis(ms)),
        _ => {
            tracing::warn!(
                value = %value,
                "HONEYGRID_WORKER_LEASE_MS is not a positive number of \
                 milliseconds; using the default lease"
            );
            None
        }
    }
}

/// A token cancelled on Ctrl-C or SIGTERM.
fn shutdown_token() -> CancellationToken {
    let token = CancellationToken::new();
    let cancel = token.clone();
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutting down");
        cancel.cancel();
    });
    token
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

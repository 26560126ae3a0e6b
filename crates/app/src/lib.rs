//! The use cases of the HoneyGrid service, apart from HTTP: creating
//! data sources from uploads, the workflow that processes each version
//! (read the upload, geocode and aggregate in checkpointed segments,
//! store the aggregate, update the version, notify grids), and reading
//! the results back.
//!
//! An [`App`] holds the adapters every use case needs: the metadata
//! database, the object store and the workflow engine.

pub mod access;
pub mod boundaries;
pub mod cleanup;
pub mod config;
pub mod data_sources;
pub mod error;
pub mod grids;
pub mod keys;
pub mod members;
pub mod preview;
pub mod process;
pub mod reads;
pub mod tokens;
pub mod uploads;

use std::sync::Arc;

use honeygrid_objects::Objects;
use honeygrid_store::{Clock, Db};
use honeygrid_targeting::Boundaries;
use honeygrid_workflow::{Engine, Registry};

pub use config::Config;
pub use data_sources::{Created, DataSourceForm};
pub use error::{AppError, AppResult};
pub use uploads::StoredUpload;

/// The service's adapters, shared by every request and worker.
#[derive(Clone)]
pub struct App {
    /// Settings.
    pub config: Arc<Config>,
    /// The metadata database.
    pub db: Db,
    /// Uploads and aggregates.
    pub objects: Objects,
    /// The workflow engine.
    pub engine: Engine,
    /// Aggregates read recently, kept parsed for paging.
    pub cache: Arc<reads::AggregateCache>,
    /// Imported address points for street-level geocoding, if any.
    pub address_points: process::AddressPoints,
    /// Imported ZIP and carrier-route boundaries for targeting (none
    /// until the service loads them, see [`boundaries`]).
    pub boundaries: Arc<Boundaries>,
}

impl App {
    /// Connects to the database and object store the config names and
    /// brings the schema up to date.
    pub async fn open(config: Config) -> AppResult<App> {
        App::open_with_clock(config, Clock::system()).await
    }

    /// Like [`App::open`], on a clock the caller (a test) can move.
    pub async fn open_with_clock(
        config: Config,
        clock: Clock,
    ) -> AppResult<App> {
        std::fs::create_dir_all(&config.data_dir).map_err(|e| {
            let dir = config.data_dir.display();
            AppError::Internal(format!("cannot create {dir}: {e}"))
        })?;
        let db = Db::connect(&config.database_url).await?;
        db.migrate().await?;
        let objects = Objects::from_url(&config.storage_url)?;
        let engine = Engine::new(db.clone(), clock);
        let app = App {
            config: Arc::new(config),
            db,
            objects,
            engine,
            cache: Arc::default(),
            address_points: None,
            boundaries: Arc::default(),
        };
        cleanup::ensure_schedule(&app).await?;
        Ok(app)
    }

    /// The workflows this service runs, for its workers.
    pub fn registry(&self) -> Registry {
        let mut registry = Registry::new();
        process::register(self, &mut registry);
        cleanup::register(self, &mut registry);
        registry
    }
}

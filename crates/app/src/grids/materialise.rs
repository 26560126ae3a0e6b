//! Materialising a grid version: its areas and filters applied to the
//! data source versions it pins; the targeted cells are stored as an
//! object, the counts with the version.

use std::sync::Arc;

use h3o::{CellIndex, Resolution};
use honeygrid_store::{Grid, GridConfig, GridVersion, Materialised, Pin};
use honeygrid_targeting::{Layer, Layers, Targeting, TargetingError};

use crate::reads::{CellTable, Loaded};
use crate::{App, AppError, AppResult, keys};

/// What a configuration targets, before it is stored.
#[derive(Debug, Clone)]
pub struct Found {
    /// The counts.
    pub summary: Materialised,
    /// The targeted cells, sorted.
    pub cells: Vec<String>,
}

/// How often a version changed while being materialised is tried
/// again before the next reader does it.
const TRIES: usize = 3;

impl App {
    /// Checks a configuration for a grid at `resolution`, with the
    /// imported ZIP and carrier-route boundaries.
    pub(crate) fn targeting(
        &self,
        resolution: i64,
        config: &GridConfig,
    ) -> AppResult<Targeting> {
        let resolution = u8::try_from(resolution)
            .ok()
            .and_then(|r| Resolution::try_from(r).ok())
            .ok_or_else(|| {
                AppError::Internal(format!("grid resolution {resolution}"))
            })?;
        Targeting::parse_with(
            resolution,
            &config.targeted_areas,
            &config.targeting_filters,
            &config.manual_inclusion_filters,
            &config.manual_exclusion_filters,
            &self.boundaries,
        )
        .map_err(|e| refused(&e))
    }

    /// Materialises `version` of `grid` and stores the result, unless
    /// the version changed meanwhile (then the newer revision is
    /// materialised). Returns the version as stored, and its cells.
    pub async fn materialise(
        &self,
        grid: &Grid,
        version: &GridVersion,
    ) -> AppResult<(GridVersion, Arc<Loaded>)> {
        let mut version = version.clone();
        for _ in 0..TRIES {
            let found = self
                .evaluate(
                    &grid.workspace_id,
                    grid.resolution,
                    &version.config,
                    &version.data_sources,
                )
                .await?;
            if let Some(done) = self.record(grid, &version, found).await? {
                return Ok(done);
            }
            version = self.fresh_version(grid, &version.id).await?;
        }
        Err(AppError::Conflict(format!(
            "grid version {} keeps changing; try again",
            version.id
        )))
    }

    /// The targeted cells of a version, materialising it first when its
    /// configuration or pins changed since.
    pub async fn targeted_cells(
        &self,
        grid: &Grid,
        version: &GridVersion,
    ) -> AppResult<Arc<Loaded>> {
        if version.materialised_revision != Some(version.revision) {
            return Ok(self.materialise(grid, version).await?.1);
        }
        let key = cache_key(version);
        if let Some(loaded) = self.cache.get(&key) {
            return Ok(loaded);
        }
        let object = keys::grid_cells(&grid.id, &version.id, version.revision);
        let bytes = self.objects.get(&object).await?;
        let cells: Vec<String> = serde_json::from_slice(&bytes)
            .map_err(|e| AppError::Internal(format!("{object}: {e}")))?;
        Ok(self.keep(version, cells))
    }

    /// Applies a configuration to the pinned data source versions,
    /// storing nothing: what a grid version with them would target.
    pub(crate) async fn evaluate(
        &self,
        workspace_id: &str,
        resolution: i64,
        config: &GridConfig,
        pins: &[Pin],
    ) -> AppResult<Found> {
        let targeting = self.targeting(resolution, config)?;
        let layers = self.layers(workspace_id, &targeting, pins).await?;
        let found =
            tokio::task::spawn_blocking(move || targeting.materialise(&layers))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(|e| refused(&e))?;
        let summary = Materialised {
            cell_count: found.cells.len() as i64,
            area_cells: found.area_cells as i64,
            coverage: found.coverage,
            households: found.households,
            targeted_households: found.targeted_households,
            notes: (!found.notes.is_empty()).then(|| found.notes.join(" ")),
        };
        let cells = found.cells.iter().map(ToString::to_string).collect();
        Ok(Found { summary, cells })
    }

    /// Stores `found` as what `version` targets at its revision; `None`
    /// when the version changed since. Each revision's cells are an
    /// object of their own, so a slower, older materialisation never
    /// overwrites a newer one's.
    pub(crate) async fn record(
        &self,
        grid: &Grid,
        version: &GridVersion,
        found: Found,
    ) -> AppResult<Option<(GridVersion, Arc<Loaded>)>> {
        let object = keys::grid_cells(&grid.id, &version.id, version.revision);
        let bytes = serde_json::to_vec(&found.cells)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        self.objects.put(&object, bytes.into()).await?;
        let stored = self
            .db
            .store_materialised(&version.id, version.revision, &found.summary)
            .await?;
        if !stored {
            let _ = self.objects.delete(&object).await;
            return Ok(None);
        }
        if let Some(old) = version.materialised_revision
            && old != version.revision
        {
            let old = keys::grid_cells(&grid.id, &version.id, old);
            let _ = self.objects.delete(&old).await;
        }
        let mut version = version.clone();
        version.materialised = Some(found.summary);
        version.materialised_revision = Some(version.revision);
        let cells = self.keep(&version, found.cells);
        Ok(Some((version, cells)))
    }

    async fn fresh_version(
        &self,
        grid: &Grid,
        id: &str,
    ) -> AppResult<GridVersion> {
        self.db
            .grid_version(&grid.workspace_id, &grid.id, id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("grid version {id}")))
    }

    fn keep(&self, version: &GridVersion, cells: Vec<String>) -> Arc<Loaded> {
        let table = CellTable {
            metrics: Vec::new(),
            cells,
            values: Vec::new(),
        };
        let loaded = Arc::new(Loaded::new(table));
        self.cache.put(&cache_key(version), loaded.clone());
        loaded
    }

    /// Every pinned version as a layer (the filters' data sources, and
    /// any other whose households metric counts); refuses a metric a
    /// version does not have.
    async fn layers(
        &self,
        workspace_id: &str,
        targeting: &Targeting,
        pins: &[Pin],
    ) -> AppResult<Layers> {
        let mut layers = Layers::new();
        for source in targeting.data_sources() {
            if !pins.iter().any(|p| p.data_source_id == source) {
                return Err(AppError::invalid(
                    "data_sources",
                    format!("data source {source} is not pinned"),
                ));
            }
        }
        for pin in pins {
            let source = pin.data_source_id.clone();
            let table = self.pinned_table(workspace_id, pin).await?;
            for (id, metric) in targeting.metrics_used() {
                if id == source && table.table.column(&metric).is_none() {
                    return Err(missing_metric(&source, &metric, &table));
                }
            }
            let layer = tokio::task::spawn_blocking(move || layer(&table))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))??;
            layers.insert(source, layer);
        }
        Ok(layers)
    }

    async fn pinned_table(
        &self,
        workspace_id: &str,
        pin: &Pin,
    ) -> AppResult<Arc<Loaded>> {
        let (source, id) = (&pin.data_source_id, &pin.data_source_version_id);
        let version = self.db.version(workspace_id, source, id).await?;
        let version = version.ok_or_else(|| {
            AppError::invalid(
                "data_sources",
                format!(
                    "data source {source} has no version {id} in this \
                     workspace"
                ),
            )
        })?;
        if version.status != "ready" {
            return Err(AppError::invalid(
                "data_sources",
                format!(
                    "version {id} of data source {source} is {}, not \
                     ready",
                    version.status
                ),
            ));
        }
        self.loaded(&version).await
    }
}

/// A configuration the targeting refused, blamed on the field its
/// message names first (`targeted_areas[0].radius_km: ...`).
fn refused(e: &TargetingError) -> AppError {
    let field = match e {
        TargetingError::Invalid { path, .. } => {
            path.split(['[', '.']).next().unwrap_or("targeted_areas")
        }
        TargetingError::MissingLayer { .. } => "data_sources",
        TargetingError::MissingMetric { .. } => "targeting_filters",
        TargetingError::TooManyCandidates { .. } => "targeted_areas",
        TargetingError::Layer(_) => {
            return AppError::Internal(format!("a stored aggregate: {e}"));
        }
    };
    AppError::invalid(field, e.to_string())
}

fn cache_key(version: &GridVersion) -> String {
    format!("grid-version:{}#{}", version.id, version.revision)
}

fn missing_metric(source: &str, metric: &str, table: &Loaded) -> AppError {
    AppError::invalid(
        "targeting_filters",
        format!(
            "data source {source} has no metric {metric:?} in the pinned \
             version; its metrics are {}",
            table.table.metrics.join(", ")
        ),
    )
}

/// A data source version's cells as a layer (the `unknown` row left
/// out: it is no cell).
fn layer(loaded: &Loaded) -> AppResult<Layer> {
    let table = &loaded.table;
    let width = table.metrics.len();
    let mut cells = Vec::with_capacity(table.cells.len());
    let mut values = Vec::with_capacity(table.values.len());
    for (i, key) in table.cells.iter().enumerate() {
        let Ok(cell) = key.parse::<CellIndex>() else {
            continue;
        };
        cells.push(cell);
        values.extend_from_slice(&table.values[i * width..(i + 1) * width]);
    }
    Layer::new(table.metrics.clone(), cells, values).map_err(|e| {
        AppError::Internal(format!("a stored aggregate is unusable: {e}"))
    })
}

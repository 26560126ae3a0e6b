//! Targeting grids and their versions: creating a grid (version 1
//! active), new configurations as the pending version, promotion,
//! auto-update, the targeted cells and comparisons, and following the
//! data sources a grid uses (the workflow's notify-grids step).

pub mod compare;
pub mod follow;
pub mod form;
pub mod materialise;

use honeygrid_store::{Grid, GridVersion, PendingChange, Pin, Principal};
use serde_json::Value;

pub use compare::GridComparison;
pub use form::{ChangeForm, GridForm};

use crate::access::require_writer;
use crate::{App, AppError, AppResult};

/// A grid just created, with its version 1.
#[derive(Debug, Clone)]
pub struct CreatedGrid {
    /// The grid.
    pub grid: Grid,
    /// Its active version, materialised.
    pub active: GridVersion,
}

impl App {
    /// Creates a grid; its version 1 is active and materialised.
    pub async fn create_grid(
        &self,
        who: &Principal,
        body: Value,
    ) -> AppResult<CreatedGrid> {
        require_writer(who)?;
        let form = form::grid_form(body)?;
        let targeting = self.targeting(form.resolution, &form.config)?;
        let pins = self
            .pins_for(&who.workspace_id, &targeting, &form.pins, &[])
            .await?;
        let ws = &who.workspace_id;
        let found = self
            .evaluate(ws, form.resolution, &form.config, &pins)
            .await?;
        let (grid_id, version_id) = self
            .db
            .create_grid(
                &who.workspace_id,
                &form.name,
                form.resolution,
                form.auto_update,
                &form.config,
                &pins,
            )
            .await?;
        let grid = self.grid(who, &grid_id).await?;
        let version = self.grid_version(who, &grid_id, &version_id).await?;
        let active = self.settle(&grid, &version, found).await?;
        Ok(CreatedGrid { grid, active })
    }

    /// The caller's grids, newest first.
    pub async fn grids(&self, who: &Principal) -> AppResult<Vec<Grid>> {
        Ok(self.db.grids(&who.workspace_id).await?)
    }

    /// One of the caller's grids.
    pub async fn grid(&self, who: &Principal, id: &str) -> AppResult<Grid> {
        self.db
            .grid(&who.workspace_id, id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("grid {id}")))
    }

    /// Renames a grid or turns its auto-update on or off.
    pub async fn update_grid(
        &self,
        who: &Principal,
        id: &str,
        body: Value,
    ) -> AppResult<Grid> {
        require_writer(who)?;
        self.grid(who, id).await?;
        let (name, auto_update) = form::grid_update(body)?;
        if let Some(name) = name {
            self.db.rename_grid(&who.workspace_id, id, &name).await?;
        }
        if let Some(on) = auto_update {
            return self.set_auto_update(who, id, on).await;
        }
        self.grid(who, id).await
    }

    /// Turns auto-update on or off; turning it on promotes a waiting
    /// pending version at once.
    pub async fn set_auto_update(
        &self,
        who: &Principal,
        id: &str,
        on: bool,
    ) -> AppResult<Grid> {
        require_writer(who)?;
        let now = self.engine.now();
        let ws = &who.workspace_id;
        if !self.db.set_auto_update(ws, id, on, now).await? {
            return Err(AppError::NotFound(format!("grid {id}")));
        }
        let grid = self.grid(who, id).await?;
        match (&grid.pending_version_id, on) {
            (Some(pending), true) => {
                self.promote_grid_version(who, id, pending).await
            }
            _ => Ok(grid),
        }
    }

    /// The versions of one of the caller's grids, newest first.
    pub async fn grid_versions(
        &self,
        who: &Principal,
        grid_id: &str,
    ) -> AppResult<Vec<GridVersion>> {
        self.grid(who, grid_id).await?;
        Ok(self.db.grid_versions(&who.workspace_id, grid_id).await?)
    }

    /// One version of one of the caller's grids.
    pub async fn grid_version(
        &self,
        who: &Principal,
        grid_id: &str,
        version_id: &str,
    ) -> AppResult<GridVersion> {
        self.db
            .grid_version(&who.workspace_id, grid_id, version_id)
            .await?
            .ok_or_else(|| {
                AppError::NotFound(format!(
                    "version {version_id} of grid {grid_id}"
                ))
            })
    }

    /// A new configuration: it becomes the grid's pending version
    /// (created from the active one, or the existing pending one
    /// updated), materialised, and promoted at once with auto-update.
    pub async fn change_grid(
        &self,
        who: &Principal,
        grid_id: &str,
        body: Value,
    ) -> AppResult<GridVersion> {
        require_writer(who)?;
        let grid = self.grid(who, grid_id).await?;
        let change = form::change_form(body)?;
        let base_id = grid
            .pending_version_id
            .as_deref()
            .or(grid.current_version_id.as_deref())
            .unwrap_or_default();
        let base = self.grid_version(who, grid_id, base_id).await?;
        let config = form::config(&change.fields, &base.config);
        let targeting = self.targeting(grid.resolution, &config)?;
        let pins = self
            .pins_for(
                &who.workspace_id,
                &targeting,
                &change.pins,
                &base.data_sources,
            )
            .await?;
        let ws = &who.workspace_id;
        let found = self.evaluate(ws, grid.resolution, &config, &pins).await?;
        let pending = self
            .apply(&grid, Some(config), &pins, &base.data_sources)
            .await?;
        let pending = self.grid_version(who, grid_id, &pending).await?;
        let pending = self.settle(&grid, &pending, found).await?;
        if !grid.auto_update {
            return Ok(pending);
        }
        self.promote_grid_version(who, grid_id, &pending.id).await?;
        self.grid_version(who, grid_id, &pending.id).await
    }

    /// Makes a version the grid's active one, archiving the previous;
    /// constant work whatever the grid's size.
    pub async fn promote_grid_version(
        &self,
        who: &Principal,
        grid_id: &str,
        version_id: &str,
    ) -> AppResult<Grid> {
        require_writer(who)?;
        let version = self.grid_version(who, grid_id, version_id).await?;
        if version.status == "active" {
            return self.grid(who, grid_id).await;
        }
        let now = self.engine.now();
        let done = self
            .db
            .promote(&who.workspace_id, grid_id, version_id, now)
            .await?;
        if !done {
            return Err(AppError::Conflict(format!(
                "version {version_id} could not be promoted; try again"
            )));
        }
        self.grid(who, grid_id).await
    }

    /// Applies a configuration and the pins that differ from `old` to
    /// the grid's pending version; returns its id.
    async fn apply(
        &self,
        grid: &Grid,
        config: Option<honeygrid_store::GridConfig>,
        pins: &[Pin],
        old: &[Pin],
    ) -> AppResult<String> {
        let now = self.engine.now();
        let changed: Vec<&Pin> =
            pins.iter().filter(|p| !old.contains(p)).collect();
        let mut change = PendingChange {
            config,
            pin: changed.first().map(|p| (*p).clone()),
            now,
        };
        let ws = &grid.workspace_id;
        let pending = self.db.upsert_pending(ws, &grid.id, &change).await?;
        for pin in changed.iter().skip(1) {
            change = PendingChange {
                config: None,
                pin: Some((*pin).clone()),
                now,
            };
            self.db.upsert_pending(ws, &grid.id, &change).await?;
        }
        Ok(pending.version_id)
    }

    /// Stores what `version` targets, evaluated just before; when it
    /// changed meanwhile, materialises its newer revision.
    async fn settle(
        &self,
        grid: &Grid,
        version: &GridVersion,
        found: materialise::Found,
    ) -> AppResult<GridVersion> {
        match self.record(grid, version, found).await? {
            Some((stored, _)) => Ok(stored),
            None => Ok(self.materialise(grid, version).await?.0),
        }
    }

    /// The pins a configuration needs: those asked for, then those of
    /// the version it starts from, then each other data source the
    /// filters use at its current ready version. Every one is checked
    /// to be a ready version in the workspace.
    async fn pins_for(
        &self,
        workspace_id: &str,
        targeting: &honeygrid_targeting::Targeting,
        asked: &[Pin],
        base: &[Pin],
    ) -> AppResult<Vec<Pin>> {
        let mut pins: Vec<Pin> = asked.to_vec();
        for source in targeting.data_sources() {
            if pins.iter().any(|p| p.data_source_id == source) {
                continue;
            }
            let kept = base.iter().find(|p| p.data_source_id == source);
            let pin = match kept {
                Some(pin) => pin.clone(),
                None => self.current_pin(workspace_id, &source).await?,
            };
            pins.push(pin);
        }
        for pin in asked {
            self.check_pin(workspace_id, pin).await?;
        }
        Ok(pins)
    }

    async fn current_pin(
        &self,
        workspace_id: &str,
        source: &str,
    ) -> AppResult<Pin> {
        let found = self.db.data_source(workspace_id, source).await?;
        let found = found.ok_or_else(|| unknown_source(source))?;
        let version = found.current_version_id.ok_or_else(|| {
            AppError::invalid(
                "targeting_filters",
                format!(
                    "data source {source} has no ready version yet; filter \
                     on it once its first upload is processed"
                ),
            )
        })?;
        Ok(Pin {
            data_source_id: source.to_owned(),
            data_source_version_id: version,
        })
    }

    async fn check_pin(&self, workspace_id: &str, pin: &Pin) -> AppResult<()> {
        let (source, id) = (&pin.data_source_id, &pin.data_source_version_id);
        if self.db.data_source(workspace_id, source).await?.is_none() {
            return Err(unknown_source(source));
        }
        match self.db.version(workspace_id, source, id).await? {
            Some(v) if v.status == "ready" => Ok(()),
            Some(v) => Err(AppError::invalid(
                "data_sources",
                format!(
                    "version {id} of data source {source} is {}; pin a \
                     ready version",
                    v.status
                ),
            )),
            None => Err(AppError::invalid(
                "data_sources",
                format!("data source {source} has no version {id}"),
            )),
        }
    }
}

fn unknown_source(source: &str) -> AppError {
    AppError::invalid(
        "data_sources",
        format!("there is no data source {source} in this workspace"),
    )
}

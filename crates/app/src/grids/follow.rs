//! Grids following their data: when a data source version becomes
//! ready, every grid that uses the data source gets its pending
//! version pinned to it (created from the active version when there
//! is none), materialised, and promoted at once with auto-update.

use honeygrid_store::{PendingChange, Pin};

use crate::{App, AppError, AppResult};

impl App {
    /// Applies a new ready version of a data source to the grids that
    /// use it; returns their ids. Safe to repeat: pinning the same
    /// version twice changes nothing a reader sees.
    pub async fn follow_data_source(
        &self,
        workspace_id: &str,
        data_source_id: &str,
        version_id: &str,
    ) -> AppResult<Vec<String>> {
        let ids = self.db.grid_ids_using(workspace_id, data_source_id);
        let ids = ids.await?;
        for id in &ids {
            let pin = Pin {
                data_source_id: data_source_id.to_owned(),
                data_source_version_id: version_id.to_owned(),
            };
            self.follow_one(workspace_id, id, pin).await?;
        }
        Ok(ids)
    }

    async fn follow_one(
        &self,
        workspace_id: &str,
        grid_id: &str,
        pin: Pin,
    ) -> AppResult<()> {
        let Some(grid) = self.db.grid(workspace_id, grid_id).await? else {
            return Ok(());
        };
        let change = PendingChange {
            config: None,
            pin: Some(pin),
            now: self.engine.now(),
        };
        let pending = self.db.upsert_pending(workspace_id, grid_id, &change);
        let pending = pending.await?.version_id;
        let version = self.db.grid_version(workspace_id, grid_id, &pending);
        let Some(version) = version.await? else {
            return Ok(());
        };
        match self.materialise(&grid, &version).await {
            Ok(_) => {}
            // The new data no longer fits the filters (a metric is
            // gone): the pending version waits for the user to fix
            // its configuration, and is not promoted.
            Err(AppError::Invalid { detail, .. }) => {
                tracing::warn!(grid.id = %grid_id, reason = %detail,
                    "the pending grid version cannot be materialised");
                return Ok(());
            }
            Err(e) => return Err(e),
        }
        if grid.auto_update {
            let now = self.engine.now();
            self.db
                .promote(workspace_id, grid_id, &pending, now)
                .await?;
            tracing::info!(grid.id = %grid_id, version.id = %pending,
                "grid version promoted by auto-update");
        }
        Ok(())
    }
}

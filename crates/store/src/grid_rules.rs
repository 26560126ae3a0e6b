//! The rules of grid versions, each one transaction: the pending
//! version created or updated, promotion, auto-update, and deleting
//! versions idle for too long.

use crate::grids::{
    GridConfig, INSERT_PIN, INSERT_VERSION, Materialised, Pin, text,
};
use crate::ids::new_id;
use crate::{Db, StoreError, StoreResult, exec, on_db};

/// A change that makes or updates a grid's pending version.
#[derive(Debug, Clone, Default)]
pub struct PendingChange {
    /// A new configuration, replacing the pending one's (or the active
    /// one's, for a new pending version).
    pub config: Option<GridConfig>,
    /// A data source pinned to another version.
    pub pin: Option<Pin>,
    /// Now, in ms since the epoch.
    pub now: i64,
}

/// The pending version a change landed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Its id.
    pub version_id: String,
    /// Its revision after the change.
    pub revision: i64,
}

/// How often a change is tried again when another one raced it.
const TRIES: usize = 8;

impl Db {
    /// Applies `change` to the grid's pending version, creating it from
    /// the active version when there is none. Concurrent changes never
    /// make two pending versions (a unique index refuses the second,
    /// which then updates the first) nor lose a pin (each pin is its
    /// own row).
    pub async fn upsert_pending(
        &self,
        workspace_id: &str,
        grid_id: &str,
        change: &PendingChange,
    ) -> StoreResult<Pending> {
        let mut last = None;
        for attempt in 0..TRIES {
            match self.try_upsert_pending(workspace_id, grid_id, change).await {
                Err(e) if retryable(&e) => {
                    last = Some(e);
                    let ms = 5 * (attempt as u64 + 1);
                    tokio::time::sleep(std::time::Duration::from_millis(ms))
                        .await;
                }
                other => return other,
            }
        }
        Err(last.unwrap_or_else(|| StoreError::Conflict("a grid".into())))
    }

    async fn try_upsert_pending(
        &self,
        workspace_id: &str,
        grid_id: &str,
        change: &PendingChange,
    ) -> StoreResult<Pending> {
        let grid =
            self.grid(workspace_id, grid_id).await?.ok_or_else(|| {
                StoreError::Conflict(format!("grid {grid_id} is gone"))
            })?;
        let pending = match &grid.pending_version_id {
            Some(id) => id.clone(),
            None => self.new_pending(workspace_id, &grid, change).await?,
        };
        self.change_pending(&pending, change).await
    }

    /// Inserts a pending version copied from the active one.
    async fn new_pending(
        &self,
        workspace_id: &str,
        grid: &crate::grids::Grid,
        change: &PendingChange,
    ) -> StoreResult<String> {
        let active = match &grid.current_version_id {
            Some(id) => self.grid_version(workspace_id, &grid.id, id).await?,
            None => None,
        };
        let active = active.ok_or_else(|| StoreError::Corrupt {
            what: "grid",
            reason: format!("grid {} has no active version", grid.id),
        })?;
        let next = "SELECT COALESCE(MAX(version_number), 0) + 1 \
            FROM grid_versions WHERE grid_id = $1";
        let set_pending = "UPDATE grids SET pending_version_id = $1, \
            updated_at = $2 WHERE id = $3";
        let id = new_id();
        let config = active.config.clone();
        on_db!(self, pool => {
            let mut tx = pool.begin().await?;
            let number: i64 = sqlx::query_scalar(next)
                .bind(&grid.id).fetch_one(&mut *tx).await?;
            sqlx::query(INSERT_VERSION)
                .bind(&id).bind(workspace_id).bind(&grid.id)
                .bind(format!("{} v{number}", grid.name)).bind(number)
                .bind("pending")
                .bind(text(&config.targeted_areas))
                .bind(text(&config.targeting_filters))
                .bind(text(&config.manual_inclusion_filters))
                .bind(text(&config.manual_exclusion_filters))
                .bind(change.now).execute(&mut *tx).await?;
            for pin in &active.data_sources {
                sqlx::query(INSERT_PIN).bind(&id)
                    .bind(&pin.data_source_id)
                    .bind(&pin.data_source_version_id)
                    .execute(&mut *tx).await?;
            }
            sqlx::query(set_pending).bind(&id).bind(change.now)
                .bind(&grid.id).execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(id)
    }

    /// Applies a change to an existing pending version and moves its
    /// revision.
    async fn change_pending(
        &self,
        version_id: &str,
        change: &PendingChange,
    ) -> StoreResult<Pending> {
        let pin = "INSERT INTO grid_version_data_sources (grid_version_id, \
            data_source_id, data_source_version_id) VALUES ($1, $2, $3) \
            ON CONFLICT (grid_version_id, data_source_id) DO UPDATE SET \
            data_source_version_id = excluded.data_source_version_id";
        let config = "UPDATE grid_versions SET targeted_areas = $1, \
            targeting_filters = $2, manual_inclusion_filters = $3, \
            manual_exclusion_filters = $4, last_used_at = $5 \
            WHERE id = $6 AND status = 'pending'";
        let bump = "UPDATE grid_versions SET revision = revision + 1, \
            updated_at = $1 WHERE id = $2 AND status = 'pending' \
            RETURNING revision";
        let revision: Option<i64> = on_db!(self, pool => {
            let mut tx = pool.begin().await?;
            if let Some(c) = &change.config {
                sqlx::query(config)
                    .bind(text(&c.targeted_areas))
                    .bind(text(&c.targeting_filters))
                    .bind(text(&c.manual_inclusion_filters))
                    .bind(text(&c.manual_exclusion_filters))
                    .bind(change.now).bind(version_id)
                    .execute(&mut *tx).await?;
            }
            if let Some(p) = &change.pin {
                sqlx::query(pin).bind(version_id).bind(&p.data_source_id)
                    .bind(&p.data_source_version_id)
                    .execute(&mut *tx).await?;
            }
            let revision = sqlx::query_scalar(bump).bind(change.now)
                .bind(version_id).fetch_optional(&mut *tx).await?;
            tx.commit().await?;
            revision
        });
        // The version was promoted meanwhile: the caller tries again and
        // makes a new pending version.
        let revision = revision.ok_or_else(|| {
            StoreError::Conflict("a pending version promoted meanwhile".into())
        })?;
        Ok(Pending {
            version_id: version_id.to_owned(),
            revision,
        })
    }

    /// Stores what materialising `revision` of a version found, unless
    /// the version changed since (then returns false: materialise the
    /// newer revision).
    pub async fn store_materialised(
        &self,
        version_id: &str,
        revision: i64,
        m: &Materialised,
    ) -> StoreResult<bool> {
        let sql = "UPDATE grid_versions SET materialised_revision = $1, \
            cell_count = $2, area_cells = $3, coverage = $4, \
            households = $5, targeted_households = $6, notes = $7 \
            WHERE id = $8 AND revision = $1";
        let n = exec!(self, pool => sqlx::query(sql)
            .bind(revision).bind(m.cell_count).bind(m.area_cells)
            .bind(m.coverage).bind(m.households)
            .bind(m.targeted_households).bind(&m.notes).bind(version_id)
            .execute(pool).await)?;
        Ok(n == 1)
    }

    /// Makes `version_id` the grid's active version, archiving the
    /// previous one; the same few rows change whatever the grid's size.
    pub async fn promote(
        &self,
        workspace_id: &str,
        grid_id: &str,
        version_id: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let archive = "UPDATE grid_versions SET status = 'archived', \
            archived_at = $1, updated_at = $1 \
            WHERE grid_id = $2 AND status = 'active' AND id <> $3";
        let activate = "UPDATE grid_versions SET status = 'active', \
            last_used_at = $1, updated_at = $1 \
            WHERE grid_id = $2 AND id = $3 AND workspace_id = $4";
        let point = "UPDATE grids SET current_version_id = $3, \
            pending_version_id = CASE WHEN pending_version_id = $3 \
            THEN NULL ELSE pending_version_id END, updated_at = $1 \
            WHERE id = $2 AND workspace_id = $4";
        let done = on_db!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(archive).bind(now).bind(grid_id).bind(version_id)
                .execute(&mut *tx).await?;
            let n = sqlx::query(activate).bind(now).bind(grid_id)
                .bind(version_id).bind(workspace_id)
                .execute(&mut *tx).await?.rows_affected();
            sqlx::query(point).bind(now).bind(grid_id).bind(version_id)
                .bind(workspace_id).execute(&mut *tx).await?;
            if n == 1 {
                tx.commit().await?;
            } else {
                tx.rollback().await?;
            }
            n == 1
        });
        Ok(done)
    }

    /// Turns a grid's auto-update on or off.
    pub async fn set_auto_update(
        &self,
        workspace_id: &str,
        grid_id: &str,
        on: bool,
        now: i64,
    ) -> StoreResult<bool> {
        let sql = "UPDATE grids SET auto_update = $1, updated_at = $2 \
            WHERE id = $3 AND workspace_id = $4";
        let n = exec!(self, pool => sqlx::query(sql)
            .bind(on).bind(now).bind(grid_id).bind(workspace_id)
            .execute(pool).await)?;
        Ok(n == 1)
    }

    /// Deletes archived versions whose last activity is before
    /// `cutoff`; never an active or pending one. Returns (grid id,
    /// version id) of each deleted version.
    pub async fn delete_idle_versions(
        &self,
        cutoff: i64,
    ) -> StoreResult<Vec<(String, String)>> {
        let find = "SELECT grid_id, id FROM grid_versions \
            WHERE status = 'archived' AND last_used_at < $1";
        let unpin = "DELETE FROM grid_version_data_sources \
            WHERE grid_version_id = $1";
        let drop = "DELETE FROM grid_versions \
            WHERE id = $1 AND status = 'archived'";
        let doomed: Vec<(String, String)> = on_db!(self, pool =>
            sqlx::query_as(find).bind(cutoff).fetch_all(pool).await)?;
        for (_, id) in &doomed {
            on_db!(self, pool => {
                let mut tx = pool.begin().await?;
                sqlx::query(unpin).bind(id).execute(&mut *tx).await?;
                sqlx::query(drop).bind(id).execute(&mut *tx).await?;
                tx.commit().await?;
            });
        }
        Ok(doomed)
    }
}

/// Clashes with a concurrent change: a unique index, a promotion, or
/// SQLite's single writer.
fn retryable(e: &StoreError) -> bool {
    if e.is_unique_violation() {
        return true;
    }
    match e {
        StoreError::Conflict(m) => m.contains("promoted meanwhile"),
        StoreError::Sql(sqlx::Error::Database(d)) => {
            let m = d.message();
            m.contains("database is locked") || m.contains("busy")
        }
        _ => false,
    }
}

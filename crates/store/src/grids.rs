//! Targeting grids and their versions: version 1 active from the
//! start, at most one pending (a unique index holds that), promotion
//! archiving the previous active version.

use serde::Serialize;
use serde_json::Value;

use crate::data_sources::parse_json;
use crate::ids::new_id;
use crate::{Db, StoreResult, exec, now_ms, on_db, time};

/// A grid record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    /// Its id.
    pub id: String,
    /// Its workspace.
    pub workspace_id: String,
    /// Its name.
    pub name: String,
    /// `active`.
    pub status: String,
    /// The H3 resolution of its cells.
    pub resolution: i64,
    /// Whether a new pending version is promoted at once.
    pub auto_update: bool,
    /// The version advertisers target now.
    pub current_version_id: Option<String>,
    /// The version waiting to be promoted, if any.
    pub pending_version_id: Option<String>,
    /// When it was created.
    #[serde(serialize_with = "time::ser")]
    pub created_at: i64,
    /// When it last changed.
    #[serde(serialize_with = "time::ser")]
    pub updated_at: i64,
}

/// A data source pinned to one of its versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pin {
    /// The data source.
    pub data_source_id: String,
    /// The version of it the grid version uses.
    pub data_source_version_id: String,
}

/// A grid version's configuration, as the API gives it (JSON).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct GridConfig {
    /// Targeted areas.
    pub targeted_areas: Value,
    /// Targeting filters, or null.
    pub targeting_filters: Value,
    /// Cells always included.
    pub manual_inclusion_filters: Value,
    /// Cells always excluded.
    pub manual_exclusion_filters: Value,
}

/// What materialising a version found.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Materialised {
    /// Targeted cells.
    pub cell_count: i64,
    /// Cells of the areas before filters.
    pub area_cells: i64,
    /// `cell_count / area_cells`.
    pub coverage: f64,
    /// Households in the areas, when a households metric is known.
    pub households: Option<i64>,
    /// Households in the targeted cells.
    pub targeted_households: Option<i64>,
    /// Approximations used, in words.
    pub notes: Option<String>,
}

/// A grid version record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridVersion {
    /// Its id.
    pub id: String,
    /// Its workspace.
    pub workspace_id: String,
    /// Its grid.
    pub grid_id: String,
    /// Its name.
    pub name: String,
    /// 1, 2, 3… within the grid.
    pub version_number: i64,
    /// `active`, `pending` or `archived`.
    pub status: String,
    /// Its configuration.
    #[serde(flatten)]
    pub config: GridConfig,
    /// What materialising it found; none before the first time.
    pub materialised: Option<Materialised>,
    /// Moves on every change of configuration or pins.
    pub revision: i64,
    /// The revision `materialised` describes; behind `revision` while
    /// the new configuration or pins are being materialised.
    pub materialised_revision: Option<i64>,
    /// The data source versions it uses.
    pub data_sources: Vec<Pin>,
    /// Last activity (promotion, configuration change).
    #[serde(serialize_with = "time::ser")]
    pub last_used_at: i64,
    /// When it was created.
    #[serde(serialize_with = "time::ser")]
    pub created_at: i64,
    /// When it last changed.
    #[serde(serialize_with = "time::ser")]
    pub updated_at: i64,
}

const GRID_COLUMNS: &str = "id, workspace_id, name, status, resolution, \
    auto_update, current_version_id, pending_version_id, created_at, \
    updated_at";

type GridRow = (
    String,
    String,
    String,
    String,
    i64,
    bool,
    Option<String>,
    Option<String>,
    i64,
    i64,
);

fn grid(r: GridRow) -> Grid {
    Grid {
        id: r.0,
        workspace_id: r.1,
        name: r.2,
        status: r.3,
        resolution: r.4,
        auto_update: r.5,
        current_version_id: r.6,
        pending_version_id: r.7,
        created_at: r.8,
        updated_at: r.9,
    }
}

const VERSION_COLUMNS: &str = "id, workspace_id, grid_id, name, \
    version_number, status, targeted_areas, targeting_filters, \
    manual_inclusion_filters, manual_exclusion_filters, last_used_at, \
    created_at, updated_at, revision";

const MATERIALISED_COLUMNS: &str = "materialised_revision, cell_count, \
    area_cells, coverage, households, targeted_households, notes";

type VersionRow = (
    String,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
    i64,
    i64,
);

type MaterialisedRow = (
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<f64>,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

fn json_or_null(text: Option<String>) -> StoreResult<Value> {
    match text {
        Some(text) => parse_json("grid configuration", &text),
        None => Ok(Value::Null),
    }
}

fn version(r: VersionRow, m: MaterialisedRow) -> StoreResult<GridVersion> {
    let config = GridConfig {
        targeted_areas: json_or_null(r.6)?,
        targeting_filters: json_or_null(r.7)?,
        manual_inclusion_filters: json_or_null(r.8)?,
        manual_exclusion_filters: json_or_null(r.9)?,
    };
    let materialised = m.0.map(|_| Materialised {
        cell_count: m.1.unwrap_or(0),
        area_cells: m.2.unwrap_or(0),
        coverage: m.3.unwrap_or(0.0),
        households: m.4,
        targeted_households: m.5,
        notes: m.6,
    });
    Ok(GridVersion {
        id: r.0,
        workspace_id: r.1,
        grid_id: r.2,
        name: r.3,
        version_number: r.4,
        status: r.5,
        config,
        materialised,
        revision: r.13,
        materialised_revision: m.0,
        data_sources: Vec::new(),
        last_used_at: r.10,
        created_at: r.11,
        updated_at: r.12,
    })
}

pub(crate) fn text(value: &Value) -> Option<String> {
    (!value.is_null()).then(|| value.to_string())
}

impl Db {
    /// Creates a grid with version 1 `active`, its configuration and
    /// pins, in one transaction.
    pub async fn create_grid(
        &self,
        workspace_id: &str,
        name: &str,
        resolution: i64,
        auto_update: bool,
        config: &GridConfig,
        pins: &[Pin],
    ) -> StoreResult<(String, String)> {
        let (grid_id, version_id, now) = (new_id(), new_id(), now_ms());
        let insert_grid = "INSERT INTO grids (id, workspace_id, name, \
            status, resolution, auto_update, current_version_id, \
            created_at, updated_at) \
            VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $7)";
        on_db!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(insert_grid)
                .bind(&grid_id).bind(workspace_id).bind(name)
                .bind(resolution).bind(auto_update).bind(&version_id)
                .bind(now).execute(&mut *tx).await?;
            sqlx::query(INSERT_VERSION)
                .bind(&version_id).bind(workspace_id).bind(&grid_id)
                .bind(format!("{name} v1")).bind(1_i64).bind("active")
                .bind(text(&config.targeted_areas))
                .bind(text(&config.targeting_filters))
                .bind(text(&config.manual_inclusion_filters))
                .bind(text(&config.manual_exclusion_filters))
                .bind(now).execute(&mut *tx).await?;
            for pin in pins {
                sqlx::query(INSERT_PIN).bind(&version_id)
                    .bind(&pin.data_source_id)
                    .bind(&pin.data_source_version_id)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok((grid_id, version_id))
    }

    /// The workspace's grids, newest first.
    pub async fn grids(&self, workspace_id: &str) -> StoreResult<Vec<Grid>> {
        let sql = format!(
            "SELECT {GRID_COLUMNS} FROM grids WHERE workspace_id = $1 \
             ORDER BY created_at DESC, id"
        );
        let rows: Vec<GridRow> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).fetch_all(pool).await)?;
        Ok(rows.into_iter().map(grid).collect())
    }

    /// One grid of the workspace.
    pub async fn grid(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Option<Grid>> {
        let sql = format!(
            "SELECT {GRID_COLUMNS} FROM grids \
             WHERE workspace_id = $1 AND id = $2"
        );
        let row: Option<GridRow> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).bind(id).fetch_optional(pool).await)?;
        Ok(row.map(grid))
    }

    /// Renames a grid.
    pub async fn rename_grid(
        &self,
        workspace_id: &str,
        id: &str,
        name: &str,
    ) -> StoreResult<bool> {
        let sql = "UPDATE grids SET name = $1, updated_at = $2 \
            WHERE workspace_id = $3 AND id = $4";
        let n = exec!(self, pool => sqlx::query(sql)
            .bind(name).bind(now_ms()).bind(workspace_id).bind(id)
            .execute(pool).await)?;
        Ok(n == 1)
    }

    /// The versions of a grid, newest first, with their pins.
    pub async fn grid_versions(
        &self,
        workspace_id: &str,
        grid_id: &str,
    ) -> StoreResult<Vec<GridVersion>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM grid_versions \
             WHERE workspace_id = $1 AND grid_id = $2 \
             ORDER BY version_number DESC"
        );
        let rows: Vec<VersionRow> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).bind(grid_id).fetch_all(pool).await)?;
        let mut versions = Vec::with_capacity(rows.len());
        for row in rows {
            versions.push(self.complete(row).await?);
        }
        Ok(versions)
    }

    /// One version of a grid, with its pins.
    pub async fn grid_version(
        &self,
        workspace_id: &str,
        grid_id: &str,
        id: &str,
    ) -> StoreResult<Option<GridVersion>> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM grid_versions \
             WHERE workspace_id = $1 AND grid_id = $2 AND id = $3"
        );
        let row: Option<VersionRow> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).bind(grid_id).bind(id)
                .fetch_optional(pool).await)?;
        match row {
            Some(row) => Ok(Some(self.complete(row).await?)),
            None => Ok(None),
        }
    }

    /// A version row with its materialisation and pins.
    async fn complete(&self, row: VersionRow) -> StoreResult<GridVersion> {
        let sql = format!(
            "SELECT {MATERIALISED_COLUMNS} FROM grid_versions WHERE id = $1"
        );
        let m: MaterialisedRow = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(&row.0).fetch_one(pool).await)?;
        let mut version = version(row, m)?;
        version.data_sources = self.pins(&version.id).await?;
        Ok(version)
    }

    /// The pins of a grid version.
    pub async fn pins(&self, version_id: &str) -> StoreResult<Vec<Pin>> {
        let sql = "SELECT data_source_id, data_source_version_id \
            FROM grid_version_data_sources WHERE grid_version_id = $1 \
            ORDER BY data_source_id";
        let rows: Vec<(String, String)> = on_db!(self, pool =>
            sqlx::query_as(sql).bind(version_id).fetch_all(pool).await)?;
        Ok(rows
            .into_iter()
            .map(|(d, v)| Pin {
                data_source_id: d,
                data_source_version_id: v,
            })
            .collect())
    }
}

pub(crate) const INSERT_VERSION: &str = "INSERT INTO grid_versions (id, \
    workspace_id, grid_id, name, version_number, status, targeted_areas, \
    targeting_filters, manual_inclusion_filters, manual_exclusion_filters, \
    last_used_at, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)";

pub(crate) const INSERT_PIN: &str = "INSERT INTO grid_version_data_sources \
    (grid_version_id, data_source_id, data_source_version_id) \
    VALUES ($1, $2, $3)";

//! Data sources: a named, typed source of per-cell metrics in a
//! workspace, pointing at its current version.

use serde::Serialize;
use serde_json::Value;

use crate::ids::new_id;
use crate::versions::{NewVersion, Version, insert_version_sql};
use crate::{Db, StoreError, StoreResult, now_ms, on_db, time};

/// A data source record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataSource {
    /// Its id.
    pub id: String,
    /// Its workspace.
    pub workspace_id: String,
    /// Its name.
    pub name: String,
    /// `csv`, `csv_feed` or a live platform.
    #[serde(rename = "type")]
    pub kind: String,
    /// The status of its latest version.
    pub status: String,
    /// Why it failed, when it did.
    pub status_message: Option<String>,
    /// Cells in its current version.
    pub total_cells: i64,
    /// The H3 resolution of its cells.
    pub resolution: i64,
    /// The column mapping given at creation, if any.
    pub column_mapping: Option<Value>,
    /// The live connection behind it; none for an uploaded file.
    pub connection_id: Option<String>,
    /// The version grids use unless they pin another.
    pub current_version_id: Option<String>,
    /// The workflow run processing its latest version.
    pub workflow_id: Option<String>,
    /// When it was created.
    #[serde(serialize_with = "time::ser")]
    pub created_at: i64,
    /// When it last changed.
    #[serde(serialize_with = "time::ser")]
    pub updated_at: i64,
    /// When its latest version finished processing.
    #[serde(serialize_with = "time::ser_opt")]
    pub completed_at: Option<i64>,
}

/// What a new data source is made of.
#[derive(Debug, Clone)]
pub struct NewDataSource {
    /// Its name.
    pub name: String,
    /// Its type.
    pub kind: String,
    /// The H3 resolution of its cells.
    pub resolution: i64,
    /// The column mapping given, if any.
    pub column_mapping: Option<Value>,
}

pub(crate) const COLUMNS: &str = "id, workspace_id, name, type, status, \
    status_message, total_cells, resolution, column_mapping, \
    connection_id, current_version_id, workflow_id, created_at, \
    updated_at, completed_at";

type Row = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
    i64,
    Option<i64>,
);

fn from_row(r: Row) -> StoreResult<DataSource> {
    let column_mapping = r.8.map(|m| parse_json("column mapping", &m));
    Ok(DataSource {
        id: r.0,
        workspace_id: r.1,
        name: r.2,
        kind: r.3,
        status: r.4,
        status_message: r.5,
        total_cells: r.6,
        resolution: r.7,
        column_mapping: column_mapping.transpose()?,
        connection_id: r.9,
        current_version_id: r.10,
        workflow_id: r.11,
        created_at: r.12,
        updated_at: r.13,
        completed_at: r.14,
    })
}

/// Reads a stored JSON document.
pub(crate) fn parse_json(what: &'static str, text: &str) -> StoreResult<Value> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        what,
        reason: e.to_string(),
    })
}

impl Db {
    /// Creates a data source with its first version, `pending`, in one
    /// transaction.
    pub async fn create_data_source(
        &self,
        workspace_id: &str,
        source: &NewDataSource,
        version: &NewVersion,
    ) -> StoreResult<(DataSource, Version)> {
        let id = new_id();
        let version_id = new_id();
        let now = now_ms();
        let mapping = source.column_mapping.as_ref().map(Value::to_string);
        let insert = "INSERT INTO data_sources (id, workspace_id, name, \
            type, status, resolution, column_mapping, created_at, \
            updated_at) VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $7)";
        on_db!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(insert)
                .bind(&id).bind(workspace_id).bind(&source.name)
                .bind(&source.kind).bind(source.resolution)
                .bind(&mapping).bind(now)
                .execute(&mut *tx).await?;
            sqlx::query(insert_version_sql())
                .bind(&version_id).bind(workspace_id).bind(&id).bind(1_i64)
                .bind(&version.file_path).bind(&version.file_name)
                .bind(version.file_size).bind(now)
                .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        let source = self.data_source(workspace_id, &id).await?;
        let version = self.version(workspace_id, &id, &version_id).await?;
        match (source, version) {
            (Some(s), Some(v)) => Ok((s, v)),
            _ => Err(StoreError::Corrupt {
                what: "data source",
                reason: "missing right after it was created".into(),
            }),
        }
    }

    /// The workspace's data sources, newest first.
    pub async fn data_sources(
        &self,
        workspace_id: &str,
    ) -> StoreResult<Vec<DataSource>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM data_sources WHERE workspace_id = $1 \
             ORDER BY created_at DESC, id"
        );
        let rows: Vec<Row> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).fetch_all(pool).await)?;
        rows.into_iter().map(from_row).collect()
    }

    /// One data source of the workspace.
    pub async fn data_source(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Option<DataSource>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM data_sources \
             WHERE workspace_id = $1 AND id = $2"
        );
        let row: Option<Row> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).bind(id).fetch_optional(pool).await)?;
        row.map(from_row).transpose()
    }

    /// The grids with an active or pending version that uses the
    /// data source.
    pub async fn grid_ids_using(
        &self,
        workspace_id: &str,
        data_source_id: &str,
    ) -> StoreResult<Vec<String>> {
        let sql = "SELECT DISTINCT gv.grid_id \
            FROM grid_version_data_sources g \
            JOIN grid_versions gv ON gv.id = g.grid_version_id \
            WHERE gv.workspace_id = $1 AND g.data_source_id = $2 \
            AND gv.status IN ('active', 'pending') ORDER BY gv.grid_id";
        Ok(on_db!(self, pool => sqlx::query_scalar(sql)
            .bind(workspace_id).bind(data_source_id)
            .fetch_all(pool).await)?)
    }

    /// Deletes a data source and its versions; returns the file and
    /// aggregate keys of the versions removed, for the object store.
    /// Archived grid versions that pinned it lose the pin.
    pub async fn delete_data_source(
        &self,
        workspace_id: &str,
        id: &str,
    ) -> StoreResult<Option<Vec<Version>>> {
        let versions = self.versions(workspace_id, id).await?;
        if self.data_source(workspace_id, id).await?.is_none() {
            return Ok(None);
        }
        let unpin = "DELETE FROM grid_version_data_sources \
            WHERE data_source_id = $1 AND grid_version_id IN \
            (SELECT id FROM grid_versions WHERE workspace_id = $2)";
        let drop_versions = "DELETE FROM data_source_versions \
            WHERE data_source_id = $1 AND workspace_id = $2";
        let drop_source = "DELETE FROM data_sources \
            WHERE id = $1 AND workspace_id = $2";
        on_db!(self, pool => {
            let mut tx = pool.begin().await?;
            for sql in [unpin, drop_versions, drop_source] {
                sqlx::query(sql).bind(id).bind(workspace_id)
                    .execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(Some(versions))
    }

    /// Records the workflow run processing a version, on the version
    /// and on its data source.
    pub async fn set_workflow(
        &self,
        workspace_id: &str,
        version_id: &str,
        run_id: &str,
    ) -> StoreResult<()> {
        let version = "UPDATE data_source_versions SET workflow_id = $1 \
            WHERE id = $2 AND workspace_id = $3";
        let source = "UPDATE data_sources SET workflow_id = $1 \
            WHERE workspace_id = $3 AND id = \
            (SELECT data_source_id FROM data_source_versions WHERE id = $2)";
        on_db!(self, pool => {
            let mut tx = pool.begin().await?;
            for sql in [version, source] {
                sqlx::query(sql).bind(run_id).bind(version_id)
                    .bind(workspace_id).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }
}

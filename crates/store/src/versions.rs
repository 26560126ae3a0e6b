//! Data source versions: one processed upload or sync each, with its
//! status and the metadata of its processing.

use serde::Serialize;
use serde_json::Value;

use crate::data_sources::parse_json;
use crate::ids::new_id;
use crate::{Db, StoreError, StoreResult, exec, now_ms, on_db, time};

/// A data source version record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    /// Its id.
    pub id: String,
    /// Its workspace.
    pub workspace_id: String,
    /// Its data source.
    pub data_source_id: String,
    /// 1, 2, 3… within the data source.
    pub version_number: i64,
    /// The object store key of the uploaded file.
    pub file_path: Option<String>,
    /// The uploaded file's name.
    pub file_name: Option<String>,
    /// The uploaded file's size in bytes.
    pub file_size: Option<i64>,
    /// `pending`, `processing`, `ready` or `failed`.
    pub status: String,
    /// Why it failed, in words a user can act on.
    pub status_message: Option<String>,
    /// Cells in its aggregate.
    pub total_cells: i64,
    /// The workflow run that processes it.
    pub workflow_id: Option<String>,
    /// When it was created.
    #[serde(serialize_with = "time::ser")]
    pub created_at: i64,
    /// When it last changed.
    #[serde(serialize_with = "time::ser")]
    pub updated_at: i64,
    /// When processing finished.
    #[serde(serialize_with = "time::ser_opt")]
    pub completed_at: Option<i64>,
    /// The processing summary: rows, precisions, metrics, warnings.
    pub metadata: Option<Value>,
}

/// The uploaded file behind a new version.
#[derive(Debug, Clone)]
pub struct NewVersion {
    /// Where the upload is kept.
    pub file_path: String,
    /// Its name as uploaded.
    pub file_name: String,
    /// Its size in bytes.
    pub file_size: i64,
}

const COLUMNS: &str = "id, workspace_id, data_source_id, version_number, \
    file_path, file_name, file_size, status, status_message, \
    total_cells, workflow_id, created_at, updated_at, completed_at, \
    metadata";

type Row = (
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
    Option<String>,
    i64,
    Option<String>,
    i64,
    i64,
    Option<i64>,
    Option<String>,
);

fn from_row(r: Row) -> StoreResult<Version> {
    let metadata = r.14.map(|m| parse_json("version metadata", &m));
    Ok(Version {
        id: r.0,
        workspace_id: r.1,
        data_source_id: r.2,
        version_number: r.3,
        file_path: r.4,
        file_name: r.5,
        file_size: r.6,
        status: r.7,
        status_message: r.8,
        total_cells: r.9,
        workflow_id: r.10,
        created_at: r.11,
        updated_at: r.12,
        completed_at: r.13,
        metadata: metadata.transpose()?,
    })
}

/// Inserts a pending version: id, workspace, data source, number, file
/// key, file name, size, time.
pub(crate) fn insert_version_sql() -> &'static str {
    "INSERT INTO data_source_versions (id, workspace_id, data_source_id, \
     version_number, file_path, file_name, file_size, status, \
     created_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $8)"
}

/// What processing found, for a version that became ready.
#[derive(Debug, Clone)]
pub struct ReadyVersion {
    /// Cells in the aggregate.
    pub total_cells: i64,
    /// The processing summary.
    pub metadata: Value,
}

impl Db {
    /// The versions of a data source, newest first.
    pub async fn versions(
        &self,
        workspace_id: &str,
        data_source_id: &str,
    ) -> StoreResult<Vec<Version>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM data_source_versions \
             WHERE workspace_id = $1 AND data_source_id = $2 \
             ORDER BY version_number DESC"
        );
        let rows: Vec<Row> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).bind(data_source_id)
                .fetch_all(pool).await)?;
        rows.into_iter().map(from_row).collect()
    }

    /// One version of a data source.
    pub async fn version(
        &self,
        workspace_id: &str,
        data_source_id: &str,
        id: &str,
    ) -> StoreResult<Option<Version>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM data_source_versions \
             WHERE workspace_id = $1 AND data_source_id = $2 AND id = $3"
        );
        let row: Option<Row> = on_db!(self, pool =>
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(workspace_id).bind(data_source_id).bind(id)
                .fetch_optional(pool).await)?;
        row.map(from_row).transpose()
    }

    /// Adds the next version of a data source, `pending`. Two uploads
    /// at once get distinct numbers: a clash on the number is retried.
    pub async fn add_version(
        &self,
        workspace_id: &str,
        data_source_id: &str,
        version: &NewVersion,
    ) -> StoreResult<Version> {
        for _ in 0..5 {
            match self
                .try_add_version(workspace_id, data_source_id, version)
                .await
            {
                Err(e) if e.is_unique_violation() => continue,
                other => return other,
            }
        }
        Err(StoreError::Conflict("a version with that number".into()))
    }

    async fn try_add_version(
        &self,
        workspace_id: &str,
        data_source_id: &str,
        version: &NewVersion,
    ) -> StoreResult<Version> {
        let next = "SELECT COALESCE(MAX(version_number), 0) + 1 \
            FROM data_source_versions WHERE data_source_id = $1";
        let number: i64 = on_db!(self, pool => sqlx::query_scalar(next)
            .bind(data_source_id).fetch_one(pool).await)?;
        let id = new_id();
        exec!(self, pool => sqlx::query(insert_version_sql())
            .bind(&id).bind(workspace_id).bind(data_source_id).bind(number)
            .bind(&version.file_path).bind(&version.file_name)
            .bind(version.file_size).bind(now_ms())
            .execute(pool).await)?;
        self.touch_source(workspace_id, data_source_id, "pending", None)
            .await?;
        self.version(workspace_id, data_source_id, &id)
            .await?
            .ok_or_else(|| StoreError::Corrupt {
                what: "version",
                reason: "missing right after it was created".into(),
            })
    }

    /// Marks a version `processing` (and its data source, when that has
    /// no ready version yet).
    pub async fn mark_processing(
        &self,
        workspace_id: &str,
        data_source_id: &str,
        version_id: &str,
    ) -> StoreResult<()> {
        let sql = "UPDATE data_source_versions SET status = 'processing', \
            status_message = NULL, updated_at = $1 \
            WHERE id = $2 AND workspace_id = $3 AND status <> 'ready'";
        exec!(self, pool => sqlx::query(sql)
            .bind(now_ms()).bind(version_id).bind(workspace_id)
            .execute(pool).await)?;
        self.touch_source(workspace_id, data_source_id, "processing", None)
            .await
    }

    /// Marks a version `ready` and makes it its data source's current
    /// version, in one transaction.
    pub async fn mark_ready(
        &self,
        workspace_id: &str,
        data_source_id: &str,
        version_id: &str,
        ready: &ReadyVersion,
    ) -> StoreResult<()> {
        let now = now_ms();
        let version = "UPDATE data_source_versions SET status = 'ready', \
            status_message = NULL, total_cells = $1, metadata = $2, \
            updated_at = $3, completed_at = $3 \
            WHERE id = $4 AND workspace_id = $5";
        let source = "UPDATE data_sources SET status = 'ready', \
            status_message = NULL, total_cells = $1, \
            current_version_id = $2, updated_at = $3, completed_at = $3 \
            WHERE id = $4 AND workspace_id = $5";
        let metadata = ready.metadata.to_string();
        on_db!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(version)
                .bind(ready.total_cells).bind(&metadata).bind(now)
                .bind(version_id).bind(workspace_id)
                .execute(&mut *tx).await?;
            sqlx::query(source)
                .bind(ready.total_cells).bind(version_id).bind(now)
                .bind(data_source_id).bind(workspace_id)
                .execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Marks a version `failed` with a message a user can act on. Its
    /// data source is marked failed too unless it has a ready version.
    pub async fn mark_failed(
        &self,
        workspace_id: &str,
        data_source_id: &str,
        version_id: &str,
        message: &str,
    ) -> StoreResult<()> {
        let now = now_ms();
        let sql = "UPDATE data_source_versions SET status = 'failed', \
            status_message = $1, updated_at = $2, completed_at = $2 \
            WHERE id = $3 AND workspace_id = $4 AND status <> 'ready'";
        exec!(self, pool => sqlx::query(sql)
            .bind(message).bind(now).bind(version_id).bind(workspace_id)
            .execute(pool).await)?;
        self.touch_source(workspace_id, data_source_id, "failed", Some(message))
            .await
    }

    /// Sets a data source's status, unless it has a ready current
    /// version (a failed or pending later version leaves it usable).
    async fn touch_source(
        &self,
        workspace_id: &str,
        data_source_id: &str,
        status: &str,
        message: Option<&str>,
    ) -> StoreResult<()> {
        let sql = "UPDATE data_sources SET status = $1, \
            status_message = $2, updated_at = $3 \
            WHERE id = $4 AND workspace_id = $5 \
            AND current_version_id IS NULL";
        exec!(self, pool => sqlx::query(sql)
            .bind(status).bind(message).bind(now_ms())
            .bind(data_source_id).bind(workspace_id)
            .execute(pool).await)?;
        Ok(())
    }
}

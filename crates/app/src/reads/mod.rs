//! Reading versions back: the stored aggregate whole, pages of it
//! sorted by a metric, its failed rows, and comparisons.

pub mod cache;
pub mod compare;
pub mod deltas;
pub mod page;
pub mod table;

use std::sync::Arc;

use bytes::Bytes;
use honeygrid_store::{Principal, Version};

pub use cache::{AggregateCache, Loaded};
pub use compare::Comparison;
pub use deltas::{CellChange, CellDeltas};
pub use page::{Page, PageQuery};
pub use table::CellTable;

use crate::{App, AppError, AppResult, keys};

impl App {
    /// A ready version of one of the caller's data sources: the one
    /// named, or the current one.
    pub async fn ready_version(
        &self,
        who: &Principal,
        data_source_id: &str,
        version_id: Option<&str>,
    ) -> AppResult<Version> {
        let source = self.data_source(who, data_source_id).await?;
        let Some(id) = version_id.or(source.current_version_id.as_deref())
        else {
            return Err(AppError::Conflict(format!(
                "data source {data_source_id} has no ready version yet \
                 (status {}); try again when processing is done",
                source.status
            )));
        };
        let version = self.version(who, data_source_id, id).await?;
        if version.status != "ready" {
            return Err(AppError::Conflict(format!(
                "version {id} is {}, not ready; its data can be read \
                 once processing is done",
                version.status
            )));
        }
        Ok(version)
    }

    /// The stored aggregate object, byte for byte.
    pub async fn aggregate_bytes(&self, version: &Version) -> AppResult<Bytes> {
        let key = keys::aggregate(&version.data_source_id, &version.id);
        Ok(self.objects.get(&key).await?)
    }

    /// The version's cells, parsed and kept for later pages.
    pub async fn loaded(&self, version: &Version) -> AppResult<Arc<Loaded>> {
        if let Some(loaded) = self.cache.get(&version.id) {
            return Ok(loaded);
        }
        let bytes = self.aggregate_bytes(version).await?;
        let table =
            tokio::task::spawn_blocking(move || CellTable::parse(&bytes))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(|e| {
                    AppError::Internal(format!(
                        "a stored aggregate is damaged: {e}"
                    ))
                })?;
        let loaded = Arc::new(Loaded::new(table));
        self.cache.put(&version.id, loaded.clone());
        Ok(loaded)
    }

    /// A ready version's metric columns as its cells table has them
    /// (`customerCount` first): from its processing summary, without
    /// reading its cells, unless it was stored without one.
    pub async fn metric_names(
        &self,
        version: &Version,
    ) -> AppResult<Vec<String>> {
        let listed: Option<Vec<String>> = version
            .metadata
            .as_ref()
            .and_then(|m| m.get("metrics"))
            .and_then(|m| serde_json::from_value(m.clone()).ok());
        match listed {
            Some(metrics) => {
                let first = honeygrid_core::CUSTOMER_COUNT.to_owned();
                Ok(std::iter::once(first).chain(metrics).collect())
            }
            None => Ok(self.loaded(version).await?.table.metrics.clone()),
        }
    }

    /// The failed-rows report of a version, as CSV.
    pub async fn failed_rows(&self, version: &Version) -> AppResult<Bytes> {
        let key = keys::failed_rows(&version.data_source_id, &version.id);
        Ok(self.objects.get(&key).await?)
    }

    /// Compares two ready versions of one of the caller's data sources.
    pub async fn compare(
        &self,
        who: &Principal,
        data_source_id: &str,
        from: &str,
        to: &str,
    ) -> AppResult<Comparison> {
        let from = self.ready_version(who, data_source_id, Some(from));
        let from = self.loaded(&from.await?).await?;
        let to = self.ready_version(who, data_source_id, Some(to));
        let to = self.loaded(&to.await?).await?;
        Ok(compare::compare(&from.table, &to.table))
    }

    /// The cells that differ between two ready versions of one of the
    /// caller's data sources, computed off the async threads (a big
    /// version takes a moment).
    pub async fn cell_deltas(
        &self,
        who: &Principal,
        data_source_id: &str,
        from: &str,
        to: &str,
    ) -> AppResult<CellDeltas> {
        let from = self.ready_version(who, data_source_id, Some(from));
        let from = self.loaded(&from.await?).await?;
        let to = self.ready_version(who, data_source_id, Some(to));
        let to = self.loaded(&to.await?).await?;
        tokio::task::spawn_blocking(move || {
            deltas::deltas(&from.table, &to.table)
        })
        .await
        .map_err(|e| AppError::Internal(format!("comparing cells: {e}")))
    }
}

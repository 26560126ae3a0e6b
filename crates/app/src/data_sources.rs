//! Creating, listing and deleting data sources and their versions.

use honeygrid_core::ColumnMapping;
use honeygrid_store::{
    DataSource, NewDataSource, NewVersion, Principal, Version,
};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::access::require_writer;
use crate::process::KIND;
use crate::uploads::StoredUpload;
use crate::{App, AppError, AppResult, keys};

/// The fields of a new data source, as sent (all text, checked here).
#[derive(Debug, Clone, Default)]
pub struct DataSourceForm {
    /// Its name; the file name when missing.
    pub name: Option<String>,
    /// `csv` (the default), `csv_feed` or `demographics`.
    pub kind: Option<String>,
    /// H3 resolution 0–15; 10 when missing.
    pub resolution: Option<String>,
    /// A column mapping: a JSON object of column → role, or
    /// `Column=role,...`.
    pub columns: Option<String>,
}

/// A data source and version just created, with the run processing it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Created {
    /// The data source.
    pub data_source: DataSource,
    /// The version being processed.
    pub version: Version,
    /// The workflow run processing it.
    pub workflow_id: String,
}

/// Data source types that take uploaded files.
const UPLOAD_KINDS: [&str; 3] = ["csv", "csv_feed", "demographics"];

/// Upload types that take new versions of the same report: a CRM
/// export uploaded again, or demographics refreshed each year.
const VERSIONED_KINDS: [&str; 2] = ["csv_feed", "demographics"];
/// The resolution used when none is given.
pub const DEFAULT_RESOLUTION: i64 = 10;

impl App {
    /// Creates a data source from a stored upload and starts processing
    /// its first version. The upload is discarded when the form is
    /// refused.
    pub async fn create_data_source(
        &self,
        who: &Principal,
        form: DataSourceForm,
        upload: StoredUpload,
    ) -> AppResult<Created> {
        let checked = require_writer(who)
            .and_then(|()| check_form(form, &upload.file_name));
        let source = match checked {
            Ok(source) => source,
            Err(e) => {
                self.discard_upload(&upload).await;
                return Err(e);
            }
        };
        let new_version = new_version(&upload);
        let (source, version) = self
            .db
            .create_data_source(&who.workspace_id, &source, &new_version)
            .await?;
        self.start_processing(source, version).await
    }

    /// Adds a version to a `csv_feed` data source from a stored upload
    /// and starts processing it.
    pub async fn add_version(
        &self,
        who: &Principal,
        data_source_id: &str,
        upload: StoredUpload,
    ) -> AppResult<Created> {
        let source = match self.writable_feed(who, data_source_id).await {
            Ok(source) => source,
            Err(e) => {
                self.discard_upload(&upload).await;
                return Err(e);
            }
        };
        let version = self
            .db
            .add_version(&who.workspace_id, &source.id, &new_version(&upload))
            .await?;
        let source = self.data_source(who, &source.id).await?;
        self.start_processing(source, version).await
    }

    async fn writable_feed(
        &self,
        who: &Principal,
        data_source_id: &str,
    ) -> AppResult<DataSource> {
        require_writer(who)?;
        let source = self.data_source(who, data_source_id).await?;
        if !VERSIONED_KINDS.contains(&source.kind.as_str()) {
            return Err(AppError::Conflict(format!(
                "data source {} is of type {}, which has exactly one \
                 version; create a data source of type csv_feed to \
                 upload new versions of the same report",
                source.id, source.kind
            )));
        }
        Ok(source)
    }

    async fn start_processing(
        &self,
        source: DataSource,
        version: Version,
    ) -> AppResult<Created> {
        let input = json!({
            "workspace_id": source.workspace_id,
            "data_source_id": source.id,
            "version_id": version.id,
        });
        let run = self
            .engine
            .start(KIND, Some(&source.workspace_id), input)
            .await?;
        self.db
            .set_workflow(&source.workspace_id, &version.id, &run)
            .await?;
        tracing::info!(
            data_source.id = %source.id,
            version.id = %version.id,
            workflow.run_id = %run,
            "processing started"
        );
        let mut version = version;
        version.workflow_id = Some(run.clone());
        let mut source = source;
        source.workflow_id = Some(run.clone());
        Ok(Created {
            data_source: source,
            version,
            workflow_id: run,
        })
    }

    /// The caller's data sources, newest first.
    pub async fn data_sources(
        &self,
        who: &Principal,
    ) -> AppResult<Vec<DataSource>> {
        Ok(self.db.data_sources(&who.workspace_id).await?)
    }

    /// One of the caller's data sources.
    pub async fn data_source(
        &self,
        who: &Principal,
        id: &str,
    ) -> AppResult<DataSource> {
        self.db
            .data_source(&who.workspace_id, id)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("data source {id}")))
    }

    /// Deletes a data source, its versions and their objects. Refused
    /// while a grid's active or pending version uses it.
    pub async fn delete_data_source(
        &self,
        who: &Principal,
        id: &str,
    ) -> AppResult<()> {
        require_writer(who)?;
        self.data_source(who, id).await?;
        let grids = self.db.grid_ids_using(&who.workspace_id, id).await?.len();
        if grids > 0 {
            return Err(AppError::Conflict(format!(
                "data source {id} is used by {grids} grid(s); remove it \
                 from their targeting first"
            )));
        }
        let versions = self.db.delete_data_source(&who.workspace_id, id);
        for version in versions.await?.unwrap_or_default() {
            self.delete_version_objects(&version).await;
        }
        Ok(())
    }

    async fn delete_version_objects(&self, version: &Version) {
        let mut doomed = vec![
            keys::aggregate(&version.data_source_id, &version.id),
            keys::failed_rows(&version.data_source_id, &version.id),
        ];
        doomed.extend(version.file_path.clone());
        for key in doomed {
            if let Err(e) = self.objects.delete(&key).await {
                tracing::warn!(
                    object.key = %key, error = %e,
                    "cannot delete an object of a deleted data source"
                );
            }
        }
    }

    /// The versions of one of the caller's data sources, newest first.
    pub async fn versions(
        &self,
        who: &Principal,
        data_source_id: &str,
    ) -> AppResult<Vec<Version>> {
        self.data_source(who, data_source_id).await?;
        Ok(self.db.versions(&who.workspace_id, data_source_id).await?)
    }

    /// One version of one of the caller's data sources.
    pub async fn version(
        &self,
        who: &Principal,
        data_source_id: &str,
        version_id: &str,
    ) -> AppResult<Version> {
        self.db
            .version(&who.workspace_id, data_source_id, version_id)
            .await?
            .ok_or_else(|| {
                AppError::NotFound(format!(
                    "version {version_id} of data source {data_source_id}"
                ))
            })
    }
}

fn new_version(upload: &StoredUpload) -> NewVersion {
    NewVersion {
        file_path: upload.key.clone(),
        file_name: upload.file_name.clone(),
        file_size: upload.size as i64,
    }
}

/// Checks the form of a new data source.
fn check_form(
    form: DataSourceForm,
    file_name: &str,
) -> AppResult<NewDataSource> {
    let name = form.name.unwrap_or_else(|| stem(file_name));
    let name = name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AppError::invalid(
            "name",
            "give the data source a name of 1 to 200 characters",
        ));
    }
    Ok(NewDataSource {
        name,
        kind: check_kind(form.kind.as_deref())?,
        resolution: check_resolution(form.resolution.as_deref())?,
        column_mapping: form
            .columns
            .as_deref()
            .map(check_columns)
            .transpose()?,
    })
}

fn stem(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => base.to_owned(),
    }
}

fn check_kind(kind: Option<&str>) -> AppResult<String> {
    let kind = kind.map(str::trim).unwrap_or("csv");
    if UPLOAD_KINDS.contains(&kind) {
        return Ok(kind.to_owned());
    }
    Err(AppError::invalid(
        "type",
        format!(
            "unknown data source type {kind:?} for an upload; use csv \
             (one file), csv_feed (a report uploaded again as new \
             versions) or demographics (per-area figures such as \
             households, refreshed as new versions)"
        ),
    ))
}

/// Parses an H3 resolution given as text.
pub fn check_resolution(text: Option<&str>) -> AppResult<i64> {
    let Some(text) = text.map(str::trim) else {
        return Ok(DEFAULT_RESOLUTION);
    };
    match text.parse::<i64>() {
        Ok(r) if (0..=15).contains(&r) => Ok(r),
        _ => Err(AppError::invalid(
            "resolution",
            format!("resolution {text:?} is not an H3 resolution (0 to 15)"),
        )),
    }
}

/// Parses a column mapping (a JSON object or `Column=role,...`) into
/// the JSON object kept with the data source.
fn check_columns(text: &str) -> AppResult<Value> {
    Ok(mapping_json(&parse_columns(text)?))
}

/// Parses a column mapping: a JSON object of column → role, or
/// `Column=role,...`.
pub fn parse_columns(text: &str) -> AppResult<ColumnMapping> {
    let bad = |detail: String| AppError::invalid("columns", detail);
    let mapping = if text.trim_start().starts_with('{') {
        let object: Map<String, Value> = serde_json::from_str(text)
            .map_err(|e| bad(format!("the column mapping is not JSON: {e}")))?;
        let mut mapping = ColumnMapping::default();
        for (column, role) in &object {
            let role = role.as_str().ok_or_else(|| {
                bad(format!("the role of column {column:?} must be text"))
            })?;
            mapping
                .insert(column, role)
                .map_err(|e| bad(e.to_string()))?;
        }
        mapping
    } else {
        ColumnMapping::parse_spec(text).map_err(|e| bad(e.to_string()))?
    };
    Ok(mapping)
}

/// A mapping as the JSON object kept with a data source.
pub fn mapping_json(mapping: &ColumnMapping) -> Value {
    let object = mapping
        .entries()
        .map(|(column, role)| (column.to_owned(), role.name().into()))
        .collect();
    Value::Object(object)
}

/// Reads back the mapping kept with a data source.
pub fn mapping_from_json(value: Option<&Value>) -> AppResult<ColumnMapping> {
    let mut mapping = ColumnMapping::default();
    let Some(Value::Object(object)) = value else {
        return Ok(mapping);
    };
    for (column, role) in object {
        let role = role.as_str().unwrap_or_default();
        mapping
            .insert(column, role)
            .map_err(|e| AppError::Internal(e.to_string()))?;
    }
    Ok(mapping)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_default_to_the_file_stem() {
        assert_eq!(stem("exports/Customers 2026.csv"), "Customers 2026");
        assert_eq!(stem(".csv"), ".csv");
        assert_eq!(stem("plain"), "plain");
    }

    #[test]
    fn resolutions_are_checked() {
        assert_eq!(check_resolution(None).ok(), Some(10));
        assert_eq!(check_resolution(Some(" 7 ")).ok(), Some(7));
        assert!(check_resolution(Some("16")).is_err());
        assert!(check_resolution(Some("ten")).is_err());
    }

    #[test]
    fn mappings_parse_from_json_or_inline() {
        let inline = check_columns("Postal=zip,Sales=metric").ok();
        let object = check_columns(r#"{"Postal":"zip","Sales":"metric"}"#);
        assert_eq!(inline, object.ok());
        assert!(check_columns(r#"{"Postal":"planet"}"#).is_err());
        assert!(check_columns("{oops").is_err());
    }

    #[test]
    fn only_upload_kinds_are_taken() {
        assert_eq!(check_kind(None).ok().as_deref(), Some("csv"));
        assert!(check_kind(Some("csv_feed")).is_ok());
        assert!(check_kind(Some("demographics")).is_ok());
        assert!(check_kind(Some("stripe")).is_err());
    }
}

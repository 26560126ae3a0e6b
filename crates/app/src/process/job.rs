//! What the workflow is asked to do, and what its first step finds.

use serde::{Deserialize, Serialize};

/// The run's input: which version to process.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Input {
    /// The workspace of the data source.
    pub workspace_id: String,
    /// The data source.
    pub data_source_id: String,
    /// The version to process.
    pub version_id: String,
}

/// The version's file and settings, read once by the `setup` step.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// The workspace.
    pub workspace_id: String,
    /// The data source.
    pub data_source_id: String,
    /// The version.
    pub version_id: String,
    /// The upload's object key.
    pub file_key: String,
    /// The upload's name as sent.
    pub file_name: String,
    /// The H3 resolution.
    pub resolution: u8,
    /// The column mapping, as kept with the data source.
    pub column_mapping: Option<serde_json::Value>,
    /// When processing started (ms since the epoch).
    pub started_ms: i64,
}

//! Settings of the service, each also read from an environment
//! variable by the command line.

use std::path::PathBuf;

/// How the service runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the embedded default keeps its database, objects and
    /// scratch files.
    pub data_dir: PathBuf,
    /// `sqlite://...` or `postgres://...`.
    pub database_url: String,
    /// `file:///...` or `s3://bucket/prefix`.
    pub storage_url: String,
    /// The largest upload accepted, in bytes.
    pub max_upload_bytes: u64,
    /// Bytes of the normalized file processed per checkpointed step.
    pub segment_bytes: u64,
    /// Worker threads per aggregation (0: one per core).
    pub threads: usize,
}

impl Config {
    /// The embedded default under `data_dir`: a SQLite file and a local
    /// folder for objects.
    pub fn embedded(data_dir: PathBuf) -> Config {
        let database_url =
            format!("sqlite://{}", data_dir.join("honeygrid.db").display());
        let storage_url =
            format!("file://{}", data_dir.join("objects").display());
        Config {
            data_dir,
            database_url,
            storage_url,
            max_upload_bytes: DEFAULT_MAX_UPLOAD,
            segment_bytes: DEFAULT_SEGMENT,
            threads: 0,
        }
    }

    /// Where workers keep the local copies of files they process.
    pub fn scratch_dir(&self) -> PathBuf {
        self.data_dir.join("work")
    }
}

/// 1 GiB.
pub const DEFAULT_MAX_UPLOAD: u64 = 1 << 30;
/// 32 MiB: about 400,000 rows of a typical export.
pub const DEFAULT_SEGMENT: u64 = 32 << 20;

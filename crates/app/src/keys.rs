//! Object store keys.

/// The aggregate of a version, as the specification names it.
pub fn aggregate(data_source_id: &str, version_id: &str) -> String {
    format!("datasource:{data_source_id}/version/{version_id}")
}

/// The failed-rows report of a version.
pub fn failed_rows(data_source_id: &str, version_id: &str) -> String {
    format!("failed-rows/{data_source_id}/{version_id}.csv")
}

/// Where a run keeps the partial results of its segments.
pub fn run_scratch(run_id: &str) -> String {
    format!("runs/{run_id}")
}

/// The partial sums of segment `n` of a run.
pub fn segment_sums(run_id: &str, n: u64) -> String {
    format!("runs/{run_id}/segment-{n:06}.hga")
}

/// The failed rows of segment `n` of a run (no header line).
pub fn segment_failed(run_id: &str, n: u64) -> String {
    format!("runs/{run_id}/segment-{n:06}-failed.csv")
}

/// Everything stored for a grid version.
pub fn grid_version(grid_id: &str, version_id: &str) -> String {
    format!("grids/{grid_id}/versions/{version_id}")
}

/// The targeted cells of revision `revision` of a grid version.
pub fn grid_cells(grid_id: &str, version_id: &str, revision: i64) -> String {
    format!(
        "{}/cells-{revision}.json",
        grid_version(grid_id, version_id)
    )
}

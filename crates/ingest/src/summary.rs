//! What happened during an ingest, for people and for machines.

use std::collections::BTreeMap;

use std::time::Duration;

use honeygrid_core::{CellSums, ColumnPlan, Precision};
use serde::Serialize;

use crate::dialect::delimiter_label;
use crate::stats::{RowList, RowStats};

/// The summary of one ingest, as written by `--summary-json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// The input's name.
    pub input: String,
    /// `csv` or `xlsx`.
    pub format: &'static str,
    /// The text encoding found.
    pub encoding: &'static str,
    /// The delimiter found.
    pub delimiter: &'static str,
    /// The H3 resolution.
    pub resolution: u8,
    /// Data rows read (blank rows not included).
    pub rows_read: u64,
    /// Blank rows skipped.
    pub rows_skipped: u64,
    /// Rows per location precision, every precision listed.
    pub precision: BTreeMap<&'static str, u64>,
    /// Rows that went to `unknown`.
    pub unknown_rows: u64,
    /// Unknown rows per reason.
    pub unknown_reasons: BTreeMap<&'static str, u64>,
    /// Placed cells (`unknown` not counted).
    pub cells: u64,
    /// Metric names, in file order.
    pub metrics: Vec<String>,
    /// Totals per metric and `customerCount`.
    pub totals: BTreeMap<String, i64>,
    /// Location role → column name.
    pub location_columns: BTreeMap<&'static str, String>,
    /// Columns not used, with why.
    pub ignored_columns: Vec<IgnoredColumn>,
    /// Problems that did not stop the run.
    pub warnings: Warnings,
    /// Wall time from opening the input to the sums, in milliseconds.
    pub elapsed_ms: u64,
    /// The geocode cache of an external provider, when one was used
    /// (filled in by the caller, who owns the cache).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geocode_cache: Option<CacheStats>,
}

/// How much the geocode cache spared the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CacheStats {
    /// Addresses looked up.
    pub lookups: u64,
    /// Addresses the cache knew.
    pub hits: u64,
}

/// A column not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IgnoredColumn {
    /// The header name.
    pub column: String,
    /// Why it is not used.
    pub reason: &'static str,
}

/// Problems that did not stop the run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Warnings {
    /// Per metric column: values that are not numbers (counted as 0).
    pub non_numeric: BTreeMap<String, RowList>,
    /// Rows with more fields than the header.
    pub long_rows: RowList,
}

/// What a summary is made of.
pub(crate) struct Parts<'a> {
    pub plan: &'a ColumnPlan,
    pub sums: &'a CellSums,
    pub stats: &'a RowStats,
    pub input: String,
    pub format: &'static str,
    pub encoding: &'static str,
    pub delimiter: u8,
    pub resolution: h3o::Resolution,
    pub elapsed: Duration,
}

impl Summary {
    /// Assembles the summary of a finished run.
    pub(crate) fn build(p: Parts<'_>) -> Summary {
        let precision = Precision::ALL
            .iter()
            .map(|q| (q.label(), p.stats.precision[q.index()]))
            .collect();
        let totals = p.sums.totals();
        let totals = p
            .sums
            .sorted_columns()
            .into_iter()
            .map(|(name, i)| (name.to_owned(), totals[i]))
            .collect();
        let non_numeric = p
            .plan
            .metrics
            .iter()
            .zip(&p.stats.non_numeric)
            .filter(|(_, list)| list.count > 0)
            .map(|(m, list)| (m.name.clone(), list.clone()))
            .collect();
        Summary {
            input: p.input,
            format: p.format,
            encoding: p.encoding,
            delimiter: delimiter_label(p.delimiter),
            resolution: u8::from(p.resolution),
            rows_read: p.stats.rows,
            rows_skipped: p.stats.skipped,
            precision,
            unknown_rows: p.stats.precision[Precision::Unknown.index()],
            unknown_reasons: p.stats.miss_counts().into_iter().collect(),
            cells: p.sums.cell_count() as u64,
            metrics: p.plan.metric_names(),
            totals,
            location_columns: p
                .plan
                .location
                .present()
                .into_iter()
                .map(|(role, i)| (role.name(), p.plan.headers[i].clone()))
                .collect(),
            ignored_columns: p
                .plan
                .ignored
                .iter()
                .map(|c| IgnoredColumn {
                    column: c.column.clone(),
                    reason: c.reason.label(),
                })
                .collect(),
            warnings: Warnings {
                non_numeric,
                long_rows: p.stats.long_rows.clone(),
            },
            elapsed_ms: p.elapsed.as_millis() as u64,
            geocode_cache: None,
        }
    }

    /// Rows placed at each precision, finest first, with their share.
    pub fn precision_lines(&self) -> Vec<String> {
        let total = self.rows_read.max(1) as f64;
        Precision::ALL
            .iter()
            .map(|p| {
                let n = self.precision.get(p.label()).copied().unwrap_or(0);
                format!(
                    "{:>16}: {n} ({:.1}%)",
                    p.label(),
                    100.0 * n as f64 / total
                )
            })
            .collect()
    }
}

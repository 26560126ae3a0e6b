//! Per-cell sums: every metric and `customerCount`, as exact integers.

use std::fmt;

use h3o::CellIndex;

use crate::table::Table;

/// The key a row is counted under: an H3 cell, or `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CellKey {
    /// A placed row's cell.
    Cell(CellIndex),
    /// A row that could not be placed.
    Unknown,
}

/// The raw key of `unknown`. No H3 index has its top bit set, and this
/// sorts after every cell, as `"unknown"` sorts after hex strings.
pub(crate) const UNKNOWN_RAW: u64 = u64::MAX;

impl CellKey {
    fn raw(self) -> u64 {
        match self {
            CellKey::Cell(c) => u64::from(c),
            CellKey::Unknown => UNKNOWN_RAW,
        }
    }

    pub(crate) fn from_raw(raw: u64) -> CellKey {
        match CellIndex::try_from(raw) {
            Ok(cell) => CellKey::Cell(cell),
            Err(_) => CellKey::Unknown,
        }
    }
}

impl fmt::Display for CellKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellKey::Cell(c) => write!(f, "{c}"),
            CellKey::Unknown => f.write_str("unknown"),
        }
    }
}

/// A sum left the 64-bit range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the sum of {metric:?} in cell {cell} does not fit in a 64-bit \
     integer; check that column for misplaced values"
)]
pub struct OverflowError {
    /// The column's output name.
    pub metric: String,
    /// Where the sum overflowed.
    pub cell: CellKey,
}

/// Sums per cell while rows are counted. Column 0 of each cell's row is
/// `customerCount`; then one column per metric, in the order of
/// [`Aggregate::metrics`].
///
/// Sums are exact whatever the order of the rows: nothing is checked
/// against the 64-bit range until [`Aggregate::finish`], so an
/// overflow never depends on how the rows were split between threads.
#[derive(Debug, Clone)]
pub struct Aggregate {
    pub(crate) metrics: Vec<String>,
    pub(crate) table: Table,
}

impl Aggregate {
    /// An empty aggregate over the given metric names.
    pub fn new(metrics: Vec<String>) -> Aggregate {
        let table = Table::new(metrics.len() + 1);
        Aggregate { metrics, table }
    }

    /// Metric names, without `customerCount`.
    pub fn metrics(&self) -> &[String] {
        &self.metrics
    }

    /// Counts one row with its metric values.
    pub fn add_row(&mut self, key: CellKey, metrics: &[i64]) {
        debug_assert_eq!(metrics.len(), self.metrics.len());
        let values = std::iter::once(1).chain(metrics.iter().copied());
        self.table.add(key.raw(), values);
    }

    /// Adds every sum of `other` (same metrics) into `self`.
    pub fn merge(&mut self, other: &Aggregate) {
        assert_eq!(self.metrics, other.metrics, "merging unlike aggregates");
        self.table.merge(&other.table);
    }

    /// Checks every sum against the 64-bit range and sorts the keys.
    pub fn finish(self) -> Result<CellSums, OverflowError> {
        let mut rows: Vec<(u64, &[u64])> = self.table.rows().collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        let width = self.metrics.len() + 1;
        let mut keys = Vec::with_capacity(rows.len());
        let mut values = Vec::with_capacity(rows.len() * width);
        for (key, sums) in rows {
            keys.push(key);
            for (column, &wrapped) in sums.iter().enumerate() {
                let exact = self.table.exact(key, column, wrapped);
                let v = i64::try_from(exact).map_err(|_| OverflowError {
                    metric: column_name(&self.metrics, column).to_owned(),
                    cell: CellKey::from_raw(key),
                })?;
                values.push(v);
            }
        }
        Ok(CellSums::new(self.metrics, keys, values))
    }
}

/// The name of the first column of every aggregate: how many rows fell
/// in the cell.
pub const CUSTOMER_COUNT: &str = "customerCount";

pub(crate) fn column_name(metrics: &[String], column: usize) -> &str {
    match column {
        0 => CUSTOMER_COUNT,
        _ => &metrics[column - 1],
    }
}

/// The finished per-cell sums of one file, sorted by key: cells in index
/// order (which is the order of their hex strings), `unknown` last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSums {
    metrics: Vec<String>,
    keys: Vec<u64>,
    values: Vec<i64>,
}

impl CellSums {
    pub(crate) fn new(
        metrics: Vec<String>,
        keys: Vec<u64>,
        values: Vec<i64>,
    ) -> Self {
        CellSums {
            metrics,
            keys,
            values,
        }
    }

    /// Metric names, without `customerCount`.
    pub fn metrics(&self) -> &[String] {
        &self.metrics
    }

    fn stride(&self) -> usize {
        self.metrics.len() + 1
    }

    /// Number of keys, `unknown` included.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// True when no row was counted.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Every key with its sums (`customerCount`, then the metrics).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (CellKey, &[i64])> {
        let rows = self.values.chunks_exact(self.stride());
        self.keys.iter().map(|&k| CellKey::from_raw(k)).zip(rows)
    }

    /// The sums of one key: `customerCount`, then the metrics.
    pub fn get(&self, key: CellKey) -> Option<&[i64]> {
        let i = self.keys.binary_search(&key.raw()).ok()?;
        Some(&self.values[i * self.stride()..(i + 1) * self.stride()])
    }

    /// Totals per column over all keys: `customerCount`, then metrics.
    /// Saturates rather than fail: totals are for display.
    pub fn totals(&self) -> Vec<i64> {
        let mut totals = vec![0_i64; self.stride()];
        for row in self.values.chunks_exact(self.stride()) {
            for (t, v) in totals.iter_mut().zip(row) {
                *t = t.saturating_add(*v);
            }
        }
        totals
    }

    /// Number of placed cells (`unknown` not counted).
    pub fn cell_count(&self) -> usize {
        self.len() - usize::from(self.keys.last() == Some(&UNKNOWN_RAW))
    }

    /// Output order of the columns: names sorted by their bytes, each
    /// with its position in a key's row (0 is `customerCount`).
    pub fn sorted_columns(&self) -> Vec<(&str, usize)> {
        let mut cols: Vec<(&str, usize)> = (0..self.stride())
            .map(|i| (column_name(&self.metrics, i), i))
            .collect();
        cols.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        cols
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cell(i: u64) -> CellKey {
        let base =
            h3o::LatLng::new(40.0 + i as f64 * 0.01, -74.0).expect("valid");
        CellKey::Cell(base.to_cell(h3o::Resolution::Ten))
    }

    #[test]
    fn counts_and_sums() {
        let mut agg = Aggregate::new(vec!["revenue".into()]);
        agg.add_row(cell(1), &[10]);
        agg.add_row(cell(1), &[5]);
        agg.add_row(CellKey::Unknown, &[-3]);
        let sums = agg.finish().expect("fits");
        assert_eq!(sums.get(cell(1)), Some(&[2, 15][..]));
        assert_eq!(sums.get(CellKey::Unknown), Some(&[1, -3][..]));
        assert_eq!(sums.totals(), vec![3, 12]);
        assert_eq!(sums.cell_count(), 1);
        assert_eq!(sums.iter().last().map(|e| e.0), Some(CellKey::Unknown));
    }

    #[test]
    fn overflow_is_an_error_whatever_the_order() {
        let mut agg = Aggregate::new(vec!["big".into()]);
        agg.add_row(cell(1), &[i64::MAX]);
        agg.add_row(cell(1), &[1]);
        let err = agg.clone().finish().expect_err("overflows");
        assert_eq!(err.metric, "big");
        assert!(err.to_string().contains("64-bit"));
        agg.add_row(cell(1), &[-1]);
        assert!(agg.finish().is_ok(), "the final sum fits");
    }

    #[test]
    fn columns_sort_by_bytes() {
        let sums =
            Aggregate::new(vec!["revenue".into(), "Orders".into()]).finish();
        let sums = sums.expect("empty");
        let names: Vec<&str> =
            sums.sorted_columns().iter().map(|c| c.0).collect();
        assert_eq!(names, ["Orders", "customerCount", "revenue"]);
    }

    #[test]
    fn keys_sort_like_their_hex_strings() {
        let mut agg = Aggregate::new(vec![]);
        for i in 0..50 {
            agg.add_row(cell(i * 7 % 50), &[]);
        }
        agg.add_row(CellKey::Unknown, &[]);
        let sums = agg.finish().expect("fits");
        let text: Vec<String> =
            sums.iter().map(|(k, _)| k.to_string()).collect();
        let mut sorted = text.clone();
        sorted.sort();
        assert_eq!(text, sorted);
    }

    proptest! {
        /// Splitting rows into parts and merging gives the same sums.
        #[test]
        fn merge_equals_single_pass(
            rows in prop::collection::vec((0_u64..20, -1000_i64..1000), 0..200),
            split in 0_usize..200,
        ) {
            let mut whole = Aggregate::new(vec!["m".into()]);
            let mut left = Aggregate::new(vec!["m".into()]);
            let mut right = Aggregate::new(vec!["m".into()]);
            let split = split.min(rows.len());
            for (i, &(c, v)) in rows.iter().enumerate() {
                whole.add_row(cell(c), &[v]);
                let part = if i < split { &mut left } else { &mut right };
                part.add_row(cell(c), &[v]);
            }
            right.merge(&left);
            prop_assert_eq!(whole.finish(), right.finish());
        }
    }
}

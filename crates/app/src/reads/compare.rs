//! Two versions of a data source side by side: totals per metric and
//! which cells were added, removed or changed.

use std::collections::BTreeMap;

use serde::Serialize;

use super::table::CellTable;

/// A metric's total in two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TotalChange {
    /// In the older version (0 when it lacks the metric).
    pub from: i64,
    /// In the newer version.
    pub to: i64,
    /// `to - from`.
    pub change: i64,
}

/// Cell counts of a comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CellChanges {
    /// Cells in the older version.
    pub from: usize,
    /// Cells in the newer version.
    pub to: usize,
    /// Cells only in the newer version.
    pub added: usize,
    /// Cells only in the older version.
    pub removed: usize,
    /// Cells in both with some metric different.
    pub changed: usize,
    /// Cells in both with every metric equal.
    pub unchanged: usize,
}

/// What changed from one version to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// Totals per metric.
    pub totals: BTreeMap<String, TotalChange>,
    /// Cell counts.
    pub cells: CellChanges,
}

/// Compares `from` with `to`.
pub fn compare(from: &CellTable, to: &CellTable) -> Comparison {
    Comparison {
        totals: totals(from, to),
        cells: cells(from, to),
    }
}

fn totals(from: &CellTable, to: &CellTable) -> BTreeMap<String, TotalChange> {
    let mut out = BTreeMap::new();
    let (a, b) = (from.totals(), to.totals());
    for name in from.metrics.iter().chain(&to.metrics) {
        let before = from.column(name).map_or(0, |c| a[c]);
        let after = to.column(name).map_or(0, |c| b[c]);
        let change = TotalChange {
            from: before,
            to: after,
            change: after.saturating_sub(before),
        };
        out.insert(name.clone(), change);
    }
    out
}

fn cells(from: &CellTable, to: &CellTable) -> CellChanges {
    let old = from.index();
    let mut counts = CellChanges {
        from: from.cells.len(),
        to: to.cells.len(),
        ..CellChanges::default()
    };
    let mut kept = 0;
    for (i, cell) in to.cells.iter().enumerate() {
        let Some(&j) = old.get(cell.as_str()) else {
            counts.added += 1;
            continue;
        };
        kept += 1;
        if same_row(from, j, to, i) {
            counts.unchanged += 1;
        } else {
            counts.changed += 1;
        }
    }
    counts.removed = from.cells.len() - kept;
    counts
}

/// True when every metric of either row has the same value in both.
fn same_row(a: &CellTable, i: usize, b: &CellTable, j: usize) -> bool {
    let value = |t: &CellTable, row: usize, name: &str| {
        t.column(name).map_or(0, |c| t.row(row)[c])
    };
    a.metrics
        .iter()
        .chain(&b.metrics)
        .all(|m| value(a, i, m) == value(b, j, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(json: &str) -> CellTable {
        CellTable::parse(json.as_bytes()).expect("parses")
    }

    #[test]
    fn counts_added_removed_changed() {
        let a = table(r#"{"a":{"n":1},"b":{"n":2},"c":{"n":3}}"#);
        let b = table(r#"{"b":{"n":2},"c":{"n":4,"m":1},"d":{"n":5}}"#);
        let c = compare(&a, &b);
        assert_eq!(
            (c.cells.added, c.cells.removed, c.cells.changed),
            (1, 1, 1)
        );
        assert_eq!(c.cells.unchanged, 1);
        assert_eq!(c.totals["n"].change, 5);
        assert_eq!(
            c.totals["m"],
            TotalChange {
                from: 0,
                to: 1,
                change: 1
            }
        );
    }
}

//! The cells that differ between two versions, with how much each
//! metric changed: what a map of changes draws and the largest
//! changes list.

use super::table::CellTable;

/// How a cell changed from one version to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellChange {
    /// Only in the newer version.
    Added,
    /// Only in the older version.
    Removed,
    /// In both, some metric different.
    Changed,
}

impl CellChange {
    /// The change as pages name it.
    pub fn name(self) -> &'static str {
        match self {
            CellChange::Added => "added",
            CellChange::Removed => "removed",
            CellChange::Changed => "changed",
        }
    }
}

/// The differing cells: `table` holds `to - from` for every metric of
/// either version (a metric a version lacks counts 0), `kinds` how
/// each cell changed. Cells of the newer version come first, in its
/// order, then the removed ones.
#[derive(Debug, Default)]
pub struct CellDeltas {
    /// Changes per cell and metric.
    pub table: CellTable,
    /// How each cell of `table` changed.
    pub kinds: Vec<CellChange>,
}

/// The cells that differ from `from` to `to`.
pub fn deltas(from: &CellTable, to: &CellTable) -> CellDeltas {
    let mut metrics = from.metrics.clone();
    for m in &to.metrics {
        if !metrics.contains(m) {
            metrics.push(m.clone());
        }
    }
    let pick = |t: &CellTable| -> Vec<Option<usize>> {
        metrics.iter().map(|m| t.column(m)).collect()
    };
    let (old_cols, new_cols) = (pick(from), pick(to));
    let value = |t: &CellTable, cols: &[Option<usize>], row, k: usize| {
        cols[k].map_or(0, |c| t.row(row)[c])
    };
    let mut out = CellDeltas {
        table: CellTable {
            metrics: metrics.clone(),
            ..CellTable::default()
        },
        kinds: Vec::new(),
    };
    let old = from.index();
    let mut kept = vec![false; from.cells.len()];
    let mut row = Vec::with_capacity(metrics.len());
    for (i, cell) in to.cells.iter().enumerate() {
        let j = old.get(cell.as_str()).copied();
        row.clear();
        for k in 0..metrics.len() {
            let after = value(to, &new_cols, i, k);
            let before = j.map_or(0, |j| value(from, &old_cols, j, k));
            row.push(after.saturating_sub(before));
        }
        let kind = match j {
            None => CellChange::Added,
            Some(j) => {
                kept[j] = true;
                if row.iter().all(|d| *d == 0) {
                    continue;
                }
                CellChange::Changed
            }
        };
        out.push(cell, &row, kind);
    }
    for (j, cell) in from.cells.iter().enumerate() {
        if kept[j] {
            continue;
        }
        row.clear();
        for k in 0..metrics.len() {
            row.push(value(from, &old_cols, j, k).saturating_neg());
        }
        out.push(cell, &row, CellChange::Removed);
    }
    out
}

impl CellDeltas {
    fn push(&mut self, cell: &str, row: &[i64], kind: CellChange) {
        self.table.cells.push(cell.to_owned());
        self.table.values.extend_from_slice(row);
        self.kinds.push(kind);
    }

    /// Positions of the `n` cells whose `metric` changed most (by
    /// size, either way), largest first; ties in table order.
    pub fn largest(&self, metric: usize, n: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.kinds.len()).collect();
        let size = |i: usize| self.table.row(i)[metric].unsigned_abs();
        order.sort_by_key(|&i| std::cmp::Reverse(size(i)));
        order.truncate(n);
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(json: &str) -> CellTable {
        CellTable::parse(json.as_bytes()).expect("parses")
    }

    #[test]
    fn differing_cells_with_their_changes() {
        let a = table(r#"{"a":{"n":1},"b":{"n":2},"c":{"n":3}}"#);
        let b = table(r#"{"b":{"n":2},"c":{"m":1,"n":4},"d":{"n":5}}"#);
        let d = deltas(&a, &b);
        assert_eq!(d.table.metrics, ["n", "m"]);
        assert_eq!(d.table.cells, ["c", "d", "a"]);
        assert_eq!(
            d.kinds,
            [CellChange::Changed, CellChange::Added, CellChange::Removed]
        );
        assert_eq!(d.table.values, [1, 1, 5, 0, -1, 0]);
        assert_eq!(d.largest(0, 2), [1, 0]);
        assert_eq!(d.largest(1, 5).len(), 3);
    }
}

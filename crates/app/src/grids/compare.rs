//! Two versions of a grid compared: cells added and removed.

use std::cmp::Ordering;

use honeygrid_store::Principal;
use serde::Serialize;

use crate::{App, AppResult};

/// How many added or removed cells are listed.
pub const LISTED: usize = 10_000;

/// What changed from one grid version to another.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GridComparison {
    /// Targeted cells of the first version.
    pub from_cells: usize,
    /// Targeted cells of the second.
    pub to_cells: usize,
    /// Cells targeted by the second only.
    pub added: usize,
    /// Cells targeted by the first only.
    pub removed: usize,
    /// Cells targeted by both.
    pub unchanged: usize,
    /// The added cells, the first [`LISTED`].
    pub added_cells: Vec<String>,
    /// The removed cells, the first [`LISTED`].
    pub removed_cells: Vec<String>,
    /// Whether a list was cut at [`LISTED`].
    pub truncated: bool,
}

impl App {
    /// Compares two versions of one of the caller's grids.
    pub async fn compare_grid_versions(
        &self,
        who: &Principal,
        grid_id: &str,
        from: &str,
        to: &str,
    ) -> AppResult<GridComparison> {
        let grid = self.grid(who, grid_id).await?;
        let from = self.grid_version(who, grid_id, from).await?;
        let to = self.grid_version(who, grid_id, to).await?;
        let from = self.targeted_cells(&grid, &from).await?;
        let to = self.targeted_cells(&grid, &to).await?;
        Ok(diff(&from.table.cells, &to.table.cells))
    }
}

/// Walks two sorted cell lists once.
pub fn diff(from: &[String], to: &[String]) -> GridComparison {
    let mut out = GridComparison {
        from_cells: from.len(),
        to_cells: to.len(),
        ..GridComparison::default()
    };
    let (mut i, mut j) = (0, 0);
    while i < from.len() || j < to.len() {
        let order = match (from.get(i), to.get(j)) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        match order {
            Ordering::Equal => {
                out.unchanged += 1;
                (i, j) = (i + 1, j + 1);
            }
            Ordering::Less => {
                out.removed += 1;
                list(&mut out.removed_cells, &from[i], &mut out.truncated);
                i += 1;
            }
            Ordering::Greater => {
                out.added += 1;
                list(&mut out.added_cells, &to[j], &mut out.truncated);
                j += 1;
            }
        }
    }
    out
}

fn list(cells: &mut Vec<String>, cell: &str, truncated: &mut bool) {
    if cells.len() < LISTED {
        cells.push(cell.to_owned());
    } else {
        *truncated = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn added_removed_and_unchanged_are_counted() {
        let got = diff(&cells(&["a", "b", "d"]), &cells(&["b", "c", "d", "e"]));
        assert_eq!((got.added, got.removed, got.unchanged), (2, 1, 2));
        assert_eq!(got.added_cells, cells(&["c", "e"]));
        assert_eq!(got.removed_cells, cells(&["a"]));
        assert_eq!((got.from_cells, got.to_cells), (3, 4));
        assert!(!got.truncated);
    }

    #[test]
    fn empty_sides_work() {
        let got = diff(&[], &cells(&["a"]));
        assert_eq!((got.added, got.removed), (1, 0));
        assert_eq!(diff(&[], &[]), GridComparison::default());
    }
}

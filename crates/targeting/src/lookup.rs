//! A layer's values looked up by cell at the grid's resolution.
//!
//! - Same resolution: as is.
//! - Finer layer: its cells' values are summed into their parent at
//!   the grid's resolution.
//! - Coarser layer: a grid cell takes the value of its ancestor at
//!   the layer's resolution (not divided among the children).

use h3o::{CellIndex, Resolution};
use rustc_hash::FxHashMap;

use crate::layer::Layer;

/// How a layer's resolution relates to the grid's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mapping {
    /// The layer has no cells.
    Empty,
    /// Same resolution.
    Same,
    /// The layer is finer: values summed into parents.
    Finer(Resolution),
    /// The layer is coarser: values taken from ancestors.
    Coarser(Resolution),
}

/// Some columns of a layer, keyed by cell at the grid's resolution
/// (at the layer's own when it is coarser).
#[derive(Debug, Clone)]
pub(crate) struct Lookup {
    pub(crate) mapping: Mapping,
    width: usize,
    rows: FxHashMap<CellIndex, u32>,
    values: Vec<i64>,
}

impl Lookup {
    /// Indexes `columns` of `layer` for a grid at `grid`. A cell met
    /// twice (or two children of one parent) has its values added,
    /// saturating at the 64-bit limits.
    pub(crate) fn new(
        layer: &Layer,
        columns: &[usize],
        grid: Resolution,
    ) -> Lookup {
        let mapping = match layer.resolution() {
            None => Mapping::Empty,
            Some(r) if r == grid => Mapping::Same,
            Some(r) if r > grid => Mapping::Finer(r),
            Some(r) => Mapping::Coarser(r),
        };
        let (width, all) = (columns.len(), layer.metrics.len());
        let n = layer.cells.len();
        let mut rows = FxHashMap::default();
        rows.reserve(n);
        let mut values: Vec<i64> = Vec::with_capacity(n * width);
        for (i, &cell) in layer.cells.iter().enumerate() {
            let key = match mapping {
                Mapping::Finer(_) => cell.parent(grid).unwrap_or(cell),
                _ => cell,
            };
            let next = (values.len() / width.max(1)) as u32;
            let row = *rows.entry(key).or_insert(next);
            if row == next {
                values.resize(values.len() + width, 0);
            }
            let from = &layer.values[i * all..(i + 1) * all];
            let to = &mut values[row as usize * width..][..width];
            for (slot, &c) in to.iter_mut().zip(columns) {
                *slot = (*slot).saturating_add(from[c]);
            }
        }
        Lookup {
            mapping,
            width,
            rows,
            values,
        }
    }

    /// The row of a grid cell, if the layer has one.
    pub(crate) fn row(&self, cell: CellIndex) -> Option<u32> {
        let key = match self.mapping {
            Mapping::Coarser(r) => cell.parent(r)?,
            _ => cell,
        };
        self.rows.get(&key).copied()
    }

    /// The row of a cell at the layer's resolution when it is
    /// coarser, else at the grid's.
    pub(crate) fn row_at(&self, key: CellIndex) -> Option<u32> {
        self.rows.get(&key).copied()
    }

    /// The value of column `j` (of those indexed) in `row`; 0 when the
    /// cell has no row.
    pub(crate) fn value(&self, row: Option<u32>, j: usize) -> i64 {
        match row {
            Some(row) => self.values[row as usize * self.width + j],
            None => 0,
        }
    }

    /// How many cells at the grid's resolution the layer covers.
    pub(crate) fn grid_cell_count(&self, grid: Resolution) -> u64 {
        let each = match self.mapping {
            Mapping::Coarser(r) => children(r, grid),
            _ => 1,
        };
        (self.rows.len() as u64).saturating_mul(each)
    }

    /// The cells at the grid's resolution the layer covers, appended
    /// to `out` (unsorted).
    pub(crate) fn grid_cells(
        &self,
        grid: Resolution,
        out: &mut Vec<CellIndex>,
    ) {
        match self.mapping {
            Mapping::Coarser(_) => {
                for cell in self.rows.keys() {
                    out.extend(cell.children(grid));
                }
            }
            _ => out.extend(self.rows.keys().copied()),
        }
    }

    /// In words, how the layer's values reach the grid's cells.
    pub(crate) fn note(&self, id: &str, grid: Resolution) -> Option<String> {
        match self.mapping {
            Mapping::Finer(r) => Some(format!(
                "data source {id} is at resolution {r}; its values are \
                 summed into each resolution {grid} parent."
            )),
            Mapping::Coarser(r) => Some(format!(
                "data source {id} is at resolution {r}; its values apply \
                 to each resolution {grid} child (counts are not \
                 divided)."
            )),
            Mapping::Empty => Some(format!(
                "data source {id} has no cells; its values count as 0."
            )),
            Mapping::Same => None,
        }
    }
}

/// How many children at `grid` a hexagon at `r` has (at most).
pub(crate) fn children(r: Resolution, grid: Resolution) -> u64 {
    let d = u32::from(u8::from(grid).saturating_sub(u8::from(r)));
    7u64.saturating_pow(d)
}

#[cfg(test)]
mod tests {
    use h3o::LatLng;

    use super::*;

    fn at(res: Resolution) -> CellIndex {
        LatLng::new(41.88, -87.63).expect("a point").to_cell(res)
    }

    fn layer(cells: Vec<CellIndex>, values: Vec<i64>) -> Layer {
        let metrics = vec!["a".to_owned(), "b".to_owned()];
        Layer::new(metrics, cells, values).expect("a layer")
    }

    #[test]
    fn same_resolution_is_as_is() {
        let c = at(Resolution::Ten);
        let l = Lookup::new(&layer(vec![c], vec![3, 4]), &[1], c.resolution());
        assert_eq!(l.mapping, Mapping::Same);
        assert_eq!(l.value(l.row(c), 0), 4);
        let other = c.grid_disk::<Vec<_>>(1)[1];
        assert_eq!(l.value(l.row(other), 0), 0);
        assert_eq!(l.note("x", Resolution::Ten), None);
    }

    #[test]
    fn a_finer_layer_is_summed_into_parents() {
        let grid = Resolution::Nine;
        let parent = at(grid);
        let kids: Vec<_> = parent.children(Resolution::Ten).take(3).collect();
        let values = vec![1, 10, 2, 20, 3, 30];
        let l = Lookup::new(&layer(kids, values), &[0, 1], grid);
        assert_eq!(l.mapping, Mapping::Finer(Resolution::Ten));
        let row = l.row(parent);
        assert_eq!((l.value(row, 0), l.value(row, 1)), (6, 60));
        assert_eq!(l.grid_cell_count(grid), 1);
        let note = l.note("x", grid).unwrap_or_default();
        assert!(note.contains("resolution 10; its values are summed"));
    }

    #[test]
    fn a_coarser_layer_applies_to_every_child() {
        let grid = Resolution::Ten;
        let parent = at(Resolution::Eight);
        let l = Lookup::new(&layer(vec![parent], vec![49, 7]), &[0], grid);
        assert_eq!(l.mapping, Mapping::Coarser(Resolution::Eight));
        for kid in parent.children(grid) {
            assert_eq!(l.value(l.row(kid), 0), 49);
        }
        let mut cells = Vec::new();
        l.grid_cells(grid, &mut cells);
        assert_eq!(cells.len(), 49);
        assert_eq!(l.grid_cell_count(grid), 49);
        let note = l.note("x", grid).unwrap_or_default();
        assert!(note.contains("apply to each resolution 10 child"));
    }

    #[test]
    fn repeated_cells_add_up() {
        let c = at(Resolution::Ten);
        let l = Lookup::new(
            &layer(vec![c, c], vec![1, 2, 3, 4]),
            &[0, 1],
            c.resolution(),
        );
        let row = l.row(c);
        assert_eq!((l.value(row, 0), l.value(row, 1)), (4, 6));
    }

    #[test]
    fn an_empty_layer_is_all_zero() {
        let l = Lookup::new(&layer(vec![], vec![]), &[0], Resolution::Ten);
        assert_eq!(l.mapping, Mapping::Empty);
        assert_eq!(l.value(l.row(at(Resolution::Ten)), 0), 0);
        assert!(l.note("x", Resolution::Ten).is_some());
    }
}

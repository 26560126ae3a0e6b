//! Household totals: the sum of a `households` metric over a set of
//! grid cells.
//!
//! A count summed over cells would be multiplied if a coarser layer's
//! value applied to each child, so here a coarser layer's households
//! are shared out evenly among each cell's children instead (and the
//! total rounded).

use h3o::{CellIndex, Resolution};
use rustc_hash::FxHashMap;

use crate::lookup::{Lookup, Mapping};

/// The metric summed.
pub const HOUSEHOLDS: &str = "households";

/// The total of indexed column 0 of `lookup` over `cells` (at the
/// grid's resolution `grid`).
pub(crate) fn total(
    lookup: &Lookup,
    cells: &[CellIndex],
    grid: Resolution,
) -> i64 {
    let Mapping::Coarser(r) = lookup.mapping else {
        return cells
            .iter()
            .map(|c| lookup.value(lookup.row(*c), 0))
            .fold(0, i64::saturating_add);
    };
    let mut shares: FxHashMap<CellIndex, u64> = FxHashMap::default();
    for cell in cells {
        if let Some(parent) = cell.parent(r) {
            *shares.entry(parent).or_default() += 1;
        }
    }
    let total: f64 = shares
        .iter()
        .map(|(parent, &n)| {
            let value = lookup.value(lookup.row_at(*parent), 0) as f64;
            value * n as f64 / parent.children_count(grid) as f64
        })
        .sum();
    total.round() as i64
}

/// In words, how a layer's households reach the grid's cells.
pub(crate) fn note(lookup: &Lookup, id: &str, grid: Resolution) -> String {
    let how = match lookup.mapping {
        Mapping::Coarser(r) => format!(
            " (resolution {r}), shared evenly among each of its cells' \
             resolution {grid} children"
        ),
        Mapping::Finer(r) => {
            format!(" (resolution {r}), summed into resolution {grid} parents")
        }
        _ => String::new(),
    };
    format!("households are from data source {id}{how}.")
}

#[cfg(test)]
mod tests {
    use h3o::LatLng;

    use super::*;
    use crate::layer::Layer;

    fn at(res: Resolution) -> CellIndex {
        LatLng::new(41.88, -87.63).expect("a point").to_cell(res)
    }

    fn lookup(cells: Vec<CellIndex>, values: Vec<i64>) -> Lookup {
        let layer = Layer::new(vec![HOUSEHOLDS.into()], cells, values);
        Lookup::new(&layer.expect("a layer"), &[0], Resolution::Ten)
    }

    #[test]
    fn same_and_finer_layers_are_summed() {
        let c = at(Resolution::Ten);
        let l = lookup(vec![c], vec![12]);
        assert_eq!(total(&l, &[c], Resolution::Ten), 12);
        let kids: Vec<_> = c.children(Resolution::Eleven).collect();
        let l = lookup(kids.clone(), vec![2; kids.len()]);
        assert_eq!(total(&l, &[c], Resolution::Ten), 14);
        assert!(note(&l, "x", Resolution::Ten).contains("summed"));
    }

    #[test]
    fn a_coarser_layer_is_shared_out() {
        let parent = at(Resolution::Nine);
        let l = lookup(vec![parent], vec![70]);
        let kids: Vec<_> = parent.children(Resolution::Ten).collect();
        assert_eq!(total(&l, &kids, Resolution::Ten), 70);
        assert_eq!(total(&l, &kids[..3], Resolution::Ten), 30);
        assert_eq!(total(&l, &[], Resolution::Ten), 0);
        let text = note(&l, "x", Resolution::Ten);
        assert!(text.contains("shared evenly"), "{text}");
    }
}

//! Flood fill over the H3 grid: the cells reachable from a start cell
//! through cells whose centre passes a test.
//!
//! Areas use it to find their candidate cells. The region an area
//! tests (a disc, a bounding box) is connected, so the cells covering
//! it are connected too; growing the region by more than the largest
//! cell's circumradius makes every covering cell pass the test, so the
//! fill reaches them all.

use h3o::{CellIndex, LatLng, Resolution};
use rustc_hash::FxHashSet;

/// The fill passed `cap` cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Overflow;

/// Cells reachable from `start` through cells whose centre passes
/// `keep`, with their centres; `start` is always visited. Stops with
/// [`Overflow`] past `cap` cells kept.
pub(crate) fn flood(
    start: CellIndex,
    keep: impl Fn(LatLng) -> bool,
    cap: usize,
) -> Result<Vec<(CellIndex, LatLng)>, Overflow> {
    let mut seen = FxHashSet::default();
    let mut todo = vec![start];
    let mut kept = Vec::new();
    let mut around = Vec::with_capacity(7);
    seen.insert(start);
    while let Some(cell) = todo.pop() {
        let centre = LatLng::from(cell);
        if cell != start && !keep(centre) {
            continue;
        }
        if kept.len() == cap {
            return Err(Overflow);
        }
        kept.push((cell, centre));
        neighbours(cell, &mut around);
        for &next in &around {
            if seen.insert(next) {
                todo.push(next);
            }
        }
    }
    Ok(kept)
}

/// A cell and its neighbours into `out`.
fn neighbours(cell: CellIndex, out: &mut Vec<CellIndex>) {
    out.clear();
    for next in cell.grid_disk_fast(1) {
        match next {
            Some(next) => out.push(next),
            None => {
                // Near a pentagon: the slow walk is always right.
                out.clear();
                out.extend(cell.grid_disk_safe(1));
                return;
            }
        }
    }
}

/// A distance in km beyond the circumradius of every cell at `res`:
/// twice the average edge length (a hexagon's circumradius is its
/// edge length, and edges vary well under twofold).
pub(crate) fn margin_km(res: Resolution) -> f64 {
    2.0 * res.edge_length_km()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(hex: &str) -> CellIndex {
        hex.parse().expect("a cell")
    }

    #[test]
    fn a_fill_with_no_limit_is_a_disk() {
        let start = cell("8a2a1072b59ffff");
        let origin = LatLng::from(start);
        let keep = |p: LatLng| origin.distance_km(p) < 0.5;
        let got = flood(start, keep, 1000).expect("under the cap");
        assert!(got.len() > 30);
        for (c, centre) in &got {
            assert_eq!(LatLng::from(*c), *centre);
            assert!(origin.distance_km(*centre) < 0.5);
        }
        let mut cells: Vec<_> = got.iter().map(|(c, _)| *c).collect();
        cells.sort_unstable();
        cells.dedup();
        assert_eq!(cells.len(), got.len());
    }

    #[test]
    fn the_start_is_kept_even_when_it_fails() {
        let start = cell("8a2a1072b59ffff");
        let got = flood(start, |_| false, 10).expect("one cell");
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn the_cap_stops_the_fill() {
        let start = cell("8a2a1072b59ffff");
        assert_eq!(flood(start, |_| true, 100), Err(Overflow));
    }

    #[test]
    fn pentagons_are_crossed() {
        let pentagon = Resolution::Nine.pentagons().next();
        let start = pentagon.expect("a pentagon");
        let origin = LatLng::from(start);
        let keep = |p: LatLng| origin.distance_km(p) < 1.0;
        let got = flood(start, keep, 10_000).expect("under the cap");
        let want = start
            .grid_disk::<Vec<_>>(10)
            .into_iter()
            .filter(|c| origin.distance_km(LatLng::from(*c)) < 1.0)
            .count();
        assert_eq!(got.len(), want);
    }
}

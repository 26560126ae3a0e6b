//! Placing a row at the centroid of its ZIP code.

use std::sync::OnceLock;

use h3o::{CellIndex, Resolution as H3Resolution};
use honeygrid_core::location::{ZipError, is_us_country, parse_zip};
use honeygrid_core::{
    LocationFields, Miss, Placement, Precision, Resolution, Resolver,
};

use crate::{ZipTable, cell_of};

/// Places rows at their ZIP's centroid, from the embedded table.
///
/// Every ZIP's cell at a resolution is computed once per process, the
/// first time a resolver for that resolution is built, so a row costs a
/// table lookup.
#[derive(Debug, Clone)]
pub struct ZipCentroidResolver {
    /// `cells[zip]` is the centroid's cell, `None` for unknown ZIPs.
    cells: &'static [Option<CellIndex>],
}

impl ZipCentroidResolver {
    /// A resolver over the embedded table, for cells at `resolution`.
    pub fn new(resolution: H3Resolution) -> ZipCentroidResolver {
        static CELLS: [OnceLock<Vec<Option<CellIndex>>>; 16] =
            [const { OnceLock::new() }; 16];
        let cells = CELLS[usize::from(u8::from(resolution))]
            .get_or_init(|| centroid_cells(resolution));
        ZipCentroidResolver { cells }
    }
}

fn centroid_cells(resolution: H3Resolution) -> Vec<Option<CellIndex>> {
    let mut cells = vec![None; 100_000];
    for e in ZipTable::embedded().entries() {
        cells[e.zip as usize] = cell_of(e.lat, e.lng, resolution);
    }
    cells
}

impl Resolver for ZipCentroidResolver {
    fn name(&self) -> &'static str {
        "zip_centroid"
    }

    fn resolve(&self, row: &LocationFields<'_>) -> Resolution {
        let zip = parse_zip(row.zip).map_err(|e| match e {
            ZipError::Missing => Miss::NoInput,
            ZipError::Invalid => Miss::InvalidZip,
        })?;
        if !is_us_country(row.country) {
            return Err(Miss::NotUs);
        }
        let cell = self.cells[zip as usize].ok_or(Miss::ZipNotFound)?;
        Ok(Placement {
            cell,
            precision: Precision::PostalCentroid,
        })
    }

    fn describe(
        &self,
        row: &LocationFields<'_>,
    ) -> Option<(Precision, String)> {
        let placed = self.resolve(row).ok()?;
        let zip = parse_zip(row.zip).ok()?;
        Some((placed.precision, format!("ZIP {zip:05}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        zip: &'static str,
        country: &'static str,
    ) -> LocationFields<'static> {
        LocationFields {
            zip: zip.as_bytes(),
            country: country.as_bytes(),
            ..Default::default()
        }
    }

    #[test]
    fn places_rows_at_zip_centroids() {
        let r = ZipCentroidResolver::new(H3Resolution::Ten);
        let a = r.resolve(&row("02139", "")).expect("placed");
        let b = r.resolve(&row("2139-4307", "USA")).expect("placed");
        assert_eq!(a, b);
        assert_eq!(a.precision, Precision::PostalCentroid);
        let e = ZipTable::embedded().get(2139).expect("in table");
        assert_eq!(Some(a.cell), cell_of(e.lat, e.lng, H3Resolution::Ten));
    }

    #[test]
    fn reports_each_kind_of_miss() {
        let r = ZipCentroidResolver::new(H3Resolution::Ten);
        assert_eq!(r.resolve(&row("", "")), Err(Miss::NoInput));
        assert_eq!(r.resolve(&row("n/a", "")), Err(Miss::InvalidZip));
        assert_eq!(r.resolve(&row("99999", "")), Err(Miss::ZipNotFound));
        assert_eq!(r.resolve(&row("02139", "Canada")), Err(Miss::NotUs));
    }
}

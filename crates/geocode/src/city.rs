//! Placing a row at the centre of its city, when it has a city and a
//! state but no usable ZIP.
//!
//! A city's centre is the mean of the centroids of its ZIP codes in the
//! embedded table (the cities are the table's own names). It is coarse:
//! a large city's rows all land in one cell.

use std::collections::HashMap;
use std::sync::OnceLock;

use h3o::{CellIndex, Resolution as H3Resolution};
use honeygrid_address::state_code;
use honeygrid_core::location::is_us_country;
use honeygrid_core::{
    LocationFields, Miss, Placement, Precision, Resolution, Resolver,
};

use crate::{ZipTable, cell_of};

/// `(CITY, ST)`, the city in capitals with single spaces.
type CityKey = (String, &'static str);

/// Places rows at their city's centre.
#[derive(Debug, Clone)]
pub struct CityCentroidResolver {
    cells: &'static HashMap<CityKey, CellIndex>,
}

impl CityCentroidResolver {
    /// A resolver for cells at `resolution`; each resolution's cells are
    /// computed once per process.
    pub fn new(resolution: H3Resolution) -> CityCentroidResolver {
        static CELLS: [OnceLock<HashMap<CityKey, CellIndex>>; 16] =
            [const { OnceLock::new() }; 16];
        let cells = CELLS[usize::from(u8::from(resolution))]
            .get_or_init(|| city_cells(resolution));
        CityCentroidResolver { cells }
    }
}

fn city_cells(resolution: H3Resolution) -> HashMap<CityKey, CellIndex> {
    let mut sums: HashMap<CityKey, (f64, f64, u32)> = HashMap::new();
    for e in ZipTable::embedded().entries() {
        if e.city.is_empty() || e.state.is_empty() {
            continue;
        }
        let sum = sums.entry((fold(e.city), e.state)).or_default();
        *sum = (sum.0 + e.lat, sum.1 + e.lng, sum.2 + 1);
    }
    sums.into_iter()
        .filter_map(|(key, (lat, lng, n))| {
            let n = f64::from(n);
            Some((key, cell_of(lat / n, lng / n, resolution)?))
        })
        .collect()
}

/// Capitals, dots dropped, runs of blanks made one space.
fn fold(text: &str) -> String {
    let upper = text.replace('.', "").to_uppercase();
    upper.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Resolver for CityCentroidResolver {
    fn name(&self) -> &'static str {
        "city_centroid"
    }

    fn resolve(&self, row: &LocationFields<'_>) -> Resolution {
        let (city, state) = (fold(&text(row.city)), fold(&text(row.state)));
        if city.is_empty() || state.is_empty() {
            return Err(Miss::NoInput);
        }
        if !is_us_country(row.country) {
            return Err(Miss::NotUs);
        }
        // A two-letter code or a state's name.
        let state = state_code(&state).ok_or(Miss::CityNotFound)?;
        let cell = self.cells.get(&(city, state)).ok_or(Miss::CityNotFound)?;
        Ok(Placement {
            cell: *cell,
            precision: Precision::CityCentroid,
        })
    }

    fn describe(
        &self,
        row: &LocationFields<'_>,
    ) -> Option<(Precision, String)> {
        let placed = self.resolve(row).ok()?;
        let state = state_code(&fold(&text(row.state)))?;
        let city = fold(&text(row.city));
        Some((placed.precision, format!("{city}, {state}")))
    }
}

/// Field bytes as text: UTF-8, else Windows-1252.
fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.into(),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(city: &'static str, state: &'static str) -> LocationFields<'static> {
        LocationFields {
            city: city.as_bytes(),
            state: state.as_bytes(),
            ..Default::default()
        }
    }

    #[test]
    fn places_rows_at_the_mean_of_their_zip_centroids() {
        let r = CityCentroidResolver::new(H3Resolution::Seven);
        let a = r.resolve(&row("Cambridge", "MA")).expect("placed");
        let b = r
            .resolve(&row(" cambridge ", "Massachusetts"))
            .expect("placed");
        assert_eq!(a, b);
        assert_eq!(a.precision, Precision::CityCentroid);
        let boston = r.resolve(&row("Boston", "ma")).expect("placed");
        assert_ne!(a.cell, boston.cell);
    }

    #[test]
    fn says_why_not() {
        let r = CityCentroidResolver::new(H3Resolution::Seven);
        assert_eq!(r.resolve(&row("", "MA")), Err(Miss::NoInput));
        assert_eq!(r.resolve(&row("Cambridge", "")), Err(Miss::NoInput));
        assert_eq!(r.resolve(&row("Atlantis", "MA")), Err(Miss::CityNotFound));
        assert_eq!(
            r.resolve(&row("Cambridge", "Mass")),
            Err(Miss::CityNotFound)
        );
    }
}

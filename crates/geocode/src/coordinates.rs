//! Placing a row by the latitude and longitude it carries.

use h3o::Resolution as H3Resolution;
use honeygrid_core::location::{CoordinateError, parse_point};
use honeygrid_core::{
    LocationFields, Miss, Placement, Precision, Resolution, Resolver,
};

use crate::cell_of;

/// Places rows by their own valid coordinates.
#[derive(Debug, Clone, Copy)]
pub struct CoordinatesResolver {
    resolution: H3Resolution,
}

impl CoordinatesResolver {
    /// A resolver for cells at `resolution`.
    pub fn new(resolution: H3Resolution) -> CoordinatesResolver {
        CoordinatesResolver { resolution }
    }
}

impl Resolver for CoordinatesResolver {
    fn name(&self) -> &'static str {
        "coordinates"
    }

    fn resolve(&self, row: &LocationFields<'_>) -> Resolution {
        let point = parse_point(row.lat, row.lng).map_err(|e| match e {
            CoordinateError::Missing => Miss::NoInput,
            _ => Miss::InvalidCoordinates,
        })?;
        let cell = cell_of(point.lat, point.lng, self.resolution)
            .ok_or(Miss::InvalidCoordinates)?;
        Ok(Placement {
            cell,
            precision: Precision::Coordinates,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_rows_by_coordinates() {
        let r = CoordinatesResolver::new(H3Resolution::Ten);
        let row = LocationFields {
            lat: b"37.7749",
            lng: b"-122.4194",
            ..Default::default()
        };
        let placed = r.resolve(&row).expect("placed");
        assert_eq!(placed.cell.to_string(), "8a283082800ffff");
        assert_eq!(placed.precision, Precision::Coordinates);
        let statue = LocationFields {
            lat: b"40.689167",
            lng: b"-74.044444",
            ..row
        };
        assert_eq!(
            r.resolve(&statue).expect("placed").cell.to_string(),
            "8a2a1072b59ffff"
        );
    }

    #[test]
    fn reports_missing_and_invalid() {
        let r = CoordinatesResolver::new(H3Resolution::Ten);
        assert_eq!(r.resolve(&LocationFields::default()), Err(Miss::NoInput));
        let bad = LocationFields {
            lat: b"95",
            lng: b"1",
            ..Default::default()
        };
        assert_eq!(r.resolve(&bad), Err(Miss::InvalidCoordinates));
    }
}

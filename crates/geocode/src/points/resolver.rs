//! The address-point geocoder as a link of the resolver chain.

use std::sync::Arc;

use h3o::Resolution as H3Resolution;
use honeygrid_core::location::is_us_country;
use honeygrid_core::{
    LocationFields, Miss, Placement, Precision, Resolution, Resolver,
};

use crate::cell_of;
use crate::points::{AddressIndex, AddressQuery, Located};

/// Places rows by their street address, on the points of an
/// [`AddressIndex`]: [`Precision::Rooftop`] or
/// [`Precision::Interpolated`].
///
/// Rows without an address, or with no ZIP nor city and state, get
/// [`Miss::NoInput`], so the chain goes on silently; addresses not
/// found get [`Miss::AddressNotFound`] or [`Miss::AmbiguousStreet`],
/// and the next resolver (the ZIP centroid) has its turn.
///
/// [`Precision::Rooftop`]: honeygrid_core::Precision::Rooftop
/// [`Precision::Interpolated`]: honeygrid_core::Precision::Interpolated
#[derive(Debug, Clone)]
pub struct AddressPointResolver {
    index: Arc<AddressIndex>,
    resolution: H3Resolution,
}

impl AddressPointResolver {
    /// A resolver over `index`, for cells at `resolution`.
    pub fn new(
        resolution: H3Resolution,
        index: Arc<AddressIndex>,
    ) -> AddressPointResolver {
        AddressPointResolver { index, resolution }
    }

    /// The index searched.
    pub fn index(&self) -> &AddressIndex {
        &self.index
    }

    /// Where a row's address is, with the street matched.
    pub fn locate(
        &self,
        row: &LocationFields<'_>,
    ) -> Result<Located<'_>, Miss> {
        if self.index.is_empty() || row.address1.is_empty() {
            return Err(Miss::NoInput);
        }
        let query = AddressQuery::from_fields(row)?;
        if !is_us_country(row.country) {
            return Err(Miss::NotUs);
        }
        self.index.locate(&query)
    }
}

impl Resolver for AddressPointResolver {
    fn name(&self) -> &'static str {
        "address_points"
    }

    fn resolve(&self, row: &LocationFields<'_>) -> Resolution {
        let found = self.locate(row)?;
        let cell = cell_of(found.lat, found.lng, self.resolution)
            .ok_or(Miss::AddressNotFound)?;
        Ok(Placement {
            cell,
            precision: found.precision,
        })
    }

    fn describe(
        &self,
        row: &LocationFields<'_>,
    ) -> Option<(Precision, String)> {
        let found = self.locate(row).ok()?;
        let query = AddressQuery::from_fields(row).ok()?;
        let number = query.number.map(|n| format!("{n} ")).unwrap_or_default();
        let zip = query.zip.map(|z| format!(", {z:05}")).unwrap_or_default();
        Some((found.precision, format!("{number}{}{zip}", found.street)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::{ImportOptions, read_points};
    use crate::{Chain, ZipTable};
    use honeygrid_core::Precision;

    fn index() -> Arc<AddressIndex> {
        let text = "LON,LAT,NUMBER,STREET,UNIT,CITY,REGION,POSTCODE\n\
                    -71.1000,42.3600,10,Main St,,Cambridge,MA,02139\n\
                    -71.1010,42.3610,20,Main St,,Cambridge,MA,02139\n";
        let (set, _) =
            read_points(text.as_bytes(), &ImportOptions::default()).unwrap();
        Arc::new(AddressIndex::build(set))
    }

    fn row<'a>(address1: &'a str, zip: &'a str) -> LocationFields<'a> {
        LocationFields {
            address1: address1.as_bytes(),
            zip: zip.as_bytes(),
            ..Default::default()
        }
    }

    #[test]
    fn places_rows_by_address() {
        let r = AddressPointResolver::new(H3Resolution::Ten, index());
        let placed = r.resolve(&row("10 Main Street", "02139")).unwrap();
        assert_eq!(placed.precision, Precision::Rooftop);
        assert_eq!(Some(placed.cell), cell_of(42.36, -71.1, H3Resolution::Ten));
        let between = r.resolve(&row("14 Main St", "02139")).unwrap();
        assert_eq!(between.precision, Precision::Interpolated);
        let one_line = r.resolve(&row("10 Main St, Cambridge, MA 02139", ""));
        assert_eq!(one_line, Ok(placed));
    }

    #[test]
    fn misses() {
        let r = AddressPointResolver::new(H3Resolution::Ten, index());
        assert_eq!(r.resolve(&row("", "02139")), Err(Miss::NoInput));
        assert_eq!(r.resolve(&row("PO Box 5", "02139")), Err(Miss::NoInput));
        assert_eq!(
            r.resolve(&row("10 Main Ave", "02139")),
            Err(Miss::AddressNotFound)
        );
        let abroad = LocationFields {
            country: b"Canada",
            ..row("10 Main St", "02139")
        };
        assert_eq!(r.resolve(&abroad), Err(Miss::NotUs));
        let empty = AddressPointResolver::new(
            H3Resolution::Ten,
            Arc::new(AddressIndex::default()),
        );
        assert_eq!(
            empty.resolve(&row("10 Main St", "02139")),
            Err(Miss::NoInput)
        );
    }

    #[test]
    fn chain_falls_back_to_the_zip_centroid() {
        let chain = Chain::with_address_points(H3Resolution::Ten, index());
        assert_eq!(
            chain.names(),
            [
                "coordinates",
                "address_points",
                "zip_centroid",
                "city_centroid"
            ]
        );
        let found = chain.resolve(&row("20 Main St", "02139")).unwrap();
        assert_eq!(found.precision, Precision::Rooftop);
        let decoy = chain.resolve(&row("20 Main Ave", "02139")).unwrap();
        assert_eq!(decoy.precision, Precision::PostalCentroid);
        let e = ZipTable::embedded().get(2139).unwrap();
        assert_eq!(Some(decoy.cell), cell_of(e.lat, e.lng, H3Resolution::Ten));
        let no_zip = LocationFields {
            city: b"Cambridge",
            state: b"MA",
            ..row("20 Main Ave", "")
        };
        // Without a ZIP, a street the points do not have falls back to
        // the city's centre.
        let city = chain.resolve(&no_zip).map(|p| p.precision);
        assert_eq!(city, Ok(Precision::CityCentroid));
    }
}

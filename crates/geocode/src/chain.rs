//! The resolvers in order: the first that places a row wins.

use std::sync::Arc;

use h3o::Resolution as H3Resolution;
use honeygrid_core::{LocationFields, Miss, Resolution, Resolver};

use crate::{
    AddressIndex, AddressPointResolver, CoordinatesResolver,
    ZipCentroidResolver,
};

/// An ordered list of resolvers.
pub struct Chain {
    resolvers: Vec<Box<dyn Resolver>>,
}

impl Chain {
    /// A chain of the given resolvers, tried in order.
    pub fn new(resolvers: Vec<Box<dyn Resolver>>) -> Chain {
        Chain { resolvers }
    }

    /// The default chain: coordinates, then ZIP centroids.
    pub fn standard(resolution: H3Resolution) -> Chain {
        Chain::new(vec![
            Box::new(CoordinatesResolver::new(resolution)),
            Box::new(ZipCentroidResolver::new(resolution)),
        ])
    }

    /// The chain with the address-point geocoder: coordinates, then
    /// address points, then ZIP centroids.
    pub fn with_address_points(
        resolution: H3Resolution,
        index: Arc<AddressIndex>,
    ) -> Chain {
        Chain::new(vec![
            Box::new(CoordinatesResolver::new(resolution)),
            Box::new(AddressPointResolver::new(resolution, index)),
            Box::new(ZipCentroidResolver::new(resolution)),
        ])
    }

    /// Names of the resolvers, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.resolvers.iter().map(|r| r.name()).collect()
    }

    /// Places a row. When no resolver can, the reason is that of the
    /// last resolver that had something to read (or [`Miss::NoInput`]).
    pub fn resolve(&self, row: &LocationFields<'_>) -> Resolution {
        let mut miss = Miss::NoInput;
        for resolver in &self.resolvers {
            match resolver.resolve(row) {
                Ok(placement) => return Ok(placement),
                Err(Miss::NoInput) => {}
                Err(m) => miss = m,
            }
        }
        Err(miss)
    }
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain")
            .field("resolvers", &self.names())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use honeygrid_core::Precision;

    #[test]
    fn coordinates_come_first_then_zip() {
        let chain = Chain::standard(H3Resolution::Ten);
        let both = LocationFields {
            lat: b"40.689167",
            lng: b"-74.044444",
            zip: b"02139",
            ..Default::default()
        };
        assert_eq!(
            chain.resolve(&both).map(|p| p.precision),
            Ok(Precision::Coordinates)
        );
        let bad_coords = LocationFields {
            lat: b"0",
            lng: b"0",
            ..both
        };
        assert_eq!(
            chain.resolve(&bad_coords).map(|p| p.precision),
            Ok(Precision::PostalCentroid)
        );
    }

    #[test]
    fn says_why_a_row_is_unknown() {
        let chain = Chain::standard(H3Resolution::Ten);
        let nothing = LocationFields::default();
        assert_eq!(chain.resolve(&nothing), Err(Miss::NoInput));
        let bad = LocationFields {
            lat: b"x",
            lng: b"y",
            ..nothing
        };
        assert_eq!(chain.resolve(&bad), Err(Miss::InvalidCoordinates));
        let both_bad = LocationFields {
            zip: b"99999",
            ..bad
        };
        assert_eq!(chain.resolve(&both_bad), Err(Miss::ZipNotFound));
    }
}

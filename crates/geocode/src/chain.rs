//! The resolvers in order: the first that places a row wins.

use std::sync::Arc;

use h3o::Resolution as H3Resolution;
use honeygrid_core::{LocationFields, Miss, Precision, Resolution, Resolver};

use crate::{
    AddressIndex, AddressPointResolver, CityCentroidResolver,
    CoordinatesResolver, ZipCentroidResolver,
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

    /// The default chain: coordinates, ZIP centroids, city centroids.
    pub fn standard(resolution: H3Resolution) -> Chain {
        Chain::build(resolution, None, None)
    }

    /// The chain with the address-point geocoder: coordinates, address
    /// points, ZIP centroids, city centroids.
    pub fn with_address_points(
        resolution: H3Resolution,
        index: Arc<AddressIndex>,
    ) -> Chain {
        Chain::build(resolution, Some(index), None)
    }

    /// The whole chain: coordinates, address points (when given), an
    /// external provider (when given), ZIP centroids, city centroids.
    pub fn build(
        resolution: H3Resolution,
        points: Option<Arc<AddressIndex>>,
        provider: Option<Arc<dyn Resolver>>,
    ) -> Chain {
        let mut links: Vec<Box<dyn Resolver>> =
            vec![Box::new(CoordinatesResolver::new(resolution))];
        if let Some(index) = points {
            links.push(Box::new(AddressPointResolver::new(resolution, index)));
        }
        if let Some(provider) = provider {
            links.push(Box::new(Shared(provider)));
        }
        links.push(Box::new(ZipCentroidResolver::new(resolution)));
        links.push(Box::new(CityCentroidResolver::new(resolution)));
        Chain::new(links)
    }

    /// Names of the resolvers, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.resolvers.iter().map(|r| r.name()).collect()
    }

    /// Places a batch of rows: the same answers as [`Chain::resolve`]
    /// row by row, but each resolver sees every row still unplaced at
    /// once, so one that calls a service can send whole batches.
    pub fn resolve_batch(
        &self,
        rows: &[LocationFields<'_>],
    ) -> Vec<Resolution> {
        let mut out = vec![Err(Miss::NoInput); rows.len()];
        for resolver in &self.resolvers {
            resolver.resolve_batch(rows, &mut out);
        }
        out
    }

    /// What a row placed at `precision` matched, in words (see
    /// [`Resolver::describe`]), when a local resolver can say.
    pub fn describe(
        &self,
        row: &LocationFields<'_>,
        precision: Precision,
    ) -> Option<String> {
        let said = self.resolvers.iter().filter_map(|r| r.describe(row));
        said.into_iter()
            .find(|(p, _)| *p == precision)
            .map(|(_, text)| text)
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

/// A resolver also held elsewhere (the caller keeps a handle on a
/// provider to read its fatal error after the run).
struct Shared(Arc<dyn Resolver>);

impl Resolver for Shared {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn resolve(&self, row: &LocationFields<'_>) -> Resolution {
        self.0.resolve(row)
    }

    fn resolve_batch(
        &self,
        rows: &[LocationFields<'_>],
        out: &mut [Resolution],
    ) {
        self.0.resolve_batch(rows, out);
    }

    fn describe(
        &self,
        row: &LocationFields<'_>,
    ) -> Option<(Precision, String)> {
        self.0.describe(row)
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

//! HoneyGrid's geocoding: resolvers that place a row on an H3 cell, and
//! the chain that tries them in order.
//!
//! - [`coordinates`]: the row's own latitude and longitude;
//! - [`points`]: street addresses on imported address points;
//! - [`zip`]: the centroid of the row's ZIP code, from [`zip_table`];
//! - [`chain`]: the resolvers in order, first placement wins.

pub mod chain;
pub mod city;
pub mod coordinates;
pub mod points;
pub mod zip;
pub mod zip_table;

pub use chain::Chain;
pub use city::CityCentroidResolver;
pub use coordinates::CoordinatesResolver;
pub use points::{AddressIndex, AddressPointResolver, PointStore};
pub use zip::ZipCentroidResolver;
pub use zip_table::{ZipEntry, ZipTable};

/// The H3 cell of a point, or `None` for a point h3o refuses.
pub fn cell_of(
    lat: f64,
    lng: f64,
    resolution: h3o::Resolution,
) -> Option<h3o::CellIndex> {
    let point = h3o::LatLng::new(lat, lng).ok()?;
    Some(point.to_cell(resolution))
}

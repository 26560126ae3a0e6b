//! HoneyGrid targeting: a grid version's configuration turned into
//! its set of targeted H3 cells. Pure domain logic: the caller loads
//! the data (layers, imported boundaries) and passes it in; only the
//! county outlines and ZIP centroids are compiled in.
//!
//! [`Targeting::parse`] reads and checks a configuration for a grid
//! at one resolution; [`Targeting::parse_with`] does the same with
//! the operator's imported [`Boundaries`] of ZIPs and carrier routes.
//! [`Targeting::materialise`] applies it to the [`Layers`] of the data
//! sources its filters use, giving a [`Materialised`].
//!
//! # Configuration
//!
//! `targeted_areas` is a list (empty or `null`: no areas) of
//!
//! - `{"type":"radius","lat":40.7,"lng":-74.0,"radius_km":5}`: the
//!   cells whose centre is within `radius_km` (great-circle, on H3's
//!   sphere) of the point; `0 < radius_km <= 500`;
//! - `{"type":"polygon","geometry":{...}}`: a GeoJSON `Polygon` or
//!   `MultiPolygon` (positions `[lng, lat]`, rings closed, holes
//!   respected); the cells whose centre is inside, as H3's
//!   `polygonToCells` (even-odd ray casting in planar
//!   longitude/latitude). Rings must not cross themselves or each
//!   other, nor cross the antimeridian (split such polygons at 180);
//! - `{"type":"county","fips":"25017"}`: the cells whose centre is
//!   inside the county (five-digit FIPS code, state then county), as
//!   for a polygon, on the embedded outlines: the US Census 2017
//!   cartographic boundaries simplified at 1:10,000,000 (us-atlas
//!   3.0.1, `data/us_counties_10m.json`), coarse near county lines
//!   (said in [`Materialised::notes`]);
//! - `{"type":"zip","zip":"02139"}`: the cells whose centre is inside
//!   the ZIP's imported boundary; for a ZIP without one, within
//!   [`ZIP_CIRCLE_KM`] of its centroid in the embedded ZIP table (a
//!   note says so); a ZIP in neither is refused;
//! - `{"type":"carrier_route","zip":"02139","route":"C001"}`: the
//!   cells whose centre is inside the USPS carrier route's imported
//!   boundary (route: a type letter C, R, H, B or G and 3 digits); a
//!   route without one is refused.
//!
//! Boundaries are read from GeoJSON FeatureCollections by
//! [`BoundaryImport`], and checked as polygon areas are.
//!
//! An area may span at most [`MAX_AREA_CELLS`] cells at the grid's
//! resolution (a polygon, county or boundary: its bounding box).
//!
//! `targeting_filters` is `null` or a tree of `{"all":[...]}`,
//! `{"any":[...]}` (non-empty) and conditions:
//! `{"data_source_id":"d","metric":"revenue","op":">=","value":500}`
//! (ops `>`, `>=`, `<`, `<=`, `=`, `!=`) or
//! `{"data_source_id":"d","metric":"customerCount","op":"between",
//! "min":2,"max":50}` (both bounds included).
//!
//! **A cell with no row in a data source (or no value for a metric)
//! counts as 0**: so `revenue < 10` matches cells with no customers.
//!
//! `manual_inclusion_filters` and `manual_exclusion_filters` are
//! `null` or lists of H3 cell strings at the grid's resolution.
//!
//! # Order
//!
//! 1. Candidates: the cells of the areas. With no areas, the cells of
//!    the data sources the filters use (at the grid's resolution);
//!    with no areas and no filters, none.
//! 2. The filters keep some candidates.
//! 3. Inclusions are added (even outside the areas).
//! 4. Exclusions are removed, last.
//!
//! # Resolution mapping
//!
//! A data source's cells may be at another resolution than the grid:
//!
//! - finer: its cells' values are summed into their parent at the
//!   grid's resolution;
//! - coarser: a grid cell takes the value of its ancestor at the data
//!   source's resolution (the parent's value applies to each child; a
//!   count is not divided);
//! - same: as is.
//!
//! Household totals ([`Materialised::households`]) differ for a
//! coarser data source: its households are shared out evenly among
//! each cell's children, so a total is not multiplied. Every mapping
//! used is described in [`Materialised::notes`].

mod area;
mod atlas;
mod boundaries;
mod boundary_import;
mod carrier_route;
mod codes;
mod condition;
mod county;
mod error;
mod filter;
mod flood;
mod geojson;
mod households;
mod json;
mod layer;
mod lookup;
mod manual;
mod materialise;
mod polygon;
mod radius;
mod ring;
mod simple;
mod targeting;
mod topojson;
mod zip;

pub use area::MAX_AREA_CELLS;
pub use boundaries::{Boundaries, BoundaryKind, BoundaryShape};
pub use boundary_import::{
    BoundaryFileError, BoundaryImport, CodeProperties, Refusal,
};
pub use error::{LayerError, Problem, TargetingError};
pub use filter::MAX_DEPTH;
pub use geojson::MAX_CORNERS;
pub use households::HOUSEHOLDS;
pub use layer::{Layer, Layers};
pub use materialise::Materialised;
pub use radius::MAX_RADIUS_KM;
pub use targeting::Targeting;
pub use zip::ZIP_CIRCLE_KM;

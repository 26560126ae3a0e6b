//! What can be wrong with a configuration, or with the data it is
//! materialised against. Every message says what to change.

use std::fmt;

/// Why a configuration cannot be parsed, or materialised.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TargetingError {
    /// A part of the configuration is unusable. `path` says which, as
    /// in `targeted_areas[1].geometry.coordinates[0]`.
    #[error("{path}: {problem}")]
    Invalid {
        /// Where in the configuration.
        path: String,
        /// What is wrong there.
        problem: Problem,
    },
    /// A data source the filters use was not given to materialise.
    #[error(
        "data source {data_source_id} was not loaded; pin a ready \
         version of it"
    )]
    MissingLayer {
        /// The data source's id.
        data_source_id: String,
    },
    /// A filter uses a metric the data source does not have.
    #[error(
        "data source {data_source_id} has no metric {metric:?}; its \
         metrics are {}",
        list(available)
    )]
    MissingMetric {
        /// The data source's id.
        data_source_id: String,
        /// The metric a filter names.
        metric: String,
        /// The metrics it has.
        available: Vec<String>,
    },
    /// With no areas, the cells of the data sources the filters use
    /// are the candidates; there are too many at the grid resolution.
    #[error(
        "with no targeted areas, the cells of the data sources the \
         filters use are the candidates: about {} cells at resolution \
         {resolution}, more than the limit of {}; add a targeted area \
         or use a coarser resolution", Count(*about), Count(*limit)
    )]
    TooManyCandidates {
        /// About how many cells.
        about: u64,
        /// The grid's resolution.
        resolution: u8,
        /// The most allowed.
        limit: u64,
    },
    /// A layer's parts do not fit together.
    #[error("{0}")]
    Layer(#[from] LayerError),
}

/// What is wrong at one place of a configuration.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    /// Not a list where one is needed.
    #[error("expected a list, found {0}")]
    NotList(&'static str),
    /// Not an object where one is needed.
    #[error("expected an object, found {0}")]
    NotObject(&'static str),
    /// Not a string where one is needed.
    #[error("expected a string, found {0}")]
    NotString(&'static str),
    /// Not a number where one is needed.
    #[error("expected a number, found {0}")]
    NotNumber(&'static str),
    /// An empty string where a name or id is needed.
    #[error("must not be empty")]
    Empty,
    /// A required key is absent.
    #[error("{0:?} is missing")]
    Missing(&'static str),
    /// A key that has no meaning here.
    #[error("unknown key {key:?}; the keys here are {allowed}")]
    UnknownKey {
        /// The key found.
        key: String,
        /// The keys allowed, in words.
        allowed: &'static str,
    },
    /// An area type that does not exist.
    #[error(
        "unknown area type {0:?}; the area types are radius, polygon, \
         county, zip and carrier_route"
    )]
    UnknownAreaType(String),
    /// A county code that is not five digits.
    #[error(
        "county FIPS code {0:?} is not 5 digits; give the state and \
         county codes together as a string, as \"25017\" (Middlesex \
         County, MA)"
    )]
    CountyFips(String),
    /// A county code that no county has.
    #[error(
        "no county has FIPS code {0:?}; check it against the Census \
         list of county FIPS codes (state then county, as \"25017\")"
    )]
    UnknownCounty(String),
    /// A county too small to have an outline at the embedded scale.
    #[error(
        "county {fips} ({name}) is too small to have an outline in the \
         embedded 1:10,000,000 county boundaries; target it with a \
         polygon or radius area"
    )]
    CountyTooSmall {
        /// Its FIPS code.
        fips: String,
        /// Its name.
        name: String,
    },
    /// The embedded county outlines cannot be read (a bug).
    #[error(
        "the embedded county outlines cannot be read ({0}); this is a \
         bug in HoneyGrid: please report it, and use a polygon area \
         meanwhile"
    )]
    CountyData(String),
    /// A ZIP that is not five digits.
    #[error(
        "ZIP {0:?} is not 5 digits; give it as a string with its \
         leading zeros, as \"02139\""
    )]
    ZipCode(String),
    /// A ZIP with neither an imported boundary nor a known centroid.
    #[error(
        "ZIP {0} has no imported boundary and is not in the embedded \
         table of ZIP centroids (2021 Census ZCTAs, which leave out \
         PO-box-only ZIPs); check the ZIP, have the operator import ZIP \
         boundaries (`honeygrid boundaries import FILE --kind zip`), or \
         use a polygon area"
    )]
    UnknownZip(String),
    /// A carrier route that is not a type letter and three digits.
    #[error(
        "carrier route {0:?} is not a route type letter (C, R, H, B or \
         G) and 3 digits, as \"C001\""
    )]
    RouteCode(String),
    /// A carrier route with no imported boundary.
    #[error("{}", no_route(zip, route, *imported))]
    NoCarrierRoute {
        /// The ZIP.
        zip: String,
        /// The route, as `C001`.
        route: String,
        /// How many carrier-route boundaries are imported.
        imported: usize,
    },
    /// A latitude outside [-90, 90].
    #[error("latitude {0} is out of range; use -90 to 90")]
    Latitude(f64),
    /// A longitude outside [-180, 180].
    #[error("longitude {0} is out of range; use -180 to 180")]
    Longitude(f64),
    /// A radius of 0, below, or above 500 km.
    #[error(
        "radius_km {0} is out of range; give more than 0 and at most \
         500 (kilometres)"
    )]
    RadiusKm(f64),
    /// A geometry that is not a Polygon or MultiPolygon.
    #[error(
        "geometry type {0:?} is not supported; use a GeoJSON Polygon \
         or MultiPolygon"
    )]
    GeometryType(String),
    /// A position that is not `[longitude, latitude]`.
    #[error("a position is [longitude, latitude] (numbers), found {0}")]
    Position(String),
    /// A polygon with no rings, or a MultiPolygon with no polygons.
    #[error("needs at least one ring (the outline)")]
    NoRings,
    /// A ring with fewer than four positions.
    #[error(
        "a ring needs at least 4 positions (3 corners, then the first \
         again), found {0}"
    )]
    RingTooShort(usize),
    /// A ring whose last position is not its first.
    #[error("the ring is not closed: repeat its first position at the end")]
    RingNotClosed,
    /// A ring with fewer than three distinct corners.
    #[error("the ring has fewer than 3 distinct corners")]
    RingTooFewCorners,
    /// An edge whose longitude jumps by more than 180 degrees.
    #[error(
        "an edge from position {0} crosses the antimeridian (its \
         longitude jumps by more than 180); split the polygon at 180"
    )]
    Antimeridian(usize),
    /// A polygon with more corners than allowed.
    #[error(
        "{} corners, more than the limit of {}; simplify the polygon",
        Count(*found as u64), Count(*limit as u64)
    )]
    TooManyCorners {
        /// How many.
        found: usize,
        /// The most allowed.
        limit: usize,
    },
    /// A ring whose edges cross or touch, other than at consecutive
    /// corners.
    #[error(
        "the ring crosses or touches itself near longitude {lng:.6}, \
         latitude {lat:.6}; its edges may only meet at consecutive \
         corners"
    )]
    SelfIntersection {
        /// Longitude of the meeting point.
        lng: f64,
        /// Latitude of the meeting point.
        lat: f64,
    },
    /// Two rings of one polygon crossing or overlapping.
    #[error(
        "the ring crosses ring {other} of the same polygon near \
         longitude {lng:.6}, latitude {lat:.6}; rings may touch at a \
         point but not cross"
    )]
    RingsCross {
        /// The other ring's index in the polygon.
        other: usize,
        /// Longitude of the crossing.
        lng: f64,
        /// Latitude of the crossing.
        lat: f64,
    },
    /// An area spanning too many cells at the grid's resolution.
    #[error(
        "{what} about {} cells at resolution {resolution}, more than \
         the limit of {}; use a coarser resolution or a smaller area",
        Count(*about), Count(*limit)
    )]
    TooManyCells {
        /// What spans them, in words.
        what: &'static str,
        /// About how many.
        about: u64,
        /// The grid's resolution.
        resolution: u8,
        /// The most allowed.
        limit: u64,
    },
    /// An object that is neither a group nor a condition.
    #[error(
        "a filter is {{\"all\": [...]}}, {{\"any\": [...]}} or a \
         condition with data_source_id, metric and op"
    )]
    FilterShape,
    /// A group with no filters in it.
    #[error("{0:?} needs at least one filter")]
    EmptyGroup(&'static str),
    /// Filters nested too deeply.
    #[error("filters are nested more than {0} levels deep")]
    TooDeep(usize),
    /// An operator that does not exist.
    #[error("unknown op {0:?}; the ops are >, >=, <, <=, =, != and between")]
    UnknownOp(String),
    /// A comparison without `value`, or with `min`/`max`.
    #[error("op {0:?} compares with \"value\" (a number), not min and max")]
    NeedsValue(String),
    /// `between` without `min` and `max`, or with `value`.
    #[error(
        "op \"between\" takes \"min\" and \"max\" (numbers, both \
         included), not value"
    )]
    NeedsBounds,
    /// `between` with `min` above `max`.
    #[error("min {min} is above max {max}")]
    MinAboveMax {
        /// The lower bound given.
        min: f64,
        /// The upper bound given.
        max: f64,
    },
    /// A string that is not an H3 cell index.
    #[error("{0:?} is not an H3 cell index")]
    NotACell(String),
    /// A cell at another resolution than the grid's.
    #[error(
        "cell {cell} is at resolution {found}; this grid is at \
         resolution {grid}"
    )]
    CellResolution {
        /// The cell, as given.
        cell: String,
        /// Its resolution.
        found: u8,
        /// The grid's.
        grid: u8,
    },
}

/// Why [`Layer::new`](crate::Layer::new) refused its parts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayerError {
    /// `values` is not `cells × metrics` long.
    #[error(
        "a layer of {cells} cells and {metrics} metrics needs {} \
         values, found {values}", cells * metrics
    )]
    Shape {
        /// Number of cells.
        cells: usize,
        /// Number of metrics.
        metrics: usize,
        /// Number of values.
        values: usize,
    },
    /// Cells at two resolutions.
    #[error(
        "a layer's cells share one resolution; cell {cell} is at \
         {found}, the first at {first}"
    )]
    MixedResolutions {
        /// The odd cell.
        cell: String,
        /// Its resolution.
        found: u8,
        /// The first cell's resolution.
        first: u8,
    },
}

impl TargetingError {
    /// An [`Invalid`](TargetingError::Invalid) error at `path`.
    pub fn invalid(path: impl Into<String>, problem: Problem) -> Self {
        TargetingError::Invalid {
            path: path.into(),
            problem,
        }
    }

    /// The problem, when this is an invalid configuration.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            TargetingError::Invalid { problem, .. } => Some(problem),
            _ => None,
        }
    }
}

/// Why a carrier route has no boundary, and what to do.
fn no_route(zip: &str, route: &str, imported: usize) -> String {
    let import = "`honeygrid boundaries import FILE --kind carrier_route`";
    if imported == 0 {
        return format!(
            "carrier route {route} of ZIP {zip} has no boundary: no \
             carrier-route boundaries are imported; the operator imports \
             them (a GeoJSON FeatureCollection with ZIP and CRID \
             properties) with {import}"
        );
    }
    format!(
        "carrier route {route} of ZIP {zip} is not among the {} imported \
         carrier-route boundaries; check the ZIP and route, or have the \
         operator import a boundary file that has it with {import}",
        Count(imported as u64)
    )
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    names.join(", ")
}

/// A count with thousands separators: `2,000,000`.
struct Count(u64);

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        for (i, d) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                f.write_str(",")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_separators() {
        assert_eq!(Count(0).to_string(), "0");
        assert_eq!(Count(999).to_string(), "999");
        assert_eq!(Count(1000).to_string(), "1,000");
        assert_eq!(Count(2_000_000).to_string(), "2,000,000");
    }

    #[test]
    fn messages_name_the_place() {
        let e = TargetingError::invalid(
            "targeted_areas[0]",
            Problem::RadiusKm(0.0),
        );
        let text = e.to_string();
        assert!(text.starts_with("targeted_areas[0]: radius_km 0"));
        assert!(text.contains("at most 500"));
    }

    #[test]
    fn a_missing_metric_lists_the_others() {
        let e = TargetingError::MissingMetric {
            data_source_id: "ds".into(),
            metric: "revnue".into(),
            available: vec!["revenue".into(), "visits".into()],
        };
        assert!(e.to_string().ends_with("are revenue, visits"));
    }
}

//! Imported boundaries: the outlines of ZIPs and carrier routes that
//! the operator imports, looked up by kind and code when `zip` and
//! `carrier_route` areas are parsed.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::error::TargetingError;
use crate::geojson::{Rings, read_geometry};
use crate::polygon::Polygon;

/// What a boundary outlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoundaryKind {
    /// A ZIP (a ZCTA); code: five digits, as `02139`.
    Zip,
    /// A USPS carrier route; code: its ZIP then its route, as
    /// `02139C001`.
    CarrierRoute,
}

impl BoundaryKind {
    /// Every kind.
    pub const ALL: [BoundaryKind; 2] =
        [BoundaryKind::Zip, BoundaryKind::CarrierRoute];

    /// Its name: `zip` or `carrier_route`, as in area types.
    pub fn as_str(self) -> &'static str {
        match self {
            BoundaryKind::Zip => "zip",
            BoundaryKind::CarrierRoute => "carrier_route",
        }
    }

    /// The kind named `name` (`zip` or `carrier_route`).
    pub fn from_name(name: &str) -> Option<BoundaryKind> {
        BoundaryKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// `count` boundaries of this kind, in words: "1 ZIP boundary",
    /// "2 carrier-route boundaries".
    pub fn count(self, count: usize) -> String {
        let what = match self {
            BoundaryKind::Zip => "ZIP",
            BoundaryKind::CarrierRoute => "carrier-route",
        };
        let noun = if count == 1 { "boundary" } else { "boundaries" };
        format!("{count} {what} {noun}")
    }
}

impl fmt::Display for BoundaryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A checked Polygon or MultiPolygon: one boundary's outline.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundaryShape {
    polygons: Vec<Rings>,
}

impl BoundaryShape {
    /// Reads a GeoJSON Polygon or MultiPolygon, checked as a polygon
    /// area is (closed rings, no crossings, at most
    /// [`MAX_CORNERS`](crate::MAX_CORNERS) corners); `path` names it
    /// in errors.
    ///
    /// # Errors
    ///
    /// [`TargetingError::Invalid`] saying what is wrong, and where.
    pub fn from_geometry(
        geometry: &Value,
        path: &str,
    ) -> Result<BoundaryShape, TargetingError> {
        let polygons = read_geometry(geometry, path)?;
        Ok(BoundaryShape { polygons })
    }

    /// How many polygons it has.
    pub fn polygon_count(&self) -> usize {
        self.polygons.len()
    }

    /// Adds `other`'s polygons: the union of both.
    pub fn merge(&mut self, other: BoundaryShape) {
        self.polygons.extend(other.polygons);
    }

    /// Writes it as a GeoJSON MultiPolygon (rings closed again).
    ///
    /// # Errors
    ///
    /// When `out` fails.
    pub fn write_geojson(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(br#"{"type":"MultiPolygon","coordinates":["#)?;
        for (i, rings) in self.polygons.iter().enumerate() {
            out.write_all(if i == 0 { b"[" } else { b",[" })?;
            for (j, ring) in rings.iter().enumerate() {
                out.write_all(if j == 0 { b"[" } else { b",[" })?;
                let closed = ring.iter().chain(&ring[..1]);
                for (k, [lng, lat]) in closed.enumerate() {
                    let comma = if k == 0 { "" } else { "," };
                    write!(out, "{comma}[{lng:?},{lat:?}]")?;
                }
                out.write_all(b"]")?;
            }
            out.write_all(b"]")?;
        }
        out.write_all(b"]}")
    }
}

/// The imported boundaries, by kind and code. Empty by default: then
/// `zip` areas use a circle around the ZIP's centroid and
/// `carrier_route` areas are refused.
#[derive(Clone, Default)]
pub struct Boundaries {
    zip: FxHashMap<String, Arc<Polygon>>,
    carrier_route: FxHashMap<String, Arc<Polygon>>,
}

impl Boundaries {
    /// No boundaries.
    pub fn new() -> Boundaries {
        Boundaries::default()
    }

    /// Sets the boundary of `code` (as `02139`, or `02139C001` for a
    /// carrier route), replacing any before.
    pub fn insert(
        &mut self,
        kind: BoundaryKind,
        code: impl Into<String>,
        shape: &BoundaryShape,
    ) {
        let polygon = Arc::new(Polygon::new(&shape.polygons));
        self.map_mut(kind).insert(code.into(), polygon);
    }

    /// How many boundaries of `kind`.
    pub fn len(&self, kind: BoundaryKind) -> usize {
        self.map(kind).len()
    }

    /// Whether there are none of any kind.
    pub fn is_empty(&self) -> bool {
        BoundaryKind::ALL.iter().all(|&k| self.len(k) == 0)
    }

    /// Whether `code` has a boundary of `kind`.
    pub fn contains(&self, kind: BoundaryKind, code: &str) -> bool {
        self.map(kind).contains_key(code)
    }

    /// The boundary of `code`, ready for containment tests.
    pub(crate) fn get(
        &self,
        kind: BoundaryKind,
        code: &str,
    ) -> Option<&Arc<Polygon>> {
        self.map(kind).get(code)
    }

    fn map(&self, kind: BoundaryKind) -> &FxHashMap<String, Arc<Polygon>> {
        match kind {
            BoundaryKind::Zip => &self.zip,
            BoundaryKind::CarrierRoute => &self.carrier_route,
        }
    }

    fn map_mut(
        &mut self,
        kind: BoundaryKind,
    ) -> &mut FxHashMap<String, Arc<Polygon>> {
        match kind {
            BoundaryKind::Zip => &mut self.zip,
            BoundaryKind::CarrierRoute => &mut self.carrier_route,
        }
    }
}

impl fmt::Debug for Boundaries {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Boundaries")
            .field("zip", &self.zip.len())
            .field("carrier_route", &self.carrier_route.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use h3o::LatLng;
    use serde_json::json;

    use super::*;

    fn square() -> BoundaryShape {
        let g = json!({"type": "Polygon", "coordinates": [[
            [-71.11, 42.35], [-71.08, 42.35], [-71.08, 42.37],
            [-71.11, 42.37], [-71.11, 42.35]
        ]]});
        BoundaryShape::from_geometry(&g, "g").expect("a shape")
    }

    #[test]
    fn kinds_have_names() {
        for kind in BoundaryKind::ALL {
            assert_eq!(BoundaryKind::from_name(kind.as_str()), Some(kind));
        }
        assert_eq!(BoundaryKind::from_name("county"), None);
        assert_eq!(BoundaryKind::CarrierRoute.to_string(), "carrier_route");
        assert_eq!(BoundaryKind::Zip.count(1), "1 ZIP boundary");
        let two = BoundaryKind::CarrierRoute.count(2);
        assert_eq!(two, "2 carrier-route boundaries");
    }

    #[test]
    fn boundaries_are_kept_by_kind_and_code() {
        let mut b = Boundaries::new();
        assert!(b.is_empty());
        b.insert(BoundaryKind::Zip, "02139", &square());
        assert!(b.contains(BoundaryKind::Zip, "02139"));
        assert!(!b.contains(BoundaryKind::CarrierRoute, "02139"));
        assert_eq!(b.len(BoundaryKind::Zip), 1);
        assert_eq!(b.len(BoundaryKind::CarrierRoute), 0);
        let p = b.get(BoundaryKind::Zip, "02139").expect("a polygon");
        let middle = LatLng::new(42.36, -71.095).expect("a point");
        assert!(p.contains(middle));
        let text = format!("{b:?}");
        assert_eq!(text, "Boundaries { zip: 1, carrier_route: 0 }");
    }

    #[test]
    fn a_shape_is_written_back_as_a_multipolygon() {
        let mut shape = square();
        shape.merge(square());
        assert_eq!(shape.polygon_count(), 2);
        let mut out = Vec::new();
        shape.write_geojson(&mut out).expect("written");
        let value: Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(value["type"], "MultiPolygon");
        let ring = &value["coordinates"][1][0];
        assert_eq!(ring[0], json!([-71.11, 42.35]));
        assert_eq!(ring[4], ring[0]);
        let again = BoundaryShape::from_geometry(&value, "g").expect("read");
        assert_eq!(again, shape);
    }
}

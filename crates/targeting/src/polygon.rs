//! A polygon area: the cells whose centre lies inside a GeoJSON
//! Polygon or MultiPolygon (inside an outline and in none of its
//! holes), as H3's `polygonToCells` with centre containment.

use std::f64::consts::{FRAC_PI_2, PI, TAU};

use h3o::{CellIndex, EARTH_RADIUS_KM, LatLng, Resolution};

use crate::error::TargetingError;
use crate::flood::{Overflow, flood, margin_km};
use crate::geojson::{Rings, read_geometry};
use crate::json::Obj;
use crate::ring::IndexedRing;

/// One polygon: an outline and its holes.
#[derive(Debug, Clone, PartialEq)]
struct Shape {
    outline: IndexedRing,
    holes: Vec<IndexedRing>,
}

/// A Polygon or MultiPolygon.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Polygon {
    shapes: Vec<Shape>,
}

impl Polygon {
    /// Reads `{"type":"polygon","geometry":{...}}`.
    pub(crate) fn parse(obj: &Obj) -> Result<Polygon, TargetingError> {
        obj.only(&["type", "geometry"], "type and geometry")?;
        let at = format!("{}.geometry", obj.path);
        let polygons = read_geometry(obj.need("geometry")?, &at)?;
        Ok(Polygon::new(&polygons))
    }

    /// A polygon from checked rings in degrees.
    pub(crate) fn new(polygons: &[Rings]) -> Polygon {
        let shapes = polygons
            .iter()
            .map(|rings| Shape {
                outline: IndexedRing::new(&rings[0]),
                holes: rings[1..].iter().map(IndexedRing::new).collect(),
            })
            .collect();
        Polygon { shapes }
    }

    /// Whether a point is inside.
    pub(crate) fn contains(&self, point: LatLng) -> bool {
        let (lng, lat) = (point.lng_radians(), point.lat_radians());
        self.shapes.iter().any(|s| {
            s.outline.contains(lng, lat)
                && !s.holes.iter().any(|h| h.contains(lng, lat))
        })
    }

    /// About how many cells at `res` the bounding boxes span.
    pub(crate) fn about_cells(&self, res: Resolution) -> f64 {
        let r = EARTH_RADIUS_KM;
        let area: f64 = self
            .shapes
            .iter()
            .map(|s| {
                let [west, south, east, north] = s.outline.bbox;
                r * r * (east - west) * (north.sin() - south.sin())
            })
            .sum();
        area / res.area_km2()
    }

    /// The cells at `res` whose centre is inside, unsorted and maybe
    /// repeated; [`Overflow`] past `cap` candidates.
    pub(crate) fn cells(
        &self,
        res: Resolution,
        cap: usize,
    ) -> Result<Vec<CellIndex>, Overflow> {
        let mut cells = Vec::new();
        let mut left = cap;
        for shape in &self.shapes {
            let reach = Reach::new(shape.outline.bbox, margin_km(res));
            let [west, south, east, north] = shape.outline.bbox;
            let middle = LatLng::from_radians(
                (south + north) / 2.0,
                (west + east) / 2.0,
            );
            let Ok(middle) = middle else { continue };
            let start = middle.to_cell(res);
            let found = flood(start, |p| reach.near(p), left)?;
            left -= found.len();
            cells.extend(
                found
                    .into_iter()
                    .filter(|(_, p)| self.contains(*p))
                    .map(|(cell, _)| cell),
            );
        }
        Ok(cells)
    }
}

/// A bounding box grown by a margin, in radians; the longitude range
/// may wrap around the antimeridian.
struct Reach {
    south: f64,
    north: f64,
    west: f64,
    width: f64,
}

impl Reach {
    fn new(bbox: [f64; 4], margin_km: f64) -> Reach {
        let [west, south, east, north] = bbox;
        let m = margin_km / EARTH_RADIUS_KM;
        let poleward = south.abs().max(north.abs()) + m;
        let cos = if poleward < FRAC_PI_2 {
            poleward.cos()
        } else {
            0.0
        };
        let mut width = east - west + 2.0 * m / cos.max(1e-9);
        if cos < 1e-6 || width >= TAU {
            width = TAU;
        }
        Reach {
            south: south - m,
            north: north + m,
            west: west - m / cos.max(1e-9),
            width,
        }
    }

    fn near(&self, p: LatLng) -> bool {
        let lat = p.lat_radians();
        if lat < self.south || lat > self.north {
            return false;
        }
        self.width >= TAU
            || (p.lng_radians() - self.west).rem_euclid(2.0 * PI) <= self.width
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn polygon(geometry: Value) -> Polygon {
        let area = json!({"type": "polygon", "geometry": geometry});
        let obj = Obj::new(&area, "a").expect("an object");
        Polygon::parse(&obj).expect("a polygon")
    }

    fn square(x: f64, y: f64, side: f64) -> Value {
        json!([
            [x, y],
            [x + side, y],
            [x + side, y + side],
            [x, y + side],
            [x, y]
        ])
    }

    /// Cells within `k` of the cell at (lat, lng) whose centre is
    /// inside: the slow, sure way.
    fn brute(p: &Polygon, lat: f64, lng: f64, k: u32) -> Vec<CellIndex> {
        let res = Resolution::Nine;
        let start = LatLng::new(lat, lng).expect("a point").to_cell(res);
        let mut cells: Vec<_> = start
            .grid_disk::<Vec<_>>(k)
            .into_iter()
            .filter(|c| p.contains(LatLng::from(*c)))
            .collect();
        cells.sort_unstable();
        cells
    }

    fn ours(p: &Polygon) -> Vec<CellIndex> {
        let mut got = p.cells(Resolution::Nine, 1_000_000).expect("cells");
        got.sort_unstable();
        got.dedup();
        got
    }

    #[test]
    fn a_square_with_a_hole_matches_brute_force() {
        let p = polygon(json!({
            "type": "Polygon",
            "coordinates": [
                square(-87.7, 41.8, 0.1),
                square(-87.67, 41.83, 0.04),
            ],
        }));
        let got = ours(&p);
        assert!(got.len() > 500, "{}", got.len());
        assert_eq!(got, brute(&p, 41.85, -87.65, 60));
        let hole = polygon(json!({
            "type": "Polygon", "coordinates": [square(-87.67, 41.83, 0.04)]
        }));
        assert!(got.iter().all(|c| !hole.contains(LatLng::from(*c))));
        assert!(!brute(&hole, 41.85, -87.65, 60).is_empty());
    }

    #[test]
    fn a_multipolygon_is_the_union_of_its_parts() {
        let a = square(-87.7, 41.8, 0.03);
        let b = square(-87.6, 41.9, 0.03);
        let both = polygon(json!({
            "type": "MultiPolygon", "coordinates": [[a], [b]]
        }));
        let first = polygon(json!({"type": "Polygon", "coordinates": [a]}));
        let second = polygon(json!({"type": "Polygon", "coordinates": [b]}));
        let mut union = ours(&first);
        union.extend(ours(&second));
        union.sort_unstable();
        assert!(!ours(&first).is_empty() && !ours(&second).is_empty());
        assert_eq!(ours(&both), union);
        assert_eq!(ours(&both), brute(&both, 41.85, -87.65, 80));
    }

    #[test]
    fn a_thin_diagonal_polygon_is_found() {
        let p = polygon(json!({
            "type": "Polygon",
            "coordinates": [[
                [-87.7, 41.8], [-87.6, 41.9], [-87.599, 41.9],
                [-87.699, 41.8], [-87.7, 41.8]
            ]],
        }));
        assert_eq!(ours(&p), brute(&p, 41.85, -87.65, 60));
    }

    #[test]
    fn a_polygon_touching_the_antimeridian_is_found() {
        let p = polygon(json!({
            "type": "Polygon", "coordinates": [square(179.9, -17.0, 0.1)]
        }));
        let got = ours(&p);
        assert!(!got.is_empty());
        assert_eq!(got, brute(&p, -16.95, 179.95, 40));
    }

    #[test]
    fn a_polygon_near_the_pole_is_found() {
        let p = polygon(json!({
            "type": "Polygon",
            "coordinates": [[
                [0, 89.8], [60, 89.8], [60, 89.9], [0, 89.9], [0, 89.8]
            ]],
        }));
        let got = ours(&p);
        assert!(!got.is_empty());
        assert_eq!(got, brute(&p, 89.85, 30.0, 90));
    }

    #[test]
    fn the_estimate_is_the_bounding_box() {
        let p = polygon(json!({
            "type": "Polygon", "coordinates": [square(-87.7, 41.8, 0.1)]
        }));
        let about = p.about_cells(Resolution::Nine);
        let found = ours(&p).len() as f64;
        assert!((found / about - 1.0).abs() < 0.1, "{found} vs {about}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn anywhere_the_fill_finds_what_a_disk_finds(
            lat in -80.0f64..80.0,
            lng in -179.0f64..179.0,
            corners in proptest::collection::vec(
                (0.005f64..0.03, 0.005f64..0.03), 4),
        ) {
            // A quadrilateral around (lat, lng), one corner per
            // quadrant: simple, maybe concave.
            let signs = [(1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0)];
            let mut ring: Vec<Value> = corners
                .iter()
                .zip(signs)
                .map(|((dx, dy), (sx, sy))| {
                    json!([lng + sx * dx, lat + sy * dy])
                })
                .collect();
            ring.push(ring[0].clone());
            let p = polygon(json!({"type": "Polygon", "coordinates": [ring]}));
            proptest::prop_assert_eq!(ours(&p), brute(&p, lat, lng, 40));
        }
    }

    #[test]
    fn the_cap_is_kept() {
        let p = polygon(json!({
            "type": "Polygon", "coordinates": [square(-87.7, 41.8, 0.1)]
        }));
        assert_eq!(p.cells(Resolution::Nine, 100), Err(Overflow));
    }
}

//! Targeted areas: reading the list, and each area's cells.

use h3o::{CellIndex, Resolution};
use serde_json::Value;

use crate::boundaries::Boundaries;
use crate::carrier_route::CarrierRoute;
use crate::county::County;
use crate::error::{Problem, TargetingError};
use crate::json::{Obj, bad, list};
use crate::polygon::Polygon;
use crate::radius::Radius;
use crate::zip::{Zip, ZipShape};

/// The most cells one area may span at the grid's resolution.
pub const MAX_AREA_CELLS: u64 = 2_000_000;

/// One targeted area.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Area {
    /// Cells whose centre is within a distance of a point.
    Radius(Radius),
    /// Cells whose centre is inside a polygon.
    Polygon(Polygon),
    /// Cells whose centre is inside a county's embedded outline.
    County(County),
    /// Cells whose centre is inside a ZIP's boundary, or near its
    /// centroid.
    Zip(Zip),
    /// Cells whose centre is inside a carrier route's boundary.
    CarrierRoute(CarrierRoute),
}

/// An area's shape, for counting and filling.
enum Shape<'a> {
    Radius(&'a Radius),
    Polygon(&'a Polygon),
}

impl Area {
    /// Reads `targeted_areas` (at `path`) for a grid at `res`, ZIPs
    /// and carrier routes looked up in `boundaries`; `null` is no
    /// area.
    pub(crate) fn parse_all(
        value: &Value,
        path: &str,
        res: Resolution,
        boundaries: &Boundaries,
    ) -> Result<Vec<Area>, TargetingError> {
        let items = list(value, path)?;
        let mut areas = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            areas.push(Area::parse(item, &at, res, boundaries)?);
        }
        Ok(areas)
    }

    fn parse(
        value: &Value,
        path: &str,
        res: Resolution,
        boundaries: &Boundaries,
    ) -> Result<Area, TargetingError> {
        let obj = Obj::new(value, path)?;
        let area = match obj.string("type")? {
            "radius" => Area::Radius(Radius::parse(&obj)?),
            "polygon" => Area::Polygon(Polygon::parse(&obj)?),
            "county" => Area::County(County::parse(&obj)?),
            "zip" => Area::Zip(Zip::parse(&obj, boundaries)?),
            "carrier_route" => {
                Area::CarrierRoute(CarrierRoute::parse(&obj, boundaries)?)
            }
            other => {
                let problem = Problem::UnknownAreaType(other.to_owned());
                return Err(obj.fail_at("type", problem));
            }
        };
        let about = area.about_cells(res);
        if about > MAX_AREA_CELLS as f64 {
            return Err(bad(path, area.too_many(about as u64, res)));
        }
        Ok(area)
    }

    fn shape(&self) -> Shape<'_> {
        match self {
            Area::Radius(r) => Shape::Radius(r),
            Area::Polygon(p) => Shape::Polygon(p),
            Area::County(c) => Shape::Polygon(c.polygon),
            Area::Zip(z) => match &z.shape {
                ZipShape::Boundary(p) => Shape::Polygon(p),
                ZipShape::Circle(r) => Shape::Radius(r),
            },
            Area::CarrierRoute(c) => Shape::Polygon(&c.polygon),
        }
    }

    fn about_cells(&self, res: Resolution) -> f64 {
        match self.shape() {
            Shape::Radius(r) => r.about_cells(res),
            Shape::Polygon(p) => p.about_cells(res),
        }
    }

    fn too_many(&self, about: u64, res: Resolution) -> Problem {
        let what = match self {
            Area::Radius(_) => "this radius covers",
            Area::Polygon(_) => "this polygon's bounding box spans",
            Area::County(_) => "this county's bounding box spans",
            Area::Zip(z) => match z.shape {
                ZipShape::Boundary(_) => "this ZIP's bounding box spans",
                ZipShape::Circle(_) => "this ZIP's circle covers",
            },
            Area::CarrierRoute(_) => "this carrier route's bounding box spans",
        };
        Problem::TooManyCells {
            what,
            about,
            resolution: res.into(),
            limit: MAX_AREA_CELLS,
        }
    }

    /// The area's cells at `res` (unsorted, maybe repeated); `path`
    /// names it in errors.
    pub(crate) fn cells(
        &self,
        res: Resolution,
        path: &str,
    ) -> Result<Vec<CellIndex>, TargetingError> {
        // The estimate was checked when reading; the fill may visit
        // more (its margin), but not this many more.
        let cap = 2 * MAX_AREA_CELLS as usize + 100_000;
        let found = match self.shape() {
            Shape::Radius(r) => r.cells(res, cap),
            Shape::Polygon(p) => p.cells(res, cap),
        };
        found.map_err(|_| bad(path, self.too_many(cap as u64, res)))
    }
}

/// The approximations the areas make, in words: one note for all
/// counties, one per ZIP without a boundary.
pub(crate) fn notes(areas: &[Area]) -> Vec<String> {
    let mut counties: Vec<String> = areas
        .iter()
        .filter_map(|a| match a {
            Area::County(c) => Some(format!("{} {}", c.fips, c.name)),
            _ => None,
        })
        .collect();
    counties.sort_unstable();
    counties.dedup();
    let mut notes = Vec::new();
    if !counties.is_empty() {
        notes.push(format!(
            "county outlines ({}) are the US Census 2017 boundaries \
             simplified at 1:10,000,000: cells near a county line may \
             fall on the wrong side of it.",
            counties.join(", ")
        ));
    }
    for area in areas {
        if let Area::Zip(z) = area
            && let Some(note) = z.note()
            && !notes.contains(&note)
        {
            notes.push(note);
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const RES: Resolution = Resolution::Ten;

    fn parse_all(
        value: &Value,
        res: Resolution,
    ) -> Result<Vec<Area>, TargetingError> {
        Area::parse_all(value, "a", res, &Boundaries::new())
    }

    fn problem(value: Value) -> Option<(String, Problem)> {
        let none = Boundaries::new();
        match Area::parse_all(&value, "targeted_areas", RES, &none) {
            Err(TargetingError::Invalid { path, problem }) => {
                Some((path, problem))
            }
            _ => None,
        }
    }

    #[test]
    fn no_areas_is_fine() {
        let got = parse_all(&json!([]), RES).map(|a| a.len());
        assert_eq!(got, Ok(0));
        let got = parse_all(&Value::Null, RES).map(|a| a.len());
        assert_eq!(got, Ok(0));
    }

    #[test]
    fn both_kinds_are_read() {
        let got = parse_all(
            &json!([
                {"type": "radius", "lat": 40.7, "lng": -74, "radius_km": 5},
                {"type": "polygon", "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[0, 0], [0.1, 0], [0, 0.1], [0, 0]]]
                }},
            ]),
            RES,
        )
        .expect("two areas");
        assert!(matches!(got[..], [Area::Radius(_), Area::Polygon(_)]));
    }

    #[test]
    fn every_kind_is_read() {
        let got = parse_all(
            &json!([
                {"type": "county", "fips": "25025"},
                {"type": "zip", "zip": "02139"},
            ]),
            Resolution::Eight,
        )
        .expect("two areas");
        assert!(matches!(got[..], [Area::County(_), Area::Zip(_)]));
        let got = problem(json!([
            {"type": "carrier_route", "zip": "02139", "route": "C001"}
        ]));
        let Some((path, Problem::NoCarrierRoute { .. })) = got else {
            panic!("{got:?}");
        };
        assert_eq!(path, "targeted_areas[0]");
    }

    #[test]
    fn unknown_types_are_refused() {
        let got = problem(json!([{"type": "circle"}]));
        let want = Problem::UnknownAreaType("circle".into());
        assert_eq!(got, Some(("targeted_areas[0].type".into(), want)));
        let text = got.map(|p| p.1.to_string()).unwrap_or_default();
        assert!(text.contains("radius, polygon, county, zip and"), "{text}");
        let got = problem(json!([{"lat": 1}])).map(|p| p.1);
        assert_eq!(got, Some(Problem::Missing("type")));
        let got = problem(json!({"type": "radius"})).map(|p| p.1);
        assert_eq!(got, Some(Problem::NotList("an object")));
        let got = problem(json!([7])).map(|p| p.1);
        assert_eq!(got, Some(Problem::NotObject("a number")));
    }

    #[test]
    fn counties_and_zips_too_large_are_refused() {
        // San Bernardino County, CA: 52,000 km², millions of cells at
        // resolution 10.
        let county = json!([{"type": "county", "fips": "06071"}]);
        let got = problem(county.clone());
        let text = got.map(|p| p.1.to_string()).unwrap_or_default();
        assert!(text.starts_with("this county's bounding box spans"));
        assert!(parse_all(&county, Resolution::Eight).is_ok());
        let zip = json!([{"type": "zip", "zip": "02139"}]);
        let none = Boundaries::new();
        let got = Area::parse_all(&zip, "a", Resolution::Fifteen, &none);
        let text = got.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(text.starts_with("a[0]: this ZIP's circle covers"));
    }

    #[test]
    fn counties_share_a_note_and_zip_circles_have_theirs() {
        let areas = parse_all(
            &json!([
                {"type": "county", "fips": "25025"},
                {"type": "zip", "zip": "02139"},
                {"type": "county", "fips": "25017"},
                {"type": "zip", "zip": "02139"},
                {"type": "radius", "lat": 42.3, "lng": -71, "radius_km": 1},
            ]),
            Resolution::Seven,
        )
        .expect("areas");
        let got = notes(&areas);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].starts_with(
            "county outlines (25017 Middlesex, 25025 Suffolk) are the US \
             Census 2017 boundaries simplified at 1:10,000,000"
        ));
        assert!(got[1].starts_with("ZIP 02139 has no imported boundary"));
        assert!(notes(&areas[4..]).is_empty());
    }

    #[test]
    fn areas_too_large_for_the_resolution_are_refused() {
        let big = json!([{
            "type": "radius", "lat": 40.7, "lng": -74, "radius_km": 100
        }]);
        let got = problem(big.clone());
        let Some((path, Problem::TooManyCells { about, .. })) = got else {
            panic!("{got:?}");
        };
        assert_eq!(path, "targeted_areas[0]");
        assert!(about > 2_000_000);
        assert!(parse_all(&big, Resolution::Eight).is_ok());
        let square = json!([{"type": "polygon", "geometry": {
            "type": "Polygon",
            "coordinates": [[[-90, 30], [-80, 30], [-80, 40], [-90, 30]]]
        }}]);
        let got = problem(square).map(|p| p.1.to_string());
        let text = got.unwrap_or_default();
        assert!(text.starts_with("this polygon's bounding box spans about"));
        assert!(text.contains("coarser resolution"), "{text}");
    }
}

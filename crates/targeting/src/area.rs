//! Targeted areas: reading the list, and each area's cells.

use h3o::{CellIndex, Resolution};
use serde_json::Value;

use crate::error::{Problem, TargetingError};
use crate::json::{Obj, bad, list};
use crate::polygon::Polygon;
use crate::radius::Radius;

/// The most cells one area may span at the grid's resolution.
pub const MAX_AREA_CELLS: u64 = 2_000_000;

/// Area types planned but not built yet.
const NOT_YET: [&str; 3] = ["county", "zip", "carrier_route"];

/// One targeted area.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Area {
    /// Cells whose centre is within a distance of a point.
    Radius(Radius),
    /// Cells whose centre is inside a polygon.
    Polygon(Polygon),
}

impl Area {
    /// Reads `targeted_areas` (at `path`) for a grid at `res`; `null`
    /// is no area.
    pub(crate) fn parse_all(
        value: &Value,
        path: &str,
        res: Resolution,
    ) -> Result<Vec<Area>, TargetingError> {
        let items = list(value, path)?;
        let mut areas = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            areas.push(Area::parse(item, &format!("{path}[{i}]"), res)?);
        }
        Ok(areas)
    }

    fn parse(
        value: &Value,
        path: &str,
        res: Resolution,
    ) -> Result<Area, TargetingError> {
        let obj = Obj::new(value, path)?;
        let area = match obj.string("type")? {
            "radius" => Area::Radius(Radius::parse(&obj)?),
            "polygon" => Area::Polygon(Polygon::parse(&obj)?),
            other => {
                let name = other.to_owned();
                let problem = if NOT_YET.contains(&other) {
                    Problem::AreaTypeNotYet(name)
                } else {
                    Problem::UnknownAreaType(name)
                };
                return Err(obj.fail_at("type", problem));
            }
        };
        let about = area.about_cells(res);
        if about > MAX_AREA_CELLS as f64 {
            return Err(bad(path, area.too_many(about as u64, res)));
        }
        Ok(area)
    }

    fn about_cells(&self, res: Resolution) -> f64 {
        match self {
            Area::Radius(r) => r.about_cells(res),
            Area::Polygon(p) => p.about_cells(res),
        }
    }

    fn too_many(&self, about: u64, res: Resolution) -> Problem {
        let what = match self {
            Area::Radius(_) => "this radius covers",
            Area::Polygon(_) => "this polygon's bounding box spans",
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
        let found = match self {
            Area::Radius(r) => r.cells(res, cap),
            Area::Polygon(p) => p.cells(res, cap),
        };
        found.map_err(|_| bad(path, self.too_many(cap as u64, res)))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const RES: Resolution = Resolution::Ten;

    fn problem(value: Value) -> Option<(String, Problem)> {
        match Area::parse_all(&value, "targeted_areas", RES) {
            Err(TargetingError::Invalid { path, problem }) => {
                Some((path, problem))
            }
            _ => None,
        }
    }

    #[test]
    fn no_areas_is_fine() {
        let got = Area::parse_all(&json!([]), "a", RES).map(|a| a.len());
        assert_eq!(got, Ok(0));
        let got = Area::parse_all(&Value::Null, "a", RES).map(|a| a.len());
        assert_eq!(got, Ok(0));
    }

    #[test]
    fn both_kinds_are_read() {
        let got = Area::parse_all(
            &json!([
                {"type": "radius", "lat": 40.7, "lng": -74, "radius_km": 5},
                {"type": "polygon", "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[0, 0], [0.1, 0], [0, 0.1], [0, 0]]]
                }},
            ]),
            "a",
            RES,
        )
        .expect("two areas");
        assert!(matches!(got[..], [Area::Radius(_), Area::Polygon(_)]));
    }

    #[test]
    fn unknown_and_unbuilt_types_are_refused() {
        let got = problem(json!([{"type": "zip", "zip": "02139"}]));
        let want = Problem::AreaTypeNotYet("zip".into());
        assert_eq!(got, Some(("targeted_areas[0].type".into(), want)));
        for t in ["county", "carrier_route"] {
            let got = problem(json!([{"type": t}])).map(|p| p.1);
            assert_eq!(got, Some(Problem::AreaTypeNotYet(t.into())));
        }
        let got = problem(json!([{"type": "circle"}])).map(|p| p.1);
        assert_eq!(got, Some(Problem::UnknownAreaType("circle".into())));
        let text = got.map(|p| p.to_string()).unwrap_or_default();
        assert!(text.contains("radius and polygon"), "{text}");
        let got = problem(json!([{"lat": 1}])).map(|p| p.1);
        assert_eq!(got, Some(Problem::Missing("type")));
        let got = problem(json!({"type": "radius"})).map(|p| p.1);
        assert_eq!(got, Some(Problem::NotList("an object")));
        let got = problem(json!([7])).map(|p| p.1);
        assert_eq!(got, Some(Problem::NotObject("a number")));
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
        assert!(Area::parse_all(&big, "a", Resolution::Eight).is_ok());
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

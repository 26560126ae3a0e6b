//! A ZIP area: the cells whose centre is inside the ZIP's imported
//! boundary or, without one, within [`ZIP_CIRCLE_KM`] of its centroid
//! in the embedded ZIP table (`honeygrid-geocode`).

use std::sync::Arc;

use honeygrid_geocode::ZipTable;

use crate::boundaries::{Boundaries, BoundaryKind};
use crate::codes::five_digits;
use crate::error::{Problem, TargetingError};
use crate::json::Obj;
use crate::polygon::Polygon;
use crate::radius::Radius;

/// The radius of the circle that stands for a ZIP with no imported
/// boundary, in km.
///
/// A plain choice, not a ZIP's real size (which ranges from a few
/// blocks to thousands of km²): 3 km is under half the median
/// distance (7.4 km) from a ZIP's centroid to the nearest other ZIP's
/// centroid in the embedded table, so for most ZIPs the circle stays
/// nearer its own centroid than any other.
pub const ZIP_CIRCLE_KM: f64 = 3.0;

/// What stands for the ZIP's area.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ZipShape {
    /// Its imported boundary.
    Boundary(Arc<Polygon>),
    /// A circle around its centroid.
    Circle(Radius),
}

/// A ZIP, by code.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Zip {
    /// Five digits, as `02139`.
    pub(crate) code: String,
    pub(crate) shape: ZipShape,
}

impl Zip {
    /// Reads `{"type":"zip","zip":"02139"}`.
    pub(crate) fn parse(
        obj: &Obj,
        boundaries: &Boundaries,
    ) -> Result<Zip, TargetingError> {
        obj.only(&["type", "zip"], "type and zip")?;
        let code = zip_code(obj)?;
        let shape = match boundaries.get(BoundaryKind::Zip, code) {
            Some(polygon) => ZipShape::Boundary(Arc::clone(polygon)),
            None => ZipShape::Circle(circle(code).ok_or_else(|| {
                obj.fail_at("zip", Problem::UnknownZip(code.to_owned()))
            })?),
        };
        Ok(Zip {
            code: code.to_owned(),
            shape,
        })
    }

    /// What to tell about an approximation, if one was made.
    pub(crate) fn note(&self) -> Option<String> {
        match self.shape {
            ZipShape::Boundary(_) => None,
            ZipShape::Circle(_) => Some(format!(
                "ZIP {} has no imported boundary; a {ZIP_CIRCLE_KM} km \
                 circle around its centroid was used.",
                self.code
            )),
        }
    }
}

/// The `zip` key: five digits.
pub(crate) fn zip_code<'a>(obj: &Obj<'a>) -> Result<&'a str, TargetingError> {
    let code = obj.string("zip")?;
    if !five_digits(code) {
        return Err(obj.fail_at("zip", Problem::ZipCode(code.to_owned())));
    }
    Ok(code)
}

/// The circle around the ZIP's centroid, if the table has it.
fn circle(code: &str) -> Option<Radius> {
    let entry = ZipTable::embedded().get(code.parse().ok()?)?;
    Radius::new(entry.lat, entry.lng, ZIP_CIRCLE_KM)
}

#[cfg(test)]
mod tests {
    use h3o::{LatLng, Resolution};
    use serde_json::{Value, json};

    use super::*;
    use crate::boundaries::BoundaryShape;

    fn parse(value: Value, b: &Boundaries) -> Result<Zip, TargetingError> {
        Zip::parse(&Obj::new(&value, "a").expect("an object"), b)
    }

    fn zip(code: &str, b: &Boundaries) -> Zip {
        parse(json!({"type": "zip", "zip": code}), b).expect("a ZIP")
    }

    fn problem(value: Value) -> Option<(String, Problem)> {
        match parse(value, &Boundaries::new()) {
            Err(TargetingError::Invalid { path, problem }) => {
                Some((path, problem))
            }
            _ => None,
        }
    }

    /// Cambridgeport, roughly: a box in 02139.
    fn boundaries() -> Boundaries {
        let g = json!({"type": "Polygon", "coordinates": [[
            [-71.115, 42.355], [-71.095, 42.355], [-71.095, 42.37],
            [-71.115, 42.37], [-71.115, 42.355]
        ]]});
        let shape = BoundaryShape::from_geometry(&g, "g").expect("a shape");
        let mut b = Boundaries::new();
        b.insert(BoundaryKind::Zip, "02139", &shape);
        b
    }

    #[test]
    fn an_imported_boundary_is_used() {
        let z = zip("02139", &boundaries());
        let ZipShape::Boundary(polygon) = &z.shape else {
            panic!("{:?}", z.shape);
        };
        assert_eq!(z.note(), None);
        let cells = polygon.cells(Resolution::Nine, 10_000).expect("cells");
        assert!(cells.len() > 10, "{}", cells.len());
        let inside = LatLng::new(42.36, -71.105).expect("a point");
        assert!(polygon.contains(inside));
        // Another ZIP falls back to its circle.
        let other = zip("02138", &boundaries());
        assert!(matches!(other.shape, ZipShape::Circle(_)));
    }

    #[test]
    fn without_one_a_circle_around_the_centroid_is_used() {
        let z = zip("02139", &Boundaries::new());
        let ZipShape::Circle(circle) = &z.shape else {
            panic!("{:?}", z.shape);
        };
        let entry = ZipTable::embedded().get(2139).expect("02139");
        let centroid = LatLng::new(entry.lat, entry.lng).expect("a point");
        let res = Resolution::Nine;
        let cells = circle.cells(res, 100_000).expect("cells");
        for cell in &cells {
            assert!(centroid.distance_km(LatLng::from(*cell)) <= 3.0);
        }
        let about = std::f64::consts::PI * 9.0 / res.area_km2();
        let ratio = cells.len() as f64 / about;
        assert!((0.9..1.1).contains(&ratio), "{}", cells.len());
        let note = z.note().unwrap_or_default();
        assert_eq!(
            note,
            "ZIP 02139 has no imported boundary; a 3 km circle around its \
             centroid was used."
        );
    }

    #[test]
    fn bad_and_unknown_zips_are_refused() {
        let at = |zip: Value| problem(json!({"type": "zip", "zip": zip}));
        let want = Problem::ZipCode("2139".into());
        assert_eq!(at(json!("2139")), Some(("a.zip".into(), want)));
        let got = at(json!("99999"));
        let want = Problem::UnknownZip("99999".into());
        assert_eq!(got, Some(("a.zip".into(), want.clone())));
        let text = want.to_string();
        assert!(text.starts_with("ZIP 99999 has no imported boundary"));
        assert!(text.contains("honeygrid boundaries import"), "{text}");
        let got = at(json!(2139)).map(|p| p.1);
        assert_eq!(got, Some(Problem::NotString("a number")));
        let got = problem(json!({"type": "zip"})).map(|p| p.1);
        assert_eq!(got, Some(Problem::Missing("zip")));
    }
}

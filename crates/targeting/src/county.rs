//! A county area: the cells whose centre is inside a US county's
//! outline, from the embedded county outlines (see [`crate::atlas`]).

use crate::atlas;
use crate::codes::five_digits;
use crate::error::{Problem, TargetingError};
use crate::json::Obj;
use crate::polygon::Polygon;

/// A county, by FIPS code.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct County {
    /// Its five-digit FIPS code: state then county, as `25017`.
    pub(crate) fips: String,
    /// Its name, as "Middlesex".
    pub(crate) name: &'static str,
    /// Its outline.
    pub(crate) polygon: &'static Polygon,
}

impl County {
    /// Reads `{"type":"county","fips":"25017"}`.
    pub(crate) fn parse(obj: &Obj) -> Result<County, TargetingError> {
        obj.only(&["type", "fips"], "type and fips")?;
        let fips = obj.string("fips")?;
        if !five_digits(fips) {
            let problem = Problem::CountyFips(fips.to_owned());
            return Err(obj.fail_at("fips", problem));
        }
        let found = atlas::county(fips)
            .map_err(|e| obj.fail(Problem::CountyData(e)))?;
        let Some(outline) = found else {
            let problem = Problem::UnknownCounty(fips.to_owned());
            return Err(obj.fail_at("fips", problem));
        };
        let Some(polygon) = &outline.polygon else {
            let problem = Problem::CountyTooSmall {
                fips: fips.to_owned(),
                name: outline.name.clone(),
            };
            return Err(obj.fail_at("fips", problem));
        };
        Ok(County {
            fips: fips.to_owned(),
            name: &outline.name,
            polygon,
        })
    }
}

#[cfg(test)]
mod tests {
    use h3o::{LatLng, Resolution};
    use serde_json::{Value, json};

    use super::*;

    fn parse(value: Value) -> Result<County, TargetingError> {
        County::parse(&Obj::new(&value, "a").expect("an object"))
    }

    fn county(fips: &str) -> County {
        parse(json!({"type": "county", "fips": fips})).expect("a county")
    }

    fn problem(value: Value) -> Option<(String, Problem)> {
        match parse(value) {
            Err(TargetingError::Invalid { path, problem }) => {
                Some((path, problem))
            }
            _ => None,
        }
    }

    #[test]
    fn a_county_is_read() {
        let c = county("25017");
        assert_eq!((c.fips.as_str(), c.name), ("25017", "Middlesex"));
    }

    #[test]
    fn bad_and_unknown_codes_are_refused() {
        let at = |f: Value| problem(json!({"type": "county", "fips": f}));
        let want = Problem::CountyFips("abc".into());
        assert_eq!(at(json!("abc")), Some(("a.fips".into(), want)));
        let got = at(json!("2501")).map(|p| p.1);
        assert_eq!(got, Some(Problem::CountyFips("2501".into())));
        let got = at(json!("99999"));
        let want = Problem::UnknownCounty("99999".into());
        assert_eq!(got, Some(("a.fips".into(), want.clone())));
        let text = want.to_string();
        assert!(text.starts_with("no county has FIPS code \"99999\""));
        let got = at(json!(25017)).map(|p| p.1);
        assert_eq!(got, Some(Problem::NotString("a number")));
        let got = at(json!("51610")).map(|p| p.1.to_string());
        let text = got.unwrap_or_default();
        assert!(text.starts_with("county 51610 (Falls Church) is too small"));
        let got = problem(json!({"type": "county", "fips": "25017", "x": 1}));
        assert!(matches!(got, Some((_, Problem::UnknownKey { .. }))));
    }

    /// Cook County, IL: 2,448 km² of land (its outline follows the
    /// Lake Michigan shore); a resolution 7 cell is about 5.16 km².
    #[test]
    fn cook_county_has_about_its_area_in_cells() {
        let c = county("17031");
        let res = Resolution::Seven;
        let cells = c.polygon.cells(res, 100_000).expect("cells");
        let want = 2448.0 / res.area_km2();
        let ratio = cells.len() as f64 / want;
        assert!((0.9..1.1).contains(&ratio), "{} cells", cells.len());
        for cell in &cells {
            assert!(c.polygon.contains(LatLng::from(*cell)));
        }
    }

    /// Suffolk County, MA (Boston, Chelsea, Revere, Winthrop): 150 km²
    /// of land, at resolution 8 (0.74 km² a cell); the coarse outline
    /// takes in some of the harbour.
    #[test]
    fn suffolk_county_is_filled() {
        let c = county("25025");
        let res = Resolution::Eight;
        let mut cells = c.polygon.cells(res, 100_000).expect("cells");
        cells.sort_unstable();
        cells.dedup();
        let want = 150.0 / res.area_km2();
        let ratio = cells.len() as f64 / want;
        assert!((0.8..1.6).contains(&ratio), "{} cells", cells.len());
        let city_hall = LatLng::new(42.3603, -71.058).expect("a point");
        assert!(cells.contains(&city_hall.to_cell(res)));
    }
}

//! The embedded US county outlines: `data/us_counties_10m.json`
//! (us-atlas 3.0.1, US Census 2017 cartographic boundaries simplified
//! at 1:10,000,000), compiled in and decoded once, on first use, into
//! an indexed polygon per county FIPS code.
//!
//! The outlines are trusted: they are not checked for crossing edges
//! (simplification can make neighbouring edges of a coastline touch);
//! the even-odd containment test gives a sensible answer regardless.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::polygon::Polygon;
use crate::topojson::decode;

const COUNTIES: &[u8] = include_bytes!("../../../data/us_counties_10m.json");

/// One county of the embedded outlines.
#[derive(Debug, PartialEq)]
pub(crate) struct Outline {
    /// Its name, as "Middlesex" (without "County").
    pub(crate) name: String,
    /// Its shape; `None` for a county too small to keep one at this
    /// scale.
    pub(crate) polygon: Option<Polygon>,
}

type Atlas = FxHashMap<String, Outline>;

/// The county with five-digit FIPS code `fips`, if any; an error if
/// the embedded data cannot be read (a bug).
pub(crate) fn county(fips: &str) -> Result<Option<&'static Outline>, String> {
    static ATLAS: OnceLock<Result<Atlas, String>> = OnceLock::new();
    let atlas = ATLAS.get_or_init(|| read(COUNTIES));
    match atlas {
        Ok(atlas) => Ok(atlas.get(fips)),
        Err(e) => Err(e.clone()),
    }
}

fn read(bytes: &[u8]) -> Result<Atlas, String> {
    let topology: Value =
        serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let geometries = decode(&topology, "counties")?;
    let mut atlas = Atlas::default();
    for g in geometries {
        let polygon =
            (!g.polygons.is_empty()).then(|| Polygon::new(&g.polygons));
        let outline = Outline {
            name: g.name,
            polygon,
        };
        atlas.insert(g.id, outline);
    }
    Ok(atlas)
}

#[cfg(test)]
mod tests {
    use h3o::LatLng;

    use super::*;
    use crate::geojson::Rings;

    fn inside(fips: &str, lat: f64, lng: f64) -> bool {
        let outline = county(fips).ok().flatten().expect("a county");
        let point = LatLng::new(lat, lng).expect("a point");
        outline.polygon.as_ref().is_some_and(|p| p.contains(point))
    }

    #[test]
    fn every_county_is_read() {
        let atlas = read(COUNTIES).expect("the atlas");
        assert_eq!(atlas.len(), 3231);
        assert!(atlas.keys().all(|k| k.len() == 5));
        let empty: Vec<&str> = atlas
            .iter()
            .filter(|(_, o)| o.polygon.is_none())
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(empty, ["51610"], "only Falls Church is too small");
        let cook = county("17031").ok().flatten().expect("Cook");
        assert_eq!(cook.name, "Cook");
        assert_eq!(county("99999"), Ok(None));
    }

    #[test]
    fn known_places_are_in_their_county() {
        // Boston City Hall, Suffolk County, MA.
        assert!(inside("25025", 42.3603, -71.0580));
        // Harvard Yard, Cambridge: Middlesex, not Suffolk.
        assert!(inside("25017", 42.3745, -71.1165));
        assert!(!inside("25025", 42.3745, -71.1165));
        // The Loop, Chicago: Cook; O'Hare too.
        assert!(inside("17031", 41.8819, -87.6278));
        assert!(inside("17031", 41.9786, -87.9048));
        // Lake Michigan off Chicago: the outline follows the shore.
        assert!(!inside("17031", 41.88, -87.45));
        // Los Angeles County holds Catalina island (a second polygon).
        assert!(inside("06037", 33.39, -118.42));
        // Fairfax County, VA, has Fairfax city (51600) as a hole.
        assert!(inside("51600", 38.8462, -77.3064));
        assert!(!inside("51059", 38.8462, -77.3064));
        assert!(inside("51059", 38.86, -77.40));
    }

    #[test]
    fn no_edge_crosses_the_antimeridian() {
        let topology: Value = serde_json::from_slice(COUNTIES).expect("JSON");
        let all = decode(&topology, "counties").expect("decoded");
        let rings = all.iter().flat_map(|g| g.polygons.iter().flatten());
        let jumps = |r: &Vec<[f64; 2]>| {
            let n = r.len();
            (0..n).any(|i| (r[(i + 1) % n][0] - r[i][0]).abs() > 180.0)
        };
        assert_eq!(rings.filter(|r| jumps(r)).count(), 0);
        let polygons: Vec<&Rings> =
            all.iter().flat_map(|g| &g.polygons).collect();
        assert!(polygons.len() > 3231);
    }
}

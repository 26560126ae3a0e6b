//! A radius area: the cells whose centre is within a great-circle
//! distance of a point.

use std::f64::consts::PI;

use h3o::{CellIndex, EARTH_RADIUS_KM, LatLng, Resolution};

use crate::error::{Problem, TargetingError};
use crate::flood::{Overflow, flood, margin_km};
use crate::json::Obj;

/// The largest radius accepted, in km.
pub const MAX_RADIUS_KM: f64 = 500.0;

/// A disc on the sphere.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Radius {
    centre: LatLng,
    km: f64,
}

impl Radius {
    /// Reads `{"type":"radius","lat":..,"lng":..,"radius_km":..}`.
    pub(crate) fn parse(obj: &Obj) -> Result<Radius, TargetingError> {
        let keys = ["type", "lat", "lng", "radius_km"];
        obj.only(&keys, "type, lat, lng and radius_km")?;
        let lat = obj.number("lat")?;
        if !(-90.0..=90.0).contains(&lat) {
            return Err(obj.fail_at("lat", Problem::Latitude(lat)));
        }
        let lng = obj.number("lng")?;
        if !(-180.0..=180.0).contains(&lng) {
            return Err(obj.fail_at("lng", Problem::Longitude(lng)));
        }
        let km = obj.number("radius_km")?;
        if km <= 0.0 || km > MAX_RADIUS_KM {
            return Err(obj.fail_at("radius_km", Problem::RadiusKm(km)));
        }
        Radius::new(lat, lng, km)
            .ok_or_else(|| obj.fail(Problem::Latitude(lat)))
    }

    /// A disc of `km` around (`lat`, `lng`) in degrees.
    pub(crate) fn new(lat: f64, lng: f64, km: f64) -> Option<Radius> {
        let centre = LatLng::new(lat, lng).ok()?;
        Some(Radius { centre, km })
    }

    /// True when `point` is within the radius.
    pub(crate) fn contains(&self, point: LatLng) -> bool {
        self.centre.distance_km(point) <= self.km
    }

    /// About how many cells at `res` the disc covers.
    pub(crate) fn about_cells(&self, res: Resolution) -> f64 {
        let r = EARTH_RADIUS_KM;
        let cap = 2.0 * PI * r * r * (1.0 - (self.km / r).cos());
        cap / res.area_km2()
    }

    /// The cells at `res` whose centre is within the radius, unsorted;
    /// [`Overflow`] past `cap` candidates.
    pub(crate) fn cells(
        &self,
        res: Resolution,
        cap: usize,
    ) -> Result<Vec<CellIndex>, Overflow> {
        let reach = self.km + margin_km(res);
        let centre = self.centre;
        let near = move |p: LatLng| centre.distance_km(p) <= reach;
        let found = flood(centre.to_cell(res), near, cap)?;
        Ok(found
            .into_iter()
            .filter(|(_, p)| self.contains(*p))
            .map(|(cell, _)| cell)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn parse(value: Value) -> Result<Radius, TargetingError> {
        Radius::parse(&Obj::new(&value, "a").expect("an object"))
    }

    fn problem(value: Value) -> Option<Problem> {
        parse(value).err().and_then(|e| e.problem().cloned())
    }

    fn disc(km: f64) -> Radius {
        Radius::new(40.7, -74.0, km).expect("a disc")
    }

    #[test]
    fn a_radius_is_read() {
        let got = parse(json!({
            "type": "radius", "lat": 40.7, "lng": -74.0, "radius_km": 5
        }));
        assert_eq!(got.ok(), Some(disc(5.0)));
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let at = |lat: f64, lng: f64, km: f64| {
            problem(json!({
                "type": "radius", "lat": lat, "lng": lng, "radius_km": km
            }))
        };
        assert_eq!(at(91.0, 0.0, 1.0), Some(Problem::Latitude(91.0)));
        assert_eq!(at(0.0, -181.0, 1.0), Some(Problem::Longitude(-181.0)));
        assert_eq!(at(0.0, 0.0, 0.0), Some(Problem::RadiusKm(0.0)));
        assert_eq!(at(0.0, 0.0, -1.0), Some(Problem::RadiusKm(-1.0)));
        assert_eq!(at(0.0, 0.0, 5000.0), Some(Problem::RadiusKm(5000.0)));
        assert!(at(90.0, 180.0, 500.0).is_none());
    }

    #[test]
    fn missing_and_odd_keys_are_refused() {
        let missing = problem(json!({"type": "radius", "lat": 1, "lng": 2}));
        assert_eq!(missing, Some(Problem::Missing("radius_km")));
        let text = problem(json!({
            "type": "radius", "lat": "1", "lng": 2, "radius_km": 1
        }));
        assert_eq!(text, Some(Problem::NotNumber("a string")));
        let odd = problem(json!({
            "type": "radius", "lat": 1, "lng": 2, "radius": 1
        }));
        assert!(matches!(odd, Some(Problem::UnknownKey { key, .. })
            if key == "radius"));
    }

    #[test]
    fn the_count_grows_with_the_radius() {
        let res = Resolution::Nine;
        let mut last = 0;
        for km in [0.5, 1.0, 2.0, 4.0] {
            let n = disc(km).cells(res, 1_000_000).expect("cells").len();
            assert!(n > last, "{km} km: {n} cells, not above {last}");
            let about = disc(km).about_cells(res);
            let ratio = n as f64 / about;
            assert!((0.8..1.25).contains(&ratio), "{km} km: {ratio}");
            last = n;
        }
    }

    #[test]
    fn exactly_the_cells_within_are_found() {
        let res = Resolution::Nine;
        let d = disc(3.0);
        let mut got = d.cells(res, 1_000_000).expect("cells");
        got.sort_unstable();
        let mut want: Vec<_> = d
            .centre
            .to_cell(res)
            .grid_disk::<Vec<_>>(40)
            .into_iter()
            .filter(|c| d.contains(LatLng::from(*c)))
            .collect();
        want.sort_unstable();
        assert_eq!(got, want);
        let outside = d
            .centre
            .to_cell(res)
            .grid_ring_fast(30)
            .flatten()
            .find(|c| !d.contains(LatLng::from(*c)));
        let outside = outside.expect("a cell outside");
        assert!(!got.contains(&outside));
    }

    #[test]
    fn a_cell_just_outside_is_left_out() {
        let res = Resolution::Ten;
        let d = disc(1.0);
        let got = d.cells(res, 1_000_000).expect("cells");
        let far = |c: &CellIndex| d.centre.distance_km(LatLng::from(*c));
        let nearest_out = d
            .centre
            .to_cell(res)
            .grid_disk::<Vec<_>>(20)
            .into_iter()
            .filter(|c| !got.contains(c))
            .map(|c| far(&c))
            .fold(f64::INFINITY, f64::min);
        assert!(nearest_out > 1.0 && nearest_out < 1.1, "{nearest_out}");
        assert!(got.iter().all(|c| far(c) <= 1.0));
    }

    #[test]
    fn a_tiny_radius_can_hold_no_centre() {
        let d = disc(0.001);
        assert!(d.cells(Resolution::Five, 10).expect("cells").is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn anywhere_the_fill_finds_what_a_disk_finds(
            lat in -89.0f64..89.0,
            lng in -180.0f64..180.0,
            km in 0.3f64..4.0,
        ) {
            let res = Resolution::Eight;
            let d = Radius::new(lat, lng, km).expect("a disc");
            let mut got = d.cells(res, 100_000).expect("cells");
            got.sort_unstable();
            let mut want: Vec<_> = d
                .centre
                .to_cell(res)
                .grid_disk::<Vec<_>>(25)
                .into_iter()
                .filter(|c| d.contains(LatLng::from(*c)))
                .collect();
            want.sort_unstable();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn the_cap_is_kept() {
        let d = disc(25.0);
        assert_eq!(d.cells(Resolution::Ten, 1000), Err(Overflow));
    }
}

//! Where customers live: ZIPs from the embedded table, and points near
//! their centroids.
//!
//! A real customer base clusters, so most rows come from a few "home"
//! ZIPs (some busier than others) and the rest from anywhere.

use honeygrid_geocode::zip_table::{ZipEntry, ZipTable};

use crate::rng::Rng;

/// How many ZIPs the clustered rows come from.
const HOME_ZIPS: usize = 200;
/// Percent of rows drawn from the home ZIPs.
const HOME_PERCENT: u64 = 70;
/// Largest distance of a point from its ZIP centroid, km.
const MAX_OFFSET_KM: f64 = 2.0;
/// Kilometres per degree of latitude (mean).
const KM_PER_DEGREE: f64 = 111.2;

/// The ZIPs rows are drawn from.
#[derive(Debug)]
pub(crate) struct Places {
    /// Every ZIP with a city; the first `homes` are the home ZIPs.
    zips: Vec<&'static ZipEntry>,
    homes: usize,
}

impl Places {
    /// Picks the home ZIPs with `rng`.
    pub(crate) fn new(rng: &mut Rng) -> Places {
        let table = ZipTable::embedded().entries();
        let has_city = |e: &&ZipEntry| !e.city.is_empty();
        let mut zips: Vec<_> = table.iter().filter(has_city).collect();
        let homes = HOME_ZIPS.min(zips.len());
        for i in 0..homes {
            let rest = (zips.len() - i) as u64;
            zips.swap(i, i + rng.below(rest) as usize);
        }
        Places { zips, homes }
    }

    /// The ZIP of the next row.
    pub(crate) fn pick(&self, rng: &mut Rng) -> &'static ZipEntry {
        let index = if rng.percent(HOME_PERCENT) {
            let u = rng.unit();
            (self.homes as f64 * u * u) as usize
        } else {
            rng.below(self.zips.len() as u64) as usize
        };
        self.zips[index]
    }
}

/// A point uniformly in the disc of radius [`MAX_OFFSET_KM`] around
/// the centroid of `zip`, as `(lat, lng)` clamped to valid ranges.
pub(crate) fn near(zip: &ZipEntry, rng: &mut Rng) -> (f64, f64) {
    let (dx, dy) = in_unit_disc(rng);
    let lat_deg = MAX_OFFSET_KM / KM_PER_DEGREE;
    let lng_deg = lat_deg / cos(zip.lat.to_radians()).max(0.01);
    let lat = (zip.lat + dy * lat_deg).clamp(-90.0, 90.0);
    let lng = (zip.lng + dx * lng_deg).clamp(-180.0, 180.0);
    (lat, lng)
}

/// A point uniformly in the unit disc, by rejection from the square.
fn in_unit_disc(rng: &mut Rng) -> (f64, f64) {
    loop {
        let x = 2.0 * rng.unit() - 1.0;
        let y = 2.0 * rng.unit() - 1.0;
        if x * x + y * y <= 1.0 {
            return (x, y);
        }
    }
}

/// Cosine for `|x| <= pi/2` from its Taylor series (error below 1e-10).
///
/// Plain arithmetic gives the same bits on every platform, which the
/// system `cos` does not promise.
fn cos(x: f64) -> f64 {
    const C: [f64; 7] = [
        -1.0 / 2.0,
        1.0 / 24.0,
        -1.0 / 720.0,
        1.0 / 40_320.0,
        -1.0 / 3_628_800.0,
        1.0 / 479_001_600.0,
        -1.0 / 87_178_291_200.0,
    ];
    let x2 = x * x;
    1.0 + x2 * C.iter().rev().fold(0.0, |acc, c| c + x2 * acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home_zips(places: &Places) -> Vec<u32> {
        places.zips[..places.homes].iter().map(|e| e.zip).collect()
    }

    #[test]
    fn series_matches_cos() {
        for i in 0..=90 {
            let x = f64::from(i).to_radians();
            assert!((cos(x) - x.cos()).abs() < 1e-9, "{i}");
        }
    }

    #[test]
    fn home_zips_are_distinct_and_have_cities() {
        let places = Places::new(&mut Rng::new(1));
        let mut homes = home_zips(&places);
        homes.sort_unstable();
        homes.dedup();
        assert_eq!(homes.len(), HOME_ZIPS);
        assert!(places.zips.iter().all(|e| !e.city.is_empty()));
    }

    #[test]
    fn most_rows_come_from_home() {
        let mut rng = Rng::new(2);
        let places = Places::new(&mut rng);
        let homes = home_zips(&places);
        let at_home = (0..10_000)
            .filter(|_| homes.contains(&places.pick(&mut rng).zip))
            .count();
        assert!((6_700..=7_400).contains(&at_home), "{at_home}");
    }
}

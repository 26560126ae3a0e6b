//! The streets and address points of the synthetic world.
//!
//! Each ZIP gets the same list of streets ([`STREETS`]) plus one street
//! of its own, as parallel straight lines 250 m apart around the ZIP's
//! centroid. House numbers run from 100 to 2000: even numbers on the
//! north side, odd on the south, 15 m from the centre line, lots 4 to
//! 10 m wide. Streets sharing a name with another suffix or directional
//! ("Oak Ct" and "Oak Ave", "N Main St" and "S Main St") are the decoys.

use std::fmt::Write as _;

use honeygrid_address::{StreetKey, normalize_street};
use honeygrid_geocode::{ZipEntry, ZipTable};

use super::Rng;

/// How a street is written, short and long.
#[derive(Debug, Clone, Copy)]
pub struct Spelling {
    /// `N Main St`.
    pub short: &'static str,
    /// `North Main Street`.
    pub long: &'static str,
    /// The name word(s) as written in both forms, which typos alter;
    /// empty when typos are not drawn on this street.
    pub typo_name: &'static str,
}

const fn s(
    short: &'static str,
    long: &'static str,
    typo_name: &'static str,
) -> Spelling {
    Spelling {
        short,
        long,
        typo_name,
    }
}

/// The streets every ZIP has.
pub const STREETS: &[Spelling] = &[
    s("N Main St", "North Main Street", ""),
    s("Oak Ct", "Oak Court", ""),
    s("Elm Ave", "Elm Avenue", ""),
    s("Elm Ct", "Elm Court", ""),
    s("Washington Blvd", "Washington Boulevard", "Washington"),
    s("Pennsylvania Ave", "Pennsylvania Avenue", "Pennsylvania"),
    s("Riverside Dr", "Riverside Drive", "Riverside"),
    s("Brookside Ln", "Brookside Lane", ""),
    s("Brookline Ln", "Brookline Lane", ""),
    s("Maple St", "Maple Street", ""),
    s("Lakeview Ter", "Lakeview Terrace", "Lakeview"),
    s("Park Ave W", "Park Avenue West", ""),
    s("5th Ave", "Fifth Avenue", ""),
];

/// One street per ZIP, the i-th ZIP taking the i-th (cycling).
pub const OWN_STREETS: &[Spelling] = &[
    s("Harborview Rd", "Harborview Road", "Harborview"),
    s("Sagebrush Trl", "Sagebrush Trail", "Sagebrush"),
    s("Cottonwood Cir", "Cottonwood Circle", "Cottonwood"),
    s("Glenhaven Way", "Glenhaven Way", "Glenhaven"),
    s("Foxborough Pl", "Foxborough Place", "Foxborough"),
];

/// Streets that exist only with another suffix or directional.
pub const DECOYS: &[&str] = &[
    "S Main St",
    "Main St",
    "N Main Ave",
    "Oak Ave",
    "Elm St",
    "Park Ave E",
    "Park Ave",
    "Maple Ave",
    "N Maple St",
    "5th St",
];

/// Streets that exist nowhere.
pub const NOWHERE: &[&str] = &[
    "Quartzite Pkwy",
    "Juniper Hollow Rd",
    "Silverbell Ct",
    "Thornapple Way",
];

/// Misspellings as close to "Brookside Ln" as to "Brookline Ln".
pub const AMBIGUOUS_TYPOS: &[&str] = &["Brooklide Ln", "Brooksine Ln"];

/// The lowest and highest house numbers.
pub const NUMBERS: (u32, u32) = (100, 2000);

/// One street of one ZIP.
#[derive(Debug, Clone)]
pub struct Street {
    /// How it is written.
    pub spelling: Spelling,
    /// Its key, as the geocoder normalises it.
    pub key: StreetKey,
    /// The ZIP's position in [`World::zips`].
    pub zip: usize,
}

/// One address point.
#[derive(Debug, Clone)]
pub struct Point {
    /// The street's position in [`World::streets`].
    pub street: usize,
    /// The house number.
    pub number: u32,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lng: f64,
    /// Whether the point is imported into the index.
    pub indexed: bool,
}

/// The whole synthetic world.
#[derive(Debug, Clone)]
pub struct World {
    /// The ZIPs used.
    pub zips: Vec<&'static ZipEntry>,
    /// Every street.
    pub streets: Vec<Street>,
    /// Every point, street by street, in number order.
    pub points: Vec<Point>,
}

const METRES_PER_DEGREE: f64 = 111_195.0;

impl World {
    /// The world around `zips`, with each point indexed with
    /// probability `indexed`.
    pub fn new(zips: &[u32], indexed: f64, rng: &mut Rng) -> World {
        let table = ZipTable::embedded();
        let zips: Vec<&ZipEntry> = zips
            .iter()
            .map(|z| table.get(*z).expect("ZIP in the embedded table"))
            .collect();
        let mut world = World {
            zips,
            streets: Vec::new(),
            points: Vec::new(),
        };
        for z in 0..world.zips.len() {
            let own = OWN_STREETS[z % OWN_STREETS.len()];
            let spellings = STREETS.iter().copied().chain([own]);
            for (j, spelling) in spellings.enumerate() {
                world.lay_street(z, j, spelling, indexed, rng);
            }
        }
        world
    }

    /// `n` ZIPs of the embedded table in distinct cities, spread over
    /// the table.
    pub fn distinct_zips(n: usize) -> Vec<u32> {
        let entries = ZipTable::embedded().entries();
        let stride = (entries.len() / (n * 2)).max(1);
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for e in entries.iter().step_by(stride) {
            if !e.city.is_empty() && seen.insert((e.city, e.state)) {
                out.push(e.zip);
            }
            if out.len() == n {
                break;
            }
        }
        out
    }

    fn lay_street(
        &mut self,
        zip: usize,
        j: usize,
        spelling: Spelling,
        indexed: f64,
        rng: &mut Rng,
    ) {
        let key = key_of(spelling.short);
        let id = self.streets.len();
        self.streets.push(Street { spelling, key, zip });
        let centre = self.zips[zip];
        let y = (j as f64 - 7.0) * 250.0;
        let mut x = -3000.0;
        for lot in 0..=(NUMBERS.1 - NUMBERS.0) / 2 {
            x += rng.range(4.0, 10.0);
            for (number, side) in
                [(NUMBERS.0 + 2 * lot, 1.0), (NUMBERS.0 + 2 * lot + 1, -1.0)]
            {
                if number > NUMBERS.1 {
                    continue;
                }
                let dy = y + side * 15.0 + rng.range(-2.0, 2.0);
                let dx = x + rng.range(-1.0, 1.0);
                let (lat, lng) = offset(centre, dx, dy);
                self.points.push(Point {
                    street: id,
                    number,
                    lat,
                    lng,
                    indexed: rng.chance(indexed),
                });
            }
        }
    }

    /// The indexed points as an OpenAddresses CSV file. Street names
    /// are written in the short or long form, city and state are given
    /// for half the points (the importer takes the others from the
    /// ZIP), and every point numbered a multiple of 100 gets two unit
    /// rows 3 m away.
    pub fn open_addresses_csv(&self, rng: &mut Rng) -> String {
        let mut out = String::with_capacity(self.points.len() * 80);
        out.push_str("LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,");
        out.push_str("POSTCODE,ID,HASH\n");
        for (i, p) in self.points.iter().enumerate().filter(|(_, p)| p.indexed)
        {
            let street = &self.streets[p.street];
            let zip = self.zips[street.zip];
            let name = match rng.chance(0.5) {
                true => street.spelling.short.to_owned(),
                false => street.spelling.long.to_uppercase(),
            };
            let (city, state) = match rng.chance(0.5) {
                true => (zip.city, zip.state),
                false => ("", ""),
            };
            let mut row = |unit: &str, lat: f64| {
                let _ = writeln!(
                    out,
                    "{:.7},{:.7},{},{name},{unit},{city},,{state},{},{i},",
                    p.lng,
                    lat,
                    p.number,
                    zip.code(),
                );
            };
            row("", p.lat);
            if p.number.is_multiple_of(100) {
                row("APT 1", p.lat + 3.0 / METRES_PER_DEGREE);
                row("APT 2", p.lat - 3.0 / METRES_PER_DEGREE);
            }
        }
        out
    }

    /// The number of rows [`World::open_addresses_csv`] writes.
    pub fn indexed_rows(&self) -> usize {
        let units =
            |p: &Point| if p.number.is_multiple_of(100) { 3 } else { 1 };
        self.points.iter().filter(|p| p.indexed).map(units).sum()
    }
}

/// The key of a street written without a house number.
pub fn key_of(street: &str) -> StreetKey {
    normalize_street(&format!("1 {street}"))
        .key()
        .expect("a street")
}

/// The point `dx` metres east and `dy` metres north of a centroid.
fn offset(centre: &ZipEntry, dx: f64, dy: f64) -> (f64, f64) {
    let lat = centre.lat + dy / METRES_PER_DEGREE;
    let lng =
        centre.lng + dx / (METRES_PER_DEGREE * centre.lat.to_radians().cos());
    (lat, lng)
}

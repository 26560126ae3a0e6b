//! The matching rules: from a normalised address to a point, or to a
//! reason why not.
//!
//! 1. The area: the ZIP when the index has points in it; otherwise the
//!    city and state when it has points there. A ZIP the index covers
//!    is trusted: a street not found in it is a miss, even if the city
//!    has a street of that name under another ZIP.
//! 2. The street: the address's [`StreetKey`] in that area. When the
//!    area has no such street, a misspelt name is accepted only if
//!    exactly one street of the area has the same pre-directional,
//!    suffix and post-directional and a name within the typo budget
//!    ([`typo_budget`]); two or more such streets are
//!    [`Miss::AmbiguousStreet`]. A different suffix or directional is
//!    never tolerated: "Oak Ct" never matches "Oak Ave", "N Main St"
//!    never matches "S Main St", and a missing directional or suffix is
//!    a difference too.
//! 3. The house number, on that street's side (its parity):
//!    - the same number, with the same text (`12B`), is
//!      [`Precision::Rooftop`]; among several points with that number,
//!      the one with the address's unit, else the one without a unit,
//!      else the first;
//!    - the same value with another text (`12B` asked, `12` indexed) is
//!      [`Precision::Interpolated`], at that point;
//!    - otherwise, the nearest lower and higher numbers of the same
//!      parity give a linear interpolation, [`Precision::Interpolated`];
//!      with only one of them, or with the two more than
//!      [`MAX_SPAN_M`] apart, the address is not found.
//!
//!    Two points of the chosen number and unit more than [`SPREAD_M`]
//!    apart (the same street name twice in one city, under two ZIPs)
//!    make the address [`Miss::AmbiguousStreet`]; the units of a large
//!    building may spread wider.

use honeygrid_address::StreetKey;
use honeygrid_core::{Miss, Precision};

use crate::points::index::{Area, Block, Entry, Side};
use crate::points::set::from_e7;
use crate::points::{
    AddressIndex, AddressQuery, HouseNumber, typo_budget, within_edits,
};

/// The farthest apart two points may be to interpolate between them,
/// in metres.
pub const MAX_SPAN_M: f64 = 2_000.0;

/// The farthest apart points of one address may be before the address
/// is called ambiguous, in metres.
pub const SPREAD_M: f64 = 250.0;

/// Where an address was found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Located<'a> {
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lng: f64,
    /// [`Precision::Rooftop`] or [`Precision::Interpolated`].
    pub precision: Precision,
    /// The street matched, which differs from the address's own only
    /// when its name was misspelt.
    pub street: &'a StreetKey,
    /// Whether the street was found despite a misspelt name.
    pub typo: bool,
}

/// A point on a street and its precision.
type Spot = (f64, f64, Precision);

impl AddressIndex {
    /// Finds an address (see the module documentation for the rules).
    pub fn locate(&self, q: &AddressQuery) -> Result<Located<'_>, Miss> {
        if let Some(zip) = q.zip.filter(|z| self.by_zip.covers(*z)) {
            return self.locate_in(&self.by_zip, zip, q);
        }
        let place = q.place.as_ref().and_then(|p| self.places.id(p));
        match place.filter(|p| self.by_place.covers(*p)) {
            Some(place) => self.locate_in(&self.by_place, place, q),
            None => Err(Miss::AddressNotFound),
        }
    }

    fn locate_in(
        &self,
        area: &Area,
        id: u32,
        q: &AddressQuery,
    ) -> Result<Located<'_>, Miss> {
        let number = q.number.as_ref().ok_or(Miss::AddressNotFound)?;
        let exact = self.streets.id(&q.street);
        let (street, typo) =
            match exact.filter(|s| area.block(id, *s).is_some()) {
                Some(street) => (street, false),
                None => (self.close_street(area, id, &q.street)?, true),
            };
        let block = area.block(id, street).ok_or(Miss::AddressNotFound)?;
        let (lat, lng, precision) =
            self.on_street(area, block, number, q.unit.as_deref())?;
        Ok(Located {
            lat,
            lng,
            precision,
            street: self.street(street),
            typo,
        })
    }

    /// The one street of the area whose name is a small typo away.
    fn close_street(
        &self,
        area: &Area,
        id: u32,
        key: &StreetKey,
    ) -> Result<u32, Miss> {
        let mut close = area.streets(id).iter().copied().filter(|&s| {
            let other = self.street(s);
            let budget = typo_budget(&key.name, &other.name);
            other.predir == key.predir
                && other.suffix == key.suffix
                && other.postdir == key.postdir
                && budget > 0
                && within_edits(&key.name, &other.name, budget)
        });
        match (close.next(), close.next()) {
            (Some(one), None) => Ok(one),
            (Some(_), Some(_)) => Err(Miss::AmbiguousStreet),
            (None, _) => Err(Miss::AddressNotFound),
        }
    }

    /// The house number on one street's block.
    fn on_street(
        &self,
        area: &Area,
        block: Block,
        number: &HouseNumber,
        unit: Option<&str>,
    ) -> Result<Spot, Miss> {
        let side = area.side(block, number.parity());
        let v = number.value;
        let lo = side.values.partition_point(|&x| x < v);
        let hi = lo + side.values[lo..].partition_point(|&x| x <= v);
        if lo < hi {
            return self.same_number(&side.entries[lo..hi], number, unit);
        }
        if lo == 0 || hi == side.values.len() {
            return Err(Miss::AddressNotFound);
        }
        let below = first_of(side, side.values[lo - 1]);
        interpolate(below, (side.values[hi], &side.entries[hi]), v)
            .ok_or(Miss::AddressNotFound)
    }

    /// Among the points with the address's value: the exact number, or
    /// another text of that value.
    fn same_number(
        &self,
        same: &[Entry],
        number: &HouseNumber,
        unit: Option<&str>,
    ) -> Result<Spot, Miss> {
        let text = match &number.text {
            None => Some(0),
            Some(t) => self.texts.id(&**t),
        };
        let unit = unit.and_then(|u| self.texts.id(u));
        let exact = text.map_or(&[][..], |t| with_text(same, t));
        let (group, precision) = match exact.is_empty() {
            false => (exact, Precision::Rooftop),
            true => (same, Precision::Interpolated),
        };
        let chosen = choose(group, unit);
        let twin =
            |e: &Entry| e.unit == chosen.unit && metres(e, &chosen) > SPREAD_M;
        if group.iter().any(twin) {
            return Err(Miss::AmbiguousStreet);
        }
        Ok((from_e7(chosen.lat), from_e7(chosen.lng), precision))
    }
}

/// The run of `same` (entries of one value, sorted by text) with
/// `text`.
fn with_text(same: &[Entry], text: u32) -> &[Entry] {
    let start = same.partition_point(|e| e.text < text);
    let end = same.partition_point(|e| e.text <= text);
    &same[start..end]
}

/// The entry with the unit, else the one without a unit, else the
/// first.
fn choose(group: &[Entry], unit: Option<u32>) -> Entry {
    let with = |u: u32| group.iter().find(|e| e.unit == u);
    unit.and_then(with)
        .or_else(|| with(0))
        .unwrap_or(&group[0])
        .to_owned()
}

/// The first entry of `side` with `value`, with its value (entries of
/// one value are sorted plain text and no unit first).
fn first_of(side: Side<'_>, value: u32) -> (u32, &Entry) {
    let i = side.values.partition_point(|&x| x < value);
    (value, &side.entries[i])
}

/// The point of `v` on the line from `below` to `above`, each given
/// with its value.
fn interpolate(
    (low, below): (u32, &Entry),
    (high, above): (u32, &Entry),
    v: u32,
) -> Option<Spot> {
    if metres(below, above) > MAX_SPAN_M {
        return None;
    }
    let t = f64::from(v - low) / f64::from(high - low);
    let along = |a: i32, b: i32| from_e7(a) + t * (from_e7(b) - from_e7(a));
    let lat = along(below.lat, above.lat);
    let lng = along(below.lng, above.lng);
    Some((lat, lng, Precision::Interpolated))
}

/// The distance between two entries in metres, by the equirectangular
/// approximation (ample at street scale).
fn metres(a: &Entry, b: &Entry) -> f64 {
    const METRES_PER_DEGREE: f64 = 111_195.0;
    let (lat_a, lat_b) = (from_e7(a.lat), from_e7(b.lat));
    let mean = ((lat_a + lat_b) / 2.0).to_radians();
    let dy = lat_b - lat_a;
    let dx = (from_e7(b.lng) - from_e7(a.lng)) * mean.cos();
    METRES_PER_DEGREE * dx.hypot(dy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::AddressPoint;
    use honeygrid_address::normalize_street;

    /// A point of `street` in `zip`, Springfield IL, at a latitude
    /// that grows by 10⁻⁵ degree (1.1 m) per house number.
    fn at(
        number: &str,
        street: &str,
        zip: u32,
        unit: Option<&str>,
    ) -> AddressPoint {
        let n = HouseNumber::parse(number).unwrap();
        let lat = 39.0 + f64::from(n.value) * 1e-5;
        AddressPoint {
            number: n,
            street: normalize_street(&format!("1 {street}")).key().unwrap(),
            unit: unit.map(String::from),
            city: Some("SPRINGFIELD".into()),
            state: Some("IL"),
            zip: Some(zip),
            lat,
            lng: -89.0 - f64::from(zip % 10) * 0.05,
        }
    }

    fn index() -> AddressIndex {
        let mut points = Vec::new();
        for n in (100..=120).step_by(2).filter(|n| *n != 110) {
            points.push(at(&n.to_string(), "N Main St", 62701, None));
        }
        for n in (101..=119).step_by(2) {
            points.push(at(&n.to_string(), "N Main St", 62701, None));
        }
        points.push(at("102", "N Main St", 62701, Some("4")));
        points.push(at("104B", "N Main St", 62701, None));
        for street in
            ["Oak Ct", "Wellington Ave", "Brookside Dr", "Brookline Dr"]
        {
            points.push(at("100", street, 62701, None));
            points.push(at("200", street, 62701, None));
        }
        points.push(at("100", "Elm St", 62702, None));
        points.push(at("100", "Cedar Rd", 62703, None));
        points.push(at("100", "Cedar Rd", 62708, None));
        AddressIndex::from_points(&points)
    }

    fn find(
        index: &AddressIndex,
        line: &str,
        zip: &str,
    ) -> Result<(f64, Precision, String, bool), Miss> {
        let q = AddressQuery::from_text(line, "", "Springfield", "IL", zip)?;
        let l = index.locate(&q)?;
        Ok((l.lat, l.precision, l.street.to_string(), l.typo))
    }

    fn lat(n: u32) -> f64 {
        39.0 + f64::from(n) * 1e-5
    }

    #[test]
    fn exact_numbers_are_rooftop() {
        let index = index();
        let got = find(&index, "112 North Main Street", "62701").unwrap();
        assert_eq!(
            got,
            (lat(112), Precision::Rooftop, "N MAIN ST".into(), false)
        );
        let odd = find(&index, "113 n main st", "62701-1234").unwrap();
        assert_eq!((odd.0, odd.1), (lat(113), Precision::Rooftop));
        let lettered = find(&index, "104B N Main St", "62701").unwrap();
        assert_eq!((lettered.0, lettered.1), (lat(104), Precision::Rooftop));
    }

    #[test]
    fn missing_numbers_are_interpolated_on_their_side() {
        let index = index();
        let (got, precision, ..) =
            find(&index, "110 N Main St", "62701").unwrap();
        assert_eq!(precision, Precision::Interpolated);
        assert!((got - lat(110)).abs() < 1e-9);
        let letter = find(&index, "106C N Main St", "62701").unwrap();
        assert_eq!((letter.0, letter.1), (lat(106), Precision::Interpolated));
        for outside in ["98 N Main St", "122 N Main St", "121 N Main St"] {
            assert_eq!(
                find(&index, outside, "62701"),
                Err(Miss::AddressNotFound),
                "{outside}"
            );
        }
    }

    #[test]
    fn never_another_street() {
        let index = index();
        for line in [
            "112 S Main St",
            "112 Main St",
            "112 N Main Ave",
            "112 N Main St NW",
            "100 Oak Ave",
            "100 Oak",
            "100 Elm St",
            "100 Nowhere Rd",
        ] {
            assert_eq!(
                find(&index, line, "62701"),
                Err(Miss::AddressNotFound),
                "{line}"
            );
        }
        assert_eq!(
            find(&index, "N Main St", "62701"),
            Err(Miss::AddressNotFound)
        );
    }

    #[test]
    fn small_typos_on_one_street_only() {
        let index = index();
        let got = find(&index, "100 Welington Ave", "62701").unwrap();
        assert_eq!(
            got,
            (lat(100), Precision::Rooftop, "WELLINGTON AVE".into(), true)
        );
        let swapped = find(&index, "150 Wellingotn Ave", "62701").unwrap();
        assert_eq!(swapped.1, Precision::Interpolated);
        assert_eq!(
            find(&index, "100 Welington St", "62701"),
            Err(Miss::AddressNotFound)
        );
        assert_eq!(
            find(&index, "100 Brooklide Dr", "62701"),
            Err(Miss::AmbiguousStreet)
        );
        assert_eq!(
            find(&index, "100 Oax Ct", "62701"),
            Err(Miss::AddressNotFound)
        );
    }

    #[test]
    fn units_pick_their_point_or_the_building() {
        let index = index();
        let q = |a2: &str| {
            let q =
                AddressQuery::from_text("102 N Main St", a2, "", "", "62701")
                    .unwrap();
            index.locate(&q).map(|l| (l.lat, l.precision))
        };
        assert_eq!(q("Apt 4"), Ok((lat(102), Precision::Rooftop)));
        assert_eq!(q("#9"), Ok((lat(102), Precision::Rooftop)));
        assert_eq!(q(""), Ok((lat(102), Precision::Rooftop)));
    }

    #[test]
    fn areas() {
        let index = index();
        let by_city = find(&index, "112 N Main St", "").unwrap();
        assert_eq!(by_city.1, Precision::Rooftop);
        let uncovered_zip = find(&index, "112 N Main St", "62799").unwrap();
        assert_eq!(uncovered_zip.0, lat(112));
        assert_eq!(
            find(&index, "100 Elm St", "62701"),
            Err(Miss::AddressNotFound),
            "a covered ZIP is trusted"
        );
        assert!(find(&index, "100 Cedar Rd", "62703").is_ok());
        assert_eq!(
            find(&index, "100 Cedar Rd", ""),
            Err(Miss::AmbiguousStreet),
            "two Cedar Rds in the city, 20 km apart"
        );
        let elsewhere =
            AddressQuery::from_text("1 Main St", "", "Boston", "MA", "")
                .unwrap();
        assert_eq!(index.locate(&elsewhere), Err(Miss::AddressNotFound));
    }

    #[test]
    fn units_of_a_large_building_may_spread() {
        let mut points = vec![at("300", "Court Sq", 62701, None)];
        for unit in ["1", "2"] {
            let mut p = at("300", "Court Sq", 62701, Some(unit));
            p.lat += f64::from(unit.parse::<u8>().unwrap()) * 0.003;
            points.push(p);
        }
        let index = AddressIndex::from_points(&points);
        let got = find(&index, "300 Court Sq", "62701").unwrap();
        assert_eq!((got.0, got.1), (lat(300), Precision::Rooftop));
        let unit = find(&index, "300 Court Sq Apt 2", "62701").unwrap();
        assert!((unit.0 - lat(300) - 0.006).abs() < 1e-9);
    }

    #[test]
    fn hyphenated_numbers_match_by_text() {
        let points = [
            at("123-45", "67th Ave", 11375, None),
            at("123-51", "67th Ave", 11375, None),
            at("125", "67th Ave", 11375, None),
        ];
        let index = AddressIndex::from_points(&points);
        let got = find(&index, "123-45 67th Avenue", "11375").unwrap();
        assert_eq!(got.1, Precision::Rooftop);
        let near = find(&index, "123-47 67th Ave", "11375").unwrap();
        assert_eq!((near.0, near.1), (lat(123), Precision::Interpolated));
    }

    #[test]
    fn no_interpolation_across_long_gaps() {
        let points = [
            at("100", "Long Rd", 62701, None),
            at("400", "Long Rd", 62701, None),
        ];
        let mut far = points.clone();
        far[1].lat += 0.05;
        let near = AddressIndex::from_points(&points);
        assert!(find(&near, "200 Long Rd", "62701").is_ok());
        let far = AddressIndex::from_points(&far);
        assert_eq!(
            find(&far, "200 Long Rd", "62701"),
            Err(Miss::AddressNotFound)
        );
    }
}

//! A batch of normalised address points, compact: streets, places and
//! texts are stored once each and points refer to them by number.
//!
//! This is what an import produces, what a segment file holds, and
//! what the index is built from.

use std::hash::Hash;

use honeygrid_address::StreetKey;
use rustc_hash::FxHashMap;

use crate::points::HouseNumber;

/// "None" for a record's ZIP or place.
pub(crate) const NONE: u32 = u32::MAX;

/// One address point, normalised, in its owned public form.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressPoint {
    /// The house number.
    pub number: HouseNumber,
    /// The street, normalised by `honeygrid_address`.
    pub street: StreetKey,
    /// The unit identifier (see [`crate::points::unit_id`]), if any.
    pub unit: Option<String>,
    /// The city, folded by [`crate::points::fold_city`]; with the state
    /// it lets addresses without a ZIP be found.
    pub city: Option<String>,
    /// The USPS two-letter state code.
    pub state: Option<&'static str>,
    /// The five-digit ZIP as a number (`02139` is 2139).
    pub zip: Option<u32>,
    /// Latitude, WGS84 degrees.
    pub lat: f64,
    /// Longitude, WGS84 degrees.
    pub lng: f64,
}

/// A city with its state: the area of addresses given without a ZIP.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Place {
    /// The folded city name, never empty.
    pub city: String,
    /// The USPS two-letter state code.
    pub state: &'static str,
}

/// One point with its parts as numbers into the set's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Record {
    /// The ZIP, or [`NONE`].
    pub zip: u32,
    /// The place, or [`NONE`].
    pub place: u32,
    /// The street.
    pub street: u32,
    /// The house number's value.
    pub value: u32,
    /// The house number's text, 0 when plain.
    pub text: u32,
    /// The unit identifier, 0 when none.
    pub unit: u32,
    /// Latitude in units of 10⁻⁷ degree (about a centimetre).
    pub lat: i32,
    /// Longitude in units of 10⁻⁷ degree.
    pub lng: i32,
}

/// Values stored once each, numbered in the order first seen.
#[derive(Debug, Clone)]
pub(crate) struct Interner<T> {
    values: Vec<T>,
    ids: FxHashMap<T, u32>,
}

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner {
            values: Vec::new(),
            ids: FxHashMap::default(),
        }
    }
}

impl<T: Clone + Eq + Hash> Interner<T> {
    /// The number of `value`, adding it if new.
    pub fn intern(&mut self, value: T) -> u32 {
        if let Some(&id) = self.ids.get(&value) {
            return id;
        }
        let id = self.values.len() as u32;
        self.values.push(value.clone());
        self.ids.insert(value, id);
        id
    }

    /// The number of a value already stored.
    pub fn id<Q>(&self, value: &Q) -> Option<u32>
    where
        T: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.ids.get(value).copied()
    }

    /// Every value, in number order.
    pub fn values(&self) -> &[T] {
        &self.values
    }

    /// Bytes held by the table, roughly (the values' own heap not
    /// counted).
    pub fn heap_bytes(&self) -> usize {
        let slot = size_of::<T>();
        self.values.capacity() * slot + self.ids.capacity() * (slot + 8)
    }
}

/// A batch of normalised address points.
#[derive(Debug, Clone)]
pub struct PointSet {
    pub(crate) streets: Interner<StreetKey>,
    pub(crate) places: Interner<Place>,
    /// House-number texts and unit identifiers; number 0 is `""`.
    pub(crate) texts: Interner<Box<str>>,
    pub(crate) records: Vec<Record>,
}

impl Default for PointSet {
    fn default() -> Self {
        let mut texts = Interner::default();
        texts.intern(Box::from(""));
        PointSet {
            streets: Interner::default(),
            places: Interner::default(),
            texts,
            records: Vec::new(),
        }
    }
}

impl PointSet {
    /// An empty set.
    pub fn new() -> PointSet {
        PointSet::default()
    }

    /// The number of points.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether the set has no point.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Adds one point. A point with neither a ZIP nor a city and state
    /// can never be found; it is kept all the same.
    pub fn push(&mut self, p: &AddressPoint) {
        let place = match (&p.city, p.state) {
            (Some(city), Some(state)) if !city.is_empty() => {
                self.places.intern(Place {
                    city: city.clone(),
                    state,
                })
            }
            _ => NONE,
        };
        let record = Record {
            zip: p.zip.unwrap_or(NONE),
            place,
            street: self.streets.intern(p.street.clone()),
            value: p.number.value,
            text: self.text_id(p.number.text.as_deref()),
            unit: self.text_id(p.unit.as_deref()),
            lat: to_e7(p.lat),
            lng: to_e7(p.lng),
        };
        self.records.push(record);
    }

    /// The number of a house-number text or unit, 0 for none.
    pub(crate) fn text_id(&mut self, text: Option<&str>) -> u32 {
        match text {
            Some(t) if !t.is_empty() => self.texts.intern(Box::from(t)),
            _ => 0,
        }
    }

    /// Every point, in the order added.
    pub fn points(&self) -> impl Iterator<Item = AddressPoint> + '_ {
        self.records.iter().map(|r| self.point(r))
    }

    fn point(&self, r: &Record) -> AddressPoint {
        let text = |id: u32| {
            (id != 0).then(|| self.texts.values()[id as usize].clone())
        };
        let place =
            (r.place != NONE).then(|| &self.places.values()[r.place as usize]);
        AddressPoint {
            number: HouseNumber {
                value: r.value,
                text: text(r.text),
            },
            street: self.streets.values()[r.street as usize].clone(),
            unit: text(r.unit).map(String::from),
            city: place.map(|p| p.city.clone()),
            state: place.map(|p| p.state),
            zip: (r.zip != NONE).then_some(r.zip),
            lat: from_e7(r.lat),
            lng: from_e7(r.lng),
        }
    }

    /// Moves every point of `other` to the end of this set.
    pub fn append(&mut self, other: PointSet) {
        let streets = remap(&mut self.streets, other.streets);
        let places = remap(&mut self.places, other.places);
        let texts = remap(&mut self.texts, other.texts);
        self.records.reserve(other.records.len());
        for r in other.records {
            self.records.push(Record {
                place: if r.place == NONE {
                    NONE
                } else {
                    places[r.place as usize]
                },
                street: streets[r.street as usize],
                text: texts[r.text as usize],
                unit: texts[r.unit as usize],
                ..r
            });
        }
    }
}

/// Interns every value of `from` into `into`; the new number of each.
fn remap<T: Clone + Eq + Hash>(
    into: &mut Interner<T>,
    from: Interner<T>,
) -> Vec<u32> {
    from.values.into_iter().map(|v| into.intern(v)).collect()
}

/// Degrees to units of 10⁻⁷ degree.
pub(crate) fn to_e7(degrees: f64) -> i32 {
    (degrees * 1e7).round() as i32
}

/// Units of 10⁻⁷ degree to degrees.
pub(crate) fn from_e7(units: i32) -> f64 {
    f64::from(units) / 1e7
}

#[cfg(test)]
mod tests {
    use super::*;
    use honeygrid_address::normalize_street;

    fn point(line: &str, zip: u32, lat: f64) -> AddressPoint {
        let a = normalize_street(line);
        AddressPoint {
            number: HouseNumber::parse(a.number.as_deref().unwrap()).unwrap(),
            street: a.key().unwrap(),
            unit: a.unit().and_then(|u| u.id.clone()),
            city: Some("SPRINGFIELD".into()),
            state: Some("IL"),
            zip: Some(zip),
            lat,
            lng: -89.65,
        }
    }

    #[test]
    fn points_round_trip() {
        let mut set = PointSet::new();
        let a = point("12 N Main St Apt 4", 62701, 39.8);
        let b = point("14B N Main St", 62701, 39.80001);
        set.push(&a);
        set.push(&b);
        let back: Vec<AddressPoint> = set.points().collect();
        assert_eq!(back, vec![a, b]);
        assert_eq!(set.streets.values().len(), 1);
    }

    #[test]
    fn appends_with_renumbering() {
        let mut one = PointSet::new();
        one.push(&point("1 Oak Ct", 62701, 39.8));
        let mut two = PointSet::new();
        two.push(&point("2 Elm St Apt 9", 62702, 39.9));
        two.push(&point("3 Oak Ct", 62701, 39.7));
        let want: Vec<AddressPoint> =
            one.points().chain(two.points()).collect();
        one.append(two);
        assert_eq!(one.points().collect::<Vec<_>>(), want);
        assert_eq!(one.streets.values().len(), 2);
    }

    #[test]
    fn fixed_point_coordinates() {
        for x in [0.0, 1e-7, -122.419_412_3, 179.999_999_9, -90.0] {
            assert!((from_e7(to_e7(x)) - x).abs() < 0.6e-7, "{x}");
        }
    }
}

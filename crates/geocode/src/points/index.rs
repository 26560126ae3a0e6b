//! The in-memory index of address points, laid out for lookup.
//!
//! Points are grouped twice: by (ZIP, street) and by (city and state,
//! street); an area is a ZIP or a city. For each (area, street) pair,
//! a block holds the points sorted by house-number parity, then value,
//! then text and unit, so that one side of the street is a contiguous,
//! sorted run: an exact number is a binary search, and the nearest
//! lower and higher numbers of the same parity are its neighbours.
//! Each area also lists its streets, for typo matching.
//!
//! A point is in the ZIP grouping when it has a ZIP, and in the city
//! grouping when it has a city and a state (its own, or its ZIP's: see
//! [`crate::points::import`]); most points are in both, so entries are
//! stored twice (20 bytes each) to keep each block contiguous.
//!
//! Duplicates are dropped when the index is built: points with the
//! same ZIP, city, state, street, house number and unit are one point,
//! and the last one added (the newest segment) wins.

use std::ops::Range;

use honeygrid_address::StreetKey;
use rustc_hash::FxHashMap;

use crate::points::set::{Interner, NONE, Place, Record};
use crate::points::{AddressPoint, PointSet, PointStore, StoreError};

/// The address points of one or more imports, ready for matching.
#[derive(Debug, Default)]
pub struct AddressIndex {
    pub(crate) streets: Interner<StreetKey>,
    pub(crate) places: Interner<Place>,
    pub(crate) texts: Interner<Box<str>>,
    pub(crate) by_zip: Area,
    pub(crate) by_place: Area,
    points: usize,
}

/// The points of one grouping (by ZIP, or by city).
#[derive(Debug, Default)]
pub(crate) struct Area {
    /// `(area << 32) | street` → the street's block.
    blocks: FxHashMap<u64, Block>,
    /// The streets of each area, sorted by number.
    streets: FxHashMap<u32, Box<[u32]>>,
    /// House-number values, block by block; searched apart from the
    /// entries so that a binary search touches fewer cache lines.
    values: Vec<u32>,
    /// The points, in the same order as `values`.
    entries: Vec<Entry>,
}

/// One side of a street's block: values and entries, sorted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Side<'a> {
    /// House-number values, ascending.
    pub values: &'a [u32],
    /// The points, in the same order.
    pub entries: &'a [Entry],
}

/// The entries of one street in one area: even numbers in
/// `start..odd`, odd numbers in `odd..end`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Block {
    start: u32,
    odd: u32,
    end: u32,
}

/// One point in a block (its house-number value is in `values`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The house number's text, 0 when plain digits.
    pub text: u32,
    /// The unit, 0 when none.
    pub unit: u32,
    /// Latitude, 10⁻⁷ degree.
    pub lat: i32,
    /// Longitude, 10⁻⁷ degree.
    pub lng: i32,
}

fn block_key(area: u32, street: u32) -> u64 {
    (u64::from(area) << 32) | u64::from(street)
}

impl Area {
    /// Whether the area has any point.
    pub fn covers(&self, area: u32) -> bool {
        self.streets.contains_key(&area)
    }

    /// The block of `street` in `area`.
    pub fn block(&self, area: u32, street: u32) -> Option<Block> {
        self.blocks.get(&block_key(area, street)).copied()
    }

    /// The streets of `area`.
    pub fn streets(&self, area: u32) -> &[u32] {
        self.streets.get(&area).map_or(&[], |s| s)
    }

    /// One side of a block: parity 0 even, 1 odd.
    pub fn side(&self, block: Block, parity: u32) -> Side<'_> {
        let range: Range<u32> = match parity {
            0 => block.start..block.odd,
            _ => block.odd..block.end,
        };
        let range = range.start as usize..range.end as usize;
        Side {
            values: &self.values[range.clone()],
            entries: &self.entries[range],
        }
    }

    /// Groups `records` by `area_of` (records of [`NONE`] left out).
    fn build(records: &[Record], area_of: fn(&Record) -> u32) -> Area {
        let mut keyed: Vec<(u64, u32, u32, Entry)> = records
            .iter()
            .filter(|r| area_of(r) != NONE)
            .map(|r| {
                let key = block_key(area_of(r), r.street);
                (key, r.value & 1, r.value, entry(r))
            })
            .collect();
        keyed.sort_unstable_by_key(|(k, parity, value, e)| {
            (*k, *parity, *value, e.text, e.unit)
        });
        let mut area = Area {
            values: Vec::with_capacity(keyed.len()),
            entries: Vec::with_capacity(keyed.len()),
            ..Area::default()
        };
        let mut streets: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
        for group in keyed.chunk_by(|a, b| a.0 == b.0) {
            let key = group[0].0;
            let start = area.entries.len() as u32;
            let evens = group.iter().filter(|g| g.1 == 0).count() as u32;
            area.values.extend(group.iter().map(|g| g.2));
            area.entries.extend(group.iter().map(|g| g.3));
            let end = area.entries.len() as u32;
            let odd = start + evens;
            area.blocks.insert(key, Block { start, odd, end });
            let (id, street) = ((key >> 32) as u32, key as u32);
            streets.entry(id).or_default().push(street);
        }
        area.streets = streets
            .into_iter()
            .map(|(id, s)| (id, s.into_boxed_slice()))
            .collect();
        area
    }

    fn heap_bytes(&self) -> usize {
        let streets: usize = self.streets.values().map(|s| s.len() * 4).sum();
        self.entries.capacity() * size_of::<Entry>()
            + self.values.capacity() * size_of::<u32>()
            + self.blocks.capacity() * (size_of::<(u64, Block)>() + 1)
            + self.streets.capacity() * (size_of::<(u32, Box<[u32]>)>() + 1)
            + streets
    }
}

fn entry(r: &Record) -> Entry {
    Entry {
        text: r.text,
        unit: r.unit,
        lat: r.lat,
        lng: r.lng,
    }
}

/// The fields that make two records the same point.
fn identity(r: &Record) -> [u32; 6] {
    [r.zip, r.place, r.street, r.value, r.text, r.unit]
}

/// The records without duplicates, the last of each kept.
fn dedupe(records: &[Record]) -> Vec<Record> {
    let mut order: Vec<(usize, Record)> =
        records.iter().copied().enumerate().collect();
    order.sort_unstable_by_key(|(i, r)| (identity(r), *i));
    let mut out = Vec::with_capacity(order.len());
    for (i, (_, r)) in order.iter().enumerate() {
        let next_same = order
            .get(i + 1)
            .is_some_and(|(_, n)| identity(n) == identity(r));
        if !next_same {
            out.push(*r);
        }
    }
    out
}

impl AddressIndex {
    /// Builds the index of a set of points.
    pub fn build(set: PointSet) -> AddressIndex {
        let records = dedupe(&set.records);
        AddressIndex {
            by_zip: Area::build(&records, |r| r.zip),
            by_place: Area::build(&records, |r| r.place),
            points: records.len(),
            streets: set.streets,
            places: set.places,
            texts: set.texts,
        }
    }

    /// Builds the index of some points (for tests and small tools).
    pub fn from_points<'a>(
        points: impl IntoIterator<Item = &'a AddressPoint>,
    ) -> AddressIndex {
        let mut set = PointSet::new();
        for p in points {
            set.push(p);
        }
        AddressIndex::build(set)
    }

    /// Loads every segment of a point store directory (see
    /// [`PointStore::load`]).
    pub fn load(
        dir: impl Into<std::path::PathBuf>,
    ) -> Result<AddressIndex, StoreError> {
        PointStore::new(dir).load()
    }

    /// The number of distinct points.
    pub fn len(&self) -> usize {
        self.points
    }

    /// Whether the index has no point: a resolver over it places
    /// nothing.
    pub fn is_empty(&self) -> bool {
        self.points == 0
    }

    /// The number of distinct streets (keys), all areas together.
    pub fn street_count(&self) -> usize {
        self.streets.values().len()
    }

    /// An estimate of the memory the index holds, in bytes.
    pub fn memory_bytes(&self) -> usize {
        let names: usize = self
            .streets
            .values()
            .iter()
            .map(|s| s.name.capacity())
            .sum();
        let cities: usize =
            self.places.values().iter().map(|p| p.city.capacity()).sum();
        let texts: usize = self.texts.values().iter().map(|t| t.len()).sum();
        size_of::<Self>()
            + self.streets.heap_bytes()
            + self.places.heap_bytes()
            + self.texts.heap_bytes()
            + 2 * (names + cities + texts)
            + self.by_zip.heap_bytes()
            + self.by_place.heap_bytes()
    }

    /// The key of a street number.
    pub(crate) fn street(&self, id: u32) -> &StreetKey {
        &self.streets.values()[id as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::HouseNumber;

    fn point(number: &str, street: &str, zip: u32, lat: f64) -> AddressPoint {
        let a = honeygrid_address::normalize_street(&format!("1 {street}"));
        AddressPoint {
            number: HouseNumber::parse(number).unwrap(),
            street: a.key().unwrap(),
            unit: None,
            city: Some("SPRINGFIELD".into()),
            state: Some("IL"),
            zip: Some(zip),
            lat,
            lng: -89.6,
        }
    }

    #[test]
    fn blocks_are_sorted_by_side_then_number() {
        let points = [
            point("15", "Main St", 62701, 1.0),
            point("12", "Main St", 62701, 2.0),
            point("11", "Main St", 62701, 3.0),
            point("10", "Main St", 62701, 4.0),
            point("12A", "Main St", 62701, 5.0),
            point("10", "Oak Ct", 62701, 6.0),
            point("10", "Main St", 62702, 7.0),
        ];
        let index = AddressIndex::from_points(&points);
        assert_eq!(index.len(), 7);
        let main = index.streets.id(&points[0].street).unwrap();
        let block = index.by_zip.block(62701, main).unwrap();
        let values = |p| index.by_zip.side(block, p).values.to_vec();
        assert_eq!(values(0), vec![10, 12, 12]);
        assert_eq!(values(1), vec![11, 15]);
        assert_eq!(index.by_zip.streets(62701).len(), 2);
        assert_eq!(index.by_zip.streets(62702).len(), 1);
        let place = index.places.values().len();
        assert_eq!(place, 1);
        let city = index.by_place.block(0, main).unwrap();
        assert_eq!(index.by_place.side(city, 0).values.len(), 4, "both ZIPs");
    }

    #[test]
    fn duplicates_keep_the_last() {
        let points = [
            point("10", "Main St", 62701, 1.0),
            point("10", "Main St", 62701, 2.0),
            point("10", "Main St", 62702, 3.0),
        ];
        let index = AddressIndex::from_points(&points);
        assert_eq!(index.len(), 2);
        let main = index.streets.id(&points[0].street).unwrap();
        let block = index.by_zip.block(62701, main).unwrap();
        assert_eq!(index.by_zip.side(block, 0).entries[0].lat, 20_000_000);
        assert!(index.memory_bytes() > 0);
    }
}

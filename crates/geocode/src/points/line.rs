//! Reading a customer's street line, memoised per thread.
//!
//! Normalising a line (`honeygrid_address::normalize_street`) costs
//! about as much as matching it, and customer files repeat their
//! streets with different house numbers. A line that starts with a
//! plain run of digits and a space ("1234 N Main St Apt 4") is
//! therefore read as "1" followed by the rest, once per distinct rest
//! and thread, and the digits are put back as the house number.
//!
//! This gives what normalising the whole line gives, because no rule
//! of `honeygrid_address` looks at the value of a leading run of
//! digits, only at its shape: PO boxes and rural routes start with
//! words, a leading unit with a designator, and a house number is
//! recognised by its characters. A rest whose reading does not give
//! exactly `1` as the house number (`"1 1/2 Main St"`) is never taken
//! from the cache; the line is normalised whole instead. A test
//! compares the two ways on generated lines.

use std::cell::RefCell;

use honeygrid_address::{StreetAddress, StreetKey, normalize_street};
use rustc_hash::FxHashMap;

use crate::points::{HouseNumber, unit_id};

/// The parts of a street line the matcher reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line {
    /// The street, `None` for a PO box, a rural route or no street.
    pub key: Option<StreetKey>,
    /// The house number, when there is one the index can read.
    pub number: Option<HouseNumber>,
    /// The innermost unit's identifier.
    pub unit: Option<String>,
}

/// What the cache keeps for the rest of a line after its digits.
#[derive(Debug, Clone)]
enum Rest {
    /// The street and unit; the digits are the house number.
    Street(Option<StreetKey>, Option<String>),
    /// The digits are not the whole house number: read the full line.
    Whole,
}

/// Distinct rests kept per thread before the cache is emptied.
const CAPACITY: usize = 1 << 16;

thread_local! {
    static RESTS: RefCell<FxHashMap<Box<str>, Rest>> =
        RefCell::new(FxHashMap::default());
}

/// Reads a street line (see the module documentation).
pub(crate) fn read(line: &str) -> Line {
    let Some((digits, rest)) = split_digits(line) else {
        return whole(line);
    };
    let cached = RESTS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(found) = cache.get(rest) {
            return found.clone();
        }
        if cache.len() >= CAPACITY {
            cache.clear();
        }
        let found = read_rest(rest);
        cache.insert(Box::from(rest), found.clone());
        found
    });
    match cached {
        Rest::Street(key, unit) => Line {
            key,
            number: HouseNumber::parse(digits),
            unit,
        },
        Rest::Whole => whole(line),
    }
}

/// The leading run of ASCII digits and what follows it, when a space
/// follows it.
fn split_digits(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let end = line.bytes().position(|b| !b.is_ascii_digit())?;
    (end > 0 && line.as_bytes()[end] == b' ').then(|| line.split_at(end))
}

fn read_rest(rest: &str) -> Rest {
    let a = normalize_street(&format!("1{rest}"));
    match a.number.as_deref() {
        Some("1") => Rest::Street(a.key(), unit_of(&a)),
        _ => Rest::Whole,
    }
}

/// The line normalised whole.
fn whole(line: &str) -> Line {
    let a = normalize_street(line);
    Line {
        key: a.key(),
        number: a.number.as_deref().and_then(HouseNumber::parse),
        unit: unit_of(&a),
    }
}

/// The unit written on a street line, as the index keys it.
pub(crate) fn unit_of(street: &StreetAddress) -> Option<String> {
    let unit = street.unit()?;
    match &unit.id {
        Some(id) => unit_id(id),
        None => unit_id(unit.designator),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn same_as_whole_lines() {
        for line in [
            "123 N Main St Apt 4",
            "  0123 main street #4b",
            "123 1/2 Main St",
            "123 B Main St",
            "12 PO Box 5",
            "12 Apt 4 Main St",
            "12 US Hwy 1 N",
            "12 2nd Floor",
            "12 St Marks Pl Rear",
            "12",
            "12 ",
            "12A Main St",
            "Main St",
            "123-45 67th Ave",
        ] {
            assert_eq!(read(line), whole(line), "{line:?}");
            assert_eq!(read(line), whole(line), "{line:?}, cached");
        }
    }

    #[test]
    fn the_digits_are_the_number() {
        let a = read("0042 Elm Ct");
        let b = read("7 Elm Ct");
        assert_eq!(a.key, b.key);
        assert_eq!(a.number.map(|n| n.value), Some(42));
        assert_eq!(b.number.map(|n| n.value), Some(7));
    }

    const WORDS: &[&str] = &[
        "N", "NORTH", "s.", "MAIN", "ST", "Street", "AVE", "OF", "THE",
        "AMERICAS", "APT", "#", "#4", "4", "4B", "B", "1/2", "PO", "BOX", "RR",
        "HC", "US", "HWY", "I-95", "COUNTY", "RD", "2ND", "FLOOR", "FL",
        "REAR", "STE", "E", "W", "NW", "ST.", "MARKS", "PL", "12", "123-45",
        "FIFTH", "5TH", "BLDG", "UNIT", "LOT", "TRLR", ",",
    ];

    fn lines() -> impl Strategy<Value = String> {
        let word = proptest::sample::select(WORDS);
        let words = proptest::collection::vec(word, 0..7);
        ("[0-9]{1,6}", words).prop_map(|(n, w)| format!("{n} {}", w.join(" ")))
    }

    proptest! {
        #[test]
        fn cached_reading_equals_whole_reading(line in lines()) {
            prop_assert_eq!(read(&line), whole(&line));
            prop_assert_eq!(read(&line), whole(&line));
        }
    }
}

//! A customer's address, normalised the way the index is keyed.

use honeygrid_address::{StreetKey, parse_one_line, state_code};
use honeygrid_core::location::parse_zip;
use honeygrid_core::{LocationFields, Miss};

use crate::points::line::{self, Line, unit_of};
use crate::points::set::Place;
use crate::points::{HouseNumber, decode, fold_city, unit_id};

/// The parts of an address the matcher reads.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressQuery {
    /// The street.
    pub street: StreetKey,
    /// The house number, `None` when missing or not understood.
    pub number: Option<HouseNumber>,
    /// The unit identifier, from the street line or the second line.
    pub unit: Option<String>,
    /// The five-digit ZIP as a number.
    pub zip: Option<u32>,
    /// The city and state, when both are given.
    pub place: Option<Place>,
}

impl AddressQuery {
    /// The address of a customer row: `address1` (and `address2` for
    /// the unit) with `city`, `state` and `zip`; or, when those three
    /// are empty, a whole one-line address in `address1`.
    ///
    /// [`Miss::NoInput`] when there is nothing to match: no address, a
    /// line that names no street (a PO box, a rural route), or neither
    /// a ZIP nor a city and state.
    pub fn from_fields(row: &LocationFields<'_>) -> Result<Self, Miss> {
        AddressQuery::from_text(
            &decode(row.address1),
            &decode(row.address2),
            &decode(row.city),
            &decode(row.state),
            &decode(row.zip),
        )
    }

    /// [`AddressQuery::from_fields`] on text.
    ///
    /// ```
    /// use honeygrid_geocode::points::AddressQuery;
    /// let q = AddressQuery::from_text(
    ///     "12 North Main Street", "Apt 4", "", "IL", "62701-1234",
    /// ).unwrap();
    /// assert_eq!(q.street.to_string(), "N MAIN ST");
    /// assert_eq!(q.unit.as_deref(), Some("4"));
    /// assert_eq!(q.zip, Some(62701));
    /// let one = AddressQuery::from_text(
    ///     "12 N Main St #4, Springfield IL 62701", "", "", "", "",
    /// ).unwrap();
    /// assert_eq!(one.street, q.street);
    /// assert_eq!(one.place.unwrap().city, "SPRINGFIELD");
    /// ```
    pub fn from_text(
        address1: &str,
        address2: &str,
        city: &str,
        state: &str,
        zip: &str,
    ) -> Result<Self, Miss> {
        if address1.trim().is_empty() {
            return Err(Miss::NoInput);
        }
        let blank = |f: &str| f.trim().is_empty();
        let parts = match blank(city) && blank(state) && blank(zip) {
            true => Parts::one_line(address1),
            false => Parts::fields(address1, city, state, zip),
        };
        let query = AddressQuery {
            street: parts.line.key.ok_or(Miss::NoInput)?,
            number: parts.line.number,
            unit: parts.line.unit.or_else(|| unit_id(address2)),
            zip: parts.zip,
            place: match parts.state {
                Some(state) if !parts.city.is_empty() => Some(Place {
                    city: parts.city,
                    state,
                }),
                _ => None,
            },
        };
        match (query.zip, &query.place) {
            (None, None) => Err(Miss::NoInput),
            _ => Ok(query),
        }
    }
}

/// An address read, before it becomes a query.
struct Parts {
    line: Line,
    city: String,
    state: Option<&'static str>,
    zip: Option<u32>,
}

impl Parts {
    /// A whole address on one line.
    fn one_line(address: &str) -> Parts {
        let a = parse_one_line(address);
        let number = a.street.number.as_deref();
        Parts {
            line: Line {
                key: a.street.key(),
                number: number.and_then(HouseNumber::parse),
                unit: unit_of(&a.street),
            },
            city: a.city.unwrap_or_default(),
            state: a.state,
            zip: a.zip5.and_then(|z| z.parse().ok()),
        }
    }

    /// A street line with separate city, state and ZIP fields.
    fn fields(address1: &str, city: &str, state: &str, zip: &str) -> Parts {
        Parts {
            line: line::read(address1),
            city: fold_city(city),
            state: state_code(state),
            zip: parse_zip(zip.as_bytes()).ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(fields: [&str; 5]) -> Result<AddressQuery, Miss> {
        let [a1, a2, city, state, zip] = fields;
        AddressQuery::from_text(a1, a2, city, state, zip)
    }

    #[test]
    fn reads_fields() {
        let q = query(["12b n. main st.", "", "springfield", "Illinois", ""])
            .unwrap();
        assert_eq!(q.number.unwrap().to_string(), "12B");
        assert_eq!(q.unit, None);
        assert_eq!(q.zip, None);
        let place = q.place.unwrap();
        assert_eq!((place.city.as_str(), place.state), ("SPRINGFIELD", "IL"));
    }

    #[test]
    fn unit_on_the_line_wins() {
        let q = query(["12 Main St #4", "Suite 9", "", "", "62701"]).unwrap();
        assert_eq!(q.unit.as_deref(), Some("4"));
        let q = query(["12 Main St", "#9", "", "", "62701"]).unwrap();
        assert_eq!(q.unit.as_deref(), Some("9"));
    }

    #[test]
    fn nothing_to_match() {
        let none = Err(Miss::NoInput);
        assert_eq!(query(["", "", "", "", "62701"]), none);
        assert_eq!(query(["PO Box 12", "", "", "", "62701"]), none);
        assert_eq!(query(["12 Main St", "", "Springfield", "", ""]), none);
        assert_eq!(query(["12 Main St", "", "", "", ""]), none);
    }

    #[test]
    fn missing_number_is_kept_for_the_matcher() {
        let q = query(["Main St", "", "", "", "62701"]).unwrap();
        assert_eq!(q.number, None);
    }

    #[test]
    fn windows_1252_fields() {
        let row = LocationFields {
            address1: b"7 Ca\xf1on Rd",
            zip: b"81212",
            ..Default::default()
        };
        let q = AddressQuery::from_fields(&row).unwrap();
        assert_eq!(q.street.name, "CAÑON");
    }
}

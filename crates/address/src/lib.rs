//! US address normalisation following USPS Publication 28, the ground
//! for an address-point geocoder that must never put an address on a
//! street other than its own.
//!
//! Normalisation is therefore exact and conservative: every rule either
//! rewrites a form that Publication 28 lists (`AVENUE` → `AVE`,
//! `NORTH` → `N`, `APARTMENT` → `APT`, `Fifth` → `5TH`) or leaves the
//! text alone. Text left alone can make a match fail; it never makes
//! two different streets look the same.
//!
//! - [`normalize_street`] splits a street line into house number,
//!   directionals, name, suffix and units ([`StreetAddress`]), and
//!   [`StreetAddress::key`] gives the [`StreetKey`] to match on;
//! - [`parse_one_line`] reads a whole address on one line
//!   ([`OneLineAddress`]): street, city, state, ZIP and ZIP+4;
//! - [`state_code`], [`zip5`] and [`zip4`] read single fields;
//! - [`street_suffix`], [`unit_designator`] and [`directional`] look a
//!   single word up in the Publication 28 tables.
//!
//! # Rules for a street line
//!
//! Text is uppercased; periods, apostrophes and commas are dropped;
//! hyphens stay inside words and house numbers (`123-45`). Then:
//!
//! 1. PO boxes, rural routes and highway contract routes are recognised
//!    whole (`PO BOX 12`, `RR 2 BOX 5`, `HC 1 BOX 2`) and name no street.
//! 2. The house number comes first: digits with an optional letter or
//!    fraction (`123A`, `123 1/2`).
//! 3. Units come last: `APT 4`, `# 4`, `STE 200`, `REAR`, `2ND FLOOR`,
//!    several in a row, or a bare number after the suffix (`ST 4B`).
//! 4. Numbered highways keep their number in the name, with no suffix:
//!    `US HIGHWAY 1`, `COUNTY ROAD 12`, `INTERSTATE 95`.
//! 5. Otherwise, the last word is the suffix when a name word comes
//!    before it, and directionals at either end are pre- and
//!    post-directionals when a name word is left without them. So
//!    "Avenue of the Americas" has no suffix, "St Marks Pl" is named
//!    `ST MARKS`, and "North St" is named `NORTH`.
//! 6. Ordinals in the name are written with digits: `FIFTH` → `5TH`.
//!
//! Normalising the display of a result gives the same result.
//!
//! ```
//! use honeygrid_address::{normalize_street, parse_one_line};
//!
//! let a = normalize_street("350 Fifth Avenue, Suite 200");
//! assert_eq!(a.to_string(), "350 5TH AVE STE 200");
//! assert_eq!(a.key().unwrap().to_string(), "5TH AVE");
//!
//! let b = parse_one_line("350 5th ave ste 200 new york ny 10118");
//! assert_eq!(b.street, a);
//! assert_eq!(b.city.as_deref(), Some("NEW YORK"));
//! ```

mod delivery;
mod highway;
mod house_number;
mod key;
mod name;
mod one_line;
#[cfg(test)]
mod proptests;
mod street;
mod tables;
mod tokens;
mod unit;
mod zip;

pub use delivery::LineKind;
pub use key::StreetKey;
pub use one_line::{OneLineAddress, parse_one_line};
pub use street::{StreetAddress, normalize_street};
pub use tables::states::state_code;
pub use unit::Unit;
pub use zip::{zip4, zip5};

/// Reads one word with the tokenizer's rules; `None` unless it is
/// exactly one token.
fn single_token(word: &str) -> Option<String> {
    match tokens::tokenize(word).as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// The standard abbreviation of a street suffix (Appendix C1), in any
/// case and with or without a period: `"Avenue"`, `"av."` → `"AVE"`.
///
/// ```
/// assert_eq!(honeygrid_address::street_suffix("Boulevard"), Some("BLVD"));
/// assert_eq!(honeygrid_address::street_suffix("Broadway"), None);
/// ```
pub fn street_suffix(word: &str) -> Option<&'static str> {
    tables::suffixes::standard(&single_token(word)?)
}

/// The standard abbreviation of a secondary unit designator (Appendix
/// C2): `"Apartment"` → `"APT"`, `"suite"` → `"STE"`, `"#"` → `"#"`.
///
/// ```
/// assert_eq!(honeygrid_address::unit_designator("Suite"), Some("STE"));
/// assert_eq!(honeygrid_address::unit_designator("Street"), None);
/// ```
pub fn unit_designator(word: &str) -> Option<&'static str> {
    tables::units::designator(&single_token(word)?).map(|d| d.abbr)
}

/// The abbreviation of a directional: `"North"`, `"n."` → `"N"`,
/// `"south-west"` → `"SW"`.
///
/// ```
/// assert_eq!(honeygrid_address::directional("Northeast"), Some("NE"));
/// assert_eq!(honeygrid_address::directional("Northern"), None);
/// ```
pub fn directional(word: &str) -> Option<&'static str> {
    tables::directionals::abbreviation(&single_token(word)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lookups() {
        assert_eq!(street_suffix("Avenue"), Some("AVE"));
        assert_eq!(street_suffix("av."), Some("AVE"));
        assert_eq!(street_suffix(" ST "), Some("ST"));
        assert_eq!(street_suffix("Main St"), None);
        assert_eq!(street_suffix(""), None);
        assert_eq!(unit_designator("Apartment"), Some("APT"));
        assert_eq!(unit_designator("#"), Some("#"));
        assert_eq!(unit_designator("Penthouse"), Some("PH"));
        assert_eq!(unit_designator("Apt 4"), None);
        assert_eq!(directional("North"), Some("N"));
        assert_eq!(directional("n."), Some("N"));
        assert_eq!(directional("South-West"), Some("SW"));
        assert_eq!(directional("N.E."), Some("NE"));
        assert_eq!(directional("North East"), None);
    }
}

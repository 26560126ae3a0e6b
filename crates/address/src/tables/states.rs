//! US states, the District of Columbia, territories and military
//! "states", by name and by two-letter USPS code.
//!
//! Covers the 50 states, DC, the five inhabited territories (AS, GU, MP,
//! PR, VI), the three freely associated states that use US ZIP codes
//! (FM, MH, PW) and the armed forces codes (AA, AE, AP). Historical
//! abbreviations ("Calif", "Mass") are not recognised: they also occur as
//! ordinary words and would make city and state boundaries guesswork.

use super::lookup;
use crate::tokens::tokenize;

/// `(name, code)`, sorted by name. Names are uppercase, one space
/// between words.
static NAMES: &[(&str, &str)] = &[
    ("ALABAMA", "AL"),
    ("ALASKA", "AK"),
    ("AMERICAN SAMOA", "AS"),
    ("ARIZONA", "AZ"),
    ("ARKANSAS", "AR"),
    ("ARMED FORCES AFRICA", "AE"),
    ("ARMED FORCES AMERICAS", "AA"),
    ("ARMED FORCES CANADA", "AE"),
    ("ARMED FORCES EUROPE", "AE"),
    ("ARMED FORCES MIDDLE EAST", "AE"),
    ("ARMED FORCES PACIFIC", "AP"),
    ("CALIFORNIA", "CA"),
    ("COLORADO", "CO"),
    ("CONNECTICUT", "CT"),
    ("D C", "DC"),
    ("DELAWARE", "DE"),
    ("DISTRICT OF COLUMBIA", "DC"),
    ("FEDERATED STATES OF MICRONESIA", "FM"),
    ("FLORIDA", "FL"),
    ("GEORGIA", "GA"),
    ("GUAM", "GU"),
    ("HAWAII", "HI"),
    ("IDAHO", "ID"),
    ("ILLINOIS", "IL"),
    ("INDIANA", "IN"),
    ("IOWA", "IA"),
    ("KANSAS", "KS"),
    ("KENTUCKY", "KY"),
    ("LOUISIANA", "LA"),
    ("MAINE", "ME"),
    ("MARSHALL ISLANDS", "MH"),
    ("MARYLAND", "MD"),
    ("MASSACHUSETTS", "MA"),
    ("MICHIGAN", "MI"),
    ("MICRONESIA", "FM"),
    ("MINNESOTA", "MN"),
    ("MISSISSIPPI", "MS"),
    ("MISSOURI", "MO"),
    ("MONTANA", "MT"),
    ("NEBRASKA", "NE"),
    ("NEVADA", "NV"),
    ("NEW HAMPSHIRE", "NH"),
    ("NEW JERSEY", "NJ"),
    ("NEW MEXICO", "NM"),
    ("NEW YORK", "NY"),
    ("NORTH CAROLINA", "NC"),
    ("NORTH DAKOTA", "ND"),
    ("NORTHERN MARIANA ISLANDS", "MP"),
    ("OHIO", "OH"),
    ("OKLAHOMA", "OK"),
    ("OREGON", "OR"),
    ("PALAU", "PW"),
    ("PENNSYLVANIA", "PA"),
    ("PUERTO RICO", "PR"),
    ("RHODE ISLAND", "RI"),
    ("SOUTH CAROLINA", "SC"),
    ("SOUTH DAKOTA", "SD"),
    ("TENNESSEE", "TN"),
    ("TEXAS", "TX"),
    ("U S VIRGIN ISLANDS", "VI"),
    ("UNITED STATES VIRGIN ISLANDS", "VI"),
    ("US VIRGIN ISLANDS", "VI"),
    ("UTAH", "UT"),
    ("VERMONT", "VT"),
    ("VIRGIN ISLANDS", "VI"),
    ("VIRGINIA", "VA"),
    ("WASHINGTON", "WA"),
    ("WEST VIRGINIA", "WV"),
    ("WISCONSIN", "WI"),
    ("WYOMING", "WY"),
];

/// Every USPS code, sorted.
static CODES: &[&str] = &[
    "AA", "AE", "AK", "AL", "AP", "AR", "AS", "AZ", "CA", "CO", "CT", "DC",
    "DE", "FL", "FM", "GA", "GU", "HI", "IA", "ID", "IL", "IN", "KS", "KY",
    "LA", "MA", "MD", "ME", "MH", "MI", "MN", "MO", "MP", "MS", "MT", "NC",
    "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR",
    "PW", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VI", "VT", "WA", "WI",
    "WV", "WY",
];

/// The most words a state name in [`NAMES`] has.
pub(crate) const MAX_NAME_WORDS: usize = 4;

/// The code of the state named by `words` (uppercase tokens): a full
/// name ("NEW", "YORK") or a code ("NY").
pub(crate) fn code_of_words(words: &[String]) -> Option<&'static str> {
    if let [word] = words
        && let Ok(i) = CODES.binary_search(&word.as_str())
    {
        return Some(CODES[i]);
    }
    lookup(NAMES, &words.join(" "))
}

/// The two-letter USPS code of a US state, DC, territory or armed
/// forces region, from its name or code in any case.
///
/// Periods and extra spaces are ignored: `"Illinois"`, `"il"`, `"I.L."`
/// and `" new   york "` all work. Returns `None` for anything else.
///
/// ```
/// use honeygrid_address::state_code;
/// assert_eq!(state_code("Illinois"), Some("IL"));
/// assert_eq!(state_code("n.y."), Some("NY"));
/// assert_eq!(state_code("District of Columbia"), Some("DC"));
/// assert_eq!(state_code("Springfield"), None);
/// ```
pub fn state_code(s: &str) -> Option<&'static str> {
    let words = tokenize(s);
    if words.is_empty() {
        return None;
    }
    code_of_words(&words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::assert_sorted_unique;

    #[test]
    fn tables_are_sorted_and_unique() {
        assert_sorted_unique(NAMES);
        for pair in CODES.windows(2) {
            assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn every_name_has_a_listed_code() {
        for (name, code) in NAMES {
            assert!(CODES.contains(code), "{name} -> {code}");
        }
        assert_eq!(CODES.len(), 62);
    }

    #[test]
    fn max_name_words_is_right() {
        let most = NAMES.iter().map(|(n, _)| n.split(' ').count()).max();
        assert_eq!(most, Some(MAX_NAME_WORDS));
    }

    #[test]
    fn names_in_any_case() {
        let cases = [
            ("Illinois", "IL"),
            ("ILLINOIS", "IL"),
            ("illinois", "IL"),
            ("New York", "NY"),
            ("new  york", "NY"),
            ("West Virginia", "WV"),
            ("Virginia", "VA"),
            ("North Carolina", "NC"),
            ("District of Columbia", "DC"),
            ("D.C.", "DC"),
            ("Puerto Rico", "PR"),
            ("U.S. Virgin Islands", "VI"),
            ("Guam", "GU"),
            ("Northern Mariana Islands", "MP"),
            ("American Samoa", "AS"),
            ("Armed Forces Pacific", "AP"),
            ("Washington", "WA"),
            ("Wyoming", "WY"),
        ];
        for (name, code) in cases {
            assert_eq!(state_code(name), Some(code), "{name}");
        }
    }

    #[test]
    fn codes_in_any_case() {
        for code in CODES {
            assert_eq!(state_code(code), Some(*code));
            assert_eq!(state_code(&code.to_lowercase()), Some(*code));
        }
        assert_eq!(state_code(" il "), Some("IL"));
        assert_eq!(state_code("N.Y."), Some("NY"));
    }

    #[test]
    fn not_states() {
        let cases = [
            "",
            " ",
            "Springfield",
            "XX",
            "ILL",
            "Calif",
            "New",
            "York",
            "Carolina",
            "Washington DC",
            "USA",
            "United States",
            "I",
        ];
        for s in cases {
            assert_eq!(state_code(s), None, "{s}");
        }
    }
}

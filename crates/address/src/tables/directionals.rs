//! Directionals: the eight compass points, spelled out or abbreviated.
//!
//! Publication 28 abbreviates a directional to one or two letters
//! (`NORTH` → `N`, `SOUTHWEST` → `SW`). Periods are removed before a
//! lookup, so `N.` and `N.E.` arrive here as `N` and `NE`. Spanish
//! directionals (`NORTE`, `SUR`, ...) are not included: in mainland data
//! they are more often part of a street name than a direction.

use super::lookup;

/// `(variant, abbreviation)`, sorted by variant.
static DIRECTIONALS: &[(&str, &str)] = &[
    ("E", "E"),
    ("EAST", "E"),
    ("N", "N"),
    ("NE", "NE"),
    ("NORTH", "N"),
    ("NORTH-EAST", "NE"),
    ("NORTH-WEST", "NW"),
    ("NORTHEAST", "NE"),
    ("NORTHWEST", "NW"),
    ("NW", "NW"),
    ("S", "S"),
    ("SE", "SE"),
    ("SOUTH", "S"),
    ("SOUTH-EAST", "SE"),
    ("SOUTH-WEST", "SW"),
    ("SOUTHEAST", "SE"),
    ("SOUTHWEST", "SW"),
    ("SW", "SW"),
    ("W", "W"),
    ("WEST", "W"),
];

/// The abbreviation of the directional written as `word`.
pub(crate) fn abbreviation(word: &str) -> Option<&'static str> {
    lookup(DIRECTIONALS, word)
}

/// Joins a north/south and an east/west directional written as two
/// words ("NORTH EAST", "S W") into one (`NE`, `SW`).
pub(crate) fn compound(first: &str, second: &str) -> Option<&'static str> {
    match (abbreviation(first)?, abbreviation(second)?) {
        ("N", "E") => Some("NE"),
        ("N", "W") => Some("NW"),
        ("S", "E") => Some("SE"),
        ("S", "W") => Some("SW"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::assert_sorted_unique;

    #[test]
    fn table_is_sorted_and_unique() {
        assert_sorted_unique(DIRECTIONALS);
    }

    #[test]
    fn spelled_and_abbreviated() {
        let cases = [
            ("NORTH", "N"),
            ("SOUTH", "S"),
            ("EAST", "E"),
            ("WEST", "W"),
            ("NORTHEAST", "NE"),
            ("NORTHWEST", "NW"),
            ("SOUTHEAST", "SE"),
            ("SOUTHWEST", "SW"),
            ("NORTH-EAST", "NE"),
            ("SOUTH-WEST", "SW"),
            ("N", "N"),
            ("NE", "NE"),
            ("SW", "SW"),
        ];
        for (word, abbr) in cases {
            assert_eq!(abbreviation(word), Some(abbr), "{word}");
        }
    }

    #[test]
    fn non_directionals() {
        for word in ["NORTHERN", "NO", "NORTE", "ESTE", "NS", "EW", "n", ""] {
            assert_eq!(abbreviation(word), None, "{word}");
        }
    }

    #[test]
    fn compounds() {
        assert_eq!(compound("NORTH", "EAST"), Some("NE"));
        assert_eq!(compound("N", "W"), Some("NW"));
        assert_eq!(compound("SOUTH", "E"), Some("SE"));
        assert_eq!(compound("S", "WEST"), Some("SW"));
        assert_eq!(compound("EAST", "NORTH"), None);
        assert_eq!(compound("N", "S"), None);
        assert_eq!(compound("NE", "W"), None);
        assert_eq!(compound("N", "MAIN"), None);
    }
}

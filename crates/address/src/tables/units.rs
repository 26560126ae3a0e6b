//! USPS Publication 28, Appendix C2: secondary unit designators.
//!
//! Each designator is written either as its name or as its standard
//! abbreviation, plus a few spellings common in customer data ("FLR",
//! "BLD"). Appendix C2 also says which designators need a secondary
//! range (a number or letter after them: "APT 4") and which stand alone
//! ("REAR", "PH"). The pound sign `#` is kept as its own designator.

use super::lookup;

/// A secondary unit designator from Appendix C2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Designator {
    /// The standard abbreviation, e.g. `"APT"`.
    pub abbr: &'static str,
    /// Whether Publication 28 requires a secondary range after it.
    pub needs_range: bool,
}

const fn ranged(abbr: &'static str) -> Designator {
    Designator {
        abbr,
        needs_range: true,
    }
}

const fn alone(abbr: &'static str) -> Designator {
    Designator {
        abbr,
        needs_range: false,
    }
}

/// `(variant, designator)`, sorted by variant.
static DESIGNATORS: &[(&str, Designator)] = &[
    ("#", ranged("#")),
    ("APARTMENT", ranged("APT")),
    ("APT", ranged("APT")),
    ("BASEMENT", alone("BSMT")),
    ("BLD", ranged("BLDG")),
    ("BLDG", ranged("BLDG")),
    ("BSMT", alone("BSMT")),
    ("BUILDING", ranged("BLDG")),
    ("DEPARTMENT", ranged("DEPT")),
    ("DEPT", ranged("DEPT")),
    ("FL", ranged("FL")),
    ("FLOOR", ranged("FL")),
    ("FLR", ranged("FL")),
    ("FRNT", alone("FRNT")),
    ("FRONT", alone("FRNT")),
    ("HANGAR", ranged("HNGR")),
    ("HNGR", ranged("HNGR")),
    ("KEY", ranged("KEY")),
    ("LBBY", alone("LBBY")),
    ("LOBBY", alone("LBBY")),
    ("LOT", ranged("LOT")),
    ("LOWER", alone("LOWR")),
    ("LOWR", alone("LOWR")),
    ("OFC", alone("OFC")),
    ("OFFICE", alone("OFC")),
    ("PENTHOUSE", alone("PH")),
    ("PH", alone("PH")),
    ("PIER", ranged("PIER")),
    ("REAR", alone("REAR")),
    ("RM", ranged("RM")),
    ("ROOM", ranged("RM")),
    ("SIDE", alone("SIDE")),
    ("SLIP", ranged("SLIP")),
    ("SPACE", ranged("SPC")),
    ("SPC", ranged("SPC")),
    ("STE", ranged("STE")),
    ("STOP", ranged("STOP")),
    ("SUITE", ranged("STE")),
    ("TRAILER", ranged("TRLR")),
    ("TRLR", ranged("TRLR")),
    ("UNIT", ranged("UNIT")),
    ("UPPER", alone("UPPR")),
    ("UPPR", alone("UPPR")),
];

/// The designator written as `word` (uppercase, no punctuation).
pub(crate) fn designator(word: &str) -> Option<Designator> {
    lookup(DESIGNATORS, word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::assert_sorted_unique;

    #[test]
    fn table_is_sorted_and_unique() {
        assert_sorted_unique(DESIGNATORS);
    }

    #[test]
    fn every_abbreviation_maps_to_itself() {
        for (_, d) in DESIGNATORS {
            assert_eq!(designator(d.abbr), Some(*d), "{}", d.abbr);
        }
    }

    #[test]
    fn names_map_to_abbreviations() {
        let cases = [
            ("APARTMENT", "APT", true),
            ("BASEMENT", "BSMT", false),
            ("BUILDING", "BLDG", true),
            ("DEPARTMENT", "DEPT", true),
            ("FLOOR", "FL", true),
            ("FRONT", "FRNT", false),
            ("HANGAR", "HNGR", true),
            ("KEY", "KEY", true),
            ("LOBBY", "LBBY", false),
            ("LOT", "LOT", true),
            ("LOWER", "LOWR", false),
            ("OFFICE", "OFC", false),
            ("PENTHOUSE", "PH", false),
            ("PIER", "PIER", true),
            ("REAR", "REAR", false),
            ("ROOM", "RM", true),
            ("SIDE", "SIDE", false),
            ("SLIP", "SLIP", true),
            ("SPACE", "SPC", true),
            ("STOP", "STOP", true),
            ("SUITE", "STE", true),
            ("TRAILER", "TRLR", true),
            ("UNIT", "UNIT", true),
            ("UPPER", "UPPR", false),
            ("#", "#", true),
        ];
        for (word, abbr, needs_range) in cases {
            let d = designator(word).expect(word);
            assert_eq!((d.abbr, d.needs_range), (abbr, needs_range), "{word}");
        }
    }

    #[test]
    fn non_designators() {
        for word in ["ST", "AVE", "NO", "NUMBER", "APTS", "apt", ""] {
            assert_eq!(designator(word), None, "{word}");
        }
    }
}

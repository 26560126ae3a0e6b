//! Normalising one street line: "123 1/2 N. Main Street, Apt 4B".

use std::fmt;

use crate::delivery::{self, LineKind};
use crate::highway;
use crate::house_number;
use crate::key::StreetKey;
use crate::name;
use crate::tokens::tokenize;
use crate::unit::{self, Unit};

/// A street line split into its Publication 28 parts.
///
/// Every part is uppercase with punctuation removed; directionals,
/// suffixes and unit designators are the standard abbreviations. A line
/// that is a PO box, rural route or highway contract route has its
/// [`kind`](Self::kind) set and no street name.
///
/// ```
/// use honeygrid_address::normalize_street;
/// let a = normalize_street("123 1/2 n. main street apt #4b");
/// assert_eq!(a.number.as_deref(), Some("123 1/2"));
/// assert_eq!(a.predir, Some("N"));
/// assert_eq!(a.name, "MAIN");
/// assert_eq!(a.suffix, Some("ST"));
/// assert_eq!(a.unit().unwrap().to_string(), "APT 4B");
/// assert_eq!(a.to_string(), "123 1/2 N MAIN ST APT 4B");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct StreetAddress {
    /// The house number, with a letter or fraction if written
    /// (`"123"`, `"123A"`, `"123-45"`, `"123 1/2"`).
    pub number: Option<String>,
    /// The pre-directional (`"N"`, `"SW"`), if any.
    pub predir: Option<&'static str>,
    /// The street name; empty when the line has none.
    pub name: String,
    /// The standard street suffix (`"ST"`, `"AVE"`), if any.
    pub suffix: Option<&'static str>,
    /// The post-directional, if any.
    pub postdir: Option<&'static str>,
    /// Secondary units in the order written ("BLDG 3", "APT 4").
    pub units: Vec<Unit>,
    /// Whether this is a street address, PO box or rural route.
    pub kind: LineKind,
}

impl StreetAddress {
    /// The key of the street, for matching; `None` when the line names
    /// no street (a PO box, a rural route, an empty line).
    pub fn key(&self) -> Option<StreetKey> {
        if self.kind != LineKind::Street || self.name.is_empty() {
            return None;
        }
        Some(StreetKey {
            predir: self.predir,
            name: self.name.clone(),
            suffix: self.suffix,
            postdir: self.postdir,
        })
    }

    /// The innermost unit, the last one written ("APT 4" in
    /// "BLDG 3 APT 4"), if any.
    pub fn unit(&self) -> Option<&Unit> {
        self.units.last()
    }

    /// Whether nothing at all was recognised in the line.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl fmt::Display for StreetAddress {
    /// Writes the Publication 28 form: `123 N MAIN ST NW APT 4`.
    /// Normalising this text again gives the same address.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind.to_string();
        let units: Vec<String> =
            self.units.iter().map(Unit::to_string).collect();
        let street = [
            self.number.as_deref(),
            self.predir,
            Some(self.name.as_str()),
            self.suffix,
            self.postdir,
            Some(kind.as_str()),
        ];
        let words: Vec<&str> = street
            .into_iter()
            .flatten()
            .chain(units.iter().map(String::as_str))
            .filter(|w| !w.is_empty())
            .collect();
        f.write_str(&words.join(" "))
    }
}

/// Normalises a street line (the first address line, without city,
/// state or ZIP) into its parts.
///
/// Never fails: text that fits no rule stays in the name, where it can
/// only fail to match, never match another street. See the crate
/// documentation for the rules.
///
/// ```
/// use honeygrid_address::normalize_street;
/// assert_eq!(normalize_street("5th Avenue").to_string(), "5TH AVE");
/// assert_eq!(normalize_street("Fifth Ave.").to_string(), "5TH AVE");
/// assert_eq!(normalize_street("St Marks Pl").to_string(), "ST MARKS PL");
/// assert_eq!(normalize_street("P.O. Box 12").to_string(), "PO BOX 12");
/// ```
pub fn normalize_street(line: &str) -> StreetAddress {
    from_tokens(tokenize(line))
}

/// [`normalize_street`] on a line already split into tokens.
pub(crate) fn from_tokens(mut tokens: Vec<String>) -> StreetAddress {
    highway::split_hyphenated(&mut tokens);
    tokens.dedup_by(|a, b| a == "#" && b == "#");
    while tokens.len() >= 2 && tokens.last().is_some_and(|t| t == "#") {
        tokens.pop();
    }
    if let Some(address) = delivery_line(&tokens) {
        return address;
    }
    let leading = unit::take_leading(&mut tokens);
    let (number, used) = house_number::take(&tokens);
    let mut head = tokens.split_off(used);
    let mut units = unit::split_trailing(&mut head);
    units.splice(0..0, leading);
    let parts = name::split(&head);
    StreetAddress {
        number,
        predir: parts.predir,
        name: parts.name,
        suffix: parts.suffix,
        postdir: parts.postdir,
        units,
        kind: LineKind::Street,
    }
}

/// A PO box, rural route or highway contract line, possibly followed by
/// units; `None` when `tokens` are anything else.
fn delivery_line(tokens: &[String]) -> Option<StreetAddress> {
    let (kind, used) = delivery::parse(tokens)?;
    let units = unit::only_units(&tokens[used..])?;
    Some(StreetAddress {
        units,
        kind,
        ..StreetAddress::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(line: &str) -> String {
        normalize_street(line).to_string()
    }

    fn check(cases: &[(&str, &str)]) {
        for (line, want) in cases {
            assert_eq!(norm(line), *want, "{line}");
        }
    }

    /// `(number, predir, name, suffix, postdir, units)` with `-` for none.
    fn fields(line: &str) -> [String; 6] {
        let a = normalize_street(line);
        let opt = |o: Option<&str>| o.unwrap_or("-").to_string();
        let units: Vec<String> = a.units.iter().map(Unit::to_string).collect();
        [
            opt(a.number.as_deref()),
            opt(a.predir),
            a.name,
            opt(a.suffix),
            opt(a.postdir),
            units.join("|"),
        ]
    }

    fn check_fields(cases: &[(&str, [&str; 6])]) {
        for (line, want) in cases {
            assert_eq!(fields(line), want.map(String::from), "{line}");
        }
    }

    #[test]
    fn full_lines() {
        check_fields(&[
            (
                "123 N Main St Apt 4",
                ["123", "N", "MAIN", "ST", "-", "APT 4"],
            ),
            ("123 Main St", ["123", "-", "MAIN", "ST", "-", ""]),
            ("123 1/2 Main St", ["123 1/2", "-", "MAIN", "ST", "-", ""]),
            ("123A Main St", ["123A", "-", "MAIN", "ST", "-", ""]),
            ("123-45 67th Ave", ["123-45", "-", "67TH", "AVE", "-", ""]),
            (
                "1600 Pennsylvania Ave NW",
                ["1600", "-", "PENNSYLVANIA", "AVE", "NW", ""],
            ),
            ("350 Fifth Avenue", ["350", "-", "5TH", "AVE", "-", ""]),
            ("350 5th Ave", ["350", "-", "5TH", "AVE", "-", ""]),
            ("1 St Marks Pl", ["1", "-", "ST MARKS", "PL", "-", ""]),
            (
                "1221 Avenue of the Americas",
                ["1221", "-", "AVENUE OF THE AMERICAS", "-", "-", ""],
            ),
            ("10 North St", ["10", "-", "NORTH", "ST", "-", ""]),
            ("10 N North St", ["10", "N", "NORTH", "ST", "-", ""]),
            ("1 Broadway", ["1", "-", "BROADWAY", "-", "-", ""]),
            (
                "200 One Hundred Twenty-Fifth St",
                ["200", "-", "125TH", "ST", "-", ""],
            ),
            ("12 Park Ave #4", ["12", "-", "PARK", "AVE", "-", "# 4"]),
            (
                "12 Park Ave Apt 4B",
                ["12", "-", "PARK", "AVE", "-", "APT 4B"],
            ),
            ("12 Park Ave #12", ["12", "-", "PARK", "AVE", "-", "# 12"]),
            ("9 Elm St Unit B", ["9", "-", "ELM", "ST", "-", "UNIT B"]),
            ("9 Elm St Ste 200", ["9", "-", "ELM", "ST", "-", "STE 200"]),
            (
                "9 Elm St Suite #200",
                ["9", "-", "ELM", "ST", "-", "STE 200"],
            ),
            (
                "9 Elm St Apartment 4",
                ["9", "-", "ELM", "ST", "-", "APT 4"],
            ),
            ("Main St", ["-", "-", "MAIN", "ST", "-", ""]),
            ("123", ["123", "-", "", "-", "-", ""]),
            ("", ["-", "-", "", "-", "-", ""]),
        ]);
    }

    #[test]
    fn tricky_lines() {
        check_fields(&[
            ("St Marks Pl", ["-", "-", "ST MARKS", "PL", "-", ""]),
            (
                "Avenue of the Americas",
                ["-", "-", "AVENUE OF THE AMERICAS", "-", "-", ""],
            ),
            ("North St", ["-", "-", "NORTH", "ST", "-", ""]),
            ("N North St", ["-", "N", "NORTH", "ST", "-", ""]),
            ("123 1/2 Main St", ["123 1/2", "-", "MAIN", "ST", "-", ""]),
            (
                "One Hundred Twenty-Fifth St",
                ["-", "-", "125TH", "ST", "-", ""],
            ),
            ("Broadway", ["-", "-", "BROADWAY", "-", "-", ""]),
            ("Apt 4B", ["-", "-", "APT 4B", "-", "-", ""]),
            ("#12", ["-", "-", "# 12", "-", "-", ""]),
            (
                "12 Main St Apt 4B",
                ["12", "-", "MAIN", "ST", "-", "APT 4B"],
            ),
            ("12 Main St #12", ["12", "-", "MAIN", "ST", "-", "# 12"]),
            ("12 main st", ["12", "-", "MAIN", "ST", "-", ""]),
            ("  12   Main   St  ", ["12", "-", "MAIN", "ST", "-", ""]),
            ("12 Main St.", ["12", "-", "MAIN", "ST", "-", ""]),
            ("12 Main St...", ["12", "-", "MAIN", "ST", "-", ""]),
            ("12 Main St,", ["12", "-", "MAIN", "ST", "-", ""]),
            ("12 Avenue A", ["12", "-", "AVENUE A", "-", "-", ""]),
            ("12 Avenue N", ["12", "-", "AVENUE N", "-", "-", ""]),
            // Read like "N St NW" (a street named N), not as a lettered
            // "Avenue N" with a pre-directional.
            ("12 N Avenue N", ["12", "-", "N", "AVE", "N", ""]),
            ("1 N St NW", ["1", "-", "N", "ST", "NW", ""]),
            ("1 K Street Northwest", ["1", "-", "K", "ST", "NW", ""]),
            ("12 E 5th St", ["12", "E", "5TH", "ST", "-", ""]),
            (
                "12 W Twenty-Third Street",
                ["12", "W", "23RD", "ST", "-", ""],
            ),
            ("12 S 500 W", ["12", "S", "500", "-", "W", ""]),
        ]);
    }

    #[test]
    fn real_looking_lines() {
        check(&[
            ("1600 Amphitheatre Pkwy", "1600 AMPHITHEATRE PKWY"),
            ("1600 Amphitheatre Parkway", "1600 AMPHITHEATRE PKWY"),
            ("1 Infinite Loop", "1 INFINITE LOOP"),
            (
                "233 S. Wacker Drive, Suite 9700",
                "233 S WACKER DR STE 9700",
            ),
            ("4059 Mt Lee Dr", "4059 MT LEE DR"),
            ("2 15th St NW", "2 15TH ST NW"),
            ("1000 Fifth Avenue", "1000 5TH AVE"),
            ("30 Rockefeller Plaza", "30 ROCKEFELLER PLZ"),
            ("11 Wall Street", "11 WALL ST"),
            ("405 Lexington Ave Fl 2", "405 LEXINGTON AVE FL 2"),
            ("1 Microsoft Way", "1 MICROSOFT WAY"),
            ("600 Montgomery St 2nd Floor", "600 MONTGOMERY ST FL 2"),
            (
                "77 Massachusetts Ave Bldg 10",
                "77 MASSACHUSETTS AVE BLDG 10",
            ),
            ("221B Baker St", "221B BAKER ST"),
            ("3500 Deer Creek Rd", "3500 DEER CREEK RD"),
            ("500 S Buena Vista St", "500 S BUENA VISTA ST"),
            ("1 Dr Carlton B Goodlett Pl", "1 DR CARLTON B GOODLETT PL"),
            (
                "8 Martin Luther King Jr Blvd",
                "8 MARTIN LUTHER KING JR BLVD",
            ),
            ("742 Evergreen Terrace", "742 EVERGREEN TER"),
            ("1313 Mockingbird Lane", "1313 MOCKINGBIRD LN"),
            ("100 Lake Shore Drive East", "100 LAKE SHORE DR E"),
            ("12 Old Country Road", "12 OLD COUNTRY RD"),
            ("45 Post Office Rd", "45 POST OFFICE RD"),
            ("9 Box Elder Ct", "9 BOX ELDER CT"),
            ("3 Key West Dr", "3 KEY WEST DR"),
            ("5 Front St Rear", "5 FRONT ST REAR"),
            ("64 Park Ave South", "64 PARK AVE S"),
            ("120 West 45th Street, 4th Floor", "120 W 45TH ST FL 4"),
            ("1 Trailer Park Rd Lot 14", "1 TRAILER PARK RD LOT 14"),
            ("2400 County Road 42 W", "2400 COUNTY ROAD 42 W"),
        ]);
    }

    #[test]
    fn case_spaces_and_punctuation() {
        check(&[
            ("123 main st", "123 MAIN ST"),
            ("  123   Main    St  ", "123 MAIN ST"),
            ("123 Main St.", "123 MAIN ST"),
            ("123 Main St.,", "123 MAIN ST"),
            ("123 Main St, Apt. 4", "123 MAIN ST APT 4"),
            ("123 N. Main St.", "123 N MAIN ST"),
            ("123 Main St N.W.", "123 MAIN ST NW"),
            ("123 O'Brien Ave", "123 OBRIEN AVE"),
            ("123 Main St - Apt 4", "123 MAIN ST APT 4"),
            ("123 MAIN STREET", "123 MAIN ST"),
            ("123 main street!", "123 MAIN ST"),
            ("123\tMain\tSt", "123 MAIN ST"),
        ]);
    }

    #[test]
    fn suffix_variants() {
        check(&[
            ("1 Oak Street", "1 OAK ST"),
            ("1 Oak Str", "1 OAK ST"),
            ("1 Oak Strt", "1 OAK ST"),
            ("1 Oak Avenue", "1 OAK AVE"),
            ("1 Oak Av", "1 OAK AVE"),
            ("1 Oak Aven", "1 OAK AVE"),
            ("1 Oak Avenu", "1 OAK AVE"),
            ("1 Oak Avn", "1 OAK AVE"),
            ("1 Oak Avnue", "1 OAK AVE"),
            ("1 Oak Boulevard", "1 OAK BLVD"),
            ("1 Oak Boul", "1 OAK BLVD"),
            ("1 Oak Boulv", "1 OAK BLVD"),
            ("1 Oak Court", "1 OAK CT"),
            ("1 Oak Drive", "1 OAK DR"),
            ("1 Oak Lane", "1 OAK LN"),
            ("1 Oak Road", "1 OAK RD"),
            ("1 Oak Place", "1 OAK PL"),
            ("1 Oak Terrace", "1 OAK TER"),
            ("1 Oak Circle", "1 OAK CIR"),
            ("1 Oak Parkway", "1 OAK PKWY"),
            ("1 Oak Highway", "1 OAK HWY"),
            ("1 Oak Trail", "1 OAK TRL"),
            ("1 Oak Way", "1 OAK WAY"),
            ("1 Oak Square", "1 OAK SQ"),
            ("1 Oak Crossing", "1 OAK XING"),
        ]);
    }

    #[test]
    fn numbered_streets() {
        check(&[
            ("1 Fifth Ave", "1 5TH AVE"),
            ("1 5th Avenue", "1 5TH AVE"),
            ("1 5TH AVE", "1 5TH AVE"),
            ("1 First St", "1 1ST ST"),
            ("1 Second St", "1 2ND ST"),
            ("1 Third St", "1 3RD ST"),
            ("1 Twenty-First St", "1 21ST ST"),
            ("1 Twenty First St", "1 21ST ST"),
            ("1 W Forty Second St", "1 W 42ND ST"),
            ("1 One Hundredth St", "1 100TH ST"),
            ("1 One Hundred Twenty-Fifth St", "1 125TH ST"),
            ("1 Ninety-Ninth St", "1 99TH ST"),
            ("1 22d St", "1 22ND ST"),
            ("1 103d St", "1 103RD ST"),
            ("1 Eleventh Ave", "1 11TH AVE"),
        ]);
    }

    #[test]
    fn units() {
        check(&[
            ("1 Main St Apt 4", "1 MAIN ST APT 4"),
            ("1 Main St Apt 4B", "1 MAIN ST APT 4B"),
            ("1 Main St #12", "1 MAIN ST # 12"),
            ("1 Main St # 12", "1 MAIN ST # 12"),
            ("1 Main St Apt #12", "1 MAIN ST APT 12"),
            ("1 Main St Unit B", "1 MAIN ST UNIT B"),
            ("1 Main St Ste 200", "1 MAIN ST STE 200"),
            ("1 Main St Suite #200", "1 MAIN ST STE 200"),
            ("1 Main St Rear", "1 MAIN ST REAR"),
            ("1 Main St Bldg 3 Apt 4", "1 MAIN ST BLDG 3 APT 4"),
            ("1 Main St 2nd Floor", "1 MAIN ST FL 2"),
            ("1 Main St 4B", "1 MAIN ST # 4B"),
            ("Apt 4, 1 Main St", "1 MAIN ST APT 4"),
            ("1 Main St NW Apt 4", "1 MAIN ST NW APT 4"),
            ("1 Lot Rd", "1 LOT RD"),
            ("1 Front St", "1 FRONT ST"),
        ]);
    }

    #[test]
    fn highways() {
        check(&[
            ("100 US Highway 1", "100 US HIGHWAY 1"),
            ("100 US Hwy 1", "100 US HIGHWAY 1"),
            ("100 U.S. Route 1", "100 US HIGHWAY 1"),
            ("100 State Route 9", "100 STATE ROUTE 9"),
            ("100 St Rt 9", "100 STATE ROUTE 9"),
            ("100 County Road 12", "100 COUNTY ROAD 12"),
            ("100 County Rd 12", "100 COUNTY ROAD 12"),
            ("100 CR-12", "100 COUNTY ROAD 12"),
            ("100 County Road 12 Apt 3", "100 COUNTY ROAD 12 APT 3"),
            ("100 Hwy 7 N", "100 HIGHWAY 7 N"),
            ("100 I-95", "100 INTERSTATE 95"),
            ("100 FM 1960 Rd", "100 FM 1960 RD"),
            ("100 Route 66", "100 ROUTE 66"),
            ("100 Old County Rd", "100 OLD COUNTY RD"),
        ]);
    }

    #[test]
    fn delivery_lines() {
        check(&[
            ("PO Box 123", "PO BOX 123"),
            ("P.O. Box 123", "PO BOX 123"),
            ("p o box 123", "PO BOX 123"),
            ("Post Office Box 123", "PO BOX 123"),
            ("Box 123", "PO BOX 123"),
            ("Rural Route 2 Box 5", "RR 2 BOX 5"),
            ("RR 2 Box 5", "RR 2 BOX 5"),
            ("Route 2 Box 5", "RR 2 BOX 5"),
            ("HC 1 Box 2", "HC 1 BOX 2"),
            ("PO Box 123 Ste 4", "PO BOX 123 STE 4"),
        ]);
        let a = normalize_street("PO Box 123");
        assert_eq!(a.kind, LineKind::PoBox { id: "123".into() });
        assert_eq!(a.key(), None);
        assert!(a.number.is_none() && a.name.is_empty());
        let rr = normalize_street("Rural Route 2 Box 5");
        assert!(matches!(rr.kind, LineKind::RuralRoute { .. }));
        assert_eq!(rr.key(), None);
    }

    #[test]
    fn keys_tell_streets_apart() {
        let different = [
            ("1 Oak Ct", "1 Oak Ave"),
            ("1 N Main St", "1 S Main St"),
            ("1 Main St", "1 Main St NW"),
            ("1 N Main St", "1 Main St"),
            ("1 Main St", "1 Main"),
            ("1 North St", "1 N St"),
            ("1 N North St", "1 North St"),
            ("1 St Marks Pl", "1 Marks Pl"),
            ("1 Park Ave", "1 Park St"),
            ("1 Avenue N", "1 Avenue S"),
            ("1 County Rd 12", "1 County Rd 13"),
            ("1 Main St E", "1 Main St W"),
        ];
        for (a, b) in different {
            let (ka, kb) =
                (normalize_street(a).key(), normalize_street(b).key());
            assert_ne!(ka, kb, "{a} vs {b}");
        }
    }

    #[test]
    fn keys_join_spellings() {
        let same = [
            ("1 Fifth Avenue", "99 5th Ave."),
            ("1 North Main Street", "2 N Main St Apt 4"),
            ("1 Main St NW", "1 main street northwest"),
            ("1 County Road 12", "7 CR-12"),
            ("1 Oak Court", "1 OAK CT #4"),
        ];
        for (a, b) in same {
            let (ka, kb) =
                (normalize_street(a).key(), normalize_street(b).key());
            assert!(ka.is_some());
            assert_eq!(ka, kb, "{a} vs {b}");
        }
    }

    #[test]
    fn key_and_accessors() {
        let a = normalize_street("1 N Main St Bldg 3 Apt 4");
        let key = a.key().unwrap();
        assert_eq!(key.to_string(), "N MAIN ST");
        assert_eq!(a.unit().unwrap().to_string(), "APT 4");
        assert!(!a.is_empty());
        assert!(normalize_street(" ,. ").is_empty());
        assert_eq!(normalize_street("123").key(), None);
    }
}

//! Secondary units: "APT 4", "STE 200", "# 12", "REAR".
//!
//! Units are taken off the end of a street line, one after another, so
//! "BLDG 3 APT 4" gives two units. A designator is recognised only
//! after at least one street token, so streets such as "Lot Rd" or
//! "Front St" keep their names. Forms that are not recognised stay in
//! the street name (which then matches nothing): a unit id split in two
//! ("Apt 4 B"), "No. 4", and units written before the street other than
//! a named one right before the house number ("Apt 4, 123 Main St" is
//! read, "#4 123 Main St" is not).

use std::fmt;

use crate::highway;
use crate::house_number;
use crate::tables::{directionals, ordinals, suffixes, units};
use crate::tokens::has_digit;

/// A secondary unit: a Publication 28 designator and its identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Unit {
    /// The standard designator (`"APT"`, `"STE"`, `"REAR"`, ...), or
    /// `"#"` when only a pound sign was written.
    pub designator: &'static str,
    /// The unit number or letter (`"4"`, `"4B"`, `"B"`), if any.
    pub id: Option<String>,
}

impl fmt::Display for Unit {
    /// Writes `APT 4`, `# 12` or `REAR`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} {id}", self.designator),
            None => f.write_str(self.designator),
        }
    }
}

impl Unit {
    fn new(designator: &'static str, id: Option<&str>) -> Self {
        Self {
            designator,
            id: id.map(String::from),
        }
    }
}

/// Whether `token` can identify a unit: letters, digits and hyphens
/// with a digit (`4`, `4B`, `12-A`), or one letter (`B`). Ordinals such
/// as `5TH` are not ids: spelled out ("FIFTH") they would not be, and
/// the two spellings must parse alike.
pub(crate) fn is_id(token: &str) -> bool {
    let chars_ok = token.chars().all(|c| c.is_alphanumeric() || c == '-');
    let one_letter =
        token.len() == 1 && token.as_bytes()[0].is_ascii_alphabetic();
    let ordinal = ordinals::numeric(token).is_some();
    chars_ok && !ordinal && (has_digit(token) || one_letter)
}

/// Whether `token` ends a street: a suffix or a directional.
fn closes_street(token: &str) -> bool {
    suffixes::standard(token).is_some()
        || directionals::abbreviation(token).is_some()
}

/// Takes the units off the end of `head` (the street tokens after the
/// house number), in the order they were written. At least one token
/// is always left in `head`.
pub(crate) fn split_trailing(head: &mut Vec<String>) -> Vec<Unit> {
    let mut found = Vec::new();
    loop {
        if head.len() >= 2 && head.last().is_some_and(|t| t == "#") {
            head.pop();
            continue;
        }
        let Some((unit, start)) = last_unit(head, !found.is_empty()) else {
            break;
        };
        head.truncate(start);
        found.push(unit);
    }
    found.reverse();
    found
}

/// The units that `tokens` consist of, or `None` when they are not all
/// units. Used after a PO box, and for a part of a one-line address.
pub(crate) fn only_units(tokens: &[String]) -> Option<Vec<Unit>> {
    // Units are split off a street head, which keeps at least one
    // token; an empty placeholder stands in for the street here.
    let mut head = vec![String::new()];
    head.extend_from_slice(tokens);
    let found = split_trailing(&mut head);
    (head.len() == 1).then_some(found)
}

/// The unit at the end of `head` and the index where it starts (never
/// 0). `after_unit` says that a unit was already taken after it.
fn last_unit(head: &[String], after_unit: bool) -> Option<(Unit, usize)> {
    let keeps_street = |found: &(Unit, usize)| found.1 >= 1;
    designated(head)
        .filter(keeps_street)
        .or_else(|| glued(head).filter(keeps_street))
        .or_else(|| ordinal_floor(head).filter(keeps_street))
        .or_else(|| bare_designator(head).filter(keeps_street))
        .or_else(|| bare_id(head, after_unit).filter(keeps_street))
}

/// `APT 4`, `APT # 4`, `# 4`.
fn designated(head: &[String]) -> Option<(Unit, usize)> {
    let [.., before, id] = head else { return None };
    if !is_id(id) {
        return None;
    }
    let n = head.len();
    // "APT # 4" needs a street token before APT; else "# 4" may still do.
    if before == "#"
        && n >= 4
        && head[n - 3] != "#"
        && let Some(d) = units::designator(&head[n - 3])
    {
        return Some((Unit::new(d.abbr, Some(id)), n - 3));
    }
    let d = units::designator(before)?;
    Some((Unit::new(d.abbr, Some(id)), n - 2))
}

/// A designator glued to its number: `APT4`, `STE200`.
fn glued(head: &[String]) -> Option<(Unit, usize)> {
    let last = head.last()?;
    let split = last.find(|c: char| c.is_ascii_digit())?;
    let (word, id) = last.split_at(split);
    let d =
        units::designator(word).filter(|d| d.needs_range && word.len() >= 2)?;
    is_id(id).then(|| (Unit::new(d.abbr, Some(id)), head.len() - 1))
}

/// `2ND FLOOR`, `THIRD FL`: the floor written as an ordinal.
fn ordinal_floor(head: &[String]) -> Option<(Unit, usize)> {
    let [.., nth, floor] = head else { return None };
    units::designator(floor).filter(|d| d.abbr == "FL")?;
    let n = match ordinals::numeric(nth) {
        Some(s) => s.trim_end_matches(char::is_alphabetic).to_string(),
        None => {
            let words: Vec<&str> = nth.split('-').collect();
            ordinals::from_words(&words)?.to_string()
        }
    };
    Some((Unit::new("FL", Some(&n)), head.len() - 2))
}

/// A designator with no id, after a street suffix or directional or
/// after another unit: `MAIN ST REAR`, `MAIN ST APT`, `APT 1 REAR`.
/// Not a floor: `FL` alone at the end of a line is Florida.
fn bare_designator(head: &[String]) -> Option<(Unit, usize)> {
    let [.., before, last] = head else {
        return None;
    };
    let d =
        units::designator(last).filter(|d| !matches!(d.abbr, "#" | "FL"))?;
    let n = head.len();
    let closed = n >= 3 && closes_street(before);
    let unit_before = designated(&head[..n - 1]).is_some();
    let fits = closed || unit_before;
    fits.then(|| (Unit::new(d.abbr, None), n - 1))
}

/// A unit number with no designator right after the street suffix:
/// `MAIN ST 4B` is `MAIN ST # 4B`. Not after a highway kind, where the
/// number is the route: `COUNTY RD 12`.
fn bare_id(head: &[String], after_unit: bool) -> Option<(Unit, usize)> {
    let [.., before, id] = head else { return None };
    let n = head.len();
    let fits = !after_unit
        && n >= 3
        && is_id(id)
        && has_digit(id)
        && closes_street(before)
        && !highway::ends_with_prefix(&head[..n - 1]);
    fits.then(|| (Unit::new("#", Some(id)), n - 1))
}

/// Takes a unit written before the house number ("APT 4 123 MAIN ST")
/// off the start of `tokens`. A leading "# 4" is not taken: written
/// after a street whose name ends with a designator ("12 N APT # 4")
/// it would join it and read as another unit.
pub(crate) fn take_leading(tokens: &mut Vec<String>) -> Option<Unit> {
    let d = units::designator(tokens.first()?).filter(|d| d.abbr != "#")?;
    let at = if tokens.get(1).is_some_and(|t| t == "#") {
        2
    } else {
        1
    };
    let id = tokens.get(at).filter(|t| is_id(t))?;
    let rest = tokens.get(at + 1..)?;
    let (number, used) = house_number::take(rest);
    if !d.needs_range || number.is_none() || used >= rest.len() {
        return None;
    }
    let unit = Unit::new(d.abbr, Some(id));
    tokens.drain(..=at);
    Some(unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    /// The head left and the units taken from `line`.
    fn split(line: &str) -> (String, Vec<String>) {
        let mut head = tokenize(line);
        let found = split_trailing(&mut head);
        let units = found.iter().map(Unit::to_string).collect();
        (head.join(" "), units)
    }

    fn check(cases: &[(&str, &str, &[&str])]) {
        for (line, head, want) in cases {
            let (got_head, got) = split(line);
            let want: Vec<String> =
                want.iter().map(|u| u.to_string()).collect();
            assert_eq!((got_head.as_str(), got), (*head, want), "{line}");
        }
    }

    #[test]
    fn designator_and_id() {
        check(&[
            ("Main St Apt 4", "MAIN ST", &["APT 4"]),
            ("Main St Apartment 4", "MAIN ST", &["APT 4"]),
            ("Main St Apt 4B", "MAIN ST", &["APT 4B"]),
            ("Main St Apt. 4-B", "MAIN ST", &["APT 4-B"]),
            ("Main St Unit B", "MAIN ST", &["UNIT B"]),
            ("Main St Ste 200", "MAIN ST", &["STE 200"]),
            ("Main St Suite #200", "MAIN ST", &["STE 200"]),
            ("Main St Suite# 200", "MAIN ST", &["STE 200"]),
            ("Main St Bldg 3", "MAIN ST", &["BLDG 3"]),
            ("Main St Building C", "MAIN ST", &["BLDG C"]),
            ("Main St Room 101", "MAIN ST", &["RM 101"]),
            ("Main St Floor 2", "MAIN ST", &["FL 2"]),
            ("Main St Flr 2", "MAIN ST", &["FL 2"]),
            ("Main St Dept 7", "MAIN ST", &["DEPT 7"]),
            ("Main St Trailer 9", "MAIN ST", &["TRLR 9"]),
            ("Main St Space 14", "MAIN ST", &["SPC 14"]),
            ("Main St Lot 14", "MAIN ST", &["LOT 14"]),
            ("Main St Hangar 2", "MAIN ST", &["HNGR 2"]),
            ("Main St Slip 40", "MAIN ST", &["SLIP 40"]),
            ("Main St Pier 39", "MAIN ST", &["PIER 39"]),
            ("Main St Stop 3", "MAIN ST", &["STOP 3"]),
            ("Main St Key 12", "MAIN ST", &["KEY 12"]),
            ("Main Apt 4", "MAIN", &["APT 4"]),
            ("Main St PH 2", "MAIN ST", &["PH 2"]),
        ]);
    }

    #[test]
    fn pound_sign() {
        check(&[
            ("Main St #4", "MAIN ST", &["# 4"]),
            ("Main St # 4", "MAIN ST", &["# 4"]),
            ("Main St #12", "MAIN ST", &["# 12"]),
            ("Main St #B", "MAIN ST", &["# B"]),
            ("Main St Apt #4", "MAIN ST", &["APT 4"]),
            ("Main St #", "MAIN ST", &[]),
            ("Apt # 4", "APT", &["# 4"]),
        ]);
    }

    #[test]
    fn designators_alone() {
        check(&[
            ("Main St Rear", "MAIN ST", &["REAR"]),
            ("Main St Front", "MAIN ST", &["FRNT"]),
            ("Main St Bsmt", "MAIN ST", &["BSMT"]),
            ("Main St Basement", "MAIN ST", &["BSMT"]),
            ("Main St Upper", "MAIN ST", &["UPPR"]),
            ("Main St Lower", "MAIN ST", &["LOWR"]),
            ("Main St Lobby", "MAIN ST", &["LBBY"]),
            ("Main St Office", "MAIN ST", &["OFC"]),
            ("Main St Penthouse", "MAIN ST", &["PH"]),
            ("Main St Side", "MAIN ST", &["SIDE"]),
            ("Main St N Rear", "MAIN ST N", &["REAR"]),
            ("Main St Apt", "MAIN ST", &["APT"]),
            ("Main St Floor", "MAIN ST FLOOR", &[]),
        ]);
    }

    #[test]
    fn glued_and_ordinal_floors() {
        check(&[
            ("Main St Apt4", "MAIN ST", &["APT 4"]),
            ("Main St STE200", "MAIN ST", &["STE 200"]),
            ("Main St Unit12B", "MAIN ST", &["UNIT 12B"]),
            ("Main St 2nd Floor", "MAIN ST", &["FL 2"]),
            ("Main St 3rd Fl", "MAIN ST", &["FL 3"]),
            ("Main St Third Floor", "MAIN ST", &["FL 3"]),
            ("Main St Twenty-First Floor", "MAIN ST", &["FL 21"]),
            ("21st Floor Apt 12", "21ST FLOOR", &["APT 12"]),
            ("Main St 22nd Flr", "MAIN ST", &["FL 22"]),
        ]);
    }

    #[test]
    fn bare_ids_after_suffix() {
        check(&[
            ("Main St 4B", "MAIN ST", &["# 4B"]),
            ("Oak Ave 12", "OAK AVE", &["# 12"]),
            ("Main St NW 3", "MAIN ST NW", &["# 3"]),
            ("County Rd 12", "COUNTY RD 12", &[]),
            ("Old Route 9", "OLD ROUTE 9", &[]),
            ("US Hwy 1", "US HWY 1", &[]),
            ("Avenue 5", "AVENUE 5", &[]),
            ("Main 4B", "MAIN 4B", &[]),
            ("Main St B", "MAIN ST B", &[]),
        ]);
    }

    #[test]
    fn several_units() {
        check(&[
            ("Main St Bldg 3 Apt 4", "MAIN ST", &["BLDG 3", "APT 4"]),
            ("Main St Fl 2 Ste 200", "MAIN ST", &["FL 2", "STE 200"]),
            ("Main St Rear Apt 1", "MAIN ST", &["REAR", "APT 1"]),
            ("Main St Apt 1 Rear", "MAIN ST", &["APT 1", "REAR"]),
        ]);
    }

    #[test]
    fn street_words_are_not_units() {
        check(&[
            ("Lot Rd", "LOT RD", &[]),
            ("Front St", "FRONT ST", &[]),
            ("Upper Ridge Rd", "UPPER RIDGE RD", &[]),
            ("Unit 5", "UNIT 5", &[]),
            ("Apt 4", "APT 4", &[]),
            ("#4", "# 4", &[]),
            ("Ocean Front", "OCEAN FRONT", &[]),
            ("Park Front", "PARK FRONT", &[]),
            ("Key West Dr", "KEY WEST DR", &[]),
            ("Pier Ave", "PIER AVE", &[]),
            ("Office Park Dr", "OFFICE PARK DR", &[]),
            ("Main Lot", "MAIN LOT", &[]),
            ("Side St", "SIDE ST", &[]),
            ("Main St Apt 4 B", "MAIN ST APT 4 B", &[]),
            ("Main St No 4", "MAIN ST NO 4", &[]),
        ]);
    }

    #[test]
    fn leading_units() {
        let mut t = tokenize("Apt 4 123 Main St");
        assert_eq!(take_leading(&mut t), Some(Unit::new("APT", Some("4"))));
        assert_eq!(t.join(" "), "123 MAIN ST");
        let mut t = tokenize("Ste #12 55 Elm St");
        assert_eq!(take_leading(&mut t), Some(Unit::new("STE", Some("12"))));
        assert_eq!(t.join(" "), "55 ELM ST");
        let cases = [
            "Apt 4 Main St",
            "Rear 4 12 Main St",
            "Unit 5 12",
            "Lot Rd",
            "#12 55 Elm St",
            "Suite 123 123 1/2",
        ];
        for line in cases {
            let mut t = tokenize(line);
            assert_eq!(take_leading(&mut t), None, "{line}");
        }
    }

    #[test]
    fn only_units() {
        let units = |s: &str| {
            super::only_units(&tokenize(s))
                .map(|u| u.iter().map(Unit::to_string).collect::<Vec<_>>())
        };
        assert_eq!(units("Apt 4"), Some(vec!["APT 4".to_string()]));
        assert_eq!(
            units("Bldg 3 Apt 4"),
            Some(vec!["BLDG 3".to_string(), "APT 4".to_string()])
        );
        assert_eq!(units("# 12"), Some(vec!["# 12".to_string()]));
        assert_eq!(units(""), Some(vec![]));
        assert_eq!(units("Springfield"), None);
        assert_eq!(units("Apt 4 Springfield"), None);
    }

    #[test]
    fn ids() {
        for t in ["4", "4B", "B4", "12-A", "B", "100"] {
            assert!(is_id(t), "{t}");
        }
        for t in ["", "#", "AB", "REAR", "1/2", "A.B", "5TH", "22D"] {
            assert!(!is_id(t), "{t}");
        }
    }

    #[test]
    fn display() {
        assert_eq!(Unit::new("APT", Some("4")).to_string(), "APT 4");
        assert_eq!(Unit::new("#", Some("4")).to_string(), "# 4");
        assert_eq!(Unit::new("REAR", None).to_string(), "REAR");
    }
}

//! One-line addresses: "123 N Main St Apt 4, Springfield, IL 62701".
//!
//! The line is read from its end: an optional country ("USA"), the ZIP
//! (`62701`, `62701-1234`), the state (code or name), then the city and
//! the street. Commas, semicolons and line breaks separate parts; when
//! they separate the city from the street, the split is certain.
//!
//! Without a comma between them, the end of the street is found as
//! follows, most certain first: after the last unit ("APT 4"), after a
//! numbered highway ("US HWY 1"), or after a street suffix ("ST"), with
//! a post-directional right after it. When several suffixes could end
//! the street ("123 Mountain View Rd Park City"), the last one that
//! still leaves a city is taken, so that a wrong guess produces a street
//! that matches nothing rather than another real street; the result is
//! then marked [`ambiguous`](OneLineAddress::ambiguous). A city whose
//! name is all suffix words, or a street with no suffix ("Broadway")
//! followed by a city, cannot be told apart without a list of cities,
//! which this crate does not have.

use std::fmt;

use crate::delivery;
use crate::highway;
use crate::house_number;
use crate::name;
use crate::street::{self, StreetAddress};
use crate::tables::{directionals, states, suffixes, units};
use crate::tokens::{has_digit, is_digits, tokenize_parts};
use crate::unit::{self, is_id};
use crate::zip;

/// A one-line address split into street, city, state and ZIP.
///
/// ```
/// use honeygrid_address::parse_one_line;
/// let a = parse_one_line("123 N Main St Apt 4, Springfield, IL 62701-1234");
/// assert_eq!(a.street.to_string(), "123 N MAIN ST APT 4");
/// assert_eq!(a.city.as_deref(), Some("SPRINGFIELD"));
/// assert_eq!(a.state, Some("IL"));
/// assert_eq!(a.zip5.as_deref(), Some("62701"));
/// assert_eq!(a.zip4.as_deref(), Some("1234"));
/// assert!(!a.ambiguous);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct OneLineAddress {
    /// The street line, normalised as by [`crate::normalize_street`].
    pub street: StreetAddress,
    /// The city, uppercase without punctuation, if found.
    pub city: Option<String>,
    /// The two-letter state code, if found.
    pub state: Option<&'static str>,
    /// The five-digit ZIP code, if found.
    pub zip5: Option<String>,
    /// The ZIP+4 add-on, if found.
    pub zip4: Option<String>,
    /// Whether the boundary between street and city had to be guessed,
    /// so the street may be wrong: no comma between them, and several
    /// suffixes that could end the street, a directional that could
    /// begin the city ("MAIN ST E ORANGE"), or no suffix at all
    /// ("123 BROADWAY NEW YORK").
    pub ambiguous: bool,
}

impl fmt::Display for OneLineAddress {
    /// Writes `STREET, CITY, ST 12345-6789`, leaving out missing parts.
    /// Parsing this text again gives the same address (though no longer
    /// ambiguous) when the street has a house number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zip = match (&self.zip5, &self.zip4) {
            (Some(z), Some(p)) => format!("{z}-{p}"),
            (Some(z), None) => z.clone(),
            (None, _) => String::new(),
        };
        let tail = format!("{} {zip}", self.state.unwrap_or(""));
        let street = self.street.to_string();
        let parts = [
            street.as_str(),
            self.city.as_deref().unwrap_or(""),
            tail.trim(),
        ];
        let parts: Vec<&str> =
            parts.into_iter().filter(|p| !p.is_empty()).collect();
        f.write_str(&parts.join(", "))
    }
}

/// Parses a one-line US address.
///
/// Commas are optional, any case works, the state may be a code or a
/// name, and the ZIP, ZIP+4, unit and city may each be missing. Never
/// fails: what cannot be placed stays in the street, where it can only
/// fail to match.
///
/// ```
/// use honeygrid_address::parse_one_line;
/// let a = parse_one_line("123 main st springfield illinois 62701");
/// assert_eq!(a.street.to_string(), "123 MAIN ST");
/// assert_eq!(a.city.as_deref(), Some("SPRINGFIELD"));
/// assert_eq!(a.state, Some("IL"));
/// ```
pub fn parse_one_line(s: &str) -> OneLineAddress {
    let mut parts = tokenize_parts(s);
    for part in &mut parts {
        highway::split_hyphenated(part);
        split_glued_units(part);
    }
    take_country(&mut parts);
    let zip = take_zip(&mut parts);
    let state = take_state(&mut parts);
    let (split, state) = split_with_state(parts, state, zip.is_some());
    let (zip5, zip4) = zip.unzip();
    OneLineAddress {
        street: street::from_tokens(split.street),
        city: (!split.city.is_empty()).then(|| split.city.join(" ")),
        state: state.map(|s| s.code),
        zip5,
        zip4: zip4.flatten(),
        ambiguous: split.ambiguous,
    }
}

/// Writes glued units apart ("UNIT12" → "UNIT 12"), so that where the
/// street ends does not depend on how its unit was written.
fn split_glued_units(tokens: &mut Vec<String>) {
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens.drain(..) {
        let cut = token.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
        let (word, id) = token.split_at(cut);
        let ranged = units::designator(word).is_some_and(|d| d.needs_range);
        if cut > 0 && ranged && is_id(id) {
            out.push(word.to_owned());
            out.push(id.to_owned());
        } else {
            out.push(token);
        }
    }
    *tokens = out;
}

/// Whether `tokens` end with `words`.
fn ends_with(tokens: &[String], words: &[&str]) -> bool {
    tokens.len() >= words.len()
        && tokens[tokens.len() - words.len()..]
            .iter()
            .zip(words)
            .all(|(t, w)| t == w)
}

/// Ways of writing the country at the end of an address.
static COUNTRIES: &[&[&str]] = &[
    &["U", "S"],
    &["U", "S", "A"],
    &["UNITED", "STATES"],
    &["UNITED", "STATES", "OF", "AMERICA"],
    &["US"],
    &["USA"],
];

/// Removes a trailing country ("USA", "United States") from the last
/// part, and the part itself if nothing else is in it.
fn take_country(parts: &mut Vec<Vec<String>>) {
    let Some(last) = parts.last_mut() else { return };
    let words = COUNTRIES
        .iter()
        .filter(|c| ends_with(last, c))
        .map(|c| c.len())
        .max();
    if let Some(n) = words {
        last.truncate(last.len() - n);
    }
    if last.is_empty() {
        parts.pop();
    }
}

/// Whether `tokens[i - 1]` exists and is a unit designator, so that
/// `tokens[i]` is a unit number rather than a ZIP ("STE 10001"). Floors
/// are left out: no floor has five digits, and `FL` before a ZIP is
/// Florida.
fn after_designator(tokens: &[String], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|j| tokens.get(j))
        .and_then(|t| units::designator(t))
        .is_some_and(|d| d.abbr != "FL")
}

/// Removes a trailing ZIP (`62701`, `62701-1234`, `62701 1234`).
fn take_zip(parts: &mut Vec<Vec<String>>) -> Option<(String, Option<String>)> {
    let last = parts.last_mut()?;
    let n = last.len();
    let split_plus4 = match last.as_slice() {
        [.., z, p] if p.len() == 4 && is_digits(p) => zip::token(z)
            .filter(|(_, p4)| p4.is_none() && !after_designator(last, n - 2))
            .map(|(z5, _)| (z5, Some(p.clone()))),
        _ => None,
    };
    let (found, used) = match split_plus4 {
        Some(found) => (found, 2),
        None if !after_designator(last, n - 1) => {
            (zip::token(last.last()?)?, 1)
        }
        None => return None,
    };
    last.truncate(n - used);
    if last.is_empty() {
        parts.pop();
    }
    Some(found)
}

/// A state taken off the end of the address.
struct State {
    code: &'static str,
    /// The tokens it was written with, to put back if needed.
    tokens: Vec<String>,
    /// Whether it was a part of its own (after a comma).
    own_part: bool,
}

/// Removes a trailing state name or code: the longest that matches.
fn take_state(parts: &mut Vec<Vec<String>>) -> Option<State> {
    let last = parts.last_mut()?;
    let most = last.len().min(states::MAX_NAME_WORDS);
    let (code, n) = (1..=most).rev().find_map(|n| {
        states::code_of_words(&last[last.len() - n..]).map(|c| (c, n))
    })?;
    let tokens = last.split_off(last.len() - n);
    let own_part = last.is_empty();
    if own_part {
        parts.pop();
    }
    Some(State {
        code,
        tokens,
        own_part,
    })
}

/// The street and city tokens, and whether their boundary was a guess.
#[derive(Debug, Default)]
struct Split {
    street: Vec<String>,
    city: Vec<String>,
    ambiguous: bool,
}

/// Splits the remaining parts into street and city, putting the state
/// back into the street when it was really the street's last word:
/// "123 Oak Ct" (Court, not Connecticut), "123 Main St NE".
fn split_with_state(
    parts: Vec<Vec<String>>,
    state: Option<State>,
    has_zip: bool,
) -> (Split, Option<State>) {
    let mut split = split_parts(parts, has_zip || state.is_some());
    match state {
        Some(st)
            if split.city.is_empty()
                && belongs_to_street(&st, &split.street) =>
        {
            split.street.extend(st.tokens);
            (split, None)
        }
        state => (split, state),
    }
}

/// Whether a state written right after the street, with no comma and
/// no city between, is more likely the street's post-directional
/// ("MAIN ST NE") or suffix ("OAK CT").
fn belongs_to_street(state: &State, street: &[String]) -> bool {
    let [word] = state.tokens.as_slice() else {
        return false;
    };
    if state.own_part || street.is_empty() {
        return false;
    }
    let (_, start) = house_number::take(street);
    let has_suffix = street.len() >= start + 2
        && street
            .last()
            .is_some_and(|t| suffixes::standard(t).is_some());
    let directional = directionals::abbreviation(word).is_some();
    let suffix = suffixes::standard(word).is_some();
    directional || (suffix && !has_suffix)
}

/// Splits the parts left after the state and ZIP into street and city.
/// `has_tail` says whether a state or ZIP was found.
fn split_parts(mut parts: Vec<Vec<String>>, has_tail: bool) -> Split {
    while parts.len() >= 2 && is_units(&parts[parts.len() - 1]) {
        let units = parts.pop().unwrap_or_default();
        if let Some(prev) = parts.last_mut() {
            prev.extend(units);
        }
    }
    match parts.len() {
        0 => Split::default(),
        1 => split_single(parts.pop().unwrap_or_default(), has_tail),
        _ => {
            let city = parts.pop().unwrap_or_default();
            Split {
                street: parts.concat(),
                city,
                ambiguous: false,
            }
        }
    }
}

/// Whether `tokens` are nothing but units ("APT 4", "# 12", "REAR").
fn is_units(tokens: &[String]) -> bool {
    unit::only_units(tokens).is_some_and(|u| !u.is_empty())
}

/// A place where the street may end: the index after its last token,
/// and whether the split there is unsure.
type End = (usize, bool);

/// Splits one part holding both street and city.
fn split_single(tokens: Vec<String>, has_tail: bool) -> Split {
    let sure = delivery::parse(&tokens)
        .map(|(_, used)| (used, false))
        .or_else(|| unit_end(&tokens))
        .or_else(|| highway_end(&tokens));
    if let Some((end, unsure)) = sure {
        return cut(tokens, end, unsure);
    }
    let (number, start) = house_number::take(&tokens);
    let ends = suffix_ends(&tokens, start);
    let n = tokens.len();
    let with_city: Vec<End> =
        ends.iter().copied().filter(|(e, _)| *e < n).collect();
    if let Some(&(end, unsure)) = with_city.last() {
        let plausible = with_city
            .iter()
            .filter(|(e, _)| can_start_city(&tokens[*e]))
            .count();
        return cut(tokens, end, unsure || plausible > 1);
    }
    if ends.is_empty() && number.is_none() && has_tail {
        return cut(tokens, 0, false);
    }
    let unsure = ends.is_empty() && number.is_some() && n >= start + 2;
    cut(tokens, n, unsure)
}

/// Street is `tokens[..end]`, city the rest.
fn cut(mut tokens: Vec<String>, end: usize, ambiguous: bool) -> Split {
    let city = tokens.split_off(end);
    Split {
        street: tokens,
        city,
        ambiguous,
    }
}

/// Street types that never begin a city name. "ST", "MT", "FT" and the
/// like are left out: they begin "ST LOUIS", "MT VERNON", "FT WORTH".
const NEVER_CITY_START: [&str; 20] = [
    "ALY",
    "AVE",
    "AVENUE",
    "BLVD",
    "BOULEVARD",
    "CIR",
    "CT",
    "DR",
    "DRIVE",
    "EXPY",
    "HWY",
    "LN",
    "PKWY",
    "PL",
    "RD",
    "ROAD",
    "STREET",
    "TER",
    "TRL",
    "WAY",
];

/// Whether a city may begin with `token`.
fn can_start_city(token: &str) -> bool {
    !NEVER_CITY_START.contains(&token) && !has_digit(token)
}

/// The end of the last unit with an id ("APT 4", "# 4") after the house
/// number and at least one street token.
fn unit_end(tokens: &[String]) -> Option<End> {
    let (_, start) = house_number::take(tokens);
    (start + 1..tokens.len())
        .rev()
        .find_map(|i| unit_at(tokens, i))
        .map(|end| (end, false))
}

/// The end of a unit with an id starting at `tokens[i]`.
fn unit_at(tokens: &[String], i: usize) -> Option<usize> {
    units::designator(&tokens[i])?;
    let pound = tokens[i] != "#" && tokens.get(i + 1).is_some_and(|t| t == "#");
    let at = i + 1 + usize::from(pound);
    tokens.get(at).filter(|t| is_id(t)).map(|_| at + 1)
}

/// The end of a numbered highway right after the house number (and a
/// pre-directional), with a directional and a suffix right after it
/// ("HWY 1 N", "HWY 1 BYPASS"); unsure when either is followed by more
/// words, which might instead begin the city.
fn highway_end(tokens: &[String]) -> Option<End> {
    let (_, mut start) = house_number::take(tokens);
    let rest = tokens.get(start..)?;
    start += name::leading_dir(rest).map_or(0, |(_, k)| k);
    let (_, used) = highway::prefix(tokens.get(start..)?)?;
    let mut end = start + used + 1;
    highway::name(tokens.get(start..end)?)?;
    let route_end = end;
    end += directional_len(tokens, end);
    let suffix = tokens.get(end).and_then(|t| suffixes::standard(t));
    end += usize::from(suffix.is_some());
    Some((end, end > route_end && end < tokens.len()))
}

/// How many tokens a directional at `tokens[i]` takes: 2 for a compound
/// written in two words ("N W"), 1, or 0 when there is none.
fn directional_len(tokens: &[String], i: usize) -> usize {
    let first = tokens.get(i).map_or("", String::as_str);
    let second = tokens.get(i + 1).map_or("", String::as_str);
    if directionals::compound(first, second).is_some() {
        2
    } else {
        usize::from(directionals::abbreviation(first).is_some())
    }
}

/// Where the street could end after a suffix, for each suffix token
/// after the first street token. A directional right after the suffix,
/// and then a unit number ("MAIN ST 4B"), are included. The end is
/// unsure when a directional was included and more words follow: "MAIN
/// ST E ORANGE" may be in East Orange.
fn suffix_ends(tokens: &[String], start: usize) -> Vec<End> {
    let n = tokens.len();
    (start + 1..n)
        .filter(|&i| suffixes::standard(&tokens[i]).is_some())
        .map(|i| {
            let dir = directional_len(tokens, i + 1);
            let end = i + 1 + dir;
            let number =
                tokens.get(end).is_some_and(|t| has_digit(t) && is_id(t));
            let end = end + usize::from(number);
            (end, dir > 0 && end < n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[street, city, state, zip5, zip4]` of `s`, `-` for none, and
    /// whether the split was ambiguous.
    fn fields(s: &str) -> ([String; 5], bool) {
        let a = parse_one_line(s);
        let opt = |o: Option<&str>| o.unwrap_or("-").to_string();
        let f = [
            a.street.to_string(),
            opt(a.city.as_deref()),
            opt(a.state),
            opt(a.zip5.as_deref()),
            opt(a.zip4.as_deref()),
        ];
        (f, a.ambiguous)
    }

    fn check(cases: &[(&str, [&str; 5])], ambiguous: bool) {
        for (line, want) in cases {
            let (got, amb) = fields(line);
            assert_eq!(got, want.map(String::from), "{line}");
            assert_eq!(amb, ambiguous, "ambiguous: {line}");
        }
    }

    #[test]
    fn with_commas() {
        check(
            &[
                (
                    "123 N Main St Apt 4, Springfield, IL 62701",
                    ["123 N MAIN ST APT 4", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "123 Main St, Springfield, IL, 62701-1234",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "62701", "1234"],
                ),
                (
                    "123 Main St, Apt 4, Springfield, IL 62701",
                    ["123 MAIN ST APT 4", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "1221 Avenue of the Americas, New York, NY 10020",
                    [
                        "1221 AVENUE OF THE AMERICAS",
                        "NEW YORK",
                        "NY",
                        "10020",
                        "-",
                    ],
                ),
                (
                    "1 Broadway, New York, New York 10004",
                    ["1 BROADWAY", "NEW YORK", "NY", "10004", "-"],
                ),
                (
                    "PO Box 123, Springfield, IL 62701",
                    ["PO BOX 123", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "123 Main St, Springfield IL",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "-", "-"],
                ),
                (
                    "123 Main St, Springfield, IL 62701, USA",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "123 Main St, Springfield, IL 62701 United States",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "123 Oak Ct, Hartford, CT 06103",
                    ["123 OAK CT", "HARTFORD", "CT", "06103", "-"],
                ),
                ("123 Oak Ct, CT", ["123 OAK CT", "-", "CT", "-", "-"]),
                (
                    "123 Main St, St. Louis, MO 63101",
                    ["123 MAIN ST", "ST LOUIS", "MO", "63101", "-"],
                ),
                (
                    "123 Main St\nSpringfield, IL 62701",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "123 Main St Suite 100, Washington, District of Columbia 20001",
                    ["123 MAIN ST STE 100", "WASHINGTON", "DC", "20001", "-"],
                ),
            ],
            false,
        );
    }

    #[test]
    fn without_commas() {
        check(
            &[
                (
                    "123 Main St Springfield IL 62701-1234",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "62701", "1234"],
                ),
                (
                    "123 main st springfield il 62701",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "123 Main Street Springfield Illinois 62701",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "123 N Main St Apt 4 Springfield IL 62701",
                    ["123 N MAIN ST APT 4", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "123 Main St #4 Springfield IL",
                    ["123 MAIN ST # 4", "SPRINGFIELD", "IL", "-", "-"],
                ),
                (
                    "123 Main St Palm Beach FL 33480",
                    ["123 MAIN ST", "PALM BEACH", "FL", "33480", "-"],
                ),
                (
                    "123 Main St New York NY 10001",
                    ["123 MAIN ST", "NEW YORK", "NY", "10001", "-"],
                ),
                (
                    "123 Main St Kansas City MO",
                    ["123 MAIN ST", "KANSAS CITY", "MO", "-", "-"],
                ),
                (
                    "123 Main St Springfield 62701",
                    ["123 MAIN ST", "SPRINGFIELD", "-", "62701", "-"],
                ),
                (
                    "123 Main St Springfield IL 62701 1234",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "62701", "1234"],
                ),
                (
                    "123 Main St Springfield IL 627011234",
                    ["123 MAIN ST", "SPRINGFIELD", "IL", "62701", "1234"],
                ),
                (
                    "100 US Hwy 1 Edison NJ 08817",
                    ["100 US HIGHWAY 1", "EDISON", "NJ", "08817", "-"],
                ),
                (
                    "100 County Rd 12 Springfield IL",
                    ["100 COUNTY ROAD 12", "SPRINGFIELD", "IL", "-", "-"],
                ),
                (
                    "PO Box 5 Springfield IL 62701",
                    ["PO BOX 5", "SPRINGFIELD", "IL", "62701", "-"],
                ),
                (
                    "RR 2 Box 5 Salem IN",
                    ["RR 2 BOX 5", "SALEM", "IN", "-", "-"],
                ),
                (
                    "123 Main St Ste 10000 Springfield IL",
                    ["123 MAIN ST STE 10000", "SPRINGFIELD", "IL", "-", "-"],
                ),
                (
                    "123 Main St 4B Springfield IL",
                    ["123 MAIN ST # 4B", "SPRINGFIELD", "IL", "-", "-"],
                ),
                (
                    "100 Old Route 9 Albany NY",
                    ["100 OLD ROUTE 9", "ALBANY", "NY", "-", "-"],
                ),
                (
                    "Springfield IL 62701",
                    ["", "SPRINGFIELD", "IL", "62701", "-"],
                ),
            ],
            false,
        );
    }

    #[test]
    fn real_looking_lines() {
        check(
            &[
                (
                    "1600 Amphitheatre Parkway, Mountain View, CA 94043",
                    [
                        "1600 AMPHITHEATRE PKWY",
                        "MOUNTAIN VIEW",
                        "CA",
                        "94043",
                        "-",
                    ],
                ),
                (
                    "1 Infinite Loop Cupertino CA 95014",
                    ["1 INFINITE LOOP", "CUPERTINO", "CA", "95014", "-"],
                ),
                (
                    "233 S. Wacker Drive, Suite 9700, Chicago, Illinois 60606",
                    ["233 S WACKER DR STE 9700", "CHICAGO", "IL", "60606", "-"],
                ),
                (
                    "4059 Mt Lee Dr Hollywood CA 90068",
                    ["4059 MT LEE DR", "HOLLYWOOD", "CA", "90068", "-"],
                ),
                (
                    "350 Fifth Avenue New York, NY 10118",
                    ["350 5TH AVE", "NEW YORK", "NY", "10118", "-"],
                ),
                (
                    "742 evergreen terrace springfield or 97403",
                    ["742 EVERGREEN TER", "SPRINGFIELD", "OR", "97403", "-"],
                ),
                (
                    "100 Main St. Ste. 5, Fort Worth, TX 76102",
                    ["100 MAIN ST STE 5", "FORT WORTH", "TX", "76102", "-"],
                ),
                (
                    "100 Main St Ste 5 Fort Worth TX 76102",
                    ["100 MAIN ST STE 5", "FORT WORTH", "TX", "76102", "-"],
                ),
                (
                    "55 Water St, Brooklyn, NY 11201-1234, US",
                    ["55 WATER ST", "BROOKLYN", "NY", "11201", "1234"],
                ),
                (
                    "1 Main St; Hartford; Connecticut; 06103",
                    ["1 MAIN ST", "HARTFORD", "CT", "06103", "-"],
                ),
                (
                    "P.O. Box 1234, Juneau, AK 99801",
                    ["PO BOX 1234", "JUNEAU", "AK", "99801", "-"],
                ),
                (
                    "Rural Route 2 Box 5, Salem, IN 47167",
                    ["RR 2 BOX 5", "SALEM", "IN", "47167", "-"],
                ),
                (
                    "12 Calle Sol, San Juan, PR 00901",
                    ["12 CALLE SOL", "SAN JUAN", "PR", "00901", "-"],
                ),
                (
                    "1 Main St Apt 4 San Juan Puerto Rico 00901",
                    ["1 MAIN ST APT 4", "SAN JUAN", "PR", "00901", "-"],
                ),
            ],
            false,
        );
    }

    #[test]
    fn street_only() {
        check(
            &[
                ("123 Main St", ["123 MAIN ST", "-", "-", "-", "-"]),
                (
                    "123 Main St Apt 4",
                    ["123 MAIN ST APT 4", "-", "-", "-", "-"],
                ),
                ("123 Oak Ct", ["123 OAK CT", "-", "-", "-", "-"]),
                ("123 Main St NE", ["123 MAIN ST NE", "-", "-", "-", "-"]),
                ("123 Kentucky Ave", ["123 KENTUCKY AVE", "-", "-", "-", "-"]),
                (
                    "123 Kentucky Ave KY",
                    ["123 KENTUCKY AVE", "-", "KY", "-", "-"],
                ),
                ("9 Lake Ct", ["9 LAKE CT", "-", "-", "-", "-"]),
                (
                    "123 Main St IL 62701",
                    ["123 MAIN ST", "-", "IL", "62701", "-"],
                ),
                ("123 Oak Ct 06103", ["123 OAK CT", "-", "-", "06103", "-"]),
                ("123 Broadway", ["123 BROADWAY", "-", "-", "-", "-"]),
                ("PO Box 9", ["PO BOX 9", "-", "-", "-", "-"]),
                ("", ["", "-", "-", "-", "-"]),
                (" , , ", ["", "-", "-", "-", "-"]),
            ],
            false,
        );
    }

    #[test]
    fn ambiguous_splits() {
        check(
            &[
                (
                    // The last suffix wins; "Park City" cannot be known.
                    "123 Mountain View Rd Park City UT 84060",
                    ["123 MOUNTAIN VIEW RD PARK", "CITY", "UT", "84060", "-"],
                ),
                (
                    "123 Broadway New York NY 10001",
                    ["123 BROADWAY NEW YORK", "-", "NY", "10001", "-"],
                ),
                (
                    "123 Main St E Orange NJ",
                    ["123 MAIN ST E", "ORANGE", "NJ", "-", "-"],
                ),
                (
                    "123 Main St NE Washington DC 20002",
                    ["123 MAIN ST NE", "WASHINGTON", "DC", "20002", "-"],
                ),
                (
                    "100 Hwy 1 Bypass Springfield",
                    ["100 HIGHWAY 1 BYP", "SPRINGFIELD", "-", "-", "-"],
                ),
            ],
            true,
        );
    }

    #[test]
    fn several_suffixes_in_the_street() {
        let (got, amb) = fields("123 Lake Shore Dr Chicago IL 60611");
        assert_eq!(got[0], "123 LAKE SHORE DR");
        assert_eq!(got[1], "CHICAGO");
        assert!(!amb, "DR cannot begin a city");
        let (got, amb) = fields("123 St Marks Pl New York NY");
        assert_eq!(
            (got[0].as_str(), got[1].as_str()),
            ("123 ST MARKS PL", "NEW YORK")
        );
        assert!(!amb);
    }

    #[test]
    fn display_round_trips() {
        let lines = [
            "123 N Main St Apt 4, Springfield, IL 62701-1234",
            "123 Main St Springfield IL",
            "123 Oak Ct",
            "123 Main St NE",
            "123 Oak Ct, CT",
            "Springfield IL 62701",
            "PO Box 5 Springfield IL 62701",
            "123 Broadway New York NY 10001",
            "100 US Hwy 1 Edison NJ 08817",
        ];
        for line in lines {
            let a = parse_one_line(line);
            let again = parse_one_line(&a.to_string());
            assert_eq!(again, a, "{line} -> {a}");
        }
    }

    #[test]
    fn display() {
        let a =
            parse_one_line("123 n main st apt 4, springfield, il 62701-1234");
        assert_eq!(
            a.to_string(),
            "123 N MAIN ST APT 4, SPRINGFIELD, IL 62701-1234"
        );
        let b = parse_one_line("123 Main St 62701");
        assert_eq!(b.to_string(), "123 MAIN ST, 62701");
    }
}

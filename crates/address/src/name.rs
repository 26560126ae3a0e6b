//! Splitting the street tokens (after the house number and units) into
//! pre-directional, street name, suffix and post-directional.
//!
//! The rules, in order:
//!
//! 1. A numbered highway keeps its number in the name: "County Rd 12 N"
//!    is name `COUNTY ROAD 12`, post-directional `N`, no suffix.
//! 2. A trailing directional is the post-directional, unless nothing but
//!    directionals comes before it ("E North"), or only a suffix word
//!    does: "Avenue N" is a lettered street named `AVENUE N`, and
//!    "Avenue North" is named `AVENUE NORTH`.
//! 3. The suffix is the last token (before the post-directional), and
//!    only when a name token comes before it: "Park Ave" is `PARK AVE`,
//!    "Avenue of the Americas" has no suffix, and in "St Marks Pl" the
//!    leading `ST` (Saint) stays in the name.
//! 4. A leading directional is the pre-directional only when a name
//!    token is left after it: "N Main St" is `N` `MAIN` `ST`, but in
//!    "North St" the name is `NORTH`.
//! 5. In the name, ordinals are written with digits ("Fifth" → `5TH`,
//!    "Twenty-First" → `21ST`, "22d" → `22ND`).
//!
//! Other words of the name are left as written: "Mt Vernon" and "Mount
//! Vernon", or "St Marks" and "Saint Marks", stay different names, since
//! Publication 28 does not abbreviate words inside a name and guessing
//! would risk joining different streets.

use std::iter::once;

use crate::highway;
use crate::tables::{directionals, ordinals, suffixes, units};

/// The parts of a street, as [`split`] finds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct NameParts {
    pub predir: Option<&'static str>,
    pub name: String,
    pub suffix: Option<&'static str>,
    pub postdir: Option<&'static str>,
}

/// Splits the street tokens `head` into its parts.
pub(crate) fn split(head: &[String]) -> NameParts {
    highway_parts(head).unwrap_or_else(|| generic(head))
}

/// A directional written as the first one or two of `tokens`, with how
/// many tokens it takes; at least one token is always left after it.
pub(crate) fn leading_dir(tokens: &[String]) -> Option<(&'static str, usize)> {
    if let [a, b, _, ..] = tokens
        && let Some(d) = directionals::compound(a, b)
    {
        return Some((d, 2));
    }
    match tokens {
        [a, _, ..] => directionals::abbreviation(a).map(|d| (d, 1)),
        _ => None,
    }
}

/// A directional written as the last one or two of `tokens`, with how
/// many tokens it takes; at least one token is always left before it.
fn trailing_dir(tokens: &[String]) -> Option<(&'static str, usize)> {
    if let [_, .., a, b] = tokens
        && tokens.len() >= 3
        && let Some(d) = directionals::compound(a, b)
    {
        return Some((d, 2));
    }
    match tokens {
        [_, .., a] => directionals::abbreviation(a).map(|d| (d, 1)),
        _ => None,
    }
}

/// Rule 1: `[predir] KIND NUMBER [postdir]`.
fn highway_parts(head: &[String]) -> Option<NameParts> {
    let leads = once(None).chain(leading_dir(head).map(Some));
    for lead in leads {
        let trails = once(None).chain(trailing_dir(head).map(Some));
        for trail in trails {
            let start = lead.map_or(0, |(_, k)| k);
            let end = head.len() - trail.map_or(0, |(_, k)| k);
            if start >= end {
                continue;
            }
            if let Some(name) = highway::name(&head[start..end]) {
                return Some(NameParts {
                    predir: lead.map(|(d, _)| d),
                    name,
                    suffix: None,
                    postdir: trail.map(|(d, _)| d),
                });
            }
        }
    }
    None
}

/// Rules 2 to 5.
fn generic(head: &[String]) -> NameParts {
    let mut parts = NameParts::default();
    let mut end = head.len();
    if let Some((d, k)) = trailing_dir(head)
        && is_postdir(&head[..end - k], d)
    {
        parts.postdir = Some(d);
        end -= k;
    }
    if end >= 2
        && let Some(s) = suffixes::standard(&head[end - 1])
    {
        parts.suffix = Some(s);
        end -= 1;
    }
    let mut start = 0;
    if let Some((d, k)) = leading_dir(&head[..end]) {
        parts.predir = Some(d);
        start = k;
    }
    let words = write_ordinals(&head[start..end]);
    parts.name = highway::name(&words).unwrap_or_else(|| words.join(" "));
    parts
}

/// Whether a trailing directional `dir` (its abbreviation) after the
/// tokens `before` is a post-directional (rule 2). After a unit
/// designator ("APT NORTH") a one-letter directional is not one: written
/// as `APT N` it would read as a unit.
fn is_postdir(before: &[String], dir: &str) -> bool {
    let has_name = before
        .iter()
        .any(|t| directionals::abbreviation(t).is_none());
    let lettered =
        matches!(before, [only] if suffixes::standard(only).is_some());
    let after_designator = dir.len() == 1
        && before
            .last()
            .is_some_and(|t| units::designator(t).is_some());
    has_name && !lettered && !after_designator
}

/// Rule 5: the tokens with every ordinal written with digits.
fn write_ordinals(tokens: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if let Some((n, used)) = spelled_ordinal(&tokens[i..]) {
            out.push(ordinals::format(n));
            i += used;
        } else {
            let t = &tokens[i];
            out.push(ordinals::numeric(t).unwrap_or_else(|| t.clone()));
            i += 1;
        }
    }
    out
}

/// The longest spelled-out ordinal at the start of `tokens`, and how
/// many tokens it takes. Hyphens split words: "TWENTY-FIRST".
fn spelled_ordinal(tokens: &[String]) -> Option<(u32, usize)> {
    let most = tokens.len().min(ordinals::MAX_WORDS);
    (1..=most).rev().find_map(|used| {
        let words: Vec<&str> =
            tokens[..used].iter().flat_map(|t| t.split('-')).collect();
        ordinals::from_words(&words).map(|n| (n, used))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    /// `(predir, name, suffix, postdir)` of `line`, `-` for none.
    fn parts(line: &str) -> [String; 4] {
        let mut tokens = tokenize(line);
        highway::split_hyphenated(&mut tokens);
        let p = split(&tokens);
        let opt = |o: Option<&str>| o.unwrap_or("-").to_string();
        [opt(p.predir), p.name, opt(p.suffix), opt(p.postdir)]
    }

    fn check(cases: &[(&str, [&str; 4])]) {
        for (line, want) in cases {
            assert_eq!(parts(line), want.map(String::from), "{line}");
        }
    }

    #[test]
    fn suffix_is_the_last_token() {
        check(&[
            ("Main St", ["-", "MAIN", "ST", "-"]),
            ("Main Street", ["-", "MAIN", "ST", "-"]),
            ("Park Ave", ["-", "PARK", "AVE", "-"]),
            ("Park Avenue", ["-", "PARK", "AVE", "-"]),
            ("Lake Shore Dr", ["-", "LAKE SHORE", "DR", "-"]),
            ("Mountain View Rd", ["-", "MOUNTAIN VIEW", "RD", "-"]),
            ("Main Street Ext", ["-", "MAIN STREET", "EXT", "-"]),
            ("Oak Ct", ["-", "OAK", "CT", "-"]),
            ("Oak Court", ["-", "OAK", "CT", "-"]),
            ("Elm Boulevard", ["-", "ELM", "BLVD", "-"]),
            ("Sunset Boul", ["-", "SUNSET", "BLVD", "-"]),
            ("Cedar Crcle", ["-", "CEDAR", "CIR", "-"]),
            ("Old Mill Pky", ["-", "OLD MILL", "PKWY", "-"]),
        ]);
    }

    #[test]
    fn no_suffix() {
        check(&[
            ("Broadway", ["-", "BROADWAY", "-", "-"]),
            (
                "Avenue of the Americas",
                ["-", "AVENUE OF THE AMERICAS", "-", "-"],
            ),
            ("Avenue A", ["-", "AVENUE A", "-", "-"]),
            ("Park", ["-", "PARK", "-", "-"]),
            ("Street", ["-", "STREET", "-", "-"]),
            ("The Strand", ["-", "THE STRAND", "-", "-"]),
            ("Calle Sol", ["-", "CALLE SOL", "-", "-"]),
        ]);
    }

    #[test]
    fn saint_is_not_street() {
        check(&[
            ("St Marks Pl", ["-", "ST MARKS", "PL", "-"]),
            ("St. Charles Ave", ["-", "ST CHARLES", "AVE", "-"]),
            ("St Marks", ["-", "ST MARKS", "-", "-"]),
            ("Saint Marks Place", ["-", "SAINT MARKS", "PL", "-"]),
            ("Ft Myers Dr", ["-", "FT MYERS", "DR", "-"]),
            ("Mt Vernon St", ["-", "MT VERNON", "ST", "-"]),
        ]);
    }

    #[test]
    fn directionals() {
        check(&[
            ("N Main St", ["N", "MAIN", "ST", "-"]),
            ("North Main Street", ["N", "MAIN", "ST", "-"]),
            ("Main St NW", ["-", "MAIN", "ST", "NW"]),
            ("Main St Northwest", ["-", "MAIN", "ST", "NW"]),
            ("Main St N.W.", ["-", "MAIN", "ST", "NW"]),
            ("Main St N W", ["-", "MAIN", "ST", "NW"]),
            ("N E 5th St", ["NE", "5TH", "ST", "-"]),
            ("S Main St E", ["S", "MAIN", "ST", "E"]),
            ("Main N", ["-", "MAIN", "-", "N"]),
            ("Avenue North", ["-", "AVENUE NORTH", "-", "-"]),
            ("Park Ave North", ["-", "PARK", "AVE", "N"]),
            ("Main Apt North", ["-", "MAIN APT NORTH", "-", "-"]),
            ("Main Apt NE", ["-", "MAIN APT", "-", "NE"]),
        ]);
    }

    #[test]
    fn directional_as_name() {
        check(&[
            ("North St", ["-", "NORTH", "ST", "-"]),
            ("N North St", ["N", "NORTH", "ST", "-"]),
            ("N St", ["-", "N", "ST", "-"]),
            ("N St NW", ["-", "N", "ST", "NW"]),
            ("N E St", ["N", "E", "ST", "-"]),
            ("East West Hwy", ["E", "WEST", "HWY", "-"]),
            ("E North", ["E", "NORTH", "-", "-"]),
            ("West", ["-", "WEST", "-", "-"]),
            ("South Ave S", ["-", "SOUTH", "AVE", "S"]),
            ("Avenue N", ["-", "AVENUE N", "-", "-"]),
            ("Avenue S", ["-", "AVENUE S", "-", "-"]),
        ]);
    }

    #[test]
    fn ordinals_in_names() {
        check(&[
            ("Fifth Ave", ["-", "5TH", "AVE", "-"]),
            ("5th Avenue", ["-", "5TH", "AVE", "-"]),
            ("5TH AVE", ["-", "5TH", "AVE", "-"]),
            ("Twenty-First St", ["-", "21ST", "ST", "-"]),
            ("Twenty First Street", ["-", "21ST", "ST", "-"]),
            ("One Hundred Twenty-Fifth St", ["-", "125TH", "ST", "-"]),
            ("One Hundredth St", ["-", "100TH", "ST", "-"]),
            ("W Forty-Second St", ["W", "42ND", "ST", "-"]),
            ("22d St", ["-", "22ND", "ST", "-"]),
            (
                "First Baptist Church Rd",
                ["-", "1ST BAPTIST CHURCH", "RD", "-"],
            ),
            ("One Hundred Oaks Dr", ["-", "ONE HUNDRED OAKS", "DR", "-"]),
            ("Second", ["-", "2ND", "-", "-"]),
        ]);
    }

    #[test]
    fn highways() {
        check(&[
            ("US Highway 1", ["-", "US HIGHWAY 1", "-", "-"]),
            ("US Hwy 1 N", ["-", "US HIGHWAY 1", "-", "N"]),
            ("N US Hwy 1", ["N", "US HIGHWAY 1", "-", "-"]),
            ("State Route 9", ["-", "STATE ROUTE 9", "-", "-"]),
            ("County Road 12", ["-", "COUNTY ROAD 12", "-", "-"]),
            ("County Rd N", ["-", "COUNTY", "RD", "N"]),
            ("County Road North", ["-", "COUNTY", "RD", "N"]),
            ("County Rd J E", ["-", "COUNTY ROAD J", "-", "E"]),
            ("I-95", ["-", "INTERSTATE 95", "-", "-"]),
            ("Hwy 1 Bypass", ["-", "HIGHWAY 1", "BYP", "-"]),
            ("Old County Rd", ["-", "OLD COUNTY", "RD", "-"]),
            ("County Rd", ["-", "COUNTY", "RD", "-"]),
            ("Route 66", ["-", "ROUTE 66", "-", "-"]),
        ]);
    }

    #[test]
    fn empty() {
        check(&[("", ["-", "", "-", "-"])]);
    }
}

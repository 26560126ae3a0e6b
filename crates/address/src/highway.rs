//! Numbered highways and routes: "US Highway 1", "State Route 9",
//! "County Road 12", "I-95", "FM 1960".
//!
//! The name of such a street is its kind and its number, with no suffix
//! split off: "County Rd 12" is named `COUNTY ROAD 12`, not `COUNTY`
//! with suffix `RD`. The kind is written the way Publication 28 spells
//! it out. `SR` stays `SR`, because it means State Road in some states
//! and State Route in others, which are different roads.

use crate::tables::{directionals, ordinals, suffixes};
use crate::tokens::has_digit;

/// The kinds of numbered road that name a county road (which may be
/// lettered: "County Road J").
const COUNTY_KINDS: [&str; 3] =
    ["COUNTY ROAD", "COUNTY HIGHWAY", "COUNTY ROUTE"];

/// `(words, standard kind)`. When several match, the longest wins.
static PREFIXES: &[(&[&str], &str)] = &[
    (&["CNTY", "HWY"], "COUNTY HIGHWAY"),
    (&["CNTY", "RD"], "COUNTY ROAD"),
    (&["CNTY", "ROAD"], "COUNTY ROAD"),
    (&["CO", "HIGHWAY"], "COUNTY HIGHWAY"),
    (&["CO", "HWY"], "COUNTY HIGHWAY"),
    (&["CO", "RD"], "COUNTY ROAD"),
    (&["CO", "ROAD"], "COUNTY ROAD"),
    (&["CO", "ROUTE"], "COUNTY ROUTE"),
    (&["CO", "RTE"], "COUNTY ROUTE"),
    (&["COUNTY", "HIGHWAY"], "COUNTY HIGHWAY"),
    (&["COUNTY", "HWY"], "COUNTY HIGHWAY"),
    (&["COUNTY", "RD"], "COUNTY ROAD"),
    (&["COUNTY", "ROAD"], "COUNTY ROAD"),
    (&["COUNTY", "ROUTE"], "COUNTY ROUTE"),
    (&["COUNTY", "RTE"], "COUNTY ROUTE"),
    (&["CR"], "COUNTY ROAD"),
    (&["FARM", "TO", "MARKET"], "FM"),
    (&["FARM", "TO", "MARKET", "RD"], "FM"),
    (&["FARM", "TO", "MARKET", "ROAD"], "FM"),
    (&["FM"], "FM"),
    (&["FM", "RD"], "FM"),
    (&["FM", "ROAD"], "FM"),
    (&["HIGHWAY"], "HIGHWAY"),
    (&["HIGHWY"], "HIGHWAY"),
    (&["HIWAY"], "HIGHWAY"),
    (&["HIWY"], "HIGHWAY"),
    (&["HWAY"], "HIGHWAY"),
    (&["HWY"], "HIGHWAY"),
    (&["I"], "INTERSTATE"),
    (&["IH"], "INTERSTATE"),
    (&["INTERSTATE"], "INTERSTATE"),
    (&["INTERSTATE", "HIGHWAY"], "INTERSTATE"),
    (&["INTERSTATE", "HWY"], "INTERSTATE"),
    (&["RANCH", "RD"], "RANCH ROAD"),
    (&["RANCH", "ROAD"], "RANCH ROAD"),
    (&["ROUTE"], "ROUTE"),
    (&["RT"], "ROUTE"),
    (&["RTE"], "ROUTE"),
    (&["SH"], "STATE HIGHWAY"),
    (&["SR"], "SR"),
    (&["ST", "HIGHWAY"], "STATE HIGHWAY"),
    (&["ST", "HWY"], "STATE HIGHWAY"),
    (&["ST", "ROUTE"], "STATE ROUTE"),
    (&["ST", "RT"], "STATE ROUTE"),
    (&["ST", "RTE"], "STATE ROUTE"),
    (&["STATE", "HIGHWAY"], "STATE HIGHWAY"),
    (&["STATE", "HWY"], "STATE HIGHWAY"),
    (&["STATE", "RD"], "STATE ROAD"),
    (&["STATE", "ROAD"], "STATE ROAD"),
    (&["STATE", "ROUTE"], "STATE ROUTE"),
    (&["STATE", "RT"], "STATE ROUTE"),
    (&["STATE", "RTE"], "STATE ROUTE"),
    (&["U", "S"], "US HIGHWAY"),
    (&["U", "S", "HIGHWAY"], "US HIGHWAY"),
    (&["U", "S", "HWY"], "US HIGHWAY"),
    (&["U", "S", "ROUTE"], "US HIGHWAY"),
    (&["US"], "US HIGHWAY"),
    (&["US", "HIGHWAY"], "US HIGHWAY"),
    (&["US", "HIWAY"], "US HIGHWAY"),
    (&["US", "HWY"], "US HIGHWAY"),
    (&["US", "ROUTE"], "US HIGHWAY"),
    (&["US", "RT"], "US HIGHWAY"),
    (&["US", "RTE"], "US HIGHWAY"),
];

/// Abbreviated kinds that are written joined to the number by a hyphen:
/// `I-95`, `US-1`, `SR-9`.
const HYPHENATED: [&str; 8] = ["CR", "FM", "HWY", "I", "IH", "SH", "SR", "US"];

/// Splits tokens such as `I-95` into the kind and the number (`I`,
/// `95`), so that they read like `I 95`.
pub(crate) fn split_hyphenated(tokens: &mut Vec<String>) {
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens.drain(..) {
        match token.split_once('-') {
            Some((kind, num))
                if HYPHENATED.contains(&kind)
                    && has_digit(num)
                    && num.bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                out.push(kind.to_string());
                out.push(num.to_string());
            }
            _ => out.push(token),
        }
    }
    *tokens = out;
}

/// The standard kind of the longest highway prefix at the start of
/// `tokens`, and how many tokens it takes.
pub(crate) fn prefix(tokens: &[String]) -> Option<(&'static str, usize)> {
    PREFIXES
        .iter()
        .filter(|(words, _)| starts_with(tokens, words))
        .max_by_key(|(words, _)| words.len())
        .map(|(words, kind)| (*kind, words.len()))
}

fn starts_with(tokens: &[String], words: &[&str]) -> bool {
    tokens.len() >= words.len() && tokens.iter().zip(words).all(|(t, w)| t == w)
}

/// Whether `tokens` end with a highway prefix, as in "OLD ROUTE" before
/// a number.
pub(crate) fn ends_with_prefix(tokens: &[String]) -> bool {
    PREFIXES.iter().any(|(words, _)| {
        tokens.len() >= words.len()
            && tokens[tokens.len() - words.len()..]
                .iter()
                .zip(*words)
                .all(|(t, w)| t == w)
    })
}

/// Whether `token` can be the number of a highway of kind `kind`:
/// it has a digit and is no ordinal ("US 5TH" reads the same as "US
/// FIFTH", which is no highway), or, for county roads, it is one or two
/// letters. A directional is not a route: "County Road N" reads as
/// "County Road North", a county road with a post-directional, so that
/// the two spellings agree; nor is a suffix ("County Road Rd").
fn is_route(kind: &str, token: &str) -> bool {
    if has_digit(token) {
        let chars_ok = token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        return chars_ok && ordinals::numeric(token).is_none();
    }
    COUNTY_KINDS.contains(&kind)
        && (1..=2).contains(&token.len())
        && token.bytes().all(|b| b.is_ascii_alphabetic())
        && directionals::abbreviation(token).is_none()
        && suffixes::standard(token).is_none()
}

/// The standard name of the highway that `tokens` spell, when they are
/// exactly a kind and a number: `["CO", "RD", "12"]` →
/// `"COUNTY ROAD 12"`.
pub(crate) fn name(tokens: &[String]) -> Option<String> {
    let (kind, used) = prefix(tokens)?;
    match &tokens[used..] {
        [route] if is_route(kind, route) => Some(format!("{kind} {route}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    fn name_of(s: &str) -> Option<String> {
        let mut t = toks(s);
        split_hyphenated(&mut t);
        name(&t)
    }

    #[test]
    fn prefixes_are_unique() {
        for (i, (a, _)) in PREFIXES.iter().enumerate() {
            for (b, _) in &PREFIXES[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn standard_names() {
        let cases = [
            ("US HIGHWAY 1", "US HIGHWAY 1"),
            ("US HWY 1", "US HIGHWAY 1"),
            ("US 1", "US HIGHWAY 1"),
            ("US-1", "US HIGHWAY 1"),
            ("U S ROUTE 1", "US HIGHWAY 1"),
            ("US RTE 66", "US HIGHWAY 66"),
            ("HIGHWAY 101", "HIGHWAY 101"),
            ("HWY 101", "HIGHWAY 101"),
            ("HWY-7A", "HIGHWAY 7A"),
            ("STATE ROUTE 9", "STATE ROUTE 9"),
            ("ST RT 9", "STATE ROUTE 9"),
            ("STATE RTE 9", "STATE ROUTE 9"),
            ("STATE ROAD 7", "STATE ROAD 7"),
            ("STATE RD 7", "STATE ROAD 7"),
            ("STATE HWY 6", "STATE HIGHWAY 6"),
            ("SH 6", "STATE HIGHWAY 6"),
            ("SR 9", "SR 9"),
            ("SR-9", "SR 9"),
            ("COUNTY ROAD 12", "COUNTY ROAD 12"),
            ("COUNTY RD 12", "COUNTY ROAD 12"),
            ("CO RD 12", "COUNTY ROAD 12"),
            ("CR 12", "COUNTY ROAD 12"),
            ("CR-12", "COUNTY ROAD 12"),
            ("COUNTY ROAD J", "COUNTY ROAD J"),
            ("COUNTY HWY AA", "COUNTY HIGHWAY AA"),
            ("COUNTY RTE 5", "COUNTY ROUTE 5"),
            ("INTERSTATE 95", "INTERSTATE 95"),
            ("I 95", "INTERSTATE 95"),
            ("I-95", "INTERSTATE 95"),
            ("IH 35", "INTERSTATE 35"),
            ("FM 1960", "FM 1960"),
            ("FARM TO MARKET ROAD 1960", "FM 1960"),
            ("FM RD 1960", "FM 1960"),
            ("RANCH ROAD 12", "RANCH ROAD 12"),
            ("ROUTE 66", "ROUTE 66"),
            ("RTE 9", "ROUTE 9"),
            ("RT 9W", "ROUTE 9W"),
        ];
        for (line, want) in cases {
            assert_eq!(name_of(line).as_deref(), Some(want), "{line}");
        }
    }

    #[test]
    fn not_highways() {
        let cases = [
            "HIGHWAY",
            "COUNTY RD",
            "OLD COUNTY RD",
            "I ST",
            "US ST",
            "HIGHWAY AVE",
            "ROUTE A",
            "HWY 1 BYPASS",
            "COUNTY ROAD ABC",
            "MAIN ST",
            "",
            "STATE ST",
            "ST MARKS",
            "US 5TH",
            "HWY 22D",
            "COUNTY ROAD N",
            "COUNTY RD SW",
            "COUNTY ROAD RD",
        ];
        for line in cases {
            assert_eq!(name_of(line), None, "{line}");
        }
    }

    #[test]
    fn hyphen_split_only_for_kinds() {
        let mut t = toks("I-95 X-1 US-A 123-45 I--0 SR-9-A");
        split_hyphenated(&mut t);
        let want = ["I", "95", "X-1", "US-A", "123-45", "I--0", "SR-9-A"];
        assert_eq!(t, want);
    }

    #[test]
    fn ends_with() {
        assert!(ends_with_prefix(&toks("OLD ROUTE")));
        assert!(ends_with_prefix(&toks("COUNTY RD")));
        assert!(ends_with_prefix(&toks("HWY")));
        assert!(!ends_with_prefix(&toks("MILL RD")));
        assert!(!ends_with_prefix(&toks("MAIN ST")));
        assert!(!ends_with_prefix(&[]));
    }
}

//! Ordinal numbers, spelled out or in digits, as used in street names.
//!
//! Publication 28 writes numbered streets with digits and an ordinal
//! ending: "Fifth Avenue" and "5th Ave" are both `5TH AVE`, "Twenty-First
//! Street" is `21ST ST`. Spelled ordinals from FIRST to NINE HUNDRED
//! NINETY-NINTH are understood, with or without hyphens and with an
//! optional AND after HUNDRED ("ONE HUNDRED AND FIRST").

use super::lookup;

/// Ordinal words below one hundred that stand alone, sorted.
static ORDINAL_WORDS: &[(&str, u32)] = &[
    ("EIGHTEENTH", 18),
    ("EIGHTH", 8),
    ("EIGHTIETH", 80),
    ("ELEVENTH", 11),
    ("FIFTEENTH", 15),
    ("FIFTH", 5),
    ("FIFTIETH", 50),
    ("FIRST", 1),
    ("FORTIETH", 40),
    ("FOURTEENTH", 14),
    ("FOURTH", 4),
    ("NINETEENTH", 19),
    ("NINETIETH", 90),
    ("NINTH", 9),
    ("SECOND", 2),
    ("SEVENTEENTH", 17),
    ("SEVENTH", 7),
    ("SEVENTIETH", 70),
    ("SIXTEENTH", 16),
    ("SIXTH", 6),
    ("SIXTIETH", 60),
    ("TENTH", 10),
    ("THIRD", 3),
    ("THIRTEENTH", 13),
    ("THIRTIETH", 30),
    ("TWELFTH", 12),
    ("TWENTIETH", 20),
];

/// Cardinal words for one to nine (before HUNDRED) and for the tens
/// (before an ordinal unit word), sorted.
static CARDINAL_WORDS: &[(&str, u32)] = &[
    ("EIGHT", 8),
    ("EIGHTY", 80),
    ("FIFTY", 50),
    ("FIVE", 5),
    ("FORTY", 40),
    ("FOUR", 4),
    ("NINE", 9),
    ("NINETY", 90),
    ("ONE", 1),
    ("SEVEN", 7),
    ("SEVENTY", 70),
    ("SIX", 6),
    ("SIXTY", 60),
    ("THIRTY", 30),
    ("THREE", 3),
    ("TWENTY", 20),
    ("TWO", 2),
];

/// The longest ordinal, in words: "NINE HUNDRED AND NINETY NINTH".
pub(crate) const MAX_WORDS: usize = 5;

/// The number that `words` spell as an ordinal, if they spell exactly
/// one ("TWENTY", "FIRST" → 21; "ONE", "HUNDREDTH" → 100).
///
/// Cardinals ("ONE HUNDRED", "TWENTY") are not ordinals and give `None`.
pub(crate) fn from_words(words: &[&str]) -> Option<u32> {
    match words {
        ["HUNDREDTH"] => Some(100),
        [n, "HUNDREDTH"] => hundreds_digit(n),
        [n, "HUNDRED", "AND", rest @ ..] | [n, "HUNDRED", rest @ ..] => {
            Some(hundreds_digit(n)? + below_hundred(rest)?)
        }
        _ => below_hundred(words),
    }
}

/// One to nine times one hundred, from the cardinal word for the digit.
fn hundreds_digit(word: &str) -> Option<u32> {
    lookup(CARDINAL_WORDS, word)
        .filter(|n| *n < 10)
        .map(|n| n * 100)
}

/// An ordinal from 1 to 99: one ordinal word, or a tens cardinal and an
/// ordinal unit word.
fn below_hundred(words: &[&str]) -> Option<u32> {
    match words {
        [one] => lookup(ORDINAL_WORDS, one),
        [tens, unit] => {
            let tens = lookup(CARDINAL_WORDS, tens).filter(|n| *n >= 20)?;
            let unit = lookup(ORDINAL_WORDS, unit).filter(|n| *n < 10)?;
            Some(tens + unit)
        }
        _ => None,
    }
}

/// The ordinal ending of `n`: `ST`, `ND`, `RD` or `TH`.
pub(crate) fn ending(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "TH",
        (1, _) => "ST",
        (2, _) => "ND",
        (3, _) => "RD",
        _ => "TH",
    }
}

/// `n` written as Publication 28 writes an ordinal: `21` → `"21ST"`.
pub(crate) fn format(n: u32) -> String {
    format!("{n}{}", ending(u64::from(n)))
}

/// A numeric ordinal such as `5TH` or `22D`, with its ending corrected
/// to the standard one (`22D` → `22ND`, `53D` → `53RD`).
///
/// Digits with a wrong ending ("5ST", "1TH") are not ordinals: they are
/// returned as `None` so that a typo never turns into another street.
pub(crate) fn numeric(token: &str) -> Option<String> {
    let split = token.find(|c: char| !c.is_ascii_digit())?;
    let (digits, end) = token.split_at(split);
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    let want = ending(digits.parse().ok()?);
    let ok = end == want || (end == "D" && matches!(want, "ND" | "RD"));
    ok.then(|| format!("{}{want}", digits.trim_start_matches('0')))
        .filter(|s| !s.starts_with(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::assert_sorted_unique;

    fn words(s: &str) -> Option<u32> {
        let w: Vec<&str> = s.split([' ', '-']).collect();
        from_words(&w)
    }

    #[test]
    fn tables_are_sorted_and_unique() {
        assert_sorted_unique(ORDINAL_WORDS);
        assert_sorted_unique(CARDINAL_WORDS);
    }

    #[test]
    fn single_words() {
        let cases = [
            ("FIRST", 1),
            ("SECOND", 2),
            ("THIRD", 3),
            ("FOURTH", 4),
            ("FIFTH", 5),
            ("NINTH", 9),
            ("TENTH", 10),
            ("ELEVENTH", 11),
            ("TWELFTH", 12),
            ("THIRTEENTH", 13),
            ("NINETEENTH", 19),
            ("TWENTIETH", 20),
            ("FORTIETH", 40),
            ("NINETIETH", 90),
            ("HUNDREDTH", 100),
        ];
        for (w, n) in cases {
            assert_eq!(words(w), Some(n), "{w}");
        }
    }

    #[test]
    fn compound_words() {
        let cases = [
            ("TWENTY-FIRST", 21),
            ("TWENTY FIRST", 21),
            ("THIRTY-SECOND", 32),
            ("FORTY THIRD", 43),
            ("NINETY-NINTH", 99),
            ("ONE HUNDREDTH", 100),
            ("ONE HUNDRED FIRST", 101),
            ("ONE HUNDRED AND FIRST", 101),
            ("ONE HUNDRED TENTH", 110),
            ("ONE HUNDRED TWENTY-FIFTH", 125),
            ("ONE HUNDRED TWENTY FIFTH", 125),
            ("TWO HUNDREDTH", 200),
            ("NINE HUNDRED NINETY-NINTH", 999),
        ];
        for (w, n) in cases {
            assert_eq!(words(w), Some(n), "{w}");
        }
    }

    #[test]
    fn not_ordinals() {
        let cases = [
            "ONE",
            "TWENTY",
            "ONE HUNDRED",
            "TWENTY TENTH",
            "FIRST FIRST",
            "TEN HUNDREDTH",
            "TWENTY ONE",
            "SECOND HUNDRED",
            "FOURTY FIRST",
            "ONE HUNDRED TWENTY",
            "MAIN",
            "",
            "HUNDRED",
        ];
        for w in cases {
            assert_eq!(words(w), None, "{w}");
        }
    }

    #[test]
    fn endings() {
        let cases = [
            (1, "1ST"),
            (2, "2ND"),
            (3, "3RD"),
            (4, "4TH"),
            (10, "10TH"),
            (11, "11TH"),
            (12, "12TH"),
            (13, "13TH"),
            (21, "21ST"),
            (22, "22ND"),
            (23, "23RD"),
            (100, "100TH"),
            (101, "101ST"),
            (111, "111TH"),
            (112, "112TH"),
            (125, "125TH"),
        ];
        for (n, s) in cases {
            assert_eq!(format(n), s);
        }
    }

    #[test]
    fn numeric_ordinals() {
        let cases = [
            ("5TH", "5TH"),
            ("1ST", "1ST"),
            ("2ND", "2ND"),
            ("2D", "2ND"),
            ("3RD", "3RD"),
            ("3D", "3RD"),
            ("22D", "22ND"),
            ("53D", "53RD"),
            ("11TH", "11TH"),
            ("12TH", "12TH"),
            ("13TH", "13TH"),
            ("125TH", "125TH"),
            ("05TH", "5TH"),
        ];
        for (t, want) in cases {
            assert_eq!(numeric(t).as_deref(), Some(want), "{t}");
        }
    }

    #[test]
    fn numeric_non_ordinals() {
        let cases = [
            "5", "5ST", "1TH", "11ST", "12ND", "13RD", "4D", "TH", "5TH1",
            "5THS", "0TH", "00TH", "123A", "",
        ];
        for t in cases {
            assert_eq!(numeric(t), None, "{t}");
        }
    }
}

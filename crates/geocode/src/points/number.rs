//! House numbers as the index orders them.
//!
//! A house number has a numeric value, which orders the points of a
//! street and gives its side (its parity), and a text, kept for exact
//! matches when the number is more than digits. The forms read are
//! those of `honeygrid_address` (`123`, `123A`, `123-A`, `123-45`,
//! `123 1/2`) plus `123 A` (a letter written apart, unambiguous in a
//! number column).
//!
//! - Plain digits: the value is the number; leading zeros are dropped
//!   (`0123` is `123`), and no text is kept.
//! - A letter (`123A`, `123-A`, `123 A`): value 123, text `123A`.
//! - A fraction (`123 1/2`): value 123, text `123 1/2`.
//! - Digit groups joined by hyphens (`123-45`, Queens style: block
//!   123, house 45; or a range such as `123-125`): value 123, the first
//!   group, and text `123-45`. Such a number matches exactly by its
//!   text; one missing from the index is placed at a point of its first
//!   group (on a Queens block, the same block), as interpolated. A
//!   value made of both groups would order Queens numbers better, but
//!   would put ranges written the same way far off their street's
//!   numbers.
//!
//! Values are below 10⁹ (at most nine digits); larger numbers are not
//! read.

use std::fmt;

/// A house number: its value for ordering and parity, and its text
/// when it is not plain digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HouseNumber {
    /// The numeric value (see the module documentation).
    pub value: u32,
    /// The normalised text, `None` for plain digits.
    pub text: Option<Box<str>>,
}

impl HouseNumber {
    /// Reads a house number; `None` for anything else (empty text,
    /// words, ranges such as `12 14`, more than nine digits).
    ///
    /// ```
    /// use honeygrid_geocode::points::HouseNumber;
    /// let n = HouseNumber::parse("0123-a").unwrap();
    /// assert_eq!((n.value, n.to_string().as_str()), (123, "123A"));
    /// assert_eq!(HouseNumber::parse("123-45").unwrap().value, 123);
    /// assert_eq!(HouseNumber::parse("One"), None);
    /// ```
    pub fn parse(raw: &str) -> Option<HouseNumber> {
        let raw = raw.trim();
        if raw.bytes().all(|b| b.is_ascii_digit()) {
            return plain(raw);
        }
        let upper = raw.to_ascii_uppercase();
        let words: Vec<&str> = upper.split_ascii_whitespace().collect();
        match words.as_slice() {
            [one] => hyphenated(one).or_else(|| lettered(one, "")),
            [digits, letter] if is_letter(letter) => lettered(digits, letter),
            [digits, fraction] if is_fraction(fraction) => {
                let value = plain(digits)?.value;
                let text = format!("{value} {fraction}");
                Some(with_text(value, text))
            }
            _ => None,
        }
    }

    /// 0 for even numbers, 1 for odd: the side of the street.
    pub fn parity(&self) -> u32 {
        self.value & 1
    }

    /// Whether the number is plain digits.
    pub fn is_plain(&self) -> bool {
        self.text.is_none()
    }
}

impl fmt::Display for HouseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.text {
            Some(text) => f.write_str(text),
            None => write!(f, "{}", self.value),
        }
    }
}

fn with_text(value: u32, text: String) -> HouseNumber {
    HouseNumber {
        value,
        text: Some(text.into_boxed_str()),
    }
}

/// Plain digits, at most nine of them once leading zeros are gone.
fn plain(digits: &str) -> Option<HouseNumber> {
    let is_digits =
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let significant = digits.trim_start_matches('0');
    if !is_digits || significant.len() > 9 {
        return None;
    }
    let value = significant.parse().unwrap_or(0);
    Some(HouseNumber { value, text: None })
}

fn is_letter(word: &str) -> bool {
    word.len() == 1 && word.as_bytes()[0].is_ascii_alphabetic()
}

fn is_fraction(word: &str) -> bool {
    match word.split_once('/') {
        Some((n, d)) => plain(n).is_some() && plain(d).is_some(),
        None => false,
    }
}

/// `123A`, `123-A`, or digits and a letter given apart.
fn lettered(digits: &str, letter: &str) -> Option<HouseNumber> {
    let (digits, letter) = match letter {
        "" => {
            let split = digits.len().checked_sub(1)?;
            let (d, l) = digits.split_at(split);
            (d.strip_suffix('-').unwrap_or(d), l)
        }
        _ => (digits, letter),
    };
    if !is_letter(letter) {
        return None;
    }
    let value = plain(digits)?.value;
    Some(with_text(value, format!("{value}{letter}")))
}

/// Digit groups joined by hyphens: `123-45`, `1-2-3`.
fn hyphenated(word: &str) -> Option<HouseNumber> {
    let values = word
        .split('-')
        .map(|g| plain(g).map(|n| n.value))
        .collect::<Option<Vec<u32>>>()?;
    if values.len() < 2 {
        return None;
    }
    let text: Vec<String> = values.iter().map(u32::to_string).collect();
    Some(with_text(values[0], text.join("-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(raw: &str) -> Option<(u32, String)> {
        HouseNumber::parse(raw).map(|n| (n.value, n.to_string()))
    }

    #[test]
    fn reads_numbers() {
        let cases = [
            ("123", 123, "123"),
            (" 0123 ", 123, "123"),
            ("0", 0, "0"),
            ("123A", 123, "123A"),
            ("123a", 123, "123A"),
            ("123-A", 123, "123A"),
            ("123 b", 123, "123B"),
            ("123 1/2", 123, "123 1/2"),
            ("123-45", 123, "123-45"),
            ("123-045", 123, "123-45"),
            ("123-125", 123, "123-125"),
            ("1-2-3", 1, "1-2-3"),
            ("999999999", 999_999_999, "999999999"),
            ("000999999999", 999_999_999, "999999999"),
        ];
        for (raw, value, text) in cases {
            assert_eq!(read(raw), Some((value, text.to_owned())), "{raw}");
        }
    }

    #[test]
    fn refuses_other_text() {
        for raw in [
            "",
            " ",
            "A",
            "ONE",
            "123AB",
            "A123",
            "123-",
            "-123",
            "12 14",
            "1/2",
            "1234567890",
            "123 ST",
            "123-AB",
        ] {
            assert_eq!(read(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn parity_and_plainness() {
        let even = HouseNumber::parse("124").unwrap();
        let odd = HouseNumber::parse("123B").unwrap();
        assert_eq!((even.parity(), odd.parity()), (0, 1));
        assert!(even.is_plain() && !odd.is_plain());
        let queens = HouseNumber::parse("124-45").unwrap();
        assert_eq!(queens.parity(), 0);
    }
}

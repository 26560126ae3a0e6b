//! House numbers at the start of a street line.
//!
//! A house number is digits, optionally followed by one letter (`123A`)
//! or by a hyphen and one letter (`123-A`), or groups of digits joined
//! by hyphens (`123-45`, as in Queens). A fraction token right after it
//! joins it (`123 1/2`). Other forms are not recognised and stay in the
//! street name, where they can only fail to match: spelled-out numbers
//! ("One Main St"), Wisconsin grid numbers ("N123W4567"), a letter
//! written apart ("123 B Main St", which may as well be "B Main St")
//! and ranges ("123-125" reads as one Queens-style number).

use crate::tokens::is_digits;

/// Whether `token` is a house number.
pub(crate) fn is_house_number(token: &str) -> bool {
    let mut groups = token.split('-');
    let Some(first) = groups.next() else {
        return false;
    };
    let rest: Vec<&str> = groups.collect();
    match rest.as_slice() {
        [] => is_digits(first) || digits_and_letter(first),
        [letter] if is_one_letter(letter) => is_digits(first),
        more => is_digits(first) && more.iter().all(|g| is_digits(g)),
    }
}

/// Digits followed by exactly one ASCII letter: `123A`.
fn digits_and_letter(token: &str) -> bool {
    match token.char_indices().last() {
        Some((i, c)) => c.is_ascii_alphabetic() && is_digits(&token[..i]),
        None => false,
    }
}

/// Exactly one ASCII letter.
fn is_one_letter(token: &str) -> bool {
    token.len() == 1 && token.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether `token` is a simple fraction such as `1/2`.
pub(crate) fn is_fraction(token: &str) -> bool {
    match token.split_once('/') {
        Some((num, den)) => is_digits(num) && is_digits(den),
        None => false,
    }
}

/// The house number at the start of `tokens` (with its fraction, if
/// any) and how many tokens it takes.
pub(crate) fn take(tokens: &[String]) -> (Option<String>, usize) {
    match tokens {
        [n, f, ..] if is_house_number(n) && is_fraction(f) => {
            (Some(format!("{n} {f}")), 2)
        }
        [n, ..] if is_house_number(n) => (Some(n.clone()), 1),
        _ => (None, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn house_numbers() {
        let yes = [
            "1", "123", "0123", "123A", "12B", "123-45", "123-A", "1-2-3",
            "100000",
        ];
        for t in yes {
            assert!(is_house_number(t), "{t}");
        }
    }

    #[test]
    fn not_house_numbers() {
        let no = [
            "", "A", "1ST", "5TH", "22ND", "123AB", "A123", "123-", "-123",
            "123-AB", "N123W456", "1/2", "12-3A", "ONE", "#",
        ];
        for t in no {
            assert!(!is_house_number(t), "{t}");
        }
    }

    #[test]
    fn fractions() {
        assert!(is_fraction("1/2"));
        assert!(is_fraction("3/4"));
        assert!(!is_fraction("1/"));
        assert!(!is_fraction("/2"));
        assert!(!is_fraction("A/B"));
        assert!(!is_fraction("12"));
    }

    #[test]
    fn takes_number_and_fraction() {
        let cases = [
            ("123 MAIN ST", Some("123"), 1),
            ("123 1/2 MAIN ST", Some("123 1/2"), 2),
            ("123A MAIN", Some("123A"), 1),
            ("123-45 67TH AVE", Some("123-45"), 1),
            ("MAIN ST", None, 0),
            ("5TH AVE", None, 0),
            ("1/2 MAIN", None, 0),
            ("", None, 0),
        ];
        for (line, number, used) in cases {
            let (got, n) = take(&toks(line));
            assert_eq!((got.as_deref(), n), (number, used), "{line}");
        }
    }
}

//! E-mail addresses derived from a customer's name.

use crate::names::Name;
use crate::rng::Rng;

/// Domains reserved for examples, so no sample address is real.
const DOMAINS: &[&str] = &["example.com", "example.net", "example.org"];

/// Appends an address such as `jose.nunez7@example.com` for `name`,
/// the first and the last name.
///
/// The local part is the ASCII form of the name in one of a few common
/// shapes, sometimes followed by a number.
pub(crate) fn push_email(buf: &mut Vec<u8>, rng: &mut Rng, name: [&Name; 2]) {
    let [first, last] = name;
    let first = first.ascii.as_bytes();
    match rng.below(4) {
        0 => buf.extend_from_slice(&first[..1]),
        1 => buf.extend_from_slice(first),
        2 => {
            buf.extend_from_slice(first);
            buf.push(b'_');
        }
        _ => {
            buf.extend_from_slice(first);
            buf.push(b'.');
        }
    }
    buf.extend_from_slice(last.ascii.as_bytes());
    if rng.percent(25) {
        crate::num::push_int(buf, 1 + rng.below(99));
    }
    buf.push(b'@');
    buf.extend_from_slice(rng.pick(DOMAINS).as_bytes());
}

/// The letters and digits of `name` as lowercase ASCII, dropping
/// accents and everything else: `O'Brien` gives `obrien`.
pub(crate) fn fold_ascii(name: &str) -> String {
    let lower = name.chars().flat_map(char::to_lowercase);
    lower.filter_map(fold).collect()
}

/// The ASCII letter or digit for a lowercase character, if any.
fn fold(c: char) -> Option<char> {
    let ascii = match c {
        'a'..='z' | '0'..='9' => c,
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        _ => return None,
    };
    Some(ascii)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::{FIRST, LAST, with_ascii};

    #[test]
    fn folds_to_lowercase_ascii() {
        assert_eq!(fold_ascii("José"), "jose");
        assert_eq!(fold_ascii("Núñez"), "nunez");
        assert_eq!(fold_ascii("Zoë"), "zoe");
        assert_eq!(fold_ascii("O'Brien"), "obrien");
        assert_eq!(fold_ascii("Øberg"), "oberg");
        assert_eq!(fold_ascii("Clark-Lewis"), "clarklewis");
    }

    fn allowed(b: u8) -> bool {
        matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_')
    }

    #[test]
    fn addresses_are_plain_ascii() {
        let (firsts, lasts) = (with_ascii(FIRST), with_ascii(LAST));
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            let mut buf = Vec::new();
            let (first, last) = (rng.pick(&firsts), rng.pick(&lasts));
            push_email(&mut buf, &mut rng, [first, last]);
            let text = String::from_utf8(buf).expect("ASCII");
            let (local, domain) = text.split_once('@').expect("one @");
            assert!(!local.is_empty() && DOMAINS.contains(&domain));
            assert!(local.bytes().all(allowed), "{text}");
        }
    }
}

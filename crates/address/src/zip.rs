//! ZIP codes and ZIP+4 add-ons.
//!
//! The project's rule for a ZIP value (see `docs/INGEST.md`): the run of
//! digits at the start of the trimmed value, its first five, left-padded
//! with zeros. Spreadsheets drop leading zeros (`2139` for `02139`) and
//! write numbers as decimals (`2139.0`), which this rule undoes.

use crate::tokens::is_digits;

/// The run of ASCII digits at the start of `s`.
fn leading_digits(s: &str) -> &str {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    &s[..end]
}

/// The five-digit ZIP code of a value, per the project's rule.
///
/// ```
/// use honeygrid_address::zip5;
/// assert_eq!(zip5("2139").as_deref(), Some("02139"));
/// assert_eq!(zip5(" 94103-1234 ").as_deref(), Some("94103"));
/// assert_eq!(zip5("2139.0").as_deref(), Some("02139"));
/// assert_eq!(zip5("none"), None);
/// ```
pub fn zip5(value: &str) -> Option<String> {
    let digits = leading_digits(value.trim());
    if digits.is_empty() {
        return None;
    }
    let first = &digits[..digits.len().min(5)];
    Some(format!("{first:0>5}"))
}

/// The ZIP+4 add-on of a value: the four digits after a hyphen or space
/// following the ZIP (`94103-1234`, `94103 1234`), or the last four of
/// nine digits written together (`941031234`).
///
/// ```
/// use honeygrid_address::zip4;
/// assert_eq!(zip4("94103-1234").as_deref(), Some("1234"));
/// assert_eq!(zip4("941031234").as_deref(), Some("1234"));
/// assert_eq!(zip4("94103"), None);
/// ```
pub fn zip4(value: &str) -> Option<String> {
    let value = value.trim();
    let digits = leading_digits(value);
    if digits.len() == 9 && value.len() == 9 {
        return Some(digits[5..].to_string());
    }
    if digits.is_empty() || digits.len() > 5 {
        return None;
    }
    let rest = value[digits.len()..].strip_prefix(['-', ' '])?;
    let plus4 = leading_digits(rest);
    (plus4.len() == 4 && rest.len() == 4).then(|| plus4.to_string())
}

/// A ZIP written as one token of a one-line address: `62701`,
/// `62701-1234` or `627011234`; with its ZIP and add-on.
pub(crate) fn token(token: &str) -> Option<(String, Option<String>)> {
    let ok = match token.len() {
        5 | 9 => is_digits(token),
        10 => {
            token.as_bytes()[5] == b'-'
                && is_digits(&token[..5])
                && is_digits(&token[6..])
        }
        _ => false,
    };
    ok.then(|| (token[..5].to_string(), zip4(token)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip5_cases() {
        let cases = [
            ("02139", Some("02139")),
            ("2139", Some("02139")),
            ("139", Some("00139")),
            ("94103-1234", Some("94103")),
            ("941031234", Some("94103")),
            ("2139.0", Some("02139")),
            ("94103.0", Some("94103")),
            ("  94103  ", Some("94103")),
            ("94103 USA", Some("94103")),
            ("0", Some("00000")),
            ("123456", Some("12345")),
            ("", None),
            ("   ", None),
            ("none", None),
            ("N/A", None),
            ("-94103", None),
            ("ZIP 94103", None),
            ("K1A 0B1", None),
        ];
        for (value, want) in cases {
            assert_eq!(zip5(value).as_deref(), want, "{value:?}");
        }
    }

    #[test]
    fn zip4_cases() {
        let cases = [
            ("94103-1234", Some("1234")),
            ("94103 1234", Some("1234")),
            (" 94103-1234 ", Some("1234")),
            ("941031234", Some("1234")),
            ("2139-0001", Some("0001")),
            ("94103", None),
            ("94103-", None),
            ("94103-123", None),
            ("94103-12345", None),
            ("94103-12a4", None),
            ("9410312345", None),
            ("94103.0", None),
            ("", None),
            ("abc", None),
        ];
        for (value, want) in cases {
            assert_eq!(zip4(value).as_deref(), want, "{value:?}");
        }
    }

    #[test]
    fn zip_tokens() {
        let some = |z: &str, p: Option<&str>| {
            Some((z.to_string(), p.map(String::from)))
        };
        assert_eq!(token("62701"), some("62701", None));
        assert_eq!(token("62701-1234"), some("62701", Some("1234")));
        assert_eq!(token("627011234"), some("62701", Some("1234")));
        for t in [
            "6270",
            "627012",
            "62701-123",
            "6270A",
            "ABCDE",
            "62701/1234",
            "",
        ] {
            assert_eq!(token(t), None, "{t}");
        }
    }
}

//! Splitting text into uppercase tokens the way Publication 28 writes
//! addresses.
//!
//! - Letters and digits are uppercased.
//! - Periods and apostrophes are dropped without a break, so `N.W.`
//!   becomes `NW`, `St.` becomes `ST` and `O'Brien` becomes `OBRIEN`.
//! - Hyphens and slashes stay inside a token (`123-45`, `1/2`,
//!   `TWENTY-FIRST`); at either end of a token they are dropped.
//! - `#` and `&` are tokens of their own: `#4` is `#`, `4`.
//! - Everything else (spaces, commas, semicolons, parentheses, ...)
//!   separates tokens, so runs of spaces collapse.

/// Characters removed from inside a token without separating it.
fn is_dropped(c: char) -> bool {
    matches!(c, '.' | '\'' | '\u{2019}' | '`')
}

/// Characters that are tokens by themselves.
fn is_own_token(c: char) -> bool {
    matches!(c, '#' | '&')
}

/// Characters kept inside a token besides letters and digits.
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '/')
}

/// The uppercase tokens of `s`.
pub(crate) fn tokenize(s: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in s.chars() {
        if is_dropped(c) {
            continue;
        }
        if c.is_alphanumeric() {
            current.extend(c.to_uppercase());
        } else if is_joiner(c) {
            current.push(c);
        } else {
            flush(&mut current, &mut tokens);
            if is_own_token(c) {
                tokens.push(c.to_string());
            }
        }
    }
    flush(&mut current, &mut tokens);
    tokens
}

/// Moves `current`, trimmed of joiners at its ends, onto `tokens`.
fn flush(current: &mut String, tokens: &mut Vec<String>) {
    let trimmed = current.trim_matches(is_joiner);
    if !trimmed.is_empty() {
        tokens.push(trimmed.to_string());
    }
    current.clear();
}

/// Splits `s` into parts at commas, semicolons and line breaks, and
/// each part into tokens. Parts with no token are left out.
pub(crate) fn tokenize_parts(s: &str) -> Vec<Vec<String>> {
    s.split([',', ';', '\n', '\r'])
        .map(tokenize)
        .filter(|part| !part.is_empty())
        .collect()
}

/// Whether `token` contains an ASCII digit.
pub(crate) fn has_digit(token: &str) -> bool {
    token.bytes().any(|b| b.is_ascii_digit())
}

/// Whether `token` is all ASCII digits (and not empty).
pub(crate) fn is_digits(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Vec<String> {
        tokenize(s)
    }

    #[test]
    fn uppercases_and_collapses_spaces() {
        assert_eq!(t("  123   main  st "), ["123", "MAIN", "ST"]);
        assert_eq!(t("123\tMain\u{a0}St"), ["123", "MAIN", "ST"]);
    }

    #[test]
    fn drops_periods_and_apostrophes() {
        assert_eq!(t("N.W. St."), ["NW", "ST"]);
        assert_eq!(t("O'Brien Ave."), ["OBRIEN", "AVE"]);
        assert_eq!(t("O\u{2019}Hara"), ["OHARA"]);
        assert_eq!(t("P.O. Box 5"), ["PO", "BOX", "5"]);
    }

    #[test]
    fn commas_and_other_punctuation_separate() {
        assert_eq!(t("Main St,Apt 4"), ["MAIN", "ST", "APT", "4"]);
        assert_eq!(t("(rear)"), ["REAR"]);
        assert_eq!(t("Main St;"), ["MAIN", "ST"]);
        assert_eq!(t("Main St!!"), ["MAIN", "ST"]);
    }

    #[test]
    fn keeps_hyphens_and_slashes_inside() {
        assert_eq!(t("123-45 Twenty-First"), ["123-45", "TWENTY-FIRST"]);
        assert_eq!(t("123 1/2"), ["123", "1/2"]);
        assert_eq!(t("Main St - Apt 4"), ["MAIN", "ST", "APT", "4"]);
        assert_eq!(t("-123- /x/"), ["123", "X"]);
    }

    #[test]
    fn pound_and_ampersand_are_tokens() {
        assert_eq!(t("#4"), ["#", "4"]);
        assert_eq!(t("Apt#4B"), ["APT", "#", "4B"]);
        assert_eq!(t("Suite # 200"), ["SUITE", "#", "200"]);
        assert_eq!(t("Main&5th"), ["MAIN", "&", "5TH"]);
    }

    #[test]
    fn non_ascii_letters_are_uppercased() {
        assert_eq!(t("calle peñón"), ["CALLE", "PEÑÓN"]);
    }

    #[test]
    fn empty_input() {
        assert!(t("").is_empty());
        assert!(t(" ,.; ").is_empty());
    }

    #[test]
    fn parts_split_at_commas_and_lines() {
        let parts = tokenize_parts("123 Main St,, Springfield;IL\n62701");
        assert_eq!(
            parts,
            [
                vec!["123", "MAIN", "ST"],
                vec!["SPRINGFIELD"],
                vec!["IL"],
                vec!["62701"],
            ]
        );
    }

    #[test]
    fn digit_helpers() {
        assert!(has_digit("4B"));
        assert!(!has_digit("B"));
        assert!(is_digits("0123"));
        assert!(!is_digits("12A"));
        assert!(!is_digits(""));
    }
}

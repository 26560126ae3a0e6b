//! How far a misspelt street name may be from the street it means.
//!
//! The distance is the optimal string alignment distance (Levenshtein
//! plus swaps of two neighbouring letters, each edit counting one),
//! over bytes: a non-ASCII letter counts as two bytes, so names with
//! accents are, if anything, matched less readily.

/// The number of edits tolerated between two street names: none when
/// either name has a digit (`125TH` and `126TH` are different streets)
/// or fewer than 5 letters, 1 from 5 letters, 2 from 9, counting the
/// letters of the shorter name.
///
/// ```
/// use honeygrid_geocode::points::typo_budget;
/// assert_eq!(typo_budget("OAK", "OAKS"), 0);
/// assert_eq!(typo_budget("MAPLE", "MAPEL"), 1);
/// assert_eq!(typo_budget("WASHINGTON", "WASHINTON"), 2);
/// assert_eq!(typo_budget("125TH", "126TH"), 0);
/// ```
pub fn typo_budget(a: &str, b: &str) -> usize {
    let letters = |s: &str| s.bytes().filter(u8::is_ascii_alphabetic).count();
    let digits = |s: &str| s.bytes().any(|c| c.is_ascii_digit());
    if digits(a) || digits(b) {
        return 0;
    }
    match letters(a).min(letters(b)) {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Whether `a` and `b` are at most `max` edits apart.
///
/// ```
/// use honeygrid_geocode::points::within_edits;
/// assert!(within_edits("WELLINGTON", "WELINGTON", 1));
/// assert!(within_edits("MAPLE", "MAPEL", 1));
/// assert!(!within_edits("MAPLE", "AMPEL", 1));
/// ```
pub fn within_edits(a: &str, b: &str, max: usize) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    osa_distance(a, b, max) <= max
}

/// The optimal string alignment distance, or any value above `max`
/// once it is sure to exceed it.
fn osa_distance(a: &[u8], b: &[u8], max: usize) -> usize {
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            let swapped =
                i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1];
            if swapped {
                d = d.min(before[j - 2] + 1);
            }
            current[j] = d;
        }
        if current.iter().all(|&d| d > max) {
            return max + 1;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> usize {
        osa_distance(a.as_bytes(), b.as_bytes(), usize::MAX - 1)
    }

    #[test]
    fn distances() {
        let cases = [
            ("", "", 0),
            ("MAIN", "MAIN", 0),
            ("MAIN", "MAIM", 1),
            ("MAIN", "MAN", 1),
            ("MAIN", "MAINE", 1),
            ("MAIN", "MIAN", 1),
            ("KITTEN", "SITTING", 3),
            ("CA", "ABC", 3),
            ("", "ABC", 3),
            ("BROOKSIDE", "BROOKLINE", 2),
        ];
        for (a, b, want) in cases {
            assert_eq!(distance(a, b), want, "{a} {b}");
            assert_eq!(distance(b, a), want, "{b} {a}");
        }
    }

    #[test]
    fn bounded_check() {
        assert!(within_edits("WASHINGTON", "WASHINTON", 1));
        assert!(within_edits("WASHINGTON", "WAHSINGTNO", 2));
        assert!(!within_edits("WASHINGTON", "WASHINGTONIAN", 2));
        assert!(!within_edits("KITTEN", "SITTING", 2));
        assert!(within_edits("KITTEN", "SITTING", 3));
    }

    #[test]
    fn budgets() {
        assert_eq!(typo_budget("ELM", "ELMS"), 0);
        assert_eq!(typo_budget("CEDAR", "CEDARS"), 1);
        assert_eq!(typo_budget("ST MARKS", "ST MARK"), 1);
        assert_eq!(typo_budget("PENNSYLVANIA", "PENSYLVANIA"), 2);
        assert_eq!(typo_budget("COUNTY ROAD 12", "COUNTY ROAD 13"), 0);
    }
}

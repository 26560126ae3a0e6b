//! Static lookup tables written from USPS Publication 28.
//!
//! Each table is a sorted static array searched by binary search, so a
//! lookup costs no allocation and no start-up work. Keys are uppercase
//! with punctuation removed, as [`crate::tokens`] leaves them.

pub(crate) mod directionals;
pub(crate) mod ordinals;
pub(crate) mod states;
pub(crate) mod suffixes;
pub(crate) mod units;

/// Looks `key` up in a table of `(key, value)` pairs sorted by key.
pub(crate) fn lookup<V: Copy>(table: &[(&str, V)], key: &str) -> Option<V> {
    table
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| table[i].1)
}

/// Panics unless the keys of `table` are strictly increasing.
#[cfg(test)]
pub(crate) fn assert_sorted_unique<V>(table: &[(&str, V)]) {
    for pair in table.windows(2) {
        assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_finds_first_middle_last_and_misses() {
        let table = [("A", 1), ("C", 3), ("E", 5)];
        assert_eq!(lookup(&table, "A"), Some(1));
        assert_eq!(lookup(&table, "C"), Some(3));
        assert_eq!(lookup(&table, "E"), Some(5));
        assert_eq!(lookup(&table, "B"), None);
        assert_eq!(lookup(&table, ""), None);
        assert_eq!(lookup::<i32>(&[], "A"), None);
    }

    #[test]
    #[should_panic(expected = "B before A")]
    fn unsorted_table_is_caught() {
        assert_sorted_unique(&[("B", ()), ("A", ())]);
    }
}

//! An open-addressing hash table of per-cell sums, built for the one
//! job of adding rows to cells fast.
//!
//! Each slot is one run of words, `[key, sum0, sum1, ...]`, so finding a
//! cell and adding to its sums touches one cache line for up to seven
//! sums. Sums are `i64` with wrapping adds; an add that wraps records a
//! carry of ±2^64 on the side, so the exact sum is always known and
//! does not depend on the order of the adds. Files almost never wrap,
//! so the side table is almost always empty.

use rustc_hash::FxHashMap;

/// No H3 index is 0 (its mode bits are never 0), so 0 marks a free slot.
const FREE: u64 = 0;

/// The sums of many keys.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// Sums per key (the key word not included).
    width: usize,
    /// `slots × (1 + width)` words.
    words: Vec<u64>,
    mask: usize,
    shift: u32,
    len: usize,
    /// `(slot key, column) → carries`, each worth 2^64.
    carries: FxHashMap<(u64, usize), i64>,
}

impl Table {
    /// An empty table of `width` sums per key.
    pub fn new(width: usize) -> Table {
        Table::with_slots(width, 1024)
    }

    fn with_slots(width: usize, slots: usize) -> Table {
        Table {
            width,
            words: vec![FREE; slots * (width + 1)],
            mask: slots - 1,
            shift: 64 - slots.trailing_zeros(),
            len: 0,
            carries: FxHashMap::default(),
        }
    }

    /// Number of keys.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds `values` to the sums of `key` (which must not be 0).
    pub fn add(&mut self, key: u64, values: impl Iterator<Item = i64>) {
        let start = self.find_or_insert(key) + 1;
        for (column, v) in values.enumerate() {
            let sum = &mut self.words[start + column];
            let (next, wrapped) = (*sum as i64).overflowing_add(v);
            *sum = next as u64;
            if wrapped {
                let carry = if v > 0 { 1 } else { -1 };
                *self.carries.entry((key, column)).or_insert(0) += carry;
            }
        }
    }

    /// Makes room for at least `keys` keys in all without growing.
    pub fn reserve(&mut self, keys: usize) {
        while keys * 4 > (self.mask + 1) * 3 {
            self.grow();
        }
    }

    /// The word index of `key`'s slot, inserting it if absent.
    fn find_or_insert(&mut self, key: u64) -> usize {
        debug_assert_ne!(key, FREE);
        if (self.len + 1) * 4 > (self.mask + 1) * 3 {
            self.grow();
        }
        let stride = self.width + 1;
        let mut slot = self.home(key);
        loop {
            let at = slot * stride;
            match self.words[at] {
                k if k == key => return at,
                FREE => {
                    self.words[at] = key;
                    self.len += 1;
                    return at;
                }
                _ => slot = (slot + 1) & self.mask,
            }
        }
    }

    /// A full 64-bit mix (the finaliser of MurmurHash3), then the top
    /// bits: H3 indexes of one region share most of their bits.
    fn home(&self, key: u64) -> usize {
        let mut x = key;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^= x >> 33;
        (x >> self.shift) as usize
    }

    fn grow(&mut self) {
        let slots = (self.mask + 1) * 2;
        let old = std::mem::replace(self, Table::with_slots(self.width, slots));
        self.carries = old.carries;
        for row in old.words.chunks_exact(old.width + 1) {
            if row[0] != FREE {
                let at = self.find_or_insert(row[0]);
                self.words[at + 1..at + 1 + self.width]
                    .copy_from_slice(&row[1..]);
            }
        }
    }

    /// Adds every sum of `other` into `self`.
    pub fn merge(&mut self, other: &Table) {
        // Rows come in `other`'s slot order, which is hash order: into a
        // smaller table they would pile up in long runs. At least the
        // same size keeps each key's home slot where it was.
        while self.mask < other.mask {
            self.grow();
        }
        for (key, sums) in other.rows() {
            self.add(key, sums.iter().map(|&w| w as i64));
        }
        for (&at, &carry) in &other.carries {
            *self.carries.entry(at).or_insert(0) += carry;
        }
    }

    /// Adds `carry` × 2^64 to the exact sum of `key`'s `column`.
    pub fn add_carry(&mut self, key: u64, column: usize, carry: i64) {
        if carry != 0 {
            *self.carries.entry((key, column)).or_insert(0) += carry;
        }
    }

    /// Every key with its wrapped sums, in no particular order.
    pub fn rows(&self) -> impl Iterator<Item = (u64, &[u64])> {
        let stride = self.width + 1;
        self.words
            .chunks_exact(stride)
            .filter(|row| row[0] != FREE)
            .map(|row| (row[0], &row[1..]))
    }

    /// The exact sum of a column, from its wrapped sum and its carries.
    pub fn exact(&self, key: u64, column: usize, wrapped: u64) -> i128 {
        let carry = self.carries.get(&(key, column)).copied().unwrap_or(0);
        i128::from(wrapped as i64) + (i128::from(carry) << 64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sums(t: &Table, key: u64) -> Vec<i128> {
        let (_, row) = t.rows().find(|(k, _)| *k == key).expect("present");
        row.iter()
            .enumerate()
            .map(|(c, w)| t.exact(key, c, *w))
            .collect()
    }

    #[test]
    fn grows_and_keeps_every_key() {
        let mut t = Table::new(2);
        for k in 1..=10_000_u64 {
            t.add(k * 0x1000, [1, k as i64].into_iter());
            t.add(k * 0x1000, [1, 1].into_iter());
        }
        assert_eq!(t.len(), 10_000);
        assert_eq!(sums(&t, 0x1000 * 77), [2, 78]);
    }

    #[test]
    fn merging_a_large_table_into_a_small_one_is_linear() {
        let mut big = Table::new(1);
        for k in 1..=200_000_u64 {
            big.add(k << 20 | 0xfffff, [1].into_iter());
        }
        let mut small = Table::new(1);
        small.add(1, [1].into_iter());
        small.merge(&big);
        assert_eq!(small.len(), 200_001);
    }

    #[test]
    fn wrapping_sums_stay_exact() {
        let mut t = Table::new(1);
        t.add(5, [i64::MAX].into_iter());
        t.add(5, [i64::MAX].into_iter());
        assert_eq!(sums(&t, 5), [2 * i128::from(i64::MAX)]);
        t.add(5, [i64::MIN].into_iter());
        t.add(5, [i64::MIN].into_iter());
        t.add(5, [i64::MIN].into_iter());
        let expected = 2 * i128::from(i64::MAX) + 3 * i128::from(i64::MIN);
        assert_eq!(sums(&t, 5), [expected]);
    }

    #[test]
    fn merges_carries() {
        let (mut a, mut b) = (Table::new(1), Table::new(1));
        a.add(9, [i64::MAX].into_iter());
        a.add(9, [i64::MAX].into_iter());
        b.add(9, [i64::MAX].into_iter());
        b.add(9, [i64::MAX].into_iter());
        a.merge(&b);
        assert_eq!(sums(&a, 9), [4 * i128::from(i64::MAX)]);
    }
}

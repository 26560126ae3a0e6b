//! Counts gathered while rows are processed, and merged in file order.

use honeygrid_core::{Miss, Precision};

/// How many row numbers a warning keeps.
pub const FIRST_ROWS: usize = 5;

/// A count of rows with the first few row numbers.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize,
)]
pub struct RowList {
    /// How many rows.
    pub count: u64,
    /// The first row numbers, in file order.
    pub first_rows: Vec<u64>,
}

impl RowList {
    /// Records one row.
    pub fn push(&mut self, row: u64) {
        self.count += 1;
        if self.first_rows.len() < FIRST_ROWS {
            self.first_rows.push(row);
        }
    }

    /// Appends a later list, its rows shifted by `offset` lines.
    pub fn append(&mut self, later: &RowList, offset: u64) {
        self.count += later.count;
        let room = FIRST_ROWS - self.first_rows.len();
        let shifted = later.first_rows.iter().take(room).map(|r| r + offset);
        self.first_rows.extend(shifted);
    }
}

/// Every way a row can miss, for counting by reason.
const MISSES: [Miss; 10] = [
    Miss::NoInput,
    Miss::InvalidCoordinates,
    Miss::InvalidZip,
    Miss::ZipNotFound,
    Miss::NotUs,
    Miss::AddressNotFound,
    Miss::AmbiguousStreet,
    Miss::ProviderError,
    Miss::CityNotFound,
    Miss::TooCoarse,
];

fn miss_index(miss: Miss) -> usize {
    MISSES.iter().position(|m| *m == miss).unwrap_or(0)
}

/// Counts for a run of rows. They are kept between the segments of a
/// long ingest (see [`crate::segment`]), so they (de)serialize.
#[derive(
    Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize,
)]
pub struct RowStats {
    /// Data rows counted.
    pub rows: u64,
    /// Blank rows skipped.
    pub skipped: u64,
    /// Rows per [`Precision`], by [`Precision::index`].
    pub precision: [u64; Precision::ALL.len()],
    /// Unknown rows per reason, by position in `MISSES`.
    pub misses: [u64; MISSES.len()],
    /// Non-numbers per metric, in metric order.
    pub non_numeric: Vec<RowList>,
    /// Rows longer than the header.
    pub long_rows: RowList,
}

impl RowStats {
    /// Empty counts for `metrics` metric columns.
    pub fn new(metrics: usize) -> RowStats {
        RowStats {
            non_numeric: vec![RowList::default(); metrics],
            ..Default::default()
        }
    }

    /// Records a row's placement.
    pub fn placed(&mut self, precision: Precision) {
        self.precision[precision.index()] += 1;
    }

    /// Records a row that went to `unknown`.
    pub fn missed(&mut self, miss: Miss) {
        self.precision[Precision::Unknown.index()] += 1;
        self.misses[miss_index(miss)] += 1;
    }

    /// Adds the counts of the next chunk, its rows shifted by `offset`.
    ///
    /// The counts of segments have file row numbers already: append
    /// them in file order with an `offset` of 0.
    pub fn append(&mut self, later: &RowStats, offset: u64) {
        self.rows += later.rows;
        self.skipped += later.skipped;
        for (a, b) in self.precision.iter_mut().zip(later.precision) {
            *a += b;
        }
        for (a, b) in self.misses.iter_mut().zip(later.misses) {
            *a += b;
        }
        for (a, b) in self.non_numeric.iter_mut().zip(&later.non_numeric) {
            a.append(b, offset);
        }
        self.long_rows.append(&later.long_rows, offset);
    }

    /// Unknown rows per reason, reasons with no row left out.
    pub fn miss_counts(&self) -> Vec<(&'static str, u64)> {
        MISSES
            .iter()
            .zip(self.misses)
            .filter(|(_, n)| *n > 0)
            .map(|(m, n)| (m.reason(), n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_lists_keep_the_first_rows_in_order() {
        let mut a = RowList::default();
        a.push(2);
        a.push(3);
        let mut b = RowList::default();
        for r in 1..10 {
            b.push(r);
        }
        a.append(&b, 100);
        assert_eq!(a.count, 11);
        assert_eq!(a.first_rows, [2, 3, 101, 102, 103]);
    }
}

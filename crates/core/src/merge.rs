//! Partial sums merged as sorted streams: each encoded [`Aggregate`]
//! lists its keys in increasing order, so the parts of a long run are
//! added up by walking them side by side, with no table and no sort.
//! The result is what decoding, [merging](crate::Aggregate::merge) and
//! [finishing](crate::Aggregate::finish) them gives.
//!
//! [`Aggregate`]: crate::Aggregate

use crate::aggregate::{CellKey, CellSums, OverflowError, column_name};
use crate::codec::{CodecError, Input, header, next_key, unzigzag};

/// Why parts could not be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    /// A part is damaged or has other metrics.
    #[error(transparent)]
    Codec(#[from] CodecError),
    /// A total leaves the 64-bit range.
    #[error(transparent)]
    Overflow(#[from] OverflowError),
}

/// One part being read: its current key and that key's exact sums.
struct Part<'a> {
    input: Input<'a>,
    left: usize,
    live: bool,
    key: u64,
    sums: Vec<i128>,
}

impl<'a> Part<'a> {
    fn open(bytes: &'a [u8], metrics: &[String]) -> Result<Self, CodecError> {
        let mut input = Input(bytes);
        if header(&mut input)? != metrics {
            return Err(CodecError("they have other metrics"));
        }
        let left = input.count()?;
        let mut part = Part {
            input,
            left,
            live: false,
            key: 0,
            sums: vec![0; metrics.len() + 1],
        };
        part.advance()?;
        Ok(part)
    }

    /// Reads the next row; after the last, checks nothing follows.
    fn advance(&mut self) -> Result<(), CodecError> {
        if self.left == 0 {
            self.live = false;
            if !self.input.0.is_empty() {
                return Err(CodecError("they go on after the last key"));
            }
            return Ok(());
        }
        self.left -= 1;
        self.key = next_key(self.key, self.input.number()?)?;
        for sum in &mut self.sums {
            *sum = unzigzag(self.input.number()?);
        }
        self.live = true;
        Ok(())
    }
}

/// Adds up encoded parts with the given metrics, in key order.
pub fn merge_sorted(
    metrics: Vec<String>,
    parts: &[&[u8]],
) -> Result<CellSums, MergeError> {
    let mut parts = parts
        .iter()
        .map(|bytes| Part::open(bytes, &metrics))
        .collect::<Result<Vec<_>, _>>()?;
    let width = metrics.len() + 1;
    let (mut keys, mut values) = (Vec::new(), Vec::new());
    let mut total = vec![0_i128; width];
    while let Some(key) = parts.iter().filter(|p| p.live).map(|p| p.key).min() {
        total.fill(0);
        for part in parts.iter_mut().filter(|p| p.live && p.key == key) {
            for (t, s) in total.iter_mut().zip(&part.sums) {
                *t += s;
            }
            part.advance()?;
        }
        keys.push(key);
        for (column, &t) in total.iter().enumerate() {
            let v = i64::try_from(t).map_err(|_| OverflowError {
                metric: column_name(&metrics, column).to_owned(),
                cell: CellKey::from_raw(key),
            })?;
            values.push(v);
        }
    }
    Ok(CellSums::new(metrics, keys, values))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::Aggregate;

    fn cell(i: u64) -> CellKey {
        let at = h3o::LatLng::new(40.0 + i as f64 * 0.01, -74.0).expect("ok");
        CellKey::Cell(at.to_cell(h3o::Resolution::Ten))
    }

    fn aggregate(rows: &[(u64, i64)]) -> Aggregate {
        let mut agg = Aggregate::new(vec!["m".into()]);
        for &(c, v) in rows {
            let key = if c == 0 { CellKey::Unknown } else { cell(c) };
            agg.add_row(key, &[v]);
        }
        agg
    }

    proptest! {
        #[test]
        fn is_decoding_merging_and_finishing(
            parts in prop::collection::vec(
                prop::collection::vec((0_u64..20, any::<i64>()), 0..30),
                0..5,
            )
        ) {
            let aggs: Vec<Aggregate> =
                parts.iter().map(|p| aggregate(p)).collect();
            let mut total = Aggregate::new(vec!["m".into()]);
            for agg in &aggs {
                total.merge(agg);
            }
            let encoded: Vec<Vec<u8>> =
                aggs.iter().map(Aggregate::encode).collect();
            let slices: Vec<&[u8]> =
                encoded.iter().map(Vec::as_slice).collect();
            let merged = merge_sorted(vec!["m".into()], &slices);
            prop_assert_eq!(merged, total.finish().map_err(Into::into));
        }
    }

    #[test]
    fn refuses_other_metrics_and_damage() {
        let bytes = aggregate(&[(1, 5), (2, 6)]).encode();
        assert!(merge_sorted(vec!["n".into()], &[&bytes]).is_err());
        for len in 0..bytes.len() {
            let cut = merge_sorted(vec!["m".into()], &[&bytes[..len]]);
            assert!(cut.is_err(), "{len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(merge_sorted(vec!["m".into()], &[&longer]).is_err());
    }
}

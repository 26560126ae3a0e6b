//! Per-cell sums as bytes, to keep the partial sums of a long run (one
//! part of a file at a time) and merge them later, maybe elsewhere.
//!
//! An [`Aggregate`] is stored with its sums exact, so partial sums may
//! leave the 64-bit range as long as the final ones do not: decoding
//! the parts, [merging](Aggregate::merge) them and calling
//! [`Aggregate::finish`] gives what one pass over every row gives,
//! overflow errors included.
//!
//! The layout: the magic `HGA1`; the number of metrics, then each
//! name's length and UTF-8 bytes; the number of keys; then per key, in
//! increasing order, its gap from the previous key (from 0 for the
//! first) and each column's exact sum, zigzag-encoded. Every number is
//! an unsigned LEB128 varint.

use h3o::CellIndex;

use crate::aggregate::{Aggregate, UNKNOWN_RAW};

const MAGIC: &[u8] = b"HGA1";

/// Bytes that are not an encoded [`Aggregate`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored partial sums are damaged: {0}")]
pub struct CodecError(pub(crate) &'static str);

impl Aggregate {
    /// The aggregate as bytes, for [`Aggregate::decode`].
    pub fn encode(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        put(&mut out, self.metrics.len() as u128);
        for name in &self.metrics {
            put(&mut out, name.len() as u128);
            out.extend_from_slice(name.as_bytes());
        }
        let mut rows: Vec<(u64, &[u64])> = self.table.rows().collect();
        rows.sort_unstable_by_key(|(key, _)| *key);
        put(&mut out, rows.len() as u128);
        let mut previous = 0;
        for (key, sums) in rows {
            put(&mut out, u128::from(key - previous));
            previous = key;
            for (column, &wrapped) in sums.iter().enumerate() {
                put(&mut out, zigzag(self.table.exact(key, column, wrapped)));
            }
        }
        out
    }

    /// Reads back what [`Aggregate::encode`] wrote.
    pub fn decode(bytes: &[u8]) -> Result<Aggregate, CodecError> {
        let mut input = Input(bytes);
        let mut aggregate = Aggregate::new(header(&mut input)?);
        add_rows(&mut input, &mut aggregate)?;
        Ok(aggregate)
    }
}

/// Checks the magic and reads the metric names.
pub(crate) fn header(input: &mut Input<'_>) -> Result<Vec<String>, CodecError> {
    if input.take(MAGIC.len())? != MAGIC {
        return Err(CodecError("they do not start with HGA1"));
    }
    (0..input.count()?).map(|_| input.name()).collect()
}

/// Reads the rows after the header into `aggregate`'s table.
fn add_rows(
    input: &mut Input<'_>,
    aggregate: &mut Aggregate,
) -> Result<(), CodecError> {
    let width = aggregate.metrics.len() + 1;
    let mut key = 0_u64;
    let mut sums = vec![(0, 0); width];
    let rows = input.count()?;
    let table = &mut aggregate.table;
    table.reserve(rows);
    for _ in 0..rows {
        key = next_key(key, input.number()?)?;
        for sum in sums.iter_mut() {
            *sum = split(unzigzag(input.number()?))?;
        }
        table.add(key, sums.iter().map(|&(wrapped, _)| wrapped));
        for (column, &(_, carry)) in sums.iter().enumerate() {
            table.add_carry(key, column, carry);
        }
    }
    if !input.0.is_empty() {
        return Err(CodecError("they go on after the last key"));
    }
    Ok(())
}

/// The key `gap` after `previous`: keys only increase, and each is a
/// cell or `unknown`.
pub(crate) fn next_key(previous: u64, gap: u128) -> Result<u64, CodecError> {
    let key = u64::try_from(gap)
        .ok()
        .filter(|&gap| gap > 0)
        .and_then(|gap| previous.checked_add(gap))
        .ok_or(CodecError("the keys are out of order"))?;
    if key != UNKNOWN_RAW && CellIndex::try_from(key).is_err() {
        return Err(CodecError("a key is not an H3 cell"));
    }
    Ok(key)
}

/// An exact sum as a wrapped 64-bit sum and its carries of 2^64.
fn split(exact: i128) -> Result<(i64, i64), CodecError> {
    let wrapped = exact as i64;
    exact
        .checked_sub(i128::from(wrapped))
        .and_then(|rest| i64::try_from(rest >> 64).ok())
        .map(|carry| (wrapped, carry))
        .ok_or(CodecError("a sum is out of range"))
}

fn zigzag(v: i128) -> u128 {
    ((v << 1) ^ (v >> 127)) as u128
}

pub(crate) fn unzigzag(u: u128) -> i128 {
    ((u >> 1) as i128) ^ -((u & 1) as i128)
}

/// Appends `v` as an unsigned LEB128 varint.
fn put(out: &mut Vec<u8>, mut v: u128) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The bytes not read yet.
pub(crate) struct Input<'a>(pub(crate) &'a [u8]);

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        if self.0.len() < n {
            return Err(CodecError("they end early"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    pub(crate) fn number(&mut self) -> Result<u128, CodecError> {
        let mut value = 0_u128;
        for shift in (0..128).step_by(7) {
            let byte = self.take(1)?[0];
            let bits = u128::from(byte & 0x7f);
            if shift == 126 && bits > 0b11 {
                break;
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(CodecError("a number is too large"))
    }

    /// A count of items, each at least one byte long.
    pub(crate) fn count(&mut self) -> Result<usize, CodecError> {
        usize::try_from(self.number()?)
            .ok()
            .filter(|&n| n <= self.0.len())
            .ok_or(CodecError("a count is larger than what follows"))
    }

    fn name(&mut self) -> Result<String, CodecError> {
        let len = usize::try_from(self.number()?)
            .map_err(|_| CodecError("a name is too long"))?;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| CodecError("a metric name is not UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::CellKey;
    use proptest::prelude::*;

    fn cell(i: u64) -> CellKey {
        let base =
            h3o::LatLng::new(40.0 + i as f64 * 0.01, -74.0).expect("valid");
        CellKey::Cell(base.to_cell(h3o::Resolution::Ten))
    }

    fn round_trip(agg: &Aggregate) -> Aggregate {
        Aggregate::decode(&agg.encode()).expect("decodes")
    }

    #[test]
    fn keeps_every_sum_and_name() {
        let mut agg = Aggregate::new(vec!["revenue".into(), "été".into()]);
        agg.add_row(cell(1), &[10, -4]);
        agg.add_row(cell(2), &[i64::MIN, 0]);
        agg.add_row(CellKey::Unknown, &[-3, 7]);
        let back = round_trip(&agg);
        assert_eq!(back.metrics(), agg.metrics());
        assert_eq!(back.finish(), agg.finish());
    }

    #[test]
    fn partial_sums_may_overflow_when_the_total_fits() {
        let mut up = Aggregate::new(vec!["m".into()]);
        up.add_row(cell(1), &[i64::MAX]);
        up.add_row(cell(1), &[i64::MAX]);
        let mut down = Aggregate::new(vec!["m".into()]);
        down.add_row(cell(1), &[i64::MIN]);
        down.add_row(cell(1), &[i64::MIN]);
        down.add_row(cell(1), &[5]);
        assert!(up.clone().finish().is_err());
        let mut total = round_trip(&up);
        total.merge(&round_trip(&down));
        let sums = total.finish().expect("fits");
        assert_eq!(sums.get(cell(1)), Some(&[5, 3][..]));
        let mut over = round_trip(&up);
        over.merge(&round_trip(&up));
        assert!(over.finish().is_err(), "the total still overflows");
    }

    #[test]
    fn empty_aggregates_are_small() {
        let agg = Aggregate::new(vec![]);
        assert_eq!(agg.encode(), b"HGA1\0\0");
        assert!(round_trip(&agg).finish().expect("fits").is_empty());
    }

    #[test]
    fn refuses_damaged_bytes() {
        let mut agg = Aggregate::new(vec!["m".into()]);
        agg.add_row(cell(1), &[i64::MAX]);
        agg.add_row(cell(1), &[i64::MAX]);
        agg.add_row(CellKey::Unknown, &[1]);
        let bytes = agg.encode();
        for len in 0..bytes.len() {
            assert!(Aggregate::decode(&bytes[..len]).is_err(), "{len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Aggregate::decode(&longer).is_err());
        assert!(Aggregate::decode(b"HGA1\0\x01\x05\0").is_err(), "a key");
        let huge = [&b"HGA1\0"[..], &[0xff; 20]].concat();
        assert!(Aggregate::decode(&huge).is_err());
    }

    #[test]
    fn varints_cover_every_128_bit_number() {
        for v in [0, 1, -1, i128::MAX, i128::MIN, 1 << 64, -(1 << 70)] {
            let mut out = Vec::new();
            put(&mut out, zigzag(v));
            let back = Input(&out).number().map(unzigzag);
            assert_eq!(back, Ok(v));
        }
    }

    proptest! {
        /// Parts encoded, decoded and merged sum like one pass.
        #[test]
        fn merging_decoded_parts_equals_one_pass(
            rows in prop::collection::vec(
                (0_u64..20, prop_oneof![
                    -1000_i64..1000,
                    Just(i64::MAX),
                    Just(i64::MIN),
                ]),
                0..100,
            ),
            cuts in prop::collection::vec(0_usize..100, 0..4),
        ) {
            let new = || Aggregate::new(vec!["m".into()]);
            let mut whole = new();
            let mut parts = vec![new(); cuts.len() + 1];
            for (i, &(c, v)) in rows.iter().enumerate() {
                let key = if c == 0 { CellKey::Unknown } else { cell(c) };
                whole.add_row(key, &[v]);
                let part = cuts.iter().filter(|&&cut| cut <= i).count();
                parts[part].add_row(key, &[v]);
            }
            let mut merged = new();
            for part in &parts {
                merged.merge(&round_trip(part));
            }
            prop_assert_eq!(whole.finish(), merged.finish());
        }
    }
}

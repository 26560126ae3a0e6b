//! One row per cell, for spreadsheets and kepler.gl's H3 layer.

use std::io::{self, Write};

use honeygrid_core::{CellKey, CellSums};

/// Writes `hex_id`, `customerCount` and the metrics (in file order),
/// one row per cell in index order. `unknown` has no place on a map
/// and is left out; the summary counts it.
pub fn write_csv(sums: &CellSums, out: impl Write) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .buffer_capacity(1 << 20)
        .from_writer(out);
    let header = ["hex_id", "customerCount"]
        .into_iter()
        .chain(sums.metrics().iter().map(String::as_str));
    w.write_record(header)?;
    let mut number = itoa::Buffer::new();
    let mut hex = Vec::with_capacity(15);
    for (key, row) in sums.iter() {
        let CellKey::Cell(_) = key else { continue };
        hex.clear();
        super::write_key(&mut hex, key)?;
        w.write_field(&hex)?;
        for v in row {
            w.write_field(number.format(*v))?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use honeygrid_core::Aggregate;

    #[test]
    fn writes_a_row_per_cell() {
        let cell = h3o::LatLng::new(40.689167, -74.044444)
            .expect("valid")
            .to_cell(h3o::Resolution::Ten);
        let mut agg = Aggregate::new(vec!["revenue".into(), "a,b".into()]);
        agg.add_row(CellKey::Cell(cell), &[5, 7]);
        agg.add_row(CellKey::Unknown, &[1, 1]);
        let mut out = Vec::new();
        write_csv(&agg.finish().expect("fits"), &mut out).expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "hex_id,customerCount,revenue,\"a,b\"\n8a2a1072b59ffff,1,5,7\n"
        );
    }
}

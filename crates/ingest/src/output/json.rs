//! The aggregate object: `{"<cell>":{"customerCount":n,"<metric>":n}}`.

use std::io::{self, BufWriter, Write};

use honeygrid_core::CellSums;

use super::write_key;

/// Writes the sums as one compact JSON object, keys sorted by their
/// bytes at both levels, followed by a newline.
pub fn write_json(sums: &CellSums, out: impl Write) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, out);
    let columns: Vec<(Vec<u8>, usize)> = sums
        .sorted_columns()
        .into_iter()
        .map(|(name, i)| (member_prefix(name), i))
        .collect();
    let mut number = itoa::Buffer::new();
    w.write_all(b"{")?;
    for (n, (key, row)) in sums.iter().enumerate() {
        w.write_all(if n == 0 { b"\"" } else { b",\"" })?;
        write_key(&mut w, key)?;
        w.write_all(b"\":")?;
        for (c, (prefix, i)) in columns.iter().enumerate() {
            w.write_all(if c == 0 { b"{" } else { b"," })?;
            w.write_all(prefix)?;
            w.write_all(number.format(row[*i]).as_bytes())?;
        }
        w.write_all(b"}")?;
    }
    w.write_all(b"}\n")?;
    w.flush()
}

/// `"name":` with the name escaped as JSON.
fn member_prefix(name: &str) -> Vec<u8> {
    let mut prefix =
        serde_json::to_vec(name).expect("a string always serialises");
    prefix.push(b':');
    prefix
}

#[cfg(test)]
mod tests {
    use super::*;
    use honeygrid_core::{Aggregate, CellKey};

    #[test]
    fn writes_sorted_compact_json() {
        let cell = h3o::LatLng::new(40.689167, -74.044444)
            .expect("valid")
            .to_cell(h3o::Resolution::Ten);
        let mut agg =
            Aggregate::new(vec!["revenue".into(), "Ünits \"x\"".into()]);
        agg.add_row(CellKey::Unknown, &[1, 2]);
        agg.add_row(CellKey::Cell(cell), &[5, -3]);
        let mut out = Vec::new();
        write_json(&agg.finish().expect("fits"), &mut out).expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("utf-8"),
            "{\"8a2a1072b59ffff\":{\"customerCount\":1,\"revenue\":5,\"Ünits \\\"x\\\"\":-3},\
             \"unknown\":{\"customerCount\":1,\"revenue\":1,\"Ünits \\\"x\\\"\":2}}\n"
        );
    }

    #[test]
    fn empty_sums_are_an_empty_object() {
        let mut out = Vec::new();
        write_json(&Aggregate::new(vec![]).finish().expect("fits"), &mut out)
            .expect("writes");
        assert_eq!(out, b"{}\n");
    }
}

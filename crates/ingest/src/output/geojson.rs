//! One hexagon per cell, as a GeoJSON FeatureCollection.

use std::io::{self, BufWriter, Write};

use honeygrid_core::{CellKey, CellSums};

/// Writes every cell as a Polygon feature (its boundary, longitude
/// first, ring closed) with `hex_id`, `customerCount` and the metrics
/// as properties. `unknown` has no geometry and is left out.
///
/// Cells that straddle the antimeridian are written as they are, which
/// map tools draw across the world; no US data reaches it.
pub fn write_geojson(sums: &CellSums, out: impl Write) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, out);
    let names: Vec<String> = std::iter::once("customerCount")
        .chain(sums.metrics().iter().map(String::as_str))
        .map(|n| serde_json::to_string(n).expect("a string always serialises"))
        .collect();
    w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
    let mut first = true;
    for (key, row) in sums.iter() {
        let CellKey::Cell(cell) = key else { continue };
        if !first {
            w.write_all(b",")?;
        }
        first = false;
        write!(w, "{{\"type\":\"Feature\",\"id\":\"{cell}\",\"geometry\":")?;
        write_polygon(&mut w, cell)?;
        write!(w, ",\"properties\":{{\"hex_id\":\"{cell}\"")?;
        for (name, v) in names.iter().zip(row) {
            write!(w, ",{name}:{v}")?;
        }
        w.write_all(b"}}")?;
    }
    w.write_all(b"]}\n")?;
    w.flush()
}

fn write_polygon(w: &mut impl Write, cell: h3o::CellIndex) -> io::Result<()> {
    let boundary = cell.boundary();
    w.write_all(b"{\"type\":\"Polygon\",\"coordinates\":[[")?;
    for (i, p) in boundary.iter().chain(boundary.iter().take(1)).enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        write!(w, "[{:.7},{:.7}]", p.lng(), p.lat())?;
    }
    w.write_all(b"]]}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use honeygrid_core::Aggregate;

    #[test]
    fn writes_closed_hexagons() {
        let cell = h3o::LatLng::new(40.689167, -74.044444)
            .expect("valid")
            .to_cell(h3o::Resolution::Ten);
        let mut agg = Aggregate::new(vec!["revenue".into()]);
        agg.add_row(CellKey::Cell(cell), &[5]);
        agg.add_row(CellKey::Unknown, &[1]);
        let mut out = Vec::new();
        write_geojson(&agg.finish().expect("fits"), &mut out).expect("writes");
        let doc: serde_json::Value =
            serde_json::from_slice(&out).expect("valid JSON");
        let features = doc["features"].as_array().expect("features");
        assert_eq!(features.len(), 1);
        let ring = features[0]["geometry"]["coordinates"][0]
            .as_array()
            .expect("ring");
        assert_eq!(ring.len(), 7);
        assert_eq!(ring[0], ring[6]);
        let lng = ring[0][0].as_f64().expect("number");
        assert!((lng + 74.04).abs() < 0.01, "longitude first: {lng}");
        assert_eq!(features[0]["properties"]["revenue"], 5);
        assert_eq!(features[0]["properties"]["hex_id"], "8a2a1072b59ffff");
    }
}

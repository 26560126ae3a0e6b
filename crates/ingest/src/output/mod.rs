//! Writing per-cell sums: JSON (the aggregate object), CSV and GeoJSON.

mod csv;
mod geojson;
mod json;

use std::io::{self, Write};
use std::str::FromStr;

use honeygrid_core::{CellKey, CellSums};

pub use self::csv::write_csv;
pub use self::geojson::write_geojson;
pub use self::json::write_json;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// One JSON object keyed by cell.
    #[default]
    Json,
    /// One row per cell with a `hex_id` column.
    Csv,
    /// One hexagon polygon feature per cell.
    Geojson,
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Ok(OutputFormat::Json),
            "csv" => Ok(OutputFormat::Csv),
            "geojson" => Ok(OutputFormat::Geojson),
            _ => Err(format!("unknown format {s:?}; use json, csv or geojson")),
        }
    }
}

/// Writes `sums` in `format`.
pub fn write(
    sums: &CellSums,
    format: OutputFormat,
    out: impl Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Json => write_json(sums, out),
        OutputFormat::Csv => write_csv(sums, out),
        OutputFormat::Geojson => write_geojson(sums, out),
    }
}

/// Writes a key as text: 15 lowercase hex digits, or `unknown`.
fn write_key(out: &mut impl Write, key: CellKey) -> io::Result<()> {
    match key {
        CellKey::Cell(cell) => out.write_all(&hex(u64::from(cell))),
        CellKey::Unknown => out.write_all(b"unknown"),
    }
}

/// An H3 index as its 15 hex digits (the top nibble is always 0).
fn hex(mut v: u64) -> [u8; 15] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0_u8; 15];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(v & 0xf) as usize];
        v >>= 4;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_cells_as_h3_strings() {
        let cell = h3o::LatLng::new(40.689167, -74.044444)
            .expect("valid")
            .to_cell(h3o::Resolution::Ten);
        let mut out = Vec::new();
        write_key(&mut out, CellKey::Cell(cell)).expect("writes");
        assert_eq!(out, cell.to_string().as_bytes());
        assert_eq!(out, b"8a2a1072b59ffff");
    }
}

//! A stored aggregate read back into columns: cells in stored order
//! (sorted), every metric a column. Parsing walks the JSON once
//! without building a tree, so a 750,000-cell version loads quickly.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};

/// The cells and metrics of one version.
#[derive(Debug, Default)]
pub struct CellTable {
    /// Metric names, in the order first seen (sorted by the writer).
    pub metrics: Vec<String>,
    /// Cell keys (H3 hex or `unknown`), in stored order.
    pub cells: Vec<String>,
    /// Row-major values: `cells.len() * metrics.len()`.
    pub values: Vec<i64>,
}

impl CellTable {
    /// Parses an aggregate object `{"cell": {"metric": n}}`.
    pub fn parse(bytes: &[u8]) -> Result<CellTable, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let table = TableSeed.deserialize(&mut de)?;
        de.end()?;
        Ok(table)
    }

    /// The values of cell `i`.
    pub fn row(&self, i: usize) -> &[i64] {
        let width = self.metrics.len();
        &self.values[i * width..(i + 1) * width]
    }

    /// The column of a metric.
    pub fn column(&self, metric: &str) -> Option<usize> {
        self.metrics.iter().position(|m| m == metric)
    }

    /// Totals per metric.
    pub fn totals(&self) -> Vec<i64> {
        let mut totals = vec![0_i64; self.metrics.len()];
        for i in 0..self.cells.len() {
            for (t, v) in totals.iter_mut().zip(self.row(i)) {
                *t = t.saturating_add(*v);
            }
        }
        totals
    }

    /// Cells' positions by key.
    pub fn index(&self) -> HashMap<&str, usize> {
        self.cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect()
    }
}

struct TableSeed;

impl<'de> DeserializeSeed<'de> for TableSeed {
    type Value = CellTable;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> Result<CellTable, D::Error> {
        d.deserialize_map(TableVisitor)
    }
}

struct TableVisitor;

impl<'de> Visitor<'de> for TableVisitor {
    type Value = CellTable;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of cells")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<CellTable, A::Error> {
        let mut table = CellTable::default();
        while let Some(cell) = map.next_key::<String>()? {
            let width = table.metrics.len();
            table.values.resize(table.values.len() + width, 0);
            map.next_value_seed(RowSeed { table: &mut table })?;
            table.cells.push(cell);
        }
        Ok(table)
    }
}

/// Reads one cell's metrics into its row, adding columns when a metric
/// is new (earlier rows get 0 for it).
struct RowSeed<'a> {
    table: &'a mut CellTable,
}

impl<'de> DeserializeSeed<'de> for RowSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        d: D,
    ) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RowSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of metric sums")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(name) = map.next_key::<std::borrow::Cow<str>>()? {
            let value: i64 = map.next_value()?;
            let column = match self.table.column(&name) {
                Some(c) => c,
                None => add_column(self.table, &name),
            };
            // The row being read is the last; columns may have been
            // added since it began.
            let start = self.table.cells.len() * self.table.metrics.len();
            self.table.values[start + column] = value;
        }
        Ok(())
    }
}

/// Adds a metric column, 0 in the rows read so far and in the row
/// being read; returns its index.
fn add_column(table: &mut CellTable, name: &str) -> usize {
    let old = table.metrics.len();
    let rows = table.cells.len() + 1;
    let mut values = Vec::with_capacity(rows * (old + 1));
    for row in 0..rows {
        values.extend_from_slice(&table.values[row * old..(row + 1) * old]);
        values.push(0);
    }
    table.values = values;
    table.metrics.push(name.to_owned());
    old
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_in_order() {
        let json = br#"{"8a2a1072b59ffff":{"customerCount":2,"revenue":5},
            "unknown":{"customerCount":1,"revenue":-3}}"#;
        let t = CellTable::parse(json).expect("parses");
        assert_eq!(t.metrics, ["customerCount", "revenue"]);
        assert_eq!(t.cells, ["8a2a1072b59ffff", "unknown"]);
        assert_eq!(t.row(1), [1, -3]);
        assert_eq!(t.totals(), [3, 2]);
    }

    #[test]
    fn a_metric_first_seen_late_is_zero_before() {
        let json = br#"{"a":{"x":1},"b":{"x":2,"y":7},"c":{"y":1}}"#;
        let t = CellTable::parse(json).expect("parses");
        assert_eq!(t.metrics, ["x", "y"]);
        assert_eq!(t.values, [1, 0, 2, 7, 0, 1]);
    }

    #[test]
    fn empty_and_bad_objects() {
        let t = CellTable::parse(b"{}\n").expect("parses");
        assert!(t.cells.is_empty());
        assert!(CellTable::parse(b"{\"a\":{\"x\":\"1\"}}").is_err());
        assert!(CellTable::parse(b"[]").is_err());
    }
}

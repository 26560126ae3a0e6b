//! The failed-rows report: every row that did not go cleanly, with why.

use std::io::Write;

use honeygrid_core::{CellKey, Precision};

/// A row that went to `unknown`, had a value that is not a number, or
/// had more fields than the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedRow {
    /// The row number (the header is row 1).
    pub row: u64,
    /// Every reason, joined with `; `.
    pub reason: String,
    /// The row's fields as they were in the file.
    pub fields: Vec<String>,
}

/// Where one row went, for the per-row audit (`--rows-out`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlacedRow {
    /// The row number (the header is row 1).
    pub row: u64,
    /// The row's identifier (its first identifier column), if any.
    pub id: String,
    /// Its cell, or `unknown`.
    pub key: CellKey,
    /// How precisely it was placed.
    pub precision: Precision,
    /// What it matched (`123 N MAIN ST, 02139`, `ZIP 02139`), when the
    /// resolver that placed it can say; empty otherwise.
    pub matched: String,
}

/// Writes placed rows as CSV: `row,id,cell,precision,matched`.
pub struct PlacedRowsWriter<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> PlacedRowsWriter<W> {
    /// A per-row audit on `out`.
    pub fn new(out: W) -> csv::Result<Self> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["row", "id", "cell", "precision", "matched"])?;
        Ok(PlacedRowsWriter { writer })
    }

    /// An audit on `out` with no header line, to continue one begun by
    /// [`PlacedRowsWriter::new`] (see [`FailedRowsWriter::continuing`]).
    pub fn continuing(out: W) -> Self {
        let writer = csv::Writer::from_writer(out);
        PlacedRowsWriter { writer }
    }

    /// Appends one row.
    pub fn write(&mut self, row: &PlacedRow) -> csv::Result<()> {
        let number = row.row.to_string();
        let cell = row.key.to_string();
        let label = row.precision.label();
        self.writer
            .write_record([&number, &row.id, &cell, label, &row.matched])
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer.into_inner().map_err(|e| e.into_error())
    }
}

/// Writes failed rows as CSV: `row`, `reason`, then the file's columns.
pub struct FailedRowsWriter<W: Write> {
    writer: csv::Writer<W>,
    rows: u64,
}

impl<W: Write> FailedRowsWriter<W> {
    /// A report on `out`, for a file with the given header.
    pub fn new(out: W, headers: &[String]) -> csv::Result<Self> {
        let mut writer = failed_rows_csv(out);
        let mut header = vec!["row".to_owned(), "reason".to_owned()];
        header.extend(headers.iter().cloned());
        writer.write_record(&header)?;
        Ok(FailedRowsWriter { writer, rows: 0 })
    }

    /// A report on `out` with no header line, to continue one begun by
    /// [`FailedRowsWriter::new`]: a report written in parts (one per
    /// segment of a long ingest) is the header part, which may have no
    /// row, then these parts, concatenated in file order.
    pub fn continuing(out: W) -> Self {
        let writer = failed_rows_csv(out);
        FailedRowsWriter { writer, rows: 0 }
    }

    /// Appends one row.
    pub fn write(&mut self, row: &FailedRow) -> csv::Result<()> {
        self.rows += 1;
        let number = row.row.to_string();
        let fields = [number.as_str(), row.reason.as_str()];
        let all = fields
            .into_iter()
            .chain(row.fields.iter().map(String::as_str));
        self.writer.write_record(all)
    }

    /// Rows written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flushes and returns the output.
    pub fn finish(self) -> std::io::Result<W> {
        self.writer.into_inner().map_err(|e| e.into_error())
    }
}

/// Failed rows keep their own number of fields.
fn failed_rows_csv<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().flexible(true).from_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_rows_after_a_header() {
        let mut w =
            FailedRowsWriter::new(Vec::new(), &["zip".into(), "note".into()])
                .expect("header");
        let row = FailedRow {
            row: 3,
            reason: "ZIP not found".into(),
            fields: vec!["99999".into(), "a, \"b\"".into()],
        };
        w.write(&row).expect("row");
        let text =
            String::from_utf8(w.finish().expect("flush")).expect("utf-8");
        assert_eq!(
            text,
            "row,reason,zip,note\n3,ZIP not found,99999,\"a, \"\"b\"\"\"\n"
        );
    }

    #[test]
    fn parts_concatenate_into_one_report() {
        let headers = ["zip".to_owned()];
        let rows: Vec<FailedRow> = (2..6)
            .map(|row| FailedRow {
                row,
                reason: "x".into(),
                fields: vec!["a\"b".into(); row as usize % 3],
            })
            .collect();
        let mut whole =
            FailedRowsWriter::new(Vec::new(), &headers).expect("header");
        let mut first =
            FailedRowsWriter::new(Vec::new(), &headers).expect("header");
        let mut rest = FailedRowsWriter::continuing(Vec::new());
        for (i, row) in rows.iter().enumerate() {
            whole.write(row).expect("row");
            let part = if i < 1 { &mut first } else { &mut rest };
            part.write(row).expect("row");
        }
        assert_eq!(rest.rows(), 3);
        let parts = [first.finish(), rest.finish()].map(|p| p.expect("flush"));
        assert_eq!(parts.concat(), whole.finish().expect("flush"));
    }
}
